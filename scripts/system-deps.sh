#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, only those missing.
#   scripts/system-deps.sh run    - what the app needs (WeasyPrint's Pango/HarfBuzz, fonts, gettext,
#                                   Voikko and its Finnish dictionary for the text analysis,
#                                   FreeDict's Finnish-Swedish dictionaries for its themes)
#   scripts/system-deps.sh test   - plus Chromium for the browser tests, libatomic1 for the
#                                   Node.js driver inside Playwright's wheel, poppler for PDF
#                                   checks, Node.js and npm for the second test OpenID provider
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core gettext
  libvoikko1 voikko-fi dict-freedict-fin-swe dict-freedict-swe-fin)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium libatomic1 poppler-utils)
  # The second test OpenID provider (tests/oidc_provider/certified) runs on Node.js; a Node
  # installed otherwise (e.g. nvm) is used as it is.
  command -v node >/dev/null || want+=(nodejs)
  command -v npm >/dev/null || want+=(npm)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
