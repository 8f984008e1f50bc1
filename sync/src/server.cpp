#include "sync/server.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>

#include "pg.h"

namespace tagsync {
namespace {

// sync/sql/NNN-*.sql, embedded by CMake as they are (the psql tests apply the same files).
constexpr const char* kMigrations[] = {
#include "server_migrations.inc"
};
static_assert(std::size(kMigrations) == kServerVersion);

// Any two callers of init take turns (an arbitrary key: "tagd" and 1).
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7461676401)";

int schema_version(pg::Connection& c) {
  if (c.exec("SELECT to_regclass('tagdesk.meta') IS NOT NULL").text(0, 0) != "t") return 0;
  return static_cast<int>(c.exec("SELECT version FROM tagdesk.meta").integer(0, 0));
}

std::string random_password() {
  if (sodium_init() < 0) throw Error("libsodium could not start");
  unsigned char bytes[24];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

// TOML's basic string: our values are URLs, codes and hex.
std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

InitResult init_server(const std::string& url) {
  auto c = pg::Connection::open(url, {});
  c.exec("BEGIN");
  c.exec(kMigrationLock);
  InitResult result{schema_version(c), kServerVersion};
  if (result.from > kServerVersion)
    throw Error("the server's tagdesk schema is version " + std::to_string(result.from) +
                ", newer than this tagdesk's (" + std::to_string(kServerVersion) +
                "): update tagdesk on this machine to manage it (desks of older versions still sync with it)");
  for (int v = result.from; v < kServerVersion; ++v) c.exec(kMigrations[v]);
  if (schema_version(c) != kServerVersion) throw Error("the server's schema did not reach its version");
  c.exec("COMMIT");
  return result;
}

Credentials add_desk(const std::string& url, const std::string& school, const std::string& kiosk) {
  auto c = pg::Connection::open(url, {});
  if (schema_version(c) == 0)
    throw Error("the server " + pg::public_url(url) + " has no tagdesk schema yet: run tagdesk server init URL first");
  Credentials out{pg::public_url(url), school, kiosk, "", random_password()};
  out.user = c.exec("SELECT tagdesk.desk_role($1, $2)", {school, kiosk}).text(0, 0);
  c.exec("SELECT tagdesk.add_desk($1, $2, $3)", {school, kiosk, c.encrypt_password(out.password, out.user)});
  return out;
}

void write_credentials(const std::filesystem::path& path, const Credentials& cr) {
  std::string text =
      "# tagdesk: desk \"" + cr.kiosk + "\" of school " + cr.school + " on the central server.\n"
      "# Private: anyone who reads this file can send events as this desk. Keep it\n"
      "# readable by the kiosk's user alone (0600), and name it in the desk's\n"
      "# /etc/tagdesk/tagdesk.toml:   [sync]\n"
      "#                              credentials = \"/etc/tagdesk/sync.toml\"\n"
      "[sync]\n"
      "url = " + quoted(cr.url) + "\n"
      "user = " + quoted(cr.user) + "\n"
      "password = " + quoted(cr.password) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  auto failed = [&](const char* what) {
    int e = errno;
    if (fd >= 0) ::close(fd);
    throw Error(std::string{"cannot "} + what + " " + path.string() + ": " + std::strerror(e));
  };
  if (fd < 0) failed("write");
  if (::fchmod(fd, 0600) != 0) failed("make private");
  for (std::size_t done = 0; done < text.size();) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      failed("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) failed("write");
  ::close(fd);
}

}  // namespace tagsync
