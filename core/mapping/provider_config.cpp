#include "mapping/provider_config.h"

#include <cstdlib>
#include <map>
#include <regex>

#include "base/log.h"

namespace ge::mapping {
namespace {

using base::AttributePath;
using value::Value;

struct Setting {
  std::string value;
  bool from_config = false;
  bool unknown = false;
};

Setting lookup(const Value& config, const char* attribute, const char* variable, const EnvLookup& env) {
  Setting s;
  if (!config.is_null()) {
    const Value& v = config.attribute(attribute);
    if (!v.is_known()) {
      s.unknown = true;
      return s;
    }
    if (!v.is_null()) {
      s.from_config = true;
      s.value = v.type().kind() == value::Type::Kind::kNumber ? v.as_number().to_string() : v.as_string();
      return s;
    }
  }
  if (auto e = env(variable)) s.value = *e;
  return s;
}

bool valid_base_url(const std::string& url) {
  static const std::regex re(R"(^https?://[^/\s]+/?$)");
  return std::regex_match(url, re);
}

std::string without_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

std::string region_domain(const std::string& region) {
  static const std::map<std::string, std::string> domains = {
      {"us-east-1", "mypurecloud.com"},      {"us-east-2", "use2.us-gov-pure.cloud"},
      {"us-west-2", "usw2.pure.cloud"},      {"ca-central-1", "cac1.pure.cloud"},
      {"eu-west-1", "mypurecloud.ie"},       {"eu-west-2", "euw2.pure.cloud"},
      {"eu-central-1", "mypurecloud.de"},    {"eu-central-2", "euc2.pure.cloud"},
      {"ap-southeast-2", "mypurecloud.com.au"}, {"ap-northeast-1", "mypurecloud.jp"},
      {"ap-northeast-2", "apne2.pure.cloud"}, {"ap-northeast-3", "apne3.pure.cloud"},
      {"ap-south-1", "aps1.pure.cloud"},     {"ap-southeast-1", "apse1.pure.cloud"},
      {"sa-east-1", "sae1.pure.cloud"},      {"me-central-1", "mec1.pure.cloud"},
      {"mx-central-1", "mxc1.pure.cloud"},   {"eusc-de-east-1", "edee1.eusc-pure.cloud"},
  };
  auto it = domains.find(region);
  return it == domains.end() ? "" : it->second;
}

void validate_provider_config(const Value& config, base::Diagnostics& diags) {
  if (config.is_null()) return;
  for (const char* name : {"api_url", "login_url"}) {
    const Value& v = config.attribute(name);
    if (v.is_known() && !v.is_null() && !valid_base_url(v.as_string())) {
      diags.error("Invalid URL", std::string("`") + name + "` must be a base URL such as https://api.example.com "
                  "(scheme and host, optionally a port, no path), got \"" + v.as_string() + "\".",
                  AttributePath(name));
    }
  }
}

std::optional<rest::ClientConfig> resolve_provider_config(const Value& config, const EnvLookup& env,
                                                          base::Diagnostics& diags) {
  Setting client_id = lookup(config, "oauthclient_id", "GENESYSCLOUD_OAUTHCLIENT_ID", env);
  Setting client_secret = lookup(config, "oauthclient_secret", "GENESYSCLOUD_OAUTHCLIENT_SECRET", env);
  Setting token = lookup(config, "access_token", "GENESYSCLOUD_ACCESS_TOKEN", env);
  Setting region = lookup(config, "aws_region", "GENESYSCLOUD_REGION", env);
  Setting api_url = lookup(config, "api_url", "GENESYSCLOUD_API_URL", env);
  Setting login_url = lookup(config, "login_url", "GENESYSCLOUD_LOGIN_URL", env);
  Setting ca_file = lookup(config, "ca_cert_file", "GENESYSCLOUD_CA_CERT_FILE", env);
  Setting rpm = lookup(config, "requests_per_minute", "GENESYSCLOUD_REQUESTS_PER_MINUTE", env);
  Setting retries = lookup(config, "max_retries", "GENESYSCLOUD_MAX_RETRIES", env);

  for (const Setting* s : {&client_id, &client_secret, &token, &region, &api_url, &login_url, &ca_file, &rpm, &retries}) {
    if (s->unknown) {
      diags.error("Provider configuration not known yet",
                  "A provider argument depends on a value that is only known after apply. Configure the provider "
                  "from values known at plan time (variables, data sources), or apply the resources it depends on "
                  "first with -target.");
      return std::nullopt;
    }
  }

  rest::ClientConfig out;
  if (!api_url.value.empty()) {
    if (!valid_base_url(api_url.value)) {
      diags.error("Invalid API URL", "`api_url` (or GENESYSCLOUD_API_URL) must be a base URL such as "
                  "https://api.mypurecloud.com, got \"" + api_url.value + "\".", AttributePath("api_url"));
    }
    out.api_base = without_trailing_slash(api_url.value);
  } else if (!region.value.empty()) {
    std::string domain = region_domain(region.value);
    if (domain.empty()) {
      diags.error("Unknown region", "`aws_region` (or GENESYSCLOUD_REGION) \"" + region.value +
                  "\" is not a Genesys Cloud region; use one such as us-east-1, eu-west-1 or ap-southeast-2.",
                  AttributePath("aws_region"));
    }
    out.api_base = "https://api." + domain;
  } else {
    diags.error("No API location configured",
                "Set `aws_region` (or GENESYSCLOUD_REGION) to a Genesys Cloud region such as us-east-1, or `api_url` "
                "(or GENESYSCLOUD_API_URL) to an API base URL such as the emulator's http://127.0.0.1:8787.");
  }
  if (!login_url.value.empty()) {
    if (!valid_base_url(login_url.value)) {
      diags.error("Invalid login URL", "`login_url` (or GENESYSCLOUD_LOGIN_URL) must be a base URL, got \"" +
                  login_url.value + "\".", AttributePath("login_url"));
    }
    out.login_base = without_trailing_slash(login_url.value);
  } else if (!api_url.value.empty()) {
    // api.example.com → login.example.com; anything else (an emulator, a gateway) serves both.
    static const std::regex api_host(R"(^(https?://)api\.(.*)$)");
    out.login_base = std::regex_replace(out.api_base, api_host, "$1login.$2");
  } else if (!region.value.empty()) {
    out.login_base = "https://login." + region_domain(region.value);
  }

  out.access_token = token.value;
  out.client_id = client_id.value;
  out.client_secret = client_secret.value;
  if (out.access_token.empty() && (out.client_id.empty() || out.client_secret.empty())) {
    diags.error("Missing credentials",
                "Set `oauthclient_id` and `oauthclient_secret` (or GENESYSCLOUD_OAUTHCLIENT_ID and "
                "GENESYSCLOUD_OAUTHCLIENT_SECRET) for a client-credentials grant, or `access_token` (or "
                "GENESYSCLOUD_ACCESS_TOKEN).");
  }
  for (const std::string* s : {&out.client_secret, &out.access_token}) {
    if (!s->empty()) base::log::register_secret(*s);
  }
  out.ca_cert_file = ca_file.value;
  if (!rpm.value.empty()) {
    char* end = nullptr;
    double v = std::strtod(rpm.value.c_str(), &end);
    if (*end != '\0' || v < 1) {
      diags.error("Invalid requests_per_minute", "`requests_per_minute` (or GENESYSCLOUD_REQUESTS_PER_MINUTE) must be "
                  "a number of at least 1, got \"" + rpm.value + "\".", AttributePath("requests_per_minute"));
    } else {
      out.requests_per_minute = v;
    }
  }
  if (!retries.value.empty()) {
    char* end = nullptr;
    long v = std::strtol(retries.value.c_str(), &end, 10);
    if (*end != '\0' || v < 0 || v > 20) {
      diags.error("Invalid max_retries", "`max_retries` (or GENESYSCLOUD_MAX_RETRIES) must be a whole number from 0 "
                  "to 20, got \"" + retries.value + "\".", AttributePath("max_retries"));
    } else {
      out.max_retries = static_cast<int>(v);
    }
  }
  if (diags.has_errors()) return std::nullopt;
  return out;
}

}  // namespace ge::mapping
