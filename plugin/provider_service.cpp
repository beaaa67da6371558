#include "plugin/provider_service.h"

#include <chrono>
#include <exception>
#include <string>

#include "base/log.h"
#include "plugin/convert.h"

namespace ge::plugin {
namespace {

using value::Value;

// Capabilities we honour (docs/reference/plugin-protocol.md §3.4): destroy plans are answered (null), and the
// schema is static, so hosts may cache it instead of asking every process.
void set_capabilities(tfplugin6::ServerCapabilities* caps) {
  caps->set_plan_destroy(true);
  caps->set_get_provider_schema_optional(true);
}

// The schema an RPC names, or nullptr after answering with an "Unknown ..." diagnostic.
template <typename Response>
const schema::ResourceSchema* schema_or_diagnostic(const schema::ResourceSchema* found, const char* kind,
                                                   const std::string& type_name, Response* resp) {
  if (found) return found;
  base::Diagnostics d;
  d.error(std::string("Unknown ") + kind,
          std::string("This provider has no ") + kind + " named \"" + type_name + "\".");
  to_proto(d, resp->mutable_diagnostics());
  return nullptr;
}

// Every resource's identity is its API id (docs/reference/plugin-protocol.md): stable for the
// object's life, enough to import it, and already the `id` attribute of its state.
const value::Type& identity_type() {
  static const value::Type type = value::Type::object({{"id", value::Type::string()}});
  return type;
}

void set_identity(const Value& object, tfplugin6::ResourceIdentityData* out) {
  encode_dynamic(Value::object(identity_type(), {{"id", object.attribute("id")}}), identity_type(),
                 out->mutable_identity_data());
}

class RpcTimer {
 public:
  explicit RpcTimer(const char* rpc, std::string type = "") : rpc_(rpc), type_(std::move(type)) {}
  ~RpcTimer() {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count();
    base::log::trace("rpc done", {{"rpc", rpc_}, {"type", type_}, {"duration_ms", std::to_string(ms)}});
  }

