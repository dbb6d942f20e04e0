#include "store/derived.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace palermo::store {

DerivedFollower::DerivedFollower(Store* store, DerivedKeeper* keeper, FollowerOptions options)
    : store_(store), keeper_(keeper), options_(std::move(options)) {
  feed_subscription_ = store_->SubscribeImports([this](const CommittedImport& import) { ImportCommitted(import); });
  thread_ = std::thread([this] { Loop(); });
}

DerivedFollower::~DerivedFollower() {
  Stop();
  thread_.join();
  store_->UnsubscribeImports(feed_subscription_);
}

void DerivedFollower::Stop() {
  keeper_->Cancel();
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
}

void DerivedFollower::ImportCommitted(const CommittedImport& import) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.push_back(import);
  changed_.notify_all();
}

Status DerivedFollower::AwaitCurrent(const std::function<bool()>& cancelled) {
  const uint64_t imports = store_->Snapshot()->Imports();
  std::unique_lock<std::mutex> lock(mutex_);
  while (reached_ < imports) {
    if (stopping_) return Status::Unavailable("palermod is stopping");
    if (!error_.empty()) {
      return Status::Unavailable("the " + options_.name + " are not up to date (palermod retries): " + error_);
    }
    if (cancelled && cancelled()) {
      return Status::Cancelled("cancelled while the " + options_.name + " were brought up to date");
    }
    changed_.wait_for(lock, std::chrono::milliseconds(200));
  }
  return Status::Ok();
}

std::chrono::milliseconds RetryPause(int failures, const FollowerOptions& options) {
  std::chrono::milliseconds pause = options.first_retry_pause;
  for (int i = 1; i < failures && pause < options.max_retry_pause; ++i) pause *= 2;
  return std::min(pause, options.max_retry_pause);
}

void DerivedFollower::Loop() {
  {
    auto view = store_->Snapshot();
    auto current = keeper_->Current(*view);
    std::lock_guard<std::mutex> lock(mutex_);
    if (current.ok() && *current) {
      reached_ = view->Imports();
      changed_.notify_all();  // readers waiting since the start need not wait for their next poll
    } else {
      compute_all_ = true;
      if (options_.log) {
        std::printf("palermod: %s\n", options_.stale_line.c_str());
        std::fflush(stdout);
      }
    }
  }
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || compute_all_ || !pending_.empty(); });
    if (stopping_) return;
    const bool all = compute_all_;
    std::vector<CommittedImport> imports;
    imports.swap(pending_);
    lock.unlock();

    Status s;
    uint64_t reached = 0;
    if (all) s = keeper_->All(&reached);
    for (const auto& import : imports) {
      if (!s.ok()) break;
      if (import.number <= reached) continue;  // already in what was computed
      uint64_t after = 0;
      s = keeper_->Update(import, &after);
      if (s.ok()) reached = std::max({reached, import.number, after});
    }
    imports.clear();  // the views they held
    keeper_->AfterRound();

    lock.lock();
    if (stopping_) return;  // a computation cut short is done again at the next start
    if (reached > reached_) reached_ = reached;
    if (s.ok()) {
      compute_all_ = false;
      error_.clear();
      failures_ = 0;
    } else {
      // Whatever was stored stays consistent (each write is atomic, with its
      // mark); start again from a full computation after a pause.
      const std::chrono::milliseconds pause = RetryPause(++failures_, options_);
      std::fprintf(stderr, "palermod: updating the %s failed (%d time(s) in a row; next try in %.1f s): %s\n",
                   options_.name.c_str(), failures_, pause.count() / 1000.0, s.ToString().c_str());
      error_ = s.ToString();
      compute_all_ = true;
      changed_.notify_all();
      changed_.wait_for(lock, pause, [this] { return stopping_; });
    }
    changed_.notify_all();
  }
}

}  // namespace palermo::store
