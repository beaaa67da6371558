#include <catch2/catch.hpp>

#include <future>
#include <map>
#include <stdexcept>

#include "plugin/convert.h"
#include "plugin/provider_service.h"
#include "schemas/embedded_schemas.h"

using namespace ge::plugin;
using ge::value::Type;
using ge::value::Value;

namespace {

// An object of `type` with the given attributes set and every other one null.
Value object_of(const Type& type, const std::map<std::string, Value>& set) {
  std::map<std::string, Value> fields;
  for (const auto& [name, attribute_type] : type.attributes()) fields.emplace(name, Value::null(attribute_type));
  for (const auto& [name, v] : set) fields[name] = v;
  return Value::object(type, fields);
}

// The provider with the embedded schema files, unconfigured.
std::shared_ptr<ge::mapping::Provider> embedded_provider() {
  auto created = ge::mapping::Provider::create(ge::resources::embedded_schema_files(),
                                               [](const std::string&) { return std::nullopt; });
  REQUIRE(created.ok());
  return std::move(created).value();
}

// A service whose provider is loaded already.
ProviderService service_of(std::shared_ptr<ge::mapping::Provider> provider) {
  std::promise<std::shared_ptr<ge::mapping::Provider>> loading;
  loading.set_value(std::move(provider));
  return ProviderService(loading.get_future().share());
}

// The PlanResourceChange request of a new webhook "w" (`webhook` is the resource's type).
tfplugin6::PlanResourceChange::Request webhook_create_plan(const Type& webhook) {
  const Value config = object_of(
      webhook, {{"name", Value::string("w")}, {"destination_url", Value::string("https://hooks.example.com/x")}});
  tfplugin6::PlanResourceChange::Request plan;
  plan.set_type_name("genesysevents_webhook");
  encode_dynamic(Value::null(webhook), webhook, plan.mutable_prior_state());
  encode_dynamic(config, webhook, plan.mutable_proposed_new_state());
  encode_dynamic(config, webhook, plan.mutable_config());
  return plan;
}

// A service whose provider throws on first use: every handler meets an exception.
ProviderService throwing_service() {
  std::promise<std::shared_ptr<ge::mapping::Provider>> loading;
  loading.set_exception(std::make_exception_ptr(std::runtime_error("schema table exploded")));
  return ProviderService(loading.get_future().share());
}

// The response answered OK with exactly one error naming the RPC and the exception.
template <typename Response>
void check_internal_error(const grpc::Status& status, const Response& resp, const std::string& rpc) {
  INFO(rpc);
  CHECK(status.ok());
  REQUIRE(resp.diagnostics_size() == 1);
  CHECK(resp.diagnostics(0).severity() == tfplugin6::Diagnostic::ERROR);
  CHECK(resp.diagnostics(0).summary() == "Internal error in the genesysevents provider");
  CHECK(resp.diagnostics(0).detail().find(rpc) != std::string::npos);
  CHECK(resp.diagnostics(0).detail().find("schema table exploded") != std::string::npos);
}

}  // namespace

