#include "mapping/json_fields.h"

#include <charconv>

namespace ge::mapping {

using nlohmann::json;

const json* field_at(const json& object, std::string_view dotted) {
  const json* cur = &object;
  while (cur->is_object()) {
    const size_t dot = dotted.find('.');
    auto it = cur->find(dotted.substr(0, dot));
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string_view::npos) return cur;
    dotted.remove_prefix(dot + 1);
  }
  return nullptr;
}

std::string string_at(const json& object, std::string_view dotted) {
  const json* v = dotted.empty() ? nullptr : field_at(object, dotted);
  if (v == nullptr || v->is_null()) return "";
  return v->is_string() ? v->get<std::string>() : v->dump();
}

std::optional<int64_t> parse_int(std::string_view text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

}  // namespace ge::mapping
