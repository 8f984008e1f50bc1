#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "window/frame_log.h"

namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("tagdesk-frame-log-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST(FrameLog, WritesOneWellFormedLinePerEventInOrder) {
  auto dir = fresh_dir("on");
  auto path = dir / "frames.log";
  {
    kiosk::FrameLog log{path.string()};
    ASSERT_TRUE(log.enabled());
    log.open();
    log.gl("llvmpipe (LLVM 15.0.6, 256 bits)", "4.5 (Compatibility Profile) Mesa 22.3.6");
    auto start = kiosk::FrameLog::now();
    log.frame(start, "home", 0);
    log.key("enter");
    log.frame(kiosk::FrameLog::now(), "handin\tslot", 1);  // a tab in a name must not split the line
    log.check(true);
  }
  auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_TRUE(std::regex_match(lines[5], std::regex{R"(check\t\d+\.\d{3}\tok)"})) << lines[5];
  EXPECT_TRUE(std::regex_match(lines[0], std::regex{R"(open\t\d+\.\d{3})"})) << lines[0];
  lines.erase(lines.begin());
  EXPECT_EQ(lines[0], "gl\tllvmpipe (LLVM 15.0.6, 256 bits)\t4.5 (Compatibility Profile) Mesa 22.3.6");
  const std::regex frame{R"(frame\t\d+\.\d{3}\t\d+\.\d{3}\t\d+\.\d{3}\t([^\t]+)\t(\d+))"};
  const std::regex key{R"(key\t\d+\.\d{3}\tenter)"};
  std::smatch m;
  ASSERT_TRUE(std::regex_match(lines[1], m, frame)) << lines[1];
  EXPECT_EQ(m[1], "home");
  EXPECT_EQ(m[2], "0");
  EXPECT_TRUE(std::regex_match(lines[2], key)) << lines[2];
  ASSERT_TRUE(std::regex_match(lines[3], m, frame)) << lines[3];
  EXPECT_EQ(m[1], "handin slot");
  EXPECT_EQ(m[2], "1");
  // Times share one monotonic clock, so they never go backwards.
  auto time_of = [](const std::string& line) { return std::stod(line.substr(line.find('\t') + 1)); };
  EXPECT_LE(time_of(lines[1]), time_of(lines[2]));
  EXPECT_LE(time_of(lines[2]), time_of(lines[3]));
  fs::remove_all(dir);
}

TEST(FrameLog, FrameLineGivesWallAndCpuMillisecondsOfTheFrame) {
  kiosk::FrameLog::Mark start{.wall_ms = 1000.0, .cpu_ms = 20.0};
  kiosk::FrameLog::Mark end{.wall_ms = 1012.5, .cpu_ms = 29.25};
  EXPECT_EQ(kiosk::frame_line(start, end, "result", 7), "frame\t1012.500\t12.500\t9.250\tresult\t7");
  EXPECT_EQ(kiosk::frame_line(start, end, "", 0), "frame\t1012.500\t12.500\t9.250\t-\t0");
}

TEST(FrameLog, DisabledWritesNothing) {
  auto dir = fresh_dir("off");
  auto before = fs::current_path();
  fs::current_path(dir);  // anything a disabled log wrote by mistake would land here
  {
    kiosk::FrameLog log{""};
    EXPECT_FALSE(log.enabled());
    log.open();
    log.gl("llvmpipe", "4.5");
    log.key("enter");
    log.frame(kiosk::FrameLog::now(), "home", 0);
  }
  fs::current_path(before);
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}
