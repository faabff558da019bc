#!/usr/bin/env bash
# Captures the MariaDB packets of this directory from a real server (see capture.py and
# README.md). Needs mariadbd, mariadb-install-db, openssl and a built dbcert (cargo build -p
# dbcert-cli). Usage: ./make.sh   (rewrites the *.bin files; commit them)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../../../../.. && pwd)
python3 capture.py --root "$root" "$@"
