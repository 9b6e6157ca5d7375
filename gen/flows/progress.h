// Sweep progress on stderr: on a terminal one line redrawn in place (bar, counts, elapsed, ETA);
// otherwise one plain line per finished job, so logs (CI, SLURM) stay readable.
#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace qrtl::flows {

class Progress {
 public:
  Progress(size_t total, bool enabled);
  ~Progress();
  // A job finished: its name, "ok"/"cached"/"FAIL ...", and its wall time.
  void done(const std::string& name, bool ok, const std::string& status, double seconds);

 private:
  size_t total_, finished_ = 0, failed_ = 0;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
};

std::string format_duration(double seconds);  // "1:05", "1:02:03"

}  // namespace qrtl::flows
