#include "plugin/convert.h"

#include "value/json.h"
#include "value/msgpack.h"

namespace ge::plugin {

value::Value decode_dynamic(const tfplugin6::DynamicValue& dv, const value::Type& type, base::Diagnostics& diags,
                            const char* what) {
  if (!dv.msgpack().empty()) {
    auto v = value::decode_msgpack(dv.msgpack(), type);
    if (v.ok()) return *v;
    diags.error("Invalid value from the CLI", std::string("Could not decode the ") + what + ": " + v.error().message());
  } else if (!dv.json().empty()) {
    auto v = value::decode_json(dv.json(), type);
    if (v.ok()) return *v;
    diags.error("Invalid value from the CLI", std::string("Could not decode the ") + what + ": " + v.error().message());
  }
  return value::Value::null(type);
}

void encode_dynamic(const value::Value& v, const value::Type& type, tfplugin6::DynamicValue* out) {
  out->set_msgpack(value::encode_msgpack(v, type));
}

void to_proto(const base::AttributePath& path, tfplugin6::AttributePath* out) {
  for (const auto& step : path.steps()) {
    auto* s = out->add_steps();
    if (const auto* a = std::get_if<base::AttributePath::Attribute>(&step)) s->set_attribute_name(a->name);
    else if (const auto* k = std::get_if<base::AttributePath::StringKey>(&step)) s->set_element_key_string(k->key);
    else s->set_element_key_int(std::get<base::AttributePath::IntIndex>(step).index);
  }
}

void to_proto(const base::Diagnostics& diags, google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>* out) {
  for (const auto& d : diags.items()) {
    auto* p = out->Add();
    p->set_severity(d.severity == base::Severity::kError ? tfplugin6::Diagnostic::ERROR
                                                         : tfplugin6::Diagnostic::WARNING);
    p->set_summary(d.summary);
    p->set_detail(d.detail);
    if (d.attribute && !d.attribute->empty()) to_proto(*d.attribute, p->mutable_attribute());
  }
}

namespace {

void attribute_to_proto(const schema::Attribute& a, tfplugin6::Schema::Attribute* out) {
  out->set_name(a.name);
  out->set_description(a.description);
  out->set_description_kind(tfplugin6::MARKDOWN);
  out->set_required(a.required);
  out->set_optional(a.optional);
  out->set_computed(a.computed);
  out->set_sensitive(a.sensitive);
  out->set_write_only(a.write_only);
  out->set_deprecated(!a.deprecation.empty());
  if (a.nesting == schema::Nesting::kNone) {
    out->set_type(a.type.to_json());
    return;
  }
  auto* obj = out->mutable_nested_type();
  switch (a.nesting) {
    case schema::Nesting::kSingle: obj->set_nesting(tfplugin6::Schema::Object::SINGLE); break;
    case schema::Nesting::kList: obj->set_nesting(tfplugin6::Schema::Object::LIST); break;
    case schema::Nesting::kSet: obj->set_nesting(tfplugin6::Schema::Object::SET); break;
    case schema::Nesting::kMap: obj->set_nesting(tfplugin6::Schema::Object::MAP); break;
    case schema::Nesting::kNone: break;
  }
  for (const auto& c : a.attributes) attribute_to_proto(c, obj->add_attributes());
}

}  // namespace

void to_proto(const schema::ResourceSchema& s, tfplugin6::Schema* out) {
  out->set_version(s.version);
  auto* block = out->mutable_block();
  block->set_version(s.version);
  block->set_description(s.description);
  block->set_description_kind(tfplugin6::MARKDOWN);
  for (const auto& a : s.attributes) attribute_to_proto(a, block->add_attributes());
  if (s.timeouts) {
    auto* nb = block->add_block_types();
    nb->set_type_name("timeouts");
    nb->set_nesting(tfplugin6::Schema::NestedBlock::SINGLE);
    auto* tb = nb->mutable_block();
    tb->set_description("How long to wait for asynchronous operations, as durations such as \"30s\" or \"10m\".");
    tb->set_description_kind(tfplugin6::MARKDOWN);
    for (const char* op : {"create", "update", "delete"}) {
      auto* attr = tb->add_attributes();
      attr->set_name(op);
      attr->set_type("\"string\"");
      attr->set_optional(true);
      attr->set_description(std::string("Limit for ") + op + ".");
      attr->set_description_kind(tfplugin6::MARKDOWN);
    }
  }
}

void to_proto(const mapping::FunctionDefinition& f, tfplugin6::Function* out) {
  for (const auto& p : f.parameters) {
    auto* param = out->add_parameters();
    param->set_name(p.name);
    param->set_type(p.type.to_json());
    param->set_description(p.description);
    param->set_description_kind(tfplugin6::MARKDOWN);
  }
  out->mutable_return_()->set_type(f.return_type.to_json());
  out->set_summary(f.summary);
  out->set_description(f.description);
  out->set_description_kind(tfplugin6::MARKDOWN);
}

void to_proto(const mapping::FunctionError& error, tfplugin6::FunctionError* out) {
  out->set_text(error.text);
  if (error.argument) out->set_function_argument(*error.argument);
}

}  // namespace ge::plugin
