#!/usr/bin/env bash
# A damaged database where the load does not look: the kiosk's first screen
# appears while the integrity check goes on; the check fails, the kiosk closes
# with the message naming the restore command (exit 1), and nothing was
# written to the file, not even by a scan made meanwhile.
. "$(dirname "$0")/lib.sh"

start_xvfb
TAGDESK_NOW=2026-11-24T07:00:00 "$TAGDESK" init --demo --db "$DB" >"$WORK/init.out"
# A failing disk: garbage over the root of an index of the event log, which
# only the check reads.
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events_type_at'").fetchone()[0]
size = db.execute("PRAGMA page_size").fetchone()[0]
db.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((page - 1) * size)
    f.write(b"\xa5" * size)
PY
before=$(md5sum <"$DB")

FRAME_LOG="$WORK/frames.log"
TAGDESK_NOW=2026-11-24T08:20:00 LIBGL_ALWAYS_SOFTWARE=1 TAGDESK_FRAME_LOG="$FRAME_LOG" \
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$TAGDESK" kiosk --db "$DB" >"$WORK/kiosk.out" 2>"$WORK/kiosk.err" &
KIOSK_PID=$!
first_frame() { grep -q "^frame	" "$FRAME_LOG"; }
wait_for "the first frame" first_frame
# A pupil scans as soon as the screen shows (if the window is still there).
xdotool type --delay 5 100001 2>/dev/null && xdotool key Return 2>/dev/null || true
status=0
wait "$KIOSK_PID" || status=$?
KIOSK_PID=""
[ $status = 1 ] || fail "the kiosk exited with $status on a damaged file, not 1"
grep -q "is damaged" "$WORK/kiosk.err" || fail "no damage message: $(cat "$WORK/kiosk.err")"
grep -q "tagdesk restore" "$WORK/kiosk.err" || fail "no restore command: $(cat "$WORK/kiosk.err")"
grep -q "^check	[0-9.]*	failed$" "$FRAME_LOG" || fail "the trace does not say the check failed: $(cat "$FRAME_LOG")"
[ "$(grep -m 1 -e '^frame' -e '^check' "$FRAME_LOG" | cut -f 1)" = frame ] ||
  fail "the check ended before the first screen"
[ "$(md5sum <"$DB")" = "$before" ] || fail "the damaged file was written to"
[ ! -s "$DB-wal" ] || fail "something was committed to the damaged file's WAL"
echo "OK: a damaged file shows its first screen, then is refused unchanged"
