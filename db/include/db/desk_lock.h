// One desk per database file. A desk (the kiosk, `tagdesk headless`) holds an
// exclusive lock on <database>.desk for as long as it runs, and writes into
// it who it is; a second desk is refused with that name, and `tagdesk
// restore` refuses while the lock is held. The lock is the kernel's (flock),
// so a desk that dies, however it dies, frees it.
//
//   auto lock = db::DeskLock::take("school.sqlite", "Front desk");
//   if (!lock) die(lock.error());          // names the desk already running
//   if (auto who = db::DeskLock::holder("school.sqlite")) refuse(*who);
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

namespace db {

class DeskLock {
 public:
  [[nodiscard]] static std::expected<DeskLock, std::string> take(const std::filesystem::path& database,
                                                                 const std::string& kiosk);
  // The desk holding `database`, as it described itself ("kiosk "Front desk",
  // process 4242 on host hall-pc, since ..."), or nothing when no desk runs.
  [[nodiscard]] static std::optional<std::string> holder(const std::filesystem::path& database);
  // Whether the desk on `database` is waiting for SQLite's write lock now.
  [[nodiscard]] static bool desk_waits(const std::filesystem::path& database);

  // Raised while the desk waits to begin a write; lowered once it has begun
  // (or failed to). Each costs one system call.
  void raise_hand() const;
  void lower_hand() const;

  DeskLock(DeskLock&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), hand_fd_(std::exchange(other.hand_fd_, -1)) {}
  DeskLock& operator=(DeskLock&& other) noexcept;
  DeskLock(const DeskLock&) = delete;
  DeskLock& operator=(const DeskLock&) = delete;
  ~DeskLock();

 private:
  DeskLock(int fd, int hand_fd) : fd_(fd), hand_fd_(hand_fd) {}
  int fd_ = -1;
  int hand_fd_ = -1;  // <database>.desk-waits
};

// One sync per database file: the kiosk's background sync (and `tagdesk
// headless --config`'s) and `tagdesk sync` each hold an exclusive lock on
// <database>.sync while they sync it, so two never send and take the same
// events at once. `who` says what syncs ("tagdesk sync"); a second is
// refused naming the first.
class SyncLock {
 public:
  [[nodiscard]] static std::expected<SyncLock, std::string> take(const std::filesystem::path& database,
                                                                 const std::string& who);
  SyncLock(SyncLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  SyncLock& operator=(SyncLock&& other) noexcept;
  SyncLock(const SyncLock&) = delete;
  SyncLock& operator=(const SyncLock&) = delete;
  ~SyncLock();

 private:
  explicit SyncLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// What a second desk is told.
[[nodiscard]] std::string second_desk_message(const std::filesystem::path& database, const std::string& holder);

}  // namespace db
