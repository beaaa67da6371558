#include "value/value.h"

#include <ostream>

namespace ge::value {
namespace {

const Value& null_dynamic() {
  static const Value kNull;
  return kNull;
}

template <typename T>
const T& payload_or_default(const T* p) {
  static const T kDefault{};
  return p ? *p : kDefault;
}

// Sets compare as multisets: every element of a must pair off with a distinct equal element of b.
bool same_elements_any_order(const Value::Elements& a, const Value::Elements& b) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size(), false);
  for (const Value& x : a) {
    bool found = false;
    for (size_t i = 0; i < b.size(); ++i) {
      if (!used[i] && x == b[i]) {
        used[i] = true;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

void append_quoted(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  out += '"';
}

void append_debug(std::string& out, const Value& v) {
  if (!v.is_known()) {
    out += v.definitely_not_null() ? "(unknown, not null)" : "(unknown)";
    return;
  }
  if (v.is_null()) {
    out += "null";
    return;
  }
  switch (v.type().kind()) {
    case Type::Kind::kString: append_quoted(out, v.as_string()); return;
    case Type::Kind::kNumber: out += v.as_number().to_string(); return;
    case Type::Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      const bool set = v.type().kind() == Type::Kind::kSet;
      out += set ? "toset([" : "[";
      bool first = true;
      for (const Value& e : v.elements()) {
        if (!first) out += ", ";
        first = false;
        append_debug(out, e);
      }
      out += set ? "])" : "]";
      return;
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      const bool is_map = v.type().kind() == Type::Kind::kMap;
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.entries()) {
        if (!first) out += ", ";
        first = false;
        if (is_map) {
          append_quoted(out, k);
        } else {
          out += k;
        }
        out += " = ";
        append_debug(out, e);
      }
      out += '}';
      return;
    }
    case Type::Kind::kDynamic: out += "(dynamic)"; return;
  }
}

}  // namespace

Value Value::null(Type type) {
  Value v;
  v.type_ = std::move(type);
  return v;
}

Value Value::unknown(Type type, bool definitely_not_null) {
  Value v;
  v.type_ = std::move(type);
  v.state_ = State::kUnknown;
  v.not_null_ = definitely_not_null && !v.type_.is_dynamic();
  return v;
}

Value Value::string(std::string s) { return known(Type::string(), std::move(s)); }
Value Value::number(Number n) { return known(Type::number(), std::move(n)); }
Value Value::boolean(bool b) { return known(Type::boolean(), b); }

Value Value::list(Type element, Elements elements) {
  return known(Type::list(std::move(element)), std::move(elements));
}
Value Value::set(Type element, Elements elements) { return known(Type::set(std::move(element)), std::move(elements)); }
Value Value::map(Type element, Entries entries) { return known(Type::map(std::move(element)), std::move(entries)); }

Value Value::object(Entries attributes) {
  std::map<std::string, Type> types;
  for (const auto& [name, v] : attributes) types.emplace(name, v.type());
  return known(Type::object(std::move(types)), std::move(attributes));
}
Value Value::object(Type type, Entries attributes) { return known(std::move(type), std::move(attributes)); }

Value Value::tuple(Elements elements) {
  std::vector<Type> types;
  types.reserve(elements.size());
  for (const Value& v : elements) types.push_back(v.type());
  return known(Type::tuple(std::move(types)), std::move(elements));
}

bool Value::is_wholly_known() const {
  if (state_ == State::kUnknown) return false;
  if (const auto* elems = std::get_if<Elements>(&payload_)) {
    for (const Value& e : *elems) {
      if (!e.is_wholly_known()) return false;
    }
  } else if (const auto* entries = std::get_if<Entries>(&payload_)) {
    for (const auto& [k, e] : *entries) {
      if (!e.is_wholly_known()) return false;
    }
  }
  return true;
}

const std::string& Value::as_string() const { return payload_or_default(std::get_if<std::string>(&payload_)); }
const Number& Value::as_number() const { return payload_or_default(std::get_if<Number>(&payload_)); }
bool Value::as_bool() const {
  const bool* b = std::get_if<bool>(&payload_);
  return b && *b;
}
const Value::Elements& Value::elements() const { return payload_or_default(std::get_if<Elements>(&payload_)); }
const Value::Entries& Value::entries() const { return payload_or_default(std::get_if<Entries>(&payload_)); }

const Value& Value::attribute(const std::string& name) const {
  const auto* entries = std::get_if<Entries>(&payload_);
  if (!entries) return null_dynamic();
  const auto it = entries->find(name);
  return it == entries->end() ? null_dynamic() : it->second;
}

Value Value::with_attribute(const std::string& name, Value v) const {
  Value out = *this;
  auto* entries = std::get_if<Entries>(&out.payload_);
  if (!entries) return out;  // precondition violated: not a known object
  if (!type_.attributes().count(name)) {
    auto types = type_.attributes();
    types[name] = v.type();
    out.type_ = Type::object(std::move(types));
  }
  (*entries)[name] = std::move(v);
  return out;
}

bool Value::operator==(const Value& other) const {
  if (state_ != other.state_ || !(type_ == other.type_)) return false;
  if (state_ != State::kKnown) return true;
  if (type_.kind() == Type::Kind::kSet) {
    const auto* a = std::get_if<Elements>(&payload_);
    const auto* b = std::get_if<Elements>(&other.payload_);
    if (a && b) return same_elements_any_order(*a, *b);
  }
  return payload_ == other.payload_;
}

std::string Value::debug_string() const {
  std::string out;
  append_debug(out, *this);
  return out;
}

std::ostream& operator<<(std::ostream& os, const Value& v) { return os << v.debug_string(); }

}  // namespace ge::value
