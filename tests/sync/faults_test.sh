#!/usr/bin/env bash
# The fault harness's bounded run (faults.py): three desks syncing through a
# proxy while desks are killed, the server stopped and hung, connections
# black-holed and reset and clocks skewed; then every accepted event is on
# the server once, every desk equals a rebuild from the server's order, and
# every chain verifies. Prints the seed on failure; replay it with
#   TAGDESK=build/test/kiosk/tagdesk tests/sync/faults_test.sh --seed N
# (or TAGDESK_FAULTS_SEED=N ctest -R sync_faults). Longer: scripts/soak-sync.
. "$(dirname "$0")/pg_lib.sh"
: "${TAGDESK:?set TAGDESK to the tagdesk binary}"
exec python3 "$(dirname "$0")/faults.py" ${TAGDESK_FAULTS_SEED:+--seed "$TAGDESK_FAULTS_SEED"} "$@"
