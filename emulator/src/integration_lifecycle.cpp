#include "integration_lifecycle.h"

#include "app.h"
#include "crud.h"
#include "identifiers.h"
#include "json_schema.h"
#include "kinds.h"
#include "platform_catalog.h"

#include <algorithm>
#include <chrono>

namespace genesys_emulator {
namespace {

// How the platform answers an empty `notes` (docs/reference/platform-api.md).
constexpr const char* kEmptyNotes = "node_dynamodb_empty_string";
constexpr const char* kSeededIntegrationId = "0d5f8a3c-7b2e-4c1d-9e6f-3a8b5c7d9e10";

std::string notes_text(const nlohmann::json& notes) {
  return notes.get<std::string>().empty() ? kEmptyNotes : notes.get<std::string>();
}

struct ActivationError {
  std::string message_code;
  std::string message;
};

// Why enabling `stored` ends in ERROR, if it does. The caller holds the store lock.
std::optional<ActivationError> activation_error(App& app, const nlohmann::json& stored) {
  const auto& type_id = stored["integrationType"]["id"].get_ref<const std::string&>();
  const auto& properties = stored["_config"]["properties"];
  FieldReader reader;
  check_json_schema(find_integration_type(type_id)->properties_schema, properties, "properties", reader);
  if (!reader.ok())
    return ActivationError{"INTEGRATION_CONFIGURATION_INVALID",
                           "The configuration is not valid: " + reader.take_errors().front().message};
  if (type_id != kEventBridgeIntegrationType) return std::nullopt;

  const auto& suffix = properties["eventSourceSuffix"];
  for (const auto* other : app.store.list(kIntegrations)) {
    if ((*other)["id"] == stored["id"] || deleted(*other) || (*other)["integrationType"]["id"] != type_id) continue;
    if ((*other)["_config"]["properties"].value("eventSourceSuffix", nlohmann::json()) == suffix)
      return ActivationError{"EVENT_SOURCE_SUFFIX_IN_USE", "The event source suffix '" + suffix.get<std::string>() +
                                                               "' is already used by integration " +
                                                               (*other)["id"].get<std::string>()};
  }
  const auto& account = properties["awsAccountId"].get_ref<const std::string&>();
  auto rejected = app.config.snapshot().rejected_aws_account_ids;
  if (std::find(rejected.begin(), rejected.end(), account) != rejected.end())
    return ActivationError{"AWS_ACCOUNT_REJECTED",
                           "AWS account " + account +
                               " rejected the partner event source aws.partner/genesys.com/cloud/" +
                               organization()["id"].get<std::string>() + "/" + suffix.get<std::string>()};
  return std::nullopt;
}

void finish_transition(App& app, const std::string& id, std::int64_t generation) {
  auto lock = app.store.lock();
  const auto* current = app.store.find(kIntegrations, id);
  if (!current || deleted(*current) || (*current)["_stateGeneration"] != generation) return;
  nlohmann::json updated = *current;
  if ((*current)["reportedState"]["code"] == "DEACTIVATING") {
    updated["reportedState"] = reported_state("INACTIVE");
  } else if (auto error = activation_error(app, *current)) {
    updated["reportedState"] = reported_state("ERROR", error->message_code, error->message);
  } else {
    updated["reportedState"] = reported_state("ACTIVE");
  }
  app.store.put(kIntegrations, std::move(updated));
}

void remove_integration(App& app, const std::string& id) {
  auto lock = app.store.lock();
  const auto* current = app.store.find(kIntegrations, id);
  if (current && deleted(*current)) app.store.erase(kIntegrations, id);
}

}  // namespace

nlohmann::json new_integration(const std::string& type_id, const std::string& name, const std::string& notes,
                               std::int64_t visible_at_ms) {
  const auto& type = find_integration_type(type_id)->description;
  std::string id = new_uuid();
  return {{"id", id},
          {"name", name},
          {"version", 1},
          {"integrationType", {{"id", type["id"]}, {"name", type["name"]}, {"selfUri", type["selfUri"]}}},
          {"notes", notes},
          {"intendedState", "DISABLED"},
          {"reportedState", reported_state("INACTIVE")},
          {"attributes", nlohmann::json::object()},
          {"selfUri", std::string(kIntegrationsPath) + "/" + id},
          {"_config",
           {{"name", name},
            {"version", 1},
            {"properties", nlohmann::json::object()},
            {"advanced", nlohmann::json::object()},
            {"notes", notes},
            {"credentials", nlohmann::json::object()}}},
          {"_stateGeneration", 0},
          {"_visibleAtMs", visible_at_ms}};
}

bool configuration_readable(const nlohmann::json& stored, std::int64_t now_ms) {
  return !deleted(stored) || stored["_goneAtMs"].get<std::int64_t>() > now_ms;
}

bool read_sees(App& app, const nlohmann::json& stored, std::int64_t now_ms) {
  if (stored.value("_visibleAtMs", std::int64_t{0}) > now_ms || !configuration_readable(stored, now_ms)) return false;
  const auto& id = stored["id"].get_ref<const std::string&>();
  if (stored.value("_flapUntilMs", std::int64_t{0}) <= now_ms) {
    app.integration_reads.erase(id);
    return true;
  }
  return ++app.integration_reads[id] % 2 == 1;
}

bool deleted(const nlohmann::json& stored) { return stored.contains("_goneAtMs"); }

nlohmann::json render_integration(const nlohmann::json& stored, bool expand_config) {
  nlohmann::json out = render(stored);
  out["notes"] = notes_text(stored["notes"]);
  if (expand_config) out["config"] = {{"current", render_configuration(stored)}};
  return out;
}

nlohmann::json shown_state(const nlohmann::json& stored, std::int64_t now_ms) {
  auto stale = stored.find("_staleState");
  if (stale != stored.end() && (*stale)["untilMs"].get<std::int64_t>() > now_ms) return (*stale)["reportedState"];
  return stored["reportedState"];
}

nlohmann::json render_read(const nlohmann::json& stored, bool expand_config, std::int64_t now_ms) {
  nlohmann::json out = render_integration(stored, expand_config);
  out["reportedState"] = shown_state(stored, now_ms);
  return out;
}

void hold_stale_state(nlohmann::json& stored, const nlohmann::json& previous, std::int64_t window_ms,
                      std::int64_t now_ms) {
  if (window_ms <= 0) {
    stored.erase("_staleState");
    return;
  }
  // What readers saw just before this write, itself stale when an earlier window still runs.
  stored["_staleState"] = {{"reportedState", shown_state(previous, now_ms)}, {"untilMs", now_ms + window_ms}};
}

nlohmann::json render_configuration(const nlohmann::json& stored) {
  const auto& config = stored["_config"];
  return {{"id", stored["id"]},
          {"name", config["name"]},
          {"version", config["version"]},
          {"properties", config["properties"]},
          {"advanced", config["advanced"]},
          {"notes", notes_text(config["notes"])},
          {"credentials", config["credentials"]},
          {"selfUri", stored["selfUri"].get<std::string>() + "/config/current"}};
}

nlohmann::json reported_state(const std::string& code, const std::string& message_code, const std::string& message) {
  static const std::pair<const char*, const char*> kEffective[] = {{"ACTIVE", "Active"},
                                                                   {"ACTIVATING", "Activating"},
                                                                   {"INACTIVE", "Inactive"},
                                                                   {"DEACTIVATING", "Deactivating"},
                                                                   {"ERROR", "Error"}};
  nlohmann::json state = {{"code", code}, {"lastUpdated", iso_now()}};
  for (const auto& [c, effective] : kEffective)
    if (code == c) state["effective"] = effective;
  if (!message.empty())
    state["detail"] = {
        {"localizableMessageCode", message_code}, {"message", message}, {"messageParams", nlohmann::json::object()}};
  return state;
}

void begin_transition(nlohmann::json& stored, const std::string& code) {
  stored["reportedState"] = reported_state(code);
  stored["_stateGeneration"] = stored["_stateGeneration"].get<std::int64_t>() + 1;
}

void schedule_transition(App& app, const nlohmann::json& stored) {
  auto delay = app.config.snapshot().integration_state_delay_ms;
  std::string id = stored["id"].get<std::string>();
  std::int64_t generation = stored["_stateGeneration"].get<std::int64_t>();
  app.scheduler.after(delay, [&app, id, generation] { finish_transition(app, id, generation); });
}

void schedule_removal(App& app, const std::string& id, std::int64_t delay_ms) {
  app.scheduler.after(delay_ms, [&app, id] { remove_integration(app, id); });
}

void seed_integrations(Store& store) {
  if (store.find(kIntegrations, kSeededIntegrationId)) return;
  nlohmann::json seeded = new_integration("purecloud-data-actions", "Genesys Cloud Data Actions", "", 0);
  seeded["id"] = kSeededIntegrationId;
  seeded["selfUri"] = std::string(kIntegrationsPath) + "/" + kSeededIntegrationId;
  seeded["intendedState"] = "ENABLED";
  seeded["reportedState"] = reported_state("ACTIVE");
  store.put(kIntegrations, std::move(seeded));
}

void resume_integrations(App& app) {
  std::vector<nlohmann::json> transitions;
  std::vector<std::pair<std::string, std::int64_t>> removals;
  {
    auto lock = app.store.lock();
    auto now = app.clock.now_ms();
    for (const auto* stored : app.store.list(kIntegrations)) {
      if (deleted(*stored))
        removals.emplace_back((*stored)["id"].get<std::string>(),
                              std::max<std::int64_t>(0, (*stored)["_goneAtMs"].get<std::int64_t>() - now));
      else if ((*stored)["reportedState"]["code"] == "ACTIVATING" ||
               (*stored)["reportedState"]["code"] == "DEACTIVATING")
        transitions.push_back(*stored);
    }
  }
  for (const auto& stored : transitions) schedule_transition(app, stored);
  for (const auto& [id, delay] : removals) schedule_removal(app, id, delay);
}

}  // namespace genesys_emulator
