#!/usr/bin/env bash
# Runs a short headless load test against the embedded simulator with bin/genie-loadtest, then takes a screenshot of
# its HTML dashboard's "Custom graphs" page (server time, each phase, polls per answer over time) and of its APDEX
# table, with a headless browser, into target/screenshots/:
#   src/test/report/screenshot-dashboard.sh [RESULTS_DIR]   (an existing results folder: no new run)
# Uses chromium, chromium-browser, google-chrome or firefox when installed; else installs chromium with apt-get when
# allowed (root), else says so and writes target/screenshots/dashboard-custom-graphs.txt instead: each custom graph's
# series and number of points, read from the dashboard's own files, so the result can still be checked.
set -euo pipefail
source "$(dirname "$0")/../../../bin/_common.sh"

out="$PROJECT_DIR/target/screenshots"
mkdir -p "$out"
if [ $# -ge 1 ]; then
  run="$(cd "$1" && pwd)"
else
  run="$PROJECT_DIR/target/dashboard-demo"
  rm -rf "$run"
  mkdir -p "$PROJECT_DIR/target/dashboard-demo-work"
  # 4 users for 30 s, answers 0.5-3 s (time scale 0.1), polls every 100 ms so most statuses are seen one by one.
  (cd "$PROJECT_DIR/target/dashboard-demo-work" && GENIE_POLL_INTERVAL_MS=100 "$PROJECT_DIR/bin/genie-loadtest" \
      --headless -u 4 -r 2 -t 30s --simulator --time-scale 0.1 --seed 7 --min-wait 0.5 --max-wait 1.5 \
      --results-dir "$run")
fi
page="$run/dashboard/content/pages/CustomsGraphs.html"
[ -f "$page" ] || { echo "error: no dashboard custom graphs page at $page" >&2; exit 1; }

browser=""
for candidate in chromium chromium-browser google-chrome firefox; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium (headless browser)..." >&2
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; then browser=chromium; fi
fi

if [ -z "$browser" ]; then
  echo "No headless browser (chromium, google-chrome, firefox) on this machine and none could be installed:" \
       "writing the custom graphs' series as text instead." >&2
  node_or_sed="$out/dashboard-custom-graphs.txt"
  {
    echo "Custom graphs of $run/dashboard (series: points)"
    grep -o '"label" *: *"[^"]*"' "$run/dashboard/content/js/customGraph.js" | sed 's/.*: *//' | sort | uniq -c
  } > "$node_or_sed"
  echo "Written: $node_or_sed" >&2
  exit 0
fi

shoot() { # page, png, height
  case "$browser" in
    firefox) "$browser" --headless --window-size "1400,$3" --screenshot "$2" "file://$1" >/dev/null 2>&1 ;;
    *) "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="1400,$3" \
           --virtual-time-budget=8000 --screenshot="$2" "file://$1" >/dev/null 2>&1 ;;
  esac
  [ -s "$2" ] || { echo "error: $browser wrote no $2" >&2; exit 1; }
  echo "Screenshot: $2" >&2
}
# The page shows only its first graph open; a copy beside it opens them all, as clicking each title would.
all="${page%.html}-all-open.html"
sed 's|</body>|<script>$(function(){ setTimeout(function(){ $("[id^=bodyResponsecustom_]").collapse("show"); setTimeout(function(){ window.scrollTo(0, 0); }, 1500); }, 300); });</script></body>|' \
  "$page" > "$all"
shoot "$all" "$out/dashboard-custom-graphs.png" 6400
shoot "$run/dashboard/index.html" "$out/dashboard-apdex.png" 1600
