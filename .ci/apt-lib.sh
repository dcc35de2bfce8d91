# shellcheck shell=bash
# Sourced by the other setup scripts: install Debian packages only when missing.
apt_install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ ! -e /tmp/.peppolgw-apt-updated ]; then
    apt-get update -qq && touch /tmp/.peppolgw-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
