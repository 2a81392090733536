#!/usr/bin/env bash
# Measures Posts on this machine, side by side in one run (docs/benchmarks.md says what and how):
#   1. WebSocket host RSS per idle authenticated socket (BENCH_IDLE_SOCKETS sockets, each after tokens.use)
#   2. posts.index round trips/s over BENCH_SOCKETS sockets, one outstanding request each, p50/p99
#   3. GET /posts?limit=10 requests/s over as many HTTP connections: the same C# client, and wrk when present
#   4. POST /posts posts/s over as many connections with live events off (a second API with Events:Write=false),
#      on (as shipped), and on with BENCH_SUBSCRIBERS sockets subscribed over two WebSocket hosts
#   5. event delivery delay with BENCH_WRITERS writers; then with one writer holding its transaction open
#      BENCH_LONG_HOLD seconds, without the bound (Events:WriterTimeout=0) and with it (as shipped)
#
#   build/bench.sh [--no-build] [--no-doc] [--quick] [--keep] [--only events]
#
#   --no-build  use the Release builds already there
#   --no-doc    print the results only; by default they replace the "Latest run" section of
#               docs/benchmarks.md and add a row to its history table
#   --quick     a smoke run (500 idle sockets, one round, no hold, 1 s warm-up, 3 s measured, 100 subscribers,
#               a 4 s long writer); implies --no-doc
#   --keep      keep the temporary folder (database, host logs) and print where it is
#   --only events  sections 4 and 5 only (skips 1–3 and the dotnet-gcdump install); implies --no-doc. The API is
#               then fresh for the "events on" run too, so that run gets BENCH_WARMUP (if longer) of warm-up
#
# Everything runs on 127.0.0.1: a throwaway PostgreSQL cluster in a temporary folder (fsync on, as
# shipped; max_connections 300), the CLI migrates it and adds a user "bench", SQL seeds BENCH_POSTS posts,
# both hosts start in Release (ASPNETCORE_ENVIRONMENT=Production) and the load generator
# bench/Posts.Bench runs as a separate process. Everything started is stopped on exit, also on Ctrl-C.
#
# Environment (defaults in parentheses):
#   BENCH_IDLE_SOCKETS (5000)  idle authenticated sockets for the memory measurement
#   BENCH_IDLE_ROUNDS (2)      open/close rounds; round 2 also gives the live managed heap per socket
#   BENCH_IDLE_HOLD (35)       seconds round 1's sockets stay idle more (past the host's 30 s keep-alive ping)
#   BENCH_GCDUMP (on)          off: no live-heap measurement (on: dotnet-gcdump is installed when missing)
#   BENCH_SOCKETS (64)         sockets, and HTTP connections, for the round trips
#   BENCH_WARMUP (20)          seconds of load before each host's measured window (a cold API needs ~20 here)
#   BENCH_DURATION (10)        seconds measured
#   BENCH_POSTS (1000)         posts seeded (by SQL, for sections 2–5)
#   BENCH_SEED_POSTS (100000)  posts the last section writes with `posts db seed` (0: skip it; --quick: 5000)
#   BENCH_EVENTS (on)          off: skip sections 4 and 5
#   BENCH_EVENTS_WARMUP (10)   seconds of POST load before each "on" window (the "off" API is a fresh process:
#                              it gets BENCH_WARMUP)
#   BENCH_SUBSCRIBERS (1000)   subscribed sockets, half on each WebSocket host, for the third POST run
#   BENCH_WRITERS (8)          writers for the delivery-delay runs
#   BENCH_LONG_HOLD (10)       seconds the long writer keeps its transaction open
#   BENCH_REQUEST_LOGS (on)    on: as shipped, both hosts log one Information line per request and the API
#                              one more per HTTP request; off: those categories at Warning
#   POSTS_BUILD_CONFIGURATION (Release)
# Secrets never go on a command line: passwords and tokens travel through the environment and stdin.

# shellcheck disable=SC2317 # cleanup and on_signal run from traps
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
doc="$repo/docs/benchmarks.md"
config="${POSTS_BUILD_CONFIGURATION:-Release}"
idle_sockets="${BENCH_IDLE_SOCKETS:-5000}"
idle_rounds="${BENCH_IDLE_ROUNDS:-2}"
idle_hold="${BENCH_IDLE_HOLD:-35}"
load_sockets="${BENCH_SOCKETS:-64}"
warmup="${BENCH_WARMUP:-20}"
wrk_warmup=5 # wrk runs on an API the C# client has just warmed up
duration="${BENCH_DURATION:-10}"
posts="${BENCH_POSTS:-1000}"
request_logs="${BENCH_REQUEST_LOGS:-on}"
gcdump_mode="${BENCH_GCDUMP:-on}"
events_mode="${BENCH_EVENTS:-on}"
events_warmup="${BENCH_EVENTS_WARMUP:-10}"
subscribers="${BENCH_SUBSCRIBERS:-1000}"
writers="${BENCH_WRITERS:-8}"
long_hold="${BENCH_LONG_HOLD:-10}"
gcdump_version=10.0.750501
seed_posts="${BENCH_SEED_POSTS:-100000}"
build=1 write_doc=1 keep=0 only=""

while (($#)); do
  arg="$1"
  shift
  case "$arg" in
    --only)
      [[ "${1:-}" == events ]] || { printf 'bench.sh: --only takes "events"\n' >&2; exit 2; }
      only=events write_doc=0
      shift ;;
    --no-build) build=0 ;;
    --no-doc) write_doc=0 ;;
    --quick) seed_posts=5000 write_doc=0 idle_sockets=500 idle_rounds=1 idle_hold=0 warmup=1 duration=3 events_warmup=1 subscribers=100 long_hold=4 ;;
    --keep) keep=1 ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'bench.sh: unknown argument %s (try --help)\n' "$arg" >&2; exit 2 ;;
  esac
