// The stored linkage candidates, kept current: the LinkageKeeper run on the
// store's change feed by a store::DerivedFollower (store/derived.h), as the
// findings are. Readers wait with AwaitCurrent for the candidates to
// reflect every import committed before they asked. No gRPC here:
// services/linkage_service.h translates.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "linkage/keeper.h"
#include "store/derived.h"

namespace palermo::linkage {

class StoredLinkage {
 public:
  // Called on the follower's thread after a round that stored candidates
  // whose documents are equal, with their pairs (palermod's
  // --linkage-join-equal-documents decides them; off by default).
  using EqualDocuments = std::function<void(const std::vector<std::pair<std::string, std::string>>& pairs)>;

  // `store` must outlive this. Subscribes to the change feed and starts
  // the follower's thread; `log` writes a line per round to stdout.
  StoredLinkage(store::Store* store, LinkageOptions options, bool log = true, EqualDocuments on_equal = nullptr);
  ~StoredLinkage();
  StoredLinkage(const StoredLinkage&) = delete;
  StoredLinkage& operator=(const StoredLinkage&) = delete;

  void Stop();
  Status AwaitCurrent(const std::function<bool()>& cancelled);
  const LinkageOptions& options() const { return options_; }

 private:
  class Runner;  // the LinkageKeeper as a store::DerivedKeeper

  LinkageOptions options_;
  std::unique_ptr<Runner> runner_;
  std::unique_ptr<store::DerivedFollower> follower_;
};

}  // namespace palermo::linkage
