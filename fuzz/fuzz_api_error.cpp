// The API's and the token endpoint's error bodies (rest::error_from_api_response and
// error_from_oauth_response), and the one-line summary built from them.
// Input: two bytes of HTTP status, then the body.
#include <cstdint>
#include <string_view>

#include "rest/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int status = 100 + ((data[0] << 8 | data[1]) % 500);
  std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
  ge::rest::Error api = ge::rest::error_from_api_response(status, body, "");
  (void)api.summary();
  api.attempts = 3;
  (void)ge::rest::error_from_api_response(status, body, "corr-1").summary();
  (void)ge::rest::error_from_oauth_response(status, body, "").summary();
  (void)api.summary();
  return 0;
}
