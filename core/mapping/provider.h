// The provider as the plugin edge sees it: every schema, the configured REST client, and one
// entry point per Terraform operation. Values in and out are cty values of each schema's
// object type; problems are diagnostics. Thread-safe after configure(): Terraform calls
// concurrently (-parallelism).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/cancellation.h"
#include "base/diagnostics.h"
#include "mapping/planner.h"
#include "mapping/provider_config.h"
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

  void validate_resource_config(const schema::ResourceSchema& s, const value::Value& config,
                                bool write_only_allowed, base::Diagnostics& diags) const;
  void validate_data_source_config(const schema::ResourceSchema& s, const value::Value& config,
                                   base::Diagnostics& diags) const;
  Plan plan(const schema::ResourceSchema& s, const value::Value& prior, const value::Value& config,
            base::Diagnostics& diags) const;
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

 private:
  Provider() = default;
  rest::Client* client(base::Diagnostics& diags);

  std::vector<schema::ResourceSchema> schemas_;
  const schema::ResourceSchema* provider_ = nullptr;
  EnvLookup env_;
  std::shared_ptr<base::Cancellation> cancel_ = std::make_shared<base::Cancellation>();
  std::mutex mu_;  // guards client_
  std::unique_ptr<rest::Client> client_;
};

}  // namespace ge::mapping
