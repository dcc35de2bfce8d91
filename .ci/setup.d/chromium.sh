#!/usr/bin/env bash
# Headless Chromium + chromedriver for the punch-out browser test (punchout/.../ShopBrowserIT-style
# test fails when /usr/bin/chromium or /usr/bin/chromedriver is missing; ap-server and punchout run this script
# before their tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../apt-lib.sh
. .ci/apt-lib.sh
apt_install_missing chromium chromium-driver
