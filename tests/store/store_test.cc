#include "store/store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::store {
namespace {

using palermo::testing::ExportText;
using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::ReadFile;
using palermo::testing::ScenarioPath;
using palermo::testing::TempDir;
namespace v1 = palermo::v1;

const char kSmallCase[] =
    R"({"kind":"source","id":"s1","reference":"BP-1","reliability":"B","credibility":"2"}
{"kind":"person","id":"p1","names":["Samir Haddad"],"birth_date":"1999-07","nationalities":["SY"],"source":"s1"}
{"kind":"person","id":"p2","names":["Ilir Dervishi"],"nationalities":["AL"],"source":"s1"}
{"kind":"location","id":"l1","name":"Ayvalik","country":"TR","location_type":"port"}
{"kind":"location","id":"l2","name":"Lesvos north shore","country":"GR"}
{"kind":"transaction","id":"t1","type":"smuggling_fee","payer":"p1","payee":"p2","amount":3500,"currency":"EUR","date":"2024-04-29"}
{"kind":"event","id":"e1","type":"border_crossing","date":"2024-05-03","subject":"p1","actors":["p2"],"from":"l1","to":"l2","entry":"irregular","method":"rubber boat"}
)";

std::set<std::string> Edges(const Store& store, const std::string& key, Direction direction) {
  auto view = store.Snapshot();
  auto id = view->Lookup(key);
  EXPECT_TRUE(id.ok()) << key;
  std::set<std::string> out;
  if (!id.ok()) return out;
  Status s = view->ForEachEdge(*id, direction, [&](v1::EdgeLabel label, NodeId other) {
    v1::Record record;
    EXPECT_TRUE(view->Get(other, &record).ok());
    out.insert(std::string(model::EdgeLabelName(label)) + ":" + model::GlobalKey(record.agency(), record.id()));
  });
  EXPECT_TRUE(s.ok());
  return out;
}

TEST(Store, ImportedRecordsAndEdgesCanBeRead) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(), kSmallCase, "bp");
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.stats.records, 7);
  EXPECT_EQ(result.stats.created, 7);
  auto view = store->Snapshot();
  EXPECT_EQ(view->RecordCount(), 7u);
  auto id = view->Lookup("bp/e1");
  ASSERT_TRUE(id.ok());
  v1::Record record;
  ASSERT_TRUE(view->Get(*id, &record).ok());
  EXPECT_EQ(record.event().method(), "rubber boat");
  EXPECT_EQ(Edges(*store, "bp/e1", Direction::kOut),
            (std::set<std::string>{"subject:bp/p1", "actor:bp/p2", "from:bp/l1", "to:bp/l2"}));
  EXPECT_EQ(Edges(*store, "bp/p1", Direction::kIn),
            (std::set<std::string>{"subject:bp/e1", "payer:bp/t1"}));
  EXPECT_EQ(Edges(*store, "bp/s1", Direction::kIn), (std::set<std::string>{"source:bp/p1", "source:bp/p2"}));
  EXPECT_EQ(view->Lookup("bp/nobody").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(view->Lookup("other/p1").status().code(), Status::Code::kNotFound);
}

// Ranges of ids split a pass over the store: together they give every
// record once, in id order, and each stays within its bounds.
TEST(Store, RecordRangesPartitionThePassOverEveryRecord) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(ImportText(store.get(), kSmallCase, "bp").status.ok());
  auto view = store->Snapshot();
  std::vector<store::NodeId> all;
  ASSERT_TRUE(view->ForEachRecord([&](store::NodeId id, const v1::Record&) {
                    all.push_back(id);
                    return true;
                  }).ok());
  ASSERT_EQ(all.size(), 7u);
  for (store::NodeId split = all.front(); split <= all.back() + 1; ++split) {
    std::vector<store::NodeId> joined;
    for (auto [first, end] : {std::pair<store::NodeId, store::NodeId>{0, split}, {split, 0}}) {
      ASSERT_TRUE(view->ForEachRecordIn(first, end, [&](store::NodeId id, const v1::Record&) {
                        EXPECT_GE(id, first);
                        if (end != 0) {
                          EXPECT_LT(id, end);
                        }
                        joined.push_back(id);
                        return true;
                      }).ok());
    }
    EXPECT_EQ(joined, all) << "split at " << split;
  }
}

