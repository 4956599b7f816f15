#!/usr/bin/env bash
# Screenshot of a capacity page (bin/genie-capacity or bin/genie-compare) in headless Chromium, to see that the
# page renders offline: its charts are inline SVG, it loads nothing.
#   src/test/gui/screenshot-capacity.sh [path/to/capacity.html]   (default: the newest results/*/capacity.html)
# Writes target/screenshots/capacity.png. Installs Debian's chromium with apt-get when it is missing.
set -euo pipefail
PROJECT_DIR="$(cd "$(dirname "$0")/../../.." && pwd)"
page="${1:-$(ls -t "$PROJECT_DIR"/results/*/capacity.html 2>/dev/null | head -n 1 || true)}"
if [ -z "$page" ] || [ ! -f "$page" ]; then
  echo "usage: $0 path/to/capacity.html (none found under results/: run bin/genie-capacity first)" >&2
  exit 2
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium (Debian package)..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >&2
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >&2; fi
fi
out="$PROJECT_DIR/target/screenshots"
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" \
  --window-size=1200,1400 --screenshot="$out/capacity.png" "file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" \
  >/dev/null 2>&1
echo "$out/capacity.png"
