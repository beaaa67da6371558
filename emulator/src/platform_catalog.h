// The fixed parts of the Genesys Cloud Platform API the emulator serves beside the
// event-routing contract (docs/reference/platform-api.md): the organization, the
// notification topics, the enabled products, and the integration types with their
// configuration schemas.
// docs/emulator.md lists them; tests rely on their ids.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace genesys_emulator {

inline constexpr const char* kEventBridgeIntegrationType = "amazon-eventbridge-source";

// GET /api/v2/organizations/me.
const nlohmann::json& organization();

// The ids GET /api/v2/authorization/products lists: the organization's enabled products.
const std::vector<std::string>& authorization_products();

struct NotificationTopic {
  std::string id;  // a pattern with {id} wildcards
  std::string description;
  std::vector<std::string> requires_permissions;
  std::vector<std::string> transports;  // "Websocket", "EventBridge"
  std::vector<std::string> public_api_template_uri_paths;
};
const std::vector<NotificationTopic>& notification_topics();

struct IntegrationType {
  nlohmann::json description;        // the type object as GET .../types/{id} answers it
  nlohmann::json properties_schema;  // JSON Schema of configuration `properties`
  nlohmann::json advanced_schema;    // JSON Schema of configuration `advanced`
};
// Every type, in list order; find answers nullptr when `id` names none.
const std::vector<IntegrationType>& integration_types();
const IntegrationType* find_integration_type(const std::string& id);

}  // namespace genesys_emulator
