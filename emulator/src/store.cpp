#include "store.h"

#include "identifiers.h"

namespace genesys_emulator {
namespace {

std::uint64_t seq_of(const nlohmann::json& object) {
  auto it = object.find("_seq");
  return it != object.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

std::optional<std::string> name_key(const nlohmann::json& object) {
  auto it = object.find("name");
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return to_lower(it->get<std::string>());
}

}  // namespace

void Store::index_insert(Collection& c, const nlohmann::json& object) {
  const auto& id = object["id"].get_ref<const std::string&>();
  c.order[seq_of(object)] = id;
  if (auto key = name_key(object)) c.names[*key] = id;
}

void Store::index_erase(Collection& c, const nlohmann::json& object) {
  c.order.erase(seq_of(object));
  if (auto key = name_key(object)) {
    auto it = c.names.find(*key);
    if (it != c.names.end() && it->second == object["id"].get<std::string>()) c.names.erase(it);
  }
}

void Store::load_persisted() {
  if (!persistence_) return;
  std::lock_guard lock(mutex_);
  for (auto& row : persistence_->load_all()) {
    if (!row.object.is_object() || !row.object.contains("id")) continue;
    next_seq_ = std::max(next_seq_, seq_of(row.object) + 1);
    auto& c = collections_[row.kind];
    index_insert(c, row.object);
    c.objects[row.id] = std::move(row.object);
  }
}

const nlohmann::json* Store::find(const std::string& kind, const std::string& id) const {
  auto c = collections_.find(kind);
  if (c == collections_.end()) return nullptr;
  auto it = c->second.objects.find(id);
  return it == c->second.objects.end() ? nullptr : &it->second;
}

std::vector<const nlohmann::json*> Store::list(const std::string& kind) const {
  std::vector<const nlohmann::json*> out;
  auto c = collections_.find(kind);
  if (c == collections_.end()) return out;
  out.reserve(c->second.order.size());
  for (const auto& [seq, id] : c->second.order) out.push_back(&c->second.objects.at(id));
  return out;
}

std::size_t Store::count(const std::string& kind) const {
  auto c = collections_.find(kind);
  return c == collections_.end() ? 0 : c->second.objects.size();
}

std::optional<std::string> Store::id_by_name(const std::string& kind, const std::string& name) const {
  auto c = collections_.find(kind);
  if (c == collections_.end()) return std::nullopt;
  auto it = c->second.names.find(to_lower(name));
  if (it == c->second.names.end()) return std::nullopt;
  return it->second;
}

void Store::put(const std::string& kind, nlohmann::json object) {
  auto& c = collections_[kind];
  std::string id = object["id"].get<std::string>();
  auto existing = c.objects.find(id);
  if (existing != c.objects.end()) {
    object["_seq"] = seq_of(existing->second);
    index_erase(c, existing->second);
  } else {
    object["_seq"] = next_seq_++;
  }
  index_insert(c, object);
  if (persistence_) persistence_->save(kind, id, object);
  c.objects[id] = std::move(object);
}

bool Store::erase(const std::string& kind, const std::string& id) {
  auto c = collections_.find(kind);
  if (c == collections_.end()) return false;
  auto it = c->second.objects.find(id);
  if (it == c->second.objects.end()) return false;
  index_erase(c->second, it->second);
  c->second.objects.erase(it);
  if (persistence_) persistence_->erase(kind, id);
  return true;
}

void Store::clear_except(const std::set<std::string>& keep) {
  for (auto it = collections_.begin(); it != collections_.end();) {
    if (keep.count(it->first)) {
      ++it;
      continue;
    }
    if (persistence_) persistence_->erase_kind(it->first);
    it = collections_.erase(it);
  }
}

}  // namespace genesys_emulator
