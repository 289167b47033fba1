#!/usr/bin/env bash
# Builds, from Debian 12 packages, a root filesystem that holds what the Docker image's base,
# gcr.io/distroless/cc-debian12, holds, plus the kohub-cli binary at the Dockerfile's path, for
# tests/dist/distroless.test.ts (which runs the binary in it as uid 65532, with no container engine).
#
# distroless/cc-debian12 is three layers (GoogleContainerTools/distroless: static/static.bzl, base/config.bzl,
# cc/config.bzl). Taken here:
#   static   base-files netbase tzdata media-types, the Mozilla certificates of ca-certificates concatenated
#            into /etc/ssl/certs/ca-certificates.crt (not the package itself: it carries a shell script),
#            /etc/passwd and /etc/group (root, nobody, nonroot 65532), /etc/nsswitch.conf, /etc/os-release,
#            /tmp (1777), /root (700), /home/nonroot (700, owned by 65532)
#   base     libc6                      (left out: libssl3; the binary carries its own TLS)
#   cc       libgcc-s1 libstdc++6 gcc-12-base   (left out: libgomp1; nothing links OpenMP)
# So the root holds less than the image: a binary that runs here runs there. No shell, no busybox, no Node.
#
#   bash scripts/release/distroless-root.sh ROOT [BINARY]
#
# ROOT must not exist or be empty. BINARY is copied to ROOT/usr/local/bin/kohub-cli (mode 755). The .deb
# files are fetched with `apt-get download` (nothing is installed) and kept in $KOHUB_DISTROLESS_DEBS, else
# node_modules/.cache/distroless-cc-debian12/<arch>; the system's apt sources serve when the system is
# Debian 12 and knows the packages, else a private apt configuration reads bookworm from deb.debian.org
# (it needs Debian's archive keyring). Prints one `package version` line per package used.
# Exit status 3: the packages cannot be had here (no apt-get or dpkg-deb, no keyring, no network).
set -euo pipefail

PROJECT="$(cd "$(dirname "$0")/../.." && pwd)"
ROOTFS="${1:?usage: distroless-root.sh ROOT [BINARY]}"
BINARY="${2:-}"
NONROOT=65532
PACKAGES=(base-files netbase tzdata media-types libc6 gcc-12-base libgcc-s1 libstdc++6 ca-certificates)

unavailable() {
  echo "distroless-root: $*" >&2
  exit 3
}
command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null && command -v dpkg > /dev/null \
  || unavailable "needs apt-get, dpkg and dpkg-deb (a Debian-like system)"
ARCH="$(dpkg --print-architecture)"
DEBS="${KOHUB_DISTROLESS_DEBS:-$PROJECT/node_modules/.cache/distroless-cc-debian12/$ARCH}"
mkdir -p "$DEBS"
work="$(mktemp -d)"
fetched=""
trap 'rm -rf "$work" ${fetched:+"$fetched"}' EXIT

