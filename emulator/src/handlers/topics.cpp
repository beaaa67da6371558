// EventBridge topics (docs/reference/api-contract.md "EventBridge topics"): read-only in the API;
// seeded from catalog.cpp and changed only through /emulator/topics.
#include "app.h"
#include "catalog.h"
#include "crud.h"
#include "handlers/handlers.h"
#include "paging.h"

namespace genesys_emulator {

void register_topics(App& app) {
  const std::string base = "/api/v2/eventbridge/topics";
  app.api.add("GET", base, "eventbridge:topic:read", [base](RequestContext& ctx) {
    ApiError error;
    auto page = parse_page_request(ctx.http, error);
    if (!page) return Reply::fail(error);
    std::vector<nlohmann::json> items;
    {
      auto lock = ctx.app.store.lock();
      for (const auto* topic : ctx.app.store.list(kTopics)) items.push_back(render(*topic));
    }
    return Reply::json(200, make_page(items, *page, base));
  });
  app.api.add("GET", base + "/{topicId}", "eventbridge:topic:read", [](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* topic = ctx.app.store.find(kTopics, ctx.param("topicId"));
    if (!topic) return Reply::fail(not_found("No EventBridge topic with id " + ctx.param("topicId")));
    return Reply::json(200, render(*topic));
  });
}

}  // namespace genesys_emulator
