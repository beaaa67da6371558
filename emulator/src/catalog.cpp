#include "catalog.h"

namespace genesys_emulator {

const std::vector<EventType>& event_type_catalog() {
  static const std::vector<EventType> kCatalog = {
      {"routing.queueEvent", "A routing queue changed"},
      {"routing.contact.queued", "A contact entered a routing queue"},
      {"routing.contact.answered", "An agent answered a queued contact"},
      {"routing.contact.abandoned", "A contact left a queue before being answered"},
      {"conversation.event", "A conversation changed"},
      {"conversation.ended", "A conversation ended"},
      {"user.presence.changed", "A user's presence changed"},
      {"QUEUE_MEMBER_ADDED", "A member was added to a queue"},
      {"QUEUE_MEMBER_REMOVED", "A member was removed from a queue"},
      {"CONVERSATION_STARTED", "A conversation started"},
      {"CONVERSATION_ENDED", "A conversation ended (legacy name)"},
  };
  return kCatalog;
}

bool is_catalog_event_type(const std::string& id) {
  for (const auto& e : event_type_catalog())
    if (e.id == id) return true;
  return false;
}

std::string topic_self_uri(const std::string& id) { return "/api/v2/eventbridge/topics/" + id; }

void seed_topics(Store& store) {
  struct Seed {
    const char* id;
    const char* name;
    const char* description;
    const char* status;
    std::vector<std::string> event_types;
  };
  static const Seed kSeeds[] = {
      {"genesys-cx-events",
       "Genesys CX events",
       "Routing and conversation events",
       "active",
       {"routing.queueEvent", "routing.contact.queued", "routing.contact.answered", "conversation.event"}},
      {"genesys-queue-events",
       "Genesys queue events",
       "Queue membership events",
       "active",
       {"QUEUE_MEMBER_ADDED", "QUEUE_MEMBER_REMOVED", "routing.queueEvent"}},
      {"legacy-events",
       "Legacy events",
       "Retired event stream kept for old integrations",
       "inactive",
       {"CONVERSATION_STARTED", "CONVERSATION_ENDED"}},
  };
  for (const auto& seed : kSeeds) {
    if (store.find(kTopics, seed.id)) continue;
    store.put(kTopics, {{"id", seed.id},
                        {"name", seed.name},
                        {"description", seed.description},
                        {"status", seed.status},
                        {"eventTypes", seed.event_types},
                        {"selfUri", topic_self_uri(seed.id)}});
  }
}

}  // namespace genesys_emulator
