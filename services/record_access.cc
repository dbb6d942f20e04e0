#include "services/record_access.h"

#include <algorithm>

namespace palermo::services {

namespace v1 = palermo::v1;

Sight SightOf(const v1::Handling* handling, std::string_view owner, std::string_view agency) {
  if (handling == nullptr || owner == agency) return Sight::kContent;
  const auto& to = handling->releasable_to();
  if (std::find(to.begin(), to.end(), agency) != to.end()) return Sight::kContent;
  return handling->discoverable() ? Sight::kReference : Sight::kNone;
}

v1::Record ReferenceOf(const v1::Record& record) {
  v1::Record reference;
  reference.set_id(record.id());
  reference.set_agency(record.agency());
  reference.set_kind(record.kind());
  if (record.has_handling()) {
    reference.mutable_handling()->set_code(record.handling().code());
    reference.mutable_handling()->set_discoverable(record.handling().discoverable());
  }
  reference.set_reference_only(true);
  return reference;
}

RecordAccess::RecordAccess(const store::View& view, std::string agency, bool separate)
    : view_(view), agency_(std::move(agency)), separate_(separate) {}

Result<const v1::Handling*> RecordAccess::SourceHandling(const std::string& source_key) {
  auto it = sources_.find(source_key);
  if (it == sources_.end()) {
    std::unique_ptr<v1::Handling> handling;
    Result<store::NodeId> id = view_.Lookup(source_key);
    if (id.ok()) {
      v1::Record source;
      if (Status s = view_.Get(*id, &source); !s.ok()) return s;
      if (source.has_handling()) handling = std::make_unique<v1::Handling>(source.handling());
    } else if (id.status().code() != Status::Code::kNotFound) {
      return id.status();
    }
    it = sources_.emplace(source_key, std::move(handling)).first;
  }
  return it->second.get();
}

Result<const v1::Handling*> RecordAccess::HandlingOf(const v1::Record& record) {
  if (record.has_handling()) return &record.handling();
  if (record.source().empty()) return nullptr;
  return SourceHandling(record.source());
}

Result<Sight> RecordAccess::OfRecord(const v1::Record& record) {
  if (!separate_ || record.agency() == agency_) return Sight::kContent;
  Result<const v1::Handling*> handling = HandlingOf(record);
  if (!handling.ok()) return handling.status();
  return SightOf(*handling, record.agency(), agency_);
}

Result<Sight> RecordAccess::Of(store::NodeId id) {
  if (!separate_) return Sight::kContent;
  auto it = by_id_.find(id);
  if (it != by_id_.end()) return it->second;
  v1::Record record;
  Status s = view_.Get(id, &record);
  Sight sight = Sight::kNone;
  if (s.ok()) {
    Result<Sight> of = OfRecord(record);
    if (!of.ok()) return of.status();
    sight = *of;
  } else if (s.code() != Status::Code::kNotFound) {
    return s;
  }
  by_id_.emplace(id, sight);
  return sight;
}

Result<Sight> RecordAccess::OfKey(const std::string& global_key) {
  if (!separate_) return Sight::kContent;
  auto it = by_key_.find(global_key);
  if (it != by_key_.end()) return it->second;
  Sight sight = Sight::kNone;
  Result<store::NodeId> id = view_.Lookup(global_key);
  if (id.ok()) {
    Result<Sight> of = Of(*id);
    if (!of.ok()) return of.status();
    sight = *of;
  } else if (id.status().code() != Status::Code::kNotFound) {
    return id.status();
  }
  by_key_.emplace(global_key, sight);
  return sight;
}

Result<Sight> RecordAccess::Strictest(const std::vector<std::string>& keys) {
  Sight strictest = Sight::kContent;
  if (!separate_) return strictest;
  for (const std::string& key : keys) {
    Result<Sight> sight = OfKey(key);
    if (!sight.ok()) return sight.status();
    strictest = std::max(strictest, *sight);
    if (strictest == Sight::kNone) break;
  }
  return strictest;
}

Result<Sight> ScreenFinding(RecordAccess& access, v1::Finding* finding) {
  if (!access.separates()) return Sight::kContent;
  std::vector<std::string> behind(finding->linked().begin(), finding->linked().end());
  behind.push_back(finding->subject());
  behind.insert(behind.end(), finding->actors().begin(), finding->actors().end());
  for (const auto& [element, keys] : finding->elements()) behind.insert(behind.end(), keys.keys().begin(), keys.keys().end());
  for (const v1::Evidence& e : finding->evidence()) {
    behind.push_back(e.key());
    if (!e.source().empty()) behind.push_back(e.source());
  }
  Result<Sight> strictest = access.Strictest(behind);
  if (!strictest.ok() || *strictest != Sight::kReference) return strictest;
  for (v1::Evidence& e : *finding->mutable_evidence()) {
    // Keys of kReference records are references: they stay.
    Result<Sight> sight = access.OfKey(e.key());
    if (!sight.ok()) return sight.status();
    if (*sight == Sight::kContent) continue;
    e.set_description("reference only: ask " + e.key().substr(0, e.key().find('/')));
    e.clear_date();
  }
  return Sight::kReference;
}

// ---------------------------------------------------------------------------
// AccessView

Result<store::NodeId> AccessView::Lookup(std::string_view global_key) const {
  Result<store::NodeId> id = inner_.Lookup(global_key);
  if (!id.ok()) return id;
  Result<Sight> sight = access_->Of(*id);
  if (!sight.ok()) return sight.status();
  // The very message of a key of no record: a no-hit says nothing more.
  if (*sight == Sight::kNone) return Status::NotFound("no record " + std::string(global_key));
  return id;
}

Result<bool> AccessView::Screen(const v1::Record& record, v1::Record* seen) const {
  Result<Sight> sight = access_->OfRecord(record);
  if (!sight.ok()) return sight.status();
  switch (*sight) {
    case Sight::kContent: *seen = record; return true;
    case Sight::kReference: *seen = ReferenceOf(record); return true;
    case Sight::kNone: return false;
  }
  return false;
}

Status AccessView::Get(store::NodeId id, v1::Record* record) const {
  v1::Record stored;
  if (Status s = inner_.Get(id, &stored); !s.ok()) return s;
  Result<bool> seen = Screen(stored, record);
  if (!seen.ok()) return seen.status();
  if (!*seen) return Status::NotFound("no node " + std::to_string(id));
  return Status::Ok();
}

Result<bool> AccessView::EdgeShows(store::NodeId from, store::NodeId to) const {
  Result<Sight> from_sight = access_->Of(from);
  if (!from_sight.ok()) return from_sight.status();
  if (*from_sight != Sight::kContent) return false;
  Result<Sight> to_sight = access_->Of(to);
  if (!to_sight.ok()) return to_sight.status();
  return *to_sight != Sight::kNone;
}

Status AccessView::ForEachEdgeOfEach(const std::vector<store::NodeId>& ids, store::Direction direction,
                                     const std::function<void(store::NodeId, v1::EdgeLabel, store::NodeId)>& fn) const {
  Status failed = Status::Ok();
  Status s = inner_.ForEachEdgeOfEach(ids, direction, [&](store::NodeId id, v1::EdgeLabel label, store::NodeId other) {
    if (!failed.ok()) return;
    const bool out = direction == store::Direction::kOut;
    Result<bool> shows = EdgeShows(out ? id : other, out ? other : id);
    if (!shows.ok()) failed = shows.status();
    else if (*shows) fn(id, label, other);
  });
  return s.ok() ? failed : s;
}

Status AccessView::ForEachEdge(store::NodeId id, store::Direction direction,
                               const std::function<void(v1::EdgeLabel, store::NodeId)>& fn) const {
  return ForEachEdgeOfEach({id}, direction, [&](store::NodeId, v1::EdgeLabel label, store::NodeId other) {
    fn(label, other);
  });
}

Status AccessView::ForEachRecordIn(store::NodeId first, store::NodeId end,
                                   const std::function<bool(store::NodeId, const v1::Record&)>& fn) const {
  Status failed = Status::Ok();
  v1::Record seen;
  Status s = inner_.ForEachRecordIn(first, end, [&](store::NodeId id, const v1::Record& record) {
    Result<bool> shows = Screen(record, &seen);
    if (!shows.ok()) {
      failed = shows.status();
      return false;
    }
    return !*shows || fn(id, seen);
  });
  return s.ok() ? failed : s;
}

Status AccessView::ForEachRecord(const std::function<bool(store::NodeId, const v1::Record&)>& fn) const {
  return ForEachRecordIn(0, 0, fn);
}

Status AccessView::GetMany(const std::vector<store::NodeId>& ids,
                           const std::function<void(store::NodeId, const v1::Record&)>& fn) const {
  Status failed = Status::Ok();
  v1::Record seen;
  Status s = inner_.GetMany(ids, [&](store::NodeId id, const v1::Record& record) {
    if (!failed.ok()) return;
    Result<bool> shows = Screen(record, &seen);
    if (!shows.ok()) failed = shows.status();
    else if (*shows) fn(id, seen);
  });
  return s.ok() ? failed : s;
}

Status AccessView::ForEachKind(const std::function<void(store::NodeId, v1::Kind)>& fn) const {
  Status failed = Status::Ok();
  Status s = inner_.ForEachKind([&](store::NodeId id, v1::Kind kind) {
    if (!failed.ok()) return;
    Result<Sight> sight = access_->Of(id);
    if (!sight.ok()) failed = sight.status();
    else if (*sight != Sight::kNone) fn(id, kind);
  });
  return s.ok() ? failed : s;
}

Status AccessView::ForEachEdgeOfAll(const std::function<void(store::NodeId, v1::EdgeLabel, store::NodeId)>& fn) const {
  Status failed = Status::Ok();
  Status s = inner_.ForEachEdgeOfAll([&](store::NodeId from, v1::EdgeLabel label, store::NodeId to) {
    if (!failed.ok()) return;
    Result<bool> shows = EdgeShows(from, to);
    if (!shows.ok()) failed = shows.status();
    else if (*shows) fn(from, label, to);
  });
  return s.ok() ? failed : s;
}

Result<bool> AccessView::FindingShows(const store::FindingKey& key, std::string_view value) const {
  if (!access_->separates()) return true;
  v1::Finding finding;
  if (!finding.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return Status::Corruption("stored finding " + key.id + " does not parse");
  }
  Result<Sight> sight = ScreenFinding(*access_, &finding);
  if (!sight.ok()) return sight.status();
  return *sight != Sight::kNone;
}

Status AccessView::GetFinding(const store::FindingKey& key, std::string* value) const {
  if (Status s = inner_.GetFinding(key, value); !s.ok()) return s;
  Result<bool> shows = FindingShows(key, *value);
  if (!shows.ok()) return shows.status();
  if (!*shows) {
    value->clear();
    return Status::NotFound("no finding " + key.id);
  }
  return Status::Ok();
}

Status AccessView::FindingsOfAll(const std::vector<std::string>& global_keys,
                                 std::vector<store::FindingKey>* keys) const {
  std::vector<store::FindingKey> found;
  if (Status s = inner_.FindingsOfAll(global_keys, &found); !s.ok()) return s;
  std::string value;
  for (store::FindingKey& key : found) {
    Status s = GetFinding(key, &value);
    if (s.code() == Status::Code::kNotFound) continue;
    if (!s.ok()) return s;
    keys->push_back(std::move(key));
  }
  return Status::Ok();
}

Status AccessView::ForEachFinding(std::string_view type, const store::FindingKey* after,
                                  const std::function<bool(const store::FindingKey&, std::string_view)>& fn) const {
  Status failed = Status::Ok();
  Status s = inner_.ForEachFinding(type, after, [&](const store::FindingKey& key, std::string_view value) {
    Result<bool> shows = FindingShows(key, value);
    if (!shows.ok()) {
      failed = shows.status();
      return false;
    }
    return !*shows || fn(key, value);
  });
  return s.ok() ? failed : s;
}

}  // namespace palermo::services
