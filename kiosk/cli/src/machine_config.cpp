#include "cli/machine_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace kiosk {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t prev = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::string closest(std::string_view key, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = 3;  // farther than this is no useful suggestion
  for (const auto& k : known)
    if (auto d = edit_distance(key, k); d < best_d) {
      best_d = d;
      best = k;
    }
  return best;
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// One known key: how to read it into the config, and what a good value looks like.
struct Key {
  std::string hint;
  std::function<bool(const toml::node&, MachineConfig&)> read;
};

Key text(std::string MachineConfig::*field, std::string hint) {
  return {std::move(hint), [field](const toml::node& n, MachineConfig& c) {
            auto v = n.value<std::string>();
            if (!v) return false;
            c.*field = *v;
            return true;
          }};
}

Key whole(int MachineConfig::*field, int lo, int hi, std::string hint) {
  return {std::move(hint), [field, lo, hi](const toml::node& n, MachineConfig& c) {
            auto v = n.value_exact<int64_t>();
            if (!v || *v < lo || *v > hi) return false;
            c.*field = static_cast<int>(*v);
            return true;
          }};
}

// A CUPS queue name: printable, at most 127 bytes, no space, tab, '/', '\\'
// or '#' (what lpadmin accepts). Empty: no printer.
bool is_printer_name(std::string_view name) {
  if (name.size() > 127) return false;
  return std::ranges::none_of(name, [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= ' ' || u == 0x7f || c == '/' || c == '\\' || c == '#';
  });
}

const std::map<std::string, std::map<std::string, Key>>& schema() {
  static const std::map<std::string, std::map<std::string, Key>> tables = {
      {"kiosk",
       {{"name", text(&MachineConfig::kiosk_name, "a short name for this kiosk, e.g. \"reception-1\"")},
        {"database", text(&MachineConfig::database, "a file path, e.g. \"/var/lib/tagdesk/school.sqlite\"")},
        {"fullscreen", {"true or false", [](const toml::node& n, MachineConfig& c) {
                          auto v = n.value_exact<bool>();
                          if (!v) return false;
                          c.fullscreen = *v;
                          return true;
                        }}},
        {"log_file", text(&MachineConfig::log_file, "a file path; leave it out to log to the journal")}}},
      {"screen",
       {{"scale", {"a number from 0.5 to 3.0, e.g. 1.25", [](const toml::node& n, MachineConfig& c) {
                     auto v = n.value<double>();
                     if (!v || *v < 0.5 || *v > 3.0) return false;
                     c.screen_scale = *v;
                     return true;
                   }}}}},
      {"camera", {{"device", text(&MachineConfig::camera, "a V4L2 device such as \"/dev/video0\", or \"\" for none")}}},
      {"scanner",
       {{"prefix", text(&MachineConfig::scanner_prefix, "the characters the scanner sends first, e.g. \"\"")},
        {"suffix", text(&MachineConfig::scanner_suffix, "the characters the scanner sends last, before Enter")}}},
      {"backup",
       {{"folder", text(&MachineConfig::backup_folder, "a folder on another disk, a USB stick or a share")},
        {"keep", whole(&MachineConfig::backup_keep, 1, 1000, "how many backups to keep, e.g. 14")},
        {"interval_hours", whole(&MachineConfig::backup_interval_hours, 1, 24 * 31, "hours between backups, e.g. 24")}}},
      {"printer",
       {{"name", {"a printer's name as `lpstat -p` lists it, e.g. \"Office_Laser\", or \"\" for none",
                  [](const toml::node& n, MachineConfig& c) {
                    auto v = n.value_exact<std::string>();
                    if (!v || !is_printer_name(*v)) return false;
                    c.printer = *v;
                    return true;
                  }}}}},
      {"sync",
       {{"url", text(&MachineConfig::sync_url, "the central server, e.g. \"postgresql://db.trust.example/tagdesk\"")},
        {"user", text(&MachineConfig::sync_user, "this desk's role, as `tagdesk server add-desk` made it")},
        {"password", text(&MachineConfig::sync_password, "this desk's password")},
        {"credentials", text(&MachineConfig::sync_credentials, "a file path, e.g. \"/etc/tagdesk/sync.toml\"")}}},
  };
  return tables;
}

template <class Map>
std::vector<std::string> names_of(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

}  // namespace

std::string ConfigProblem::text() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": " + message;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

std::expected<MachineConfig, std::vector<ConfigProblem>> parse_machine_config(std::string_view text,
                                                                              const std::string& file) {
  std::vector<ConfigProblem> problems;
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    problems.push_back({file, static_cast<int>(e.source().begin.line), std::string{e.description()},
                        "see the example in /usr/share/doc/tagdesk/tagdesk.toml"});
    return std::unexpected(problems);
  }
  MachineConfig config;
  const auto& tables = schema();
  for (const auto& [table_name, node] : root) {
    std::string name{table_name.str()};
    auto known_table = tables.find(name);
    if (known_table == tables.end()) {
      auto guess = closest(name, names_of(tables));
      problems.push_back({file, line_of(node), "unknown section [" + name + "]",
                          guess.empty() ? "the sections are [kiosk], [screen], [camera], [scanner], [backup], [printer] and [sync]"
                                        : "did you mean [" + guess + "]?"});
      continue;
    }
    const auto* table = node.as_table();
    if (!table) {
      problems.push_back({file, line_of(node), "'" + name + "' must be a section: [" + name + "]", ""});
      continue;
    }
    for (const auto& [key_name, value] : *table) {
      std::string key{key_name.str()};
      auto known = known_table->second.find(key);
      if (known == known_table->second.end()) {
        auto guess = closest(key, names_of(known_table->second));
        problems.push_back({file, line_of(value), "unknown key '" + key + "' in [" + name + "]",
                            guess.empty() ? "known keys: " + [&] {
                              std::string all;
                              for (const auto& k : names_of(known_table->second)) all += (all.empty() ? "" : ", ") + k;
                              return all;
                            }()
                                          : "did you mean '" + guess + "'?"});
        continue;
      }
      if (!known->second.read(value, config))
        problems.push_back({file, line_of(value), "bad value for " + name + "." + key, "expected " + known->second.hint});
    }
  }
  if (!problems.empty()) return std::unexpected(problems);
  return config;
}

std::expected<MachineConfig, std::vector<ConfigProblem>> load_machine_config(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return std::unexpected(std::vector<ConfigProblem>{
        {path.string(), 0, "cannot read the settings file", "check that it exists and is readable"}});
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_machine_config(buf.str(), path.string());
}

}  // namespace kiosk
