// Batched reads (docs/design/batched-reads.md): the host refreshes one object per ReadResource
// call, at most -parallelism at once, and never says how many will follow. The batcher lets the
// first few reads of a type in a provider process be single GETs (a plan that touches three
// objects costs three requests) and serves the following ones from one listing of the whole
// collection (a page per 100 objects), taken once and shared by every concurrent reader.
//
// Contract:
// - lookup() answers the object as the listing holds it, or nullopt when this read must be a
//   single GET: one of the first `single_reads` reads of its type, a type whose state needs an
//   endpoint its listing cannot carry (a `read_also` without `in_listing`), an id the listing
//   does not hold (an object missing from a listing is confirmed by its own GET before it leaves
//   state; so is an entity without its expansion or of another kind, `object_match`), or a
//   listing that failed;
// - the listing carries the collection's `list_query` and each read_also's `in_listing.query`,
//   and an entry is shaped as ResourceEngine::fetch shapes a single GET (each read_also answer
//   under its `as` key);
// - a listing is used for at most `max_age` after it was taken (the staleness bound);
// - forget() after a write in this process: the next read of that object is a single GET.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rest/client.h"
#include "schema/schema.h"

namespace ge::mapping {

class ReadBatcher {
 public:
  // Takes one listing: every page of the collection with the query of listing_query(). The
  // default is Client::list_all; tests put a failing one in its place.
  using Lister = std::function<base::Result<std::vector<nlohmann::json>, rest::Error>(
      const schema::ResourceSchema& schema, rest::Client& client)>;

  explicit ReadBatcher(int single_reads = 3, std::chrono::milliseconds max_age = std::chrono::seconds(30),
                       Lister lister = {});

  std::optional<nlohmann::json> lookup(const schema::ResourceSchema& schema, rest::Client& client,
                                       const std::string& id);
  void forget(const std::string& type_name, const std::string& id);

  // Whether a resource's state can be built from its listing alone (docs/design/batched-reads.md).
  static bool batchable(const schema::ResourceSchema& schema);

 private:
  struct Listing {
    std::map<std::string, nlohmann::json> objects;  // by id
    std::chrono::steady_clock::time_point taken;
  };
  struct TypeReads {
    int reads = 0;
    bool fetching = false;
    bool listing_failed = false;  // then this type is read one by one for the rest of the process
    std::optional<Listing> listing;
  };

  const int single_reads_;
  const std::chrono::milliseconds max_age_;
  const Lister fetch_listing_;
  std::mutex mu_;
  std::condition_variable listed_;
  std::map<std::string, TypeReads> types_;
};

}  // namespace ge::mapping
