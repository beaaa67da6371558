// Masking of write-only secrets in JSON bodies before they reach a trace log.
//
// docs/reference/api-contract.md: signingKey, authConfig.password, authConfig.clientSecret and
// authConfig.token are secrets the API accepts but never returns; OAuth bodies carry
// access_token and client_secret. log::register_secret covers values the client knows about
// (its own credentials and tokens); this covers the users' secrets inside request bodies.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace ge::rest {

// A copy of `body` in which every member, at any depth, whose name is one of signingKey,
// password, clientSecret, token, access_token, refresh_token or client_secret (compared
// case-insensitively) has its value replaced by "(redacted)".
// Header maps (`headers`, `headerOverrides`) are masked too: each value whose header name
// is_credential_header.
nlohmann::json mask_secret_fields(nlohmann::json body);

// Authorization, Proxy-Authorization, Cookie, Set-Cookie, and any header whose name contains
// token, key, secret, password or auth (case-insensitive): values that grant access somewhere.
bool is_credential_header(std::string_view name);

}  // namespace ge::rest
