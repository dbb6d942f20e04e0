// The stored linkage candidates, kept current import by import: derived
// data in the shape the findings have (store/derived.h runs it).
//
// A full computation (at start, when the linkage mark does not match the
// store and these parameters) reads every person with its identifiers,
// blocks them (linkage/blocking.h), trains the model (linkage/scoring.h),
// scores the pairs and stores, in the `linkage` family (store/keys.h): the
// blocking index (each person under the hash of each of its blocking
// keys), the candidates at or above `store_min_probability` that no
// decision covers, the decisions (same_as and different_from relations)
// and the model. It replaces the family in one load (store::LinkageLoad:
// table files ingested), the mark last.
//
// After an import, only the persons it touched (persons written, holders
// of identifiers written, the persons of decisions written) are looked at
// again: their old index entries and candidates go, their new keys go in,
// their partners are read from the index (a block over max_block_side is
// skipped as in a full computation) and scored with the stored model. The
// model is trained only by a full computation, which an update starts
// when the persons have grown past LinkageOptions::retrain_growth times
// those it was trained on. A crash between the two writes of an update leaves the mark
// behind the store, and the next start computes everything again.
#pragma once

#include <atomic>
#include <memory>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "linkage/blocking.h"
#include "linkage/scoring.h"
#include "palermo/v1/linkage.pb.h"
#include "store/store.h"

namespace palermo::linkage {

struct LinkageOptions {
  BlockingOptions blocking;
  TrainingOptions training;
  // Candidates below this probability are not stored (FindCandidates can
  // ask for no less).
  double store_min_probability = 0.01;
  // Threads a full computation blocks, compares, trains and scores on (the
  // result does not depend on it; the blocking and training options'
  // threads are set from it).
  int threads = 2;
  // An update that finds this many times the persons the model was trained
  // on (plus 2) computes everything again, retraining the model: a store
  // that starts empty gets a model of its own data.
  double retrain_growth = 2.0;
};

// What a full computation holds, at its peak, for each pair a blocking rule
// proposes (a pair counted once per rule: each rule's pairs, their merge,
// then the merged pairs' levels), profiles aside; measured at 10^6
// generated persons (docs/LINKAGE.md, "Memory"). palermod lets the rules
// propose at most its memory budget over this (max_proposed_pairs).
inline constexpr size_t kFullComputationBytesPerProposedPair = 24;

// Identifies the blocking rules, comparisons and training options and this
// build's layout of the linkage family: a store linked under another
// fingerprint is linked again.
std::string LinkageFingerprint(const LinkageOptions& options);

// The model as stored, and back.
void ModelToProto(const Model& model, palermo::v1::LinkageModel* out);
Model ModelFromProto(const palermo::v1::LinkageModel& proto);

class LinkageKeeper {
 public:
  // `store` must outlive the keeper, which must be the only writer of the
  // linkage family.
  LinkageKeeper(store::Store* store, LinkageOptions options, std::string fingerprint);

  // Whether the linkage family reflects `view` under these parameters.
  Result<bool> Current(const store::View& view) const;
  // Computes everything from the latest store; `imports` gets the imports
  // it reflects.
  Status ComputeAll(uint64_t* imports);
  // Brings the family forward over one committed import (ComputeAll when
  // the mark is not just behind it).
  Status Update(const store::View& before, const std::vector<store::NodeId>& touched, uint64_t number,
                uint64_t* reached);
  // Makes a running ComputeAll stop before its next write (any thread).
  void Cancel() { cancelled_ = true; }

  // What the last ComputeAll or Update did, for the log.
  std::string last_summary() const { return last_summary_; }
  // The candidates the last ComputeAll or Update stored whose documents
  // (passport, national id) are equal: (a, b) global keys.
  const std::vector<std::pair<std::string, std::string>>& last_equal_documents() const { return last_equal_documents_; }

 private:
  // The model stored in the family (after ComputeAll, or read at the first Update).
  Status LoadModel(const store::View& view);

