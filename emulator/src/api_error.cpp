#include "api_error.h"

namespace genesys_emulator {

nlohmann::json ApiError::to_json(const std::string& context_id) const {
  nlohmann::json body = {{"message", message}, {"code", code}, {"status", status}, {"contextId", context_id}};
  if (entity_id) body["entityId"] = *entity_id;
  if (entity_name) body["entityName"] = *entity_name;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : details)
    list.push_back({{"errorCode", d.error_code}, {"fieldName", d.field}, {"message", d.message}});
  body["details"] = std::move(list);
  body["errors"] = nlohmann::json::array();
  return body;
}

ApiError bad_request(std::string message) { return ApiError{400, "bad.request", std::move(message), {}, {}, {}, {}}; }

ApiError not_found(std::string message) { return ApiError{404, "not.found", std::move(message), {}, {}, {}, {}}; }

ApiError field_errors(std::vector<FieldError> errors) {
  std::string message = errors.empty() ? "The request is invalid" : errors.front().message;
  if (errors.size() > 1) message += " (and " + std::to_string(errors.size() - 1) + " more field errors)";
  return ApiError{400, "bad.request", std::move(message), std::move(errors), {}, {}, {}};
}

ApiError conflict(std::string code, std::string message) {
  return ApiError{409, std::move(code), std::move(message), {}, {}, {}, {}};
}

}  // namespace genesys_emulator
