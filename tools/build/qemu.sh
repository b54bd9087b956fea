#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# qemu.sh: build (or find in the cache) QEMU with the cbdma device model.
# Prints the path of qemu-system-x86_64 on stdout.
#
# 1. Debian's qemu source package is fetched once with apt-get source, using
#    a private sources list and a private Dir::State::Lists, so the machine's
#    own package lists are never touched, and unpacked with dpkg-source so
#    Debian's patches apply.
# 2. tools/qemu/ is overlaid onto a persistent work tree (only changed files
#    are copied, so ninja rebuilds only what changed) and wired into the
#    Kconfig, meson.build and trace-events of hw/dma.
# 3. The binary is stored under a key made of the source version, the model
#    sources and this script: an unchanged tree rebuilds nothing.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$CBDMA_ROOT/tools/build/deps.sh"

overlay=$CBDMA_ROOT/tools/qemu
apt_dir=$CBDMA_CACHE/apt
src_root=$CBDMA_CACHE/src

# The archives this machine already uses, as deb-src lines.
write_sources() {
	local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		sort -u | while read -r uri suite; do
		echo "deb-src [signed-by=$keyring] $uri $suite main"
	done >"$apt_dir/sources.list"
	[[ -s $apt_dir/sources.list ]] ||
		die "qemu.sh: no Debian archive configured on this machine (apt-get indextargets is empty)"
}

fetch_source() {
	local ver_file=$src_root/qemu.version
	if [[ -f $ver_file && -f $src_root/qemu-$(cat "$ver_file")/.cbdma-unpacked ]]; then
		return 0
	fi
	log "fetching Debian's qemu source package (private apt state in $apt_dir)"
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$src_root"
	write_sources
	local apt=(apt-get -q -o Dir::Etc::SourceList="$apt_dir/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$apt_dir/lists"
		-o Dir::Cache="$apt_dir/cache"
		-o Dir::State::status=/var/lib/dpkg/status
		-o APT::Sandbox::User=root)
	local dl=$src_root/qemu-dl
	rm -rf "$dl"
	mkdir -p "$dl"
	"${apt[@]}" update >"$dl/apt.log" 2>&1 ||
		die "qemu.sh: apt-get update of the deb-src lists failed: $(grep -m1 -E '^(E|Err|W):' "$dl/apt.log")"
	(cd "$dl" && "${apt[@]}" source --download-only qemu >>apt.log 2>&1) ||
		die "qemu.sh: apt-get source qemu failed: $(grep -m1 -E '^(E|Err):' "$dl/apt.log")"
	local dsc ver
	dsc=$(ls "$dl"/qemu_*.dsc)
	ver=$(sed -n 's/^Version: //p' "$dsc" | tr ':' '_')
	log "unpacking qemu $ver with Debian's patches"
	rm -rf "$src_root/qemu-$ver"
	dpkg-source -q -x "$dsc" "$src_root/qemu-$ver" >>"$dl/apt.log" 2>&1 ||
		die "qemu.sh: dpkg-source -x failed (see $dl/apt.log)"
	touch "$src_root/qemu-$ver/.cbdma-unpacked"
	echo "$ver" >"$ver_file"
	rm -f "$dl"/*.tar.* 
}

# Regenerate FILE from FILE.orig plus FRAGMENT, writing only on change so
# meson does not reconfigure for nothing.
wire() {
	local file=$1 fragment=$2 tmp
	[[ -f $file.orig ]] || cp "$file" "$file.orig"
	tmp=$(mktemp)
	cat "$file.orig" "$fragment" >"$tmp"
	if cmp -s "$tmp" "$file"; then
		rm -f "$tmp"
	else
		mv "$tmp" "$file"
	fi
}

build() {
	fetch_source
	local ver key work bin
	ver=$(cat "$src_root/qemu.version")
	key=$( (echo "$ver"; find "$overlay" -type f | sort | xargs cat; cat "$0") |
		sha256sum | cut -c1-16)
	bin=$CBDMA_CACHE/qemu/bin-$key
	if [[ -x $bin/qemu-system-x86_64 ]]; then
		echo "$bin/qemu-system-x86_64"
		return 0
	fi
	work=$CBDMA_CACHE/qemu/work-$ver
	if [[ ! -f $work/.cbdma-copied ]]; then
		rm -rf "$work"
		mkdir -p "$work"
		cp -a "$src_root/qemu-$ver/." "$work/"
		touch "$work/.cbdma-copied"
	fi
	# Overlay the model: C sources and headers are copied as files, the
	# *.cbdma fragments are appended to the file they are named after.
	(cd "$overlay" && find . -type f ! -name '*.cbdma' ! -name '*.md') |
		while read -r f; do
		mkdir -p "$work/$(dirname "$f")"
		cmp -s "$overlay/$f" "$work/$f" || cp "$overlay/$f" "$work/$f"
	done
	(cd "$overlay" && find . -type f -name '*.cbdma') | while read -r f; do
		wire "$work/${f%.cbdma}" "$overlay/$f"
	done
	if [[ ! -f $work/build/build.ninja ]]; then
		log "configuring qemu $ver (x86_64-softmmu, TCG only)"
		mkdir -p "$work/build"
		(cd "$work/build" && ../configure --target-list=x86_64-softmmu \
			--without-default-features --enable-tcg --disable-docs \
			--disable-werror --disable-install-blobs \
			--disable-debug-info >configure.log 2>&1) ||
			die "qemu.sh: configure failed (see $work/build/configure.log)"
	fi
	log "building qemu-system-x86_64 (first time: about 5 min)"
	local t0=$SECONDS
	ninja -C "$work/build" -j"$(jobs_nr)" qemu-system-x86_64 >"$work/build/ninja.log" 2>&1 || {
		grep -m 20 -B2 -A8 'error' "$work/build/ninja.log" >&2 || tail -30 "$work/build/ninja.log" >&2
		die "qemu.sh: ninja failed (see $work/build/ninja.log)"
	}
	log "qemu built in $((SECONDS - t0)) s"
	mkdir -p "$bin.tmp"
	cp "$work/build/qemu-system-x86_64" "$bin.tmp/"
	rm -rf "$bin"
	mv "$bin.tmp" "$bin"
	# keep the three newest binaries: enough to switch branches back
	ls -dt "$CBDMA_CACHE"/qemu/bin-* | tail -n +4 | xargs -r rm -rf
	echo "$bin/qemu-system-x86_64"
}

with_lock qemu build
