#include "services/linkage_service.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <set>

#include "common/text.h"
#include "findings/keeper.h"
#include "format/json.h"
#include "linkage/compare_pair.h"
#include "linkage/scoring.h"
#include "model/vocabulary.h"
#include "services/access_control.h"
#include "services/grpc_status.h"
#include "services/importer.h"

namespace palermo::services {

namespace v1 = palermo::v1;

namespace {

constexpr double kDefaultMinProbability = 0.5;
constexpr uint32_t kDefaultMaxResults = 10000;

std::string AgencyOf(const std::string& global_key) { return global_key.substr(0, global_key.find('/')); }

std::string JsonString(std::string_view text) {
  std::string out;
  format::AppendJsonString(text, &out);
  return out;
}

// The id of the relation record that holds an agency's decision on a pair:
// the same pair gets the same id, so that a later decision replaces it.
std::string DecisionId(const std::string& a, const std::string& b) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(linkage::BlockHash(255, std::min(a, b) + "\n" + std::max(a, b))));
  return std::string("linkage-decision-") + hex;
}

// The id of the source record that names a deciding analyst.
std::string AnalystSourceId(const std::string& analyst) {
  std::string id = "linkage-analyst-";
  for (char c : analyst) id += c == '/' ? '_' : c;
  return id;
}

// A candidate as `viewer`'s agency sees it: its reasons in words, another
// agency's identifier values masked; a pair the viewer may see only as a
// reference shows no reasons, only whom to ask (docs/ACCESS.md).
void ShownCandidate(const v1::LinkageCandidate& c, bool reference_only, const std::string& viewer, v1::Candidate* out) {
  out->set_a(c.a());
  out->set_b(c.b());
  out->set_probability(c.probability());
  out->set_weight(c.weight());
  const std::string agency_a = AgencyOf(c.a()), agency_b = AgencyOf(c.b());
  if (reference_only) {
    // The reasons quote the records' values: a hit says whom to ask.
    out->add_reasons("reference only: ask " + (agency_a == viewer ? agency_b : agency_a));
    return;
  }
  for (const v1::LinkageReason& r : c.reasons()) {
    linkage::Reason reason{r.comparison(), r.level(), r.weight(), r.a_value(), r.b_value(), r.identifier(), r.detail()};
    out->add_reasons(linkage::ReasonText(reason, agency_a, agency_b, viewer));
  }
  out->mutable_rules()->CopyFrom(c.rules());
}

}  // namespace

LinkageServiceImpl::LinkageServiceImpl(store::Store* store, linkage::StoredLinkage* linkage, std::string default_agency)
    : store_(store), linkage_(linkage), default_agency_(std::move(default_agency)) {}

grpc::Status LinkageServiceImpl::SubjectId(const grpc::ServerContext& context, const store::View& view,
                                           const std::string& subject, store::NodeId* id) const {
  if (subject.empty()) return grpc::Status::OK;  // every record
  Result<store::NodeId> found = view.Lookup(QualifyKey(subject, CallerOf(context, default_agency_).agency));
  if (!found.ok()) return ToGrpc(found.status());
  *id = *found;
  return grpc::Status::OK;
}

grpc::Status LinkageServiceImpl::AwaitCurrent(grpc::ServerContext* context) {
  return ToGrpc(linkage_->AwaitCurrent([context] { return context->IsCancelled(); }));
}

