// The stored linkage family read for the service (linkage/keeper.h, "Reads
// the stored linkage family"): candidates, their reasons built again, the
// decisions and the model; and the persons of a view as profiles, which
// the keeper's updates read too.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linkage/keeper.h"
#include "store/keys.h"

namespace palermo::linkage {
namespace {

using store::NodeId;
using NodePair = std::pair<NodeId, NodeId>;

// The levels of a stored candidate (-1: not compared); false when they do
// not fit these comparisons.
bool StoredLevels(const v1::LinkageCandidate& candidate, const Model& model, Levels* out) {
  if (candidate.levels().size() != kComparisons) return false;
  for (int c = 0; c < kComparisons; ++c) {
    out->level[c] = static_cast<int8_t>(static_cast<unsigned char>(candidate.levels()[c]) - 1);
    if (out->level[c] < -1 || out->level[c] >= static_cast<int>(model.params[c].size())) return false;
  }
  return true;
}

}  // namespace

void StoredCandidate(const Profile& a, const Profile& b, const Score& score, const Levels& levels, uint64_t rules,
                     const BlockingOptions& blocking, v1::LinkageCandidate* out) {
  out->set_a(a.key);
  out->set_b(b.key);
  out->set_probability(score.probability);
  out->set_weight(score.weight);
  std::string bytes(kComparisons, '\0');
  for (int c = 0; c < kComparisons; ++c) bytes[c] = static_cast<char>(levels.level[c] + 1);
  out->set_levels(std::move(bytes));
  out->set_name_count(score.name_count);
  ForEachRuleName(rules, blocking, [out](const std::string& name) { out->add_rules(name); });
}

void SetReasons(const std::vector<Reason>& reasons, v1::LinkageCandidate* candidate) {
  candidate->clear_reasons();
  for (const Reason& r : reasons) {
    v1::LinkageReason* reason = candidate->add_reasons();
    reason->set_comparison(r.comparison);
    reason->set_level(r.level);
    reason->set_weight(r.weight);
    reason->set_a_value(r.a_value);
    reason->set_b_value(r.b_value);
    reason->set_identifier(r.identifier);
    reason->set_detail(r.detail);
  }
}

Status ReadPersons(const store::View& view, std::vector<NodeId> ids, ProfileReader* reader,
                   std::map<NodeId, Profile>* out) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  Status failed = Status::Ok();
  Status s = view.GetMany(ids, [&](NodeId id, const v1::Record& record) {
    if (!failed.ok() || record.body_case() != v1::Record::kPerson) return;
    failed = reader->Read(record, &(*out)[id]);
  });
  if (!s.ok()) return s;
  if (!failed.ok()) return failed;
  std::vector<NodeId> persons;
  for (const auto& [id, unused] : *out) persons.push_back(id);
  std::vector<NodePair> held;  // identifier, holder
  s = view.ForEachEdgeOfEach(persons, store::Direction::kIn, [&](NodeId person, v1::EdgeLabel label, NodeId other) {
    if (label == v1::EDGE_LABEL_HOLDER) held.push_back({other, person});
  });
  if (!s.ok()) return s;
  std::sort(held.begin(), held.end());
  std::vector<NodeId> identifiers;
  for (const auto& [identifier, unused] : held) identifiers.push_back(identifier);
  identifiers.erase(std::unique(identifiers.begin(), identifiers.end()), identifiers.end());
  return view.GetMany(identifiers, [&](NodeId id, const v1::Record& record) {
    if (record.body_case() != v1::Record::kIdentifier) return;
    auto [begin, end] = std::equal_range(held.begin(), held.end(), NodePair{id, 0},
                                         [](const NodePair& x, const NodePair& y) { return x.first < y.first; });
    for (auto it = begin; it != end; ++it) reader->AddIdentifier(record.identifier(), &(*out)[it->second]);
  });
}

