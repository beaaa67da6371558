#include "mapping/topic_catalog.h"

#include <algorithm>

#include "mapping/json_fields.h"

namespace ge::mapping {

bool NotificationTopic::has_transport(std::string_view transport) const {
  return std::find(transports.begin(), transports.end(), transport) != transports.end();
}

base::Result<std::vector<NotificationTopic>, rest::Error> read_topic_catalog(HookContext& context) {
  auto catalog = context.cache.get(*context.client, "/api/v2/notifications/availabletopics",
                                   {{"expand", "transports,description"}});
  if (!catalog.ok()) return catalog.error();
  std::vector<NotificationTopic> topics;
  const nlohmann::json* entities = field_at(*catalog, "entities");
  if (!entities || !entities->is_array()) return topics;
  for (const nlohmann::json& entity : *entities) {
    NotificationTopic topic{string_at(entity, "id"), string_at(entity, "description"), {}};
    if (const nlohmann::json* transports = field_at(entity, "transports"); transports && transports->is_array()) {
      for (const nlohmann::json& t : *transports) {
        if (t.is_string()) topic.transports.push_back(t.get<std::string>());
      }
    }
    topics.push_back(std::move(topic));
  }
  return topics;
}

}  // namespace ge::mapping
