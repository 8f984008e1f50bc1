#!/usr/bin/env bash
# The administrator signs in, opens the administrator's area and reads a
# report; the search shows its results as it is typed; a stray scan keeps
# the PIN digits and the search typed; the report's Print button, with
# no printer set up, says how to set one up.
. "$(dirname "$0")/lib.sh"

e2e_start 2026-11-24T08:20:00
scan 100001                      # one phone held, so the report has a row
wait_screen handin.slot
wait_for "the hand-in" feedback_is accepted

scan 900001                      # Marcus Dvořák, administrator
wait_screen pin
tap_pin 211 --no-ok
scan 5012345678900               # a stray scan: refused, the digits typed stay
wait_for "the stray scan's refusal" feedback_is refused
on_screen pin || fail "a stray scan left the PIN screen (showing: $(screen_now))"
grep -q "^entry	3 " "$LAYOUT" || fail "a stray scan cleared the PIN typed: $(grep "^entry" "$LAYOUT")"
tap_pin 111
wait_screen staff.menu
tap admin
wait_screen admin.menu
shot admin

tap find
wait_screen admin.find
xdotool type --delay 150 "lt0"   # a person typing, not a scanner
wait_for "the typed letters" grep -q "^entry	0 3$" "$LAYOUT"
# The results show under the search as it is typed, no Enter needed.
wait_for "the results under the search" grep -q "	device:LT0" "$LAYOUT"
shot admin-find-keyboard
scan 5012345678900               # a stray scan: refused, the search and its results stay
wait_for "the stray scan's refusal" feedback_is refused
on_screen admin.find || fail "a stray scan left the search (showing: $(screen_now))"
grep -q "^entry	0 3$" "$LAYOUT" || fail "a stray scan cleared the search: $(grep "^entry" "$LAYOUT")"
grep -q "	device:LT0" "$LAYOUT" || fail "a stray scan cleared the results"
tap back
wait_screen admin.menu

tap reports
wait_screen admin.reports
tap held
wait_screen admin.report
shot report
tap print                        # no --config, so no [printer]: a notice, not a dead end
wait_for "the no-printer notice" feedback_is notice
on_screen admin.report || fail "Print left the report (showing: $(screen_now))"
shot report-no-printer
stop_kiosk
echo "OK: administrator's area, a report and its Print button"
