#!/usr/bin/env bash
# Quiet-console test (mvn verify, integration-test phase): starting the JMeter that bin/genie-loadtest uses (the
# build's, with the archive installed) as a brand-new user prints nothing from log4j's status logger (the
# "package scanning is deprecated" warnings, or errors if the GUI appender were not found) and no "Created user
# preferences directory"; a quiet Maven run prints no ANSI escape codes.
#   src/test/packaging/quiet-console-test.sh TARGET_DIR MVN
set -euo pipefail
target="$1"; mvn="$2"
project="$(cd "$(dirname "$0")/../../.." && pwd)"
home=$(sed -n 's/.*"jmeterDirectoryPath":"\([^"]*\)".*/\1/p' "$target/config.json" | head -n 1)
if [ -z "$home" ] || [ ! -f "$home/bin/logging.properties" ]; then
  echo "quiet-console-test FAILED: no build JMeter with bin/logging.properties under $target" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# As LoadTestLauncher starts it; a user.home of its own, so that the user preferences folder does not exist yet.
(cd "$work" && java "-Duser.home=$work/home" "-Djava.util.logging.config.file=$home/bin/logging.properties" \
    -jar "$home/bin/ApacheJMeter-5.6.3.jar" -v -j "$work/jmeter.log") > "$work/jmeter-console.txt" 2>&1
"$mvn" -B -q -f "$project/pom.xml" validate > "$work/maven-console.txt" 2>&1

problems=$(cat "$work/jmeter-console.txt" "$work/maven-console.txt" \
    | grep -n -E 'StatusConsoleListener|StatusLogger|user preferences|'$'\e' | cat -v || true)
if [ -n "$problems" ]; then
  echo "quiet-console-test FAILED: noise on the console:" >&2
  echo "$problems" >&2
  exit 1
fi
[ -d "$work/home/.java" ] || { echo "quiet-console-test FAILED: JMeter did not open the user preferences" >&2; exit 1; }
echo "Quiet console: a new user's JMeter start and a quiet Maven run print no log4j, preferences or ANSI noise."