grpc::Status LinkageServiceImpl::FindCandidates(grpc::ServerContext* context, const v1::FindCandidatesRequest* request,
                                                v1::FindCandidatesResponse* response) {
  if (request->agencies_size() > 2) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "agencies: at most two (candidates between two agencies)"};
  }
  for (const std::string& agency : request->agencies()) {
    if (Status s = CheckAgency("agencies", agency, /*required=*/true); !s.ok()) return ToGrpc(s);
  }
  if (Status s = CheckKey("subject", request->subject(), /*required=*/false); !s.ok()) return ToGrpc(s);
  const double min_probability =
      request->has_min_probability() ? request->min_probability() : kDefaultMinProbability;
  if (!(min_probability >= 0 && min_probability <= 1)) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "min_probability must be between 0 and 1"};
  }
  const uint32_t max_results = request->max_results() == 0 ? kDefaultMaxResults : request->max_results();
  if (grpc::Status waited = AwaitCurrent(context); !waited.ok()) return waited;
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->all();
  store::NodeId subject = 0;
  if (grpc::Status found = SubjectId(*context, snapshot->view(), request->subject(), &subject); !found.ok()) {
    return found;
  }
  const std::vector<std::string> agencies(request->agencies().begin(), request->agencies().end());
  std::vector<v1::LinkageCandidate> found;
  // Candidates the caller may see only as references (docs/ACCESS.md).
  std::set<std::pair<std::string, std::string>> references;
  Status screen = Status::Ok();
  Status s = linkage::ForEachStoredCandidate(*view, subject, [&](const v1::LinkageCandidate& c) {
    if (c.probability() < min_probability) return true;
    Result<Sight> sight = snapshot->access().Strictest({c.a(), c.b()});
    if (!sight.ok()) {
      screen = sight.status();
      return false;
    }
    if (*sight == Sight::kNone) return true;
    if (*sight == Sight::kReference) references.emplace(c.a(), c.b());
    const std::string agency_a = AgencyOf(c.a()), agency_b = AgencyOf(c.b());
    if (agencies.size() == 1 && agency_a != agencies[0] && agency_b != agencies[0]) return true;
    if (agencies.size() == 2 && !((agency_a == agencies[0] && agency_b == agencies[1]) ||
                                  (agency_a == agencies[1] && agency_b == agencies[0]))) {
      return true;
    }
    found.push_back(c);
    return true;
  });
  if (s.ok()) s = screen;
  if (!s.ok()) return ToGrpc(s);
  std::sort(found.begin(), found.end(), [](const v1::LinkageCandidate& x, const v1::LinkageCandidate& y) {
    if (x.probability() != y.probability()) return x.probability() > y.probability();
    return std::tie(x.a(), x.b()) < std::tie(y.a(), y.b());
  });
  if (found.size() > max_results) {
    found.resize(max_results);
    response->set_truncated(true);
  }
  if (Status explained = linkage::ExplainCandidates(*view, &found); !explained.ok()) return ToGrpc(explained);
  // Another agency's identifier values are masked for the caller's agency.
  const std::string viewer = CallerOf(*context, default_agency_).agency;
  for (const v1::LinkageCandidate& c : found) {
    ShownCandidate(c, references.count({c.a(), c.b()}) > 0, viewer, response->add_candidates());
  }
  return grpc::Status::OK;
}

grpc::Status LinkageServiceImpl::Decide(grpc::ServerContext* context, const v1::DecideRequest* request,
                                        v1::DecideResponse* response) {
  if (Status s = CheckKey("a", request->a(), /*required=*/true); !s.ok()) return ToGrpc(s);
  if (Status s = CheckKey("b", request->b(), /*required=*/true); !s.ok()) return ToGrpc(s);
  if (Status s = CheckText("note", request->note()); !s.ok()) return ToGrpc(s);
  // Who decides: an authenticated caller's agency and analyst (certificate
  // and token), never the request's; otherwise palermod's agency and the
  // analyst the request names.
  const Caller caller = CallerOf(*context, default_agency_);
  const std::string analyst = caller.authenticated ? caller.analyst : request->analyst();
  if (Status s = CheckText("analyst", analyst); !s.ok()) return ToGrpc(s);
  if (analyst.empty()) return {grpc::StatusCode::INVALID_ARGUMENT, "analyst: required (who decides)"};
  if (request->verdict() != v1::LINKAGE_VERDICT_SAME && request->verdict() != v1::LINKAGE_VERDICT_DIFFERENT) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "verdict: say same or different"};
  }
  const std::string a = QualifyKey(request->a(), caller.agency), b = QualifyKey(request->b(), caller.agency);
  // A record the caller may not see at all is no record to it.
  auto snapshot = SnapshotFor(caller, *store_);
  for (const std::string& key : {a, b}) {
    if (Result<store::NodeId> id = snapshot->view().Lookup(key); !id.ok()) return ToGrpc(id.status());
  }
  uint64_t import_number = 0;
  Status written = WriteDecision(store_, caller.agency, a, b, request->verdict(), analyst, request->note(),
                                 response->mutable_decision(), &import_number);
  if (!written.ok()) return ToGrpc(written);
  response->set_import_number(import_number);
  return grpc::Status::OK;
}