TEST(Store, RefusedImportWritesNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(ImportText(store.get(), kSmallCase, "bp").status.ok());
  const std::string before = ExportText(*store);
  // Good lines, a replacement of p1, and one bad date at the end.
  std::string bad = std::string(R"({"kind":"person","id":"p1","names":["Changed"]})") + "\n" +
                    R"({"kind":"person","id":"p9","names":["New"]})" + "\n" +
                    R"({"kind":"event","id":"e9","type":"arrest","date":"2024-02-30","subject":"p9"})" + "\n";
  auto result = ImportText(store.get(), bad, "bp");
  EXPECT_EQ(result.status.code(), Status::Code::kInvalidArgument);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 3);
  EXPECT_EQ(result.errors[0].field, "date");
  EXPECT_EQ(ExportText(*store), before);
  EXPECT_EQ(store->Snapshot()->Lookup("bp/p9").status().code(), Status::Code::kNotFound);
  // And nothing came back on reopening.
  store.reset();
  store = OpenStore(dir.path());
  EXPECT_EQ(ExportText(*store), before);
}

TEST(Store, ReimportingTheSameFileChangesNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(ImportText(store.get(), kSmallCase, "bp").status.ok());
  const std::string first = ExportText(*store);
  auto edges = Edges(*store, "bp/p1", Direction::kIn);
  auto again = ImportText(store.get(), kSmallCase, "bp");
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.stats.replaced, 7);
  EXPECT_EQ(again.stats.created, 0);
  EXPECT_EQ(ExportText(*store), first);
  EXPECT_EQ(Edges(*store, "bp/p1", Direction::kIn), edges);
  EXPECT_EQ(store->Snapshot()->RecordCount(), 7u);
}

TEST(Store, ReplacingARecordReplacesItsEdges) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(ImportText(store.get(), kSmallCase, "bp").status.ok());
  auto result = ImportText(
      store.get(), R"({"kind":"event","id":"e1","type":"border_crossing","date":"2024-05-03","subject":"p1","actors":["p1"],"to":"l1"})", "bp");
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(Edges(*store, "bp/e1", Direction::kOut), (std::set<std::string>{"subject:bp/p1", "actor:bp/p1", "to:bp/l1"}));
  EXPECT_EQ(Edges(*store, "bp/p2", Direction::kIn), (std::set<std::string>{"payee:bp/t1"}));
  EXPECT_EQ(Edges(*store, "bp/l2", Direction::kIn), (std::set<std::string>{}));
}

TEST(Store, ReferencesAreScopedByAgency) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(ImportText(store.get(), kSmallCase, "bp").status.ok());
  // Another agency's "p1" is its own record, which does not exist.
  auto local = ImportText(store.get(), R"({"kind":"event","id":"d1","type":"debt_imposed","date":"2024","subject":"p1"})", "li");
  EXPECT_EQ(local.status.code(), Status::Code::kInvalidArgument);
  ASSERT_EQ(local.errors.size(), 1u);
  EXPECT_EQ(local.errors[0].field, "subject");
  EXPECT_NE(local.errors[0].reason.find("\"li/p1\""), std::string::npos) << local.errors[0].reason;
  // Named by its global key, it resolves.
  auto global = ImportText(store.get(), R"({"kind":"event","id":"d1","type":"debt_imposed","date":"2024","subject":"bp/p1"})", "li");
  ASSERT_TRUE(global.status.ok()) << global.status.ToString();
  EXPECT_EQ(Edges(*store, "bp/p1", Direction::kIn), (std::set<std::string>{"subject:bp/e1", "payer:bp/t1", "subject:li/d1"}));
}

