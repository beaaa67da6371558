// GET /api/v2/organizations/me and GET /api/v2/notifications/availabletopics
// (docs/reference/platform-api.md "Organization and topics"): read-only, any valid
// token.
#include "app.h"
#include "handlers/handlers.h"
#include "platform_catalog.h"

namespace genesys_emulator {

void register_organization_and_notifications(App& app) {
  app.api.add("GET", "/api/v2/organizations/me", "", [](RequestContext&) { return Reply::json(200, organization()); });

  // Not paged. `expand` (comma-separated) adds `transports` and `schema`, as on the platform.
  app.api.add("GET", "/api/v2/notifications/availabletopics", "", [](RequestContext& ctx) {
    std::string expand = "," + ctx.http.get_param_value("expand") + ",";
    bool transports = expand.find(",transports,") != std::string::npos;
    bool schema = expand.find(",schema,") != std::string::npos;
    nlohmann::json entities = nlohmann::json::array();
    for (const auto& topic : notification_topics()) {
      nlohmann::json entity = {{"id", topic.id},
                               {"description", topic.description},
                               {"requiresPermissions", topic.requires_permissions},
                               {"publicApiTemplateUriPaths", topic.public_api_template_uri_paths}};
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
