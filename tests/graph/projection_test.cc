// The projection's edges from records, kept from the change feed on a real
// store, and read back into the in-memory graph.
#include "graph/projection.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "graph/analytics.h"
#include "graph/projection_keeper.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::graph {
namespace {

using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

const char kCase[] =
    R"({"kind":"source","id":"s"}
{"kind":"person","id":"v","names":["V"],"source":"s"}
{"kind":"person","id":"x","names":["X"],"source":"s"}
{"kind":"person","id":"y","names":["Y"],"source":"s"}
{"kind":"person","id":"w","names":["W"],"source":"s"}
{"kind":"location","id":"l","name":"L","country":"GB"}
{"kind":"location","id":"m","name":"M","country":"FR"}
{"kind":"event","id":"e1","type":"transport","date":"2024-03","subject":"v","actors":["x","y"],"from":"m","to":"l","source":"s"}
{"kind":"event","id":"e2","type":"work","start":"2024-05-01","subject":"w","actors":["x"],"at":"l","source":"s"}
{"kind":"transaction","id":"t1","type":"smuggling_fee","payer":"v","payee":"x","amount":900,"date":"2024-02-01"}
{"kind":"relation","id":"r1","type":"same_as","from":"v","to":"w"}
{"kind":"relation","id":"r2","type":"different_from","from":"x","to":"y"}
)";

// The record id of a node id.
std::string IdOf(const store::View& view, NodeId id) {
  v1::Record record;
  return view.Get(id, &record).ok() ? record.id() : "?";
}

// The stored edges as "kind u-v via" with record ids for node ids.
std::multiset<std::string> StoredEdges(const store::Store& store) {
  auto view = store.Snapshot();
  auto name = [&](NodeId id) { return IdOf(*view, id); };
  std::multiset<std::string> out;
  EXPECT_TRUE(view->ForEachDerived(store::DerivedFamily::kProjection, "e", "",
                                   [&](std::string_view key, std::string_view value) {
                                     ProjectedEdge e;
                                     EXPECT_TRUE(DecodeEdge(key, value, &e));
                                     out.insert(std::string(EdgeKindName(e.kind)) + " " + name(e.u) + "-" + name(e.v) +
                                                " " + name(e.via));
                                     return true;
                                   })
                  .ok());
  return out;
}

// The stored legs as "subject from>to via".
std::multiset<std::string> StoredLegs(const store::Store& store) {
  auto view = store.Snapshot();
  auto name = [&](NodeId id) { return IdOf(*view, id); };
  std::multiset<std::string> out;
  auto legs = LoadLegs(*view, {});
  EXPECT_TRUE(legs.ok());
  for (const ProjectedLeg& leg : *legs) out.insert(name(leg.subject) + " " + name(leg.from) + ">" + name(leg.to) + " " + name(leg.via));
  return out;
}

Status AwaitProjection(StoredProjection* projection) {
  return projection->AwaitCurrent([] { return false; });
}

TEST(Projection, RecordsBecomeLabelledEdgesBetweenPartiesAndPlaces) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  StoredProjection projection(store.get(), /*log=*/false);
  ASSERT_TRUE(ImportText(store.get(), kCase, "a").status.ok());
  ASSERT_TRUE(AwaitProjection(&projection).ok());
  const std::multiset<std::string> expected = {
      "acted_on v-x e1", "acted_on v-y e1", "acted_together x-y e1", "at_place v-m e1", "at_place v-l e1",
      "at_place x-m e1", "at_place x-l e1", "at_place y-m e1",       "at_place y-l e1", "acted_on x-w e2",
      "at_place w-l e2", "at_place x-l e2", "paid v-x t1",           "same_as v-w r1"};
  EXPECT_EQ(StoredEdges(*store), expected);  // different_from joins nothing
  EXPECT_EQ(StoredLegs(*store), (std::multiset<std::string>{"v m>l e1"}));  // e2 has no from and to
  // Times come with the edges: e1 is March 2024, the relation undated.
  auto loaded = Projection::Load(*store->Snapshot(), {});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->vertex_count(), 4u);  // no place without asking for at_place
  const ProjectedEdge* paid = nullptr;
  for (const ProjectedEdge& e : loaded->edges()) {
    if (e.kind == EdgeKind::kPaid) paid = &e;
    if (e.kind == EdgeKind::kSameAs) {
      EXPECT_EQ(e.first_s, INT64_MIN);
    }
  }
  ASSERT_NE(paid, nullptr);
  EXPECT_EQ(paid->agency, "a");
  EXPECT_EQ(paid->last_s - paid->first_s, 86399);
}

