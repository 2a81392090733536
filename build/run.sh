#!/usr/bin/env bash
# Runs Posts locally without Docker (SPEC §8): the HTTP API and the WebSocket host, in the foreground.
#
#   build/run.sh [--no-build]        (from any directory; Ctrl-C stops everything it started)
#
# Database: ConnectionStrings__Posts when set (used as is); otherwise a PostgreSQL cluster of its own
# under .data/pg in the checkout (git-ignored, kept between runs), made with the machine's binaries
# and started on a free loopback port; it is stopped again when this script ends.
# Then: build, migrate (`posts db migrate`), ensure the demo user, start both hosts, wait until both
# /health/ready answer 200, and print how to try them.
#
# Environment: POSTS_API_PORT (5000), POSTS_WS_PORT (8080), POSTS_BUILD_CONFIGURATION (Release),
# POSTS_READY_TIMEOUT (seconds, 120), ASPNETCORE_ENVIRONMENT (Development).
# Secrets never go on a command line: the hosts and the CLI get the connection string through the
# environment, the demo password reaches the CLI on stdin, SQL reaches psql on stdin.

# shellcheck disable=SC2317 # cleanup and on_signal run from traps
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$repo/.data"
config="${POSTS_BUILD_CONFIGURATION:-Release}"
api_port="${POSTS_API_PORT:-5000}"
ws_port="${POSTS_WS_PORT:-8080}"
ready_timeout="${POSTS_READY_TIMEOUT:-120}"
stop_timeout=30 # seconds a host gets to drain after SIGTERM before SIGKILL (the host's own default is 30 s)
build=1

for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'run.sh: unknown argument %s (try --help)\n' "$arg" >&2; exit 2 ;;
  esac
done

say() { printf 'run.sh: %s\n' "$*"; }
warn() { printf 'run.sh: warning: %s\n' "$*" >&2; }
die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Everything this script starts, and how it is stopped again.
child=""          # the build or CLI run in progress (run as a background job so signals act at once)
api_pid=""        # the hosts
ws_pid=""
pg_pid=""         # the PostgreSQL server (our child, so that we reap it: see start_postgres)
pg_sock_tmp=""    # socket folder made outside .data when the path there is too long
cleaned=""

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cleanup() {
  [[ -n "$cleaned" ]] && return 0
  cleaned=1
  set +e # best effort from here on: one failed step must not skip the next
  trap '' INT TERM PIPE # a second Ctrl-C, or a closed pipe on our output, must not cut the cleanup short
  if [[ -n "$api_pid$ws_pid$child" ]]; then
    say "stopping hosts…"
    stop_processes "$api_pid" "$ws_pid" "$child"
  fi
  if [[ -n "$pg_pid" ]]; then
    say "stopping PostgreSQL…"
    if alive "$pg_pid" && ! pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null; then
      warn "pg_ctl stop failed (see $pg_log): signalling the server"
    fi
    stop_processes "$pg_pid"
  fi
  [[ -n "$pg_sock_tmp" ]] && rm -rf "$pg_sock_tmp"
  return 0
}

