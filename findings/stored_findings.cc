#include "findings/stored_findings.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "common/subprocess.h"

namespace palermo::findings {

StoredFindings::StoredFindings(store::Store* store, const reasoner::Reasoner* reasoner, std::string fingerprint,
                               StoredFindingsOptions options)
    : store_(store),
      options_(options),
      keeper_(store, reasoner, std::move(fingerprint)),
      fanout_(options.max_queued_events) {
  keeper_.set_batch_records(options_.batch_records);
  feed_subscription_ = store_->SubscribeImports([this](const store::CommittedImport& import) { ImportCommitted(import); });
  thread_ = std::thread([this] { KeepLoop(); });
}

StoredFindings::~StoredFindings() {
  Stop();
  thread_.join();
  store_->UnsubscribeImports(feed_subscription_);
}

void StoredFindings::Stop() {
  keeper_.Cancel();  // a full evaluation stops between batches; the next start does it again
  fanout_.Stop();
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
}

void StoredFindings::ImportCommitted(const store::CommittedImport& import) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.push_back(import);
  changed_.notify_all();
}

Status StoredFindings::AwaitCurrent(const std::function<bool()>& cancelled) {
  const uint64_t imports = store_->Snapshot()->Imports();
  std::unique_lock<std::mutex> lock(mutex_);
  while (findings_imports_ < imports) {
    if (stopping_) return Status::Unavailable("palermod is stopping");
    if (!keeper_error_.empty()) {
      return Status::Unavailable("the findings are not up to date (palermod retries): " + keeper_error_);
    }
    if (cancelled && cancelled()) return Status::Cancelled("cancelled while the findings were brought up to date");
    changed_.wait_for(lock, std::chrono::milliseconds(200));
  }
  return Status::Ok();
}

void StoredFindings::KeepLoop() {
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const bool log = options_.log;
  {
    auto view = store_->Snapshot();
    auto current = keeper_.Current(*view);
    std::lock_guard<std::mutex> lock(mutex_);
    if (current.ok() && *current) {
      findings_imports_ = view->Imports();
      changed_.notify_all();  // readers waiting since the start need not wait for their next poll
    } else {
      evaluate_all_ = true;
      if (log) {
        std::printf("palermod: the stored findings do not reflect this store and these rules; evaluating every case\n");
        std::fflush(stdout);
      }
    }
  }
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || evaluate_all_ || !pending_.empty(); });
    if (stopping_) return;
    bool all = evaluate_all_;
    std::vector<store::CommittedImport> imports;
    imports.swap(pending_);
    lock.unlock();

    // Changes go to the subscribers as they are stored, with the import
    // that caused them.
    uint64_t causing_import = 0;
    ChangeSink to_subscribers = [this, &causing_import](FindingChange change) {
      fanout_.Publish({causing_import, std::move(change)});
    };
    Status s;
    uint64_t reached = 0;
    auto started = Clock::now();
    if (all) {
      causing_import = store_->Snapshot()->Imports();
      s = keeper_.EvaluateAll(to_subscribers, &reached);
      if (s.ok() && log) {
        std::printf("palermod: findings: every case evaluated (%llu imports, %zu records in %zu batches) in %.3f s, "
                    "%zu new, %zu retracted\n",
                    static_cast<unsigned long long>(reached), keeper_.last_scope_records(),
                    keeper_.last_scope_batches(), seconds_since(started), keeper_.last_added(),
                    keeper_.last_retracted());
      }
    }
    for (const auto& import : imports) {
      if (!s.ok()) break;
      if (import.number <= reached) continue;  // already in what was evaluated
      started = Clock::now();
      causing_import = import.number;
      s = keeper_.Update(*import.before, import.touched, import.number, to_subscribers);
      if (!s.ok()) break;
      reached = std::max(import.number, keeper_.last_reached());
      if (log) {
        std::printf(
            "palermod: findings after import %llu: %zu records evaluated (%s, %zu batches; the store holds %llu), "
            "%zu new, %zu retracted, %.1f ms\n",
            static_cast<unsigned long long>(import.number), keeper_.last_scope_records(),
            keeper_.last_evaluated_everything() ? "every case" : "the cases it touched", keeper_.last_scope_batches(),
            static_cast<unsigned long long>(store_->Snapshot()->RecordCount()), keeper_.last_added(),
            keeper_.last_retracted(), 1000 * seconds_since(started));
      }
    }
    imports.clear();  // the views they held
    // What an evaluation freed goes back to the system, so that resident
    // memory does not keep the high-water mark of every batch.
    malloc_trim(0);
    if (log) {
      const store::StoreMemory memory = store_->Memory();
      std::printf("palermod: memory: resident %.0f MiB; store cache %.0f of %.0f MiB (memtables %.0f MiB), "
                  "table readers %.0f MiB; %zu subscribers, %zu events queued\n",
                  process::ResidentMemoryOf(getpid()) / 1048576.0, memory.block_cache / 1048576.0,
                  memory.block_cache_capacity / 1048576.0, memory.memtables / 1048576.0,
                  memory.table_readers / 1048576.0, fanout_.subscriptions(), fanout_.queued_events());
      std::fflush(stdout);
    }
    lock.lock();
    if (stopping_) return;  // an evaluation cut short is done again at the next start
    if (reached > findings_imports_) findings_imports_ = reached;
    if (s.ok()) {
      evaluate_all_ = false;
      keeper_error_.clear();
    } else {
      // Whatever was stored stays consistent (each write is atomic, with its
      // mark); start again from a full evaluation after a pause.
      std::fprintf(stderr, "palermod: updating the findings failed: %s\n", s.ToString().c_str());
      keeper_error_ = s.ToString();
      evaluate_all_ = true;
      changed_.notify_all();
      changed_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
    }
    changed_.notify_all();
  }
}

}  // namespace palermo::findings
