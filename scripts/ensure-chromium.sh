#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (a test tool's own browser
# download does not work on our machines). Installs it with apt-get when it is missing.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "chromium is missing and I am not root: install Debian's chromium package" >&2
    exit 1
  fi
  SUDO="sudo"
fi
echo "installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet: update once if the first try fails.
install_chromium() { $SUDO apt-get install -y --no-install-recommends chromium >/dev/null; }
install_chromium || { $SUDO apt-get update -qq && install_chromium; }
"$CHROMIUM" --version
