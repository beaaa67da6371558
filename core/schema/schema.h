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

#include <nlohmann/json.hpp>

#include "value/type.h"
#include "value/value.h"

namespace ge::schema {

// A plan-time check of one attribute's value; skipped while the value is unknown or null.
struct Validator {
  enum class Kind {
    kLength,                // string length in [min, max] (characters)
    kRange,                 // number in [min, max]
    kInteger,               // number is whole (counts, seconds, sizes: the API rejects fractions)
    kOneOf,                 // string equal to one of `choices`
    kRegex,                 // string fully matches `pattern`
    kHttpsUrl,              // string is an absolute https:// URL with a host
    kMinItems,              // collection has at least `min` elements
    kMaxItems,              // collection has at most `max` elements
    kJsonObjectOfStrings,   // string parses as a JSON object whose values are all strings
    kJsonFilterPolicy,      // string parses as a JSON object whose values are non-empty arrays of scalars
    kSequentialPriorities,  // list of objects whose `field` values are exactly 1..n
    kDuration,              // string is a duration ("10s", "1m30s") from `min` to `max` milliseconds
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
  value::Type type;  // for nested attributes, the implied object/collection type
  Nesting nesting = Nesting::kNone;
  std::vector<Attribute> attributes;  // children of a nested attribute

  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool write_only = false;
  bool force_new = false;   // a change replaces the object
  bool stable = false;      // computed once at create, never changes (kept on update plans)
  bool secret = false;      // the API accepts it but never returns it: state keeps the configured value
  std::string deprecation;  // non-empty: deprecated, with this message

  std::string api_field;  // JSON field (dotted path allowed) in the API object; empty = not sent
  // Terraform value (as text: "true", "false", a string) -> the API's value, for an API field that
  // spells the attribute differently (a bool `enabled` as intendedState "ENABLED"/"DISABLED").
  // An API value outside the map reads as null.
  std::map<std::string, std::string> api_values;
  std::string empty_alias;  // an API string that means "" (e.g. "node_dynamodb_empty_string")
  std::string env;          // provider arguments: the environment variable that may set it instead
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
  enum class Kind { kNone, kVerification, kJob, kState };
  Kind kind = Kind::kNone;
  // kVerification: GET {item}/verify until `status_field` is in success/failure states.
  // kJob: the mutation answers {jobId}; GET job_path until status completed/failed.
  // kState: GET poll_path (usually the object itself) until `status_field` (dotted) reaches the
  //   state the planned `expected_state_attribute` asks for (an integration's reportedState.code
  //   ACTIVE when `enabled`, INACTIVE when not) or a failure state.
  std::string poll_path;  // e.g. "/api/v2/integrations/eventbridge/targets/{id}/verify"
  std::string status_field = "status";
  std::vector<std::string> success_states;
  std::vector<std::string> failure_states;
  std::string message_field = "message";  // dotted path, e.g. "error.message" for jobs
  std::string code_field;                 // dotted path of an error code, e.g. "error.code"
  std::string skip_attribute;             // bool attribute that, when false, skips the wait
  bool wait_on_delete = false;
  // kState: the attribute whose planned value (as text) picks the success states.
  std::string expected_state_attribute;
  std::map<std::string, std::vector<std::string>> expected_states;

  // The success states for a planned state (expected_states of the attribute's value, else
  // success_states).
  std::vector<std::string> success_states_for(const value::Value& planned) const;
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
// With `write`, the endpoint is also a section of the object that is written separately (an
// integration's configuration: `PUT .../config/current`): the attributes mapped under `as` are
// sent there, not in the object's own create or update (docs/design/schema-files.md "Sections").
struct SectionWrite {
  std::string method = "PUT";
  // Non-empty: the section's current version is read (GET path) right before each write and
  // sent in this field; a version.mismatch answer re-reads it and retries, up to conflict_retries.
  std::string version_field;
  int conflict_retries = 0;
  nlohmann::json constants = nlohmann::json::object();  // fields every write carries as they are
  std::vector<std::string> copy;                        // top-level fields of the object's body every write carries too
};

// The collection's listing can carry a read_also endpoint's answer: a list request with `query`
// added holds it at the dotted `field` of each entity (an `expand` parameter), so a refresh can
// be served from the listing (docs/design/batched-reads.md).
struct InListing {
  std::vector<std::pair<std::string, std::string>> query;  // e.g. {"expand", "verification"}
  std::string field;                                       // e.g. "verification", "config.current"
};

struct ReadAlso {
  std::string path;  // contains "{id}"
  std::string as;
  std::optional<SectionWrite> write;
  std::optional<InListing> in_listing;
};

struct ApiSpec {
  std::string collection_path;  // list and create
  std::string item_path;        // read, update, delete; "{id}" is substituted
  std::string update_method = "PUT";
  std::string version_field;            // non-empty: PUT carries the current version (optimistic locking)
  std::string name_lookup_field;        // data sources: look up by this name in the collection
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
  // Query parameters every list of the collection carries (lookups, listings, limit counts),
  // e.g. integrationType=amazon-eventbridge-source where one collection holds many kinds.
  std::vector<std::pair<std::string, std::string>> list_query;
  // Non-empty: the create POST sends only these top-level fields (plus create_constants); the
  // others follow in the sections' writes and then in one `update_method` request of the
  // update_fields (create-then-configure-then-enable).
  std::vector<std::string> create_fields;
  nlohmann::json create_constants = nlohmann::json::object();
  // Non-empty: updates send only these top-level fields with `update_method`.
  std::vector<std::string> update_fields;
  // The API is eventually consistent: right after a create the object may answer 404 for a while
  // (retried within the create timeout), and right after a delete it may still answer 200 (the
  // delete waits until GET answers 404, within the delete timeout).
  bool eventually_consistent = false;
  // Whether the API refuses a second object of this kind with the same name (duplicate.name).
  // false (integrations): a create POST is never re-sent after an outcome in doubt, and the
  // object it may have made is found among the objects that appeared while it ran
  // (docs/design/engine-rules.md "Adopting a lost create").
  bool unique_names = true;
  // Dotted field -> value every object of this resource holds; an object read by id that holds
  // another value is another kind of object and reads as not found (an integration of another
  // type imported by mistake).
  std::vector<std::pair<std::string, std::string>> object_match;
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
  std::string import_note;  // how import works and what it cannot restore (docs)
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

// A known string, bool or number as text ("true", "42"); "" for anything else.
std::string scalar_text(const value::Value& v);

// The type of the `timeouts` block's object.
value::Type timeouts_type();

}  // namespace ge::schema
