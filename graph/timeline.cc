#include "graph/timeline.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "model/vocabulary.h"

namespace palermo::graph {
namespace {

namespace v1 = palermo::v1;

bool NamesAParty(v1::EdgeLabel label) {
  return label == v1::EDGE_LABEL_SUBJECT || label == v1::EDGE_LABEL_ACTOR || label == v1::EDGE_LABEL_PAYER ||
         label == v1::EDGE_LABEL_PAYEE;
}

// The records joined to `subject` by same_as relations, in either direction, transitively.
Result<std::vector<NodeId>> Joined(const store::View& view, NodeId subject) {
  std::set<NodeId> seen = {subject};
  std::vector<NodeId> queue = {subject};
  for (size_t head = 0; head < queue.size(); ++head) {
    std::vector<NodeId> relations;
    Status s = view.ForEachEdge(queue[head], store::Direction::kIn, [&](v1::EdgeLabel label, NodeId other) {
      if (label == v1::EDGE_LABEL_FROM || label == v1::EDGE_LABEL_TO) relations.push_back(other);
    });
    if (!s.ok()) return s;
    for (NodeId relation : relations) {
      v1::Record record;
      if (Status got = view.Get(relation, &record); !got.ok()) return got;
      if (!record.has_relation() || record.relation().type() != v1::RELATION_TYPE_SAME_AS) continue;
      for (const std::string& end : {record.relation().from(), record.relation().to()}) {
        Result<NodeId> id = view.Lookup(end);
        if (id.ok() && seen.insert(*id).second) queue.push_back(*id);
      }
    }
  }
  std::sort(queue.begin() + 1, queue.end());
  return queue;
}

}  // namespace

Result<Timeline> BuildTimeline(const store::View& view, NodeId subject) {
  Timeline timeline;
  Result<std::vector<NodeId>> joined = Joined(view, subject);
  if (!joined.ok()) return joined.status();
  timeline.joined = std::move(*joined);
  std::set<NodeId> taken;
  for (NodeId about : timeline.joined) {
    std::vector<std::pair<NodeId, v1::EdgeLabel>> naming;
    Status s = view.ForEachEdge(about, store::Direction::kIn, [&](v1::EdgeLabel label, NodeId other) {
      if (NamesAParty(label)) naming.emplace_back(other, label);
    });
    if (!s.ok()) return s;
    for (const auto& [id, role] : naming) {
      if (!taken.insert(id).second) continue;  // named twice (subject and actor, or two joined records)
      TimelineItem item;
      item.id = id;
      item.about = about;
      item.role = role;
      if (Status got = view.Get(id, &item.record); !got.ok()) return got;
      if (!item.record.has_event() && !item.record.has_transaction()) continue;
      item.dated = model::WhenOf(item.record, &item.first_s, &item.last_s);
      timeline.items.push_back(std::move(item));
    }
  }
  std::sort(timeline.items.begin(), timeline.items.end(), [](const TimelineItem& x, const TimelineItem& y) {
    return std::tuple(!x.dated, x.first_s, x.last_s, x.id) < std::tuple(!y.dated, y.first_s, y.last_s, y.id);
  });
  // An item that starts before an earlier one ends cannot be ordered against it.
  int64_t latest_end = INT64_MIN;
  for (TimelineItem& item : timeline.items) {
    if (!item.dated) continue;
    item.order_uncertain = item.first_s <= latest_end;
    latest_end = std::max(latest_end, item.last_s);
  }
  return timeline;
}

}  // namespace palermo::graph
