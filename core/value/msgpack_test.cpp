// Golden msgpack vectors, written by hand from docs/reference/plugin-protocol.md section 4 and go-cty
// cty/msgpack (compact ints, float64 only, str8 for 32..255-byte strings, bin type JSON).
#include "value/msgpack.h"

#include <catch2/catch.hpp>

#include <random>

#include "value/test_util.h"

using namespace ge::value;
using ge::value::testing::hex;
using ge::value::testing::unhex;

namespace {

Value decode_ok(const std::string& hex_bytes, const Type& t) {
  auto r = decode_msgpack(unhex(hex_bytes), t);
  INFO(hex_bytes);
  REQUIRE(r.ok());
  return *r;
}

std::string decode_error(const std::string& bytes, const Type& t) {
  auto r = decode_msgpack(bytes, t);
  REQUIRE_FALSE(r.ok());
  return r.error().message();
}

// Decodes, checks the value, re-encodes and checks the bytes come back identical.
void round_trip(const std::string& hex_bytes, const Type& t, const Value& expected) {
  INFO(hex_bytes);
  const Value v = decode_ok(hex_bytes, t);
  CHECK(v == expected);
  CHECK(hex(encode_msgpack(v, t)) == hex(unhex(hex_bytes)));
}

Value num(int64_t i) { return Value::number(Number::from_int(i)); }

}  // namespace

TEST_CASE("msgpack null and unknown") {
  round_trip("c0", Type::string(), Value::null(Type::string()));
  round_trip("d4 00 00", Type::string(), Value::unknown(Type::string()));
  round_trip("d4 00 00", Type::list(Type::number()), Value::unknown(Type::list(Type::number())));
  CHECK(hex(encode_msgpack(Value::unknown(Type::number()), Type::number())) == "d4 00 00");
}

TEST_CASE("msgpack refined unknowns") {
  // ext 12 (ext8, length 3) with {1: false}: definitely not null.
  const Value v = decode_ok("c7 03 0c 81 01 c2", Type::string());
  CHECK_FALSE(v.is_known());
  CHECK(v.definitely_not_null());
  CHECK(hex(encode_msgpack(v, Type::string())) == "c7 03 0c 81 01 c2");

  // Other keys (2 = string prefix "ab", 6 = max length) are skipped; only nullness is kept.
  const Value p = decode_ok("c7 07 0c 82 02 a2 61 62 01 c2", Type::string());
  CHECK_FALSE(p.is_known());
  CHECK(p.definitely_not_null());
  const Value l = decode_ok("c7 03 0c 81 06 05", Type::list(Type::string()));
  CHECK_FALSE(l.is_known());
  CHECK_FALSE(l.definitely_not_null());
  CHECK(hex(encode_msgpack(l, Type::list(Type::string()))) == "d4 00 00");

  // {1: true} collapses to a known null, as cty's refinement builder does.
  CHECK(decode_ok("c7 03 0c 81 01 c3", Type::number()).is_null());

  // Any other ext code of length <= 1, and fixext forms of other sizes, are plain unknowns.
  CHECK_FALSE(decode_ok("d4 05 00", Type::boolean()).is_known());
  CHECK_FALSE(decode_ok("c7 00 00", Type::boolean()).is_known());
  CHECK_FALSE(decode_ok("d6 01 01 02 03 04", Type::boolean()).is_known());

  // A dynamic unknown never carries refinements.
  const Value d = decode_ok("c7 03 0c 81 01 c2", Type::dynamic());
  CHECK_FALSE(d.is_known());
  CHECK_FALSE(d.definitely_not_null());
  CHECK(hex(encode_msgpack(Value::unknown(Type::dynamic(), true), Type::dynamic())) == "d4 00 00");

  // A refinement payload that is not a map is malformed.
  CHECK_THAT(decode_error(unhex("c7 02 0c 01 c2"), Type::string()), Catch::Contains("refinements must be a map"));
}

