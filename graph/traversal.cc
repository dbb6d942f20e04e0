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

namespace {

// What a walk of cases found: the records joined to the seeds, the joins
// among them, and the places and sources they refer to.
struct CaseWalk {
  std::vector<NodeId> members;                      // in the order met; index = position
  std::unordered_map<NodeId, uint32_t> index;       // member -> position
  std::vector<std::pair<uint32_t, uint32_t>> joins;  // positions joined by a reference
  std::vector<std::pair<uint32_t, NodeId>> places;   // (member position, place or source it refers to)
  bool too_large = false;
};

// Walks the cases of `seeds` breadth first, a level at a time, so that each
// level's kinds and edges are read with one iterator per family, moving
// forward. A seed that is a place or a source stands for the cases that
// refer to it (a changed place changes what their rules see), so its
// referrers are seeds too; places and sources met later join nothing.
// Stops with `too_large` once more than `max_records` members are found.
Status WalkCases(const store::View& view, const std::vector<NodeId>& seeds, size_t max_records, CaseWalk* walk) {
  std::unordered_map<NodeId, v1::Kind> kinds;
  auto learn_kinds = [&](std::vector<NodeId> ids) -> Status {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](NodeId id) { return kinds.count(id) > 0; }), ids.end());
    for (NodeId id : ids) kinds[id] = v1::KIND_UNSPECIFIED;  // absent records stay unspecified
    return view.GetMany(ids, [&](NodeId id, const v1::Record& record) { kinds[id] = record.kind(); });
  };
  auto add_member = [&](NodeId id) -> bool {
    auto [it, inserted] = walk->index.emplace(id, static_cast<uint32_t>(walk->members.size()));
    if (inserted) walk->members.push_back(id);
    return inserted;
  };
  Status s = learn_kinds(seeds);
  if (!s.ok()) return s;
  std::vector<NodeId> level;
  std::vector<NodeId> shared_seeds;
  for (NodeId id : seeds) {
    if (SharedByCases(kinds[id])) shared_seeds.push_back(id);
    else if (kinds[id] != v1::KIND_UNSPECIFIED && add_member(id)) level.push_back(id);
  }
  if (!shared_seeds.empty()) {
    std::sort(shared_seeds.begin(), shared_seeds.end());
    shared_seeds.erase(std::unique(shared_seeds.begin(), shared_seeds.end()), shared_seeds.end());
    std::vector<NodeId> referrers;
    s = view.ForEachEdgeOfEach(shared_seeds, store::Direction::kIn,
                               [&](NodeId, v1::EdgeLabel, NodeId other) { referrers.push_back(other); });
    if (s.ok()) s = learn_kinds(referrers);
    if (!s.ok()) return s;
    for (NodeId id : referrers) {
      if (!SharedByCases(kinds[id]) && kinds[id] != v1::KIND_UNSPECIFIED && add_member(id)) level.push_back(id);
    }
  }
  struct Edge {
    NodeId from;
    v1::EdgeLabel label;
    NodeId to;
    bool out;  // read from `from`'s out edges (else from `to`'s in edges)
  };
  std::vector<Edge> edges;
  while (!level.empty()) {
    if (walk->members.size() > max_records) {
      walk->too_large = true;
      return Status::Ok();
    }
    std::sort(level.begin(), level.end());
    edges.clear();
    std::vector<NodeId> others;
    s = view.ForEachEdgeOfEach(level, store::Direction::kOut, [&](NodeId id, v1::EdgeLabel label, NodeId other) {
      edges.push_back({id, label, other, true});
      others.push_back(other);
    });
    if (s.ok()) {
      s = view.ForEachEdgeOfEach(level, store::Direction::kIn, [&](NodeId id, v1::EdgeLabel label, NodeId other) {
        edges.push_back({other, label, id, false});
        others.push_back(other);
      });
    }
    if (s.ok()) s = learn_kinds(std::move(others));
    if (!s.ok()) return s;
    std::vector<NodeId> next;
    for (const Edge& e : edges) {
      NodeId self = e.out ? e.from : e.to;
      NodeId other = e.out ? e.to : e.from;
      if (JoinsCase(kinds[e.from], e.label, kinds[e.to])) {
        if (add_member(other)) next.push_back(other);
        walk->joins.emplace_back(walk->index[self], walk->index[other]);
      } else if (e.out && SharedByCases(kinds[other])) {
        walk->places.emplace_back(walk->index[self], other);
      }
    }
    level = std::move(next);
  }
  return Status::Ok();
}

