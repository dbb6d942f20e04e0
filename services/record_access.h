// Record-level access (issue #12; docs/ACCESS.md, "Records"): what an
// authenticated caller may see of each record, from the record's
// `handling` (CASE-FORMAT v2), and a store::View that shows the store as
// that caller may see it.
//
// A record's effective handling is its own `handling`, else its source
// record's. The caller's agency may read the record (kContent) when the
// record has no effective handling, when the caller's agency owns it, or
// when `releasable_to` names the caller's agency. Anyone else sees a
// reference only (kReference: id, agency, kind, handling code; never
// content) when the handling says `discoverable`, and nothing at all
// (kNone: the same NotFound as a key of no record) otherwise.
//
// Derived data takes the strictest sight of the records behind it
// (Strictest): a finding, candidate or analysis resting on a record the
// caller may not see at all is withheld; one resting on a record the
// caller may see only as a reference shows that record as a reference.
//
// A development palermod (no TLS) does not separate agencies: every caller
// sees everything, and the services skip all of this.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "palermo/v1/findings.pb.h"
#include "palermo/v1/model.pb.h"
#include "store/store.h"

namespace palermo::services {

enum class Sight { kContent = 0, kReference = 1, kNone = 2 };  // ordered: stricter is larger

// The sight `agency` has of a record owned by `owner` whose effective
// handling is `handling` (nullptr: none).
Sight SightOf(const palermo::v1::Handling* handling, std::string_view owner, std::string_view agency);

// The reference-only form of `record`: id, agency, kind, handling code and
// discoverable, `reference_only` set; nothing else.
palermo::v1::Record ReferenceOf(const palermo::v1::Record& record);

// The sights one caller has of a view's records, each computed once.
class RecordAccess {
 public:
  // `view` must outlive this. `separate` false: every record is kContent
  // (a development palermod).
  RecordAccess(const store::View& view, std::string agency, bool separate);

  bool separates() const { return separate_; }
  const std::string& agency() const { return agency_; }

  // The record's effective handling: its own, else its source's (nullptr:
  // none).
  Result<const palermo::v1::Handling*> HandlingOf(const palermo::v1::Record& record);
  // The sight of the record stored as `id` (kNone for an id of no record).
  Result<Sight> Of(store::NodeId id);
  // The same for an already read record.
  Result<Sight> OfRecord(const palermo::v1::Record& record);
  // The same for a global key (kNone for a key of no record).
  Result<Sight> OfKey(const std::string& global_key);
  // The strictest sight of `keys` (kContent for none).
  Result<Sight> Strictest(const std::vector<std::string>& keys);

 private:
  Result<const palermo::v1::Handling*> SourceHandling(const std::string& source_key);

  const store::View& view_;
  std::string agency_;
  bool separate_;
  std::unordered_map<store::NodeId, Sight> by_id_;
  std::unordered_map<std::string, Sight> by_key_;
  // A source record's handling by its key (absent: it has none).
  std::unordered_map<std::string, std::unique_ptr<palermo::v1::Handling>> sources_;
};

// The store as one caller may see it: a record of kNone sight is absent
// (Lookup and Get answer NotFound as for no record; iterations skip it), a
// kReference record reads as ReferenceOf it, and an edge shows only when
// its referring record (`from`) is kContent and the other end is not
// kNone (an edge is a field of the record that refers). Derived families
// and counts are the inner view's: the services screen those themselves.
class AccessView final : public store::View {
 public:
  // Both must outlive this.
  AccessView(const store::View& inner, RecordAccess* access) : inner_(inner), access_(access) {}

