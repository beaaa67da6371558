// The provider as the plugin edge sees it: every schema, the configured REST client, and one
// entry point per Terraform operation. Values in and out are cty values of each schema's
// object type; problems are diagnostics. Thread-safe after configure(): Terraform calls
// concurrently (-parallelism).
//
// Operational features (docs/operations.md), all optional and set up by configure():
// - every apply (create, update, delete, failed or not) appends an audit line (audit_log.h);
// - every request feeds the metrics (metrics.h), flushed to the file after every operation that
//   sent requests; verification and job waits are measured from the requests of the apply;
// - every successful apply sends a change notification (change_notifier.h); its failure is a
//   warning diagnostic on the resource, never an error.
// The requests of one apply are told apart from concurrent ones by the thread they run on: the
// client's observer runs on the thread that called send() (rest/client.h).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/cancellation.h"
#include "base/diagnostics.h"
#include "mapping/audit_log.h"
#include "mapping/change_notifier.h"
#include "mapping/metrics.h"
#include "mapping/planner.h"
#include "mapping/provider_config.h"
#include "mapping/read_batcher.h"
#include "mapping/resource_engine.h"
#include "mapping/type_hooks.h"
#include "rest/client.h"
#include "schema/loader.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

class Provider {
 public:
  // Loads and checks every schema; all problems are reported together.
  static base::Result<std::unique_ptr<Provider>, schema::LoadErrors> create(
      const std::vector<schema::SchemaFile>& files, EnvLookup env = process_environment());

  const schema::ResourceSchema& provider_schema() const { return *provider_; }
  const std::vector<schema::ResourceSchema>& schemas() const { return schemas_; }
  // nullptr when no resource (or data source) of that type exists.
  const schema::ResourceSchema* resource(const std::string& type_name) const;
  const schema::ResourceSchema* data_source(const std::string& type_name) const;

  void validate_provider_config(const value::Value& config, base::Diagnostics& diags) const;
  void configure(const value::Value& config, base::Diagnostics& diags);

  void validate_resource_config(const schema::ResourceSchema& s, const value::Value& config, bool write_only_allowed,
                                base::Diagnostics& diags) const;
  void validate_data_source_config(const schema::ResourceSchema& s, const value::Value& config,
                                   base::Diagnostics& diags) const;
  // Runs the type's plan hook (type_hooks.h) after the generic planner, with the client when the
  // provider is configured.
  Plan plan(const schema::ResourceSchema& s, const value::Value& prior, const value::Value& config,
            base::Diagnostics& diags);
  value::Value apply(const schema::ResourceSchema& s, const value::Value& prior, const value::Value& planned,
                     const value::Value& config, base::Diagnostics& diags);
  value::Value read(const schema::ResourceSchema& s, const value::Value& current, base::Diagnostics& diags);
  value::Value import(const schema::ResourceSchema& s, const std::string& id, base::Diagnostics& diags);
  value::Value read_data_source(const schema::ResourceSchema& s, const value::Value& config, base::Diagnostics& diags);
  // Decodes a state stored by any earlier schema version (JSON) into the current schema's value.
  value::Value upgrade_state(const schema::ResourceSchema& s, int64_t version, const std::string& json,
                             base::Diagnostics& diags) const;

  // StopProvider: cancels in-flight requests and waits; later calls fail fast.
  void stop();

  // The requests of one apply (provider.cpp); public only so the thread-local pointer to the
  // current one can name it.
  struct OperationScope;

 private:
  Provider() = default;
  rest::Client* client(base::Diagnostics& diags);
  // The state with the type's complete_state hook applied (unchanged for types without one).
  value::Value completed(const schema::ResourceSchema& s, value::Value state, rest::Client& client,
                         base::Diagnostics& diags);
  // Audit line, metrics and change notification of one apply.
  void after_apply(const schema::ResourceSchema& s, Operation operation, const value::Value& prior,
                   const value::Value& result, const OperationScope& scope, base::Diagnostics& diags);
  void flush_metrics();

  std::vector<schema::ResourceSchema> schemas_;
  const schema::ResourceSchema* provider_ = nullptr;
  EnvLookup env_;
  std::shared_ptr<base::Cancellation> cancel_ = std::make_shared<base::Cancellation>();
  EndpointTemplates endpoints_;  // of every schema, for metrics labels and wait detection
  std::mutex mu_;                // guards client_ and the operational members below (set together by configure)
  std::unique_ptr<rest::Client> client_;
  std::shared_ptr<Metrics> metrics_;  // null without metrics_path; shared with the client's observer
  std::string metrics_path_;
  std::unique_ptr<AuditLog> audit_;           // null without audit_log_path
  std::unique_ptr<ChangeNotifier> notifier_;  // null without change_webhook
  std::string notifier_url_;
  LookupCache lookups_;  // the hooks' cached GETs (organization, topic catalog)
  CreateClaims claims_;  // what this process's creates made (resource_engine.h)
  ReadBatcher batcher_;  // refreshes of many objects from list pages (read_batcher.h)
};

}  // namespace ge::mapping
