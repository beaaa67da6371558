// The organization's notification topic catalog as the hooks read it (docs/reference/platform-api.md
// "Organization and topics"): one definition of the request and of reading its answer, so the
// genesysevents_notification_topics data source and the EventBridge integration's topic filter
// check share one cached request and agree on which transports a topic has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "mapping/type_hooks.h"
#include "rest/client.h"

namespace ge::mapping {

struct NotificationTopic {
  std::string id;
  std::string description;
  std::vector<std::string> transports;  // e.g. "Websocket", "EventBridge", in the API's order

  // Whether `transports` holds exactly this name (case-sensitive, as the API spells it).
  bool has_transport(std::string_view transport) const;
};

// GET /api/v2/notifications/availabletopics?expand=transports,description (the platform answers
// descriptions only when asked) through context.cache: one request per provider process however
// many callers ask. context.client must be set.
// Contract:
// - a failed GET returns the API's error (the cache keeps no failure: the next call asks again);
// - otherwise one topic per element of the answer's `entities` array, in the API's order, and
//   none when `entities` is missing or not an array;
// - a topic's id and description are its string fields ("" when absent); its transports are the
//   string elements of its `transports` array in order (none when the field is absent or not an
//   array; other elements are skipped).
base::Result<std::vector<NotificationTopic>, rest::Error> read_topic_catalog(HookContext& context);

}  // namespace ge::mapping
