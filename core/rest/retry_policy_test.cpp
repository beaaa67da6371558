#include <catch2/catch.hpp>

#include "rest/retry_policy.h"

using namespace ge::rest;
using namespace std::chrono_literals;

TEST_CASE("retriable statuses are 429 and the transient 5xx only") {
  for (int s : {429, 500, 502, 503, 504}) CHECK(RetryPolicy::retriable_status(s));
  for (int s : {400, 401, 403, 404, 409, 501, 505}) CHECK_FALSE(RetryPolicy::retriable_status(s));
}

TEST_CASE("POST is retried after a transport failure only when nothing was sent") {
  CHECK(RetryPolicy::retriable_failure("POST", true, false));
  CHECK_FALSE(RetryPolicy::retriable_failure("POST", true, true));
  CHECK_FALSE(RetryPolicy::retriable_failure("PATCH", true, true));
  CHECK(RetryPolicy::retriable_failure("GET", true, true));
  CHECK(RetryPolicy::retriable_failure("PUT", true, true));
  CHECK(RetryPolicy::retriable_failure("DELETE", true, true));
  CHECK_FALSE(RetryPolicy::retriable_failure("GET", false, false));
}

TEST_CASE("back-off grows exponentially with jitter up to the cap") {
  RetryPolicy p{3, 100ms, 1000ms};
  for (int i = 0; i < 50; ++i) {
    auto d1 = *p.delay(1, std::nullopt);
    CHECK((d1 >= 50ms && d1 <= 100ms));
    auto d3 = *p.delay(3, std::nullopt);
    CHECK((d3 >= 200ms && d3 <= 400ms));
    auto d10 = *p.delay(10, std::nullopt);
    CHECK((d10 >= 500ms && d10 <= 1000ms));
  }
}

TEST_CASE("Retry-After replaces the back-off unless it is too long") {
  RetryPolicy p{3, 100ms, 1000ms};
  CHECK(p.delay(1, 7s) == 7000ms);
  CHECK_FALSE(p.delay(1, 121s).has_value());
}

TEST_CASE("Retry-After parses seconds and HTTP dates") {
  CHECK(parse_retry_after("3") == std::optional<std::chrono::milliseconds>(3000ms));
  CHECK(parse_retry_after(" 0 ") == std::optional<std::chrono::milliseconds>(0ms));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == std::optional<std::chrono::milliseconds>(0ms));
  CHECK_FALSE(parse_retry_after("").has_value());
  CHECK_FALSE(parse_retry_after("soon").has_value());
}

TEST_CASE("Retry-After is bounded: a far date or a long number is a day at most, never negative") {
  for (const char* far : {"Fri, 31 Dec 9999 23:59:59 GMT", "9999999999999999999999", "999999999"}) {
    INFO(far);
    auto d = parse_retry_after(far);
    REQUIRE(d.has_value());
    CHECK(*d == std::chrono::milliseconds(86400000));
    RetryPolicy p;
    CHECK_FALSE(p.delay(1, d).has_value());  // far longer than max_retry_after: give up
  }
}
