#!/usr/bin/env bash
# pgvector for Debian 12's PostgreSQL 15: no binary package exists there, so build it from Debian's source package.
set -euo pipefail
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
if [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! grep -rqs 'deb-src http://deb.debian.org/debian trixie main' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo 'deb-src http://deb.debian.org/debian trixie main' > /etc/apt/sources.list.d/jinqiu-trixie-src.list
fi
apt-get update -qq
apt-get install -y -qq postgresql-server-dev-15 dpkg-dev >/dev/null
work=$(mktemp -d)
cd "$work"
apt-get source -qq pgvector >/dev/null
cd "$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -1)"
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
rm -rf "$work"
