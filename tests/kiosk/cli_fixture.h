// Runs the command line in process against a fresh database per test.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "../db/temp_dir.h"
#include "db/store.h"
#include "cli/cli.h"

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
  // As run(), with `input` on standard input (PINs: tagdesk reads them there, never from arguments).
  CliResult run_with_input(std::vector<std::string> args, const std::string& input, const std::string& database = "") {
    std::istringstream in(input);
    auto* saved = std::cin.rdbuf(in.rdbuf());
    auto r = run(std::move(args), database);
    std::cin.rdbuf(saved);
    return r;
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


// A small register: a staff laptop with its charger and kit, a second laptop not encrypted, a retired camera.
inline const char* kDevices =
    "id,asset_tag,serial,name,make,model,kind,owner,home_location,status,sensitivity,encrypted,"
    "encryption_verified,mdm_enrolled,equipment_class,equipment_type,pat_interval_months,purchase_date,"
    "disposal_date,disposal_route,accessories,notes\n"
    "LT001,NFA-1001,SN1,Staff laptop 1,Dell,Latitude 5440,staff-laptop,school,Staff room,available,by-kind,yes,"
    "2026-09-01,yes,II,it,,2025-08-20,,,CH001;case,\"Screen, scratched\"\n"
    "LT002,NFA-1002,SN2,Staff laptop 2,Dell,Latitude 5440,staff-laptop,school,Staff room,available,by-kind,no,"
    ",no,II,it,,,,,,\n"
    "CH001,NFA-2001,,Charger 1,Dell,65W,charger,school,Staff room,available,no,no,,no,I,portable,,,,,,\n"
    "CAM01,,CSN9,Camera 1,Canon,EOS,camera,trust,Art,retired,yes,no,,no,battery,hand-held,,2019-01-01,2026-07-01,"
    "WEEE,,\n";
