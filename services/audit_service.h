// AuditService over gRPC: reads the audit log (services/audit_log.h) for
// `palermo audit log` and `palermo audit verify`.
#pragma once

#include <string>

#include "palermo/v1/audit.grpc.pb.h"
#include "services/audit_log.h"
#include "store/store.h"

namespace palermo::services {

class AuditServiceImpl final : public palermo::v1::AuditService::Service {
 public:
  // `log` is null when this palermod keeps no audit log; both must
  // outlive the service.
  AuditServiceImpl(store::Store* store, AuditLog* log, std::string default_agency)
      : store_(store), log_(log), default_agency_(std::move(default_agency)) {}

  grpc::Status ReadLog(grpc::ServerContext* context, const palermo::v1::ReadLogRequest* request,
                       grpc::ServerWriter<palermo::v1::ReadLogChunk>* writer) override;

 private:
  store::Store* store_;
  AuditLog* log_;
  std::string default_agency_;
};

}  // namespace palermo::services
