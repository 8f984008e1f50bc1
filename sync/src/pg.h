// A small RAII layer over libpq, internal to sync/: one connection, results
// freed on scope exit, every value through a parameter ($1, $2...), and the
// server's refusals turned into tagsync::Error with its message and hint.
//
//   auto c = pg::Connection::open(url, {.user = "tagdesk_s1_reception", .password = pw});
//   auto r = c.exec("SELECT pos FROM tagdesk.pull($1, $2)", {"0", "500"});
//   for (int i = 0; i < r.rows(); ++i) use(r.text(i, 0));
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sync/error.h"

struct pg_conn;
struct pg_result;

namespace tagsync::pg {

struct Login {
  std::string user;      // empty: the URL's, else libpq's defaults (PGUSER, the OS user)
  std::string password;  // empty: the URL's, else libpq's (PGPASSWORD, ~/.pgpass)
  int connect_timeout_s = 10;
  int answer_timeout_s = 60;  // a batch of 500 events takes well under a second
  // When readable (the sync worker's stop pipe), a connect or statement under
  // way is given up at once with Error.
  int wake_fd = -1;
};

class Result {
 public:
  explicit Result(pg_result* r);
  [[nodiscard]] int rows() const;
  [[nodiscard]] std::string text(int row, int column) const;
  [[nodiscard]] std::int64_t integer(int row, int column) const;

 private:
  std::unique_ptr<pg_result, void (*)(pg_result*)> r_;
};

class Connection {
 public:
  // Connects to a postgresql:// URL (or key=value string). Outside loopback,
  // TLS with the server's certificate checked against its name
  // (sslmode=verify-full) unless the URL or PGSSLMODE says otherwise.
  // Throws Error naming the server and what went wrong.
  [[nodiscard]] static Connection open(const std::string& url, const Login& login);

  // Runs one statement (several when there are no parameters). Throws Error.
  Result exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
  // libpq's SCRAM verifier for a role's password: the password never reaches the server.
  [[nodiscard]] std::string encrypt_password(const std::string& password, const std::string& role);

 private:
  Connection(pg_conn* c, const Login& login);
  [[nodiscard]] std::string lost() const;  // why the connection failed under a statement
  std::unique_ptr<pg_conn, void (*)(pg_conn*)> c_;
  int answer_timeout_s_ = 60;
  int wake_fd_ = -1;
};

// The URL without a user name or password in it, for messages and for the
// credentials file a desk is given.
[[nodiscard]] std::string public_url(const std::string& url);
// libpq's account of a failed connection ("connection to server at ... failed:
// FATAL:  password authentication failed for user ...") as a sentence saying
// what is wrong and what to do, with libpq's own words after it, on one line.
[[nodiscard]] std::string explained(const std::string& libpq_message);
// True when the URL's host (or PGHOST) is this machine: a Unix socket,
// localhost, 127.0.0.0/8 or ::1.
[[nodiscard]] bool is_loopback(const std::string& url);

}  // namespace tagsync::pg
