#include "schema/schema.h"

namespace ge::schema {

std::string scalar_text(const value::Value& v) {
  if (v.is_null() || !v.is_known()) return "";
  switch (v.type().kind()) {
    case value::Type::Kind::kString: return v.as_string();
    case value::Type::Kind::kBool: return v.as_bool() ? "true" : "false";
    case value::Type::Kind::kNumber: return v.as_number().to_string();
    default: return "";
  }
}

std::vector<std::string> AsyncSpec::success_states_for(const value::Value& planned) const {
  if (expected_state_attribute.empty() || planned.is_null() || !planned.is_known()) return success_states;
  auto it = expected_states.find(scalar_text(planned.attribute(expected_state_attribute)));
  return it == expected_states.end() ? success_states : it->second;
}

const Attribute* ResourceSchema::find(const std::string& name) const {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const Attribute* ResourceSchema::find_path(const std::string& dotted) const {
  const std::vector<Attribute>* level = &attributes;
  const Attribute* found = nullptr;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    std::string name = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    found = nullptr;
    for (const Attribute& a : *level) {
      if (a.name == name) found = &a;
    }
    if (!found || dot == std::string::npos) return found;
    if (found->nesting != Nesting::kSingle) return nullptr;
    level = &found->attributes;
    start = dot + 1;
  }
}

value::Type implied_type(const Attribute& a) {
  if (a.nesting == Nesting::kNone) return a.type;
  std::map<std::string, value::Type> fields;
  for (const Attribute& c : a.attributes) fields.emplace(c.name, implied_type(c));
  value::Type object = value::Type::object(std::move(fields));
  switch (a.nesting) {
    case Nesting::kList: return value::Type::list(object);
    case Nesting::kSet: return value::Type::set(object);
    case Nesting::kMap: return value::Type::map(object);
    default: return object;
  }
}

value::Type timeouts_type() {
  return value::Type::object(
      {{"create", value::Type::string()}, {"update", value::Type::string()}, {"delete", value::Type::string()}});
}

value::Type ResourceSchema::object_type() const {
  std::map<std::string, value::Type> fields;
  for (const Attribute& a : attributes) fields.emplace(a.name, implied_type(a));
  if (timeouts) fields.emplace("timeouts", timeouts_type());
  return value::Type::object(std::move(fields));
}

}  // namespace ge::schema
