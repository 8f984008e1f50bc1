// tagdesk: the whole program is the command line; `tagdesk` alone starts the kiosk.
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return kiosk::run_cli(args, std::cout, std::cerr);
}
