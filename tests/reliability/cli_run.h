// Runs `tagdesk ARGS...` in process, as the reliability tests drive the command line.
//
//   std::string err;
//   EXPECT_EQ(reliability::cli({"verify", "--db", path}, nullptr, &err), 1);
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace reliability {

inline int cli(std::vector<std::string> args, std::string* out_text = nullptr, std::string* err_text = nullptr) {
  std::ostringstream out, err;
  args.insert(args.begin(), "tagdesk");
  int code = kiosk::run_cli(args, out, err);
  if (out_text) *out_text = out.str();
  if (err_text) *err_text = err.str();
  return code;
}

}  // namespace reliability
