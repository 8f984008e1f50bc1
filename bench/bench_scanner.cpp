// Scanner benchmarks: milliseconds per camera frame (p50 and p99 computed
// from every iteration's own time) and recognition on real photographs,
// ours against one default ZXing pass. scripts/bench-scanner runs it.
#define ZX_USE_UTF8 1

#include <ZXing/ReadBarcode.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "decode_passes.h"
#include "image_helpers.h"
#include "scanner/decode.h"
#include "scanner/labels.h"
#include "scanner/tag.h"

using namespace scanner;

namespace {

enum class Scene { NoCode, Clean, Noisy };

// A desk-like background: smooth shading plus sensor noise.
GreyImage background(int w, int h) {
  GreyImage g(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) g.at(x, y) = static_cast<std::uint8_t>(110 + 60 * x / w + 30 * y / h);
  return test::add_noise(g, 4, 1);
}

GreyImage frame(int w, int h, Scene scene) {
  auto g = background(w, h);
  if (scene == Scene::NoCode) return g;
  const LabelSpec spec{LabelKind::Asset, encode_tag("DEMO", TagKind::Asset, "0042"), "iPad 17", "Demo School"};
  // A 62x29 label about 20 cm from a 720p webcam: ~100 dpi.
  const auto label = rasterise_label(spec, "62x29", 100).value();
  for (int y = 0; y < label.height; ++y)
    for (int x = 0; x < label.width; ++x) g.at(w / 3 + x, h / 3 + y) = label.at(x, y);
  if (scene == Scene::Noisy) g = test::add_noise(test::box_blur(g, 1), 20, 2);
  return g;
}

// CPU time of this thread: the cost on one core, unaffected by whatever
// else the machine runs (a shared build box's wall clock is not).
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void BM_decode_frame(benchmark::State& state) {
  const int w = static_cast<int>(state.range(0)), h = static_cast<int>(state.range(1));
  const auto scene = static_cast<Scene>(state.range(2));
  const auto image = frame(w, h, scene);
  std::vector<double> cpu, wall;
  std::size_t found = 0;
  for (auto _ : state) {
    const double c0 = thread_cpu_ms();
    const auto t0 = std::chrono::steady_clock::now();
    const auto codes = decode_frame(image.view());
    wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    cpu.push_back(thread_cpu_ms() - c0);
    found += codes.size();
    benchmark::DoNotOptimize(codes);
  }
  state.counters["cpu_p50_ms"] = percentile(cpu, 0.50);
  state.counters["cpu_p99_ms"] = percentile(cpu, 0.99);
  state.counters["wall_p50_ms"] = percentile(wall, 0.50);
  state.counters["wall_p99_ms"] = percentile(wall, 0.99);
  state.counters["read_%"] = 100.0 * static_cast<double>(found) / static_cast<double>(cpu.size());
  static constexpr const char* kScenes[] = {"no code", "clean code", "noisy code"};
  state.SetLabel(std::to_string(w) + "x" + std::to_string(h) + " " + kScenes[state.range(2)]);
}
BENCHMARK(BM_decode_frame)
    ->ArgNames({"w", "h", "scene"})
    ->ArgsProduct({{640}, {480}, {0, 1, 2}})
    ->ArgsProduct({{1280}, {720}, {0, 1, 2}})
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond);

// What each decoding pass costs on a frame without a code (where every pass
// runs to the end); decode_frame's relative_cost table comes from these.
void BM_pass(benchmark::State& state) {
  const int w = static_cast<int>(state.range(0)), h = static_cast<int>(state.range(1));
  const bool yuyv = state.range(2) != 0;
  const auto kind = detail::pass_order()[static_cast<std::size_t>(state.range(3))];
  const auto grey = frame(w, h, Scene::NoCode);
  const auto packed = test::to_yuyv(grey, 0);
  const FrameView view = yuyv ? FrameView{packed.data(), w, h, 0, PixelFormat::Yuyv} : grey.view();
  GreyImage scratch;
  std::vector<double> cpu;
  for (auto _ : state) {
    const double c0 = thread_cpu_ms();
    benchmark::DoNotOptimize(detail::run_pass(view, kind, scratch));
    cpu.push_back(thread_cpu_ms() - c0);
  }
  state.counters["cpu_p50_ms"] = percentile(cpu, 0.50);
  state.SetLabel(std::to_string(w) + "x" + std::to_string(h) + " " + (yuyv ? "yuyv " : "grey ") +
                 std::string(detail::pass_name(kind)));
}
BENCHMARK(BM_pass)
    ->ArgNames({"w", "h", "yuyv", "pass"})
    ->ArgsProduct({{640}, {480}, {0, 1}, {0, 1, 2, 3, 4}})
    ->ArgsProduct({{1280}, {720}, {0, 1}, {0, 1, 2, 3, 4}})
    ->Iterations(40)
    ->Unit(benchmark::kMillisecond);

struct Tally {
  int recognised = 0, wrong = 0, missed = 0;
};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void count(Tally& t, const std::vector<std::string>& texts, const std::string& expected) {
  if (texts.empty()) ++t.missed;
  else if (texts.front() == expected) ++t.recognised;
  else ++t.wrong;
}

// Recognition on the real photographs; prints a table, or says why not.
void photo_table(const std::filesystem::path& root) {
  std::printf("\nRecognition on real photographs (%s)\n", root.string().c_str());
  if (!std::filesystem::is_directory(root)) {
    std::printf("  not present: skipped\n");
    return;
  }
  std::printf("%-8s %6s | %-28s | %-28s\n", "set", "images", "one default ZXing pass", "tagdesk decode_frame");
  std::printf("%-8s %6s | %8s %8s %8s  | %8s %8s %8s\n", "", "", "read", "wrong", "missed", "read", "wrong", "missed");
  for (const char* set : {"set-1", "set-2"}) {
    Tally zxing, ours;
    int images = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root / set)) {
      if (entry.path().extension() != ".png") continue;
      const auto expected = read_text(std::filesystem::path(entry.path()).replace_extension(".txt"));
      const auto image = load_image(entry.path());
      if (!image) continue;
      ++images;
      std::vector<std::string> texts;
      for (const auto& r : ZXing::ReadBarcodes({image->pixels.data(), image->width, image->height, ZXing::ImageFormat::Lum}))
        if (r.isValid()) texts.push_back(r.text());
      count(zxing, texts, expected);
      texts.clear();
      for (const auto& c : decode_frame(image->view())) texts.push_back(c.text);
      count(ours, texts, expected);
    }
    std::printf("%-8s %6d | %8d %8d %8d  | %8d %8d %8d\n", set, images, zxing.recognised, zxing.wrong, zxing.missed,
                ours.recognised, ours.wrong, ours.missed);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const char* photos = std::getenv("TAGDESK_PHOTOS");
  photo_table(photos ? photos : TAGDESK_SOURCE_DIR "/../shared/data/qr-photos");
  return 0;
}