TEST(Store, ForwardReferencesWithinAFileResolve) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(),
                           R"({"kind":"event","id":"e1","type":"recruitment","date":"2023","subject":"w1","actors":["o1"],"source":"s1"})"
                           "\n"
                           R"({"kind":"person","id":"w1","names":["W"]})"
                           "\n"
                           R"({"kind":"organization","id":"o1","names":["O"],"source":"s1"})"
                           "\n"
                           R"({"kind":"source","id":"s1"})",
                           "li");
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(Edges(*store, "li/e1", Direction::kOut), (std::set<std::string>{"subject:li/w1", "actor:li/o1", "source:li/s1"}));
  EXPECT_EQ(store->Snapshot()->RecordCount(), 4u);
}

TEST(Store, EveryMissingReferenceIsReported) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(),
                           R"({"kind":"person","id":"p1","names":["A"],"source":"gone"})"
                           "\n"
                           R"({"kind":"event","id":"e1","type":"work","subject":"p1","actors":["x","y"],"at":"x"})"
                           "\n"
                           R"({"kind":"person","id":"y","names":["Y"]})",
                           "bp");
  EXPECT_EQ(result.status.code(), Status::Code::kInvalidArgument);
  ASSERT_EQ(result.errors.size(), 3u);
  EXPECT_EQ(result.errors[0].line, 1);
  EXPECT_EQ(result.errors[0].field, "source");
  EXPECT_EQ(result.errors[1].line, 2);
  EXPECT_EQ(result.errors[1].field, "actors");
  EXPECT_EQ(result.errors[2].field, "at");
  EXPECT_EQ(store->Snapshot()->RecordCount(), 0u);
}

TEST(Store, ErrorsOnBadLinesDoNotCascade) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  // p1 has a bad date; the event referring to it is not blamed for that.
  auto result = ImportText(store.get(),
                           R"({"kind":"person","id":"p1","names":["A"],"birth_date":"1999-02-31"})"
                           "\n"
                           R"({"kind":"event","id":"e1","type":"work","subject":"p1","hours_per_week":"many"})",
                           "bp");
  ASSERT_EQ(result.errors.size(), 2u);
  EXPECT_EQ(result.errors[0].field, "birth_date");
  EXPECT_EQ(result.errors[1].field, "hours_per_week");
}

TEST(Store, DuplicateIdInOneFileIsAnError) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(), "{\"kind\":\"person\",\"id\":\"p\",\"names\":[\"A\"]}\n\n# x\n{\"kind\":\"person\",\"id\":\"p\",\"names\":[\"B\"]}\n", "bp");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 4);
  EXPECT_NE(result.errors[0].reason.find("first on line 1"), std::string::npos);
  EXPECT_EQ(store->Snapshot()->RecordCount(), 0u);
}

TEST(Store, DryRunChecksAndWritesNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(), kSmallCase, "bp", /*dry_run=*/true);
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.stats.records, 7);
  EXPECT_EQ(store->Snapshot()->RecordCount(), 0u);
  EXPECT_EQ(ExportText(*store), "");
}

TEST(Store, DataSurvivesReopeningAndIdsContinue) {
  TempDir dir;
  std::string exported;
  {
    auto store = OpenStore(dir.path());
    ASSERT_TRUE(ImportText(store.get(), kSmallCase, "bp").status.ok());
    exported = ExportText(*store);
  }
  auto store = OpenStore(dir.path());
  EXPECT_EQ(ExportText(*store), exported);
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p3","names":["C"]})", "bp").status.ok());
  auto view = store->Snapshot();
  EXPECT_EQ(view->RecordCount(), 8u);
  std::set<NodeId> ids;
  ASSERT_TRUE(view->ForEachRecord([&](NodeId id, const v1::Record&) {
                    ids.insert(id);
                    return true;
                  }).ok());
  EXPECT_EQ(ids.size(), 8u);
  EXPECT_EQ(*ids.rbegin(), 8u);
}

TEST(Store, ASecondOpenOfTheSameDirectoryIsBusy) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  StoreOptions options;
  options.path = dir.path();
  auto second = Store::Open(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy);
  EXPECT_NE(second.status().message().find("in use by another process"), std::string::npos);
}

