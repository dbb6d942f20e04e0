// HTCDS in (format/htcds.h, format/tabular.h): the sample files of
// tests/data/htcds (our own, filled in as the toolkit's templates are;
// make_samples.py wrote them) converted to case lines, which the case
// format then parses. Each value of a sample is either mapped or kept and
// counted; bad cells are errors with table, row and field, and then
// nothing is converted.
#include "format/htcds.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "format/case_format.h"
#include "format/htcds_fields.h"
#include "tests/test_util.h"

namespace palermo::format {
namespace {

std::string Sample(const std::string& name) { return std::string(PALERMO_HTCDS_DATA) + "/" + name; }

HtcdsConversion Convert(const std::vector<std::string>& files) {
  std::vector<Table> tables;
  for (const std::string& file : files) {
    auto read = ReadTables(Sample(file));
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    if (read.ok()) tables.insert(tables.end(), read->begin(), read->end());
  }
  return ConvertHtcds(tables, HtcdsOptions{"2026-11-30"});
}

// The converted lines parse as the case format, and the record `id` is one of them.
palermo::v1::Record RecordOf(const HtcdsConversion& c, const std::string& id) {
  std::vector<palermo::v1::Record> records;
  std::string error;
  EXPECT_TRUE(ParseCaseText(c.case_lines, "ngo", &records, &error)) << error;
  for (const auto& r : records) {
    if (r.id() == id) return r;
  }
  ADD_FAILURE() << "no record " << id << " in\n" << c.case_lines;
  return {};
}

TEST(HtcdsTables, XlsxCellsAreReadAsExcelKeepsThem) {
  auto tables = ReadTables(Sample("v2-template.xlsx"));
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  ASSERT_EQ(tables->size(), 1u);
  const Table& t = (*tables)[0];
  EXPECT_NE(t.name.find("v2-template.xlsx:Sheet1"), std::string::npos);
  ASSERT_GE(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0][1], "cas_CaseOwner");
  EXPECT_EQ(t.rows[1][1], "Case Owner");
  EXPECT_EQ(t.rows[2][0], "1") << "column A: the template's row counter";
  EXPECT_EQ(t.rows[2][6], "34760") << "a date as Excel keeps it";
  EXPECT_EQ(t.rows[2][5], "TRUE");
}

TEST(HtcdsTables, CsvQuotesMayHoldCommasQuotesAndLineBreaks) {
  auto tables = ReadTables(Sample("cms-events.csv"));
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ((*tables)[0].rows[2][5], "begging at the market, line 1\nline 2");
  testing::TempDir dir;
  std::ofstream(dir.File("bad.csv")) << "a,b\n\"open,quote\n";
  auto bad = ReadTables(dir.File("bad.csv"));
  EXPECT_FALSE(bad.ok());
  std::ofstream(dir.File("latin1.csv")) << "prs_FirstName\nJos\xe9\n";
  auto latin1 = ReadTables(dir.File("latin1.csv"));
  ASSERT_FALSE(latin1.ok());
  EXPECT_NE(latin1.status().message().find("UTF-8"), std::string::npos);
  std::ofstream(dir.File("not.xlsx")) << "plain text";
  EXPECT_FALSE(ReadTables(dir.File("not.xlsx")).ok());
}

TEST(Htcds, TheTwoPointZeroTemplateBecomesAVictimHerMeansAndHerExploitation) {
  HtcdsConversion c = Convert({"v2-template.xlsx"});
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  EXPECT_EQ(c.summary.versions, "2.0");
  EXPECT_EQ(c.summary.cases, 2);
  palermo::v1::Record victim = RecordOf(c, "v2-template-r3-victim");
  EXPECT_EQ(victim.person().names(0), "Amina Yusuf");
  EXPECT_EQ(victim.person().birth_date().iso(), "1995-03-02") << "Excel's serial 34760";
  EXPECT_EQ(victim.person().sex(), palermo::v1::SEX_F);
  EXPECT_EQ(victim.person().nationalities(0), "NG") << "a country by its name";
  // The template names its mailing columns in another order than it labels them; the labels win.
  EXPECT_EQ(victim.person().addresses(0), "12 Harbour Road, Lagos, Nigeria");
  // Labels, "; " between values, a value of no list kept.
  std::string lines = c.case_lines;
  for (const char* expected : {R"("type":"debt_imposed")", R"("type":"document_retention")",
                               R"("type":"threat","subject":"v2-template-r3-victim")", R"("threat_of":"violence")",
                               R"("type":"sexual_exploitation")", R"("type":"victim_identified")",
                               R"("type":"recruitment")", R"("vic_MethodsOfControl":["Locked in at night"])",
                               R"("kind":"identifier","id":"v2-template-r3-victim-MobilePhone")", R"("value":"+2348031234567")"}) {
    EXPECT_NE(lines.find(expected), std::string::npos) << expected << "\n" << lines;
  }
  // No perpetrator named: every event's actor is the case's unidentified perpetrator.
  palermo::v1::Record unidentified = RecordOf(c, "v2-template-r3-unidentified");
  EXPECT_EQ(unidentified.extra().at("unidentified"), "true");
  EXPECT_EQ(c.summary.kept_by_field.at("vic_MethodsOfControl"), 1);
  EXPECT_EQ(c.summary.kept_by_field.at("cas_Status"), 2);
  EXPECT_EQ(c.summary.values_mapped, 24);
  EXPECT_EQ(c.summary.values_kept, 8);
  EXPECT_NE(c.summary.ToString().find("HTCDS has no payment fields"), std::string::npos);
}

TEST(Htcds, TheOnePointZeroTemplateSavedAsCsvKeepsWhatHasNoPlace) {
  HtcdsConversion c = Convert({"v1-template.csv"});
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  palermo::v1::Record victim = RecordOf(c, "v1-template-r3-victim");
  EXPECT_EQ(victim.person().nationalities(0), "VN") << "an alpha-3 code";
  EXPECT_EQ(victim.person().postcode(), "10115");
  // Vulnerabilities are not the abuse of them (a means): kept, not made events.
  EXPECT_EQ(victim.extra().at("vic_Vulnerabilities"), R"(["Poverty","Migration"])");
  EXPECT_EQ(c.summary.kept_by_field.at("vic_Vulnerabilities"), 2);
  EXPECT_EQ(c.case_lines.find("abuse_of_vulnerability"), std::string::npos);
  EXPECT_NE(c.case_lines.find(R"("threat_of":"denunciation")"), std::string::npos);
  EXPECT_NE(c.case_lines.find(R"("type":"work")"), std::string::npos);
  EXPECT_NE(c.case_lines.find(R"("sector":"C_Manufacturing")"), std::string::npos);
}

TEST(Htcds, ACaseManagementExportLinksPerpetratorsAndEventsByCaseNumber) {
  HtcdsConversion c = Convert({"cms-cases.csv", "cms-perpetrators.csv", "cms-events.csv"});
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  EXPECT_EQ(c.summary.perpetrators, 1);
  EXPECT_EQ(c.summary.historic_events, 2);
  palermo::v1::Record victim = RecordOf(c, "case-00017-victim");
  ASSERT_EQ(victim.person().stated_ages_size(), 1);
  EXPECT_EQ(victim.person().stated_ages(0).age(), 16);
  EXPECT_EQ(victim.person().stated_ages(0).on().iso(), "2021-06") << "the age on the first dated event";
  // The recruiter and exploiter acts in recruitment and exploitation, at the places the events name.
  palermo::v1::Record recruitment = RecordOf(c, "case-00017-e1");
  EXPECT_EQ(recruitment.event().type(), "recruitment");
  EXPECT_EQ(recruitment.event().actors(0), "ngo/case-00017-per-cms-perpetrators-r2");
  EXPECT_EQ(recruitment.event().date().iso(), "2021-06");
  palermo::v1::Record keren = RecordOf(c, "case-00017-loc-cms-events-r2");
  EXPECT_EQ(keren.location().country(), "ER");
  EXPECT_EQ(RecordOf(c, "case-00017-e2").event().type(), "forced_begging");
  // The same records whatever order the tables come in.
  auto sorted_lines = [](const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(sorted_lines(Convert({"cms-events.csv", "cms-perpetrators.csv", "cms-cases.csv"}).case_lines),
            sorted_lines(c.case_lines));
  EXPECT_EQ(c.case_lines.find("unidentified"), std::string::npos) << "every event has a named actor";
}

TEST(Htcds, BadCellsAreErrorsWithTableRowAndFieldAndNothingIsConverted) {
  testing::TempDir dir;
  std::ofstream(dir.File("cases.csv")) << "cas_CaseNumber,prs_FirstName,prs_Birthdate,vic_AgeWhenTrafficked\n"
                                          "1,Ana,3/4/2001,17\n2,Ben,2001-02-30,about 15\n2,Bea,,\n";
  std::ofstream(dir.File("per.csv")) << "cas_CaseNumber,prs_FirstName,per_RoleInProcess\n9,Zed,Exploiter\n,Yan,Smuggler\n";
  std::ofstream(dir.File("nothing.csv")) << "name,age\nAna,17\n";
  std::vector<Table> tables;
  for (const char* f : {"cases.csv", "per.csv", "nothing.csv"}) {
    auto read = ReadTables(dir.File(f));
    ASSERT_TRUE(read.ok());
    tables.insert(tables.end(), read->begin(), read->end());
  }
  HtcdsConversion c = ConvertHtcds(tables, HtcdsOptions{"2026-11-30"});
  EXPECT_TRUE(c.case_lines.empty());
  std::vector<std::string> errors;
  for (const HtcdsProblem& p : c.errors) errors.push_back(p.ToString());
  auto has = [&](const std::string& text) {
    return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) { return e.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("nothing.csv: row 1: row 1 names no HTCDS field")) << ::testing::PrintToString(errors);
  EXPECT_TRUE(has("cases.csv: row 2: field `prs_Birthdate`: \"3/4/2001\" is not a date")) << ::testing::PrintToString(errors);
  EXPECT_TRUE(has("cases.csv: row 3: field `prs_Birthdate`: \"2001-02-30\" is not a date"));
  EXPECT_TRUE(has("cases.csv: row 3: field `vic_AgeWhenTrafficked`: \"about 15\" is not a whole number"));
  EXPECT_TRUE(has("cases.csv: row 4: field `cas_CaseNumber`: case 2 is on two rows"));
  EXPECT_TRUE(has("per.csv: row 2: field `cas_CaseNumber`: case 9 is in no table of cases"));
  EXPECT_TRUE(has("per.csv: row 3: field `cas_CaseNumber`: names no case"));
}

TEST(Htcds, AColumnOfNoHtcdsFieldIsKeptOnceUnderItsOwnName) {
  testing::TempDir dir;
  std::ofstream(dir.File("cases.csv")) << "prs_FirstName,credibility,Notes\nAna,2,met at the shelter\n";
  auto read = ReadTables(dir.File("cases.csv"));
  ASSERT_TRUE(read.ok());
  HtcdsConversion c = ConvertHtcds(*read, HtcdsOptions{"2026-11-30"});
  ASSERT_TRUE(c.errors.empty());
  palermo::v1::Record victim = RecordOf(c, "cases-r2-victim");
  EXPECT_EQ(victim.extra().at("column credibility"), "\"2\"") << "not the source's grading";
  EXPECT_EQ(victim.extra().at("column Notes"), "\"met at the shelter\"");
  EXPECT_EQ(RecordOf(c, "cases-r2-src").extra().count("column Notes"), 0u) << "kept once";
  EXPECT_EQ(c.summary.values_kept, 2);
  EXPECT_EQ(c.summary.values_mapped, 1);
}

TEST(Htcds, ValuesOfNoListAndOtherAreBothKept) {
  testing::TempDir dir;
  std::ofstream(dir.File("cases.csv")) << "prs_FirstName,vic_MethodsOfControl,prs_Gender\n"
                                          "Ana,Locked in; Other; Physical threats,Transgender Feminine\n";
  auto read = ReadTables(dir.File("cases.csv"));
  ASSERT_TRUE(read.ok());
  HtcdsConversion c = ConvertHtcds(*read, HtcdsOptions{"2026-11-30"});
  ASSERT_TRUE(c.errors.empty());
  EXPECT_NE(c.case_lines.find(R"("vic_MethodsOfControl":["Locked in","Other"])"), std::string::npos) << c.case_lines;
  EXPECT_NE(c.case_lines.find(R"("prs_Gender":"TransgenderFeminine")"), std::string::npos) << c.case_lines;
  EXPECT_EQ(c.summary.kept_by_field.at("vic_MethodsOfControl"), 2);
}

// The values of `files` as a person counts them: each non-empty cell of a
// data row (not the templates' row counter, not row 2's labels), a
// multi-select's parts one by one.
int64_t ValuesIn(const std::vector<std::string>& files) {
  int64_t values = 0;
  for (const std::string& file : files) {
    auto tables = ReadTables(Sample(file));
    EXPECT_TRUE(tables.ok());
    if (!tables.ok()) return -1;
    for (const Table& t : *tables) {
      const bool labels = t.rows.size() > 1 && htcds::FieldOfLabel(t.rows[1].size() > 1 ? t.rows[1][1] : "") != nullptr;
      for (size_t r = labels ? 2 : 1; r < t.rows.size(); ++r) {
        for (size_t c = 0; c < t.rows[r].size(); ++c) {
          const std::string& cell = t.rows[r][c];
          const std::string name = c < t.rows[0].size() ? t.rows[0][c] : "";
          if (htcds::Trim(cell).empty() || (name.empty() && c == 0)) continue;
          const htcds::Field* f = htcds::FindField(name);
          const bool multi = f != nullptr && (f->type == htcds::FieldType::kMulti || f->name == "prs_Citizenship");
          if (!multi) {
            ++values;
            continue;
          }
          std::stringstream parts(cell);
          for (std::string part; std::getline(parts, part, ';');) values += htcds::Trim(part).empty() ? 0 : 1;
        }
      }
    }
  }
  return values;
}

TEST(Htcds, EveryValueOfEverySampleIsMappedOrKeptAndCounted) {
  for (const std::vector<std::string>& files :
       std::vector<std::vector<std::string>>{{"v1-template.csv"}, {"v1-template.xlsx"}, {"v2-template.csv"},
                                             {"v2-template.xlsx"},
                                             {"cms-cases.csv", "cms-perpetrators.csv", "cms-events.csv"}}) {
    HtcdsConversion c = Convert(files);
    ASSERT_TRUE(c.errors.empty()) << files[0] << ": " << c.errors[0].ToString();
    EXPECT_EQ(c.summary.values_mapped + c.summary.values_kept, ValuesIn(files)) << files[0] << "\n"
                                                                                 << c.summary.ToString();
  }
}

TEST(Htcds, AWorkbookAndItsCsvGiveTheSameRecords) {
  for (const std::string stem : {"v1-template", "v2-template"}) {
    HtcdsConversion xlsx = Convert({stem + ".xlsx"}), csv = Convert({stem + ".csv"});
    ASSERT_TRUE(xlsx.errors.empty() && csv.errors.empty()) << stem;
    // The same but for the table's name in each source's reference.
    auto without_file = [](std::string text) {
      for (const char* ext : {".xlsx:Sheet1", ".csv"}) {
        for (size_t at = text.find(ext); at != std::string::npos; at = text.find(ext)) text.erase(at, std::strlen(ext));
      }
      return text;
    };
    EXPECT_EQ(without_file(xlsx.case_lines), without_file(csv.case_lines)) << stem;
    EXPECT_EQ(xlsx.summary.values_kept, csv.summary.values_kept) << stem;
  }
  // A workbook whose sheets are the tables of an export.
  HtcdsConversion sheets = Convert({"cms-export.xlsx"});
  ASSERT_TRUE(sheets.errors.empty()) << sheets.errors[0].ToString();
  EXPECT_EQ(sheets.summary.perpetrators, 1);
  EXPECT_EQ(sheets.summary.historic_events, 2);
  EXPECT_NE(sheets.case_lines.find(R"("id":"case-00017-per-cms-export-r2")"), std::string::npos) << sheets.case_lines;
  EXPECT_EQ(sheets.summary.values_mapped, Convert({"cms-cases.csv", "cms-perpetrators.csv", "cms-events.csv"}).summary.values_mapped);
  EXPECT_EQ(Convert({"v1-template.xlsx"}).summary.versions, "1.0 or 2.0");
  EXPECT_EQ(Convert({"v2-template.csv"}).summary.versions, "2.0");
}

TEST(HtcdsFields, ValuesMatchByNameOrLabelAndDatesByIsoOrExcel) {
  const htcds::Field* control = htcds::FindField("vic_MethodsOfControl");
  ASSERT_NE(control, nullptr);
  std::vector<std::string> unmatched;
  auto values = htcds::MatchValues(*control, " debt bondage ;WithholdsDocuments; nope", &unmatched);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0], "DebtBondage");
  EXPECT_EQ(values[1], "WithholdsDocuments");
  EXPECT_EQ(unmatched, std::vector<std::string>{"nope"});
  // A label holding ';' is one value of a single-select.
  unmatched.clear();
  auto industry = htcds::MatchValues(*htcds::FindField("vic_ForcedLabourIndustry"),
                                     "Water supply; sewerage, waste management and remediation", &unmatched);
  ASSERT_EQ(industry.size(), 1u);
  EXPECT_EQ(industry[0], "E_WaterSupplySewerageWasteManagement");
  EXPECT_NE(htcds::FindField("vic_TraffickinStatusDecisionMakingOrg"), nullptr) << "the 2.0 template's spelling";
  EXPECT_EQ(htcds::IsoDate("44927").value_or(""), "2023-01-01");
  EXPECT_EQ(htcds::IsoDate("59").value_or(""), "1900-02-28");
  EXPECT_FALSE(htcds::IsoDate("60").has_value()) << "Excel's 1900-02-29, a day that never was";
  EXPECT_EQ(htcds::IsoDate("61").value_or(""), "1900-03-01");
  EXPECT_EQ(htcds::IsoDate("2021-06").value_or(""), "2021-06");
  EXPECT_FALSE(htcds::IsoDate("06/07/2021").has_value());
  EXPECT_EQ(htcds::CountryCode("eritrea").value_or(""), "ER");
  EXPECT_EQ(htcds::CountryCode("GBR").value_or(""), "GB");
  EXPECT_EQ(htcds::CountryCode("sd").value_or(""), "SD");
  EXPECT_FALSE(htcds::CountryCode("Atlantis").has_value());
}

}  // namespace
}  // namespace palermo::format
