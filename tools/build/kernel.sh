#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh FLAVOUR: build (or find in the cache) the guest kernel.
# FLAVOUR is "default" or "debug". Prints the build directory (O=) on stdout.
# The cache entry is keyed by the linux-source version, the config
# fragments and build_recipe below, so an unchanged tree rebuilds nothing;
# a new key starts from a copy of the newest build of the same flavour.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-default}
cfgdir=$CBDMA_ROOT/tools/testing/cbdma
fragments=("$cfgdir/kernel.config")
case "$flavour" in
default) ;;
debug) fragments+=("$cfgdir/kernel-debug.config") ;;
*) die "kernel.sh: unknown flavour '$flavour' (default or debug)" ;;
esac

"$CBDMA_ROOT/tools/build/deps.sh"

tarball=/usr/src/linux-source-6.1.tar.xz
[[ -f $tarball ]] || die "kernel.sh: $tarball missing (package linux-source-6.1)"
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)

# Bump when the way the kernel is built changes (not for comments).
build_recipe=1
key=$( (echo "$version $build_recipe"; cat "${fragments[@]}") | sha256sum |
	cut -c1-16)
out=$CBDMA_CACHE/kernel/$flavour-$key
src=$CBDMA_CACHE/src/linux-$version

unpack() {
	[[ -f $src/.cbdma-unpacked ]] && return 0
	log "unpacking linux-source $version"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" -xf "$tarball" --strip-components=1
	touch "$src.tmp/.cbdma-unpacked"
	mv "$src.tmp" "$src"
}

# Every line of the fragments must survive olddefconfig: a silently dropped
# option (missing dependency) would make the guest lie about what it tests.
check_config() {
	local line opt val bad=0
	while IFS= read -r line; do
		[[ $line =~ ^(CONFIG_[A-Z0-9_]+)=(.*)$ ]] || continue
		opt=${BASH_REMATCH[1]}
		val=${BASH_REMATCH[2]}
		if [[ $val == n ]]; then
			grep -q "^$opt=" "$out/.config" || continue
		else
			grep -qxF "$opt=$val" "$out/.config" && continue
		fi
		echo "cbdma: kernel.sh: $opt=$val requested, .config has:" \
			"$(grep -E "^(# )?$opt[= ]" "$out/.config" || echo unset)" >&2
		bad=1
	done < <(cat "${fragments[@]}")
	return $bad
}

build() {
	[[ -f $out/.cbdma-built ]] && return 0
	unpack
	log "building $flavour kernel in $out (first time: about 8-15 min)"
	# Seed from the newest build of this flavour: after a config change
	# Kbuild then rebuilds only what the change touches.
	local seed
	seed=$(ls -dt "$CBDMA_CACHE/kernel/$flavour"-*/.cbdma-built 2>/dev/null |
		head -n 1 || true)
	rm -rf "$out"
	if [[ -n $seed ]]; then
		log "seeding from $(dirname "$seed")"
		cp -a "$(dirname "$seed")" "$out"
		rm -f "$out/.cbdma-built"
	fi
	mkdir -p "$out"
	cat "${fragments[@]}" >"$out/.config"
	make -C "$src" O="$out" -s olddefconfig
	check_config || die "kernel.sh: config fragment not honoured"
	local t0=$SECONDS
	make -C "$src" O="$out" -s -j"$(jobs_nr)" bzImage modules
	rm -rf "$out/mods"
	make -C "$src" O="$out" -s INSTALL_MOD_PATH="$out/mods" \
		INSTALL_MOD_STRIP=1 modules_install
	log "$flavour kernel built in $((SECONDS - t0)) s"
	touch "$out/.cbdma-built"
	# keep the two newest builds of this flavour
	ls -dt "$CBDMA_CACHE/kernel/$flavour"-* | tail -n +3 | xargs -r rm -rf
}

with_lock "kernel-$flavour" build
echo "$out"
