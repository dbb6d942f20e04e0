#include "graph/traversal.h"

#include <boost/pending/disjoint_sets.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace palermo::graph {

namespace v1 = palermo::v1;

bool EdgeFilter::Follows(v1::EdgeLabel label) const {
  if (labels.empty()) return label != v1::EDGE_LABEL_SOURCE;
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

namespace {

// Calls fn(edge, other end) for each edge of `id` the filter follows.
template <typename Fn>
Status ForEachFollowedEdge(const store::View& view, NodeId id, const EdgeFilter& filter, Fn fn) {
  Status s = view.ForEachEdge(id, store::Direction::kOut, [&](v1::EdgeLabel label, NodeId other) {
    if (filter.Follows(label)) fn(GraphEdge{id, label, other}, other);
  });
  if (!s.ok()) return s;
  return view.ForEachEdge(id, store::Direction::kIn, [&](v1::EdgeLabel label, NodeId other) {
    if (filter.Follows(label)) fn(GraphEdge{other, label, id}, other);
  });
}

struct EdgeLess {
  bool operator()(const GraphEdge& a, const GraphEdge& b) const {
    return std::tie(a.from, a.label, a.to) < std::tie(b.from, b.label, b.to);
  }
};

}  // namespace

Result<NeighborsResult> Neighbors(const store::View& view, const NeighborsQuery& query) {
  if (query.depth < 1 || query.depth > NeighborsQuery::kMaxDepth) {
    return Status::InvalidArgument("depth must be between 1 and " + std::to_string(NeighborsQuery::kMaxDepth));
  }
  if (query.limit < 1) return Status::InvalidArgument("limit must be at least 1");
  NeighborsResult result;
  Status s = view.Get(query.origin, &result.origin);
  if (!s.ok()) return s;

  auto wanted = [&](v1::Kind kind) {
    return query.kinds.empty() || std::find(query.kinds.begin(), query.kinds.end(), kind) != query.kinds.end();
  };
  std::unordered_set<NodeId> visited = {query.origin};
  std::unordered_set<NodeId> returned = {query.origin};
  std::set<GraphEdge, EdgeLess> edges;
  std::vector<NodeId> frontier = {query.origin};
  for (uint32_t distance = 1; distance <= query.depth && !frontier.empty() && !result.truncated; ++distance) {
    std::vector<NodeId> next;
    for (NodeId id : frontier) {
      s = ForEachFollowedEdge(view, id, query.edges, [&](const GraphEdge& edge, NodeId other) {
        edges.insert(edge);
        if (visited.insert(other).second) next.push_back(other);
      });
      if (!s.ok()) return s;
    }
    std::sort(next.begin(), next.end());
    for (NodeId id : next) {
      FoundRecord found{id, distance, {}};
      s = view.Get(id, &found.record);
      if (!s.ok()) return s;
      if (!wanted(found.record.kind())) continue;
      if (result.records.size() >= query.limit) {
        result.truncated = true;
        break;
      }
      returned.insert(id);
      result.records.push_back(std::move(found));
    }
    frontier = std::move(next);
  }
  for (const auto& edge : edges) {
    if (returned.count(edge.from) && returned.count(edge.to)) result.edges.push_back(edge);
  }
  return result;
}

Result<PathResult> ShortestPath(const store::View& view, const PathQuery& query) {
  if (query.max_depth < 1 || query.max_depth > PathQuery::kMaxDepth) {
    return Status::InvalidArgument("max depth must be between 1 and " + std::to_string(PathQuery::kMaxDepth));
  }
  PathResult result;
  // parent[node] = the edge by which the walk first reached it.
  std::unordered_map<NodeId, std::pair<NodeId, GraphEdge>> parent;
  parent.emplace(query.from, std::make_pair(query.from, GraphEdge{}));
  std::vector<NodeId> frontier = {query.from};
  bool found = query.from == query.to;
  for (uint32_t depth = 1; depth <= query.max_depth && !found && !frontier.empty(); ++depth) {
    std::vector<NodeId> next;
    for (NodeId id : frontier) {
      Status s = ForEachFollowedEdge(view, id, query.edges, [&](const GraphEdge& edge, NodeId other) {
        if (parent.emplace(other, std::make_pair(id, edge)).second) {
          next.push_back(other);
          if (other == query.to) found = true;
        }
      });
      if (!s.ok()) return s;
      if (found) break;
    }
    frontier = std::move(next);
  }
  if (!found) return result;
  std::vector<NodeId> nodes = {query.to};
  std::vector<GraphEdge> edges;
  for (NodeId at = query.to; at != query.from;) {
    const auto& [previous, edge] = parent.at(at);
    edges.push_back(edge);
    nodes.push_back(previous);
    at = previous;
  }
  std::reverse(nodes.begin(), nodes.end());
  std::reverse(edges.begin(), edges.end());
  result.found = true;
  result.edges = std::move(edges);
  for (size_t i = 0; i < nodes.size(); ++i) {
    FoundRecord found_record{nodes[i], static_cast<uint32_t>(i), {}};
    Status s = view.Get(nodes[i], &found_record.record);
    if (!s.ok()) return s;
    result.records.push_back(std::move(found_record));
  }
  return result;
}

}  // namespace palermo::graph

