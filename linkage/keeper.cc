#include "linkage/keeper.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "common/parallel.h"
#include "format/json.h"
#include "model/vocabulary.h"
#include "store/keys.h"

namespace palermo::linkage {
namespace {

using store::NodeId;
using NodePair = std::pair<NodeId, NodeId>;  // first < second

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

std::string Serialized(const google::protobuf::Message& message) {
  std::string out;
  message.SerializeToString(&out);
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

FullNameCounts::FullNameCounts(const BlockingOptions& blocking, const std::vector<IndexEntry>* index)
    : rule_(RuleIndex(blocking, "name_full")), index_(index) {}

int64_t FullNameCounts::operator()(const std::string& value) const {
  if (rule_ < 0) return 0;
  const uint64_t hash = BlockHash(rule_, value);
  auto [begin, end] = std::equal_range(index_->begin(), index_->end(), IndexEntry{hash, 0},
                                       [](const IndexEntry& x, const IndexEntry& y) { return x.hash < y.hash; });
  return end - begin;
}

std::string LinkageFingerprint(const LinkageOptions& options) {
  // 2: candidates stored without reasons; 3: phones read in their
  // identifier's country, and international ones written without a plus;
  // the levels "a sibling's" and "two to five years apart" (stored levels
  // are their indexes); 4: Latin-written names told apart by their vowels;
  // 5: documents in conflict only of one state, the same placeholder
  // birthday as its year, namesakes' nationality, an a against an i;
  // 6: kin (names a sibling's: twins' birthday, nationality as their names
  // say), differing fathers' names -6.5 by default; 7: Abd- names,
  // syllables' final y, a long i, a against u, consonants of one father's
  // sons, short forms, the French reading of Arabic names, a postcode the
  // addresses write counted once, a phone a household shares (+2), the
  // vowels of a final ng; 8 and 9: later readings of names, phones and
  // documents (docs/LINKAGE.md); 10: short words beginning with o and a
  // told apart (Omar, Amer); 11: given name parts found in a full name
  // in any case; 12: short forms in names a c or an x may make Somali;
  // 13: family name parts as one name where a full name writes them so;
  // 14: first letters that alternate, initials as most words, documents
  // issued together; 15: one 0 for 00 before the holder's country code.
  std::string out = "linkage/16;names:" + std::to_string(kNameKeysVersion) + ";rules:";
  for (const BlockingRule& rule : options.blocking.rules) {
    out += rule.name + "/" + std::to_string(rule.max_block_side);
    if (rule.max_birth_years_apart >= 0) {
      out += "/years" + std::to_string(rule.max_birth_years_apart) + ">" +
             std::to_string(rule.years_apart_above_block_side);
    }
    out += "(";
    for (const BlockingPart& part : rule.parts) {
      out += std::to_string(static_cast<int>(part.field)) + "." + std::to_string(static_cast<int>(part.name_kind)) +
             (part.signed_rule >= 0 ? "." + std::to_string(part.signed_rule) : "") + ",";
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

// The most profiles ReadStoredPersons makes room for at once (1.8 GB of
// address space, written only as far as there are persons); a larger store
// grows its vector from there.
constexpr uint64_t kMostProfilesReserved = uint64_t{1} << 22;

Result<StoredPersons> ReadStoredPersons(const store::View& view, int threads, const std::atomic<bool>* cancelled) {
  const auto started = std::chrono::steady_clock::now();
  // The records are read in ranges of ids on the threads, each range with
  // its own collector; the collectors are merged in range order, so the
  // profiles (and `ids`) stay in id order, and the later relation of a
  // pair still wins.
  struct Range {
    ProfileReader reader;
    std::unique_ptr<ProfileCollector> collector;
    std::vector<NodeId> ids;
    std::vector<std::pair<NodePair, v1::LinkageDecision>> decisions;
    Status failed = Status::Ok();
  };
  const size_t range_count = static_cast<size_t>(std::max(1, threads));
  std::vector<Range> ranges(range_count);
  const uint64_t records = view.RecordCount();  // ids run from 1 about this far
  ParallelRanges(range_count, static_cast<int>(range_count), [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) {
      Range& range = ranges[r];
      range.collector = std::make_unique<ProfileCollector>(&range.reader, threads);
      const NodeId first = r == 0 ? 0 : 1 + records * r / range_count;
      const NodeId last = r + 1 == range_count ? 0 : 1 + records * (r + 1) / range_count;
      // At most a profile per record: the first range's room takes the
      // others' profiles too when they are merged into it.
      range.collector->Reserve(std::min<uint64_t>(kMostProfilesReserved, r == 0 ? records : records / range_count + 1));
      Status s = view.ForEachRecordIn(first, last, [&](NodeId id, const v1::Record& record) {
        bool person = false;
        range.failed = range.collector->Add(record, &person);
        if (person) range.ids.push_back(id);
        NodePair pair;
        v1::LinkageDecision decision;
        if (DecisionOf(record, view, &pair, &decision)) range.decisions.emplace_back(pair, std::move(decision));
        return range.failed.ok() && !*cancelled;
      });
      if (range.failed.ok()) range.failed = s;
    }
  });
  StoredPersons out;
  for (size_t r = 0; r < range_count; ++r) {
    if (!ranges[r].failed.ok()) return ranges[r].failed;
    out.ids.insert(out.ids.end(), ranges[r].ids.begin(), ranges[r].ids.end());
    for (auto& [pair, decision] : ranges[r].decisions) out.decisions[pair] = std::move(decision);  // the later relation wins
    if (r > 0) ranges[0].collector->Merge(std::move(*ranges[r].collector));
  }
  if (*cancelled) return Status::Cancelled("the linkage computation was stopped");
  out.records_seconds = SecondsSince(started);
  Result<std::vector<Profile>> collected = ranges[0].collector->Finish();
  if (!collected.ok()) return collected.status();
  out.profiles = std::move(*collected);
  return out;
}

Status LinkageKeeper::ComputeAll(uint64_t* imports) {
  const auto started = std::chrono::steady_clock::now();
  auto view = store_->Snapshot();
  Result<StoredPersons> read = ReadStoredPersons(*view, options_.threads, &cancelled_);
  if (!read.ok()) return read.status();
  std::vector<Profile> profiles = std::move(read->profiles);
  const std::vector<NodeId> ids = std::move(read->ids);  // of the profiles, in their order
  const std::map<NodePair, v1::LinkageDecision> decisions = std::move(read->decisions);
  const double records_s = read->records_seconds;
  const double read_s = SecondsSince(started);

  BlockingOptions blocking = options_.blocking;
  blocking.threads = options_.threads;
  Result<BlockingResult> blocked = BlockProfilesWithin(profiles, blocking);
  if (!blocked.ok()) return blocked.status();
  const double block_s = SecondsSince(started) - read_s;
  // Each pair compared once, on two threads: training and scoring read the levels.
  const std::vector<Levels> levels = CompareAll(profiles, blocked->pairs, options_.threads);
  TrainingOptions training = options_.training;
  training.threads = options_.threads;
  Model model = Train(profiles, blocked->pairs, levels, options_.blocking, training);
  const double train_s = SecondsSince(started) - read_s - block_s;
  last_equal_documents_.clear();
  Result<std::unique_ptr<store::LinkageLoad>> load = store_->BeginLinkageLoad();
  if (!load.ok()) return load.status();
  // The entries go in key order: 'b' index, 'c' candidates, 'd' decisions,
  // 'm' model, 'n' persons, 'p' partners (store/keys.h).
  // The blocking index, the family's first and largest part (18 M entries
  // at 10^6 persons), into one table file per thread at once: its entries
  // ascend, so contiguous ranges of them are disjoint ranges of keys.
  const size_t index_parts = blocked->index.size() >= (size_t{1} << 16) ? static_cast<size_t>(std::max(1, options_.threads)) : 1;
  if (Status w = (*load)->AddParts(index_parts, [&](size_t part, const store::DerivedLoad::AddFn& add) {
        const size_t n = blocked->index.size();
        std::string key;
        for (size_t i = n * part / index_parts; i < n * (part + 1) / index_parts; ++i) {
          const IndexEntry& entry = blocked->index[i];
          store::EncodeLinkagePairKey(store::kLinkageBlockTag, entry.hash, ids[entry.person], &key);
          if (Status s = add(key, ""); !s.ok()) return s;
          if (i % (1 << 20) == 0 && cancelled_) return Status::Cancelled("the linkage computation was stopped");
        }
        return Status::Ok();
      });
      !w.ok()) {
    return w;
  }
  std::string key;  // each key of the loops below, in one buffer
  const double index_s = SecondsSince(started) - read_s - block_s - train_s;
  const FullNameCounts term_count(options_.blocking, &blocked->index);
  std::vector<NodePair> partners;  // (b, a) of each candidate stored
  // Each profile's agency as a number: the pairs below compare agencies
  // without reaching into the second profile (anywhere in memory).
  std::vector<uint32_t> agency_of(profiles.size());
  {
    std::map<std::string_view, uint32_t> numbers;
    for (size_t i = 0; i < profiles.size(); ++i) {
      agency_of[i] = numbers.emplace(profiles[i].agency, static_cast<uint32_t>(numbers.size())).first->second;
    }
  }
  // The weight from the levels decides which pairs are kept (an exact full
  // name may move with its term frequency, so it is weighed in full); their
  // reasons are built when they are read. Pairs are weighed in parts, each
  // on the threads, and written in their order.
  const LevelsWeights levels_weight(model);
  const double floor_weight = std::log2(options_.store_min_probability / (1 - options_.store_min_probability));
  // A kept candidate, serialized into its thread's buffer (one allocation
  // per part and thread, not one per candidate).
  struct Kept {
    NodePair nodes;
    int32_t a, b;  // the profiles
    size_t value_at, value_size;  // in the thread's buffer
    bool documents_equal = false;
  };
  int64_t stored = 0;
  constexpr size_t kPart = size_t{1} << 20;
  const size_t threads = static_cast<size_t>(std::max(1, options_.threads));
  std::vector<std::string> buffers(threads);
  for (size_t part = 0; part < blocked->pairs.size(); part += kPart) {
    if (cancelled_) return Status::Cancelled("the linkage computation was stopped");
    const size_t part_end = std::min(blocked->pairs.size(), part + kPart);
    std::vector<std::vector<Kept>> kept(threads);
    ParallelRanges(kept.size(), static_cast<int>(kept.size()), [&](size_t first_range, size_t last_range) {
      for (size_t t = first_range; t < last_range; ++t) {
        const size_t share = (part_end - part + kept.size() - 1) / kept.size();
        const size_t begin = part + t * share, end = std::min(part_end, begin + share);
        std::string& buffer = buffers[t];
        buffer.clear();
        v1::LinkageCandidate candidate;  // cleared and filled again: its strings' memory is reused
        for (size_t i = begin; i < end; ++i) {
          const CandidatePair& pair = blocked->pairs[i];
          NodePair nodes{ids[pair.a], ids[pair.b]};  // ids ascend with the profiles: a < b
          if (!decisions.empty() && decisions.contains(nodes)) continue;
          if (!(model.term_frequencies && ExactFullName(levels[i])) &&
              levels_weight(levels[i], agency_of[pair.a] == agency_of[pair.b]) < floor_weight) {
            continue;
          }
          const Score score = WeighPair(profiles[pair.a], profiles[pair.b], model, term_count, levels[i]);
          if (score.probability < options_.store_min_probability) continue;
          candidate.Clear();
          StoredCandidate(profiles[pair.a], profiles[pair.b], score, levels[i], pair.rules, options_.blocking,
                          &candidate);
          const size_t at = buffer.size();
          candidate.AppendToString(&buffer);
          kept[t].push_back({nodes, pair.a, pair.b, at, buffer.size() - at, DocumentsEqual(levels[i])});
        }
      }
    });
    for (size_t t = 0; t < kept.size(); ++t) {
      for (const Kept& k : kept[t]) {
        store::EncodeLinkagePairKey(store::kLinkageCandidateTag, k.nodes.first, k.nodes.second, &key);
        if (Status w = (*load)->Add(key, std::string_view(buffers[t]).substr(k.value_at, k.value_size));
            !w.ok()) {
          return w;
        }
        if (k.documents_equal) {
          last_equal_documents_.emplace_back(profiles[k.a].key, profiles[k.b].key);
        }
        partners.push_back({k.nodes.second, k.nodes.first});
        ++stored;
      }
    }
  }
  for (const auto& [pair, decision] : decisions) {
    if (Status w = (*load)->Add(store::EncodeLinkagePairKey(store::kLinkageDecisionTag, pair.first, pair.second),
                                Serialized(decision));
        !w.ok()) {
      return w;
    }
  }
  v1::LinkageModel model_proto;
  ModelToProto(model, &model_proto);
  if (Status w = (*load)->Add(store::kLinkageModelKey, Serialized(model_proto)); !w.ok()) return w;
  std::string persons_count;
  store::PutFixed64BE(&persons_count, profiles.size());
  if (Status w = (*load)->Add(store::kLinkagePersonsKey, persons_count); !w.ok()) return w;
  std::sort(partners.begin(), partners.end());
  for (const NodePair& partner : partners) {
    store::EncodeLinkagePairKey(store::kLinkagePartnerTag, partner.first, partner.second, &key);
    if (Status w = (*load)->Add(key, ""); !w.ok()) return w;
  }
  if (cancelled_) return Status::Cancelled("the linkage computation was stopped");
  const double score_s = SecondsSince(started) - read_s - block_s - train_s;
  if (Status w = (*load)->Commit({true, view->Imports(), fingerprint_}); !w.ok()) return w;
  model_ = std::move(model);
  if (imports) *imports = view->Imports();
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "every person linked: %zu persons, %zu blocked pairs, %lld candidates stored (P >= %g), %zu decisions; "
                "read %.2f s (names and identifiers %.2f s), blocked %.2f s, compared and trained %.2f s, "
                "index written %.2f s, candidates scored and written %.2f s, all %.2f s",
                profiles.size(), blocked->pairs.size(), static_cast<long long>(stored), options_.store_min_probability,
                decisions.size(), read_s, read_s - records_s, block_s, train_s, index_s, score_s - index_s,
                SecondsSince(started));
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
  // Each pair's rules: those that propose it whatever its birth years, and
  // those whose condition on them it must meet (a block where it holds).
  struct PairRules {
    uint64_t always = 0, if_allowed = 0;
  };
  std::map<NodePair, PairRules> pairs;
  for (const auto& [id, person_keys] : keys) {
    for (const BlockKey& key : person_keys) {
      std::vector<NodeId> block;
      const int64_t limit = MaxBlockSide(options_.blocking.rules[key.rule], options_.blocking);
      if (Status b = ReadStoredBlock(*indexed, key, limit, &block); !b.ok()) return b;
      if (static_cast<int64_t>(block.size()) > limit) continue;  // a giant block
      const bool conditional =
          ConditionHolds(options_.blocking.rules[key.rule], static_cast<int64_t>(block.size()));
      for (NodeId other : block) {
        if (other == id) continue;
        PairRules& rules = pairs[{std::min(id, other), std::max(id, other)}];
        (conditional ? rules.if_allowed : rules.always) |= uint64_t{1} << key.rule;
      }
    }
  }
  std::vector<NodeId> partner_ids;
  for (const auto& [pair, unused] : pairs) {
    if (!profiles.contains(pair.first)) partner_ids.push_back(pair.first);
    if (!profiles.contains(pair.second)) partner_ids.push_back(pair.second);
  }
  if (Status r = ReadPersons(*indexed, partner_ids, &reader, &profiles); !r.ok()) return r;

  const TermCount term_count = StoredTermCount(*indexed, options_.blocking);
  store::LinkageUpdate second;
  second.mark = {true, number, fingerprint_};
  int64_t stored = 0;
  for (const auto& [pair, keyed] : pairs) {
    auto a = profiles.find(pair.first), b = profiles.find(pair.second);
    if (a == profiles.end() || b == profiles.end()) continue;  // no longer a person
    const uint64_t rules = keyed.always | RulesProposing(keyed.if_allowed, a->second, b->second, options_.blocking);
    if (rules == 0) continue;  // keys shared only under rules whose condition the pair fails
    std::string decision;
    if (indexed->GetLinkage(store::EncodeLinkagePairKey(store::kLinkageDecisionTag, pair.first, pair.second), &decision)
            .ok()) {
      continue;
    }
    const Levels levels = CompareProfiles(a->second, b->second);
    const Score score = WeighPair(a->second, b->second, *model_, term_count, levels);
    if (score.probability < options_.store_min_probability) continue;
    v1::LinkageCandidate candidate;
    StoredCandidate(a->second, b->second, score, levels, rules, options_.blocking, &candidate);
    if (DocumentsEqual(levels)) last_equal_documents_.emplace_back(candidate.a(), candidate.b());
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

}  // namespace palermo::linkage
