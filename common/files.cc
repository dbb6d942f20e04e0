#include "common/files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace palermo {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path + ": read error");
  return text.str();
}

}  // namespace palermo
