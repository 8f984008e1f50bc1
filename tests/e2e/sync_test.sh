#!/usr/bin/env bash
# Background sync in the real window (issue 21): the library's kiosk, whose
# settings file has [sync], takes in by itself a phone handed in at
# reception, collects it, and sends the collection back to reception; the
# header and the administrator's menu say how sync stands (screenshot
# sync-admin). Needs PostgreSQL as the sync tests do (../sync/pg_lib.sh).
. "$(dirname "$0")/../sync/pg_lib.sh"
. "$(dirname "$0")/lib.sh"
URL="postgresql://localhost:${PGPORT:-5432}/${PGDATABASE:-postgres}"
R="$WORK/reception.sqlite"
at_desk() { local k=$1; shift; "$TAGDESK" "$@" --config "$WORK/$k-desk.toml"; }
events_at() { "$TAGDESK" history 100001 --json --db "$1" | grep -o '"type":"handin\.[a-z]*"' | cut -d'"' -f4 | tr '\n' ' '; }

"$TAGDESK" server init "$URL" >/dev/null
for k in reception library; do
  "$TAGDESK" server add-desk "$URL" --school S1 --kiosk $k --out "$WORK/$k.creds.toml" >/dev/null
  printf '[kiosk]\nname = "%s"\n[sync]\ncredentials = "%s.creds.toml"\n' $k $k >"$WORK/$k-desk.toml"
done
TAGDESK_NOW=2026-11-24T07:00:00 "$TAGDESK" init --demo --db "$R" >/dev/null
at_desk reception sync join "$URL" --kiosk reception --db "$R" >/dev/null
at_desk library sync join "$URL" --kiosk library --db "$DB" >/dev/null

start_xvfb
KIOSK_ARGS=(--config "$WORK/library-desk.toml")
start_kiosk 2026-11-24T15:12:00

# Zoë hands her phone in at reception in the morning; reception syncs.
printf '%s\n' '{"scan":"100001"}' '{"choose":"done"}' |
  TAGDESK_NOW=2026-11-24T08:20:00 "$TAGDESK" headless --db "$R" --kiosk reception | tail -n 1 |
  grep -q '"feedback":"accepted"' || fail "the hand-in at reception"
at_desk reception sync --once --db "$R" >/dev/null || fail "reception's sync"

# The library's window pulls it by itself, and her card collects it there.
handed_in_at_library() { [ "$(events_at "$DB")" = "handin.recorded " ]; }
wait_for "the hand-in to reach the library's kiosk" handed_in_at_library
scan 100001
wait_screen collect.pouch
grep -q "^big	Pouch 1$" "$LAYOUT" || fail "the library does not send Zoë to pouch 1: $(grep '^big' "$LAYOUT")"
scan PO0001
wait_for "the collection" feedback_is accepted

# The window sends the collection; reception takes it in.
collected_at_reception() {
  at_desk reception sync --once --db "$R" >/dev/null && [ "$(events_at "$R")" = "handin.recorded handin.collected " ]
}
wait_for "the collection to reach reception" collected_at_reception

scan 900001                      # Marcus Dvořák, administrator
wait_screen pin
tap_pin 211111
wait_screen staff.menu
tap admin
wait_screen admin.menu
shot sync-admin                  # "Sync: last synced ...; 0 of this desk's events waiting to be sent"
stop_kiosk
