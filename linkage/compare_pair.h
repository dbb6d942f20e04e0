// Any two person records compared as the stored linkage would compare them,
// whether or not blocking proposed them: what an analyst asks of a pair
// Palermo did not propose ("why not?") or proposed lower than expected
// (docs/LINKAGE.md, "Comparing any two records"). The score is ScorePair's
// with the stored model and the stored index's term frequencies, so that a
// stored candidate compares to the weight it was stored with; the blocking
// is read from the stored index: which rules' keys the two records share,
// how large those blocks are, and whether the rules' conditions let them
// propose the pair. No gRPC here: services/linkage_service.h translates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "linkage/blocking.h"
#include "palermo/v1/linkage.pb.h"
#include "store/store.h"

namespace palermo::linkage {

// One blocking rule under which both records have a key.
struct SharedBlock {
  std::string rule;
  int64_t keys = 0;         // the keys of the rule both hold
  int64_t block_size = 0;   // the smallest of their blocks (persons under the key; counted to max_block_side + 1)
  int64_t max_block_side = 0;
  bool proposes = false;    // a block small enough, and the rule's condition on birth years met
  std::string why_not;      // when it does not propose: "block of 812 persons, over 500"
};

struct PairComparison {
  // a < b (global keys); probability, weight, reasons from the prior on
  // (ScorePair's), the levels, and `rules`: the rules that propose the pair.
  palermo::v1::LinkageCandidate candidate;
  std::vector<SharedBlock> shared;  // in rule order
  bool stored = false;              // a stored candidate (FindCandidates shows it down to 0.01)
  bool decided = false;
  palermo::v1::LinkageDecision decision;  // when decided
  // In words, what became of the pair: "proposed at 0.973", "not proposed:
  // the records share no blocking key", "decided different by ... of ...".
  std::string outcome;
};

// Compares the persons of global keys `a` and `b` in `view` under the
// stored model and index (built with `blocking`; candidates stored from
// `store_min_probability`). NotFound for a key not in the view, and before
// the first linkage computation (no model); InvalidArgument when a record
// is not a person or both keys name one record.
Status ComparePair(const store::View& view, const BlockingOptions& blocking, double store_min_probability,
                   const std::string& a, const std::string& b, PairComparison* out);

// PairComparison::outcome from the rest of `comparison` (after a reader
// may not see the decision, say: decided cleared).
std::string PairOutcome(const PairComparison& comparison, double store_min_probability);

}  // namespace palermo::linkage
