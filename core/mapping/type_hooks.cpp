#include "mapping/type_hooks.h"

namespace ge::mapping {

// One line per hook file (core/mapping/hooks/).
namespace hooks {
extern const TypeHooks kEventbridgeIntegration;
extern const TypeHooks kNotificationTopics;
}  // namespace hooks

const TypeHooks* hooks_for(std::string_view type_name) {
  static const std::map<std::string_view, const TypeHooks*> registry = {
      {"genesysevents_eventbridge_integration", &hooks::kEventbridgeIntegration},
      {"genesysevents_notification_topics", &hooks::kNotificationTopics},
  };
  auto it = registry.find(type_name);
  return it == registry.end() ? nullptr : it->second;
}

base::Result<nlohmann::json, rest::Error> LookupCache::get(rest::Client& client, const std::string& path,
                                                           const std::vector<std::pair<std::string, std::string>>& query) {
  std::string key = path;
  for (const auto& [name, value] : query) key += "&" + name + "=" + value;
  {
    std::lock_guard lock(mu_);
    if (auto it = answers_.find(key); it != answers_.end()) return it->second;
  }
  // Sent outside the lock: two first callers may both ask; both answers are the same data.
  auto res = client.send({"GET", path, query, std::nullopt});
  if (!res.ok()) return res.error();
  std::lock_guard lock(mu_);
  return answers_.emplace(key, std::move(res->body)).first->second;
}

}  // namespace ge::mapping
