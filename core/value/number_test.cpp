#include "value/number.h"

#include <catch2/catch.hpp>

#include <limits>

using ge::value::Number;

namespace {
Number parse(const char* text) {
  auto r = Number::from_string(text);
  REQUIRE(r.ok());
  return *r;
}
}  // namespace

TEST_CASE("Number canonical text matches big.Float Text('f', -1)") {
  CHECK(Number::from_int(1).to_string() == "1");
  CHECK(Number::from_int(-3).to_string() == "-3");
  CHECK(Number::from_uint(18446744073709551615ULL).to_string() == "18446744073709551615");
  CHECK(Number::from_double(0.5).to_string() == "0.5");
  CHECK(Number::from_double(0.1).to_string() == "0.1");
  CHECK(Number::from_double(-2.25).to_string() == "-2.25");
  CHECK(Number::from_double(1e-7).to_string() == "0.0000001");
  CHECK(Number::from_double(1e21).to_string() == "1000000000000000000000");
  CHECK(Number::from_double(-0.0).to_string() == "0");
  CHECK(Number::from_double(std::numeric_limits<double>::infinity()).to_string() == "+Inf");
  CHECK(parse("12345678901234567890123").to_string() == "12345678901234567890123");
  CHECK(parse("0.1").to_string() == "0.1");
  CHECK(parse("-0012.5000").to_string() == "-12.5");
  CHECK(parse("1e3").to_string() == "1000");
  CHECK(parse("1.5E-3").to_string() == "0.0015");
  CHECK(parse(".5").to_string() == "0.5");
  CHECK(parse("+7").to_string() == "7");
  CHECK(parse("-0.0").to_string() == "0");
}

TEST_CASE("Number rejects text that is not a number") {
  for (const char* bad : {"", "-", "abc", "1.2.3", "1e", "0x10", "1 ", "e5", "1e99999"}) {
    INFO(bad);
    CHECK_FALSE(Number::from_string(bad).ok());
  }
}

TEST_CASE("Number equality is numeric") {
  CHECK(Number::from_int(5) == Number::from_double(5.0));
  CHECK(Number::from_int(5) == parse("5"));
  CHECK(Number::from_uint(5) == parse("5.000"));
  CHECK(Number::from_double(0.1) == parse("0.1"));  // cty compares canonical text too
  CHECK_FALSE(Number::from_int(5) == Number::from_int(6));
  CHECK_FALSE(parse("12345678901234567890123") == parse("12345678901234567890124"));
}

TEST_CASE("Number conversions") {
  CHECK(Number::from_double(3.0).as_int64() == 3);
  CHECK_FALSE(Number::from_double(3.5).as_int64().has_value());
  CHECK(parse("-42").as_int64() == -42);
  CHECK_FALSE(parse("12345678901234567890123").as_int64().has_value());
  CHECK_FALSE(Number::from_uint(9223372036854775808ULL).as_int64().has_value());
  CHECK(parse("0.25").as_double() == 0.25);
  CHECK(parse("12345678901234567890123").as_double() == 12345678901234567890123.0);
}

TEST_CASE("Number wire form follows cty's marshal rules") {
  using Form = std::variant<int64_t, double, std::string>;
  CHECK(Number::from_int(7).wire_form() == Form(int64_t{7}));
  CHECK(Number::from_double(7.0).wire_form() == Form(int64_t{7}));
  CHECK(Number::from_double(0.5).wire_form() == Form(0.5));
  CHECK(parse("0.5").wire_form() == Form(0.5));
  CHECK(parse("0.1").wire_form() == Form(std::string("0.1")));
  CHECK(Number::from_double(0.1).wire_form() == Form(0.1));
  // Integers beyond int64 are text even when exactly representable (marshal.go !bf.IsInt()).
  CHECK(Number::from_double(1e20).wire_form() == Form(std::string("100000000000000000000")));
  CHECK(Number::from_uint(9223372036854775808ULL).wire_form() == Form(std::string("9223372036854775808")));
  CHECK(parse("12345678901234567890123").wire_form() == Form(std::string("12345678901234567890123")));
}
