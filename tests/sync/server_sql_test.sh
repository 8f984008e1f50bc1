#!/usr/bin/env bash
# The central schema (sync/sql) on a real PostgreSQL, through psql alone:
# a desk's events ingested once each in one order per school, with receipts
# on the server's own chain; a gap, an edited event, a desk restored from an
# old backup and a forged event refused with a clear message and nothing
# received; pull after a cursor, never skipping an event that commits late;
# and a desk's role that can do nothing but call its three functions.
. "$(dirname "$0")/pg_lib.sh"

apply_schema
admin "CREATE SCHEMA t;
-- A desk's next events, chained on from its head on the server (or from prev, hex).
CREATE FUNCTION t.batch(role name, first bigint, ids text[], kiosk text, prev text DEFAULT NULL, data text DEFAULT '{}')
RETURNS jsonb LANGUAGE plpgsql AS \$\$
DECLARE h bytea; b jsonb := '[]'; s bigint;
BEGIN
  h := coalesce(decode(prev, 'hex'), (SELECT d.head FROM tagdesk.desks d WHERE d.role = batch.role));
  FOR i IN 1 .. array_length(ids, 1) LOOP
    s := first + i - 1;
    h := tagdesk.desk_link(h, s, ids[i], 'handin.recorded', '2026-12-05T08:20:00', kiosk, 'P1', '', data);
    b := b || jsonb_build_array(jsonb_build_object('seq', s, 'id', ids[i], 'type', 'handin.recorded',
      'at', '2026-12-05T08:20:00', 'kiosk', kiosk, 'actor', 'P1', 'authoriser', '', 'data', data,
      'hash', encode(h, 'hex')));
  END LOOP;
  RETURN b;
END \$\$;"
[ "$(admin "SELECT tagdesk.add_desk('S1', 'reception', 'pw-r')")" = tagdesk_s1_reception ] || fail "add_desk's role name"
admin "SELECT tagdesk.add_desk('S1', 'library', 'pw-l'), tagdesk.add_desk('S2', 'reception', 'pw-2')" >/dev/null

password() { case $1 in tagdesk_s1_reception) echo pw-r;; tagdesk_s1_library) echo pw-l;; *) echo pw-2;; esac; }
# as ROLE SQL [psql options]: SQL as a desk's role (stdin, so :'batch' works).
as() {
  local role=$1 sql=$2; shift 2
  PGUSER=$role PGPASSWORD=$(password "$role") psql -X -v ON_ERROR_STOP=1 -Atq "$@" <<<"$sql"
}
# batch ROLE KIOSK FIRST-SEQ ID... : the desk's next events, chained on from its head on the server.
batch() {
  local role=$1 kiosk=$2 first=$3; shift 3
  local ids; ids=$(printf ',"%s"' "$@"); ids="{${ids:1}}"
  admin "SELECT t.batch('$role', $first, '$ids', '$kiosk')"
}
ingest() { as "$1" "SELECT seq, pos FROM tagdesk.ingest(:'batch')" -v batch="$2" -F ' '; }
# refused ROLE SQL PATTERN [psql options]: must fail, saying PATTERN.
refused() {
  local role=$1 sql=$2 pattern=$3 out; shift 3
  if out=$(as "$role" "$sql" "$@" 2>&1); then fail "$role: accepted what should be refused: $sql"; fi
  grep -q -- "$pattern" <<<"$out" || fail "$role: refused, but not saying '$pattern': $out"
}

R=tagdesk_s1_reception L=tagdesk_s1_library O=tagdesk_s2_reception

echo "- one order per school, with receipts"
b1=$(batch $R reception 1 r1 r2 r3)
[ "$(ingest $R "$b1")" = $'1 1\n2 2\n3 3' ] || fail "reception's first three"
[ "$(ingest $L "$(batch $L library 1 l1 l2)")" = $'1 4\n2 5' ] || fail "library's two follow in the school's order"
[ "$(ingest $O "$(batch $O reception 1 o1)")" = "1 1" ] || fail "another school has an order of its own"

