#include "sync/desk.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "db/json.h"
#include "pg.h"

namespace tagsync {
namespace {

constexpr int kBatch = 500;  // events a round trip, either way

// Who the server takes these credentials to be, and how far it has them.
struct Hello {
  std::string school, kiosk;
  std::int64_t desk_seq = 0;
  std::string desk_head;
  std::int64_t school_pos = 0;
};

Hello hello(pg::Connection& c) {
  auto r = c.exec("SELECT school, kiosk, desk_seq, desk_head, school_pos FROM tagdesk.hello()");
  return {r.text(0, 0), r.text(0, 1), r.integer(0, 2), r.text(0, 3), r.integer(0, 4)};
}

pg::Connection connect(const Settings& s, int timeout_s = 10) {
  if (s.url.empty()) throw Error("no central server is set: [sync] url in tagdesk.toml, or the credentials file it names");
  return pg::Connection::open(s.url, {.user = s.user, .password = s.password, .connect_timeout_s = timeout_s});
}

std::string desk_name(const std::string& kiosk, const std::string& school) {
  return "desk \"" + kiosk + "\" of school " + school;
}

// The file and the server must agree on where this desk's sequence stands.
void check_in_step(const db::SyncState& local, const Hello& h) {
  if (h.school != local.school || h.kiosk != local.kiosk)
    throw Error("the credentials are " + desk_name(h.kiosk, h.school) + "'s, but this file syncs as " +
                desk_name(local.kiosk, local.school) + ": name that desk's credentials in tagdesk.toml's [sync]");
  auto where = " (the server has its events up to number " + std::to_string(h.desk_seq) + ", this file up to " +
               std::to_string(local.desk_seq) + ")";
  if (h.desk_seq > local.desk_seq)
    throw Error("this file is behind what " + desk_name(local.kiosk, local.school) + " already sent" + where +
                ": it was restored from an older backup, or copied. Nothing was sent. Keep it for the record, "
                "and rebuild the desk from the server with: tagdesk sync join URL --kiosk " + local.kiosk +
                " --db NEW-FILE");
  if (h.desk_seq < local.desk_seq)
    throw Error("the server has fewer of " + desk_name(local.kiosk, local.school) + "'s events than it acknowledged" +
                where + ": the server was restored from an older backup. Nothing was sent; ask the trust's "
                "administrator to restore the server's newest backup");
  if (h.desk_head != local.desk_head)
    throw Error("this desk's chain on the server differs from its own at event number " +
                std::to_string(local.desk_seq) + ": the file or the server was changed. Nothing was sent; run "
                "tagdesk verify");
}

std::int64_t push(pg::Connection& c, db::Store& store) {
  auto state = db::sync_state(store);
  std::int64_t pushed = 0;
  for (auto own = db::sync_unsent(store, kBatch); !own.empty(); own = db::sync_unsent(store, kBatch)) {
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
    db::sync_sent(store, receipts, state.desk_head);
    state.desk_seq = receipts.back().desk_seq;
    pushed += static_cast<std::int64_t>(receipts.size());
  }
  return pushed;
}

std::int64_t pull(pg::Connection& c, db::Store& store) {
  auto cursor = db::sync_state(store).cursor;
  std::int64_t applied = 0;
  while (true) {
    auto r = c.exec("SELECT pos, id, desk, type, at, kiosk, actor, authoriser, data FROM tagdesk.pull($1, $2)",
                    {std::to_string(cursor), std::to_string(kBatch)});
    std::vector<db::PulledEvent> events;
    std::string unreadable;
    for (int i = 0; i < r.rows() && unreadable.empty(); ++i) {
      auto pos = r.integer(i, 0);
      auto type = r.text(i, 3);
      auto at = core::parse_time(r.text(i, 4));
      auto json = nlohmann::json::parse(r.text(i, 8), nullptr, /*allow_exceptions=*/false);
      auto data = db::event_data_from_json(type, json);
      if (!at || !data) {
        // Kept on the server, never skipped: the cursor stops before it.
        unreadable = "the event at position " + std::to_string(pos) + " of the school's order (a " + type +
                     " from desk \"" + r.text(i, 2) + "\") cannot be read by this tagdesk (" +
                     (at ? data.error() : "bad time") +
                     "): update needed. Update tagdesk on this desk; the events from there on wait on the server";
        break;
      }
      events.push_back({core::Event{.id = r.text(i, 1), .kiosk = r.text(i, 5), .at = *at, .actor = r.text(i, 6),
                                    .authoriser = r.text(i, 7), .data = std::move(*data)},
                        pos});
    }
    bool more = r.rows() == kBatch && unreadable.empty();
    if (!events.empty()) {
      cursor = events.back().pos;
      applied += db::sync_pulled(store, std::move(events), cursor);
    }
    if (!unreadable.empty()) throw Error(unreadable);
    if (!more) return applied;
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
  auto c = connect(settings);
  auto h = hello(c);
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
  db::sync_join(store, h.school, h.kiosk, h.desk_seq, h.desk_head);
  result.pulled = sync_once(store, settings, now).pulled;
  return result;
}

SyncResult sync_once(db::Store& store, const Settings& settings, core::Time now) {
  auto local = db::sync_state(store);
  if (local.school.empty())
    throw Error("this file has not joined a central server: run tagdesk sync join URL --kiosk NAME first");
  auto c = connect(settings);
  check_in_step(local, hello(c));
  SyncResult r;
  r.pushed = push(c, store);
  r.pulled = pull(c, store);
  db::sync_finished(store, now);
  return r;
}

Status status(db::Store& store, const Settings& settings) {
  Status s{.local = db::sync_state(store), .waiting = db::sync_unsent_count(store)};
  try {
    auto c = connect(settings, 5);
    auto h = hello(c);
    s.reachable = true;
    s.to_pull = h.school_pos - s.local.cursor;
  } catch (const Error& e) {
    s.server_problem = e.what();
  }
  return s;
}

}  // namespace tagsync
