// A person's timeline (issue #11): every event and transaction that names
// the person, or a record joined to it by same_as, in date order. Dates
// are intervals (a month, a year, a start and an end): entries are ordered
// by where their intervals start (then end), undated ones last, and an
// entry that starts before an earlier one ends is marked, since their
// order is not known.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "palermo/v1/model.pb.h"
#include "store/store.h"

namespace palermo::graph {

using store::NodeId;

struct TimelineItem {
  NodeId id = 0;
  palermo::v1::Record record;  // an event or a transaction
  NodeId about = 0;            // the record of the timeline it names
  palermo::v1::EdgeLabel role = palermo::v1::EDGE_LABEL_UNSPECIFIED;  // subject, actor, payer, payee
  bool dated = false;
  int64_t first_s = 0;  // its interval, when dated
  int64_t last_s = 0;
  bool order_uncertain = false;  // starts before an earlier item ends
};

struct Timeline {
  std::vector<NodeId> joined;  // the subject, then the records joined to it by same_as (ascending)
  std::vector<TimelineItem> items;
};

// The timeline of `subject`.
Result<Timeline> BuildTimeline(const store::View& view, NodeId subject);

}  // namespace palermo::graph
