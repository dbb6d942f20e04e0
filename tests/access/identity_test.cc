// The calling agency read from a client certificate (access/identity.h).
#include "access/identity.h"

#include <gtest/gtest.h>

#include <ctime>

#include "tests/access/certs.h"

namespace palermo::access {
namespace {

using palermo::testing::IssueCert;
using palermo::testing::MakeCa;

TEST(Identity, TheAgencyIsTheCertificatesPalermoUri) {
  auto ca = MakeCa("test CA");
  auto cert = IssueCert(ca, "border police", "URI:palermo:agency:border-police,DNS:bp.example");
  auto agency = AgencyOfCertificate(cert.cert_pem);
  ASSERT_TRUE(agency.ok()) << agency.status().ToString();
  EXPECT_EQ(*agency, "border-police");
}

TEST(Identity, CertificatesWithoutOneValidAgencyAreRefused) {
  auto ca = MakeCa("test CA");
  EXPECT_NE(AgencyOfCertificate(IssueCert(ca, "x", "DNS:localhost").cert_pem).status().message().find("names no agency"),
            std::string::npos);
  EXPECT_NE(AgencyOfCertificate(IssueCert(ca, "x", "URI:palermo:agency:a,URI:palermo:agency:b").cert_pem)
                .status()
                .message()
                .find("more than one"),
            std::string::npos);
  EXPECT_FALSE(AgencyOfCertificate(IssueCert(ca, "x", "URI:palermo:agency:a%20b").cert_pem).ok());
  EXPECT_FALSE(AgencyOfCertificate("not a certificate").ok());
  EXPECT_FALSE(AgencyOfCertificate("").ok());
}

TEST(CertificateVerifier, ACertificateOfTheCaVerifiesUntilItsChainExpires) {
  auto ca = MakeCa("test CA");
  auto verifier = CertificateVerifier::FromPem(ca.cert_pem);
  ASSERT_TRUE(verifier.ok()) << verifier.status().ToString();
  const int64_t now = std::time(nullptr);
  auto verified = verifier->Verify(IssueCert(ca, "bp", "URI:palermo:agency:border-police", -60, 3600).cert_pem, "", now);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->agency, "border-police");
  EXPECT_NEAR(static_cast<double>(verified->valid_until), static_cast<double>(now + 3600), 5);
  EXPECT_LE(verified->valid_from, now);
  // Through an intermediate CA the client sends along: the chain ends when the first of them does.
  auto intermediate = palermo::testing::certs_detail::Make("intermediate", &ca, "", true, -60, 600);
  auto leaf = IssueCert(intermediate, "li", "URI:palermo:agency:labour-inspectorate");
  auto through = verifier->Verify(leaf.cert_pem, leaf.cert_pem + intermediate.cert_pem, now);
  ASSERT_TRUE(through.ok()) << through.status().ToString();
  EXPECT_EQ(through->agency, "labour-inspectorate");
  EXPECT_NEAR(static_cast<double>(through->valid_until), static_cast<double>(now + 600), 5);
  EXPECT_FALSE(verifier->Verify(leaf.cert_pem, "", now).ok()) << "without the intermediate there is no chain";
}

TEST(CertificateVerifier, OtherCasExpiredNotYetValidAndAgencylessCertificatesAreRefused) {
  auto ca = MakeCa("test CA"), stranger = MakeCa("another CA");
  auto verifier = CertificateVerifier::FromPem(ca.cert_pem);
  ASSERT_TRUE(verifier.ok());
  const int64_t now = std::time(nullptr);
  auto reason = [&](const std::string& pem) { return verifier->Verify(pem, "", now).status().message(); };
  EXPECT_NE(reason(IssueCert(stranger, "x", "URI:palermo:agency:border-police").cert_pem).find("unable to get local issuer"),
            std::string::npos);
  EXPECT_NE(reason(IssueCert(ca, "x", "URI:palermo:agency:border-police", -7200, -3600).cert_pem).find("expired"),
            std::string::npos);
  EXPECT_NE(reason(IssueCert(ca, "x", "URI:palermo:agency:border-police", 3600, 7200).cert_pem).find("not yet valid"),
            std::string::npos);
  EXPECT_NE(reason(IssueCert(ca, "x", "DNS:localhost").cert_pem).find("names no agency"), std::string::npos);
  // A CA presents itself: self-signed, but not the agencies' CA.
  EXPECT_FALSE(verifier->Verify(stranger.cert_pem, "", now).ok());
  EXPECT_FALSE(verifier->Verify("not a certificate", "", now).ok());
  EXPECT_FALSE(verifier->Verify("", "", now).ok());
  // A stranger's certificate does not verify by sending the stranger's CA along.
  EXPECT_FALSE(verifier->Verify(IssueCert(stranger, "x", "URI:palermo:agency:a").cert_pem, stranger.cert_pem, now).ok());
}

TEST(CertificateVerifier, ACaFileWithoutCertificatesIsRefused) {
  EXPECT_FALSE(CertificateVerifier::FromPem("").ok());
  EXPECT_FALSE(CertificateVerifier::FromPem("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n").ok());
  auto two = CertificateVerifier::FromPem(MakeCa("one").cert_pem + MakeCa("two").cert_pem);
  EXPECT_TRUE(two.ok()) << two.status().ToString();
}

}  // namespace
}  // namespace palermo::access
