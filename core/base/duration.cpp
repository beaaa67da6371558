#include "base/duration.h"

#include <charconv>
#include <cstdint>
#include <regex>

namespace ge::base {
namespace {

std::optional<int64_t> parse_int(const std::string& digits) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view view) {
  static const std::regex part(R"(([0-9]+)(?:\.([0-9]+))?(ms|h|m|s))");
  const std::string text(view);
  if (text.empty()) return std::nullopt;
  int64_t total_ms = 0;
  size_t consumed = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), part); it != std::sregex_iterator(); ++it) {
    if (static_cast<size_t>(it->position()) != consumed) return std::nullopt;
    consumed += it->length();
    const std::string unit = (*it)[3];
    const int64_t unit_ms = unit == "h" ? 3600000 : unit == "m" ? 60000 : unit == "s" ? 1000 : 1;
    auto whole = parse_int((*it)[1].str());
    if (!whole || *whole > INT64_MAX / unit_ms / 2 || total_ms > INT64_MAX / 2) return std::nullopt;
    total_ms += *whole * unit_ms;
    if ((*it)[2].matched) {  // a fraction of the unit, to the millisecond
      const std::string digits = (*it)[2].str().substr(0, 9);
      int64_t scale = 1;
      for (size_t i = 0; i < digits.size(); ++i) scale *= 10;
      total_ms += parse_int(digits).value_or(0) * unit_ms / scale;
    }
  }
  if (consumed != text.size() || total_ms > kMaxDuration.count()) return std::nullopt;
  return std::chrono::milliseconds(total_ms);
}

std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds d) {
  using Clock = std::chrono::steady_clock;
  const auto now = Clock::now();
  if (d.count() <= 0) return now;
  const auto room = Clock::time_point::max() - now;  // in the clock's own unit
  if (d >= std::chrono::duration_cast<std::chrono::milliseconds>(room)) return Clock::time_point::max();
  return now + d;
}

std::string format_duration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  for (auto [unit, size] : {std::pair{"h", int64_t{3600000}}, std::pair{"m", int64_t{60000}},
                            std::pair{"s", int64_t{1000}}, std::pair{"ms", int64_t{1}}}) {
    if (ms >= size) {
      out += std::to_string(ms / size) + unit;
      ms %= size;
    }
  }
  return out;
}

}  // namespace ge::base
