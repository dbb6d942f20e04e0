// Walking the case graph: the records around one record, and a shortest
// path between two. Edges are followed in either direction. Runs against a
// store::View, so one call sees one consistent snapshot.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "common/status.h"
#include "palermo/v1/model.pb.h"
#include "store/store.h"

namespace palermo::graph {

using store::NodeId;

// An edge as stored: `from` refers to `to` in the role `label`.
struct GraphEdge {
  NodeId from;
  palermo::v1::EdgeLabel label;
  NodeId to;
  bool operator==(const GraphEdge&) const = default;
};

// Which edges a walk follows. By default every label except `source`: a
// source record ties together everything one report says, which is
// provenance, not the network; name EDGE_LABEL_SOURCE to follow it.
struct EdgeFilter {
  std::vector<palermo::v1::EdgeLabel> labels;  // empty: the default above
  bool Follows(palermo::v1::EdgeLabel label) const;
};

struct NeighborsQuery {
  NodeId origin = 0;
  uint32_t depth = 1;                       // 1..kMaxDepth
  EdgeFilter edges;
  std::vector<palermo::v1::Kind> kinds;     // records returned (empty: all); the walk passes through all
  uint32_t limit = 1000;                    // records returned at most
  static constexpr uint32_t kMaxDepth = 6;
};

struct FoundRecord {
  NodeId id;
  uint32_t distance;
  palermo::v1::Record record;
};

struct NeighborsResult {
  palermo::v1::Record origin;
  std::vector<FoundRecord> records;  // by distance, then node id
  std::vector<GraphEdge> edges;      // among the origin and the records returned
  bool truncated = false;
};

Result<NeighborsResult> Neighbors(const store::View& view, const NeighborsQuery& query);

struct PathQuery {
  NodeId from = 0;
  NodeId to = 0;
  uint32_t max_depth = 6;  // 1..kMaxDepth
  EdgeFilter edges;
  static constexpr uint32_t kMaxDepth = 12;
};

struct PathResult {
  bool found = false;
  std::vector<FoundRecord> records;  // from ... to
  std::vector<GraphEdge> edges;      // edges[i] joins records[i] and records[i+1]
};

Result<PathResult> ShortestPath(const store::View& view, const PathQuery& query);

// Cases: the parts of the graph the rules reason about one at a time.
// Two records are in one case when a reference joins them: any edge but
// `source`, between two records that are neither locations nor sources.
// Locations and sources are shared by many cases: a case includes those
// its records refer to, but is not joined to other cases through them.
// The rules derive nothing across two cases (docs/RULES.md), so evaluating
// cases apart or together gives the same findings.
bool JoinsCase(palermo::v1::Kind from, palermo::v1::EdgeLabel label, palermo::v1::Kind to);

// The records of the cases that `seeds` belong to, with the locations and
// sources they refer to. A seed that is a location or a source stands for
// the cases that refer to it. Stops with `too_large` once more than
// `max_records` are found.
struct CaseRecords {
  std::vector<NodeId> records;  // sorted
  bool too_large = false;       // more than max_records: the caller should evaluate everything
};
Result<CaseRecords> CollectCaseRecords(const store::View& view, const std::vector<NodeId>& seeds, size_t max_records);

// The cases of `seeds` (as CollectCaseRecords finds them, however many), as
// batches of whole cases in the way ForEachCaseBatch makes them. Memory:
// about 100 bytes per record of those cases.
Status ForEachCaseBatchOf(const store::View& view, const std::vector<NodeId>& seeds, size_t batch_records,
                          const std::function<Status(const std::vector<NodeId>& records)>& fn);

// Every record of `view`, as batches of whole cases: cases are added to a
// batch (in the order of their first record) until it holds at least
// `batch_records` records; a case larger than that is a batch of its own.
// Each batch lists its records sorted, the locations and sources its cases
// refer to included (so one of those can be in several batches); every
// record is in at least one batch. Memory: about 40 bytes per record and 16
// per reference to a location or source, whatever the batch size.
Status ForEachCaseBatch(const store::View& view, size_t batch_records,
                        const std::function<Status(const std::vector<NodeId>& records)>& fn);

}  // namespace palermo::graph
