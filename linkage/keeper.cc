#include "linkage/keeper.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "format/json.h"
#include "model/vocabulary.h"
#include "store/keys.h"

namespace palermo::linkage {
namespace {

using store::NodeId;
using NodePair = std::pair<NodeId, NodeId>;  // first < second

// The fixed SipHash key of block hashes (store/keys.h): not a secret, the
// hash only spreads keys.
constexpr unsigned char kBlockHashKey[crypto_shorthash_KEYBYTES] = {'p', 'a', 'l', 'e', 'r', 'm', 'o', '/',
                                                                    'b', 'l', 'o', 'c', 'k', 's', '/', '1'};

// A block over this many persons is counted only this far when a term
// frequency is read from the index.
constexpr int64_t kMaxTermCount = 100000;

std::string IncompleteFingerprint() { return "(linkage being computed)"; }

// The text of an extra field holding a JSON string, or empty.
std::string ExtraString(const v1::Record& record, const std::string& field) {
  auto it = record.extra().find(field);
  if (it == record.extra().end()) return "";
  format::JsonValue value;
  std::string error;
  if (!format::ParseJson(it->second, &value, &error) || !value.is_string()) return "";
  return value.text();
}

// The decision a relation record holds, with its pair's node ids; false
// when it holds none.
bool DecisionOf(const v1::Record& record, const store::View& view, NodePair* pair, v1::LinkageDecision* decision) {
  if (!record.has_relation()) return false;
  const v1::Relation& r = record.relation();
  if (r.type() != v1::RELATION_TYPE_SAME_AS && r.type() != v1::RELATION_TYPE_DIFFERENT_FROM) return false;
  Result<NodeId> from = view.Lookup(r.from()), to = view.Lookup(r.to());
  if (!from.ok() || !to.ok() || *from == *to) return false;
  const bool in_order = *from < *to;
  *pair = in_order ? NodePair{*from, *to} : NodePair{*to, *from};
  decision->Clear();
  decision->set_a(in_order ? r.from() : r.to());
  decision->set_b(in_order ? r.to() : r.from());
  decision->set_verdict(r.type() == v1::RELATION_TYPE_SAME_AS ? v1::LINKAGE_VERDICT_SAME : v1::LINKAGE_VERDICT_DIFFERENT);
  decision->set_agency(record.agency());
  decision->set_analyst(ExtraString(record, "analyst"));
  decision->set_note(ExtraString(record, "note"));
  decision->set_decided_at(ExtraString(record, "decided_at"));
  decision->set_relation(model::GlobalKey(record.agency(), record.id()));
  return true;
}

// The persons among `ids` of `view`, with the identifiers they hold.
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

void ToProto(const Profile& a, const Profile& b, const Score& score, uint64_t rules, const BlockingOptions& blocking,
             v1::LinkageCandidate* out) {
  out->set_a(a.key);
  out->set_b(b.key);
  out->set_probability(score.probability);
  out->set_weight(score.weight);
  for (const Reason& r : score.reasons) {
    v1::LinkageReason* reason = out->add_reasons();
    reason->set_comparison(r.comparison);
    reason->set_level(r.level);
    reason->set_weight(r.weight);
    reason->set_a_value(r.a_value);
    reason->set_b_value(r.b_value);
    reason->set_identifier(r.identifier);
    reason->set_detail(r.detail);
  }
  for (const std::string& rule : RuleNames(rules, blocking)) out->add_rules(rule);
}

bool DocumentsEqual(const v1::LinkageCandidate& candidate) {
  for (const v1::LinkageReason& reason : candidate.reasons()) {
    if (reason.comparison() == ComparisonName(Comparison::kDocument) && reason.level() == "equal") return true;
  }
  return false;
}

int RuleIndex(const BlockingOptions& blocking, std::string_view name) {
  for (size_t r = 0; r < blocking.rules.size(); ++r) {
    if (blocking.rules[r].name == name) return static_cast<int>(r);
  }
  return -1;
}

std::string Serialized(const google::protobuf::Message& message) {
  std::string out;
  message.SerializeToString(&out);
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Collects a full computation's writes and flushes them in parts.
class ChunkedWriter {
 public:
  ChunkedWriter(store::Store* store, size_t entries, const std::atomic<bool>* cancelled)
      : store_(store), entries_(entries), cancelled_(cancelled) {
    // The first write clears the family and marks it incomplete, so that a
    // computation cut short is done again at the next start.
    update_.clear = true;
    update_.write_mark = true;
    update_.mark = {true, 0, IncompleteFingerprint()};
  }
  Status Put(std::string key, std::string value) {
    update_.written.emplace_back(std::move(key), std::move(value));
    return update_.written.size() >= entries_ ? Flush() : Status::Ok();
  }
  Status Flush() {
    if (*cancelled_) return Status::Cancelled("the linkage computation was stopped");
    Status s = store_->WriteLinkage(update_);
    update_ = store::LinkageUpdate();
    update_.write_mark = false;
    return s;
  }
  Status Finish(const store::DerivedMark& mark) {
    update_.write_mark = true;
    update_.mark = mark;
    return Flush();
  }

 private:
  store::Store* store_;
  size_t entries_;
  const std::atomic<bool>* cancelled_;
  store::LinkageUpdate update_;
};

}  // namespace

FullNameCounts::FullNameCounts(const BlockingOptions& blocking) : rule_(RuleIndex(blocking, "name_full")) {}

void FullNameCounts::Add(const std::vector<BlockKey>& keys) {
  for (const BlockKey& key : keys) {
    if (key.rule == rule_) ++(*counts_)[key.value];
  }
}

int64_t FullNameCounts::operator()(const std::string& value) const {
  auto it = counts_->find(value);
  return it == counts_->end() ? 0 : it->second;
}

uint64_t BlockHash(int rule, std::string_view value) {
  static const bool initialized = sodium_init() >= 0;
  (void)initialized;
  std::string input(1, static_cast<char>(rule));
  input.append(value);
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(input.data()), input.size(), kBlockHashKey);
  uint64_t hash = 0;
  for (unsigned char byte : out) hash = hash << 8 | byte;
  return hash;
}

std::string LinkageFingerprint(const LinkageOptions& options) {
  std::string out = "linkage/1;rules:";
  for (const BlockingRule& rule : options.blocking.rules) {
    out += rule.name + "/" + std::to_string(rule.max_block_side) + "(";
    for (const BlockingPart& part : rule.parts) {
      out += std::to_string(static_cast<int>(part.field)) + "." + std::to_string(static_cast<int>(part.name_kind)) + ",";
    }
    out += ")";
  }
  out += ";max_block_side:" + std::to_string(options.blocking.max_block_side);
  out += ";clk_bands:" + std::to_string(options.blocking.clk.bands) + "x" +
         std::to_string(options.blocking.clk.bits_per_band) + "@" + std::to_string(options.blocking.clk.seed);
  out += ";comparisons:";
  for (int c = 0; c < kComparisons; ++c) {
    out += std::string(ComparisonName(static_cast<Comparison>(c))) + "/" +
           std::to_string(LevelNames(static_cast<Comparison>(c)).size()) + ",";
  }
  char floor[32];
  std::snprintf(floor, sizeof floor, "%g", options.store_min_probability);
  out += ";store_min_probability:" + std::string(floor);
  out += ";training:" + std::to_string(options.training.random_pairs) + "," + std::to_string(options.training.seed) +
         "," + std::to_string(options.training.em_iterations);
  return out;
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

LinkageKeeper::LinkageKeeper(store::Store* store, LinkageOptions options, std::string fingerprint)
    : store_(store), options_(std::move(options)), fingerprint_(std::move(fingerprint)) {}

Result<bool> LinkageKeeper::Current(const store::View& view) const {
  Result<store::DerivedMark> mark = view.GetLinkageMark();
  if (!mark.ok()) return mark.status();
  return mark->present && mark->fingerprint == fingerprint_ && mark->imports == view.Imports();
}

Status LinkageKeeper::LoadModel(const store::View& view) {
  v1::LinkageModel proto;
  if (Status s = GetStoredModel(view, &proto); !s.ok()) return s;
  model_ = ModelFromProto(proto);
  return Status::Ok();
}

Status LinkageKeeper::ComputeAll(uint64_t* imports) {
  const auto started = std::chrono::steady_clock::now();
  auto view = store_->Snapshot();
  ProfileReader reader;
  ProfileCollector collector(&reader);
  std::vector<NodeId> ids;  // of the profiles, in their order
  std::map<NodePair, v1::LinkageDecision> decisions;
  Status failed = Status::Ok();
  Status s = view->ForEachRecord([&](NodeId id, const v1::Record& record) {
    bool person = false;
    failed = collector.Add(record, &person);
    if (person) ids.push_back(id);
    NodePair pair;
    v1::LinkageDecision decision;
    if (DecisionOf(record, *view, &pair, &decision)) decisions[pair] = std::move(decision);  // the later relation wins
    return failed.ok() && !cancelled_;
  });
  if (!s.ok()) return s;
  if (!failed.ok()) return failed;
  if (cancelled_) return Status::Cancelled("the linkage computation was stopped");
  std::vector<Profile> profiles = collector.Finish();
  const double read_s = SecondsSince(started);

  Result<BlockingResult> blocked = BlockProfilesWithin(profiles, options_.blocking);
  if (!blocked.ok()) return blocked.status();
  const double block_s = SecondsSince(started) - read_s;
  // Each pair compared once, on two threads: training and scoring read the levels.
  const std::vector<Levels> levels = CompareAll(profiles, blocked->pairs, 2);
  Model model = Train(profiles, blocked->pairs, levels, options_.blocking, options_.training);
  const double train_s = SecondsSince(started) - read_s - block_s;
  last_equal_documents_.clear();
  ChunkedWriter writer(store_, options_.write_entries, &cancelled_);
  v1::LinkageModel model_proto;
  ModelToProto(model, &model_proto);
  if (Status w = writer.Put(store::kLinkageModelKey, Serialized(model_proto)); !w.ok()) return w;
  std::string persons_count;
  store::PutFixed64BE(&persons_count, profiles.size());
  if (Status w = writer.Put(store::kLinkagePersonsKey, persons_count); !w.ok()) return w;
  for (const auto& [pair, decision] : decisions) {
    if (Status w = writer.Put(store::EncodeLinkagePairKey(store::kLinkageDecisionTag, pair.first, pair.second),
                              Serialized(decision));
        !w.ok()) {
      return w;
    }
  }
  // Each person's keys, once: into the index, and counted for term
  // frequencies as an update reads them from the index.
  FullNameCounts term_count(options_.blocking);
  for (size_t i = 0; i < profiles.size(); ++i) {
    const std::vector<BlockKey> keys = BlockKeysOf(profiles[i], options_.blocking);
    term_count.Add(keys);
    for (const BlockKey& key : keys) {
      if (Status w = writer.Put(store::EncodeLinkagePairKey(store::kLinkageBlockTag, BlockHash(key.rule, key.value), ids[i]), "");
          !w.ok()) {
        return w;
      }
    }
  }
  int64_t stored = 0;
  // The weight from the levels decides which pairs are kept; only those get
  // their reasons written (an exact full name may move with its term
  // frequency, so it is scored in full).
  const double floor_weight = std::log2(options_.store_min_probability / (1 - options_.store_min_probability));
  for (size_t i = 0; i < blocked->pairs.size(); ++i) {
    const CandidatePair& pair = blocked->pairs[i];
    NodePair nodes{ids[pair.a], ids[pair.b]};  // ids ascend with the profiles: a < b
    if (decisions.contains(nodes)) continue;
    if (!(model.term_frequencies && ExactFullName(levels[i])) &&
        LevelsWeight(levels[i], model, profiles[pair.a].agency == profiles[pair.b].agency) < floor_weight) {
      continue;
    }
    Score score = ScorePair(profiles[pair.a], profiles[pair.b], model, term_count, &levels[i]);
    if (score.probability < options_.store_min_probability) continue;
    v1::LinkageCandidate candidate;
    ToProto(profiles[pair.a], profiles[pair.b], score, pair.rules, options_.blocking, &candidate);
    if (DocumentsEqual(candidate)) last_equal_documents_.emplace_back(candidate.a(), candidate.b());
    if (Status w = writer.Put(store::EncodeLinkagePairKey(store::kLinkageCandidateTag, nodes.first, nodes.second),
                              Serialized(candidate));
        !w.ok()) {
      return w;
    }
    if (Status w = writer.Put(store::EncodeLinkagePairKey(store::kLinkagePartnerTag, nodes.second, nodes.first), "");
        !w.ok()) {
      return w;
    }
    ++stored;
  }
  if (Status w = writer.Finish({true, view->Imports(), fingerprint_}); !w.ok()) return w;
  model_ = std::move(model);
  if (imports) *imports = view->Imports();
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "every person linked: %zu persons, %zu blocked pairs, %lld candidates stored (P >= %g), %zu decisions; "
                "read %.2f s, blocked %.2f s, compared and trained %.2f s, all %.2f s",
                profiles.size(), blocked->pairs.size(), static_cast<long long>(stored), options_.store_min_probability,
                decisions.size(), read_s, block_s, train_s, SecondsSince(started));
  last_summary_ = summary;
  return Status::Ok();
}

Status LinkageKeeper::Update(const store::View& before, const std::vector<NodeId>& touched, uint64_t number,
                             uint64_t* reached) {
  const auto started = std::chrono::steady_clock::now();
  auto now = store_->Snapshot();
  Result<store::DerivedMark> mark = now->GetLinkageMark();
  if (!mark.ok()) return mark.status();
  if (!mark->present || mark->fingerprint != fingerprint_ || mark->imports + 1 != number) {
    if (mark->present && mark->fingerprint == fingerprint_ && mark->imports >= number) {
      *reached = mark->imports;  // already further on
      return Status::Ok();
    }
    return ComputeAll(reached);
  }
  if (!model_) {
    if (Status s = LoadModel(*now); !s.ok()) return s.code() == Status::Code::kNotFound ? ComputeAll(reached) : s;
  }

  // The persons to look at again, and the decisions written.
  last_equal_documents_.clear();
  std::set<NodeId> affected;
  store::LinkageUpdate first;
  first.write_mark = false;
  std::set<NodePair> decided;
  Status failed = Status::Ok();
  std::vector<NodeId> sorted = touched;
  std::sort(sorted.begin(), sorted.end());
  auto holder_of = [](const store::View& view, const v1::Record& record) -> NodeId {
    Result<NodeId> holder = view.Lookup(record.identifier().holder());
    return holder.ok() ? *holder : 0;
  };
  Status s = now->GetMany(sorted, [&](NodeId id, const v1::Record& record) {
    if (record.body_case() == v1::Record::kPerson) affected.insert(id);
    if (record.body_case() == v1::Record::kIdentifier) {
      if (NodeId holder = holder_of(*now, record)) affected.insert(holder);
    }
    NodePair pair;
    v1::LinkageDecision decision;
    if (DecisionOf(record, *now, &pair, &decision)) {
      first.written.emplace_back(store::EncodeLinkagePairKey(store::kLinkageDecisionTag, pair.first, pair.second),
                                 Serialized(decision));
      decided.insert(pair);
    }
  });
  if (!s.ok()) return s;
  // What the records were: an identifier's old holder, a decision withdrawn.
  s = before.GetMany(sorted, [&](NodeId id, const v1::Record& record) {
    (void)id;
    if (record.body_case() == v1::Record::kIdentifier) {
      if (NodeId holder = holder_of(before, record)) affected.insert(holder);
    }
    NodePair pair;
    v1::LinkageDecision decision;
    if (DecisionOf(record, before, &pair, &decision) && !decided.contains(pair)) {
      first.deleted.push_back(store::EncodeLinkagePairKey(store::kLinkageDecisionTag, pair.first, pair.second));
    }
  });
  if (!s.ok()) return s;
  for (const NodePair& pair : decided) {
    first.deleted.push_back(store::EncodeLinkagePairKey(store::kLinkageCandidateTag, pair.first, pair.second));
    first.deleted.push_back(store::EncodeLinkagePairKey(store::kLinkagePartnerTag, pair.second, pair.first));
  }

  // Their old index entries and candidates go; their new keys go in.
  ProfileReader reader;
  std::vector<NodeId> affected_ids(affected.begin(), affected.end());
  std::map<NodeId, Profile> old_profiles, profiles;
  if (Status r = ReadPersons(before, affected_ids, &reader, &old_profiles); !r.ok()) return r;
  if (Status r = ReadPersons(*now, affected_ids, &reader, &profiles); !r.ok()) return r;
  // The persons indexed, and whether they outgrew the model.
  uint64_t persons = 0;
  std::string counted;
  if (Status c = now->GetLinkage(store::kLinkagePersonsKey, &counted); c.ok() && counted.size() == 8) {
    persons = store::DecodeFixed64BE(counted);
  }
  persons = persons + profiles.size() - std::min<uint64_t>(persons + profiles.size(), old_profiles.size());
  if (static_cast<double>(persons) >= options_.retrain_growth * static_cast<double>(model_->persons) + 2) {
    Status all = ComputeAll(reached);
    if (all.ok()) last_summary_ = "the persons outgrew the model; " + last_summary_;
    return all;
  }
  std::string persons_value;
  store::PutFixed64BE(&persons_value, persons);
  first.written.emplace_back(store::kLinkagePersonsKey, persons_value);
  for (const auto& [id, profile] : old_profiles) {
    for (const BlockKey& key : BlockKeysOf(profile, options_.blocking)) {
      first.deleted.push_back(store::EncodeLinkagePairKey(store::kLinkageBlockTag, BlockHash(key.rule, key.value), id));
    }
  }
  // A candidate (a, b) is the entry 'c'|a|b and its mirror 'p'|b|a: found
  // from either person, both go.
  for (NodeId id : affected_ids) {
    for (const auto& [tag, mirror] : {std::pair{store::kLinkageCandidateTag, store::kLinkagePartnerTag},
                                      std::pair{store::kLinkagePartnerTag, store::kLinkageCandidateTag}}) {
      s = now->ForEachLinkage(store::EncodeLinkagePrefix(tag, id), "", [&](std::string_view key, std::string_view) {
        char found;
        uint64_t first_id, second_id;
        if (store::DecodeLinkagePairKey(key, &found, &first_id, &second_id)) {
          first.deleted.emplace_back(key);
          first.deleted.push_back(store::EncodeLinkagePairKey(mirror, second_id, first_id));
        }
        return true;
      });
      if (!s.ok()) return s;
    }
  }
  std::map<NodeId, std::vector<BlockKey>> keys;
  for (const auto& [id, profile] : profiles) {
    keys[id] = BlockKeysOf(profile, options_.blocking);
    for (const BlockKey& key : keys[id]) {
      first.written.emplace_back(store::EncodeLinkagePairKey(store::kLinkageBlockTag, BlockHash(key.rule, key.value), id), "");
    }
  }
  // Deletes go before writes in a batch: an entry both deleted (old key) and
  // written (the same key again) stays.
  if (Status w = store_->WriteLinkage(first); !w.ok()) return w;

  // Their partners, from the index as it is now.
  auto indexed = store_->Snapshot();
  std::map<NodePair, uint64_t> pairs;
  for (const auto& [id, person_keys] : keys) {
    for (const BlockKey& key : person_keys) {
      std::vector<NodeId> block;
      const int64_t limit = MaxBlockSide(options_.blocking.rules[key.rule], options_.blocking);
      const std::string prefix = store::EncodeLinkagePrefix(store::kLinkageBlockTag, BlockHash(key.rule, key.value));
      s = indexed->ForEachLinkage(prefix, "", [&](std::string_view entry, std::string_view) {
        char tag;
        uint64_t hash, other;
        if (store::DecodeLinkagePairKey(entry, &tag, &hash, &other)) block.push_back(other);
        return static_cast<int64_t>(block.size()) <= limit;
      });
      if (!s.ok()) return s;
      if (static_cast<int64_t>(block.size()) > limit) continue;  // a giant block
      for (NodeId other : block) {
        if (other == id) continue;
        pairs[{std::min(id, other), std::max(id, other)}] |= uint64_t{1} << key.rule;
      }
    }
  }
  std::vector<NodeId> partner_ids;
  for (const auto& [pair, unused] : pairs) {
    if (!profiles.contains(pair.first)) partner_ids.push_back(pair.first);
    if (!profiles.contains(pair.second)) partner_ids.push_back(pair.second);
  }
  if (Status r = ReadPersons(*indexed, partner_ids, &reader, &profiles); !r.ok()) return r;

  const int full_rule = RuleIndex(options_.blocking, "name_full");
  TermCount term_count = [&](const std::string& value) -> int64_t {
    if (full_rule < 0) return 0;
    int64_t count = 0;
    Status counted = indexed->ForEachLinkage(
        store::EncodeLinkagePrefix(store::kLinkageBlockTag, BlockHash(full_rule, value)), "",
        [&count](std::string_view, std::string_view) { return ++count < kMaxTermCount; });
    return counted.ok() ? count : 0;
  };
  store::LinkageUpdate second;
  second.mark = {true, number, fingerprint_};
  int64_t stored = 0;
  for (const auto& [pair, rules] : pairs) {
    auto a = profiles.find(pair.first), b = profiles.find(pair.second);
    if (a == profiles.end() || b == profiles.end()) continue;  // no longer a person
    std::string decision;
    if (indexed->GetLinkage(store::EncodeLinkagePairKey(store::kLinkageDecisionTag, pair.first, pair.second), &decision)
            .ok()) {
      continue;
    }
    Score score = ScorePair(a->second, b->second, *model_, term_count);
    if (score.probability < options_.store_min_probability) continue;
    v1::LinkageCandidate candidate;
    ToProto(a->second, b->second, score, rules, options_.blocking, &candidate);
    if (DocumentsEqual(candidate)) last_equal_documents_.emplace_back(candidate.a(), candidate.b());
    second.written.emplace_back(store::EncodeLinkagePairKey(store::kLinkageCandidateTag, pair.first, pair.second),
                                Serialized(candidate));
    second.written.emplace_back(store::EncodeLinkagePairKey(store::kLinkagePartnerTag, pair.second, pair.first), "");
    ++stored;
  }
  if (Status w = store_->WriteLinkage(second); !w.ok()) return w;
  *reached = number;
  char summary[256];
  std::snprintf(summary, sizeof summary,
                "%zu persons looked at again, %zu pairs scored, %lld candidates stored, %zu decisions, %.1f ms",
                affected.size(), pairs.size(), static_cast<long long>(stored), decided.size(),
                1000 * SecondsSince(started));
  last_summary_ = summary;
  return Status::Ok();
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
