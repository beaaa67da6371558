// EventBridge targets (docs/reference/api-contract.md "EventBridge targets"): CRUD plus
// asynchronous verification (verifier.h), /verify and /health.
#include "app.h"
#include "catalog.h"
#include "crud.h"
#include "handlers/handlers.h"
#include "identifiers.h"
#include "kinds.h"
#include "verifier.h"

namespace genesys_emulator {
namespace {

constexpr const char* kBase = "/api/v2/integrations/eventbridge/targets";

// Which authConfig keys each authType requires; no other key is accepted.
const std::vector<std::string>& auth_keys(const std::string& type) {
  static const std::vector<std::string> kNone;
  static const std::vector<std::string> kBasic = {"username", "password"};
  static const std::vector<std::string> kOauth = {"clientId", "clientSecret", "tokenUrl"};
  static const std::vector<std::string> kJwt = {"token"};
  if (type == "BASIC") return kBasic;
  if (type == "OAUTH2") return kOauth;
  if (type == "JWT") return kJwt;
  return kNone;
}

// The answer of GET .../targets/{id}/verify, also what `expand=verification` embeds.
nlohmann::json verification_of(const nlohmann::json& target) {
  return {{"targetId", target["id"]},
          {"status", target["status"]},
          {"message", target.value("_statusMessage", "")},
          {"verifiedAt", target.value("_verifiedAt", nlohmann::json())}};
}

nlohmann::json normalize_target(const nlohmann::json& body, FieldReader& r, App&) {
  nlohmann::json out = nlohmann::json::object();
  if (auto v = r.string(body, "", "name", {.required = true, .min_length = 1, .max_length = 100})) out["name"] = *v;
  if (auto v = r.string(body, "", "description", {.max_length = 4096})) out["description"] = *v;
  if (auto v = r.string(body, "", "endpointUrl", {.required = true, .min_length = 1, .https = true}))
    out["endpointUrl"] = *v;
  auto auth_type = r.string(body, "", "authType", {.one_of = {"NONE", "BASIC", "OAUTH2", "JWT"}});
  out["authType"] = auth_type.value_or("NONE");
  const auto* auth = r.object(body, "", "authConfig", false);
  if (auth_type || !body.contains("authType")) {
    const auto& keys = auth_keys(out["authType"].get<std::string>());
    nlohmann::json config = nlohmann::json::object();
    for (const auto& key : keys) {
      StringRule rule{.required = true, .min_length = 1, .https = key == "tokenUrl"};
      if (!auth) {
        r.add(join_path("authConfig", key), "required",
              join_path("authConfig", key) + " is required for authType " + out["authType"].get<std::string>());
      } else if (auto v = r.string(*auth, "authConfig", key, rule)) {
        config[key] = *v;
      }
    }
    if (auth) {
      for (auto it = auth->begin(); it != auth->end(); ++it) {
        if (std::find(keys.begin(), keys.end(), it.key()) != keys.end() || it.value().is_null()) continue;
        std::string path = join_path("authConfig", it.key());
        r.add(path, "not.allowed", path + " is not allowed for authType " + out["authType"].get<std::string>());
      }
    }
    if (!config.empty()) out["authConfig"] = config;
  }
  if (const auto* policy = r.object(body, "", "retryPolicy", false)) {
    nlohmann::json p = nlohmann::json::object();
    if (auto v = r.integer(*policy, "retryPolicy", "maxRetries", {.required = true, .min = 0, .max = 10}))
      p["maxRetries"] = *v;
    if (auto v = r.string(*policy, "retryPolicy", "backoffStrategy",
                          {.required = true, .one_of = {"EXPONENTIAL", "LINEAR"}}))
      p["backoffStrategy"] = *v;
    if (auto v = r.integer(*policy, "retryPolicy", "initialDelaySeconds", {.required = true, .min = 1, .max = 30}))
      p["initialDelaySeconds"] = *v;
    out["retryPolicy"] = p;
  }
  if (auto v = r.string_map(body, "", "headers", false, 1000)) out["headers"] = *v;
  if (const auto* types = r.array(body, "", "eventTypes", true, 1, 1000)) {
    bool good = true;
    for (std::size_t i = 0; i < types->size(); ++i) {
      std::string path = index_path("eventTypes", i);
      if (!r.check_string((*types)[i], path, {.min_length = 1})) {
        good = false;
      } else if (!is_catalog_event_type((*types)[i].get<std::string>())) {
        r.add(path, "unknown.event.type",
              path + " names an event type not in the catalog: " + (*types)[i].get<std::string>());
        good = false;
      }
    }
    if (good) out["eventTypes"] = *types;
  }
  return out;
}

// A PUT verifies again when it changes what verification tests (endpoint, auth), and also, whatever
// it changes, when the last verification failed (FAILED, TIMEOUT): the endpoint may have been fixed
// in place, and the PUT is how a client asks again (docs/reference/api-contract.md "EventBridge
// targets").
bool needs_verification(const nlohmann::json& next, const nlohmann::json& previous) {
  auto field = [](const nlohmann::json& o, const char* key) { return o.value(key, nlohmann::json()); };
  const auto status = field(previous, "status");
  if (status == "FAILED" || status == "TIMEOUT") return true;
  return field(next, "endpointUrl") != field(previous, "endpointUrl") ||
         field(next, "authType") != field(previous, "authType") ||
         field(next, "authConfig") != field(previous, "authConfig");
}

}  // namespace

void register_targets(App& app) {
  KindSpec spec;
  spec.kind = kTargets;
  spec.label = "EventBridge target";
  spec.base_path = kBase;
  spec.read_scope = "integration:eventbridge:read";
  spec.write_scope = "integration:eventbridge:write";
  spec.normalize = normalize_target;
  spec.server_fields = {"status"};
  spec.on_write = [](nlohmann::json& object, const nlohmann::json* previous, App&) {
    if (!previous || needs_verification(object, *previous)) {
      object["status"] = "PENDING_VERIFICATION";
      object["_statusMessage"] = "Verification pending";
      object["_verifyGeneration"] = previous ? (*previous)["_verifyGeneration"].get<std::int64_t>() + 1 : 1;
    }
  };
  spec.after_write = [](const nlohmann::json& object, const nlohmann::json* previous, App& app) {
    if (!previous || object["_verifyGeneration"] != (*previous)["_verifyGeneration"])
      schedule_verification(app, object["id"].get<std::string>(), object["_verifyGeneration"].get<std::int64_t>());
  };
  spec.before_delete = [](const nlohmann::json& object, App& app) -> std::optional<ApiError> {
    for (const auto* source : app.store.list(kSources)) {
      for (const auto& t : (*source)["targets"]) {
        if (t["targetId"] != object["id"]) continue;
        ApiError error = conflict("target.in.use", "EventBridge target " + object["id"].get<std::string>() +
                                                       " is used by source " + (*source)["id"].get<std::string>());
        error.entity_id = (*source)["id"].get<std::string>();
        error.entity_name = (*source)["name"].get<std::string>();
        return error;
      }
    }
    return std::nullopt;
  };
  spec.expansions.push_back({"verification", "verification", verification_of});
  register_crud(app, spec);

  app.api.add("GET", std::string(kBase) + "/{id}/verify", "integration:eventbridge:read", [](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* target = ctx.app.store.find(kTargets, ctx.param("id"));
    if (!target) return Reply::fail(not_found("No EventBridge target with id " + ctx.param("id")));
    return Reply::json(200, verification_of(*target));
  });

  // A health check changes nothing, so it needs only the read scope.
  app.api.add("POST", std::string(kBase) + "/{id}/health", "integration:eventbridge:read", [](RequestContext& ctx) {
    nlohmann::json target;
    {
      auto lock = ctx.app.store.lock();
      const auto* current = ctx.app.store.find(kTargets, ctx.param("id"));
      if (!current) return Reply::fail(not_found("No EventBridge target with id " + ctx.param("id")));
      target = *current;
    }
    nlohmann::json payload = {{"eventType", "HEALTH_CHECK"}, {"targetId", ctx.param("id")}};
    const auto timeout = ctx.app.config.snapshot().verification_timeout_ms;
    auto result = call_target(ctx.app, target, payload, timeout);
    bool healthy = result.answered && result.status >= 200 && result.status < 300;
    // The same words as a verification's message (verifier.cpp).
    std::string message = result.timed_out   ? "No answer from endpointUrl within " + std::to_string(timeout) + " ms"
                          : !result.answered ? "Health check call failed: " + result.error
                                             : "endpointUrl answered HTTP " + std::to_string(result.status);
    return Reply::json(200, {{"targetId", ctx.param("id")},
                             {"status", healthy ? "HEALTHY" : "UNHEALTHY"},
                             {"httpStatus", result.answered ? nlohmann::json(result.status) : nlohmann::json(nullptr)},
                             {"latencyMs", static_cast<std::int64_t>(result.duration_ms)},
                             {"message", message},
                             {"checkedAt", iso_now()}});
  });
}

}  // namespace genesys_emulator
