#include "mapping/read_batcher.h"

#include "base/log.h"
#include "mapping/json_fields.h"

namespace ge::mapping {

namespace {

// The listing query: the collection's own filters plus what makes each entity carry its
// read_also answers.
std::vector<std::pair<std::string, std::string>> listing_query(const schema::ApiSpec& api) {
  auto query = api.list_query;
  for (const schema::ReadAlso& section : api.read_also) {
    query.insert(query.end(), section.in_listing->query.begin(), section.in_listing->query.end());
  }
  return query;
}

// A listed entity in the shape fetch() gives a single read: each read_also answer moved under
// its `as` key. nullopt when the entity lacks one (the server ignored the expansion) or holds
// another kind of object (object_match): that object is then read with its own GET.
std::optional<nlohmann::json> as_single_read(const schema::ApiSpec& api, nlohmann::json entity) {
  for (const auto& [field, expected] : api.object_match) {
    if (string_at(entity, field) != expected) return std::nullopt;
  }
  for (const schema::ReadAlso& section : api.read_also) {
    const nlohmann::json* answer = field_at(entity, section.in_listing->field);
    if (answer == nullptr || !answer->is_object()) return std::nullopt;
    nlohmann::json copy = *answer;  // the field may lie under the key it moves to
    entity[section.as] = std::move(copy);
  }
  return entity;
}

}  // namespace

bool ReadBatcher::batchable(const schema::ResourceSchema& schema) {
  if (schema.kind != schema::ResourceSchema::Kind::kResource || schema.api.collection_path.empty()) return false;
  for (const schema::ReadAlso& section : schema.api.read_also) {
    if (!section.in_listing) return false;
  }
  return true;
}

std::optional<nlohmann::json> ReadBatcher::lookup(const schema::ResourceSchema& schema, rest::Client& client,
                                                  const std::string& id) {
  if (!batchable(schema)) return std::nullopt;
  const auto fresh = [&](const Listing& l) { return std::chrono::steady_clock::now() - l.taken < max_age_; };
  std::unique_lock lock(mu_);
  TypeReads& type = types_[schema.type_name];
  if (++type.reads <= single_reads_ || type.listing_failed) return std::nullopt;
  // One listing at a time per type; concurrent readers wait for it.
  listed_.wait(lock, [&] { return !type.fetching; });
  if (type.listing_failed) return std::nullopt;
  if (!type.listing || !fresh(*type.listing)) {
    type.fetching = true;
    lock.unlock();
    auto all = client.list_all(schema.api.collection_path, listing_query(schema.api));
    lock.lock();
    type.fetching = false;
    if (all.ok()) {
      Listing listing{{}, std::chrono::steady_clock::now()};
      for (auto& entity : *all) {
        std::string object_id = string_at(entity, "id");
        auto object = as_single_read(schema.api, std::move(entity));
        if (!object_id.empty() && object) listing.objects.emplace(std::move(object_id), std::move(*object));
      }
      base::log::debug("listed for batched reads",
                       {{"type", schema.type_name}, {"objects", std::to_string(listing.objects.size())}});
      type.listing = std::move(listing);
    } else {
      type.listing_failed = true;
      base::log::info("listing for batched reads failed, reading one by one",
                      {{"type", schema.type_name}, {"error", all.error().summary()}});
    }
    listed_.notify_all();
  }
  if (!type.listing) return std::nullopt;
  auto it = type.listing->objects.find(id);
  if (it == type.listing->objects.end()) return std::nullopt;
  return it->second;
}

void ReadBatcher::forget(const std::string& type_name, const std::string& id) {
  std::lock_guard lock(mu_);
  auto type = types_.find(type_name);
  if (type != types_.end() && type->second.listing) type->second.listing->objects.erase(id);
}

}  // namespace ge::mapping
