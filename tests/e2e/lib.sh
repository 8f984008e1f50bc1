# Shared by the end-to-end tests: a private X server, the real tagdesk binary,
# and helpers that act like a person at the desk (a USB scanner typing, a
# finger tapping) and wait on what the kiosk says, never on fixed sleeps.
#
#   . "$(dirname "$0")/lib.sh"
#   e2e_start                      # Xvfb, a demo database, the kiosk at 08:20
#   scan 100001; wait_screen handin
#   tap ok; shot handin-done       # $SCREENSHOTS/handin-done.png
#
# Needs TAGDESK (the binary); screenshots go to SCREENSHOTS (ctest: the build
# tree; scripts/screenshots: docs/screenshots).
set -euo pipefail

: "${TAGDESK:?set TAGDESK to the tagdesk binary}"
: "${SCREENSHOTS:?set SCREENSHOTS to the folder for screenshots}"
E2E_TIMEOUT=${E2E_TIMEOUT:-60}   # seconds; CI shares two cores among many jobs
SKIP=77                           # ctest's SKIP_RETURN_CODE

for tool in Xvfb xdotool xwd convert; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (scripts/install-deps installs it)"
    exit $SKIP
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tagdesk-e2e.XXXXXX")
DB="$WORK/school.sqlite"
LAYOUT="$WORK/layout.txt"
XVFB_PID=""
KIOSK_PID=""
WID=""
KIOSK_ARGS=()

e2e_cleanup() {
  local status=$?
  set +e   # a failing kill or wait here must not skip the rest of the cleanup
  if [ -n "$KIOSK_PID" ]; then kill "$KIOSK_PID" 2>/dev/null; wait "$KIOSK_PID" 2>/dev/null; fi
  if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; fi
  if [ $status -ne 0 ] && [ $status -ne $SKIP ]; then
    echo "--- kiosk stderr"; cat "$WORK/kiosk.err" 2>/dev/null | tail -n 40
    echo "--- last layout"; cat "$LAYOUT" 2>/dev/null
  fi
  rm -rf "$WORK"
  exit $status
}
trap e2e_cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }


