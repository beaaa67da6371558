// Typed readers for request bodies. Each reader looks up one key of a JSON object,
// checks type and rule, and on failure records a FieldError carrying the full JSON
// path (`retryPolicy.retryCount`, `targets[0].priority`). Readers never throw; a
// handler reads every field, then fails with all collected errors at once.
//
// Conventions (docs/emulator.md): a key that is absent or JSON null counts as not
// given; a wrong JSON type is an error (a string where a number is expected, a
// float where an integer is expected); string lengths count Unicode code points.
#pragma once

#include "api_error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace genesys_emulator {

struct StringRule {
  bool required = false;
  std::size_t min_length = 0;
  std::size_t max_length = std::numeric_limits<std::size_t>::max();
  std::vector<std::string> one_of;      // enum, compared exactly
  const std::regex* pattern = nullptr;  // whole-string match
  std::string pattern_text;             // shown in the message
  bool https = false;                   // must be an https:// URL with a host
};

struct IntRule {
  bool required = false;
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
};

std::string join_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);
bool is_https_url(std::string_view url);
std::size_t utf8_length(std::string_view text);

class FieldReader {
 public:
  void add(const std::string& path, std::string code, std::string message);
  bool ok() const { return errors_.empty(); }
  std::vector<FieldError> take_errors() { return std::move(errors_); }

  // `parent` must be a JSON object (callers check); `parent_path` is its path ("" at the root).
  std::optional<std::string> string(const nlohmann::json& parent, const std::string& parent_path, std::string_view key,
                                    const StringRule& rule);
  std::optional<std::int64_t> integer(const nlohmann::json& parent, const std::string& parent_path,
                                      std::string_view key, const IntRule& rule);
  std::optional<bool> boolean(const nlohmann::json& parent, const std::string& parent_path, std::string_view key,
                              bool required);
  // The value when it is a JSON object; records an error when it is another type.
  const nlohmann::json* object(const nlohmann::json& parent, const std::string& parent_path, std::string_view key,
                               bool required);
  const nlohmann::json* array(const nlohmann::json& parent, const std::string& parent_path, std::string_view key,
                              bool required, std::size_t min_items, std::size_t max_items);
  // A JSON object whose values are all strings, with at most `max_entries` keys.
  std::optional<nlohmann::json> string_map(const nlohmann::json& parent, const std::string& parent_path,
                                           std::string_view key, bool required, std::size_t max_entries);
  // Checks one string value already extracted (e.g. an array element) at `path`.
  bool check_string(const nlohmann::json& value, const std::string& path, const StringRule& rule);

 private:
  std::vector<FieldError> errors_;
};

}  // namespace genesys_emulator
