// The calling agency read from a client certificate (access/identity.h).
#include "access/identity.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace palermo::access
