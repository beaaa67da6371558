// genesysevents_notification_topics (schemas/notification_topics.json): the topic catalog is
// not a paged collection and its filters (a transport in a list, an id prefix) are not the
// listing language's, so the read is here. The catalog request is the lookup cache's, shared
// with the EventBridge integration's plan-time filter check.
#include <algorithm>

#include "mapping/api_codec.h"
#include "mapping/api_errors.h"
#include "mapping/json_fields.h"
#include "mapping/type_hooks.h"

namespace ge::mapping::hooks {
namespace {

using nlohmann::json;
using value::Value;

std::string known_string(const Value& v) { return v.is_null() || !v.is_known() ? "" : v.as_string(); }

Value read(const schema::ResourceSchema& schema, const Value& config, HookContext& context, base::Diagnostics& diags) {
  auto catalog = context.cache.get(*context.client, "/api/v2/notifications/availabletopics", {{"expand", "transports"}});
  if (!catalog.ok()) {
    diags.add(api_error_diagnostic(schema, "read", catalog.error()));
    return Value::null(schema.object_type());
  }
  const std::string transport = known_string(config.attribute("transport"));
  const std::string prefix = known_string(config.attribute("name_prefix"));
  json listed = {{"entities", json::array()}, {"ids", json::array()}};
  if (const json* entities = field_at(*catalog, "entities"); entities && entities->is_array()) {
    for (const json& topic : *entities) {
      const std::string id = string_at(topic, "id");
      if (id.rfind(prefix, 0) != 0) continue;
      const json* transports = field_at(topic, "transports");
      if (!transport.empty() && !(transports && transports->is_array() &&
                                  std::find(transports->begin(), transports->end(), transport) != transports->end())) {
        continue;
      }
      listed["entities"].push_back({{"id", id},
                                    {"description", string_at(topic, "description")},
                                    {"transports", transports ? *transports : json::array()}});
      listed["ids"].push_back(id);
    }
  }
  return from_api(schema, listed, config);
}

}  // namespace

extern const TypeHooks notification_topics{nullptr, nullptr, read};

}  // namespace ge::mapping::hooks