TEST_CASE("msgpack integers in every width") {
  const Type n = Type::number();
  round_trip("00", n, num(0));
  round_trip("7f", n, num(127));
  round_trip("cc 80", n, num(128));
  round_trip("cc ff", n, num(255));
  round_trip("cd 01 00", n, num(256));
  round_trip("cd ff ff", n, num(65535));
  round_trip("ce 00 01 00 00", n, num(65536));
  round_trip("cf 00 00 00 01 00 00 00 00", n, num(4294967296));
  round_trip("cf 7f ff ff ff ff ff ff ff", n, num(INT64_MAX));
  round_trip("ff", n, num(-1));
  round_trip("e0", n, num(-32));
  round_trip("d0 df", n, num(-33));
  round_trip("d0 80", n, num(-128));
  round_trip("d1 ff 7f", n, num(-129));
  round_trip("d2 ff ff 7f ff", n, num(-32769));
  round_trip("d3 ff ff ff ff 7f ff ff ff", n, num(-2147483649));
  round_trip("d3 80 00 00 00 00 00 00 00", n, num(INT64_MIN));

  // Non-compact forms decode to the same number and come back compact, as cty writes them.
  CHECK(hex(encode_msgpack(decode_ok("d3 00 00 00 00 00 00 00 05", n), n)) == "05");
  CHECK(hex(encode_msgpack(decode_ok("cd 00 07", n), n)) == "07");
  CHECK(hex(encode_msgpack(decode_ok("d0 05", n), n)) == "05");

  // A uint64 above int64 max is an integer that is not an int64: cty writes it as text.
  const Value big = decode_ok("cf ff ff ff ff ff ff ff ff", n);
  CHECK(big.as_number().to_string() == "18446744073709551615");
  CHECK(hex(encode_msgpack(big, n)) == "b4 " + hex("18446744073709551615"));
}

TEST_CASE("msgpack floats") {
  const Type n = Type::number();
  round_trip("cb 3f e0 00 00 00 00 00 00", n, Value::number(Number::from_double(0.5)));
  round_trip("cb bf f8 00 00 00 00 00 00", n, Value::number(Number::from_double(-1.5)));
  round_trip("cb 3f b9 99 99 99 99 99 9a", n, Value::number(Number::from_double(0.1)));
  // float32 1.5 is accepted and written back as float64.
  CHECK(hex(encode_msgpack(decode_ok("ca 3f c0 00 00", n), n)) == "cb 3f f8 00 00 00 00 00 00");
  // An integral float is an integer to cty: 5.0 goes back as fixint 5.
  const Value five = decode_ok("cb 40 14 00 00 00 00 00 00", n);
  CHECK(five == num(5));
  CHECK(hex(encode_msgpack(five, n)) == "05");
  // Infinity travels as float64.
  round_trip("cb 7f f0 00 00 00 00 00 00", n,
             Value::number(Number::from_double(std::numeric_limits<double>::infinity())));
  CHECK_THAT(decode_error(unhex("cb 7f f8 00 00 00 00 00 00"), n), Catch::Contains("NaN"));
}

TEST_CASE("msgpack numbers as decimal text round-trip byte for byte") {
  const Type n = Type::number();
  // "0.1" parsed from HCL is not a double: cty sends the text.
  const Value tenth = decode_ok("a3 30 2e 31", n);
  CHECK(tenth.as_number().to_string() == "0.1");
  CHECK(hex(encode_msgpack(tenth, n)) == "a3 30 2e 31");
  // A 30-digit integer (not exactly a double) stays text: fixstr of length 30 = 0xbe.
  const std::string digits = "123456789012345678901234567890";
  const std::string bytes = "be " + hex(digits);
  const Value big = decode_ok(bytes, n);
  CHECK(big.as_number().to_string() == digits);
  CHECK(hex(encode_msgpack(big, n)) == bytes);
  // Text that is an int64 or an exact double goes out in cty's binary forms.
  CHECK(hex(encode_msgpack(decode_ok("a2 34 32", n), n)) == "2a");
  CHECK(hex(encode_msgpack(decode_ok("a3 30 2e 35", n), n)) == "cb 3f e0 00 00 00 00 00 00");
  // bin is accepted where str is (vmihailenco DecodeString).
  CHECK(decode_ok("c4 03 30 2e 31", n) == tenth);
  CHECK_THAT(decode_error(unhex("a3 61 62 63"), n), Catch::Contains("a number is required"));
}

