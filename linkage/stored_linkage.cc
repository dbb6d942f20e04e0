#include "linkage/stored_linkage.h"

#include <cstdio>

namespace palermo::linkage {

class StoredLinkage::Runner final : public store::DerivedKeeper {
 public:
  Runner(store::Store* store, const LinkageOptions& options, bool log, EqualDocuments on_equal)
      : keeper_(store, options, LinkageFingerprint(options)), log_(log), on_equal_(std::move(on_equal)) {}

  Result<bool> Current(const store::View& view) override { return keeper_.Current(view); }
  Status All(uint64_t* reached) override {
    Status s = keeper_.ComputeAll(reached);
    Log(s, "");
    return s;
  }
  Status Update(const store::CommittedImport& import, uint64_t* reached) override {
    Status s = keeper_.Update(*import.before, import.touched, import.number, reached);
    Log(s, " after import " + std::to_string(import.number));
    return s;
  }
  void Cancel() override { keeper_.Cancel(); }
  void AfterRound() override {
    if (on_equal_ && !equal_.empty()) on_equal_(equal_);
    equal_.clear();
  }

 private:
  void Log(const Status& s, const std::string& when) {
    if (s.ok()) {
      const auto& equal = keeper_.last_equal_documents();
      equal_.insert(equal_.end(), equal.begin(), equal.end());
    }
    if (!s.ok() || !log_) return;
    std::printf("palermod: linkage%s: %s\n", when.c_str(), keeper_.last_summary().c_str());
    std::fflush(stdout);
  }
  LinkageKeeper keeper_;
  bool log_;
  EqualDocuments on_equal_;
  std::vector<std::pair<std::string, std::string>> equal_;  // this round's
};

StoredLinkage::StoredLinkage(store::Store* store, LinkageOptions options, bool log, EqualDocuments on_equal)
    : options_(std::move(options)),
      runner_(std::make_unique<Runner>(store, options_, log, std::move(on_equal))),
      follower_(std::make_unique<store::DerivedFollower>(
          store, runner_.get(),
          store::FollowerOptions{"linkage candidates", log,
                                 "the stored linkage candidates do not reflect this store and these parameters; "
                                 "linking every person"})) {}

StoredLinkage::~StoredLinkage() {
  Stop();
  follower_.reset();  // joins the thread before the runner it calls goes
}

void StoredLinkage::Stop() { follower_->Stop(); }

Status StoredLinkage::AwaitCurrent(const std::function<bool()>& cancelled) { return follower_->AwaitCurrent(cancelled); }

}  // namespace palermo::linkage
