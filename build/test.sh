#!/usr/bin/env bash
# The README's test command: build the solution with warnings as errors, run every test project against a real
# PostgreSQL (tests/Posts.Testing picks POSTS_TEST_DATABASE, else Docker via Testcontainers, else a throwaway
# local cluster), and end with the line "N passed, N failed, N skipped" summed over all test projects.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

configuration=Release
results="$PWD/artifacts/test-results"

has_postgres_binaries() {
  local bindir
  if bindir=$(pg_config --bindir 2>/dev/null) && [[ -x $bindir/initdb && -x $bindir/pg_ctl ]]; then
    return 0
  fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

has_docker_engine() {
  command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1
}

# Alive and not a zombie (a dead postgres can wait a while to be reaped).
is_running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]
}

# A test program that died without its dispose (a stack overflow, SIGKILL) leaves its local cluster running.
# Each cluster folder names its owner; stop and remove those whose owner is gone (others may be another run's).
remove_abandoned_clusters() {
  local folder owner postmaster
  for folder in "${TMPDIR:-/tmp}"/posts-pg-*; do
    [[ -f $folder/owner.pid ]] || continue
    owner=$(<"$folder/owner.pid")
    is_running "$owner" && continue
    if [[ -f $folder/data/postmaster.pid ]]; then
      postmaster=$(head -n 1 "$folder/data/postmaster.pid")
      kill -QUIT "$postmaster" 2>/dev/null || true # PostgreSQL's immediate shutdown
      for _ in {1..100}; do
        is_running "$postmaster" || break
        sleep 0.1
      done
    fi
    echo "test.sh: removed the abandoned test cluster in $folder" >&2
    rm -rf "$folder"
  done
}

if [[ -z ${POSTS_TEST_DATABASE:-} ]] && ! has_postgres_binaries && ! has_docker_engine; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "test.sh: no PostgreSQL server binaries and no Docker engine; installing Debian's postgresql" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    cat >&2 <<'MSG'
test.sh: the tests need PostgreSQL 15 or newer, and found none. Any one of these will do:
  - the server binaries: sudo apt-get install postgresql   (initdb and pg_ctl; no service is used)
  - a running Docker engine (Testcontainers starts postgres:15-alpine)
  - POSTS_TEST_DATABASE=<connection string of a server where that user may create databases>
MSG
    exit 1
  fi
fi

# The console page's test drives Debian's Chromium headless (Playwright with ExecutablePath; no browser download).
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian's chromium for the browser test" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: /usr/bin/chromium is missing, so the browser test will be skipped (sudo apt-get install chromium)" >&2
  fi
fi

dotnet restore Posts.sln
dotnet build Posts.sln -c "$configuration" --no-restore -warnaserror

rm -rf "$results"
mkdir -p "$results"
# Each test assembly's PostgresServer appends a line here saying which server it used (dotnet test shows no
# output of a passing test program).
export POSTS_TEST_SERVER_REPORT="$results/postgres-servers.txt"

status=0
log="$results/dotnet-test.log"
dotnet test --solution Posts.sln -c "$configuration" --no-build --no-ansi --no-progress \
  --results-directory "$results" --report-xunit-trx --timeout 30m 2>&1 | tee "$log" || status=$?
remove_abandoned_clusters

if [[ -s $POSTS_TEST_SERVER_REPORT ]]; then
  cat "$POSTS_TEST_SERVER_REPORT"
fi

# The platform's closing summary counts every test assembly once ("total/failed/succeeded/skipped", plus
# "error" for an assembly that crashed, which counts as a failure). TRX files are kept in $results for
# people; they are not summed, because two assemblies finishing in the same instant share a file name.
read -r passed failed skipped < <(
  awk '
    /^Test run summary/ { in_summary = 1; next }
    in_summary && $1 == "succeeded:" { passed = $2 }
    in_summary && $1 == "failed:" { failed += $2 }
    in_summary && $1 == "error:" { failed += $2 }
    in_summary && $1 == "skipped:" { skipped = $2 }
    END { print passed + 0, failed + 0, skipped + 0 }' "$log"
)

if [[ $status -ne 0 ]]; then
  echo "test.sh: dotnet test failed (exit $status); test results are in $results" >&2
fi
if ((passed + failed == 0)); then
  echo "test.sh: no test ran (see $log)" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
if ((status != 0 || failed > 0)); then
  exit 1
fi
