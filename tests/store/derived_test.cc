// The derived-data follower (store/derived.h): its retry pauses, and that a
// keeper failing in a row is retried until it succeeds, readers told why
// meanwhile.
#include "store/derived.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::store {
namespace {

using std::chrono::milliseconds;
using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

TEST(DerivedFollowerRetry, PauseDoublesWithEachFailureUpToTheMaximum) {
  FollowerOptions options;
  options.first_retry_pause = milliseconds(2000);
  options.max_retry_pause = milliseconds(300000);
  EXPECT_EQ(RetryPause(1, options), milliseconds(2000));
  EXPECT_EQ(RetryPause(2, options), milliseconds(4000));
  EXPECT_EQ(RetryPause(5, options), milliseconds(32000));
  EXPECT_EQ(RetryPause(8, options), milliseconds(256000));
  EXPECT_EQ(RetryPause(9, options), milliseconds(300000));
  EXPECT_EQ(RetryPause(1000000, options), milliseconds(300000)) << "no overflow";
}

// A keeper whose full computation fails `failures` times, then reflects
// the store: the follower's subject, not a stand-in for the store.
class FailingKeeper : public DerivedKeeper {
 public:
  FailingKeeper(Store* store, int failures) : store_(store), failures_left_(failures) {}
  Result<bool> Current(const View& view) override { return view.Imports() == 0; }
  Status All(uint64_t* reached) override {
    ++calls_;
    if (failures_left_-- > 0) return Status::Unavailable("out of memory, say");
    *reached = store_->Snapshot()->Imports();
    return Status::Ok();
  }
  Status Update(const CommittedImport& import, uint64_t* reached) override {
    *reached = import.number;
    return Status::Ok();
  }
  void Cancel() override {}
  int calls() const { return calls_; }

 private:
  Store* store_;
  std::atomic<int> failures_left_;
  std::atomic<int> calls_{0};
};

TEST(DerivedFollowerRetry, AKeeperThatFailsIsRetriedUntilItSucceeds) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p1","names":["A"]})", "a", false, 1 << 16).status.ok());
  FailingKeeper keeper(store.get(), 3);
  FollowerOptions options;
  options.name = "test data";
  options.log = false;
  options.first_retry_pause = milliseconds(1);
  options.max_retry_pause = milliseconds(4);
  DerivedFollower follower(store.get(), &keeper, options);
  Status s;
  while (!(s = follower.AwaitCurrent(nullptr)).ok()) {
    ASSERT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
    EXPECT_NE(s.message().find("out of memory, say"), std::string::npos) << s.message();
  }
  EXPECT_EQ(keeper.calls(), 4) << "three failures, then the computation that succeeded";
}

}  // namespace
}  // namespace palermo::store
