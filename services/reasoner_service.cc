#include "services/reasoner_service.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <set>
#include <tuple>

#include "common/encoding.h"
#include "common/fingerprint.h"
#include "common/text.h"
#include "format/case_format.h"
#include "graph/traversal.h"
#include "services/access_control.h"
#include "services/grpc_status.h"

namespace palermo::services {

namespace v1 = palermo::v1;

ReasonerServiceImpl::ReasonerServiceImpl(store::Store* store, const reasoner::Reasoner* reasoner,
                                         findings::StoredFindings* findings, std::vector<reasoner::RuleSource> sources,
                                         std::string default_agency)
    : store_(store),
      reasoner_(reasoner),
      findings_(findings),
      sources_(std::move(sources)),
      default_agency_(std::move(default_agency)) {}

grpc::Status ReasonerServiceImpl::AwaitCurrentFindings(grpc::ServerContext* context) {
  return ToGrpc(findings_->AwaitCurrent([context] { return context->IsCancelled(); }));
}

grpc::Status ReasonerServiceImpl::FindingTypes(const google::protobuf::RepeatedPtrField<std::string>& asked,
                                               std::set<std::string>* types) const {
  std::set<std::string> known;
  for (const auto& f : reasoner_->program().findings) known.insert(f.predicate);
  for (const auto& type : asked) {
    if (!known.count(type)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "unknown finding type \"" + EscapeForMessage(type, 200) + "\"; the loaded rules have: " + list};
    }
    types->insert(type);
  }
  return grpc::Status::OK;
}


namespace {

// The words of a finding's type, from the loaded rules (docs/RULES.md),
// set on a finding as it is served. They are never stored: a stored finding
// stays byte for byte what the keeper wrote, whatever words the rules give.
void SetWords(const reasoner::Program& program, v1::Finding* finding) {
  const reasoner::FindingWords& words = program.WordsOf(finding->type());
  finding->set_title(words.title);
  finding->set_meaning(words.meaning);
  finding->set_action(words.action);
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
  out->set_absent(node.absent);
  out->set_source(node.source);
  out->set_source_reference(node.source_reference);
  out->set_source_reported(node.source_reported);
  for (const auto& premise : node.premises) ToProto(premise, out->add_premises());
}

// The stored findings of `global_key`, sorted by key.
Status FindingsOfKey(const store::View& view, const std::string& global_key, std::vector<store::FindingKey>* keys) {
  Status s = view.FindingsOf(global_key, keys);
  std::sort(keys->begin(), keys->end());
  return s;
}

// Finding ids are TYPE:SUBJECT.
bool ParseFindingId(const std::string& id, store::FindingKey* key) {
  size_t colon = id.find(':');
  if (colon == 0 || colon == std::string::npos || colon + 1 == id.size()) return false;
  *key = {id.substr(0, colon), id.substr(colon + 1), id};
  return true;
}

// Page tokens are bound to the query that made them: the hash of its
// filters (16 hex digits), '-', and the last finding's place in the store
// (its encoded key in hex).
bool Unhex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int value = 0;
    for (char c : hex.substr(i, 2)) {
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return false;
      value = value * 16 + digit;
    }
    out->push_back(static_cast<char>(value));
  }
  return true;
}

// The filters of a ListFindings query, as 16 hex digits (FNV-1a, 64 bits:
// stable across builds and restarts, so tokens outlive a restart).
std::string QueryHash(const std::set<std::string>& types, const std::string& agency, const std::string& subject,
                      const google::protobuf::Timestamp* since) {
  Fingerprint fingerprint;
  for (const auto& type : types) fingerprint.Add(type);
  fingerprint.Add("|agency").Add(agency).Add("|subject").Add(subject).Add("|since");
  if (since != nullptr) fingerprint.Add(std::to_string(since->seconds()) + "." + std::to_string(since->nanos()));
  return fingerprint.Hex();
}

std::string EncodePageToken(const std::string& query_hash, const store::FindingKey& key) {
  return query_hash + "-" + Hex(store::EncodeFindingKey(key));
}

