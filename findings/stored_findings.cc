#include "findings/stored_findings.h"

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "common/subprocess.h"

namespace palermo::findings {

// Runs the keeper for the follower: each change goes to the subscribers with
// the import that caused it, and each round leaves a line in palermod's log.
class StoredFindings::Runner final : public store::DerivedKeeper {
 public:
  Runner(store::Store* store, const reasoner::Reasoner* reasoner, std::string fingerprint,
         const StoredFindingsOptions& options, FindingsFanOut* fanout)
      : store_(store), keeper_(store, reasoner, std::move(fingerprint)), log_(options.log), fanout_(fanout) {
    keeper_.set_batch_records(options.batch_records);
  }

  Result<bool> Current(const store::View& view) override { return keeper_.Current(view); }

  Status All(uint64_t* reached) override {
    const auto started = Clock::now();
    causing_import_ = store_->Snapshot()->Imports();
    Status s = keeper_.EvaluateAll(Sink(), reached);
    if (s.ok() && log_) {
      std::printf("palermod: findings: every case evaluated (%llu imports, %zu records in %zu batches) in %.3f s, "
                  "%zu new, %zu retracted\n",
                  static_cast<unsigned long long>(*reached), keeper_.last_scope_records(),
                  keeper_.last_scope_batches(), SecondsSince(started), keeper_.last_added(), keeper_.last_retracted());
    }
    return s;
  }

  Status Update(const store::CommittedImport& import, uint64_t* reached) override {
    const auto started = Clock::now();
    causing_import_ = import.number;
    Status s = keeper_.Update(*import.before, import.touched, import.number, Sink());
    if (!s.ok()) return s;
    *reached = std::max(import.number, keeper_.last_reached());
    if (log_) {
      std::printf(
          "palermod: findings after import %llu: %zu records evaluated (%s, %zu batches; the store holds %llu), "
          "%zu new, %zu retracted, %.1f ms\n",
          static_cast<unsigned long long>(import.number), keeper_.last_scope_records(),
          keeper_.last_evaluated_everything() ? "every case" : "the cases it touched", keeper_.last_scope_batches(),
          static_cast<unsigned long long>(store_->Snapshot()->RecordCount()), keeper_.last_added(),
          keeper_.last_retracted(), 1000 * SecondsSince(started));
    }
    return Status::Ok();
  }

  void Cancel() override { keeper_.Cancel(); }

  void AfterRound() override {
    // What an evaluation freed goes back to the system, so that resident
    // memory does not keep the high-water mark of every batch.
    malloc_trim(0);
    if (!log_) return;
    const store::StoreMemory memory = store_->Memory();
    std::printf("palermod: memory: resident %.0f MiB; store cache %.0f of %.0f MiB (memtables %.0f MiB), "
                "table readers %.0f MiB; %zu subscribers, %zu events queued\n",
                process::ResidentMemoryOf(getpid()) / 1048576.0, memory.block_cache / 1048576.0,
                memory.block_cache_capacity / 1048576.0, memory.memtables / 1048576.0,
                memory.table_readers / 1048576.0, fanout_->subscriptions(), fanout_->queued_events());
    std::fflush(stdout);
  }

 private:
  using Clock = std::chrono::steady_clock;
  static double SecondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }
  // Changes go to the subscribers as they are stored, with the import that
  // caused them.
  ChangeSink Sink() {
    return [this](FindingChange change) { fanout_->Publish({causing_import_, std::move(change)}); };
  }

  store::Store* store_;
  FindingsKeeper keeper_;
  bool log_;
  FindingsFanOut* fanout_;
  uint64_t causing_import_ = 0;
};

StoredFindings::StoredFindings(store::Store* store, const reasoner::Reasoner* reasoner, std::string fingerprint,
                               StoredFindingsOptions options)
    : fanout_(options.max_queued_events),
      runner_(std::make_unique<Runner>(store, reasoner, std::move(fingerprint), options, &fanout_)),
      follower_(std::make_unique<store::DerivedFollower>(store, runner_.get(),
                                                         store::FollowerOptions{
              "findings", options.log,
              "the stored findings do not reflect this store and these rules; evaluating every case"})) {}

StoredFindings::~StoredFindings() {
  Stop();
  follower_.reset();  // joins the thread before the runner it calls goes
}

void StoredFindings::Stop() {
  fanout_.Stop();
  follower_->Stop();
}

Status StoredFindings::AwaitCurrent(const std::function<bool()>& cancelled) {
  return follower_->AwaitCurrent(cancelled);
}

}  // namespace palermo::findings
