#include "value/json.h"

#include <catch2/catch.hpp>

using namespace ge::value;

namespace {

Value decode_ok(const std::string& json, const Type& t, JsonDecodeOptions opts = {}) {
  auto r = decode_json(json, t, opts);
  INFO(json);
  if (!r.ok()) FAIL(r.error().message());
  return *r;
}

std::string encode_ok(const Value& v, const Type& t) {
  auto r = encode_json(v, t);
  if (!r.ok()) FAIL(r.error().message());
  return *r;
}

}  // namespace

TEST_CASE("JSON objects: missing attributes are null, extra ones are errors unless ignored") {
  const Type t = Type::object({{"a", Type::string()}, {"b", Type::number()}, {"c", Type::list(Type::string())}});
  const Value v = decode_ok(R"({"a":"x"})", t);
  CHECK(v == Value::object(t, {{"a", Value::string("x")},
                               {"b", Value::null(Type::number())},
                               {"c", Value::null(Type::list(Type::string()))}}));
  CHECK(encode_ok(v, t) == R"({"a":"x","b":null,"c":null})");

  auto extra = decode_json(R"({"a":"x","gone":1})", t);
  REQUIRE_FALSE(extra.ok());
  CHECK_THAT(extra.error().message(), Catch::Contains("unsupported attribute \"gone\""));

  JsonDecodeOptions lenient;
  lenient.ignore_unknown_attributes = true;
  const Type nested = Type::object({{"inner", t}});
  CHECK(decode_ok(R"({"old":true,"inner":{"a":"x","gone":{"deep":[1]}}})", nested, lenient) ==
        Value::object(nested, {{"inner", v}}));
}

TEST_CASE("JSON numbers keep their exact text") {
  const Type n = Type::number();
  for (const char* text : {"12345678901234567890123", "0.1", "-7", "0.30000000000000004"}) {
    INFO(text);
    const Value v = decode_ok(text, n);
    CHECK(v.as_number() == *Number::from_string(text));
  }
  CHECK(encode_ok(decode_ok("12345678901234567890123", n), n) == "12345678901234567890123");
  CHECK(encode_ok(decode_ok("0.1", n), n) == "0.1");
  CHECK(encode_ok(decode_ok("1.50", n), n) == "1.5");
  CHECK(encode_ok(decode_ok("\"42\"", n), n) == "42");  // numeric strings are accepted
  CHECK_FALSE(encode_json(Value::number(Number::from_double(std::numeric_limits<double>::infinity())), n).ok());
}

TEST_CASE("JSON primitives and cty's primitive conversions") {
  CHECK(decode_ok("\"hi\"", Type::string()) == Value::string("hi"));
  CHECK(decode_ok("1.50", Type::string()) == Value::string("1.50"));
  CHECK(decode_ok("true", Type::string()) == Value::string("true"));
  CHECK(decode_ok("\"false\"", Type::boolean()) == Value::boolean(false));
  CHECK_FALSE(decode_json("1", Type::boolean()).ok());
  CHECK(encode_ok(Value::string("a<b>&\"\\\n\x01\xe2\x80\xa8"), Type::string()) ==
        R"("a\u003cb\u003e\u0026\"\\\n\u0001\u2028")");
  CHECK(encode_ok(Value::string("bad\xff"), Type::string()) == R"("bad\ufffd")");
  CHECK(decode_ok("\"\\u00e9\"", Type::string()) == Value::string("\xc3\xa9"));
}

TEST_CASE("JSON collections") {
  const Type t = Type::object({{"l", Type::list(Type::number())},
                               {"m", Type::map(Type::string())},
                               {"s", Type::set(Type::boolean())},
                               {"t", Type::tuple({Type::string(), Type::number()})}});
  const std::string text = R"({"l":[1,2],"m":{"a":"x","b":"y"},"s":[true],"t":["z",3]})";
  const Value v = decode_ok(text, t);
  CHECK(v.attribute("l").elements().size() == 2);
  CHECK(v.attribute("t") == Value::tuple({Value::string("z"), Value::number(Number::from_int(3))}));
  CHECK(encode_ok(v, t) == text);
  auto bad = decode_json(R"({"l":[1,"x"]})", t);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message(), Catch::Contains(".l[1]") && Catch::Contains("a number is required"));
  CHECK_FALSE(decode_json(R"({"t":["z"]})", t).ok());
}

TEST_CASE("JSON dynamic positions are {value, type}") {
  const Type t = Type::object({{"d", Type::dynamic()}});
  const Value v = decode_ok(R"({"d":{"value":{"a":"x"},"type":["object",{"a":"string"}]}})", t);
  CHECK(v.attribute("d") == Value::object({{"a", Value::string("x")}}));
  CHECK(encode_ok(v, t) == R"({"d":{"value":{"a":"x"},"type":["object",{"a":"string"}]}})");
  CHECK(decode_ok(R"({"d":null})", t).attribute("d") == Value::null(Type::dynamic()));
  CHECK(encode_ok(Value::object(t, {{"d", Value::null(Type::dynamic())}}), t) == R"({"d":null})");
  CHECK(decode_ok(R"({"type":"number","value":12345678901234567890123})", Type::dynamic()).as_number().to_string() ==
        "12345678901234567890123");
  CHECK_FALSE(decode_json(R"({"value":1})", Type::dynamic()).ok());
  CHECK_FALSE(decode_json(R"({"value":1,"type":"number","x":1})", Type::dynamic()).ok());
}

TEST_CASE("JSON encoding rejects unknowns and reports the path") {
  const Type t = Type::object({{"a", Type::list(Type::string())}});
  auto r = encode_json(Value::object(t, {{"a", Value::list(Type::string(), {Value::unknown(Type::string())})}}), t);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message(), Catch::Contains(".a[0]") && Catch::Contains("not known"));
}

TEST_CASE("JSON syntax errors are errors, not exceptions") {
  CHECK_FALSE(decode_json("", Type::string()).ok());
  CHECK_FALSE(decode_json("{", Type::object({})).ok());
  CHECK_FALSE(decode_json("\"a\" \"b\"", Type::string()).ok());
  CHECK_FALSE(decode_json(std::string(2000, '['), Type::dynamic()).ok());
}