// InvalidArgument for a token this server did not give, or gave for a
// query with other filters.
Status DecodePageToken(const std::string& token, const std::string& query_hash, store::FindingKey* key) {
  std::string raw;
  if (token.size() < query_hash.size() + 1 || token[query_hash.size()] != '-' ||
      !Unhex(std::string_view(token).substr(query_hash.size() + 1), &raw) || !store::DecodeFindingKey(raw, key)) {
    return Status::InvalidArgument("page_token is not one this server gave");
  }
  if (token.compare(0, query_hash.size(), query_hash) != 0) {
    return Status::InvalidArgument(
        "page_token was given for other filters (types, agency, subject, since): ask with the filters of the "
        "first page, or without a token to start again");
  }
  return Status::Ok();
}

bool HasAgency(const v1::Finding& f, const std::string& agency) {
  auto of = [&](const std::string& key) { return key.size() > agency.size() && key.compare(0, agency.size(), agency) == 0 && key[agency.size()] == '/'; };
  return of(f.subject()) || std::any_of(f.linked().begin(), f.linked().end(), of);
}

// Whether a call must wait for current findings: InvalidArgument for a
// value that is no Consistency.
Status WaitsForCurrentFindings(int consistency, bool* wait) {
  if (!v1::Consistency_IsValid(consistency)) {
    return Status::InvalidArgument("consistency " + std::to_string(consistency) +
                                   " is not CONSISTENCY_CURRENT (1) or CONSISTENCY_STORED (2)");
  }
  *wait = consistency != v1::CONSISTENCY_STORED;
  return Status::Ok();
}

// The import numbers of what `view` holds: that of its findings, that of the store.
template <typename Response>
Status SetImportNumbers(const store::View& view, Response* response) {
  auto mark = view.GetFindingsMark();
  if (!mark.ok()) return mark.status();
  response->set_findings_import_number(mark->present ? mark->imports : 0);
  response->set_store_import_number(view.Imports());
  return Status::Ok();
}

}  // namespace

