#include "services/reasoner_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <set>

#include "format/case_format.h"
#include "format/json.h"
#include "services/grpc_status.h"

namespace palermo::services {

namespace v1 = palermo::v1;

struct ReasonerServiceImpl::Subscriber {
  std::set<std::string> types;  // empty: all
  std::deque<v1::FindingEvent> events;  // guarded by the service's mutex_
};

ReasonerServiceImpl::ReasonerServiceImpl(store::Store* store, const reasoner::Reasoner* reasoner,
                                         std::vector<reasoner::RuleSource> sources, std::string default_agency)
    : store_(store),
      reasoner_(reasoner),
      sources_(std::move(sources)),
      default_agency_(std::move(default_agency)),
      incremental_(reasoner) {
  feed_ = std::thread([this] { FeedLoop(); });
}

ReasonerServiceImpl::~ReasonerServiceImpl() {
  Stop();
  feed_.join();
}

void ReasonerServiceImpl::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
}

void ReasonerServiceImpl::ImportHappened(std::shared_ptr<const store::View> before, const store::ImportStats& stats) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (subscribers_.empty()) {
    baseline_valid_ = false;  // nobody watches: the next subscriber starts afresh
    return;
  }
  pending_.push_back({std::move(before), stats.keys, !stats.keys_truncated});
  changed_.notify_all();
}

namespace {

// A few words on a record for a reader of the evidence.
void Describe(const v1::Record& record, v1::Evidence* out) {
  out->set_key(format::GlobalKey(record.agency(), record.id()));
  out->set_kind(format::KindName(record.kind()));
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
      format::AppendJsonNumber(e.amount(), &description);
      description += " " + e.currency();
    }
    if (e.has_hours_per_week()) {
      description += ", ";
      format::AppendJsonNumber(e.hours_per_week(), &description);
      description += " h/week";
    }
    if (e.has_wage()) {
      description += ", wage ";
      format::AppendJsonNumber(e.wage(), &description);
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
      format::AppendJsonNumber(t.amount(), &description);
      description += " " + t.currency();
    }
    if (t.has_added_to_debt() && t.added_to_debt()) description += ", added to the debt";
    out->set_date(t.date().iso());
  } else if (record.has_person() && record.person().names_size() > 0) {
    description = "person";
    if (!record.person().birth_date().iso().empty()) out->set_date(record.person().birth_date().iso());
  } else if (record.has_relation()) {
    description = std::string(format::RelationTypeName(record.relation().type())) + " " + record.relation().from() +
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

// Reads a record by key, for evidence descriptions; false when absent.
using RecordLookup = std::function<bool(const std::string&, v1::Record*)>;

void ToProto(const reasoner::Finding& f, const RecordLookup& record_of, v1::Finding* out) {
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
    v1::Record record;
    for (const auto& key : f.evidence) {
      if (record_of(key, &record)) Describe(record, out->add_evidence());
    }
    out->set_reliability(f.reliability);
    out->set_credibility(f.credibility);
    out->set_age_presumed(f.age_presumed);
}

void ToProto(const reasoner::ProofNode& node, v1::ProofNode* out) {
  out->set_fact(node.fact);
  out->set_rule(node.rule);
  out->set_citation(node.citation);
  out->set_record(node.record);
  out->set_agency(node.agency);
  out->set_reliability(node.reliability);
  out->set_credibility(node.credibility);
  out->set_shown_above(node.shown_above);
  out->set_truncated(node.truncated);
  for (const auto& premise : node.premises) ToProto(premise, out->add_premises());
}

// Looks records up in `records` (which must outlive the lookup).
RecordLookup InRecords(const std::vector<v1::Record>& records) {
  auto by_key = std::make_shared<std::map<std::string, const v1::Record*>>();
  for (const auto& r : records) (*by_key)[format::GlobalKey(r.agency(), r.id())] = &r;
  return [by_key](const std::string& key, v1::Record* out) {
    auto it = by_key->find(key);
    if (it == by_key->end()) return false;
    *out = *it->second;
    return true;
  };
}

// Looks records up in a store view.
RecordLookup InView(const store::View& view) {
  return [&view](const std::string& key, v1::Record* out) {
    auto id = view.Lookup(key);
    return id.ok() && view.Get(*id, out).ok();
  };
}

}  // namespace

