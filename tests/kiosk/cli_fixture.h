// Runs the command line in process against a fresh database per test.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../db/temp_dir.h"
#include "db/store.h"
#include "kiosk/cli.h"

struct CliResult {
  int code;
  std::string out, err;
};

struct CliFixture : ::testing::Test {
  TempDir dir;
  std::string db = (dir / "school.sqlite").string();

  CliResult run(std::vector<std::string> args, const std::string& database = "") {
    args.insert(args.begin(), "tagdesk");
    args.push_back("--db");
    args.push_back(database.empty() ? db : database);
    std::ostringstream out, err;
    int code = kiosk::run_cli(args, out, err);
    return {code, out.str(), err.str()};
  }
  std::string write(const std::string& name, const std::string& text) {
    auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::int64_t events(const std::string& database = "") {
    auto store = db::Store::open(database.empty() ? db : database);
    return store->event_count();
  }
  void SetUp() override { ASSERT_EQ(run({"init"}).code, 0); }
};

