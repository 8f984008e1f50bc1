#!/usr/bin/env bash
# Two desks of one school through the real binary and a real PostgreSQL: the
# administrator sets the server up (server init, add-desk); reception
# publishes the demo school (sync join), the library builds its file from the
# server; a phone handed in at reception is collected at the library, a
# laptop signed out at reception is returned at the library, each desk
# driven through `headless` and synced with `sync --once`; a laptop signed
# out at both desks before either synced stands at both, with one conflict
# recorded (by the desk whose sign-out the server placed later) that every
# desk's `report conflicts` shows; the library gives out no pouch until a
# rack is moved to it, and then the two desks offline never give out the
# same pouch. Then a desk that
# lost the server's receipts sends its events again for them, a desk
# restored from an old backup is refused, a desk's credentials in a file
# others can read are refused, and another school's desk sees none of it.
. "$(dirname "$0")/pg_lib.sh"
: "${TAGDESK:?set TAGDESK to the tagdesk binary}"

W=$(mktemp -d "${TMPDIR:-/tmp}/tagdesk-sync.XXXXXX")
trap 'rm -rf "$W"' EXIT
URL="postgresql://localhost:${PGPORT:-5432}/${PGDATABASE:-postgres}"

tagdesk() { "$TAGDESK" "$@"; }
# desk NAME ARGS...: a command on desk NAME's file, with its settings.
desk() { local name=$1; shift; "$TAGDESK" "$@" --db "$W/$name.sqlite" --config "$W/$name-desk.toml"; }
synced() { desk "$1" sync --once >"$W/out" 2>&1 || fail "sync at $1: $(cat "$W/out")"; cat "$W/out"; }
# headless NAME TIME INPUTS...: a session at desk NAME; prints the last screen.
headless() {
  local name=$1 now=$2; shift 2
  printf '%s\n' "$@" | TAGDESK_NOW=$now "$TAGDESK" headless --db "$W/$name.sqlite" --kiosk "$name" | tail -n 1
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
events_of() { tagdesk history "$2" --json --db "$W/$1.sqlite" | grep -o '"type":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' '; }

echo "- the administrator sets up the server and two desks"
# A server that ran the first tagdesk with a central schema: init brings it up to date.
psql -X -v ON_ERROR_STOP=1 -1 -q -f "$SOURCE_DIR/sync/sql/001-schema.sql" >/dev/null
tagdesk server init "$URL" | grep -q "Updated the central schema from version 1 (version 2)" || fail "server init"
tagdesk server init "$URL" | grep -q "up to date (version 2)" || fail "server init twice"
for k in reception library; do
  tagdesk server add-desk "$URL" --school S1 --kiosk $k --out "$W/$k.creds.toml" >/dev/null || fail "add-desk $k"
  [ "$(stat -c %a "$W/$k.creds.toml")" = 600 ] || fail "$k's credentials are not private"
  printf '[kiosk]\nname = "%s"\n[sync]\ncredentials = "%s.creds.toml"\n' $k $k >"$W/$k-desk.toml"
done
grep -q '^user = "tagdesk_s1_reception"' "$W/reception.creds.toml" || fail "reception's credentials"
grep -q "$PGPASSWORD" "$W/reception.creds.toml" && fail "the administrator's password is in a desk's credentials"

echo "- reception publishes its school; the library builds its file from the server"
tagdesk init --demo --db "$W/reception.sqlite" >/dev/null
desk reception sync join "$URL" --kiosk reception | grep -q "published the school's history" || fail "reception's join"
n=$(tagdesk verify --json --db "$W/reception.sqlite" | grep -o '"events":[0-9]*' | cut -d: -f2)
desk library sync join "$URL" --kiosk library | grep -q "took $n events from the server" || fail "library's join"
[ "$(tagdesk list people --json --db "$W/library.sqlite")" = "$(tagdesk list people --json --db "$W/reception.sqlite")" ] \
  || fail "the library's people differ from reception's"
desk library sync join "$URL" --kiosk reception >"$W/out" 2>&1 && fail "the library joined with reception's name"
grep -q "credentials in the settings are desk \"library\"" "$W/out" || fail "joined with another's name: $(cat "$W/out")"

echo "- a phone handed in at reception is collected at the library"
[ "$(headless reception 2026-11-24T08:20:00 '{"scan":"100001"}' '{"choose":"done"}' | field feedback)" = accepted ] \
  || fail "hand-in at reception"
# The hand-in, and what the desk recorded around it: the listings above
# (data.exported, DP4) and the clock.went-back before a hand-in dated earlier
# than them (issue 18 item 5). Whatever reception sends, the library takes
# (and sends its own listing).
out=$(synced reception)
sent=$(sed -n 's/^Sent \([0-9]*\) events; took 0 from other desks.*/\1/p' <<<"$out")
[ -n "$sent" ] && [ "$sent" -ge 1 ] || fail "reception's push: $out"
out=$(synced library)
grep -q "^Sent [0-9]* events; took $sent from other desks" <<<"$out" || fail "library's pull of $sent: $out"
[ "$(headless library 2026-11-24T15:12:00 '{"scan":"100001"}' '{"scan":"PO0001"}' | field feedback)" = accepted ] \
  || fail "collection at the library"
synced library >/dev/null
synced reception >/dev/null
[ "$(events_of reception 100001 | grep -o 'handin\.[a-z]*' | tr '\n' ' ')" = "handin.recorded handin.collected " ] \
  || fail "reception: $(events_of reception 100001)"

echo "- a laptop signed out at reception is returned at the library"
pin=211111  # Marcus Dvořák, administrator: badge 900001
[ "$(headless reception 2026-11-24T08:30:00 '{"scan":"900001"}' "{\"pin\":\"$pin\"}" '{"choose":"signout"}' \
     '{"scan":"LT001"}' '{"choose":"onsite"}' | field feedback)" = accepted ] \
  || fail "sign-out at reception"
synced reception >/dev/null
synced library >/dev/null
[ "$(headless library 2026-11-24T15:30:00 '{"scan":"900001"}' "{\"pin\":\"$pin\"}" '{"scan":"LT001"}' \
     '{"choose":"fine"}' '{"choose":"confirm"}' | field feedback)" = accepted ] || fail "return at the library"
synced library >/dev/null
synced reception >/dev/null
for d in reception library; do
  [ "$(events_of $d LT001 | grep -o 'loan\.[a-z-]*' | tr '\n' ' ')" = "loan.signed-out loan.returned " ] \
    || fail "$d's LT001: $(events_of $d LT001)"
  tagdesk verify --db "$W/$d.sqlite" >/dev/null || fail "$d's chain"
done
echo "- an edit at reception reaches the library as what it changed"
printf 'id,kind,notes\nLT001,staff-laptop,Edited at reception\n' >"$W/edit.csv"
tagdesk import devices "$W/edit.csv" --db "$W/reception.sqlite" >"$W/out" 2>&1 || fail "edit at reception: $(cat "$W/out")"
synced reception >/dev/null
synced library >/dev/null
[ "$(events_of library LT001 | grep -o 'device\.[a-z]*' | tr '\n' ' ')" = "device.recorded device.changed " ] \
  || fail "library's LT001: $(events_of library LT001)"
tagdesk history LT001 --json --db "$W/library.sqlite" | grep -q '"changed":{"notes":"Edited at reception"}' \
  || fail "library's device.changed: $(tagdesk history LT001 --json --db "$W/library.sqlite" | grep device.changed)"
# Both desks now hold the same register: every projection alike.
for what in devices people; do
  [ "$(tagdesk list $what --json --db "$W/library.sqlite")" = "$(tagdesk list $what --json --db "$W/reception.sqlite")" ] \
    || fail "the desks' $what differ"
done
synced reception >/dev/null  # the listings just made are recorded (DP4), and sent too
desk reception sync status --json | grep -q '"waiting":0' || fail "status: $(desk reception sync status --json)"
desk reception sync status | grep -q "The server answers; 0 events wait" || fail "status: $(desk reception sync status)"

echo "- a laptop signed out at both desks before either synced: both stand, one conflict, on every desk"
# signout DESK TIME BADGE PIN: LT001 to the administrator signed in.
signout() {
  headless "$1" "$2" "{\"scan\":\"$3\"}" "{\"pin\":\"$4\"}" '{"choose":"signout"}' '{"scan":"LT001"}' \
    '{"choose":"onsite"}' | field feedback
}
[ "$(signout reception 2026-11-24T16:00:00 900001 $pin)" = accepted ] || fail "sign-out at reception"
# S002, the other administrator, at the library, not knowing of reception's.
[ "$(signout library 2026-11-24T16:05:00 900002 322222)" = accepted ] || fail "sign-out at the library"
synced reception >/dev/null
synced library >/dev/null  # the library's came later in the server's order: it records the conflict
synced library >/dev/null
synced reception >/dev/null
[ "$(admin "SELECT count(*) FROM tagdesk.events WHERE type = 'conflict.recorded'")" = 1 ] \
  || fail "the server should hold exactly one conflict: $(admin "SELECT kiosk, data FROM tagdesk.events WHERE type = 'conflict.recorded'")"
for d in reception library; do
  # (a conflict's own line names the two events' types too)
  [ "$(tagdesk history LT001 --json --db "$W/$d.sqlite" | grep -v '"type":"conflict.recorded"' | grep -c '"type":"loan.signed-out"')" = 3 ] \
    || fail "$d refused a sign-out: $(events_of $d LT001)"
  tagdesk report conflicts --format csv --db "$W/$d.sqlite" >"$W/out" 2>&1 || fail "$d's conflicts report: $(cat "$W/out")"
  [ "$(grep -c '^LT001,' "$W/out")" = 1 ] || fail "$d's conflicts report: $(cat "$W/out")"
  grep -q 'signed out to .* at desk reception, 2026-11-24 16:00' "$W/out" || fail "$d: reception's story: $(cat "$W/out")"
  grep -q 'signed out to .* at desk library, 2026-11-24 16:05' "$W/out" || fail "$d: the library's story: $(cat "$W/out")"
  desk $d sync status --json | grep -q '"conflicts":1' || fail "$d's status: $(desk $d sync status --json)"
done
synced reception >/dev/null  # the CSVs just written are recorded (DP4), and sent too

echo "- a new desk gives out no pouch until a rack is moved to it; then two desks offline never give out the same one"
out=$(headless library 2026-11-25T08:00:00 '{"scan":"100005"}')
[ "$(field feedback <<<"$out")" = refused ] || fail "the library gave out one of reception's pouches: $out"
grep -q "No free pouch on this desk's racks.*tagdesk rack move RACK --to library" <<<"$out" \
  || fail "the library's refusal: $out"
tagdesk rack move B --to library --pouches PO0601-PO1100 --db "$W/reception.sqlite" \
  | grep -q "Rack B (PO0601 to PO1100) is now at desk library" || fail "rack move"
synced reception >/dev/null
synced library >/dev/null
tagdesk rack list --db "$W/library.sqlite" | grep -q "^Rack B (PO0601 to PO1100): desk library$" \
  || fail "the move did not reach the library: $(tagdesk rack list --db "$W/library.sqlite")"
# Neither syncs now: each gives out the first free pouch of its own racks.
lib=$(headless library 2026-11-25T08:01:00 '{"scan":"100005"}' | field big)
rec=$(headless reception 2026-11-25T08:01:00 '{"scan":"100006"}' | field big)
[ "$lib" = "Pouch 601" ] && [ "$rec" = "Pouch 1" ] || fail "the library gave out '$lib', reception '$rec'"
synced library >/dev/null
synced reception >/dev/null
synced library >/dev/null
for d in reception library; do
  [ "$(events_of $d 100005 | grep -o 'handin\.[a-z]*')" = handin.recorded ] || fail "$d: $(events_of $d 100005)"
  [ "$(events_of $d 100006 | grep -o 'handin\.[a-z]*')" = handin.recorded ] || fail "$d: $(events_of $d 100006)"
done

echo "- a desk that stopped after the server took its events, before their receipts, sends them again"
# The file as it was before the sync (its events, not their receipts) is put
# back after it: the server has what the file has, and more than its receipts say.
[ "$(headless reception 2026-11-25T08:10:00 '{"scan":"100004"}' '{"choose":"done"}' | field feedback)" = accepted ] \
  || fail "hand-in at reception"
cp "$W/reception.sqlite" "$W/before-receipts.sqlite"
first=$(synced reception | sed -n 's/^Sent \([0-9]*\) events.*/\1/p')
on_server=$(admin "SELECT count(*) FROM tagdesk.events")
cp "$W/before-receipts.sqlite" "$W/reception.sqlite"
rm -f "$W/reception.sqlite-wal" "$W/reception.sqlite-shm"
out=$(synced reception)
grep -q "^Sent $first events" <<<"$out" || fail "the unacknowledged events were not sent again for their receipts: $out"
[ "$(admin "SELECT count(*) FROM tagdesk.events")" = "$on_server" ] || fail "events sent again were received twice"
desk reception sync status --json | grep -q '"waiting":0' || fail "receipts: $(desk reception sync status --json)"

echo "- a desk restored from an old backup is refused, and nothing is sent"
tagdesk backup "$W/backups" --db "$W/reception.sqlite" >/dev/null
[ "$(headless reception 2026-11-25T08:20:00 '{"scan":"100002"}' '{"choose":"done"}' | field feedback)" = accepted ] \
  || fail "hand-in at reception"
synced reception >/dev/null
cp "$W/reception.sqlite" "$W/reception-now.sqlite"
tagdesk restore "$(ls "$W"/backups/tagdesk-*.sqlite | head -n 1)" --db "$W/reception.sqlite" >/dev/null 2>&1 || fail "restore"
[ "$(headless reception 2026-11-25T08:25:00 '{"scan":"100003"}' '{"choose":"done"}' | field feedback)" = accepted ] \
  || fail "hand-in at the restored reception"
desk reception sync --once >"$W/out" 2>&1 && fail "a desk restored from a backup synced"
grep -q "restored from an older backup" "$W/out" || fail "the restored desk was refused, but not saying why: $(cat "$W/out")"
desk reception sync status --json | grep -Eq '"waiting":[1-9]' || fail "the restored desk's hand-in (and the clock.went-back before it) should wait: $(desk reception sync status --json)"

echo "- credentials others can read are refused"
chmod 644 "$W/library.creds.toml"
desk library sync --once >"$W/out" 2>&1 && fail "synced with credentials others can read"
grep -q "chmod 600" "$W/out" || fail "readable credentials: $(cat "$W/out")"
chmod 600 "$W/library.creds.toml"

echo "- another school's desk sees none of this school's events"
tagdesk server add-desk "$URL" --school S2 --kiosk office --out "$W/office.creds.toml" >/dev/null
printf '[sync]\ncredentials = "office.creds.toml"\n' >"$W/office-desk.toml"
desk office sync join "$URL" --kiosk office | grep -q "published" || fail "S2's first desk"
[ "$(desk office sync status --json | grep -o '"to_pull":[0-9]*')" = '"to_pull":0' ] || fail "S2's desk sees S1's events"

echo "- the trust's reports, from the server: one school's as its desk's, and every school's"
synced library >/dev/null
report() { TAGDESK_NOW=2026-11-25T17:00:00 tagdesk report "$@"; }
from_server=$(report uncollected --server "$URL" --school S1 --mirror "$W/mirrors") || fail "report --server: $from_server"
[ "$from_server" = "$(report uncollected --db "$W/library.sqlite")" ] || fail "S1 from the server: $from_server"
grep -Eq "(^| )[1-9][0-9]* held" <<<"$from_server" || fail "S1's uncollected phones are not in the report: $from_server"
all=$(report uncollected --server "$URL" --all --mirror "$W/mirrors" --format csv) || fail "report --all: $all"
[ "$(head -n 1 <<<"$all" | cut -d, -f1)" = School ] || fail "--all's first column: $(head -n 1 <<<"$all")"
[ "$(tail -n +2 <<<"$all" | cut -d, -f1 | sort -u | tr '\n' ' ')" = "S1 " ] || fail "--all's rows: $all"
report overdue --server "$URL" --school S9 --mirror "$W/mirrors" >"$W/out" 2>&1 && fail "a school not on the server"
grep -q "has no school S9 (it has S1, S2)" "$W/out" || fail "an unknown school: $(cat "$W/out")"
echo "PASS"
