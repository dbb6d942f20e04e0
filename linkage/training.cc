// Training the Fellegi-Sunter model (linkage/scoring.h, Train): u from
// random pairs, m by EM per blocking rule over the blocked pairs counted by
// pattern, the priors from deterministic rules (docs/LINKAGE.md, "Scoring").
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/parallel.h"
#include "linkage/levels.h"
#include "linkage/scoring.h"

namespace palermo::linkage {
namespace {

using namespace levels;  // NOLINT: the level indexes, linkage/levels.h

// u of a level met `met` times in `compared` random pairs. A small store's
// sample (fewer than kTrustedSample pairs) cannot show that a level is
// rarer than its default u: one that never shows two persons with one name
// must not conclude that namesakes are one in a hundred thousand (+14 for
// an equal name, which no birth date decades apart outweighs), so there u
// is at least the default. A larger sample is taken as it is (half a pair
// for a level never met, so that u is never 0).
constexpr double kTrustedSample = 100000;
double SampledU(double met, double compared, double default_u) {
  const double u = std::max(met, 0.5) / compared;
  // Only rare levels (agreements) are floored; common ones (differ, years
  // apart) are what the sample shows.
  return compared < kTrustedSample && default_u < 0.1 ? std::max(u, default_u) : u;
}

// The comparisons a blocking field's rules depend on (EM must not learn a
// comparison's m from pairs that were chosen because it agrees).
std::vector<Comparison> ComparisonsOf(BlockingField field) {
  switch (field) {
    case BlockingField::kIdentifier: return {Comparison::kDocument, Comparison::kContact};
    case BlockingField::kName:
    case BlockingField::kGivenName:
    case BlockingField::kFamilyName:
    case BlockingField::kNamePart:
    case BlockingField::kNameToken: return {Comparison::kName, Comparison::kGivenName, Comparison::kFamilyName};
    case BlockingField::kBirthYear:
    case BlockingField::kBirthDay: return {Comparison::kBirthDate};
    case BlockingField::kPostcode:
    case BlockingField::kPostcodePrefix: return {Comparison::kPostcode};
    case BlockingField::kAddressWord: return {Comparison::kAddress};
    case BlockingField::kClk:
    case BlockingField::kClkSignature: return {Comparison::kClk};
    case BlockingField::kInitial: return {};  // a letter in common says little of the names' level
  }
  return {};
}

// How many of the true pairs between agencies the deterministic rules
// find, read off the pairs the model would propose: of the blocked pairs
// between agencies at P >= 0.5 under `prior` (the deterministic count over
// an assumed recall), the share the rules found. Where agencies write names
// in other scripts the rules find a third of the true pairs, not nine
// tenths. `assumed` when fewer than 10 pairs would be proposed.
double DeterministicRecall(Model model, const std::vector<Profile>& profiles, const std::vector<CandidatePair>& pairs,
                           const std::vector<Levels>& levels, const std::vector<bool>& deterministic, double prior,
                           double assumed) {
  model.lambda = prior;
  const LevelsWeights weigh(model);
  int64_t sure_pairs = 0, found = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    // (The weight first: it reads the levels in order, the agencies would
    // read two profiles anywhere in memory for each of millions of pairs.)
    if (weigh(levels[i], false) < 0 || profiles[pairs[i].a].agency == profiles[pairs[i].b].agency) continue;
    ++sure_pairs;
    found += deterministic[i];
  }
  return sure_pairs >= 10 ? std::max(static_cast<double>(found) / sure_pairs, 0.01) : assumed;
}

struct Pattern {
  Levels levels;
  double count = 0;
};

// A pair's levels as one number: 4 bits per comparison, the level + 1 (0:
// not compared). EM counts the blocked pairs by it.
static_assert(kComparisons * 4 <= 64);
uint64_t PatternCode(const Levels& levels) {
  uint64_t code = 0;
  for (int c = 0; c < kComparisons; ++c) code |= static_cast<uint64_t>(levels.level[c] + 1) << (4 * c);
  return code;
}
Levels LevelsOfCode(uint64_t code) {
  Levels levels;
  for (int c = 0; c < kComparisons; ++c) levels.level[c] = static_cast<int8_t>(((code >> (4 * c)) & 15) - 1);
  return levels;
}

struct CodeAndRules {
  uint64_t code, rules;
  bool sure;
  bool operator==(const CodeAndRules&) const = default;
};
struct CodeAndRulesHash {
  size_t operator()(const CodeAndRules& x) const {
    return std::hash<uint64_t>{}(x.code * 0x9E3779B97F4A7C15ULL ^ x.rules ^ static_cast<uint64_t>(x.sure));
  }
};

// Whether a pair is a match by the deterministic rules: the same document,
// or the same full name (or given and family names) and day of birth.
bool DeterministicMatch(const Levels& l) {
  const bool document = l.level[static_cast<int>(Comparison::kDocument)] == kDocumentEqual;
  const bool name = l.level[static_cast<int>(Comparison::kName)] == kNameExact ||
                    (l.level[static_cast<int>(Comparison::kGivenName)] == kPartExact &&
                     l.level[static_cast<int>(Comparison::kFamilyName)] == kPartExact);
  return document || (name && l.level[static_cast<int>(Comparison::kBirthDate)] == kDateSameDay);
}

// Expectation maximisation of m (u fixed) over `patterns`; returns m.
std::vector<std::vector<LevelParameters>> Em(const std::vector<Pattern>& patterns, const Model& start, int iterations) {
  std::vector<std::vector<LevelParameters>> params = start.params;
  double lambda = 0.5;
  for (int it = 0; it < iterations; ++it) {
    std::vector<std::vector<double>> match_at(kComparisons), total_match(kComparisons, std::vector<double>(1, 0));
    for (int c = 0; c < kComparisons; ++c) match_at[c].assign(params[c].size(), 0);
    double matches = 0, all = 0;
    for (const Pattern& p : patterns) {
      double lm = std::log(lambda), lu = std::log(1 - lambda);
      for (int c = 0; c < kComparisons; ++c) {
        const int8_t level = p.levels.level[c];
        if (level == kNull) continue;
        lm += std::log(params[c][level].m);
        lu += std::log(params[c][level].u);
      }
      const double pm = 1.0 / (1.0 + std::exp(lu - lm));
      matches += pm * p.count;
      all += p.count;
      for (int c = 0; c < kComparisons; ++c) {
        const int8_t level = p.levels.level[c];
        if (level == kNull) continue;
        match_at[c][level] += pm * p.count;
        total_match[c][0] += pm * p.count;
      }
    }
    lambda = std::clamp(matches / all, 1e-6, 1 - 1e-6);
    for (int c = 0; c < kComparisons; ++c) {
      if (total_match[c][0] <= 0) continue;
      for (size_t level = 0; level < params[c].size(); ++level) {
        // A level never seen among matches keeps a small m, so that its
        // weight stays finite.
        params[c][level].m = std::max(match_at[c][level] / total_match[c][0], 1e-5);
      }
    }
  }
  return params;
}

// A nationality shared by namesakes (levels.h kNationalityAsNamesSay) is
// evidence only as far as namesakes do not share one anyway: names tell
// where their bearers come from (two Mohammad Karimis are both Afghans),
// and Fellegi-Sunter would count the name twice. How often namesakes share
// a nationality is read off the blocked pairs of namesakes born a year or
// more apart (other persons, bar a wrong date), at least as often as random
// pairs and at most as often as one person's records (weight 0); m is that
// of a shared nationality. With fewer than `min_pairs` such pairs it
// weighs 0. Namesakes: names exact, in other order or spelled alike
// (scoring.h Namesakes); of the labelled sets' strangers, nine were such
// namesakes whose shared nationality (+4.3 in a small set of many
// nationalities) outweighed another document or father.
void WeighNamesakesNationality(const std::vector<Levels>& levels, int64_t min_pairs, Model* model) {
  const int nationality = static_cast<int>(Comparison::kNationality), birth = static_cast<int>(Comparison::kBirthDate);
  int64_t namesakes = 0, shared = 0;
  for (const Levels& l : levels) {
    if (l.level[nationality] == kNull || l.level[birth] < kDateDiffer || !Namesakes(l)) continue;
    ++namesakes;
    shared += l.level[nationality] == kNationalityAsNamesSay;
  }
  const LevelParameters& any = model->params[nationality][kNationalityShared];
  LevelParameters& p = model->params[nationality][kNationalityAsNamesSay];
  p.m = any.m;
  if (namesakes < min_pairs) {
    p.u = p.m;
    model->training_notes.push_back("nationality shared by namesakes: 0 (m = u), " + std::to_string(namesakes) +
                                    " blocked namesakes born a year or more apart, fewer than " +
                                    std::to_string(min_pairs) + " to read how often namesakes share one");
    return;
  }
  p.u = std::clamp(static_cast<double>(shared) / static_cast<double>(namesakes), any.u, p.m);
  char share[32];
  std::snprintf(share, sizeof share, "%.3f", p.u);
  model->training_notes.push_back("nationality shared by namesakes: u " + std::string(share) + " from " +
                                  std::to_string(namesakes) + " blocked namesakes born a year or more apart");
}

}  // namespace

