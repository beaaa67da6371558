#include "mapping/type_hooks.h"

namespace ge::mapping {

// One line per hook file (core/mapping/hooks/).
namespace hooks {
extern const TypeHooks endpoint_check;
extern const TypeHooks eventbridge_integration;
extern const TypeHooks eventbridge_source;
extern const TypeHooks eventbridge_target;
extern const TypeHooks notification_topics;
}  // namespace hooks

const TypeHooks* hooks_for(std::string_view type_name) {
  static const std::map<std::string_view, const TypeHooks*> registry = {
      {"genesysevents_endpoint_check", &hooks::endpoint_check},
      {"genesysevents_eventbridge_integration", &hooks::eventbridge_integration},
      {"genesysevents_eventbridge_source", &hooks::eventbridge_source},
      {"genesysevents_eventbridge_target", &hooks::eventbridge_target},
      {"genesysevents_notification_topics", &hooks::notification_topics},
  };
  auto it = registry.find(type_name);
  return it == registry.end() ? nullptr : it->second;
}

base::Result<nlohmann::json, rest::Error> LookupCache::get(
    rest::Client& client, const std::string& path, const std::vector<std::pair<std::string, std::string>>& query) {
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

void LookupCache::set_planned(const std::string& path, nlohmann::json fields) {
  std::lock_guard lock(mu_);
  planned_[path] = std::move(fields);
}

base::Result<nlohmann::json, rest::Error> LookupCache::get_as_planned(rest::Client& client, const std::string& path) {
  auto answer = get(client, path);
  if (!answer.ok()) return answer;
  nlohmann::json object = std::move(answer).value();
  std::lock_guard lock(mu_);
  if (auto it = planned_.find(path); it != planned_.end() && object.is_object()) {
    for (const auto& [field, v] : it->second.items()) object[field] = v;
  }
  return object;
}

}  // namespace ge::mapping
