#include "findings/keeper.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/encoding.h"
#include "common/fingerprint.h"
#include "common/text.h"
#include "model/vocabulary.h"
#include "graph/traversal.h"

namespace palermo::findings {

namespace v1 = palermo::v1;

namespace {

// A few words on a record for a reader of the evidence.
void Describe(const v1::Record& record, v1::Evidence* out) {
  out->set_key(model::GlobalKey(record.agency(), record.id()));
  out->set_kind(model::KindName(record.kind()));
  out->set_source(record.source());
  std::string description;
  if (record.has_event()) {
    const auto& e = record.event();
    description = e.type();
    out->set_date(!e.date().iso().empty() ? e.date().iso() : e.start().iso());
    if (!e.charge().empty()) description += " for " + e.charge();
    if (!e.reason().empty()) description += " (" + e.reason() + ")";
    if (e.has_amount()) {
      description += " ";
      AppendNumber(e.amount(), &description);
      description += " " + e.currency();
    }
    if (e.has_hours_per_week()) {
      description += ", ";
      AppendNumber(e.hours_per_week(), &description);
      description += " h/week";
    }
    if (e.has_wage()) {
      description += ", wage ";
      AppendNumber(e.wage(), &description);
      description += " " + e.currency();
    }
    if (e.entry() == v1::ENTRY_IRREGULAR) description += ", irregular entry";
    if (!e.method().empty()) description += ", " + e.method();
  } else if (record.has_transaction()) {
    const auto& t = record.transaction();
    description = t.type();
    if (!t.reason().empty()) description += " (" + t.reason() + ")";
    if (t.has_amount()) {
      description += " ";
      AppendNumber(t.amount(), &description);
      description += " " + t.currency();
    }
    if (t.has_added_to_debt() && t.added_to_debt()) description += ", added to the debt";
    out->set_date(t.date().iso());
  } else if (record.has_person() && record.person().names_size() > 0) {
    description = "person";
    if (!record.person().birth_date().iso().empty()) out->set_date(record.person().birth_date().iso());
  } else if (record.has_relation()) {
    description = std::string(model::RelationTypeName(record.relation().type())) + " " + record.relation().from() +
                  " -> " + record.relation().to();
  } else if (record.has_location()) {
    description = record.location().name() + " (" + record.location().country() + ")";
  } else if (record.has_organization() && record.organization().names_size() > 0) {
    description = record.organization().names(0);
  } else if (record.has_source_record()) {
    description = record.source_record().reference();
  }
  out->set_description(description);
}

}  // namespace

void FindingToProto(const reasoner::Finding& f, const RecordLookup& record_of, v1::Finding* out) {
    out->set_id(f.id);
    out->set_type(f.type);
    out->set_subject(f.subject);
    for (const auto& k : f.linked) out->add_linked(k);
    for (const auto& a : f.actors) out->add_actors(a);
    out->set_rule(f.rule);
    out->set_citation(f.citation);
    for (const auto& [name, keys] : f.elements) {
      auto& list = (*out->mutable_elements())[name];
      for (const auto& k : keys) list.add_keys(k);
    }
    for (const auto& m : f.missing) out->add_missing(m);
    for (const auto& key : f.evidence) {
      if (const v1::Record* record = record_of(key)) Describe(*record, out->add_evidence());
    }
    out->set_reliability(f.reliability);
    out->set_credibility(f.credibility);
    out->set_age_presumed(f.age_presumed);
}

RecordLookup InRecords(const std::vector<v1::Record>& records) {
  auto by_key = std::make_shared<std::unordered_map<std::string, const v1::Record*>>();
  by_key->reserve(records.size());
  for (const auto& r : records) (*by_key)[model::GlobalKey(r.agency(), r.id())] = &r;
  return [by_key](const std::string& key) -> const v1::Record* {
    auto it = by_key->find(key);
    return it == by_key->end() ? nullptr : it->second;
  };
}

Status ReadFinding(const store::View& view, const store::FindingKey& key, v1::Finding* finding) {
  std::string value;
  Status s = view.GetFinding(key, &value);
  if (!s.ok()) return s;
  if (!finding->ParseFromString(value)) return Status::Corruption("stored finding " + key.id + " does not parse");
  return Status::Ok();
}

std::string UtcNow() {
  return UtcTimeText(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

std::string RulesFingerprint(const std::vector<reasoner::RuleSource>& sources) {
  // Bump kFindingsFormat when the stored Finding changes meaning (how
  // evidence is described, which fields are set): stored findings are then
  // made again.
  constexpr char kFindingsFormat[] = "findings-format-2";  // 2: first_seen is a Timestamp
  Fingerprint fingerprint;  // FNV-1a, 64 bits: stable across builds and machines
  fingerprint.Add(kFindingsFormat);
  for (const auto& source : sources) fingerprint.Add(source.file).Add(source.text);
  return fingerprint.Hex();
}

namespace {

store::FindingKey KeyOf(const v1::Finding& f) { return {f.type(), f.subject(), f.id()}; }

std::vector<std::string> IndexKeysOf(const v1::Finding& f) {
  std::set<std::string> keys(f.linked().begin(), f.linked().end());
  keys.insert(f.subject());
  return {keys.begin(), keys.end()};
}

// Maps are written in key order, so equal findings give equal bytes.
std::string SerializeDeterministic(const v1::Finding& f) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    f.SerializeToCodedStream(&coded);
  }
  return out;
}

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

Status ReadCaseRecords(const store::View& view, const std::vector<std::string>& keys, std::vector<v1::Record>* records) {
  auto touched = graph::CollectCaseRecords(view, Seeds(view, keys), SIZE_MAX);
  if (!touched.ok()) return touched.status();
  return view.GetMany(touched->records, [&](store::NodeId, const v1::Record& record) { records->push_back(record); });
}

size_t FindingsKeeper::DefaultThreads() {
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
}

FindingsKeeper::FindingsKeeper(store::Store* store, const reasoner::Reasoner* reasoner, std::string fingerprint)
    : store_(store), reasoner_(reasoner), fingerprint_(std::move(fingerprint)), clock_(UtcNow) {}

Result<bool> FindingsKeeper::Current(const store::View& view) const {
  auto mark = view.GetFindingsMark();
  if (!mark.ok()) return mark.status();
  // Never marked: current only for an empty store (a store written before
  // findings were stored has records but no import counter).
  if (!mark->present) return view.Imports() == 0 && view.RecordCount() == 0;
  return mark->imports == view.Imports() && mark->fingerprint == fingerprint_;
}

void FindingsKeeper::Report(std::vector<FindingChange>* found, const ChangeSink& sink) {
  for (auto& change : *found) {
    ++(change.added ? last_added_ : last_retracted_);
    if (sink) sink(std::move(change));
  }
  found->clear();
}

Status FindingsKeeper::EvaluateAll(const ChangeSink& changes, uint64_t* imports) {
  last_scope_records_ = last_scope_batches_ = last_added_ = last_retracted_ = 0;
  last_everything_ = true;
  auto now = store_->Snapshot();
  if (imports != nullptr) *imports = now->Imports();
  last_reached_ = now->Imports();
  // The batches first (node ids only: 8 bytes a record).
  std::vector<std::vector<store::NodeId>> batches;
  Status s = graph::ForEachCaseBatch(*now, batch_records_, [&](const std::vector<store::NodeId>& ids) {
    batches.push_back(ids);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  const store::FindingsMark done_mark{true, now->Imports(), fingerprint_};
  std::vector<FindingChange> none;
  if (batches.empty()) return Replace({}, {}, &done_mark, &none);  // still mark the (empty) store as assessed
  const store::FindingsMark evaluating{true, 0, "evaluating"};     // matches no rules' fingerprint
  s = Replace({}, {}, &evaluating, &none);
  if (!s.ok()) return s;
  s = EvaluateBatches(*now, &batches, changes);
  if (!s.ok()) return s;
  return Replace({}, {}, &done_mark, &none);
}

Status FindingsKeeper::EvaluateBatch(const store::View& view, const std::vector<store::NodeId>& ids,
                                     const store::FindingsMark* mark, std::vector<v1::Record>* records,
                                     std::vector<FindingChange>* found) {
  records->clear();
  records->reserve(ids.size());
  found->clear();
  Status s = view.GetMany(ids, [&](store::NodeId, const v1::Record& r) { records->push_back(r); });
  if (!s.ok()) return s;
  return Replace(*records, reasoner_->Assess(*records), mark, found);
}

Status FindingsKeeper::EvaluateBatches(const store::View& view, std::vector<std::vector<store::NodeId>>* batches,
                                       const ChangeSink& changes) {
  // `threads_` workers take the batches one at a time: batches share no
  // finding, so they are evaluated and stored in any order.
  for (const auto& batch : *batches) last_scope_records_ += batch.size();
  last_scope_batches_ = batches->size();
  std::mutex mutex;  // guards next, failure and changes
  size_t next = 0;
  Status failure;
  auto work = [&] {
    std::vector<v1::Record> records;
    std::vector<FindingChange> found;
    while (true) {
      size_t batch;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure.ok() || next == batches->size()) return;
        if (cancelled_) {
          failure = Status::Busy("the evaluation was cancelled (palermod is stopping)");
          return;
        }
        batch = next++;
      }
      Status done = EvaluateBatch(view, (*batches)[batch], nullptr, &records, &found);
      std::vector<store::NodeId>().swap((*batches)[batch]);
      std::lock_guard<std::mutex> lock(mutex);
      if (!done.ok() && failure.ok()) failure = done;
      if (done.ok()) Report(&found, changes);  // only what is stored reaches the subscribers
    }
  };
  std::vector<std::thread> workers;
  for (size_t i = 1; i < std::min(threads_, batches->size()); ++i) workers.emplace_back(work);
  work();
  for (auto& worker : workers) worker.join();
  return failure;
}

Status FindingsKeeper::Update(const store::View& before, const std::vector<store::NodeId>& touched, uint64_t number,
                              const ChangeSink& changes) {
  last_scope_records_ = last_scope_batches_ = last_added_ = last_retracted_ = 0;
  last_everything_ = false;
  auto now = store_->Snapshot();
  // Only findings that reflect the store just before this import can be
  // brought forward case by case; any others (an evaluation cut short, an
  // import missed) call for evaluating everything.
  auto stored_mark = now->GetFindingsMark();
  if (!stored_mark.ok()) return stored_mark.status();
  if (stored_mark->present && stored_mark->fingerprint == fingerprint_ && stored_mark->imports >= number) {
    // A full evaluation that began after this import committed holds it
    // already: nothing to do (evaluating everything again would repeat
    // for every import queued behind it).
    last_reached_ = stored_mark->imports;
    return Status::Ok();
  }
  bool follows = stored_mark->present
                     ? stored_mark->imports + 1 == number && stored_mark->fingerprint == fingerprint_
                     : number == 1 && before.RecordCount() == 0;
  if (!follows) return EvaluateAll(changes);
  last_reached_ = number;
  // The cases the import touched as they are, and the cases its replaced
  // records were in before (a replaced record may have left a case, whose
  // findings may no longer hold). Node ids do not change (records are
  // replaced in place, never deleted), so ids from before hold now.
  std::vector<store::NodeId> seeds = touched;
  {
    std::vector<store::NodeId> existed;
    for (store::NodeId id : touched) {
      if (id <= before.RecordCount()) existed.push_back(id);
    }
    auto was = graph::CollectCaseRecords(before, existed, SIZE_MAX);
    if (!was.ok()) return was.status();
    seeds.insert(seeds.end(), was->records.begin(), was->records.end());
  }
  std::sort(seeds.begin(), seeds.end());
  seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());
  std::vector<std::vector<store::NodeId>> batches;
  Status s = graph::ForEachCaseBatchOf(*now, seeds, batch_records_, [&](const std::vector<store::NodeId>& ids) {
    batches.push_back(ids);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  std::vector<store::NodeId>().swap(seeds);
  const store::FindingsMark mark{true, number, fingerprint_};
  std::vector<FindingChange> found;
  if (batches.size() <= 1) {
    // One batch: its findings and the mark in one atomic write.
    std::vector<v1::Record> records;
    s = EvaluateBatch(*now, batches.empty() ? std::vector<store::NodeId>() : batches[0], &mark, &records, &found);
    last_scope_records_ = records.size();
    last_scope_batches_ = batches.size();
    if (s.ok()) Report(&found, changes);  // only what is stored reaches the subscribers
    return s;
  }
  // Many: batch by batch, then the mark. A crash in between leaves the mark
  // one import behind the store, which the next start mends by evaluating
  // everything.
  s = EvaluateBatches(*now, &batches, changes);
  if (!s.ok()) return s;
  return Replace({}, {}, &mark, &found);
}

Status FindingsKeeper::Replace(const std::vector<v1::Record>& records, std::vector<reasoner::Finding> fresh,
                               const store::FindingsMark* mark, std::vector<FindingChange>* changes) {
  // The latest view: it holds every findings write so far (this keeper is
  // the only writer), which the evaluated view may predate.
  auto latest = store_->Snapshot();
  // The findings stored under the keys evaluated whose subject is one of
  // this batch's own records: only the batch that holds a finding's subject
  // (with its whole case) decides about it. Another batch may hold a key
  // the finding is linked to (a party split by a changed same_as) or a
  // place or source every batch that refers to it holds; it must leave the
  // finding alone, or two batches would write it at once.
  std::map<std::string, store::FindingKey> previous;  // by id
  {
    std::vector<std::string> keys;
    // Keys of the batch's records that are not places or sources, viewing
    // `keys` (reserved, so it never moves its strings).
    std::unordered_set<std::string_view> own;
    keys.reserve(records.size());
    own.reserve(records.size());
    for (const auto& record : records) {
      keys.push_back(model::GlobalKey(record.agency(), record.id()));
      if (record.kind() != v1::KIND_LOCATION && record.kind() != v1::KIND_SOURCE) own.insert(keys.back());
    }
    std::vector<store::FindingKey> found;
    Status s = latest->FindingsOfAll(keys, &found);
    if (!s.ok()) return s;
    for (auto& key : found) {
      if (own.count(key.subject)) previous.emplace(key.id, std::move(key));
    }
  }

  store::FindingsUpdate update;
  update.write_mark = mark != nullptr;
  if (mark != nullptr) update.mark = *mark;
  auto record_of = InRecords(records);
  const std::string now_text = clock_();  // RFC 3339
  google::protobuf::Timestamp now;
  if (!google::protobuf::util::TimeUtil::FromString(now_text, &now)) {
    return Status::InvalidArgument("the findings clock gave no RFC 3339 time: \"" + now_text + "\"");
  }
  std::set<std::string> kept;  // ids of `previous` that still hold
  for (const auto& f : fresh) {
    v1::Finding next;
    FindingToProto(f, record_of, &next);
    // A stored version is among `previous`: it is indexed under its subject,
    // a key of `records` (the subject is its party's smallest key).
    v1::Finding old;
    std::string old_value;  // as stored: serialized deterministically, so comparable byte for byte
    auto it = previous.find(f.id);
    bool existed = it != previous.end();
    if (existed) {
      kept.insert(f.id);
      Status s = latest->GetFinding(it->second, &old_value);
      // An index entry without its finding (left by an older build) is
      // taken as no finding: this write replaces it.
      if (s.code() == Status::Code::kNotFound) existed = false;
      else if (!s.ok()) return s;
      if (existed && !old.ParseFromString(old_value)) return Status::Corruption("stored finding " + f.id + " does not parse");
    }
    *next.mutable_first_seen() = existed ? old.first_seen() : now;
    std::string value = SerializeDeterministic(next);
    if (existed) {
      if (old_value == value) continue;  // unchanged
      update.removed.push_back({KeyOf(old), IndexKeysOf(old), {}});
    } else {
      changes->push_back({true, next});
    }
    update.written.push_back({KeyOf(next), IndexKeysOf(next), std::move(value)});
  }
  for (const auto& [id, key] : previous) {
    if (kept.count(id)) continue;
    v1::Finding old;
    Status s = ReadFinding(*latest, key, &old);
    if (s.code() == Status::Code::kNotFound) {
      update.removed.push_back({key, {key.subject}, {}});  // a dangling index entry
      continue;
    }
    if (!s.ok()) return s;
    update.removed.push_back({key, IndexKeysOf(old), {}});
    changes->push_back({false, std::move(old)});
  }
  return store_->WriteFindings(update);
}

}  // namespace palermo::findings
