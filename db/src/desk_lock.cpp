#include "db/desk_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <system_error>
#include <utility>

namespace db {
namespace {

namespace fs = std::filesystem;

fs::path lock_path(const fs::path& database) { return fs::path{database.string() + ".desk"}; }
fs::path hand_path(const fs::path& database) { return fs::path{database.string() + ".desk-waits"}; }
fs::path sync_path(const fs::path& database) { return fs::path{database.string() + ".sync"}; }

std::string cannot_create(const fs::path& path) {
  return "cannot create " + path.string() + ": " + std::error_code{errno, std::generic_category()}.message();
}

std::string read_all(int fd) {
  std::string text;
  std::array<char, 512> buf{};
  ssize_t n = 0;
  (void)::lseek(fd, 0, SEEK_SET);
  while ((n = ::read(fd, buf.data(), buf.size())) > 0) text.append(buf.data(), static_cast<std::size_t>(n));
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text.empty() ? "a desk that has not said who it is" : text;
}

// `what` runs here, now: "kiosk "Front desk", process 4242 on host hall-pc, since ...".
std::string describe_self(const std::string& what) {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  auto now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::array<char, 32> since{};
  std::strftime(since.data(), since.size(), "%Y-%m-%d %H:%M", &tm);
  return what + ", process " + std::to_string(::getpid()) + " on host " + host.data() + ", since " +
         since.data() + "\n";
}

// A lock file, held: its descriptor; or, when it is not, why: who holds it
// (`busy`), or why the file could not be made.
struct Held {
  int fd = -1;
  std::string problem;
  bool busy = false;
};

Held hold(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return {.problem = cannot_create(path)};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    auto who = read_all(fd);
    ::close(fd);
    return {.problem = who, .busy = true};
  }
  return {.fd = fd};
}

// Writes who holds the lock into its file, for the next one to be told.
void name_holder(int fd, const std::string& what) {
  auto self = describe_self(what);
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, self.data(), self.size(), 0) != static_cast<ssize_t>(self.size())) {
    // Still the lock, only unnamed: a second one is refused all the same.
  }
}

}  // namespace

std::expected<DeskLock, std::string> DeskLock::take(const fs::path& database, const std::string& kiosk) {
  auto lock = hold(lock_path(database));
  if (lock.fd < 0) return std::unexpected(lock.busy ? second_desk_message(database, lock.problem) : lock.problem);
  int fd = lock.fd;
  auto hand = hand_path(database);
  int hand_fd = ::open(hand.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
  if (hand_fd < 0) {
    auto problem = cannot_create(hand);
    ::close(fd);
    return std::unexpected(problem);
  }
  name_holder(fd, "kiosk \"" + kiosk + "\"");
  return DeskLock{fd, hand_fd};
}

bool DeskLock::desk_waits(const fs::path& database) {
  int fd = ::open(hand_path(database).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no desk has ever run on it here
  bool raised = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  ::close(fd);  // frees the shared lock too
  return raised;
}

void DeskLock::raise_hand() const {
  if (hand_fd_ >= 0) (void)::flock(hand_fd_, LOCK_EX);  // only a tester's instant LOCK_SH can delay it
}

void DeskLock::lower_hand() const {
  if (hand_fd_ >= 0) (void)::flock(hand_fd_, LOCK_UN);
}

std::optional<std::string> DeskLock::holder(const fs::path& database) {
  int fd = ::open(lock_path(database).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;  // no desk has ever run on it here
  std::optional<std::string> who;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) who = read_all(fd);
  ::close(fd);  // frees the shared lock too
  return who;
}

DeskLock& DeskLock::operator=(DeskLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    if (hand_fd_ >= 0) ::close(hand_fd_);
    fd_ = std::exchange(other.fd_, -1);
    hand_fd_ = std::exchange(other.hand_fd_, -1);
  }
  return *this;
}

DeskLock::~DeskLock() {
  if (fd_ >= 0) ::close(fd_);  // the kernel drops the lock with the last descriptor
  if (hand_fd_ >= 0) ::close(hand_fd_);
}

std::expected<SyncLock, std::string> SyncLock::take(const fs::path& database, const std::string& who) {
  auto lock = hold(sync_path(database));
  if (lock.busy)
    return std::unexpected(database.string() + " is being synced already, by " + lock.problem +
                           ". One sync at a time: a kiosk (or tagdesk headless) whose settings have [sync] syncs "
                           "by itself, so do not also run tagdesk sync for it; tagdesk sync status shows how it stands");
  if (lock.fd < 0) return std::unexpected(lock.problem);
  name_holder(lock.fd, who);
  return SyncLock{lock.fd};
}

SyncLock& SyncLock::operator=(SyncLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

SyncLock::~SyncLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::string second_desk_message(const fs::path& database, const std::string& holder) {
  return "another desk already runs on " + database.string() + " (" + holder +
         "). One desk per database file: stop that one first, or see the README's \"Running several desks\".";
}

}  // namespace db
