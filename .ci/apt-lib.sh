# shellcheck shell=bash
# Sourced by the other setup scripts: install Debian packages only when missing.
apt_install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need the Debian packages: ${missing[*]}. Install them (as root: apt-get install ${missing[*]}); the build installs them itself only when it runs as root on Debian." >&2
    return 1
  fi
  if [ ! -e /tmp/.peppolgw-apt-updated ]; then
    apt-get update -qq && touch /tmp/.peppolgw-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
