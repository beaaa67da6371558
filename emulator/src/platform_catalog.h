// The fixed parts of the Genesys Cloud Platform API the emulator serves beside the
// event-routing contract (docs/reference/platform-api.md): the organization and the
// notification topics. docs/emulator.md lists them; tests rely on their ids.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace genesys_emulator {

// GET /api/v2/organizations/me.
const nlohmann::json& organization();

struct NotificationTopic {
  std::string id;  // a pattern with {id} wildcards
  std::string description;
  std::vector<std::string> requires_permissions;
  std::vector<std::string> transports;  // "Websocket", "EventBridge"
  std::vector<std::string> public_api_template_uri_paths;
};
const std::vector<NotificationTopic>& notification_topics();

}  // namespace genesys_emulator
