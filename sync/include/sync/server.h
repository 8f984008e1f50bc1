// The central server, as a trust's administrator sets it up: the schema
// (sync/sql, versioned like the SQLite ladder) and a role per desk.
//
//   auto done = tagsync::init_server("postgresql://db.trust.example/tagdesk");   // {0, 1}: made
//   auto creds = tagsync::add_desk(url, "S1", "reception");
//   tagsync::write_credentials("reception.toml", creds);   // 0600
//
// The URL's user must own the schema and be allowed to create roles (the
// database's owner with CREATEROLE, or a superuser). Throws tagsync::Error.
#pragma once

#include <filesystem>
#include <string>

#include "sync/error.h"

namespace tagsync {

inline constexpr int kServerVersion = 2;  // the number of files in sync/sql

struct InitResult {
  int from = 0;  // 0: the schema was made
  int to = 0;
};
[[nodiscard]] InitResult init_server(const std::string& url);

// What a desk needs to sync: the server (without the administrator's user or
// password) and its own role and password.
struct Credentials {
  std::string url, school, kiosk, user, password;
};
// Makes the school if it is new, and the desk and its role; for a desk that
// exists, a new password (its old one stops working).
[[nodiscard]] Credentials add_desk(const std::string& url, const std::string& school, const std::string& kiosk);

// Writes the credentials as a [sync] section of tagdesk.toml's format, private
// to the user (0600, also when the file was there), refusing a symbolic link.
void write_credentials(const std::filesystem::path& path, const Credentials& credentials);

}  // namespace tagsync
