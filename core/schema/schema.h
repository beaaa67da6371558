// The declarative model of a resource, data source or the provider configuration, as written
// in schemas/*.json (format: docs/design/schema-files.md). The mapping engine plans, applies,
// reads and imports any resource from this model alone; plugin/ turns it into tfplugin6
// schemas. Immutable once loaded.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "value/type.h"
#include "value/value.h"

namespace ge::schema {

// A plan-time check of one attribute's value; skipped while the value is unknown or null.
struct Validator {
  enum class Kind {
    kLength,          // string length in [min, max] (characters)
    kRange,           // number in [min, max]
    kInteger,         // number is whole (counts, seconds, sizes: the API rejects fractions)
    kOneOf,           // string equal to one of `choices`
    kRegex,           // string fully matches `pattern`
    kHttpsUrl,        // string is an absolute https:// URL with a host
    kMinItems,        // collection has at least `min` elements
    kMaxItems,        // collection has at most `max` elements
    kJsonObjectOfStrings,  // string parses as a JSON object whose values are all strings
    kJsonFilterPolicy,     // string parses as a JSON object whose values are non-empty arrays of scalars
    kSequentialPriorities, // list of objects whose `field` values are exactly 1..n
    kDuration,        // string is a duration ("10s", "1m30s") from `min` to `max` milliseconds
  };
  Kind kind;
  double min = 0;
  double max = 0;
  std::vector<std::string> choices;
  std::string pattern;
  std::string field;
};

enum class Nesting { kNone, kSingle, kList, kSet, kMap };

// How an attribute holding a JSON document is carried by the API.
enum class JsonEncoding {
  kNone,
  kObject,  // the API field is a JSON object; Terraform holds it as a JSON string
  kString,  // the API field is itself a string containing JSON
};

struct Attribute {
  std::string name;
  std::string description;
  value::Type type;               // for nested attributes, the implied object/collection type
  Nesting nesting = Nesting::kNone;
  std::vector<Attribute> attributes;  // children of a nested attribute

  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool write_only = false;
  bool force_new = false;      // a change replaces the object
  bool stable = false;         // computed once at create, never changes (kept on update plans)
  bool secret = false;         // the API accepts it but never returns it: state keeps the configured value
  std::string deprecation;     // non-empty: deprecated, with this message

  std::string api_field;       // JSON field (dotted path allowed) in the API object; empty = not sent
  std::string env;             // provider arguments: the environment variable that may set it instead
  // List data sources (mapping/listing.h): a regular expression narrowing the listed objects to
  // those whose API field of this name holds a match; a list of strings of this field of each.
  std::string regex_filter;
  std::string element_field;
  JsonEncoding json = JsonEncoding::kNone;
  std::optional<value::Value> default_value;
  std::vector<Validator> validators;
  std::vector<std::string> conflicts_with;  // sibling attribute names that may not be set together
  std::vector<std::string> required_with;   // sibling attribute names that must be set when this one is
};

// How an asynchronous resource is awaited after a mutation.
struct AsyncSpec {
  enum class Kind { kNone, kVerification, kJob };
  Kind kind = Kind::kNone;
  // kVerification: GET {item}/verify until `status_field` is in success/failure states.
  // kJob: the mutation answers {jobId}; GET job_path until status completed/failed.
  std::string poll_path;            // e.g. "/api/v2/integrations/eventbridge/targets/{id}/verify"
  std::string status_field = "status";
  std::vector<std::string> success_states;
  std::vector<std::string> failure_states;
  std::string message_field = "message";  // dotted path, e.g. "error.message" for jobs
  std::string code_field;                 // dotted path of an error code, e.g. "error.code"
  std::string skip_attribute;       // bool attribute that, when false, skips the wait
  bool wait_on_delete = false;
};

// An organization limit on how many objects a collection may hold. Before a create the engine
// reads the limit (`limits_path` answers {"limits": [{"key", "value"}]}) and counts the
// collection (all pages), failing clearly at the limit; an API error with `error_code` (the
// race between the count and the create) gets the same message.
struct CollectionLimit {
  std::string limits_path;  // e.g. "/api/v2/organizations/limits/namespaces/events"
  std::string key;          // e.g. "eventbridge.subscriptions.max"
  std::string error_code;   // e.g. "subscription.limit.reached"
  std::string noun;         // plural for messages, e.g. "EventBridge subscriptions"
};

// A secondary GET whose answer is merged into the object read from `item_path` under the key
// `as`, so attributes can map to fields the main object lacks (`"api": "<as>.<field>"`), e.g.
// a target's last verification message from its /verify endpoint.
struct ReadAlso {
  std::string path;  // contains "{id}"
  std::string as;
};

struct ApiSpec {
  std::string collection_path;   // list and create
  std::string item_path;         // read, update, delete; "{id}" is substituted
  std::string update_method = "PUT";
  std::string version_field;     // non-empty: PUT carries the current version (optimistic locking)
  std::string name_lookup_field; // data sources: look up by this name in the collection
  std::string created_id_field = "id";  // field of the create response holding the new id
  // Data sources: read the whole collection (all pages) into the attribute mapped to
  // "entities" instead of looking up one object.
  bool list = false;
  // Data sources: how `item_path` is read, GET (default) or POST with an empty JSON object (an
  // endpoint that computes its answer, such as a target's health check), and the attribute
  // whose value replaces `{id}` in it (default `id`; a 404 names it).
  std::string read_method = "GET";
  std::string id_attribute = "id";
  std::optional<CollectionLimit> collection_limit;
  std::vector<ReadAlso> read_also;
  AsyncSpec async;
};

// A configuration rule spanning attributes, checked at plan time. Paths are dotted attribute
// names from the top level through single nested attributes ("auth_config.password").
// - `when` (path -> value): the rule applies only when every path holds that string value
//   (an unset attribute counts as its default); an unknown value skips the rule;
// - `required`: each path must be set; `forbidden`: none may be set;
// - `exactly_one_of`: exactly one of these paths must be set.
struct Rule {
  std::vector<std::pair<std::string, std::string>> when;
  std::vector<std::string> required;
  std::vector<std::string> forbidden;
  std::vector<std::string> exactly_one_of;
};

struct Timeouts {
  std::chrono::milliseconds create{std::chrono::minutes(10)};
  std::chrono::milliseconds update{std::chrono::minutes(10)};
  std::chrono::milliseconds remove{std::chrono::minutes(10)};
};

struct ResourceSchema {
  enum class Kind { kResource, kDataSource, kProvider };
  std::string type_name;
  Kind kind = Kind::kResource;
  std::string description;
  int64_t version = 0;
  std::string import_note;      // how import works and what it cannot restore (docs)
  ApiSpec api;
  std::vector<Attribute> attributes;
  std::optional<Timeouts> timeouts;  // set for asynchronous resources: adds a `timeouts` block
  std::vector<Rule> rules;

  const Attribute* find(const std::string& name) const;
  // The attribute at a dotted path through single nested attributes; nullptr when none.
  const Attribute* find_path(const std::string& dotted) const;
  // The object type Terraform encodes this schema's values with (attributes plus blocks).
  value::Type object_type() const;
};

// The implied cty type of an attribute (nested attributes become objects/collections of objects).
value::Type implied_type(const Attribute& a);

// The type of the `timeouts` block's object.
value::Type timeouts_type();

}  // namespace ge::schema
