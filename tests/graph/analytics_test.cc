// The analyses on small graphs whose answers are known by hand.
#include "graph/analytics.h"
#include "graph/communities.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace palermo::graph {
namespace {

// An edge of kind `kind` between node ids a and b, made by record `via`.
ProjectedEdge E(NodeId a, NodeId b, NodeId via, int64_t time = INT64_MIN, EdgeKind kind = EdgeKind::kActedOn,
                const std::string& agency = "bp") {
  ProjectedEdge e;
  e.u = std::min(a, b);
  e.v = std::max(a, b);
  e.via = via;
  e.kind = kind;
  e.agency = agency;
  if (time != INT64_MIN) e.first_s = e.last_s = time;
  return e;
}

Projection Star() {  // 10 at the centre, 11..14 around it
  return Projection::FromEdges({E(10, 11, 100), E(10, 12, 101), E(10, 13, 102), E(10, 14, 103)});
}

Projection TwoGroupsAndABroker() {
  // Triangles {1, 2, 3} and {5, 6, 7}; 4 joined to 1 and 5 only.
  return Projection::FromEdges({E(1, 2, 100), E(2, 3, 101), E(1, 3, 102), E(5, 6, 103), E(6, 7, 104), E(5, 7, 105),
                                E(4, 1, 106), E(4, 5, 107)});
}

double Of(const Projection& p, const std::vector<double>& values, NodeId id) { return values[*p.VertexOf(id)]; }

TEST(Analytics, AStarsCentreCarriesEveryPairOfItsLeaves) {
  const Projection p = Star();
  const Brokers b = ComputeBrokers(p);
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 10), 6);  // C(4, 2)
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 11), 0);
  EXPECT_EQ(b.degree[*p.VertexOf(10)], 4u);
  EXPECT_EQ(b.degree[*p.VertexOf(12)], 1u);
  EXPECT_FALSE(b.sampled);
  // Solved by hand: centre c = 0.03 + 3.4 l, leaf l = 0.03 + 0.2125 c.
  EXPECT_NEAR(Of(p, b.pagerank, 10), 0.132 / 0.2775, 1e-9);
  EXPECT_NEAR(std::accumulate(b.pagerank.begin(), b.pagerank.end(), 0.0), 1.0, 1e-12);
  for (uint32_t core : CoreNumbers(p)) EXPECT_EQ(core, 1u);
}

TEST(Analytics, APathsInnerVerticesCarryThePairsAcrossThem) {
  const Projection p = Projection::FromEdges({E(1, 2, 100), E(2, 3, 101), E(3, 4, 102)});
  const Brokers b = ComputeBrokers(p);
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 1), 0);
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 2), 2);
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 3), 2);
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 4), 0);
  // Symmetric ends, symmetric middles.
  EXPECT_NEAR(Of(p, b.pagerank, 1), Of(p, b.pagerank, 4), 1e-12);
  EXPECT_GT(Of(p, b.pagerank, 2), Of(p, b.pagerank, 1));
}

TEST(Analytics, TheBrokerBetweenTwoGroupsCarriesEveryPairAcrossThem) {
  const Projection p = TwoGroupsAndABroker();
  const Brokers b = ComputeBrokers(p);
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 4), 9);  // every pair across the groups
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 1), 8);  // {2, 3} x {4, 5, 6, 7}
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 5), 8);
  EXPECT_DOUBLE_EQ(Of(p, b.betweenness, 2), 0);
  EXPECT_GT(Of(p, b.pagerank, 1), Of(p, b.pagerank, 2));
}

TEST(Analytics, CoreNumbersPeelACliqueATriangleAndAPendant) {
  // Clique {1, 2, 3, 4}; triangle {4, 5, 6}; 7 hangs on 6.
  const Projection p = Projection::FromEdges({E(1, 2, 100), E(1, 3, 101), E(1, 4, 102), E(2, 3, 103), E(2, 4, 104),
                                              E(3, 4, 105), E(4, 5, 106), E(5, 6, 107), E(4, 6, 108), E(6, 7, 109)});
  const std::vector<uint32_t> cores = CoreNumbers(p);
  for (NodeId id : {1, 2, 3, 4}) EXPECT_EQ(cores[*p.VertexOf(id)], 3u) << id;
  for (NodeId id : {5, 6}) EXPECT_EQ(cores[*p.VertexOf(id)], 2u) << id;
  EXPECT_EQ(cores[*p.VertexOf(7)], 1u);
}

