// The FEBRL4 files of bench/data/febrl/ as case files (bench/febrl.h): every
// line parses, the counts and a few known rows come out as the CSV says.
#include "bench/febrl.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "format/case_format.h"
#include "tests/test_util.h"
#include "palermo/v1/model.pb.h"

namespace palermo::bench {
namespace {

std::string ReadFile(const std::string& name) {
  std::string text = palermo::testing::ReadFile(std::string(PALERMO_FEBRL_DATA) + "/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

TEST(FebrlCsv, SplitsTheDialectOfTheFiles) {
  std::vector<std::string> fields;
  std::string error;
  ASSERT_TRUE(SplitCsvLine("rec-1-org, anna, , 12,  x y\r", &fields, &error)) << error;
  EXPECT_EQ(fields, (std::vector<std::string>{"rec-1-org", "anna", "", "12", "x y"}));
  ASSERT_TRUE(SplitCsvLine("a,b", &fields, &error));
  EXPECT_EQ(fields, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(SplitCsvLine("", &fields, &error));
  EXPECT_EQ(fields, (std::vector<std::string>{""}));
  ASSERT_TRUE(SplitCsvLine("a,", &fields, &error));
  EXPECT_EQ(fields, (std::vector<std::string>{"a", ""}));
  ASSERT_TRUE(SplitCsvLine(R"(x, "a, ""b""", "")", &fields, &error)) << error;
  EXPECT_EQ(fields, (std::vector<std::string>{"x", "a, \"b\"", ""}));
  EXPECT_FALSE(SplitCsvLine(R"(x, "open)", &fields, &error));
  EXPECT_FALSE(SplitCsvLine(R"("a"b, c)", &fields, &error));
}

TEST(FebrlCsv, ReadsCrlfAndAMissingLastNewline) {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string error;
  ASSERT_TRUE(ReadCsv("h1, h2\r\na, b\r\n\r\nc, d", &header, &rows, &error)) << error;
  EXPECT_EQ(header, (std::vector<std::string>{"h1", "h2"}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"c", "d"}));
}

TEST(FebrlConvert, RefusesAnotherHeaderAndABadId) {
  std::string out, error;
  FebrlStats stats;
  EXPECT_FALSE(ConvertFebrlCsv("id, name\nx, y\n", "", &out, &stats, &error));
  const std::string header =
      "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, "
      "soc_sec_id\n";
  EXPECT_FALSE(ConvertFebrlCsv(header + "a/b, x, y, 1, s, , t, 2000, nsw, 19800101, 1\n", "", &out, &stats, &error));
  EXPECT_FALSE(ConvertFebrlCsv(header + "a, x, y\n", "", &out, &stats, &error));
}

struct Converted {
  FebrlStats stats;
  std::vector<v1::Record> records;
  std::map<std::string, const v1::Record*> by_id;
  int64_t rows_with_ssid = 0;
};

void Convert(const std::string& file, const std::string& agency, Converted* c) {
  std::string csv = ReadFile(file);
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string error;
  ASSERT_TRUE(ReadCsv(csv, &header, &rows, &error)) << error;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 11u);
    if (!row[10].empty()) ++c->rows_with_ssid;
  }
  std::string lines;
  ASSERT_TRUE(ConvertFebrlCsv(csv, "", &lines, &c->stats, &error)) << error;
  ASSERT_TRUE(format::ParseCaseText(lines, agency, &c->records, &error)) << file << ": " << error;
  for (const v1::Record& r : c->records) {
    EXPECT_EQ(r.agency(), agency);
    EXPECT_TRUE(c->by_id.emplace(r.id(), &r).second) << r.id();
  }
}

int64_t CountKind(const Converted& c, v1::Kind kind) {
  int64_t n = 0;
  for (const v1::Record& r : c.records) n += r.kind() == kind;
  return n;
}

TEST(Febrl4, BothFilesConvertAndParse) {
  Converted a, b;
  Convert("febrl_dataset4a.csv", "febrl-a", &a);
  Convert("febrl_dataset4b.csv", "febrl-b", &b);
  ASSERT_FALSE(HasFailure());
  for (const Converted* c : {&a, &b}) {
    EXPECT_EQ(c->stats.persons, 5000);
    EXPECT_EQ(CountKind(*c, v1::KIND_PERSON), 5000);
    EXPECT_EQ(c->stats.identifiers, c->rows_with_ssid);
    EXPECT_EQ(CountKind(*c, v1::KIND_IDENTIFIER), c->rows_with_ssid);
  }
  // The counts as of the files in the tree (bench/README.md quotes them).
  EXPECT_EQ(a.stats.identifiers, 5000);
  EXPECT_EQ(b.stats.identifiers, 5000);
  EXPECT_EQ(a.stats.birth_dates, 4906);
  EXPECT_EQ(a.stats.corrupted_birth_dates, 0);
  EXPECT_EQ(b.stats.birth_dates, 4737);
  EXPECT_EQ(b.stats.corrupted_birth_dates, 64);
  EXPECT_EQ(a.stats.nameless, 1);
  EXPECT_EQ(b.stats.nameless, 2);

  // rec-1070-org, michaela, neumann, 8, stanley street, miami, winston hills, 4223, nsw, 19151111, 5304218
  const v1::Record& p = *a.by_id.at("rec-1070-org");
  ASSERT_EQ(p.kind(), v1::KIND_PERSON);
  EXPECT_EQ(p.person().names(0), "michaela neumann");
  EXPECT_EQ(p.person().given_names(0), "michaela");
  EXPECT_EQ(p.person().family_names(0), "neumann");
  ASSERT_EQ(p.person().addresses_size(), 1);
  EXPECT_EQ(p.person().addresses(0), "8 stanley street, miami, winston hills, nsw");
  EXPECT_EQ(p.person().postcode(), "4223");
  EXPECT_TRUE(p.person().has_birth_date());
  EXPECT_TRUE(p.extra().empty());
  const v1::Record& id = *a.by_id.at("rec-1070-org-ssid");
  EXPECT_EQ(id.identifier().type(), v1::IDENTIFIER_TYPE_NATIONAL_ID);
  EXPECT_EQ(id.identifier().value(), "5304218");
  EXPECT_EQ(id.identifier().holder(), "febrl-a/rec-1070-org");

  // rec-3978-dup-0, , babic, 1, totterdell street, cooingale, st albans, 4060, sa, 19450493, 3346822
  const v1::Record& q = *b.by_id.at("rec-3978-dup-0");
  EXPECT_EQ(q.person().names(0), "babic");
  EXPECT_EQ(q.person().given_names_size(), 0);
  EXPECT_FALSE(q.person().has_birth_date());
  ASSERT_EQ(q.extra().count("febrl_date_of_birth"), 1u);
  EXPECT_EQ(q.extra().at("febrl_date_of_birth"), "\"19450493\"");

  // rec-725-dup-0, , , 1, william street, woodsong, nicjol, 6149, qld, 19000430, 6432290
  const v1::Record& n = *b.by_id.at("rec-725-dup-0");
  ASSERT_EQ(n.person().names_size(), 1);
  EXPECT_EQ(n.person().names(0), kFebrlNoName);
  EXPECT_EQ(n.person().family_names_size(), 0);
  EXPECT_EQ(n.extra().at("febrl_name_missing"), "true");
  EXPECT_EQ(n.person().addresses(0), "1 william street, woodsong, nicjol, qld");

  // Every true link joins a converted record of each file.
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> links;
  std::string error;
  ASSERT_TRUE(ReadCsv(ReadFile("febrl4_true_links.csv"), &header, &links, &error)) << error;
  EXPECT_EQ(header, (std::vector<std::string>{"rec_id_a", "rec_id_b"}));
  EXPECT_EQ(links.size(), 5000u);
  std::set<std::string> seen_a, seen_b;
  for (const auto& link : links) {
    ASSERT_EQ(link.size(), 2u);
    auto ia = a.by_id.find(link[0]);
    auto ib = b.by_id.find(link[1]);
    ASSERT_TRUE(ia != a.by_id.end()) << link[0];
    ASSERT_TRUE(ib != b.by_id.end()) << link[1];
    EXPECT_EQ(ia->second->kind(), v1::KIND_PERSON);
    EXPECT_EQ(ib->second->kind(), v1::KIND_PERSON);
    seen_a.insert(link[0]);
    seen_b.insert(link[1]);
  }
  EXPECT_EQ(seen_a.size(), 5000u);
  EXPECT_EQ(seen_b.size(), 5000u);
}

}  // namespace
}  // namespace palermo::bench
