#include <catch2/catch.hpp>

#include <filesystem>

#include "mapping/engine_test_support.h"
#include "mapping/provider_config.h"

using namespace ge::mapping;
using ge::value::Type;
using ge::value::Value;

namespace {

// The arguments of schemas/provider.json that resolution reads, with their variables.
const char* kProviderSchema = R"({
  "type_name": "genesysevents", "kind": "provider", "description": "P.",
  "attributes": {
    "oauthclient_id": { "type": "string", "optional": true, "description": "I.", "env": "GENESYSCLOUD_OAUTHCLIENT_ID" },
    "oauthclient_secret": { "type": "string", "optional": true, "sensitive": true, "description": "S.",
                            "env": "GENESYSCLOUD_OAUTHCLIENT_SECRET" },
    "access_token": { "type": "string", "optional": true, "sensitive": true, "description": "T.",
                      "env": "GENESYSCLOUD_ACCESS_TOKEN" },
    "aws_region": { "type": "string", "optional": true, "description": "R.", "env": "GENESYSCLOUD_REGION" },
    "api_url": { "type": "string", "optional": true, "description": "A.", "env": "GENESYSCLOUD_API_URL" },
    "login_url": { "type": "string", "optional": true, "description": "L.", "env": "GENESYSCLOUD_LOGIN_URL" },
    "ca_cert_file": { "type": "string", "optional": true, "description": "C.", "env": "GENESYSCLOUD_CA_CERT_FILE" },
    "requests_per_minute": { "type": "number", "optional": true, "description": "P.",
                             "validators": [{ "integer": true }, { "range": [1, 100000] }],
                             "env": "GENESYSCLOUD_REQUESTS_PER_MINUTE" },
    "max_retries": { "type": "number", "optional": true, "description": "M.",
                     "validators": [{ "integer": true }, { "range": [0, 20] }], "env": "GENESYSCLOUD_MAX_RETRIES" },
    "audit_log_path": { "type": "string", "optional": true, "description": "A.", "env": "GENESYSCLOUD_AUDIT_LOG_PATH" },
    "metrics_path": { "type": "string", "optional": true, "description": "M.", "env": "GENESYSCLOUD_METRICS_PATH" },
    "change_webhook": { "nested": "single", "optional": true, "description": "W.",
      "attributes": {
        "url": { "type": "string", "required": true, "description": "U.", "env": "GENESYSCLOUD_CHANGE_WEBHOOK_URL" },
        "signing_secret": { "type": "string", "required": true, "sensitive": true, "description": "S.",
                            "env": "GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET" } } }
  }
})";

const ge::schema::ResourceSchema& provider() { return ge::mapping::testing::schema_from(kProviderSchema); }

Value config(std::map<std::string, std::string> set) {
  std::map<std::string, Value> fields;
  const Type type = provider().object_type();  // attributes() refers into it: keep it alive while iterating
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
  auto c = resolve_provider_config(
      provider(), config({{"aws_region", "eu-west-1"}, {"oauthclient_id", "i"}, {"oauthclient_secret", "s"}}), env({}),
      d);
  REQUIRE(c);
  CHECK(c->client.api_base == "https://api.mypurecloud.ie");
  CHECK(c->client.login_base == "https://login.mypurecloud.ie");
}

TEST_CASE("api_url derives the login URL, and the environment fills the rest") {
  ge::base::Diagnostics d;
  auto c = resolve_provider_config(provider(), config({{"api_url", "https://api.example.com/"}}),
                                   env({{"GENESYSCLOUD_OAUTHCLIENT_ID", "i"},
                                        {"GENESYSCLOUD_OAUTHCLIENT_SECRET", "s"},
                                        {"GENESYSCLOUD_MAX_RETRIES", "5"}}),
                                   d);
  REQUIRE(c);
  CHECK(c->client.api_base == "https://api.example.com");
  CHECK(c->client.login_base == "https://login.example.com");
  CHECK(c->client.max_retries == 5);
  auto e = resolve_provider_config(
      provider(), config({{"api_url", "http://127.0.0.1:8787"}, {"access_token", "t0ken"}}), env({}), d);
  REQUIRE(e);
  CHECK(e->client.login_base == "http://127.0.0.1:8787");
}

