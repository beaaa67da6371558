// The generic CRUD engine: applies, reads and imports any resource declared in schemas/ through
// the shared REST client, including asynchronous completion (target verification, source jobs).
// The rules it follows when an outcome is uncertain (adopting a lost create, a failed update
// wait, version conflicts, in-use deletes) are in docs/design/engine-rules.md.
//
// Guarantees the host relies on (docs/reference/plugin-protocol.md §5.2, §5.3):
// - apply returns, for every attribute the plan knew, exactly the planned value; unknowns are
//   filled from the API; write-only attributes are null; the result is wholly known;
// - when a create made the object but a later step failed (verification, job, read-back), the
//   returned state is non-null together with an error, so Terraform records the object
//   (tainted) and nothing is orphaned;
// - when an update's asynchronous part failed, the returned state holds the prior values of the
//   changed arguments, so the next plan proposes the update again;
// - read returns null when the object is gone (404), which removes it from state.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "base/cancellation.h"
#include "base/diagnostics.h"
#include "mapping/operation.h"
#include "rest/client.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

// The objects the creates of one provider process made or adopted, by type: the lost-create
// search of a create whose names are not unique never adopts one of them (another create's).
// Thread-safe.
class CreateClaims {
 public:
  // false when the object is already claimed.
  bool claim(const std::string& type_name, const std::string& id);
  bool claimed(const std::string& type_name, const std::string& id);

 private:
  std::mutex mu_;
  std::set<std::pair<std::string, std::string>> ids_;
};

class ResourceEngine {
 public:
  // `claims` (may be null) is shared by every engine of the provider process.
  ResourceEngine(const schema::ResourceSchema& schema, rest::Client& client, const base::Cancellation& cancel,
                 CreateClaims* claims = nullptr)
      : schema_(schema), client_(client), cancel_(cancel), claims_(claims) {}

  value::Value apply(const value::Value& prior, const value::Value& planned, const value::Value& config,
                     base::Diagnostics& diags);
  value::Value read(const value::Value& current, base::Diagnostics& diags);
  // read() with the object already at hand, exactly as a GET of it would have answered (a
  // listing's entry, read_batcher.h).
  value::Value read_listed(const value::Value& current, const nlohmann::json& object);
  value::Value import(const std::string& id, base::Diagnostics& diags);
  // Data sources (data_source_read.cpp): the object named by `id` or by the name attribute
  // (exactly one match), or, for `api.list` schemas, the whole collection. Never null without
  // an error.
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
                      Operation operation);
  // Waits for the asynchronous part of a mutation; false (with a diagnostic) on failure.
  // `before_status`: a state wait's status as known before the write ("" when unknown: an
  // update's prior state may be stale itself); a poll that differs from it is evidence the
  // platform acted on the write.
  bool await(const std::string& id, const std::string& job_id, const value::Value& planned,
             std::chrono::milliseconds timeout, Operation operation, base::Diagnostics& diags,
             const std::string& before_status = "");
  std::string item_path(const std::string& id) const;
  // client_.send, except that while a create or an update of an eventually consistent API runs
  // (not_found_grace_until_), a 404 is retried with backoff until that deadline, and during an
  // update for at most not_found_grace_each_ per request: the object is not visible everywhere
  // yet, or its reads still flap.
  base::Result<rest::Response, rest::Error> send(const rest::Request& request, rest::RequestOutcome* outcome = nullptr);
  // The request body split by destination: the object's own fields, and the body of each
  // written section (`read_also` with `write`), keyed by its `as`, with its constants and copied
  // fields (never the version, which write_section adds).
  nlohmann::json own_fields(const nlohmann::json& body) const;
  nlohmann::json section_body(const schema::ReadAlso& section, const nlohmann::json& body) const;
  // The body of a section write laid over the section's `current` content: modelled fields
  // replace, unmodelled ones stay as read.
  nlohmann::json overlay_section(const schema::ReadAlso& section, nlohmann::json current,
                                 const nlohmann::json& body) const;
  // Writes one section: reads its current version when it has one, then PUTs (or PATCHes);
  // version conflicts re-read and retry up to the section's conflict_retries.
  base::Result<rest::Response, rest::Error> write_section(const std::string& id, const schema::ReadAlso& section,
                                                          const nlohmann::json& body);
  // Deletes of an eventually consistent API: waits until GET answers 404.
  void await_gone(const std::string& id, const value::Value& prior, base::Diagnostics& diags);
  // GET of the object plus its `read_also` answers merged into the body under their keys.
  base::Result<rest::Response, rest::Error> fetch(const std::string& id);
  // Whether the API object holds every value of a request body this engine sent (where the API
  // returns it), except the schema's asynchronous status field, which the platform itself
  // rewrites while its work runs (a source's `status` reads `provisioning`).
  bool holds_what_was_sent(const nlohmann::json& sent, const nlohmann::json& actual) const;
  // The `collection_limit` preflight; false (with a diagnostic) when a create would exceed it.
  bool within_collection_limit(base::Diagnostics& diags);
  // A PUT refused with version.mismatch: the current object when it already holds what `sent`
  // asked for (this apply's own PUT landed and its answer was lost); otherwise an error saying
  // the object changed since the plan.
  base::Result<rest::Response, base::Diagnostic> recover_version_conflict(const std::string& id,
                                                                          const nlohmann::json& sent);
  // After a create POST whose outcome is in doubt (rest::RequestOutcome::in_doubt) failed: the
  // object this create made, if the API holds one with our name, created while this call ran
  // (by the server's clock) and holding every value we sent; otherwise nullopt
  // (lost_create.cpp).
  std::optional<nlohmann::json> find_lost_create(const nlohmann::json& sent, const rest::Error& error,
                                                 std::chrono::steady_clock::time_point sent_at);
  // The ids of the collection's objects (with its list_query), for a create whose names are not
  // unique (`unique_names: false`).
  base::Result<std::set<std::string>, rest::Error> list_ids();
  // After such a create's POST failed in doubt: the one object that appeared since `existing`
  // was listed, with the name and kind sent, and that no other create of this process holds;
  // none or several is an error naming every candidate id (lost_create.cpp).
  base::Result<nlohmann::json, base::Diagnostic> find_new_object(const nlohmann::json& sent,
                                                                 const std::set<std::string>& existing,
                                                                 const rest::Error& error);

  const schema::ResourceSchema& schema_;
  rest::Client& client_;
  const base::Cancellation& cancel_;
  CreateClaims* claims_;
  std::optional<std::chrono::steady_clock::time_point> not_found_grace_until_;
  std::optional<std::chrono::milliseconds> not_found_grace_each_;
};

// The object id in a state; "" when the state or its id is null or unknown.
std::string id_of(const value::Value& state);

// The timeout of `operation`: the one set in the state's `timeouts` block, else the schema's
// default; zero for a schema without timeouts.
std::chrono::milliseconds operation_timeout(const schema::ResourceSchema& schema, const value::Value& state,
                                            Operation operation);

// Keeps every known planned value and takes the rest from `actual` (recursively).
value::Value reconcile(const value::Value& planned, const value::Value& actual);

}  // namespace ge::mapping