echo "- idempotent by event id: a batch sent again is received once"
[ "$(ingest $R "$b1")" = $'1 1\n2 2\n3 3' ] || fail "a resent batch gets its first receipts back"
[ "$(admin "SELECT count(*) FROM tagdesk.events")" = 6 ] || fail "a resent batch was received twice"
b34=$(admin "SELECT jsonb_build_array(('$b1'::jsonb)->2) || '$(batch $R reception 4 r4)'::jsonb")
[ "$(ingest $R "$b34")" = $'3 3\n4 6' ] || fail "a batch that overlaps the last one"

echo "- a gap, an edit, an old backup and a forgery are refused, naming the event"
refused $R "SELECT * FROM tagdesk.ingest(:'batch')" "number 6 after number 4: events 5 to 5 are missing" \
  -v batch="$(batch $R reception 6 r6)"
edited=$(admin "SELECT jsonb_set('$(batch $R reception 5 r5)'::jsonb, '{0,data}', '\"{\\\"n\\\":1}\"')")
refused $R "SELECT * FROM tagdesk.ingest(:'batch')" "number 5 (id r5) does not follow its chain" -v batch="$edited"
# A desk restored from a backup taken after its second event: its third is new.
restored=$(admin "SELECT t.batch('$R', 3, '{r3-again}', 'reception',
  (SELECT encode(desk_hash, 'hex') FROM tagdesk.events WHERE id = 'r2'))")
refused $R "SELECT * FROM tagdesk.ingest(:'batch')" "already sent a different event as its number 3.*restored from an older backup" \
  -v batch="$restored"
refused $L "SELECT * FROM tagdesk.ingest(:'batch')" "says it was made at desk \"reception\"" \
  -v batch="$(batch $L reception 3 l3)"
refused $L "SELECT * FROM tagdesk.ingest(:'batch')" "has the id r1 of an event desk \"reception\" sent" \
  -v batch="$(batch $L library 3 r1)"
refused $R "SELECT * FROM tagdesk.ingest(:'batch')" "number 6 (item 2 of the batch) has data that is not JSON" \
  -v batch="$(admin "WITH b AS (SELECT t.batch('$R', 5, '{r5}', 'reception') AS b5)
    SELECT b5 || t.batch('$R', 6, '{r6}', 'reception', b5 -> 0 ->> 'hash', 'not json') FROM b")"
refused $R "SELECT * FROM tagdesk.ingest('{\"not\": \"a batch\"}')" "takes a JSON array"
refused $R "SELECT * FROM tagdesk.ingest('[{\"seq\": 5}]')" "item 1 of the batch has no text \"id\""
[ "$(admin "SELECT string_agg(seq::text, ' ' ORDER BY desk) FROM tagdesk.desks WHERE school = 1") $(admin "SELECT count(*) FROM tagdesk.events")" = "4 2 7" ] \
  || fail "a refused batch was received, or moved a desk's sequence"

echo "- pull after a cursor, only the school's own"
[ "$(as $R "SELECT string_agg(pos || ':' || id || '@' || desk, ' ') FROM tagdesk.pull(0)")" = \
  "1:r1@reception 2:r2@reception 3:r3@reception 4:l1@library 5:l2@library 6:r4@reception" ] || fail "pull(0)"
[ "$(as $L "SELECT string_agg(id, ' ') FROM tagdesk.pull(4, 1)")" = "l2" ] || fail "pull(4, 1)"
[ "$(as $O "SELECT string_agg(id, ' ') FROM tagdesk.pull(0)")" = "o1" ] || fail "another school's desk saw S1's events"

echo "- a desk's chain is SHA-256 over length-prefixed fields (the vector desk_link_test.cpp pins too)"
[ "$(admin "SELECT encode(tagdesk.desk_link(decode(repeat('00', 32), 'hex'), 1, 'r1', 'handin.recorded',
  '2026-12-05T08:20:00', 'reception', 'P1', '', '{\"held\":\"Pouch 1 é\"}'), 'hex')")" = \
  9742d247969379e803c8de8e8366a5f1148e507918eb2b974d8fe157c8bf4848 ] || fail "the desk chain's vector"

