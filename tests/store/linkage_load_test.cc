// The linkage family's bulk replacement (store::LinkageLoad) on a real
// store: what a full linkage computation writes through.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "store/keys.h"
#include "store/store.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::store {
namespace {

using palermo::testing::OpenStore;
using palermo::testing::TempDir;

std::map<std::string, std::string> Family(const Store& store) {
  std::map<std::string, std::string> out;
  EXPECT_TRUE(store.Snapshot()
                  ->ForEachLinkage("", "",
                                   [&](std::string_view key, std::string_view value) {
                                     out.emplace(key, value);
                                     return true;
                                   })
                  .ok());
  return out;
}

Status PutOld(Store* store) {
  LinkageUpdate update;
  update.written = {{EncodeLinkagePairKey(kLinkageCandidateTag, 1, 2), "old"}, {kLinkageModelKey, "old model"}};
  update.mark = {true, 0, "old"};
  return store->WriteLinkage(update);
}

TEST(LinkageLoad, ReplacesTheWholeFamilyAndWritesTheMarkLast) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(PutOld(store.get()).ok());
  auto load = store->BeginLinkageLoad();
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  ASSERT_TRUE((*load)->Add(EncodeLinkagePairKey(kLinkageBlockTag, 7, 3), "").ok());
  ASSERT_TRUE((*load)->Add(EncodeLinkagePairKey(kLinkageCandidateTag, 3, 4), "new").ok());
  ASSERT_TRUE((*load)->Add(kLinkagePersonsKey, "n").ok());
  // Nothing is visible before the commit.
  EXPECT_EQ(Family(*store).size(), 2u);
  ASSERT_TRUE((*load)->Commit({true, 0, "new"}).ok());
  const std::map<std::string, std::string> expected = {{EncodeLinkagePairKey(kLinkageBlockTag, 7, 3), ""},
                                                       {EncodeLinkagePairKey(kLinkageCandidateTag, 3, 4), "new"},
                                                       {kLinkagePersonsKey, "n"}};
  EXPECT_EQ(Family(*store), expected);
  auto mark = store->Snapshot()->GetLinkageMark();
  ASSERT_TRUE(mark.ok());
  EXPECT_TRUE(mark->present);
  EXPECT_EQ(mark->fingerprint, "new");
}

TEST(LinkageLoad, KeysOutOfOrderAreRefusedAndALoadNotCommittedChangesNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(PutOld(store.get()).ok());
  const auto before = Family(*store);
  {
    auto load = store->BeginLinkageLoad();
    ASSERT_TRUE(load.ok());
    ASSERT_TRUE((*load)->Add(kLinkageModelKey, "m").ok());
    EXPECT_FALSE((*load)->Add(EncodeLinkagePairKey(kLinkageBlockTag, 1, 1), "").ok());
  }
  EXPECT_EQ(Family(*store), before);
  auto mark = store->Snapshot()->GetLinkageMark();
  ASSERT_TRUE(mark.ok());
  EXPECT_EQ(mark->fingerprint, "old");
}

TEST(LinkageLoad, AnEmptyLoadEmptiesTheFamilyAndSurvivesAReopen) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    ASSERT_TRUE(PutOld(store.get()).ok());
    auto load = store->BeginLinkageLoad();
    ASSERT_TRUE(load.ok());
    ASSERT_TRUE((*load)->Commit({true, 0, "empty"}).ok());
    EXPECT_TRUE(Family(*store).empty());
  }
  auto store = OpenStore(dir.path());
  EXPECT_TRUE(Family(*store).empty());
  auto mark = store->Snapshot()->GetLinkageMark();
  ASSERT_TRUE(mark.ok());
  EXPECT_EQ(mark->fingerprint, "empty");
}

// The blocking index goes in as parts written on threads at once, the
// rest after it; all are ingested together.
TEST(LinkageLoad, EntriesAddedInPartsAtOnceAreIngestedWithTheRest) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(PutOld(store.get()).ok());
  auto load = store->BeginLinkageLoad();
  ASSERT_TRUE(load.ok());
  std::map<std::string, std::string> expected;
  Status parts = (*load)->AddParts(3, [](size_t part, const DerivedLoad::AddFn& add) {
    if (part == 1) return Status::Ok();  // a part may be empty
    for (uint64_t i = 0; i < 1000; ++i) {
      if (Status s = add(EncodeLinkagePairKey(kLinkageBlockTag, part * 1000 + i, 9), ""); !s.ok()) return s;
    }
    return Status::Ok();
  });
  ASSERT_TRUE(parts.ok()) << parts.ToString();
  for (uint64_t part : {0, 2}) {
    for (uint64_t i = 0; i < 1000; ++i) expected[EncodeLinkagePairKey(kLinkageBlockTag, part * 1000 + i, 9)] = "";
  }
  ASSERT_TRUE((*load)->Add(EncodeLinkagePairKey(kLinkageCandidateTag, 3, 4), "new").ok());
  ASSERT_TRUE((*load)->Add(kLinkagePersonsKey, "n").ok());
  expected[EncodeLinkagePairKey(kLinkageCandidateTag, 3, 4)] = "new";
  expected[kLinkagePersonsKey] = "n";
  EXPECT_EQ(Family(*store).size(), 2u) << "nothing visible before the commit";
  ASSERT_TRUE((*load)->Commit({true, 0, "parts"}).ok());
  EXPECT_EQ(Family(*store), expected);
}

TEST(LinkageLoad, PartsAfterAnAddOutOfOrderOrOverlappingAreRefused) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(PutOld(store.get()).ok());
  const auto before = Family(*store);
  auto one_key = [](uint64_t first) {
    return [first](size_t, const DerivedLoad::AddFn& add) {
      return add(EncodeLinkagePairKey(kLinkageBlockTag, first, 1), "");
    };
  };
  {
    auto load = store->BeginLinkageLoad();
    ASSERT_TRUE((*load)->Add(EncodeLinkagePairKey(kLinkageBlockTag, 1, 1), "").ok());
    EXPECT_FALSE((*load)->AddParts(2, one_key(5)).ok()) << "parts come first";
  }
  {
    auto load = store->BeginLinkageLoad();
    EXPECT_FALSE((*load)
                     ->AddParts(1,
                                [](size_t, const DerivedLoad::AddFn& add) {
                                  Status s = add(EncodeLinkagePairKey(kLinkageBlockTag, 2, 1), "");
                                  return s.ok() ? add(EncodeLinkagePairKey(kLinkageBlockTag, 1, 1), "") : s;
                                })
                     .ok())
        << "keys out of order within a part";
  }
  {
    auto load = store->BeginLinkageLoad();
    EXPECT_FALSE((*load)->AddParts(2, one_key(5)).ok()) << "two parts with the same key";
  }
  {
    auto load = store->BeginLinkageLoad();
    ASSERT_TRUE((*load)->AddParts(1, one_key(5)).ok());
    EXPECT_FALSE((*load)->AddParts(1, one_key(4)).ok()) << "a later part below an earlier one";
    EXPECT_FALSE((*load)->Add(EncodeLinkagePairKey(kLinkageBlockTag, 5, 1), "").ok()) << "an entry not above the parts";
  }
  EXPECT_EQ(Family(*store), before) << "a refused load changes nothing";
  auto mark = store->Snapshot()->GetLinkageMark();
  ASSERT_TRUE(mark.ok());
  EXPECT_EQ(mark->fingerprint, "old");
}

}  // namespace
}  // namespace palermo::store
