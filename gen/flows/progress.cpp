#include "flows/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace qrtl::flows {

std::string format_duration(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

Progress::Progress(size_t total, bool enabled)
    : total_(total), enabled_(enabled), tty_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  if (drawn_) std::fputc('\n', stderr);
}

void Progress::done(const std::string& name, bool ok, const std::string& status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++finished_;
  failed_ += ok ? 0 : 1;
  if (!enabled_) return;
  if (!tty_) {
    std::fprintf(stderr, "[%zu/%zu] %s: %s (%.1f s)\n", finished_, total_, name.c_str(), status.c_str(), seconds);
    return;
  }
  if (!ok) std::fprintf(stderr, "\r\033[K%s: %s\n", name.c_str(), status.c_str());  // failures stay on screen
  draw(name);
}

void Progress::tick() {
  std::lock_guard<std::mutex> lock(mu_);
  if (enabled_ && tty_) draw(last_);
}

void Progress::draw(const std::string& name) {
  last_ = name;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string eta = finished_ ? format_duration(elapsed / static_cast<double>(finished_) *
                                                      static_cast<double>(total_ - finished_))
                                    : "?";
  constexpr size_t kBar = 24;
  const size_t fill = total_ ? finished_ * kBar / total_ : kBar;
  std::string bar = std::string(fill, '#') + std::string(kBar - fill, '.');
  std::fprintf(stderr, "\r\033[K[%s] %zu/%zu  %zu failed  elapsed %s  ETA %s  %s", bar.c_str(), finished_, total_,
               failed_, format_duration(elapsed).c_str(), eta.c_str(), name.c_str());
  std::fflush(stderr);
}

Ticker::Ticker(Progress& p)
    : thread_([this, &p] {
        std::unique_lock<std::mutex> lock(mu_);
        while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) p.tick();
      }) {}

Ticker::~Ticker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

}  // namespace qrtl::flows
