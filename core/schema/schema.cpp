#include "schema/schema.h"

namespace ge::schema {

const Attribute* ResourceSchema::find(const std::string& name) const {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
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
  return value::Type::object({{"create", value::Type::string()},
                              {"update", value::Type::string()},
                              {"delete", value::Type::string()}});
}

value::Type ResourceSchema::object_type() const {
  std::map<std::string, value::Type> fields;
  for (const Attribute& a : attributes) fields.emplace(a.name, implied_type(a));
  if (timeouts) fields.emplace("timeouts", timeouts_type());
  return value::Type::object(std::move(fields));
}

}  // namespace ge::schema
