// Subscribers to the findings as they change: each has a queue of its own,
// bounded, filled by the keeper and emptied by the subscriber's stream.
//
// A subscriber that does not read (its stream blocked by flow control)
// must not make palermod's memory grow: past `max_events` queued events
// its queue is dropped and the subscription marked overflowed, and the
// stream ends (it can resume from the stored findings with
// `palermo findings --since`). A subscription that ends frees all it
// held at once. No gRPC here, so the bound is tested directly.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "findings/keeper.h"

namespace palermo::findings {

// A finding that appeared or was retracted, and the import that caused it
// (ImportStats::number; for a full evaluation, the imports it reflects).
struct FindingEventData {
  uint64_t import_number = 0;
  FindingChange change;
};

class FindingsFanOut {
 public:
  static constexpr size_t kDefaultMaxEvents = 10000;
  explicit FindingsFanOut(size_t max_events = kDefaultMaxEvents) : max_events_(max_events) {}

  class Subscription {
   public:
    // Why Next returned false.
    enum class End { kNone, kStopped, kOverflowed, kGone };
    // Waits up to `wait` for events; moves them into `out` (oldest first).
    // False when the subscription has ended (`end()` says why).
    bool Next(std::chrono::milliseconds wait, std::deque<FindingEventData>* out);
    End end() const;

   private:
    friend class FindingsFanOut;
    Subscription(FindingsFanOut* owner, std::set<std::string> types, std::function<void()> on_overflow)
        : owner_(owner), types_(std::move(types)), on_overflow_(std::move(on_overflow)) {}
    FindingsFanOut* owner_;
    std::set<std::string> types_;  // empty: all
    std::deque<FindingEventData> events_;  // guarded by owner_->mutex_
    End end_ = End::kNone;
    std::function<void()> on_overflow_;
  };

  // A new subscription to the finding types `types` (empty: all). It stays
  // registered until Unsubscribe. `on_overflow`, when given, is called
  // (under the fan-out's lock, once) when its queue overflows, e.g. to
  // cancel a stream blocked on a client that does not read: the
  // subscription has ended by then (end() says so).
  std::shared_ptr<Subscription> Subscribe(std::set<std::string> types, std::function<void()> on_overflow = nullptr);
  // Ends `subscription` and frees its queue.
  void Unsubscribe(const std::shared_ptr<Subscription>& subscription);
  // Queues `event` for every subscription that wants its type.
  void Publish(const FindingEventData& event);
  // Ends every subscription (palermod stops).
  void Stop();

  size_t subscriptions() const;
  size_t queued_events() const;  // over all subscriptions
  size_t max_events() const { return max_events_; }

 private:
  const size_t max_events_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopped_ = false;
  std::vector<std::shared_ptr<Subscription>> subscriptions_;
};

}  // namespace palermo::findings
