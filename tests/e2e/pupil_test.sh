#!/usr/bin/env bash
# A pupil at 08:20 hands in their phone; a shop's code is refused and changes
# nothing; at 15:12 the pupil collects the phone. Checked in the database.
. "$(dirname "$0")/lib.sh"

FRAME_LOG="$WORK/frames.log"   # the trace scripts/bench-ui reads, checked below
e2e_start 2026-11-24T08:20:00
shot home

scan 100001
wait_screen handin.slot
shot handin-slot
tap ok
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
# The frame trace: the window opening and the renderer first, then
# well-formed key and frame lines; the last frame shows the four answers
# (card, done, ok, refusal), the refusal on the home screen.
head -n 1 "$FRAME_LOG" | grep -qE "^open	[0-9]+\.[0-9]{3}$" || fail "the frame trace does not start with the window opening"
sed -n 2p "$FRAME_LOG" | grep -q "^gl	[^	]\+	[^	]\+$" || fail "the frame trace does not name the renderer second"
bad=$(tail -n +3 "$FRAME_LOG" | grep -cvE '^(key	[0-9]+\.[0-9]{3}	enter|check	[0-9]+\.[0-9]{3}	ok|frame	[0-9]+\.[0-9]{3}	[0-9]+\.[0-9]{3}	-?[0-9]+\.[0-9]{3}	[^	]+	[0-9]+)$' || true)
[ "$bad" = 0 ] || fail "$bad malformed lines in the frame trace"
[ "$(grep -c "^key	" "$FRAME_LOG")" -ge 2 ] || fail "the frame trace misses the scans' Enter keys"
[ "$(grep -c "^check	" "$FRAME_LOG")" = 1 ] || fail "the frame trace does not say once when the database check passed"
tail -n 1 "$FRAME_LOG" | grep -q "	home	4$" || fail "the last traced frame is not the refusal: $(tail -n 1 "$FRAME_LOG")"
traced=$(md5sum <"$FRAME_LOG")
FRAME_LOG=""   # off: the rest writes no trace

start_kiosk 2026-11-24T15:12:00
goal_start
scan 100001
wait_screen collect.pouch
shot collect-pouch
scan PO0001                      # the pouch as it is handed over
wait_for "the collection" feedback_is accepted
goal_end "pupil collection"
tagdesk history 100001 --json | grep -q '"handin.collected"' || fail "100001's phone was not collected"
stop_kiosk
[ "$(md5sum <"$WORK/frames.log")" = "$traced" ] || fail "the kiosk wrote a frame trace with TAGDESK_FRAME_LOG empty"
echo "OK: hand-in, refusal and collection"
