// Webhooks (docs/reference/api-contract.md "Webhooks") and their delivery history.
#include "app.h"
#include "crud.h"
#include "kinds.h"
#include "deliveries.h"
#include "handlers/handlers.h"
#include "paging.h"

namespace genesys_emulator {
namespace {

constexpr const char* kBase = "/api/v2/events/webhooks";

nlohmann::json normalize_webhook(const nlohmann::json& body, FieldReader& r, App&) {
  nlohmann::json out = nlohmann::json::object();
  if (auto v = r.string(body, "", "name", {.required = true, .min_length = 1, .max_length = 128})) out["name"] = *v;
  if (auto v = r.string(body, "", "description", {.max_length = 512})) out["description"] = *v;
  if (auto v = r.string(body, "", "destinationUrl", {.required = true, .min_length = 1, .https = true}))
    out["destinationUrl"] = *v;
  out["method"] = r.string(body, "", "method", {.one_of = {"POST", "PUT"}}).value_or("POST");
  out["enabled"] = r.boolean(body, "", "enabled", false).value_or(true);
  if (auto v = r.string(body, "", "signingKey", {.min_length = 16, .max_length = 256})) out["signingKey"] = *v;
  if (auto v = r.string_map(body, "", "headerOverrides", false, 20)) out["headerOverrides"] = *v;
  nlohmann::json retry = {{"retryCount", 3}, {"retryIntervalSeconds", 10}};
  if (const auto* policy = r.object(body, "", "retryPolicy", false)) {
    if (auto v = r.integer(*policy, "retryPolicy", "retryCount", {.min = 0, .max = 10})) retry["retryCount"] = *v;
    if (auto v = r.integer(*policy, "retryPolicy", "retryIntervalSeconds", {.min = 1, .max = 3600}))
      retry["retryIntervalSeconds"] = *v;
  }
  out["retryPolicy"] = retry;
  return out;
}

}  // namespace

void register_webhooks(App& app) {
  KindSpec spec;
  spec.kind = kWebhooks;
  spec.label = "webhook";
  spec.base_path = kBase;
  spec.read_scope = "event:webhook:read";
  spec.write_scope = "event:webhook:write";
  spec.normalize = normalize_webhook;
  spec.server_fields = {"lastDeliveryStatus"};
  spec.on_write = [](nlohmann::json& object, const nlohmann::json* previous, App&) {
    if (!previous) object["lastDeliveryStatus"] = "NONE";
  };
  spec.before_delete = [](const nlohmann::json& object, App& app) -> std::optional<ApiError> {
    for (const auto* sub : app.store.list(kEventSubscriptions)) {
      if ((*sub)["webhookId"] == object["id"]) {
        ApiError error = conflict("webhook.in.use", "Webhook " + object["id"].get<std::string>() +
                                                        " is used by event subscription " +
                                                        (*sub)["id"].get<std::string>());
        error.entity_id = (*sub)["id"].get<std::string>();
        error.entity_name = (*sub)["name"].get<std::string>();
        return error;
      }
    }
    return std::nullopt;
  };
  spec.on_delete = [](const nlohmann::json& object, App& app) {
    erase_deliveries(app, object["id"].get<std::string>());
  };
  register_crud(app, spec);

  app.api.add("GET", std::string(kBase) + "/{id}/deliveries", "event:webhook:read", [](RequestContext& ctx) {
    ApiError error;
    auto page = parse_page_request(ctx.http, error);
    if (!page) return Reply::fail(error);
    std::vector<nlohmann::json> items;
    {
      auto lock = ctx.app.store.lock();
      if (!ctx.app.store.find(kWebhooks, ctx.param("id")))
        return Reply::fail(not_found("No webhook with id " + ctx.param("id")));
      items = list_deliveries(ctx.app, ctx.param("id"));
    }
    return Reply::json(200, make_page(items, *page, std::string(kBase) + "/" + ctx.param("id") + "/deliveries"));
  });
}

}  // namespace genesys_emulator
