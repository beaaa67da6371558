// The schema files of schemas/*.json, compiled into the binary (cmake/EmbedSchemas.cmake).
#pragma once

#include <vector>

#include "schema/loader.h"

namespace ge::resources {

std::vector<schema::SchemaFile> embedded_schema_files();

}  // namespace ge::resources
