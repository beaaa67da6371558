#include "mapping/provider.h"

#include "base/log.h"
#include "mapping/resource_engine.h"
#include "schema/validate.h"
#include "value/json.h"

namespace ge::mapping {

using value::Value;

base::Result<std::unique_ptr<Provider>, schema::LoadErrors> Provider::create(const std::vector<schema::SchemaFile>& files,
                                                                             EnvLookup env) {
  auto loaded = schema::load_schemas(files);
  if (!loaded.ok()) return loaded.error();
  std::unique_ptr<Provider> p(new Provider());
  p->schemas_ = std::move(loaded).value();
  p->env_ = std::move(env);
  for (const auto& s : p->schemas_) {
    if (s.kind == schema::ResourceSchema::Kind::kProvider) p->provider_ = &s;
  }
  if (p->provider_ == nullptr) return schema::LoadErrors{{"no schema of kind provider was given"}};
  return p;
}

const schema::ResourceSchema* Provider::resource(const std::string& type_name) const {
  for (const auto& s : schemas_) {
    if (s.kind == schema::ResourceSchema::Kind::kResource && s.type_name == type_name) return &s;
  }
  return nullptr;
}

const schema::ResourceSchema* Provider::data_source(const std::string& type_name) const {
  for (const auto& s : schemas_) {
    if (s.kind == schema::ResourceSchema::Kind::kDataSource && s.type_name == type_name) return &s;
  }
  return nullptr;
}

void Provider::validate_provider_config(const Value& config, base::Diagnostics& diags) const {
  schema::validate_config(*provider_, config, diags);
  mapping::validate_provider_config(config, diags);
}

void Provider::configure(const Value& config, base::Diagnostics& diags) {
  auto resolved = resolve_provider_config(config, env_, diags);
  if (!resolved) return;
  std::lock_guard lock(mu_);
  client_ = std::make_unique<rest::Client>(*resolved, cancel_);
  base::log::debug("provider configured", {{"api_base", resolved->api_base}, {"login_base", resolved->login_base}});
}

rest::Client* Provider::client(base::Diagnostics& diags) {
  std::lock_guard lock(mu_);
  if (!client_) {
    diags.error("Provider not configured", "The genesysevents provider was used before it was configured.");
    return nullptr;
  }
  return client_.get();
}

void Provider::validate_resource_config(const schema::ResourceSchema& s, const Value& config, bool write_only_allowed,
                                        base::Diagnostics& diags) const {
  schema::validate_config(s, config, diags);
  if (!write_only_allowed) schema::reject_write_only(s, config, diags);
  if (s.timeouts && !config.is_null()) {
    const Value& t = config.attribute("timeouts");
    if (!t.is_null() && t.is_known()) {
      for (const char* op : {"create", "update", "delete"}) {
        const Value& d = t.attribute(op);
        if (d.is_null() || !d.is_known()) continue;
        if (!parse_duration(d.as_string())) {
          diags.error("Invalid timeout", std::string("`timeouts.") + op + "` must be a duration such as \"30s\", "
                      "\"10m\" or \"1h30m\", got \"" + d.as_string() + "\".",
                      base::AttributePath("timeouts").attribute(op));
        }
      }
    }
  }
}

void Provider::validate_data_source_config(const schema::ResourceSchema& s, const Value& config,
                                           base::Diagnostics& diags) const {
  schema::validate_config(s, config, diags);
}

Plan Provider::plan(const schema::ResourceSchema& s, const Value& prior, const Value& config,
                    base::Diagnostics& diags) const {
  validate_resource_config(s, config, /*write_only_allowed=*/true, diags);
  return plan_resource(s, prior, config);
}

Value Provider::apply(const schema::ResourceSchema& s, const Value& prior, const Value& planned, const Value& config,
                      base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return prior;
  return ResourceEngine(s, *c, *cancel_).apply(prior, planned, config, diags);
}

Value Provider::read(const schema::ResourceSchema& s, const Value& current, base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return current;
  return ResourceEngine(s, *c, *cancel_).read(current, diags);
}

Value Provider::import(const schema::ResourceSchema& s, const std::string& id, base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return Value::null(s.object_type());
  return ResourceEngine(s, *c, *cancel_).import(id, diags);
}

Value Provider::read_data_source(const schema::ResourceSchema& s, const Value& config, base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return Value::null(s.object_type());
  return ResourceEngine(s, *c, *cancel_).read_data_source(config, diags);
}

Value Provider::upgrade_state(const schema::ResourceSchema& s, int64_t version, const std::string& json,
                              base::Diagnostics& diags) const {
  if (version > s.version) {
    diags.error("State from a newer provider",
                "This state was written by a newer version of the provider (schema version " +
                    std::to_string(version) + ", this one knows " + std::to_string(s.version) +
                    "). Upgrade the provider.");
    return Value::null(s.object_type());
  }
  auto decoded = value::decode_json(json, s.object_type(), {.ignore_unknown_attributes = true});
  if (!decoded.ok()) {
    diags.error("Unreadable state", "The stored state of " + s.type_name + " could not be read: " +
                                        decoded.error().message());
    return Value::null(s.object_type());
  }
  Value state = *decoded;
  for (const auto& a : s.attributes) {
    if (a.write_only) state = state.with_attribute(a.name, Value::null(a.type));
  }
  return state;
}

void Provider::stop() {
  base::log::info("stop requested: cancelling in-flight operations");
  cancel_->cancel();
}

}  // namespace ge::mapping