done
[[ -z "$only" || "${BENCH_EVENTS:-on}" == on ]] || { printf 'bench.sh: --only events needs BENCH_EVENTS=on\n' >&2; exit 2; }
for n in "$idle_sockets" "$idle_rounds" "$idle_hold" "$load_sockets" "$warmup" "$duration" "$posts" "$events_warmup" "$subscribers" "$writers" "$long_hold"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { printf 'bench.sh: not a whole number: %s\n' "$n" >&2; exit 2; }
done
[[ "$request_logs" == on || "$request_logs" == off ]] || { printf 'bench.sh: BENCH_REQUEST_LOGS is on or off\n' >&2; exit 2; }
[[ "$gcdump_mode" == on || "$gcdump_mode" == off ]] || { printf 'bench.sh: BENCH_GCDUMP is on or off\n' >&2; exit 2; }
[[ "$events_mode" == on || "$events_mode" == off ]] || { printf 'bench.sh: BENCH_EVENTS is on or off\n' >&2; exit 2; }

say() { printf 'bench.sh: %s\n' "$*" >&2; }
warn() { printf 'bench.sh: warning: %s\n' "$*" >&2; }
die() { printf 'bench.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Everything this script starts, and how it is stopped again.
tmp=""
child=""
api_pid="" ws_pid="" pg_pid="" ws2_pid="" api_off_pid=""
pg_os_user=""
cleaned=""

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$repo/build/lib.sh"

cleanup() {
  [[ -n "$cleaned" ]] && return 0
  cleaned=1
  set +e
  trap '' INT TERM PIPE
  stop_processes "$child" "$api_pid" "$ws_pid" "$ws2_pid" "$api_off_pid"
  if [[ -n "$pg_pid" ]]; then
    alive "$pg_pid" && pg "$pg_bin/pg_ctl" -D "$tmp/pg" -m fast -w -t 60 stop >/dev/null 2>&1
    stop_processes "$pg_pid"
  fi
  if [[ -n "$tmp" ]]; then
    if ((keep)); then say "kept $tmp (host logs: ws.log, api.log; PostgreSQL: pg.log)"; else rm -rf "$tmp"; fi
  fi
  return 0
}
on_signal() { say "caught SIG$1"; cleanup; exit "$2"; }
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap cleanup EXIT

run_child() { # command… — in the background and waited for, so that a signal is handled at once
  local rc=0
  "$@" <&0 &
  child=$!
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

pg() { # command… — a PostgreSQL program as the cluster's owner (never root)
  if [[ -n "$pg_os_user" ]]; then (cd / && runuser -u "$pg_os_user" -- "$@"); else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # a loopback port nothing listens on
  local tries=0 candidate
  while ((tries++ < 200)); do
    candidate=$((20000 + RANDOM % 12000))
    port_in_use "$candidate" || { printf '%s\n' "$candidate"; return 0; }
  done
  die "no free loopback port found"
}

new_secret() { # 32 characters of [A-Za-z0-9]
  local s=""
  while ((${#s} < 32)); do s+="$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"; done
  printf '%s\n' "${s:0:32}"
}

find_pg_bin() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    [[ -n "$dir" && -x "$dir/initdb" ]] && { printf '%s\n' "$dir"; return 0; }
  fi
  dir="$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1 || true)"
  [[ -n "$dir" && -x "$dir/initdb" ]] && { printf '%s\n' "$dir"; return 0; }
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

apt_install() { # package — only as root with apt-get; quiet
  [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  say "installing Debian's $1 package…"
  DEBIAN_FRONTEND=noninteractive run_child apt-get install -y -qq "$1" >/dev/null 2>&1 && return 0
  run_child apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive run_child apt-get install -y -qq "$1" >/dev/null 2>&1
}

http_status() { curl -s -o /dev/null -m 10 -w '%{http_code}' "$1" 2>/dev/null || true; }

dll_of() { # project folder (relative to the repo) — its built assembly
  local name dll
  name="$(basename "$1")"
  dll="$(compgen -G "$repo/$1/bin/$config/net*/$name.dll" | sort -V | tail -n 1 || true)"
  [[ -n "$dll" ]] || die "no $name.dll under $1/bin/$config: run without --no-build"
  printf '%s\n' "$dll"
}

# ---------------------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
command -v curl >/dev/null 2>&1 || die "curl not found: install curl"
started_at=$SECONDS
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
say "load average at start: $load_at_start (nproc $(nproc))"

# The sockets need file descriptors: the host holds one per socket, and so does the load generator.
hard_files="$(ulimit -Hn)"
[[ "$hard_files" == unlimited ]] || ((hard_files >= idle_sockets + 1000)) \
  || die "the hard limit on open files is $hard_files: BENCH_IDLE_SOCKETS=$idle_sockets needs at least $((idle_sockets + 1000))"
ulimit -n "$hard_files"

pg_bin="$(find_pg_bin)" || { apt_install postgresql && pg_bin="$(find_pg_bin)"; } \
  || die "no PostgreSQL server binaries (initdb, pg_ctl) found: apt-get install postgresql"
if ! command -v wrk >/dev/null 2>&1; then
  apt_install wrk || warn "wrk is not installed: the wrk row is skipped (the C# HTTP client still runs)"
fi
gcdump=""
if [[ "$gcdump_mode" == on && -z "$only" ]] && ((idle_rounds >= 2)); then
  # The .NET diagnostics tool, from NuGet, into a cache folder of its own (not the checkout).
  tools="${XDG_CACHE_HOME:-$HOME/.cache}/posts-bench/tools"
  if command -v dotnet-gcdump >/dev/null 2>&1; then
    gcdump="$(command -v dotnet-gcdump)"
  elif [[ -x "$tools/dotnet-gcdump" ]]; then
    gcdump="$tools/dotnet-gcdump"
  else
    say "installing dotnet-gcdump $gcdump_version into $tools…"
    if run_child dotnet tool install --tool-path "$tools" dotnet-gcdump --version "$gcdump_version" >/dev/null 2>&1; then
      gcdump="$tools/dotnet-gcdump"
    else
      warn "could not install dotnet-gcdump: the live-heap row is skipped"
    fi
  fi
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/posts-bench.XXXXXX")" # the build log, the database, the hosts' logs

if ((build)); then
  say "building ($config)…"
  build_started=$SECONDS
  for project in src/Posts.Cli src/Posts.Api src/Posts.WebSockets bench/Posts.Bench; do
    # No build servers: nothing of the build may outlive this script.
    MSBUILDDISABLENODEREUSE=1 run_child dotnet build "$repo/$project" -c "$config" -nologo -v q \
      --disable-build-servers -p:UseSharedCompilation=false >"$tmp/build.log" 2>&1 \
      || { cat "$tmp/build.log" >&2; die "build failed ($project)"; }
  done
  say "built in $((SECONDS - build_started))s"
fi
cli_dll="$(dll_of src/Posts.Cli)"
api_dll="$(dll_of src/Posts.Api)"
ws_dll="$(dll_of src/Posts.WebSockets)"
bench_dll="$(dll_of bench/Posts.Bench)"

# ---------------------------------------------------------------------------------------------
# A throwaway PostgreSQL cluster, as run.sh makes one: the role "posts" logs in over TCP on 127.0.0.1
# with scram-sha-256 and a fresh password; the superuser only by peer over a socket in our folder.
if [[ $EUID -eq 0 ]]; then
  id -u postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to run PostgreSQL as"
  pg_os_user=postgres
  chmod 711 "$tmp"
fi
mkdir -p "$tmp/pg" "$tmp/sock"
: >"$tmp/pg.log"
[[ -n "$pg_os_user" ]] && chown "$pg_os_user:" "$tmp/pg" "$tmp/sock" "$tmp/pg.log"
chmod 700 "$tmp/pg" "$tmp/sock"
su_name="${pg_os_user:-$(id -un)}"
pg_version="$("$pg_bin/postgres" --version | awk '{ print $3 }')"
say "PostgreSQL $pg_version cluster in $tmp/pg…"
pg "$pg_bin/initdb" -D "$tmp/pg" -E UTF8 --locale=C -U "$su_name" --auth-local=peer --auth-host=scram-sha-256 \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; die "initdb failed"; }
printf "\n# build/bench.sh\nlisten_addresses = '127.0.0.1'\nmax_connections = 300\n" | pg tee -a "$tmp/pg/postgresql.conf" >/dev/null

pg_port=""
for attempt in 1 2 3; do
  pg_port="$(free_port)"
  (
    cd /
    exec setsid ${pg_os_user:+runuser -u "$pg_os_user" --} "$pg_bin/postgres" -D "$tmp/pg" -p "$pg_port" -k "$tmp/sock"
  ) </dev/null >>"$tmp/pg.log" 2>&1 &
  pg_pid=$!
  deadline=$((SECONDS + 60))
  until "$pg_bin/pg_isready" -q -h "$tmp/sock" -p "$pg_port" -U "$su_name" -d postgres -t 1; do
    if ! alive "$pg_pid" || ((SECONDS >= deadline)); then stop_processes "$pg_pid"; pg_pid=""; break; fi
    sleep 0.1
  done
  [[ -n "$pg_pid" ]] && break
  ((attempt < 3)) || { tail -n 5 "$tmp/pg.log" >&2; die "PostgreSQL would not start"; }
done

db_password="$(new_secret)"
pg "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp/sock" -p "$pg_port" -U "$su_name" -d postgres >/dev/null <<SQL
CREATE ROLE posts LOGIN PASSWORD '$db_password';
CREATE DATABASE posts OWNER posts;
SQL
postmaster_pid="$(head -n 1 "$tmp/pg/postmaster.pid")" # the server itself (pg_pid may be runuser's)
connection_string="Host=127.0.0.1;Port=$pg_port;Database=posts;Username=posts;Password=$db_password"

say "migrating, adding the user 'bench', seeding $posts posts…"
ConnectionStrings__Posts="$connection_string" run_child dotnet "$cli_dll" db migrate >"$tmp/cli.log" 2>&1 \
  || { cat "$tmp/cli.log" >&2; die "posts db migrate failed"; }
bench_password="$(new_secret)"
printf '%s\n' "$bench_password" | ConnectionStrings__Posts="$connection_string" run_child dotnet "$cli_dll" users add bench \
  --display-name "Bench" --password-stdin >>"$tmp/cli.log" 2>&1 || { cat "$tmp/cli.log" >&2; die "posts users add bench failed"; }
pg "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp/sock" -p "$pg_port" -U "$su_name" -d posts >/dev/null <<SQL
INSERT INTO posts (author_id, title, body, created_at, updated_at, version)
SELECT u.id, 'Bench post ' || g,
       'Body of bench post ' || g || '. ' || repeat('Sockets in your API, measured. ', 8),
       now() - g * interval '1 minute', now() - g * interval '1 minute', 1
FROM users u, generate_series(1, $posts) AS g
WHERE u.username = 'bench';
ANALYZE;
SQL

# ---------------------------------------------------------------------------------------------
ws_port="$(free_port)"
api_port="$(free_port)"
while [[ "$api_port" == "$ws_port" ]]; do api_port="$(free_port)"; done

start_host() { # dll log env… — in the background from its output folder; $! is its pid afterwards
  local dll="$1" log="$2"
  shift 2
  (
    cd "$(dirname "$dll")"
    unset ASPNETCORE_URLS DOTNET_URLS URLS ASPNETCORE_HTTP_PORTS ASPNETCORE_HTTPS_PORTS
    exec env ConnectionStrings__Posts="$connection_string" ASPNETCORE_ENVIRONMENT=Production "$@" dotnet "$dll"
  ) </dev/null >"$log" 2>&1 &
}

# Limits raised for the bench only: room for every socket; a per-socket message rate far above the load.
ws_env=(POSTS_WS_PORT="$ws_port" WebSockets__MaxConnections=20000 WebSockets__MessagesPerSecond=100000 WebSockets__MessageBurst=100000)
api_env=(POSTS_API_PORT="$api_port")
if [[ "$request_logs" == off ]]; then
  # The pipeline's "ListPostsQuery -> ok in … ms" line (both hosts) and the API's HTTP request line.
  ws_env+=("Logging__LogLevel__Posts.Application.Common.Behaviours=Warning")
  api_env+=("Logging__LogLevel__Posts.Application.Common.Behaviours=Warning" "Logging__LogLevel__Microsoft.AspNetCore.HttpLogging=Warning")
fi
start_host "$ws_dll" "$tmp/ws.log" "${ws_env[@]}"
ws_pid=$!
start_host "$api_dll" "$tmp/api.log" "${api_env[@]}"
api_pid=$!

ws_url="ws://127.0.0.1:$ws_port/"
api_url="http://127.0.0.1:$api_port"
deadline=$((SECONDS + 120))
until [[ "$(http_status "$api_url/health/ready")" == 200 && "$(http_status "http://127.0.0.1:$ws_port/health/ready")" == 200 ]]; do
  alive "$ws_pid" || { cat "$tmp/ws.log" >&2; die "the WebSocket host exited before it was ready"; }
  alive "$api_pid" || { cat "$tmp/api.log" >&2; die "the API exited before it was ready"; }
  ((SECONDS < deadline)) || die "the hosts were not ready after 120s"
  sleep 0.2
done
say "hosts ready: WebSockets $ws_url (pid $ws_pid), API $api_url (pid $api_pid)"

# ---------------------------------------------------------------------------------------------
declare -A r=()

bench() { # phase args… — runs Posts.Bench with the token in its environment; its key=value lines go into r
  local phase="$1" out="$tmp/$1.out" rc=0 key value
  shift
  BENCH_TOKEN="$token" BENCH_DATABASE="$connection_string" run_child dotnet "$bench_dll" "$@" >"$out" || rc=$?
  while IFS='=' read -r key value; do [[ -n "$key" ]] && r["$key"]="$value"; done <"$out"
  alive "$ws_pid" || { tail -n 40 "$tmp/ws.log" >&2; die "the WebSocket host died during $phase (its last log lines above)"; }
  alive "$api_pid" || { tail -n 40 "$tmp/api.log" >&2; die "the API died during $phase (its last log lines above)"; }
  if [[ -n "$ws2_pid" ]]; then alive "$ws2_pid" || { tail -n 40 "$tmp/ws2.log" >&2; die "the second WebSocket host died during $phase"; }; fi
  if [[ -n "$api_off_pid" ]]; then alive "$api_off_pid" || { tail -n 40 "$tmp/api-off.log" >&2; die "the events-off API died during $phase"; }; fi
  ((rc == 0)) || warn "$phase reported failures (exit $rc): see the failure columns below"
}

say "signing in (tokens.create, once)…"
token="$(BENCH_USERNAME=bench BENCH_PASSWORD="$bench_password" run_child dotnet "$bench_dll" token --ws "$ws_url" | sed -n 's/^token=//p')"
[[ -n "$token" ]] || die "could not sign in as bench"
unset bench_password

wrk_rps="" wrk_p50="" wrk_p99="" wrk_errors="" wrk_api_cores=""
if [[ -z "$only" ]]; then
say "1/5 memory: $idle_sockets idle authenticated sockets × $idle_rounds round(s), the first held ${idle_hold}s…"
bench idle ws-idle --ws "$ws_url" --pid "$ws_pid" --sockets "$idle_sockets" --rounds "$idle_rounds" --hold "$idle_hold" \
  ${gcdump:+--gcdump "$gcdump"}
say "2/5 WebSocket: posts.index over $load_sockets sockets, ${warmup}s warm-up + ${duration}s…"
bench ws ws-rps --ws "$ws_url" --pid "$ws_pid" --pg-pid "$postmaster_pid" --sockets "$load_sockets" --warmup "$warmup" --duration "$duration"
r[ws_host_cpu_cores]="${r[host_cpu_cores]:-}" r[ws_postgres_cpu_cores]="${r[postgres_cpu_cores]:-}" r[ws_machine_busy_pct]="${r[machine_busy_pct]:-}"
r[ws_client_cpu_cores]="${r[client_cpu_cores]:-}" r[ws_other_cpu_cores]="${r[other_cpu_cores]:-}"
say "3/5 HTTP: GET /posts?limit=10 over $load_sockets connections (C# client)…"
bench http http-rps --http "$api_url" --pid "$api_pid" --pg-pid "$postmaster_pid" --connections "$load_sockets" --warmup "$warmup" --duration "$duration"
r[http_host_cpu_cores]="${r[host_cpu_cores]:-}" r[http_postgres_cpu_cores]="${r[postgres_cpu_cores]:-}" r[http_machine_busy_pct]="${r[machine_busy_pct]:-}"
r[http_client_cpu_cores]="${r[client_cpu_cores]:-}" r[http_other_cpu_cores]="${r[other_cpu_cores]:-}"
r[api_rss_kib]="${r[host_rss_kib]:-}"

if command -v wrk >/dev/null 2>&1; then
  say "3/5 HTTP: the same with wrk…"
  # The token reaches wrk through its environment, not argv.
  cat >"$tmp/wrk.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA
  BENCH_TOKEN="$token" run_child wrk -t2 -c"$load_sockets" -d"${wrk_warmup}s" -s "$tmp/wrk.lua" "$api_url/posts?limit=10" >/dev/null
  cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime (the command name has no spaces here)
  api_ticks="$(cpu_ticks "$api_pid")" wrk_started="$EPOCHREALTIME"
  BENCH_TOKEN="$token" run_child wrk -t2 -c"$load_sockets" -d"${duration}s" --latency -s "$tmp/wrk.lua" "$api_url/posts?limit=10" >"$tmp/wrk.out"
  wrk_api_cores="$(awk -v a="$api_ticks" -v b="$(cpu_ticks "$api_pid")" -v hz="$(getconf CLK_TCK)" -v t0="$wrk_started" -v t1="$EPOCHREALTIME" \
    'BEGIN { if (t1 > t0) printf "%.2f", (b - a) / hz / (t1 - t0) }')"
  to_ms='function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }'
  wrk_rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/wrk.out")"
  wrk_p50="$(awk "$to_ms"' $1 == "50%" { printf "%.2f", ms($2) }' "$tmp/wrk.out")"
  wrk_p99="$(awk "$to_ms"' $1 == "99%" { printf "%.2f", ms($2) }' "$tmp/wrk.out")"
  wrk_errors="$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$tmp/wrk.out")"
  alive "$api_pid" || { tail -n 40 "$tmp/api.log" >&2; die "the API died during wrk (its last log lines above)"; }
fi
fi # sections 1–3

copy_cpu() { # prefix — the CPU keys of the last Posts.Bench run, kept under the prefix
  r[$1_host_cpu_cores]="${r[host_cpu_cores]:-}" r[$1_postgres_cpu_cores]="${r[postgres_cpu_cores]:-}" r[$1_machine_busy_pct]="${r[machine_busy_pct]:-}"
  r[$1_client_cpu_cores]="${r[client_cpu_cores]:-}" r[$1_other_cpu_cores]="${r[other_cpu_cores]:-}"
}

if [[ "$events_mode" == on ]]; then
  # Two more hosts for these sections: a second WebSocket host (as shipped), and an API that writes no events.
  ws2_port="$(free_port)" api_off_port="$(free_port)"
  while [[ "$ws2_port" == "$ws_port" || "$ws2_port" == "$api_port" ]]; do ws2_port="$(free_port)"; done
  while [[ "$api_off_port" == "$ws_port" || "$api_off_port" == "$api_port" || "$api_off_port" == "$ws2_port" ]]; do api_off_port="$(free_port)"; done
  ws2_env=("${ws_env[@]}")
  ws2_env[0]="POSTS_WS_PORT=$ws2_port"
  api_off_env=("${api_env[@]}")
  api_off_env[0]="POSTS_API_PORT=$api_off_port"
  start_host "$ws_dll" "$tmp/ws2.log" "${ws2_env[@]}"
  ws2_pid=$!
  start_host "$api_dll" "$tmp/api-off.log" "${api_off_env[@]}" Events__Write=false
  api_off_pid=$!
  ws2_url="ws://127.0.0.1:$ws2_port/"
  api_off_url="http://127.0.0.1:$api_off_port"
  deadline=$((SECONDS + 120))
  until [[ "$(http_status "$api_off_url/health/ready")" == 200 && "$(http_status "http://127.0.0.1:$ws2_port/health/ready")" == 200 ]]; do
    alive "$ws2_pid" || { cat "$tmp/ws2.log" >&2; die "the second WebSocket host exited before it was ready"; }
    alive "$api_off_pid" || { cat "$tmp/api-off.log" >&2; die "the events-off API exited before it was ready"; }
    ((SECONDS < deadline)) || die "the extra hosts were not ready after 120s"
    sleep 0.2
  done
  say "extra hosts ready: WebSockets $ws2_url (pid $ws2_pid), API with Events:Write=false $api_off_url (pid $api_off_pid)"

  say "4/5 events: POST /posts over $load_sockets connections, events off (${warmup}s warm-up: a fresh API) + ${duration}s…"
  bench post_off post-rps --http "$api_off_url" --pid "$api_off_pid" --pg-pid "$postmaster_pid" --connections "$load_sockets" \
    --warmup "$warmup" --duration "$duration" --prefix off
  copy_cpu off
  on_warmup="$events_warmup" # the API has had sections 2–3 of warm-up; without them (--only events) it is fresh
  [[ -n "$only" ]] && ((warmup > on_warmup)) && on_warmup="$warmup"
  say "4/5 events: POST /posts, events on (as shipped), no subscribers, ${on_warmup}s warm-up + ${duration}s…"
  bench post_on post-rps --http "$api_url" --pid "$api_pid" --pg-pid "$postmaster_pid" --connections "$load_sockets" \
    --warmup "$on_warmup" --duration "$duration" --prefix on
  copy_cpu on
  say "4/5 events: POST /posts, events on, $subscribers subscribers over two WebSocket hosts, ${events_warmup}s warm-up + ${duration}s…"
  bench post_subs post-rps --http "$api_url" --pid "$api_pid" --pg-pid "$postmaster_pid" --connections "$load_sockets" \
    --warmup "$events_warmup" --duration "$duration" --prefix subs --subscribers "$subscribers" --ws "$ws_url,$ws2_url" --ws-pids "$ws_pid,$ws2_pid"
  copy_cpu subs

  delay_window=$((long_hold + 6))
  say "5/5 horizon: delivery delay with $writers writers, ${duration}s…"
  bench delay_normal events-delay --http "$api_url" --ws "$ws_url,$ws2_url" --writers "$writers" --warmup 2 --duration "$duration" --prefix normal
  say "5/5 horizon: the same, one writer holding its transaction ${long_hold}s, no bound…"
  bench delay_unbounded events-delay --http "$api_url" --ws "$ws_url,$ws2_url" --writers "$writers" --warmup 2 --duration "$delay_window" \
    --prefix unbounded --long-hold "$long_hold" --long-after 2 --writer-timeout 00:00:00
  say "5/5 horizon: the same with the bound (Events:WriterTimeout as shipped)…"
  bench delay_bounded events-delay --http "$api_url" --ws "$ws_url,$ws2_url" --writers "$writers" --warmup 2 --duration "$delay_window" \
    --prefix bounded --long-hold "$long_hold" --long-after 2
fi

# Errors the hosts logged (console format "fail: Category[id]" / "crit: …").
ws_log_errors="$(grep -cE '^(fail|crit):' "$tmp/ws.log" || true)"
api_log_errors="$(grep -cE '^(fail|crit):' "$tmp/api.log" || true)"
ws2_log_errors="–" api_off_log_errors="–"
[[ -f "$tmp/ws2.log" ]] && ws2_log_errors="$(grep -cE '^(fail|crit):' "$tmp/ws2.log" || true)"
[[ -f "$tmp/api-off.log" ]] && api_off_log_errors="$(grep -cE '^(fail|crit):' "$tmp/api-off.log" || true)"
hub_retries="$(cat "$tmp"/ws.log "$tmp"/api.log "$tmp"/ws2.log 2>/dev/null | grep -c 'Event fan-out:' || true)"
for host in ws api ws2 api-off; do
  [[ -f "$tmp/$host.log" ]] || continue
  if grep -qE '^(fail|crit):' "$tmp/$host.log"; then
    warn "the $host host logged errors; the first ones:"
    grep -A3 -m 3 -E '^(fail|crit):' "$tmp/$host.log" >&2 || true
  fi
done
ws_rss_end="$(awk '/^VmRSS:/ { print $2 }' "/proc/$ws_pid/status")"

# ---------------------------------------------------------------------------------------------
# The CLI's bulk write, last (it adds rows the other sections would read), with the hosts running: each batch's
# one posts.imported event reaches their event readers, as in production.
if [[ -z "$only" ]] && ((seed_posts > 0)); then
  say "seed: posts db seed --users 100 --posts $seed_posts…"
  seed_json="$(ConnectionStrings__Posts="$connection_string" run_child dotnet "$cli_dll" db seed --users 100 --posts "$seed_posts" --json 2>>"$tmp/cli.log")" \
    || { cat "$tmp/cli.log" >&2; die "posts db seed failed"; }
  for field in rowsPerSecond posts users seconds batches; do
    r[seed_$field]="$(printf '%s\n' "$seed_json" | sed -n "s/^ *\"$field\": *\([0-9.]*\).*/\1/p")"
  done
fi

# ---------------------------------------------------------------------------------------------
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
per_request() { # cores requests/s — CPU milliseconds per request
  awk -v c="${1:-0}" -v n="${2:-0}" 'BEGIN { if (n > 0) printf "%.2f", c * 1000 / n; else printf "–" }'
}
or_dash() { printf '%s' "${1:-–}"; }
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || printf 'unknown')"
[[ -n "$(git -C "$repo" status --porcelain -- src bench 2>/dev/null)" ]] && commit+="+changes"
memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
runtime="$(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')"
load_at_end="$(cut -d' ' -f1-3 /proc/loadavg)"
date="$(date -u '+%Y-%m-%d %H:%M UTC')"
elapsed=$((SECONDS - started_at))

round2="" held="" after2=""
[[ -n "${r[r2_kib_per_socket]:-}" ]] && round2=" (round 2: ${r[r2_kib_per_socket]} KiB)"
[[ -n "${r[r1_host_rss_held_kib]:-}" ]] && held="; after ${r[r1_held_seconds]} s more idle $(mib "${r[r1_host_rss_held_kib]}") MiB"
[[ -n "${r[r2_host_rss_open_kib]:-}" ]] && after2="; round 2: $(mib "${r[r2_host_rss_open_kib]}") MiB open, $(mib "${r[r2_host_rss_closed_kib]:-0}") MiB closed"
live_cell="not measured (needs BENCH_IDLE_ROUNDS ≥ 2 and dotnet-gcdump)"
[[ -n "${r[r2_live_kib_per_socket]:-}" ]] && live_cell="**${r[r2_live_kib_per_socket]} KiB** per socket in round 2 ($(mib "${r[r1_live_heap_closed_kib]:-0}") MiB → $(mib "${r[r2_live_heap_open_kib]:-0}") MiB); still live after closing them: ${r[r2_live_heap_kept_kib]:-–} KiB. Grew most: ${r[r2_live_growth]:-–}"
ratio() { awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a != "" && b + 0 > 0) printf "%.2f", a / b; else printf "–" }'; }
seed_row=""
[[ -n "${r[seed_rowsPerSecond]:-}" ]] && seed_row="| \`posts db seed --users 100 --posts $seed_posts\` (binary COPY, batches of 5,000, one event each) | **${r[seed_rowsPerSecond]} rows/s**: $(or_dash "${r[seed_posts]:-}") posts and $(or_dash "${r[seed_users]:-}") users in $(or_dash "${r[seed_seconds]:-}") s, $(or_dash "${r[seed_batches]:-}") batches, into the database of sections 2–5 with the hosts running |"
events_rows=""
events_history="– | –"
if [[ "$events_mode" == on ]]; then
  post_cell() { # prefix — posts/s, latencies, CPU
    printf '**%s posts/s**, p50 %s ms, p99 %s ms, max %s ms; CPU: API %s cores = %s ms per post, PostgreSQL %s, client %s, the rest %s cores; machine %s %% busy' \
      "$(or_dash "${r[$1_per_second]:-}")" "$(or_dash "${r[$1_p50_ms]:-}")" "$(or_dash "${r[$1_p99_ms]:-}")" "$(or_dash "${r[$1_max_ms]:-}")" \
      "$(or_dash "${r[$1_host_cpu_cores]:-}")" "$(per_request "${r[$1_host_cpu_cores]:-}" "${r[$1_per_second]:-}")" "$(or_dash "${r[$1_postgres_cpu_cores]:-}")" \
      "$(or_dash "${r[$1_client_cpu_cores]:-}")" "$(or_dash "${r[$1_other_cpu_cores]:-}")" "$(or_dash "${r[$1_machine_busy_pct]:-}")"
  }
  delay_cell() { # prefix — delivery delay and the writers' throughput
    printf 'delay p50 **%s ms**, p99 **%s ms**, max **%s ms** over %s deliveries; writers %s posts/s, POST p99 %s ms, max %s ms; every subscriber got every post once, in order: %s' \
      "$(or_dash "${r[$1_delay_p50_ms]:-}")" "$(or_dash "${r[$1_delay_p99_ms]:-}")" "$(or_dash "${r[$1_delay_max_ms]:-}")" "$(or_dash "${r[$1_delay_events]:-}")" \
      "$(or_dash "${r[$1_per_second]:-}")" "$(or_dash "${r[$1_p99_ms]:-}")" "$(or_dash "${r[$1_max_ms]:-}")" "$(or_dash "${r[$1_subscribers_complete]:-}")"
  }
  on_ratio="$(ratio "${r[on_per_second]:-}" "${r[off_per_second]:-}")"
  subs_ratio="$(ratio "${r[subs_per_second]:-}" "${r[off_per_second]:-}")"
  events_rows="$(cat <<EOF
| HTTP \`POST /posts\`, $load_sockets connections, live events **off** (a second API with \`Events:Write=false\`) | $(post_cell off) |
| … live events **on** (as shipped), two WebSocket hosts, no subscribers | $(post_cell on); **$on_ratio × off** |
| … live events on, **$(or_dash "${r[subs_subscribers]:-}") subscribers** (half on each WebSocket host) | $(post_cell subs); **$subs_ratio × off**; pushes received $(or_dash "${r[subs_pushes_per_second]:-}")/s, WebSocket hosts' CPU $(or_dash "${r[subs_ws_cpu_cores]:-}") cores; every subscriber got every post once, in order: $(or_dash "${r[subs_subscribers_complete]:-}") of $(or_dash "${r[subs_subscribers]:-}") ($(or_dash "${r[subs_drain_s]:-}") s after the writers stopped) |
| event delivery delay (a post's \`createdAt\` → its push), $writers writers, one subscriber per WebSocket host | $(delay_cell normal) |
| … one writer holding its transaction open ${long_hold} s, **no bound** (\`Events:WriterTimeout=0\`) | $(delay_cell unbounded); long writer: $(or_dash "${r[unbounded_long_outcome]:-}") |
| … the same **with the bound** (\`Events:WriterTimeout\` $(or_dash "${r[bounded_long_bound]:-}"), as shipped) | $(delay_cell bounded); long writer: $(or_dash "${r[bounded_long_outcome]:-}") |
EOF
)"
  events_history="$(or_dash "${r[off_per_second]:-}") / $(or_dash "${r[on_per_second]:-}") / $(or_dash "${r[subs_per_second]:-}") | $(or_dash "${r[normal_delay_max_ms]:-}") / $(or_dash "${r[unbounded_delay_max_ms]:-}") / $(or_dash "${r[bounded_delay_max_ms]:-}")"
fi
wrk_cell="not run (no wrk)"
[[ -n "$wrk_rps" ]] && wrk_cell="**$wrk_rps requests/s**, p50 $wrk_p50 ms, p99 $wrk_p99 ms; CPU: API $wrk_api_cores cores = $(per_request "$wrk_api_cores" "$wrk_rps") ms per request (over wrk's whole run)"
table="$(cat <<EOF
| measurement | result |
| --- | --- |
| WebSocket host RSS per idle authenticated socket | **$(or_dash "${r[r1_kib_per_socket]:-}") KiB**$round2 |
| … the host's RSS | $(mib "${r[host_rss_before_kib]:-0}") MiB warm and empty; $(mib "${r[r1_host_rss_open_kib]:-0}") MiB with $(or_dash "${r[r1_opened]:-}")/$idle_sockets sockets (opened and authenticated in $(or_dash "${r[r1_open_seconds]:-}") s)$held; $(mib "${r[r1_host_rss_closed_kib]:-0}") MiB after closing them$after2 |
| … the host's live managed heap (dotnet-gcdump, after a full GC) | $live_cell |
| WebSocket \`posts.index\` (limit 10), $load_sockets sockets | **$(or_dash "${r[ws_per_second]:-}") round trips/s**, p50 $(or_dash "${r[ws_p50_ms]:-}") ms, p99 $(or_dash "${r[ws_p99_ms]:-}") ms, max $(or_dash "${r[ws_max_ms]:-}") ms; CPU: host $(or_dash "${r[ws_host_cpu_cores]:-}") cores = $(per_request "${r[ws_host_cpu_cores]:-}" "${r[ws_per_second]:-}") ms per request, PostgreSQL $(or_dash "${r[ws_postgres_cpu_cores]:-}"), client $(or_dash "${r[ws_client_cpu_cores]:-}"), the rest $(or_dash "${r[ws_other_cpu_cores]:-}") cores; machine $(or_dash "${r[ws_machine_busy_pct]:-}") % busy |
| HTTP \`GET /posts?limit=10\`, $load_sockets connections (C# HttpClient) | **$(or_dash "${r[http_per_second]:-}") requests/s**, p50 $(or_dash "${r[http_p50_ms]:-}") ms, p99 $(or_dash "${r[http_p99_ms]:-}") ms, max $(or_dash "${r[http_max_ms]:-}") ms; CPU: API $(or_dash "${r[http_host_cpu_cores]:-}") cores = $(per_request "${r[http_host_cpu_cores]:-}" "${r[http_per_second]:-}") ms per request, PostgreSQL $(or_dash "${r[http_postgres_cpu_cores]:-}"), client $(or_dash "${r[http_client_cpu_cores]:-}"), the rest $(or_dash "${r[http_other_cpu_cores]:-}") cores; machine $(or_dash "${r[http_machine_busy_pct]:-}") % busy |
| HTTP \`GET /posts?limit=10\`, $load_sockets connections (wrk -t2) | $wrk_cell |
${events_rows:+$events_rows
}${seed_row:+$seed_row
}| failures | idle sockets: refused $(or_dash "${r[r1_open_failures]:-}"), dropped $(or_dash "${r[r1_dropped_while_idle]:-}"), close codes $(or_dash "${r[r1_close_results]:-}"); WebSocket requests $(or_dash "${r[ws_failures]:-}"); HTTP $(or_dash "${r[http_failures]:-}"); wrk non-2xx/socket errors $(or_dash "$wrk_errors"); POST off/on/subscribed $(or_dash "${r[off_failures]:-}")/$(or_dash "${r[on_failures]:-}")/$(or_dash "${r[subs_failures]:-}"), subscribers: $(or_dash "${r[subs_subscriber_failures]:-}"); lines logged at fail/crit: WebSocket host $ws_log_errors, API $api_log_errors, second WebSocket host $ws2_log_errors, events-off API $api_off_log_errors; event hub retries logged (\`Event fan-out: …\`): $hub_retries |
EOF
)"
timelines="Completed round trips in each second, warm-up first — WebSocket: ${r[ws_timeline]:-–}; HTTP (C#): ${r[http_timeline]:-–}."
[[ "$events_mode" == on ]] && timelines+=" POST /posts — events off: ${r[off_timeline]:-–}; on: ${r[on_timeline]:-–}; on with subscribers: ${r[subs_timeline]:-–}; $writers writers with a long writer, no bound: ${r[unbounded_timeline]:-–}; with the bound: ${r[bounded_timeline]:-–}."
machine="$date, commit $commit: $(nproc) cores ($cpu_model), $memory RAM, .NET $runtime, PostgreSQL $pg_version (fsync on), load average $load_at_start at start and $load_at_end at the end; request logs $request_logs; bench.sh took ${elapsed}s."

printf '\n%s\n\n%s\n\n%s\n\n' "$machine" "$table" "$timelines"
say "WebSocket host RSS at the end: $(mib "${ws_rss_end:-0}") MiB; API RSS after the HTTP run: $(mib "${r[api_rss_kib]:-0}") MiB"

if ((write_doc)); then
  [[ -f "$doc" ]] || die "$doc is missing: it holds the section this script fills in"
  if ! grep -q '^<!-- bench:latest:begin -->$' "$doc" || ! grep -q '^<!-- bench:latest:end -->$' "$doc"; then
    die "$doc has no <!-- bench:latest:begin --> / <!-- bench:latest:end --> markers"
  fi
  latest="$tmp/latest.md"
  printf '%s\n\n%s\n\n%s\n' "$machine" "$table" "$timelines" >"$latest"
  awk -v file="$latest" '
    /^<!-- bench:latest:begin -->$/ { print; while ((getline line < file) > 0) print line; skip = 1; next }
    /^<!-- bench:latest:end -->$/ { skip = 0 }
    !skip { print }' "$doc" >"$tmp/doc.md"
  printf '| %s | %s | %s | %s | %s | %s / %s / %s | %s / %s / %s | %s | %s | %s |\n' \
    "$date" "$commit" "$(nproc)" "$load_at_start" "$(or_dash "${r[r1_kib_per_socket]:-}")" \
    "$(or_dash "${r[ws_per_second]:-}")" "$(or_dash "${r[ws_p50_ms]:-}")" "$(or_dash "${r[ws_p99_ms]:-}")" \
    "$(or_dash "${r[http_per_second]:-}")" "$(or_dash "${r[http_p50_ms]:-}")" "$(or_dash "${r[http_p99_ms]:-}")" \
    "$(or_dash "$wrk_rps")" "$request_logs" "$events_history" >>"$tmp/doc.md"
  cat "$tmp/doc.md" >"$doc"
  say "wrote the results to ${doc#"$repo"/}"
fi
say "done in ${elapsed}s"
