# Shared by the sync tests that need a real PostgreSQL: runs the test inside
# a throwaway cluster of its own (Debian's pg_virtualenv, fsync on), or skips
# it (exit 77) with a clear message when PostgreSQL is not installed.
#
#   . "$(dirname "$0")/pg_lib.sh"   # re-runs this script under pg_virtualenv
#   admin "SELECT 1"                # psql as the cluster's superuser
set -euo pipefail
SKIP=77
if [ -z "${TAGDESK_IN_PG:-}" ]; then
  if ! command -v pg_virtualenv >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "SKIPPED: PostgreSQL is not installed (scripts/install-deps installs postgresql-15 and postgresql-common)"
    exit $SKIP
  fi
  TAGDESK_IN_PG=1 exec pg_virtualenv -t -o fsync=on bash "$0" "$@"
fi

SOURCE_DIR=${TAGDESK_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
fail() { echo "FAIL: $*" >&2; exit 1; }

# psql as the superuser, one value a line, stopping at the first error.
admin() { psql -X -v ON_ERROR_STOP=1 -Atq -c "$1"; }
# The server's schema, as `tagdesk server init` applies it.
apply_schema() {
  local f
  for f in "$SOURCE_DIR"/sync/sql/[0-9]*.sql; do psql -X -v ON_ERROR_STOP=1 -1 -q -f "$f" >/dev/null; done
}
