#include "chain.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <map>
#include <optional>
#include <set>

namespace db::chain {
namespace {

void feed(crypto_generichash_state& st, std::string_view bytes) {
  // Length-prefixing keeps ("ab","c") and ("a","bc") apart.
  std::uint64_t n = bytes.size();
  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
  crypto_generichash_update(&st, len, sizeof len);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string blob(SQLite::Statement& q, int column) {
  auto c = q.getColumn(column);
  return std::string{static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())};
}

struct PurgedRow {
  std::string hash;
  std::int64_t purge_seq = 0;
};

std::string seq_text(std::int64_t seq) { return "event " + std::to_string(seq); }

}  // namespace

std::string genesis() { return std::string(crypto_generichash_BYTES, '\0'); }

std::string link(std::string_view prev, const std::vector<std::string>& fields) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
  feed(st, prev);
  for (const auto& f : fields) feed(st, f);
  std::string out(crypto_generichash_BYTES, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::string to_hex(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  hex.pop_back();
  return hex;
}

std::string purge_digest(const std::vector<std::pair<std::int64_t, std::string>>& purged) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
  for (const auto& [seq, hash] : purged) {
    feed(st, std::to_string(seq));
    feed(st, hash);
  }
  std::string out(crypto_generichash_BYTES, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return to_hex(out);
}

void write_head(SQLite::Database& db, const Head& head) {
  SQLite::Statement q{db, "INSERT OR REPLACE INTO chain_head (id, seq, hash, events) VALUES (1, ?, ?, ?)"};
  q.bind(1, static_cast<int64_t>(head.seq));
  q.bind(2, head.hash.data(), static_cast<int>(head.hash.size()));
  q.bind(3, static_cast<int64_t>(head.events));
  q.exec();
}

ChainCheck verify(SQLite::Database& db) {
  ChainCheck check;
  auto fail = [&](std::int64_t seq, std::string why) {
    check.ok = false;
    check.first_bad_seq = seq;
    check.problem = std::move(why);
    return check;
  };

  std::map<std::int64_t, PurgedRow> purged;
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::string>>> by_purge;
  {
    SQLite::Statement q{db, "SELECT seq, hash, purge_seq FROM purged ORDER BY seq"};
    while (q.executeStep()) {
      PurgedRow row{blob(q, 1), q.getColumn(2).getInt64()};
      by_purge[row.purge_seq].emplace_back(q.getColumn(0).getInt64(), row.hash);
      purged.emplace(q.getColumn(0).getInt64(), std::move(row));
    }
  }
  std::map<std::int64_t, std::int64_t> gaps_by_purge;  // purge_seq -> first gap it must vouch for
  std::set<std::int64_t> vouched;

  std::string expected_prev = genesis();
  std::int64_t expected_seq = 1;
  SQLite::Statement q{db,
                      "SELECT seq, id, type, at, kiosk, actor, authoriser, data, prev_hash, hash FROM events ORDER BY seq"};
  while (q.executeStep()) {
    auto seq = q.getColumn(0).getInt64();
    // A gap is fine only where a purge listed the event it left.
    for (; expected_seq < seq; ++expected_seq) {
      auto it = purged.find(expected_seq);
      if (it == purged.end() || it->second.purge_seq <= expected_seq)
        return fail(expected_seq, seq_text(expected_seq) + " is missing (the next is " + std::to_string(seq) + ")");
      gaps_by_purge.try_emplace(it->second.purge_seq, expected_seq);
      expected_prev = it->second.hash;
    }
    if (seq != expected_seq) return fail(seq, seq_text(seq) + " is out of place");
    auto prev = blob(q, 8);
    if (prev != expected_prev) return fail(seq, seq_text(seq) + " does not follow the event before it");
    auto type = q.getColumn(2).getString();
    auto data = q.getColumn(7).getString();
    auto recomputed = link(prev, {q.getColumn(1).getString(), type, q.getColumn(3).getString(),
                                  q.getColumn(4).getString(), q.getColumn(5).getString(),
                                  q.getColumn(6).getString(), data});
    if (recomputed != blob(q, 9)) return fail(seq, seq_text(seq) + " was changed after it was written");
    if (type == "records.purged") {
      // The event is intact, so its digest is what the purge wrote: the list must match it.
      auto j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
      std::string digest = j.is_object() ? j.value("digest", "") : "";
      const auto& rows = by_purge[seq];
      if (digest != purge_digest(rows))
        return fail(seq, "the list of events deleted by the purge at " + seq_text(seq) + " was changed");
      vouched.insert(seq);
    }
    expected_prev = std::move(recomputed);
    ++expected_seq;
    ++check.events;
  }
  for (const auto& [purge_seq, first_gap] : gaps_by_purge)
    if (!vouched.contains(purge_seq))
      return fail(first_gap, seq_text(first_gap) + " was deleted outside a recorded purge");

  auto last_seq = expected_seq - 1;
  check.head_seq = last_seq;
  check.head_hash = last_seq > 0 ? to_hex(expected_prev) : "";
  check.purged = static_cast<std::int64_t>(purged.size());

  std::optional<Head> head;
  SQLite::Statement h{db, "SELECT seq, hash, events FROM chain_head WHERE id = 1"};
  if (h.executeStep()) head = Head{h.getColumn(0).getInt64(), blob(h, 1), h.getColumn(2).getInt64()};
  if (!head) {
    if (last_seq == 0) return check;
    return fail(last_seq, "the record of the log's last event is missing");
  }
  if (head->seq > last_seq)
    return fail(last_seq + 1, "the log ends at event " + std::to_string(last_seq) + " but was last written at event " +
                                  std::to_string(head->seq) + ": events were removed from the end");
  if (head->seq < last_seq)
    return fail(head->seq + 1, seq_text(head->seq + 1) + " onwards were added outside tagdesk");
  if (head->hash != expected_prev)
    return fail(last_seq, seq_text(last_seq) + " is not the last event tagdesk wrote");
  if (head->events != check.events)
    return fail(last_seq, "the log holds " + std::to_string(check.events) + " events but tagdesk wrote " +
                              std::to_string(head->events));
  return check;
}

}  // namespace db::chain