TEST_CASE("missing location and credentials name the arguments and variables") {
  ge::base::Diagnostics d;
  auto c = resolve_provider_config(provider(), config({}), env({}), d);
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
  auto c = resolve_provider_config(provider(), config({{"api_url", "http://127.0.0.1:1"}, {"access_token", "t"}}),
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
    CHECK_FALSE(resolve_provider_config(provider(), config({}), env(vars), diags));
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
  fails_naming({{"GENESYSCLOUD_REQUESTS_PER_MINUTE", "fast"}}, "requests_per_minute",
               "GENESYSCLOUD_REQUESTS_PER_MINUTE");
  fails_naming({{"GENESYSCLOUD_MAX_RETRIES", "21"}}, "max_retries", "GENESYSCLOUD_MAX_RETRIES");
  fails_naming({{"GENESYSCLOUD_REQUESTS_PER_MINUTE", "10.5"}}, "requests_per_minute",
               "GENESYSCLOUD_REQUESTS_PER_MINUTE");
  fails_naming({{"GENESYSCLOUD_REQUESTS_PER_MINUTE", "99999999999999999999"}}, "requests_per_minute",
               "GENESYSCLOUD_REQUESTS_PER_MINUTE");
  fails_naming({{"GENESYSCLOUD_CA_CERT_FILE", "/nonexistent.pem"}}, "ca_cert_file", "GENESYSCLOUD_CA_CERT_FILE");
}

TEST_CASE("plain http:// is refused for a non-loopback API or login host, naming the argument and variable") {
  auto errors = [](std::map<std::string, std::string> set, std::map<std::string, std::string> vars) {
    set.emplace("access_token", "t0ken");
    ge::base::Diagnostics validated;
    validate_provider_config(provider(), config(set), validated);
    ge::base::Diagnostics resolved;
    auto settings = resolve_provider_config(provider(), config(set), env(vars), resolved);
    CHECK(settings.has_value() == !resolved.has_errors());
    std::string all;
    for (const auto& i : resolved.items()) all += i.detail + "\n";
    // Validation sees the configured values only; resolution sees the environment too.
    if (vars.empty()) CHECK(validated.items().size() == resolved.items().size());
    return all;
  };
  for (const char* loopback : {"http://127.0.0.1:8787", "http://127.42.0.9", "http://localhost:8080", "http://[::1]:80",
                               "http://[0:0:0:0:0:0:0:1]", "https://api.example.com"}) {
    INFO(loopback);
    CHECK(errors({{"api_url", loopback}}, {}).empty());
    CHECK(errors({{"api_url", "https://api.example.com"}, {"login_url", loopback}}, {}).empty());
  }
  for (const char* remote : {"http://api.example.com", "http://10.0.0.1:8080", "http://localhost.example.com",
                             "http://127.0.0.1.example.com", "http://[::2]", "http://128.0.0.1"}) {
    INFO(remote);
    std::string api = errors({{"api_url", remote}}, {});
    CHECK(api.find("`api_url` (or GENESYSCLOUD_API_URL)") != std::string::npos);
    CHECK(api.find("https://") != std::string::npos);
    CHECK(errors({}, {{"GENESYSCLOUD_API_URL", remote}}).find("`api_url` (or GENESYSCLOUD_API_URL)") !=
          std::string::npos);
    std::string login = errors({{"api_url", "https://api.example.com"}, {"login_url", remote}}, {});
    CHECK(login.find("`login_url` (or GENESYSCLOUD_LOGIN_URL)") != std::string::npos);
    CHECK(errors({{"api_url", "https://api.example.com"}}, {{"GENESYSCLOUD_LOGIN_URL", remote}})
              .find("`login_url` (or GENESYSCLOUD_LOGIN_URL)") != std::string::npos);
  }
}

TEST_CASE("unknown arguments are accepted by validation and named when resolution needs them") {
  const Type type = provider().object_type();
  auto with = [&](const std::string& name, Value v) {
    std::map<std::string, Value> fields;
    for (const auto& [n, t] : type.attributes()) fields.emplace(n, Value::null(t));
    fields["access_token"] = Value::string("t0ken");
    fields[name] = std::move(v);
    return Value::object(type, fields);
  };
  const Value unknown_url = with("api_url", Value::unknown(Type::string()));
  CHECK(unknown_provider_arguments(provider(), unknown_url) == std::vector<std::string>{"api_url"});
  ge::base::Diagnostics validated;
  validate_provider_config(provider(), unknown_url, validated);
  CHECK(validated.empty());

  ge::base::Diagnostics resolved;
  CHECK_FALSE(resolve_provider_config(provider(), unknown_url, env({}), resolved));
  REQUIRE(resolved.items().size() == 1);
  CHECK(resolved.items()[0].summary == "Provider configuration not known yet");
  CHECK(resolved.items()[0].detail.rfind(
            "`api_url` (or GENESYSCLOUD_API_URL) depends on a value known only after apply", 0) == 0);
  CHECK(resolved.items()[0].attribute->to_string() == "api_url");

  const Type hook = type.attributes().at("change_webhook");
  const Value unknown_secret = with("change_webhook",
                                    Value::object(hook, {{"url", Value::string("https://h.example.com")},
                                                         {"signing_secret", Value::unknown(Type::string())}}));
  CHECK(unknown_provider_arguments(provider(), unknown_secret) ==
        std::vector<std::string>{"change_webhook.signing_secret"});
  CHECK(unknown_provider_arguments(provider(), config({{"api_url", "https://api.example.com"}})).empty());
}
