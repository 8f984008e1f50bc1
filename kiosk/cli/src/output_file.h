// Writes a command's output to --out FILE, or to standard output.
//
// A file is written beside its target and renamed into place, so a failed
// export or report never leaves half a file.
//
//   if (!kiosk::write_output(cli, opts->out, text)) return;   // cli.fail() already said why
#pragma once

#include <string>
#include <string_view>

#include "cli/cli.h"

namespace kiosk {

// Empty path = cli.out. Returns false (after cli.fail) when the file cannot be written.
bool write_output(Cli& cli, const std::string& path, std::string_view bytes);

}  // namespace kiosk
