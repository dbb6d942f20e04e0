#include "graph/projection.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "model/vocabulary.h"
#include "store/keys.h"

namespace palermo::graph {
namespace {

namespace v1 = palermo::v1;

constexpr std::array<std::string_view, kEdgeKinds + 1> kKindNames = {
    "", "acted_on", "acted_together", "moved_together", "paid", "related", "same_as", "at_place"};

// The value of an edge or a leg: first_s | last_s | agency.
std::string TimeAndAgency(int64_t first_s, int64_t last_s, const std::string& agency) {
  std::string value;
  store::PutSigned64BE(&value, first_s);
  store::PutSigned64BE(&value, last_s);
  value += agency;
  return value;
}

bool ReadTimeAndAgency(std::string_view value, int64_t* first_s, int64_t* last_s, std::string* agency) {
  if (value.size() < 16) return false;
  *first_s = store::DecodeSigned64BE(value);
  *last_s = store::DecodeSigned64BE(value.substr(8));
  *agency = std::string(value.substr(16));
  return true;
}

// The stored entries of one tag (edges or legs) that `keep` keeps.
template <typename Entry, typename Decode, typename Keep>
Result<std::vector<Entry>> ScanStored(const store::View& view, char tag, Decode decode, Keep keep) {
  std::vector<Entry> out;
  bool bad = false;
  Status s = view.ForEachDerived(store::DerivedFamily::kProjection, std::string(1, tag), "",
                                 [&](std::string_view key, std::string_view value) {
                                   Entry entry;
                                   if (!decode(key, value, &entry)) {
                                     bad = true;
                                     return false;
                                   }
                                   if (keep(entry)) out.push_back(std::move(entry));
                                   return true;
                                 });
  if (!s.ok()) return s;
  if (bad) return Status::Corruption(std::string("a stored projection entry '") + tag + "' does not decode");
  return out;
}

}  // namespace

std::string_view EdgeKindName(EdgeKind kind) {
  const size_t index = static_cast<size_t>(kind);
  return index < kKindNames.size() ? kKindNames[index] : "";
}

bool EdgeKindFromName(std::string_view name, EdgeKind* kind) {
  for (size_t i = 1; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) {
      *kind = static_cast<EdgeKind>(i);
      return true;
    }
  }
  return false;
}

