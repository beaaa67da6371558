// EventBridge subscriptions (docs/reference/api-contract.md "EventBridge subscriptions"), capped
// per organization by the `subscriptionLimit` config (default 25).
#include "app.h"
#include "crud.h"
#include "handlers/handlers.h"
#include "kinds.h"

#include <regex>

namespace genesys_emulator {
namespace {

const std::regex kTopicArn(R"(arn:aws:events:[a-z0-9-]+:\d{12}:topic/[a-zA-Z0-9_-]+)");
const std::regex kRoleArn(R"(arn:aws:iam::\d{12}:role/[a-zA-Z0-9_-]+)");

nlohmann::json normalize(const nlohmann::json& body, FieldReader& r, App&) {
  nlohmann::json out = nlohmann::json::object();
  if (auto v = r.string(body, "", "name", {.required = true, .min_length = 1, .max_length = 256})) out["name"] = *v;
  if (auto v = r.string(body, "", "description", {.max_length = 4096})) out["description"] = *v;
  if (auto v = r.string(body, "", "topicArn",
                        {.required = true,
                         .min_length = 1,
                         .pattern = &kTopicArn,
                         .pattern_text = R"(^arn:aws:events:[a-z0-9-]+:\d{12}:topic/[a-zA-Z0-9_-]+$)"}))
    out["topicArn"] = *v;
  if (const auto* policy = r.object(body, "", "filterPolicy", false)) {
    bool good = true;
    for (auto it = policy->begin(); it != policy->end(); ++it) {
      std::string path = join_path("filterPolicy", it.key());
      if (!it.value().is_array() || it.value().empty()) {
        r.add(path, "invalid.type", path + " must be a non-empty array of strings, numbers or booleans");
        good = false;
        continue;
      }
      for (std::size_t i = 0; i < it.value().size(); ++i) {
        const auto& item = it.value()[i];
        if (!item.is_string() && !item.is_number() && !item.is_boolean()) {
          r.add(index_path(path, i), "invalid.type", index_path(path, i) + " must be a string, number or boolean");
          good = false;
        }
      }
    }
    if (good) out["filterPolicy"] = *policy;
  }
  if (const auto* dest = r.object(body, "", "destination", true)) {
    nlohmann::json d = nlohmann::json::object();
    if (auto v = r.string(*dest, "destination", "url", {.required = true, .min_length = 1, .https = true}))
      d["url"] = *v;
    if (auto v = r.string(*dest, "destination", "roleArn",
                          {.required = true,
                           .min_length = 1,
                           .pattern = &kRoleArn,
                           .pattern_text = R"(^arn:aws:iam::\d{12}:role/[a-zA-Z0-9_-]+$)"}))
      d["roleArn"] = *v;
    out["destination"] = d;
  }
  out["enabled"] = r.boolean(body, "", "enabled", false).value_or(true);
  return out;
}

}  // namespace

void register_eventbridge_subscriptions(App& app) {
  KindSpec spec;
  spec.kind = kEventBridgeSubscriptions;
  spec.label = "EventBridge subscription";
  spec.base_path = "/api/v2/events/eventbridgesubscriptions";
  spec.read_scope = "event:subscription:read";
  spec.write_scope = "event:subscription:write";
  spec.normalize = normalize;
  spec.before_create = [](App& app) -> std::optional<ApiError> {
    auto limit = app.config.snapshot().subscription_limit;
    if (static_cast<std::int64_t>(app.store.count(kEventBridgeSubscriptions)) < limit) return std::nullopt;
    ApiError error = bad_request("The organization already holds the maximum of " + std::to_string(limit) +
                                 " EventBridge subscriptions (eventbridge.subscriptions.max)");
    error.code = "subscription.limit.reached";
    return error;
  };
  register_crud(app, spec);
}

}  // namespace genesys_emulator