 private:
  const char* rpc_;
  std::string type_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Runs the body of one RPC handler. An exception escaping a handler (a bug, or a library
// throwing on data it was not meant to see) would reach gRPC, which ends the process: the CLI
// reports a crash and loses the answers of every operation in flight. Instead the RPC answers
// one error diagnostic; apply and read answer the state they were given, so the CLI keeps the
// object in state as it was rather than dropping it.
template <typename Request, typename Response, typename Body>
grpc::Status guarded(const char* rpc, const Request& req, Response* resp, Body&& body) {
  std::string what;
  try {
    return body();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception of unknown type";
  }
  base::log::error("RPC ended by an exception", {{"rpc", rpc}, {"error", what}});
  const std::string detail = std::string(rpc) + " stopped on an unexpected exception: " + what +
                             ". This is a bug in the provider; please report it with the log of a run with "
                             "TF_LOG_PROVIDER=debug.";
  resp->Clear();
  if constexpr (requires {
                  req.prior_state();
                  resp->mutable_new_state();
                }) {
    *resp->mutable_new_state() = req.prior_state();
  } else if constexpr (requires {
                         req.current_state();
                         resp->mutable_new_state();
                       }) {
    *resp->mutable_new_state() = req.current_state();
  }
  if constexpr (requires { resp->mutable_diagnostics(); }) {
    base::Diagnostics d;
    d.error("Internal error in the genesysevents provider", detail);
    to_proto(d, resp->mutable_diagnostics());
  } else if constexpr (requires { resp->mutable_error()->set_text(detail); }) {
    resp->mutable_error()->set_text(detail);  // CallFunction answers a FunctionError
  } else {
    resp->set_error(detail);  // StopProvider answers a plain error string
  }
  return grpc::Status::OK;
}

}  // namespace

ProviderService::ProviderService(std::shared_future<std::shared_ptr<mapping::Provider>> provider)
    : loading_(std::move(provider)) {}

mapping::Provider& ProviderService::provider() { return *loading_.get(); }

bool ProviderService::configuration_unknown(base::Diagnostics& diags) {
  std::lock_guard lock(unknown_mu_);
  if (unknown_arguments_.empty()) return false;
  mapping::unknown_configuration_error(provider().provider_schema(), unknown_arguments_, diags);
  return true;
}

grpc::Status ProviderService::GetMetadata(grpc::ServerContext*, const tfplugin6::ProviderMetadata::Request* req,
                                          tfplugin6::ProviderMetadata::Response* resp) {
  return guarded("GetMetadata", *req, resp, [&] {
    set_capabilities(resp->mutable_server_capabilities());
    for (const auto& s : provider().schemas()) {
      if (s.kind == schema::ResourceSchema::Kind::kResource) resp->add_resources()->set_type_name(s.type_name);
      if (s.kind == schema::ResourceSchema::Kind::kDataSource) resp->add_data_sources()->set_type_name(s.type_name);
    }
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::GetProviderSchema(grpc::ServerContext*, const tfplugin6::GetProviderSchema::Request* req,
                                                tfplugin6::GetProviderSchema::Response* resp) {
  return guarded("GetProviderSchema", *req, resp, [&] {
    RpcTimer t("GetProviderSchema");
    std::call_once(schema_once_, [this] {
      to_proto(provider().provider_schema(), schema_response_.mutable_provider());
      for (const auto& s : provider().schemas()) {
        if (s.kind == schema::ResourceSchema::Kind::kResource) {
          to_proto(s, &(*schema_response_.mutable_resource_schemas())[s.type_name]);
        } else if (s.kind == schema::ResourceSchema::Kind::kDataSource) {
          to_proto(s, &(*schema_response_.mutable_data_source_schemas())[s.type_name]);
        }
      }
      for (const auto& f : mapping::functions()) to_proto(f, &(*schema_response_.mutable_functions())[f.name]);
      set_capabilities(schema_response_.mutable_server_capabilities());
    });
    *resp = schema_response_;
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::GetFunctions(grpc::ServerContext*, const tfplugin6::GetFunctions::Request* req,
                                           tfplugin6::GetFunctions::Response* resp) {
  return guarded("GetFunctions", *req, resp, [&] {
    for (const auto& f : mapping::functions()) to_proto(f, &(*resp->mutable_functions())[f.name]);
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::CallFunction(grpc::ServerContext*, const tfplugin6::CallFunction::Request* req,
                                           tfplugin6::CallFunction::Response* resp) {
  return guarded("CallFunction", *req, resp, [&] {
    RpcTimer t("CallFunction", req->name());
    const auto* f = mapping::find_function(req->name());
    if (!f) {
      to_proto(mapping::FunctionError{"This provider has no function named \"" + req->name() + "\".", std::nullopt},
               resp->mutable_error());
      return grpc::Status::OK;
    }
    std::vector<Value> arguments;
    for (int i = 0; i < req->arguments_size(); ++i) {
      const bool declared = size_t(i) < f->parameters.size();
      const value::Type type = declared ? f->parameters[size_t(i)].type : value::Type::dynamic();
      const std::string name = declared ? f->parameters[size_t(i)].name : "argument " + std::to_string(i + 1);
      base::Diagnostics d;
      arguments.push_back(decode_dynamic(req->arguments(i), type, d, name.c_str()));
      if (d.has_errors()) {
        to_proto(mapping::FunctionError{d.items().front().detail, i}, resp->mutable_error());
        return grpc::Status::OK;
      }
    }
    auto result = mapping::call_function(*f, arguments);
    if (result.ok()) encode_dynamic(*result, f->return_type, resp->mutable_result());
    else to_proto(result.error(), resp->mutable_error());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::GetResourceIdentitySchemas(grpc::ServerContext*,
                                                         const tfplugin6::GetResourceIdentitySchemas::Request* req,
                                                         tfplugin6::GetResourceIdentitySchemas::Response* resp) {
  return guarded("GetResourceIdentitySchemas", *req, resp, [&] {
    for (const auto& s : provider().schemas()) {
      if (s.kind != schema::ResourceSchema::Kind::kResource) continue;
      auto* attribute = (*resp->mutable_identity_schemas())[s.type_name].add_identity_attributes();
      attribute->set_name("id");
      attribute->set_type(value::Type::string().to_json());
      attribute->set_required_for_import(true);
      attribute->set_description("The object's id in the Genesys Cloud API.");
    }
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ValidateProviderConfig(grpc::ServerContext*,
                                                     const tfplugin6::ValidateProviderConfig::Request* req,
                                                     tfplugin6::ValidateProviderConfig::Response* resp) {
  return guarded("ValidateProviderConfig", *req, resp, [&] {
    RpcTimer t("ValidateProviderConfig");
    base::Diagnostics d;
    const auto& s = provider().provider_schema();
    Value config = decode_dynamic(req->config(), s.object_type(), d, "provider configuration");
    if (!d.has_errors()) provider().validate_provider_config(config, d);
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ValidateResourceConfig(grpc::ServerContext*,
                                                     const tfplugin6::ValidateResourceConfig::Request* req,
                                                     tfplugin6::ValidateResourceConfig::Response* resp) {
  return guarded("ValidateResourceConfig", *req, resp, [&] {
    RpcTimer t("ValidateResourceConfig", req->type_name());
    const auto* s = schema_or_diagnostic(provider().resource(req->type_name()), "resource type", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    Value config = decode_dynamic(req->config(), s->object_type(), d, "configuration");
    if (!d.has_errors()) {
      provider().validate_resource_config(*s, config, req->client_capabilities().write_only_attributes_allowed(), d);
    }
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ValidateDataResourceConfig(grpc::ServerContext*,
                                                         const tfplugin6::ValidateDataResourceConfig::Request* req,
                                                         tfplugin6::ValidateDataResourceConfig::Response* resp) {
  return guarded("ValidateDataResourceConfig", *req, resp, [&] {
    RpcTimer t("ValidateDataResourceConfig", req->type_name());
    const auto* s = schema_or_diagnostic(provider().data_source(req->type_name()), "data source", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    Value config = decode_dynamic(req->config(), s->object_type(), d, "configuration");
    if (!d.has_errors()) provider().validate_data_source_config(*s, config, d);
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::UpgradeResourceState(grpc::ServerContext*,
                                                   const tfplugin6::UpgradeResourceState::Request* req,
                                                   tfplugin6::UpgradeResourceState::Response* resp) {
  return guarded("UpgradeResourceState", *req, resp, [&] {
    RpcTimer t("UpgradeResourceState", req->type_name());
    const auto* s = schema_or_diagnostic(provider().resource(req->type_name()), "resource type", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    if (req->raw_state().json().empty()) {
      d.error("Unsupported state format",
              "This state was written in the pre-0.12 flatmap format, which this provider "
              "never produced. Remove the resource from state and import it again.");
    } else {
      Value state = provider().upgrade_state(*s, req->version(), req->raw_state().json(), d);
      if (!d.has_errors()) encode_dynamic(state, s->object_type(), resp->mutable_upgraded_state());
    }
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ConfigureProvider(grpc::ServerContext*, const tfplugin6::ConfigureProvider::Request* req,
                                                tfplugin6::ConfigureProvider::Response* resp) {
  return guarded("ConfigureProvider", *req, resp, [&] {
    RpcTimer t("ConfigureProvider");
    base::Diagnostics d;
    const auto& s = provider().provider_schema();
    Value config = decode_dynamic(req->config(), s.object_type(), d, "provider configuration");
    if (!d.has_errors()) {
      auto unknown = mapping::unknown_provider_arguments(s, config);
      if (unknown.empty()) {
        base::log::info("configuring provider", {{"terraform_version", req->terraform_version()}});
        provider().configure(config, d);
      } else {
        base::log::info("provider configuration has unknown values: API calls wait for the apply's configuration",
                        {{"terraform_version", req->terraform_version()}});
      }
      std::lock_guard lock(unknown_mu_);
      unknown_arguments_ = std::move(unknown);
    }
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ReadResource(grpc::ServerContext*, const tfplugin6::ReadResource::Request* req,
                                           tfplugin6::ReadResource::Response* resp) {
  return guarded("ReadResource", *req, resp, [&] {
    RpcTimer t("ReadResource", req->type_name());
    const auto* s = schema_or_diagnostic(provider().resource(req->type_name()), "resource type", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    const value::Type type = s->object_type();
    Value current = decode_dynamic(req->current_state(), type, d, "current state");
    if (!d.has_errors() && !current.is_null()) configuration_unknown(d);
    Value next = d.has_errors() || current.is_null() ? current : provider().read(*s, current, d);
    encode_dynamic(next, type, resp->mutable_new_state());
    if (!next.is_null()) set_identity(next, resp->mutable_new_identity());
    resp->set_private_(req->private_());
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::PlanResourceChange(grpc::ServerContext*,
                                                 const tfplugin6::PlanResourceChange::Request* req,
                                                 tfplugin6::PlanResourceChange::Response* resp) {
  return guarded("PlanResourceChange", *req, resp, [&] {
    RpcTimer t("PlanResourceChange", req->type_name());
    const auto* s = schema_or_diagnostic(provider().resource(req->type_name()), "resource type", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    const value::Type type = s->object_type();
    Value prior = decode_dynamic(req->prior_state(), type, d, "prior state");
    Value proposed = decode_dynamic(req->proposed_new_state(), type, d, "proposed state");
    Value config = decode_dynamic(req->config(), type, d, "configuration");
    resp->set_planned_private(req->prior_private());
    if (d.has_errors()) {
      to_proto(d, resp->mutable_diagnostics());
      return grpc::Status::OK;
    }
    if (proposed.is_null()) {  // destroy: the plan of a destroy is null (plan_destroy capability)
      encode_dynamic(Value::null(type), type, resp->mutable_planned_state());
      return grpc::Status::OK;
    }
    mapping::Plan plan = provider().plan(*s, prior, config, d);
    encode_dynamic(plan.planned, type, resp->mutable_planned_state());
    // No planned identity while the id is unknown (create, replace): both hosts store the planned
    // identity in the plan and state files, which cannot hold an unknown ("value is not known").
    if (!plan.planned.is_null() && plan.planned.attribute("id").is_known()) {
      set_identity(plan.planned, resp->mutable_planned_identity());
    }
    for (const auto& p : plan.requires_replace) to_proto(p, resp->add_requires_replace());
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ApplyResourceChange(grpc::ServerContext*,
                                                  const tfplugin6::ApplyResourceChange::Request* req,
                                                  tfplugin6::ApplyResourceChange::Response* resp) {
  return guarded("ApplyResourceChange", *req, resp, [&] {
    RpcTimer t("ApplyResourceChange", req->type_name());
    const auto* s = schema_or_diagnostic(provider().resource(req->type_name()), "resource type", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    const value::Type type = s->object_type();
    Value prior = decode_dynamic(req->prior_state(), type, d, "prior state");
    Value planned = decode_dynamic(req->planned_state(), type, d, "planned state");
    Value config = decode_dynamic(req->config(), type, d, "configuration");
    if (!d.has_errors()) configuration_unknown(d);
    Value next = d.has_errors() ? prior : provider().apply(*s, prior, planned, config, d);
    encode_dynamic(next, type, resp->mutable_new_state());
    if (!next.is_null()) set_identity(next, resp->mutable_new_identity());
    resp->set_private_(req->planned_private());
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ImportResourceState(grpc::ServerContext*,
                                                  const tfplugin6::ImportResourceState::Request* req,
                                                  tfplugin6::ImportResourceState::Response* resp) {
  return guarded("ImportResourceState", *req, resp, [&] {
    RpcTimer t("ImportResourceState", req->type_name());
    const auto* s = schema_or_diagnostic(provider().resource(req->type_name()), "resource type", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    if (configuration_unknown(d)) {
      to_proto(d, resp->mutable_diagnostics());
      return grpc::Status::OK;
    }
    // An import block with `identity = { id = ... }` sends the identity instead of an id.
    std::string id = req->id();
    if (id.empty() && req->has_identity()) {
      Value identity = decode_dynamic(req->identity().identity_data(), identity_type(), d, "import identity");
      const Value& identity_id = identity.attribute("id");
      if (identity_id.is_known() && !identity_id.is_null()) id = identity_id.as_string();
      else if (!d.has_errors()) d.error("Missing id in the import identity", "The identity's `id` must be set.");
    }
    Value state = d.has_errors() ? Value() : provider().import(*s, id, d);
    if (!d.has_errors() && !state.is_null()) {
      auto* imported = resp->add_imported_resources();
      imported->set_type_name(s->type_name);
      encode_dynamic(state, s->object_type(), imported->mutable_state());
      set_identity(state, imported->mutable_identity());
    }
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::ReadDataSource(grpc::ServerContext*, const tfplugin6::ReadDataSource::Request* req,
                                             tfplugin6::ReadDataSource::Response* resp) {
  return guarded("ReadDataSource", *req, resp, [&] {
    RpcTimer t("ReadDataSource", req->type_name());
    const auto* s = schema_or_diagnostic(provider().data_source(req->type_name()), "data source", req->type_name(),
                                         resp);
    if (!s) return grpc::Status::OK;
    base::Diagnostics d;
    const value::Type type = s->object_type();
    Value config = decode_dynamic(req->config(), type, d, "configuration");
    if (!d.has_errors() && !configuration_unknown(d)) {
      Value state = provider().read_data_source(*s, config, d);
      if (!state.is_null()) encode_dynamic(state, type, resp->mutable_state());
    }
    to_proto(d, resp->mutable_diagnostics());
    return grpc::Status::OK;
  });
}

grpc::Status ProviderService::StopProvider(grpc::ServerContext*, const tfplugin6::StopProvider::Request* req,
                                           tfplugin6::StopProvider::Response* resp) {
  return guarded("StopProvider", *req, resp, [&] {
    provider().stop();
    return grpc::Status::OK;
  });
}

}  // namespace ge::plugin
