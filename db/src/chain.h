// The hash chain over the event log (SE1). Internal to db/.
//
// hash(n) = BLAKE2b-256(hash(n-1) || the event's fields, each length-prefixed),
// so changing, removing, inserting or reordering any event breaks every link
// after it. Two anchors cover what links alone cannot see:
// - the chain head (last seq, last hash, number of events), written in the
//   same transaction as every append, so events cut off the end are noticed;
// - the purged list, whose digest a records.purged event carries, so events
//   deleted by a retention purge (DP3) leave a gap the chain can vouch for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sodium.h>

#include "db/store.h"

namespace SQLite { class Database; }

namespace db::chain {

// Feeds `bytes` into a BLAKE2b state, length first.
void feed(crypto_generichash_state& st, std::string_view bytes);

[[nodiscard]] std::string genesis();  // 32 zero bytes: the link before the first event
[[nodiscard]] std::string link(std::string_view prev, const std::vector<std::string>& fields);

// Hex of BLAKE2b-256 over the (seq, hash) pairs, in the order given (ascending seq).
[[nodiscard]] std::string purge_digest(const std::vector<std::pair<std::int64_t, std::string>>& purged);
[[nodiscard]] std::string to_hex(std::string_view bytes);

// Walks the whole log in `db` (read only) and names the first broken link.
[[nodiscard]] ChainCheck verify(SQLite::Database& db);

// The recorded head: the last event's seq and hash, and how many events
// there are; from schema 8 also the seal's digest (seal.h) and the desk key's
// signature over all four (empty in a head written before).
struct Head {
  std::int64_t seq = 0;
  std::string hash;  // raw bytes
  std::int64_t events = 0;
  std::string digest;     // raw bytes
  std::string signature;  // raw bytes
};
// Writes the head inside the caller's transaction.
void write_head(SQLite::Database& db, const Head& head);
// The head as recorded, if any.
[[nodiscard]] std::optional<Head> read_head(SQLite::Database& db);
// The public key the database was sealed with (raw), empty before schema 8's first open.
[[nodiscard]] std::string public_key(SQLite::Database& db);
// Whether the recorded head's signature is the recorded key's; empty when it
// is (or the file has neither yet), else what is wrong.
[[nodiscard]] std::string signature_problem(SQLite::Database& db);

}  // namespace db::chain
