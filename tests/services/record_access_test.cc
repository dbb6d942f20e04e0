// The record-level access rules (services/record_access.h) on a real
// store: who sees content, a reference or nothing, through the screened
// view, and the strictest sight of derived data.
#include "services/record_access.h"

#include <gtest/gtest.h>

#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::services {
namespace {

namespace v1 = palermo::v1;
using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

TEST(SightOf, OwnerReleasedAndUnhandledReadTheRestSeeAReferenceOrNothing) {
  v1::Handling h2;
  h2.set_code(v1::HANDLING_CODE_H2);
  h2.add_releasable_to("ngo");
  EXPECT_EQ(SightOf(nullptr, "police", "ngo"), Sight::kContent);
  EXPECT_EQ(SightOf(&h2, "police", "police"), Sight::kContent);
  EXPECT_EQ(SightOf(&h2, "police", "ngo"), Sight::kContent);
  EXPECT_EQ(SightOf(&h2, "police", "inspectorate"), Sight::kNone);
  h2.set_discoverable(true);
  EXPECT_EQ(SightOf(&h2, "police", "inspectorate"), Sight::kReference);
}

class RecordAccessStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_TRUE(ImportText(store_.get(), R"({"kind":"person","id":"w1","names":["Wahid"]})" "\n", "inspectorate")
                    .status.ok());
    const std::string police =
        R"({"kind":"source","id":"s","reference":"R","handling":{"code":"H2"}}
{"kind":"person","id":"p","names":["Hidden"],"source":"s"}
{"kind":"person","id":"own","names":["Own handling"],"source":"s","handling":{"code":"H0","discoverable":true}}
{"kind":"event","id":"e","type":"harbouring","date":"2024","subject":"inspectorate/w1","actors":["p"],"source":"s"}
{"kind":"person","id":"open","names":["Open"]}
)";
    ASSERT_TRUE(ImportText(store_.get(), police, "police").status.ok());
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(RecordAccessStore, ASourcesHandlingCoversRecordsWithoutTheirOwn) {
  CallerSnapshot seen(store_->Snapshot(), "inspectorate", true);
  RecordAccess& access = seen.access();
  EXPECT_EQ(*access.OfKey("police/p"), Sight::kNone);
  EXPECT_EQ(*access.OfKey("police/s"), Sight::kNone);
  EXPECT_EQ(*access.OfKey("police/own"), Sight::kReference) << "its own handling, not the source's";
  EXPECT_EQ(*access.OfKey("police/open"), Sight::kContent);
  EXPECT_EQ(*access.OfKey("police/absent"), Sight::kNone);
  EXPECT_EQ(*access.Strictest({"police/open", "police/own"}), Sight::kReference);
  EXPECT_EQ(*access.Strictest({"police/open", "police/own", "police/p"}), Sight::kNone);
  CallerSnapshot owner(store_->Snapshot(), "police", true);
  EXPECT_EQ(*owner.access().OfKey("police/p"), Sight::kContent);
  CallerSnapshot development(store_->Snapshot(), "inspectorate", false);
  EXPECT_EQ(*development.access().OfKey("police/p"), Sight::kContent);
}

TEST_F(RecordAccessStore, TheScreenedViewHidesRecordsAndTheEdgesTheyMake) {
  CallerSnapshot seen(store_->Snapshot(), "inspectorate", true);
  const store::View& view = seen.view();
  EXPECT_EQ(view.Lookup("police/p").status().message(), "no record police/p");
  auto own = view.Lookup("police/own");
  ASSERT_TRUE(own.ok());
  v1::Record record;
  ASSERT_TRUE(view.Get(*own, &record).ok());
  EXPECT_TRUE(record.reference_only());
  EXPECT_FALSE(record.has_person());
  EXPECT_EQ(record.handling().code(), v1::HANDLING_CODE_H0);
  // The police's event refers to the inspectorate's person: its edge is
  // the event's, so the inspectorate does not see it.
  auto w1 = view.Lookup("inspectorate/w1");
  ASSERT_TRUE(w1.ok());
  int in_edges = 0;
  ASSERT_TRUE(view.ForEachEdge(*w1, store::Direction::kIn, [&](v1::EdgeLabel, store::NodeId) { ++in_edges; }).ok());
  EXPECT_EQ(in_edges, 0);
  int records = 0, references = 0;
  ASSERT_TRUE(view.ForEachRecord([&](store::NodeId, const v1::Record& r) {
                    ++records;
                    references += r.reference_only();
                    return true;
                  }).ok());
  EXPECT_EQ(records, 3);  // w1, own (a reference), open
  EXPECT_EQ(references, 1);
  CallerSnapshot owner(store_->Snapshot(), "police", true);
  in_edges = 0;
  ASSERT_TRUE(owner.view().ForEachEdge(*w1, store::Direction::kIn, [&](v1::EdgeLabel, store::NodeId) { ++in_edges; }).ok());
  EXPECT_EQ(in_edges, 1);
}

TEST_F(RecordAccessStore, AFindingRestingOnAReferenceQuotesNoneOfIt) {
  CallerSnapshot seen(store_->Snapshot(), "inspectorate", true);
  v1::Finding finding;
  finding.set_subject("police/open");
  auto* evidence = finding.add_evidence();
  evidence->set_key("police/own");
  evidence->set_description("a secret description");
  evidence->set_date("2024-01-01");
  auto sight = ScreenFinding(seen.access(), &finding);
  ASSERT_TRUE(sight.ok());
  EXPECT_EQ(*sight, Sight::kReference);
  EXPECT_EQ(finding.evidence(0).description(), "reference only: ask police");
  EXPECT_TRUE(finding.evidence(0).date().empty());
  finding.add_actors("police/p");
  EXPECT_EQ(*ScreenFinding(seen.access(), &finding), Sight::kNone);
}

}  // namespace
}  // namespace palermo::services
