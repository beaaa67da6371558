#include "rest/secret_fields.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace ge::rest {
namespace {

std::string lower_case(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_secret_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames = {"signingkey",   "password",      "clientsecret", "token",
                                                             "access_token", "refresh_token", "client_secret"};
  return std::find(kNames.begin(), kNames.end(), lower_case(name)) != kNames.end();
}

// The API's maps of extra HTTP headers (a webhook's headerOverrides, a target's headers).
bool is_header_map_name(std::string_view name) {
  const std::string lower = lower_case(name);
  return lower == "headers" || lower == "headeroverrides";
}

void mask(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (is_secret_name(it.key()) && !it.value().is_null()) {
        it.value() = "(redacted)";
      } else if (is_header_map_name(it.key()) && it.value().is_object()) {
        for (auto header = it.value().begin(); header != it.value().end(); ++header) {
          if (is_credential_header(header.key()) && !header.value().is_null()) header.value() = "(redacted)";
        }
      } else {
        mask(it.value());
      }
    }
  } else if (j.is_array()) {
    for (auto& e : j) mask(e);
  }
}

}  // namespace

bool is_credential_header(std::string_view name) {
  const std::string lower = lower_case(name);
  if (lower == "cookie" || lower == "set-cookie") return true;
  static constexpr std::array<std::string_view, 5> kParts = {"token", "key", "secret", "password", "auth"};
  return std::any_of(kParts.begin(), kParts.end(),
                     [&](std::string_view part) { return lower.find(part) != std::string::npos; });
}

nlohmann::json mask_secret_fields(nlohmann::json body) {
  mask(body);
  return body;
}

}  // namespace ge::rest