Model Train(const std::vector<Profile>& profiles, const std::vector<CandidatePair>& pairs,
            const BlockingOptions& rules, const TrainingOptions& options) {
  return Train(profiles, pairs, CompareAll(profiles, pairs, 1), rules, options);
}

Model Train(const std::vector<Profile>& profiles, const std::vector<CandidatePair>& pairs,
            const std::vector<Levels>& levels, const BlockingOptions& rules, const TrainingOptions& options) {
  const Model defaults = DefaultModel();  // what an estimate falls back to
  Model model = defaults;
  const int64_t n = static_cast<int64_t>(profiles.size());
  model.persons = n;
  auto note = [&model](std::string text) { model.training_notes.push_back(std::move(text)); };
  const int64_t all_pairs = n * (n - 1) / 2;

  // u from random pairs.
  const int64_t sample = std::min(options.random_pairs, all_pairs);
  std::vector<std::vector<double>> at(kComparisons);
  std::vector<double> compared(kComparisons, 0);
  std::vector<bool> u_trained(kComparisons, false);
  for (int c = 0; c < kComparisons; ++c) at[c].assign(model.params[c].size(), 0);
  // Random pairs hold true pairs too (lambda of them), which at the top
  // levels (an equal document, a CLK Dice above 0.9) outnumber strangers.
  // With two agencies or more, u is drawn from pairs within one agency,
  // which rarely records one person twice; with one, from all pairs, and u
  // is corrected for the true pairs afterwards.
  std::map<std::string, std::vector<int32_t>> by_agency;
  for (size_t i = 0; i < profiles.size(); ++i) by_agency[profiles[i].agency].push_back(static_cast<int32_t>(i));
  int agencies_with_pairs = 0;
  for (const auto& [agency, members] : by_agency) agencies_with_pairs += members.size() >= 2;
  const bool within_agencies = agencies_with_pairs >= 2;
  // Each person's agency's members, so that a draw does not reach into the
  // profile (anywhere in memory) or compare agency names.
  std::vector<const std::vector<int32_t>*> agency_members(profiles.size());
  for (const auto& [agency, members] : by_agency) {
    for (int32_t i : members) agency_members[static_cast<size_t>(i)] = &members;
  }
  std::mt19937_64 random(options.seed);
  // Two persons of one pool, or of one agency of it; false when none.
  // Reads `agency_members` only: may run on threads, each with its generator.
  auto draw = [&](const std::vector<int32_t>& pool, std::mt19937_64& generator, int32_t* x, int32_t* y) {
    *x = pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(generator)];
    if (!within_agencies) {
      *y = pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(generator)];
    } else {
      const std::vector<int32_t>& same = *agency_members[static_cast<size_t>(*x)];
      *y = same[std::uniform_int_distribution<size_t>(0, same.size() - 1)(generator)];
    }
    return *x != *y;
  };
  std::vector<int32_t> everyone(profiles.size());
  for (size_t i = 0; i < everyone.size(); ++i) everyone[i] = static_cast<int32_t>(i);
  if (sample >= options.min_random_pairs) {
    // Drawn in order with the seed, compared on the threads.
    std::vector<CandidatePair> drawn;
    drawn.reserve(static_cast<size_t>(sample));
    for (int64_t i = 0; i < sample; ++i) {
      int32_t x, y;
      if (draw(everyone, random, &x, &y)) drawn.push_back({x, y, 0});
    }
    for (const Levels& l : CompareAll(profiles, drawn, options.threads)) {
      for (int c = 0; c < kComparisons; ++c) {
        if (l.level[c] == kNull) continue;
        at[c][l.level[c]] += 1;
        compared[c] += 1;
      }
    }
    // Encodings: their top levels are so rare among strangers (a few in a
    // million pairs) that u needs more pairs; a Dice costs little, so the
    // clk comparison gets clk_random_factor times as many.
    const int clk = static_cast<int>(Comparison::kClk);
    if (compared[clk] > 0 && options.clk_random_factor > 1) {
      std::vector<int32_t> encoded;
      for (size_t i = 0; i < profiles.size(); ++i) {
        if (!profiles[i].clk.empty()) encoded.push_back(static_cast<int32_t>(i));
      }
      const int64_t more = std::min<int64_t>(sample * (options.clk_random_factor - 1),
                                             static_cast<int64_t>(encoded.size()) * (encoded.size() - 1) / 2);
      // In a fixed number of chunks, each with a generator of its own, so
      // that the pairs do not depend on the threads.
      constexpr int kChunks = 16;
      std::vector<std::vector<double>> chunk_at(kChunks, std::vector<double>(at[clk].size(), 0));
      ParallelRanges(kChunks, options.threads, [&](size_t first, size_t end) {
        for (size_t chunk = first; chunk < end; ++chunk) {
          std::mt19937_64 generator(options.seed + 1 + chunk);
          const int64_t draws = (more + kChunks - 1 - static_cast<int64_t>(chunk)) / kChunks;
          // Drawn in batches, in the order of the generator, and compared
          // once the batch's profiles and then their CLKs are fetched: two
          // random persons per pair wait on memory, not on the Dice.
          constexpr int kBatch = 32;
          std::array<std::pair<int32_t, int32_t>, kBatch> batch;
          for (int64_t done = 0; done < draws;) {
            int drawn_now = 0;
            for (; drawn_now < kBatch && done < draws; ++done) {
              int32_t xi, yi;
              if (!draw(encoded, generator, &xi, &yi)) continue;
              batch[static_cast<size_t>(drawn_now++)] = {xi, yi};
              __builtin_prefetch(&profiles[static_cast<size_t>(xi)]);
              __builtin_prefetch(&profiles[static_cast<size_t>(yi)]);
            }
            for (int k = 0; k < drawn_now; ++k) {
              PrefetchEncoding(profiles[static_cast<size_t>(batch[static_cast<size_t>(k)].first)]);
              PrefetchEncoding(profiles[static_cast<size_t>(batch[static_cast<size_t>(k)].second)]);
            }
            for (int k = 0; k < drawn_now; ++k) {
              const Profile& x = profiles[static_cast<size_t>(batch[static_cast<size_t>(k)].first)];
              const Profile& y = profiles[static_cast<size_t>(batch[static_cast<size_t>(k)].second)];
              if (x.clk.empty() || y.clk.empty() || x.clk.size() != y.clk.size()) continue;
              chunk_at[chunk][ClkLevel(Dice(x.clk, y.clk))] += 1;
            }
          }
        }
      });
      for (const std::vector<double>& counts : chunk_at) {
        for (size_t level = 0; level < counts.size(); ++level) {
          at[clk][level] += counts[level];
          compared[clk] += counts[level];
        }
      }
    }
    for (int c = 0; c < kComparisons; ++c) {
      if (compared[c] < options.min_random_pairs) {
        note("u of " + std::string(ComparisonName(static_cast<Comparison>(c))) + ": default (compared in " +
             std::to_string(static_cast<int64_t>(compared[c])) + " random pairs)");
        continue;
      }
      for (size_t level = 0; level < at[c].size(); ++level) {
        model.params[c][level].u = SampledU(at[c][level], compared[c], defaults.params[c][level].u);
      }
      u_trained[c] = true;
      note("u of " + std::string(ComparisonName(static_cast<Comparison>(c))) + ": from " +
           std::to_string(static_cast<int64_t>(compared[c])) + " random pairs" +
           (within_agencies ? " within one agency each" : ""));
    }
  } else {
    note("u: defaults (" + std::to_string(all_pairs) + " pairs in all, fewer than " +
         std::to_string(options.min_random_pairs) + ")");
  }

  // m by EM, as Splink trains it: one session per blocking rule, over the
  // pairs that rule proposed, leaving out of the likelihood the comparisons
  // the rule reads (its pairs agree on them by construction); each
  // comparison's m is the mean over the sessions that estimated it.
  std::vector<std::vector<LevelParameters>> m_sum(kComparisons);
  std::vector<int> sessions(kComparisons, 0);
  for (int c = 0; c < kComparisons; ++c) m_sum[c].assign(model.params[c].size(), {0, 0});
  // The pairs counted once by their levels and the rules that proposed them
  // (far fewer kinds than pairs); each session reads its rule's.
  std::unordered_map<CodeAndRules, int64_t, CodeAndRulesHash> counted;
  for (size_t i = 0; i < pairs.size(); ++i) ++counted[{PatternCode(levels[i]), pairs[i].rules, DeterministicMatch(levels[i])}];
  for (size_t r = 0; r < rules.rules.size(); ++r) {
    uint64_t kept_levels = ~uint64_t{0};  // the comparisons the rule reads are left out
    if (rules.rules[r].max_birth_years_apart >= 0) {  // its pairs were chosen by their birth years too
      for (Comparison c : ComparisonsOf(BlockingField::kBirthYear)) {
        kept_levels &= ~(uint64_t{15} << (4 * static_cast<int>(c)));
      }
    }
    for (const BlockingPart& part : rules.rules[r].parts) {
      for (Comparison c : ComparisonsOf(part.field)) kept_levels &= ~(uint64_t{15} << (4 * static_cast<int>(c)));
      if (part.field != BlockingField::kClkSignature) continue;
      // A signed rule chose its pairs by the clear parts it signs (and the
      // birth levels read from signatures follow from them).
      static const std::vector<BlockingRule> kClear = ClearBlockingRules();
      for (const BlockingPart& signed_part : kClear.at(static_cast<size_t>(part.signed_rule)).parts) {
        for (Comparison c : ComparisonsOf(signed_part.field)) kept_levels &= ~(uint64_t{15} << (4 * static_cast<int>(c)));
      }
    }
    std::map<uint64_t, int64_t> chosen;  // in code order, so that EM sums in one order
    int64_t chosen_pairs = 0, sure_pairs = 0;
    for (const auto& [key, count] : counted) {
      if (!(key.rules & (uint64_t{1} << r))) continue;
      chosen[key.code & kept_levels] += count;
      chosen_pairs += count;
      sure_pairs += key.sure ? count : 0;
    }
    if (chosen_pairs < options.min_em_pairs) continue;
    if (sure_pairs < options.min_em_sure_pairs) {
      // No matches the rules know of: EM would take some other kind of
      // pair for the matches (the residents of one shelter, whose
      // address the rule shares).
      note("EM session of " + rules.rules[r].name + " left out: " + std::to_string(sure_pairs) +
           " deterministic matches among its " + std::to_string(chosen_pairs) + " pairs, fewer than " +
           std::to_string(options.min_em_sure_pairs));
      continue;
    }
    std::vector<Pattern> patterns;
    std::vector<int64_t> compared(kComparisons, 0);
    for (const auto& [code, count] : chosen) {
      patterns.push_back({LevelsOfCode(code), static_cast<double>(count)});
      for (int c = 0; c < kComparisons; ++c) compared[c] += patterns.back().levels.level[c] != kNull ? count : 0;
    }
    const auto m = Em(patterns, model, options.em_iterations);
    for (int c = 0; c < kComparisons; ++c) {
      if (((kept_levels >> (4 * c)) & 15) == 0 || compared[c] < options.min_em_pairs) continue;
      for (size_t level = 0; level < m[c].size(); ++level) m_sum[c][level].m += m[c][level].m;
      ++sessions[c];
    }
  }
  for (int c = 0; c < kComparisons; ++c) {
    const std::string name(ComparisonName(static_cast<Comparison>(c)));
    if (sessions[c] == 0) {
      note("m of " + name + ": default (no blocking rule that leaves it out proposed " +
           std::to_string(options.min_em_pairs) + " pairs comparing it with " +
           std::to_string(options.min_em_sure_pairs) + " deterministic matches among them)");
      continue;
    }
    for (size_t level = 0; level < m_sum[c].size(); ++level) model.params[c][level].m = m_sum[c][level].m / sessions[c];
    note("m of " + name + ": EM, mean of " + std::to_string(sessions[c]) + " sessions");
  }

  WeighNamesakesNationality(levels, options.min_em_pairs, &model);

  // The priors from deterministic rules (the same document, or the same full
  // name and day of birth), over the pairs of different agencies and over
  // those of one agency apart.
  int64_t deterministic_cross = 0, deterministic_within = 0;
  std::vector<bool> deterministic(levels.size());
  for (size_t i = 0; i < levels.size(); ++i) {
    if (DeterministicMatch(levels[i])) {
      deterministic[i] = true;
      (profiles[pairs[i].a].agency == profiles[pairs[i].b].agency ? deterministic_within : deterministic_cross) += 1;
    }
  }
  double within_pairs = 0;
  for (const auto& [agency, members] : by_agency) {
    within_pairs += static_cast<double>(members.size()) * (static_cast<double>(members.size()) - 1) / 2;
  }
  const double cross_pairs = static_cast<double>(all_pairs) - within_pairs;
  const std::string among = std::to_string(n) + " persons of " + std::to_string(by_agency.size()) +
                            (by_agency.size() == 1 ? " agency" : " agencies");
  const double recall = options.deterministic_recall;
  if (cross_pairs > 0) {
    // Each person recorded once more, by another agency: n/2 true pairs.
    const double one_other = std::min(0.5, n / 2.0 / cross_pairs);
    if (deterministic_cross >= 10) {
      // The deterministic rules find few true pairs where agencies write
      // names in other scripts: their recall is read off the pairs the
      // model would propose (at most the assumed one), the prior kept
      // within each person recorded once more.
      const double floor = std::clamp(deterministic_cross / recall / cross_pairs, 1 / cross_pairs, 0.5);
      Model weighed = model;
      ApplyFixedWeights(&weighed);
      const double found =
          std::min(recall, DeterministicRecall(weighed, profiles, pairs, levels, deterministic, floor, recall));
      model.lambda = std::clamp(deterministic_cross / found / cross_pairs, floor, std::max(floor, one_other));
      char share[32];
      std::snprintf(share, sizeof share, "%.2f", found);
      model.lambda_from = std::to_string(deterministic_cross) + " deterministic matches between agencies, taken for " +
                          share + " of the true pairs, " + among;
    } else {
      model.lambda = one_other;
      model.lambda_from = "each person recorded once more by another agency, " + among;
    }
    // One agency rarely records a person twice: the deterministic matches
    // within agencies (at least one) over their pairs, at most the prior
    // between agencies.
    model.lambda_within = within_pairs > 0 ? std::min(model.lambda, std::max<double>(deterministic_within, 1) /
                                                                         recall / within_pairs)
                                           : model.lambda;
    model.lambda_within_from =
        std::to_string(deterministic_within) + " deterministic matches within agencies, " + among;
  } else {
    const double one_other = n > 1 ? 1.0 / static_cast<double>(n - 1) : 0.5;
    if (deterministic_within >= 10 && all_pairs > 0) {
      model.lambda_within = std::clamp(deterministic_within / recall / static_cast<double>(all_pairs),
                                       1.0 / static_cast<double>(all_pairs), one_other);
      model.lambda_within_from = std::to_string(deterministic_within) + " deterministic matches, " + among;
    } else {
      model.lambda_within = std::min(one_other, 0.5);
      model.lambda_within_from = n > 2 ? "one other record per person, " + among
                                       : "even odds: too few persons to estimate";
    }
    model.lambda = model.lambda_within;
    model.lambda_from = model.lambda_within_from;
  }
  // Pairs drawn from all (one agency): take the true ones' share out of u.
  for (int c = 0; c < kComparisons; ++c) {
    if (!u_trained[c] || within_agencies) continue;
    for (size_t level = 0; level < at[c].size(); ++level) {
      // (Namesakes' shared nationality is read from namesakes, not random pairs.)
      if (c == static_cast<int>(Comparison::kNationality) && level == kNationalityAsNamesSay) continue;
      const double unmatched = (at[c][level] - model.lambda * model.params[c][level].m * compared[c]) / (1 - model.lambda);
      model.params[c][level].u = SampledU(unmatched, compared[c], defaults.params[c][level].u);
    }
  }
  model.term_frequencies = n >= options.min_term_frequency_persons;
  ApplyFixedWeights(&model);
  model.training_notes.push_back("father_name: agreeing levels weigh 0 (m = u), only differing father names count");
  model.training_notes.push_back("a sibling's name (name, given, family, father): -8 (m = u / 256)");
  model.training_notes.push_back("the same birthday of kin (names a sibling's): +4 (m = 16 u)");
  model.training_notes.push_back("a phone or e-mail kin or persons born years apart share: +2 (m = 4 u)");
  model.training_notes.push_back(
      "an address persons born more than five years apart, or whose names and birth dates differ, share: +2 (m = 4 u)");
  model.training_notes.push_back("a document number a clerk's typo apart: +10 (m = 1024 u)");
  return model;
}

}  // namespace palermo::linkage
