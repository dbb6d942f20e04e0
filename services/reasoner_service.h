// ReasonerService over gRPC: translates between gRPC and the layers below.
// The findings are stored and kept current by findings::StoredFindings
// (findings/stored_findings.h); Assess and ListFindings read them once they
// reflect every import acknowledged before the call (or at once, when the
// caller asks for what is stored); SubscribeFindings streams its fan-out;
// Explain evaluates the finding's case again to give its proof.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "palermo/v1/reasoner.grpc.pb.h"
#include "reasoner/assess.h"
#include "findings/stored_findings.h"
#include "store/store.h"

namespace palermo::services {

class ReasonerServiceImpl final : public palermo::v1::ReasonerService::Service {
 public:
  // `store`, `reasoner` and `findings` must outlive the service; `sources`
  // are the loaded rule files (CheckRules compiles a file beside them).
  ReasonerServiceImpl(store::Store* store, const reasoner::Reasoner* reasoner, findings::StoredFindings* findings,
                      std::vector<reasoner::RuleSource> sources, std::string default_agency);

  grpc::Status Assess(grpc::ServerContext* context, const palermo::v1::AssessRequest* request,
                      palermo::v1::AssessResponse* response) override;
  grpc::Status ListFindings(grpc::ServerContext* context, const palermo::v1::ListFindingsRequest* request,
                            palermo::v1::ListFindingsResponse* response) override;
  grpc::Status Explain(grpc::ServerContext* context, const palermo::v1::ExplainRequest* request,
                       palermo::v1::ExplainResponse* response) override;
  grpc::Status SubscribeFindings(grpc::ServerContext* context, const palermo::v1::SubscribeFindingsRequest* request,
                                 grpc::ServerWriter<palermo::v1::FindingEvent>* writer) override;
  grpc::Status ListRules(grpc::ServerContext* context, const palermo::v1::ListRulesRequest* request,
                         palermo::v1::ListRulesResponse* response) override;
  grpc::Status CheckRules(grpc::ServerContext* context, const palermo::v1::CheckRulesRequest* request,
                          palermo::v1::CheckRulesResponse* response) override;

 private:
  // Waits (for a call) until the stored findings reflect every import
  // committed so far.
  grpc::Status AwaitCurrentFindings(grpc::ServerContext* context);
  // The finding types a caller asked for, checked against the loaded rules.
  grpc::Status FindingTypes(const google::protobuf::RepeatedPtrField<std::string>& asked,
                            std::set<std::string>* types) const;

  store::Store* store_;
  const reasoner::Reasoner* reasoner_;
  findings::StoredFindings* findings_;
  std::vector<reasoner::RuleSource> sources_;
  std::string default_agency_;
};

}  // namespace palermo::services
