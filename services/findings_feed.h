// The findings of the whole store, kept up to date import by import: after
// an import only the cases it touched are evaluated again (graph/'s
// CollectCaseRecords), and the difference is reported. No gRPC here, so the
// property test drives it the same way the service does.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "reasoner/assess.h"
#include "store/store.h"

namespace palermo::services {

struct FindingChange {
  bool added;  // false: retracted
  reasoner::Finding finding;
};

class IncrementalFindings {
 public:
  // Cases larger than this are not worth the walk: evaluate everything.
  static constexpr size_t kMaxCaseRecords = 200000;

  explicit IncrementalFindings(const reasoner::Reasoner* reasoner) : reasoner_(reasoner) {}

  // Evaluates the whole of `now`.
  Status Reset(const store::View& now);
  // Brings the findings from `before` to `now`, given the keys an import
  // wrote (`complete` false when the list was cut short: then everything is
  // evaluated again). Appends what appeared and what was retracted.
  Status Update(const store::View& before, const store::View& now, const std::vector<std::string>& keys, bool complete,
                std::vector<FindingChange>* changes);

  // Every finding, by id.
  const std::map<std::string, reasoner::Finding>& findings() const { return findings_; }
  // Records the last Update evaluated (0 after a full evaluation).
  size_t last_scope_records() const { return last_scope_records_; }

 private:
  // Replaces the findings whose subject or linked keys are in `scope` (all
  // when scope is null) by `fresh`, reporting the difference.
  void Replace(const std::set<std::string>* scope, std::vector<reasoner::Finding> fresh,
               std::vector<FindingChange>* changes);

  const reasoner::Reasoner* reasoner_;
  // Evaluates all of `now` and replaces every finding.
  Status ReplaceAll(const store::View& now, std::vector<FindingChange>* changes);
  void Index(const reasoner::Finding& f);
  void Unindex(const reasoner::Finding& f);

  std::map<std::string, reasoner::Finding> findings_;
  // Finding ids by subject and linked keys, so that an update touches only
  // the findings of its cases, not every finding.
  std::map<std::string, std::set<std::string>> ids_by_key_;
  size_t last_scope_records_ = 0;
};

// Every record of `view`, in node-id order.
Status ReadAllRecords(const store::View& view, std::vector<palermo::v1::Record>* records);

// The findings of every record of `view` (a full evaluation).
Result<std::vector<reasoner::Finding>> EvaluateAll(const reasoner::Reasoner& reasoner, const store::View& view);

}  // namespace palermo::services
