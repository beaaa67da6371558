// The protocol edge: the only place that knows both tfplugin6 messages and the core's types
// (like terraform-plugin-go's fromproto/toproto). Decoding never throws; problems become
// diagnostics.
#pragma once

#include "base/diagnostics.h"
#include "mapping/functions.h"
#include "schema/schema.h"
#include "tfplugin6.pb.h"
#include "value/value.h"

namespace ge::plugin {

// An empty DynamicValue decodes as null (the hosts' own rule, docs/reference/plugin-protocol.md §4).
value::Value decode_dynamic(const tfplugin6::DynamicValue& dv, const value::Type& type, base::Diagnostics& diags,
                            const char* what);
void encode_dynamic(const value::Value& v, const value::Type& type, tfplugin6::DynamicValue* out);

void to_proto(const base::Diagnostics& diags, google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out);
void to_proto(const base::AttributePath& path, tfplugin6::AttributePath* out);
void to_proto(const schema::ResourceSchema& schema, tfplugin6::Schema* out);
// Parameters refuse nulls and unknowns: the hosts then report those themselves, naming the
// argument, and return unknown results without calling the provider.
void to_proto(const mapping::FunctionDefinition& function, tfplugin6::Function* out);
void to_proto(const mapping::FunctionError& error, tfplugin6::FunctionError* out);

}  // namespace ge::plugin
