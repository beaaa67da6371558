// Test-only: the REST client the mapping suites point at their in-process fake API
// (tests/support/http_server.h): a ready token, no pacing, retries in milliseconds.
#pragma once

#include <chrono>
#include <string>

#include "rest/client.h"

namespace ge::mapping::testing {

inline rest::ClientConfig fake_api_client_config(const std::string& url) {
  rest::ClientConfig c;
  c.api_base = url;
  c.access_token = "token";
  c.requests_per_minute = 0;
  c.retry_base_delay = std::chrono::milliseconds(5);
  c.retry_max_delay = std::chrono::milliseconds(20);
  return c;
}

}  // namespace ge::mapping::testing
