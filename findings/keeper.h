// The stored findings, kept up to date import by import.
//
// palermod evaluates the rules once over every case of the store (at start,
// when the stored findings do not reflect the store or the rules loaded),
// then after each import only the cases the import touched, as they were
// and as they are (graph::CollectCaseRecords). What changed is written to
// the `findings` family in one synced batch with a mark saying which import
// the findings reflect and under which rules; a crash between an import and
// its findings leaves a mark behind the store, which the next start notices
// and mends by evaluating everything. No gRPC here, so the property test
// drives it the same way the service does.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "palermo/v1/findings.pb.h"
#include "reasoner/assess.h"
#include "store/store.h"

namespace palermo::findings {

struct FindingChange {
  bool added;  // false: retracted
  palermo::v1::Finding finding;
};
// Takes each change as it is stored (a full evaluation hands them over batch
// by batch, so they need not all be held at once). May be empty.
using ChangeSink = std::function<void(FindingChange change)>;
// A sink that appends to `out`.
inline ChangeSink CollectInto(std::vector<FindingChange>* out) {
  return [out](FindingChange change) { out->push_back(std::move(change)); };
}

// Finds a record by global key, for evidence descriptions; null when absent.
using RecordLookup = std::function<const palermo::v1::Record*(const std::string&)>;
RecordLookup InRecords(const std::vector<palermo::v1::Record>& records);  // `records` must outlive it

// A finding as served: its evidence described from the records.
void FindingToProto(const reasoner::Finding& finding, const RecordLookup& record_of, palermo::v1::Finding* out);

// Identifies the rules and this build's way of storing findings: stored
// findings made under another fingerprint are evaluated again.
std::string RulesFingerprint(const std::vector<reasoner::RuleSource>& sources);

class FindingsKeeper {
 public:
  // A full evaluation takes the store this many records at a time (whole
  // cases), which bounds its memory.
  static constexpr size_t kBatchRecords = 100000;
  void set_batch_records(size_t records) { batch_records_ = records; }
  // A full evaluation evaluates this many batches at once (default: the
  // machine's cores, at most 4); each holds one batch's records in memory.
  void set_threads(size_t threads) { threads_ = std::max<size_t>(1, threads); }
  static size_t DefaultThreads();
  // What an evaluation holds per record of a batch (the records, facts,
  // indexes and derivations; measured with bench/soak-bench): with
  // batch_records = budget / (threads * this), evaluating stays in budget.
  static constexpr size_t kEvaluationBytesPerRecord = 5 << 10;
  // The batch size that keeps an evaluation on DefaultThreads() threads
  // within `bytes` (at least 1000 records).
  static size_t BatchRecordsFor(size_t bytes) {
    return std::max<size_t>(1000, bytes / (DefaultThreads() * kEvaluationBytesPerRecord));
  }

  // `store` and `reasoner` must outlive the keeper, which must be the only
  // writer of the store's findings.
  FindingsKeeper(store::Store* store, const reasoner::Reasoner* reasoner, std::string fingerprint);

  // Whether the stored findings reflect `view` under these rules.
  Result<bool> Current(const store::View& view) const;
  // Evaluates every case of the latest store and stores the difference;
  // `imports`, when given, gets the number of imports that store holds.
  // The mark is set to "not current" first and to the store's imports only
  // once every batch is stored, so an evaluation cut short (a crash, or
  // Cancel) is done again at the next start.
  Status EvaluateAll(const ChangeSink& changes, uint64_t* imports = nullptr);
  // Brings the findings up to date after an import: `before` is the store
  // as it was, `touched` the node ids the import wrote
  // (ImportStats::TouchedIds()), `number` its ImportStats::number.
  // Evaluates, on the latest store, the cases those records are in and
  // the cases the replaced ones were in before, however many, in batches
  // of whole cases as a full evaluation does. When the stored findings do
  // not reflect the import just before (their mark is not number - 1),
  // evaluates everything instead.
  Status Update(const store::View& before, const std::vector<store::NodeId>& touched, uint64_t number,
                const ChangeSink& changes);

  // Records (and batches of whole cases) the last Update or EvaluateAll
  // evaluated.
  size_t last_scope_records() const { return last_scope_records_; }
  size_t last_scope_batches() const { return last_scope_batches_; }
  // Whether the last Update evaluated every case instead (its findings did
  // not follow the import before).
  bool last_evaluated_everything() const { return last_everything_; }
  // The imports the stored findings reflect after the last successful
  // Update or EvaluateAll (an Update may find them further on already).
  uint64_t last_reached() const { return last_reached_; }
  // Makes a running or later EvaluateAll stop between batches (any thread).
  void Cancel() { cancelled_ = true; }
  // Findings the last EvaluateAll or Update added and retracted.
  size_t last_added() const { return last_added_; }
  size_t last_retracted() const { return last_retracted_; }
  // The clock that dates new findings (RFC 3339 UTC); tests may replace it.
  void set_clock(std::function<std::string()> clock) { clock_ = std::move(clock); }

 private:
  // Stores the findings `fresh` of `records` in place of those stored under
  // any of their keys, with `mark` (none: the mark is left as it is);
  // reports the difference.
  Status Replace(const std::vector<palermo::v1::Record>& records, std::vector<reasoner::Finding> fresh,
                 const store::FindingsMark* mark, std::vector<FindingChange>* changes);
  // Reads the records `ids` of `view` into `records`, evaluates them and
  // stores their findings (with `mark`, when given) in one write; `found`
  // gets the changes, for the caller to report once the write succeeded.
  Status EvaluateBatch(const store::View& view, const std::vector<store::NodeId>& ids, const store::FindingsMark* mark,
                       std::vector<palermo::v1::Record>* records, std::vector<FindingChange>* found);
  // Evaluates `batches` of whole cases of `view` on `threads_` threads and
  // stores each batch's findings (without a mark); empties `batches`.
  Status EvaluateBatches(const store::View& view, std::vector<std::vector<store::NodeId>>* batches,
                         const ChangeSink& changes);
  // Counts `found` and hands it to `sink`.
  void Report(std::vector<FindingChange>* found, const ChangeSink& sink);

  store::Store* store_;
  const reasoner::Reasoner* reasoner_;
  std::string fingerprint_;
  std::function<std::string()> clock_;
  size_t batch_records_ = kBatchRecords;
  size_t threads_ = DefaultThreads();
  size_t last_scope_records_ = 0;
  size_t last_scope_batches_ = 0;
  bool last_everything_ = false;
  uint64_t last_reached_ = 0;
  std::atomic<bool> cancelled_{false};
  size_t last_added_ = 0;
  size_t last_retracted_ = 0;
};

// The records of the cases of `keys`, with the places and sources they
// refer to.
Status ReadCaseRecords(const store::View& view, const std::vector<std::string>& keys,
                       std::vector<palermo::v1::Record>* records);
// A stored finding, parsed; NotFound when there is none.
Status ReadFinding(const store::View& view, const store::FindingKey& key, palermo::v1::Finding* finding);

// The current time as RFC 3339 UTC, to the second.
std::string UtcNow();

}  // namespace palermo::findings
