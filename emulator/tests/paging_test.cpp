// The `id` filter of every list endpoint (docs/reference/api-contract.md "Paging"):
// repeated or comma-separated, at most 100 values, unknown ids absent, each entity
// exactly as the unfiltered list (and a GET of it) shows it, combined with paging.
#include "bodies.h"
#include "support/emulator_process.h"
#include "support/receiver.h"
#include "support/tls_files.h"

#include <catch2/catch.hpp>

#include <map>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

// `ids` holds at least three ids listed at `base` in this order; `item_path` is
// true when `base/{id}` reads one object.
void check_id_filter(EmulatorProcess& emu, const std::string& base, const std::vector<std::string>& ids,
                     bool item_path) {
  INFO("list " << base);
  REQUIRE(ids.size() >= 3);
  std::map<std::string, nlohmann::json> listed;
  auto unfiltered = emu.get(base + "?pageSize=100").body;
  for (const auto& entity : unfiltered["entities"]) listed[entity["id"].get<std::string>()] = entity;

  auto repeated = emu.get(base + "?id=" + ids[2] + "&id=no-such-id&id=" + ids[0]);
  INFO(repeated.raw);
  REQUIRE(repeated.status == 200);
  CHECK(repeated.body["total"] == 2);
  REQUIRE(repeated.body["entities"].size() == 2);
  CHECK(repeated.body["entities"][0] == listed[ids[0]]);  // list order, not request order
  CHECK(repeated.body["entities"][1] == listed[ids[2]]);
  if (item_path) CHECK(repeated.body["entities"][0] == emu.get(base + "/" + ids[0]).body);

  auto comma = emu.get(base + "?id=" + ids[0] + "," + ids[1]);
  CHECK(comma.body["total"] == 2);

  auto first = emu.get(base + "?pageSize=2&id=" + ids[0] + "&id=" + ids[1] + "," + ids[2]);
  REQUIRE(first.status == 200);
  CHECK(first.body["total"] == 3);
  CHECK(first.body["pageCount"] == 2);
  CHECK(first.body["entities"].size() == 2);
  REQUIRE(first.body.contains("nextUri"));
  auto second = emu.get(first.body["nextUri"].get<std::string>());
  REQUIRE(second.status == 200);
  REQUIRE(second.body["entities"].size() == 1);
  CHECK(second.body["entities"][0]["id"] == ids[2]);

  auto none = emu.get(base + "?id=no-such-id");
  CHECK(none.body["total"] == 0);
  CHECK(none.body["entities"] == nlohmann::json::array());

  std::string many = base + "?id=x0";
  for (int i = 1; i <= 100; ++i) many += (i % 2 ? "&id=x" : ",x") + std::to_string(i);
  auto refused = emu.get(many);
  REQUIRE(refused.status == 400);
  CHECK(only_field(refused.body) == "id");
}

template <typename MakeBody>
std::vector<std::string> create_three(EmulatorProcess& emu, const std::string& base, MakeBody make_body,
                                      const char* id_key = "id") {
  std::vector<std::string> ids;
  for (const char* name : {"a", "b", "c"}) {
    Response created = emu.post(base, make_body(name));
    INFO(created.raw);
    REQUIRE(created.body.contains(id_key));
    ids.push_back(created.body[id_key].get<std::string>());
  }
  return ids;
}

}  // namespace

TEST_CASE("every list endpoint filters by id", "[emulator][paging]") {
  Receiver receiver{process_tls_files()};
  EmulatorProcess emu({"--ca-file", process_tls_files().ca_file()});
  // Background work must not change objects between the list and the GET.
  REQUIRE(
      emu.control("PATCH", "/emulator/config", {{"verificationDelayMs", 600000}, {"jobDurationMs", 600000}}).status ==
      200);

  const std::string webhooks = "/api/v2/events/webhooks";
  auto webhook_ids = create_three(
      emu, webhooks, [&](const std::string& name) { return webhook_body(name, receiver.url("/" + name)); });
  check_id_filter(emu, webhooks, webhook_ids, true);

  const std::string subscriptions = "/api/v2/events/subscriptions";
  check_id_filter(emu, subscriptions,
                  create_three(emu, subscriptions,
                               [&](const std::string& name) { return subscription_body(name, webhook_ids[0]); }),
                  true);

  const std::string eb_subscriptions = "/api/v2/events/eventbridgesubscriptions";
  check_id_filter(emu, eb_subscriptions, create_three(emu, eb_subscriptions, eb_subscription_body), true);

  const std::string targets = "/api/v2/integrations/eventbridge/targets";
  auto target_ids = create_three(emu, targets,
                                 [&](const std::string& name) { return target_body(name, receiver.url()); });
  check_id_filter(emu, targets, target_ids, true);

  const std::string sources = "/api/v2/eventbridge/sources";
  check_id_filter(
      emu, sources,
      create_three(
          emu, sources, [&](const std::string& name) { return source_body(name, target_ids[0]); }, "sourceId"),
      true);

  const std::string destinations = "/api/v2/integrations/destinations";
  check_id_filter(emu, destinations, create_three(emu, destinations, destination_body), true);

  check_id_filter(emu, "/api/v2/eventbridge/topics", {"genesys-cx-events", "genesys-queue-events", "legacy-events"},
                  true);
  check_id_filter(emu, "/api/v2/events/eventtypes",
                  {"routing.queueEvent", "routing.contact.queued", "routing.contact.answered"}, false);

  // Three events delivered to one webhook: three delivery records.
  for (int i = 0; i < 3; ++i)
    REQUIRE(
        emu.control("POST", "/emulator/events", {{"eventType", "routing.queueEvent"}, {"body", {{"n", i}}}}).status ==
        200);
  const std::string deliveries = webhooks + "/" + webhook_ids[0] + "/deliveries";
  std::vector<std::string> delivery_ids;
  auto delivered = emu.get(deliveries).body;
  for (const auto& d : delivered["entities"]) delivery_ids.push_back(d["id"].get<std::string>());
  check_id_filter(emu, deliveries, delivery_ids, false);
}
