#include "mapping/api_errors.h"

#include "mapping/api_codec.h"

namespace ge::mapping {
namespace {

// The top-level attribute whose dotted API field (`config.properties.eventFilter`) is `field`
// or holds it (`config.properties.eventFilter[2]`); empty when none is.
base::AttributePath dotted_attribute(const std::vector<schema::Attribute>& attrs, const std::string& field) {
  for (const schema::Attribute& a : attrs) {
    if (a.api_field.find('.') == std::string::npos) continue;
    if (field == a.api_field || field.rfind(a.api_field + ".", 0) == 0 || field.rfind(a.api_field + "[", 0) == 0) {
      return base::AttributePath(a.name);
    }
  }
  return {};
}

}  // namespace

base::Diagnostic collection_limit_diagnostic(const schema::ResourceSchema& schema, const std::string& detail) {
  const schema::CollectionLimit& limit = *schema.api.collection_limit;
  base::Diagnostic d;
  d.summary = "Failed to create " + schema.type_name + ": organization limit reached";
  d.detail = detail + "\nThe organization limit `" + limit.key + "` caps the number of " + limit.noun +
             ". Delete one you no longer need, or ask Genesys Cloud support to raise the limit.";
  return d;
}

base::Diagnostic api_error_diagnostic(const schema::ResourceSchema& schema, const std::string& operation,
                                      const rest::Error& error, const std::string& section) {
  const auto& limit = schema.api.collection_limit;
  if (limit && !limit->error_code.empty() && error.code == limit->error_code) {
    return collection_limit_diagnostic(
        schema, "The API refused the " + operation + ": " + error.message +
                    (error.correlation_id.empty() ? "" : "\nCorrelation id: " + error.correlation_id));
  }
  base::Diagnostic d;
  d.summary = "Failed to " + operation + " " + schema.type_name;
  std::string detail = error.message.empty() ? "The API call failed." : error.message;
  if (!detail.empty() && detail.back() != '.') detail += '.';
  if (error.http_status != 0) detail += "\n\nHTTP status: " + std::to_string(error.http_status);
  if (!error.code.empty()) detail += "\nError code: " + error.code;
  for (const auto& f : error.details) {
    if (f.field_name.empty()) continue;
    detail += "\nField: " + f.field_name + (f.error_code.empty() ? "" : " (" + f.error_code + ")");
    if (!d.attribute) {
      base::AttributePath p;
      if (!section.empty()) p = dotted_attribute(schema.attributes, section + "." + f.field_name);
      if (p.empty()) p = dotted_attribute(schema.attributes, f.field_name);
      if (p.empty()) p = attribute_path_for_api_field(schema.attributes, f.field_name);
      if (!p.empty()) d.attribute = p;
    }
  }
  if (!error.correlation_id.empty()) detail += "\nCorrelation id: " + error.correlation_id;
  if (error.attempts > 1) detail += "\nAttempts: " + std::to_string(error.attempts);
  if (error.code == "duplicate.name" && !error.entity_id.empty()) {
    detail += "\n\nAn object with this name already exists (id " + error.entity_id +
              "). To manage it with Terraform instead of creating a new one, import it:\n  terraform import " +
              schema.type_name + ".<name> " + error.entity_id + "\nor add an import block with id = \"" +
              error.entity_id + "\".";
  }
  d.detail = std::move(detail);
  return d;
}

}  // namespace ge::mapping
