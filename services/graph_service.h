// GraphService over gRPC: translates requests to the store and graph layers
// and their Status to grpc::Status. Thin: no parsing, storage or traversal
// logic of its own.
#pragma once

#include <functional>
#include <string>

#include "palermo/v1/graph.grpc.pb.h"
#include "store/store.h"

namespace palermo::services {

class GraphServiceImpl final : public palermo::v1::GraphService::Service {
 public:
  // `store` must outlive the service. What derives data from the store
  // learns of imports from the store's change feed, not from here.
  GraphServiceImpl(store::Store* store, std::string default_agency);

  grpc::Status Import(grpc::ServerContext* context, grpc::ServerReader<palermo::v1::ImportRequest>* reader,
                      palermo::v1::ImportResponse* response) override;
  grpc::Status CheckImport(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<palermo::v1::ImportDiagnostic, palermo::v1::ImportRequest>* stream) override;
  grpc::Status Export(grpc::ServerContext* context, const palermo::v1::ExportRequest* request,
                      grpc::ServerWriter<palermo::v1::ExportResponse>* writer) override;
  grpc::Status Get(grpc::ServerContext* context, const palermo::v1::GetRequest* request,
                   palermo::v1::GetResponse* response) override;
  grpc::Status Neighbors(grpc::ServerContext* context, const palermo::v1::NeighborsRequest* request,
                         palermo::v1::NeighborsResponse* response) override;
  grpc::Status Path(grpc::ServerContext* context, const palermo::v1::PathRequest* request,
                    palermo::v1::PathResponse* response) override;
  grpc::Status Release(grpc::ServerContext* context, const palermo::v1::ReleaseRequest* request,
                       palermo::v1::ReleaseResponse* response) override;

 private:
  struct ImportRun;
  // Reads an import's messages with `read` and runs it to its end (a check
  // when `check`: dry, every diagnostic kept), logging one line however it
  // ends. OK, or the status the call ends with.
  grpc::Status RunImport(grpc::ServerContext* context, const std::function<bool(palermo::v1::ImportRequest*)>& read,
                         bool check, ImportRun* run);

  store::Store* store_;
  std::string default_agency_;
};

}  // namespace palermo::services
