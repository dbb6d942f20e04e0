// Every call palermod serves goes into the audit log (services/audit_log.h)
// before its reply leaves: a gRPC server interceptor that digests the
// request messages, collects the global keys of the reply, and appends
// the entry when the status is about to be sent (a stream's first reply
// also appends a "started" entry before it leaves). A call the audit log
// cannot take is answered UNAVAILABLE instead. Refused calls never reach
// it: CallerCheck logs those (services/access_control.h). Health checks
// (no data, no token) are not logged.
#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/status.h>

#include <string>

#include "services/audit_log.h"

namespace palermo::services {

// An entry's outcome: "OK", or the code's number and the message's first
// line (at most 200 bytes).
std::string AuditOutcome(const grpc::Status& status);

class AuditInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `log` must outlive the server.
  AuditInterceptorFactory(AuditLog* log, std::string default_agency)
      : log_(log), default_agency_(std::move(default_agency)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;

 private:
  AuditLog* log_;
  std::string default_agency_;
};

}  // namespace palermo::services
