# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the cbdma build scripts (sourced, not run).

CBDMA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CBDMA_CACHE=${CBDMA_CACHE:-$HOME/.cache/cbdma}
mkdir -p "$CBDMA_CACHE"

die() {
	echo "cbdma: $*" >&2
	exit 1
}

log() {
	echo "cbdma: $*" >&2
}

# content_key FILE... : a short hash of the files' contents and names.
content_key() {
	local f
	for f in "$@"; do
		printf '%s\n' "${f#"$CBDMA_ROOT"/}"
		cat "$f"
	done | sha256sum | cut -c1-16
}

# with_lock NAME CMD... : serialise builds that share a cache entry.
with_lock() {
	local name=$1
	shift
	mkdir -p "$CBDMA_CACHE/locks"
	(
		flock -w 3600 9 || die "timed out waiting for lock $name"
		"$@"
	) 9>"$CBDMA_CACHE/locks/$name"
}

jobs_nr() {
	nproc 2>/dev/null || echo 2
}
