// cairo keeps font faces, and fontconfig's patterns and configuration behind
// them, in process-wide caches that are never freed. Release them after the
// last test so LeakSanitizer reports only leaks of ours.
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <gtest/gtest.h>

namespace {

class CairoStaticData : public ::testing::Environment {
 public:
  void TearDown() override {
    cairo_debug_reset_static_data();
    FcFini();
  }
};

[[maybe_unused]] const auto* const kRegistered = ::testing::AddGlobalTestEnvironment(new CairoStaticData);

}  // namespace
