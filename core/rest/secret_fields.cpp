#include "rest/secret_fields.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace ge::rest {
namespace {

bool is_secret_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "signingkey", "password", "clientsecret", "token", "access_token", "refresh_token", "client_secret"};
  return std::any_of(kNames.begin(), kNames.end(), [&](std::string_view n) {
    return n.size() == name.size() &&
           std::equal(n.begin(), n.end(), name.begin(),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  });
}

void mask(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (is_secret_name(it.key()) && !it.value().is_null()) {
        it.value() = "(redacted)";
      } else {
        mask(it.value());
      }
    }
  } else if (j.is_array()) {
    for (auto& e : j) mask(e);
  }
}

}  // namespace

nlohmann::json mask_secret_fields(nlohmann::json body) {
  mask(body);
  return body;
}

}  // namespace ge::rest
