#include "sync/mirror.h"

#include "db/sync_log.h"
#include "steps.h"

namespace tagsync {
namespace {

constexpr const char* kMirrorKiosk = "(trust mirror)";

}  // namespace

std::string public_server(const std::string& url) { return pg::public_url(url); }

std::vector<std::string> schools(const std::string& url) {
  auto c = pg::Connection::open(url, {});
  auto r = c.exec("SELECT code FROM tagdesk.schools ORDER BY code");
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

std::int64_t mirror(const std::string& url, const std::string& school, db::Store& store) {
  auto c = pg::Connection::open(url, {});
  auto local = db::sync_state(store);
  if (local.school.empty()) {
    if (c.exec("SELECT count(*) FROM tagdesk.schools WHERE code = $1", {school}).integer(0, 0) == 0) {
      std::string known;
      for (const auto& code : schools(url)) known += (known.empty() ? "" : ", ") + code;
      throw Error("the server " + pg::public_url(url) + " has no school " + school +
                  (known.empty() ? " (it has none yet)" : " (it has " + known + ")"));
    }
    if (store.event_count() > 0) throw Error("a trust's mirror starts from an empty file");
    db::sync_join(store, school, kMirrorKiosk, 0, std::string(64, '0'));
  } else if (local.school != school || local.kiosk != kMirrorKiosk) {
    throw Error("this file is not a mirror of school " + school);
  }
  std::int64_t taken = 0;
  for (auto cursor = db::sync_state(store).cursor;;) {
    auto batch = detail::read_batch(
        c.exec("SELECT e.pos, e.id, d.kiosk, e.type, e.at, e.kiosk, e.actor, e.authoriser, e.data "
               "FROM tagdesk.events e JOIN tagdesk.desks d ON d.desk = e.desk "
               "JOIN tagdesk.schools s ON s.school = e.school "
               "WHERE s.code = $1 AND e.pos > $2 ORDER BY e.pos LIMIT $3",
               {school, std::to_string(cursor), std::to_string(detail::kBatch)}),
        cursor);
    if (batch.cursor != cursor) taken += db::sync_pulled(store, std::move(batch.events), batch.cursor);
    if (!batch.unreadable.empty()) throw Error(batch.unreadable);
    if (!batch.more) return taken;
    cursor = batch.cursor;
  }
}

}  // namespace tagsync
