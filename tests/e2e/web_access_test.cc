// The web page with TLS end to end (issue #12, "on every interface"): a
// real palermod with --http and the TLS flags serves HTTPS; a browser is
// played by cpp-httplib's client with an agency's certificate and a
// token (header or the sign-in cookie). The page answers as gRPC does for
// that caller: another agency's restricted record is a no-hit, its
// findings are not listed, and every refusal (no certificate, another
// CA's, no token) is refused and in the audit log, as are the page's calls
// with the caller's agency and analyst.
#include <httplib.h>
#include <gtest/gtest.h>

#include <regex>
#include <signal.h>
#include <thread>

#include "tests/e2e/access_fixture.h"

namespace palermo::testing {
namespace {

// A's case: a restricted smuggling case (H2) and a public person.
constexpr char kA[] = R"({"kind":"source","id":"src-a","reference":"BP-REF","handling":{"code":"H2"}}
{"kind":"location","id":"port-a","name":"Secretport","country":"LY","location_type":"port","source":"src-a"}
{"kind":"location","id":"port-b","name":"Hiddenharbour","country":"IT","location_type":"port","source":"src-a"}
{"kind":"person","id":"hp1","names":["Zarqa Hiddenname"],"sex":"F","nationalities":["ER"],"source":"src-a"}
{"kind":"person","id":"hs1","names":["Hamid Hiddensmuggler"],"sex":"M","nationalities":["LY"],"source":"src-a"}
{"kind":"transaction","id":"hfee","type":"smuggling_fee","payer":"hp1","payee":"hs1","amount":1500,"currency":"EUR","date":"2024-03-25","source":"src-a"}
{"kind":"event","id":"hx1","type":"border_crossing","date":"2024-03-31","subject":"hp1","actors":["hs1"],"from":"port-a","to":"port-b","entry":"irregular","source":"src-a"}
{"kind":"person","id":"pub1","names":["Paula Public"]}
)";

class WebAccessE2e : public AccessTest {
 protected:
  void SetUp() override {
    AccessTest::SetUp();
    ASSERT_EQ(server_->Kill(SIGTERM), 0);
    server_ = StartWithTls("web", {"--http", "127.0.0.1:0"});
    ASSERT_TRUE(server_->running()) << server_->log();
    const std::regex line("palermod web page on https://127\\.0\\.0\\.1:([0-9]+)/");
    for (int tries = 0; tries < 100 && web_port_ == 0; ++tries) {
      std::smatch match;
      const std::string log = server_->log();
      if (std::regex_search(log, match, line)) web_port_ = std::stoi(match[1]);
      else std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(web_port_, 0) << server_->log();
  }

  // A browser with `certificate`'s certificate (none when empty).
  std::unique_ptr<httplib::SSLClient> Browser(const std::string& certificate) {
    auto client = certificate.empty() ? std::make_unique<httplib::SSLClient>("127.0.0.1", web_port_)
                                      : std::make_unique<httplib::SSLClient>("127.0.0.1", web_port_,
                                                                             scratch_.File(certificate + ".crt"),
                                                                             scratch_.File(certificate + ".key"));
    client->set_ca_cert_path(scratch_.File("ca.pem").c_str());
    client->enable_server_certificate_verification(true);
    return client;
  }

  static httplib::Headers Authorization(const std::string& token_file) {
    return {{"Authorization", "Bearer " + Bearer(token_file)}};
  }

  int web_port_ = 0;
};

TEST_F(WebAccessE2e, ThePageAnswersEachAgencyAsGrpcDoes) {
  Write("a.jsonl", kA);
  const std::string a_importer = Token("border-police", "alice", "importer");
  ASSERT_EQ(As("border-police", a_importer, {"import", scratch_.File("a.jsonl")}).exit_code, 0) << server_->log();
  process::Outcome findings = As("border-police", a_importer, {"findings"});
  ASSERT_EQ(findings.exit_code, 0) << findings.err;
  ASSERT_NE(findings.out.find("smuggling_of_migrants"), std::string::npos) << findings.out;

  // The owner sees its record and its findings.
  auto a = Browser("border-police");
  const std::string a_reader = Token("border-police", "alice", "reader");
  auto own = a->Get("/person?key=border-police/hp1", Authorization(a_reader));
  ASSERT_TRUE(own) << httplib::to_string(own.error());
  EXPECT_EQ(own->status, 200) << own->body;
  EXPECT_NE(own->body.find("Zarqa Hiddenname"), std::string::npos);
  auto own_findings = a->Get("/", Authorization(a_reader));
  ASSERT_TRUE(own_findings);
  EXPECT_NE(own_findings->body.find("border-police/hp1"), std::string::npos) << own_findings->body;

  // Another agency: a no-hit, the very answer for a key of no record; no finding of it.
  auto b = Browser("labour-inspectorate");
  const std::string b_reader = Token("labour-inspectorate", "bob", "reader");
  auto hidden = b->Get("/person?key=border-police/hp1", Authorization(b_reader));
  auto unknown = b->Get("/person?key=border-police/nobody", Authorization(b_reader));
  ASSERT_TRUE(hidden && unknown);
  EXPECT_EQ(hidden->status, 404);
  EXPECT_EQ(hidden->body.find("Zarqa"), std::string::npos);
  const auto reason = [](const std::string& body, const std::string& key) {
    std::string text = body.substr(body.find("<p id=\"reason\">"));
    return std::regex_replace(text.substr(0, text.find("</p>")), std::regex(key), "KEY");
  };
  EXPECT_EQ(reason(hidden->body, "border-police/hp1"), reason(unknown->body, "border-police/nobody"));
  auto b_findings = b->Get("/", Authorization(b_reader));
  ASSERT_TRUE(b_findings);
  EXPECT_EQ(b_findings->status, 200) << b_findings->body;
  EXPECT_EQ(b_findings->body.find("border-police/hp1"), std::string::npos) << b_findings->body;
  auto pub = b->Get("/person?key=border-police/pub1", Authorization(b_reader));
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->status, 200) << "a record without handling is everyone's";

