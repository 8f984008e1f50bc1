#include "pg.h"

#include <libpq-fe.h>

#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string_view>
#include <utility>

namespace tagsync::pg {
namespace {

// libpq's messages end in a newline.
std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The URL's options, as libpq reads them; throws on a malformed URL.
std::map<std::string, std::string> parse(const std::string& url) {
  char* problem = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &problem);
  if (!options) {
    auto why = trimmed(problem ? problem : "out of memory");
    PQfreemem(problem);
    throw Error("the server's address \"" + public_url(url) + "\" cannot be read: " + why +
                " (write it as postgresql://HOST:PORT/DATABASE)");
  }
  std::map<std::string, std::string> out;
  for (auto* o = options; o->keyword; ++o)
    if (o->val && *o->val) out.emplace(o->keyword, o->val);
  PQconninfoFree(options);
  return out;
}

bool loopback_host(std::string_view host) {
  return host.empty() || host.starts_with('/') || host.starts_with('@') || host == "localhost" ||
         host.starts_with("127.") || host == "::1";
}

// The server's words: its message, and its hint when it gives one.
std::string server_problem(const PGresult* r, const PGconn* c) {
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  auto text = trimmed(primary ? primary : PQerrorMessage(c));
  if (const char* hint = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_HINT) : nullptr) text += "\n" + std::string{hint};
  return text;
}

enum class Ready { Yes, TimedOut, Woken };

// Waits until `socket` is ready for `events`, the deadline passes, or
// `wake_fd` (if any) becomes readable. Throws Error when poll fails.
Ready wait_for(int socket, short events, std::chrono::steady_clock::time_point deadline, int wake_fd) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Ready::TimedOut;
    pollfd fds[2] = {{.fd = socket, .events = events, .revents = 0}, {.fd = wake_fd, .events = POLLIN, .revents = 0}};
    int ready = ::poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw Error(std::string{"cannot wait for the central server: "} + std::strerror(errno));
    if (ready == 0) return Ready::TimedOut;
    if (wake_fd >= 0 && fds[1].revents) return Ready::Woken;
    return Ready::Yes;
  }
}

}  // namespace

