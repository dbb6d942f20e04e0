#include "access/identity.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <climits>
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

}  // namespace palermo::access
