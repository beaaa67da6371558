// Loads schema files (schemas/*.json) into ResourceSchema models and checks them against the
// rules Terraform enforces on provider schemas (docs/reference/plugin-protocol.md §3.7) and the rules of the
// format (docs/design/schema-files.md). Every problem in every file is reported, not just the
// first, so a schema author fixes them all in one pass.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "schema/schema.h"

namespace ge::schema {

struct SchemaFile {
  std::string name;  // for messages, e.g. "webhook.json"
  std::string text;
};

struct LoadErrors {
  std::vector<std::string> messages;  // each "file: path: problem"
};

base::Result<std::vector<ResourceSchema>, LoadErrors> load_schemas(const std::vector<SchemaFile>& files);

}  // namespace ge::schema
