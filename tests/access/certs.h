// Certificates made in the test (OpenSSL 3): a CA, and certificates it
// issues with the subject alternative names a test needs (an agency's URI
// palermo:agency:NAME, a server's localhost and 127.0.0.1).
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace palermo::testing {

struct KeyAndCert {
  std::string key_pem;
  std::string cert_pem;
};

namespace certs_detail {

inline std::string Pem(int (*write)(BIO*, void*), void* object) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!write(bio.get(), object)) throw std::runtime_error("PEM write failed");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

inline std::string KeyPem(EVP_PKEY* key) {
  return Pem([](BIO* b, void* k) {
    return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr);
  }, key);
}

inline std::string CertPem(X509* cert) {
  return Pem([](BIO* b, void* c) { return PEM_write_bio_X509(b, static_cast<X509*>(c)); }, cert);
}

inline EVP_PKEY* ReadKey(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  return PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
}

inline X509* ReadCert(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  return PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
}

inline void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr || !X509_add_ext(cert, ext, -1)) throw std::runtime_error("extension " + value);
  X509_EXTENSION_free(ext);
}

// A certificate for `cn` signed by `issuer` (itself when null), valid from
// `not_before_s` to `not_after_s` seconds from now.
inline KeyAndCert Make(const std::string& cn, const KeyAndCert* issuer, const std::string& san, bool ca,
                       long not_before_s = -60, long not_after_s = 86400) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  static long serial = 1;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before_s);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after_s);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  std::unique_ptr<X509, decltype(&X509_free)> issuer_cert(issuer ? ReadCert(issuer->cert_pem) : nullptr, X509_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> issuer_key(issuer ? ReadKey(issuer->key_pem) : nullptr,
                                                                  EVP_PKEY_free);
  X509* signer = issuer ? issuer_cert.get() : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  AddExtension(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  AddExtension(cert.get(), signer, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
  if (!ca) AddExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth,clientAuth");
  if (!san.empty()) AddExtension(cert.get(), signer, NID_subject_alt_name, san);
  if (!X509_sign(cert.get(), issuer ? issuer_key.get() : key.get(), EVP_sha256())) {
    throw std::runtime_error("signing " + cn);
  }
  return {KeyPem(key.get()), CertPem(cert.get())};
}

}  // namespace certs_detail

inline KeyAndCert MakeCa(const std::string& cn) { return certs_detail::Make(cn, nullptr, "", true); }

// `san` in OpenSSL's syntax: "URI:palermo:agency:A", "DNS:localhost,IP:127.0.0.1".
inline KeyAndCert IssueCert(const KeyAndCert& ca, const std::string& cn, const std::string& san,
                            long not_before_s = -60, long not_after_s = 86400) {
  return certs_detail::Make(cn, &ca, san, false, not_before_s, not_after_s);
}

}  // namespace palermo::testing
