// genesysevents_notification_topics (schemas/notification_topics.json): the topic catalog is
// not a paged collection and its filters (a transport in a list, an id prefix) are not the
// listing language's, so the read is here. The catalog (topic_catalog.h) is read once per
// process, shared with the EventBridge integration's plan-time filter check.
#include "mapping/api_codec.h"
#include "mapping/api_errors.h"
#include "mapping/topic_catalog.h"
#include "mapping/type_hooks.h"

namespace ge::mapping::hooks {
namespace {

using nlohmann::json;
using value::Value;

Value read(const schema::ResourceSchema& schema, const Value& config, HookContext& context, base::Diagnostics& diags) {
  auto catalog = read_topic_catalog(context);
  if (!catalog.ok()) {
    diags.add(api_error_diagnostic(schema, "read", catalog.error()));
    return Value::null(schema.object_type());
  }
  const std::string transport = known_string(config.attribute("transport"));
  const std::string prefix = known_string(config.attribute("name_prefix"));
  json listed = {{"entities", json::array()}, {"ids", json::array()}};
  for (const NotificationTopic& topic : *catalog) {
    if (topic.id.rfind(prefix, 0) != 0) continue;
    if (!transport.empty() && !topic.has_transport(transport)) continue;
    listed["entities"].push_back(
        {{"id", topic.id}, {"description", topic.description}, {"transports", topic.transports}});
    listed["ids"].push_back(topic.id);
  }
  return from_api(schema, listed, config);
}

}  // namespace

extern const TypeHooks notification_topics{nullptr, nullptr, read};

}  // namespace ge::mapping::hooks
