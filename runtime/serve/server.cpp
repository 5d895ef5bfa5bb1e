#include "runtime/serve/server.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>

#include "runtime/base/files.h"
#include "runtime/serve/decision_log.h"

namespace ccr::serve {

namespace asio = boost::asio;

namespace {

void Log(const std::string& line) {
  std::string text = "ccr serve: " + line + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

// What identifies a version of the bundle file on disk.
struct FileStamp {
  bool exists = false;
  ino_t inode = 0;
  off_t size = 0;
  timespec mtime{};
  bool operator==(const FileStamp& other) const {
    return exists == other.exists && inode == other.inode && size == other.size &&
           mtime.tv_sec == other.mtime.tv_sec && mtime.tv_nsec == other.mtime.tv_nsec;
  }
};

FileStamp Stamp(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {};
  return {true, info.st_ino, info.st_size, info.st_mtim};
}

Expected<std::shared_ptr<const Bundle>> LoadFrom(const std::string& path,
                                                 std::span<const uint8_t> default_bundle) {
  if (path.empty()) return LoadBundle(default_bundle, "<default bundle>");
  auto bytes = ReadWholeFile(path);
  if (!bytes) return bytes.error();
  return LoadBundle({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()}, path);
}

// Reloads on SIGHUP and on file changes. A new bundle is read and verified on a worker
// thread beside the one answering; only a verified bundle is swapped in.
class Reloader {
 public:
  Reloader(asio::io_context& io, asio::thread_pool& workers, BundleSlot& slot,
           const ServeOptions& options, std::span<const uint8_t> default_bundle)
      : io_(io),
        workers_(workers),
        slot_(slot),
        options_(options),
        default_bundle_(default_bundle),
        timer_(io),
        stamp_(Stamp(options.bundle_path)) {}

  void StartWatching() {
    if (!options_.watch || options_.bundle_path.empty()) return;
    timer_.expires_after(options_.watch_interval);
    timer_.async_wait([this](boost::system::error_code error) {
      if (error) return;
      FileStamp now = Stamp(options_.bundle_path);
      if (!(now == stamp_)) {
        stamp_ = now;
        Reload("the file changed");
      }
      StartWatching();
    });
  }

  void Stop() { timer_.cancel(); }

  void Reload(const std::string& why) {
    if (reloading_) {
      again_ = true;
      return;
    }
    reloading_ = true;
    asio::post(workers_, [this, why] {
      auto loaded = LoadFrom(options_.bundle_path, default_bundle_);
      asio::post(io_, [this, why, loaded = std::move(loaded)]() mutable {
        reloading_ = false;
        if (loaded) {
          slot_.Replace(*loaded);
          Log(fmt::format("reloaded {} ({}): hash {}", (*loaded)->origin, why, (*loaded)->hash));
        } else {
          slot_.RecordFailure(loaded.error());
          std::string text = FormatError(loaded.error());
          if (!text.empty() && text.back() == '\n') text.pop_back();
          Log(fmt::format("reload failed ({}); still serving hash {}\n{}", why, slot_.Get()->hash,
                          text));
        }
        if (again_) {
          again_ = false;
          Reload("changed again while reloading");
        }
      });
    });
  }

 private:
  asio::io_context& io_;
  asio::thread_pool& workers_;
  BundleSlot& slot_;
  const ServeOptions& options_;
  std::span<const uint8_t> default_bundle_;
  asio::steady_timer timer_;
  FileStamp stamp_;
  bool reloading_ = false;
  bool again_ = false;
};

}  // namespace

int Run(const ServeOptions& options, std::span<const uint8_t> default_bundle) {
  auto first = LoadFrom(options.bundle_path, default_bundle);
  if (!first) {
    std::fputs(FormatError(first.error()).c_str(), stderr);
    return 3;
  }
  std::unique_ptr<DecisionLog> log;
  if (!options.decision_log.empty()) {
    auto opened = DecisionLog::Open(options.decision_log);
    if (!opened) {
      std::fputs(FormatError(opened.error()).c_str(), stderr);
      return 3;
    }
    log = std::move(*opened);
  }
  BundleSlot slot(*first);
  Metrics metrics;
  asio::io_context io(1);
  int threads = options.workers > 0
                    ? options.workers
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  asio::thread_pool workers(static_cast<size_t>(threads));
  Api api(slot, metrics, log.get(), options.api);
  HttpServer server(io, workers, api, metrics, options.http);
  auto port = server.Listen();
  if (!port) {
    std::fputs(FormatError(port.error()).c_str(), stderr);
    return 2;
  }
  Reloader reloader(io, workers, slot, options, default_bundle);
  reloader.StartWatching();
  asio::signal_set signals(io, SIGTERM, SIGINT, SIGHUP);
  std::function<void(boost::system::error_code, int)> on_signal =
      [&](boost::system::error_code error, int number) {
        if (error) return;
        if (number == SIGHUP) {
          reloader.Reload("SIGHUP");
          signals.async_wait(on_signal);
          return;
        }
        Log(fmt::format("{}: finishing the requests in flight, then exiting",
                        number == SIGTERM ? "SIGTERM" : "SIGINT"));
        reloader.Stop();
        signals.cancel();
        server.Drain();
      };
  signals.async_wait(on_signal);
  Log(fmt::format("listening on http://{}:{} (bundle {}, hash {}; {} worker threads)",
                  options.http.address.find(':') != std::string::npos
                      ? "[" + options.http.address + "]"
                      : options.http.address,
                  *port, (*first)->origin, (*first)->hash, threads));
  io.run();
  workers.join();
  Log("stopped");
  return 0;
}

}  // namespace ccr::serve
