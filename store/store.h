// The case graph in RocksDB: the store's whole public face.
//
// Records are nodes with a global key "AGENCY/ID" and a dense internal id;
// every reference a record makes is an edge labelled with its role (see
// store/keys.h for the layout). Reads go through a View, a consistent
// snapshot of everything committed. Writes go through an Import, which is
// all or nothing: Commit() that returns OK has put the whole import on disk;
// an import that fails or is abandoned leaves nothing behind.
//
// How an import commits: its writes collect in memory up to a budget, past
// which they are sorted and written out as runs (SST files); at commit they
// are sorted (or the runs merged) by family and key. A small import is
// written as one WriteBatch with the WAL synced; a large one as one SST file
// per family, ingested by one DB::IngestExternalFiles call, which RocksDB
// records in its MANIFEST atomically. Staged data and files left by a crash
// are removed when the store is next opened.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/diagnostic.h"
#include "model/vocabulary.h"
#include "palermo/v1/model.pb.h"
#include "store/keys.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Snapshot;
}  // namespace rocksdb

namespace palermo::store {

struct StoreOptions {
  std::string path;               // the data directory
  bool create_if_missing = true;  // create an empty store when absent
  // Memory one import may hold: half for the keys it has met, a quarter for
  // its pending writes, an eighth for reference checks. Past its share each
  // goes to disk (writes as sorted runs in DIR/import-tmp, keys and
  // reference checks to the `staging` family), so memory stays bounded
  // however large the file.
  size_t import_memory_bytes = size_t{256} << 20;
  // Imports whose writes stay under this many bytes are written as one
  // synced WriteBatch; larger ones as SST files ingested atomically.
  size_t direct_write_bytes = size_t{8} << 20;
  // RocksDB's memory, whatever the size of the store: one block cache of
  // this many bytes holds the data blocks read, the tables' index and
  // filter blocks, and (charged to it) the memtables of every family,
  // which together are flushed past `memtable_bytes`.
  size_t cache_bytes = size_t{128} << 20;
  size_t memtable_bytes = size_t{64} << 20;
};

// What RocksDB holds in memory now (StoreOptions bounds it).
struct StoreMemory {
  uint64_t memtables = 0;      // all families' memtables, unflushed and flushed-but-pinned
  uint64_t table_readers = 0;  // index and filter blocks held outside the block cache
  uint64_t block_cache = 0;    // in use in the block cache (memtables' charge included)
  uint64_t block_cache_capacity = 0;
};

enum class Direction { kOut, kIn };

// What a kind of derived data reflects: the store after `imports` imports,
// derived under the rules or parameters whose fingerprint is `fingerprint`.
struct DerivedMark {
  bool present = false;  // false: never stored
  uint64_t imports = 0;
  std::string fingerprint;
};
using FindingsMark = DerivedMark;

// A finding as the `findings` family keeps it.
struct StoredFinding {
  FindingKey key;
  std::vector<std::string> index_keys;  // the global keys it is found by (subject and linked)
  std::string value;                    // a serialized palermo.v1.Finding
};

// One atomic change of the stored findings.
struct FindingsUpdate {
  std::vector<StoredFinding> removed;  // as they are stored (values unused)
  std::vector<StoredFinding> written;  // new ones, and new versions of stored ones
  bool write_mark = true;              // false: leave the stored mark as it is
  FindingsMark mark;
};

// The derived families a keeper owns whole, each with its mark in the meta
// family (their layouts: store/keys.h): the linkage candidates
// (linkage/keeper.h) and the analytics projection's edges
// (graph/projection_keeper.h).
enum class DerivedFamily { kLinkage, kProjection };

// One atomic change of a derived family.
struct DerivedUpdate {
  std::vector<std::string> deleted;                          // keys
  std::vector<std::pair<std::string, std::string>> written;  // key, value
  bool clear = false;       // first delete everything the family holds
  bool write_mark = true;   // false: leave the stored mark as it is
  DerivedMark mark;
};
using LinkageUpdate = DerivedUpdate;

// Replaces everything a derived family holds, for a full computation (tens
// of millions of entries): the entries go into table files beside the store
// and are ingested, not through the memtable. Dropped without Commit, it
// changes nothing.
class DerivedLoad {
 public:
  virtual ~DerivedLoad() = default;
  // Adds one entry; keys must ascend strictly (an error otherwise, and the
  // load is then of no use).
  virtual Status Add(std::string_view key, std::string_view value) = 0;
  // Adds entries on `parts` threads at once, each part into a table file of
  // its own: fill(part, add) runs on part's thread and calls add(key, value)
  // for that part's entries. Keys ascend within a part, every key of a part
  // is below every key of the parts after it, and all are below the keys
  // given to Add afterwards; only before the first Add (InvalidArgument
  // after it). The first error of any part is returned. For the tens of
  // millions of entries at the start of a family (the blocking index).
  using AddFn = std::function<Status(std::string_view key, std::string_view value)>;
  virtual Status AddParts(size_t parts, const std::function<Status(size_t part, const AddFn& add)>& fill) = 0;
  // In order, each durable before the next: the family emptied and its mark
  // removed; the entries ingested; `mark` written. A new view is published
  // after the first and the last step. A crash in between leaves the
  // family without a mark (a start computes it again).
  virtual Status Commit(const DerivedMark& mark) = 0;
};
using LinkageLoad = DerivedLoad;

// A consistent, read-only view of the committed store. Shared; holds a
// RocksDB snapshot while alive, so it must not outlive its Store.
class View {
 public:
  virtual ~View() = default;

