#include <gtest/gtest.h>
#include "core/decide.h"
TEST(Smoke, Builds) { core::State s; EXPECT_TRUE(core::decide(s, core::Export{.actor="system", .what="x"}, core::Time{}).allowed()); }
