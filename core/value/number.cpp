#include "value/number.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace ge::value {
namespace {

constexpr size_t kMaxCanonicalLength = 2048;

// Formats digits × 10^exp10 in fixed notation without trailing fractional zeros, which is what
// big.Float Text('f', -1) produces once it has chosen its digits. digits holds no leading zeros.
std::string format_fixed(bool negative, std::string digits, int64_t exp10) {
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp10;
  }
  if (digits.empty()) return "0";
  std::string out = negative ? "-" : "";
  if (exp10 >= 0) {
    out += digits;
    out.append(static_cast<size_t>(exp10), '0');
    return out;
  }
  const int64_t point = static_cast<int64_t>(digits.size()) + exp10;  // digits before the point
  if (point > 0) {
    out += digits.substr(0, static_cast<size_t>(point));
    out += '.';
    out += digits.substr(static_cast<size_t>(point));
  } else {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    out += digits;
  }
  return out;
}

// Shortest round-trip text of a finite double in fixed notation. to_chars' own fixed shortest
// form is avoided on purpose: the digits are taken from the scientific form and padded, exactly
// as Go pads its shortest digits, so 1e300 prints as 1 followed by 300 zeros.
std::string double_text(double d) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(res.ptr - buf));
  const bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  const size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int64_t exponent = 0;
  std::string_view exp_text = s.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  return format_fixed(negative, digits.substr(first), exponent - static_cast<int64_t>(digits.size()) + 1);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses canonical text (which has no exponent) into a double, saturating like strtod.
double text_to_double(const std::string& text) {
  double d = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), d);
  if (res.ec == std::errc::result_out_of_range) {
    const bool negative = text.front() == '-';
    const bool tiny = text.find("0.", negative ? 1 : 0) == (negative ? 1u : 0u);
    const double magnitude = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    return negative ? -magnitude : magnitude;
  }
  return d;
}

}  // namespace

Number Number::from_int(int64_t v) { return Number(v); }
Number Number::from_uint(uint64_t v) { return Number(v); }
Number Number::from_double(double v) { return Number(v); }

base::Result<Number> Number::from_string(std::string_view s) {
  const std::string original(s);
  auto bad = [&] { return base::InvalidArgument("invalid number \"" + original + "\""); };
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::string digits;
  int64_t exp10 = 0;
  bool seen_digit = false;
  size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    digits += s[i];
    seen_digit = true;
  }
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && is_digit(s[i]); ++i) {
      digits += s[i];
      --exp10;
      seen_digit = true;
    }
  }
  if (!seen_digit) return bad();
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      exp_negative = s[i] == '-';
      ++i;
    }
    if (i == s.size()) return bad();
    int64_t e = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (e > 1'000'000) return bad();  // far beyond kMaxCanonicalLength either way
      e = e * 10 + (s[i] - '0');
    }
    exp10 += exp_negative ? -e : e;
  }
  if (i != s.size()) return bad();

  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number(int64_t{0});
  digits.erase(0, first);
  size_t significant = digits.size();
  int64_t trailing_exp = exp10;
  while (significant > 0 && digits[significant - 1] == '0') {
    --significant;
    ++trailing_exp;
  }
  const int64_t length = trailing_exp >= 0 ? static_cast<int64_t>(significant) + trailing_exp
                                           : std::max<int64_t>(static_cast<int64_t>(significant), -trailing_exp) + 2;
  if (length > static_cast<int64_t>(kMaxCanonicalLength)) {
    return base::InvalidArgument("number \"" + original + "\" is too long");
  }
  return Number(Decimal{format_fixed(negative, std::move(digits), exp10)});
}

std::string Number::to_string() const {
  if (const auto* i = std::get_if<int64_t>(&v_)) return std::to_string(*i);
  if (const auto* u = std::get_if<uint64_t>(&v_)) return std::to_string(*u);
  if (const auto* d = std::get_if<double>(&v_)) {
    if (std::isinf(*d)) return *d > 0 ? "+Inf" : "-Inf";
    return double_text(*d);
  }
  return std::get<Decimal>(v_).text;
}

std::optional<int64_t> Number::as_int64() const {
  if (const auto* i = std::get_if<int64_t>(&v_)) return *i;
  if (const auto* u = std::get_if<uint64_t>(&v_)) {
    if (*u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return static_cast<int64_t>(*u);
    return std::nullopt;
  }
  if (const auto* d = std::get_if<double>(&v_)) {
    // 2^63 is the first double past int64 max; every double below it in magnitude converts.
    if (std::trunc(*d) == *d && *d >= -9223372036854775808.0 && *d < 9223372036854775808.0) {
      return static_cast<int64_t>(*d);
    }
    return std::nullopt;
  }
  const std::string& text = std::get<Decimal>(v_).text;
  int64_t out = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), out);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

double Number::as_double() const {
  if (const auto* i = std::get_if<int64_t>(&v_)) return static_cast<double>(*i);
  if (const auto* u = std::get_if<uint64_t>(&v_)) return static_cast<double>(*u);
  if (const auto* d = std::get_if<double>(&v_)) return *d;
  return text_to_double(std::get<Decimal>(v_).text);
}

bool Number::is_infinite() const {
  const auto* d = std::get_if<double>(&v_);
  return d != nullptr && std::isinf(*d);
}

bool Number::operator==(const Number& other) const {
  const auto* a = std::get_if<int64_t>(&v_);
  const auto* b = std::get_if<int64_t>(&other.v_);
  if (a && b) return *a == *b;
  return to_string() == other.to_string();
}

std::variant<int64_t, double, std::string> Number::wire_form() const {
  if (const auto i = as_int64()) return *i;
  if (const auto* d = std::get_if<double>(&v_)) {
    // A double that is not an int64 is either ±Inf, a non-integer (both written as float64) or
    // an integer beyond int64, which cty writes as text because of its !bf.IsInt() check.
    if (std::isinf(*d) || std::trunc(*d) != *d) return *d;
    return to_string();
  }
  if (const auto* dec = std::get_if<Decimal>(&v_)) {
    // A non-integer decimal goes out as float64 only if the double is exactly the decimal; the
    // fixed expansion with 1100 fractional digits is exact for every double (at most 1074).
    if (dec->text.find('.') != std::string::npos) {
      const double d = text_to_double(dec->text);
      char buf[1500];
      const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 1100);
      if (res.ec == std::errc()) {
        std::string exact(buf, res.ptr);
        while (exact.back() == '0') exact.pop_back();
        if (exact.back() == '.') exact.pop_back();
        if (exact == dec->text) return d;
      }
    }
    return dec->text;
  }
  return to_string();  // uint64 above int64 max
}

}  // namespace ge::value
