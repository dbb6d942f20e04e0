// The stored findings, kept current: the derived-data shape every kind of
// derived data follows (ARCHITECTURE: findings now; linkage candidates and
// the analytics projection next).
//
// A store::DerivedFollower (store/derived.h) runs the FindingsKeeper on the
// store's change feed, with a mark of which import and which rules the
// findings reflect (store::FindingsMark): at start, a full evaluation when
// the mark does not match the store and the rules; after each committed
// import, only the cases it touched. What changed goes to the subscribers
// (FindingsFanOut). Readers wait with AwaitCurrent for the findings to
// reflect every import committed before they asked. No gRPC here:
// services/ translates.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "findings/fanout.h"
#include "findings/keeper.h"
#include "reasoner/assess.h"
#include "store/derived.h"
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
  class Runner;  // the FindingsKeeper as a store::DerivedKeeper

  FindingsFanOut fanout_;
  std::unique_ptr<Runner> runner_;
  std::unique_ptr<store::DerivedFollower> follower_;
};

}  // namespace palermo::findings
