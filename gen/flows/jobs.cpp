#include "flows/jobs.h"

#include <fmt/format.h>

#include <filesystem>

#include "errors.h"
#include "fsutil.h"

namespace fs = std::filesystem;

namespace qrtl::flows {

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

JobFiles emit_jobs(const std::vector<BuildItem>& items, const std::string& qrtl, const std::string& precset,
                   const SweepOptions& opts, const std::string& dir_in) {
  if (items.empty()) throw UsageError("--emit-jobs: the precision set has no blocks");
  make_dirs(dir_in);
  const std::string dir = fs::absolute(dir_in).lexically_normal().string();
  const std::string set = fs::absolute(precset).lexically_normal().string();
  std::string lines;
  nlohmann::ordered_json tops = nlohmann::ordered_json::array();
  for (const auto& it : items) {
    std::vector<std::string> argv = {qrtl, "sweep", set, "--only", it.top, "--out", dir + "/results/" + it.top,
                                     "--vectors", std::to_string(opts.vectors), "--seed", std::to_string(opts.seed),
                                     "--no-progress"};
    if (!opts.cache_dir.empty()) argv.insert(argv.end(), {"--cache", fs::absolute(opts.cache_dir).string()});
    std::string cmd;
    for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + shell_quote(a);
    lines += cmd + "\n";
    tops.push_back(it.top);
  }
  const std::string slurm = fmt::format(
      "#!/bin/bash\n"
      "# qrtl sweep as a SLURM job array: one array task per block (line of jobs.txt).\n"
      "#   sbatch {0}/slurm.sh     then, when all tasks are done:  qrtl sweep --collect {0}\n"
      "#SBATCH --job-name=qrtl-sweep\n"
      "#SBATCH --array=1-{1}\n"
      "#SBATCH --cpus-per-task=2\n"
      "#SBATCH --output={0}/logs/task-%a.log\n"
      "set -euo pipefail\n"
      "cmd=$(sed -n \"${{SLURM_ARRAY_TASK_ID}}p\" {2})\n"
      "exec bash -c \"$cmd\"\n",
      dir, items.size(), shell_quote(dir + "/jobs.txt"));
  const std::string parallel = fmt::format(
      "#!/bin/bash\n"
      "# qrtl sweep with GNU parallel (one job per block; add --sshloginfile to spread over hosts).\n"
      "#   bash {0}/parallel.sh     then:  qrtl sweep --collect {0}\n"
      "parallel --jobs {1} --joblog {2} < {3}\n",
      dir, std::max(1u, opts.jobs), shell_quote(dir + "/parallel.log"), shell_quote(dir + "/jobs.txt"));
  make_dirs(dir + "/logs");
  JobFiles jf{items.size(), {dir + "/jobs.txt", dir + "/jobs.json", dir + "/slurm.sh", dir + "/parallel.sh"}};
  atomic_write_files({{jf.files[0], lines}, {jf.files[1], tops.dump(2) + "\n"}, {jf.files[2], slurm}, {jf.files[3], parallel}});
  for (const auto& f : {jf.files[2], jf.files[3]})
    fs::permissions(f, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
  return jf;
}

std::vector<BlockResult> collect(const std::string& dir) {
  if (!fs::exists(dir + "/jobs.json")) throw UsageError(fmt::format("--collect: no {}/jobs.json (run --emit-jobs first)", dir));
  nlohmann::ordered_json tops;
  try {
    tops = nlohmann::ordered_json::parse(read_file(dir + "/jobs.json"));
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("--collect: {}/jobs.json is malformed: {}", dir, e.what()));
  }
  std::vector<BlockResult> out;
  for (const auto& t : tops) {
    const std::string top = t.get<std::string>();
    const std::string path = dir + "/results/" + top + "/report.json";
    BlockResult missing;
    missing.item.top = top;
    missing.item.block = "?";
    if (!fs::exists(path)) {
      missing.error = "no result (the job did not run or did not finish): " + path;
      out.push_back(missing);
      continue;
    }
    try {
      auto j = nlohmann::ordered_json::parse(read_file(path));
      if (!j.is_array() || j.size() != 1) throw UsageError("expected one result");
      out.push_back(result_from_json(j[0]));
    } catch (const std::exception& e) {
      missing.error = fmt::format("unreadable result {}: {}", path, e.what());
      out.push_back(missing);
    }
  }
  return out;
}

}  // namespace qrtl::flows
