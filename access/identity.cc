#include "access/identity.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <climits>
#include <ctime>
#include <memory>
#include <vector>

#include "access/token.h"

namespace palermo::access {

Result<std::string> AgencyOfCertificate(std::string_view pem) {
  if (pem.size() > INT_MAX) return Status::InvalidArgument("the certificate is too large");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return Status::Unavailable("OpenSSL cannot allocate");
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) return Status::InvalidArgument("not a PEM certificate");
  std::unique_ptr<GENERAL_NAMES, void (*)(GENERAL_NAMES*)> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)),
      [](GENERAL_NAMES* n) { GENERAL_NAMES_free(n); });
  std::vector<std::string> agencies;
  const std::string_view prefix = kAgencyUriPrefix;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_URI) continue;
    const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
    std::string_view text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                          static_cast<size_t>(ASN1_STRING_length(uri)));
    if (text.substr(0, prefix.size()) == prefix) agencies.emplace_back(text.substr(prefix.size()));
  }
  if (agencies.empty()) {
    return Status::InvalidArgument("the certificate names no agency (a URI SAN " + std::string(prefix) + "NAME)");
  }
  if (agencies.size() > 1) return Status::InvalidArgument("the certificate names more than one agency");
  std::string bad = CheckIdentityName("the certificate's agency", agencies[0]);
  if (!bad.empty()) return Status::InvalidArgument(bad);
  return agencies[0];
}

namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

// Every PEM certificate of `pem`, in order; InvalidArgument for text that
// is not PEM certificates.
Result<std::vector<X509Ptr>> ReadCertificates(std::string_view pem) {
  if (pem.size() > INT_MAX) return Status::InvalidArgument("the certificates are too large");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return Status::Unavailable("OpenSSL cannot allocate");
  std::vector<X509Ptr> certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) certs.emplace_back(cert, X509_free);
  // The loop ends at the end of the text (PEM_R_NO_START_LINE) or at a
  // certificate that does not parse.
  const unsigned long error = ERR_peek_last_error();
  ERR_clear_error();
  if (certs.empty() || (error != 0 && ERR_GET_REASON(error) != PEM_R_NO_START_LINE)) {
    return Status::InvalidArgument("not PEM certificates");
  }
  return certs;
}

int64_t Seconds(const ASN1_TIME* time) {
  struct tm tm = {};
  if (ASN1_TIME_to_tm(time, &tm) != 1) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

Result<CertificateVerifier> CertificateVerifier::FromPem(std::string_view ca_pem) {
  auto certs = ReadCertificates(ca_pem);
  if (!certs.ok()) return Status::InvalidArgument("the CA file holds " + certs.status().message());
  std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509_STORE_free);
  if (!store) return Status::Unavailable("OpenSSL cannot allocate");
  for (const X509Ptr& cert : *certs) {
    if (X509_STORE_add_cert(store.get(), cert.get()) != 1) {
      ERR_clear_error();
      return Status::InvalidArgument("a certificate of the CA file cannot be a trust anchor");
    }
  }
  return CertificateVerifier(std::move(store));
}

Result<VerifiedAgency> CertificateVerifier::Verify(std::string_view leaf_pem, std::string_view chain_pem,
                                                   int64_t now) const {
  auto leaf = ReadCertificates(leaf_pem);
  if (!leaf.ok()) return Status::InvalidArgument("the client certificate is " + leaf.status().message());
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> intermediates(
      sk_X509_new_null(), [](STACK_OF(X509)* s) { sk_X509_pop_free(s, X509_free); });
  if (!intermediates) return Status::Unavailable("OpenSSL cannot allocate");
  if (!chain_pem.empty()) {
    auto chain = ReadCertificates(chain_pem);
    if (!chain.ok()) return Status::InvalidArgument("the client's certificate chain is " + chain.status().message());
    for (X509Ptr& cert : *chain) sk_X509_push(intermediates.get(), cert.release());
  }
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(), X509_STORE_CTX_free);
  if (!context || X509_STORE_CTX_init(context.get(), store_.get(), (*leaf)[0].get(), intermediates.get()) != 1) {
    return Status::Unavailable("OpenSSL cannot allocate");
  }
  X509_STORE_CTX_set_time(context.get(), 0, static_cast<time_t>(now));
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT);
  if (X509_verify_cert(context.get()) != 1) {
    const int error = X509_STORE_CTX_get_error(context.get());
    ERR_clear_error();
    return Status::InvalidArgument(std::string("the client certificate does not verify against the agencies' CA: ") +
                                   X509_verify_cert_error_string(error));
  }
  VerifiedAgency verified;
  const STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(context.get());
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    const X509* cert = sk_X509_value(chain, i);
    const int64_t from = Seconds(X509_get0_notBefore(cert)), until = Seconds(X509_get0_notAfter(cert));
    if (i == 0 || from > verified.valid_from) verified.valid_from = from;
    if (i == 0 || until < verified.valid_until) verified.valid_until = until;
  }
  auto agency = AgencyOfCertificate(leaf_pem);
  if (!agency.ok()) return agency.status();
  verified.agency = std::move(*agency);
  return verified;
}

}  // namespace palermo::access
