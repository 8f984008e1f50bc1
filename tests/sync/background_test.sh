#!/usr/bin/env bash
# Two desks of one school syncing in the background: each a long-running
# `tagdesk headless --config` whose settings file has [sync], and nobody runs
# `tagdesk sync`. A phone handed in at reception can be collected at the
# library within seconds; then the server is stopped: reception still takes
# hand-ins, quickly, and says it is offline with them waiting; the server
# comes back and they reach the library by themselves. Then the server hangs
# (SIGSTOP): the same. Then a third desk joins: a setting changed at the
# library reaches the others, a laptop signed out at reception is returned
# at the office, and a phone confiscated at the library is released there;
# 300 devices imported at reception reach the others (more than a desk takes
# in at once), and every desk's people and devices end alike.
. "$(dirname "$0")/pg_lib.sh"
: "${TAGDESK:?set TAGDESK to the tagdesk binary}"

W=$(mktemp -d "${TMPDIR:-/tmp}/tagdesk-sync.XXXXXX")
declare -A FD PID
stop_desks() {
  local n
  for n in "${!PID[@]}"; do
    eval "exec ${FD[$n]}>&-"  # standard input ends: the desk stops its sync and exits
    wait "${PID[$n]}" || echo "desk $n exited with $?" >&2
  done
  PID=()
}
cleanup() { stop_desks; rm -rf "$W"; }
trap cleanup EXIT
URL="postgresql://localhost:${PGPORT:-5432}/${PGDATABASE:-postgres}"

