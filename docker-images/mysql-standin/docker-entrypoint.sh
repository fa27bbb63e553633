#!/bin/bash
# Entrypoint of the stand-in MySQL image (MariaDB from Debian packages). It honours the environment the
# official mysql image documents, which is what testcontainers' MySqlContainer sets:
#   MYSQL_ROOT_PASSWORD | MYSQL_ALLOW_EMPTY_PASSWORD | MYSQL_RANDOM_ROOT_PASSWORD   (one is required)
#   MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD                                      (optional)
#   /docker-entrypoint-initdb.d/*.sql, *.sql.gz, *.sh                                (run once, at init)
# Like the official image, the first start initialises the datadir with a temporary server that listens on
# no port, so its "ready for connections" is the first of the two lines testcontainers waits for.
set -euo pipefail

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) [Entrypoint]: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# SQL string literal / identifier escaping for values that come from the environment.
sql_string() { local v=${1//\\/\\\\}; v=${v//\'/\\\'}; printf "'%s'" "$v"; }
# shellcheck disable=SC2016 # literal backticks around the identifier
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

client() { mariadb --protocol=socket --socket="$SOCKET" -uroot "$@"; }

initialize() {
  if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ] && [ -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
    die "Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD"
  fi
  if [ -n "${MYSQL_USER:-}" ] && [ "$MYSQL_USER" = root ]; then
    die "MYSQL_USER=\"root\", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user"
  fi
  log "Initializing database files"
  mariadb-install-db --user=mysql --datadir="$DATADIR" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >/dev/null || die "mariadb-install-db failed"

  log "Starting temporary server"
  mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$SOCKET" "$@" &
  local pid=$!
  for _ in $(seq 120); do
    client -e 'SELECT 1' >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "temporary server exited during initialization"
    sleep 0.5
  done
  client -e 'SELECT 1' >/dev/null 2>&1 || die "temporary server did not answer within 60 s"

  local root_password=${MYSQL_ROOT_PASSWORD:-}
  if [ -n "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
    root_password=$(head -c 18 /dev/urandom | base64)
    log "GENERATED ROOT PASSWORD: $root_password"
  fi
  local pw host
  pw=$(sql_string "$root_password")
  host=$(sql_string "${MYSQL_ROOT_HOST:-%}")
  {
    # Root from anywhere, as in the official image (MYSQL_ROOT_HOST defaults to %).
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $pw;"
    # No password-less root@127.0.0.1/::1/hostname or anonymous accounts left behind by the bootstrap.
    echo "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', $host));"
    echo "FLUSH PRIVILEGES;"
    echo "CREATE USER IF NOT EXISTS 'root'@$host IDENTIFIED BY $pw;"
    echo "GRANT ALL ON *.* TO 'root'@$host WITH GRANT OPTION;"
    if [ -n "${MYSQL_DATABASE:-}" ]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$MYSQL_DATABASE");"
    fi
    if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
      echo "CREATE USER $(sql_string "$MYSQL_USER")@'%' IDENTIFIED BY $(sql_string "$MYSQL_PASSWORD");"
      if [ -n "${MYSQL_DATABASE:-}" ]; then
        echo "GRANT ALL ON $(sql_ident "$MYSQL_DATABASE").* TO $(sql_string "$MYSQL_USER")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | client || die "could not create the users and database"

  local cnf
  cnf=$(mktemp)
  printf '[client]\nuser=root\npassword=%s\n' "$root_password" >"$cnf"
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) log "running $f"; bash "$f" ;;
      *.sql) log "running $f"; mariadb --defaults-extra-file="$cnf" --socket="$SOCKET" "${MYSQL_DATABASE:-}" <"$f" ;;
      *.sql.gz) log "running $f"; gunzip -c "$f" | mariadb --defaults-extra-file="$cnf" --socket="$SOCKET" "${MYSQL_DATABASE:-}" ;;
      *) ;;
    esac
  done
  mariadb-admin --defaults-extra-file="$cnf" --socket="$SOCKET" shutdown
  rm -f "$cnf"
  wait "$pid" || true
  log "Temporary server stopped; MySQL init process done. Ready for start up."
}

# `docker run IMAGE --flag` means: the server with that flag (as in the official image).
if [ $# -eq 0 ] || [ "${1:0:1}" = - ]; then
  set -- mariadbd "$@"
fi
if [ "$1" = mariadbd ] || [ "$1" = mysqld ]; then
  shift
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld "$DATADIR"
  if [ ! -d "$DATADIR/mysql" ]; then
    initialize "$@"
  fi
  # skip-name-resolve (as the official image): a reverse DNS lookup per connection would hang when the
  # container has no route to a DNS server (private engine without NAT).
  exec mariadbd --user=mysql --datadir="$DATADIR" --socket="$SOCKET" --port=3306 --bind-address=0.0.0.0 \
    --skip-name-resolve "$@"
fi
exec "$@"