namespace palermo::graph {

namespace {

bool SharedByCases(v1::Kind kind) { return kind == v1::KIND_LOCATION || kind == v1::KIND_SOURCE; }

}  // namespace

bool JoinsCase(v1::Kind from, v1::EdgeLabel label, v1::Kind to) {
  return label != v1::EDGE_LABEL_SOURCE && !SharedByCases(from) && !SharedByCases(to);
}

Result<CaseRecords> CollectCaseRecords(const store::View& view, const std::vector<NodeId>& seeds, size_t max_records) {
  // Breadth first, a level at a time, so that each level's kinds and edges
  // are read with one iterator per family, moving forward.
  CaseRecords result;
  std::unordered_map<NodeId, v1::Kind> kinds;
  auto learn_kinds = [&](std::vector<NodeId> ids) -> Status {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](NodeId id) { return kinds.count(id) > 0; }), ids.end());
    for (NodeId id : ids) kinds[id] = v1::KIND_UNSPECIFIED;  // absent records stay unspecified
    return view.GetMany(ids, [&](NodeId id, const v1::Record& record) { kinds[id] = record.kind(); });
  };
  std::unordered_set<NodeId> in_case(seeds.begin(), seeds.end());  // joined to the seeds
  std::unordered_set<NodeId> referenced;                            // locations and sources they refer to
  std::vector<NodeId> level(in_case.begin(), in_case.end());
  Status s = learn_kinds(level);
  if (!s.ok()) return s;
  struct Edge {
    NodeId from;
    v1::EdgeLabel label;
    NodeId to;
    bool out;  // read from `from`'s out edges (else from `to`'s in edges)
  };
  std::vector<Edge> edges;
  while (!level.empty()) {
    if (in_case.size() > max_records) {
      result.too_large = true;
      return result;
    }
    std::vector<NodeId> expand;
    for (NodeId id : level) {
      if (!SharedByCases(kinds[id])) expand.push_back(id);  // places and sources join nothing
    }
    std::sort(expand.begin(), expand.end());
    edges.clear();
    std::vector<NodeId> others;
    s = view.ForEachEdgeOfEach(expand, store::Direction::kOut, [&](NodeId id, v1::EdgeLabel label, NodeId other) {
      edges.push_back({id, label, other, true});
      others.push_back(other);
    });
    if (s.ok()) {
      s = view.ForEachEdgeOfEach(expand, store::Direction::kIn, [&](NodeId id, v1::EdgeLabel label, NodeId other) {
        edges.push_back({other, label, id, false});
        others.push_back(other);
      });
    }
    if (s.ok()) s = learn_kinds(std::move(others));
    if (!s.ok()) return s;
    std::vector<NodeId> next;
    for (const Edge& e : edges) {
      NodeId other = e.out ? e.to : e.from;
      if (JoinsCase(kinds[e.from], e.label, kinds[e.to])) {
        if (in_case.insert(other).second) next.push_back(other);
      } else if (e.out) {
        referenced.insert(other);  // a place or a source
      }
    }
    level = std::move(next);
  }
  for (NodeId id : in_case) referenced.erase(id);
  result.records.assign(in_case.begin(), in_case.end());
  result.records.insert(result.records.end(), referenced.begin(), referenced.end());
  std::sort(result.records.begin(), result.records.end());
  return result;
}

