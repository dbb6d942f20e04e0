// Routes and timelines on a real store.
#include <gtest/gtest.h>

#include "graph/projection_keeper.h"
#include "graph/routes.h"
#include "graph/timeline.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::graph {
namespace {

using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

TEST(Routes, LegsAreCountedByLocationAndByCountry) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  StoredProjection projection(store.get(), /*log=*/false);
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p","names":["P"]}
{"kind":"person","id":"q","names":["Q"]}
{"kind":"location","id":"edirne","name":"Edirne","country":"TR"}
{"kind":"location","id":"ipsala","name":"Ipsala","country":"TR"}
{"kind":"location","id":"orestiada","name":"Orestiada","country":"GR"}
{"kind":"event","id":"e1","type":"border_crossing","date":"2024-03","subject":"p","from":"edirne","to":"orestiada"}
{"kind":"event","id":"e2","type":"border_crossing","date":"2024-04","subject":"q","from":"edirne","to":"orestiada"}
{"kind":"event","id":"e3","type":"border_crossing","date":"2024-05","subject":"q","from":"ipsala","to":"orestiada"}
{"kind":"event","id":"e4","type":"work","date":"2024-05","subject":"q","at":"orestiada"}
)",
                         "bp")
                  .status.ok());
  ASSERT_TRUE(projection.AwaitCurrent([] { return false; }).ok());
  auto view = store->Snapshot();
  auto legs = LoadLegs(*view, {});
  ASSERT_TRUE(legs.ok());
  EXPECT_EQ(legs->size(), 3u);  // e4 is no leg
  auto routes = CountRoutes(*view, *legs, DefaultRouteTypes());
  ASSERT_TRUE(routes.ok()) << routes.status().ToString();
  ASSERT_EQ(routes->locations.size(), 2u);
  EXPECT_EQ(routes->locations[0].from, "bp/edirne");
  EXPECT_EQ(routes->locations[0].from_name, "Edirne");
  EXPECT_EQ(routes->locations[0].persons, 2u);
  EXPECT_EQ(routes->locations[0].events, 2u);
  EXPECT_EQ(routes->locations[0].smuggling, 0u);  // no findings without a reasoner
  ASSERT_EQ(routes->countries.size(), 1u);
  EXPECT_EQ(routes->countries[0].from, "TR");
  EXPECT_EQ(routes->countries[0].to, "GR");
  EXPECT_EQ(routes->countries[0].persons, 2u);
  EXPECT_EQ(routes->countries[0].events, 3u);
  // A time window keeps the legs of its events.
  ProjectionFilter april;
  april.from_s = 1711929600;  // 2024-04-01
  april.to_s = 1714521599;    // 2024-04-30
  EXPECT_EQ(LoadLegs(*view, april)->size(), 1u);
}

TEST(Timeline, JoinedRecordsEventsComeInDateOrderWithOverlapsMarked) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p","names":["P"]}
{"kind":"person","id":"q","names":["Q"]}
{"kind":"person","id":"x","names":["X"]}
{"kind":"person","id":"other","names":["Other"]}
{"kind":"relation","id":"r","type":"same_as","from":"q","to":"p"}
{"kind":"event","id":"year","type":"work","date":"2024","subject":"p"}
{"kind":"event","id":"day","type":"arrest","date":"2024-03-05","subject":"p"}
{"kind":"transaction","id":"fee","type":"smuggling_fee","payer":"p","payee":"x","amount":900,"currency":"EUR","date":"2024-02"}
{"kind":"event","id":"undated","type":"recruitment","subject":"p","actors":["x"]}
{"kind":"event","id":"before","type":"border_crossing","date":"2023-12-01","subject":"q"}
{"kind":"event","id":"elsewhere","type":"work","date":"2023-01-01","subject":"other"}
)",
                         "bp")
                  .status.ok());
  auto view = store->Snapshot();
  auto timeline = BuildTimeline(*view, view->Lookup("bp/p").value());
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  ASSERT_EQ(timeline->joined.size(), 2u);
  EXPECT_EQ(timeline->joined[1], view->Lookup("bp/q").value());
  std::vector<std::string> order;
  std::vector<bool> uncertain;
  for (const TimelineItem& item : timeline->items) {
    order.push_back(item.record.id());
    uncertain.push_back(item.order_uncertain);
  }
  // The year 2024 starts before February: first, and the month and the day
  // inside it cannot be ordered against it.
  EXPECT_EQ(order, (std::vector<std::string>{"before", "year", "fee", "day", "undated"}));
  EXPECT_EQ(uncertain, (std::vector<bool>{false, false, true, true, false}));
  EXPECT_EQ(timeline->items[2].role, v1::EDGE_LABEL_PAYER);
  EXPECT_FALSE(timeline->items.back().dated);
}

}  // namespace
}  // namespace palermo::graph
