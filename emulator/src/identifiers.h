// Identifiers, timestamps and small string helpers shared by every part of the emulator.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace genesys_emulator {

// A random RFC 4122 version-4 UUID in lower-case canonical form.
std::string new_uuid();

// `bytes` random bytes from OpenSSL's CSPRNG, hex-encoded (tokens, challenges).
std::string random_hex(std::size_t bytes);

// The current time as ISO-8601 UTC with milliseconds, e.g. 2026-01-02T03:04:05.678Z.
std::string iso_now();
std::string iso_time(std::chrono::system_clock::time_point when);

std::string to_lower(std::string_view text);

// Lower-case hex of HMAC-SHA256(key, data): the webhook delivery signature.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace genesys_emulator
