#include "seal.h"

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include "schema.h"

namespace db::seal {
namespace {

using chain::feed;

// The keyed hash of the row `q` stands on (every column, NULL apart from ''), XORed into `digest`.
void mix_row(SQLite::Statement& q, std::string_view key, std::string_view table, std::string& digest) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                          crypto_generichash_BYTES);
  feed(st, table);
  for (int i = 0; i < q.getColumnCount(); ++i) {
    auto c = q.getColumn(i);
    if (c.isNull()) {
      feed(st, "N");
      continue;
    }
    feed(st, "V");
    feed(st, {static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())});
  }
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash_final(&st, h, sizeof h);
  for (std::size_t i = 0; i < sizeof h; ++i) digest[i] = static_cast<char>(digest[i] ^ h[i]);
}

void mix_all(SQLite::Database& db, std::string_view key, const std::string& table, std::string& digest) {
  SQLite::Statement q{db, "SELECT * FROM " + table};
  while (q.executeStep()) mix_row(q, key, table, digest);
}

void mix_keys(SQLite::Database& db, std::string_view key, const std::string& table, const std::set<std::string>& ids,
              std::string& digest) {
  if (ids.empty()) return;
  SQLite::Statement q{db, "SELECT * FROM " + table + " WHERE id = ?"};
  for (const auto& id : ids) {
    q.bind(1, id);
    if (q.executeStep()) mix_row(q, key, table, digest);
    q.reset();
  }
}

}  // namespace

std::string empty() { return std::string(crypto_generichash_BYTES, '\0'); }

void mix_touched(SQLite::Database& db, std::string_view key, const core::Touched& t, std::string& digest) {
  if (t.settings) mix_all(db, key, "settings", digest);
  const std::pair<const char*, const std::set<std::string>*> tables[] = {
      {"people", &t.people},         {"devices", &t.devices},     {"slots", &t.slots},
      {"loans", &t.loans},           {"held", &t.held},           {"exemptions", &t.exemptions},
      {"approvals", &t.approvals},   {"audits", &t.audits},       {"confiscations", &t.confiscations},
      {"racks", &t.racks}};
  static_assert(std::size(tables) == std::size(schema::kProjectionTables));
  for (const auto& [table, ids] : tables) mix_keys(db, key, table, *ids, digest);
}

void mix_event(SQLite::Database& db, std::string_view key, std::int64_t seq, std::string& digest) {
  SQLite::Statement q{db, "SELECT * FROM events WHERE seq = ?"};
  q.bind(1, static_cast<int64_t>(seq));
  if (q.executeStep()) mix_row(q, key, "events", digest);
}

std::string digest_all(SQLite::Database& db, std::string_view key) {
  auto digest = empty();
  mix_all(db, key, "settings", digest);
  for (const char* table : schema::kProjectionTables) mix_all(db, key, table, digest);
  mix_all(db, key, "events", digest);
  return digest;
}

std::string head_message(const chain::Head& head) {
  std::string m = "tagdesk head 1";
  for (std::int64_t v : {head.seq, head.events})
    for (int i = 0; i < 8; ++i) m += static_cast<char>(static_cast<std::uint64_t>(v) >> (8 * i));
  m += head.hash;
  m += head.digest;
  return m;
}

}  // namespace db::seal
