#!/usr/bin/env bash
# The administrator signs in, opens the administrator's area and reads a
# report; the search keyboard takes typing.
. "$(dirname "$0")/lib.sh"

e2e_start 2026-11-24T08:20:00
scan 100001                      # one phone held, so the report has a row
wait_screen handin.slot
tap done
wait_for "the hand-in" feedback_is accepted

scan 900001                      # Marcus Dvořák, administrator
wait_screen pin
tap_pin 211111
wait_screen staff.menu
tap admin
wait_screen admin.menu
shot admin

tap find
wait_screen admin.find
xdotool type --delay 150 "lt0"   # a person typing, not a scanner
wait_for "the typed letters" grep -q "^entry	0 3$" "$LAYOUT"
shot admin-find-keyboard
tap back
wait_screen admin.menu

tap reports
wait_screen admin.reports
tap held
wait_screen admin.report
shot report
stop_kiosk
echo "OK: administrator's area and a report"
