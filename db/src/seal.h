// The seal over the file's contents (SE1). Internal to db/.
//
// Every row of every table the kiosk reads, and every event, is hashed with
// BLAKE2b under a key derived from the desk's secret key (db/keys.h), and the
// hashes are XORed into one digest. The store keeps the digest up to date in
// the same transaction as every write (the touched rows are mixed out before
// and in after: XOR is its own inverse), and the chain head carries it,
// signed with the desk's key together with the head. A desk checks it at
// start by reading every row once: a role, a PIN hash or an event's person
// changed with sqlite3 no longer matches, and without the key nobody can make
// a digest or a signature that does. (Keyed hashes, because an unkeyed XOR of
// row hashes can be steered to any value by choosing enough rows.)
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <string_view>

#include "chain.h"
#include "core/state.h"

namespace db::seal {

// 32 zero bytes: the digest of no rows.
[[nodiscard]] std::string empty();

// Mixes the rows `touched` names, as the file holds them now, into `digest`.
// Call before writing them (takes the old rows out) and after (puts the new in).
void mix_touched(SQLite::Database& db, std::string_view key, const core::Touched& touched, std::string& digest);
// Mixes the event at `seq` into `digest` (after appending it; before deleting it).
void mix_event(SQLite::Database& db, std::string_view key, std::int64_t seq, std::string& digest);
// The digest of everything sealed, read afresh.
[[nodiscard]] std::string digest_all(SQLite::Database& db, std::string_view key);

// What the desk's key signs: the head and the digest.
[[nodiscard]] std::string head_message(const chain::Head& head);

}  // namespace db::seal