TEST(Store, AViewDoesNotSeeLaterImports) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto before = store->Snapshot();
  ASSERT_TRUE(ImportText(store.get(), kSmallCase, "bp").status.ok());
  EXPECT_EQ(before->RecordCount(), 0u);
  EXPECT_FALSE(before->Lookup("bp/p1").ok());
  EXPECT_TRUE(store->Snapshot()->Lookup("bp/p1").ok());
}

// With a tiny memory budget the import is staged on disk and applied after
// the commit marker; it must behave exactly like a small one.
std::string ManyRecords(int count, const std::string& last_line = "") {
  std::string text = "{\"kind\":\"source\",\"id\":\"s\"}\n";
  for (int i = 0; i < count; ++i) {
    text += "{\"kind\":\"person\",\"id\":\"p" + std::to_string(i) + "\",\"names\":[\"Person " + std::to_string(i) +
            "\"],\"source\":\"s\"}\n";
    text += "{\"kind\":\"event\",\"id\":\"e" + std::to_string(i) + "\",\"type\":\"transport\",\"date\":\"2024-01-0" +
            std::to_string(1 + i % 9) + "\",\"subject\":\"p" + std::to_string(i) + "\",\"actors\":[\"p" +
            std::to_string((i + 1) % count) + "\"]}\n";
  }
  return text + last_line;
}

bool NoImportFilesLeft(const std::string& data_dir) {
  std::error_code error;
  auto files = std::filesystem::recursive_directory_iterator(data_dir + "/import-tmp", error);
  return error || files == std::filesystem::recursive_directory_iterator();
}

// With a tiny memory budget the import spills sorted runs to disk, merges
// them at commit and ingests SST files; it must behave exactly like a small
// one, and leave no files behind either way.
TEST(Store, LargeImportSpillsAndStaysAllOrNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path(), /*import_memory_bytes=*/4096, /*direct_write_bytes=*/1024);
  auto failed = ImportText(store.get(), ManyRecords(500, "{\"kind\":\"person\",\"id\":\"bad\"}\n"), "bp", false, 4096);
  EXPECT_EQ(failed.status.code(), Status::Code::kInvalidArgument);
  ASSERT_EQ(failed.errors.size(), 1u);
  EXPECT_EQ(failed.errors[0].line, 1002);
  EXPECT_EQ(store->Snapshot()->RecordCount(), 0u);
  EXPECT_EQ(ExportText(*store), "");
  EXPECT_TRUE(NoImportFilesLeft(dir.path()));

  auto result = ImportText(store.get(), ManyRecords(500), "bp", false, 4096);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.stats.records, 1001);
  EXPECT_EQ(store->Snapshot()->RecordCount(), 1001u);
  EXPECT_EQ(Edges(*store, "bp/p7", Direction::kIn), (std::set<std::string>{"subject:bp/e7", "actor:bp/e6"}));

  // The same through the in-memory path gives the same store.
  TempDir other_dir;
  auto other = OpenStore(other_dir.path());
  ASSERT_TRUE(ImportText(other.get(), ManyRecords(500), "bp", false, 4096).status.ok());
  EXPECT_EQ(ExportText(*store), ExportText(*other));

  // Replacing them all through the staged path keeps the edges right.
  auto again = ImportText(store.get(), ManyRecords(500), "bp", false, 4096);
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.stats.replaced, 1001);
  EXPECT_EQ(Edges(*store, "bp/p7", Direction::kIn), (std::set<std::string>{"subject:bp/e7", "actor:bp/e6"}));
  EXPECT_TRUE(NoImportFilesLeft(dir.path()));
  store.reset();
  store = OpenStore(dir.path());
  EXPECT_EQ(ExportText(*store), ExportText(*other));
}

