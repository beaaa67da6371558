#include "mapping/functions.h"

#include <catch2/catch.hpp>

using ge::mapping::call_function;
using ge::mapping::find_function;
using ge::value::Type;
using ge::value::Value;

namespace {

const char* kOrg = "6f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

auto call(const char* name, std::vector<Value> args) {
  const auto* f = find_function(name);
  REQUIRE(f != nullptr);
  return call_function(*f, args);
}

}  // namespace

TEST_CASE("functions: the list names both functions with two string parameters each", "[functions]") {
  REQUIRE(ge::mapping::functions().size() == 2);
  CHECK(find_function("partner_event_source_name")->return_type == Type::string());
  CHECK(find_function("topic_matches")->return_type == Type::boolean());
  CHECK(find_function("topic_matches")->parameters.at(1).name == "topic");
  CHECK(find_function("no_such_function") == nullptr);
}

TEST_CASE("functions: partner_event_source_name builds the AWS name", "[functions]") {
  auto r = call("partner_event_source_name", {Value::string(kOrg), Value::string("gc-events_prod.1")});
  REQUIRE(r.ok());
  CHECK(r->as_string() == std::string("aws.partner/genesys.com/cloud/") + kOrg + "/gc-events_prod.1");
}

TEST_CASE("functions: partner_event_source_name blames the argument at fault", "[functions]") {
  struct Case {
    std::string org, suffix;
    int64_t argument;
    std::string names;
  };
  const std::string long_suffix(65, 'a');
  for (const auto& c : std::vector<Case>{{"acme", "x", 0, "org_id"},
                                         {"6f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5", "x", 0, "org_id"},
                                         {"6f6c1a2b-3c4d-4e5f-8a9b_0c1d2e3f4a5b", "x", 0, "org_id"},
                                         {kOrg, "", 1, "suffix"},
                                         {kOrg, "a/b", 1, "suffix"},
                                         {kOrg, long_suffix, 1, "suffix"}}) {
    INFO(c.org << " / " << c.suffix);
    auto r = call("partner_event_source_name", {Value::string(c.org), Value::string(c.suffix)});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().argument == c.argument);
    CHECK(r.error().text.rfind(c.names, 0) == 0);
  }
  CHECK(call("partner_event_source_name", {Value::string(kOrg), Value::string(std::string(64, 'a'))}).ok());
}

TEST_CASE("functions: topic_matches compares segment by segment, {id} standing for one", "[functions]") {
  const std::string pattern = "v2.detail.events.conversation.{id}.customer.end";
  struct Case {
    std::string topic;
    bool matches;
  };
  for (const auto& c : std::vector<Case>{{"v2.detail.events.conversation.4b1c.customer.end", true},
                                         {"v2.detail.events.conversation.4b1c.customer.start", false},
                                         {"v2.detail.events.conversation.4b1c.x.customer.end", false},
                                         {"v2.detail.events.conversation.customer.end", false},
                                         {"v2.detail.events.conversation.4b1c.customer.end.more", false}}) {
    INFO(c.topic);
    auto r = call("topic_matches", {Value::string(pattern), Value::string(c.topic)});
    REQUIRE(r.ok());
    CHECK(r->as_bool() == c.matches);
  }
  auto exact = call("topic_matches", {Value::string("v2.users.presence"), Value::string("v2.users.presence")});
  REQUIRE(exact.ok());
  CHECK(exact->as_bool());
}

TEST_CASE("functions: topic_matches refuses malformed patterns and topics, naming which", "[functions]") {
  struct Case {
    std::string pattern, topic;
    int64_t argument;
  };
  for (const auto& c : std::vector<Case>{{"", "a.b", 0},
                                         {"a..b", "a.x.b", 0},
                                         {"a.{x}.b", "a.x.b", 0},
                                         {"a.x{id}.b", "a.x.b", 0},
                                         {"a.{id}.b", "a.{id}.b", 1},
                                         {"a.{id}.b", "a.x.b.", 1}}) {
    INFO(c.pattern << " / " << c.topic);
    auto r = call("topic_matches", {Value::string(c.pattern), Value::string(c.topic)});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().argument == c.argument);
    CHECK(r.error().text.rfind(c.argument == 0 ? "pattern" : "topic", 0) == 0);
  }
}

TEST_CASE("functions: null and unknown arguments are refused by name", "[functions]") {
  auto null_arg = call("topic_matches", {Value::null(Type::string()), Value::string("a")});
  REQUIRE_FALSE(null_arg.ok());
  CHECK(null_arg.error().argument == 0);
  CHECK(null_arg.error().text == "pattern must not be null.");
  auto unknown_arg = call("partner_event_source_name", {Value::string(kOrg), Value::unknown(Type::string())});
  REQUIRE_FALSE(unknown_arg.ok());
  CHECK(unknown_arg.error().argument == 1);
  CHECK(unknown_arg.error().text == "suffix must be known.");
  auto too_few = call("topic_matches", {Value::string("a")});
  REQUIRE_FALSE(too_few.ok());
  CHECK_FALSE(too_few.error().argument.has_value());
}
