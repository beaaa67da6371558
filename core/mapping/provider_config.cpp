#include "mapping/provider_config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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

// `attribute` may be dotted ("change_webhook.url"): a null parent counts as unset.
Setting lookup(const Value& config, const std::string& attribute, const char* variable, const EnvLookup& env) {
  Setting s;
  const Value* parent = &config;
  std::string name = attribute;
  if (auto dot = attribute.find('.'); dot != std::string::npos && !config.is_null()) {
    const Value& p = config.attribute(attribute.substr(0, dot));
    if (!p.is_known()) {
      s.unknown = true;
      return s;
    }
    parent = &p;
    name = attribute.substr(dot + 1);
  }
  if (!parent->is_null()) {
    const Value& v = parent->attribute(name);
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

bool valid_https_url(const std::string& url) {
  static const std::regex re(R"(^https://[^/\s?#]+(/\S*)?$)");
  return std::regex_match(url, re);
}

// "`name` (or VARIABLE)", the way every message names a setting.
std::string named(const std::string& attribute, const char* variable) {
  return "`" + attribute + "` (or " + variable + ")";
}

// The path of an attribute, for dotted names too.
AttributePath path_of(const std::string& attribute) {
  auto dot = attribute.find('.');
  if (dot == std::string::npos) return AttributePath(attribute);
  return AttributePath(attribute.substr(0, dot)).attribute(attribute.substr(dot + 1));
}

// The checks shared by validation (configured values) and resolution (either source).
// Each returns the parsed value, or nullopt after adding an error.
std::optional<std::string> check_region(const std::string& v, base::Diagnostics& diags) {
  if (!region_domain(v).empty()) return region_domain(v);
  diags.error("Unknown region", named("aws_region", "GENESYSCLOUD_REGION") + " \"" + v +
              "\" is not a Genesys Cloud region; use one such as us-east-1, eu-west-1 or ap-southeast-2.",
              AttributePath("aws_region"));
  return std::nullopt;
}

std::optional<double> check_requests_per_minute(const std::string& v, base::Diagnostics& diags) {
  char* end = nullptr;
  double n = std::strtod(v.c_str(), &end);
  if (!v.empty() && *end == '\0' && n >= 1 && n <= 100000) return n;
  diags.error("Invalid requests_per_minute", named("requests_per_minute", "GENESYSCLOUD_REQUESTS_PER_MINUTE") +
              " must be a number from 1 to 100000, got \"" + v + "\".", AttributePath("requests_per_minute"));
  return std::nullopt;
}

std::optional<int> check_max_retries(const std::string& v, base::Diagnostics& diags) {
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (!v.empty() && *end == '\0' && n >= 0 && n <= 20) return static_cast<int>(n);
  diags.error("Invalid max_retries", named("max_retries", "GENESYSCLOUD_MAX_RETRIES") +
              " must be a whole number from 0 to 20, got \"" + v + "\".", AttributePath("max_retries"));
  return std::nullopt;
}

void check_base_url(const std::string& v, const char* attribute, const char* variable, base::Diagnostics& diags) {
  if (valid_base_url(v)) return;
  diags.error("Invalid URL", named(attribute, variable) + " must be a base URL such as https://api.example.com "
              "(scheme and host, optionally a port, no path), got \"" + v + "\".", AttributePath(attribute));
}

void check_webhook_url(const std::string& v, base::Diagnostics& diags) {
  if (valid_https_url(v)) return;
  diags.error("Invalid change_webhook url", named("change_webhook.url", "GENESYSCLOUD_CHANGE_WEBHOOK_URL") +
              " must be an absolute https:// URL (notifications carry signed data, so plain HTTP is refused), got \"" +
              v + "\".", path_of("change_webhook.url"));
}

// The audit log is appended to: the file must be creatable and writable now, not at the first
// mutation, so a typo fails the plan rather than the apply.
void check_audit_path(const std::string& v, base::Diagnostics& diags) {
  int fd = ::open(v.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  diags.error("Unusable audit_log_path", named("audit_log_path", "GENESYSCLOUD_AUDIT_LOG_PATH") + " \"" + v +
              "\" cannot be opened for appending: " + std::strerror(errno) + ".", AttributePath("audit_log_path"));
}

// The metrics file is replaced by rename: its directory must be writable and the path must not
// be a directory.
void check_metrics_path(const std::string& v, base::Diagnostics& diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(v);
  fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::string problem;
  if (p.filename().empty() || fs::is_directory(p, ec)) {
    problem = "it names a directory, not a file";
  } else if (!fs::is_directory(dir, ec)) {
    problem = "its directory " + dir.string() + " does not exist";
  } else if (::access(dir.c_str(), W_OK) != 0) {
    problem = "its directory " + dir.string() + " is not writable: " + std::strerror(errno);
  }
  if (problem.empty()) return;
  diags.error("Unusable metrics_path", named("metrics_path", "GENESYSCLOUD_METRICS_PATH") + " \"" + v +
              "\" cannot be written: " + problem + ".", AttributePath("metrics_path"));
}

void check_ca_file(const std::string& v, base::Diagnostics& diags) {
  std::string problem;
  if (::access(v.c_str(), R_OK) != 0) {
    problem = std::strerror(errno);
  } else if (std::filesystem::is_directory(v)) {
    problem = "it is a directory";
  } else {
    return;
  }
  diags.error("Unreadable ca_cert_file", named("ca_cert_file", "GENESYSCLOUD_CA_CERT_FILE") + " \"" + v +
              "\" is not a readable PEM file: " + problem + ".", AttributePath("ca_cert_file"));
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
  auto configured = [&](const std::string& attribute) -> std::optional<std::string> {
    Setting s = lookup(config, attribute, "", [](const std::string&) { return std::nullopt; });
    if (s.unknown || !s.from_config) return std::nullopt;
    return s.value;
  };
  if (auto v = configured("api_url")) check_base_url(*v, "api_url", "GENESYSCLOUD_API_URL", diags);
  if (auto v = configured("login_url")) check_base_url(*v, "login_url", "GENESYSCLOUD_LOGIN_URL", diags);
  if (auto v = configured("aws_region")) check_region(*v, diags);
  if (auto v = configured("requests_per_minute")) check_requests_per_minute(*v, diags);
  if (auto v = configured("max_retries")) check_max_retries(*v, diags);
  if (auto v = configured("change_webhook.url")) check_webhook_url(*v, diags);
  if (auto v = configured("change_webhook.signing_secret"); v && v->empty()) {
    diags.error("Empty change_webhook signing_secret",
                named("change_webhook.signing_secret", "GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET") +
                    " must not be empty: it keys the HMAC-SHA256 signature of every notification.",
                path_of("change_webhook.signing_secret"));
  }
}

std::optional<ProviderSettings> resolve_provider_config(const Value& config, const EnvLookup& env,
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
  Setting audit = lookup(config, "audit_log_path", "GENESYSCLOUD_AUDIT_LOG_PATH", env);
  Setting metrics = lookup(config, "metrics_path", "GENESYSCLOUD_METRICS_PATH", env);
  Setting hook_url = lookup(config, "change_webhook.url", "GENESYSCLOUD_CHANGE_WEBHOOK_URL", env);
  Setting hook_secret =
      lookup(config, "change_webhook.signing_secret", "GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET", env);

  for (const Setting* s : {&client_id, &client_secret, &token, &region, &api_url, &login_url, &ca_file, &rpm, &retries,
                           &audit, &metrics, &hook_url, &hook_secret}) {
    if (s->unknown) {
      diags.error("Provider configuration not known yet",
                  "A provider argument depends on a value that is only known after apply. Configure the provider "
                  "from values known at plan time (variables, data sources), or apply the resources it depends on "
                  "first with -target.");
      return std::nullopt;
    }
  }
  // Secrets go to the log redactor first, whatever else is wrong with the configuration.
  for (const Setting* s : {&client_secret, &token, &hook_secret}) {
    if (!s->value.empty()) base::log::register_secret(s->value);
  }

  ProviderSettings settings;
  rest::ClientConfig& out = settings.client;
  if (!api_url.value.empty()) {
    check_base_url(api_url.value, "api_url", "GENESYSCLOUD_API_URL", diags);
    out.api_base = without_trailing_slash(api_url.value);
  } else if (!region.value.empty()) {
    if (auto domain = check_region(region.value, diags)) out.api_base = "https://api." + *domain;
  } else {
    diags.error("No API location configured",
                "Set `aws_region` (or GENESYSCLOUD_REGION) to a Genesys Cloud region such as us-east-1, or `api_url` "
                "(or GENESYSCLOUD_API_URL) to an API base URL such as the emulator's http://127.0.0.1:8787.");
  }
  if (!login_url.value.empty()) {
    check_base_url(login_url.value, "login_url", "GENESYSCLOUD_LOGIN_URL", diags);
    out.login_base = without_trailing_slash(login_url.value);
  } else if (!api_url.value.empty()) {
    // api.example.com → login.example.com; anything else (an emulator, a gateway) serves both.
    static const std::regex api_host(R"(^(https?://)api\.(.*)$)");
    out.login_base = std::regex_replace(out.api_base, api_host, "$1login.$2");
  } else if (!region.value.empty() && !region_domain(region.value).empty()) {
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
  if (!ca_file.value.empty()) check_ca_file(ca_file.value, diags);
  out.ca_cert_file = ca_file.value;
  if (!rpm.value.empty()) {
    if (auto v = check_requests_per_minute(rpm.value, diags)) out.requests_per_minute = *v;
  }
  if (!retries.value.empty()) {
    if (auto v = check_max_retries(retries.value, diags)) out.max_retries = *v;
  }
  if (!audit.value.empty()) check_audit_path(audit.value, diags);
  settings.audit_log_path = audit.value;
  if (!metrics.value.empty()) check_metrics_path(metrics.value, diags);
  settings.metrics_path = metrics.value;
  if (!hook_url.value.empty() || !hook_secret.value.empty()) {
    if (hook_url.value.empty() || hook_secret.value.empty()) {
      diags.error("Incomplete change_webhook",
                  "Change notifications need both " + named("change_webhook.url", "GENESYSCLOUD_CHANGE_WEBHOOK_URL") +
                      " and " +
                      named("change_webhook.signing_secret", "GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET") + ".",
                  AttributePath("change_webhook"));
    } else {
      check_webhook_url(hook_url.value, diags);
      settings.change_webhook = ChangeWebhook{hook_url.value, hook_secret.value};
    }
  }
  if (diags.has_errors()) return std::nullopt;
  return settings;
}

}  // namespace ge::mapping
