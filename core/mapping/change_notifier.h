// Change notifications (`change_webhook { url, signing_secret }`, docs/operations.md#change-
// notifications): after every successful create, update and delete, one POST of
//   {"operation":"create|update|delete","resource_type":"genesysevents_webhook","id":"...",
//    "time":"<RFC 3339 UTC>","attributes":{...}|null}
// with `Content-Type: application/json` and `X-Genesysevents-Signature: sha256=<hex>`, the
// lower-case hex HMAC-SHA256 of the exact body bytes keyed by signing_secret. `attributes` is the
// new state (null after a delete) without sensitive, write-only and secret attributes, at every
// nesting level, and with the credential values of header maps (`headers`, `header_overrides`:
// Authorization, cookies, anything named like a token, key or secret) replaced by "(redacted)".
// One attempt, no retries: a failure comes back as a Status for the caller to
// turn into a warning.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "base/cancellation.h"
#include "base/status.h"
#include "mapping/operation.h"
#include "rest/transport.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

struct ChangeEvent {
  Operation operation = Operation::kCreate;
  const schema::ResourceSchema* schema = nullptr;
  std::string id;
  std::chrono::system_clock::time_point time;
  value::Value state;  // the new state; null for a delete
};

// The JSON body of a notification (field order as documented).
std::string change_notification_body(const ChangeEvent& event);
// The state as JSON without sensitive, write-only and secret attributes (recursively), header
// maps' credential values masked.
nlohmann::json public_attributes(const schema::ResourceSchema& schema, const value::Value& state);
// "sha256=" + lower-case hex HMAC-SHA256(key, body).
std::string signature_header_value(const std::string& key, const std::string& body);

class ChangeNotifier {
 public:
  // `ca_cert_file` adds trust as for the API (transport.h); notifications time out after 10 s.
  ChangeNotifier(std::string url, std::string signing_secret, const std::string& ca_cert_file,
                 std::shared_ptr<base::Cancellation> cancel);
  // Sends one notification; OK only for a 2xx answer. Thread-safe.
  base::Status notify(const ChangeEvent& event);

 private:
  std::string url_;
  std::string secret_;
  rest::Transport transport_;
};

}  // namespace ge::mapping
