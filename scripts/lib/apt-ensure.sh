# Sourced by scripts/ensure-*.sh: install one Debian package that `npm test` needs, with apt,
# as root or through sudo, when its binary is missing. Sets SUDO for the caller, or exits
# non-zero with one line saying what to do.
#   apt_ensure_root NAME BINARY PACKAGE SKIP_VARIABLE
apt_ensure_root() {
  local name="$1" bin="$2" pkg="$3" skip="$4"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; else
      echo "$name: $bin is missing and installing it needs root: run 'sudo apt-get install -y $pkg' (or set $skip=1)" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "$name: $bin is missing and there is no apt-get here: install $pkg at $bin (or set $skip=1)" >&2
    exit 1
  fi
}
