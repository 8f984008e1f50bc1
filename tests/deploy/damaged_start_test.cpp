// The kiosk checks its database at start; on a damaged file it does not open
// the window but names the newest backup that verifies and how to restore it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../db/temp_dir.h"
#include "db/backup.h"
#include "cli/cli.h"
#include "fixtures/synthetic_school.h"

namespace {

TEST(KioskStart, ADamagedDatabaseIsRefusedAndTheLatestGoodBackupNamed) {
  TempDir dir;
  auto db = dir / "school.sqlite";
  {
    auto store = db::Store::open(db);
    ASSERT_TRUE(store) << store.error();
    fixtures::make_synthetic_school(300, 4000, *core::parse_time("2026-09-01T08:00:00"),
                                 [&](std::vector<core::Event>&& b) { store->commit(std::move(b)); });
    auto backup = db::backup_now(*store, dir / "backups", 3);
    ASSERT_TRUE(backup.ok) << backup.message;
  }
  {
    // A failing disk: a run of garbage through the middle of the file.
    std::fstream f{db, std::ios::in | std::ios::out | std::ios::binary};
    f.seekp(0, std::ios::end);
    auto size = static_cast<std::streamoff>(f.tellp());
    f.seekp(size / 2);
    std::string garbage(16384, '\xA5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  std::ofstream{dir / "tagdesk.toml"} << "[backup]\nfolder = \"" << (dir / "backups").string() << "\"\n";

  std::ostringstream out, err;
  int code = kiosk::run_cli({"tagdesk", "kiosk", "--db", db.string(), "--config", (dir / "tagdesk.toml").string()},
                            out, err);
  EXPECT_EQ(code, kiosk::kExitRefused);
  EXPECT_NE(err.str().find("the latest good backup is " + (dir / "backups").string()), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("tagdesk restore"), std::string::npos) << err.str();
}

}  // namespace
