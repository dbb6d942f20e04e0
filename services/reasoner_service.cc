#include "services/reasoner_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <set>

#include <ctime>
#include <tuple>

#include "format/case_format.h"
#include "graph/traversal.h"
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
      keeper_(store, reasoner, RulesFingerprint(sources_)) {
  keeper_thread_ = std::thread([this] { KeepLoop(); });
}

ReasonerServiceImpl::~ReasonerServiceImpl() {
  Stop();
  keeper_thread_.join();
}

void ReasonerServiceImpl::Stop() {
  keeper_.Cancel();  // a full evaluation stops between batches; the next start does it again
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
}

void ReasonerServiceImpl::ImportHappened(std::shared_ptr<const store::View> before, const store::ImportStats& stats) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.push_back({std::move(before), stats.keys, !stats.keys_truncated, stats.number});
  changed_.notify_all();
}

grpc::Status ReasonerServiceImpl::AwaitCurrentFindings(grpc::ServerContext* context) {
  const uint64_t imports = store_->Snapshot()->Imports();
  std::unique_lock<std::mutex> lock(mutex_);
  while (findings_imports_ < imports) {
    if (stopping_) return {grpc::StatusCode::UNAVAILABLE, "palermod is stopping"};
    if (!keeper_error_.empty()) {
      return {grpc::StatusCode::UNAVAILABLE, "the findings are not up to date (palermod retries): " + keeper_error_};
    }
    if (context->IsCancelled()) return {grpc::StatusCode::CANCELLED, "cancelled while the findings were brought up to date"};
    changed_.wait_for(lock, std::chrono::milliseconds(200));
  }
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::FindingTypes(const google::protobuf::RepeatedPtrField<std::string>& asked,
                                               std::set<std::string>* types) const {
  std::set<std::string> known;
  for (const auto& f : reasoner_->program().findings) known.insert(f.predicate);
  for (const auto& type : asked) {
    if (!known.count(type)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return {grpc::StatusCode::INVALID_ARGUMENT, "unknown finding type \"" + type + "\"; the loaded rules have: " + list};
    }
    types->insert(type);
  }
  return grpc::Status::OK;
}

std::string ReasonerServiceImpl::GlobalKeyOf(const std::string& key) const {
  return key.find('/') == std::string::npos ? format::GlobalKey(default_agency_, key) : key;
}

void ReasonerServiceImpl::KeepLoop() {
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); };
  {
    auto view = store_->Snapshot();
    auto current = keeper_.Current(*view);
    std::lock_guard<std::mutex> lock(mutex_);
    if (current.ok() && *current) {
      findings_imports_ = view->Imports();
    } else {
      evaluate_all_ = true;
      std::printf("palermod: the stored findings do not reflect this store and these rules; evaluating every case\n");
      std::fflush(stdout);
    }
  }
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || evaluate_all_ || !pending_.empty(); });
    if (stopping_) return;
    bool all = evaluate_all_;
    std::vector<PendingImport> imports;
    imports.swap(pending_);
    lock.unlock();

    // Changes go to the subscribers as they are stored.
    ChangeSink to_subscribers = [this](FindingChange change) {
      v1::FindingEvent event;
      event.set_change(change.added ? v1::FindingEvent::CHANGE_NEW : v1::FindingEvent::CHANGE_RETRACTED);
      *event.mutable_finding() = std::move(change.finding);
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto& subscriber : subscribers_) {
        if (subscriber->types.empty() || subscriber->types.count(event.finding().type())) {
          subscriber->events.push_back(event);
        }
      }
      changed_.notify_all();
    };
    Status s;
    uint64_t reached = 0;
    auto started = Clock::now();
    if (all) {
      s = keeper_.EvaluateAll(to_subscribers, &reached);
      if (s.ok()) {
        std::printf("palermod: findings: every case evaluated (%llu imports) in %.3f s, %zu new, %zu retracted\n",
                    static_cast<unsigned long long>(reached), seconds_since(started), keeper_.last_added(),
                    keeper_.last_retracted());
      }
    }
    for (const auto& import : imports) {
      if (!s.ok()) break;
      if (import.number <= reached) continue;  // already in what was evaluated
      started = Clock::now();
      s = keeper_.Update(*import.before, import.keys, import.complete, import.number, to_subscribers);
      if (!s.ok()) break;
      reached = import.number;
      std::printf("palermod: findings after import %llu: %zu records evaluated, %zu new, %zu retracted, %.1f ms\n",
                  static_cast<unsigned long long>(import.number), keeper_.last_scope_records(), keeper_.last_added(),
                  keeper_.last_retracted(), 1000 * seconds_since(started));
    }
    std::fflush(stdout);
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

