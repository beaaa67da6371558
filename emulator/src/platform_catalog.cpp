#include "platform_catalog.h"

namespace genesys_emulator {

const nlohmann::json& organization() {
  static const nlohmann::json kOrganization = {{"id", "6f0c7b0e-5d1a-4c53-9a7e-2e6b8d4f1a90"},
                                               {"name", "Genesys Emulator Org"},
                                               {"thirdPartyOrgName", "genesys-emulator"},
                                               {"domain", "genesys-emulator"},
                                               {"defaultCountryCode", "US"},
                                               {"state", "active"},
                                               {"version", 1},
                                               {"selfUri", "/api/v2/organizations/6f0c7b0e-5d1a-4c53-9a7e-2e6b8d4f1a90"}};
  return kOrganization;
}

const std::vector<NotificationTopic>& notification_topics() {
  static const std::vector<NotificationTopic> kTopics = {
      {"v2.detail.events.conversation.{id}.customer.start", "A customer joined a conversation",
       {"analytics:conversationDetail:view"}, {"EventBridge"}, {"/api/v2/conversations/{id}"}},
      {"v2.detail.events.conversation.{id}.customer.end", "A customer left a conversation",
       {"analytics:conversationDetail:view"}, {"Websocket", "EventBridge"}, {"/api/v2/conversations/{id}"}},
      {"v2.detail.events.conversation.{id}.acw", "An agent finished after-call work",
       {"analytics:conversationDetail:view"}, {"EventBridge"}, {"/api/v2/conversations/{id}"}},
      {"v2.audits.entitytype.{id}.entityid.{id}", "An audited entity changed", {"audits:audit:view"},
       {"EventBridge"}, {"/api/v2/audits/query"}},
      {"v2.users.{id}.presence", "A user's presence changed", {}, {"Websocket", "EventBridge"},
       {"/api/v2/users/{id}/presences"}},
      {"v2.routing.queues.{id}.conversations", "Conversations of a routing queue changed",
       {"routing:queue:view"}, {"Websocket"}, {"/api/v2/routing/queues/{id}"}},
      {"v2.users.{id}.conversations", "A user's conversations changed", {}, {"Websocket"},
       {"/api/v2/users/{id}"}},
      {"v2.analytics.queues.{id}.observations", "Queue observation metrics changed",
       {"analytics:queueObservation:view"}, {"Websocket"}, {"/api/v2/analytics/queues/observations/query"}},
  };
  return kTopics;
}

}  // namespace genesys_emulator