grpc::Status ReasonerServiceImpl::Assess(grpc::ServerContext* context, const v1::AssessRequest* request,
                                         v1::AssessResponse* response) {
  bool wait = true;
  Status checked = CheckKey("subject", request->subject(), false);
  if (checked.ok()) checked = WaitsForCurrentFindings(request->consistency(), &wait);
  if (!checked.ok()) return ToGrpc(checked);
  const Caller caller = CallerOf(*context, default_agency_);
  const std::string subject = request->subject().empty() ? "" : QualifyKey(request->subject(), caller.agency);
  if (wait) {
    grpc::Status waited = AwaitCurrentFindings(context);
    if (!waited.ok()) return waited;
  }
  // One snapshot for the check, the findings and their mark.
  auto snapshot = SnapshotFor(caller, *store_);
  const store::View* view = &snapshot->all();
  Status numbered = SetImportNumbers(*view, response);
  if (!numbered.ok()) return ToGrpc(numbered);
  if (!subject.empty()) {
    auto found = snapshot->view().Lookup(subject);
    if (!found.ok()) return ToGrpc(found.status());
    std::vector<store::FindingKey> keys;
    Status s = FindingsOfKey(*view, subject, &keys);
    for (size_t i = 0; s.ok() && i < keys.size(); ++i) s = findings::ReadFinding(*view, keys[i], response->add_findings());
    if (!s.ok()) return ToGrpc(s);
  } else {
    Status bad;
    Status s = view->ForEachFinding("", nullptr, [&](const store::FindingKey& key, std::string_view value) {
      if (!response->add_findings()->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        bad = Status::Corruption("stored finding " + key.id + " does not parse");
        return false;
      }
      return true;
    });
    if (s.ok()) s = bad;
    if (!s.ok()) return ToGrpc(s);
  }
  // What the caller may not see is withheld (docs/ACCESS.md).
  auto* found = response->mutable_findings();
  for (int i = found->size() - 1; i >= 0; --i) {
    Result<Sight> shown = ScreenFinding(snapshot->access(), found->Mutable(i));
    if (!shown.ok()) return ToGrpc(shown.status());
    if (*shown == Sight::kNone) found->DeleteSubrange(i, 1);
  }
  std::sort(response->mutable_findings()->begin(), response->mutable_findings()->end(),
            [](const v1::Finding& a, const v1::Finding& b) {
              return std::tie(a.subject(), a.type()) < std::tie(b.subject(), b.type());
            });
  for (auto& f : *response->mutable_findings()) SetWords(reasoner_->program(), &f);
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                                               v1::ListFindingsResponse* response) {
  constexpr int kDefaultPageSize = 500;
  constexpr int kMaxPageSize = 5000;
  using google::protobuf::util::TimeUtil;
  // Every argument is checked before anything is read (docs/ERRORS.md).
  if (request->page_size() < 0 || request->page_size() > kMaxPageSize) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "page_size " + std::to_string(request->page_size()) +
                                                    " is out of range: 0 (the default, 500) to " +
                                                    std::to_string(kMaxPageSize)};
  }
  const int page_size = request->page_size() == 0 ? kDefaultPageSize : request->page_size();
  std::set<std::string> types;
  grpc::Status checked = FindingTypes(request->types(), &types);
  if (!checked.ok()) return checked;
  const google::protobuf::Timestamp* since = request->has_since() ? &request->since() : nullptr;
  if (since != nullptr && (since->seconds() < TimeUtil::kTimestampMinSeconds ||
                           since->seconds() > TimeUtil::kTimestampMaxSeconds || since->nanos() < 0 ||
                           since->nanos() > 999999999)) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "since (seconds " + std::to_string(since->seconds()) + ", nanos " + std::to_string(since->nanos()) +
                ") is not a valid Timestamp (years 1 to 9999, nanos 0 to 999999999)"};
  }
  const std::string& agency = request->agency();
  bool wait = true;
  Status s = CheckAgency("agency", agency, false);
  if (s.ok()) s = CheckKey("subject", request->subject(), false);
  if (s.ok()) s = WaitsForCurrentFindings(request->consistency(), &wait);
  if (!s.ok()) return ToGrpc(s);
  const std::string subject = request->subject().empty() ? "" : QualifyKey(request->subject(), CallerOf(*context, default_agency_).agency);
  const std::string query_hash = QueryHash(types, agency, subject, since);
  store::FindingKey after;
  const bool resume = !request->page_token().empty();
  if (resume) {
    s = DecodePageToken(request->page_token(), query_hash, &after);
    if (!s.ok()) return ToGrpc(s);
  }
  if (wait) {
    grpc::Status waited = AwaitCurrentFindings(context);
    if (!waited.ok()) return waited;
  }
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->all();
  s = SetImportNumbers(*view, response);
  if (!s.ok()) return ToGrpc(s);

  // Takes a finding that passes the filters; false once the page is full.
  store::FindingKey last;
  Status bad;
  auto take = [&](const store::FindingKey& key, std::string_view value) {
    if (response->findings_size() == page_size) {
      response->set_next_page_token(EncodePageToken(query_hash, last));
      return false;
    }
    v1::Finding f;
    if (!f.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      bad = Status::Corruption("stored finding " + key.id + " does not parse");
      return false;
    }
    if (!types.empty() && !types.count(f.type())) return true;
    if (!agency.empty() && !HasAgency(f, agency)) return true;
    if (since != nullptr && f.first_seen() < *since) return true;
    Result<Sight> shown = ScreenFinding(snapshot->access(), &f);
    if (!shown.ok()) {
      bad = shown.status();
      return false;
    }
    if (*shown == Sight::kNone) return true;
    SetWords(reasoner_->program(), &f);
    *response->add_findings() = std::move(f);
    last = key;
    return true;
  };
  if (!subject.empty()) {
    auto found = snapshot->view().Lookup(subject);
    if (!found.ok()) return ToGrpc(found.status());
    std::vector<store::FindingKey> keys;
    s = FindingsOfKey(*view, subject, &keys);
    for (size_t i = 0; s.ok() && bad.ok() && i < keys.size(); ++i) {
      if (resume && !(after < keys[i])) continue;
      std::string value;
      s = view->GetFinding(keys[i], &value);
      if (s.ok() && !take(keys[i], value)) break;
    }
  } else if (types.empty()) {
    s = view->ForEachFinding("", resume ? &after : nullptr, take);
  } else {
    for (const auto& type : types) {
      if (resume && type < after.type) continue;
      s = view->ForEachFinding(type, resume && type == after.type ? &after : nullptr, take);
      if (!s.ok() || !bad.ok() || !response->next_page_token().empty()) break;
    }
  }
  if (s.ok()) s = bad;
  if (!s.ok()) return ToGrpc(s);
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::Explain(grpc::ServerContext* context, const v1::ExplainRequest* request,
                                          v1::ExplainResponse* response) {
  if (request->finding_id().empty()) return {grpc::StatusCode::INVALID_ARGUMENT, "finding_id is required"};
  Status checked = CheckText("finding_id", request->finding_id());
  if (!checked.ok()) return ToGrpc(checked);
  store::FindingKey key;
  if (!ParseFindingId(request->finding_id(), &key)) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "finding ids are TYPE:SUBJECT (e.g. smuggling_of_migrants:border-police/p1), not \"" +
                EscapeForMessage(request->finding_id(), 200) + "\""};
  }
  // A finding id names a type of the loaded rules and a well-formed key:
  // anything else cannot be one (INVALID_ARGUMENT, as in ListFindings).
  google::protobuf::RepeatedPtrField<std::string> type;
  type.Add()->assign(key.type);
  std::set<std::string> known;
  grpc::Status typed = FindingTypes(type, &known);
  if (!typed.ok()) return typed;
  checked = CheckKey("finding_id's subject", key.subject, true);
  if (!checked.ok()) return ToGrpc(checked);
  grpc::Status waited = AwaitCurrentFindings(context);
  if (!waited.ok()) return waited;
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->all();
  v1::Finding stored;
  Status s = findings::ReadFinding(*view, key, &stored);
  // A finding the caller may not see is answered as one that does not
  // exist; one resting on references comes without proofs, which quote
  // the records (docs/ACCESS.md).
  Result<Sight> sight = s.ok() ? ScreenFinding(snapshot->access(), &stored) : Result<Sight>(Sight::kContent);
  if (!sight.ok()) return ToGrpc(sight.status());
  if (s.code() == Status::Code::kNotFound || *sight == Sight::kNone) {
    return {grpc::StatusCode::NOT_FOUND, "no finding " + key.id};
  }
  if (!s.ok()) return ToGrpc(s);
  if (*sight == Sight::kReference) {
    *response->mutable_finding() = std::move(stored);
    SetWords(reasoner_->program(), response->mutable_finding());
    return grpc::Status::OK;
  }
  // The proof comes from evaluating the finding's case again.
  std::vector<std::string> keys(stored.linked().begin(), stored.linked().end());
  keys.push_back(stored.subject());
  std::vector<v1::Record> records;
  s = findings::ReadCaseRecords(*view, keys, &records);
  if (!s.ok()) return ToGrpc(s);
  auto explanation = reasoner_->Explain(records, key.id);
  if (!explanation.ok()) return ToGrpc(explanation.status());
  *response->mutable_finding() = std::move(stored);
  SetWords(reasoner_->program(), response->mutable_finding());
  for (const auto& proof : explanation->proofs) ToProto(proof, response->add_proofs());
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::SubscribeFindings(grpc::ServerContext* context,
                                                    const v1::SubscribeFindingsRequest* request,
                                                    grpc::ServerWriter<v1::FindingEvent>* writer) {
  std::set<std::string> types;
  grpc::Status checked = FindingTypes(request->types(), &types);
  if (!checked.ok()) return checked;
  // A stream blocked on a client that does not read is cancelled when its
  // queue overflows; one that is not blocked ends with RESOURCE_EXHAUSTED.
  // The stream sets `writing` before it checks that the subscription still
  // stands, and the fan-out ends it before it reads `writing`, so one of
  // the two always sees the other.
  auto writing = std::make_shared<std::atomic<bool>>(false);
  auto subscription = findings_->fanout().Subscribe(std::move(types), [context, writing] {
    if (writing->load()) context->TryCancel();
  });
  v1::FindingEvent subscribed;
  subscribed.set_change(v1::FindingEvent::CHANGE_SUBSCRIBED);
  subscribed.set_import_number(store_->Snapshot()->Imports());
  bool written = writer->Write(subscribed);
  std::deque<findings::FindingEventData> events;
  Status screen_failed = Status::Ok();
  while (written && !context->IsCancelled()) {
    // Wakes for events or the end, or to notice a cancelled call.
    if (!subscription->Next(std::chrono::milliseconds(200), &events)) break;
    // Each batch is screened against the store as it is now (docs/ACCESS.md).
    auto snapshot = SnapshotFor(*context, *store_, default_agency_);
    for (auto& data : events) {
      v1::FindingEvent event;
      event.set_change(data.change.added ? v1::FindingEvent::CHANGE_NEW : v1::FindingEvent::CHANGE_RETRACTED);
      event.set_import_number(data.import_number);
      *event.mutable_finding() = std::move(data.change.finding);
      Result<Sight> shown = ScreenFinding(snapshot->access(), event.mutable_finding());
      if (!shown.ok()) {
        screen_failed = shown.status();
        written = false;
        break;
      }
      if (*shown == Sight::kNone) continue;
      SetWords(reasoner_->program(), event.mutable_finding());
      writing->store(true);
      if (subscription->end() != findings::FindingsFanOut::Subscription::End::kNone) {
        writing->store(false);
        break;
      }
      written = writer->Write(event);
      writing->store(false);
      if (!written) break;
    }
    events.clear();
  }
  const auto end = subscription->end();
  findings_->fanout().Unsubscribe(subscription);  // frees whatever it still held
  if (!screen_failed.ok()) return ToGrpc(screen_failed);
  const std::string resume = "read what followed with `palermo findings --since TIME` (ListFindings.since) and subscribe again";
  switch (end) {
    case findings::FindingsFanOut::Subscription::End::kStopped:
      return {grpc::StatusCode::UNAVAILABLE, "palermod is shutting down; " + resume};
    case findings::FindingsFanOut::Subscription::End::kOverflowed:
      return {grpc::StatusCode::RESOURCE_EXHAUSTED,
              "this subscription fell more than " + std::to_string(findings_->fanout().max_events()) +
                  " events behind and was ended; " + resume};
    default:
      return {grpc::StatusCode::CANCELLED, "the subscription was cancelled"};
  }
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
  for (const auto& f : reasoner_->program().findings) {
    response->add_findings(f.predicate);
    auto* type = response->add_finding_types();
    type->set_name(f.predicate);
    type->set_title(f.words.title);
    type->set_meaning(f.words.meaning);
    type->set_action(f.words.action);
    for (const auto& column : f.columns) type->add_columns(column);
    type->set_position(f.position.ToString());
  }
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::CheckRules(grpc::ServerContext*, const v1::CheckRulesRequest* request,
                                             v1::CheckRulesResponse* response) {
  Status checked = CheckText("file_name", request->file_name());
  if (!checked.ok()) return ToGrpc(checked);
  const std::string file_name = request->file_name().empty() ? "(rules)" : request->file_name();
  std::vector<reasoner::RuleSource> sources = sources_;
  sources.push_back({file_name, request->text()});
  auto loaded = reasoner::Reasoner::Load(sources);
  response->set_ok(loaded.ok());
  for (const auto& problem : loaded.status().diagnostics()) response->add_errors(problem.ToString());
  if (!loaded.ok()) return grpc::Status::OK;
  int rules = 0;  // the checked file's rules, as the loaded program has them
  for (const auto& stratum : loaded.value()->program().strata) {
    for (const auto& planned : stratum) rules += planned.rule.position.file == file_name ? 1 : 0;
  }
  response->set_rules(rules);
  return grpc::Status::OK;
}

}  // namespace palermo::services