tagdesk() { "$TAGDESK" "$@"; }
# In a subshell about to run a desk or the server: the desks' FIFOs closed
# (a process holding one would keep that desk's input from ending).
close_fifos() { local f; for f in "${FD[@]}"; do eval "exec $f>&-"; done; }
# open_desk NAME: desk NAME's headless session, fed through a FIFO.
open_desk() {
  local n=$1 fd
  mkfifo "$W/$n.in"
  (close_fifos
   exec "$TAGDESK" headless --clock-from-input --kiosk "$n" --config "$W/$n-desk.toml" --db "$W/$n.sqlite" \
     <"$W/$n.in" >"$W/$n.out" 2>"$W/$n.err") &
  PID[$n]=$!
  exec {fd}>"$W/$n.in"
  FD[$n]=$fd
}
# say NAME LINE: one input at desk NAME; prints its answer.
say() {
  local n=$1 before i
  before=$(wc -l <"$W/$n.out")
  echo "$2" >&"${FD[$n]}"
  for i in $(seq 200); do
    [ "$(wc -l <"$W/$n.out")" -gt "$before" ] && { tail -n 1 "$W/$n.out"; return; }
    sleep 0.05
  done
  fail "desk $n did not answer $2: $(cat "$W/$n.err")"
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
# events_of NAME SUBJECT [KIND]: the SUBJECT's events of KIND (handin, loan) in desk NAME's file.
events_of() {
  tagdesk history "$2" --json --db "$W/$1.sqlite" | grep -o "\"type\":\"${3:-handin}\.[a-z-]*\"" | cut -d'"' -f4 | tr '\n' ' '
}
handins_of() { events_of "$1" "$2"; }
# until_seen NAME SUBJECT WANT SECONDS [KIND]: ticks desk NAME until the
# SUBJECT's events of KIND there are WANT; prints how long it took.
until_seen() {
  local n=$1 start=$SECONDS
  while [ "$(events_of "$n" "$2" "${5:-handin}")" != "$3" ]; do
    [ $((SECONDS - start)) -lt "$4" ] || fail "desk $n has '$(events_of "$n" "$2" "${5:-handin}")' for $2, not '$3', after $4 s; sync: $(say "$n" '{"tick":{}}' | field sync)"
    say "$n" '{"tick":{}}' >/dev/null
    sleep 0.2
  done
  echo $((SECONDS - start))
}

echo "- two desks with [sync] in their settings, joined once"
tagdesk server init "$URL" >/dev/null || fail "server init"
for k in reception library; do
  tagdesk server add-desk "$URL" --school S1 --kiosk $k --out "$W/$k.creds.toml" >/dev/null || fail "add-desk $k"
  printf '[kiosk]\nname = "%s"\n[sync]\ncredentials = "%s.creds.toml"\n' $k $k >"$W/$k-desk.toml"
done
tagdesk init --demo --db "$W/reception.sqlite" >/dev/null
tagdesk rack move L --to library --pouches PO0601-PO1100 --db "$W/reception.sqlite" >/dev/null || fail "rack move"
for k in reception library; do
  tagdesk sync join "$URL" --kiosk $k --db "$W/$k.sqlite" --config "$W/$k-desk.toml" >/dev/null || fail "$k's join"
done
open_desk reception
open_desk library

echo "- a phone handed in at reception is collected at the library, nobody running tagdesk sync"
say reception '{"scan":"100001","at":"2026-11-24T08:20:00"}' >/dev/null
[ "$(say reception '{"choose":"done"}' | field feedback)" = accepted ] || fail "hand-in at reception"
took=$(until_seen library 100001 "handin.recorded " 10)
echo "  the library had it after ${took} s"
say library '{"scan":"100001","at":"2026-11-24T15:12:00"}' >/dev/null
[ "$(say library '{"scan":"PO0001"}' | field feedback)" = accepted ] || fail "collection at the library"
until_seen reception 100001 "handin.recorded handin.collected " 10 >/dev/null
# Synced within the last seconds (a round can take a few under a loaded machine's sanitizers).
header=$(say reception '{"tick":{}}' | field sync)
[[ $header =~ ^synced\ (just\ now|[0-9]\ s\ ago)$ ]] || fail "reception's header: $header"

echo "- tagdesk sync beside a desk that syncs by itself is refused, naming it"
tagdesk sync --once --db "$W/reception.sqlite" --config "$W/reception-desk.toml" >"$W/sync.out" 2>&1 \
  && fail "tagdesk sync ran beside reception's own sync"
grep -q "is being synced already, by the desk's background sync, process ${PID[reception]} " "$W/sync.out" \
  || fail "tagdesk sync beside the desk: $(cat "$W/sync.out")"

# handins WHEN PUPIL...: each hands in at reception, all within 3 s (a
# hand-in never waits on the network); prints how long they took.
handins() {
  local when=$1 pupil start ms
  shift
  start=$(date +%s%N)
  for pupil in "$@"; do
    say reception "{\"scan\":\"$pupil\",\"at\":\"$when\"}" >/dev/null
    [ "$(say reception '{"choose":"done"}' | field feedback)" = accepted ] || fail "hand-in of $pupil"
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$ms" -lt 3000 ] || fail "$# hand-ins took $ms ms"
  echo "$ms"
}

echo "- the server stops: reception takes hand-ins as fast, and they wait"
pg_ctlcluster "$PGVERSION" regress stop -m fast || fail "stopping the server"
ms=$(handins 2026-11-25T08:20:00 100002 100003 100004)
for i in $(seq 50); do
  header=$(say reception '{"tick":{}}' | field sync)
  [[ $header == offline* ]] && break
  sleep 0.1
done
# The three hand-ins at least (a clock.went-back may go before them).
[[ $header =~ ^offline,\ ([0-9]+)\ waiting$ ]] && [ "${BASH_REMATCH[1]}" -ge 3 ] \
  || fail "reception's header with the server down: $header"
echo "  three hand-ins in $ms ms; the header says \"$header\""

echo "- the server returns: the hand-ins reach the library by themselves"
(close_fifos; exec pg_ctlcluster "$PGVERSION" regress start) || fail "starting the server"
took=$(until_seen library 100004 "handin.recorded " 30)
echo "  the library had them ${took} s after the server returned"
[ "$(handins_of library 100002)" = "handin.recorded " ] || fail "library's 100002: $(handins_of library 100002)"
for i in $(seq 50); do
  header=$(say reception '{"tick":{}}' | field sync)
  [ "$header" = "synced just now" ] && break
  sleep 0.1
done
[ "$header" = "synced just now" ] || fail "reception's header once the server returned: $header"

echo "- the server hangs (every process stopped): hand-ins as fast; they arrive once it carries on"
data=$(pg_lsclusters -h | awk '$2 == "regress" { print $6 }')
server=$(head -n 1 "$data/postmaster.pid")
hung="$server $(pgrep -d ' ' -P "$server")"
kill -STOP $hung
ms=$(handins 2026-11-26T08:20:00 100005 100006 100007)
echo "  three hand-ins in $ms ms"
kill -CONT $hung
took=$(until_seen library 100007 "handin.recorded " 40)
echo "  the library had them ${took} s after the server carried on"

echo "- a third desk: a setting changed at the library reaches the others; a laptop signed out at reception is returned at the office"
tagdesk server add-desk "$URL" --school S1 --kiosk office --out "$W/office.creds.toml" >/dev/null || fail "add-desk office"
printf '[kiosk]\nname = "office"\n[sync]\ncredentials = "office.creds.toml"\n' >"$W/office-desk.toml"
tagdesk sync join "$URL" --kiosk office --db "$W/office.sqlite" --config "$W/office-desk.toml" >/dev/null || fail "office's join"
open_desk office
pin=211111  # Marcus Dvořák, administrator: badge 900001
for line in '{"scan":"900001","at":"2026-11-26T09:00:00"}' "{\"pin\":\"$pin\"}" '{"choose":"admin"}' \
            '{"choose":"settings"}' '{"choose":"setting:school.name"}' '{"text":"Northfield Trust Academy"}'; do
  say library "$line" >/dev/null
done
for k in reception office; do
  for i in $(seq 50); do
    [ "$(say $k '{"tick":{}}' | field title)" = "Northfield Trust Academy" ] && break
    [ "$i" -lt 50 ] || fail "$k's title: $(say $k '{"tick":{}}' | field title)"
    sleep 0.2
  done
done
for line in '{"scan":"900001","at":"2026-11-26T09:10:00"}' "{\"pin\":\"$pin\"}" '{"choose":"signout"}' '{"scan":"LT001"}'; do
  say reception "$line" >/dev/null
done
[ "$(say reception '{"choose":"onsite"}' | field feedback)" = accepted ] || fail "sign-out at reception"
until_seen office LT001 "loan.signed-out " 10 loan >/dev/null
for line in '{"scan":"900001","at":"2026-11-26T15:30:00"}' "{\"pin\":\"$pin\"}" '{"scan":"LT001"}' '{"choose":"fine"}'; do
  say office "$line" >/dev/null
done
[ "$(say office '{"choose":"confirm"}' | field feedback)" = accepted ] || fail "return at the office"
until_seen reception LT001 "loan.signed-out loan.returned " 10 loan >/dev/null
until_seen library LT001 "loan.signed-out loan.returned " 10 loan >/dev/null
echo "- a phone confiscated at the library is released at the office"
for line in '{"scan":"900001","at":"2026-11-27T10:00:00"}' "{\"pin\":\"$pin\"}" '{"choose":"confiscate"}' \
            '{"scan":"100008"}' '{"choose":"on"}'; do
  say library "$line" >/dev/null
done
[ "$(say library '{"choose":"lesson"}' | field feedback)" = accepted ] || fail "confiscation at the library"
say library '{"choose":"done"}' >/dev/null
until_seen office 100008 "confiscation.recorded " 10 confiscation >/dev/null
for line in '{"scan":"900001","at":"2026-11-27T15:20:00"}' "{\"pin\":\"$pin\"}" '{"choose":"confiscations"}' \
            '{"scan":"100008"}' '{"choose":"pupil"}'; do
  say office "$line" >/dev/null
done
[ "$(say office '{"scan":"100008"}' | field feedback)" = accepted ] || fail "release at the office"
until_seen library 100008 "confiscation.recorded confiscation.released " 10 confiscation >/dev/null

echo "- 300 devices imported at reception reach the other desks, a pulled batch taken in a bite at a time"
{ echo id,kind,name; for i in $(seq 300); do printf 'BX%03d,camera,Box camera %d\n' "$i" "$i"; done; } >"$W/cameras.csv"
tagdesk import devices "$W/cameras.csv" --db "$W/reception.sqlite" >"$W/out" 2>&1 || fail "import: $(cat "$W/out")"
until_seen library BX300 "device.recorded " 30 device >/dev/null
until_seen office BX300 "device.recorded " 30 device >/dev/null

stop_desks
for k in reception library office; do
  tagdesk verify --db "$W/$k.sqlite" >/dev/null || fail "$k's chain"
done
for k in library office; do
  for what in people devices; do
    [ "$(tagdesk list $what --json --db "$W/$k.sqlite")" = "$(tagdesk list $what --json --db "$W/reception.sqlite")" ] \
      || fail "$k's $what differ from reception's"
  done
done
echo "PASS"
