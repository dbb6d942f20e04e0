// ReasonerService over gRPC. Findings are stored: a keeper thread brings
// them up to date after every import (services/findings_keeper.h) and
// streams the difference to subscribers; Assess and ListFindings read the
// stored findings once they reflect every import acknowledged before the
// call; Explain evaluates the finding's case again to give its proof.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "palermo/v1/reasoner.grpc.pb.h"
#include "reasoner/assess.h"
#include "services/findings_fanout.h"
#include "services/findings_keeper.h"
#include "store/store.h"

namespace palermo::services {

class ReasonerServiceImpl final : public palermo::v1::ReasonerService::Service {
 public:
  // `store` and `reasoner` must outlive the service; `sources` are the
  // loaded rule files (for CheckRules, which compiles a file beside them,
  // and for the fingerprint the stored findings carry). Starts the keeper,
  // which first evaluates every case when the stored findings do not
  // reflect the store under these rules.
  // `batch_records`: how many records an evaluation takes at a time
  // (FindingsKeeper::set_batch_records); `max_queued_events`: how far a
  // subscriber may fall behind before its stream is ended.
  ReasonerServiceImpl(store::Store* store, const reasoner::Reasoner* reasoner,
                      std::vector<reasoner::RuleSource> sources, std::string default_agency,
                      size_t batch_records = FindingsKeeper::kBatchRecords,
                      size_t max_queued_events = FindingsFanOut::kDefaultMaxEvents);
  ~ReasonerServiceImpl() override;

  // Tells the keeper that an import committed (any thread): the store as
  // it was before, and what the import wrote.
  void ImportHappened(std::shared_ptr<const store::View> before, const store::ImportStats& stats);
  // Ends every subscription and the keeper (before the server shuts down).
  void Stop();

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
  // The keeper's thread: a full evaluation when needed, then each import's
  // cases; hands the changes to subscribers.
  void KeepLoop();
  // Waits (for a call) until the stored findings reflect every import
  // committed so far.
  grpc::Status AwaitCurrentFindings(grpc::ServerContext* context);
  // The finding types a caller asked for, checked against the loaded rules.
  grpc::Status FindingTypes(const google::protobuf::RepeatedPtrField<std::string>& asked,
                            std::set<std::string>* types) const;
  // A key as a caller wrote it, in the default agency when it names none.
  std::string GlobalKeyOf(const std::string& key) const;

  store::Store* store_;
  const reasoner::Reasoner* reasoner_;
  std::vector<reasoner::RuleSource> sources_;
  std::string default_agency_;
  FindingsKeeper keeper_;  // used by the keeper thread only

  std::mutex mutex_;
  std::condition_variable changed_;  // imports, findings stored, subscriber events, stop
  struct PendingImport {
    std::shared_ptr<const store::View> before;
    std::vector<store::NodeId> touched;
    uint64_t number;
  };
  std::vector<PendingImport> pending_;  // imports the keeper has not looked at yet
  bool stopping_ = false;
  bool evaluate_all_ = false;       // the next round evaluates every case
  uint64_t findings_imports_ = 0;   // the stored findings reflect this many imports
  std::string keeper_error_;        // the keeper's last failure, until it succeeds again
  FindingsFanOut fanout_;
  std::thread keeper_thread_;
};

}  // namespace palermo::services
