// cty numbers, kept in the representation they arrived in.
//
// cty numbers are arbitrary-precision (Go big.Float, 512-bit when parsed from text) and the hosts
// compare them by their canonical decimal text (go-cty cty/primitive_type.go rawNumberEqual). A
// provider that squeezes them through double changes 12345678901234567890123 or 0.1 and gets
// "planned value does not match config" (docs/reference/plugin-protocol.md trap 9). Number therefore keeps an
// int64, a uint64, a double or canonical decimal text, and only converts when asked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/status.h"

namespace ge::value {

class Number {
 public:
  // The value 0.
  Number() = default;

  static Number from_int(int64_t v);
  static Number from_uint(uint64_t v);
  // Any double, including ±infinity (cty.PositiveInfinity / NegativeInfinity). NaN is not a cty
  // number; callers must not pass it (the decoders reject it).
  static Number from_double(double v);
  // Decimal text as cty.ParseNumberVal accepts it: optional sign, digits with an optional
  // fraction, optional exponent ("-12.50", "1e3", ".5"). The text is normalized to its canonical
  // form on the way in. Texts whose canonical form would exceed 2048 characters (e.g. "1e99999")
  // are rejected rather than expanded.
  static base::Result<Number> from_string(std::string_view decimal);

  // Canonical cty text, as Go's big.Float Text('f', -1) prints it: no exponent, no trailing
  // fractional zeros, shortest round-trip digits for doubles. "1", "-3", "0.5", "0.1",
  // "12345678901234567890123"; infinities print as "+Inf" / "-Inf".
  std::string to_string() const;

  // The value as int64 if it is an integer in range; nullopt otherwise.
  std::optional<int64_t> as_int64() const;
  // The nearest double (exact for values received as double or small integers).
  double as_double() const;
  bool is_infinite() const;

  // Numeric equality: an int 5, a double 5.0 and the text "5" are equal. Implemented, like
  // cty, as equality of canonical text.
  bool operator==(const Number& other) const;

  // The form cty's msgpack marshaller writes (go-cty cty/msgpack/marshal.go): an int64 when the
  // value is an integer in int64 range; a double when it is ±Inf or a non-integer exactly
  // representable as double; otherwise the canonical text (integers beyond int64, decimals like
  // 0.1). Note: cty writes a uint64 above int64 max as text, not as msgpack uint64.
  std::variant<int64_t, double, std::string> wire_form() const;

 private:
  // Canonical decimal text (see to_string) for values that arrived as text.
  struct Decimal {
    std::string text;
  };
  explicit Number(std::variant<int64_t, uint64_t, double, Decimal> v) : v_(std::move(v)) {}

  std::variant<int64_t, uint64_t, double, Decimal> v_ = int64_t{0};
};

}  // namespace ge::value