void ModelToProto(const Model& model, v1::LinkageModel* out) {
  out->set_lambda(model.lambda);
  out->set_lambda_from(model.lambda_from);
  out->set_lambda_within(model.lambda_within);
  out->set_lambda_within_from(model.lambda_within_from);
  for (int c = 0; c < kComparisons; ++c) {
    v1::LinkageComparisonParameters* comparison = out->add_comparisons();
    comparison->set_comparison(std::string(ComparisonName(static_cast<Comparison>(c))));
    for (const std::string& level : LevelNames(static_cast<Comparison>(c))) comparison->add_levels(level);
    for (const LevelParameters& p : model.params[c]) {
      v1::LinkageLevelParameters* level = comparison->add_parameters();
      level->set_m(p.m);
      level->set_u(p.u);
    }
  }
  out->set_term_frequencies(model.term_frequencies);
  out->set_persons(model.persons);
  for (const std::string& note : model.training_notes) out->add_training_notes(note);
}

Model ModelFromProto(const v1::LinkageModel& proto) {
  Model model = DefaultModel();
  model.lambda = proto.lambda();
  model.lambda_from = proto.lambda_from();
  model.lambda_within = proto.lambda_within();
  model.lambda_within_from = proto.lambda_within_from();
  for (int c = 0; c < kComparisons && c < proto.comparisons_size(); ++c) {
    const auto& comparison = proto.comparisons(c);
    if (comparison.parameters_size() != static_cast<int>(model.params[c].size())) continue;
    for (int level = 0; level < comparison.parameters_size(); ++level) {
      model.params[c][level] = {comparison.parameters(level).m(), comparison.parameters(level).u()};
    }
  }
  model.term_frequencies = proto.term_frequencies();
  model.persons = proto.persons();
  model.training_notes.assign(proto.training_notes().begin(), proto.training_notes().end());
  return model;
}

Status ForEachStoredCandidate(const store::View& view, NodeId id,
                              const std::function<bool(const v1::LinkageCandidate&)>& fn) {
  bool go_on = true;
  Status bad = Status::Ok();
  auto parse = [&](std::string_view value) {
    v1::LinkageCandidate candidate;
    if (!candidate.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      bad = Status::Corruption("a stored linkage candidate does not parse");
      return false;
    }
    go_on = fn(candidate);
    return go_on;
  };
  if (id == 0) {
    Status s = view.ForEachLinkage(std::string(1, store::kLinkageCandidateTag), "",
                                   [&](std::string_view, std::string_view value) { return parse(value); });
    return s.ok() ? bad : s;
  }
  Status s = view.ForEachLinkage(store::EncodeLinkagePrefix(store::kLinkageCandidateTag, id), "",
                                 [&](std::string_view, std::string_view value) { return parse(value); });
  if (!s.ok() || !bad.ok() || !go_on) return s.ok() ? bad : s;
  std::vector<NodeId> firsts;
  s = view.ForEachLinkage(store::EncodeLinkagePrefix(store::kLinkagePartnerTag, id), "",
                          [&](std::string_view key, std::string_view) {
                            char tag;
                            uint64_t b, a;
                            if (store::DecodeLinkagePairKey(key, &tag, &b, &a)) firsts.push_back(a);
                            return true;
                          });
  if (!s.ok()) return s;
  for (NodeId a : firsts) {
    std::string value;
    Status got = view.GetLinkage(store::EncodeLinkagePairKey(store::kLinkageCandidateTag, a, id), &value);
    if (got.code() == Status::Code::kNotFound) continue;
    if (!got.ok()) return got;
    if (!parse(value)) break;
  }
  return bad;
}

