#include "access/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "common/encoding.h"

namespace palermo::access {
namespace {

// SHA-256 fetched once: EVP_sha256() looks the implementation up again
// on every EVP_DigestInit_ex.
const EVP_MD* FetchedSha256() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) std::abort();  // OpenSSL's default provider always has it
  return md;
}

void Check(int ok) {
  if (ok != 1) std::abort();  // fails only when out of memory
}

}  // namespace

struct Sha256::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

Hash Sha256Of(std::initializer_list<std::string_view> pieces) {
  // One context per thread, reset by each init.
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  Check(ctx != nullptr);
  Check(EVP_DigestInit_ex(ctx.get(), FetchedSha256(), nullptr));
  for (std::string_view piece : pieces) Check(EVP_DigestUpdate(ctx.get(), piece.data(), piece.size()));
  Hash out;
  unsigned int size = 0;
  Check(EVP_DigestFinal_ex(ctx.get(), out.data(), &size));
  return out;
}

std::string HexOf(const Hash& digest) {
  return Hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  Check(context_->ctx != nullptr);
  Check(EVP_DigestInit_ex(context_->ctx, FetchedSha256(), nullptr));
}

Sha256::Sha256(const Sha256& other) : context_(std::make_unique<Context>()) {
  Check(context_->ctx != nullptr);
  Check(EVP_MD_CTX_copy_ex(context_->ctx, other.context_->ctx));
}

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) { Check(EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size())); }

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  Check(EVP_DigestFinal_ex(context_->ctx, digest, &size));
  return Hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

}  // namespace palermo::access
