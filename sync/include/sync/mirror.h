// A trust's view of its schools: a local copy of a school's events on the
// central server, pulled with the trust administrator's own login and kept
// in a database file of its own, so that every report runs on it through
// the same core code as on a desk (`tagdesk report ... --server URL`).
//
//   for (auto& code : tagsync::schools(url)) {
//     auto store = db::Store::open(mirror_file(code));
//     tagsync::mirror(url, code, *store);   // what is new since the last time
//     auto r = core::overdue_report(store->state(), now);
//   }
//
// A mirror only takes events, never sends any. Throws tagsync::Error (the
// server) and db::Error (the file).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/store.h"
#include "sync/error.h"

namespace tagsync {

// The server's address without a user name or password in it: for messages
// and the mirrors' file names.
[[nodiscard]] std::string public_server(const std::string& url);

// The schools on the server, by code.
[[nodiscard]] std::vector<std::string> schools(const std::string& url);

// Brings `store`, a mirror of `school` (a new, empty file the first time),
// up to the server's order. Returns how many events it took.
std::int64_t mirror(const std::string& url, const std::string& school, db::Store& store);

}  // namespace tagsync
