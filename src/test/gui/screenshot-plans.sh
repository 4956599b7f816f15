#!/usr/bin/env bash
# Opens every plan in testplans/ in the real JMeter GUI under a virtual display (Xvfb) and saves a screenshot of the
# test plan, the thread group and each genie-jmeter element (its fields as users see them) in target/screenshots/.
#   src/test/gui/screenshot-plans.sh [PLAN.jmx ...]
# Needs Xvfb; installs it with apt-get when missing and allowed (root), else says how.
set -euo pipefail
source "$(dirname "$0")/../../../bin/_common.sh"

if ! command -v Xvfb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Xvfb (virtual display)..." >&2
    apt-get install -y -q xvfb >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q xvfb >/dev/null; }
  else
    echo "error: Xvfb is needed: install it (Debian/Ubuntu: sudo apt-get install xvfb)" >&2
    exit 1
  fi
fi

genie_build_if_needed
genie_jmeter_if_needed

out="$PROJECT_DIR/target/screenshots"
classes="$PROJECT_DIR/target/gui-classes"
mkdir -p "$out" "$classes"
cp="$GENIE_JMETER_HOME/bin/ApacheJMeter-5.6.3.jar:$GENIE_JMETER_HOME/lib/*:$GENIE_JMETER_HOME/lib/ext/*"
javac -q -nowarn -d "$classes" -cp "$cp" "$PROJECT_DIR/src/test/gui/PlanScreenshots.java" 2>/dev/null \
  || javac -nowarn -d "$classes" -cp "$cp" "$PROJECT_DIR/src/test/gui/PlanScreenshots.java"

display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
sleep 1

plans=("$@")
[ ${#plans[@]} -gt 0 ] || plans=("$PROJECT_DIR"/testplans/*.jmx)
for plan in "${plans[@]}"; do
  echo "Opening $plan in the JMeter GUI on display $display..." >&2
  (cd "$GENIE_JMETER_HOME/bin" && DISPLAY="$display" timeout 180 java -Xmx1g \
      --add-opens=java.desktop/sun.awt=ALL-UNNAMED --add-opens=java.desktop/sun.swing=ALL-UNNAMED \
      --add-opens=java.desktop/javax.swing.text.html=ALL-UNNAMED --add-opens=java.desktop/java.awt=ALL-UNNAMED \
      --add-opens=java.desktop/java.awt.font=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
      --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED \
      -Djmeter.home="$GENIE_JMETER_HOME" -cp "$classes:$cp" PlanScreenshots "$plan" "$out")
done
echo "Screenshots: $out" >&2
