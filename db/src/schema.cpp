#include "schema.h"

#include <SQLiteCpp/Transaction.h>

#include "db/store.h"

namespace db::schema {
namespace {

// Version 1: the event log and its projections. Projection rows keep the whole
// value as JSON; generated columns expose what reports and tools query by.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  at         TEXT NOT NULL,
  kiosk      TEXT NOT NULL,
  actor      TEXT NOT NULL,
  authoriser TEXT NOT NULL DEFAULT '',
  person     TEXT,
  device     TEXT,
  slot       TEXT,
  data       TEXT NOT NULL,
  prev_hash  BLOB NOT NULL,
  hash       BLOB NOT NULL
);
CREATE INDEX events_person ON events(person) WHERE person IS NOT NULL;
CREATE INDEX events_device ON events(device) WHERE device IS NOT NULL;
CREATE INDEX events_slot ON events(slot) WHERE slot IS NOT NULL;
CREATE INDEX events_type_at ON events(type, at);
-- The record is the truth: once written, an event is never changed (SE1).
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be changed'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be deleted'); END;

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE people (id TEXT PRIMARY KEY, data TEXT NOT NULL,
  card TEXT GENERATED ALWAYS AS (json_extract(data, '$.card')) VIRTUAL,
  form TEXT GENERATED ALWAYS AS (json_extract(data, '$.form')) VIRTUAL,
  active INTEGER GENERATED ALWAYS AS (json_extract(data, '$.active')) VIRTUAL);
CREATE TABLE devices (id TEXT PRIMARY KEY, data TEXT NOT NULL,
  asset_tag TEXT GENERATED ALWAYS AS (json_extract(data, '$.asset_tag')) VIRTUAL,
  status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL);
CREATE TABLE slots (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE loans (id TEXT PRIMARY KEY, data TEXT NOT NULL,
  device TEXT GENERATED ALWAYS AS (json_extract(data, '$.device')) VIRTUAL,
  borrower TEXT GENERATED ALWAYS AS (json_extract(data, '$.borrower')) VIRTUAL,
  due_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.due_at')) VIRTUAL);
CREATE TABLE held (id TEXT PRIMARY KEY, data TEXT NOT NULL,
  pupil TEXT GENERATED ALWAYS AS (json_extract(data, '$.pupil')) VIRTUAL);
CREATE TABLE exemptions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE approvals (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE audits (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE confiscations (id TEXT PRIMARY KEY, data TEXT NOT NULL);
)sql";

// Version 2: tamper evidence beyond the links themselves (SE1) and designed
// deletion (DP3).
// - chain_head holds the last event's seq and hash and the number of events,
//   written in the same transaction as every append, so removing events from
//   the end of the log (which leaves every remaining link intact) is noticed.
// - purged lists the (seq, hash) of every event a retention purge deleted; the
//   records.purged event that follows carries a digest of its rows, so the
//   chain still verifies across the gaps and the list cannot be edited unseen.
// - The delete trigger now lets through exactly the events listed in purged.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE chain_head (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  seq    INTEGER NOT NULL,
  hash   BLOB NOT NULL,
  events INTEGER NOT NULL
);
INSERT INTO chain_head (id, seq, hash, events)
  SELECT 1, seq, hash, (SELECT count(*) FROM events) FROM events ORDER BY seq DESC LIMIT 1;
CREATE TABLE purged (
  seq       INTEGER PRIMARY KEY,
  hash      BLOB NOT NULL,
  purge_seq INTEGER NOT NULL  -- the records.purged event that deleted it
);
CREATE INDEX purged_by ON purged(purge_seq);
DROP TRIGGER events_no_delete;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  WHEN NOT EXISTS (SELECT 1 FROM purged WHERE purged.seq = OLD.seq AND purged.hash = OLD.hash)
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be deleted'); END;
)sql";

constexpr const char* kLadder[] = {kVersion1, kVersion2};
static_assert(std::size(kLadder) == kSchemaVersion);

}  // namespace

void migrate(SQLite::Database& db, int from_version) {
  if (from_version >= kSchemaVersion) return;
  SQLite::Transaction tx{db, SQLite::TransactionBehavior::IMMEDIATE};
  for (int v = from_version; v < kSchemaVersion; ++v) db.exec(kLadder[v]);
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
  tx.commit();
}

}  // namespace db::schema