TEST_CASE("msgpack strings and bools") {
  round_trip("a0", Type::string(), Value::string(""));
  round_trip("a5 68 65 6c 6c 6f", Type::string(), Value::string("hello"));
  round_trip("a3 e2 82 ac", Type::string(), Value::string("\xe2\x82\xac"));
  const std::string s32(32, 'x');
  round_trip("d9 20 " + hex(s32), Type::string(), Value::string(s32));
  const std::string s256(256, 'y');
  round_trip("da 01 00 " + hex(s256), Type::string(), Value::string(s256));
  round_trip("c2", Type::boolean(), Value::boolean(false));
  round_trip("c3", Type::boolean(), Value::boolean(true));
  CHECK_THAT(decode_error(unhex("01"), Type::string()), Catch::Contains("a string is required"));
  CHECK_THAT(decode_error(unhex("a1 78"), Type::boolean()), Catch::Contains("a bool is required"));
}

TEST_CASE("msgpack collections") {
  round_trip("92 a1 61 a1 62", Type::list(Type::string()),
             Value::list(Type::string(), {Value::string("a"), Value::string("b")}));
  round_trip("90", Type::list(Type::string()), Value::list(Type::string(), {}));
  round_trip("92 01 02", Type::set(Type::number()), Value::set(Type::number(), {num(1), num(2)}));
  CHECK(decode_ok("92 01 02", Type::set(Type::number())) == Value::set(Type::number(), {num(2), num(1)}));
  round_trip("82 a1 61 c3 a1 62 c2", Type::map(Type::boolean()),
             Value::map(Type::boolean(), {{"a", Value::boolean(true)}, {"b", Value::boolean(false)}}));
  round_trip("80", Type::map(Type::string()), Value::map(Type::string(), {}));
  round_trip("92 a1 61 01", Type::tuple({Type::string(), Type::number()}), Value::tuple({Value::string("a"), num(1)}));
  CHECK_THAT(decode_error(unhex("91 a1 61"), Type::tuple({Type::string(), Type::number()})),
             Catch::Contains("a tuple of length 2 is required"));

  // 16 elements need array16.
  Value::Elements many;
  std::string expected = "dc 00 10";
  for (int i = 0; i < 16; ++i) {
    many.push_back(num(i));
    expected += " " + hex(std::string(1, static_cast<char>(i)));
  }
  round_trip(expected, Type::list(Type::number()), Value::list(Type::number(), many));
}

TEST_CASE("msgpack objects: every attribute, sorted, nulls as nil") {
  const Type inner = Type::object({{"name", Type::string()}, {"port", Type::number()}});
  const Type t = Type::object({{"b", Type::string()}, {"a", Type::number()}, {"c", Type::list(inner)}, {"d", inner}});
  const Value v = Value::object(
      t, {{"a", Value::null(Type::number())},
          {"b", Value::string("x")},
          {"c", Value::list(inner, {Value::object(
                                       inner, {{"name", Value::string("n")}, {"port", Value::null(Type::number())}})})},
          {"d", Value::null(inner)}});
  round_trip("84 a1 61 c0 a1 62 a1 78 a1 63 91 82 a4 6e 61 6d 65 a1 6e a4 70 6f 72 74 c0 a1 64 c0", t, v);

  // An attribute missing from the value is written as nil rather than dropped.
  const Value partial = Value::object(t, {{"b", Value::string("x")}});
  CHECK(hex(encode_msgpack(partial, t)) == "84 a1 61 c0 a1 62 a1 78 a1 63 c0 a1 64 c0");
  // An unknown attribute is written as an ext.
  CHECK(hex(encode_msgpack(partial.with_attribute("a", Value::unknown(Type::number())), t)) ==
        "84 a1 61 d4 00 00 a1 62 a1 78 a1 63 c0 a1 64 c0");
}

