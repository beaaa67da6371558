// The API's and the token endpoint's error bodies (rest::error_from_api_response and
// error_from_oauth_response), the one-line summary built from them, and the diagnostic the user
// sees (mapping::api_error_diagnostic), whose field details are mapped onto a resource schema's
// attributes. Input: two bytes of HTTP status (the first also picks the schema), then the body.
#include <cstdint>
#include <string_view>

#include "mapping/api_errors.h"
#include "rest/error.h"
#include "schemas.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int status = 100 + ((data[0] << 8 | data[1]) % 500);
  const auto& all = ge::fuzz::schemas();
  const auto& schema = all[data[0] % all.size()];
  std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
  ge::rest::Error api = ge::rest::error_from_api_response(status, body, "");
  (void)api.summary();
  (void)ge::mapping::api_error_diagnostic(schema, "create", api);
  api.attempts = 3;
  (void)ge::rest::error_from_api_response(status, body, "corr-1").summary();
  ge::rest::Error oauth = ge::rest::error_from_oauth_response(status, body, "");
  (void)oauth.summary();
  (void)ge::mapping::api_error_diagnostic(schema, "read", oauth);
  (void)api.summary();
  return 0;
}
