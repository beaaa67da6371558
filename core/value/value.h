// cty values: what Terraform and OpenTofu send and expect in every DynamicValue.
//
// A Value carries its Type and is exactly one of: null, unknown, or known with a payload.
// Unknowns keep one refinement, "definitely not null" (docs/reference/plugin-protocol.md section 4, ext 12 key 1);
// the other refinements (string prefix, number and length bounds) are dropped on decode, which
// only makes the host's knowledge of a value vaguer, never wrong.
//
// Payload by type: string → std::string; number → Number; bool → bool; list, set and tuple →
// Elements; map and object → Entries. Sets keep the order they were built or decoded in; order
// carries no meaning (operator== ignores it).
//
// Accessors have preconditions (as_string() on a known string, ...). When one is violated they
// return an empty/zero/null stand-in instead of crashing, so a bug shows up as a wrong value in a
// test rather than as a dead provider in front of the user.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "value/number.h"
#include "value/type.h"

namespace ge::value {

class Value {
 public:
  using Elements = std::vector<Value>;
  using Entries = std::map<std::string, Value>;

  // A null of dynamic type.
  Value() = default;

  static Value null(Type type);
  // An unknown ("known after apply"). definitely_not_null is the nullness refinement; it is
  // ignored for dynamic types, which cty never refines.
  static Value unknown(Type type, bool definitely_not_null = false);
  static Value string(std::string s);
  static Value number(Number n);
  static Value boolean(bool b);
  static Value list(Type element, Elements elements);
  static Value set(Type element, Elements elements);
  static Value map(Type element, Entries entries);
  // An object whose type is derived from the attribute values' types. Prefer the typed
  // overload when an attribute is null or unknown of a type that the schema knows better.
  static Value object(Entries attributes);
  // An object of the given object type. attributes should hold every attribute of the type;
  // the encoders write a missing one as null.
  static Value object(Type type, Entries attributes);
  static Value tuple(Elements elements);

  const Type& type() const { return type_; }
  bool is_null() const { return state_ == State::kNull; }
  bool is_known() const { return state_ != State::kUnknown; }
  // Known, and every nested value is known too. Nulls count as known (as in cty).
  bool is_wholly_known() const;
  // For an unknown: the refinement "will not be null". False for nulls and known values.
  bool definitely_not_null() const { return state_ == State::kUnknown && not_null_; }

  // Payload accessors; precondition: a known value of the matching kind.
  const std::string& as_string() const;
  const Number& as_number() const;
  bool as_bool() const;
  const Elements& elements() const;  // list, set, tuple
  const Entries& entries() const;    // map, object
  // An object's attribute. A missing attribute, or any attribute of a null or unknown object,
  // yields a null of dynamic type.
  const Value& attribute(const std::string& name) const;
  // A copy of this known object with one attribute replaced (or added). An attribute already in
  // the object type keeps its declared type, so a dynamic attribute may take any value; a new
  // attribute extends the type with the value's type.
  Value with_attribute(const std::string& name, Value v) const;

  // Structural equality: same type, same nullness/knownness, equal payloads. Sets compare as
  // multisets; numbers by numeric value; unknowns of the same type are equal whatever their
  // refinements.
  bool operator==(const Value& other) const;

  // HCL-like rendering for test failures and logs: {a = "x", n = 1, l = ["y"]}, null,
  // (unknown), (unknown, not null).
  std::string debug_string() const;

 private:
  enum class State { kNull, kUnknown, kKnown };
  using Payload = std::variant<std::monostate, std::string, Number, bool, Elements, Entries>;

  // Builds a known value; the payload is emplaced rather than converted to a Payload temporary,
  // which also keeps GCC 12's -Wmaybe-uninitialized quiet about variant moves.
  template <typename T>
  static Value known(Type type, T payload) {
    Value v;
    v.type_ = std::move(type);
    v.state_ = State::kKnown;
    v.payload_.emplace<T>(std::move(payload));
    return v;
  }

  Type type_;
  State state_ = State::kNull;
  bool not_null_ = false;
  Payload payload_;
};

// Writes debug_string(), so test frameworks print values on failure.
std::ostream& operator<<(std::ostream& os, const Value& v);

}  // namespace ge::value
