#include "validation.h"

#include "identifiers.h"

namespace genesys_emulator {
namespace {

const nlohmann::json* lookup(const nlohmann::json& parent, std::string_view key) {
  auto it = parent.find(std::string(key));
  if (it == parent.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

bool is_https_url(std::string_view url) {
  if (url.size() <= 8 || to_lower(url.substr(0, 8)) != "https://") return false;
  char first = url[8];
  return first != '/' && first != '?' && first != '#' && url.find_first_of(" \t\r\n") == std::string_view::npos;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

void FieldReader::add(const std::string& path, std::string code, std::string message) {
  errors_.push_back(FieldError{path, std::move(code), std::move(message)});
}

bool FieldReader::check_string(const nlohmann::json& value, const std::string& path, const StringRule& rule) {
  if (!value.is_string()) {
    add(path, "invalid.type", path + " must be a string");
    return false;
  }
  const auto& text = value.get_ref<const std::string&>();
  std::size_t length = utf8_length(text);
  if (length < rule.min_length) {
    add(path, rule.min_length == 1 ? "required" : "too.short",
        rule.min_length == 1 ? path + " must not be empty"
                             : path + " must be at least " + std::to_string(rule.min_length) + " characters");
    return false;
  }
  if (length > rule.max_length) {
    add(path, "too.long", path + " must be at most " + std::to_string(rule.max_length) + " characters");
    return false;
  }
  if (!rule.one_of.empty()) {
    bool found = false;
    for (const auto& option : rule.one_of) found = found || option == text;
    if (!found) {
      add(path, "invalid.enum", path + " must be one of " + join_list(rule.one_of) + " (got \"" + text + "\")");
      return false;
    }
  }
  if (rule.pattern && !std::regex_match(text, *rule.pattern)) {
    add(path, "invalid.pattern", path + " must match " + rule.pattern_text);
    return false;
  }
  if (rule.https && !is_https_url(text)) {
    add(path, "https.required", path + " must be an https:// URL");
    return false;
  }
  return true;
}

std::optional<std::string> FieldReader::string(const nlohmann::json& parent, const std::string& parent_path,
                                               std::string_view key, const StringRule& rule) {
  std::string path = join_path(parent_path, key);
  const auto* value = lookup(parent, key);
  if (!value) {
    if (rule.required) add(path, "required", path + " is required");
    return std::nullopt;
  }
  if (!check_string(*value, path, rule)) return std::nullopt;
  return value->get<std::string>();
}

std::optional<std::int64_t> FieldReader::integer(const nlohmann::json& parent, const std::string& parent_path,
                                                 std::string_view key, const IntRule& rule) {
  std::string path = join_path(parent_path, key);
  const auto* value = lookup(parent, key);
  if (!value) {
    if (rule.required) add(path, "required", path + " is required");
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    add(path, "invalid.type", path + " must be an integer");
    return std::nullopt;
  }
  // Unsigned values beyond int64 are out of every range we check.
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(rule.max)) {
    add(path, "out.of.range",
        path + " must be between " + std::to_string(rule.min) + " and " + std::to_string(rule.max));
    return std::nullopt;
  }
  auto number = value->get<std::int64_t>();
  if (number < rule.min || number > rule.max) {
    add(path, "out.of.range",
        path + " must be between " + std::to_string(rule.min) + " and " + std::to_string(rule.max));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> FieldReader::boolean(const nlohmann::json& parent, const std::string& parent_path,
                                         std::string_view key, bool required) {
  std::string path = join_path(parent_path, key);
  const auto* value = lookup(parent, key);
  if (!value) {
    if (required) add(path, "required", path + " is required");
    return std::nullopt;
  }
  if (!value->is_boolean()) {
    add(path, "invalid.type", path + " must be a boolean");
    return std::nullopt;
  }
  return value->get<bool>();
}

const nlohmann::json* FieldReader::object(const nlohmann::json& parent, const std::string& parent_path,
                                          std::string_view key, bool required) {
  std::string path = join_path(parent_path, key);
  const auto* value = lookup(parent, key);
  if (!value) {
    if (required) add(path, "required", path + " is required");
    return nullptr;
  }
  if (!value->is_object()) {
    add(path, "invalid.type", path + " must be an object");
    return nullptr;
  }
  return value;
}

const nlohmann::json* FieldReader::array(const nlohmann::json& parent, const std::string& parent_path,
                                         std::string_view key, bool required, std::size_t min_items,
                                         std::size_t max_items) {
  std::string path = join_path(parent_path, key);
  const auto* value = lookup(parent, key);
  if (!value) {
    if (required) add(path, "required", path + " is required");
    return nullptr;
  }
  if (!value->is_array()) {
    add(path, "invalid.type", path + " must be an array");
    return nullptr;
  }
  if (value->size() < min_items) {
    add(path, "too.few.items", path + " must have at least " + std::to_string(min_items) + " item(s)");
    return nullptr;
  }
  if (value->size() > max_items) {
    add(path, "too.many.items", path + " must have at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return value;
}

std::optional<nlohmann::json> FieldReader::string_map(const nlohmann::json& parent, const std::string& parent_path,
                                                      std::string_view key, bool required, std::size_t max_entries) {
  const auto* value = object(parent, parent_path, key, required);
  if (!value) return std::nullopt;
  std::string path = join_path(parent_path, key);
  if (value->size() > max_entries) {
    add(path, "too.many.items", path + " must have at most " + std::to_string(max_entries) + " entries");
    return std::nullopt;
  }
  bool good = true;
  for (auto it = value->begin(); it != value->end(); ++it) {
    if (!it.value().is_string()) {
      add(join_path(path, it.key()), "invalid.type", join_path(path, it.key()) + " must be a string");
      good = false;
    }
  }
  if (!good) return std::nullopt;
  return *value;
}

}  // namespace genesys_emulator
