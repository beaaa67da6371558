// GET /api/v2/organizations/me, GET /api/v2/authorization/products and
// GET /api/v2/notifications/availabletopics (docs/reference/platform-api.md
// "Organization and topics"): read-only, any valid token.
#include "app.h"
#include "handlers/handlers.h"
#include "paging.h"
#include "platform_catalog.h"

namespace genesys_emulator {

void register_organization_and_notifications(App& app) {
  app.api.add("GET", "/api/v2/organizations/me", "", [](RequestContext&) { return Reply::json(200, organization()); });

  // Paged like every listing (the products have no name: `name` filters on the id).
  app.api.add("GET", "/api/v2/authorization/products", "", [](RequestContext& ctx) {
    const std::string base = "/api/v2/authorization/products";
    ApiError error;
    auto page = parse_page_request(ctx.http, error);
    if (!page) return Reply::fail(error);
    std::vector<nlohmann::json> items;
    for (const auto& id : authorization_products()) items.push_back({{"id", id}});
    return Reply::json(200, make_page(items, *page, base, "id"));
  });

  // Not paged. `expand` (comma-separated and/or repeated) adds `description`, `transports` and
  // `schema`, as on the platform: without expand=description a topic has no description.
  app.api.add("GET", "/api/v2/notifications/availabletopics", "", [](RequestContext& ctx) {
    bool description = expands(ctx.http, "description");
    bool transports = expands(ctx.http, "transports");
    bool schema = expands(ctx.http, "schema");
    nlohmann::json entities = nlohmann::json::array();
    for (const auto& topic : notification_topics()) {
      nlohmann::json entity = {{"id", topic.id},
                               {"requiresPermissions", topic.requires_permissions},
                               {"publicApiTemplateUriPaths", topic.public_api_template_uri_paths}};
      if (description) entity["description"] = topic.description;
      if (transports) entity["transports"] = topic.transports;
      if (schema)
        entity["schema"] = {
            {"$schema", "http://json-schema.org/draft-04/schema#"}, {"title", topic.id}, {"type", "object"}};
      entities.push_back(std::move(entity));
    }
    return Reply::json(200, {{"entities", std::move(entities)}});
  });
}

}  // namespace genesys_emulator