  Result<store::NodeId> Lookup(std::string_view global_key) const override;
  Status Get(store::NodeId id, palermo::v1::Record* record) const override;
  Status ForEachEdge(store::NodeId id, store::Direction direction,
                     const std::function<void(palermo::v1::EdgeLabel, store::NodeId)>& fn) const override;
  Status ForEachEdgeOfEach(const std::vector<store::NodeId>& ids, store::Direction direction,
                           const std::function<void(store::NodeId, palermo::v1::EdgeLabel, store::NodeId)>& fn)
      const override;
  Status ForEachRecord(const std::function<bool(store::NodeId, const palermo::v1::Record&)>& fn) const override;
  Status ForEachRecordIn(store::NodeId first, store::NodeId end,
                         const std::function<bool(store::NodeId, const palermo::v1::Record&)>& fn) const override;
  Status GetMany(const std::vector<store::NodeId>& ids,
                 const std::function<void(store::NodeId, const palermo::v1::Record&)>& fn) const override;
  Status ForEachKind(const std::function<void(store::NodeId, palermo::v1::Kind)>& fn) const override;
  Status ForEachEdgeOfAll(const std::function<void(store::NodeId, palermo::v1::EdgeLabel, store::NodeId)>& fn)
      const override;
  uint64_t RecordCount() const override { return inner_.RecordCount(); }
  uint64_t Imports() const override { return inner_.Imports(); }

  Result<store::FindingsMark> GetFindingsMark() const override { return inner_.GetFindingsMark(); }
  // Findings resting on a record of kNone sight are absent; the others
  // come as stored (ScreenFinding rewrites what a caller reads).
  Status GetFinding(const store::FindingKey& key, std::string* value) const override;
  Result<store::DerivedMark> GetDerivedMark(store::DerivedFamily family) const override {
    return inner_.GetDerivedMark(family);
  }
  Status GetDerived(store::DerivedFamily family, std::string_view key, std::string* value) const override {
    return inner_.GetDerived(family, key, value);
  }
  Status ForEachDerived(store::DerivedFamily family, std::string_view prefix, std::string_view start,
                        const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return inner_.ForEachDerived(family, prefix, start, fn);
  }
  Status FindingsOfAll(const std::vector<std::string>& global_keys,
                       std::vector<store::FindingKey>* keys) const override;
  Status ForEachFinding(std::string_view type, const store::FindingKey* after,
                        const std::function<bool(const store::FindingKey&, std::string_view)>& fn) const override;

 private:
  // Whether the edge from -> to shows.
  Result<bool> EdgeShows(store::NodeId from, store::NodeId to) const;
  // Whether a stored finding shows at all.
  Result<bool> FindingShows(const store::FindingKey& key, std::string_view value) const;
  // `record` as the caller sees it; false when it is not seen at all.
  Result<bool> Screen(const palermo::v1::Record& record, palermo::v1::Record* seen) const;

  const store::View& inner_;
  RecordAccess* access_;
};

// Screens `finding` for the caller of `access` and returns the strictest
// sight of the records behind it (subject, linked, actors, elements,
// evidence and the evidence's sources): kNone, withhold it; kReference,
// its evidence the caller may not read now keeps only its key and kind
// and says whom to ask; kContent, it is unchanged.
Result<Sight> ScreenFinding(RecordAccess& access, palermo::v1::Finding* finding);

// A snapshot of the store as one caller sees it: view() is screened when
// agencies are separated, all() is the whole snapshot (for derived data the
// services screen with access()). One call's: not shared between threads.
class CallerSnapshot {
 public:
  CallerSnapshot(std::shared_ptr<const store::View> snapshot, std::string agency, bool separate)
      : snapshot_(std::move(snapshot)), access_(*snapshot_, std::move(agency), separate), screened_(*snapshot_, &access_) {}
  CallerSnapshot(const CallerSnapshot&) = delete;
  CallerSnapshot& operator=(const CallerSnapshot&) = delete;

  const store::View& view() const { return access_.separates() ? static_cast<const store::View&>(screened_) : *snapshot_; }
  const store::View& all() const { return *snapshot_; }
  RecordAccess& access() { return access_; }

 private:
  std::shared_ptr<const store::View> snapshot_;
  RecordAccess access_;
  AccessView screened_;
};

}  // namespace palermo::services
