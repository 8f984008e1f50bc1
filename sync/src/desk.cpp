#include "sync/desk.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/decide.h"
#include "db/json.h"
#include "steps.h"

namespace tagsync {
namespace {

std::string desk_name(const std::string& kiosk, const std::string& school) {
  return "desk \"" + kiosk + "\" of school " + school;
}

}  // namespace

namespace detail {

Hello hello(pg::Connection& c) {
  auto r = c.exec("SELECT school, kiosk, desk_seq, desk_head, school_pos FROM tagdesk.hello()");
  return {r.text(0, 0), r.text(0, 1), r.integer(0, 2), r.text(0, 3), r.integer(0, 4)};
}

pg::Connection connect(const Settings& s, pg::Login login) {
  if (s.url.empty()) throw Error("no central server is set: [sync] url in tagdesk.toml, or the credentials file it names");
  login.user = s.user;
  login.password = s.password;
  return pg::Connection::open(s.url, login);
}

namespace {

// Whether this desk's next unacknowledged events, chained on from the file's
// head, reach the server's head for the desk: it has them already.
bool server_has_the_unacknowledged(db::SyncFile file, const db::SyncState& local, const Hello& h) {
  auto ahead = h.desk_seq - local.desk_seq;
  if (ahead > kBatch) return false;  // receipts are written after each batch: at most one is lost
  auto own = db::sync_unsent(file, static_cast<int>(ahead));
  if (static_cast<std::int64_t>(own.size()) != ahead) return false;
  auto head = local.desk_head;
  auto seq = local.desk_seq;
  for (const auto& e : own) head = desk_link(head, ++seq, e);
  return head == h.desk_head;
}

}  // namespace

void check_in_step(db::SyncFile file, const db::SyncState& local, const Hello& h) {
  if (h.school != local.school || h.kiosk != local.kiosk)
    throw Error("the credentials are " + desk_name(h.kiosk, h.school) + "'s, but this file syncs as " +
                desk_name(local.kiosk, local.school) + ": name that desk's credentials in tagdesk.toml's [sync]");
  auto where = " (the server has its events up to number " + std::to_string(h.desk_seq) + ", this file up to " +
               std::to_string(local.desk_seq) + ")";
  if (h.desk_seq > local.desk_seq && !server_has_the_unacknowledged(file, local, h))
    throw Error("this file is behind what " + desk_name(local.kiosk, local.school) + " already sent" + where +
                ": it was restored from an older backup, or copied. Nothing was sent. Keep it for the record, "
                "and rebuild the desk from the server with: tagdesk sync join URL --kiosk " + local.kiosk +
                " --db NEW-FILE");
  if (h.desk_seq < local.desk_seq)
    throw Error("the server has fewer of " + desk_name(local.kiosk, local.school) + "'s events than it acknowledged" +
                where + ": the server was restored from an older backup. Nothing was sent; ask the trust's "
                "administrator to restore the server's newest backup");
  if (h.desk_seq == local.desk_seq && h.desk_head != local.desk_head)
    throw Error("this desk's chain on the server differs from its own at event number " +
                std::to_string(local.desk_seq) + ": the file or the server was changed. Nothing was sent; run "
                "tagdesk verify");
}

std::int64_t push(pg::Connection& c, db::SyncFile file) {
  auto state = db::sync_state(file);
  std::int64_t pushed = 0;
  for (auto own = db::sync_unsent(file, kBatch); !own.empty(); own = db::sync_unsent(file, kBatch)) {
    auto batch = nlohmann::json::array();
    std::vector<db::Receipt> receipts;
    for (const auto& e : own) {
      auto seq = state.desk_seq + static_cast<std::int64_t>(receipts.size()) + 1;
      state.desk_head = desk_link(state.desk_head, seq, e);
      batch.push_back({{"seq", seq}, {"id", e.id}, {"type", e.type}, {"at", e.at}, {"kiosk", e.kiosk},
                       {"actor", e.actor}, {"authoriser", e.authoriser}, {"data", e.data}, {"hash", state.desk_head}});
      receipts.push_back({.seq = e.seq, .desk_seq = seq});
    }
    auto r = c.exec("SELECT seq, pos, receipt FROM tagdesk.ingest($1::jsonb)", {batch.dump()});
    if (r.rows() != static_cast<int>(receipts.size()))
      throw Error("the server acknowledged " + std::to_string(r.rows()) + " of " + std::to_string(receipts.size()) +
                  " events sent");
    for (int i = 0; i < r.rows(); ++i) {
      auto& receipt = receipts[static_cast<std::size_t>(i)];
      if (r.integer(i, 0) != receipt.desk_seq) throw Error("the server's receipts are out of order");
      receipt.pos = r.integer(i, 1);
      receipt.link = r.text(i, 2);
    }
    db::sync_sent(file, receipts, state.desk_head);
    state.desk_seq = receipts.back().desk_seq;
    pushed += static_cast<std::int64_t>(receipts.size());
    // What waited when the round began is sent: a desk busy enough to add
    // events faster than a round trip would otherwise never get to its pull.
    if (own.size() < static_cast<std::size_t>(kBatch)) break;
  }
  return pushed;
}

Fetched fetch(pg::Connection& c, std::int64_t cursor, const std::string& skip_desk) {
  return read_batch(c.exec("SELECT pos, id, desk, type, at, kiosk, actor, authoriser, data FROM tagdesk.pull($1, $2)",
                           {std::to_string(cursor), std::to_string(kBatch)}),
                    cursor, skip_desk);
}

Fetched read_batch(const pg::Result& r, std::int64_t cursor, const std::string& skip_desk) {
  Fetched out{.cursor = cursor, .more = r.rows() == kBatch};
  for (int i = 0; i < r.rows(); ++i) {
    auto pos = r.integer(i, 0);
    auto type = r.text(i, 3);
    auto desk = r.text(i, 2);
    auto at = core::parse_time(r.text(i, 4));
    auto json = nlohmann::json::parse(r.text(i, 8), nullptr, /*allow_exceptions=*/false);
    auto data = db::event_data_from_json(type, json);
    if (!at || !data) {
      // Kept on the server, never skipped: the cursor stops before it.
      out.unreadable = "the event at position " + std::to_string(pos) + " of the school's order (a " + type +
                       " from desk \"" + desk + "\") cannot be read by this tagdesk (" +
                       (at ? data.error() : "bad time") +
                       "): update needed. Update tagdesk on this desk; the events from there on wait on the server";
      out.more = false;
      return out;
    }
    out.cursor = pos;
    if (!skip_desk.empty() && desk == skip_desk) continue;
    out.events.push_back({core::Event{.id = r.text(i, 1), .kiosk = r.text(i, 5), .at = *at, .actor = r.text(i, 6),
                                      .authoriser = r.text(i, 7), .data = std::move(*data)},
                          pos});
  }
  return out;
}

}  // namespace detail

namespace {

std::int64_t pull(pg::Connection& c, db::Store& store) {
  std::int64_t applied = 0;
  for (auto cursor = db::sync_state(store).cursor;;) {
    auto batch = detail::fetch(c, cursor);
    if (batch.cursor != cursor) applied += db::sync_pulled(store, std::move(batch.events), batch.cursor);
    if (!batch.unreadable.empty()) throw Error(batch.unreadable);
    if (!batch.more) return applied;
    cursor = batch.cursor;
  }
}

void feed(crypto_hash_sha256_state& st, std::string_view bytes) {
  // As the server's tagdesk.lp(): the length as 8 bytes, most significant first.
  std::uint64_t n = bytes.size();
  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * (7 - i)));
  crypto_hash_sha256_update(&st, len, sizeof len);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

std::string desk_link(const std::string& prev_hex, std::int64_t desk_seq, const db::OwnEvent& e) {
  if (sodium_init() < 0) throw Error("libsodium could not start");
  unsigned char prev[crypto_hash_sha256_BYTES];
  std::size_t prev_len = 0;
  if (sodium_hex2bin(prev, sizeof prev, prev_hex.data(), prev_hex.size(), nullptr, &prev_len, nullptr) != 0 ||
      prev_len != sizeof prev)
    throw Error("this desk's chain head in the file is not a SHA-256 link: run tagdesk verify");
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, prev, sizeof prev);
  for (const std::string& field : {std::to_string(desk_seq), e.id, e.type, e.at, e.kiosk, e.actor, e.authoriser, e.data})
    feed(st, field);
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

JoinResult join(db::Store& store, const Settings& settings, const std::string& kiosk, core::Time now) {
  auto c = detail::connect(settings);
  auto h = detail::hello(c);
  if (h.kiosk != kiosk)
    throw Error("the credentials in the settings are " + desk_name(h.kiosk, h.school) + "'s, not desk \"" + kiosk +
                "\"'s: name the file `tagdesk server add-desk URL --school " + h.school + " --kiosk " + kiosk +
                "` wrote in tagdesk.toml's [sync]");
  auto local = db::sync_state(store);
  if (!local.school.empty()) {
    if (local.school != h.school || local.kiosk != h.kiosk)
      throw Error("this file already syncs as " + desk_name(local.kiosk, local.school));
    return {h.school, false, 0};  // joined before: nothing to do
  }
  JoinResult result{h.school, h.school_pos == 0, 0};
  if (!result.published && store.event_count() > 0)
    throw Error("school " + h.school + " is on the server already (" + std::to_string(h.school_pos) +
                " events), and this file has a history of its own: a desk that joins a school already on the "
                "server starts from a new file (--db NEW-FILE), built from the server");
  if (result.published && !store.state().racks.contains("")) {
    // Issue 21: the pouches on no rack are the publishing desk's, so a desk
    // that joins later gives out none until an administrator moves it a rack.
    auto d = core::decide(store.state(), core::MoveRack{.actor = std::string{core::kSystemActor}, .rack = "",
                                                        .first = "", .last = "", .to = kiosk}, now);
    if (d.allowed()) store.commit(d.events);
  }
  db::sync_join(store, h.school, h.kiosk, h.desk_seq, h.desk_head);
  result.pulled = sync_once(store, settings, now).pulled;
  return result;
}

SyncResult sync_once(db::Store& store, const Settings& settings, core::Time now) {
  auto local = db::sync_state(store);
  if (local.school.empty())
    throw Error("this file has not joined a central server: run tagdesk sync join URL --kiosk NAME first");
  auto c = detail::connect(settings);
  detail::check_in_step(store, local, detail::hello(c));
  SyncResult r;
  r.pushed = detail::push(c, store);
  r.pulled = pull(c, store);
  db::sync_finished(store, now);
  return r;
}

Status status(db::Store& store, const Settings& settings) {
  Status s{.local = db::sync_state(store), .waiting = db::sync_unsent_count(store),
           .conflicts = db::sync_conflict_count(store)};
  try {
    auto c = detail::connect(settings, {.connect_timeout_s = 5});
    auto h = detail::hello(c);
    s.reachable = true;
    s.to_pull = h.school_pos - s.local.cursor;
  } catch (const Error& e) {
    s.server_problem = e.what();
  }
  return s;
}

}  // namespace tagsync
