// Sweep progress on stderr: on a terminal one line redrawn in place (bar, counts, elapsed, ETA);
// otherwise one plain line per finished job, so logs (CI, SLURM) stay readable.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace qrtl::flows {

class Progress {
 public:
  Progress(size_t total, bool enabled);
  ~Progress();
  // A job finished: its name, "ok"/"cached"/"FAIL ...", and its wall time.
  void done(const std::string& name, bool ok, const std::string& status, double seconds);
  // Redraws the terminal line (elapsed time moves on while long jobs run); no-op otherwise.
  void tick();

 private:
  void draw(const std::string& name);  // mu_ held
  std::string last_;
  bool drawn_ = false;
  size_t total_, finished_ = 0, failed_ = 0;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
};

std::string format_duration(double seconds);  // "1:05", "1:02:03"

// Calls progress.tick() every second on a thread of its own until destroyed.
class Ticker {
 public:
  explicit Ticker(Progress& p);
  ~Ticker();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace qrtl::flows
