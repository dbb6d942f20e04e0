// ReasonerService over gRPC: evaluates the loaded rules over a snapshot of
// the store. Each Assess evaluates the whole graph afresh (not incremental
// yet: see the README's status).
#pragma once

#include <string>

#include "palermo/v1/reasoner.grpc.pb.h"
#include "reasoner/assess.h"
#include "store/store.h"

namespace palermo::services {

class ReasonerServiceImpl final : public palermo::v1::ReasonerService::Service {
 public:
  // `store` and `reasoner` must outlive the service; `sources` are the
  // loaded rule files (for CheckRules, which compiles a file beside them).
  ReasonerServiceImpl(store::Store* store, const reasoner::Reasoner* reasoner,
                      std::vector<reasoner::RuleSource> sources, std::string default_agency);

  grpc::Status Assess(grpc::ServerContext* context, const palermo::v1::AssessRequest* request,
                      palermo::v1::AssessResponse* response) override;
  grpc::Status Explain(grpc::ServerContext* context, const palermo::v1::ExplainRequest* request,
                       palermo::v1::ExplainResponse* response) override;
  grpc::Status ListRules(grpc::ServerContext* context, const palermo::v1::ListRulesRequest* request,
                         palermo::v1::ListRulesResponse* response) override;
  grpc::Status CheckRules(grpc::ServerContext* context, const palermo::v1::CheckRulesRequest* request,
                          palermo::v1::CheckRulesResponse* response) override;

 private:
  // Every record of the current snapshot.
  Status ReadRecords(std::vector<palermo::v1::Record>* records) const;

  store::Store* store_;
  const reasoner::Reasoner* reasoner_;
  std::vector<reasoner::RuleSource> sources_;
  std::string default_agency_;
};

}  // namespace palermo::services