TEST_CASE("msgpack objects must carry exactly the type's attributes") {
  const Type t = Type::object({{"a", Type::string()}, {"b", Type::string()}});
  CHECK_THAT(decode_error(unhex("81 a1 61 a1 78"), t), Catch::Contains("\"b\"") && Catch::Contains("missing"));
  CHECK_THAT(decode_error(unhex("80"), t), Catch::Contains("\"a\", \"b\""));
  CHECK_THAT(decode_error(unhex("83 a1 61 c0 a1 62 c0 a1 7a c0"), t), Catch::Contains("unsupported attribute \"z\""));

  // Errors name the path down to the offending value.
  const Type filter = Type::object({{"name", Type::string()}});
  const Type outer = Type::object({{"filters", Type::list(filter)}});
  const std::string msg = decode_error(unhex("81 a7 66 69 6c 74 65 72 73 91 81 a4 6e 61 6d 65 05"), outer);
  CHECK_THAT(msg, Catch::Contains(".filters[0].name") && Catch::Contains("a string is required"));
  const std::string map_msg = decode_error(unhex("81 a1 6b 05"), Type::map(Type::string()));
  CHECK_THAT(map_msg, Catch::Contains("[\"k\"]"));
}

TEST_CASE("msgpack dynamic positions use the [type JSON, value] wrapper") {
  const Type dyn = Type::dynamic();
  // ["string" as bin8, "hi"]
  const std::string str_bytes = "92 c4 08 " + hex("\"string\"") + " a2 68 69";
  round_trip(str_bytes, dyn, Value::string("hi"));
  CHECK(decode_ok(str_bytes, dyn).type() == Type::string());

  // An object: type JSON ["object",{"a":"string"}] is 25 bytes.
  const std::string obj_bytes = "92 c4 19 " + hex("[\"object\",{\"a\":\"string\"}]") + " 81 a1 61 a1 78";
  const Value obj = Value::object({{"a", Value::string("x")}});
  round_trip(obj_bytes, dyn, obj);

  // Null of dynamic type is bare nil; a null of a concrete type is wrapped.
  round_trip("c0", dyn, Value::null(dyn));
  CHECK(hex(encode_msgpack(Value::null(Type::string()), dyn)) == "92 c4 08 " + hex("\"string\"") + " c0");
  // Unknown of dynamic type is a bare ext; an unknown of a concrete type is wrapped (marshal.go).
  round_trip("d4 00 00", dyn, Value::unknown(dyn));
  CHECK(hex(encode_msgpack(Value::unknown(Type::number()), dyn)) == "92 c4 08 " + hex("\"number\"") + " d4 00 00");

  // Inside an object, only the dynamic attribute is wrapped.
  const Type t = Type::object({{"d", dyn}, {"s", Type::string()}});
  const Value v = Value::object(t, {{"d", num(1)}, {"s", Value::string("x")}});
  round_trip("82 a1 64 92 c4 08 " + hex("\"number\"") + " 01 a1 73 a1 78", t, v);

  // The str form of the type JSON is accepted too.
  CHECK(decode_ok("92 a8 " + hex("\"string\"") + " a2 68 69", dyn) == Value::string("hi"));
  // A bare value where the wrapper belongs is the host's "invalid code" error, here ours.
  CHECK_THAT(decode_error(unhex("a2 68 69"), dyn), Catch::Contains("[type, value]"));
  CHECK_THAT(decode_error(unhex("92 c4 03 " + hex("\"x\"") + " c0"), dyn), Catch::Contains("invalid type JSON"));
}