echo "- the server's chain: every receipt is a link over the school's order"
[ "$(admin "WITH RECURSIVE c(pos, h) AS (
    SELECT 0::bigint, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
    UNION ALL
    SELECT e.pos, tagdesk.server_link(c.h, e.pos, d.kiosk, e.desk_seq, e.desk_hash)
    FROM c JOIN tagdesk.events e ON e.school = 1 AND e.pos = c.pos + 1 JOIN tagdesk.desks d ON d.desk = e.desk)
  SELECT bool_and(c.h = e.server_hash) AND max(c.pos) = 6 AND
         (SELECT head FROM tagdesk.schools WHERE school = 1) = (SELECT h FROM c ORDER BY pos DESC LIMIT 1)
  FROM c JOIN tagdesk.events e ON e.school = 1 AND e.pos = c.pos")" = t ] || fail "the server's chain does not verify"

echo "- commit order is the school's order: a late commit is never skipped"
# Reception's batch is in but not committed: its transaction then waits on a
# lock the test holds. Library's batch must wait for it, and take the next
# position only after reception's is committed. No timing is assumed.
waiting() {  # waiting ROLE: its statement waits on a lock
  until [ "$(admin "SELECT count(*) FROM pg_stat_activity WHERE usename = '$1' AND wait_event_type = 'Lock'")" = 1 ]; do
    sleep 0.1
  done
}
slow=$(batch $R reception 5 r5)
next=$(batch $L library 3 l3)
receipt=$(mktemp)
admin "SELECT pg_advisory_lock(42), pg_sleep(120) -- the gate" >/dev/null 2>&1 &
until [ "$(admin "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 42 AND granted")" = 1 ]; do
  sleep 0.1
done
as $R "BEGIN; SELECT count(*) FROM tagdesk.ingest(:'batch'); SELECT pg_advisory_xact_lock(42); COMMIT;" \
  -v batch="$slow" >/dev/null &
slow_pid=$!
waiting $R
[ "$(as $L "SELECT count(*) FROM tagdesk.pull(6)")" = 0 ] || fail "an uncommitted event was pulled"
ingest $L "$next" >"$receipt" 2>&1 &
next_pid=$!
waiting $L
admin "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%-- the gate'
  AND pid <> pg_backend_pid()" >/dev/null
wait $slow_pid || fail "reception's batch failed"
wait $next_pid || fail "library's batch failed: $(cat "$receipt")"
[ "$(cat "$receipt")" = "3 8" ] || fail "library's event did not take position 8 after reception's"
rm -f "$receipt"
[ "$(as $L "SELECT string_agg(pos || ':' || id, ' ') FROM tagdesk.pull(6)")" = "7:r5 8:l3" ] || fail "pull after 6"
[ "$(admin "SELECT count(*) = max(pos) FROM tagdesk.events WHERE school = 1")" = t ] || fail "the school's order has gaps"

echo "- a desk's role can only call its three functions"
refused $R "SELECT count(*) FROM tagdesk.events" "permission denied"
refused $R "INSERT INTO tagdesk.events (school, pos, id, desk, desk_seq, type, at, kiosk, actor, authoriser, data,
  desk_hash, server_hash) VALUES (1, 99, 'x', 2, 9, 't', 'a', 'library', 'a', '', '{}', '', '')" "permission denied"
refused $R "UPDATE tagdesk.desks SET seq = 0" "permission denied"
refused $R "SELECT tagdesk.add_desk('S2', 'mine', 'pw')" "permission denied"
refused $R "SELECT tagdesk.desk_link('', 1, '', '', '', '', '', '', '')" "permission denied"
refused $R "SET ROLE $L" "permission denied"
refused $R "CREATE TABLE public.mine (x int)" "permission denied"
refused $R "CREATE SCHEMA mine" "permission denied"
PGUSER=$R PGPASSWORD=wrong psql -X -Atqc "SELECT 1" >/dev/null 2>&1 && fail "a wrong password logged in"

echo "- the log is append-only, even for its owner"
for change in "UPDATE tagdesk.events SET data = '{}' WHERE pos = 1" "DELETE FROM tagdesk.events" \
              "TRUNCATE tagdesk.events CASCADE"; do
  out=$(admin "$change" 2>&1) && fail "the owner could: $change"
  grep -q "append-only" <<<"$out" || fail "$change: $out"
done
echo "PASS"