grpc::Status ReasonerServiceImpl::Assess(grpc::ServerContext*, const v1::AssessRequest* request,
                                         v1::AssessResponse* response) {
  std::string subject = request->subject();
  if (!subject.empty() && subject.find('/') == std::string::npos) subject = format::GlobalKey(default_agency_, subject);
  auto view = store_->Snapshot();  // one snapshot for the check and the records
  if (!subject.empty() && !view->Lookup(subject).ok()) {
    return {grpc::StatusCode::NOT_FOUND, "no record " + subject};
  }
  std::vector<v1::Record> records;
  Status s = ReadAllRecords(*view, &records);
  if (!s.ok()) return ToGrpc(s);
  auto record_of = InRecords(records);
  for (const auto& f : reasoner_->Assess(records)) {
    if (!subject.empty() && f.subject != subject &&
        std::find(f.linked.begin(), f.linked.end(), subject) == f.linked.end()) {
      continue;
    }
    ToProto(f, record_of, response->add_findings());
  }
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::Explain(grpc::ServerContext*, const v1::ExplainRequest* request,
                                          v1::ExplainResponse* response) {
  if (request->finding_id().empty()) return {grpc::StatusCode::INVALID_ARGUMENT, "finding_id is required"};
  std::vector<v1::Record> records;
  Status s = ReadAllRecords(*store_->Snapshot(), &records);
  if (!s.ok()) return ToGrpc(s);
  auto explanation = reasoner_->Explain(records, request->finding_id());
  if (!explanation.ok()) return ToGrpc(explanation.status());
  ToProto(explanation->finding, InRecords(records), response->mutable_finding());
  for (const auto& proof : explanation->proofs) ToProto(proof, response->add_proofs());
  return grpc::Status::OK;
}

void ReasonerServiceImpl::FeedLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] {
      return stopping_ || (!subscribers_.empty() && (!pending_.empty() || !baseline_valid_));
    });
    if (stopping_) return;
    bool fresh = !baseline_valid_;  // a first evaluation only sets the baseline
    std::vector<PendingImport> imports;
    imports.swap(pending_);
    lock.unlock();
    auto now = store_->Snapshot();
    std::vector<FindingChange> changes;
    Status s;
    if (fresh) {
      s = incremental_.Reset(*now);
    } else {
      // Each import's cases, as they were and as they are, evaluated on the
      // latest store: every case any of them changed is covered.
      for (const auto& import : imports) {
        s = incremental_.Update(*import.before, *now, import.keys, import.complete, &changes);
        if (!s.ok()) break;
      }
    }
    std::vector<v1::FindingEvent> events;
    auto record_of = InView(*now);
    for (const auto& change : changes) {
      events.emplace_back();
      events.back().set_change(change.added ? v1::FindingEvent::CHANGE_NEW : v1::FindingEvent::CHANGE_RETRACTED);
      ToProto(change.finding, record_of, events.back().mutable_finding());
    }
    lock.lock();
    if (!s.ok()) {
      std::fprintf(stderr, "palermod: updating findings for subscribers failed: %s\n", s.ToString().c_str());
      baseline_valid_ = false;  // start afresh next time
      continue;
    }
    for (auto& subscriber : subscribers_) {
      for (const auto& event : events) {
        if (subscriber->types.empty() || subscriber->types.count(event.finding().type())) {
          subscriber->events.push_back(event);
        }
      }
    }
    baseline_valid_ = true;
    changed_.notify_all();
  }
}

grpc::Status ReasonerServiceImpl::SubscribeFindings(grpc::ServerContext* context,
                                                    const v1::SubscribeFindingsRequest* request,
                                                    grpc::ServerWriter<v1::FindingEvent>* writer) {
  auto subscriber = std::make_shared<Subscriber>();
  subscriber->types.insert(request->types().begin(), request->types().end());
  std::unique_lock<std::mutex> lock(mutex_);
  if (subscribers_.empty()) {
    baseline_valid_ = false;  // nobody watched the last imports
    pending_.clear();
  }
  subscribers_.push_back(subscriber);
  changed_.notify_all();
  bool live = false;
  grpc::Status result = grpc::Status::OK;
  while (true) {
    // Wake for events, a baseline, stop, or to notice a cancelled call.
    changed_.wait_for(lock, std::chrono::milliseconds(200), [&] {
      return stopping_ || (!live && baseline_valid_) || !subscriber->events.empty();
    });
    if (stopping_ || context->IsCancelled()) break;
    std::vector<v1::FindingEvent> out;
    if (!live && baseline_valid_) {
      live = true;
      out.emplace_back();
      out.back().set_change(v1::FindingEvent::CHANGE_SUBSCRIBED);
    }
    if (live) {
      out.insert(out.end(), subscriber->events.begin(), subscriber->events.end());
      subscriber->events.clear();
    }
    if (out.empty()) continue;
    lock.unlock();
    bool written = true;
    for (const auto& event : out) written = written && writer->Write(event);
    lock.lock();
    if (!written) break;
  }
  subscribers_.erase(std::remove(subscribers_.begin(), subscribers_.end(), subscriber), subscribers_.end());
  return result;
}

grpc::Status ReasonerServiceImpl::ListRules(grpc::ServerContext*, const v1::ListRulesRequest*,
                                            v1::ListRulesResponse* response) {
  for (const auto& stratum : reasoner_->program().strata) {
    for (const auto& planned : stratum) {
      auto* rule = response->add_rules();
      rule->set_name(planned.rule.name);
      rule->set_citation(planned.rule.citation);
      rule->set_derives(planned.rule.head.predicate);
      rule->set_position(planned.rule.position.ToString());
    }
  }
  std::sort(response->mutable_rules()->begin(), response->mutable_rules()->end(),
            [](const v1::RuleInfo& a, const v1::RuleInfo& b) { return a.name() < b.name(); });
  for (const auto& f : reasoner_->program().findings) response->add_findings(f.predicate);
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::CheckRules(grpc::ServerContext*, const v1::CheckRulesRequest* request,
                                             v1::CheckRulesResponse* response) {
  const std::string file_name = request->file_name().empty() ? "(rules)" : request->file_name();
  std::vector<reasoner::RuleSource> sources = sources_;
  sources.push_back({file_name, request->text()});
  std::vector<std::string> errors;
  auto loaded = reasoner::Reasoner::Load(sources, &errors);
  response->set_ok(loaded.ok());
  for (const auto& e : errors) response->add_errors(e);
  if (!loaded.ok()) return grpc::Status::OK;
  int rules = 0;  // the checked file's rules, as the loaded program has them
  for (const auto& stratum : loaded.value()->program().strata) {
    for (const auto& planned : stratum) rules += planned.rule.position.file == file_name ? 1 : 0;
  }
  response->set_rules(rules);
  return grpc::Status::OK;
}

}  // namespace palermo::services
