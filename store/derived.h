// The shape every kind of derived data follows (ARCHITECTURE: the stored
// findings, the linkage candidates, the analytics projection next): a
// keeper that knows how to bring its data forward, and a follower that
// runs it.
//
// The follower subscribes to the store's change feed (SubscribeImports)
// and runs a thread of its own: at start, the keeper's full computation
// when its mark does not match the store (Current); after each committed
// import, the keeper's Update with that import. A failure is logged, and
// the next round computes everything again after a pause that doubles with
// each failure in a row (RetryPause), so that a failure that repeats (a
// computation the memory cannot hold) does not keep the machine busy.
// Readers wait
// with AwaitCurrent for the data to reflect every import committed before
// they asked.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace palermo::store {

class DerivedKeeper {
 public:
  virtual ~DerivedKeeper() = default;
  // Whether the stored data reflect `view` (its mark and fingerprint).
  virtual Result<bool> Current(const View& view) = 0;
  // Computes everything from the latest store; `reached` gets the imports
  // it reflects. Called on the follower's thread only.
  virtual Status All(uint64_t* reached) = 0;
  // Brings the data forward over `import`; `reached` gets the imports they
  // reflect afterwards (at least import.number).
  virtual Status Update(const CommittedImport& import, uint64_t* reached) = 0;
  // Makes a running All stop soon (any thread).
  virtual void Cancel() = 0;
  // Called on the follower's thread after each round (logging, memory).
  virtual void AfterRound() {}
};

struct FollowerOptions {
  std::string name;  // "findings", "linkage": for the log and errors
  bool log = true;   // one line to stdout when a full computation starts:
  std::string stale_line;  // what that line says, after "palermod: "
  std::chrono::milliseconds first_retry_pause{2000};  // after the first failure
  std::chrono::milliseconds max_retry_pause{300000};  // the doubling stops here
};

// The pause after `failures` (>= 1) failed rounds in a row:
// first_retry_pause doubled for each failure after the first, at most
// max_retry_pause.
std::chrono::milliseconds RetryPause(int failures, const FollowerOptions& options);

class DerivedFollower {
 public:
  // `store` and `keeper` must outlive the follower. Subscribes to the
  // change feed and starts the thread.
  DerivedFollower(Store* store, DerivedKeeper* keeper, FollowerOptions options);
  ~DerivedFollower();  // Stop(), then waits for the thread
  DerivedFollower(const DerivedFollower&) = delete;
  DerivedFollower& operator=(const DerivedFollower&) = delete;

  // Ends the thread (a full computation is cancelled and done again at the
  // next start).
  void Stop();
  // Waits until the data reflect every import committed before the call.
  // Unavailable when stopping or while the keeper fails (it retries);
  // Cancelled once `cancelled()` says so (polled).
  Status AwaitCurrent(const std::function<bool()>& cancelled);

 private:
  void ImportCommitted(const CommittedImport& import);
  void Loop();

  Store* store_;
  DerivedKeeper* keeper_;
  FollowerOptions options_;
  uint64_t feed_subscription_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;              // imports, data stored, stop
  std::vector<CommittedImport> pending_;         // imports the thread has not looked at yet
  bool stopping_ = false;
  bool compute_all_ = false;                     // the next round computes everything
  uint64_t reached_ = 0;                         // the stored data reflect this many imports
  std::string error_;                            // the keeper's last failure, until it succeeds again
  int failures_ = 0;                             // failed rounds in a row
  std::thread thread_;
};

}  // namespace palermo::store
