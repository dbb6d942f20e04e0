// The subscribers' queues: bounded, freed when a subscription ends.
#include "findings/fanout.h"

#include <gtest/gtest.h>

namespace palermo::findings {
namespace {

FindingEventData Event(const std::string& type, uint64_t import_number = 1) {
  FindingEventData event;
  event.import_number = import_number;
  event.change.added = true;
  event.change.finding.set_type(type);
  event.change.finding.set_id(type + ":a/p1");
  return event;
}

TEST(FindingsFanOut, EventsReachTheSubscribersOfTheirTypeInOrder) {
  FindingsFanOut fanout;
  auto all = fanout.Subscribe({});
  auto debt = fanout.Subscribe({"debt_bondage"});
  fanout.Publish(Event("smuggling_of_migrants", 1));
  fanout.Publish(Event("debt_bondage", 2));
  std::deque<FindingEventData> got;
  ASSERT_TRUE(all->Next(std::chrono::milliseconds(0), &got));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].import_number, 1u);
  EXPECT_EQ(got[1].change.finding.type(), "debt_bondage");
  ASSERT_TRUE(debt->Next(std::chrono::milliseconds(0), &got));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].import_number, 2u);
  EXPECT_EQ(fanout.queued_events(), 0u);
}

TEST(FindingsFanOut, AnEndedSubscriptionFreesEverythingItHeld) {
  FindingsFanOut fanout;
  auto subscription = fanout.Subscribe({});
  for (int i = 0; i < 500; ++i) fanout.Publish(Event("smuggling_of_migrants"));
  EXPECT_EQ(fanout.queued_events(), 500u);
  fanout.Unsubscribe(subscription);
  EXPECT_EQ(fanout.subscriptions(), 0u);
  EXPECT_EQ(fanout.queued_events(), 0u);
  std::deque<FindingEventData> got;
  EXPECT_FALSE(subscription->Next(std::chrono::milliseconds(0), &got));
  EXPECT_TRUE(got.empty()) << "nothing is handed out after the end";
  fanout.Publish(Event("smuggling_of_migrants"));
  EXPECT_EQ(fanout.queued_events(), 0u) << "and nothing queued for it any more";
}

TEST(FindingsFanOut, ASubscriberThatFallsBehindIsEndedAndItsQueueDropped) {
  FindingsFanOut fanout(10);
  int overflows = 0;
  auto slow = fanout.Subscribe({}, [&] { ++overflows; });
  auto reader = fanout.Subscribe({});
  std::deque<FindingEventData> got;
  for (int i = 0; i < 25; ++i) {
    fanout.Publish(Event("smuggling_of_migrants"));
    ASSERT_TRUE(reader->Next(std::chrono::milliseconds(0), &got)) << "one that keeps up is not touched";
  }
  EXPECT_EQ(overflows, 1);
  EXPECT_EQ(slow->end(), FindingsFanOut::Subscription::End::kOverflowed);
  EXPECT_EQ(fanout.queued_events(), 0u) << "the memory goes with it";
  EXPECT_FALSE(slow->Next(std::chrono::milliseconds(0), &got));
}

TEST(FindingsFanOut, StopEndsEverySubscriptionAndRefusesNewOnes) {
  FindingsFanOut fanout;
  auto subscription = fanout.Subscribe({});
  fanout.Publish(Event("debt_bondage"));
  fanout.Stop();
  std::deque<FindingEventData> got;
  EXPECT_FALSE(subscription->Next(std::chrono::milliseconds(0), &got));
  EXPECT_EQ(subscription->end(), FindingsFanOut::Subscription::End::kStopped);
  EXPECT_EQ(fanout.queued_events(), 0u);
  auto late = fanout.Subscribe({});
  EXPECT_EQ(late->end(), FindingsFanOut::Subscription::End::kStopped);
}

}  // namespace
}  // namespace palermo::findings
