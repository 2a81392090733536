# Process helpers shared by build/run.sh and build/bench.sh (sourced; each defines warn first).
# shellcheck shell=bash

alive() { # pid — running and not a zombie
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != Z* ]]
}

stop_processes() { # pids… — SIGTERM, wait up to ${stop_timeout:-30} s, then SIGKILL; reaps them
  local p pids=() left=() deadline
  for p in "$@"; do [[ -n "$p" ]] && alive "$p" && pids+=("$p"); done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    deadline=$((SECONDS + ${stop_timeout:-30}))
    while :; do
      left=()
      for p in "${pids[@]}"; do alive "$p" && left+=("$p"); done
      ((${#left[@]})) || break
      if ((SECONDS >= deadline)); then
        warn "still running after ${stop_timeout:-30}s, killing: ${left[*]}"
        kill -KILL "${left[@]}" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  fi
  for p in "$@"; do
    if [[ -n "$p" ]]; then wait "$p" 2>/dev/null || true; fi
  done
  return 0
}
