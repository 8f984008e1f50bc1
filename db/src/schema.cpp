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

// Version 3: the three large projections get one column per field, so that a
// trust's 100,000 people and devices load at start without parsing a JSON
// document per row (docs/PERFORMANCE.md). The columns carry the JSON keys'
// names and the same text forms; NULL = the field's default; lists are JSON
// text. WITHOUT ROWID keeps rows in id order, the order the store loads them.
// A later change to these structs adds a version (ALTER TABLE ... ADD COLUMN).
constexpr const char* kVersion3 = R"sql(
CREATE TABLE people_v3 (
  id TEXT PRIMARY KEY, first_name TEXT, preferred_name TEXT, surname TEXT, roles TEXT, form TEXT,
  year INTEGER, card TEXT, admission_no TEXT, staff_code TEXT, email TEXT, active INTEGER,
  pin_hash TEXT, aup_accepted TEXT, pin_failures TEXT, locked_until TEXT
) WITHOUT ROWID;
INSERT INTO people_v3
  SELECT id, json_extract(data, '$.first_name'), json_extract(data, '$.preferred_name'),
    json_extract(data, '$.surname'), json_extract(data, '$.roles'), json_extract(data, '$.form'),
    json_extract(data, '$.year'), json_extract(data, '$.card'), json_extract(data, '$.admission_no'),
    json_extract(data, '$.staff_code'), json_extract(data, '$.email'), json_extract(data, '$.active'),
    json_extract(data, '$.pin_hash'), json_extract(data, '$.aup_accepted'),
    json_extract(data, '$.pin_failures'), json_extract(data, '$.locked_until')
  FROM people;
DROP TABLE people;
ALTER TABLE people_v3 RENAME TO people;
CREATE TABLE devices_v3 (
  id TEXT PRIMARY KEY, asset_tag TEXT, serial TEXT, name TEXT, make TEXT, model TEXT, kind TEXT,
  owner TEXT, home_location TEXT, status TEXT, sensitivity TEXT, encrypted INTEGER,
  encryption_verified TEXT, mdm_enrolled INTEGER, equipment_class TEXT, equipment_type TEXT,
  pat_interval_months INTEGER, last_pat TEXT, last_pat_pass TEXT, purchase_date TEXT,
  disposal_date TEXT, disposal_route TEXT, accessories TEXT, max_loan_days INTEGER,
  recalled INTEGER, recall_reason TEXT, evidence_hold INTEGER, last_seen TEXT, notes TEXT,
  missing_accessories TEXT, visitor_equipment INTEGER, use_permitted_by TEXT
) WITHOUT ROWID;
INSERT INTO devices_v3
  SELECT id, json_extract(data, '$.asset_tag'), json_extract(data, '$.serial'), json_extract(data, '$.name'),
    json_extract(data, '$.make'), json_extract(data, '$.model'), json_extract(data, '$.kind'),
    json_extract(data, '$.owner'), json_extract(data, '$.home_location'), json_extract(data, '$.status'),
    json_extract(data, '$.sensitivity'), json_extract(data, '$.encrypted'),
    json_extract(data, '$.encryption_verified'), json_extract(data, '$.mdm_enrolled'),
    json_extract(data, '$.equipment_class'), json_extract(data, '$.equipment_type'),
    json_extract(data, '$.pat_interval_months'), json_extract(data, '$.last_pat'),
    json_extract(data, '$.last_pat_pass'), json_extract(data, '$.purchase_date'),
    json_extract(data, '$.disposal_date'), json_extract(data, '$.disposal_route'),
    json_extract(data, '$.accessories'), json_extract(data, '$.max_loan_days'),
    json_extract(data, '$.recalled'), json_extract(data, '$.recall_reason'),
    json_extract(data, '$.evidence_hold'), json_extract(data, '$.last_seen'), json_extract(data, '$.notes'),
    json_extract(data, '$.missing_accessories'), json_extract(data, '$.visitor_equipment'),
    json_extract(data, '$.use_permitted_by')
  FROM devices;