Status WriteDecision(store::Store* store, const std::string& agency, const std::string& a, const std::string& b,
                     v1::LinkageVerdict verdict, const std::string& analyst, const std::string& note,
                     v1::LinkageDecision* decision, uint64_t* import_number) {
  if (a == b) return Status::InvalidArgument("a and b are the same record " + a);
  auto view = store->Snapshot();
  for (const std::string& key : {a, b}) {
    Result<store::NodeId> id = view->Lookup(key);
    if (!id.ok()) return id.status();
    v1::Record record;
    if (Status s = view->Get(*id, &record); !s.ok()) return s;
    if (record.body_case() != v1::Record::kPerson && record.body_case() != v1::Record::kOrganization) {
      return Status::InvalidArgument(key + " is a " + model::KindName(record.kind()) +
                                        " record; only persons and organizations are joined");
    }
  }
  const bool same = verdict == v1::LINKAGE_VERDICT_SAME;
  const std::string now = findings::UtcNow();
  const std::string source_id = AnalystSourceId(analyst);
  // The source names the deciding agency and analyst; the relation holds the
  // decision. A later decision of this agency on the pair replaces it.
  std::string text = "{\"kind\":\"source\",\"id\":" + JsonString(source_id) +
                     ",\"reference\":" + JsonString("linkage decisions of analyst " + analyst + " of " + agency) +
                     ",\"reported\":" + JsonString(now.substr(0, 10)) + "}\n";
  const std::string relation_id = DecisionId(a, b);
  text += "{\"kind\":\"relation\",\"id\":" + JsonString(relation_id) + ",\"type\":" +
          JsonString(same ? "same_as" : "different_from") + ",\"from\":" + JsonString(a) + ",\"to\":" + JsonString(b) +
          ",\"source\":" + JsonString(source_id) + ",\"analyst\":" + JsonString(analyst) +
          ",\"decided_at\":" + JsonString(now);
  if (!note.empty()) text += ",\"note\":" + JsonString(note);
  text += "}\n";
  ImporterOptions options;
  options.default_agency = agency;
  Importer importer(store, options);
  Status imported = importer.ImportText(text);
  if (!imported.ok()) {
    std::string why = imported.message();
    if (!importer.errors().empty()) why += ": " + importer.errors().Sorted().front().ToString();
    return Status::IoError("the decision could not be written: " + why);
  }
  std::cout << "palermod: linkage decision by " << analyst << " of " << agency << ": " << a
            << (same ? " same as " : " different from ") << b << " (import " << importer.stats().number << ")"
            << std::endl;
  decision->set_a(std::min(a, b));
  decision->set_b(std::max(a, b));
  decision->set_verdict(verdict);
  decision->set_agency(agency);
  decision->set_analyst(analyst);
  decision->set_note(note);
  decision->set_decided_at(now);
  decision->set_relation(model::GlobalKey(agency, relation_id));
  *import_number = importer.stats().number;
  return Status::Ok();
}

