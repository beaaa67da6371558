// Emulator tests: minimal valid request bodies per object kind, so each test states
// only the field it is about.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace genesys_emulator::testing {

inline nlohmann::json webhook_body(const std::string& name, const std::string& url = "https://hooks.example/in") {
  return {{"name", name}, {"destinationUrl", url}};
}

inline nlohmann::json subscription_body(const std::string& name, const std::string& webhook_id) {
  return {{"name", name}, {"filter", {{"eventType", {"routing.queueEvent"}}}}, {"webhookId", webhook_id}};
}

inline nlohmann::json eb_subscription_body(const std::string& name) {
  return {
      {"name", name},
      {"topicArn", "arn:aws:events:us-east-1:123456789012:topic/genesys-events"},
      {"destination", {{"url", "https://events.example/in"}, {"roleArn", "arn:aws:iam::123456789012:role/genesys"}}}};
}

inline nlohmann::json target_body(const std::string& name, const std::string& url) {
  return {{"name", name}, {"endpointUrl", url}, {"authType", "NONE"}, {"eventTypes", {"routing.queueEvent"}}};
}

inline nlohmann::json source_body(const std::string& name, const std::string& target_id,
                                  const std::string& topic = "genesys-cx-events") {
  return {{"name", name},
          {"eventTopicId", topic},
          {"targets", nlohmann::json::array({{{"targetId", target_id}, {"priority", 1}}})}};
}

inline nlohmann::json destination_body(const std::string& name) {
  return {{"name", name},
          {"webhookDestination",
           {{"url", "https://dest.example/in"}, {"authHeaderTemplate", R"({"Authorization":"${aws4_hmac_sha256}"})"}}}};
}

// The single details[].fieldName of a 400 body, or "" when there is not exactly one.
inline std::string only_field(const nlohmann::json& error) {
  if (!error.contains("details") || error["details"].size() != 1) return "";
  return error["details"][0]["fieldName"].get<std::string>();
}

}  // namespace genesys_emulator::testing
