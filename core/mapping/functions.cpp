#include "mapping/functions.h"

#include <algorithm>

namespace ge::mapping {
namespace {

using value::Type;
using value::Value;

constexpr std::string_view kPartnerSourcePrefix = "aws.partner/genesys.com/cloud/";
constexpr size_t kMaxSuffixLength = 64;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// An organization id as GET /api/v2/organizations/me answers it: a UUID, 8-4-4-4-12 hex digits
// (docs/reference/platform-api.md "Organization and topics").
bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

// The characters AWS allows in a segment of a partner event source name, and the ones the
// integration's eventSourceSuffix allows (docs/reference/platform-api.md).
bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

FunctionError argument_error(int64_t index, std::string text) { return FunctionError{std::move(text), index}; }

// With the id a 36-character UUID and the suffix at most 64 characters, the whole name stays far
// within AWS's 256 characters.
base::Result<Value, FunctionError> partner_event_source_name(const std::vector<Value>& args) {
  const std::string& org_id = args[0].as_string();
  const std::string& suffix = args[1].as_string();
  if (!is_uuid(org_id)) {
    return argument_error(0,
                          "org_id must be an organization id, a UUID such as "
                          "\"6f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b\" (the id GET /api/v2/organizations/me "
                          "answers); got \"" +
                              org_id + "\".");
  }
  if (suffix.empty() || suffix.size() > kMaxSuffixLength ||
      !std::all_of(suffix.begin(), suffix.end(), is_name_character)) {
    return argument_error(1,
                          "suffix must be 1 to 64 characters of letters, digits, '.', '_' and '-' (the "
                          "integration's event source suffix); got \"" +
                              suffix + "\".");
  }
  return Value::string(std::string(kPartnerSourcePrefix) + org_id + "/" + suffix);
}

std::vector<std::string_view> split_segments(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t dot = s.find('.'); dot != std::string_view::npos; dot = s.find('.', start)) {
    out.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
  out.push_back(s.substr(start));
  return out;
}

constexpr std::string_view kWildcard = "{id}";

// A topic name or pattern is dot-separated non-empty segments; a pattern's {id} stands for one
// whole segment (docs/reference/platform-api.md, eventFilter).
std::optional<std::string> segment_problem(const std::vector<std::string_view>& segments, bool wildcards_allowed) {
  for (auto seg : segments) {
    if (seg.empty()) return "has an empty segment (two dots in a row, or a dot at either end)";
    if (seg == kWildcard) {
      if (!wildcards_allowed) return "contains {id}: it must be a concrete topic name, not a pattern";
    } else if (seg.find_first_of("{}") != std::string_view::npos) {
      return "has a segment with braces other than a whole {id}: \"" + std::string(seg) + "\"";
    }
  }
  return std::nullopt;
}

base::Result<Value, FunctionError> topic_matches(const std::vector<Value>& args) {
  const std::string& pattern = args[0].as_string();
  const std::string& topic = args[1].as_string();
  const auto pattern_segments = split_segments(pattern);
  const auto topic_segments = split_segments(topic);
  if (auto problem = segment_problem(pattern_segments, true)) {
    return argument_error(0, "pattern \"" + pattern + "\" " + *problem + ".");
  }
  if (auto problem = segment_problem(topic_segments, false)) {
    return argument_error(1, "topic \"" + topic + "\" " + *problem + ".");
  }
  if (pattern_segments.size() != topic_segments.size()) return Value::boolean(false);
  for (size_t i = 0; i < pattern_segments.size(); ++i) {
    if (pattern_segments[i] != kWildcard && pattern_segments[i] != topic_segments[i]) return Value::boolean(false);
  }
  return Value::boolean(true);
}

using Implementation = base::Result<Value, FunctionError> (*)(const std::vector<Value>&);

struct Entry {
  FunctionDefinition definition;
  Implementation run;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> all = {
      {{"partner_event_source_name",
        "The AWS partner event source name of an Amazon EventBridge source integration.",
        "Returns `aws.partner/genesys.com/cloud/<org_id>/<suffix>`, the name of the partner event source "
        "that an Amazon EventBridge source integration creates in the customer's AWS account; give it to "
        "`aws_cloudwatch_event_bus.event_source_name` in the AWS provider. It needs no API call, so the name "
        "is known at plan time.",
        {{"org_id", Type::string(),
          "The organization's id, a UUID (the `id` that `GET /api/v2/organizations/me` answers)."},
         {"suffix", Type::string(),
          "The integration's event source suffix: 1 to 64 letters, digits, `.`, `_` or `-`."}},
        Type::string()},
       partner_event_source_name},
      {{"topic_matches",
        "Whether a notification topic pattern matches a topic name.",
        "Returns true when `topic` is one of the topics `pattern` stands for. Both are dot-separated "
        "segments; a segment `{id}` in the pattern matches any one segment of the topic, every other "
        "segment must be equal. For example "
        "`v2.detail.events.conversation.{id}.customer.end` matches "
        "`v2.detail.events.conversation.4b1c.customer.end`.",
        {{"pattern", Type::string(), "A topic pattern with `{id}` wildcards, as in an `event_filter`."},
         {"topic", Type::string(), "A concrete topic name (no `{id}`)."}},
        Type::boolean()},
       topic_matches},
  };
  return all;
}

const Entry* find_entry(std::string_view name) {
  for (const auto& e : entries()) {
    if (e.definition.name == name) return &e;
  }
  return nullptr;
}

}  // namespace

const std::vector<FunctionDefinition>& functions() {
  static const std::vector<FunctionDefinition> all = [] {
    std::vector<FunctionDefinition> defs;
    for (const auto& e : entries()) defs.push_back(e.definition);
    return defs;
  }();
  return all;
}

const FunctionDefinition* find_function(std::string_view name) {
  const Entry* e = find_entry(name);
  return e ? &e->definition : nullptr;
}

base::Result<Value, FunctionError> call_function(const FunctionDefinition& function,
                                                 const std::vector<Value>& arguments) {
  const Entry* e = find_entry(function.name);
  if (!e) return FunctionError{"This provider has no function named \"" + function.name + "\".", std::nullopt};
  if (arguments.size() != function.parameters.size()) {
    return FunctionError{function.name + " takes " + std::to_string(function.parameters.size()) + " arguments; got " +
                             std::to_string(arguments.size()) + ".",
                         std::nullopt};
  }
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& name = function.parameters[i].name;
    if (!arguments[i].is_known()) return argument_error(int64_t(i), name + " must be known.");
    if (arguments[i].is_null()) return argument_error(int64_t(i), name + " must not be null.");
  }
  return e->run(arguments);
}

}  // namespace ge::mapping
