// What went wrong with a REST call, as a value (no exception leaves ge::rest).
//
// The API's error body (docs/reference/api-contract.md "Hosts, auth and common behaviour"):
//   {"message","code","status","contextId","entityId"?,"entityName"?,
//    "details":[{"errorCode","fieldName"}],"errors":[...]}
// and the OAuth token endpoint's: {"error","description","error_description"}.
// Both are parsed into one Error so callers (the mapping layer) can show the API's own words,
// point at the offending field (details[].fieldName) and quote the correlation id.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ge::rest {

struct FieldError {
  std::string error_code;  // details[].errorCode
  std::string field_name;  // details[].fieldName: a JSON path such as "retryPolicy.maxRetries"
};

struct Error {
  enum class Kind {
    kTransport,  // no HTTP answer: DNS, connect, TLS, dropped connection, unreadable body
    kHttp,       // the server answered with a non-2xx status (other than an auth failure)
    kAuth,       // the token grant failed, or the API still said 401 after a fresh token
    kCancelled,  // the provider's Cancellation fired (StopProvider) before or during the call
    kTimeout,    // connect or total request timeout expired
    kConfig,     // the client is misconfigured (no credentials, bad URL, unreadable CA file)
  };

  Kind kind = Kind::kTransport;
  int http_status = 0;         // 0 when no HTTP answer was received
  std::string message;         // the API's message, OAuth description, or a transport reason
  std::string code;            // API "code" (e.g. "duplicate.name") or OAuth "error"
  std::string correlation_id;  // ININ-Correlation-Id header, else the body's contextId
  std::string entity_id, entity_name;
  std::vector<FieldError> details;
  int attempts = 1;  // HTTP attempts made before giving up (retries included)

  // One line for humans, e.g.
  //   "duplicate.name: a webhook named x already exists (id 123) [correlation id abc]".
  // The entity id is appended only when the message does not already carry it; field details
  // follow as "(field retryPolicy.maxRetries: invalid.value)"; "after N attempts" when retried.
  std::string summary() const;
};

std::string_view kind_name(Error::Kind kind);

// Builds an Error from an API (/api/v2) answer. Falls back to the first part of the raw text
// when the body is not the JSON error body (a gateway's HTML page, an empty 502).
// `correlation_id` is the ININ-Correlation-Id header value; when empty, contextId is used.
// Kind is kAuth for 401, kHttp otherwise.
Error error_from_api_response(int http_status, std::string_view body, std::string correlation_id);

// Builds an Error (kind kAuth) from the token endpoint's answer; the message is the OAuth body's
// description (error_description as a fallback), the code its "error".
Error error_from_oauth_response(int http_status, std::string_view body, std::string correlation_id);

}  // namespace ge::rest
