// The error body of the Genesys Cloud API (docs/reference/api-contract.md "Error body") as a value.
// Handlers return errors; only the HTTP layer renders them, adding the contextId
// that equals the response's ININ-Correlation-Id header.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace genesys_emulator {

// One offending field: `field` is the JSON path (e.g. `retryPolicy.retryCount`,
// `targets[1].priority`), `error_code` a short machine code, `message` a sentence
// that names the field.
struct FieldError {
  std::string field;
  std::string error_code;
  std::string message;
};

struct ApiError {
  int status = 500;
  std::string code;
  std::string message;
  std::vector<FieldError> details;
  std::optional<std::string> entity_id;
  std::optional<std::string> entity_name;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Retry-After

  nlohmann::json to_json(const std::string& context_id) const;
};

ApiError bad_request(std::string message);
ApiError not_found(std::string message);
// 400 `bad.request` whose message is the first field's message and whose details
// list every field error.
ApiError field_errors(std::vector<FieldError> errors);
ApiError conflict(std::string code, std::string message);

// What a handler answers: a status with an optional JSON body and extra headers, or
// an error.
struct Reply {
  int status = 200;
  std::optional<nlohmann::json> body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<ApiError> error;

  static Reply json(int status, nlohmann::json body) { return Reply{status, std::move(body), {}, std::nullopt}; }
  static Reply empty(int status) { return Reply{status, std::nullopt, {}, std::nullopt}; }
  static Reply fail(ApiError error) {
    Reply r;
    r.status = error.status;
    r.error = std::move(error);
    return r;
  }
};

}  // namespace genesys_emulator
