#include "services/importer.h"

#include <gtest/gtest.h>

#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::services {
namespace {

using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

TEST(Importer, LinesMayBeCutAnywhereAndEndWithoutNewline) {
  const std::string text = "{\"kind\":\"person\",\"id\":\"a\",\"names\":[\"\xC3\xA9l\xC3\xA9onore\"]}\r\n"
                           "{\"kind\":\"person\",\"id\":\"b\",\"names\":[\"B\"]}";
  for (size_t chunk : {1u, 2u, 3u, 5u, 64u}) {
    TempDir dir;
    auto store = OpenStore(dir.path());
    auto result = ImportText(store.get(), text, "x", false, chunk);
    ASSERT_TRUE(result.status.ok()) << chunk << ": " << result.status.ToString();
    EXPECT_EQ(result.stats.records, 2) << chunk;
  }
}

TEST(Importer, AnOverlongLineIsAnErrorAndNothingIsWritten) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ImporterOptions options;
  options.default_agency = "x";
  options.max_line_bytes = 100;
  Importer importer(store.get(), options);
  ASSERT_TRUE(importer.Begin().ok());
  ASSERT_TRUE(importer.Feed("{\"kind\":\"source\",\"id\":\"s\"}\n").ok());
  ASSERT_TRUE(importer.Feed("{\"kind\":\"source\",\"id\":\"" + std::string(300, 'x')).ok());
  ASSERT_TRUE(importer.Feed("\"}\n{\"kind\":\"source\",\"id\":\"t\"}\n").ok());
  EXPECT_EQ(importer.Finish().code(), Status::Code::kInvalidArgument);
  auto errors = importer.errors().Sorted();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_NE(errors[0].reason.find("longer than 100 bytes"), std::string::npos);
  EXPECT_EQ(importer.lines(), 3);
  EXPECT_EQ(store->Snapshot()->RecordCount(), 0u);
}

// Case format v2's nested values: an error inside a stated age or a
// handling refuses the whole file, by line and path, and writes nothing.
TEST(Importer, ABadVersion2ValueNamesItsPathAndNothingIsWritten) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ImporterOptions options;
  options.default_agency = "x";
  Importer importer(store.get(), options);
  ASSERT_TRUE(importer.Begin().ok());
  ASSERT_TRUE(importer.Feed("{\"kind\":\"person\",\"id\":\"a\",\"names\":[\"A\"],"
                            "\"stated_ages\":[{\"age\":15,\"on\":\"2009\"}]}\n"
                            "{\"kind\":\"person\",\"id\":\"b\",\"names\":[\"B\"],"
                            "\"stated_ages\":[{\"age\":15,\"on\":\"2009\"},{\"age\":16}]}\n"
                            "{\"kind\":\"source\",\"id\":\"s\",\"handling\":{\"code\":\"H3\"}}\n")
                  .ok());
  EXPECT_EQ(importer.Finish().code(), Status::Code::kInvalidArgument);
  auto errors = importer.errors().Sorted();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].field, "stated_ages[1].on");
  EXPECT_EQ(errors[1].line, 3);
  EXPECT_EQ(errors[1].field, "handling.conditions");
  EXPECT_EQ(store->Snapshot()->RecordCount(), 0u);
}

TEST(Importer, ListsTheFirstErrorsAndCountsThemAll) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ImporterOptions options;
  options.default_agency = "x";
  options.keep_errors = 10;
  Importer importer(store.get(), options);
  ASSERT_TRUE(importer.Begin().ok());
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(importer.Feed("not json\n").ok());
  EXPECT_EQ(importer.Finish().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(importer.errors().total(), 5000);
  EXPECT_EQ(importer.errors().Sorted().size(), 10u);
}

TEST(Importer, AnEmptyFileImportsNothingAndSucceeds) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(), "# only a comment\n\n", "x");
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.stats.records, 0);
}

TEST(Importer, WarnsOfUnknownTypesWithTheirLine) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto result = ImportText(store.get(),
                           "{\"kind\":\"person\",\"id\":\"p\",\"names\":[\"P\"]}\n"
                           "{\"kind\":\"event\",\"id\":\"e\",\"type\":\"online_grooming\",\"subject\":\"p\"}\n",
                           "x");
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].line, 2);
}

}  // namespace
}  // namespace palermo::services
