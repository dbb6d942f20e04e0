// HTCDS in, end to end (issue #13): the sample files of tests/data/htcds
// (the 2.0 template as .xlsx, the 1.0 template as CSV, a case management
// system's tables) imported through `palermo import --format htcds` into a
// real palermod give the findings their facts support, never smuggling
// (HTCDS has no payments); a bad file imports nothing; and what was
// imported survives export and import through the case format unchanged.
#include <gtest/gtest.h>

#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using process::Outcome;

class HtcdsE2e : public palermo::testing::E2eTest {
 protected:
  static std::string Sample(const std::string& name) { return std::string(PALERMO_HTCDS_DATA) + "/" + name; }
};

TEST_F(HtcdsE2e, FilledTemplatesImportAndGiveTheFindingsTheirFactsSupport) {
  auto server = StartServer("ngo");
  ASSERT_TRUE(server->running()) << server->log();
  Outcome v2 = Cli({"import", "--format", "htcds", Sample("v2-template.xlsx")}, *server);
  ASSERT_EQ(v2.exit_code, 0) << v2.err;
  EXPECT_NE(v2.out.find("HTCDS (field standard 2.0): 2 cases"), std::string::npos) << v2.out;
  EXPECT_NE(v2.out.find("kept as extra fields: 8"), std::string::npos) << v2.out;
  EXPECT_NE(v2.out.find("HTCDS has no payment fields"), std::string::npos) << v2.out;
  Outcome v1 = Cli({"--json", "import", "--format", "htcds", Sample("v1-template.csv")}, *server);
  ASSERT_EQ(v1.exit_code, 0) << v1.err;
  // Tools get the import's line and the summary's: {"htcds": {...}}.
  EXPECT_NE(v1.out.find(R"({"htcds":{"versions":"1.0 or 2.0","cases":1,)"), std::string::npos) << v1.out;
  EXPECT_NE(v1.out.find(R"("kept_by_field":{"cas_Status":1,"vic_DetailsOfVulnerabilities":1,"vic_Vulnerabilities":2})"),
            std::string::npos)
      << v1.out;
  Outcome cms = Cli({"import", "--format", "htcds", Sample("cms-cases.csv"), Sample("cms-perpetrators.csv"),
                     Sample("cms-events.csv")},
                    *server);
  ASSERT_EQ(cms.exit_code, 0) << cms.err;

  Outcome findings = Cli({"findings"}, *server);
  ASSERT_EQ(findings.exit_code, 0) << findings.err;
  // Recruited, threatened, her papers kept, in debt, sexually exploited: trafficking.
  EXPECT_NE(findings.out.find("trafficking_in_persons:ngo/v2-template-r3-victim"), std::string::npos) << findings.out;
  // Sixteen when recruited by the man who made him beg: child trafficking; a possible victim not yet identified.
  EXPECT_NE(findings.out.find("child_trafficking:ngo/case-00017-victim"), std::string::npos) << findings.out;
  EXPECT_NE(findings.out.find("victim_identification_needed:ngo/case-00017-victim"), std::string::npos);
  EXPECT_EQ(findings.out.find("smuggling_of_migrants"), std::string::npos) << "no payment, no benefit: " << findings.out;
  // The cases' unidentified perpetrators are placeholders, not people to link.
  Outcome candidates = Cli({"linkage", "candidates", "--min-probability", "0.01", "--json"}, *server);
  ASSERT_EQ(candidates.exit_code, 0) << candidates.err;
  EXPECT_EQ(candidates.out.find("unidentified"), std::string::npos) << candidates.out;

  // Through the case format and back: the same records.
  Outcome exported = Cli({"export"}, *server);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  palermo::testing::WriteFile(scratch_.File("export.jsonl"), exported.out);
  auto second = StartServer("ngo", {}, "second");
  ASSERT_TRUE(second->running()) << second->log();
  ASSERT_EQ(Cli({"import", scratch_.File("export.jsonl")}, *second).exit_code, 0);
  Outcome again = Cli({"export"}, *second);
  EXPECT_EQ(again.out, exported.out);
}

TEST_F(HtcdsE2e, ABadFileImportsNothingAndNamesRowAndField) {
  auto server = StartServer("ngo");
  ASSERT_TRUE(server->running()) << server->log();
  palermo::testing::WriteFile(scratch_.File("bad.csv"),
                              "cas_CaseNumber,prs_FirstName,prs_Birthdate\n1,Ana,2001-02-03\n2,Ben,12/01/2001\n");
  Outcome bad = Cli({"import", "--format", "htcds", scratch_.File("bad.csv")}, *server);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.csv: row 3: field `prs_Birthdate`: \"12/01/2001\" is not a date"), std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("nothing was imported"), std::string::npos) << bad.err;
  Outcome exported = Cli({"export"}, *server);
  EXPECT_EQ(exported.out, "") << "Ana's row was fine, but the file is all or nothing";
}

}  // namespace
}  // namespace palermo