  // The node id of `global_key`, or NotFound.
  virtual Result<NodeId> Lookup(std::string_view global_key) const = 0;
  // The record of `id`, or NotFound.
  virtual Status Get(NodeId id, palermo::v1::Record* record) const = 0;
  // Calls `fn(label, other)` for each edge of `id` in `direction`: for kOut,
  // the records `id` refers to; for kIn, the records referring to `id`.
  virtual Status ForEachEdge(NodeId id, Direction direction,
                             const std::function<void(palermo::v1::EdgeLabel, NodeId)>& fn) const = 0;
  // The same for each of `ids` (sorted, ascending), with one iterator:
  // fn(id, label, other).
  virtual Status ForEachEdgeOfEach(const std::vector<NodeId>& ids, Direction direction,
                                   const std::function<void(NodeId, palermo::v1::EdgeLabel, NodeId)>& fn) const = 0;
  // Calls `fn` for every record in node-id (import) order until it returns false.
  virtual Status ForEachRecord(const std::function<bool(NodeId, const palermo::v1::Record&)>& fn) const = 0;
  // The same for the records with ids in [first, end) (0: no end): a pass
  // over the whole store split into ranges read on threads.
  virtual Status ForEachRecordIn(NodeId first, NodeId end,
                                 const std::function<bool(NodeId, const palermo::v1::Record&)>& fn) const = 0;
  // Calls `fn` for the records of `ids` (sorted, ascending) that exist, in
  // that order; cheaper than one Get each when the ids lie close together.
  virtual Status GetMany(const std::vector<NodeId>& ids,
                         const std::function<void(NodeId, const palermo::v1::Record&)>& fn) const = 0;
  // Calls `fn(id, kind)` for every record in node-id order, reading only
  // the kind.
  virtual Status ForEachKind(const std::function<void(NodeId, palermo::v1::Kind)>& fn) const = 0;
  // Calls `fn(from, label, to)` for every edge, by `from` then label.
  virtual Status ForEachEdgeOfAll(const std::function<void(NodeId, palermo::v1::EdgeLabel, NodeId)>& fn) const = 0;
  // The number of records; node ids run from 1 to RecordCount().
  virtual uint64_t RecordCount() const = 0;
  // The number of imports committed when the view was taken.
  virtual uint64_t Imports() const = 0;

