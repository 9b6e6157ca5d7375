// Sweeps beyond one machine. emit_jobs writes into DIR:
//   jobs.txt      one shell command per block: `qrtl sweep PRECSET --only TOP --out DIR/results/TOP ...`
//   jobs.json     the expected tops (so collect can name the jobs that never reported)
//   slurm.sh      a SLURM array script running line $SLURM_ARRAY_TASK_ID of jobs.txt (sbatch slurm.sh)
//   parallel.sh   the GNU parallel command line running jobs.txt (bash parallel.sh)
// collect reads DIR/results/*/report.json, merges them in jobs.json order and writes the usual
// report (report.h) into DIR; a job without a result counts as a failed block.
#pragma once
#include <string>
#include <vector>

#include "flows/sweep.h"

namespace qrtl::flows {

struct JobFiles {
  size_t jobs = 0;
  std::vector<std::string> files;
};

// `qrtl` is the path of the qrtl binary the jobs run; precset the precision-set file.
JobFiles emit_jobs(const std::vector<BuildItem>& items, const std::string& qrtl, const std::string& precset,
                   const SweepOptions& opts, const std::string& dir);
std::vector<BlockResult> collect(const std::string& dir);

std::string shell_quote(const std::string& s);

}  // namespace qrtl::flows
