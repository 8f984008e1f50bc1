// Faults: a database locked by another program, a full disk, a read-only file.
// Each gives a clear message, no crash, and loses nothing: the state in memory
// after a failed commit equals the file.
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>
#include <sys/mount.h>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

#include "db/store.h"
#include "school.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;

db::Store school(const fs::path& path) {
  auto store = db::Store::open(path);
  EXPECT_TRUE(store) << store.error();
  store->commit(reliability::school_setup());
  return std::move(*store);
}

// Nothing lost: what the store holds is what a fresh open of the file reads.
void expect_memory_equals_file(const db::Store& store, const fs::path& path) {
  auto fresh = db::Store::open(path, {.create = false});
  ASSERT_TRUE(fresh) << fresh.error();
  EXPECT_EQ(store.state(), fresh->state());
  EXPECT_EQ(store.event_count(), fresh->event_count());
  EXPECT_TRUE(fresh->verify_chain().ok);
}

TEST(Faults, ALockHeldByAnotherProgramGivesAClearMessageAndLosesNothing) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto store = school(path);
  store.database().exec("PRAGMA busy_timeout = 300");  // the kiosk waits 5 s; the test need not
  reliability::Day day{5};
  store.commit(day.next(store.state(), "A"));
  auto before = store.state();
  auto count = store.event_count();

  SQLite::Database other{path.string(), SQLite::OPEN_READWRITE};
  other.exec("BEGIN IMMEDIATE");  // another program holds the write lock beyond the busy timeout
  auto tx = day.next(store.state(), "B");
  try {
    store.commit(tx);
    FAIL() << "the commit went through a held lock";
  } catch (const db::Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("busy"), std::string::npos) << message;
    EXPECT_NE(message.find("Nothing was saved"), std::string::npos) << message;
  }
  EXPECT_EQ(store.state(), before);
  EXPECT_EQ(store.event_count(), count);
  other.exec("ROLLBACK");
  // Released: the same transaction goes through, and the chain is whole.
  store.commit(tx);
  EXPECT_EQ(store.event_count(), count + static_cast<std::int64_t>(tx.size()));
  EXPECT_TRUE(store.verify_chain().ok);
  expect_memory_equals_file(store, path);
}

struct SmallDisk {
  fs::path dir;
  bool mounted = false;
  explicit SmallDisk(fs::path where, const char* size) : dir(std::move(where)) {
    fs::create_directories(dir);
    mounted = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, (std::string{"size="} + size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
  }
};

TEST(Faults, AFullDiskGivesAClearMessageAndLosesNothing) {
  TempDir dir;
  SmallDisk disk{dir / "small", "1m"};
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
  auto path = disk.dir / "s.sqlite";
  auto store = school(path);
  reliability::Day day{6};
  std::string message;
  int committed = 0;
  for (int i = 0; i < 20000 && message.empty(); ++i) {
    auto before = store.state();
    auto count = store.event_count();
    try {
      store.commit(day.next(store.state(), "F" + std::to_string(i)));
      ++committed;
    } catch (const db::Error& e) {
      message = e.what();
      EXPECT_EQ(store.state(), before);
      EXPECT_EQ(store.event_count(), count);
    }
  }
  ASSERT_FALSE(message.empty()) << "1 MB never filled";
  EXPECT_NE(message.find("full"), std::string::npos) << message;
  EXPECT_NE(message.find("Nothing was saved"), std::string::npos) << message;
  EXPECT_GT(committed, 10);
  std::printf("full disk after %d transactions: %s\n", committed, message.c_str());
  expect_memory_equals_file(store, path);
}

TEST(Faults, AReadOnlyFileIsRefusedOnOpenWithAClearMessage) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  { auto store = school(path); }
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir.path, fs::perms::all);
  // Root writes anything, so the child drops to nobody first.
  EXPECT_EXIT(
      {
        if (geteuid() == 0 && setuid(65534) != 0) std::_Exit(3);
        auto store = db::Store::open(path);
        std::_Exit(!store && store.error().find("cannot write") != std::string::npos ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

TEST(Faults, AFileThatBecomesReadOnlyMidWayLosesNothing) {
  TempDir dir;
  SmallDisk disk{dir / "disk", "8m"};
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  auto path = disk.dir / "s.sqlite";
  auto store = school(path);
  reliability::Day day{8};
  store.commit(day.next(store.state(), "A"));
  auto before = store.state();
  auto count = store.event_count();
  // The disk is remounted read-only under the running kiosk.
  if (::mount(nullptr, disk.dir.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
    GTEST_SKIP() << "cannot remount read-only here: " << std::strerror(errno);
  try {
    store.commit(day.next(store.state(), "B"));
    ADD_FAILURE() << "a commit to a read-only disk went through";
  } catch (const db::Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("Nothing was saved"), std::string::npos) << message;
    std::printf("read-only: %s\n", message.c_str());
  }
  EXPECT_EQ(store.state(), before);
  EXPECT_EQ(store.event_count(), count);
  ASSERT_EQ(::mount(nullptr, disk.dir.c_str(), nullptr, MS_REMOUNT, nullptr), 0);
  expect_memory_equals_file(store, path);
}

}  // namespace
