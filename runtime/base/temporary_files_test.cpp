// Registered temporaries are removed when a signal ends the process, which still dies of that
// signal; forgotten ones are left alone. Each case runs in a forked child.
#include "runtime/base/temporary_files.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace ccr {
namespace {

namespace fs = std::filesystem;

fs::path MakeFile(const std::string& name) {
  fs::path path = fs::temp_directory_path() / (name + "-" + std::to_string(getpid()));
  std::ofstream(path) << "partial";
  return path;
}

// Forks; the child registers `registered`, registers and forgets `forgotten`, then raises
// `signal_number`. Returns the child's wait status.
int RunChild(const fs::path& registered, const fs::path& forgotten, int signal_number) {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    signal(signal_number, SIG_DFL);
    RegisterTemporary(registered.string());
    ForgetTemporary(RegisterTemporary(forgotten.string()));
    raise(signal_number);
    _exit(99);  // not reached if the signal ends the process
  }
  int status = 0;
  waitpid(child, &status, 0);
  return status;
}

TEST_CASE("a signal removes registered temporaries and still ends the process") {
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    fs::path registered = MakeFile("ccr-temporary");
    fs::path forgotten = MakeFile("ccr-kept");
    int status = RunChild(registered, forgotten, signal_number);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal_number);
    CHECK_FALSE(fs::exists(registered));
    CHECK(fs::exists(forgotten));
    fs::remove(forgotten);
  }
}

TEST_CASE("a path too long for the table is not registered") {
  CHECK(RegisterTemporary(std::string(5000, 'x')) == -1);
  ForgetTemporary(-1);  // harmless
}

}  // namespace
}  // namespace ccr
