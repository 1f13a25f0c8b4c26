#!/usr/bin/env bash
# Install the system libraries the pipeline needs, only when they are missing.
# weasyprint needs Pango (and its FreeType backend); the documents use the Carlito font
# (metric-compatible with Calibri, so DOCX and PDF look alike) with DejaVu as fallback.
# Extra Debian packages (e.g. libreoffice-writer-nogui for `make bench`) can be passed
# as arguments: each is installed only if its command or library is absent.
set -euo pipefail

# grep without -q reads all input, so pipefail never trips on SIGPIPE
has_lib() { ldconfig -p 2>/dev/null | grep -i "$1" >/dev/null; }
has_font() { fc-list 2>/dev/null | grep -i "$1" >/dev/null; }

need=()
has_lib 'libpango-1.0.so' || need+=(libpango-1.0-0)
has_lib 'libpangoft2-1.0.so' || need+=(libpangoft2-1.0-0)
# weasyprint subsets fonts with HarfBuzz; without it, it falls back to fontTools: slower, and a warning per
# font and process on the terminal ("Using fontTools instead of HarfBuzz-Subset", Carlito's old timestamps)
has_lib 'libharfbuzz-subset.so' || need+=(libharfbuzz-subset0)
has_font 'carlito' || need+=(fonts-crosextra-carlito)
has_font 'dejavu sans' || need+=(fonts-dejavu-core)
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0

echo "dossier: systeempakketten installeren: ${need[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "dossier: installeer deze pakketten zelf (geen apt-get gevonden): ${need[*]}" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