namespace {

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

// Page tokens are the last finding's place in the store, in hex.
std::string EncodePageToken(const store::FindingKey& key) {
  static const char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char c : store::EncodeFindingKey(key)) {
    token.push_back(kHex[c >> 4]);
    token.push_back(kHex[c & 15]);
  }
  return token;
}

bool DecodePageToken(const std::string& token, store::FindingKey* key) {
  if (token.size() % 2 != 0) return false;
  std::string raw;
  for (size_t i = 0; i < token.size(); i += 2) {
    int value = 0;
    for (char c : token.substr(i, 2)) {
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return false;
      value = value * 16 + digit;
    }
    raw.push_back(static_cast<char>(value));
  }
  return store::DecodeFindingKey(raw, key);
}

// "2026-11-29", "2026-11-29T10:15:00Z" or "2026-11-29T12:15:00+02:00" as
// "YYYY-MM-DDTHH:MM:SSZ" in UTC, the form first_seen takes; false when it
// is none of those.
bool NormalizeSince(const std::string& text, std::string* out) {
  std::tm tm{};
  int offset_minutes = 0;
  const char* rest = strptime(text.c_str(), "%Y-%m-%d", &tm);
  if (rest == nullptr) return false;
  if (*rest == 'T' || *rest == 't' || *rest == ' ') {
    rest = strptime(rest + 1, "%H:%M:%S", &tm);
    if (rest == nullptr) return false;
    if (*rest == '.') {  // fractions of a second: dropped
      ++rest;
      while (*rest >= '0' && *rest <= '9') ++rest;
    }
    if (*rest == 'Z' || *rest == 'z') {
      ++rest;
    } else if (*rest == '+' || *rest == '-') {
      int hours = 0, minutes = 0;
      if (std::sscanf(rest + 1, "%2d:%2d", &hours, &minutes) != 2) return false;
      offset_minutes = (*rest == '+' ? 1 : -1) * (hours * 60 + minutes);
      rest += 6;
    } else {
      return false;  // a time needs its zone
    }
  }
  if (*rest != '\0') return false;
  std::time_t utc = timegm(&tm) - offset_minutes * 60;
  std::tm normalized{};
  gmtime_r(&utc, &normalized);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &normalized);
  *out = buffer;
  return true;
}

bool HasAgency(const v1::Finding& f, const std::string& agency) {
  auto of = [&](const std::string& key) { return key.size() > agency.size() && key.compare(0, agency.size(), agency) == 0 && key[agency.size()] == '/'; };
  return of(f.subject()) || std::any_of(f.linked().begin(), f.linked().end(), of);
}

}  // namespace

