// The generic CRUD engine: applies, reads and imports any resource declared in schemas/ through
// the shared REST client, including asynchronous completion (target verification, source jobs).
//
// Guarantees the host relies on (docs/reference/plugin-protocol.md §5.2, §5.3):
// - apply returns, for every attribute the plan knew, exactly the planned value; unknowns are
//   filled from the API; write-only attributes are null; the result is wholly known;
// - when a create made the object but a later step failed (verification, job, read-back), the
//   returned state is non-null together with an error, so Terraform records the object
//   (tainted) and nothing is orphaned;
// - read returns null when the object is gone (404), which removes it from state.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/cancellation.h"
#include "base/diagnostics.h"
#include "rest/client.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

class ResourceEngine {
 public:
  ResourceEngine(const schema::ResourceSchema& schema, rest::Client& client, const base::Cancellation& cancel)
      : schema_(schema), client_(client), cancel_(cancel) {}

  value::Value apply(const value::Value& prior, const value::Value& planned, const value::Value& config,
                     base::Diagnostics& diags);
  value::Value read(const value::Value& current, base::Diagnostics& diags);
  value::Value import(const std::string& id, base::Diagnostics& diags);
  // Data sources: the object named by `id` or by the name attribute (exactly one match), or,
  // for `api.list` schemas, the whole collection. Never null without an error.
  value::Value read_data_source(const value::Value& config, base::Diagnostics& diags);

 private:
  value::Value create(const value::Value& planned, const value::Value& config, base::Diagnostics& diags);
  value::Value update(const value::Value& prior, const value::Value& planned, const value::Value& config,
                      base::Diagnostics& diags);
  void remove(const value::Value& prior, base::Diagnostics& diags);

  // Whether a mutation's answer is the final object (no asynchronous part, nothing read from
  // elsewhere), so no read-back is needed.
  bool answer_is_final(const nlohmann::json& body) const;
  // Reads the object back after a mutation and reconciles it with the plan.
  value::Value settle(const std::string& id, const value::Value& planned, base::Diagnostics& diags,
                      const std::string& operation);
  // Waits for the asynchronous part of a mutation; false (with a diagnostic) on failure.
  bool await(const std::string& id, const std::string& job_id, const value::Value& planned,
             std::chrono::milliseconds timeout, const std::string& operation, base::Diagnostics& diags);
  std::string item_path(const std::string& id) const;
  // GET of the object plus its `read_also` answers merged in under their keys.
  base::Result<nlohmann::json, rest::Error> fetch(const std::string& id);
  // The `collection_limit` preflight; false (with a diagnostic) when a create would exceed it.
  bool within_collection_limit(base::Diagnostics& diags);
  // After a create POST failed in a way that may still have made the object (lost answer,
  // 5xx, or duplicate.name after a repeated POST): the object this create made, if the API holds
  // one with our name, created since `sent_at` and matching what was sent; otherwise nullopt.
  std::optional<nlohmann::json> find_lost_create(const nlohmann::json& sent, const rest::Error& error,
                                                 std::chrono::system_clock::time_point sent_at);

  const schema::ResourceSchema& schema_;
  rest::Client& client_;
  const base::Cancellation& cancel_;
};

// Keeps every known planned value and takes the rest from `actual` (recursively).
value::Value reconcile(const value::Value& planned, const value::Value& actual);

// Parses a Go-style duration ("90s", "5m", "1h30m"); nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

}  // namespace ge::mapping
