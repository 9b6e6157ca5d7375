// Building a Verilator simulator for cosim: verilate, then compile the model and its C++ driver
// against a Verilator runtime that is built once per cache directory.
//
// Most of a small model's compile time is not the model: verilated.h takes ~0.7 s of CPU to parse,
// in the model's file and again in the driver's, and the runtime (verilated.cpp, verilated_threads.cpp)
// ~4 s. A runtime directory, one per Verilator, compiler, optimisation level and tracing, holds the
// runtime objects and verilated.h precompiled with exactly the flags Verilator's makefile gives the
// model (asked from make itself with a dry run). Every file of the model is compiled with that header
// included first, so GCC loads the precompiled one; should GCC ever refuse it (flags that no longer
// match), it parses verilated.h as usual: slower, never different.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <optional>
#include <sstream>

#include "cosim/cosim.h"
#include "errors.h"
#include "fsutil.h"
#include "tools/scratch.h"
#include "tools/tools.h"

namespace fs = std::filesystem;

namespace qrtl::verif {

namespace {

constexpr const char* kPchHeader = "qrtl_verilated.h";

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

tools::RunResult make(const std::string& obj, const std::string& mk, const std::vector<std::string>& vars,
                      const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {"make", "-f", mk};
  argv.insert(argv.end(), vars.begin(), vars.end());
  argv.insert(argv.end(), extra.begin(), extra.end());
  return tools::run(argv, obj);
}

// The compiler command make would run for `target` (a model or driver object), without the source,
// the output, dependency files and -include: the flags a header must be precompiled with to serve it.
std::vector<std::string> compile_flags(const std::string& obj, const std::string& mk,
                                       const std::vector<std::string>& vars, const std::string& target) {
  tools::RunResult r = make(obj, mk, vars, {"-n", "-B", target});
  std::istringstream lines(r.exit_code == 0 ? r.output : "");
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> w = split_words(line);
    auto out = std::find(w.begin(), w.end(), "-o");
    if (out == w.end() || out + 1 == w.end() || *(out + 1) != target) continue;
    std::vector<std::string> flags;
    for (size_t i = 0; i + 1 < w.size(); ++i) {  // the last word is the source
      if (w[i] == "-o" || w[i] == "-include") ++i;
      else if (w[i] != "-c" && w[i] != "-MMD") flags.push_back(w[i]);
    }
    return flags;
  }
  throw ToolError(fmt::format("make -n does not show how {} is compiled:\n{}", target, r.output));
}

// Builds the runtime directory `rt` (if no other process has): the precompiled header and the
// global runtime objects, from the verilated model in `obj` whose makefile is `mk`.
void ensure_runtime(const std::string& rt, const std::string& obj, const std::string& mk,
                    const std::vector<std::string>& vars, const std::string& driver_obj) {
  if (fs::exists(rt)) return;
  const tools::ScratchDir scratch(fs::path(rt).parent_path().string(), "rt-build");
  const std::string& tmp = scratch.path();
  // The header must exist for -include even if precompiling fails (then it is parsed as text).
  atomic_write_file(tmp + "/" + kPchHeader, "#include \"verilated.h\"\n");
  std::vector<std::string> pch = compile_flags(obj, mk, vars, driver_obj);
  pch.insert(pch.end(), {"-x", "c++-header", tmp + "/" + kPchHeader, "-o", tmp + "/" + kPchHeader + ".gch"});
  tools::run(pch, obj);  // a failure only costs speed: without the .gch the header is parsed
  tools::RunResult globals = make(obj, mk, vars, {"-s", "--eval", "qrtl_globals: ; @echo $(VK_GLOBAL_OBJS)", "qrtl_globals"});
  std::vector<std::string> objs = split_words(globals.output);
  if (globals.exit_code != 0 || objs.empty())
    throw ToolError("cannot read the Verilator runtime objects from its makefile:\n" + globals.output);
  // Without -include: the runtime directory is not in place yet (verilated.cpp includes the header).
  std::vector<std::string> rt_vars = vars;
  rt_vars.push_back("VM_USER_CFLAGS=");
  rt_vars.insert(rt_vars.end(), objs.begin(), objs.end());
  tools::RunResult built = make(obj, mk, rt_vars, {});
  if (built.exit_code != 0) throw ToolError("building the Verilator runtime failed:\n" + built.output);
  for (const auto& o : objs) fs::rename(obj + "/" + o, tmp + "/" + o);
  atomic_write_file(tmp + "/objects", fmt::format("{}\n", fmt::join(objs, "\n")));
  std::error_code ec;
  fs::rename(tmp, rt, ec);  // on failure another process finished first: its directory is used
}

// The model's build as Verilator's makefile would run it, minus two steps that cost more than the
// compiles of a small model: a Python script that writes V<top>__ALL.cpp (a list of #includes,
// written here) and archiving the one object into V<top>__ALL.a before linking (linked directly,
// with gold when it is installed).
// The compiler commands are make's own (a dry run), so the flags stay exactly the makefile's; the
// two compiles run in parallel as with make -j 2. Returns the tools' output on a failure ("" when
// built), or nothing (nothing run) when the dry run has an unexpected shape: the caller runs make.
std::optional<std::string> build_without_make(const std::string& obj, const std::string& mk,
                                              const std::vector<std::string>& vars, const std::string& model) {
  tools::RunResult dry = make(obj, mk, vars, {"-n", "-B"});
  if (dry.exit_code != 0) return std::nullopt;
  const std::string all = model + "__ALL";
  std::vector<std::vector<std::string>> compiles;
  std::vector<std::string> includes, link;
  std::istringstream lines(dry.output);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> w = split_words(line);
    if (w.empty()) continue;
    auto out = std::find(w.begin(), w.end(), "-o");
    const std::string target = out != w.end() && out + 1 != w.end() ? *(out + 1) : "";
    const bool includer = fs::path(w[0]).filename() == "python3" && w.size() > 1 &&
                          fs::path(w[1]).filename() == "verilator_includer";
    if (includer) {
      if (!includes.empty() || w.size() < 5 || w[w.size() - 2] != ">" || w.back() != all + ".cpp") return std::nullopt;
      includes.assign(w.begin() + 2, w.end() - 2);
    } else if (std::find(w.begin(), w.end(), "-c") != w.end() && !target.empty()) {
      if (!fs::exists(obj + "/" + target)) compiles.push_back(w);  // the runtime's objects are in place
    } else if (target == model) {
      if (!link.empty()) return std::nullopt;
      link = w;
      auto archive = std::find(link.begin(), link.end(), all + ".a");
      if (archive == link.end()) return std::nullopt;
      *archive = all + ".o";
      // GNU gold links a model about 3x faster than the default BFD linker (0.1 s against 0.3 s).
      if (tools::has_tool("ld.gold")) link.insert(link.begin() + 1, "-fuse-ld=gold");
    }
  }
  if (includes.empty() || compiles.empty() || link.empty()) return std::nullopt;
  std::string text = "// The makefile's " + all + ".cpp, written by qrtl\n";
  for (const auto& inc : includes) {
    if (inc.rfind("-D", 0) == 0 && inc.find('=') != std::string::npos)
      text += "#define " + inc.substr(2, inc.find('=') - 2) + " " + inc.substr(inc.find('=') + 1) + "\n";
    else
      text += "#include \"" + inc + "\"\n";
  }
  atomic_write_file(obj + "/" + all + ".cpp", text);
  std::string error;
  std::vector<std::future<tools::RunResult>> running;
  for (const auto& c : compiles) running.push_back(std::async(std::launch::async, [&obj, c] { return tools::run(c, obj); }));
  for (auto& f : running) {
    tools::RunResult r = f.get();
    if (r.exit_code != 0) error += r.output;
  }
  if (error.empty()) {
    tools::RunResult r = tools::run(link, obj);
    if (r.exit_code != 0) error = r.output;
  }
  return error;
}

}  // namespace