TEST_CASE("msgpack framing errors") {
  CHECK_THAT(decode_error("", Type::string()), Catch::Contains("no data"));
  CHECK_THAT(decode_error(unhex("c0 c0"), Type::string()), Catch::Contains("trailing"));
  CHECK_THAT(decode_error(unhex("a5 68 65"), Type::string()), Catch::Contains("a string is required"));
  CHECK_THAT(decode_error(unhex("dd ff ff ff ff"), Type::list(Type::string())), Catch::Contains("[0]"));
  CHECK_THAT(decode_error(unhex("c7 05 0c"), Type::string()), Catch::Contains("truncated"));
}

namespace {

// A small deterministic generator of nested values, each paired with its schema type.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  Type type(int depth) {
    const int pick = static_cast<int>(rng_() % (depth > 0 ? 8 : 3));
    switch (pick) {
      case 0: return Type::string();
      case 1: return Type::number();
      case 2: return Type::boolean();
      case 3: return Type::list(type(depth - 1));
      case 4: return Type::set(type(depth - 1));
      case 5: return Type::map(type(depth - 1));
      case 6: return Type::tuple({type(depth - 1), type(depth - 1)});
      default: {
        std::map<std::string, Type> attrs;
        const int n = 1 + static_cast<int>(rng_() % 4);
        for (int i = 0; i < n; ++i) attrs["attr_" + std::to_string(rng_() % 10)] = type(depth - 1);
        attrs["dyn"] = Type::dynamic();
        return Type::object(std::move(attrs));
      }
    }
  }

  Value value(const Type& t) {
    const uint32_t roll = rng_() % 10;
    if (roll == 0) return Value::null(t);
    if (roll == 1) return Value::unknown(t, t.kind() != Type::Kind::kDynamic && rng_() % 2 == 0);
    switch (t.kind()) {
      case Type::Kind::kString: return Value::string(std::string(rng_() % 40, 'a' + static_cast<char>(rng_() % 26)));
      case Type::Kind::kNumber: return number();
      case Type::Kind::kBool: return Value::boolean(rng_() % 2 == 0);
      case Type::Kind::kDynamic: return Value::string("in a dynamic slot");
      case Type::Kind::kList:
      case Type::Kind::kSet: {
        Value::Elements elems;
        for (uint32_t i = rng_() % 4; i > 0; --i) elems.push_back(value(t.element()));
        return t.kind() == Type::Kind::kList ? Value::list(t.element(), elems) : Value::set(t.element(), elems);
      }
      case Type::Kind::kMap: {
        Value::Entries entries;
        for (uint32_t i = rng_() % 4; i > 0; --i) entries["k" + std::to_string(rng_() % 100)] = value(t.element());
        return Value::map(t.element(), entries);
      }
      case Type::Kind::kTuple: {
        Value::Elements elems;
        for (const Type& et : t.elements()) elems.push_back(value(et));
        return Value::tuple(elems);
      }
      case Type::Kind::kObject: {
        Value::Entries entries;
        for (const auto& [name, at] : t.attributes()) entries[name] = value(at);
        return Value::object(t, entries);
      }
    }
    return Value();
  }

 private:
  Value number() {
    switch (rng_() % 5) {
      case 0: return Value::number(Number::from_int(static_cast<int64_t>(rng_()) - (1LL << 31)));
      case 1: return Value::number(Number::from_int(static_cast<int64_t>(rng_()) << 31));
      case 2: return Value::number(Number::from_double(static_cast<double>(rng_()) / 1024.0 + 0.5));
      case 3: return Value::number(*Number::from_string("0." + std::to_string(rng_() % 1000 + 1) + "1"));
      default: return Value::number(*Number::from_string(std::to_string(rng_()) + "000000000000000000001"));
    }
  }
  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("msgpack round-trips generated nested values") {
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    Generator gen(seed);
    const Type t = gen.type(3);
    const Value v = gen.value(t);
    INFO("seed " << seed << " type " << t.to_json() << " value " << v.debug_string());
    const std::string bytes = encode_msgpack(v, t);
    auto decoded = decode_msgpack(bytes, t);
    REQUIRE(decoded.ok());
    CHECK(*decoded == v);
    CHECK(hex(encode_msgpack(*decoded, t)) == hex(bytes));
  }
}
