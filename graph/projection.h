// The analytics projection (issue #11): the case graph seen as a network of
// parties (persons, organizations) and the locations they were at, each
// edge labelled by what joins the two and the record that says so.
//
// Edges come from records, one record at a time (ProjectRecord):
//   an event       acted_on        each actor and each subject
//                  acted_together  two actors
//                  moved_together  two subjects
//                  at_place        each participant and each location (from, to, at)
//   a transaction  paid            payer and payee
//   a relation     same_as         a same_as relation's two ends
//                  related         any other relation's two ends (different_from: none)
// and a leg for each subject of an event with both from and to (routes).
// An edge carries the time of its record (an event's or a transaction's
// date or span; relations are undated) and the record's agency, so that
// analyses can keep a time window, some agencies or some kinds.
//
// The edges are derived data kept in the store's `projection` family
// (store/keys.h; graph/projection_keeper.h keeps them from the change
// feed). A Projection is the in-memory graph of one view's stored edges
// under a filter: a Boost compressed_sparse_row_graph of the simple
// undirected graph (each pair of vertices once, both directions), with the
// records of every pair kept for the paths' "via".
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "palermo/v1/model.pb.h"
#include "store/store.h"

namespace palermo::graph {

using store::NodeId;

enum class EdgeKind : uint8_t {
  kActedOn = 1,
  kActedTogether = 2,
  kMovedTogether = 3,
  kPaid = 4,
  kRelated = 5,
  kSameAs = 6,
  kAtPlace = 7,
};
inline constexpr int kEdgeKinds = 7;

// "acted_on", "acted_together", ...; EdgeKindFromName reads them back.
std::string_view EdgeKindName(EdgeKind kind);
bool EdgeKindFromName(std::string_view name, EdgeKind* kind);

// One edge as stored.
struct ProjectedEdge {
  NodeId u = 0;  // parties: u < v; at_place: u the party, v the location
  NodeId v = 0;
  EdgeKind kind = EdgeKind::kRelated;
  NodeId via = 0;              // the event, transaction or relation
  int64_t first_s = INT64_MIN;  // the via record's time; undated: the whole line
  int64_t last_s = INT64_MAX;
  std::string agency;  // the via record's
  bool operator==(const ProjectedEdge&) const = default;
};

// A leg a person was moved along: an event with both `from` and `to`
// locations, one leg per subject (routes).
struct ProjectedLeg {
  NodeId via = 0;  // the event
  NodeId subject = 0;
  NodeId from = 0;  // locations
  NodeId to = 0;
  int64_t first_s = INT64_MIN;  // the event's time; undated: the whole line
  int64_t last_s = INT64_MAX;
  std::string agency;  // the event's
  bool operator==(const ProjectedLeg&) const = default;
};

// The edges and legs `record` (stored as `id`) makes, appended, references
// resolved through `view`; none for records other than events,
// transactions and relations. A reference that does not resolve is
// skipped (imports refuse those).
Status ProjectRecord(const store::View& view, NodeId id, const palermo::v1::Record& record,
                     std::vector<ProjectedEdge>* edges, std::vector<ProjectedLeg>* legs);

// The stored forms (store/keys.h, the projection family).
std::string EdgeKey(const ProjectedEdge& edge);
std::string EdgeValue(const ProjectedEdge& edge);
bool DecodeEdge(std::string_view key, std::string_view value, ProjectedEdge* edge);
std::string LegKey(const ProjectedLeg& leg);
std::string LegValue(const ProjectedLeg& leg);
bool DecodeLeg(std::string_view key, std::string_view value, ProjectedLeg* leg);

// The stored legs of `view` whose event's agency and time pass `filter`
// (its kinds do not apply), in key order.
struct ProjectionFilter;
Result<std::vector<ProjectedLeg>> LoadLegs(const store::View& view, const ProjectionFilter& filter);

// Which edges a projection keeps.
struct ProjectionFilter {
  std::vector<std::string> agencies;  // the via records' agencies; empty: all
  // Edges whose time overlaps [from_s, to_s]; undated edges always.
  int64_t from_s = INT64_MIN;
  int64_t to_s = INT64_MAX;
  // Empty: every kind between parties (all but at_place), so that two
  // persons are not joined by a port they both passed.
  std::vector<EdgeKind> kinds;
  // Whether the record `via` may join `a` and `b` (an edge's two ends, a
  // leg's subject and one of its places); empty: always. palermod keeps
  // what the caller may see (services/record_access.h).
  std::function<bool(NodeId via, NodeId a, NodeId b)> admits;
  bool Keeps(const ProjectedEdge& edge) const;
  bool KeepsLeg(const ProjectedLeg& leg) const;
  // Agencies and time only.
  bool KeepsRecord(const std::string& agency, int64_t first_s, int64_t last_s) const;
};

// Vertices are numbered 0..n-1 in node id order; neighbours ascend
// (boost::adjacent_vertices).
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                               boost::no_property, uint32_t, uint32_t>;

class Projection {
 public:
  // The stored edges of `view` that `filter` keeps.
  static Result<Projection> Load(const store::View& view, const ProjectionFilter& filter);
  // The same from edges in memory (tests, benchmarks).
  static Projection FromEdges(std::vector<ProjectedEdge> edges, const ProjectionFilter& filter = {});

  size_t vertex_count() const { return ids_.size(); }
  size_t pair_count() const { return pairs_; }  // undirected vertex pairs joined
  size_t edge_count() const { return edges_.size(); }  // records' edges (several per pair)
  NodeId id(uint32_t vertex) const { return ids_[vertex]; }
  std::optional<uint32_t> VertexOf(NodeId id) const;
  const Csr& csr() const { return csr_; }
  // The edges between two vertices (in either order), by via.
  std::vector<const ProjectedEdge*> EdgesBetween(uint32_t a, uint32_t b) const;
  // Every kept edge, sorted by its vertices (smaller first), then via.
  const std::vector<ProjectedEdge>& edges() const { return edges_; }
  // The vertex pairs (smaller first) of edges(), index for index.
  const std::vector<std::pair<uint32_t, uint32_t>>& edge_vertices() const { return edge_vertices_; }

 private:
  std::vector<NodeId> ids_;  // by vertex, ascending
  std::vector<ProjectedEdge> edges_;
  std::vector<std::pair<uint32_t, uint32_t>> edge_vertices_;
  size_t pairs_ = 0;
  Csr csr_;
};

}  // namespace palermo::graph