# Polls `$@` until it succeeds or E2E_TIMEOUT passes.
wait_for() {
  local what=$1; shift
  local deadline=$((SECONDS + E2E_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "timed out after ${E2E_TIMEOUT}s waiting for $what"
    kill -0 "$KIOSK_PID" 2>/dev/null || fail "the kiosk exited while waiting for $what"
    sleep 0.1
  done
}

# A private X server on the first free display: tests run beside others
# (ctest -j, other engineers' runs), so a taken display just means the next.
start_xvfb() {
  local n deadline
  for n in $(seq 90 140); do
    [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n"
    deadline=$((SECONDS + E2E_TIMEOUT))
    while kill -0 "$XVFB_PID" 2>/dev/null; do
      xdotool getmouselocation >/dev/null 2>&1 && return 0
      [ $SECONDS -lt $deadline ] || fail "Xvfb :$n did not start: $(cat "$WORK/xvfb.log")"
      sleep 0.1
    done
    XVFB_PID=""   # lost the race for :$n; try the next
  done
  fail "no free X display between :90 and :140"
}

# The kiosk on $DB at $1 (default 08:20, when hand-in is open), waiting for
# its window and home screen.
#
# Under the ASan test build the window process runs without LeakSanitizer
# (ASan's other checks stay on): glfwTerminate unloads Mesa's DRI driver, so
# its leftovers show as "<unknown module>" frames that no suppression can
# name precisely, and a blanket one would hide ours. Our code's leaks are
# checked by the view and controller tests and the CLI calls here.
#
# With FRAME_LOG set, the kiosk also writes its frame trace there; KIOSK_ARGS
# (an array) are more options for `tagdesk kiosk`, such as --config.
start_kiosk() {  # [TIME, or --real-clock for the machine's clock, moving as a desk's does]
  local now=${1:-2026-11-24T08:20:00}
  [ "$now" = --real-clock ] && now=""
  TAGDESK_NOW=$now LIBGL_ALWAYS_SOFTWARE=1 TAGDESK_LAYOUT_FILE="$LAYOUT" \
    TAGDESK_FRAME_LOG="${FRAME_LOG:-}" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$TAGDESK" kiosk --db "$DB" "${KIOSK_ARGS[@]}" \
    >>"$WORK/kiosk.out" 2>>"$WORK/kiosk.err" &
  KIOSK_PID=$!
  WID=$(timeout "$E2E_TIMEOUT" xdotool search --sync --onlyvisible --name '^tagdesk$' | head -n 1) ||
    fail "no kiosk window"
  wait_for "the keyboard focus" xdotool windowfocus --sync "$WID"   # a scanner types into the focused window
  wait_screen home
}

# Closes the kiosk as systemd would (SIGTERM) and checks it shut down cleanly
# (under ASan this is also where LeakSanitizer looks).
stop_kiosk() {
  kill -TERM "$KIOSK_PID"
  local status=0
  wait "$KIOSK_PID" || status=$?
  KIOSK_PID=""
  rm -f "$LAYOUT"
  [ $status -eq 0 ] || fail "the kiosk exited with status $status on SIGTERM"
}

e2e_start() {
  start_xvfb
  TAGDESK_NOW=2026-11-24T07:00:00 "$TAGDESK" init --demo --db "$DB" >"$WORK/init.out"
  start_kiosk "$@"
}

# The screen the kiosk shows now (from its layout file).
screen_now() { head -n 1 "$LAYOUT" 2>/dev/null | cut -f 2; }
on_screen() { [ "$(screen_now)" = "$1" ]; }
wait_screen() { wait_for "the $1 screen (showing: $(screen_now))" on_screen "$1"; }
# Touch targets by label (what a person reads) or by choice id (stable).
target_line() { grep -m 1 -e "^$1	" -e "^[^	]*	$1	" "$LAYOUT" 2>/dev/null; }
has_target() { target_line "$1" >/dev/null; }

# What a person did, for the README's goals table: goal_start, the flow's
# scans and taps, then goal_end "pupil hand-in" prints "GOAL<TAB>flow<TAB>scans<TAB>touches".
SCANS=0
TOUCHES=0
goal_start() { SCANS=0; TOUCHES=0; }
goal_end() { printf 'GOAL\t%s\t%d\t%d\n' "$1" "$SCANS" "$TOUCHES"; }

# A USB scanner: the code at 5 ms a key, then Enter (to the focused kiosk).
scan() {
  SCANS=$((SCANS + 1))
  xdotool type --delay 5 "$1"
  xdotool key Return
}

# Taps the centre of the touch target labelled $1 (or with choice id $1).
tap() {
  wait_for "a button '$1' on the $(screen_now) screen" has_target "$1"
  local x y w h
  read -r x y w h < <(target_line "$1" | cut -f 3)
  TOUCHES=$((TOUCHES + 1))
  xdotool mousemove --window "$WID" $((x + w / 2)) $((y + h / 2)) click 1
}

# Taps digits on the keypad, key by key, waiting for each dot to appear;
# then OK unless told "--no-ok".
tap_pin() {
  local i have
  have=$(grep -m 1 "^entry	" "$LAYOUT" | cut -f 2 | cut -d ' ' -f 1)
  for ((i = 0; i < ${#1}; i++)); do
    tap "${1:i:1}"
    wait_for "dot $((have + i + 1)) of the PIN" grep -q "^entry	$((have + i + 1)) " "$LAYOUT"
  done
  [ "${2:-}" = "--no-ok" ] || tap OK
}

settled() { grep -q "^settled	1" "$LAYOUT" 2>/dev/null; }

# Waits until the result flash has faded, then saves the screen as
# $SCREENSHOTS/$1.png (-strip: no timestamps, so an unchanged screen is an unchanged file).
shot() {
  wait_for "the flash to fade" settled
  mkdir -p "$SCREENSHOTS"
  xwd -root -silent | convert xwd:- -strip "png:$SCREENSHOTS/$1.png"
}

feedback_is() { grep -q "^feedback	$1" "$LAYOUT" 2>/dev/null; }
screen_is_not() { [ -s "$LAYOUT" ] && [ "$(screen_now)" != "$1" ]; }

tagdesk() { "$TAGDESK" "$@" --db "$DB"; }
# Events other than the exports themselves (DP4 records every export).
event_count() { tagdesk export events | grep -vc '"type":"data.exported"'; }
