// The projection's edges kept as derived data (the shape of store/derived.h,
// as the findings and the linkage candidates are): a full computation when
// the mark does not match the store, else each import's records looked at
// again, their old edges replaced by their new ones. No gRPC here:
// services/analytics_service.h reads what is kept.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/status.h"
#include "graph/projection.h"
#include "store/derived.h"

namespace palermo::graph {

// Identifies the edge kinds and this build's layout of the projection
// family: a store projected under another fingerprint is projected again.
inline constexpr char kProjectionFingerprint[] = "projection/2;kinds:acted_on,acted_together,moved_together,paid,"
                                                 "related,same_as,at_place;legs";

class ProjectionKeeper final : public store::DerivedKeeper {
 public:
  // `store` must outlive the keeper, the only writer of the projection family.
  explicit ProjectionKeeper(store::Store* store) : store_(store) {}

  Result<bool> Current(const store::View& view) override;
  // Every record's edges, written in one load (store::DerivedLoad).
  Status All(uint64_t* reached) override;
  // The edges of the records `import` wrote, replaced in one write.
  Status Update(const store::CommittedImport& import, uint64_t* reached) override;
  void Cancel() override { cancelled_ = true; }

  // What the last All or Update did, for the log.
  const std::string& last_summary() const { return last_summary_; }

 private:
  store::Store* store_;
  std::atomic<bool> cancelled_{false};
  std::string last_summary_;
};

// The keeper run on the store's change feed by a store::DerivedFollower.
class StoredProjection {
 public:
  // `store` must outlive this; `log` writes a line per round to stdout.
  explicit StoredProjection(store::Store* store, bool log = true);
  ~StoredProjection();
  StoredProjection(const StoredProjection&) = delete;
  StoredProjection& operator=(const StoredProjection&) = delete;

  void Stop();
  // Waits until the stored edges reflect every import committed before the call.
  Status AwaitCurrent(const std::function<bool()>& cancelled);

 private:
  class Logged;
  std::unique_ptr<Logged> keeper_;
  std::unique_ptr<store::DerivedFollower> follower_;
};

}  // namespace palermo::graph
