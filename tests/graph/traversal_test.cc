#include "graph/traversal.h"

#include <gtest/gtest.h>

#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::graph {
namespace {

using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;
namespace v1 = palermo::v1;

// A chain: v <-subject- e1 -actor-> x <-actor- e2 -subject-> w, e2 -at-> l;
// everything from source s; o is unconnected but for the source.
const char kCase[] =
    R"({"kind":"source","id":"s"}
{"kind":"person","id":"v","names":["V"],"source":"s"}
{"kind":"person","id":"x","names":["X"],"source":"s"}
{"kind":"person","id":"w","names":["W"],"source":"s"}
{"kind":"person","id":"o","names":["O"],"source":"s"}
{"kind":"location","id":"l","name":"L","country":"GB"}
{"kind":"event","id":"e1","type":"transport","date":"2024","subject":"v","actors":["x"],"source":"s"}
{"kind":"event","id":"e2","type":"work","start":"2024","subject":"w","actors":["x"],"at":"l","source":"s"}
)";

class TraversalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    auto result = ImportText(store_.get(), kCase, "a");
    ASSERT_TRUE(result.status.ok()) << result.status.ToString();
    view_ = store_->Snapshot();
  }
  NodeId Id(const std::string& key) { return view_->Lookup("a/" + key).value(); }
  static std::vector<std::string> Keys(const std::vector<FoundRecord>& records) {
    std::vector<std::string> keys;
    for (const auto& r : records) keys.push_back(r.record.id() + "@" + std::to_string(r.distance));
    return keys;
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<const store::View> view_;
};

TEST_F(TraversalTest, NeighborsByDepthWithoutFollowingSources) {
  NeighborsQuery query;
  query.origin = Id("v");
  query.depth = 1;
  auto one = Neighbors(*view_, query);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(Keys(one->records), (std::vector<std::string>{"e1@1"}));
  ASSERT_EQ(one->edges.size(), 1u);
  EXPECT_EQ(one->edges[0], (GraphEdge{Id("e1"), v1::EDGE_LABEL_SUBJECT, Id("v")}));

  query.depth = 4;
  auto four = Neighbors(*view_, query);
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(Keys(four->records), (std::vector<std::string>{"e1@1", "x@2", "e2@3", "w@4", "l@4"}));
  EXPECT_EQ(four->edges.size(), 5u);
  EXPECT_FALSE(four->truncated);
}

TEST_F(TraversalTest, FollowingSourcesIsAChoice) {
  NeighborsQuery query;
  query.origin = Id("o");
  auto none = Neighbors(*view_, query);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->records.empty());
  query.edges.labels = {v1::EDGE_LABEL_SOURCE};
  auto via_source = Neighbors(*view_, query);
  ASSERT_TRUE(via_source.ok());
  EXPECT_EQ(Keys(via_source->records), (std::vector<std::string>{"s@1"}));
}

TEST_F(TraversalTest, KindAndLabelFiltersAndLimit) {
  NeighborsQuery query;
  query.origin = Id("v");
  query.depth = 4;
  query.kinds = {v1::KIND_PERSON};
  auto persons = Neighbors(*view_, query);
  ASSERT_TRUE(persons.ok());
  EXPECT_EQ(Keys(persons->records), (std::vector<std::string>{"x@2", "w@4"}));

  query.kinds.clear();
  query.edges.labels = {v1::EDGE_LABEL_SUBJECT};
  auto subjects = Neighbors(*view_, query);
  ASSERT_TRUE(subjects.ok());
  EXPECT_EQ(Keys(subjects->records), (std::vector<std::string>{"e1@1"}));

  query.edges.labels.clear();
  query.limit = 2;
  auto limited = Neighbors(*view_, query);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->records.size(), 2u);
  EXPECT_TRUE(limited->truncated);
}

TEST_F(TraversalTest, RejectsBadDepth) {
  NeighborsQuery query;
  query.origin = Id("v");
  query.depth = 0;
  EXPECT_EQ(Neighbors(*view_, query).status().code(), Status::Code::kInvalidArgument);
  query.depth = 7;
  EXPECT_EQ(Neighbors(*view_, query).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(TraversalTest, ShortestPathWithItsEdges) {
  PathQuery query;
  query.from = Id("v");
  query.to = Id("l");
  auto path = ShortestPath(*view_, query);
  ASSERT_TRUE(path.ok());
  ASSERT_TRUE(path->found);
  EXPECT_EQ(Keys(path->records), (std::vector<std::string>{"v@0", "e1@1", "x@2", "e2@3", "l@4"}));
  ASSERT_EQ(path->edges.size(), 4u);
  EXPECT_EQ(path->edges[0], (GraphEdge{Id("e1"), v1::EDGE_LABEL_SUBJECT, Id("v")}));
  EXPECT_EQ(path->edges[3], (GraphEdge{Id("e2"), v1::EDGE_LABEL_AT, Id("l")}));

  query.max_depth = 3;
  auto too_short = ShortestPath(*view_, query);
  ASSERT_TRUE(too_short.ok());
  EXPECT_FALSE(too_short->found);

  query.max_depth = 6;
  query.to = Id("o");  // only through the source, which is not followed
  auto unconnected = ShortestPath(*view_, query);
  ASSERT_TRUE(unconnected.ok());
  EXPECT_FALSE(unconnected->found);

  query.to = query.from;
  auto self = ShortestPath(*view_, query);
  ASSERT_TRUE(self.ok());
  EXPECT_TRUE(self->found);
  EXPECT_EQ(self->records.size(), 1u);
}

}  // namespace
}  // namespace palermo::graph
