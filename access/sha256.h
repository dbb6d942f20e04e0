// SHA-256 for the audit log: its entries' digests (services/), its Merkle
// tree (access/merkle.h). Through OpenSSL 3's EVP interface, which uses
// the CPU's SHA instructions where it has them: every call palermod
// answers hashes its audit entry several times (bench/README.md, "Where
// the audit's cost goes"), and libsodium's portable SHA-256 took three to
// four times as long.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace palermo::access {

using Hash = std::array<uint8_t, 32>;

// SHA-256 of the pieces, one after another.
Hash Sha256Of(std::initializer_list<std::string_view> pieces);
// A digest in lower-case hex.
std::string HexOf(const Hash& digest);

// SHA-256 over pieces given one by one.
class Sha256 {
 public:
  Sha256();
  Sha256(const Sha256& other);  // the digest so far, to go on from or finish twice
  Sha256& operator=(const Sha256&) = delete;
  ~Sha256();
  void Update(std::string_view bytes);
  std::string HexDigest();  // once

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace palermo::access
