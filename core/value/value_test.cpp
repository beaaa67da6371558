#include "value/value.h"

#include <catch2/catch.hpp>

using namespace ge::value;

TEST_CASE("Value states and queries") {
  const Value n = Value::null(Type::string());
  CHECK(n.is_null());
  CHECK(n.is_known());
  CHECK(n.is_wholly_known());
  const Value u = Value::unknown(Type::string(), true);
  CHECK_FALSE(u.is_known());
  CHECK(u.definitely_not_null());
  CHECK_FALSE(Value::unknown(Type::dynamic(), true).definitely_not_null());

  const Value obj = Value::object(
      {{"a", Value::string("x")}, {"l", Value::list(Type::number(), {Value::unknown(Type::number())})}});
  CHECK(obj.type() == Type::object({{"a", Type::string()}, {"l", Type::list(Type::number())}}));
  CHECK(obj.is_known());
  CHECK_FALSE(obj.is_wholly_known());
  CHECK(obj.attribute("a").as_string() == "x");
  CHECK(obj.attribute("missing").is_null());
  CHECK(Value::unknown(obj.type()).attribute("a").is_null());
}

TEST_CASE("Value with_attribute keeps declared types and extends for new ones") {
  const Type t = Type::object({{"d", Type::dynamic()}, {"s", Type::string()}});
  const Value v = Value::object(t, {{"d", Value::null(Type::dynamic())}, {"s", Value::string("x")}});
  const Value w = v.with_attribute("d", Value::number(Number::from_int(1)));
  CHECK(w.type() == t);
  CHECK(w.attribute("d") == Value::number(Number::from_int(1)));
  CHECK(v.attribute("d").is_null());  // the original is untouched
  const Value e = v.with_attribute("n", Value::boolean(true));
  CHECK(e.type().attributes().at("n") == Type::boolean());
}

TEST_CASE("Value equality is structural") {
  CHECK(Value::number(Number::from_int(5)) == Value::number(Number::from_double(5.0)));
  CHECK(Value::set(Type::string(), {Value::string("a"), Value::string("b")}) ==
        Value::set(Type::string(), {Value::string("b"), Value::string("a")}));
  CHECK_FALSE(Value::list(Type::string(), {Value::string("a"), Value::string("b")}) ==
              Value::list(Type::string(), {Value::string("b"), Value::string("a")}));
  CHECK_FALSE(Value::set(Type::string(), {Value::string("a"), Value::string("a")}) ==
              Value::set(Type::string(), {Value::string("a"), Value::string("b")}));
  CHECK(Value::unknown(Type::string()) == Value::unknown(Type::string(), true));
  CHECK_FALSE(Value::unknown(Type::string()) == Value::unknown(Type::number()));
  CHECK_FALSE(Value::null(Type::string()) == Value::string(""));
  CHECK_FALSE(Value::null(Type::string()) == Value::null(Type::number()));
}

TEST_CASE("Value debug rendering") {
  const Value v = Value::object({{"a", Value::string("x\"y")},
                                 {"n", Value::null(Type::number())},
                                 {"s", Value::set(Type::number(), {Value::number(Number::from_int(1))})},
                                 {"u", Value::unknown(Type::string(), true)},
                                 {"m", Value::map(Type::boolean(), {{"k", Value::boolean(true)}})}});
  CHECK(v.debug_string() == "{a = \"x\\\"y\", m = {\"k\" = true}, n = null, s = toset([1]), u = (unknown, not null)}");
}
