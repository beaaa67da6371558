#include "mapping/provider.h"

#include "base/duration.h"
#include "base/log.h"
#include "mapping/listing.h"
#include "mapping/resource_engine.h"
#include "schema/validate.h"
#include "value/json.h"

namespace ge::mapping {

using value::Value;
using Clock = std::chrono::steady_clock;

// The requests of the apply running on this thread, in order, each with the time its send()
// returned.
struct Provider::OperationScope {
  Clock::time_point started = Clock::now();
  std::chrono::system_clock::time_point wall_started = std::chrono::system_clock::now();
  std::vector<std::pair<rest::RequestOutcome, Clock::time_point>> requests;
};

namespace {

thread_local Provider::OperationScope* t_scope = nullptr;

// Makes `scope` the one this thread's requests are recorded in, until destroyed (also when the
// engine call unwinds).
class ScopeOnThisThread {
 public:
  explicit ScopeOnThisThread(Provider::OperationScope& scope) { t_scope = &scope; }
  ~ScopeOnThisThread() { t_scope = nullptr; }
  ScopeOnThisThread(const ScopeOnThisThread&) = delete;
  ScopeOnThisThread& operator=(const ScopeOnThisThread&) = delete;
};

}  // namespace

base::Result<std::unique_ptr<Provider>, schema::LoadErrors> Provider::create(
    const std::vector<schema::SchemaFile>& files, EnvLookup env) {
  auto loaded = schema::load_schemas(files);
  if (!loaded.ok()) return loaded.error();
  std::unique_ptr<Provider> p(new Provider());
  p->schemas_ = std::move(loaded).value();
  p->env_ = std::move(env);
  for (const auto& s : p->schemas_) {
    if (s.kind == schema::ResourceSchema::Kind::kProvider) p->provider_ = &s;
  }
  if (p->provider_ == nullptr) return schema::LoadErrors{{"no schema of kind provider was given"}};
  schema::LoadErrors unread;
  for (const auto& s : p->schemas_) {
    const TypeHooks* hooks = hooks_for(s.type_name);
    const bool engine_reads = !s.api.item_path.empty() || !s.api.collection_path.empty();
    if (s.kind == schema::ResourceSchema::Kind::kDataSource && !engine_reads && !(hooks && hooks->read_data_source)) {
      unread.messages.push_back(s.type_name +
                                ": a data source without api.item_path or api.collection_path needs a "
                                "read_data_source hook (core/mapping/type_hooks.h)");
    }
  }
  if (!unread.messages.empty()) return unread;
  for (const auto& s : p->schemas_) {
    p->endpoints_.add(s.api.collection_path);
    p->endpoints_.add(s.api.item_path);
    p->endpoints_.add(s.api.async.poll_path);
    for (const auto& extra : s.api.read_also) p->endpoints_.add(extra.path);
    if (s.api.collection_limit) p->endpoints_.add(s.api.collection_limit->limits_path);
  }
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
  mapping::validate_provider_config(*provider_, config, diags);
}

void Provider::configure(const Value& config, base::Diagnostics& diags) {
  auto resolved = resolve_provider_config(*provider_, config, env_, diags);
  if (!resolved) return;
  std::lock_guard lock(mu_);
  metrics_ = resolved->metrics_path.empty() ? nullptr : std::make_shared<Metrics>(endpoints_);
  metrics_path_ = resolved->metrics_path;
  audit_ = resolved->audit_log_path.empty() ? nullptr : std::make_unique<AuditLog>(resolved->audit_log_path);
  notifier_.reset();
  if (resolved->change_webhook) {
    notifier_ = std::make_unique<ChangeNotifier>(resolved->change_webhook->url,
                                                 resolved->change_webhook->signing_secret,
                                                 resolved->client.ca_cert_file, cancel_);
    notifier_url_ = resolved->change_webhook->url;
  }
  resolved->client.observer = [metrics = metrics_](const rest::RequestOutcome& outcome) {
    if (metrics) metrics->record_request(outcome);
    if (t_scope) t_scope->requests.emplace_back(outcome, Clock::now());
  };
  const rest::ClientConfig& c = resolved->client;
  base::log::debug("provider configured", {{"api_base", c.api_base},
                                           {"login_base", c.login_base},
                                           {"audit_log_path", resolved->audit_log_path},
                                           {"metrics_path", resolved->metrics_path}});
  client_ = std::make_unique<rest::Client>(std::move(resolved->client), cancel_);
}

void Provider::flush_metrics() {
  if (!metrics_) return;
  if (auto status = metrics_->flush(metrics_path_); !status.ok()) {
    base::log::warn("metrics file not written", {{"error", status.message()}});
  }
}

void Provider::after_apply(const schema::ResourceSchema& s, Operation operation, const Value& prior,
                           const Value& result, const OperationScope& scope, base::Diagnostics& diags) {
  const bool ok = !diags.has_errors();
  const std::string id = operation == Operation::kCreate ? id_of(result) : id_of(prior);
  const std::string the_change = "The " + std::string(operation_name(operation)) + " of " + s.type_name + " " + id;

  // Waits: from the answer of the mutation to the last poll of the schema's poll endpoint.
  const auto& async = s.api.async;
  if (metrics_ && async.kind != schema::AsyncSpec::Kind::kNone) {
    std::optional<Clock::time_point> mutated, last_poll;
    for (const auto& [outcome, at] : scope.requests) {
      bool poll = outcome.method == "GET" && endpoints_.match(outcome.path) == async.poll_path;
      if (poll && mutated) last_poll = at;
      if (!poll && outcome.method != "GET") mutated = at;
    }
    if (mutated && last_poll) {
      metrics_->record_wait(async.kind == schema::AsyncSpec::Kind::kJob ? "job" : "verification", s.type_name,
                            std::chrono::duration_cast<std::chrono::milliseconds>(*last_poll - *mutated));
    }
  }
  if (metrics_) metrics_->record_operation(operation, s.type_name, ok);

  if (audit_) {
    AuditRecord record;
    record.time = scope.wall_started;
    record.operation = operation;
    record.resource_type = s.type_name;
    record.id = id;
    record.latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - scope.started);
    record.requests = static_cast<int>(scope.requests.size());
    record.ok = ok;
    for (const auto& [outcome, at] : scope.requests) {
      record.retries += outcome.retries;
      record.correlation_id = outcome.correlation_id;
    }
    // The (last) mutation request's id wins over reads and polls around it.
    for (const auto& [outcome, at] : scope.requests) {
      if (outcome.method != "GET") record.correlation_id = outcome.correlation_id;
    }
    for (const auto& d : diags.items()) {
      if (d.severity == base::Severity::kError) {
        record.error = d.summary;
        break;
      }
    }
    if (auto status = audit_->append(record); !status.ok()) {
      diags.warning("Audit log not written",
                    the_change + " was not recorded in the audit log: " + status.message() + ".");
    }
  }