Status ProjectRecord(const store::View& view, NodeId id, const v1::Record& record, std::vector<ProjectedEdge>* out,
                     std::vector<ProjectedLeg>* legs) {
  if (!record.has_event() && !record.has_transaction() && !record.has_relation()) return Status::Ok();
  ProjectedEdge base;
  base.via = id;
  base.agency = record.agency();
  model::WhenOf(record, &base.first_s, &base.last_s);
  Status failed = Status::Ok();
  // The node ids of `keys` that resolve, once each.
  auto resolve = [&](std::initializer_list<const std::string*> keys,
                     const google::protobuf::RepeatedPtrField<std::string>* more = nullptr) {
    std::vector<NodeId> ids;
    auto one = [&](const std::string& key) {
      if (key.empty()) return;
      Result<NodeId> found = view.Lookup(key);
      if (found.ok()) ids.push_back(*found);
      else if (found.status().code() != Status::Code::kNotFound && failed.ok()) failed = found.status();
    };
    for (const std::string* key : keys) one(*key);
    if (more) {
      for (const std::string& key : *more) one(key);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  };
  const size_t first = out->size();
  auto pair = [&](NodeId a, NodeId b, EdgeKind kind) {
    if (a == b) return;
    ProjectedEdge edge = base;
    edge.u = std::min(a, b);
    edge.v = std::max(a, b);
    edge.kind = kind;
    out->push_back(std::move(edge));
  };
  if (record.has_event()) {
    const v1::Event& e = record.event();
    const std::vector<NodeId> subjects = resolve({}, &e.subjects()), actors = resolve({}, &e.actors());
    const std::vector<NodeId> places = resolve({&e.from(), &e.to(), &e.at()});
    for (NodeId actor : actors) {
      for (NodeId subject : subjects) pair(actor, subject, EdgeKind::kActedOn);
    }
    for (size_t i = 0; i < actors.size(); ++i) {
      for (size_t j = i + 1; j < actors.size(); ++j) pair(actors[i], actors[j], EdgeKind::kActedTogether);
    }
    for (size_t i = 0; i < subjects.size(); ++i) {
      for (size_t j = i + 1; j < subjects.size(); ++j) pair(subjects[i], subjects[j], EdgeKind::kMovedTogether);
    }
    const std::vector<NodeId> from = resolve({&e.from()}), to = resolve({&e.to()});
    if (from.size() == 1 && to.size() == 1 && from[0] != to[0]) {
      for (NodeId subject : subjects) {
        legs->push_back({id, subject, from[0], to[0], base.first_s, base.last_s, base.agency});
      }
    }
    for (const std::vector<NodeId>* parties : {&subjects, &actors}) {
      for (NodeId party : *parties) {
        for (NodeId place : places) {
          ProjectedEdge edge = base;
          edge.u = party;
          edge.v = place;
          edge.kind = EdgeKind::kAtPlace;
          out->push_back(std::move(edge));
        }
      }
    }
  } else if (record.has_transaction()) {
    const std::vector<NodeId> payer = resolve({&record.transaction().payer()});
    const std::vector<NodeId> payee = resolve({&record.transaction().payee()});
    if (payer.size() == 1 && payee.size() == 1) pair(payer[0], payee[0], EdgeKind::kPaid);
  } else {
    const v1::Relation& r = record.relation();
    const std::vector<NodeId> from = resolve({&r.from()}), to = resolve({&r.to()});
    if (from.size() == 1 && to.size() == 1 && r.type() != v1::RELATION_TYPE_DIFFERENT_FROM) {
      pair(from[0], to[0], r.type() == v1::RELATION_TYPE_SAME_AS ? EdgeKind::kSameAs : EdgeKind::kRelated);
    }
  }
  // A party that is both subject and actor, or a place named twice, makes
  // the same edge twice: once each.
  auto order = [](const ProjectedEdge& x, const ProjectedEdge& y) {
    return std::tie(x.u, x.v, x.kind) < std::tie(y.u, y.v, y.kind);
  };
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(first), out->end(), order);
  out->erase(std::unique(out->begin() + static_cast<std::ptrdiff_t>(first), out->end()), out->end());
  return failed;
}

std::string EdgeKey(const ProjectedEdge& edge) {
  return store::EncodeProjectionEdgeKey(edge.via, edge.u, edge.v, static_cast<uint8_t>(edge.kind));
}

std::string EdgeValue(const ProjectedEdge& edge) { return TimeAndAgency(edge.first_s, edge.last_s, edge.agency); }

bool DecodeEdge(std::string_view key, std::string_view value, ProjectedEdge* edge) {
  uint8_t kind;
  if (!store::DecodeProjectionEdgeKey(key, &edge->via, &edge->u, &edge->v, &kind)) return false;
  if (kind < 1 || kind > kEdgeKinds) return false;
  edge->kind = static_cast<EdgeKind>(kind);
  return ReadTimeAndAgency(value, &edge->first_s, &edge->last_s, &edge->agency);
}

std::string LegKey(const ProjectedLeg& leg) { return store::EncodeProjectionLegKey(leg.via, leg.subject, leg.from, leg.to); }

std::string LegValue(const ProjectedLeg& leg) { return TimeAndAgency(leg.first_s, leg.last_s, leg.agency); }

bool DecodeLeg(std::string_view key, std::string_view value, ProjectedLeg* leg) {
  if (!store::DecodeProjectionLegKey(key, &leg->via, &leg->subject, &leg->from, &leg->to)) return false;
  return ReadTimeAndAgency(value, &leg->first_s, &leg->last_s, &leg->agency);
}

Result<std::vector<ProjectedLeg>> LoadLegs(const store::View& view, const ProjectionFilter& filter) {
  return ScanStored<ProjectedLeg>(view, store::kProjectionLegTag, DecodeLeg,
                                 [&](const ProjectedLeg& leg) { return filter.KeepsLeg(leg); });
}

bool ProjectionFilter::KeepsLeg(const ProjectedLeg& leg) const {
  if (!KeepsRecord(leg.agency, leg.first_s, leg.last_s)) return false;
  return !admits || (admits(leg.via, leg.subject, leg.from) && admits(leg.via, leg.subject, leg.to));
}

