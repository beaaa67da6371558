// Event subscriptions (docs/reference/api-contract.md "Event subscriptions"): route catalog event
// types to a webhook.
#include "app.h"
#include "catalog.h"
#include "crud.h"
#include "kinds.h"
#include "deliveries.h"
#include "handlers/handlers.h"

namespace genesys_emulator {
namespace {

nlohmann::json normalize_subscription(const nlohmann::json& body, FieldReader& r, App& app) {
  nlohmann::json out = nlohmann::json::object();
  if (auto v = r.string(body, "", "name", {.required = true, .min_length = 1, .max_length = 256})) out["name"] = *v;
  if (auto v = r.string(body, "", "description", {.max_length = 4096})) out["description"] = *v;
  if (const auto* filter = r.object(body, "", "filter", true)) {
    nlohmann::json f = nlohmann::json::object();
    if (const auto* types = r.array(*filter, "filter", "eventType", true, 1, 1000)) {
      bool good = true;
      for (std::size_t i = 0; i < types->size(); ++i) {
        std::string path = index_path("filter.eventType", i);
        if (!r.check_string((*types)[i], path, {.min_length = 1})) {
          good = false;
        } else if (!is_catalog_event_type((*types)[i].get<std::string>())) {
          r.add(path, "unknown.event.type",
                path + " names an event type not in the catalog: " + (*types)[i].get<std::string>());
          good = false;
        }
      }
      if (good) f["eventType"] = *types;
    }
    if (auto attrs = r.string_map(*filter, "filter", "attributes", false, 1000)) f["attributes"] = *attrs;
    out["filter"] = f;
  }
  out["enabled"] = r.boolean(body, "", "enabled", false).value_or(true);
  out["deliveryMode"] = r.string(body, "", "deliveryMode", {.one_of = {"PUSH"}}).value_or("PUSH");
  if (auto v = r.string(body, "", "webhookId", {.required = true, .min_length = 1})) {
    if (!app.store.find(kWebhooks, *v)) r.add("webhookId", "not.found", "webhookId names no existing webhook: " + *v);
    out["webhookId"] = *v;
  }
  if (auto v = r.string(body, "", "transform", {.max_length = 4096})) out["transform"] = *v;
  return out;
}

}  // namespace

void register_event_subscriptions(App& app) {
  KindSpec spec;
  spec.kind = kEventSubscriptions;
  spec.label = "event subscription";
  spec.base_path = "/api/v2/events/subscriptions";
  spec.read_scope = "event:subscription:read";
  spec.write_scope = "event:subscription:write";
  spec.normalize = normalize_subscription;
  register_crud(app, spec);
}

}  // namespace genesys_emulator
