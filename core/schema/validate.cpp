#include "schema/validate.h"

#include <nlohmann/json.hpp>

#include "base/duration.h"

#include <algorithm>
#include <functional>
#include <regex>

namespace ge::schema {
namespace {

using base::AttributePath;
using base::Diagnostics;
using value::Value;

std::string format_number(double d) {
  std::string s = std::to_string(d);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// Length in characters, not bytes: the API counts Unicode characters.
size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

size_t collection_size(const Value& v) {
  return v.type().kind() == value::Type::Kind::kMap ? v.entries().size() : v.elements().size();
}

bool is_https_url(const std::string& s) {
  static const std::regex re(R"(^https://[A-Za-z0-9.\-\[\]:]+(:[0-9]+)?(/[^\s]*)?$)");
  return std::regex_match(s, re);
}

void validate_attributes(const std::vector<Attribute>& attrs, const Value& object, const AttributePath& at,
                         Diagnostics& diags);

void validate_attribute(const Attribute& a, const Value& v, const AttributePath& at, Diagnostics& diags) {
  if (v.is_null() || !v.is_known()) return;
  for (const Validator& val : a.validators) check_validator(val, v, at, diags, a.env);
  switch (a.nesting) {
    case Nesting::kNone: return;
    case Nesting::kSingle: validate_attributes(a.attributes, v, at, diags); return;
    case Nesting::kList:
    case Nesting::kSet: {
      int64_t i = 0;
      for (const Value& e : v.elements()) validate_attributes(a.attributes, e, at.index(i++), diags);
      return;
    }
    case Nesting::kMap:
      for (const auto& [k, e] : v.entries()) validate_attributes(a.attributes, e, at.key(k), diags);
      return;
  }
}

void validate_attributes(const std::vector<Attribute>& attrs, const Value& object, const AttributePath& at,
                         Diagnostics& diags) {
  if (object.is_null() || !object.is_known()) return;
  auto is_set = [&](const std::string& name) {
    const Value& v = object.attribute(name);
    return !v.is_null();
  };
  for (const Attribute& a : attrs) {
    AttributePath here = at.empty() ? AttributePath(a.name) : at.attribute(a.name);
    const Value& v = object.attribute(a.name);
    validate_attribute(a, v, here, diags);
    if (!v.is_null()) {
      for (const auto& other : a.conflicts_with) {
        if (is_set(other)) {
          diags.error("Conflicting attributes", "`" + a.name + "` and `" + other + "` cannot both be set; choose one.",
                      here);
        }
      }
      for (const auto& other : a.required_with) {
        if (!is_set(other)) {
          diags.error("Missing required attribute", "`" + other + "` must be set when `" + a.name + "` is set.", here);
        }
      }
    }
  }
}

// The configured value at a dotted path; null when a parent object is null.
Value value_at(const ResourceSchema& schema, const Value& config, const std::string& path) {
  Value cur = config;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string name = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (cur.is_null() || !cur.is_known()) {
      if (!cur.is_known()) return cur;
      const Attribute* a = schema.find_path(path);
      return Value::null(a ? a->type : value::Type::dynamic());
    }
    // Copy first: attribute() refers into cur, which the assignment would free while copying.
    Value next = cur.attribute(name);
    cur = std::move(next);
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

AttributePath path_of(const std::string& dotted) {
  AttributePath out;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    std::string name = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    out = out.empty() ? AttributePath(name) : out.attribute(name);
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

std::string describe_when(const Rule& rule) {
  std::string out;
  for (const auto& [path, expected] : rule.when) {
    out += (out.empty() ? "" : " and ") + ("`" + path + "` is \"" + expected + "\"");
  }
  return out;
}

void check_rule(const ResourceSchema& schema, const Rule& rule, const Value& config, Diagnostics& diags) {
  for (const auto& [path, expected] : rule.when) {
    Value v = value_at(schema, config, path);
    if (!v.is_known()) return;  // decided once known
    if (v.is_null()) {
      const Attribute* a = schema.find_path(path);
      if (a && a->default_value) v = *a->default_value;
    }
    if (v.is_null() || v.type().kind() != value::Type::Kind::kString || v.as_string() != expected) return;
  }
  const std::string because = rule.when.empty() ? "" : " when " + describe_when(rule);
  for (const auto& path : rule.required) {
    if (value_at(schema, config, path).is_null()) {
      diags.error("Missing required attribute", "`" + path + "` is required" + because + ".", path_of(path));
    }
  }
  for (const auto& path : rule.forbidden) {
    if (!value_at(schema, config, path).is_null()) {
      diags.error("Attribute not allowed", "`" + path + "` must not be set" + because + ".", path_of(path));
    }
  }
  if (!rule.exactly_one_of.empty()) {
    size_t set = 0;
    std::string names;
    for (const auto& path : rule.exactly_one_of) {
      Value v = value_at(schema, config, path);
      if (!v.is_known()) return;
      set += !v.is_null();
      names += (names.empty() ? "`" : ", `") + path + "`";
    }
    if (set != 1) {
      diags.error(set == 0 ? "Missing attribute" : "Conflicting attributes",
                  "Exactly one of " + names + " must be set" + because + ", got " + std::to_string(set) + ".",
                  path_of(rule.exactly_one_of.front()));
    }
  }
}

}  // namespace

void check_validator(const Validator& v, const Value& val, const AttributePath& at, Diagnostics& diags,
                     const std::string& env) {
  using K = Validator::Kind;
  const std::string name = "`" + at.to_string() + "`" + (env.empty() ? "" : " (or " + env + ")");
  switch (v.kind) {
    case K::kLength: {
      size_t n = utf8_length(val.as_string());
      if (n < v.min || n > v.max) {
        diags.error("Invalid length",
                    name + " must be between " + format_number(v.min) + " and " + format_number(v.max) +
                        " characters long, got " + std::to_string(n) + ".",
                    at);
      }
      return;
    }
    case K::kRange: {
      double d = val.as_number().as_double();
      if (d < v.min || d > v.max) {
        diags.error("Value out of range",
                    name + " must be between " + format_number(v.min) + " and " + format_number(v.max) + ", got " +
                        val.as_number().to_string() + ".",
                    at);
      }
      return;
    }
    case K::kInteger: {
      const value::Number& n = val.as_number();
      if (n.is_infinite() || n.to_string().find('.') != std::string::npos) {
        diags.error("Not a whole number", name + " must be a whole number, got " + n.to_string() + ".", at);
      }
      return;
    }
    case K::kOneOf: {
      for (const auto& c : v.choices) {
        if (c == val.as_string()) return;
      }
      std::string list;
      for (const auto& c : v.choices) list += (list.empty() ? "" : ", ") + ("\"" + c + "\"");
      diags.error("Invalid value", name + " must be one of " + list + ", got \"" + val.as_string() + "\".", at);
      return;
    }
    case K::kRegex:
      if (!std::regex_match(val.as_string(), std::regex(v.pattern))) {
        diags.error("Invalid format", name + " must match " + v.pattern + ", got \"" + val.as_string() + "\".", at);
      }
      return;
    case K::kDuration: {
      const auto lo = std::chrono::milliseconds(static_cast<int64_t>(v.min));
      const auto hi = std::chrono::milliseconds(static_cast<int64_t>(v.max));
      auto d = base::parse_duration(val.as_string());
      if (!d || *d < lo || *d > hi) {
        diags.error("Invalid duration",
                    name + " must be a duration such as \"10s\" or \"1m30s\" from " + base::format_duration(lo) +
                        " to " + base::format_duration(hi) + ", got \"" + val.as_string() + "\".",
                    at);
      }
      return;
    }
    case K::kHttpsUrl:
      if (!is_https_url(val.as_string())) {
        diags.error(
            "Invalid URL",
            name + " must be an absolute https:// URL (the platform calls it), got \"" + val.as_string() + "\".", at);
      }
      return;
    case K::kMinItems:
      if (static_cast<double>(collection_size(val)) < v.min) {
        diags.error("Too few items",
                    name + " needs at least " + format_number(v.min) + " item(s), got " +
                        std::to_string(collection_size(val)) + ".",
                    at);
      }
      return;
    case K::kMaxItems:
      if (static_cast<double>(collection_size(val)) > v.max) {
        diags.error("Too many items",
                    name + " takes at most " + format_number(v.max) + " item(s), got " +
                        std::to_string(collection_size(val)) + ".",
                    at);
      }
      return;
    case K::kJsonObjectOfStrings: {
      auto j = nlohmann::json::parse(val.as_string(), nullptr, false);
      bool ok = j.is_object();
      if (ok) {
        for (const auto& [k, e] : j.items()) ok = ok && e.is_string();
      }
      if (!ok) {
        diags.error("Invalid JSON",
                    name +
                        " must be a JSON object whose values are all strings, e.g. "
                        "jsonencode({ Authorization = \"Bearer $${token}\" }).",
                    at);
      }
      return;
    }
    case K::kJsonFilterPolicy: {
      auto j = nlohmann::json::parse(val.as_string(), nullptr, false);
      if (!j.is_object()) {
        diags.error("Invalid JSON", name + " must be a JSON object, e.g. jsonencode({ eventType = [\"x\"] }).", at);
        return;
      }
      for (const auto& [k, e] : j.items()) {
        bool ok = e.is_array() && !e.empty();
        if (ok) {
          for (const auto& x : e) ok = ok && (x.is_string() || x.is_number() || x.is_boolean());
        }
        if (!ok) {
          diags.error("Invalid filter policy",
                      name + ": the value of \"" + k + "\" must be a non-empty array of strings, numbers or booleans.",
                      at);
        }
      }
      return;
    }
    case K::kSequentialPriorities: {
      std::vector<int64_t> seen;
      for (const Value& e : val.elements()) {
        if (!e.is_known() || !e.attribute(v.field).is_known()) return;  // checked again once known
        const Value& p = e.attribute(v.field);
        if (p.is_null()) continue;
        seen.push_back(p.as_number().as_int64().value_or(-1));
      }
      std::sort(seen.begin(), seen.end());
      for (size_t i = 0; i < seen.size(); ++i) {
        if (seen[i] != static_cast<int64_t>(i + 1)) {
          diags.error("Invalid priorities",
                      "the `" + v.field + "` values of " + name + " must be exactly 1.." + std::to_string(seen.size()) +
                          ", each used once.",
                      at);
          return;
        }
      }
      return;
    }
  }
}

std::vector<AttributePath> write_only_values(const std::vector<Attribute>& attrs, const Value& config) {
  std::vector<AttributePath> out;
  std::function<void(const std::vector<Attribute>&, const Value&, const AttributePath&)> walk =
      [&](const std::vector<Attribute>& level, const Value& object, const AttributePath& at) {
        if (object.is_null() || !object.is_known()) return;
        for (const Attribute& a : level) {
          AttributePath here = at.empty() ? AttributePath(a.name) : at.attribute(a.name);
          const Value& v = object.attribute(a.name);
          if (a.write_only && (!v.is_null() || !v.is_known())) out.push_back(here);
          if (a.nesting == Nesting::kSingle) walk(a.attributes, v, here);
        }
      };
  walk(attrs, config, AttributePath());
  return out;
}

void reject_write_only(const ResourceSchema& schema, const Value& config, Diagnostics& diags) {
  for (const AttributePath& path : write_only_values(schema.attributes, config)) {
    std::string name = path.to_string();
    std::string twin = name.size() > 3 && name.compare(name.size() - 3, 3, "_wo") == 0 ? name.substr(0, name.size() - 3)
                                                                                       : "";
    diags.error("Write-only attribute not supported by this CLI",
                "`" + name + "` is write-only, which needs Terraform >= 1.11 or OpenTofu >= 1.11. On this version " +
                    (twin.empty() ? std::string("remove it.")
                                  : "use the sensitive attribute `" + twin + "` instead (it is kept in state)."),
                path);
  }
}

void validate_config(const ResourceSchema& schema, const Value& config, Diagnostics& diags) {
  validate_attributes(schema.attributes, config, AttributePath(), diags);
  if (config.is_null() || !config.is_known()) return;
  for (const Rule& rule : schema.rules) check_rule(schema, rule, config, diags);
}

}  // namespace ge::schema
