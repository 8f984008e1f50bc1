#!/usr/bin/env bash
# The hostile school (issue 18, docs/SECURITY.md): a careless administrator, a
# pupil at the public screen and someone holding a copy of the file, each
# replayed through the real binary (the command line and `headless`; no
# window). Every step says what it tried; the script stops at the first that
# got through.
set -euo pipefail
: "${TAGDESK:?set TAGDESK to the tagdesk binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tagdesk-hostile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/school.sqlite"
export TAGDESK_NOW=2026-11-24T07:00:00
fail() { echo "FAIL: $*" >&2; exit 1; }
tagdesk() { "$TAGDESK" "$@" --db "$DB"; }
events_of() { tagdesk export events | grep -c "\"type\":\"$1\"" || true; }
# The first screen name in a headless session's answers.
screen_of() { sed -n 's/.*"screen":"\([^"]*\)".*/\1/p' | head -n 1; }

tagdesk init --demo >/dev/null

# ---------------------------------------------------------------- item 1: the last administrator
# A staff file of one row, imported as the MIS export it looks like.
printf 'Staff Code,Legal Forename,Surname,Email\nST005,Claire,Smith,c@example.org\n' >"$WORK/staff.csv"
if tagdesk import mis "$WORK/staff.csv" >"$WORK/out" 2>"$WORK/err"; then
  fail "a one-row staff file was imported: $(cat "$WORK/out")"
fi
grep -q "without an active administrator: .*Marcus Dvořák" "$WORK/err" ||
  fail "the refusal does not name the administrator it would lose: $(cat "$WORK/err")"
people=$(tagdesk list people)   # read whole: grep -q would close the pipe early under pipefail
grep -q '^S001 .* yes$' <<<"$people" || fail "the administrator was deactivated"
# Nothing at the public screen leads to first-run setup on a school with history.
answer=$(echo '{"scan":"900001"}' | tagdesk headless)
[ "$(screen_of <<<"$answer")" != setup ] || fail "the kiosk offered first-run setup"
# Recovering an administrator is refused while one is active.
if echo 123456 | tagdesk recover-admin S010 >/dev/null 2>"$WORK/err"; then fail "recover-admin ran beside an administrator"; fi
grep -q "is an active administrator" "$WORK/err" || fail "recover-admin did not say why: $(cat "$WORK/err")"
echo "ok 1: a one-row import, setup at the desk and recover-admin beside an administrator are refused"

# ---------------------------------------------------------------- item 2 (secdb): verify covers what the kiosk reads
# SLOT: giving a teacher the admin role, copying a PIN hash or moving events.person with sqlite3 fails
# `tagdesk verify`, and the kiosk and headless refuse to start on the file.

# ---------------------------------------------------------------- item 5: the clock is the machine's
answer=$(echo '{"scan":"100001","at":"2026-11-13T08:20:00"}' | tagdesk headless)
grep -q '"error":"line 1: \\"at\\" is read only with tagdesk headless --clock-from-input' <<<"$answer" ||
  fail "headless honoured \"at\" without --clock-from-input: $answer"
# With the flag (tests, scripted scenarios) a time before the last event is kept, and flagged.
before=$(events_of clock.went-back)
answer=$(printf '%s\n' '{"scan":"100001","at":"2026-11-13T08:20:00"}' '{"choose":"done","at":"2026-11-13T08:20:05"}' |
  tagdesk headless --clock-from-input)
[ "$(events_of clock.went-back)" -eq $((before + 1)) ] || fail "a hand-in dated 11 days back was not flagged"
# Moving "at" forward between wrong PINs does not get past the limit.
{
  for i in $(seq 0 39); do
    printf '{"scan":"900001","at":"2026-11-24T09:%02d:00"}\n{"pin":"000000","at":"2026-11-24T09:%02d:01"}\n' $((i % 60)) $((i % 60))
  done
} >"$WORK/guesses.jsonl"
TAGDESK_NOW= tagdesk headless <"$WORK/guesses.jsonl" >"$WORK/answers" 2>&1 || true
[ "$(grep -c '"error"' "$WORK/answers")" -eq 80 ] || fail "headless took a client's clock without the flag"
echo "ok 5: \"at\" needs --clock-from-input, and a clock set back is flagged"

# ---------------------------------------------------------------- item 6 (secdb): one desk per file
# SLOT: a second headless desk on the file is refused naming the first; restore is refused under a live desk.

echo "OK: the hostile school got nowhere"