// Without spilling, but past the direct-write size: one sorted SST per
// family, ingested at once. A replacement in the same import path must
// remove the old edges.
TEST(Store, ImportIngestedAsSstFilesMatchesAWriteBatchImport) {
  TempDir dir, other_dir;
  auto store = OpenStore(dir.path(), 0, /*direct_write_bytes=*/1024);
  auto other = OpenStore(other_dir.path());
  const std::string text = ManyRecords(300);
  ASSERT_TRUE(ImportText(store.get(), text, "bp", false, 1 << 16).status.ok());
  ASSERT_TRUE(ImportText(other.get(), text, "bp", false, 1 << 16).status.ok());
  EXPECT_EQ(ExportText(*store), ExportText(*other));
  // The same file with e6 moved from actor p7 to actor p9, again as SSTs.
  const std::string old_e6 = "\"id\":\"e6\",\"type\":\"transport\",\"date\":\"2024-01-07\",\"subject\":\"p6\",\"actors\":[\"p7\"]";
  const std::string new_e6 = "\"id\":\"e6\",\"type\":\"transport\",\"date\":\"2024-01-07\",\"subject\":\"p6\",\"actors\":[\"p9\"]";
  std::string changed = text;
  ASSERT_NE(changed.find(old_e6), std::string::npos);
  changed.replace(changed.find(old_e6), old_e6.size(), new_e6);
  ASSERT_TRUE(ImportText(store.get(), changed, "bp", false, 1 << 16).status.ok());
  EXPECT_EQ(Edges(*store, "bp/p7", Direction::kIn), (std::set<std::string>{"subject:bp/e7"}));
  EXPECT_EQ(Edges(*store, "bp/p9", Direction::kIn), (std::set<std::string>{"subject:bp/e9", "actor:bp/e8", "actor:bp/e6"}));
  EXPECT_TRUE(NoImportFilesLeft(dir.path()));
}

TEST(Store, ScenarioFilesImportAndExportTheSameRecords) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(), ReadFile(ScenarioPath("cross_agency_same_as")), "border-police", false, 1 << 16);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  const std::string exported = ExportText(*store);
  // Import the export into a fresh store under another default agency: it
  // names its agencies, so it gives the same records back.
  TempDir copy_dir;
  auto copy = OpenStore(copy_dir.path());
  ASSERT_TRUE(ImportText(copy.get(), exported, "someone-else", false, 1 << 16).status.ok());
  EXPECT_EQ(ExportText(*copy), exported);
  EXPECT_NE(exported.find("\"agency\":\"labour-inspectorate\""), std::string::npos);
}

// The change feed: every committed import, in order, with the store as it
// was and the records it wrote; nothing for dry runs or refused imports.
TEST(StoreChangeFeed, PublishesEveryCommittedImportAndNothingElse) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  std::vector<CommittedImport> seen;
  const uint64_t id = store->SubscribeImports([&](const CommittedImport& import) { seen.push_back(import); });
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p1","names":["A"]})", "a", false, 1 << 16).status.ok());
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p2","names":["B"]})", "a", true, 1 << 16).status.ok());
  EXPECT_FALSE(ImportText(store.get(), R"({"kind":"person","id":"p3","names":["C"],"nationalities":"XX"})", "a", false,
                          1 << 16)
                   .status.ok());
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p1","names":["A2"]}
{"kind":"person","id":"p4","names":["D"]})",
                         "a", false, 1 << 16)
                  .status.ok());
  ASSERT_EQ(seen.size(), 2u) << "the dry run and the refused import are not published";
  EXPECT_EQ(seen[0].number, 1u);
  EXPECT_EQ(seen[0].before->RecordCount(), 0u);
  EXPECT_EQ(seen[0].touched, std::vector<NodeId>{1});
  EXPECT_EQ(seen[1].number, 2u);
  EXPECT_EQ(seen[1].before->Imports(), 1u) << "the store just before the import";
  EXPECT_EQ(seen[1].touched, (std::vector<NodeId>{1, 2})) << "the replaced record, then the new one";

  store->UnsubscribeImports(id);
  seen.clear();  // the views must not outlive the store; and nothing more arrives
  ASSERT_TRUE(ImportText(store.get(), R"({"kind":"person","id":"p5","names":["E"]})", "a", false, 1 << 16).status.ok());
  EXPECT_TRUE(seen.empty());
}

}  // namespace
}  // namespace palermo::store
