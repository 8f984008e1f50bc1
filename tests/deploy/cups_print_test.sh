#!/usr/bin/env bash
# Printing through a real CUPS scheduler: `tagdesk report --print`, `tagdesk
# labels --print` and the administrator's Print button (over `tagdesk
# headless --printer`) each leave a PDF job in a queue.
#
# The scheduler is a private cupsd of this test: its own configuration, spool
# and socket in a temporary folder, run as whoever runs the test, stopped at
# the end. The machine's own CUPS (if any) and /etc/cups are not touched. Its
# one queue, tagdesk-test, hands each job to a tiny backend that keeps the
# document as a file, so the test can look at what "the printer" received.
#
# Usage: cups_print_test.sh path/to/tagdesk     (exit 77 = skipped, with the reason)
set -euo pipefail
tagdesk="$(realpath "$1")"
cupsd=$(command -v cupsd || echo /usr/sbin/cupsd)
[ -x "$cupsd" ] || { echo "SKIP: no CUPS scheduler (cupsd) installed; scripts/install-deps installs cups-daemon"; exit 77; }
command -v lpadmin >/dev/null || { echo "SKIP: lpadmin missing; scripts/install-deps installs cups-client"; exit 77; }

work=$(mktemp -d)
chmod 755 "$work"   # cupsd, as root, runs its helpers as the lp user
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work"/{spool/temp,log,cache,state,bin/backend,jobs}
chmod 1777 "$work/jobs"
for d in filter daemon notifier; do ln -s "/usr/lib/cups/$d" "$work/bin/$d"; done
cat >"$work/bin/backend/keep" <<'EOF'
#!/bin/sh
# A CUPS backend that keeps each job's document in the folder its URI names (keep:/folder).
[ $# -eq 0 ] && { echo 'direct keep "Unknown" "tagdesk test queue"'; exit 0; }
if [ -n "$6" ]; then cat "$6"; else cat; fi >"${DEVICE_URI#keep:}/job-$1.part" || exit 1
mv "${DEVICE_URI#keep:}/job-$1.part" "${DEVICE_URI#keep:}/job-$1"
EOF
chmod 755 "$work/bin/backend/keep"
cat >"$work/cups-files.conf" <<EOF
FileDevice No
Printcap $work/printcap
ServerRoot $work
ServerBin $work/bin
StateDir $work/state
CacheDir $work/cache
RequestRoot $work/spool
TempDir $work/spool/temp
AccessLog $work/log/access_log
ErrorLog $work/log/error_log
PageLog $work/log/page_log
EOF
cat >"$work/cupsd.conf" <<EOF
Listen $work/cups.sock
Browsing Off
WebInterface No
LogLevel info
<Policy default>
  <Limit All>
    Order Allow,Deny
    Allow all
  </Limit>
</Policy>
EOF
export CUPS_SERVER="$work/cups.sock"
"$cupsd" -f -c "$work/cupsd.conf" -s "$work/cups-files.conf" >"$work/log/stdout" 2>&1 &
pid=$!
# `lpstat -r` exits 0 either way: its words tell whether the scheduler answers.
running() { [ -S "$work/cups.sock" ] && lpstat -r 2>/dev/null | grep -qx "scheduler is running"; }
for _ in $(seq 50); do running && break; sleep 0.2; done
if ! running; then
  echo "SKIP: a private cupsd would not start here:"; { cat "$work/log/stdout" "$work/log/error_log" 2>/dev/null || true; } | tail -5
  exit 77
fi
lpadmin -p tagdesk-test -E -v "keep:$work/jobs" 2>&1 | grep -v "deprecated" || true
lpstat -p tagdesk-test >/dev/null

fail=0
check() {  # check WHAT CONDITION...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; fail=1; fi
}
# Waits for job N to land and checks it is a PDF.
landed() {
  for _ in $(seq 100); do [ -f "$work/jobs/job-$1" ] && break; sleep 0.2; done
  [ -f "$work/jobs/job-$1" ] && [ "$(head -c 5 "$work/jobs/job-$1")" = "%PDF-" ]
}
job_of() { sed -n 's/.* as job \([0-9]*\).*/\1/p; s/.*(job \([0-9]*\)).*/\1/p' <<<"$1" | head -1; }

db="$work/school.sqlite"
demo=$("$tagdesk" init --demo --db "$db")

# tagdesk report --print
out=$("$tagdesk" report overdue --print tagdesk-test --db "$db" 2>&1) || true
check "report --print says where it went: $out" grep -q "^Sent the overdue report to tagdesk-test as job [0-9]*\.$" <<<"$out"
check "the report's job lands as a PDF" landed "$(job_of "$out")"

# Saved to a file as well
"$tagdesk" report pat-due --print tagdesk-test --out "$work/pat.pdf" --db "$db" >/dev/null
check "report --print --out keeps a copy" test "$(head -c 5 "$work/pat.pdf")" = "%PDF-"

# An unknown printer: exit 1, naming it and the printers there are
set +e
err=$("$tagdesk" report overdue --print Office_Laser --db "$db" 2>&1 >/dev/null); code=$?
set -e
check "an unknown printer exits 1 (got $code)" test "$code" -eq 1
check "an unknown printer is named with the ones there are: $err" \
  grep -q "no printer called 'Office_Laser'; printers here: tagdesk-test" <<<"$err"

# tagdesk labels --print
out=$("$tagdesk" labels commands --out "$work/cards.pdf" --print tagdesk-test --db "$db" 2>&1) || true
check "labels --print: $out" grep -q "Sent to tagdesk-test as job" <<<"$out"
check "the labels' job lands as a PDF" landed "$(job_of "$out")"

# The administrator's Print button, through the headless front end
admin=$(grep "administrator" <<<"$demo" | head -1)
badge=$(awk '{print $1}' <<<"$admin")
pin=$(awk '{print $3}' <<<"$admin")
screens=$(printf '%s\n' "{\"scan\":\"$badge\"}" "{\"pin\":\"$pin\"}" '{"choose":"admin"}' '{"choose":"reports"}' \
            '{"choose":"pat-due"}' '{"choose":"print"}' |
          "$tagdesk" headless --printer tagdesk-test --db "$db")
last=$(tail -1 <<<"$screens")
check "the Print button says where it went: ${last:0:200}" grep -q '"message":"Sent to tagdesk-test (job [0-9]*)"' <<<"$last"
check "the Print button's job lands as a PDF" landed "$(job_of "$last")"

if [ $fail -ne 0 ]; then
  echo "--- cupsd's log"; tail -20 "$work/log/error_log" 2>/dev/null
  exit 1
fi
echo "printing ok: $(ls "$work/jobs" | wc -l) jobs landed in tagdesk-test"
