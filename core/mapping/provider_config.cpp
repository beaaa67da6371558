#include "mapping/provider_config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <regex>

#include "base/log.h"
#include "schema/validate.h"

namespace ge::mapping {
namespace {

using base::AttributePath;
using value::Value;

struct Setting {
  std::string value;
  bool from_config = false;
  bool unknown = false;
};

// The environment variable of an argument, from its `env` key in schemas/provider.json.
std::string variable_of(const schema::ResourceSchema& provider, const std::string& attribute) {
  const schema::Attribute* a = provider.find_path(attribute);
  return a ? a->env : std::string();
}

// `attribute` may be dotted ("change_webhook.url"): a null parent counts as unset.
Setting lookup(const schema::ResourceSchema& provider, const Value& config, const std::string& attribute,
               const EnvLookup& env) {
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
  if (auto e = env(variable_of(provider, attribute))) s.value = *e;
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

// "`name` (or VARIABLE)", the way every message names a setting (as schema validators do).
std::string named(const schema::ResourceSchema& provider, const std::string& attribute) {
  const std::string variable = variable_of(provider, attribute);
  return "`" + attribute + "`" + (variable.empty() ? "" : " (or " + variable + ")");
}

// The path of an attribute, for dotted names too.
AttributePath path_of(const std::string& attribute) {
  auto dot = attribute.find('.');
  if (dot == std::string::npos) return AttributePath(attribute);
  return AttributePath(attribute.substr(0, dot)).attribute(attribute.substr(dot + 1));
}

// The checks shared by validation (configured values) and resolution (either source).
// Each returns the parsed value, or nullopt after adding an error.
std::optional<std::string> check_region(const schema::ResourceSchema& provider, const std::string& v,
                                        base::Diagnostics& diags) {
  if (!region_domain(v).empty()) return region_domain(v);
  diags.error("Unknown region",
              named(provider, "aws_region") + " \"" + v +
                  "\" is not a Genesys Cloud region; use one such as us-east-1, eu-west-1 or ap-southeast-2.",
              AttributePath("aws_region"));
  return std::nullopt;
}

// A whole-number argument from either source, then the schema's own validators on it (range),
// so a variable gets the same messages as the argument.
std::optional<int64_t> check_whole_number(const schema::ResourceSchema& provider, const std::string& attribute,
                                          const std::string& v, base::Diagnostics& diags) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) {
    diags.error("Not a whole number", named(provider, attribute) + " must be a whole number, got \"" + v + "\".",
                AttributePath(attribute));
    return std::nullopt;
  }
  base::Diagnostics found;
  if (const schema::Attribute* a = provider.find_path(attribute)) {
    for (const schema::Validator& check : a->validators) {
      schema::check_validator(check, Value::number(value::Number::from_int(n)), AttributePath(attribute), found,
                              a->env);
    }
  }
  diags.append(found);
  if (found.has_errors()) return std::nullopt;
  return n;
}

// The host of a URL that valid_base_url accepted: no user info, brackets or port.
std::string host_of(const std::string& url) {
  std::string authority = url.substr(url.find("://") + 3);
  authority = authority.substr(0, authority.find('/'));
  authority = authority.substr(authority.rfind('@') + 1);  // npos + 1 == 0: no user info
  if (!authority.empty() && authority.front() == '[') return authority.substr(1, authority.find(']') - 1);
  return authority.substr(0, authority.find(':'));
}

// 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine.
bool is_loopback(const std::string& host) {
  std::string lower = host;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return ::inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

// The API and login URLs carry the client secret and bearer tokens, so plain HTTP is only
// accepted where nothing crosses a network (the emulator on this machine).
void check_base_url(const schema::ResourceSchema& provider, const std::string& v, const std::string& attribute,
                    base::Diagnostics& diags) {
  if (!valid_base_url(v)) {
    diags.error("Invalid URL",
                named(provider, attribute) +
                    " must be a base URL such as https://api.example.com "
                    "(scheme and host, optionally a port, no path), got \"" +
                    v + "\".",
                AttributePath(attribute));
  } else if (v.rfind("http://", 0) == 0 && !is_loopback(host_of(v))) {
    diags.error("Clear-text URL refused",
                named(provider, attribute) +
                    " must use https://: over plain http:// the "
                    "client secret and access tokens would cross the network unencrypted. http:// is accepted only for "
                    "a loopback host (127.0.0.0/8, ::1, localhost), got \"" +
                    v + "\".",
                AttributePath(attribute));
  }
}

void check_webhook_url(const schema::ResourceSchema& provider, const std::string& v, base::Diagnostics& diags) {
  if (valid_https_url(v)) return;
  diags.error(
      "Invalid change_webhook url",
      named(provider, "change_webhook.url") +
          " must be an absolute https:// URL (notifications carry signed data, so plain HTTP is refused), got \"" + v +
          "\".",
      path_of("change_webhook.url"));
}

// The audit log is appended to: the file must be creatable and writable now, not at the first
// mutation, so a typo fails the plan rather than the apply.
void check_audit_path(const schema::ResourceSchema& provider, const std::string& v, base::Diagnostics& diags) {
  int fd = ::open(v.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  diags.error("Unusable audit_log_path",
              named(provider, "audit_log_path") + " \"" + v +
                  "\" cannot be opened for appending: " + std::strerror(errno) + ".",
              AttributePath("audit_log_path"));
}

// The metrics file is replaced by rename: its directory must be writable and the path must not
// be a directory.
void check_metrics_path(const schema::ResourceSchema& provider, const std::string& v, base::Diagnostics& diags) {
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
  diags.error("Unusable metrics_path",
              named(provider, "metrics_path") + " \"" + v + "\" cannot be written: " + problem + ".",
              AttributePath("metrics_path"));
}

void check_ca_file(const schema::ResourceSchema& provider, const std::string& v, base::Diagnostics& diags) {
  std::string problem;
  if (::access(v.c_str(), R_OK) != 0) {
    problem = std::strerror(errno);
  } else if (std::filesystem::is_directory(v)) {
    problem = "it is a directory";
  } else {
    return;
  }
  diags.error("Unreadable ca_cert_file",
              named(provider, "ca_cert_file") + " \"" + v + "\" is not a readable PEM file: " + problem + ".",
              AttributePath("ca_cert_file"));
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

const std::map<std::string, std::string>& region_domains() {
  static const std::map<std::string, std::string> domains = {
      {"us-east-1", "mypurecloud.com"},         {"us-east-2", "use2.us-gov-pure.cloud"},
      {"us-west-2", "usw2.pure.cloud"},         {"ca-central-1", "cac1.pure.cloud"},
      {"eu-west-1", "mypurecloud.ie"},          {"eu-west-2", "euw2.pure.cloud"},
      {"eu-central-1", "mypurecloud.de"},       {"eu-central-2", "euc2.pure.cloud"},
      {"ap-southeast-2", "mypurecloud.com.au"}, {"ap-northeast-1", "mypurecloud.jp"},
      {"ap-northeast-2", "apne2.pure.cloud"},   {"ap-northeast-3", "apne3.pure.cloud"},
      {"ap-south-1", "aps1.pure.cloud"},        {"ap-southeast-1", "apse1.pure.cloud"},
      {"sa-east-1", "sae1.pure.cloud"},         {"me-central-1", "mec1.pure.cloud"},
      {"mx-central-1", "mxc1.pure.cloud"},      {"eusc-de-east-1", "edee1.eusc-pure.cloud"},
  };
  return domains;
}

std::string region_domain(const std::string& region) {
  auto it = region_domains().find(region);
  return it == region_domains().end() ? "" : it->second;
}

std::vector<std::string> unknown_provider_arguments(const schema::ResourceSchema& provider, const Value& config) {
  std::vector<std::string> out;
  if (config.is_null()) return out;
  if (!config.is_known()) {
    for (const schema::Attribute& a : provider.attributes) out.push_back(a.name);
    return out;
  }
  for (const schema::Attribute& a : provider.attributes) {
    const Value& v = config.attribute(a.name);
    if (!v.is_known()) {
      out.push_back(a.name);
    } else if (a.nesting == schema::Nesting::kSingle && !v.is_null()) {
      for (const schema::Attribute& child : a.attributes) {
        if (!v.attribute(child.name).is_known()) out.push_back(a.name + "." + child.name);
      }
    }
  }
  return out;
}

void unknown_configuration_error(const schema::ResourceSchema& provider, const std::vector<std::string>& unknown,
                                 base::Diagnostics& diags) {
  std::string names;
  for (size_t i = 0; i < unknown.size(); ++i) {
    names += (i == 0 ? "" : i + 1 == unknown.size() ? " and " : ", ") + named(provider, unknown[i]);
  }
  diags.error("Provider configuration not known yet",
              names + (unknown.size() == 1 ? " depends" : " depend") +
                  " on a value known only after apply, and this operation needs the API. Plans of new objects "
                  "work meanwhile; to refresh, import or read data sources now, configure the provider from values "
                  "known at plan time (variables, data sources), or apply what it depends on first with -target.",
              AttributePath(unknown.front().substr(0, unknown.front().find('.'))));
}

void validate_provider_config(const schema::ResourceSchema& provider, const Value& config, base::Diagnostics& diags) {
  if (config.is_null() || !config.is_known()) return;
  auto configured = [&](const std::string& attribute) -> std::optional<std::string> {
    Setting s = lookup(provider, config, attribute, [](const std::string&) { return std::nullopt; });
    if (s.unknown || !s.from_config) return std::nullopt;
    return s.value;
  };
  // Numbers are checked by the schema's validators (integer, range), which name the variable too.
  if (auto v = configured("api_url")) check_base_url(provider, *v, "api_url", diags);
  if (auto v = configured("login_url")) check_base_url(provider, *v, "login_url", diags);
  if (auto v = configured("aws_region")) check_region(provider, *v, diags);
  if (auto v = configured("change_webhook.url")) check_webhook_url(provider, *v, diags);
  if (auto v = configured("change_webhook.signing_secret"); v && v->empty()) {
    diags.error("Empty change_webhook signing_secret",
                named(provider, "change_webhook.signing_secret") +
                    " must not be empty: it keys the HMAC-SHA256 signature of every notification.",
                path_of("change_webhook.signing_secret"));
  }
}

std::optional<ProviderSettings> resolve_provider_config(const schema::ResourceSchema& provider, const Value& config,
                                                        const EnvLookup& env, base::Diagnostics& diags) {
  if (auto unknown = unknown_provider_arguments(provider, config); !unknown.empty()) {
    unknown_configuration_error(provider, unknown, diags);
    return std::nullopt;
  }
  auto setting = [&](const std::string& attribute) { return lookup(provider, config, attribute, env); };
  Setting client_id = setting("oauthclient_id");
  Setting client_secret = setting("oauthclient_secret");
  Setting token = setting("access_token");
  Setting region = setting("aws_region");
  Setting api_url = setting("api_url");
  Setting login_url = setting("login_url");
  Setting ca_file = setting("ca_cert_file");
  Setting rpm = setting("requests_per_minute");
  Setting retries = setting("max_retries");
  Setting audit = setting("audit_log_path");
  Setting metrics = setting("metrics_path");
  Setting hook_url = setting("change_webhook.url");
  Setting hook_secret = setting("change_webhook.signing_secret");

  // Secrets go to the log redactor first, whatever else is wrong with the configuration.
  for (const Setting* s : {&client_secret, &token, &hook_secret}) {
    if (!s->value.empty()) base::log::register_secret(s->value);
  }

  ProviderSettings settings;
  rest::ClientConfig& out = settings.client;
  if (!api_url.value.empty()) {
    check_base_url(provider, api_url.value, "api_url", diags);
    out.api_base = without_trailing_slash(api_url.value);
  } else if (!region.value.empty()) {
    if (auto domain = check_region(provider, region.value, diags)) out.api_base = "https://api." + *domain;
  } else {
    diags.error("No API location configured",
                "Set " + named(provider, "aws_region") + " to a Genesys Cloud region such as us-east-1, or " +
                    named(provider, "api_url") + " to an API base URL such as the emulator's http://127.0.0.1:8787.");
  }
  if (!login_url.value.empty()) {
    check_base_url(provider, login_url.value, "login_url", diags);
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
                "Set " + named(provider, "oauthclient_id") + " and " + named(provider, "oauthclient_secret") +
                    " for a client-credentials grant, or " + named(provider, "access_token") + ".");
  }
  if (!ca_file.value.empty()) check_ca_file(provider, ca_file.value, diags);
  out.ca_cert_file = ca_file.value;
  if (!rpm.value.empty()) {
    if (auto v = check_whole_number(provider, "requests_per_minute", rpm.value, diags)) {
      out.requests_per_minute = static_cast<double>(*v);
    }
  }
  if (!retries.value.empty()) {
    if (auto v = check_whole_number(provider, "max_retries", retries.value, diags))
      out.max_retries = static_cast<int>(*v);
  }
  if (!audit.value.empty()) check_audit_path(provider, audit.value, diags);
  settings.audit_log_path = audit.value;
  if (!metrics.value.empty()) check_metrics_path(provider, metrics.value, diags);
  settings.metrics_path = metrics.value;
  if (!hook_url.value.empty() || !hook_secret.value.empty()) {
    if (hook_url.value.empty() || hook_secret.value.empty()) {
      diags.error("Incomplete change_webhook",
                  "Change notifications need both " + named(provider, "change_webhook.url") + " and " +
                      named(provider, "change_webhook.signing_secret") + ".",
                  AttributePath("change_webhook"));
    } else {
      check_webhook_url(provider, hook_url.value, diags);
      settings.change_webhook = ChangeWebhook{hook_url.value, hook_secret.value};
    }
  }
  if (diags.has_errors()) return std::nullopt;
  return settings;
}

}  // namespace ge::mapping
