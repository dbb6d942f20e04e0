#include "access/merkle.h"

#include <sodium.h>

#include <cstring>

#include "access/base64.h"

namespace palermo::access {
namespace {

// The largest power of two below n (n > 1).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

std::string_view View(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

// MTH of leaves[begin, end).
Hash Root(const std::vector<Hash>& leaves, uint64_t begin, uint64_t end) {
  if (end - begin == 1) return leaves[begin];
  const uint64_t k = SplitPoint(end - begin);
  return NodeHash(Root(leaves, begin, begin + k), Root(leaves, begin + k, end));
}

void Path(const std::vector<Hash>& leaves, uint64_t m, uint64_t begin, uint64_t end, std::vector<Hash>* out) {
  if (end - begin == 1) return;
  const uint64_t k = SplitPoint(end - begin);
  if (m < k) {
    Path(leaves, m, begin, begin + k, out);
    out->push_back(Root(leaves, begin + k, end));
  } else {
    Path(leaves, m - k, begin + k, end, out);
    out->push_back(Root(leaves, begin, begin + k));
  }
}

void SubProof(const std::vector<Hash>& leaves, uint64_t m, uint64_t begin, uint64_t end, bool whole,
              std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!whole) out->push_back(Root(leaves, begin, end));
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubProof(leaves, m, begin, begin + k, whole, out);
    out->push_back(Root(leaves, begin + k, end));
  } else {
    SubProof(leaves, m - k, begin + k, end, false, out);
    out->push_back(Root(leaves, begin, begin + k));
  }
}

// C2SP signed-note key ID of an Ed25519 key.
std::array<uint8_t, 4> KeyId(std::string_view name, const PublicKey& key) {
  const char type = 0x01;
  Hash h = Sha256Of({name, "\n", std::string_view(&type, 1),
                   std::string_view(reinterpret_cast<const char*>(key.data()), key.size())});
  return {h[0], h[1], h[2], h[3]};
}

bool ValidKeyName(std::string_view name) {
  return !name.empty() && name.find_first_of(" +\n") == std::string_view::npos;
}

constexpr std::string_view kSignaturePrefix = "\xe2\x80\x94 ";  // "— " (U+2014, a space)

}  // namespace

Hash LeafHash(std::string_view entry) { return Sha256Of({std::string_view("\x00", 1), entry}); }

Hash NodeHash(const Hash& left, const Hash& right) {
  return Sha256Of({std::string_view("\x01", 1), View(left), View(right)});
}

void TreeFrontier::Append(const Hash& leaf) {
  subtrees_.emplace_back(1, leaf);
  while (subtrees_.size() >= 2 && subtrees_[subtrees_.size() - 2].first == subtrees_.back().first) {
    auto right = subtrees_.back();
    subtrees_.pop_back();
    subtrees_.back() = {right.first * 2, NodeHash(subtrees_.back().second, right.second)};
  }
  ++size_;
}

Hash TreeFrontier::Root() const {
  if (subtrees_.empty()) return RootOf({});
  Hash root = subtrees_.back().second;
  for (size_t i = subtrees_.size() - 1; i-- > 0;) root = NodeHash(subtrees_[i].second, root);
  return root;
}

std::string TreeFrontier::Encode() const {
  std::string out;
  for (const auto& [leaves, hash] : subtrees_) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((leaves >> shift) & 0xff));
    out.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  }
  return out;
}

bool TreeFrontier::Decode(std::string_view bytes, TreeFrontier* out) {
  constexpr size_t kSubtree = 8 + sizeof(Hash);
  if (bytes.size() % kSubtree != 0) return false;
  TreeFrontier frontier;
  for (size_t at = 0; at < bytes.size(); at += kSubtree) {
    uint64_t leaves = 0;
    for (size_t i = 0; i < 8; ++i) leaves = leaves << 8 | static_cast<uint8_t>(bytes[at + i]);
    const bool power_of_two = leaves != 0 && (leaves & (leaves - 1)) == 0;
    if (!power_of_two || (!frontier.subtrees_.empty() && leaves >= frontier.subtrees_.back().first)) return false;
    Hash hash;
    std::memcpy(hash.data(), bytes.data() + at + 8, hash.size());
    frontier.subtrees_.emplace_back(leaves, hash);
    frontier.size_ += leaves;
  }
  *out = std::move(frontier);
  return true;
}

Hash RootOf(const std::vector<Hash>& leaves) {
  if (leaves.empty()) return Sha256Of({});
  return Root(leaves, 0, leaves.size());
}

std::vector<Hash> InclusionProof(const std::vector<Hash>& leaves, uint64_t index) {
  std::vector<Hash> out;
  if (index < leaves.size()) Path(leaves, index, 0, leaves.size(), &out);
  return out;
}

bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf, const std::vector<Hash>& proof,
                     const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

