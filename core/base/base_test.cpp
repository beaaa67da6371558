#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "base/attribute_path.h"
#include "base/diagnostics.h"
#include "base/duration.h"
#include "base/log.h"
#include "base/status.h"

using namespace ge::base;

TEST_CASE("attribute paths print in Terraform notation") {
  auto p = AttributePath("filters").index(0).attribute("conditions").index(2).attribute("value");
  CHECK(p.to_string() == "filters[0].conditions[2].value");
  CHECK(AttributePath("headers").key("x-a").to_string() == "headers[\"x-a\"]");
}

TEST_CASE("Result carries a value or an error") {
  Result<int> good = 3;
  Result<int> bad = InvalidArgument("nope");
  CHECK(good.ok());
  CHECK(*good == 3);
  CHECK_FALSE(bad.ok());
  CHECK(bad.error().message() == "nope");
}

TEST_CASE("diagnostics know whether they hold an error") {
  Diagnostics d;
  d.warning("w", "a warning");
  CHECK_FALSE(d.has_errors());
  d.error("e", "an error", AttributePath("name"));
  CHECK(d.has_errors());
}

TEST_CASE("log lines are hclog JSON with string fields") {
  auto line = log::format_line(log::Level::kInfo, "hello", {{"path", "/x"}}, "2026-01-02T03:04:05.123456Z");
  auto j = nlohmann::json::parse(line);
  CHECK(j["@level"] == "info");
  CHECK(j["@message"] == "hello");
  CHECK(j["@timestamp"] == "2026-01-02T03:04:05.123456Z");
  CHECK(j["path"] == "/x");
}

TEST_CASE("registered secrets are redacted") {
  log::register_secret("s3cr3t-value");
  CHECK(log::redact("token=s3cr3t-value;again s3cr3t-value") == "token=(redacted);again (redacted)");
}

TEST_CASE("durations parse as Go writes them and format back") {
  using std::chrono::milliseconds;
  CHECK(parse_duration("90s") == milliseconds(90000));
  CHECK(parse_duration("1h30m") == milliseconds(5400000));
  CHECK(parse_duration("1.5s") == milliseconds(1500));
  CHECK(parse_duration("250ms") == milliseconds(250));
  CHECK(parse_duration("0s") == milliseconds(0));
  for (const char* bad : {"", "5", "5x", "1h 2m", "-1s", "s", "99999999999999999999h", " 1s"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad));
  }
  CHECK(format_duration(milliseconds(5400000)) == "1h30m");
  CHECK(format_duration(milliseconds(10000)) == "10s");
  CHECK(format_duration(milliseconds(1250)) == "1s250ms");
  CHECK(format_duration(milliseconds(0)) == "0s");
  for (int64_t ms : {1, 999, 60000, 3723004})
    CHECK(parse_duration(format_duration(milliseconds(ms))) == milliseconds(ms));
}

TEST_CASE("durations are bounded: nothing past Go's limit, and a deadline never wraps into the past") {
  using std::chrono::milliseconds;
  CHECK(parse_duration("2562047h") == milliseconds(2562047LL * 3600000));
  for (const char* huge : {"2562048h", "153722868m", "9223372036855s", "1000000000000000ms", "2562047h60m"}) {
    INFO(huge);
    CHECK_FALSE(parse_duration(huge));
  }
  const auto now = std::chrono::steady_clock::now();
  CHECK(deadline_after(ge::base::kMaxDuration) > now + std::chrono::hours(24 * 365));
  CHECK(deadline_after(*parse_duration("2562047h")) > now);
  CHECK(deadline_after(milliseconds(-5)) >= now);
  CHECK(deadline_after(milliseconds(1000)) >= now + milliseconds(1000));
}
