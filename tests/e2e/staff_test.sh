#!/usr/bin/env bash
# A teacher signs in with badge and PIN on the keypad and takes a laptop home
# for a week (LN6): off site, conditions, the administrator's approval.
# Checked in the database.
. "$(dirname "$0")/lib.sh"

e2e_start 2026-11-24T16:30:00

goal_start
scan 900006                      # Claire Kaur, teacher
wait_screen pin
tap_pin 766 --no-ok
shot pin-keypad
tap_pin 666
wait_screen staff.menu
shot staff-menu

until=""
scan LT001                       # a staff laptop
wait_for "the sign-out to start" screen_is_not staff.menu
for step in $(seq 1 12); do
  now=$(screen_now)
  case "$now" in
    signout.scan) scan LT001 ;;
    signout.where) tap longer ;;
    signout.due)
      shot signout-due
      until=$(grep -m 1 -o 'until:[0-9-]*' "$LAYOUT") || fail "no date offered"
      tap "$until" ;;
    signout.aup) tap accept ;;
    signout.conditions) shot signout-conditions; tap confirm ;;
    signout.accessories) tap confirm ;;
    signout.approval)
      scan 900001                # Marcus Dvořák, administrator
      wait_for "the keypad" has_target OK
      tap_pin 211111 ;;
    result) break ;;
    *) fail "unexpected screen '$now' while signing out LT001" ;;
  esac
  wait_for "the screen after $now" screen_is_not "$now"
done
wait_for "the accepted sign-out" feedback_is accepted
goal_end "take a laptop home for longer, the administrator at the desk"
shot signout-done
signed=$(tagdesk history LT001 --json | grep '"loan.signed-out"') || fail "LT001 is not signed out"
[[ $signed == *"\"due_at\":\"${until#until:}T"* ]] || fail "LT001 is not signed out until ${until#until:}: $signed"
stop_kiosk
echo "OK: staff sign-in on the keypad, a laptop signed out"
