#include "deliveries.h"

#include "app.h"
#include "catalog.h"
#include "crud.h"
#include "identifiers.h"
#include "kinds.h"
#include "validation.h"

#include <thread>

namespace genesys_emulator {
namespace {

bool filter_matches(const nlohmann::json& subscription, const std::string& event_type,
                    const nlohmann::json& attributes) {
  const auto& filter = subscription["filter"];
  bool type_ok = false;
  for (const auto& t : filter["eventType"]) type_ok = type_ok || t == event_type;
  if (!type_ok) return false;
  if (auto wanted = filter.find("attributes"); wanted != filter.end())
    for (auto it = wanted->begin(); it != wanted->end(); ++it)
      if (!attributes.contains(it.key()) || attributes[it.key()] != it.value()) return false;
  return true;
}

struct Target {
  std::string subscription_id;
  nlohmann::json webhook;
};

}  // namespace

Reply publish_event(App& app, const nlohmann::json& event) {
  if (!event.is_object()) return Reply::fail(bad_request("The event must be a JSON object"));
  FieldReader r;
  auto event_type = r.string(event, "", "eventType", {.required = true, .min_length = 1});
  if (event_type && !is_catalog_event_type(*event_type))
    r.add("eventType", "unknown.event.type", "eventType names an event type not in the catalog: " + *event_type);
  auto attributes = r.string_map(event, "", "attributes", false, 1000).value_or(nlohmann::json::object());
  if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));

  std::vector<Target> targets;
  {
    auto lock = app.store.lock();
    for (const auto* sub : app.store.list(kEventSubscriptions)) {
      if (!(*sub)["enabled"].get<bool>() || !filter_matches(*sub, *event_type, attributes)) continue;
      const auto* webhook = app.store.find(kWebhooks, (*sub)["webhookId"].get<std::string>());
      if (!webhook || !(*webhook)["enabled"].get<bool>()) continue;
      targets.push_back({(*sub)["id"].get<std::string>(), *webhook});
    }
  }

  auto config = app.config.snapshot();
  std::string event_id = new_uuid();
  nlohmann::json envelope = {{"id", event_id},
                             {"eventType", *event_type},
                             {"timestamp", iso_now()},
                             {"attributes", attributes},
                             {"body", event.value("body", nlohmann::json::object())}};
  std::string payload = envelope.dump();
  nlohmann::json made = nlohmann::json::array();

  for (const auto& target : targets) {
    const auto& webhook = target.webhook;
    HeaderList headers = {{"Content-Type", "application/json"}};
    if (auto overrides = webhook.find("headerOverrides"); overrides != webhook.end())
      for (auto h = overrides->begin(); h != overrides->end(); ++h)
        set_header(headers, h.key(), h.value().get<std::string>());
    if (auto key = webhook.find("signingKey"); key != webhook.end())
      set_header(headers, "X-Genesys-Signature", hmac_sha256_hex(key->get<std::string>(), payload));
    set_header(headers, "X-Genesys-Event-Id", event_id);

    auto retries = webhook["retryPolicy"]["retryCount"].get<std::int64_t>();
    auto wait_ms = static_cast<std::int64_t>(webhook["retryPolicy"]["retryIntervalSeconds"].get<std::int64_t>() * 1000 *
                                             config.retry_interval_scale);
    bool success = false;
    for (std::int64_t attempt = 1; attempt <= retries + 1 && !success; ++attempt) {
      if (attempt > 1 && wait_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      auto result = app.outbound.send(webhook["method"].get<std::string>(),
                                      webhook["destinationUrl"].get<std::string>(), headers, payload,
                                      config.delivery_timeout_ms);
      success = result.answered && result.status >= 200 && result.status < 300;
      nlohmann::json record = {
          {"id", new_uuid()},
          {"eventId", event_id},
          {"eventType", *event_type},
          {"timestamp", iso_now()},
          {"statusCode", result.answered ? nlohmann::json(result.status) : nlohmann::json(nullptr)},
          {"success", success},
          {"durationMs", static_cast<std::int64_t>(result.duration_ms)},
          {"attempt", attempt},
          {"_webhookId", webhook["id"]}};
      if (!result.answered) record["error"] = result.error;
      {
        auto lock = app.store.lock();
        // A webhook deleted mid-delivery keeps no history.
        if (app.store.find(kWebhooks, webhook["id"].get<std::string>())) app.store.put(kDeliveries, record);
      }
      nlohmann::json shown = render(record);
      shown["webhookId"] = webhook["id"];
      shown["subscriptionId"] = target.subscription_id;
      made.push_back(std::move(shown));
    }
    auto lock = app.store.lock();
    if (const auto* current = app.store.find(kWebhooks, webhook["id"].get<std::string>())) {
      nlohmann::json updated = *current;
      updated["lastDeliveryStatus"] = success ? "SUCCESS" : "FAILED";
      app.store.put(kWebhooks, std::move(updated));
    }
  }
  return Reply::json(200, {{"eventId", event_id}, {"deliveries", made}});
}

std::vector<nlohmann::json> list_deliveries(App& app, const std::string& webhook_id) {
  std::vector<nlohmann::json> out;
  for (const auto* record : app.store.list(kDeliveries))
    if ((*record)["_webhookId"] == webhook_id) out.push_back(render(*record));
  return out;
}

void erase_deliveries(App& app, const std::string& webhook_id) {
  std::vector<std::string> ids;
  for (const auto* record : app.store.list(kDeliveries))
    if ((*record)["_webhookId"] == webhook_id) ids.push_back((*record)["id"].get<std::string>());
  for (const auto& id : ids) app.store.erase(kDeliveries, id);
}

}  // namespace genesys_emulator