  store::Store* store_;
  LinkageOptions options_;
  std::string fingerprint_;
  std::optional<Model> model_;
  std::atomic<bool> cancelled_{false};
  std::string last_summary_;
  std::vector<std::pair<std::string, std::string>> last_equal_documents_;
};

// Term frequencies of full names in a blocking index (BlockingResult::index),
// as the stored index gives them to an update: the persons under the key
// of the `name_full` rule (0 when the options have no such rule). A
// TermCount (linkage/scoring.h); `index` must outlive it.
class FullNameCounts {
 public:
  FullNameCounts(const BlockingOptions& blocking, const std::vector<IndexEntry>* index);
  int64_t operator()(const std::string& value) const;

 private:
  int rule_;
  const std::vector<IndexEntry>* index_;
};

// Every person of `view` as a profile, in id order, with the ids of their
// records, and the decisions its same_as/different_from relations hold
// (by node pair, first < second; the later relation of a pair wins): what
// ComputeAll links. Read on `threads`, each a range of ids; stops with
// Cancelled when `*cancelled` turns true.
struct StoredPersons {
  std::vector<Profile> profiles;
  std::vector<store::NodeId> ids;
  std::map<std::pair<store::NodeId, store::NodeId>, palermo::v1::LinkageDecision> decisions;
  double records_seconds = 0;  // the records read, before their names (ProfileCollector::Finish)
};
Result<StoredPersons> ReadStoredPersons(const store::View& view, int threads, const std::atomic<bool>* cancelled);

// A candidate as stored: `a` and `b`'s keys, the score without its
// reasons, the levels (one byte each), the rules that proposed it.
void StoredCandidate(const Profile& a, const Profile& b, const Score& score, const Levels& levels, uint64_t rules,
                     const BlockingOptions& blocking, palermo::v1::LinkageCandidate* out);
// `candidate`'s reasons set to `reasons` (ScorePair's).
void SetReasons(const std::vector<Reason>& reasons, palermo::v1::LinkageCandidate* candidate);

// The persons among `ids` of `view` (read by `reader`), each with the
// identifier records it holds; ids of other records are skipped.
Status ReadPersons(const store::View& view, std::vector<store::NodeId> ids, ProfileReader* reader,
                   std::map<store::NodeId, Profile>* out);

// Reads the stored linkage family (for the service; linkage/stored_reads.cc).
// The candidates of `view` whose pair has `id` (any when 0), in key order.
Status ForEachStoredCandidate(const store::View& view, store::NodeId id,
                              const std::function<bool(const palermo::v1::LinkageCandidate&)>& fn);
// Fills the reasons of candidates read from `view` (they are stored
// without), from their records, levels and the stored model: ScorePair's
// reasons, summing to the stored weight. Corruption when a candidate no
// longer matches its records.
Status ExplainCandidates(const store::View& view, std::vector<palermo::v1::LinkageCandidate>* candidates);
// The persons indexed under `key` in `view`'s blocking index, in id order,
// read up to limit + 1 of them (more than `limit`: a block too large to
// propose pairs, as a full computation skips it).
Status ReadStoredBlock(const store::View& view, const BlockKey& key, int64_t limit, std::vector<store::NodeId>* block);
// Term frequencies of full names from `view`'s blocking index: the persons
// under the key of the `name_full` rule (0 when `blocking` has no such
// rule), counted up to 100000. `view` must outlive it.
TermCount StoredTermCount(const store::View& view, const BlockingOptions& blocking);
// The decisions of `view` on pairs with `id` (all when 0).
Status ForEachStoredDecision(const store::View& view, store::NodeId id,
                             const std::function<bool(const palermo::v1::LinkageDecision&)>& fn);
// The decision on the pair (a, b), or NotFound.
Status GetStoredDecision(const store::View& view, store::NodeId a, store::NodeId b, palermo::v1::LinkageDecision* out);
// The model candidates were scored with, or NotFound before the first computation.
Status GetStoredModel(const store::View& view, palermo::v1::LinkageModel* out);

}  // namespace palermo::linkage
