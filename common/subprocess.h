// Running our own binaries as child processes: the end-to-end tests and the
// benchmarks start palermod and palermo exactly as a user would.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace palermo::process {

struct Outcome {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
  long peak_memory_bytes = 0;  // the child's peak resident set (sampled every 20 ms)
};

// The peak resident set (VmHWM) of a live process, ours included, in bytes;
// 0 when unknown.
long PeakMemoryOf(pid_t pid);
// The local ports of the TCP sockets `pid` listens on (IPv4 and IPv6), one
// entry per socket, sorted.
std::vector<int> ListeningTcpPorts(pid_t pid);
// The resident set (VmRSS) of a live process now, in bytes; 0 when unknown.
long ResidentMemoryOf(pid_t pid);

// Runs `argv` to completion with stdin from `stdin_path` (or /dev/null) and
// stdout/stderr captured through files named `capture_prefix`.out/.err.
Outcome Run(const std::vector<std::string>& argv, const std::string& capture_prefix,
            const std::string& stdin_path = "");

// A palermod child on 127.0.0.1 with a port of its choosing; its output goes
// to `log_path`. The constructor waits until it listens or exits.
class Palermod {
 public:
  Palermod(const std::string& binary, const std::string& data_dir, const std::string& log_path,
           const std::string& agency = "default", const std::vector<std::string>& extra_args = {});
  ~Palermod();  // SIGKILL if still running
  Palermod(const Palermod&) = delete;
  Palermod& operator=(const Palermod&) = delete;

  bool running() const { return pid_ != 0 && port_ != 0; }
  pid_t pid() const { return pid_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string log() const;
  int exit_code() const { return exit_code_; }
  // Peak resident memory so far (VmHWM), in bytes; 0 when unknown.
  long PeakMemoryBytes() const;
  // Sends `signal`, waits for the process, returns its exit code.
  int Kill(int signal);

 private:
  std::string log_path_;
  pid_t pid_ = 0;
  int port_ = 0;
  int exit_code_ = -1;
};

}  // namespace palermo::process
