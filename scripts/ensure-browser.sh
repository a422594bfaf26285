#!/usr/bin/env bash
# Installs what the browser tests and PDF reports need, from Debian's own packages:
#   chromium            the headless browser (driven by playwright-core, never its own download)
#   fonts-wqy-microhei  a CJK font: without one, Chinese renders as empty boxes
#   poppler-utils       pdftotext / pdfinfo, to check generated PDFs
# Idempotent: does nothing when all three are present. Runs `apt-get update` only when
# a package cannot be found in the current lists. Needs root (or sudo).
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)

if [ ${#need[@]} -eq 0 ]; then
  echo "ensure-browser: chromium, fonts-wqy-microhei and poppler-utils are present."
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-browser: need root to install: ${need[*]}" >&2; exit 2
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-browser: installing ${need[*]}"
# Update the package lists only if one of the packages is unknown to them.
for p in "${need[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    break
  fi
done
# Lists that are present but stale can name versions the mirror no longer has: update once, retry.
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" ||
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"; }
/usr/bin/chromium --version
