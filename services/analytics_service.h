// AnalyticsService over gRPC (proto/palermo/v1/analytics.proto): each call
// loads the stored projection (graph/projection.h) under the request's
// filter and runs one analysis (graph/analytics.h) on it; vertices are
// named by their records' global keys.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "graph/projection.h"
#include "graph/projection_keeper.h"
#include "palermo/v1/analytics.grpc.pb.h"
#include "store/store.h"

namespace palermo::services {

// The request's filter as the projection takes it; InvalidArgument naming
// the field for an unknown kind, a bad date or agency.
Status ReadProjectionFilter(const palermo::v1::ProjectionFilter& in, graph::ProjectionFilter* out);

class AnalyticsServiceImpl final : public palermo::v1::AnalyticsService::Service {
 public:
  // `store` and `projection` must outlive the service; keys without an
  // agency are taken in `default_agency`.
  AnalyticsServiceImpl(store::Store* store, graph::StoredProjection* projection, std::string default_agency);

  grpc::Status Networks(grpc::ServerContext* context, const palermo::v1::NetworksRequest* request,
                        palermo::v1::NetworksResponse* response) override;
  grpc::Status Communities(grpc::ServerContext* context, const palermo::v1::CommunitiesRequest* request,
                           palermo::v1::CommunitiesResponse* response) override;
  grpc::Status Brokers(grpc::ServerContext* context, const palermo::v1::BrokersRequest* request,
                       palermo::v1::BrokersResponse* response) override;
  grpc::Status Cores(grpc::ServerContext* context, const palermo::v1::CoresRequest* request,
                     palermo::v1::CoresResponse* response) override;
  grpc::Status Link(grpc::ServerContext* context, const palermo::v1::LinkRequest* request,
                    palermo::v1::LinkResponse* response) override;
  grpc::Status Routes(grpc::ServerContext* context, const palermo::v1::RoutesRequest* request,
                      palermo::v1::RoutesResponse* response) override;
  grpc::Status Timeline(grpc::ServerContext* context, const palermo::v1::TimelineRequest* request,
                        palermo::v1::TimelineResponse* response) override;
  grpc::Status Chart(grpc::ServerContext* context, const palermo::v1::ChartRequest* request,
                     palermo::v1::ChartResponse* response) override;
  grpc::Status ExportGraph(grpc::ServerContext* context, const palermo::v1::ExportGraphRequest* request,
                           grpc::ServerWriter<palermo::v1::ExportGraphChunk>* writer) override;

 private:
  // Waits for the projection, then loads it under `filter` from a view
  // that `view` gets, or takes the last one loaded when the view's
  // projection mark and the filter are the same (the stored edges are).
  grpc::Status Load(grpc::ServerContext* context, const palermo::v1::ProjectionFilter& filter,
                    std::shared_ptr<const store::View>* view, std::shared_ptr<const graph::Projection>* projection);

  store::Store* store_;
  graph::StoredProjection* projection_;
  std::string default_agency_;
  std::mutex cache_mutex_;
  std::string cached_key_;  // projection mark and filter of cached_
  std::shared_ptr<const graph::Projection> cached_;
};

}  // namespace palermo::services
