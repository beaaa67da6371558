// Durations as Terraform users write them: Go's time.ParseDuration syntax without signs, the
// units h, m, s and ms ("90s", "5m", "1h30m", "1.5s", "250ms"), to the millisecond.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ge::base {

// The longest duration parse_duration reads: Go's own limit (int64 nanoseconds, about 2562047h),
// so any duration read adds to a steady_clock time point (deadline_after) without overflow.
constexpr std::chrono::milliseconds kMaxDuration{INT64_MAX / 1000000};

// nullopt when malformed (empty, no unit, a sign, spaces, an unknown unit) or longer than
// kMaxDuration.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// now + d, saturated at the clock's latest time point: a deadline never wraps into the past
// (which would time out at once).
std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds d);

// The shortest text parse_duration reads back as `d`: "1h30m", "10s", "250ms", "0s".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace ge::base
