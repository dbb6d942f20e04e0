// ReasonerService over gRPC: evaluates the loaded rules over a snapshot of
// the store. Each Assess and Explain evaluates the whole graph afresh; the
// feed of SubscribeFindings keeps the findings up to date import by import,
// evaluating only the cases an import touched, and only while someone
// subscribes.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "palermo/v1/reasoner.grpc.pb.h"
#include "reasoner/assess.h"
#include "services/findings_feed.h"
#include "store/store.h"

namespace palermo::services {

class ReasonerServiceImpl final : public palermo::v1::ReasonerService::Service {
 public:
  // `store` and `reasoner` must outlive the service; `sources` are the
  // loaded rule files (for CheckRules, which compiles a file beside them).
  ReasonerServiceImpl(store::Store* store, const reasoner::Reasoner* reasoner,
                      std::vector<reasoner::RuleSource> sources, std::string default_agency);
  ~ReasonerServiceImpl() override;

  // Tells the feed that an import wrote something (any thread): the store
  // as it was before, and what the import wrote.
  void ImportHappened(std::shared_ptr<const store::View> before, const store::ImportStats& stats);
  // Ends every subscription (before the server shuts down).
  void Stop();

  grpc::Status Assess(grpc::ServerContext* context, const palermo::v1::AssessRequest* request,
                      palermo::v1::AssessResponse* response) override;
  grpc::Status Explain(grpc::ServerContext* context, const palermo::v1::ExplainRequest* request,
                       palermo::v1::ExplainResponse* response) override;
  grpc::Status SubscribeFindings(grpc::ServerContext* context, const palermo::v1::SubscribeFindingsRequest* request,
                                 grpc::ServerWriter<palermo::v1::FindingEvent>* writer) override;
  grpc::Status ListRules(grpc::ServerContext* context, const palermo::v1::ListRulesRequest* request,
                         palermo::v1::ListRulesResponse* response) override;
  grpc::Status CheckRules(grpc::ServerContext* context, const palermo::v1::CheckRulesRequest* request,
                          palermo::v1::CheckRulesResponse* response) override;

 private:
  struct Subscriber;
  // Evaluates after imports while there are subscribers, and hands them the
  // difference from the previous evaluation.
  void FeedLoop();

  store::Store* store_;
  const reasoner::Reasoner* reasoner_;
  std::vector<reasoner::RuleSource> sources_;
  std::string default_agency_;

  std::mutex mutex_;
  std::condition_variable changed_;  // imports, subscriptions, a new baseline, stop
  struct PendingImport {
    std::shared_ptr<const store::View> before;
    std::vector<std::string> keys;
    bool complete;
  };
  std::vector<PendingImport> pending_;  // imports the feed has not looked at yet
  bool stopping_ = false;
  bool baseline_valid_ = false;         // incremental_ holds the findings as of the last update
  IncrementalFindings incremental_;     // used by the feed thread only
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  std::thread feed_;
};

}  // namespace palermo::services
