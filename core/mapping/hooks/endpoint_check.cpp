// genesysevents_endpoint_check (schemas/endpoint_check.json): a data source that reads no API
// object. The probe is the REST layer's (rest/endpoint_probe.h); this file turns its result into
// the schema's attributes. Nothing the endpoint does is an error; only the configuration can be.
#include <cmath>
#include <ctime>

#include "base/duration.h"
#include "mapping/type_hooks.h"
#include "rest/endpoint_probe.h"

namespace ge::mapping::hooks {
namespace {

using value::Value;

constexpr std::chrono::milliseconds kDefaultTimeout{10000};

std::string iso_utc(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string configured(const Value& config, const std::string& name) {
  const Value& v = config.attribute(name);
  return v.is_null() || !v.is_known() ? "" : v.as_string();
}

Value read(const schema::ResourceSchema& schema, const Value& config, HookContext& context, base::Diagnostics& diags) {
  rest::ProbeOptions options;
  options.url = configured(config, "url");
  options.ca_cert_file = configured(config, "ca_cert_file");
  std::string timeout = configured(config, "timeout");
  if (timeout.empty()) timeout = base::format_duration(kDefaultTimeout);
  options.timeout = base::parse_duration(timeout).value_or(kDefaultTimeout);  // validated at plan time
  options.cancel = context.cancel;

  rest::ProbeResult r = rest::probe_endpoint(options);
  if (!r.config_error.empty()) {
    const bool about_ca = !options.ca_cert_file.empty() &&
                          r.config_error.find(options.ca_cert_file) != std::string::npos;
    diags.error(about_ca ? "Unreadable CA file" : "Invalid URL",
                "The endpoint check of " + options.url + " sent nothing: " + r.config_error + ".",
                base::AttributePath(about_ca ? "ca_cert_file" : "url"));
    return Value::null(schema.object_type());
  }

  auto null_of = [&](const std::string& name) { return Value::null(schema.find(name)->type); };
  Value state = config.with_attribute("timeout", Value::string(timeout));
  state = state.with_attribute("reachable", Value::boolean(r.reachable));
  state = state.with_attribute("tls_valid", Value::boolean(r.tls_valid));
  state = state.with_attribute(
      "http_status", r.http_status ? Value::number(value::Number::from_int(*r.http_status)) : null_of("http_status"));
  if (r.certificate_expires_at) {
    const double days = std::chrono::duration<double, std::ratio<86400>>(*r.certificate_expires_at -
                                                                         std::chrono::system_clock::now())
                            .count();
    state = state.with_attribute("certificate_expires_at", Value::string(iso_utc(*r.certificate_expires_at)));
    state = state.with_attribute("certificate_days_left",
                                 Value::number(value::Number::from_int(static_cast<int64_t>(std::floor(days)))));
  } else {
    state = state.with_attribute("certificate_expires_at", null_of("certificate_expires_at"));
    state = state.with_attribute("certificate_days_left", null_of("certificate_days_left"));
  }
  return state.with_attribute("error", r.error.empty() ? null_of("error") : Value::string(r.error));
}

}  // namespace

extern const TypeHooks endpoint_check;
const TypeHooks endpoint_check = {.read_data_source = read};

}  // namespace ge::mapping::hooks