TEST_CASE("an exception in any RPC handler becomes an error diagnostic, not a crash") {
  ProviderService service = throwing_service();
  grpc::ServerContext ctx;
#define GE_CHECK_RPC(Rpc, Message)                            \
  do {                                                        \
    tfplugin6::Message::Request req;                          \
    tfplugin6::Message::Response resp;                        \
    grpc::Status status;                                      \
    REQUIRE_NOTHROW(status = service.Rpc(&ctx, &req, &resp)); \
    check_internal_error(status, resp, #Rpc);                 \
  } while (false)
  GE_CHECK_RPC(GetMetadata, ProviderMetadata);
  GE_CHECK_RPC(GetProviderSchema, GetProviderSchema);
  GE_CHECK_RPC(ValidateProviderConfig, ValidateProviderConfig);
  GE_CHECK_RPC(ValidateResourceConfig, ValidateResourceConfig);
  GE_CHECK_RPC(ValidateDataResourceConfig, ValidateDataResourceConfig);
  GE_CHECK_RPC(UpgradeResourceState, UpgradeResourceState);
  GE_CHECK_RPC(ConfigureProvider, ConfigureProvider);
  GE_CHECK_RPC(ReadResource, ReadResource);
  GE_CHECK_RPC(PlanResourceChange, PlanResourceChange);
  GE_CHECK_RPC(ApplyResourceChange, ApplyResourceChange);
  GE_CHECK_RPC(ImportResourceState, ImportResourceState);
  GE_CHECK_RPC(ReadDataSource, ReadDataSource);
#undef GE_CHECK_RPC

  tfplugin6::StopProvider::Request stop;
  tfplugin6::StopProvider::Response stopped;
  grpc::Status status;
  REQUIRE_NOTHROW(status = service.StopProvider(&ctx, &stop, &stopped));
  CHECK(status.ok());
  CHECK(stopped.error().find("schema table exploded") != std::string::npos);
}

TEST_CASE("after an exception, apply and read answer the state they were given") {
  ProviderService service = throwing_service();
  grpc::ServerContext ctx;
  tfplugin6::ApplyResourceChange::Request apply;
  apply.set_type_name("genesysevents_webhook");
  apply.mutable_prior_state()->set_msgpack("prior-bytes");
  apply.mutable_planned_state()->set_msgpack("planned-bytes");
  tfplugin6::ApplyResourceChange::Response applied;
  REQUIRE_NOTHROW(service.ApplyResourceChange(&ctx, &apply, &applied));
  // An update that failed this way changed nothing we know of: keep the prior state, so the
  // CLI neither drops the object from state nor records the planned values.
  CHECK(applied.new_state().msgpack() == "prior-bytes");

  tfplugin6::ReadResource::Request read;
  read.mutable_current_state()->set_msgpack("current-bytes");
  tfplugin6::ReadResource::Response got;
  REQUIRE_NOTHROW(service.ReadResource(&ctx, &read, &got));
  CHECK(got.new_state().msgpack() == "current-bytes");
}

TEST_CASE("ConfigureProvider with an unknown api_url defers: plans work, API calls name the argument") {
  std::shared_ptr<ge::mapping::Provider> provider = embedded_provider();
  ProviderService service = service_of(provider);
  grpc::ServerContext ctx;

  const Type provider_type = provider->provider_schema().object_type();
  tfplugin6::ConfigureProvider::Request configure;
  encode_dynamic(
      object_of(provider_type, {{"api_url", Value::unknown(Type::string())}, {"access_token", Value::string("t0ken")}}),
      provider_type, configure.mutable_config());
  tfplugin6::ConfigureProvider::Response configured;
  service.ConfigureProvider(&ctx, &configure, &configured);
  CHECK(configured.diagnostics_size() == 0);

  const Type webhook = provider->resource("genesysevents_webhook")->object_type();
  tfplugin6::PlanResourceChange::Request plan = webhook_create_plan(webhook);
  tfplugin6::PlanResourceChange::Response planned;
  service.PlanResourceChange(&ctx, &plan, &planned);
  CHECK(planned.diagnostics_size() == 0);

  tfplugin6::ReadResource::Request read;
  read.set_type_name("genesysevents_webhook");
  encode_dynamic(object_of(webhook, {{"id", Value::string("w-1")}, {"name", Value::string("w")}}), webhook,
                 read.mutable_current_state());
  tfplugin6::ReadResource::Response got;
  service.ReadResource(&ctx, &read, &got);
  REQUIRE(got.diagnostics_size() == 1);
  CHECK(got.diagnostics(0).summary() == "Provider configuration not known yet");
  CHECK(got.diagnostics(0).detail().find("`api_url` (or GENESYSCLOUD_API_URL)") != std::string::npos);
  CHECK(got.new_state().msgpack() == read.current_state().msgpack());

  tfplugin6::ImportResourceState::Request import;
  import.set_type_name("genesysevents_webhook");
  import.set_id("w-1");
  tfplugin6::ImportResourceState::Response imported;
  service.ImportResourceState(&ctx, &import, &imported);
  REQUIRE(imported.diagnostics_size() == 1);
  CHECK(imported.diagnostics(0).summary() == "Provider configuration not known yet");
  CHECK(imported.imported_resources_size() == 0);
}

namespace {

ProviderService loaded_service() { return service_of(embedded_provider()); }

tfplugin6::CallFunction::Response call(ProviderService& service, const std::string& name,
                                       const std::vector<std::string>& string_arguments) {
  grpc::ServerContext ctx;
  tfplugin6::CallFunction::Request req;
  req.set_name(name);
  for (const auto& a : string_arguments) encode_dynamic(Value::string(a), Type::string(), req.add_arguments());
  tfplugin6::CallFunction::Response resp;
  CHECK(service.CallFunction(&ctx, &req, &resp).ok());
  return resp;
}

}  // namespace

TEST_CASE("functions are listed in GetProviderSchema and GetFunctions with typed parameters") {
  ProviderService service = loaded_service();
  grpc::ServerContext ctx;
  tfplugin6::GetProviderSchema::Request schema_req;
  tfplugin6::GetProviderSchema::Response schema;
  service.GetProviderSchema(&ctx, &schema_req, &schema);
  tfplugin6::GetFunctions::Request functions_req;
  tfplugin6::GetFunctions::Response functions;
  service.GetFunctions(&ctx, &functions_req, &functions);
  for (const auto* listed : {&schema.functions(), &functions.functions()}) {
    REQUIRE(listed->size() == 2);
    const auto& name_fn = listed->at("partner_event_source_name");
    REQUIRE(name_fn.parameters_size() == 2);
    CHECK(name_fn.parameters(0).name() == "org_id");
    CHECK(name_fn.parameters(1).type() == "\"string\"");
    CHECK(name_fn.return_().type() == "\"string\"");
    CHECK(listed->at("topic_matches").return_().type() == "\"bool\"");
  }
}

TEST_CASE("CallFunction answers a result, or an error carrying the argument's index") {
  ProviderService service = loaded_service();
  auto ok = call(service, "partner_event_source_name", {"6f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "prod"});
  CHECK_FALSE(ok.has_error());
  ge::base::Diagnostics d;
  CHECK(decode_dynamic(ok.result(), Type::string(), d, "result").as_string() ==
        "aws.partner/genesys.com/cloud/6f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b/prod");

  auto bad_suffix = call(service, "partner_event_source_name", {"6f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "a/b"});
  REQUIRE(bad_suffix.has_error());
  REQUIRE(bad_suffix.error().has_function_argument());
  CHECK(bad_suffix.error().function_argument() == 1);
  CHECK(bad_suffix.error().text().rfind("suffix", 0) == 0);

  grpc::ServerContext ctx;
  tfplugin6::CallFunction::Request garbled;
  garbled.set_name("topic_matches");
  encode_dynamic(Value::string("a.{id}"), Type::string(), garbled.add_arguments());
  garbled.add_arguments()->set_msgpack("\xc1");  // a byte msgpack never uses
  tfplugin6::CallFunction::Response garbled_resp;
  service.CallFunction(&ctx, &garbled, &garbled_resp);
  REQUIRE(garbled_resp.error().has_function_argument());
  CHECK(garbled_resp.error().function_argument() == 1);
  CHECK(garbled_resp.error().text().find("topic") != std::string::npos);

  auto unknown = call(service, "no_such_function", {});
  CHECK(unknown.error().text() == "This provider has no function named \"no_such_function\".");
  CHECK_FALSE(unknown.error().has_function_argument());
}

TEST_CASE("every resource has the identity {id}, required for import, and plans and imports carry it") {
  std::shared_ptr<ge::mapping::Provider> provider = embedded_provider();
  ProviderService service = service_of(provider);
  grpc::ServerContext ctx;
  tfplugin6::GetProviderSchema::Request schema_req;
  tfplugin6::GetProviderSchema::Response schema;
  service.GetProviderSchema(&ctx, &schema_req, &schema);
  tfplugin6::GetResourceIdentitySchemas::Request identity_req;
  tfplugin6::GetResourceIdentitySchemas::Response identities;
  service.GetResourceIdentitySchemas(&ctx, &identity_req, &identities);
  REQUIRE(identities.identity_schemas_size() == schema.resource_schemas_size());
  for (const auto& [type_name, resource] : schema.resource_schemas()) {
    INFO(type_name);
    REQUIRE(identities.identity_schemas().count(type_name) == 1);
    const auto& identity = identities.identity_schemas().at(type_name);
    REQUIRE(identity.identity_attributes_size() == 1);
    CHECK(identity.identity_attributes(0).name() == "id");
    CHECK(identity.identity_attributes(0).type() == "\"string\"");
    CHECK(identity.identity_attributes(0).required_for_import());
  }

  // A create has no planned identity: its id is not known before apply, and the hosts cannot
  // store an unknown identity.
  const Type webhook = provider->resource("genesysevents_webhook")->object_type();
  tfplugin6::PlanResourceChange::Request plan = webhook_create_plan(webhook);
  tfplugin6::PlanResourceChange::Response planned;
  service.PlanResourceChange(&ctx, &plan, &planned);
  REQUIRE(planned.diagnostics_size() == 0);
  CHECK_FALSE(planned.has_planned_identity());

  // An update's planned identity is the known id.
  const Value prior = object_of(webhook, {{"id", Value::string("w-1")},
                                          {"name", Value::string("old")},
                                          {"destination_url", Value::string("https://hooks.example.com/x")}});
  encode_dynamic(prior, webhook, plan.mutable_prior_state());
  tfplugin6::PlanResourceChange::Response updated;
  service.PlanResourceChange(&ctx, &plan, &updated);
  REQUIRE(updated.diagnostics_size() == 0);
  REQUIRE(updated.has_planned_identity());
  const Type identity_type = Type::object({{"id", Type::string()}});
  ge::base::Diagnostics d;
  const Value identity = decode_dynamic(updated.planned_identity().identity_data(), identity_type, d, "identity");
  CHECK(identity.attribute("id").as_string() == "w-1");

  // An import block's identity without an id is refused before any API call.
  tfplugin6::ImportResourceState::Request import;
  import.set_type_name("genesysevents_webhook");
  encode_dynamic(Value::object(identity_type, {{"id", Value::null(Type::string())}}), identity_type,
                 import.mutable_identity()->mutable_identity_data());
  tfplugin6::ImportResourceState::Response imported;
  service.ImportResourceState(&ctx, &import, &imported);
  REQUIRE(imported.diagnostics_size() == 1);
  CHECK(imported.diagnostics(0).summary() == "Missing id in the import identity");
  CHECK(imported.imported_resources_size() == 0);
}
