#include "chain.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <map>
#include <optional>
#include <set>

#include "db/json.h"
#include "db/keys.h"
#include "seal.h"

namespace db::chain {

void feed(crypto_generichash_state& st, std::string_view bytes) {
  // Length-prefixing keeps ("ab","c") and ("a","bc") apart.
  std::uint64_t n = bytes.size();
  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
  crypto_generichash_update(&st, len, sizeof len);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

namespace {

std::string blob(SQLite::Statement& q, int column) {
  auto c = q.getColumn(column);
  if (c.getBytes() == 0) return {};
  return std::string{static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())};
}

struct PurgedRow {
  std::string hash;
  std::int64_t purge_seq = 0;
};

std::string seq_text(std::int64_t seq) { return "event " + std::to_string(seq); }

// Whether the row's person, device and slot columns (10 to 12 of `q`) are the
// subjects its linked data names; empty when they are.
std::string subjects_problem(const std::string& type, const std::string& data, SQLite::Statement& q) {
  auto j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return " cannot be read (its data is not JSON)";
  auto parsed = event_data_from_json(type, j);
  if (!parsed) return " cannot be read (" + parsed.error() + ")";
  auto subjects = core::subjects_of(*parsed);
  const std::pair<const char*, const std::string*> columns[] = {
      {"person", &subjects.person}, {"device", &subjects.device}, {"slot", &subjects.slot}};
  for (int i = 0; i < 3; ++i) {
    auto c = q.getColumn(10 + i);
    auto stored = c.isNull() ? std::string{} : c.getString();
    if (stored != *columns[i].second)
      return "'s " + std::string{columns[i].first} + " was changed to '" + stored + "' (the event is about '" +
             *columns[i].second + "')";
  }
  return {};
}

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

std::string to_hex(std::string_view bytes) { return hex(bytes); }

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
  SQLite::Statement q{db, "INSERT OR REPLACE INTO chain_head (id, seq, hash, events, digest, signature) "
                          "VALUES (1, ?, ?, ?, ?, ?)"};
  q.bind(1, static_cast<int64_t>(head.seq));
  q.bind(2, head.hash.data(), static_cast<int>(head.hash.size()));
  q.bind(3, static_cast<int64_t>(head.events));
  q.bind(4, head.digest.data(), static_cast<int>(head.digest.size()));
  q.bind(5, head.signature.data(), static_cast<int>(head.signature.size()));
  q.exec();
}

std::optional<Head> read_head(SQLite::Database& db) {
  // SELECT *: a backup from before schema 8 has no digest or signature.
  SQLite::Statement h{db, "SELECT * FROM chain_head WHERE id = 1"};
  if (!h.executeStep()) return std::nullopt;
  Head head{h.getColumn("seq").getInt64(), blob(h, h.getColumnIndex("hash")), h.getColumn("events").getInt64()};
  if (h.getColumnCount() > 4) {
    head.digest = blob(h, h.getColumnIndex("digest"));
    head.signature = blob(h, h.getColumnIndex("signature"));
  }
  return head;
}

std::string public_key(SQLite::Database& db) {
  if (!db.tableExists("seal")) return {};  // a backup from before schema 8
  SQLite::Statement q{db, "SELECT public_key FROM seal WHERE id = 1"};
  return q.executeStep() ? blob(q, 0) : std::string{};
}

std::string signature_problem(SQLite::Database& db) {
  auto key = public_key(db);
  auto head = read_head(db);
  if (key.empty() || !head) return {};
  if (!signature_ok(key, seal::head_message(*head), head->signature))
    return "the log's head is not signed by this database's key " + to_hex(key) +
           ": the log was rewritten outside tagdesk";
  return {};
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
                      "SELECT seq, id, type, at, kiosk, actor, authoriser, data, prev_hash, hash, person, device, slot "
                      "FROM events ORDER BY seq"};
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
    // The columns history and reports read by (who, which device, which box)
    // are not linked themselves: they are what the linked data says, or the
    // event was moved to someone else.
    if (auto problem = subjects_problem(type, data, q); !problem.empty()) return fail(seq, seq_text(seq) + problem);
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

  auto head = read_head(db);
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
  if (auto problem = signature_problem(db); !problem.empty()) return fail(last_seq, problem);
  check.public_key = to_hex(public_key(db));
  return check;
}

}  // namespace db::chain