TEST(Projection, KeptImportByImportEqualsProjectingEverythingAgain) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  StoredProjection projection(store.get(), /*log=*/false);
  ASSERT_TRUE(ImportText(store.get(), kCase, "a").status.ok());
  // e1 replaced (other actors), a new payment, a relation replaced by another type.
  ASSERT_TRUE(ImportText(store.get(),
                         R"({"kind":"event","id":"e1","type":"transport","date":"2024-03","subject":"v","actors":["w"]}
{"kind":"transaction","id":"t2","type":"wage","payer":"w","payee":"y","amount":10,"date":"2024-06-01"}
{"kind":"relation","id":"r2","type":"family_of","from":"x","to":"y"}
)",
                         "a")
                  .status.ok());
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"z","names":["Z"]}
{"kind":"event","id":"e3","type":"transport","subject":"z","actors":["a/x"]})",
                         "b")
                  .status.ok());
  ASSERT_TRUE(AwaitProjection(&projection).ok());
  const std::multiset<std::string> kept = StoredEdges(*store);
  EXPECT_TRUE(kept.contains("acted_on v-w e1"));
  EXPECT_FALSE(kept.contains("acted_on v-x e1"));
  EXPECT_TRUE(kept.contains("related x-y r2"));
  EXPECT_TRUE(kept.contains("acted_on x-z e3"));
  const std::multiset<std::string> kept_legs = StoredLegs(*store);
  EXPECT_TRUE(kept_legs.empty());  // e1 replaced without from and to
  projection.Stop();
  ProjectionKeeper keeper(store.get());
  uint64_t reached = 0;
  ASSERT_TRUE(keeper.All(&reached).ok());
  EXPECT_EQ(reached, 3u);
  EXPECT_EQ(StoredEdges(*store), kept);
  EXPECT_EQ(StoredLegs(*store), kept_legs);
}

TEST(Projection, AStartFindsItsMarkAndProjectsNothingAgain) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    StoredProjection projection(store.get(), /*log=*/false);
    ASSERT_TRUE(ImportText(store.get(), kCase, "a").status.ok());
    ASSERT_TRUE(AwaitProjection(&projection).ok());
  }
  auto store = OpenStore(dir.path());
  ProjectionKeeper keeper(store.get());
  auto current = keeper.Current(*store->Snapshot());
  ASSERT_TRUE(current.ok());
  EXPECT_TRUE(*current);
  EXPECT_EQ(StoredEdges(*store).size(), 14u);
}

TEST(Projection, AnalysesRunOnTheStoredGraph) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  StoredProjection projection(store.get(), /*log=*/false);
  ASSERT_TRUE(ImportText(store.get(), kCase, "a").status.ok());
  ASSERT_TRUE(AwaitProjection(&projection).ok());
  auto view = store->Snapshot();
  auto loaded = Projection::Load(*view, {});
  ASSERT_TRUE(loaded.ok());
  const uint32_t x = *loaded->VertexOf(view->Lookup("a/x").value());
  const uint32_t w = *loaded->VertexOf(view->Lookup("a/w").value());
  // x paid by v in February, moved v in March, worked w from May: in order.
  EXPECT_EQ(Link(*loaded, x, w, true).size(), 2u);
  EXPECT_EQ(Components(*loaded).size(), 1u);
}

}  // namespace
}  // namespace palermo::graph
