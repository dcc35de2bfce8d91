#!/usr/bin/env bash
# smp-lookup tests: a real DNS server on loopback that serves NAPTR records (U-NAPTR / BDXL).
# dnsmasq-base ships only the binary (no system service), which is all the tests need: they
# start their own instance on 127.0.0.1 on a free high port, without root.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../apt-lib.sh
. ./apt-lib.sh
apt_install_missing dnsmasq-base
