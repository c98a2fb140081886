#!/usr/bin/env bash
# Installs the operating-system packages the tests need: autobahn-python and msgpack for /usr/bin/python3
# (Debian packages python3-autobahn, python3-msgpack, python3-cbor2 for CBOR; python3-nacl for cryptosign; python3-prometheus-client parses
# the metrics scrape) and Chromium for the web console's browser test (BrowserIT, Debian package chromium). Node packages are installed by the interop module's build.
set -euo pipefail

packages=(python3-autobahn python3-msgpack python3-cbor2 python3-nacl python3-prometheus-client chromium)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "test prerequisites: ${packages[*]} installed"
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "test prerequisites missing: ${missing[*]}. Install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "test prerequisites: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