  if (notifier_ && ok) {
    ChangeEvent event{operation, &s, id, std::chrono::system_clock::now(),
                      operation == Operation::kDelete ? Value::null(s.object_type()) : result};
    if (auto status = notifier_->notify(event); !status.ok()) {
      diags.warning("Change notification failed", the_change + " succeeded, but the change notification to " +
                                                      notifier_url_ + " failed: " + status.message() +
                                                      ". The change is applied; only the notification is missing.");
    }
  }
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
        if (!base::parse_duration(d.as_string())) {
          diags.error("Invalid timeout",
                      std::string("`timeouts.") + op +
                          "` must be a duration such as \"30s\", "
                          "\"10m\" or \"1h30m\" (at most 2562047h), got \"" +
                          d.as_string() + "\".",
                      base::AttributePath("timeouts").attribute(op));
        }
      }
    }
  }
}

void Provider::validate_data_source_config(const schema::ResourceSchema& s, const Value& config,
                                           base::Diagnostics& diags) const {
  schema::validate_config(s, config, diags);
  validate_regex_filters(s, config, diags);
}

Plan Provider::plan(const schema::ResourceSchema& s, const Value& prior, const Value& config,
                    base::Diagnostics& diags) {
  validate_resource_config(s, config, /*write_only_allowed=*/true, diags);
  Plan plan = plan_resource(s, prior, config);
  const TypeHooks* hooks = hooks_for(s.type_name);
  if (hooks && hooks->modify_plan && !diags.has_errors()) {
    rest::Client* c = nullptr;
    {
      std::lock_guard lock(mu_);
      c = client_.get();
    }
    HookContext context{c, lookups_, cancel_.get()};
    hooks->modify_plan(s, plan, config, context, diags);
    flush_metrics();
  }
  return plan;
}

