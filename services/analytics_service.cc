#include "services/analytics_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "common/text.h"
#include "format/date.h"
#include "graph/analytics.h"
#include "model/vocabulary.h"
#include "services/grpc_status.h"

namespace palermo::services {

namespace v1 = palermo::v1;

namespace {

constexpr uint32_t kDefaultNetworks = 100;
constexpr uint32_t kDefaultMembers = 20;
constexpr uint32_t kDefaultBrokers = 20;
constexpr uint32_t kDefaultCores = 1000;

uint32_t OrDefault(uint32_t value, uint32_t fallback) { return value == 0 ? fallback : value; }

// The global key of a vertex's record ("?" when it cannot be read).
std::string KeyOf(const store::View& view, const graph::Projection& projection, uint32_t vertex) {
  v1::Record record;
  if (!view.Get(projection.id(vertex), &record).ok()) return "?";
  return model::GlobalKey(record.agency(), record.id());
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
                                        std::shared_ptr<const store::View>* view, graph::Projection* projection) {
  graph::ProjectionFilter kept;
  if (Status s = ReadProjectionFilter(filter, &kept); !s.ok()) return ToGrpc(s);
  if (Status s = projection_->AwaitCurrent([context] { return context->IsCancelled(); }); !s.ok()) return ToGrpc(s);
  *view = store_->Snapshot();
  Result<graph::Projection> loaded = graph::Projection::Load(**view, kept);
  if (!loaded.ok()) return ToGrpc(loaded.status());
  *projection = std::move(*loaded);
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Networks(grpc::ServerContext* context, const v1::NetworksRequest* request,
                                            v1::NetworksResponse* response) {
  std::shared_ptr<const store::View> view;
  graph::Projection projection;
  if (grpc::Status s = Load(context, request->filter(), &view, &projection); !s.ok()) return s;
  const auto components = graph::Components(projection);
  response->set_total(static_cast<uint32_t>(components.size()));
  response->set_parties(projection.vertex_count());
  response->set_pairs(projection.pair_count());
  const uint32_t max_results = OrDefault(request->max_results(), kDefaultNetworks);
  const uint32_t max_members = OrDefault(request->max_members(), kDefaultMembers);
  for (size_t c = 0; c < components.size() && c < max_results; ++c) {
    v1::Network* network = response->add_networks();
    network->set_size(static_cast<uint32_t>(components[c].size()));
    std::vector<std::string> keys;
    std::set<std::string> agencies;
    for (uint32_t vertex : components[c]) {
      keys.push_back(KeyOf(*view, projection, vertex));
      agencies.insert(keys.back().substr(0, keys.back().find('/')));
    }
    std::sort(keys.begin(), keys.end());
    for (const std::string& agency : agencies) network->add_agencies(agency);
    std::vector<store::FindingKey> found;
    if (Status s = view->FindingsOfAll(keys, &found); !s.ok()) return ToGrpc(s);
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (const store::FindingKey& finding : found) ++(*network->mutable_findings())[finding.type];
    for (size_t m = 0; m < keys.size() && m < max_members; ++m) network->add_members(keys[m]);
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::Brokers(grpc::ServerContext* context, const v1::BrokersRequest* request,
                                           v1::BrokersResponse* response) {
  std::shared_ptr<const store::View> view;
  graph::Projection projection;
  if (grpc::Status s = Load(context, request->filter(), &view, &projection); !s.ok()) return s;
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
  graph::Projection projection;
  if (grpc::Status s = Load(context, request->filter(), &view, &projection); !s.ok()) return s;
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
  graph::Projection projection;
  if (grpc::Status s = Load(context, request->filter(), &view, &projection); !s.ok()) return s;
  uint32_t ends[2];
  for (int i = 0; i < 2; ++i) {
    const std::string key = QualifyKey(i == 0 ? request->a() : request->b(), default_agency_);
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

}  // namespace palermo::services
