#!/usr/bin/env bash
# npm run setup:system — installs the system components some tests need (the registry is test/helpers/system.ts;
# keep the two in step):
#   chromium     /usr/bin/chromium, or $CHROMIUM_PATH        Debian package chromium
#   promtool     /usr/bin/promtool                           Debian package prometheus
#   prometheus   /usr/bin/prometheus (the server)            Debian package prometheus
#   redis        redis-server                                Debian package redis-server
#   postgresql   PostgreSQL 15 server in /usr/lib/postgresql/15/bin (or $POSTGRESQL_BIN_DIR), and psql
#                                                            Debian package postgresql-15 (postgresql on Debian 12)
# On Debian/Ubuntu, as root or through sudo, it apt-get installs what is missing (apt-get update only then);
# elsewhere it prints what to install. Idempotent: with everything present it only says so. Exit status 0 when
# every component is present at the end, 1 otherwise.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
pg_dir=${POSTGRESQL_BIN_DIR:-/usr/lib/postgresql/15/bin}

# present <component>: 0 when the component is there (the same places test/helpers/system.ts looks).
present() {
  case $1 in
    chromium)
      if [ -n "${CHROMIUM_PATH:-}" ]; then [ -x "$CHROMIUM_PATH" ]; else [ -x /usr/bin/chromium ] || have chromium; fi ;;
    promtool) [ -x /usr/bin/promtool ] || have promtool ;;
    prometheus) [ -x /usr/bin/prometheus ] || have prometheus ;;
    redis) [ -x /usr/bin/redis-server ] || have redis-server ;;
    postgresql)
      { [ -x "$pg_dir/postgres" ] && [ -x "$pg_dir/initdb" ] && [ -x "$pg_dir/pg_ctl" ]; } ||
        { [ -z "${POSTGRESQL_BIN_DIR:-}" ] && have postgres && have initdb && have pg_ctl &&
          postgres --version 2>/dev/null | grep -Eq ' 15\.[0-9]'; } || return 1
      [ -x "$pg_dir/psql" ] || [ -x /usr/bin/psql ] || have psql ;;
    *) return 1 ;;
  esac
}

# The Debian/Ubuntu package of a component (postgresql: resolved after apt-get update, see below).
deb_package() {
  case $1 in
    chromium) if [ "${os_id:-}" = ubuntu ]; then echo chromium-browser; else echo chromium; fi ;;
    promtool | prometheus) echo prometheus ;;
    redis) echo redis-server ;;
    postgresql) echo postgresql-15 ;;
  esac
}

# What to install by hand (systems without apt-get, or apt-get without root).
hint() {
  case $1 in
    chromium) echo "chromium: Debian/Ubuntu: chromium (Ubuntu: chromium-browser); Fedora: chromium; macOS: brew install --cask chromium; or any Chromium/Chrome binary, then set CHROMIUM_PATH=/path/to/it" ;;
    promtool) echo "promtool: comes with Prometheus: Debian/Ubuntu: prometheus; macOS: brew install prometheus; or the release tarball from https://prometheus.io/download/ (put promtool on PATH)" ;;
    prometheus) echo "prometheus: Debian/Ubuntu: prometheus; macOS: brew install prometheus; or the release tarball from https://prometheus.io/download/ (put prometheus on PATH)" ;;
    redis) echo "redis: Debian/Ubuntu: redis-server; Fedora: redis; macOS: brew install redis (redis-server on PATH)" ;;
    postgresql) echo "postgresql: PostgreSQL 15 server and psql: Debian/Ubuntu: postgresql-15 (PGDG apt repository if your release lacks it); Fedora: postgresql15-server; macOS: brew install postgresql@15; then set POSTGRESQL_BIN_DIR to the directory holding postgres, initdb and pg_ctl unless it is $pg_dir or on PATH" ;;
  esac
}

components=(chromium promtool prometheus redis postgresql)
missing=()
for c in "${components[@]}"; do present "$c" || missing+=("$c"); done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup:system: all system components present (${components[*]}); nothing to install."
  exit 0
fi
echo "setup:system: missing: ${missing[*]}"

os_id=""
if [ -r /etc/os-release ]; then os_id=$(. /etc/os-release && echo "${ID:-}"); fi

# root: apt-get as is; otherwise through sudo (without a password, or asking on a terminal); else print.
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then sudo=sudo; else sudo=none; fi
fi

if ! have apt-get || [ "$sudo" = none ]; then
  if have apt-get; then
    pkgs=""
    for c in "${missing[@]}"; do p=$(deb_package "$c"); case " $pkgs " in *" $p "*) ;; *) pkgs="${pkgs:+$pkgs }$p" ;; esac; done
    echo "setup:system: installing needs root. Run as root: apt-get update && apt-get install -y $pkgs"
  else
    echo "setup:system: no apt-get here; install these yourself:"
    for c in "${missing[@]}"; do echo "  - $(hint "$c")"; done
  fi
  echo "Until then the tests that need them are skipped (under CI=true they fail)."
  exit 1
fi

apt_get() { if [ -n "$sudo" ]; then sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@"; else DEBIAN_FRONTEND=noninteractive apt-get "$@"; fi; }
apt_get update
pkgs=""
for c in "${missing[@]}"; do
  p=$(deb_package "$c")
  # postgresql-15 is in Debian 12 and the PGDG repository; elsewhere the postgresql metapackage (another major
  # version, which test/helpers/system.ts will not take for 15 unless POSTGRESQL_BIN_DIR points at it).
  if [ "$p" = postgresql-15 ] && ! apt-cache show postgresql-15 >/dev/null 2>&1; then
    echo "setup:system: no postgresql-15 package in your apt sources; installing postgresql (see https://wiki.postgresql.org/wiki/Apt for 15)"
    p=postgresql
  fi
  case " $pkgs " in *" $p "*) ;; *) pkgs="${pkgs:+$pkgs }$p" ;; esac
done
echo "setup:system: apt-get install -y $pkgs"
# shellcheck disable=SC2086 # $pkgs is a list of words
apt_get install -y $pkgs

still=()
for c in "${missing[@]}"; do present "$c" || still+=("$c"); done
if [ ${#still[@]} -gt 0 ]; then
  echo "setup:system: still missing after apt-get install: ${still[*]}"
  for c in "${still[@]}"; do echo "  - $(hint "$c")"; done
  exit 1
fi
echo "setup:system: installed; all system components present (${components[*]})."