Value Provider::completed(const schema::ResourceSchema& s, Value state, rest::Client& c, base::Diagnostics& diags) {
  const TypeHooks* hooks = hooks_for(s.type_name);
  if (!hooks || !hooks->complete_state || state.is_null()) return state;
  HookContext context{&c, lookups_, cancel_.get()};
  return hooks->complete_state(s, std::move(state), context, diags);
}

Value Provider::apply(const schema::ResourceSchema& s, const Value& prior, const Value& planned, const Value& config,
                      base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return prior;
  const Operation operation = planned.is_null() ? Operation::kDelete
                              : prior.is_null() ? Operation::kCreate
                                                : Operation::kUpdate;
  OperationScope scope;
  Value result = [&] {
    ScopeOnThisThread recording(scope);
    return completed(s, ResourceEngine(s, *c, *cancel_, &claims_).apply(prior, planned, config, diags), *c, diags);
  }();
  batcher_.forget(s.type_name, id_of(prior));
  batcher_.forget(s.type_name, id_of(result));
  after_apply(s, operation, prior, result, scope, diags);
  flush_metrics();
  return result;
}

Value Provider::read(const schema::ResourceSchema& s, const Value& current, base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return current;
  ResourceEngine engine(s, *c, *cancel_);
  const std::string id = id_of(current);
  std::optional<nlohmann::json> listed = id.empty() ? std::nullopt : batcher_.lookup(s, *c, id);
  Value result = completed(s, listed ? engine.read_listed(current, *listed) : engine.read(current, diags), *c, diags);
  flush_metrics();
  return result;
}

Value Provider::import(const schema::ResourceSchema& s, const std::string& id, base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return Value::null(s.object_type());
  Value result = completed(s, ResourceEngine(s, *c, *cancel_).import(id, diags), *c, diags);
  flush_metrics();
  return result;
}

Value Provider::read_data_source(const schema::ResourceSchema& s, const Value& config, base::Diagnostics& diags) {
  rest::Client* c = client(diags);
  if (!c) return Value::null(s.object_type());
  const TypeHooks* hooks = hooks_for(s.type_name);
  HookContext context{c, lookups_, cancel_.get()};
  Value result = hooks && hooks->read_data_source ? hooks->read_data_source(s, config, context, diags)
                                                  : ResourceEngine(s, *c, *cancel_).read_data_source(config, diags);
  flush_metrics();
  return result;
}

Value Provider::upgrade_state(const schema::ResourceSchema& s, int64_t version, const std::string& json,
                              base::Diagnostics& diags) const {
  if (version > s.version) {
    diags.error("State from a newer provider",
                "This state was written by a newer version of the provider (schema version " + std::to_string(version) +
                    ", this one knows " + std::to_string(s.version) + "). Upgrade the provider.");
    return Value::null(s.object_type());
  }
  auto decoded = value::decode_json(json, s.object_type(), {.ignore_unknown_attributes = true});
  if (!decoded.ok()) {
    diags.error("Unreadable state",
                "The stored state of " + s.type_name + " could not be read: " + decoded.error().message());
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
