#!/usr/bin/env bash
# A Docker engine for the containers target's tests, on a machine that has none running.
#   eval "$(.ci/docker.sh start $$)"   engine + stand-in image; prints the exports for the tests
#   .ci/docker.sh stop $$              stops the private dockerd when its last owner is gone
#   .ci/docker.sh status
# ($$, the calling shell, is the owner: inside "$(...)" the default, $PPID, would be a short-lived subshell.)
# When an engine already answers (DOCKER_HOST or /var/run/docker.sock) it is used as is. Otherwise, as root
# on Debian/Ubuntu, this installs docker.io if missing and starts a private dockerd: its own data root (the
# stand-in image stays cached there between runs), exec root, socket and pidfile, vfs storage (works on
# any filesystem, no overlay module needed) and no iptables rules (published ports go through
# docker-proxy on 127.0.0.1; containers get no outbound NAT, which the tests do not need).
# Several runs on one machine share the private engine: each registers its OWNER_PID, the last one stops it.
# Exit 1 (with the reason on stderr, nothing on stdout) when no engine can be provided.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_ROOT=${MH_DOCKER_DATA_ROOT:-/var/lib/migration-harness/docker}
RUN_DIR=${MH_DOCKER_RUN_DIR:-/run/migration-harness-docker}
SOCKET="$RUN_DIR/docker.sock"
PIDFILE="$RUN_DIR/dockerd.pid"
OWNERS="$RUN_DIR/owners"
LOG="$DATA_ROOT/../dockerd.log"
IMAGE=${MH_MYSQL_STANDIN_IMAGE:-migration-harness/mysql-standin:mariadb-bookworm}

say() { echo "docker.sh: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

engine_answers() { timeout 10 docker ${1:+-H "$1"} version --format '{{.Server.Version}}' >/dev/null 2>&1; }

lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/lock"
  flock 9
}

private_running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

install_docker() {
  command -v dockerd >/dev/null && command -v debootstrap >/dev/null && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "no Docker engine reachable and cannot install one (needs root and apt-get)"
    return 1
  fi
  local t0
  t0=$(now)
  export DEBIAN_FRONTEND=noninteractive
  # dockerd + containerd + runc, and debootstrap for the stand-in image; no recommends (no cgroupfs-mount etc.).
  apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null; } \
    || { say "apt-get install docker.io debootstrap failed"; return 1; }
  say "installed docker.io and debootstrap in $(since "$t0") s"
}

start_dockerd() {
  if private_running && engine_answers "unix://$SOCKET"; then
    say "private dockerd already running (pid $(cat "$PIDFILE")), shared"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    say "no Docker engine reachable and starting one needs root"
    return 1
  fi
  mkdir -p "$DATA_ROOT" "$RUN_DIR/exec"
  rm -f "$SOCKET" "$PIDFILE"
  local t0
  t0=$(now)
  # 9>&-: the engine must not inherit (and hold forever) the start/stop lock.
  # setsid: not in the caller's process group, so a Ctrl-C meant for the tests does not stop the engine.
  setsid dockerd --data-root "$DATA_ROOT" --exec-root "$RUN_DIR/exec" -H "unix://$SOCKET" \
    --pidfile "$PIDFILE" --storage-driver vfs --iptables=false --ip-masq=false \
    --containerd-namespace migration-harness --containerd-plugins-namespace migration-harness-plugins \
    >"$LOG" 2>&1 </dev/null 9>&- &
  for _ in $(seq 150); do
    engine_answers "unix://$SOCKET" && break
    sleep 0.2
  done
  if ! engine_answers "unix://$SOCKET"; then
    tail -n 15 "$LOG" >&2
    say "dockerd did not come up within 30 s (log: $LOG)"
    [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null
    return 1
  fi
  say "dockerd started in $(since "$t0") s (data root $DATA_ROOT, socket $SOCKET)"
}

build_image() {
  local t0
  t0=$(now)
  docker-images/mysql-standin/build.sh "$IMAGE" || return 1
  say "stand-in image ready in $(since "$t0") s"
}

start() {
  local owner=${1:-$PPID} host
  if [ -n "${DOCKER_HOST:-}" ] && engine_answers "$DOCKER_HOST"; then
    host=$DOCKER_HOST
  elif engine_answers "unix:///var/run/docker.sock"; then
    host=unix:///var/run/docker.sock
  else
    install_docker || return 1
    lock
    start_dockerd || return 1
    mkdir -p "$OWNERS"
    touch "$OWNERS/$owner"
    host="unix://$SOCKET"
  fi
  export DOCKER_HOST=$host
  command -v debootstrap >/dev/null || install_docker || return 1
  build_image || return 1
  # The Ryuk reaper image cannot be pulled here; the harness's own reaper removes what it starts.
  printf 'export DOCKER_HOST=%q\n' "$host"
  printf 'export TESTCONTAINERS_RYUK_DISABLED=true\n'
  printf 'export MIGRATION_HARNESS_TEST_MYSQL_IMAGE=%q\n' "$IMAGE"
}

stop() {
  local owner=${1:-$PPID} f
  [ -d "$RUN_DIR" ] || return 0
  lock
  rm -f "$OWNERS/$owner"
  for f in "$OWNERS"/*; do
    [ -e "$f" ] || continue
    kill -0 "$(basename "$f")" 2>/dev/null && { say "dockerd kept running for pid $(basename "$f")"; return 0; }
    rm -f "$f"
  done
  private_running || return 0
  local pid
  pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { say "dockerd stopped"; return 0; }
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
  say "dockerd killed after 20 s"
}

status() {
  if private_running; then
    echo "private dockerd pid $(cat "$PIDFILE"), DOCKER_HOST=unix://$SOCKET, owners: $(cd "$OWNERS" 2>/dev/null && echo *)"
  else
    echo "no private dockerd running"
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  status) status ;;
  *) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
