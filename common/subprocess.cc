#include "common/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

extern char** environ;

namespace palermo::process {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

pid_t Spawn(const std::vector<std::string>& argv, posix_spawn_file_actions_t* actions) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], actions, nullptr, args.data(), environ) != 0) return 0;
  return pid;
}

}  // namespace

namespace {

// A "Name:   N kB" line of /proc/PID/status, in bytes; 0 when absent.
long StatusBytes(pid_t pid, std::string_view name) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 && line[name.size()] == ':') {
      return std::stol(line.substr(name.size() + 1)) * 1024;
    }
  }
  return 0;
}

}  // namespace

long PeakMemoryOf(pid_t pid) { return StatusBytes(pid, "VmHWM"); }

std::vector<int> ListeningTcpPorts(pid_t pid) {
  // The socket inodes the process holds, then the listening sockets
  // (state 0A) of /proc/PID/net/tcp{,6} among them.
  std::set<std::string> inodes;
  std::error_code error;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
    std::string target = std::filesystem::read_symlink(fd.path(), error).string();
    if (!error && target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
  }
  std::vector<int> ports;
  for (const char* table : {"tcp", "tcp6"}) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/net/" + table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
      if (state != "0A" || !inodes.count(inode)) continue;
      ports.push_back(std::stoi(local.substr(local.rfind(':') + 1), nullptr, 16));
    }
  }
  std::sort(ports.begin(), ports.end());
  return ports;
}
long ResidentMemoryOf(pid_t pid) { return StatusBytes(pid, "VmRSS"); }

Outcome Run(const std::vector<std::string>& argv, const std::string& capture_prefix, const std::string& stdin_path) {
  std::string out_path = capture_prefix + ".out";
  std::string err_path = capture_prefix + ".err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  Outcome outcome;
  pid_t pid = Spawn(argv, &actions);
  posix_spawn_file_actions_destroy(&actions);
  if (pid == 0) {
    outcome.err = "cannot start " + argv[0];
    return outcome;
  }
  // Poll the child's peak resident set while it runs (getrusage's maxrss
  // would count the parent's pages from before exec).
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    long peak = PeakMemoryOf(pid);
    if (peak > outcome.peak_memory_bytes) outcome.peak_memory_bytes = peak;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  outcome.exit_code = ExitCode(status);
  outcome.out = ReadAll(out_path);
  outcome.err = ReadAll(err_path);
  return outcome;
}

Palermod::Palermod(const std::string& binary, const std::string& data_dir, const std::string& log_path,
                   const std::string& agency, const std::vector<std::string>& extra_args)
    : log_path_(log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> argv = {binary, "--data", data_dir, "--listen", "127.0.0.1:0", "--agency", agency};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  pid_ = Spawn(argv, &actions);
  posix_spawn_file_actions_destroy(&actions);
  // Wait (up to 30 s) for "palermod listening on 127.0.0.1:PORT".
  const std::string marker = "listening on 127.0.0.1:";
  for (int i = 0; i < 600 && pid_ != 0; ++i) {
    std::string text = log();
    auto at = text.find(marker);
    // The whole port: digits and what follows them (the line may be
    // written in two pieces when other threads log at the same time).
    size_t end = at == std::string::npos ? at : at + marker.size();
    while (end != std::string::npos && end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (at != std::string::npos && end < text.size() && end > at + marker.size()) {
      port_ = std::stoi(text.substr(at + marker.size(), end - at - marker.size()));
      break;
    }
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = ExitCode(status);
      pid_ = 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Palermod::~Palermod() {
  if (pid_ != 0) Kill(SIGKILL);
}

std::string Palermod::log() const { return ReadAll(log_path_); }

long Palermod::PeakMemoryBytes() const { return pid_ == 0 ? 0 : PeakMemoryOf(pid_); }

int Palermod::Kill(int signal) {
  if (pid_ == 0) return exit_code_;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
  exit_code_ = ExitCode(status);
  return exit_code_;
}

}  // namespace palermo::process
