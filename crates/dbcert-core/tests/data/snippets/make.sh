#!/usr/bin/env bash
# Regenerates the golden snippets from dbcert's own generator; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
DBCERT_UPDATE_GOLDENS=1 cargo test -p dbcert-core --test snippet_golden