Status ExplainCandidates(const store::View& view, std::vector<v1::LinkageCandidate>* candidates) {
  if (candidates->empty()) return Status::Ok();
  v1::LinkageModel model_proto;
  if (Status s = GetStoredModel(view, &model_proto); !s.ok()) return s;
  const Model model = ModelFromProto(model_proto);
  std::vector<NodeId> ids;
  for (const v1::LinkageCandidate& candidate : *candidates) {
    for (const std::string& key : {candidate.a(), candidate.b()}) {
      if (Result<NodeId> id = view.Lookup(key); id.ok()) ids.push_back(*id);
    }
  }
  ProfileReader reader;
  std::map<NodeId, Profile> profiles;
  if (Status s = ReadPersons(view, ids, &reader, &profiles); !s.ok()) return s;
  std::map<std::string_view, const Profile*> by_key;
  for (const auto& [id, profile] : profiles) by_key[profile.key] = &profile;
  for (v1::LinkageCandidate& candidate : *candidates) {
    candidate.clear_reasons();
    auto a = by_key.find(candidate.a()), b = by_key.find(candidate.b());
    Levels levels;
    if (!StoredLevels(candidate, model, &levels)) {
      return Status::Corruption("the stored candidate " + candidate.a() + " ~ " + candidate.b() +
                                " has levels the stored model does not have");
    }
    if (a == by_key.end() || b == by_key.end()) {  // an import after the candidates were brought up to date
      return Status::Unavailable("the records of " + candidate.a() + " ~ " + candidate.b() +
                                 " changed while they were read; ask again");
    }
    const int64_t name_count = candidate.name_count();
    const Score score = ScorePair(*a->second, *b->second, model,
                                  [name_count](const std::string&) { return name_count; }, &levels);
    SetReasons(score.reasons, &candidate);
  }
  return Status::Ok();
}

Status ForEachStoredDecision(const store::View& view, NodeId id,
                             const std::function<bool(const v1::LinkageDecision&)>& fn) {
  Status bad = Status::Ok();
  Status s = view.ForEachLinkage(std::string(1, store::kLinkageDecisionTag), "",
                                 [&](std::string_view key, std::string_view value) {
                                   char tag;
                                   uint64_t a, b;
                                   if (!store::DecodeLinkagePairKey(key, &tag, &a, &b)) return true;
                                   if (id != 0 && a != id && b != id) return true;
                                   v1::LinkageDecision decision;
                                   if (!decision.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                                     bad = Status::Corruption("a stored linkage decision does not parse");
                                     return false;
                                   }
                                   return fn(decision);
                                 });
  return s.ok() ? bad : s;
}

Status ReadStoredBlock(const store::View& view, const BlockKey& key, int64_t limit, std::vector<NodeId>* block) {
  block->clear();
  const std::string prefix = store::EncodeLinkagePrefix(store::kLinkageBlockTag, BlockHash(key.rule, key.value));
  return view.ForEachLinkage(prefix, "", [&](std::string_view entry, std::string_view) {
    char tag;
    uint64_t hash, other;
    if (store::DecodeLinkagePairKey(entry, &tag, &hash, &other)) block->push_back(other);
    return static_cast<int64_t>(block->size()) <= limit;
  });
}

TermCount StoredTermCount(const store::View& view, const BlockingOptions& blocking) {
  // A block over this many persons is counted only this far.
  constexpr int64_t kMaxTermCount = 100000;
  const int full_rule = RuleIndex(blocking, "name_full");
  return [&view, full_rule](const std::string& value) -> int64_t {
    if (full_rule < 0) return 0;
    int64_t count = 0;
    Status counted = view.ForEachLinkage(store::EncodeLinkagePrefix(store::kLinkageBlockTag, BlockHash(full_rule, value)),
                                         "", [&count](std::string_view, std::string_view) { return ++count < kMaxTermCount; });
    return counted.ok() ? count : 0;
  };
}

Status GetStoredDecision(const store::View& view, NodeId a, NodeId b, v1::LinkageDecision* out) {
  std::string value;
  if (Status s = view.GetLinkage(store::EncodeLinkagePairKey(store::kLinkageDecisionTag, std::min(a, b), std::max(a, b)),
                                 &value);
      !s.ok()) {
    return s;
  }
  if (!out->ParseFromString(value)) return Status::Corruption("a stored linkage decision does not parse");
  return Status::Ok();
}

Status GetStoredModel(const store::View& view, v1::LinkageModel* out) {
  std::string value;
  if (Status s = view.GetLinkage(store::kLinkageModelKey, &value); !s.ok()) return s;
  if (!out->ParseFromString(value)) return Status::Corruption("the stored linkage model does not parse");
  return Status::Ok();
}

}  // namespace palermo::linkage
