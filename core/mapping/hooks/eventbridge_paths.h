// The API paths the EventBridge hooks read (docs/reference/api-contract.md "EventBridge targets",
// "EventBridge topics"): one definition, so the target's planned event types are recorded under
// the very key the source's check reads (type_hooks.h LookupCache::set_planned).
#pragma once

#include <string>

#include "base/text.h"

namespace ge::mapping::hooks {

inline std::string target_path(const std::string& id) {
  return "/api/v2/integrations/eventbridge/targets/" + base::percent_encode(id);
}

inline std::string topic_path(const std::string& id) {
  return "/api/v2/eventbridge/topics/" + base::percent_encode(id);
}

}  // namespace ge::mapping::hooks
