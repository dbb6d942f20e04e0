// FollowTheMoney out, end to end (issue #13): `palermo export --format ftm`
// of a real palermod, checked by FtM's own data model (the npm package
// @alephdata/followthemoney, loaded by tests/ftm/validate.js: every
// entity's schema and properties exist, values fit their types, required
// properties are there, and references resolve to entities of the right
// schema). scripts/test.sh installs the package (npm ci in tests/ftm).
#include <gtest/gtest.h>

#include <filesystem>

#include "format/ftm.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using process::Outcome;

// One record of each kind and of each shape the export maps.
constexpr char kCase[] = R"({"kind":"source","id":"s1","reference":"BP-2024-0117","reported":"2024-05-04","reliability":"B","credibility":"2"}
{"kind":"person","id":"p1","names":["Samir Haddad"],"given_names":["Samir"],"family_names":["Haddad"],"birth_date":"1999-07","sex":"M","nationalities":["SY"],"addresses":["Rruga e Durresit 5, Tirana"],"source":"s1"}
{"kind":"person","id":"p2","names":["Ilir Dervishi"],"father_names":["Agim"],"sex":"M","nationalities":["AL","XK"],"birth_date":"1980/1985"}
{"kind":"person","id":"p3","names":["Besa Dervishi"],"sex":"F"}
{"kind":"organization","id":"o1","names":["Blue Wave Transport"],"org_type":"transport_company","country":"AL"}
{"kind":"organization","id":"o2","names":["Dervishi clan"],"org_type":"criminal_group"}
{"kind":"location","id":"l1","name":"Ayvalik","country":"TR","location_type":"port"}
{"kind":"location","id":"l2","name":"Lesvos north shore","country":"GR"}
{"kind":"identifier","id":"i1","type":"passport","value":"N1234567","country":"SY","holder":"p1"}
{"kind":"identifier","id":"i2","type":"national_id","value":"J80512345A","country":"AL","holder":"p2"}
{"kind":"identifier","id":"i3","type":"phone","value":"+355691234567","holder":"p2"}
{"kind":"identifier","id":"i4","type":"email","value":"ilir@example.org","holder":"p2"}
{"kind":"identifier","id":"i5","type":"bank_account","value":"AL47212110090000000235698741","holder":"o1"}
{"kind":"relation","id":"r1","type":"member_of","from":"p2","to":"o2","start":"2019"}
{"kind":"relation","id":"r2","type":"works_for","from":"p3","to":"o1"}
{"kind":"relation","id":"r3","type":"family_of","from":"p2","to":"p3"}
{"kind":"relation","id":"r4","type":"associate_of","from":"p1","to":"p3"}
{"kind":"relation","id":"r5","type":"owns","from":"p2","to":"o1"}
{"kind":"relation","id":"r6","type":"controls","from":"p2","to":"p3"}
{"kind":"transaction","id":"t1","type":"smuggling_fee","payer":"p1","payee":"p2","amount":3500,"currency":"EUR","date":"2024-04-29","source":"s1"}
{"kind":"transaction","id":"t2","type":"charge","reason":"rent","added_to_debt":true,"payer":"p1","payee":"p2","amount":300.5,"currency":"EUR","date":"2024-06"}
{"kind":"event","id":"e1","type":"border_crossing","date":"2024-05-03T04:10:00Z","subject":"p1","actors":["p2"],"from":"l1","to":"l2","entry":"irregular","method":"rubber boat","source":"s1"}
{"kind":"event","id":"e2","type":"debt_imposed","date":"2024-05-10","subject":"p1","actors":["p2"],"amount":2000,"currency":"EUR","reason":"smuggling_fee"}
{"kind":"event","id":"e3","type":"work","start":"2024-05","subject":"p1","actors":["o1"],"sector":"construction","hours_per_week":72}
{"kind":"event","id":"e4","type":"document_retention","start":"2024-05/2024-06","subject":"p1","actors":["p3"],"at":"l2"}
)";

class FtmE2e : public palermo::testing::E2eTest {
 protected:
  // FtM's model on `text`; fails the test when node or the package is missing.
  Outcome Validate(const std::string& text, const std::string& name) {
    const std::string package = std::string(PALERMO_FTM_CHECK) + "/node_modules/@alephdata/followthemoney";
    EXPECT_TRUE(std::filesystem::exists(package))
        << "FtM's model is not installed: run `npm ci --prefix tests/ftm` (scripts/test.sh does)";
    palermo::testing::WriteFile(scratch_.File(name), text);
    return process::Run({PALERMO_NODE_PATH, std::string(PALERMO_FTM_CHECK) + "/validate.js", scratch_.File(name)},
                        scratch_.File("node-" + name));
  }
};

