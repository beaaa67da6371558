#include "platform_catalog.h"

namespace genesys_emulator {
namespace {

constexpr const char* kTypesPath = "/api/v2/integrations/types/";
constexpr const char* kSchemaDraft = "http://json-schema.org/draft-04/schema#";

nlohmann::json schema_document(const std::string& type_id, const std::string& config_type, const std::string& title) {
  return {{"id", kTypesPath + type_id + "/configschemas/" + config_type},
          {"$schema", kSchemaDraft},
          {"title", title},
          {"type", "object"}};
}

nlohmann::json type_description(const std::string& id, const std::string& name, const std::string& description,
                                const std::string& category, std::int64_t max_instances) {
  std::string self = kTypesPath + id;
  return {{"id", id},
          {"name", name},
          {"description", description},
          {"provider", "genesys"},
          {"category", category},
          {"configPropertiesSchemaUri", self + "/configschemas/properties"},
          {"configAdvancedSchemaUri", self + "/configschemas/advanced"},
          {"credentials", nlohmann::json::object()},
          {"maxInstances", max_instances},
          {"nonInstallable", false},
          {"selfUri", self}};
}

// The topic patterns an EventBridge integration may filter on.
std::vector<std::string> eventbridge_topic_ids() {
  std::vector<std::string> ids;
  for (const auto& topic : notification_topics())
    for (const auto& transport : topic.transports)
      if (transport == "EventBridge") ids.push_back(topic.id);
  return ids;
}

IntegrationType eventbridge_type() {
  IntegrationType type;
  type.description = type_description(
      kEventBridgeIntegrationType, "Amazon EventBridge Source",
      "Sends Genesys Cloud events to an Amazon EventBridge partner event source in your AWS account", "Event Bridge",
      10);
  nlohmann::json properties = schema_document(kEventBridgeIntegrationType, "properties", "Amazon EventBridge Source");
  properties["required"] = {"awsAccountId", "awsAccountRegion", "eventSourceSuffix", "eventFilter"};
  properties["properties"] = {
      {"awsAccountId",
       {{"type", "string"}, {"title", "AWS Account ID"}, {"description", "12 digits"}, {"pattern", "^[0-9]{12}$"}}},
      {"awsAccountRegion",
       {{"type", "string"}, {"title", "AWS Account Region"}, {"pattern", "^[a-z]{2}(-gov)?-[a-z]+-[0-9]$"}}},
      {"eventSourceSuffix",
       {{"type", "string"},
        {"title", "Event Source Suffix"},
        {"description", "Ends the partner event source name aws.partner/genesys.com/cloud/<orgId>/<suffix>"},
        {"minLength", 1},
        {"maxLength", 64},
        {"pattern", "^[A-Za-z0-9._-]+$"}}},
      {"eventFilter",
       {{"type", "array"},
        {"title", "Topic Filtering"},
        {"minItems", 1},
        {"uniqueItems", true},
        {"items", {{"type", "string"}, {"enum", eventbridge_topic_ids()}}}}}};
  properties["additionalProperties"] = false;
  type.properties_schema = std::move(properties);
  type.advanced_schema = schema_document(kEventBridgeIntegrationType, "advanced", "Amazon EventBridge Source advanced");
  type.advanced_schema["properties"] = nlohmann::json::object();
  type.advanced_schema["additionalProperties"] = true;
  return type;
}

IntegrationType data_actions_type() {
  const std::string id = "purecloud-data-actions";
  IntegrationType type;
  type.description = type_description(id, "Genesys Cloud Data Actions",
                                      "Calls the Genesys Cloud Platform API from flows", "Data Actions", 1);
  for (const char* config_type : {"properties", "advanced"}) {
    nlohmann::json schema = schema_document(id, config_type, "Genesys Cloud Data Actions");
    schema["properties"] = nlohmann::json::object();
    schema["additionalProperties"] = true;
    (std::string(config_type) == "properties" ? type.properties_schema : type.advanced_schema) = std::move(schema);
  }
  return type;
}

}  // namespace

const nlohmann::json& organization() {
  static const nlohmann::json kOrganization = {
      {"id", "6f0c7b0e-5d1a-4c53-9a7e-2e6b8d4f1a90"},
      {"name", "Genesys Emulator Org"},
      {"thirdPartyOrgName", "genesys-emulator"},
      {"domain", "genesys-emulator"},
      {"defaultCountryCode", "US"},
      {"state", "active"},
      {"version", 1},
      {"selfUri", "/api/v2/organizations/6f0c7b0e-5d1a-4c53-9a7e-2e6b8d4f1a90"}};
  return kOrganization;
}

const std::vector<std::string>& authorization_products() {
  // `purecloud` is every organization's base product; the others are the example names the
  // Platform API's own description of the call gives (docs/reference/platform-api.md).
  static const std::vector<std::string> kProducts = {"purecloud", "collaborateFree", "collaboratePro", "communicate",
                                                     "engage"};
  return kProducts;
}

const std::vector<NotificationTopic>& notification_topics() {
  static const std::vector<NotificationTopic> kTopics = {
      {"v2.detail.events.conversation.{id}.customer.start",
       "A customer joined a conversation",
       {"analytics:conversationDetail:view"},
       {"EventBridge"},
       {"/api/v2/conversations/{id}"}},
      {"v2.detail.events.conversation.{id}.customer.end",
       "A customer left a conversation",
       {"analytics:conversationDetail:view"},
       {"Websocket", "EventBridge"},
       {"/api/v2/conversations/{id}"}},
      {"v2.detail.events.conversation.{id}.acw",
       "An agent finished after-call work",
       {"analytics:conversationDetail:view"},
       {"EventBridge"},
       {"/api/v2/conversations/{id}"}},
      {"v2.audits.entitytype.{id}.entityid.{id}",
       "An audited entity changed",
       {"audits:audit:view"},
       {"EventBridge"},
       {"/api/v2/audits/query"}},
      {"v2.users.{id}.presence",
       "A user's presence changed",
       {},
       {"Websocket", "EventBridge"},
       {"/api/v2/users/{id}/presences"}},
      {"v2.routing.queues.{id}.conversations",
       "Conversations of a routing queue changed",
       {"routing:queue:view"},
       {"Websocket"},
       {"/api/v2/routing/queues/{id}"}},
      {"v2.users.{id}.conversations", "A user's conversations changed", {}, {"Websocket"}, {"/api/v2/users/{id}"}},
      {"v2.analytics.queues.{id}.observations",
       "Queue observation metrics changed",
       {"analytics:queueObservation:view"},
       {"Websocket"},
       {"/api/v2/analytics/queues/observations/query"}},
  };
  return kTopics;
}

const std::vector<IntegrationType>& integration_types() {
  static const std::vector<IntegrationType> kTypes = {eventbridge_type(), data_actions_type()};
  return kTypes;
}

const IntegrationType* find_integration_type(const std::string& id) {
  for (const auto& type : integration_types())
    if (type.description["id"] == id) return &type;
  return nullptr;
}

}  // namespace genesys_emulator
