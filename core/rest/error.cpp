#include "rest/error.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace ge::rest {
namespace {

using nlohmann::json;

std::string string_field(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

// A non-JSON body is usually a proxy's or gateway's page; keep a short, single-line excerpt so
// the summary stays readable while still hinting at who answered.
std::string excerpt(std::string_view body) {
  constexpr size_t kMax = 200;
  std::string out;
  bool space = false;
  for (char c : body) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
  }
  return out;
}

std::string fallback_message(int http_status, std::string_view body) {
  std::string m = "HTTP " + std::to_string(http_status);
  if (auto e = excerpt(body); !e.empty()) m += ": " + e;
  return m;
}

void add_details(const json& list, std::vector<FieldError>& out) {
  if (!list.is_array()) return;
  for (const auto& d : list) {
    if (!d.is_object()) continue;
    FieldError fe{string_field(d, "errorCode"), string_field(d, "fieldName")};
    if (fe.error_code.empty()) fe.error_code = string_field(d, "code");
    if (!fe.error_code.empty() || !fe.field_name.empty()) out.push_back(std::move(fe));
  }
}

}  // namespace

std::string_view kind_name(Error::Kind kind) {
  switch (kind) {
    case Error::Kind::kTransport: return "transport";
    case Error::Kind::kHttp: return "http";
    case Error::Kind::kAuth: return "auth";
    case Error::Kind::kCancelled: return "cancelled";
    case Error::Kind::kTimeout: return "timeout";
    case Error::Kind::kConfig: return "config";
  }
  return "unknown";
}

std::string Error::summary() const {
  std::string s;
  if (!code.empty()) s = code + ": ";
  if (!message.empty()) {
    s += message;
  } else if (http_status != 0) {
    s += "HTTP " + std::to_string(http_status);
  } else {
    s += std::string(kind_name(kind)) + " error";
  }
  if (!entity_id.empty() && message.find(entity_id) == std::string::npos) {
    s += " (id " + entity_id + ")";
  }
  for (const auto& d : details) {
    s += " (field " + (d.field_name.empty() ? std::string("?") : d.field_name);
    if (!d.error_code.empty()) s += ": " + d.error_code;
    s += ")";
  }
  if (attempts > 1) s += " after " + std::to_string(attempts) + " attempts";
  if (!correlation_id.empty()) s += " [correlation id " + correlation_id + "]";
  return s;
}

Error error_from_api_response(int http_status, std::string_view body, std::string correlation_id) {
  Error e;
  e.kind = http_status == 401 ? Error::Kind::kAuth : Error::Kind::kHttp;
  e.http_status = http_status;
  e.correlation_id = std::move(correlation_id);
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    e.message = fallback_message(http_status, body);
    return e;
  }
  e.message = string_field(j, "message");
  e.code = string_field(j, "code");
  e.entity_id = string_field(j, "entityId");
  e.entity_name = string_field(j, "entityName");
  if (e.correlation_id.empty()) e.correlation_id = string_field(j, "contextId");
  add_details(j.value("details", json()), e.details);
  // errors[] holds nested error bodies (Genesys Cloud's ErrorBody); their field-level codes are
  // as useful as details[], and their message stands in when the top level has none.
  if (auto errs = j.find("errors"); errs != j.end() && errs->is_array()) {
    add_details(*errs, e.details);
    for (const auto& n : *errs) {
      if (e.message.empty() && n.is_object()) e.message = string_field(n, "message");
    }
  }
  // An OAuth-shaped body can come from /api/v2 too (a gateway in front of the API).
  if (e.message.empty()) e.message = string_field(j, "description");
  if (e.message.empty()) e.message = string_field(j, "error_description");
  if (e.code.empty()) e.code = string_field(j, "error");
  if (e.message.empty()) e.message = fallback_message(http_status, {});
  return e;
}

Error error_from_oauth_response(int http_status, std::string_view body, std::string correlation_id) {
  Error e;
  e.kind = Error::Kind::kAuth;
  e.http_status = http_status;
  e.correlation_id = std::move(correlation_id);
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    e.code = string_field(j, "error");
    e.message = string_field(j, "description");
    if (e.message.empty()) e.message = string_field(j, "error_description");
    if (e.message.empty()) e.message = string_field(j, "message");
    if (e.correlation_id.empty()) e.correlation_id = string_field(j, "contextId");
  }
  if (e.message.empty()) e.message = fallback_message(http_status, j.is_object() ? "" : body);
  return e;
}

}  // namespace ge::rest
