#!/bin/bash
# Installs what kyuka needs to build, test and run on Debian 12, only what is missing.
# Usage: scripts/install-deps.sh [build|test]   (test adds the tools the test suite drives)
set -euo pipefail

build_pkgs=(
	build-essential meson ninja-build pkg-config gettext scdoc
	libfyaml-dev libjson-c-dev libsqlite3-dev libglib2.0-dev libcmocka-dev libarchive-dev libcurl4-openssl-dev
	libsystemd-dev zlib1g-dev libcrypt-dev libpwquality-dev
	libmount-dev libssl-dev liblz4-dev liblzma-dev
	libgmime-3.0-dev libgsf-1-dev libxml2-dev libpsl-dev libidn2-dev
	libclamav-dev libyara-dev libxlsxwriter-dev
	libevtx-dev
	libpq-dev
)
test_pkgs=(
	clang libclang-rt-14-dev python3 python3-jsonschema sqlite3 util-linux jq strace time
	chromium fonts-noto-cjk python3-aiosmtpd python3-pil python3-openpyxl
	systemd-journal-remote cracklib-runtime
	restic borgbackup tar gzip zstd e2fsprogs
	iproute2 nftables iptables systemd
	openssh-server sudo pamtester
	dovecot-imapd postfix vsftpd
	clamav clamav-testfiles
	man-db debhelper lintian dpkg-dev fakeroot
	libevtx-utils
	samba samba-common-bin snmpd nmap masscan iputils-ping
	postgresql ansible ansible-lint
)

want=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing packages: ${missing[*]}" >&2
	echo "run as root, or: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# postfix asks what to configure: nothing (tests/integration/logs_peers.sh runs it with its own config)
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq || apt-get update
apt-get install -y -qq --no-install-recommends "${missing[@]}"