TEST(Analytics, SamplingEverySourceGivesBoostsExactValuesAndASampleIsStated) {
  const Projection p = TwoGroupsAndABroker();
  const Brokers exact = ComputeBrokers(p);
  BrokerOptions all;
  all.sample = 100;  // more than the vertices: each one a source
  const Brokers every = ComputeBrokers(p, all);
  EXPECT_FALSE(every.sampled);
  EXPECT_EQ(every.sources, 7);
  for (size_t v = 0; v < exact.betweenness.size(); ++v) EXPECT_NEAR(every.betweenness[v], exact.betweenness[v], 1e-9);
}

TEST(Analytics, EachComponentIsComputedApartAndSampledSourcesAreSharedByWork) {
  // A path 1-2-3, a star 10..14, and a pair 20-21.
  const Projection p = Projection::FromEdges({E(1, 2, 100), E(2, 3, 101), E(10, 11, 102), E(10, 12, 103),
                                              E(10, 13, 104), E(10, 14, 105), E(20, 21, 106)});
  const Brokers exact = ComputeBrokers(p);
  EXPECT_DOUBLE_EQ(Of(p, exact.betweenness, 2), 1);
  EXPECT_DOUBLE_EQ(Of(p, exact.betweenness, 10), 6);
  EXPECT_DOUBLE_EQ(Of(p, exact.betweenness, 20), 0);
  BrokerOptions every;
  every.sample = 1000;
  const Brokers all = ComputeBrokers(p, every);
  for (size_t v = 0; v < exact.betweenness.size(); ++v) EXPECT_NEAR(all.betweenness[v], exact.betweenness[v], 1e-9);
  EXPECT_FALSE(all.sampled);
  // Components this small are computed exactly even when sampling.
  BrokerOptions two;
  two.sample = 2;
  const Brokers small = ComputeBrokers(p, two);
  EXPECT_FALSE(small.sampled);
  EXPECT_DOUBLE_EQ(Of(p, small.betweenness, 10), 6);
  // A path of 100 vertices is sampled: 10 sources, stated, the same each time.
  std::vector<ProjectedEdge> path;
  for (NodeId v = 1; v < 100; ++v) path.push_back(E(v, v + 1, 1000 + v));
  const Projection long_path = Projection::FromEdges(path);
  BrokerOptions ten;
  ten.sample = 10;
  const Brokers sampled = ComputeBrokers(long_path, ten);
  EXPECT_TRUE(sampled.sampled);
  EXPECT_EQ(sampled.sources, 10);
  EXPECT_EQ(ComputeBrokers(long_path, ten).betweenness, sampled.betweenness);
  EXPECT_GT(Of(long_path, sampled.betweenness, 50), Of(long_path, sampled.betweenness, 2));
}

TEST(Analytics, ComponentsComeLargestFirst) {
  const Projection p = Projection::FromEdges({E(1, 2, 100), E(3, 4, 101), E(4, 5, 102), E(6, 7, 103)});
  const auto components = Components(p);
  ASSERT_EQ(components.size(), 3u);
  EXPECT_EQ(components[0].size(), 3u);
  EXPECT_EQ(p.id(components[0][0]), 3u);
  EXPECT_EQ(p.id(components[1][0]), 1u);
  EXPECT_EQ(p.id(components[2][0]), 6u);
}

TEST(Analytics, ALinkListsTheRecordsOfEachHop) {
  // 1 and 2 share two events; 2 paid 3.
  const Projection p = Projection::FromEdges({E(1, 2, 100), E(1, 2, 101), E(2, 3, 102, INT64_MIN, EdgeKind::kPaid)});
  const auto path = Link(p, *p.VertexOf(1), *p.VertexOf(3), false);
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(p.id(path[0].vertex), 1u);
  EXPECT_TRUE(path[0].via.empty());
  ASSERT_EQ(path[1].via.size(), 2u);
  EXPECT_EQ(path[1].via[0]->via, 100u);
  EXPECT_EQ(path[1].via[1]->via, 101u);
  ASSERT_EQ(path[2].via.size(), 1u);
  EXPECT_EQ(path[2].via[0]->kind, EdgeKind::kPaid);
  EXPECT_TRUE(Link(p, *p.VertexOf(1), *p.VertexOf(1), false).size() == 1);
}

