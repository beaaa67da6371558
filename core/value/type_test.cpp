#include "value/type.h"

#include <catch2/catch.hpp>

using ge::value::Type;

TEST_CASE("Type JSON matches cty's") {
  CHECK(Type::string().to_json() == "\"string\"");
  CHECK(Type::number().to_json() == "\"number\"");
  CHECK(Type::boolean().to_json() == "\"bool\"");
  CHECK(Type::dynamic().to_json() == "\"dynamic\"");
  CHECK(Type::list(Type::string()).to_json() == "[\"list\",\"string\"]");
  CHECK(Type::set(Type::number()).to_json() == "[\"set\",\"number\"]");
  CHECK(Type::map(Type::boolean()).to_json() == "[\"map\",\"bool\"]");
  CHECK(Type::object({{"b", Type::string()}, {"a", Type::list(Type::dynamic())}}).to_json() ==
        "[\"object\",{\"a\":[\"list\",\"dynamic\"],\"b\":\"string\"}]");
  CHECK(Type::object({}).to_json() == "[\"object\",{}]");
  CHECK(Type::tuple({Type::string(), Type::number()}).to_json() == "[\"tuple\",[\"string\",\"number\"]]");
}

TEST_CASE("Type JSON parses back") {
  for (const Type& t : {Type::string(), Type::dynamic(), Type::list(Type::set(Type::map(Type::number()))),
                        Type::object({{"x", Type::tuple({Type::boolean(), Type::dynamic()})}}), Type::tuple({})}) {
    auto parsed = Type::from_json(t.to_json());
    REQUIRE(parsed.ok());
    CHECK(*parsed == t);
  }
  // Whitespace and the optional-attribute list of type constraints are accepted.
  auto spaced = Type::from_json(" [ \"object\" , { \"a\" : \"string\" } , [\"a\"] ] ");
  REQUIRE(spaced.ok());
  CHECK(*spaced == Type::object({{"a", Type::string()}}));
  for (const char* bad :
       {"", "\"str\"", "[\"list\"]", "[\"list\",\"string\",1]", "[\"frob\",\"string\"]", "{}", "[\"object\",[]]"}) {
    INFO(bad);
    CHECK_FALSE(Type::from_json(bad).ok());
  }
}

TEST_CASE("Type accessors and equality") {
  const Type t = Type::object({{"a", Type::list(Type::string())}});
  CHECK(t.kind() == Type::Kind::kObject);
  CHECK(t.attributes().at("a").element() == Type::string());
  CHECK(Type::string().element() == Type::dynamic());
  CHECK(Type::string().attributes().empty());
  CHECK(Type::list(Type::string()) == Type::list(Type::string()));
  CHECK_FALSE(Type::list(Type::string()) == Type::set(Type::string()));
  CHECK_FALSE(Type::object({{"a", Type::string()}}) == Type::object({{"a", Type::number()}}));
  CHECK(Type() == Type::dynamic());
}
