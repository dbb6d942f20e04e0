#include "services/findings_feed.h"

#include <set>

#include "format/case_format.h"
#include "graph/traversal.h"

namespace palermo::services {

namespace v1 = palermo::v1;

Status ReadAllRecords(const store::View& view, std::vector<v1::Record>* records) {
  records->reserve(records->size() + view.RecordCount());
  return view.ForEachRecord([&](store::NodeId, const v1::Record& record) {
    records->push_back(record);
    return true;
  });
}

Result<std::vector<reasoner::Finding>> EvaluateAll(const reasoner::Reasoner& reasoner, const store::View& view) {
  std::vector<v1::Record> records;
  Status s = ReadAllRecords(view, &records);
  if (!s.ok()) return s;
  return reasoner.Assess(records);
}

Status IncrementalFindings::Reset(const store::View& now) {
  auto all = EvaluateAll(*reasoner_, now);
  if (!all.ok()) return all.status();
  findings_.clear();
  ids_by_key_.clear();
  for (auto& f : all.value()) {
    Index(f);
    findings_[f.id] = std::move(f);
  }
  return Status::Ok();
}

namespace {

// The node ids of `keys` in `view` (keys it does not hold are skipped).
std::vector<store::NodeId> Seeds(const store::View& view, const std::vector<std::string>& keys) {
  std::vector<store::NodeId> seeds;
  for (const auto& key : keys) {
    auto id = view.Lookup(key);
    if (id.ok()) seeds.push_back(*id);
  }
  return seeds;
}

}  // namespace

Status IncrementalFindings::Update(const store::View& before, const store::View& now, const std::vector<std::string>& keys,
                                   bool complete, std::vector<FindingChange>* changes) {
  last_scope_records_ = 0;
  if (!complete) return ReplaceAll(now, changes);
  // The cases the import touched, as they were (a replaced record may have
  // left a case) and as they are.
  std::set<std::string> scope;
  std::vector<v1::Record> records;
  for (const store::View* view : {&before, &now}) {
    auto touched = graph::CollectCaseRecords(*view, Seeds(*view, keys), kMaxCaseRecords);
    if (!touched.ok()) return touched.status();
    if (touched->too_large) return ReplaceAll(now, changes);
    for (store::NodeId id : touched->records) {
      v1::Record record;
      Status s = view->Get(id, &record);
      if (!s.ok()) return s;
      scope.insert(format::GlobalKey(record.agency(), record.id()));
    }
  }
  // Evaluate the scope's records as they are now.
  for (const auto& key : scope) {
    auto id = now.Lookup(key);
    if (!id.ok()) continue;  // records are never deleted, but be safe
    v1::Record record;
    Status s = now.Get(*id, &record);
    if (!s.ok()) return s;
    records.push_back(std::move(record));
  }
  last_scope_records_ = records.size();
  Replace(&scope, reasoner_->Assess(records), changes);
  return Status::Ok();
}

Status IncrementalFindings::ReplaceAll(const store::View& now, std::vector<FindingChange>* changes) {
  auto all = EvaluateAll(*reasoner_, now);
  if (!all.ok()) return all.status();
  Replace(nullptr, std::move(all.value()), changes);
  return Status::Ok();
}

void IncrementalFindings::Index(const reasoner::Finding& f) {
  ids_by_key_[f.subject].insert(f.id);
  for (const auto& k : f.linked) ids_by_key_[k].insert(f.id);
}

void IncrementalFindings::Unindex(const reasoner::Finding& f) {
  auto drop = [&](const std::string& key) {
    auto it = ids_by_key_.find(key);
    if (it == ids_by_key_.end()) return;
    it->second.erase(f.id);
    if (it->second.empty()) ids_by_key_.erase(it);
  };
  drop(f.subject);
  for (const auto& k : f.linked) drop(k);
}

void IncrementalFindings::Replace(const std::set<std::string>* scope, std::vector<reasoner::Finding> fresh,
                                  std::vector<FindingChange>* changes) {
  // The findings in scope now: those whose subject or linked keys are in it.
  std::set<std::string> previous;
  if (scope == nullptr) {
    for (const auto& [id, f] : findings_) previous.insert(id);
  } else {
    for (const auto& key : *scope) {
      auto it = ids_by_key_.find(key);
      if (it != ids_by_key_.end()) previous.insert(it->second.begin(), it->second.end());
    }
  }
  std::map<std::string, reasoner::Finding> updated;
  for (auto& f : fresh) updated[f.id] = std::move(f);
  for (const auto& id : previous) {
    auto it = findings_.find(id);
    if (!updated.count(id)) changes->push_back({false, it->second});
    Unindex(it->second);
    findings_.erase(it);
  }
  for (auto& [id, f] : updated) {
    if (!previous.count(id)) {
      auto old = findings_.find(id);
      if (old == findings_.end()) changes->push_back({true, f});
      else Unindex(old->second);  // a finding the scope reached by another key
    }
    Index(f);
    findings_[id] = std::move(f);
  }
}

}  // namespace palermo::services
