#include "graph/projection_keeper.h"

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <tuple>
#include <utility>

#include "store/keys.h"

namespace palermo::graph {
namespace {

namespace v1 = palermo::v1;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<bool> ProjectionKeeper::Current(const store::View& view) {
  Result<store::DerivedMark> mark = view.GetDerivedMark(store::DerivedFamily::kProjection);
  if (!mark.ok()) return mark.status();
  return mark->present && mark->fingerprint == kProjectionFingerprint && mark->imports == view.Imports();
}

Status ProjectionKeeper::All(uint64_t* reached) {
  cancelled_ = false;
  const auto started = std::chrono::steady_clock::now();
  auto view = store_->Snapshot();
  Result<std::unique_ptr<store::DerivedLoad>> load = store_->BeginDerivedLoad(store::DerivedFamily::kProjection);
  if (!load.ok()) return load.status();
  // Records come in node id order and each one's edges sorted: the edge
  // keys ('e' | via | u | v | kind) ascend as the load needs. Legs ('l')
  // sort after every edge: they are kept and written last.
  std::vector<ProjectedEdge> edges;
  std::vector<ProjectedLeg> legs;
  int64_t written = 0;
  Status failed = Status::Ok();
  Status s = view->ForEachRecord([&](NodeId id, const v1::Record& record) {
    edges.clear();
    failed = ProjectRecord(*view, id, record, &edges, &legs);
    for (const ProjectedEdge& edge : edges) {
      if (failed.ok()) failed = (*load)->Add(EdgeKey(edge), EdgeValue(edge));
    }
    written += static_cast<int64_t>(edges.size());
    return failed.ok() && !cancelled_;
  });
  if (!s.ok()) return s;
  if (!failed.ok()) return failed;
  if (cancelled_) return Status::Cancelled("the projection was stopped");
  std::sort(legs.begin(), legs.end(), [](const ProjectedLeg& x, const ProjectedLeg& y) {
    return std::tie(x.via, x.subject, x.from, x.to) < std::tie(y.via, y.subject, y.from, y.to);
  });
  legs.erase(std::unique(legs.begin(), legs.end()), legs.end());
  for (const ProjectedLeg& leg : legs) {
    if (Status w = (*load)->Add(LegKey(leg), LegValue(leg)); !w.ok()) return w;
  }
  if (Status w = (*load)->Commit({true, view->Imports(), kProjectionFingerprint}); !w.ok()) return w;
  *reached = view->Imports();
  char summary[160];
  std::snprintf(summary, sizeof summary, "every record projected: %lld edges and %zu legs of %llu records, %.2f s",
                static_cast<long long>(written), legs.size(), static_cast<unsigned long long>(view->RecordCount()),
                SecondsSince(started));
  last_summary_ = summary;
  return Status::Ok();
}

Status ProjectionKeeper::Update(const store::CommittedImport& import, uint64_t* reached) {
  const auto started = std::chrono::steady_clock::now();
  auto now = store_->Snapshot();
  Result<store::DerivedMark> mark = now->GetDerivedMark(store::DerivedFamily::kProjection);
  if (!mark.ok()) return mark.status();
  if (!mark->present || mark->fingerprint != kProjectionFingerprint || mark->imports + 1 != import.number) {
    if (mark->present && mark->fingerprint == kProjectionFingerprint && mark->imports >= import.number) {
      *reached = mark->imports;  // already further on
      return Status::Ok();
    }
    return All(reached);
  }
  store::DerivedUpdate update;
  update.mark = {true, import.number, kProjectionFingerprint};
  std::vector<NodeId> touched = import.touched;
  std::sort(touched.begin(), touched.end());
  // A record's old edges are those stored under it; its new ones come from
  // it as it is now (replacing one may move its edges).
  for (NodeId id : touched) {
    for (char tag : {store::kProjectionEdgeTag, store::kProjectionLegTag}) {
      Status s = now->ForEachDerived(store::DerivedFamily::kProjection, store::EncodeProjectionPrefix(tag, id), "",
                                     [&](std::string_view key, std::string_view) {
                                       update.deleted.emplace_back(key);
                                       return true;
                                     });
      if (!s.ok()) return s;
    }
  }
  const size_t old_entries = update.deleted.size();
  std::vector<ProjectedEdge> edges;
  std::vector<ProjectedLeg> legs;
  Status failed = Status::Ok();
  Status s = now->GetMany(touched, [&](NodeId id, const v1::Record& record) {
    if (failed.ok()) failed = ProjectRecord(*now, id, record, &edges, &legs);
  });
  if (!s.ok()) return s;
  if (!failed.ok()) return failed;
  for (const ProjectedEdge& edge : edges) update.written.emplace_back(EdgeKey(edge), EdgeValue(edge));
  for (const ProjectedLeg& leg : legs) update.written.emplace_back(LegKey(leg), LegValue(leg));
  // Deletes go before writes in a batch: an edge both old and new stays.
  if (Status w = store_->WriteDerived(store::DerivedFamily::kProjection, update); !w.ok()) return w;
  *reached = import.number;
  char summary[160];
  std::snprintf(summary, sizeof summary, "%zu records projected again: %zu edges and legs replaced by %zu, %.1f ms",
                touched.size(), old_entries, edges.size() + legs.size(), 1000 * SecondsSince(started));
  last_summary_ = summary;
  return Status::Ok();
}

class StoredProjection::Logged final : public store::DerivedKeeper {
 public:
  Logged(store::Store* store, bool log) : keeper_(store), log_(log) {}
  Result<bool> Current(const store::View& view) override { return keeper_.Current(view); }
  Status All(uint64_t* reached) override { return Report(keeper_.All(reached), ""); }
  Status Update(const store::CommittedImport& import, uint64_t* reached) override {
    return Report(keeper_.Update(import, reached), " after import " + std::to_string(import.number));
  }
  void Cancel() override { keeper_.Cancel(); }

 private:
  Status Report(Status s, const std::string& when) {
    if (s.ok() && log_) {
      std::printf("palermod: projection%s: %s\n", when.c_str(), keeper_.last_summary().c_str());
      std::fflush(stdout);
    }
    return s;
  }
  ProjectionKeeper keeper_;
  bool log_;
};

StoredProjection::StoredProjection(store::Store* store, bool log)
    : keeper_(std::make_unique<Logged>(store, log)),
      follower_(std::make_unique<store::DerivedFollower>(
          store, keeper_.get(),
          store::FollowerOptions{"projection", log,
                                 "the stored projection does not reflect this store; projecting every record"})) {}

StoredProjection::~StoredProjection() {
  Stop();
  follower_.reset();  // joins the thread before the keeper it calls goes
}

void StoredProjection::Stop() { follower_->Stop(); }

Status StoredProjection::AwaitCurrent(const std::function<bool()>& cancelled) {
  return follower_->AwaitCurrent(cancelled);
}

}  // namespace palermo::graph