on_signal() { # signal-name exit-code
  say "caught SIG$1"
  cleanup
  exit "$2"
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap cleanup EXIT

run_child() { # command… — runs it as a background job and waits, so a signal is handled at once
  local rc=0
  # <&0: keep this script's stdin (a background job would get /dev/null), for --password-stdin.
  "$@" <&0 9>&- &
  child=$!
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL of our own under .data (only when ConnectionStrings__Posts is not set).
#
# Authentication: the "posts" role logs in over TCP on 127.0.0.1 only, with scram-sha-256 and a
# generated password kept in .data/pg-password (mode 600). Not trust: on a shared machine, trust on
# loopback would let every local user and process connect as any role, the superuser included. The
# superuser (the OS user that runs the server) gets in only by peer authentication over a unix
# socket in a private folder, which is how this script creates the role and the database.

pg_os_user=""
pg() { # command… — a PostgreSQL program as the user that owns the cluster (never root)
  if [[ -n "$pg_os_user" ]]; then
    (cd / && runuser -u "$pg_os_user" -- "$@" 9>&-)
  else
    "$@" 9>&-
  fi
}

pg_running() { pg "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }

start_postgres() { # port — starts the server and waits until it accepts connections
  # Not `pg_ctl start`: that leaves the server a child of PID 1, and where PID 1 does not reap
  # (a container's init, this kind of sandbox) every stop leaves a zombie [postgres] behind. As
  # our own child it is reaped here. setsid keeps the terminal's Ctrl-C away from it, as pg_ctl
  # would: the hosts stop first, then the database.
  local deadline=$((SECONDS + 60))
  (
    cd /
    exec setsid ${pg_os_user:+runuser -u "$pg_os_user" --} "$pg_bin/postgres" -D "$pg_data" -p "$1" -k "$pg_sock"
  ) </dev/null >>"$pg_log" 2>&1 9>&- &
  pg_pid=$!
  # Asked on the socket in our private folder: only our server can answer there (on the TCP port,
  # a server that took the port in the meantime could).
  until "$pg_bin/pg_isready" -q -h "$pg_sock" -p "$1" -t 1; do
    if ! alive "$pg_pid" || ((SECONDS >= deadline)); then
      stop_processes "$pg_pid"
      pg_pid=""
      return 1
    fi
    sleep 0.1
  done
}

find_pg_bin() {
  local dir candidates
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { printf '%s\n' "$dir"; return 0; }
  fi
  candidates="$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1 || true)"
  [[ -n "$candidates" && -x "$candidates/initdb" ]] && { printf '%s\n' "$candidates"; return 0; }
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

port_in_use() { # port — something accepts connections on 127.0.0.1:port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

new_secret() { # a random [A-Za-z0-9] string of 32 characters (no pipeline that could SIGPIPE)
  local s=""
  while ((${#s} < 32)); do
    s+="$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
  done
  printf '%s\n' "${s:0:32}"
}

secret_file() { # path — prints the secret stored there, creating it (mode 600) on first use
  if [[ ! -s "$1" ]]; then
    (umask 077 && new_secret >"$1")
  fi
  chmod 600 "$1"
  head -n 1 "$1"
}

provision_postgres() {
  pg_bin="$(find_pg_bin)" || {
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      say "no PostgreSQL server binaries found: installing Debian's postgresql package…"
      run_child apt-get update -qq
      DEBIAN_FRONTEND=noninteractive run_child apt-get install -y -qq postgresql >/dev/null
      pg_bin="$(find_pg_bin)" || die "postgresql installed, but no initdb/pg_ctl found"
    else
      die "no PostgreSQL server binaries (initdb, pg_ctl) found. Install PostgreSQL 15 or newer
  (Debian/Ubuntu: sudo apt-get install postgresql; Fedora: sudo dnf install postgresql-server;
  macOS: brew install postgresql@16), or set ConnectionStrings__Posts to an existing server."
    fi
  }
  local version=0
  [[ "$("$pg_bin/postgres" --version)" =~ ([0-9]+)\. ]] && version="${BASH_REMATCH[1]}"
  ((version >= 15)) || die "PostgreSQL $version at $pg_bin is too old: 15 or newer is needed"

  pg_data="$data/pg"
  pg_log="$data/pg.log"
  local su owner
  if [[ $EUID -eq 0 ]]; then
    # PostgreSQL refuses to run as root: run it as the postgres user, which owns .data/pg.
    id -u postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to run PostgreSQL as
  (apt-get install postgresql creates it), or run this script as a normal user"
    pg_os_user=postgres
    owner=postgres
    # .data is traversable (not listable) so that postgres reaches .data/pg; secrets stay mode 600.
    chmod 711 "$data"
  else
    owner="$(id -un)"
    chmod 700 "$data"
  fi
  su="$owner"

  mkdir -p "$pg_data"
  [[ -e "$pg_log" ]] || : >"$pg_log"
  if [[ -n "$pg_os_user" ]]; then
    chown "$pg_os_user:" "$pg_data" "$pg_log"
    runuser -u "$pg_os_user" -- test -w "$pg_data" || die "user $pg_os_user cannot reach $pg_data:
  a folder above the checkout is closed to it (chmod o+x it, or set ConnectionStrings__Posts)"
  fi
  chmod 700 "$pg_data"
  chmod 600 "$pg_log"

  if [[ ! -s "$pg_data/PG_VERSION" ]]; then
    say "creating a PostgreSQL $version cluster in $pg_data…"
    local locale=C
    locale -a 2>/dev/null | grep -ixE 'c\.utf-?8' >/dev/null && locale=C.UTF-8
    pg "$pg_bin/initdb" -D "$pg_data" -E UTF8 --locale="$locale" -U "$su" \
      --auth-local=peer --auth-host=scram-sha-256 >"$data/initdb.log" 2>&1 \
      || { cat "$data/initdb.log" >&2; die "initdb failed"; }
    # Loopback TCP only; the port and the socket folder are given at each start.
    printf "\n# build/run.sh\nlisten_addresses = '127.0.0.1'\n" | pg tee -a "$pg_data/postgresql.conf" >/dev/null
  fi

  # The socket path must fit in sun_path (107 bytes); a deep checkout gets a folder in /tmp instead.
  pg_sock="$data/pg-socket"
  if ((${#pg_sock} + 18 > 100)); then
    pg_sock_tmp="$(mktemp -d "${TMPDIR:-/tmp}/posts-pg.XXXXXX")"
    pg_sock="$pg_sock_tmp"
  fi
  mkdir -p "$pg_sock"
  [[ -n "$pg_os_user" ]] && chown "$pg_os_user:" "$pg_sock"
  chmod 700 "$pg_sock"

  if pg_running; then
    # We hold .data/run.lock, so this server was left behind by a run that was killed.
    warn "a PostgreSQL from an earlier run is still running on $pg_data: stopping it first"
    pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null
  fi

  local port="" attempt
  [[ -s "$data/pg-port" ]] && port="$(head -n 1 "$data/pg-port")"
  for attempt in 1 2 3 4 5; do
    if [[ ! "$port" =~ ^[0-9]+$ ]] || port_in_use "$port"; then
      local tries=0
      port=""
      while ((tries++ < 100)); do
        local candidate=$((20000 + RANDOM % 12000))
        port_in_use "$candidate" || { port=$candidate; break; }
      done
      [[ -n "$port" ]] || die "no free loopback port found for PostgreSQL"
    fi
    printf '%s\n' "$port" >"$data/pg-port"
    start_postgres "$port" && break
    # Taken between the check and the start, most likely: try another port.
    warn "PostgreSQL did not start on port $port (attempt $attempt); last lines of $pg_log:"
    tail -n 5 "$pg_log" >&2 || true
    port=""
    ((attempt < 5)) || die "PostgreSQL would not start; see $pg_log"
  done
  pg_port="$port"
  say "PostgreSQL $version is up on 127.0.0.1:$pg_port (data: $pg_data, log: $pg_log)"

  local password
  password="$(secret_file "$data/pg-password")"
  # SQL on stdin, so the password is in no process's argv.
  pg "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_sock" -p "$pg_port" -U "$su" -d postgres >/dev/null <<SQL
SELECT 'CREATE ROLE posts LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'posts')\gexec
ALTER ROLE posts WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE posts OWNER posts' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'posts')\gexec
SQL
  connection_string="Host=127.0.0.1;Port=$pg_port;Database=posts;Username=posts;Password=$password"
}

# ---------------------------------------------------------------------------------------------
build_hosts() {
  local log="$data/build.log" started=$SECONDS
  say "building ($config)…"
  # Only the three programs, not the test projects: a test that does not compile must not stop
  # the service from running. Node reuse off, so no MSBuild worker outlives this script.
  if ! MSBUILDDISABLENODEREUSE=1 run_child dotnet msbuild "$repo/Posts.sln" -restore -nologo -v:q \
    -nodeReuse:false -p:Configuration="$config" '-t:src\Posts_Api;src\Posts_WebSockets;src\Posts_Cli' >"$log" 2>&1; then
    if grep -q 'MSB4057' "$log"; then
      # The solution's target names changed (projects moved): build the projects one by one.
      local project
      for project in Posts.Cli Posts.Api Posts.WebSockets; do
        MSBUILDDISABLENODEREUSE=1 run_child dotnet build "$repo/src/$project" -nologo -v q -nodeReuse:false \
          -c "$config" >"$log" 2>&1 || { cat "$log" >&2; die "build failed ($project)"; }
      done
    else
      cat "$log" >&2
      die "build failed"
    fi
  fi
  say "built in $((SECONDS - started))s"
}

dll_of() { # project — the built assembly
  local dll
  dll="$(compgen -G "$repo/src/$1/bin/$config/net*/$1.dll" | sort -V | tail -n 1 || true)"
  [[ -n "$dll" ]] || die "no $1.dll under src/$1/bin/$config: build first (run without --no-build)"
  printf '%s\n' "$dll"
}

posts_cli() { # args… — the admin CLI; the connection string goes through the environment
  ConnectionStrings__Posts="$connection_string" run_child dotnet "$cli_dll" "$@"
}

prefix_lines() { # tag — prefixes each line; ignores Ctrl-C so the host's shutdown logs still show
  trap '' INT TERM
  local line
  while IFS= read -r line || [[ -n "$line" ]]; do printf '[%s] %s\n' "$1" "$line"; done
}

start_host() { # tag project — starts a host in the background; $! is its pid afterwards
  local dll log_fd
  dll="$(dll_of "$2")"
  # The line prefixer is this shell's child (not the host's), so that it is reaped here when the
  # host's output ends, even where PID 1 reaps nothing.
  exec {log_fd}> >(prefix_lines "$1")
  # Run from the output folder (the content root, where appsettings.json is). The hosts bind
  # http://localhost:<port> from POSTS_*_PORT when no urls are configured, so clear those.
  (
    cd "$(dirname "$dll")"
    unset ASPNETCORE_URLS DOTNET_URLS URLS ASPNETCORE_HTTP_PORTS ASPNETCORE_HTTPS_PORTS
    # shellcheck disable=SC2030 # only for the host, on purpose
    export ConnectionStrings__Posts="$connection_string" POSTS_API_PORT="$api_port" POSTS_WS_PORT="$ws_port"
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
    exec dotnet "$dll" 9>&-
  ) >&"$log_fd" 2>&1 &
  exec {log_fd}>&-
}

http_status() { # url — the HTTP status code, or 000 when nothing answers
  curl -s -o /dev/null -m 10 -w '%{http_code}' "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
command -v curl >/dev/null 2>&1 || die "curl not found (needed to wait for /health/ready): install curl"
started_at=$SECONDS
mkdir -p "$data"

for port in "$api_port" "$ws_port"; do
  [[ "$port" =~ ^[0-9]+$ ]] || die "not a port: $port"
  port_in_use "$port" && die "port $port is already in use: stop what listens there, or set POSTS_API_PORT / POSTS_WS_PORT"
done
[[ "$api_port" != "$ws_port" ]] || die "POSTS_API_PORT and POSTS_WS_PORT are both $api_port"

# shellcheck disable=SC2031 # the subshell in start_host exports it for the host only
if [[ -n "${ConnectionStrings__Posts:-}" ]]; then
  connection_string="$ConnectionStrings__Posts"
  say "using the database from ConnectionStrings__Posts"
else
  # One run at a time per checkout: the cluster under .data/pg is this run's until it ends.
  exec 9>"$data/run.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -n 9 || die "another build/run.sh is using $data (its lock: $data/run.lock)"
  fi
  provision_postgres
fi

((build)) && build_hosts
cli_dll="$(dll_of Posts.Cli)"

say "migrating…"
migrate_rc=0
posts_cli db migrate || migrate_rc=$?
((migrate_rc == 0)) || die "posts db migrate failed (exit $migrate_rc$( ((migrate_rc == 7)) && printf ': the database is unreachable'))"

demo_file="$data/demo-password"
demo_new=""
[[ -s "$demo_file" ]] || demo_new=1
demo_password="$(secret_file "$demo_file")"
demo_rc=0
posts_cli users add demo --display-name "Demo" --password-stdin <"$demo_file" >/dev/null || demo_rc=$?
case "$demo_rc" in
  0) say "created the demo user" ;;
  5) [[ -n "$demo_new" ]] && warn "user 'demo' already existed in this database: its password is not the one in $demo_file" ;;
  *) die "posts users add demo failed (exit $demo_rc)" ;;
esac

say "starting the API on :$api_port and the WebSocket host on :$ws_port…"
start_host api Posts.Api
api_pid=$!
start_host ws Posts.WebSockets
ws_pid=$!

api_url="http://localhost:$api_port"
ws_url="ws://localhost:$ws_port/"
deadline=$((SECONDS + ready_timeout))
api_ready="" ws_ready=""
until [[ -n "$api_ready" && -n "$ws_ready" ]]; do
  alive "$api_pid" || die "the API exited before it was ready (see the [api] lines above)"
  alive "$ws_pid" || die "the WebSocket host exited before it was ready (see the [ws] lines above)"
  if ((SECONDS >= deadline)); then
    die "not ready after ${ready_timeout}s: /health/ready answered $(http_status "$api_url/health/ready") (API) and $(http_status "http://localhost:$ws_port/health/ready") (WebSockets)"
  fi
  [[ -n "$api_ready" ]] || { [[ "$(http_status "$api_url/health/ready")" == 200 ]] && api_ready=1; }
  [[ -n "$ws_ready" ]] || { [[ "$(http_status "http://localhost:$ws_port/health/ready")" == 200 ]] && ws_ready=1; }
  [[ -n "$api_ready" && -n "$ws_ready" ]] || sleep 0.2
done

pg_line=""
[[ -n "${pg_port:-}" ]] && pg_line="  PostgreSQL   127.0.0.1:$pg_port, database posts, user posts (password in .data/pg-password)"
cat <<EOF

  Posts is running (ready $((SECONDS - started_at))s after start). Ctrl-C stops everything.

  HTTP API     $api_url
  WebSockets   $ws_url
  Demo user    demo / $demo_password   (kept in .data/demo-password)
$pg_line

  Try it:
    HTTP:   printf '{"username": "demo", "password": "%s"}' "\$(cat $demo_file)" |
              curl -i $api_url/tokens -H 'Content-Type: application/json' --data-binary @-
            then: curl -i "$api_url/posts?embed=author,comments" -H "Authorization: Bearer <token>"
            reference: $api_url/scalar
    Socket: open http://localhost:$ws_port/ in a browser (a console page), or paste into any browser console:
      var s = new WebSocket("$ws_url"); s.onmessage = e => console.log(e.data);
      s.onopen = () => { s.send(JSON.stringify({type: "posts.index"}));
        s.send(JSON.stringify({type: "tokens.create", data: {username: "demo", password: "$demo_password"}}));
        s.send(JSON.stringify({type: "posts.index"})); };

EOF

# Until Ctrl-C / SIGTERM (the traps stop everything) or until a host exits by itself.
host_rc=""
if ((BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1))); then
  host_rc=0
  wait -n "$api_pid" "$ws_pid" || host_rc=$?
else
  while alive "$api_pid" && alive "$ws_pid"; do sleep 0.5; done
fi
exited=""
alive "$api_pid" || exited="the API"
alive "$ws_pid" || exited="${exited:+$exited and }the WebSocket host"
warn "${exited:-a host} exited unexpectedly${host_rc:+ (exit code $host_rc)}: stopping the rest"
exit 1
