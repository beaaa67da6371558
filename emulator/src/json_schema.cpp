#include "json_schema.h"

#include <regex>
#include <set>

namespace genesys_emulator {
namespace {

bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  return type == "null" && value.is_null();
}

std::string article(const std::string& type) {
  return (type == "object" || type == "array" || type == "integer" ? "an " : "a ") + type;
}

void check_string(const nlohmann::json& schema, const std::string& text, const std::string& path, FieldReader& r) {
  std::size_t length = utf8_length(text);
  if (auto min = schema.find("minLength"); min != schema.end() && length < min->get<std::size_t>()) {
    r.add(path, min->get<std::size_t>() == 1 ? "required" : "too.short",
          path + " must be at least " + std::to_string(min->get<std::size_t>()) + " characters");
    return;
  }
  if (auto max = schema.find("maxLength"); max != schema.end() && length > max->get<std::size_t>()) {
    r.add(path, "too.long", path + " must be at most " + std::to_string(max->get<std::size_t>()) + " characters");
    return;
  }
  if (auto pattern = schema.find("pattern"); pattern != schema.end()) {
    const auto& text_pattern = pattern->get_ref<const std::string&>();
    if (!std::regex_search(text, std::regex(text_pattern)))
      r.add(path, "invalid.pattern", path + " must match " + text_pattern + " (got \"" + text + "\")");
  }
}

void check_array(const nlohmann::json& schema, const nlohmann::json& items, const std::string& path, FieldReader& r) {
  if (auto min = schema.find("minItems"); min != schema.end() && items.size() < min->get<std::size_t>())
    r.add(path, "too.few.items", path + " must have at least " + std::to_string(min->get<std::size_t>()) + " item(s)");
  if (auto max = schema.find("maxItems"); max != schema.end() && items.size() > max->get<std::size_t>())
    r.add(path, "too.many.items", path + " must have at most " + std::to_string(max->get<std::size_t>()) + " items");
  auto item_schema = schema.find("items");
  bool unique = schema.value("uniqueItems", false);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string item_path = index_path(path, i);
    if (item_schema != schema.end()) check_json_schema(*item_schema, items[i], item_path, r);
    if (unique && !seen.insert(items[i].dump()).second)
      r.add(item_path, "duplicate", item_path + " repeats an earlier item: " + items[i].dump());
  }
}

void check_object(const nlohmann::json& schema, const nlohmann::json& object, const std::string& path, FieldReader& r) {
  static const nlohmann::json kNoProperties = nlohmann::json::object();
  auto declared = schema.find("properties");
  const nlohmann::json& properties = declared != schema.end() ? *declared : kNoProperties;
  if (auto required = schema.find("required"); required != schema.end())
    for (const auto& key : *required)
      if (!object.contains(key.get<std::string>()))
        r.add(join_path(path, key.get<std::string>()), "required",
              join_path(path, key.get<std::string>()) + " is required");
  bool closed = schema.value("additionalProperties", true) == false;
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::string key_path = join_path(path, it.key());
    if (auto property = properties.find(it.key()); property != properties.end())
      check_json_schema(*property, it.value(), key_path, r);
    else if (closed) r.add(key_path, "not.allowed", key_path + " is not a property of this configuration");
  }
}

}  // namespace

void check_json_schema(const nlohmann::json& schema, const nlohmann::json& value, const std::string& path,
                       FieldReader& reader) {
  if (auto type = schema.find("type"); type != schema.end()) {
    const auto& name = type->get_ref<const std::string&>();
    if (!has_type(value, name)) {
      reader.add(path, "invalid.type", path + " must be " + article(name));
      return;
    }
  }
  if (auto allowed = schema.find("enum"); allowed != schema.end()) {
    bool listed = false;
    for (const auto& option : *allowed) listed = listed || option == value;
    if (!listed) {
      reader.add(path, "invalid.enum", path + " is not one of the allowed values (got " + value.dump() + ")");
      return;
    }
  }
  if (value.is_string()) check_string(schema, value.get<std::string>(), path, reader);
  if (value.is_array()) check_array(schema, value, path, reader);
  if (value.is_object()) check_object(schema, value, path, reader);
}

}  // namespace genesys_emulator