  // Stored findings (store::FindingsUpdate writes them).
  virtual Result<FindingsMark> GetFindingsMark() const = 0;
  // The value of one finding, or NotFound.
  virtual Status GetFinding(const FindingKey& key, std::string* value) const = 0;
  // A derived family (store/keys.h): its mark, one value (NotFound when
  // absent), and the entries whose keys start with `prefix`, in key order,
  // from `start` (empty: from the prefix) until `fn` returns false.
  virtual Result<DerivedMark> GetDerivedMark(DerivedFamily family) const = 0;
  virtual Status GetDerived(DerivedFamily family, std::string_view key, std::string* value) const = 0;
  virtual Status ForEachDerived(DerivedFamily family, std::string_view prefix, std::string_view start,
                                const std::function<bool(std::string_view key, std::string_view value)>& fn) const = 0;
  // The same for the linkage family.
  Result<DerivedMark> GetLinkageMark() const { return GetDerivedMark(DerivedFamily::kLinkage); }
  Status GetLinkage(std::string_view key, std::string* value) const {
    return GetDerived(DerivedFamily::kLinkage, key, value);
  }
  Status ForEachLinkage(std::string_view prefix, std::string_view start,
                        const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
    return ForEachDerived(DerivedFamily::kLinkage, prefix, start, fn);
  }
  // The findings whose subject or linked keys include `global_key`.
  Status FindingsOf(std::string_view global_key, std::vector<FindingKey>* keys) const {
    return FindingsOfAll({std::string(global_key)}, keys);
  }
  // The same for each of `global_keys` (one pass; a finding found by two
  // keys is listed twice).
  virtual Status FindingsOfAll(const std::vector<std::string>& global_keys, std::vector<FindingKey>* keys) const = 0;
  // Calls `fn` for each finding in (type, subject, id) order, only those of
  // `type` when it is not empty, starting after `after` when given, until
  // `fn` returns false.
  virtual Status ForEachFinding(std::string_view type, const FindingKey* after,
                                const std::function<bool(const FindingKey&, std::string_view value)>& fn) const = 0;
};

struct ImportStats {
  int64_t records = 0;   // records added to the import
  int64_t created = 0;   // of which with a new global key
  int64_t replaced = 0;  // of which replacing a stored record
  // Records replaced, by the agency that owned them (the agency of the
  // replaced record's global key): who lost what to this import.
  std::map<std::string, int64_t> replaced_by_agency;
  // What an incremental reader of the store must look at again, however
  // large the import: the records it created have the node ids
  // [new_begin, new_end) (ids are never reused), those it replaced are
  // listed (8 bytes each).
  NodeId new_begin = 0;
  NodeId new_end = 0;
  std::vector<NodeId> replaced_ids;
  // Every record the import wrote: the seeds of the cases it touched.
  std::vector<NodeId> TouchedIds() const {
    std::vector<NodeId> ids = replaced_ids;
    for (NodeId id = new_begin; id < new_end; ++id) ids.push_back(id);
    return ids;
  }
  // Set by a Commit that wrote: the number of imports committed, this one
  // included (View::Imports() of the views that see it).
  uint64_t number = 0;
};

// What one committed import changed, as the store's change feed hands it
// to whoever derives data from the store (the findings today; linkage
// candidates and the analytics projection next): each keeps a mark of
// the import number its data reflects and brings it forward from here.
struct CommittedImport {
  uint64_t number = 0;                 // View::Imports() of the views that see it
  std::shared_ptr<const View> before;  // the store just before it
  std::vector<NodeId> touched;         // the records it wrote (ImportStats::TouchedIds())
};
// Takes one committed import. Called on the committing thread, in commit
// order, once the import is visible to new views; it must be quick (queue
// the work) and must not import.
using ImportListener = std::function<void(const CommittedImport&)>;

// One all-or-nothing import. Only one import runs at a time; BeginImport
// waits for the previous one to end. Not thread-safe itself.
class Import {
 public:
  virtual ~Import() = default;  // an import not committed is discarded

