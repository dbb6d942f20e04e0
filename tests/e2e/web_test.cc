// The read-only web page of a real palermod (--http), loaded in headless
// Chromium as a person would: the findings list, a finding's proof, a
// person's timeline and link chart. Each page's DOM is checked and a
// screenshot kept in web-screenshots/ beside the test binary's working
// directory, to be looked at.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "common/subprocess.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using palermo::testing::ReadFile;
using palermo::testing::ScenarioPath;
using process::Outcome;

class WebE2e : public palermo::testing::E2eTest {
 protected:
  // The web page's base URL from palermod's log ("" when it never said).
  std::string WebAddress(const process::Palermod& server) {
    const std::regex line("palermod web page on (http://127\\.0\\.0\\.1:[0-9]+)/");
    for (int tries = 0; tries < 100; ++tries) {
      std::smatch match;
      const std::string log = server.log();
      if (std::regex_search(log, match, line)) return match[1];
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "";
  }

  // The page's DOM after Chromium ran it, and a screenshot under `name`.
  std::string Load(const std::string& url, const std::string& name) {
    std::filesystem::create_directories("web-screenshots");
    const std::vector<std::string> common = {PALERMO_CHROMIUM_PATH, "--headless", "--disable-gpu", "--no-sandbox",
                                             "--hide-scrollbars", "--window-size=1300,1400",
                                             "--user-data-dir=" + scratch_.File("chromium-" + name)};
    std::vector<std::string> dump = common;
    dump.push_back("--dump-dom");
    dump.push_back(url);
    Outcome dom = process::Run(dump, scratch_.File("dom-" + name));
    EXPECT_EQ(dom.exit_code, 0) << dom.err;
    std::vector<std::string> shot = common;
    const std::string png = std::filesystem::absolute("web-screenshots/" + name + ".png");
    shot.push_back("--screenshot=" + png);
    shot.push_back(url);
    Outcome taken = process::Run(shot, scratch_.File("shot-" + name));
    EXPECT_EQ(taken.exit_code, 0) << taken.err;
    const std::string image = ReadFile(png);
    EXPECT_GT(image.size(), 10000u) << png;
    EXPECT_EQ(image.substr(1, 3), "PNG") << png;
    return dom.out;
  }
};

TEST_F(WebE2e, FindingsProofsTimelinesAndChartsShowInABrowser) {
  auto server = StartServer("border-police", {"--http", "127.0.0.1:0"});
  ASSERT_EQ(Cli({"import", ScenarioPath("cross_agency_same_as")}, *server).exit_code, 0);
  const std::string base = WebAddress(*server);
  ASSERT_FALSE(base.empty()) << server->log();

  // The findings list at /, with the finding that joins both crimes.
  const std::string list = Load(base + "/", "findings");
  EXPECT_NE(list.find("<h1>Findings</h1>"), std::string::npos) << list;
  EXPECT_NE(list.find("Smuggling turned into trafficking"), std::string::npos);
  EXPECT_NE(list.find("href=\"/person?key=border-police%2Fp1\""), std::string::npos);
  // Filtered to one type.
  const std::string filtered = Load(base + "/?type=debt_bondage", "findings-debt-bondage");
  EXPECT_NE(filtered.find("Debt bondage"), std::string::npos);
  EXPECT_EQ(filtered.find("href=\"/finding?id=smuggling_of_migrants"), std::string::npos);

  // A finding with its proof tree and its sources.
  const std::string finding = Load(base + "/finding?id=smuggling_to_trafficking:border-police/p1", "finding");
  EXPECT_NE(finding.find("id=\"proof\""), std::string::npos) << finding;
  EXPECT_NE(finding.find("smuggling_of_migrants("), std::string::npos);
  EXPECT_NE(finding.find("id=\"sources\""), std::string::npos);
  EXPECT_NE(finding.find("labour-inspectorate/"), std::string::npos);

  // A person: the record, the timeline of both agencies' records, the chart.
  const std::string person = Load(base + "/person?key=border-police/p1", "person");
  EXPECT_NE(person.find("id=\"timeline\""), std::string::npos) << person;
  EXPECT_NE(person.find("labour-inspectorate/w7"), std::string::npos);
  EXPECT_NE(person.find("<svg"), std::string::npos);
  EXPECT_NE(person.find("node:border-police/p1"), std::string::npos);
  EXPECT_NE(person.find("/person?key=labour-inspectorate%2Fw7"), std::string::npos);  // click to open

  // Errors are pages too, with HTTP statuses.
  const std::string missing = Load(base + "/person?key=border-police/nobody", "not-found");
  EXPECT_NE(missing.find("Cannot show this"), std::string::npos);
  EXPECT_NE(missing.find("border-police/nobody"), std::string::npos);
}

TEST_F(WebE2e, ANonLoopbackAddressIsRefused) {
  process::Palermod server(PALERMOD_PATH, scratch_.File("refused"), scratch_.File("refused.log"), "a",
                           {"--http", "0.0.0.0:0"});
  EXPECT_FALSE(server.running());
  EXPECT_NE(server.log().find("is not loopback"), std::string::npos) << server.log();
}

}  // namespace
}  // namespace palermo
