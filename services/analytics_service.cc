#include "services/analytics_service.h"

#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "common/text.h"
#include "format/date.h"
#include "format/graph_file.h"
#include "graph/analytics.h"
#include "graph/chart.h"
#include "graph/communities.h"
#include "graph/routes.h"
#include "graph/timeline.h"
#include "model/vocabulary.h"
#include "services/access_control.h"
#include "services/grpc_status.h"

namespace palermo::services {

namespace v1 = palermo::v1;

namespace {

constexpr uint32_t kDefaultNetworks = 100;
constexpr uint32_t kDefaultMembers = 20;
constexpr uint32_t kDefaultBrokers = 20;
constexpr uint32_t kDefaultCores = 1000;

uint32_t OrDefault(uint32_t value, uint32_t fallback) { return value == 0 ? fallback : value; }

// The date of an event or a transaction as written.
std::string DateAsWritten(const v1::Record& record) {
  if (record.has_transaction()) return record.transaction().date().iso();
  if (!record.has_event()) return "";
  const v1::Event& e = record.event();
  if (!e.date().iso().empty()) return e.date().iso();
  if (e.start().iso().empty() && e.end().iso().empty()) return "";
  return (e.start().iso().empty() ? ".." : e.start().iso()) + " to " + (e.end().iso().empty() ? ".." : e.end().iso());
}

// A name to show for a party or a place.
std::string LabelOf(const v1::Record& record) {
  if (record.has_person() && record.person().names_size() > 0) return record.person().names(0);
  if (record.has_organization() && record.organization().names_size() > 0) return record.organization().names(0);
  if (record.has_location()) return record.location().name();
  return record.id();
}

void CopyRoutes(const std::vector<graph::RouteCount>& routes, uint32_t limit,
                google::protobuf::RepeatedPtrField<v1::RouteLeg>* out) {
  for (size_t i = 0; i < routes.size() && i < limit; ++i) {
    const graph::RouteCount& r = routes[i];
    v1::RouteLeg* leg = out->Add();
    leg->set_from(r.from);
    leg->set_to(r.to);
    leg->set_from_name(r.from_name);
    leg->set_to_name(r.to_name);
    leg->set_persons(r.persons);
    leg->set_smuggling(r.smuggling);
    leg->set_trafficking(r.trafficking);
    leg->set_both(r.both);
    leg->set_events(r.events);
  }
}

// The global key of a node's record ("?" when it cannot be read).
std::string KeyOfNode(const store::View& view, store::NodeId id) {
  v1::Record record;
  if (!view.Get(id, &record).ok()) return "?";
  return model::GlobalKey(record.agency(), record.id());
}

// The same for a vertex of the projection.
std::string KeyOf(const store::View& view, const graph::Projection& projection, uint32_t vertex) {
  return KeyOfNode(view, projection.id(vertex));
}

// A group of vertices summed up: size, agencies, findings about its
// members by type, the first members by key.
Status SumUp(const store::View& view, const graph::Projection& projection, const std::vector<uint32_t>& group,
             uint32_t max_members, v1::Network* network) {
  network->set_size(static_cast<uint32_t>(group.size()));
  std::vector<std::string> keys;
  std::set<std::string> agencies;
  for (uint32_t vertex : group) {
    keys.push_back(KeyOf(view, projection, vertex));
    agencies.insert(keys.back().substr(0, keys.back().find('/')));
  }
  std::sort(keys.begin(), keys.end());
  for (const std::string& agency : agencies) network->add_agencies(agency);
  std::vector<store::FindingKey> found;
  if (Status s = view.FindingsOfAll(keys, &found); !s.ok()) return s;
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  for (const store::FindingKey& finding : found) ++(*network->mutable_findings())[finding.type];
  for (size_t m = 0; m < keys.size() && m < max_members; ++m) network->add_members(keys[m]);
  return Status::Ok();
}

// Whether the record `via` may join `a` and `b` for the caller of
// `access`: it reads `via` and sees both ends. A failure is kept in
// `failed` (the first) and joins nothing.
bool Admits(RecordAccess& access, store::NodeId via, store::NodeId a, store::NodeId b, Status* failed) {
  Result<Sight> record = access.Of(via);
  if (record.ok() && *record != Sight::kContent) return false;
  Result<Sight> ends[2] = {access.Of(a), access.Of(b)};
  for (const Result<Sight>& sight : {record, ends[0], ends[1]}) {
    if (!sight.ok()) {
      if (failed->ok()) *failed = sight.status();
      return false;
    }
  }
  return *ends[0] != Sight::kNone && *ends[1] != Sight::kNone;
}

}  // namespace

Status ReadProjectionFilter(const v1::ProjectionFilter& in, graph::ProjectionFilter* out) {
  for (const std::string& agency : in.agencies()) {
    if (Status s = CheckAgency("filter.agencies", agency, /*required=*/true); !s.ok()) return s;
    out->agencies.push_back(agency);
  }
  for (const auto& [field, text, bound] : {std::tuple{"filter.from", &in.from(), &out->from_s},
                                           std::tuple{"filter.to", &in.to(), &out->to_s}}) {
    if (text->empty()) continue;
    format::DateInterval interval;
    std::string reason;
    if (!format::ParseIsoDate(*text, &interval, &reason)) {
      return Status::InvalidArgument(std::string(field) + ": " + reason);
    }
    *bound = bound == &out->from_s ? interval.first_s : interval.last_s;
  }
  if (out->from_s > out->to_s) return Status::InvalidArgument("filter.to: before filter.from");
  for (const std::string& name : in.kinds()) {
    graph::EdgeKind kind;
    if (!graph::EdgeKindFromName(name, &kind)) {
      return Status::InvalidArgument("filter.kinds: unknown kind \"" + EscapeForMessage(name, 64) +
                                     "\" (acted_on, acted_together, moved_together, paid, related, same_as, "
                                     "at_place)");
    }
    out->kinds.push_back(kind);
  }
  return Status::Ok();
}

AnalyticsServiceImpl::AnalyticsServiceImpl(store::Store* store, graph::StoredProjection* projection,
                                           std::string default_agency)
    : store_(store), projection_(projection), default_agency_(std::move(default_agency)) {}

grpc::Status AnalyticsServiceImpl::Load(grpc::ServerContext* context, const v1::ProjectionFilter& filter,
                                        std::shared_ptr<const store::View>* view,
                                        std::shared_ptr<const graph::Projection>* projection) {
  graph::ProjectionFilter kept;
  if (Status s = ReadProjectionFilter(filter, &kept); !s.ok()) return ToGrpc(s);
  if (Status s = projection_->AwaitCurrent([context] { return context->IsCancelled(); }); !s.ok()) return ToGrpc(s);
  std::shared_ptr<CallerSnapshot> snapshot = SnapshotFor(*context, *store_, default_agency_);
  *view = std::shared_ptr<const store::View>(snapshot, &snapshot->view());
  // What the caller may not see joins nobody (docs/ACCESS.md): an edge
  // needs a record the caller may read, between parties it may see.
  Status screen = Status::Ok();
  std::string seen_by;
  if (snapshot->access().separates()) {
    seen_by = snapshot->access().agency();
    kept.admits = [&snapshot, &screen](store::NodeId via, store::NodeId a, store::NodeId b) {
      return Admits(snapshot->access(), via, a, b, &screen);
    };
  }
  // The stored edges are what the view's projection mark says: the last
  // projection loaded serves again while that mark, the filter and the
  // caller's agency stay.
  Result<store::DerivedMark> mark = (*view)->GetDerivedMark(store::DerivedFamily::kProjection);
  if (!mark.ok()) return ToGrpc(mark.status());
  const std::string key = std::to_string(mark->imports) + "|" + mark->fingerprint + "|" + seen_by + "|" +
                          filter.SerializeAsString();
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (mark->present && cached_ && cached_key_ == key) {
      *projection = cached_;
      return grpc::Status::OK;
    }
  }
  Result<graph::Projection> loaded = graph::Projection::Load(**view, kept);
  if (!loaded.ok()) return ToGrpc(loaded.status());
  if (!screen.ok()) return ToGrpc(screen);
  *projection = std::make_shared<const graph::Projection>(std::move(*loaded));
  if (mark->present) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    cached_key_ = key;
    cached_ = *projection;
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Networks(grpc::ServerContext* context, const v1::NetworksRequest* request,
                                            v1::NetworksResponse* response) {
  std::shared_ptr<const store::View> view;
  std::shared_ptr<const graph::Projection> loaded;
  if (grpc::Status s = Load(context, request->filter(), &view, &loaded); !s.ok()) return s;
  const graph::Projection& projection = *loaded;
  const auto components = graph::Components(projection);
  response->set_total(static_cast<uint32_t>(components.size()));
  response->set_parties(projection.vertex_count());
  response->set_pairs(projection.pair_count());
  const uint32_t max_results = OrDefault(request->max_results(), kDefaultNetworks);
  const uint32_t max_members = OrDefault(request->max_members(), kDefaultMembers);
  for (size_t c = 0; c < components.size() && c < max_results; ++c) {
    if (Status s = SumUp(*view, projection, components[c], max_members, response->add_networks()); !s.ok()) {
      return ToGrpc(s);
    }
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Communities(grpc::ServerContext* context, const v1::CommunitiesRequest* request,
                                               v1::CommunitiesResponse* response) {
  std::shared_ptr<const store::View> view;
  std::shared_ptr<const graph::Projection> loaded;
  if (grpc::Status s = Load(context, request->filter(), &view, &loaded); !s.ok()) return s;
  const graph::Projection& projection = *loaded;
  const uint64_t seed = request->seed() == 0 ? 1 : request->seed();
  Result<graph::Communities> communities = graph::LeidenCommunities(projection, seed);
  if (!communities.ok()) return ToGrpc(communities.status());
  response->set_total(static_cast<uint32_t>(communities->groups.size()));
  response->set_modularity(communities->modularity);
  response->set_seed(seed);
  const uint32_t max_results = OrDefault(request->max_results(), kDefaultNetworks);
  const uint32_t max_members = OrDefault(request->max_members(), kDefaultMembers);
  for (size_t c = 0; c < communities->groups.size() && c < max_results; ++c) {
    if (Status s = SumUp(*view, projection, communities->groups[c], max_members, response->add_communities());
        !s.ok()) {
      return ToGrpc(s);
    }
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Brokers(grpc::ServerContext* context, const v1::BrokersRequest* request,
                                           v1::BrokersResponse* response) {
  std::shared_ptr<const store::View> view;
  std::shared_ptr<const graph::Projection> loaded;
  if (grpc::Status s = Load(context, request->filter(), &view, &loaded); !s.ok()) return s;
  const graph::Projection& projection = *loaded;
  graph::BrokerOptions options;
  options.sample = request->sample();
  const graph::Brokers brokers = graph::ComputeBrokers(projection, options);
  response->set_sampled(brokers.sampled);
  response->set_sources(static_cast<uint64_t>(brokers.sources));
  response->set_seed(options.seed);
  response->set_parties(projection.vertex_count());
  std::vector<uint32_t> order(projection.vertex_count());
  for (uint32_t v = 0; v < order.size(); ++v) order[v] = v;
  const size_t top = std::min<size_t>(order.size(), OrDefault(request->top(), kDefaultBrokers));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                    [&](uint32_t x, uint32_t y) {
                      if (brokers.betweenness[x] != brokers.betweenness[y]) {
                        return brokers.betweenness[x] > brokers.betweenness[y];
                      }
                      if (brokers.pagerank[x] != brokers.pagerank[y]) return brokers.pagerank[x] > brokers.pagerank[y];
                      return x < y;
                    });
  for (size_t i = 0; i < top; ++i) {
    v1::Broker* broker = response->add_brokers();
    broker->set_key(KeyOf(*view, projection, order[i]));
    broker->set_betweenness(brokers.betweenness[order[i]]);
    broker->set_pagerank(brokers.pagerank[order[i]]);
    broker->set_degree(brokers.degree[order[i]]);
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Cores(grpc::ServerContext* context, const v1::CoresRequest* request,
                                         v1::CoresResponse* response) {
  std::shared_ptr<const store::View> view;
  std::shared_ptr<const graph::Projection> loaded;
  if (grpc::Status s = Load(context, request->filter(), &view, &loaded); !s.ok()) return s;
  const graph::Projection& projection = *loaded;
  const std::vector<uint32_t> cores = graph::CoreNumbers(projection);
  std::vector<uint32_t> order;
  for (uint32_t v = 0; v < cores.size(); ++v) {
    if (cores[v] >= request->min_core()) order.push_back(v);
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return cores[x] > cores[y]; });
  const size_t limit = OrDefault(request->max_results(), kDefaultCores);
  if (order.size() > limit) {
    order.resize(limit);
    response->set_truncated(true);
  }
  response->set_max_core(cores.empty() ? 0 : *std::max_element(cores.begin(), cores.end()));
  const graph::Csr& csr = projection.csr();
  for (uint32_t v : order) {
    v1::Core* core = response->add_cores();
    core->set_key(KeyOf(*view, projection, v));
    core->set_core(cores[v]);
    core->set_degree(static_cast<uint32_t>(boost::out_degree(v, csr)));
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Link(grpc::ServerContext* context, const v1::LinkRequest* request,
                                        v1::LinkResponse* response) {
  if (Status s = CheckKey("a", request->a(), /*required=*/true); !s.ok()) return ToGrpc(s);
  if (Status s = CheckKey("b", request->b(), /*required=*/true); !s.ok()) return ToGrpc(s);
  std::shared_ptr<const store::View> view;
  std::shared_ptr<const graph::Projection> loaded;
  if (grpc::Status s = Load(context, request->filter(), &view, &loaded); !s.ok()) return s;
  const graph::Projection& projection = *loaded;
  uint32_t ends[2];
  for (int i = 0; i < 2; ++i) {
    const std::string key = QualifyKey(i == 0 ? request->a() : request->b(), CallerOf(*context, default_agency_).agency);
    Result<store::NodeId> id = view->Lookup(key);
    if (!id.ok()) return ToGrpc(id.status());
    std::optional<uint32_t> vertex = projection.VertexOf(*id);
    if (!vertex) return grpc::Status::OK;  // no edge under the filter: no path
    ends[i] = *vertex;
  }
  for (const graph::LinkHop& hop : graph::Link(projection, ends[0], ends[1], request->sequential())) {
    v1::LinkStep* step = response->add_path();
    step->set_key(KeyOf(*view, projection, hop.vertex));
    for (const graph::ProjectedEdge* edge : hop.via) {
      v1::Record record;
      if (Status s = view->Get(edge->via, &record); !s.ok()) return ToGrpc(s);
      step->add_via(model::GlobalKey(record.agency(), record.id()));
    }
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Routes(grpc::ServerContext* context, const v1::RoutesRequest* request,
                                          v1::RoutesResponse* response) {
  graph::ProjectionFilter filter;
  if (Status s = ReadProjectionFilter(request->filter(), &filter); !s.ok()) return ToGrpc(s);
  graph::RouteTypes types = graph::DefaultRouteTypes();
  if (request->smuggling_types_size() > 0) {
    types.smuggling.assign(request->smuggling_types().begin(), request->smuggling_types().end());
  }
  if (request->trafficking_types_size() > 0) {
    types.trafficking.assign(request->trafficking_types().begin(), request->trafficking_types().end());
  }
  for (const auto* list : {&types.smuggling, &types.trafficking}) {
    for (const std::string& type : *list) {
      if (Status s = CheckText("finding types", type); !s.ok()) return ToGrpc(s);
    }
  }
  if (Status s = projection_->AwaitCurrent([context] { return context->IsCancelled(); }); !s.ok()) return ToGrpc(s);
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->view();
  Status screen = Status::Ok();
  if (snapshot->access().separates()) {
    filter.admits = [&snapshot, &screen](store::NodeId via, store::NodeId a, store::NodeId b) {
      return Admits(snapshot->access(), via, a, b, &screen);
    };
  }
  Result<std::vector<graph::ProjectedLeg>> legs = graph::LoadLegs(*view, filter);
  if (!legs.ok()) return ToGrpc(legs.status());
  if (!screen.ok()) return ToGrpc(screen);
  Result<graph::Routes> routes = graph::CountRoutes(*view, *legs, types);
  if (!routes.ok()) return ToGrpc(routes.status());
  const uint32_t limit = OrDefault(request->max_results(), kDefaultNetworks);
  CopyRoutes(routes->locations, limit, response->mutable_locations());
  CopyRoutes(routes->countries, limit, response->mutable_countries());
  for (const std::string& type : types.smuggling) response->add_smuggling_types(type);
  for (const std::string& type : types.trafficking) response->add_trafficking_types(type);
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Timeline(grpc::ServerContext* context, const v1::TimelineRequest* request,
                                            v1::TimelineResponse* response) {
  if (Status s = CheckKey("subject", request->subject(), /*required=*/true); !s.ok()) return ToGrpc(s);
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->view();
  Result<store::NodeId> subject = view->Lookup(QualifyKey(request->subject(), snapshot->access().agency()));
  if (!subject.ok()) return ToGrpc(subject.status());
  Result<graph::Timeline> timeline = graph::BuildTimeline(*view, *subject);
  if (!timeline.ok()) return ToGrpc(timeline.status());
  for (store::NodeId id : timeline->joined) response->add_joined(KeyOfNode(*view, id));
  for (const graph::TimelineItem& item : timeline->items) {
    v1::TimelineEntry* entry = response->add_entries();
    entry->set_key(model::GlobalKey(item.record.agency(), item.record.id()));
    entry->set_kind(item.record.has_event() ? "event" : "transaction");
    entry->set_type(item.record.has_event() ? item.record.event().type() : item.record.transaction().type());
    entry->set_date(DateAsWritten(item.record));
    if (item.dated) {
      entry->set_first_s(item.first_s == INT64_MIN ? 0 : item.first_s);
      entry->set_last_s(item.last_s == INT64_MAX ? 0 : item.last_s);
    }
    entry->set_about(KeyOfNode(*view, item.about));
    entry->set_role(model::EdgeLabelName(item.role));
    entry->set_order_uncertain(item.order_uncertain);
    std::string summary;
    for (const model::Reference& ref : model::CollectReferences(item.record)) {
      if (ref.label == v1::EDGE_LABEL_SOURCE) continue;
      if (!summary.empty()) summary += ", ";
      summary += std::string(ref.field) + " " + ref.target;
    }
    if (item.record.has_transaction() && item.record.transaction().has_amount()) {
      std::ostringstream amount;
      amount << item.record.transaction().amount();
      summary += ", amount " + amount.str() + " " + item.record.transaction().currency();
    }
    entry->set_summary(summary);
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::ExportGraph(grpc::ServerContext* context, const v1::ExportGraphRequest* request,
                                               grpc::ServerWriter<v1::ExportGraphChunk>* writer) {
  const std::string& format = request->format();
  if (format != "graphml" && format != "gexf" && format != "dot") {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "format: \"" + EscapeForMessage(format, 32) + "\" is not graphml, gexf or dot"};
  }
  std::shared_ptr<const store::View> view;
  std::shared_ptr<const graph::Projection> loaded;
  if (grpc::Status s = Load(context, request->filter(), &view, &loaded); !s.ok()) return s;
  const graph::Projection& projection = *loaded;
  std::vector<format::GraphFileNode> nodes(projection.vertex_count());
  for (uint32_t v = 0; v < nodes.size(); ++v) {
    v1::Record record;
    if (Status s = view->Get(projection.id(v), &record); !s.ok()) return ToGrpc(s);
    nodes[v] = {model::GlobalKey(record.agency(), record.id()), LabelOf(record), std::string(model::KindName(record.kind())),
                record.agency()};
  }
  std::vector<format::GraphFileEdge> edges;
  for (size_t i = 0; i < projection.edges().size(); ++i) {
    const graph::ProjectedEdge& edge = projection.edges()[i];
    v1::Record via;
    if (Status s = view->Get(edge.via, &via); !s.ok()) return ToGrpc(s);
    const auto& [a, b] = projection.edge_vertices()[i];
    edges.push_back({a, b, std::string(graph::EdgeKindName(edge.kind)), model::GlobalKey(via.agency(), via.id()),
                     via.has_relation() ? "" : DateAsWritten(via)});
  }
  std::ostringstream text;
  if (Status s = format::WriteGraphFile(format, nodes, edges, text); !s.ok()) return ToGrpc(s);
  const std::string data = text.str();
  constexpr size_t kChunk = 1 << 20;
  for (size_t at = 0; at < data.size(); at += kChunk) {
    v1::ExportGraphChunk chunk;
    chunk.set_data(data.substr(at, kChunk));
    if (!writer->Write(chunk)) return {grpc::StatusCode::CANCELLED, "the client went away"};
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Chart(grpc::ServerContext* context, const v1::ChartRequest* request,
                                         v1::ChartResponse* response) {
  if (Status s = CheckKey("subject", request->subject(), /*required=*/true); !s.ok()) return ToGrpc(s);
  if (Status s = CheckText("link_prefix", request->link_prefix()); !s.ok()) return ToGrpc(s);
  if (request->depth() > 4) return {grpc::StatusCode::INVALID_ARGUMENT, "depth: at most 4"};
  const uint32_t depth = request->depth() == 0 ? 2 : request->depth();
  const uint32_t max_parties = OrDefault(request->max_parties(), 150);
  std::shared_ptr<const store::View> view;
  std::shared_ptr<const graph::Projection> loaded;
  if (grpc::Status s = Load(context, request->filter(), &view, &loaded); !s.ok()) return s;
  const graph::Projection& projection = *loaded;
  Result<store::NodeId> subject = view->Lookup(QualifyKey(request->subject(), CallerOf(*context, default_agency_).agency));
  if (!subject.ok()) return ToGrpc(subject.status());
  // The parties within `depth` hops, nearest first.
  std::vector<uint32_t> kept;
  std::map<uint32_t, size_t> index;  // vertex -> node
  graph::ChartSpec spec;
  spec.link_prefix = request->link_prefix();
  const graph::RouteTypes types = graph::DefaultRouteTypes();
  spec.smuggling_types = types.smuggling;
  spec.trafficking_types = types.trafficking;
  if (std::optional<uint32_t> start = projection.VertexOf(*subject)) {
    std::vector<uint32_t> frontier = {*start};
    index[*start] = 0;
    kept.push_back(*start);
    for (uint32_t hop = 0; hop < depth && !frontier.empty(); ++hop) {
      std::vector<uint32_t> next;
      for (uint32_t v : frontier) {
        for (uint32_t w : boost::make_iterator_range(boost::adjacent_vertices(v, projection.csr()))) {
          if (index.contains(w)) continue;
          if (kept.size() >= max_parties) {
            response->set_truncated(true);
            continue;
          }
          index[w] = kept.size();
          kept.push_back(w);
          next.push_back(w);
        }
      }
      frontier.swap(next);
    }
  }
  std::vector<store::NodeId> ids;
  for (uint32_t v : kept) ids.push_back(projection.id(v));
  if (ids.empty()) ids.push_back(*subject);  // no edge under the filter: the subject alone
  for (store::NodeId id : ids) {
    v1::Record record;
    if (Status s = view->Get(id, &record); !s.ok()) return ToGrpc(s);
    graph::ChartNode node{model::GlobalKey(record.agency(), record.id()), LabelOf(record),
                          std::string(model::KindName(record.kind())), record.agency(), {}, id == *subject};
    std::vector<store::FindingKey> found;
    if (Status s = view->FindingsOf(node.key, &found); !s.ok()) return ToGrpc(s);
    for (const store::FindingKey& finding : found) {
      if (std::find(node.findings.begin(), node.findings.end(), finding.type) == node.findings.end()) {
        node.findings.push_back(finding.type);
      }
    }
    spec.nodes.push_back(std::move(node));
  }
  for (uint32_t v : kept) {
    for (uint32_t w : boost::make_iterator_range(boost::adjacent_vertices(v, projection.csr()))) {
      if (w < v || !index.contains(w)) continue;
      std::map<std::string, int> kinds;
      std::string records;
      for (const graph::ProjectedEdge* edge : projection.EdgesBetween(v, w)) {
        ++kinds[std::string(graph::EdgeKindName(edge->kind))];
        v1::Record via;
        if (Status s = view->Get(edge->via, &via); !s.ok()) return ToGrpc(s);
        records += (records.empty() ? "" : ", ") + model::GlobalKey(via.agency(), via.id());
      }
      std::string label;
      for (const auto& [kind, count] : kinds) {
        label += (label.empty() ? "" : ", ") + kind + (count > 1 ? " x" + std::to_string(count) : "");
      }
      spec.edges.push_back({index[v], index[w], label, records});
    }
  }
  spec.title = "Link chart around " + spec.nodes.front().key + " (" + std::to_string(depth) + " hops" +
               (response->truncated() ? ", the nearest " + std::to_string(max_parties) + " parties" : "") + ")";
  Result<std::string> svg = graph::RenderChartSvg(spec);
  if (!svg.ok()) return ToGrpc(svg.status());
  response->set_svg(std::move(*svg));
  response->set_dot(graph::ChartDot(spec));
  response->set_parties(static_cast<uint32_t>(spec.nodes.size()));
  return grpc::Status::OK;
}

}  // namespace palermo::services
