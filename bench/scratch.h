// A benchmark's scratch folder, made once per process under
// TAGDESK_BENCH_SCRATCH (/dev/shm measures the code without the disk's fsync)
// or the temporary folder, and removed at exit (copies of the large database
// are a gigabyte), after the stores opened in it, which are made after it.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace bench {

inline std::filesystem::path scratch() {
  namespace fs = std::filesystem;
  static const fs::path dir = [] {
    const char* base = std::getenv("TAGDESK_BENCH_SCRATCH");
    auto d = fs::path{base && *base ? base : fs::temp_directory_path().string()} /
             ("tagdesk-bench-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  static const struct Removed {
    fs::path dir;
    ~Removed() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } removed{dir};
  return dir;
}

}  // namespace bench
