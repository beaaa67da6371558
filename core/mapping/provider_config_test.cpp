#include <catch2/catch.hpp>

#include <filesystem>

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
  f.emplace("audit_log_path", Type::string());
  f.emplace("metrics_path", Type::string());
  f.emplace("change_webhook", Type::object({{"url", Type::string()}, {"signing_secret", Type::string()}}));
  return Type::object(f);
}

Value config(std::map<std::string, std::string> set) {
  std::map<std::string, Value> fields;
  const Type type = provider_type();  // attributes() refers into it: keep it alive while iterating
  for (const auto& [name, attribute_type] : type.attributes()) fields.emplace(name, Value::null(attribute_type));
  for (const auto& [k, v] : set) fields[k] = Value::string(v);
  return Value::object(type, fields);
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
  CHECK(c->client.api_base == "https://api.mypurecloud.ie");
  CHECK(c->client.login_base == "https://login.mypurecloud.ie");
}

TEST_CASE("api_url derives the login URL, and the environment fills the rest") {
  ge::base::Diagnostics d;
  auto c = resolve_provider_config(config({{"api_url", "https://api.example.com/"}}),
                                   env({{"GENESYSCLOUD_OAUTHCLIENT_ID", "i"}, {"GENESYSCLOUD_OAUTHCLIENT_SECRET", "s"},
                                        {"GENESYSCLOUD_MAX_RETRIES", "5"}}),
                                   d);
  REQUIRE(c);
  CHECK(c->client.api_base == "https://api.example.com");
  CHECK(c->client.login_base == "https://login.example.com");
  CHECK(c->client.max_retries == 5);
  auto e = resolve_provider_config(config({{"api_url", "http://127.0.0.1:8787"}, {"access_token", "t0ken"}}), env({}), d);
  REQUIRE(e);
  CHECK(e->client.login_base == "http://127.0.0.1:8787");
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

TEST_CASE("operational settings: paths and change webhook from the environment, each checked") {
  std::string dir = std::filesystem::temp_directory_path().string();
  ge::base::Diagnostics d;
  auto c = resolve_provider_config(config({{"api_url", "http://127.0.0.1:1"}, {"access_token", "t"}}),
                                   env({{"GENESYSCLOUD_METRICS_PATH", dir + "/ge-metrics-test.prom"},
                                        {"GENESYSCLOUD_CHANGE_WEBHOOK_URL", "https://hooks.example.com/x"},
                                        {"GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET", "k"}}),
                                   d);
  REQUIRE(c);
  CHECK(c->metrics_path == dir + "/ge-metrics-test.prom");
  REQUIRE(c->change_webhook);
  CHECK(c->change_webhook->url == "https://hooks.example.com/x");

  auto fails_naming = [](std::map<std::string, std::string> vars, const std::string& argument, const std::string& var) {
    ge::base::Diagnostics diags;
    vars.emplace("GENESYSCLOUD_API_URL", "http://127.0.0.1:1");
    vars.emplace("GENESYSCLOUD_ACCESS_TOKEN", "t");
    CHECK_FALSE(resolve_provider_config(config({}), env(vars), diags));
    std::string all;
    for (const auto& i : diags.items()) all += i.detail + "\n";
    INFO(all);
    CHECK(all.find("`" + argument + "`") != std::string::npos);
    CHECK(all.find(var) != std::string::npos);
  };
  fails_naming({{"GENESYSCLOUD_AUDIT_LOG_PATH", "/nonexistent-dir/audit.jsonl"}}, "audit_log_path",
               "GENESYSCLOUD_AUDIT_LOG_PATH");
  fails_naming({{"GENESYSCLOUD_METRICS_PATH", "/nonexistent-dir/m.prom"}}, "metrics_path", "GENESYSCLOUD_METRICS_PATH");
  fails_naming({{"GENESYSCLOUD_METRICS_PATH", dir}}, "metrics_path", "GENESYSCLOUD_METRICS_PATH");
  fails_naming({{"GENESYSCLOUD_CHANGE_WEBHOOK_URL", "http://plain.example.com"},
                {"GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET", "k"}},
               "change_webhook.url", "GENESYSCLOUD_CHANGE_WEBHOOK_URL");
  fails_naming({{"GENESYSCLOUD_CHANGE_WEBHOOK_URL", "https://hooks.example.com"}}, "change_webhook.signing_secret",
               "GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET");
  fails_naming({{"GENESYSCLOUD_REQUESTS_PER_MINUTE", "fast"}}, "requests_per_minute", "GENESYSCLOUD_REQUESTS_PER_MINUTE");
  fails_naming({{"GENESYSCLOUD_MAX_RETRIES", "21"}}, "max_retries", "GENESYSCLOUD_MAX_RETRIES");
  fails_naming({{"GENESYSCLOUD_CA_CERT_FILE", "/nonexistent.pem"}}, "ca_cert_file", "GENESYSCLOUD_CA_CERT_FILE");
}
