#!/usr/bin/env bash
# Staff at the desk, in the real window, counted for the README's goals table:
# a teacher with an approval on record takes a laptop home alone (LN2, LN13);
# it comes back damaged on the public screen with no one signed in (LN7, LN8);
# another goes home for longer with the administrator at the desk (LN6); a
# phone is confiscated from the staff menu (CF1). Checked in the database.
. "$(dirname "$0")/lib.sh"

start_xvfb
TAGDESK_NOW=2026-11-24T07:00:00 "$TAGDESK" init --demo --db "$DB" >"$WORK/init.out"
# LN2 in advance: Claire Kaur (badge 900006) may take LT001 home until 18 December.
TAGDESK_NOW=2026-11-24T07:05:00 "$TAGDESK" approve 900006 --until 2026-12-18 --by 900001 --device LT001 \
  --db "$DB" >/dev/null
# DP2: a shorter idle time than the school's 90 s, for the last part.
TAGDESK_NOW=2026-11-24T07:06:00 "$TAGDESK" settings set session.idle-seconds 30 --db "$DB" >/dev/null
start_kiosk 2026-11-24T16:30:00

# Walks the sign-out screens, doing what $1 says on each ("offsite" or "longer").
sign_out_until_result() {
  local how=$1 device=$2
  for step in $(seq 1 8); do
    local now
    now=$(screen_now)
    case "$now" in
      signout.scan) scan "$device" ;;
      signout.where) shot signout-where; tap "$how" ;;
      signout.due)
        shot signout-due
        until=$(grep -m 1 -o 'until:[0-9-]*' "$LAYOUT") || fail "no date offered"
        tap "$until" ;;
      signout.approval)
        shot signout-approval
        scan 900001                # Marcus Dvořák, administrator
        wait_for "the keypad" has_target OK
        tap_pin 211111 ;;
      result) return 0 ;;
      *) fail "unexpected screen '$now' while signing out $device" ;;
    esac
    wait_for "the screen after $now" screen_is_not "$now"
  done
}

echo "- a laptop home, the approval on record: the teacher alone"
goal_start
scan 900006                      # Claire Kaur, teacher
wait_screen pin
tap_pin 766 --no-ok
shot pin-keypad
tap_pin 666
wait_screen staff.menu
shot staff-menu
scan LT001
wait_screen signout.where
sign_out_until_result offsite LT001
wait_for "the accepted sign-out" feedback_is accepted
goal_end "take a laptop home, approval on record"
shot signout-done
signed=$(tagdesk history LT001 --json | grep '"loan.signed-out"') || fail "LT001 is not signed out"
[[ $signed == *'"conditions_confirmed":true'* ]] || fail "the conditions are not recorded as confirmed: $signed"
[[ $signed == *'"due_at":"2026-11-25T'* ]] || fail "LT001 is not due back the next school day: $signed"

echo "- it comes back damaged, scanned on the public screen"
tap ok
wait_screen home
goal_start
scan LT001
wait_screen return.condition
tap damaged
wait_screen return.note
xdotool type --delay 150 "Cracked hinge"  # a person typing (a scanner is faster than 80 ms a key)
xdotool key Return
wait_screen return.accessories
tap confirm
wait_for "the accepted return" feedback_is accepted
goal_end "damaged return"
returned=$(tagdesk history LT001 --json | grep '"loan.returned"') || fail "LT001 is not returned"
[[ $returned == *'"note":"Cracked hinge"'* && $returned == *'"condition":"damaged"'* ]] ||
  fail "the damage is not recorded: $returned"

echo "- another home for longer, the administrator at the desk"
tap ok
wait_screen home
scan 900006
wait_screen pin
tap_pin 766666
wait_screen staff.menu
scan LT002
wait_screen signout.where
sign_out_until_result longer LT002
wait_for "the accepted sign-out" feedback_is accepted
signed=$(tagdesk history LT002 --json | grep '"loan.signed-out"') || fail "LT002 is not signed out"
[[ $signed == *"\"due_at\":\"${until#until:}T"* ]] || fail "LT002 is not signed out until ${until#until:}: $signed"

echo "- a phone confiscated: the pupil's card scanned on the staff menu"
tap ok
wait_screen home
goal_start
scan 900006
wait_screen pin
tap_pin 766666
wait_screen staff.menu
scan 100002
wait_screen confiscate.reason
shot confiscate-reason
tap lesson
wait_for "the recorded confiscation" feedback_is accepted
goal_end "confiscate"
taken=$(tagdesk history 100002 --json | grep '"confiscation.recorded"') || fail "nothing confiscated from 100002"
[[ $taken == *'"state_found":"unknown"'* && $taken == *'"reason":"Used in a lesson"'* ]] ||
  fail "the confiscation is not recorded as it was chosen: $taken"
stop_kiosk

# The desk's own clock (TAGDESK_NOW stands still): idle time passes.
echo "- typing keeps the session (DP2); left idle, a warning, then the public screen"
start_kiosk --real-clock
scan 900006
wait_screen pin
tap_pin 766666
wait_screen staff.menu
tap return
wait_screen return.scan
for i in 1 2 3 4 5 6 7 8; do     # a slow typist: 40 s, more than the 30 s idle time
  xdotool type --delay 0 "x"
  sleep 5
done
on_screen return.scan || fail "typing did not keep the session (showing: $(screen_now))"
grep -q "^entry	0 8$" "$LAYOUT" || fail "the keys did not reach the box: $(grep '^entry' "$LAYOUT")"
wait_for "the idle warning" feedback_is notice
on_screen return.scan || fail "the warning moved the screen"
wait_screen home
stop_kiosk
echo "OK: staff flows through the window, recorded"