std::vector<Hash> ConsistencyProof(const std::vector<Hash>& leaves, uint64_t m) {
  std::vector<Hash> out;
  if (m > 0 && m <= leaves.size()) SubProof(leaves, m, 0, leaves.size(), true, &out);
  return out;
}

bool VerifyConsistency(uint64_t m, uint64_t n, const Hash& root_m, const Hash& root_n,
                       const std::vector<Hash>& proof) {
  if (m == 0 || m > n) return false;
  if (m == n) return proof.empty() && root_m == root_n;
  if (proof.empty()) return false;
  std::vector<Hash> path = proof;
  if ((m & (m - 1)) == 0) path.insert(path.begin(), root_m);  // m a power of two
  uint64_t fn = m - 1, sn = n - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(path[i], fr);
      sr = NodeHash(path[i], sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, path[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == root_m && sr == root_n && sn == 0;
}

std::string CheckpointBody(const Checkpoint& checkpoint) {
  return checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
         ToBase64(checkpoint.root.data(), checkpoint.root.size()) + "\n";
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, std::string_view name, const SigningKey& key) {
  if (sodium_init() < 0) return Status::Unavailable("libsodium cannot be initialised");
  if (!ValidKeyName(name)) return Status::InvalidArgument("a key name has no space, '+' or newline");
  if (checkpoint.origin.empty() || checkpoint.origin.find('\n') != std::string::npos) {
    return Status::InvalidArgument("the origin is one non-empty line");
  }
  const std::string body = CheckpointBody(checkpoint);
  PublicKey pk;
  crypto_sign_ed25519_sk_to_pk(pk.data(), key.secret.data());
  std::array<uint8_t, 4 + crypto_sign_BYTES> signed_part{};
  const std::array<uint8_t, 4> id = KeyId(name, pk);
  std::copy(id.begin(), id.end(), signed_part.begin());
  crypto_sign_detached(signed_part.data() + 4, nullptr, reinterpret_cast<const unsigned char*>(body.data()),
                       body.size(), key.secret.data());
  return body + "\n" + std::string(kSignaturePrefix) + std::string(name) + " " +
         ToBase64(signed_part.data(), signed_part.size()) + "\n";
}

Result<Checkpoint> VerifyCheckpoint(std::string_view note, std::string_view name, const PublicKey& key) {
  if (sodium_init() < 0) return Status::Unavailable("libsodium cannot be initialised");
  const size_t blank = note.find("\n\n");
  if (blank == std::string_view::npos) return Status::InvalidArgument("not a signed note (no blank line)");
  const std::string_view body = note.substr(0, blank + 1);
  std::string_view signatures = note.substr(blank + 2);
  const std::array<uint8_t, 4> id = KeyId(name, key);
  bool verified = false;
  while (!signatures.empty()) {
    const size_t eol = signatures.find('\n');
    if (eol == std::string_view::npos) return Status::InvalidArgument("a signature line does not end in a newline");
    std::string_view line = signatures.substr(0, eol);
    signatures.remove_prefix(eol + 1);
    if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
      return Status::InvalidArgument("a signature line does not start with an em dash");
    }
    line.remove_prefix(kSignaturePrefix.size());
    const size_t space = line.find(' ');
    if (space == std::string_view::npos || line.substr(0, space) != name) continue;  // another signer
    std::vector<uint8_t> signed_part;
    if (!FromBase64(line.substr(space + 1), &signed_part) || signed_part.size() != 4 + crypto_sign_BYTES ||
        !std::equal(id.begin(), id.end(), signed_part.begin())) {
      continue;  // another key of that name
    }
    if (crypto_sign_verify_detached(signed_part.data() + 4, reinterpret_cast<const unsigned char*>(body.data()),
                                    body.size(), key.data()) == 0) {
      verified = true;
    }
  }
  if (!verified) return Status::InvalidArgument("no signature of " + std::string(name) + " verifies the checkpoint");
  // ORIGIN \n SIZE \n ROOT \n (extension lines may follow).
  Checkpoint checkpoint;
  std::string_view rest = body;
  std::string_view lines[3];
  for (std::string_view& line : lines) {
    const size_t eol = rest.find('\n');
    if (eol == std::string_view::npos) return Status::InvalidArgument("the checkpoint has fewer than three lines");
    line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
  }
  checkpoint.origin = std::string(lines[0]);
  if (lines[1].empty() || lines[1].size() > 19 || lines[1].find_first_not_of("0123456789") != std::string_view::npos ||
      (lines[1].size() > 1 && lines[1][0] == '0')) {
    return Status::InvalidArgument("the checkpoint's size is not a decimal number");
  }
  checkpoint.size = std::stoull(std::string(lines[1]));
  std::vector<uint8_t> root;
  if (!FromBase64(lines[2], &root) || root.size() != checkpoint.root.size()) {
    return Status::InvalidArgument("the checkpoint's root is not the base64 of 32 bytes");
  }
  std::copy(root.begin(), root.end(), checkpoint.root.begin());
  return checkpoint;
}

}  // namespace palermo::access
