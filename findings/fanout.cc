#include "findings/fanout.h"

#include <algorithm>

namespace palermo::findings {

std::shared_ptr<FindingsFanOut::Subscription> FindingsFanOut::Subscribe(std::set<std::string> types,
                                                                        std::function<void()> on_overflow) {
  std::shared_ptr<Subscription> subscription(new Subscription(this, std::move(types), std::move(on_overflow)));
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopped_) subscription->end_ = Subscription::End::kStopped;
  else subscriptions_.push_back(subscription);
  return subscription;
}

void FindingsFanOut::Unsubscribe(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscriptions_.erase(std::remove(subscriptions_.begin(), subscriptions_.end(), subscription), subscriptions_.end());
  if (subscription->end_ == Subscription::End::kNone) subscription->end_ = Subscription::End::kGone;
  std::deque<FindingEventData>().swap(subscription->events_);
  changed_.notify_all();
}

void FindingsFanOut::Publish(const FindingEventData& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& subscription : subscriptions_) {
    if (subscription->end_ != Subscription::End::kNone) continue;
    if (!subscription->types_.empty() && !subscription->types_.count(event.change.finding.type())) continue;
    if (subscription->events_.size() >= max_events_) {
      // It does not keep up: drop what it holds and end it.
      std::deque<FindingEventData>().swap(subscription->events_);
      subscription->end_ = Subscription::End::kOverflowed;
      if (subscription->on_overflow_) subscription->on_overflow_();
      continue;
    }
    subscription->events_.push_back(event);
  }
  changed_.notify_all();
}

void FindingsFanOut::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopped_ = true;
  for (auto& subscription : subscriptions_) {
    if (subscription->end_ == Subscription::End::kNone) subscription->end_ = Subscription::End::kStopped;
    std::deque<FindingEventData>().swap(subscription->events_);
  }
  changed_.notify_all();
}

size_t FindingsFanOut::subscriptions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return subscriptions_.size();
}

size_t FindingsFanOut::queued_events() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t total = 0;
  for (const auto& subscription : subscriptions_) total += subscription->events_.size();
  return total;
}

bool FindingsFanOut::Subscription::Next(std::chrono::milliseconds wait, std::deque<FindingEventData>* out) {
  std::unique_lock<std::mutex> lock(owner_->mutex_);
  owner_->changed_.wait_for(lock, wait, [&] { return end_ != End::kNone || !events_.empty(); });
  if (end_ != End::kNone) return false;
  out->clear();
  out->swap(events_);
  return true;
}

FindingsFanOut::Subscription::End FindingsFanOut::Subscription::end() const {
  std::lock_guard<std::mutex> lock(owner_->mutex_);
  return end_;
}

}  // namespace palermo::findings