std::string explained(const std::string& libpq_message) {
  // On one line: libpq's second lines are tab-indented hints.
  std::string said;
  for (char ch : trimmed(libpq_message)) {
    if (ch == '\n' || ch == '\t') {
      if (!said.empty() && !said.ends_with(' ')) said += ' ';
    } else {
      said += ch;
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> kWhat[] = {
      {"Connection refused", "nothing answers at that address: the server is stopped, or PostgreSQL does not listen "
                             "there (listen_addresses, port)"},
      {"could not translate host name", "its host name is not known here: check the url in [sync], and this "
                                        "machine's network"},
      {"No route to host", "this machine's network cannot reach it"},
      {"Network is unreachable", "this machine's network cannot reach it"},
      {"password authentication failed", "it refused this desk's user name or password: the desk's credentials "
                                         "were replaced (each tagdesk server add-desk makes new ones); name the "
                                         "newest file in [sync]"},
      {"no pg_hba.conf entry", "it does not let this machine in: its pg_hba.conf needs a hostssl line with "
                               "scram-sha-256 for the desks' network"},
      {"database \"", "the url names a database it does not have: check the /DATABASE in the url"},
      {"root certificate file", "there is no certificate of the trust's CA to check the server's with: put it on "
                                "the desk and name it in the url (?sslrootcert=/etc/tagdesk/trust-ca.crt)"},
      {"certificate verify failed", "its TLS certificate is not signed by the CA named in the url's sslrootcert"},
      {"does not match host name", "its TLS certificate is for another host name: use the name on its "
                                   "certificate in the url"},
      {"server does not support SSL", "it does not offer TLS, which a desk outside this machine requires: set "
                                      "ssl = on in its postgresql.conf"},
      {"the database system is", "it is starting up or shutting down: the desk tries again by itself"},
      {"too many clients", "it has no connection free (max_connections): the desk tries again by itself"},
      {"closed the connection unexpectedly", "the connection to it was lost: the desk tries again by itself"},
      {"Connection reset", "the connection to it was lost: the desk tries again by itself"},
      {"SSL SYSCALL", "the connection to it was lost: the desk tries again by itself"},
      {"terminating connection", "it closed the connection: the desk tries again by itself"},
  };
  for (const auto& [clue, what] : kWhat)
    if (said.find(clue) != std::string::npos) return std::string{what} + " (libpq: " + said + ")";
  return said;
}

std::string public_url(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url.find("password") == std::string::npos ? url : "(the server)";
  auto start = scheme + 3;
  auto end = url.find_first_of("/?", start);
  auto authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  auto at = authority.rfind('@');
  auto out = at == std::string::npos
                 ? url
                 : url.substr(0, start) + authority.substr(at + 1) + (end == std::string::npos ? "" : url.substr(end));
  // ...and without a password=... parameter.
  if (auto query = out.find('?'); query != std::string::npos)
    for (auto p = out.find("password=", query); p != std::string::npos; p = out.find("password=", query)) {
      auto next = out.find('&', p);
      if (next != std::string::npos) out.erase(p, next - p + 1);  // and the '&' after it
      else out.erase(p - 1);                                      // and the '?' or '&' before it
    }
  return out;
}

bool is_loopback(const std::string& url) {
  auto options = parse(url);
  std::string hosts;
  if (auto h = options.find("hostaddr"); h != options.end()) hosts = h->second;
  else if (auto h2 = options.find("host"); h2 != options.end()) hosts = h2->second;
  else if (const char* env = std::getenv("PGHOST")) hosts = env;
  // A list of hosts is loopback only if every one is.
  std::size_t from = 0;
  while (true) {
    auto comma = hosts.find(',', from);
    if (!loopback_host(std::string_view{hosts}.substr(from, comma == std::string::npos ? comma : comma - from)))
      return false;
    if (comma == std::string::npos) return true;
    from = comma + 1;
  }
}

Result::Result(pg_result* r) : r_(r, PQclear) {}
int Result::rows() const { return PQntuples(r_.get()); }
std::string Result::text(int row, int column) const {
  return PQgetisnull(r_.get(), row, column) ? std::string{} : std::string{PQgetvalue(r_.get(), row, column)};
}
std::int64_t Result::integer(int row, int column) const { return std::strtoll(PQgetvalue(r_.get(), row, column), nullptr, 10); }

Connection::Connection(pg_conn* c, const Login& login)
    : c_(c, PQfinish), answer_timeout_s_(login.answer_timeout_s), wake_fd_(login.wake_fd) {}

Connection Connection::open(const std::string& url, const Login& login) {
  auto options = parse(url);
  if (!login.user.empty()) options["user"] = login.user;
  if (!login.password.empty()) options["password"] = login.password;
  if (!options.contains("sslmode") && !std::getenv("PGSSLMODE") && !is_loopback(url)) options["sslmode"] = "verify-full";
  options.try_emplace("application_name", "tagdesk");
  // A server that stops answering (a cable pulled, a VM paused) is noticed in
  // about half a minute rather than when TCP gives up, hours later.
  options.try_emplace("keepalives_idle", "10");
  options.try_emplace("keepalives_interval", "5");
  options.try_emplace("keepalives_count", "3");
  options.try_emplace("tcp_user_timeout", "30000");
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : options) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  // Step by step rather than PQconnectdbParams, so that a server that
  // accepts the connection and never answers (hung, paused) is given up at
  // the timeout, and a desk shutting down need not wait for it.
  Connection c{PQconnectStartParams(keys.data(), values.data(), /*expand_dbname=*/0), login};
  if (!c.c_) throw Error("out of memory connecting to the server");
  auto cannot = [&](const std::string& why) {
    return Error("cannot connect to the central server " + public_url(url) + ": " + why);
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{login.connect_timeout_s};
  for (auto step = PGRES_POLLING_WRITING; step != PGRES_POLLING_OK; step = PQconnectPoll(c.c_.get())) {
    if (step == PGRES_POLLING_FAILED || PQstatus(c.c_.get()) == CONNECTION_BAD)
      throw cannot(explained(PQerrorMessage(c.c_.get())));
    switch (wait_for(PQsocket(c.c_.get()), step == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline, login.wake_fd)) {
      case Ready::TimedOut: throw cannot("no answer within " + std::to_string(login.connect_timeout_s) + " s");
      case Ready::Woken: throw Error("stopped while connecting to the central server");
      case Ready::Yes: break;
    }
  }
  return c;
}

Result Connection::exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  int sent = params.empty() ? PQsendQuery(c_.get(), sql.c_str())
                            : PQsendQueryParams(c_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                                                values.data(), nullptr, nullptr, 0);
  if (!sent) throw Error(lost());
  // A server that accepts the connection and then never answers (hung, or
  // stopped under a live TCP connection) must not hang the desk's sync.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{answer_timeout_s_};
  while (PQisBusy(c_.get())) {
    auto ready = wait_for(PQsocket(c_.get()), POLLIN, deadline, wake_fd_);
    if (ready != Ready::Yes) {
      c_.reset();  // closing the connection rolls back whatever the server was doing for us
      if (ready == Ready::Woken) throw Error("stopped while waiting for the central server");
      throw Error("the central server did not answer within " + std::to_string(answer_timeout_s_) + " s");
    }
    if (!PQconsumeInput(c_.get())) throw Error(lost());
  }
  // One statement string may hold several: the last result is the one kept,
  // and the first error stops it.
  PGresult* last = nullptr;
  std::string problem;
  while (PGresult* r = PQgetResult(c_.get())) {
    auto status = PQresultStatus(r);
    if (problem.empty() && status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) problem = server_problem(r, c_.get());
    if (last) PQclear(last);
    last = r;
  }
  Result result{last};
  if (!problem.empty() || !last) throw Error(problem.empty() ? lost() : problem);
  return result;
}

std::string Connection::lost() const {
  return "the central server stopped answering: " + explained(PQerrorMessage(c_.get()));
}

std::string Connection::encrypt_password(const std::string& password, const std::string& role) {
  char* verifier = PQencryptPasswordConn(c_.get(), password.c_str(), role.c_str(), nullptr);
  if (!verifier) throw Error("cannot encrypt the desk's password: " + server_problem(nullptr, c_.get()));
  std::string out{verifier};
  PQfreemem(verifier);
  return out;
}

}  // namespace tagsync::pg