// Hands `fn` batches of whole cases: case c's members are
// members[first[c] .. first[c+1]), `places` lists (case, place) pairs
// sorted by case. Cases are added to a batch until it holds at least
// `batch_records` records; each batch is sorted and holds the places and
// sources its cases refer to.
Status EmitBatches(const std::vector<NodeId>& members, const std::vector<uint32_t>& first,
                   const std::vector<std::pair<uint32_t, NodeId>>& places, size_t batch_records,
                   const std::function<Status(const std::vector<NodeId>& records)>& fn) {
  const uint32_t case_count = static_cast<uint32_t>(first.size() - 1);
  std::vector<NodeId> batch;
  auto place = places.begin();
  for (uint32_t c = 0; c < case_count; ++c) {
    batch.insert(batch.end(), members.begin() + first[c], members.begin() + first[c + 1]);
    for (; place != places.end() && place->first == c; ++place) batch.push_back(place->second);
    if (batch.size() >= batch_records || c + 1 == case_count) {
      std::sort(batch.begin(), batch.end());
      batch.erase(std::unique(batch.begin(), batch.end()), batch.end());
      Status s = fn(batch);
      if (!s.ok()) return s;
      batch.clear();
    }
  }
  return Status::Ok();
}

// Groups `count` items into cases from `roots` (the representative of each
// item, or kNone for an item that is no record), numbered by first item:
// fills `case_of` (by item), `first` and `members` (items listed by case).
constexpr uint32_t kNone = UINT32_MAX;
template <typename Root>
void GroupByCase(size_t count, Root root, std::vector<uint32_t>* case_of_root, std::vector<uint32_t>* case_of,
                 std::vector<uint32_t>* first, std::vector<uint64_t>* members) {
  case_of->assign(count, kNone);
  uint32_t case_count = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t r = root(i);
    if (r == kNone) continue;
    if ((*case_of_root)[r] == kNone) (*case_of_root)[r] = case_count++;
    (*case_of)[i] = (*case_of_root)[r];
  }
  first->assign(case_count + 1, 0);
  for (size_t i = 0; i < count; ++i) {
    if ((*case_of)[i] != kNone) ++(*first)[(*case_of)[i] + 1];
  }
  for (uint32_t c = 0; c < case_count; ++c) (*first)[c + 1] += (*first)[c];
  members->assign((*first)[case_count], 0);
  std::vector<uint32_t> next(first->begin(), first->end() - 1);
  for (size_t i = 0; i < count; ++i) {
    if ((*case_of)[i] != kNone) (*members)[next[(*case_of)[i]]++] = i;
  }
}

}  // namespace

Result<CaseRecords> CollectCaseRecords(const store::View& view, const std::vector<NodeId>& seeds, size_t max_records) {
  CaseWalk walk;
  Status s = WalkCases(view, seeds, max_records, &walk);
  if (!s.ok()) return s;
  CaseRecords result;
  if (walk.too_large) {
    result.too_large = true;
    return result;
  }
  result.records = std::move(walk.members);
  for (const auto& [member, place] : walk.places) result.records.push_back(place);
  std::sort(result.records.begin(), result.records.end());
  result.records.erase(std::unique(result.records.begin(), result.records.end()), result.records.end());
  return result;
}

Status ForEachCaseBatchOf(const store::View& view, const std::vector<NodeId>& seeds, size_t batch_records,
                          const std::function<Status(const std::vector<NodeId>& records)>& fn) {
  CaseWalk walk;
  Status s = WalkCases(view, seeds, SIZE_MAX, &walk);
  if (!s.ok() || walk.members.empty()) return s;
  // Cases as disjoint sets over member positions (Boost's union-find).
  const size_t n = walk.members.size();
  std::vector<uint32_t> rank(n, 0), parent(n);
  boost::disjoint_sets<uint32_t*, uint32_t*> cases(rank.data(), parent.data());
  for (uint32_t i = 0; i < n; ++i) cases.make_set(i);
  for (const auto& [a, b] : walk.joins) cases.union_set(a, b);
  std::vector<uint32_t> case_of_root(n, kNone), case_of, first;
  std::vector<uint64_t> positions;
  GroupByCase(n, [&](size_t i) { return cases.find_set(static_cast<uint32_t>(i)); }, &case_of_root, &case_of, &first,
              &positions);
  std::vector<NodeId> members(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) members[i] = walk.members[positions[i]];
  std::vector<std::pair<uint32_t, NodeId>> places;
  places.reserve(walk.places.size());
  for (const auto& [member, place] : walk.places) places.emplace_back(case_of[member], place);
  std::sort(places.begin(), places.end());
  places.erase(std::unique(places.begin(), places.end()), places.end());
  return EmitBatches(members, first, places, batch_records, fn);
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
  std::vector<uint32_t> case_of_root(n, kNone), case_of, first;
  std::vector<uint64_t> members;
  GroupByCase(
      n, [&](size_t id) -> uint64_t { return id == 0 || kinds[id] == v1::KIND_UNSPECIFIED ? kNone : cases.find_set(id); },
      &case_of_root, &case_of, &first, &members);
  parent = {};
  std::vector<std::pair<uint32_t, NodeId>> places;
  places.reserve(references.size());
  for (const auto& [record, place] : references) places.emplace_back(case_of[record], place);
  references = {};
  std::sort(places.begin(), places.end());
  places.erase(std::unique(places.begin(), places.end()), places.end());
  return EmitBatches(members, first, places, batch_records, fn);
}

}  // namespace palermo::graph