  // Adds a parsed record from line `line` of the file. Errors (the same
  // global key twice in one file) are appended to `errors`.
  virtual Status Add(const palermo::v1::Record& record, int64_t line,
                     DiagnosticList* errors) = 0;
  // Takes what could be read of a line that failed to parse: declares its
  // global key (when `partial` has an id), so that references to it are not
  // reported as missing as well, and checks the references it holds. The
  // import can then no longer commit.
  virtual Status AddInvalid(const palermo::v1::Record& partial, int64_t line) = 0;
  // Checks that every reference names a record of the file or the store;
  // each one that does not is appended to `errors`. Then, when `errors` is
  // empty (including errors the caller put there) and this is not a dry
  // run, writes the import atomically and durably. Returns OK when it
  // wrote, or when it checked a dry run without errors; InvalidArgument
  // when there were errors (nothing written); another status when storage
  // failed (nothing written).
  virtual Status Commit(bool dry_run, DiagnosticList* errors) = 0;
  virtual const ImportStats& stats() const = 0;
};

class Store {
 public:
  // Opens (or creates) the store at options.path. Finishes any import that
  // was committed but not fully applied when the process last stopped, and
  // discards any that was not committed. Busy when another process holds
  // the directory.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  virtual ~Store() = default;

  // A view of everything committed so far.
  virtual std::shared_ptr<const View> Snapshot() const = 0;
  // Starts an import; waits while another import runs.
  virtual Result<std::unique_ptr<Import>> BeginImport() = 0;
  // Applies `update` to the stored findings and their mark in one synced
  // write, and publishes a new view. The reasoner's findings keeper is the
  // only writer.
  virtual Status WriteFindings(const FindingsUpdate& update) = 0;
  // Applies `update` to a derived family and its mark in one synced write
  // (large updates: write them in parts with write_mark false, the mark
  // last), and publishes a new view. Each family has one writer, its
  // keeper.
  virtual Status WriteDerived(DerivedFamily family, const DerivedUpdate& update) = 0;
  // Starts replacing a whole derived family (see DerivedLoad); one at a
  // time per family, by its only writer.
  virtual Result<std::unique_ptr<DerivedLoad>> BeginDerivedLoad(DerivedFamily family) = 0;
  // The same for the linkage family (linkage/keeper.h is its writer).
  Status WriteLinkage(const LinkageUpdate& update) { return WriteDerived(DerivedFamily::kLinkage, update); }
  Result<std::unique_ptr<LinkageLoad>> BeginLinkageLoad() { return BeginDerivedLoad(DerivedFamily::kLinkage); }
  // The audit family (store/keys.h; services/audit_log.h is its only
  // writer): puts `entries` (key, value) in one synced write. Never part of
  // a view or the change feed.
  virtual Status AppendAudit(const std::vector<std::pair<std::string, std::string>>& entries) = 0;
  // Calls `fn` for the audit family's entries whose keys start with
  // `prefix`, from `start` (empty: the prefix), in key order, as they are
  // now, until `fn` returns false.
  virtual Status ForEachAudit(std::string_view prefix, std::string_view start,
                              const std::function<bool(std::string_view key, std::string_view value)>& fn) const = 0;
  // What RocksDB holds in memory now.
  virtual StoreMemory Memory() const = 0;

  // The change feed: `listener` is called after every import that commits
  // from now on, until UnsubscribeImports(the returned id). Dry runs and
  // failed imports are not published.
  virtual uint64_t SubscribeImports(ImportListener listener) = 0;
  virtual void UnsubscribeImports(uint64_t id) = 0;
};

}  // namespace palermo::store
