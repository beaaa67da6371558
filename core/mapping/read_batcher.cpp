#include "mapping/read_batcher.h"

#include "base/log.h"
#include "mapping/json_fields.h"

namespace ge::mapping {

bool ReadBatcher::batchable(const schema::ResourceSchema& schema) {
  return schema.kind == schema::ResourceSchema::Kind::kResource && !schema.api.collection_path.empty() &&
         schema.api.read_also.empty() && schema.api.list_query.empty() && schema.api.object_match.empty();
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
    auto all = client.list_all(schema.api.collection_path);
    lock.lock();
    type.fetching = false;
    if (all.ok()) {
      Listing listing{{}, std::chrono::steady_clock::now()};
      for (auto& object : *all) {
        std::string object_id = string_at(object, "id");
        if (!object_id.empty()) listing.objects.emplace(std::move(object_id), std::move(object));
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
