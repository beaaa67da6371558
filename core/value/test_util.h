// Test helpers for ge_value: byte strings written as hex, so golden vectors read like the spec.
#pragma once

#include <string>
#include <string_view>

namespace ge::value::testing {

// "d4 00 00" → the three bytes; spaces are ignored.
inline std::string unhex(std::string_view text) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') continue;
    out += static_cast<char>(nibble(text[i]) << 4 | nibble(text[i + 1]));
    ++i;
  }
  return out;
}

// The bytes as lowercase hex separated by spaces, the inverse of unhex.
inline std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

}  // namespace ge::value::testing