DROP TABLE devices;
ALTER TABLE devices_v3 RENAME TO devices;
CREATE TABLE slots_v3 (
  id TEXT PRIMARY KEY, kind TEXT, label TEXT, form TEXT, custodian TEXT
) WITHOUT ROWID;
INSERT INTO slots_v3
  SELECT id, json_extract(data, '$.kind'), json_extract(data, '$.label'), json_extract(data, '$.form'),
    json_extract(data, '$.custodian')
  FROM slots;
DROP TABLE slots;
ALTER TABLE slots_v3 RENAME TO slots;
)sql";

// Version 4: the kiosk reads people and devices by card number, asset tag and
// serial from the file (a trust's whole register stays out of its memory).
constexpr const char* kVersion4 = R"sql(
CREATE INDEX people_card ON people(card);
CREATE INDEX devices_asset_tag ON devices(asset_tag);
CREATE INDEX devices_serial ON devices(serial);
)sql";

// Version 5: the latest PAT's result and inspection in columns of their own
// (the record stays whole in last_pat), so that a trust's PAT-due walk reads
// and filters them without parsing a JSON document a device.
constexpr const char* kVersion5 = R"sql(
ALTER TABLE devices ADD COLUMN last_pat_passed INTEGER;
ALTER TABLE devices ADD COLUMN last_pat_inspection TEXT;
UPDATE devices SET last_pat_passed = json_extract(last_pat, '$.passed'),
                   last_pat_inspection = json_extract(last_pat, '$.inspection')
  WHERE last_pat IS NOT NULL;
)sql";

// Version 6: the kiosk counts its active pupils by form and year at open
// (PH8's roll) from an index, not from the whole table (15 ms, not 100); and
// finds the devices whose PAT may be due from three (store_rows.cpp), not by
// reading a trust's whole register.
constexpr const char* kVersion6 = R"sql(
CREATE INDEX people_roll ON people(form, year, roles, active);
CREATE INDEX devices_pat_pass ON devices(equipment_class, equipment_type, last_pat_pass, last_pat_inspection);
CREATE INDEX devices_own_pat_interval ON devices(pat_interval_months) WHERE pat_interval_months IS NOT NULL;
CREATE INDEX devices_pat_failed ON devices(last_pat_passed) WHERE last_pat_passed = 0;
)sql";

// Version 7: the PAT-due walk's main index holds every column the kiosk's PAT
// due screen reads (what pat_status() needs, and the name), so a trust's
// thousands of due devices are read from its ranges alone, not each looked up
// in the table; and its passes by inspection, so each range holds only passes
// due under that inspection's interval (docs/PERFORMANCE.md step 14).
constexpr const char* kVersion7 = R"sql(
DROP INDEX devices_pat_pass;
CREATE INDEX devices_pat_due ON devices(equipment_class, equipment_type, last_pat_inspection, last_pat_pass,
                                        last_pat_passed, status, pat_interval_months, name);
)sql";

// Version 8: the seal (seal.h). The head also carries the digest of every
// row the kiosk reads and every event, and the desk key's signature over
// both; `seal` records the public half of the key the file is signed with.
// The first open after this step seals what the file holds then.
constexpr const char* kVersion8 = R"sql(
ALTER TABLE chain_head ADD COLUMN digest BLOB;
ALTER TABLE chain_head ADD COLUMN signature BLOB;
CREATE TABLE seal (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  public_key BLOB NOT NULL
);
)sql";

// Version 9: racks of pouches, each at one desk (issue 21). Empty in a file
// made before, so its seal still holds.
constexpr const char* kVersion9 = R"sql(
CREATE TABLE racks (id TEXT PRIMARY KEY, data TEXT NOT NULL);
)sql";

constexpr const char* kLadder[] = {kVersion1, kVersion2, kVersion3, kVersion4, kVersion5,
                                   kVersion6, kVersion7, kVersion8, kVersion9};
static_assert(std::size(kLadder) == kSchemaVersion);

}  // namespace

void migrate(SQLite::Database& db, int from_version, int to_version) {
  if (from_version >= to_version) return;
  SQLite::Transaction tx{db, SQLite::TransactionBehavior::IMMEDIATE};
  for (int v = from_version; v < to_version; ++v) db.exec(kLadder[v]);
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(to_version));
  tx.commit();
}

}  // namespace db::schema
