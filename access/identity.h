// The calling agency (issue #12, "Identity"): read from a client
// certificate that verifies against the agencies' CA, never from a request
// field. An agency's certificate carries, as a subject alternative name,
// the URI
//   palermo:agency:NAME
// (NAME as CheckIdentityName allows). docs/ACCESS.md shows the openssl
// commands that make a development CA, a server certificate and agency
// certificates.
//
// palermod verifies the certificate itself (CertificateVerifier, OpenSSL's
// X509_verify_cert) rather than in the TLS handshake, so that a caller
// without a certificate or with one of another CA is refused as a call,
// with an entry in the audit log, not as a handshake nobody sees. The
// handshake still proves that the caller holds the certificate's key.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace palermo::access {

inline constexpr char kAgencyUriPrefix[] = "palermo:agency:";

// The agency of a PEM certificate: its one URI SAN that starts with
// kAgencyUriPrefix. InvalidArgument when the text is not a PEM
// certificate, when no such URI is there or more than one, or when the
// name is not valid. (It does not verify the certificate.)
Result<std::string> AgencyOfCertificate(std::string_view pem);

// A client certificate that verified, and until when the verification
// holds (the earliest end of validity along its chain).
struct VerifiedAgency {
  std::string agency;
  int64_t valid_from = 0;   // seconds since the epoch, UTC
  int64_t valid_until = 0;  // refused from this second on
};

// Verifies client certificates against a CA bundle. Thread-safe.
class CertificateVerifier {
 public:
  // `ca_pem`: one or more PEM certificates, the trust anchors.
  // InvalidArgument when it holds none or one does not parse.
  static Result<CertificateVerifier> FromPem(std::string_view ca_pem);

  // The agency of `leaf_pem` when it verifies at `now` (seconds since the
  // epoch) for TLS client use, with `chain_pem` (the PEM certificates the
  // client sent, the leaf among them or not; may be empty) as
  // intermediates. InvalidArgument otherwise, with OpenSSL's reason
  // ("certificate has expired", "unable to get local issuer
  // certificate") or AgencyOfCertificate's.
  Result<VerifiedAgency> Verify(std::string_view leaf_pem, std::string_view chain_pem, int64_t now) const;

 private:
  explicit CertificateVerifier(std::shared_ptr<X509_STORE> store) : store_(std::move(store)) {}
  std::shared_ptr<X509_STORE> store_;
};

}  // namespace palermo::access
