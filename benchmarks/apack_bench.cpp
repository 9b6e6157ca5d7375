// APack software throughput (one core): encode (histogram + table + rANS lanes + container) and
// decode (parse + lanes + CRC) of a 4 MiB synthetic tensor, per lane count. Bytes/s counts the
// uncompressed tensor bytes. Targets: decode >= 200 MB/s, encode >= 100 MB/s; context mode (a
// spatially correlated feature map, 64 channels): decode >= 100 MB/s.
//   ./build/qrtl_bench --benchmark_filter=Apack
#include <benchmark/benchmark.h>

#include "golden/apack.h"
#include "golden/apack_synthetic.h"

namespace {

using namespace qrtl::apack;

const std::string& tensor(int kind) {
  static const std::string weights = synthetic::laplace_weights(size_t{4} << 20, 4.0, 1);
  static const std::string acts = synthetic::relu_activations(size_t{4} << 20, 0.5, 20.0, 0, 2);
  return kind ? acts : weights;
}

void BM_ApackEncode(benchmark::State& st) {
  const std::string& data = tensor(static_cast<int>(st.range(1)));
  EncodeOptions o;
  o.lanes = static_cast<int>(st.range(0));
  o.is_signed = st.range(1) ? 0 : 1;  // the key order of the dtype, as for a .npy
  for (auto _ : st) benchmark::DoNotOptimize(serialize(compress("", data, false, o)));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(data.size()));
}

void BM_ApackDecode(benchmark::State& st) {
  const std::string& data = tensor(static_cast<int>(st.range(1)));
  EncodeOptions o;
  o.lanes = static_cast<int>(st.range(0));
  const std::string file = serialize(compress("", data, false, o));
  for (auto _ : st) benchmark::DoNotOptimize(decode_file(file));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(data.size()));
}

// Context mode on a 4 MiB NHWC feature map of 64 channels (stride 64). Checks that the file is
// coded in context mode, so that the figure is not plain mode's.
void BM_ApackContextDecode(benchmark::State& st) {
  static const std::string data = synthetic::spatial_activations(size_t{4} << 20, 64, 0.9, 30.0, 3);
  EncodeOptions o;
  o.lanes = static_cast<int>(st.range(0));
  o.is_signed = 0;
  o.context = true;
  o.stride = 64;
  const SegmentedFile f = compress_segmented("", data, false, o);
  if (!f.segments.at(0).context.active()) st.SkipWithError("context mode was not chosen");
  const std::string file = serialize(f);
  for (auto _ : st) benchmark::DoNotOptimize(decode_file(file));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(data.size()));
  st.counters["ratio"] = static_cast<double>(file.size()) / static_cast<double>(data.size());
}

BENCHMARK(BM_ApackContextDecode)->ArgName("lanes")->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApackEncode)->ArgNames({"lanes", "acts"})->ArgsProduct({{1, 4, 16}, {0, 1}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApackDecode)->ArgNames({"lanes", "acts"})->ArgsProduct({{1, 4, 16}, {0, 1}})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
