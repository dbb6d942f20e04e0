#include "linkage/compare_pair.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "linkage/keeper.h"
#include "store/keys.h"

namespace palermo::linkage {
namespace {

using store::NodeId;
namespace v1 = palermo::v1;

std::string Probability(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", p);
  return text;
}

// The keys both lists hold, each once, in (rule, value) order.
std::vector<BlockKey> SharedKeys(std::vector<BlockKey> x, std::vector<BlockKey> y) {
  const auto less = [](const BlockKey& p, const BlockKey& q) { return std::tie(p.rule, p.value) < std::tie(q.rule, q.value); };
  const auto equal = [](const BlockKey& p, const BlockKey& q) { return p.rule == q.rule && p.value == q.value; };
  for (std::vector<BlockKey>* keys : {&x, &y}) {
    std::sort(keys->begin(), keys->end(), less);
    keys->erase(std::unique(keys->begin(), keys->end(), equal), keys->end());
  }
  std::vector<BlockKey> shared;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(shared), less);
  return shared;
}

}  // namespace

std::string PairOutcome(const PairComparison& c, double store_min_probability) {
  if (c.decided) {
    const v1::LinkageDecision& d = c.decision;
    std::string who = (d.analyst().empty() ? "an analyst not named" : d.analyst()) + " of " + d.agency();
    if (d.verdict() == v1::LINKAGE_VERDICT_SAME) return "decided the same person by " + who + " (" + d.relation() + ")";
    return "decided different persons by " + who + " (" + d.relation() + "): not proposed again";
  }
  const double p = c.candidate.probability();
  if (c.stored) {
    return "proposed at " + Probability(p) +
           (p < 0.5 ? " (below 0.5, the default of `linkage candidates`: ask with a lower --min-probability)" : "");
  }
  if (c.candidate.rules().empty()) {
    return c.shared.empty() ? "not proposed: the records share no blocking key, so they were never compared"
                            : "not proposed: the blocks they share propose no pair (see each rule)";
  }
  if (p < store_min_probability) {
    return "not proposed: probability " + Probability(p) + " is below " + Probability(store_min_probability) +
           ", the least a candidate is stored with";
  }
  return "not proposed yet: blocking proposes the pair but its candidate is not stored (an import under way?): ask again";
}

Status ComparePair(const store::View& view, const BlockingOptions& blocking, double store_min_probability,
                   const std::string& a_key, const std::string& b_key, PairComparison* out) {
  Result<NodeId> found_a = view.Lookup(a_key);
  if (!found_a.ok()) return found_a.status();
  Result<NodeId> found_b = view.Lookup(b_key);
  if (!found_b.ok()) return found_b.status();
  NodeId a = *found_a, b = *found_b;
  if (a == b) return Status::InvalidArgument(a_key + " is not compared with itself");
  if (a > b) std::swap(a, b);  // as candidates and decisions are stored: by node id
  v1::LinkageModel model_proto;
  if (Status s = GetStoredModel(view, &model_proto); !s.ok()) {
    if (s.code() == Status::Code::kNotFound) {
      return Status::NotFound("no linkage model yet: the first linkage computation has not finished");
    }
    return s;
  }
  const Model model = ModelFromProto(model_proto);
  ProfileReader reader;
  std::map<NodeId, Profile> profiles;
  if (Status s = ReadPersons(view, {a, b}, &reader, &profiles); !s.ok()) return s;
  for (const auto& [id, key] : {std::pair{*found_a, &a_key}, std::pair{*found_b, &b_key}}) {
    if (!profiles.contains(id)) return Status::InvalidArgument(*key + " is not a person; only persons are linked");
  }
  const Profile& pa = profiles.at(a);
  const Profile& pb = profiles.at(b);

  // Blocking, as the index holds it: each rule under which both have a key.
  *out = PairComparison();
  uint64_t rules = 0;
  std::vector<NodeId> block;
  for (const BlockKey& key : SharedKeys(BlockKeysOf(pa, blocking), BlockKeysOf(pb, blocking))) {
    const BlockingRule& rule = blocking.rules[key.rule];
    if (out->shared.empty() || out->shared.back().rule != rule.name) {
      out->shared.push_back({rule.name, 0, INT64_MAX, MaxBlockSide(rule, blocking), false, ""});
    }
    SharedBlock& shared = out->shared.back();
    if (Status s = ReadStoredBlock(view, key, shared.max_block_side, &block); !s.ok()) return s;
    const int64_t size = static_cast<int64_t>(block.size());
    ++shared.keys;
    shared.block_size = std::min(shared.block_size, size);
    const uint64_t bit = uint64_t{1} << key.rule;
    if (size > shared.max_block_side) {
      if (!shared.proposes) shared.why_not = "its block is over " + std::to_string(shared.max_block_side) + " persons";
    } else if (ConditionHolds(rule, size) && RulesProposing(bit, pa, pb, blocking) == 0) {
      if (!shared.proposes) {
        shared.why_not = "birth years more than " + std::to_string(rule.max_birth_years_apart) + " apart in a block of " +
                         std::to_string(size) + " persons (over " + std::to_string(rule.years_apart_above_block_side) + ")";
      }
    } else {
      shared.proposes = true;
      shared.why_not.clear();
      rules |= bit;
    }
  }

  // The score, as a candidate is scored.
  const Levels levels = CompareProfiles(pa, pb);
  const Score score = ScorePair(pa, pb, model, StoredTermCount(view, blocking), &levels);
  StoredCandidate(pa, pb, score, levels, rules, blocking, &out->candidate);
  SetReasons(score.reasons, &out->candidate);

  std::string stored;
  Status found = view.GetLinkage(store::EncodeLinkagePairKey(store::kLinkageCandidateTag, a, b), &stored);
  if (!found.ok() && found.code() != Status::Code::kNotFound) return found;
  out->stored = found.ok();
  Status decided = GetStoredDecision(view, a, b, &out->decision);
  if (!decided.ok() && decided.code() != Status::Code::kNotFound) return decided;
  out->decided = decided.ok();
  out->outcome = PairOutcome(*out, store_min_probability);
  return Status::Ok();
}

}  // namespace palermo::linkage
