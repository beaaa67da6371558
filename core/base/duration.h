// Durations as Terraform users write them: Go's time.ParseDuration syntax without signs, the
// units h, m, s and ms ("90s", "5m", "1h30m", "1.5s", "250ms"), to the millisecond.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ge::base {

// nullopt when malformed (empty, no unit, a sign, spaces, an unknown unit, overflow).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest text parse_duration reads back as `d`: "1h30m", "10s", "250ms", "0s".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace ge::base