  // Signing in keeps the token in a cookie of the site.
  httplib::Params form = {{"token", Bearer(b_reader)}};
  auto signed_in = b->Post("/signin", form);
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 303) << signed_in->body;
  const std::string cookie = signed_in->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Secure"), std::string::npos) << cookie;
  auto with_cookie = b->Get("/person?key=border-police/pub1", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_TRUE(with_cookie);
  EXPECT_EQ(with_cookie->status, 200) << with_cookie->body;
  auto bad_sign_in = b->Post("/signin", httplib::Params{{"token", "not.a.token"}});
  ASSERT_TRUE(bad_sign_in);
  EXPECT_EQ(bad_sign_in->status, 401);
  EXPECT_TRUE(bad_sign_in->get_header_value("Set-Cookie").empty());

  // Refused: no token (the page offers the sign-in form), no certificate, another CA's.
  auto no_token = b->Get("/");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 401);
  EXPECT_NE(no_token->body.find("id=\"signin\""), std::string::npos) << no_token->body;
  auto no_certificate = Browser("")->Get("/", Authorization(b_reader));
  ASSERT_TRUE(no_certificate);
  EXPECT_EQ(no_certificate->status, 401);
  EXPECT_NE(no_certificate->body.find("a client certificate is needed"), std::string::npos) << no_certificate->body;
  auto stranger = Browser("stranger")->Get("/", Authorization(a_reader));
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->status, 401);
  EXPECT_EQ(stranger->body.find("border-police/"), std::string::npos);

  // All of it is in the audit log, under the caller that made it.
  process::Outcome log = As("labour-inspectorate", Token("labour-inspectorate", "carol", "admin"), {"audit", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  for (const std::string& expected :
       {std::string(R"("agency":"labour-inspectorate","analyst":"bob","method":"/palermo.v1.GraphService/Get")"),
        std::string(R"("agency":"labour-inspectorate","analyst":"bob","method":"/palermo.v1.ReasonerService/ListFindings")"),
        std::string(R"("agency":"labour-inspectorate","analyst":"","method":"/palermo.v1.ReasonerService/ListRules","request":"","outcome":"16: a token is needed)"),
        std::string(R"("agency":"","analyst":"","method":"/palermo.v1.ReasonerService/ListRules","request":"","outcome":"16: a client certificate is needed")"),
        std::string(R"("agency":"","analyst":"","method":"/palermo.v1.ReasonerService/ListRules","request":"","outcome":"16: the client certificate does not verify)")}) {
    EXPECT_NE(log.out.find(expected), std::string::npos) << expected << "\n" << log.out;
  }
}

}  // namespace
}  // namespace palermo::testing