TEST(Analytics, APathThatExistsOnlyOutOfTimeOrderIsNoSequentialLink) {
  // 1 -(t 30)- 2 -(t 20)- 3: linked, but 2 met 3 before 1 met 2.
  const Projection p = Projection::FromEdges({E(1, 2, 100, 30), E(2, 3, 101, 20)});
  EXPECT_EQ(Link(p, *p.VertexOf(1), *p.VertexOf(3), false).size(), 3u);
  EXPECT_TRUE(Link(p, *p.VertexOf(1), *p.VertexOf(3), true).empty());
  // The other way round it is in order.
  EXPECT_EQ(Link(p, *p.VertexOf(3), *p.VertexOf(1), true).size(), 3u);
}

TEST(Analytics, ASequentialLinkTakesALongerPathWhenTheShortOneIsOutOfOrder) {
  // Short: 1 -(30)- 2 -(20)- 4. Long, in order: 1 -(10)- 3 -(15)- 5 -(25)- 4.
  const Projection p = Projection::FromEdges(
      {E(1, 2, 100, 30), E(2, 4, 101, 20), E(1, 3, 102, 10), E(3, 5, 103, 15), E(5, 4, 104, 25)});
  EXPECT_EQ(Link(p, *p.VertexOf(1), *p.VertexOf(4), false).size(), 3u);
  const auto path = Link(p, *p.VertexOf(1), *p.VertexOf(4), true);
  ASSERT_EQ(path.size(), 4u);
  EXPECT_EQ(p.id(path[1].vertex), 3u);
  EXPECT_EQ(p.id(path[2].vertex), 5u);
  // An undated relation may be taken at any point.
  const Projection q = Projection::FromEdges({E(1, 2, 100, 30), E(2, 3, 101, INT64_MIN, EdgeKind::kSameAs)});
  EXPECT_EQ(Link(q, *q.VertexOf(1), *q.VertexOf(3), true).size(), 3u);
}

TEST(Analytics, FiltersKeepAgenciesTimesAndKinds) {
  const std::vector<ProjectedEdge> edges = {E(1, 2, 100, 10, EdgeKind::kActedOn, "bp"),
                                            E(2, 3, 101, 20, EdgeKind::kPaid, "li"),
                                            E(3, 4, 102, INT64_MIN, EdgeKind::kRelated, "li"),
                                            E(3, 9, 103, 20, EdgeKind::kAtPlace, "li")};
  EXPECT_EQ(Projection::FromEdges(edges).edge_count(), 3u);  // at_place only when asked
  ProjectionFilter agency;
  agency.agencies = {"li"};
  EXPECT_EQ(Projection::FromEdges(edges, agency).edge_count(), 2u);
  ProjectionFilter window;
  window.from_s = 15;
  window.to_s = 25;
  const Projection in_window = Projection::FromEdges(edges, window);
  EXPECT_EQ(in_window.edge_count(), 2u);  // the payment and the undated relation
  EXPECT_FALSE(in_window.VertexOf(1).has_value());
  ProjectionFilter places;
  places.kinds = {EdgeKind::kAtPlace};
  EXPECT_EQ(Projection::FromEdges(edges, places).vertex_count(), 2u);
}

TEST(Analytics, LeidenFindsTwoCliquesJoinedByOneEdgeWithTheirModularity) {
  std::vector<ProjectedEdge> edges;
  NodeId via = 100;
  for (NodeId base : {0, 10}) {
    for (NodeId a = 1; a <= 5; ++a) {
      for (NodeId b = a + 1; b <= 5; ++b) edges.push_back(E(base + a, base + b, via++));
    }
  }
  edges.push_back(E(5, 11, via++));
  const Projection p = Projection::FromEdges(edges);
  auto found = LeidenCommunities(p, 7);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->groups.size(), 2u);
  EXPECT_EQ(p.id(found->groups[0][0]), 1u);
  EXPECT_EQ(found->groups[0].size(), 5u);
  EXPECT_EQ(p.id(found->groups[1][0]), 11u);
  // m = 21; each clique holds 10 edges and degree 21: 2 (10/21 - 1/4).
  EXPECT_NEAR(found->modularity, 2 * (10.0 / 21 - 0.25), 1e-12);
  auto again = LeidenCommunities(p, 7);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->groups, found->groups);
  EXPECT_TRUE(LeidenCommunities(Projection::FromEdges({}))->groups.empty());
}

TEST(Analytics, EmptyProjectionsGiveEmptyAnswers) {
  const Projection p = Projection::FromEdges({});
  EXPECT_TRUE(Components(p).empty());
  EXPECT_TRUE(ComputeBrokers(p).betweenness.empty());
  EXPECT_TRUE(CoreNumbers(p).empty());
  EXPECT_TRUE(Link(p, 0, 1, false).empty());
}

}  // namespace
}  // namespace palermo::graph
