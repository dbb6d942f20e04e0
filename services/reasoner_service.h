// ReasonerService over gRPC: evaluates the loaded rules over a snapshot of
// the store. Each Assess evaluates the whole graph afresh, and so does the
// feed of SubscribeFindings after each import (not incremental yet: see the
// README's status); the feed evaluates only while someone subscribes.
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
#include "store/store.h"

namespace palermo::services {

class ReasonerServiceImpl final : public palermo::v1::ReasonerService::Service {
 public:
  // `store` and `reasoner` must outlive the service; `sources` are the
  // loaded rule files (for CheckRules, which compiles a file beside them).
  ReasonerServiceImpl(store::Store* store, const reasoner::Reasoner* reasoner,
                      std::vector<reasoner::RuleSource> sources, std::string default_agency);
  ~ReasonerServiceImpl() override;

  // Tells the feed that an import wrote something (any thread).
  void ImportHappened();
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
  // Every record of the current snapshot.
  Status ReadRecords(std::vector<palermo::v1::Record>* records) const;

  struct Subscriber;
  // Evaluates after imports while there are subscribers, and hands them the
  // difference from the previous evaluation.
  void FeedLoop();
  Status Evaluate(std::map<std::string, palermo::v1::Finding>* findings) const;

  store::Store* store_;
  const reasoner::Reasoner* reasoner_;
  std::vector<reasoner::RuleSource> sources_;
  std::string default_agency_;

  std::mutex mutex_;
  std::condition_variable changed_;  // imports, subscriptions, a new baseline, stop
  bool dirty_ = false;               // an import since the last evaluation
  bool stopping_ = false;
  bool baseline_valid_ = false;      // baseline_ holds the findings as of now
  std::map<std::string, palermo::v1::Finding> baseline_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  std::thread feed_;
};

}  // namespace palermo::services
