// For tests of the rules' condition on birth years
// (BlockingRule::max_birth_years_apart): their blocks are small, where the
// shipped rules pair everyone.
#pragma once

#include <vector>

#include "linkage/blocking.h"

namespace palermo::linkage {

// `rules` with each condition on birth years holding in every block,
// however small.
inline void HoldConditionInEveryBlock(std::vector<BlockingRule>* rules) {
  for (BlockingRule& rule : *rules) {
    if (rule.max_birth_years_apart >= 0) rule.years_apart_above_block_side = 0;
  }
}

}  // namespace palermo::linkage
