// The platform-provisioned fixtures: the event-type catalog (read-only, compiled
// in) and the EventBridge topics seeded into the store on first start
// (docs/emulator.md lists them; tests rely on their ids).
#pragma once

#include "store.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace genesys_emulator {

inline constexpr const char* kTopics = "topics";

struct EventType {
  std::string id;
  std::string description;
};

const std::vector<EventType>& event_type_catalog();
bool is_catalog_event_type(const std::string& id);

// Adds each seeded topic the store does not hold yet (persisted edits win).
// The caller holds the store lock.
void seed_topics(Store& store);

// The topic's resource path.
std::string topic_self_uri(const std::string& id);

}  // namespace genesys_emulator
