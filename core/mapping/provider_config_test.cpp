#include <catch2/catch.hpp>

#include "mapping/provider_config.h"

using namespace ge::mapping;
using ge::value::Type;
using ge::value::Value;

namespace {

Type provider_type() {
  std::map<std::string, Type> f;
  for (const char* s : {"oauthclient_id", "oauthclient_secret", "access_token", "aws_region", "api_url", "login_url",
                        "ca_cert_file"}) {
    f.emplace(s, Type::string());
  }
  f.emplace("requests_per_minute", Type::number());
  f.emplace("max_retries", Type::number());
  return Type::object(f);
}

Value config(std::map<std::string, std::string> set) {
  std::map<std::string, Value> fields;
  for (const auto& [name, type] : provider_type().attributes()) fields.emplace(name, Value::null(type));
  for (const auto& [k, v] : set) fields[k] = Value::string(v);
  return Value::object(provider_type(), fields);
}

EnvLookup env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& n) -> std::optional<std::string> {
    auto it = vars.find(n);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("region selects both domains") {
  ge::base::Diagnostics d;
  auto c = resolve_provider_config(config({{"aws_region", "eu-west-1"}, {"oauthclient_id", "i"}, {"oauthclient_secret", "s"}}),
                                   env({}), d);
  REQUIRE(c);
  CHECK(c->api_base == "https://api.mypurecloud.ie");
  CHECK(c->login_base == "https://login.mypurecloud.ie");
}

TEST_CASE("api_url derives the login URL; environment fills the rest") {
  ge::base::Diagnostics d;
  auto c = resolve_provider_config(config({{"api_url", "https://api.example.com/"}}),
                                   env({{"GENESYSCLOUD_OAUTHCLIENT_ID", "i"}, {"GENESYSCLOUD_OAUTHCLIENT_SECRET", "s"},
                                        {"GENESYSCLOUD_MAX_RETRIES", "5"}}),
                                   d);
  REQUIRE(c);
  CHECK(c->api_base == "https://api.example.com");
  CHECK(c->login_base == "https://login.example.com");
  CHECK(c->max_retries == 5);
  auto e = resolve_provider_config(config({{"api_url", "http://127.0.0.1:8787"}, {"access_token", "t0ken"}}), env({}), d);
  REQUIRE(e);
  CHECK(e->login_base == "http://127.0.0.1:8787");
}

TEST_CASE("missing location and credentials name the arguments and variables") {
  ge::base::Diagnostics d;
  auto c = resolve_provider_config(config({}), env({}), d);
  CHECK_FALSE(c);
  std::string all;
  for (const auto& i : d.items()) all += i.detail + "\n";
  CHECK(all.find("aws_region") != std::string::npos);
  CHECK(all.find("GENESYSCLOUD_API_URL") != std::string::npos);
  CHECK(all.find("GENESYSCLOUD_OAUTHCLIENT_SECRET") != std::string::npos);
}
