// LinkageService over gRPC (proto/palermo/v1/linkage_service.proto):
// candidates from the stored linkage family (linkage/stored_linkage.h),
// decisions written as relation records through the importer, so that the
// reasoner and every other reader of the store take them as any record.
#pragma once

#include <string>

#include "linkage/stored_linkage.h"
#include "palermo/v1/linkage_service.grpc.pb.h"
#include "store/store.h"

namespace palermo::services {

// Writes `agency`'s decision on the pair (a, b) (global keys of persons or
// organizations) as a relation record through the importer: same_as or
// different_from, its source naming the agency and `analyst`; the same
// pair gets the same relation id, so a later decision replaces the earlier
// one. `decision` gets the decision, `import_number` the import. NotFound
// for a key not in the store; InvalidArgument for a record that is
// neither person nor organization and for a == b; IoError when the import fails.
Status WriteDecision(store::Store* store, const std::string& agency, const std::string& a, const std::string& b,
                     palermo::v1::LinkageVerdict verdict, const std::string& analyst, const std::string& note,
                     palermo::v1::LinkageDecision* decision, uint64_t* import_number);

class LinkageServiceImpl final : public palermo::v1::LinkageService::Service {
 public:
  // `store` and `linkage` must outlive the service. Decisions are written as
  // records of `default_agency` (the calling agency, until callers are
  // identified: issue #12), and another agency's identifier values are
  // masked in reasons for it.
  LinkageServiceImpl(store::Store* store, linkage::StoredLinkage* linkage, std::string default_agency);

  grpc::Status FindCandidates(grpc::ServerContext* context, const palermo::v1::FindCandidatesRequest* request,
                              palermo::v1::FindCandidatesResponse* response) override;
  grpc::Status Decide(grpc::ServerContext* context, const palermo::v1::DecideRequest* request,
                      palermo::v1::DecideResponse* response) override;
  grpc::Status ListDecisions(grpc::ServerContext* context, const palermo::v1::ListDecisionsRequest* request,
                             palermo::v1::ListDecisionsResponse* response) override;
  grpc::Status GetLinkageModel(grpc::ServerContext* context, const palermo::v1::GetLinkageModelRequest* request,
                               palermo::v1::LinkageModel* response) override;
  grpc::Status ComparePair(grpc::ServerContext* context, const palermo::v1::ComparePairRequest* request,
                           palermo::v1::ComparePairResponse* response) override;

 private:
  grpc::Status AwaitCurrent(grpc::ServerContext* context);
  // The node id of a request's subject key (0 when empty; a key without
  // an agency is the caller's); NOT_FOUND when the store has no such record.
  grpc::Status SubjectId(const grpc::ServerContext& context, const store::View& view, const std::string& subject,
                         store::NodeId* id) const;

  store::Store* store_;
  linkage::StoredLinkage* linkage_;
  std::string default_agency_;
};

}  // namespace palermo::services
