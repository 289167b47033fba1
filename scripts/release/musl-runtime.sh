#!/usr/bin/env bash
# Prepares a musl runtime in which the linux-x64-musl binary can run on a glibc machine, without installing
# anything system-wide (no root needed), for tests/dist/smoke.test.ts:
#
#   $DIR/ld-musl-x86_64.so.1      musl's loader, version 1.2.4 or later (Bun's musl build uses DT_RELR
#                                 relocations, which musl 1.2.3, Debian 12's, cannot read: it crashes)
#   $DIR/lib/libstdc++.so.6       the musl builds of libstdc++ and libgcc_s that Bun links against (Alpine
#   $DIR/lib/libgcc_s.so.1        images get them from `apk add libstdc++`)
#
# The loader comes from Debian's `musl` package (the system's apt sources when they carry 1.2.4 or later,
# else Debian 13's); the two libraries from numpy's musllinux wheel, which bundles them (pip download only).
#
#   bash scripts/release/musl-runtime.sh [DIR]    # DIR default: $KOHUB_MUSL_RUNTIME, else node_modules/.cache/musl-runtime
#
# Run with the runtime: $DIR/ld-musl-x86_64.so.1 --library-path $DIR/lib dist/kohub-cli-linux-x64-musl --version
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${1:-${KOHUB_MUSL_RUNTIME:-$ROOT/node_modules/.cache/musl-runtime}}"
NUMPY_VERSION=2.5.5 # any numpy musllinux_1_2 wheel bundles libstdc++ and libgcc_s

if [ "$(uname -m)" != x86_64 ]; then
  echo "musl-runtime: only for x86_64 machines" >&2
  exit 1
fi
if [ -x "$DIR/ld-musl-x86_64.so.1" ] && [ -e "$DIR/lib/libstdc++.so.6" ] && [ -e "$DIR/lib/libgcc_s.so.1" ]; then
  echo "musl-runtime: ready in $DIR" >&2
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$DIR/lib"

# 1. The loader.
version_ok() { dpkg --compare-versions "$1" ge 1.2.4; }
deb=""
(cd "$work" && apt-get download musl > /dev/null 2>&1) || true
for f in "$work"/musl_*.deb; do
  if [ -e "$f" ] && version_ok "$(dpkg-deb -f "$f" Version)"; then deb="$f"; fi
done
if [ -z "$deb" ]; then
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -e "$keyring" ] || {
    echo "musl-runtime: the system's musl is older than 1.2.4 and there is no Debian keyring to fetch Debian 13's" >&2
    exit 1
  }
  mkdir -p "$work/apt/lists/partial" "$work/apt/archives/partial"
  echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" > "$work/apt/sources.list"
  apt_opts=(
    -o "Dir::Etc::sourcelist=$work/apt/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt" -o "Dir::Cache::archives=$work/apt/archives"
    -o "APT::Sandbox::User=root"
  )
  apt-get "${apt_opts[@]}" update > /dev/null
  rm -f "$work"/musl_*.deb
  (cd "$work" && apt-get "${apt_opts[@]}" download musl > /dev/null)
  deb="$(ls "$work"/musl_*.deb)"
fi
dpkg-deb -x "$deb" "$work/musl"
loader="$(find "$work/musl" -name 'ld-musl-x86_64.so.1' | head -n 1)"
cp -L "$loader" "$DIR/ld-musl-x86_64.so.1"
chmod 755 "$DIR/ld-musl-x86_64.so.1"

# 2. libstdc++ and libgcc_s built for musl.
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --platform musllinux_1_2_x86_64 --python-version 3.12 -d "$work/wheel" "numpy==$NUMPY_VERSION"
python3 - "$work"/wheel/numpy-*.whl "$DIR/lib" << 'EOF'
import os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        base = os.path.basename(name)
        for prefix, link in (("libstdc++-", "libstdc++.so.6"), ("libgcc_s-", "libgcc_s.so.1")):
            if name.startswith("numpy.libs/") and base.startswith(prefix):
                with open(os.path.join(out, base), "wb") as f:
                    f.write(z.read(name))
                target = os.path.join(out, link)
                if os.path.lexists(target):
                    os.remove(target)
                os.symlink(base, target)
EOF
[ -e "$DIR/lib/libstdc++.so.6" ] && [ -e "$DIR/lib/libgcc_s.so.1" ] || {
  echo "musl-runtime: numpy's wheel did not hold libstdc++ and libgcc_s" >&2
  exit 1
}
echo "musl-runtime: ready in $DIR" >&2
