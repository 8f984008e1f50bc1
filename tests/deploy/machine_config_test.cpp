#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "cli/machine_config.h"

namespace {

using kiosk::parse_machine_config;

std::vector<kiosk::ConfigProblem> problems_of(std::string_view text) {
  auto cfg = parse_machine_config(text, "tagdesk.toml");
  EXPECT_FALSE(cfg) << "expected the file to be refused";
  return cfg ? std::vector<kiosk::ConfigProblem>{} : cfg.error();
}

TEST(MachineConfig, ReadsEveryKey) {
  auto cfg = parse_machine_config(R"(
[kiosk]
name = "reception-1"
database = "/var/lib/tagdesk/school.sqlite"
fullscreen = true
log_file = "/var/log/tagdesk.log"

[screen]
scale = 1.25

[camera]
device = "/dev/video2"

[scanner]
prefix = "]Q1"
suffix = "\t"

[backup]
folder = "/media/usb/backups"
keep = 30
interval_hours = 6

[printer]
name = "Office_Laser"
)", "tagdesk.toml");
  ASSERT_TRUE(cfg) << cfg.error().front().text();
  EXPECT_EQ(cfg->kiosk_name, "reception-1");
  EXPECT_EQ(cfg->database, "/var/lib/tagdesk/school.sqlite");
  EXPECT_TRUE(cfg->fullscreen);
  EXPECT_DOUBLE_EQ(cfg->screen_scale, 1.25);
  EXPECT_EQ(cfg->camera, "/dev/video2");
  EXPECT_EQ(cfg->scanner_prefix, "]Q1");
  EXPECT_EQ(cfg->scanner_suffix, "\t");
  EXPECT_EQ(cfg->backup_folder, "/media/usb/backups");
  EXPECT_EQ(cfg->backup_keep, 30);
  EXPECT_EQ(cfg->backup_interval_hours, 6);
  EXPECT_EQ(cfg->log_file, "/var/log/tagdesk.log");
  EXPECT_EQ(cfg->printer, "Office_Laser");
}

TEST(MachineConfig, AnEmptyFileMeansTheDefaults) {
  auto cfg = parse_machine_config("", "tagdesk.toml");
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->kiosk_name, "reception");
  EXPECT_FALSE(cfg->fullscreen);
  EXPECT_EQ(cfg->backup_keep, 14);
  EXPECT_EQ(cfg->printer, "");  // no Print button target until one is named
}

TEST(MachineConfig, ABadPrinterNameNamesItsLineAndWhatIsExpected) {
  auto p = problems_of("[printer]\nname = \"Office Laser\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 2);
  EXPECT_NE(p[0].text().find("tagdesk.toml:2: bad value for printer.name (expected a printer's name as `lpstat -p` "
                             "lists it, e.g. \"Office_Laser\""),
            std::string::npos)
      << p[0].text();
  EXPECT_EQ(problems_of("[printer]\nname = 3\n").size(), 1u);
  EXPECT_EQ(problems_of("[printer]\nname = \"a/b\"\n").size(), 1u);
  auto typo = problems_of("[printer]\nnmae = \"Office_Laser\"\n");
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_EQ(typo[0].hint, "did you mean 'name'?");
  auto section = problems_of("[printr]\nname = \"Office_Laser\"\n");
  ASSERT_EQ(section.size(), 1u);
  EXPECT_EQ(section[0].hint, "did you mean [printer]?");
}

TEST(MachineConfig, TheShippedExampleIsValid) {
  const char* source = std::getenv("TAGDESK_SOURCE_DIR");
  if (!source) GTEST_SKIP() << "TAGDESK_SOURCE_DIR not set";
  auto cfg = kiosk::load_machine_config(std::filesystem::path{source} / "packaging" / "tagdesk.toml");
  ASSERT_TRUE(cfg) << cfg.error().front().text();
  EXPECT_EQ(cfg->printer, "");  // commented out: a fresh install has no printer until one is named
}

TEST(MachineConfig, UnknownKeyNamesLineAndSuggestsTheRightOne) {
  auto p = problems_of("[kiosk]\nname = \"a\"\ndatabse = \"x.sqlite\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 3);
  EXPECT_EQ(p[0].text(), "tagdesk.toml:3: unknown key 'databse' in [kiosk] (did you mean 'database'?)");
}

TEST(MachineConfig, UnknownSectionIsRefused) {
  auto p = problems_of("[camrea]\ndevice = \"/dev/video0\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 1);
  EXPECT_NE(p[0].hint.find("[camera]"), std::string::npos);
}

TEST(MachineConfig, BadValuesSayWhatIsExpected) {
  auto p = problems_of("[screen]\nscale = 7\n[backup]\nkeep = \"many\"\ninterval_hours = 0\n[kiosk]\nfullscreen = \"yes\"\n");
  ASSERT_EQ(p.size(), 4u);
  std::string all;
  for (const auto& x : p) all += x.text() + "\n";
  EXPECT_NE(all.find("tagdesk.toml:2: bad value for screen.scale (expected a number from 0.5 to 3.0"), std::string::npos) << all;
  EXPECT_NE(all.find("tagdesk.toml:4: bad value for backup.keep"), std::string::npos) << all;
  EXPECT_NE(all.find("tagdesk.toml:5: bad value for backup.interval_hours"), std::string::npos) << all;
  EXPECT_NE(all.find("tagdesk.toml:7: bad value for kiosk.fullscreen (expected true or false)"), std::string::npos) << all;
}

TEST(MachineConfig, ATomlSyntaxErrorNamesItsLine) {
  auto p = problems_of("[kiosk]\nname = \"unterminated\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 2);
}

TEST(MachineConfig, AKeyOutsideASectionIsRefused) {
  auto p = problems_of("database = \"x\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 1);
}

TEST(MachineConfig, AMissingFileIsAClearProblem) {
  auto cfg = kiosk::load_machine_config("/nonexistent/tagdesk.toml");
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().front().text().find("cannot read the settings file"), std::string::npos);
}

}  // namespace