TEST_F(FtmE2e, EveryKindOfRecordBecomesEntitiesFtmsModelAccepts) {
  auto server = StartServer("bp");
  ASSERT_TRUE(server->running()) << server->log();
  palermo::testing::WriteFile(scratch_.File("case.jsonl"), kCase);
  ASSERT_EQ(Cli({"import", scratch_.File("case.jsonl")}, *server).exit_code, 0);
  Outcome ftm = Cli({"export", "--format", "ftm"}, *server);
  ASSERT_EQ(ftm.exit_code, 0) << ftm.err;
  EXPECT_NE(ftm.err.find("22 FollowTheMoney entities from 25 records (3 folded into other entities, 0 left out)"),
            std::string::npos)
      << ftm.err;
  Outcome checked = Validate(ftm.out, "all.ftm");
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(checked.out.find("22 entities accepted"), std::string::npos) << checked.out;
  for (const std::string& schema : {"Person", "Company", "Organization", "Address", "Passport", "Identification",
                                    "Membership", "Employment", "Family", "Associate", "Ownership", "UnknownLink",
                                    "Payment", "Trip", "Debt", "Event"}) {
    EXPECT_NE(ftm.out.find("\"schema\":\"" + schema + "\""), std::string::npos) << schema << "\n" << ftm.out;
  }
  const std::string p2 = format::FtmId("bp/p2");
  EXPECT_NE(ftm.out.find(R"("phone":["+355691234567"])"), std::string::npos) << "the holder's phone";
  EXPECT_NE(ftm.out.find(R"("nationality":["al","xk"])"), std::string::npos);
  EXPECT_NE(ftm.out.find(R"("date":["2024-05-03T04:10:00"])"), std::string::npos) << "UTC, no zone";
  EXPECT_NE(ftm.out.find(R"("publisher":["bp: BP-2024-0117"])"), std::string::npos) << "the source as publisher";
  EXPECT_NE(ftm.out.find(R"("amount":["300.50"])"), std::string::npos);
  // The same ids in every export.
  EXPECT_EQ(Cli({"export", "--format", "ftm"}, *server).out, ftm.out);
  EXPECT_NE(ftm.out.find(p2), std::string::npos);
}

TEST_F(FtmE2e, OneAgencysExportLeavesOutWhatRefersToOthersAndStillValidates) {
  auto server = StartServer("bp");
  ASSERT_TRUE(server->running()) << server->log();
  palermo::testing::WriteFile(scratch_.File("case.jsonl"), kCase);
  ASSERT_EQ(Cli({"import", scratch_.File("case.jsonl")}, *server).exit_code, 0);
  palermo::testing::WriteFile(scratch_.File("ngo.jsonl"),
                              R"({"kind":"person","id":"v1","names":["Amina Yusuf"]}
{"kind":"transaction","id":"t9","type":"debt_repayment","payer":"v1","payee":"bp/p2","amount":100,"currency":"EUR"}
{"kind":"relation","id":"r9","type":"same_as","from":"v1","to":"bp/p3"}
)");
  ASSERT_EQ(Cli({"import", "--agency", "ngo", scratch_.File("ngo.jsonl")}, *server).exit_code, 0);
  Outcome ngo = Cli({"export", "--format", "ftm", "--agency", "ngo"}, *server);
  ASSERT_EQ(ngo.exit_code, 0) << ngo.err;
  EXPECT_NE(ngo.err.find("left out ngo/t9: its payer or payee is not in the export"), std::string::npos) << ngo.err;
  EXPECT_NE(ngo.err.find("left out ngo/r9: a party of the relation is not in the export"), std::string::npos);
  Outcome checked = Validate(ngo.out, "ngo.ftm");
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  // Everyone's: the same pair as an UnknownLink with its role.
  Outcome all = Cli({"export", "--format", "ftm"}, *server);
  EXPECT_NE(all.out.find(R"("role":["same as"])"), std::string::npos) << all.out;
  EXPECT_EQ(Validate(all.out, "all.ftm").exit_code, 0);
}

TEST_F(FtmE2e, TheDemoCaseIsAcceptedByFtmsModel) {
  auto server = StartServer("coast-guard");
  ASSERT_TRUE(server->running()) << server->log();
  ASSERT_EQ(Cli({"import", "--agency", "coast-guard", std::string(PALERMO_EXAMPLES) + "/demo-case.jsonl"}, *server)
                .exit_code,
            0);
  Outcome ftm = Cli({"export", "--format", "ftm"}, *server);
  ASSERT_EQ(ftm.exit_code, 0) << ftm.err;
  Outcome checked = Validate(ftm.out, "demo.ftm");
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(checked.out.find("entities accepted"), std::string::npos);
}

}  // namespace
}  // namespace palermo
