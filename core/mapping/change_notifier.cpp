#include "mapping/change_notifier.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>

#include "mapping/audit_log.h"
#include "rest/secret_fields.h"
#include "value/json.h"

namespace ge::mapping {
namespace {

using nlohmann::json;

void strip(const std::vector<schema::Attribute>& attributes, json& object);

// Strips inside one nested attribute's value, whatever its nesting.
void strip_nested(const schema::Attribute& a, json& v) {
  if (a.attributes.empty() || v.is_null()) return;
  if (a.nesting == schema::Nesting::kSingle) {
    strip(a.attributes, v);
  } else if (v.is_array() || v.is_object()) {
    for (auto& element : v) strip(a.attributes, element);
  }
}

// A map of HTTP headers (`headers`, `header_overrides`): its credential values are masked.
bool is_header_map(const schema::Attribute& a) {
  return a.nesting == schema::Nesting::kNone && a.type.kind() == value::Type::Kind::kMap &&
         a.name.find("header") != std::string::npos;
}

void strip(const std::vector<schema::Attribute>& attributes, json& object) {
  if (!object.is_object()) return;
  for (const auto& a : attributes) {
    auto it = object.find(a.name);
    if (it == object.end()) continue;
    if (a.sensitive || a.write_only || a.secret) {
      object.erase(it);
    } else if (is_header_map(a) && it->is_object()) {
      for (auto header = it->begin(); header != it->end(); ++header) {
        if (rest::is_credential_header(header.key()) && !header->is_null()) *header = "(redacted)";
      }
    } else {
      strip_nested(a, *it);
    }
  }
}

}  // namespace

json public_attributes(const schema::ResourceSchema& schema, const value::Value& state) {
  if (state.is_null() || !state.is_wholly_known()) return nullptr;
  auto encoded = value::encode_json(state, schema.object_type());
  if (!encoded.ok()) return nullptr;
  json j = json::parse(*encoded, nullptr, false);
  if (j.is_discarded()) return nullptr;
  strip(schema.attributes, j);
  return j;
}

std::string change_notification_body(const ChangeEvent& e) {
  nlohmann::ordered_json j;
  j["operation"] = operation_name(e.operation);
  j["resource_type"] = e.schema->type_name;
  j["id"] = e.id;
  j["time"] = format_utc(e.time);
  j["attributes"] = public_attributes(*e.schema, e.state);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string signature_header_value(const std::string& key, const std::string& body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), md, &len);
  std::string out = "sha256=";
  char hex[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", md[i]);
    out += hex;
  }
  return out;
}

ChangeNotifier::ChangeNotifier(std::string url, std::string signing_secret, const std::string& ca_cert_file,
                               std::shared_ptr<base::Cancellation> cancel)
    : url_(std::move(url)),
      secret_(std::move(signing_secret)),
      transport_(rest::TransportConfig{ca_cert_file, std::chrono::seconds(10), std::chrono::seconds(10),
                                       "terraform-provider-genesysevents"},
                 std::move(cancel)) {}

base::Status ChangeNotifier::notify(const ChangeEvent& event) {
  rest::HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.body = change_notification_body(event);
  request.headers = {"Content-Type: application/json",
                     "X-Genesysevents-Signature: " + signature_header_value(secret_, *request.body)};
  auto result = transport_.perform(request);
  if (!result.ok()) return base::Status(base::StatusCode::kUnavailable, result.error().error.message);
  int status = result.value().status;
  if (status < 200 || status >= 300) {
    return base::Status(base::StatusCode::kUnavailable, "the receiver answered HTTP " + std::to_string(status));
  }
  return base::Status::Ok();
}

}  // namespace ge::mapping
