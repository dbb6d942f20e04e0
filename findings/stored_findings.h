// The stored findings, kept current: the derived-data shape every kind of
// derived data follows (ARCHITECTURE: findings now; linkage candidates and
// the analytics projection next).
//
// It subscribes to the store's change feed (store::Store::SubscribeImports)
// and keeps a mark of which import and which rules its data reflects
// (store::FindingsMark). A thread of its own brings the findings forward:
// at start, a full evaluation when the mark does not match the store and
// the rules; after each committed import, only the cases it touched
// (FindingsKeeper). What changed goes to the subscribers (FindingsFanOut).
// Readers wait with AwaitCurrent for the findings to reflect every import
// committed before they asked. No gRPC here: services/ translates.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "findings/fanout.h"
#include "findings/keeper.h"
#include "reasoner/assess.h"
#include "store/store.h"

namespace palermo::findings {

struct StoredFindingsOptions {
  size_t batch_records = FindingsKeeper::kBatchRecords;  // FindingsKeeper::set_batch_records
  size_t max_queued_events = FindingsFanOut::kDefaultMaxEvents;
  // One line to stdout per evaluation and its memory (palermod's log).
  bool log = true;
};

class StoredFindings {
 public:
  // `store` and `reasoner` must outlive this. `fingerprint` identifies the
  // rules (RulesFingerprint). Subscribes to the store's change feed and
  // starts the thread.
  StoredFindings(store::Store* store, const reasoner::Reasoner* reasoner, std::string fingerprint,
                 StoredFindingsOptions options = {});
  ~StoredFindings();  // Stop(), then waits for the thread
  StoredFindings(const StoredFindings&) = delete;
  StoredFindings& operator=(const StoredFindings&) = delete;

  // Ends the thread (a full evaluation stops between batches and is done
  // again at the next start) and every subscription.
  void Stop();
  // Waits until the stored findings reflect every import committed before
  // the call. Unavailable when stopping or while the keeper fails (it
  // retries); Cancelled once `cancelled()` says so (polled).
  Status AwaitCurrent(const std::function<bool()>& cancelled);
  // The subscribers' side.
  FindingsFanOut& fanout() { return fanout_; }

 private:
  void ImportCommitted(const store::CommittedImport& import);
  void KeepLoop();

  store::Store* store_;
  StoredFindingsOptions options_;
  FindingsKeeper keeper_;  // used by the thread only
  FindingsFanOut fanout_;
  uint64_t feed_subscription_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;  // imports, findings stored, stop
  std::vector<store::CommittedImport> pending_;  // imports the thread has not looked at yet
  bool stopping_ = false;
  bool evaluate_all_ = false;      // the next round evaluates every case
  uint64_t findings_imports_ = 0;  // the stored findings reflect this many imports
  std::string keeper_error_;       // the keeper's last failure, until it succeeds again
  std::thread thread_;
};

}  // namespace palermo::findings