grpc::Status ReasonerServiceImpl::Assess(grpc::ServerContext* context, const v1::AssessRequest* request,
                                         v1::AssessResponse* response) {
  const std::string subject = request->subject().empty() ? "" : GlobalKeyOf(request->subject());
  grpc::Status waited = AwaitCurrentFindings(context);
  if (!waited.ok()) return waited;
  auto view = store_->Snapshot();  // one snapshot for the check and the findings
  if (!subject.empty()) {
    if (!view->Lookup(subject).ok()) return {grpc::StatusCode::NOT_FOUND, "no record " + subject};
    std::vector<store::FindingKey> keys;
    Status s = FindingsOfKey(*view, subject, &keys);
    for (size_t i = 0; s.ok() && i < keys.size(); ++i) s = ReadFinding(*view, keys[i], response->add_findings());
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
  std::sort(response->mutable_findings()->begin(), response->mutable_findings()->end(),
            [](const v1::Finding& a, const v1::Finding& b) {
              return std::tie(a.subject(), a.type()) < std::tie(b.subject(), b.type());
            });
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                                               v1::ListFindingsResponse* response) {
  constexpr int kDefaultPageSize = 500;
  constexpr int kMaxPageSize = 5000;
  if (request->page_size() < 0) return {grpc::StatusCode::INVALID_ARGUMENT, "page_size must not be negative"};
  const int page_size = request->page_size() == 0 ? kDefaultPageSize : std::min(request->page_size(), kMaxPageSize);
  std::set<std::string> types;
  grpc::Status checked = FindingTypes(request->types(), &types);
  if (!checked.ok()) return checked;
  std::string since;
  if (!request->since().empty() && !NormalizeSince(request->since(), &since)) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "since \"" + request->since() + "\" is not an RFC 3339 time (2026-11-29T10:15:00Z) or a date (2026-11-29)"};
  }
  const std::string& agency = request->agency();
  store::FindingKey after;
  const bool resume = !request->page_token().empty();
  if (resume && !DecodePageToken(request->page_token(), &after)) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "page_token is not one this server gave"};
  }
  grpc::Status waited = AwaitCurrentFindings(context);
  if (!waited.ok()) return waited;
  auto view = store_->Snapshot();

  // Takes a finding that passes the filters; false once the page is full.
  store::FindingKey last;
  Status bad;
  auto take = [&](const store::FindingKey& key, std::string_view value) {
    if (response->findings_size() == page_size) {
      response->set_next_page_token(EncodePageToken(last));
      return false;
    }
    v1::Finding f;
    if (!f.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      bad = Status::Corruption("stored finding " + key.id + " does not parse");
      return false;
    }
    if (!types.empty() && !types.count(f.type())) return true;
    if (!agency.empty() && !HasAgency(f, agency)) return true;
    if (!since.empty() && f.first_seen() < since) return true;
    *response->add_findings() = std::move(f);
    last = key;
    return true;
  };
  Status s;
  if (!request->subject().empty()) {
    const std::string subject = GlobalKeyOf(request->subject());
    if (!view->Lookup(subject).ok()) return {grpc::StatusCode::NOT_FOUND, "no record " + subject};
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
  store::FindingKey key;
  if (!ParseFindingId(request->finding_id(), &key)) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "finding ids are TYPE:SUBJECT (e.g. smuggling_of_migrants:border-police/p1), not \"" +
                request->finding_id() + "\""};
  }
  grpc::Status waited = AwaitCurrentFindings(context);
  if (!waited.ok()) return waited;
  auto view = store_->Snapshot();
  v1::Finding stored;
  Status s = ReadFinding(*view, key, &stored);
  if (s.code() == Status::Code::kNotFound) return {grpc::StatusCode::NOT_FOUND, "no finding " + key.id};
  if (!s.ok()) return ToGrpc(s);
  // The proof comes from evaluating the finding's case again.
  std::vector<std::string> keys(stored.linked().begin(), stored.linked().end());
  keys.push_back(stored.subject());
  std::vector<v1::Record> records;
  s = ReadCaseRecords(*view, keys, &records);
  if (!s.ok()) return ToGrpc(s);
  auto explanation = reasoner_->Explain(records, key.id);
  if (!explanation.ok()) return ToGrpc(explanation.status());
  *response->mutable_finding() = std::move(stored);
  for (const auto& proof : explanation->proofs) ToProto(proof, response->add_proofs());
  return grpc::Status::OK;
}

grpc::Status ReasonerServiceImpl::SubscribeFindings(grpc::ServerContext* context,
                                                    const v1::SubscribeFindingsRequest* request,
                                                    grpc::ServerWriter<v1::FindingEvent>* writer) {
  auto subscriber = std::make_shared<Subscriber>();
  grpc::Status checked = FindingTypes(request->types(), &subscriber->types);
  if (!checked.ok()) return checked;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    subscribers_.push_back(subscriber);
  }
  v1::FindingEvent subscribed;
  subscribed.set_change(v1::FindingEvent::CHANGE_SUBSCRIBED);
  bool written = writer->Write(subscribed);
  std::unique_lock<std::mutex> lock(mutex_);
  while (written) {
    // Wake for events or stop, or to notice a cancelled call.
    changed_.wait_for(lock, std::chrono::milliseconds(200), [&] { return stopping_ || !subscriber->events.empty(); });
    if (stopping_ || context->IsCancelled()) break;
    if (subscriber->events.empty()) continue;
    std::deque<v1::FindingEvent> out;
    out.swap(subscriber->events);
    lock.unlock();
    for (const auto& event : out) written = written && writer->Write(event);
    lock.lock();
  }
  subscribers_.erase(std::remove(subscribers_.begin(), subscribers_.end(), subscriber), subscribers_.end());
  return grpc::Status::OK;
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