Status ForEachCaseBatch(const store::View& view, size_t batch_records,
                        const std::function<Status(const std::vector<NodeId>& records)>& fn) {
  // Kinds, then cases as disjoint sets over node ids (Boost's union-find
  // with union by rank and path compression).
  std::vector<uint8_t> kinds(view.RecordCount() + 1, v1::KIND_UNSPECIFIED);
  Status s = view.ForEachKind([&](NodeId id, v1::Kind kind) {
    if (id >= kinds.size()) kinds.resize(id + 1, v1::KIND_UNSPECIFIED);
    kinds[id] = static_cast<uint8_t>(kind);
  });
  if (!s.ok()) return s;
  const size_t n = kinds.size();
  std::vector<uint32_t> rank(n, 0);
  std::vector<NodeId> parent(n);
  boost::disjoint_sets<uint32_t*, NodeId*> cases(rank.data(), parent.data());
  for (NodeId id = 0; id < n; ++id) cases.make_set(id);
  std::vector<std::pair<NodeId, NodeId>> references;  // (record, the place or source it refers to)
  auto kind = [&](NodeId id) { return id < n ? static_cast<v1::Kind>(kinds[id]) : v1::KIND_UNSPECIFIED; };
  s = view.ForEachEdgeOfAll([&](NodeId from, v1::EdgeLabel label, NodeId to) {
    if (from >= n || to >= n) return;  // not in this view
    if (JoinsCase(kind(from), label, kind(to))) {
      cases.union_set(from, to);
    } else if (!SharedByCases(kind(from)) && SharedByCases(kind(to))) {
      references.emplace_back(from, to);
    }
  });
  if (!s.ok()) return s;
  rank = {};  // done with the ranks

  // Number the cases by their first record, then list each case's records.
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> case_of(n, kNone);  // indexed by the case's representative first, then by record
  uint32_t case_count = 0;
  for (NodeId id = 1; id < n; ++id) {
    if (kinds[id] == v1::KIND_UNSPECIFIED) continue;  // no such record
    NodeId root = cases.find_set(id);
    if (case_of[root] == kNone) case_of[root] = case_count++;
    parent[id] = root;  // flattened: parent now maps every record straight to its representative
  }
  std::vector<uint32_t> first(case_count + 1, 0);  // records of case c: members[first[c] .. first[c+1])
  for (NodeId id = 1; id < n; ++id) {
    if (kinds[id] != v1::KIND_UNSPECIFIED) ++first[case_of[parent[id]] + 1];
  }
  for (uint32_t c = 0; c < case_count; ++c) first[c + 1] += first[c];
  std::vector<NodeId> members(first[case_count]);
  {
    std::vector<uint32_t> next(first.begin(), first.end() - 1);
    for (NodeId id = 1; id < n; ++id) {
      if (kinds[id] != v1::KIND_UNSPECIFIED) members[next[case_of[parent[id]]]++] = id;
    }
  }
  for (auto& [record, place] : references) record = case_of[parent[record]];  // now (case, place)
  std::sort(references.begin(), references.end());
  references.erase(std::unique(references.begin(), references.end()), references.end());

  std::vector<NodeId> batch;
  auto reference = references.begin();
  for (uint32_t c = 0; c < case_count; ++c) {
    batch.insert(batch.end(), members.begin() + first[c], members.begin() + first[c + 1]);
    for (; reference != references.end() && reference->first == c; ++reference) batch.push_back(reference->second);
    if (batch.size() >= batch_records || c + 1 == case_count) {
      std::sort(batch.begin(), batch.end());
      batch.erase(std::unique(batch.begin(), batch.end()), batch.end());
      s = fn(batch);
      if (!s.ok()) return s;
      batch.clear();
    }
  }
  return Status::Ok();
}

}  // namespace palermo::graph
