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

// Whether an embedded read_also answer holds what the state is built from: every field the
// schema maps under the section's `as` (its first level: `version`, and `properties` as an
// object when attributes map below it) and the section's version. A partial expansion would
// read as attributes gone (a replacement planned for a force_new one).
bool complete_section(const schema::ResourceSchema& schema, const schema::ReadAlso& section,
                      const nlohmann::json& answer) {
  const std::string prefix = section.as + ".";
  for (const schema::Attribute& a : schema.attributes) {
    if (a.api_field.rfind(prefix, 0) != 0) continue;
    const std::string rest = a.api_field.substr(prefix.size());
    const size_t dot = rest.find('.');
    const nlohmann::json* v = field_at(answer, rest.substr(0, dot));
    if (v == nullptr || v->is_null() || (dot != std::string::npos && !v->is_object())) return false;
  }
  if (section.write && !section.write->version_field.empty()) {
    const nlohmann::json* v = field_at(answer, section.write->version_field);
    if (v == nullptr || v->is_null()) return false;
  }
  return true;
}

// A listed entity in the shape fetch() gives a single read: each read_also answer moved under
// its `as` key. nullopt when the entity lacks one or holds only part of it (the server ignored
// the expansion) or holds another kind of object (object_match): that object is then read with
// its own GET.
std::optional<nlohmann::json> as_single_read(const schema::ResourceSchema& schema, nlohmann::json entity) {
  const schema::ApiSpec& api = schema.api;
  if (!entity.is_object()) return std::nullopt;
  for (const auto& [field, expected] : api.object_match) {
    if (string_at(entity, field) != expected) return std::nullopt;
  }
  for (const schema::ReadAlso& section : api.read_also) {
    const nlohmann::json* answer = field_at(entity, section.in_listing->field);
    if (answer == nullptr || !answer->is_object() || !complete_section(schema, section, *answer)) return std::nullopt;
    nlohmann::json copy = *answer;  // the field may lie under the key it moves to
    entity[section.as] = std::move(copy);
  }
  return entity;
}

}  // namespace

ReadBatcher::ReadBatcher(int single_reads, std::chrono::milliseconds max_age, Lister lister)
    : single_reads_(single_reads),
      max_age_(max_age),
      fetch_listing_(lister ? std::move(lister) : [](const schema::ResourceSchema& schema, rest::Client& client) {
        return client.list_all(schema.api.collection_path, listing_query(schema.api));
      }) {}

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
    // Whatever happens below (an exception included), the flag is cleared and the waiting
    // readers woken, or they would wait forever.
    struct InFlight {
      std::unique_lock<std::mutex>& lock;
      TypeReads& type;
      std::condition_variable& listed;
      ~InFlight() {
        if (!lock.owns_lock()) lock.lock();
        type.fetching = false;
        listed.notify_all();
      }
    } in_flight{lock, type, listed_};
    lock.unlock();
    auto all = fetch_listing_(schema, client);
    lock.lock();
    if (all.ok()) {
      Listing listing{{}, std::chrono::steady_clock::now()};
      for (auto& entity : *all) {
        std::string object_id = string_at(entity, "id");
        auto object = as_single_read(schema, std::move(entity));
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