std::string build_simulator(const Generated& g, const std::vector<std::pair<std::string, std::string>>& driver,
                            bool trace, const std::string& cache_dir_in, uint64_t cycles) {
  const std::string cache_dir = cache_dir_in.empty() ? default_cache_dir() : cache_dir_in;
  // Verilator's makefiles and the compiler commands taken from them split words at blanks.
  if (cache_dir.find_first_of(" \t\n") != std::string::npos)
    throw UsageError(fmt::format("cache directory '{}' contains a blank, which Verilator's makefiles cannot build in: "
                                 "choose another with --cache or QRTL_CACHE_DIR", cache_dir));
  // The model's own C++ is compiled at -O1, or -O0 for a short run (QRTL_VERILATOR_OPT overrides):
  // compile time dominates a cosim, and -O1 compiles a large model ~30% faster than Verilator's -Os
  // while simulating at about the same speed; -O0 is faster again but simulates several times slower.
  const char* opt = std::getenv("QRTL_VERILATOR_OPT");
  const std::string level = opt && *opt ? opt : cycles <= kShortRun ? "-O0" : "-O1";
  const char* cxx = std::getenv("CXX");
  const std::string compiler = cxx && *cxx ? cxx : "g++";
  const std::string verilator = tools::tool_version("verilator", cache_dir);
  const std::string rt = fmt::format("{}/verilator-runtime-{:016x}", cache_dir,
                                     fnv1a64(fmt::format("{}|{}|{}|{}", verilator, tools::tool_version(compiler, cache_dir),
                                                         level, trace)));

  // Verilator 5.006 miscompiles some bit-level logic in two of its optimizers, so both are off:
  // -fno-dfg: the DFG optimizer left a ps_dot lanes=2 sum bit stale; -fno-const-bit-op-tree: the
  // bit-operation tree folding gets {(x[3] & x[2]), (x[1] & x[0])} of a zero-extended slice wrong
  // (upstream issues #4059, #4832, #5186). Icarus and Yosys agree with the results of this build.
  std::vector<std::string> argv = {"verilator", "--cc", "--exe", "-fno-dfg", "-fno-const-bit-op-tree",
                                   "--x-assign", "unique", "--x-initial", "unique",
                                   "-Wno-DECLFILENAME", "--top-module", g.top, "-Mdir", "obj", "-CFLAGS",
                                   fmt::format("-DQRTL_TRACE={} -include {}/{}", trace ? 1 : 0, rt, kPchHeader)};
  if (trace) argv.push_back("--trace");
  // A short run also keeps the design's module hierarchy (no inlining into one eval function):
  // about a third less C++ to compile for the multi-module blocks, for runs too short to notice
  // the calls.
  if (cycles <= kShortRun) argv.push_back("-fno-inline");
  // One translation unit per model: Verilator splits a larger model into many .cpp files and then
  // compiles each separately, parsing its headers every time; concatenated (as it does for small
  // models) the C++ of a model takes less than half the CPU time (measured: mx_dot e4m3 k=32 7.4 s
  // -> 1.6 s, apack_enc lanes=2 14.1 s -> 6.1 s). The tests already build two models at once.
  const std::vector<std::string> vars = {"OPT_FAST=" + level, "OPT_SLOW=" + level, "VM_PARALLEL_BUILDS=0"};

  // The cache key: the RTL, the driver, the Verilator version and every flag above (and the layout
  // of a build directory: "make.vars" is written since 2026-12-07).
  std::string key = g.sv + verilator + fmt::format("{} {} make.vars", fmt::join(argv, " "), fmt::join(vars, " "));
  for (const auto& [name, text] : driver) key += name + text;
  const std::string final_dir = fmt::format("{}/{}-{:016x}", cache_dir, g.top, fnv1a64(key));
  const std::string exe = final_dir + "/obj/V" + g.top;
  if (fs::exists(exe)) return exe;

  const tools::ScratchDir scratch(cache_dir, "build");  // make_dirs creates the cache directory too
  const std::string& tmp = scratch.path();
  atomic_write_file(tmp + "/" + g.top + ".sv", g.sv);
  argv.push_back(g.top + ".sv");
  for (const auto& [name, text] : driver) {
    atomic_write_file(tmp + "/" + name, text);
    argv.push_back(name);
  }
  auto fail = [&](const std::string& step, const std::string& output) {
    std::string out = output.size() > 4000 ? output.substr(0, 4000) + "\n..." : output;
    return ToolError(fmt::format("{} of {} failed:\n{}", step, g.top, out));
  };
  tools::RunResult r = tools::run(argv, tmp);
  if (r.exit_code != 0) throw fail("verilator", r.output);

  const std::string obj = tmp + "/obj", mk = "V" + g.top + ".mk";
  const std::string driver_obj = fs::path(driver.at(0).first).replace_extension(".o").string();
  ensure_runtime(rt, obj, mk, vars, driver_obj);
  // Fresh copies of the runtime objects are newer than the model's makefile, so make keeps them.
  for (const auto& o : split_words(read_file(rt + "/objects"))) fs::copy_file(rt + "/" + o, obj + "/" + o);
  // The make variables beside the makefile: `make -f V<top>.mk $(cat make.vars)` rebuilds it as built.
  atomic_write_file(obj + "/make.vars", fmt::format("{}\n", fmt::join(vars, " ")));
  std::optional<std::string> error = build_without_make(obj, mk, vars, "V" + g.top);
  if (!error) {
    r = make(obj, mk, vars, {"-j", "2"});
    error = r.exit_code != 0 ? r.output : "";
  }
  if (!error->empty()) throw fail("verilator build", *error);

  std::error_code ec;
  fs::rename(tmp, final_dir, ec);  // on failure another process built the same model first: use theirs
  if (ec && !fs::exists(exe)) throw ToolError(fmt::format("cannot move the simulator of {} into {}", g.top, final_dir));
  return exe;
}

}  // namespace qrtl::verif
