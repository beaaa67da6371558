// The event-type catalog and the organization's event limits
// (docs/reference/api-contract.md "Event types", "Organization limits").
#include "app.h"
#include "catalog.h"
#include "handlers/handlers.h"
#include "paging.h"

namespace genesys_emulator {

void register_event_types_and_limits(App& app) {
  app.api.add("GET", "/api/v2/events/eventtypes", "event:subscription:read", [](RequestContext& ctx) {
    ApiError error;
    auto page = parse_page_request(ctx.http, error);
    if (!page) return Reply::fail(error);
    std::vector<nlohmann::json> items;
    for (const auto& e : event_type_catalog()) items.push_back({{"id", e.id}, {"description", e.description}});
    // Event types have no name; the `name` filter matches their id.
    return Reply::json(200, make_page(items, *page, "/api/v2/events/eventtypes", "id"));
  });

  // Any valid token may read the limits: the route names no scope.
  app.api.add("GET", "/api/v2/organizations/limits/namespaces/events", "", [](RequestContext& ctx) {
    auto config = ctx.app.config.snapshot();
    nlohmann::json limits = nlohmann::json::array();
    limits.push_back({{"key", "eventbridge.subscriptions.max"}, {"value", config.subscription_limit}});
    limits.push_back({{"key", "eventbridge.sources.filters.max"}, {"value", 5}});
    limits.push_back({{"key", "eventbridge.sources.conditions.max"}, {"value", 10}});
    limits.push_back({{"key", "webhooks.headerOverrides.max"}, {"value", 20}});
    limits.push_back({{"key", "client.credentials.token.rate.per.minute"}, {"value", config.rate_limit_per_minute}});
    return Reply::json(200, {{"namespace", "events"}, {"limits", limits}});
  });
}

}  // namespace genesys_emulator