# 1. The .deb files, once.
cached() { compgen -G "$DEBS/$1_*_$ARCH.deb" > /dev/null || compgen -G "$DEBS/$1_*_all.deb" > /dev/null; }
missing=()
for p in "${PACKAGES[@]}"; do cached "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  fetched="$(mktemp -d "$DEBS/.fetch.XXXXXX")" # beside the cache, so that moving a file in is one rename
  apt_opts=()
  [ "$(id -u)" = 0 ] && apt_opts+=(-o "APT::Sandbox::User=root")
  os="$(. /etc/os-release 2> /dev/null && echo "${ID:-}-${VERSION_ID:-}")" || os=unknown
  if [ "$os" != debian-12 ] \
    || ! (cd "$fetched" && apt-get "${apt_opts[@]}" download "${missing[@]}" > /dev/null 2>&1); then
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -e "$keyring" ] || unavailable "this is not Debian 12 (or apt lacks its lists) and $keyring is missing"
    mkdir -p "$work/apt/lists/partial" "$work/apt/archives/partial"
    {
      echo "deb [signed-by=$keyring] http://deb.debian.org/debian bookworm main"
      echo "deb [signed-by=$keyring] http://deb.debian.org/debian bookworm-updates main"
      echo "deb [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main"
    } > "$work/apt/sources.list"
    apt_opts+=(
      -o "Dir::Etc::sourcelist=$work/apt/sources.list" -o "Dir::Etc::sourceparts=-"
      -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt" -o "Dir::Cache::archives=$work/apt/archives"
    )
    apt-get "${apt_opts[@]}" update > /dev/null 2>&1 || unavailable "apt-get update of bookworm failed (no network?)"
    rm -f "$fetched"/*.deb
    (cd "$fetched" && apt-get "${apt_opts[@]}" download "${missing[@]}" > /dev/null 2>&1) \
      || unavailable "apt-get download ${missing[*]} failed"
  fi
  mv "$fetched"/*.deb "$DEBS/"
fi
deb_of() { compgen -G "$DEBS/$1_*_$ARCH.deb" || compgen -G "$DEBS/$1_*_all.deb"; }

# 2. Unpack (dpkg-deb -x: files only, no maintainer scripts, as distroless does).
mkdir -p "$ROOTFS"
chmod 755 "$ROOTFS"
[ -z "$(ls -A "$ROOTFS")" ] || {
  echo "distroless-root: $ROOTFS is not empty" >&2
  exit 1
}
for p in "${PACKAGES[@]}"; do
  deb="$(deb_of "$p" | sort | tail -n 1)"
  echo "$p $(dpkg-deb -f "$deb" Version)"
  if [ "$p" = ca-certificates ]; then
    dpkg-deb -x "$deb" "$work/ca"
    mkdir -p "$ROOTFS/etc/ssl/certs"
    find "$work/ca/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat \
      > "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
  else
    dpkg-deb -x "$deb" "$ROOTFS"
  fi
done

# 3. What distroless adds beside the packages (common/BUILD.bazel, static/nsswitch.conf).
cat > "$ROOTFS/etc/passwd" << EOF
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:$NONROOT:$NONROOT:nonroot:/home/nonroot:/sbin/nologin
EOF
cat > "$ROOTFS/etc/group" << EOF
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:$NONROOT:
EOF
cat > "$ROOTFS/etc/nsswitch.conf" << 'EOF'
passwd:         compat
group:          compat
shadow:         compat
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
EOF
rm -f "$ROOTFS/etc/os-release"
printf '%s\n' 'PRETTY_NAME="Distroless"' 'NAME="Debian GNU/Linux"' 'ID="debian"' 'VERSION_ID="12"' \
  'VERSION="Debian GNU/Linux 12 (bookworm)"' > "$ROOTFS/etc/os-release"
mkdir -p "$ROOTFS/tmp" "$ROOTFS/root" "$ROOTFS/home/nonroot" "$ROOTFS/usr/local/bin"
chmod 1777 "$ROOTFS/tmp"
chmod 700 "$ROOTFS/root" "$ROOTFS/home/nonroot"
[ "$(id -u)" = 0 ] && chown "$NONROOT:$NONROOT" "$ROOTFS/home/nonroot"
if [ -n "$BINARY" ]; then
  cp "$BINARY" "$ROOTFS/usr/local/bin/kohub-cli"
  chmod 755 "$ROOTFS/usr/local/bin/kohub-cli"
fi

# 4. The promise: no shell, no package manager, no Node.
for f in bin/sh bin/bash bin/dash usr/bin/sh usr/bin/env usr/bin/node usr/bin/dpkg usr/bin/apt; do
  if [ -e "$ROOTFS/$f" ] || [ -L "$ROOTFS/$f" ]; then
    echo "distroless-root: $f is in the root" >&2
    exit 1
  fi
done
