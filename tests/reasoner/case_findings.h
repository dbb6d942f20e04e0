// A fixture for small cases written inline: the shipped rules evaluated over
// a case text, the findings as "type subject" (agency "a").
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "format/case_format.h"
#include "reasoner/assess.h"

namespace palermo::reasoner {

class CaseFindings : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Reasoner::Load(ShippedRules());
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    reasoner_ = std::move(loaded.value());
  }

  // Findings as "type subject" for the case in `text` (agency "a"); the
  // findings themselves are kept in last_.
  std::set<std::string> Findings(const std::string& text) {
    std::vector<palermo::v1::Record> records;
    std::string error;
    EXPECT_TRUE(format::ParseCaseText(text, "a", &records, &error)) << error;
    last_.clear();
    std::set<std::string> out;
    for (const auto& f : reasoner_->Assess(records)) {
      out.insert(f.type + " " + f.subject);
      last_.push_back(f);
    }
    return out;
  }

  // The finding of `type` among last_, or nullptr.
  const Finding* Last(const std::string& type) const {
    for (const auto& f : last_) {
      if (f.type == type) return &f;
    }
    return nullptr;
  }

  std::unique_ptr<Reasoner> reasoner_;
  std::vector<Finding> last_;
};

}  // namespace palermo::reasoner
