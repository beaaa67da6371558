// Small string helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>

namespace ge::base {

// ASCII lower case (names, header names: the API compares names case-insensitively).
std::string lower_case(std::string_view s);

// Whether two strings are equal ignoring ASCII case.
bool equal_ignoring_case(std::string_view a, std::string_view b);

// RFC 3986 percent-encoding: every byte but the unreserved characters (A-Z a-z 0-9 - _ . ~)
// becomes %XX, so the result is safe as one path segment or one query value.
std::string percent_encode(std::string_view s);

}  // namespace ge::base
