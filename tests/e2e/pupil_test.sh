#!/usr/bin/env bash
# A pupil at 08:20 hands in their phone; a shop's code is refused and changes
# nothing; at 15:12 the pupil collects the phone. Checked in the database.
. "$(dirname "$0")/lib.sh"

e2e_start 2026-11-24T08:20:00
shot home

scan 100001
wait_screen handin.slot
shot handin-slot
tap done
wait_screen result
wait_for "the accepted verdict" feedback_is accepted
shot handin-done
tagdesk history 100001 --json | grep -q '"handin.recorded"' || fail "100001's phone is not held"

tap ok
wait_screen home
before=$(event_count)
scan "https://example.com/shop"
wait_for "the refusal" feedback_is refused
shot refusal
[ "$(event_count)" = "$before" ] || fail "a refused scan changed the database"

stop_kiosk
start_kiosk 2026-11-24T15:12:00
scan 100001
wait_screen collect.pouch
shot collect-pouch
tap done
wait_for "the collection" feedback_is accepted
tagdesk history 100001 --json | grep -q '"handin.collected"' || fail "100001's phone was not collected"
stop_kiosk
echo "OK: hand-in, refusal and collection"