bool ProjectionFilter::Keeps(const ProjectedEdge& edge) const {
  if (kinds.empty() ? edge.kind == EdgeKind::kAtPlace
                    : std::find(kinds.begin(), kinds.end(), edge.kind) == kinds.end()) {
    return false;
  }
  return KeepsRecord(edge.agency, edge.first_s, edge.last_s) && (!admits || admits(edge.via, edge.u, edge.v));
}

bool ProjectionFilter::KeepsRecord(const std::string& agency, int64_t first, int64_t last) const {
  if (!agencies.empty() && std::find(agencies.begin(), agencies.end(), agency) == agencies.end()) return false;
  return last >= from_s && first <= to_s;
}

Result<Projection> Projection::Load(const store::View& view, const ProjectionFilter& filter) {
  Result<std::vector<ProjectedEdge>> edges = ScanStored<ProjectedEdge>(
      view, store::kProjectionEdgeTag, DecodeEdge, [&](const ProjectedEdge& edge) { return filter.Keeps(edge); });
  if (!edges.ok()) return edges.status();
  return FromEdges(std::move(*edges), filter);
}

Projection Projection::FromEdges(std::vector<ProjectedEdge> edges, const ProjectionFilter& filter) {
  Projection p;
  edges.erase(std::remove_if(edges.begin(), edges.end(), [&](const ProjectedEdge& e) { return !filter.Keeps(e); }),
              edges.end());
  for (const ProjectedEdge& e : edges) {
    p.ids_.push_back(e.u);
    p.ids_.push_back(e.v);
  }
  std::sort(p.ids_.begin(), p.ids_.end());
  p.ids_.erase(std::unique(p.ids_.begin(), p.ids_.end()), p.ids_.end());
  auto vertex = [&p](NodeId id) {
    return static_cast<uint32_t>(std::lower_bound(p.ids_.begin(), p.ids_.end(), id) - p.ids_.begin());
  };
  std::vector<std::tuple<uint32_t, uint32_t, size_t>> order;  // smaller vertex, larger, edge index
  order.reserve(edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    const uint32_t a = vertex(edges[i].u), b = vertex(edges[i].v);
    order.emplace_back(std::min(a, b), std::max(a, b), i);
  }
  std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) < std::get<0>(y);
    if (std::get<1>(x) != std::get<1>(y)) return std::get<1>(x) < std::get<1>(y);
    const ProjectedEdge& ex = edges[std::get<2>(x)];
    const ProjectedEdge& ey = edges[std::get<2>(y)];
    return std::tie(ex.via, ex.kind) < std::tie(ey.via, ey.kind);
  });
  p.edges_.reserve(edges.size());
  p.edge_vertices_.reserve(edges.size());
  std::vector<std::pair<uint32_t, uint32_t>> arcs;
  for (const auto& [a, b, i] : order) {
    if (p.edge_vertices_.empty() || p.edge_vertices_.back() != std::pair(a, b)) {
      arcs.emplace_back(a, b);
      arcs.emplace_back(b, a);
    }
    p.edges_.push_back(std::move(edges[i]));
    p.edge_vertices_.emplace_back(a, b);
  }
  p.pairs_ = arcs.size() / 2;
  std::sort(arcs.begin(), arcs.end());
  p.csr_ = Csr(boost::edges_are_sorted, arcs.begin(), arcs.end(), static_cast<uint32_t>(p.ids_.size()));
  return p;
}

std::optional<uint32_t> Projection::VertexOf(NodeId id) const {
  auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) return std::nullopt;
  return static_cast<uint32_t>(it - ids_.begin());
}

std::vector<const ProjectedEdge*> Projection::EdgesBetween(uint32_t a, uint32_t b) const {
  const std::pair<uint32_t, uint32_t> key(std::min(a, b), std::max(a, b));
  auto [begin, end] = std::equal_range(edge_vertices_.begin(), edge_vertices_.end(), key);
  std::vector<const ProjectedEdge*> out;
  for (auto it = begin; it != end; ++it) out.push_back(&edges_[static_cast<size_t>(it - edge_vertices_.begin())]);
  return out;
}

}  // namespace palermo::graph