grpc::Status LinkageServiceImpl::ListDecisions(grpc::ServerContext* context, const v1::ListDecisionsRequest* request,
                                               v1::ListDecisionsResponse* response) {
  if (Status s = CheckKey("subject", request->subject(), /*required=*/false); !s.ok()) return ToGrpc(s);
  if (grpc::Status waited = AwaitCurrent(context); !waited.ok()) return waited;
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  store::NodeId subject = 0;
  if (grpc::Status found = SubjectId(*context, snapshot->view(), request->subject(), &subject); !found.ok()) {
    return found;
  }
  // A decision shows when the caller may see its records and read the
  // relation that holds it (docs/ACCESS.md).
  Status screen = Status::Ok();
  Status s = linkage::ForEachStoredDecision(snapshot->all(), subject, [&](const v1::LinkageDecision& d) {
    Result<Sight> sight = snapshot->access().Strictest({d.a(), d.b()});
    Result<Sight> relation = snapshot->access().OfKey(d.relation());
    if (!sight.ok() || !relation.ok()) {
      screen = sight.ok() ? relation.status() : sight.status();
      return false;
    }
    if (*sight != Sight::kNone && *relation == Sight::kContent) *response->add_decisions() = d;
    return true;
  });
  return ToGrpc(s.ok() ? screen : s);
}

grpc::Status LinkageServiceImpl::GetLinkageModel(grpc::ServerContext* context, const v1::GetLinkageModelRequest*,
                                                 v1::LinkageModel* response) {
  if (grpc::Status waited = AwaitCurrent(context); !waited.ok()) return waited;
  return ToGrpc(linkage::GetStoredModel(*store_->Snapshot(), response));
}

grpc::Status LinkageServiceImpl::ComparePair(grpc::ServerContext* context, const v1::ComparePairRequest* request,
                                             v1::ComparePairResponse* response) {
  if (Status s = CheckKey("a", request->a(), /*required=*/true); !s.ok()) return ToGrpc(s);
  if (Status s = CheckKey("b", request->b(), /*required=*/true); !s.ok()) return ToGrpc(s);
  if (grpc::Status waited = AwaitCurrent(context); !waited.ok()) return waited;
  const Caller caller = CallerOf(*context, default_agency_);
  const std::string a = QualifyKey(request->a(), caller.agency), b = QualifyKey(request->b(), caller.agency);
  auto snapshot = SnapshotFor(caller, *store_);
  // A record the caller may not see at all is no record to it.
  for (const std::string& key : {a, b}) {
    if (Result<store::NodeId> id = snapshot->view().Lookup(key); !id.ok()) return ToGrpc(id.status());
  }
  Result<Sight> sight = snapshot->access().Strictest({a, b});
  if (!sight.ok()) return ToGrpc(sight.status());
  linkage::PairComparison compared;
  const linkage::LinkageOptions& options = linkage_->options();
  if (Status s = linkage::ComparePair(snapshot->all(), options.blocking, options.store_min_probability, a, b, &compared);
      !s.ok()) {
    return ToGrpc(s);
  }
  // A decision shows when its relation is readable, as ListDecisions shows it.
  if (compared.decided) {
    Result<Sight> relation = snapshot->access().OfKey(compared.decision.relation());
    if (!relation.ok()) return ToGrpc(relation.status());
    if (*relation != Sight::kContent) {
      compared.decided = false;
      compared.outcome = linkage::PairOutcome(compared, options.store_min_probability);
    }
  }
  ShownCandidate(compared.candidate, *sight == Sight::kReference, caller.agency, response->mutable_candidate());
  for (const linkage::SharedBlock& shared : compared.shared) {
    v1::LinkageSharedBlock* out = response->add_shared_blocks();
    out->set_rule(shared.rule);
    out->set_keys(shared.keys);
    out->set_block_size(shared.block_size);
    out->set_max_block_side(shared.max_block_side);
    out->set_proposes(shared.proposes);
    out->set_why_not(shared.why_not);
  }
  response->set_stored(compared.stored);
  if (compared.decided) *response->mutable_decision() = compared.decision;
  response->set_outcome(compared.outcome);
  return grpc::Status::OK;
}

}  // namespace palermo::services
