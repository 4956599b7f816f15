#!/usr/bin/env bash
# Packaging test (mvn verify, integration-test phase): assembles a fresh Apache JMeter 5.6.3 from its Maven Central
# artifacts (src/jmeter-5.6.3/pom.xml: the release's bin/, lib/ and lib/ext/, nothing of ours), installs the archive
# with bin/install-into-jmeter, runs testplans/genie-standard.jmx headless against the embedded simulator and fails
# unless every sample succeeded and jmeter.log holds no ERROR.
#   src/test/packaging/fresh-jmeter-test.sh ARCHIVE RELEASE_DIR MVN LOCAL_REPOSITORY
set -euo pipefail
archive="$1"; release_dir="$2"; mvn="$3"; repo="$4"
project="$(cd "$(dirname "$0")/../../.." && pwd)"
home="$release_dir/apache-jmeter-5.6.3"
out="$release_dir/run"

fail() {
  echo "fresh-jmeter-test FAILED: $*" >&2
  [ -f "$out/console.txt" ] && sed 's/^/  console: /' "$out/console.txt" | tail -n 20 >&2
  exit 1
}

rm -rf "$home" "$out"
mkdir -p "$out"
"$mvn" -B -q -ntp -f "$project/src/jmeter-5.6.3/pom.xml" "-Djmeter.release.dir=$release_dir" \
    "-Dmaven.repo.local=$repo" package > "$out/assemble.txt" 2>&1 \
    || { cat "$out/assemble.txt" >&2; fail "assembling JMeter"; }
[ -f "$home/bin/ApacheJMeter.jar" ] && [ -f "$home/lib/ext/ApacheJMeter_core.jar" ] || fail "no JMeter in $home"
# The release also has lib/junit/ (where JUnit sampler tests go; JMeter complains on start when it is missing).
mkdir -p "$home/lib/junit"
[ ! -e "$home/lib/ext/genie-jmeter"* ] || fail "the fresh JMeter already holds genie-jmeter"

# The archive holds exactly the runtime libraries that this JMeter lacks or ships older, checked here on the files
# of the fresh lib/ (independently of src/build/LibrariesJMeterLacks.java, which works on Maven's listings).
project_target="$(dirname "$archive")"
runtime="$project_target/jmeter-libraries/runtime-dependencies.txt"
listing=$(unzip -p "$archive" genie-jmeter-libraries.txt) || fail "no genie-jmeter-libraries.txt in $archive"
jmeter_version_of() {  # the version of artifact $1 in the fresh lib/, empty if absent
  local jar
  for jar in "$home"/lib/"$1"-[0-9]*.jar; do
    [ -f "$jar" ] && { jar=$(basename "$jar" .jar); echo "${jar#"$1"-}"; return 0; }
  done
  return 0
}
while read -r line; do
  coordinates=$(echo "$line" | sed 's/^ *//; s/ -- .*//')
  IFS=: read -r group artifact _type version scope _ <<< "$coordinates"
  case "$scope" in compile|runtime) ;; *) continue ;; esac
  theirs=$(jmeter_version_of "$artifact")
  # A here-string, not a pipe: with pipefail, grep -q closing the pipe early fails the echo (SIGPIPE) at random.
  shipped=false; grep -q "^$group:$artifact:$version " <<< "$listing" && shipped=true
  case "$group" in org.slf4j|org.apache.logging.log4j)
    $shipped && fail "the archive ships $artifact, which would disconnect JMeter's logging"; continue ;;
  esac
  if [ -z "$theirs" ]; then
    $shipped || fail "JMeter lacks $artifact $version but the archive does not ship it"
  elif [ "$(printf '%s\n%s\n' "$theirs" "$version" | sort -V | tail -n 1)" != "$theirs" ]; then
    $shipped || fail "JMeter ships $artifact $theirs, older than our $version, but the archive does not ship it"
  else
    $shipped && fail "the archive ships $artifact $version although JMeter has $theirs"
  fi
done < <(grep -E '^ +[^ ]+:[^ ]+:' "$runtime")
[ "$(echo "$listing" | wc -l)" -eq "$(unzip -Z1 "$archive" 'lib/*.jar' | grep -vc '^lib/ext/')" ] \
    || fail "the archive's lib/ and its genie-jmeter-libraries.txt disagree"

bash "$project/bin/install-into-jmeter" --quiet --archive "$archive" "$home" || fail "bin/install-into-jmeter"

# bin/jmeter's JVM settings; a short run with the fast simulator of the verify runs. Only the columns checked below
# are saved, so that no free text (response messages) can break the comma-separated lines.
(cd "$out" && java -Xms1g -Xmx1g -XX:MaxMetaspaceSize=256m \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
    --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.desktop/java.awt.font=ALL-UNNAMED \
    -jar "$home/bin/ApacheJMeter.jar" -n -t "$project/testplans/genie-standard.jmx" \
    -q "$home/bin/genie-dashboard.properties" -q "$project/src/test/jmeter/verify.properties" \
    -Jgenie.users=2 -Jgenie.rampup=1 -Jgenie.duration=6 \
    -Jjmeter.save.saveservice.output_format=csv -Jjmeter.save.saveservice.print_field_names=true \
    -Jjmeter.save.saveservice.response_message=false -Jjmeter.save.saveservice.assertion_results_failure_message=false \
    -Jjmeter.save.saveservice.thread_name=false -Jjmeter.save.saveservice.url=false \
    -l "$out/results.jtl" -j "$out/jmeter.log") > "$out/console.txt" 2>&1 || fail "JMeter exited with an error"

[ -f "$out/results.jtl" ] || fail "no results file"
read -r samples failed < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "success") col = i; next }
    { n++; if ($col != "true") bad++ } END { if (!col) print -1, -1; else print n + 0, bad + 0 }' "$out/results.jtl")
[ "$samples" -ge 0 ] || fail "no success column in $out/results.jtl"
[ "$samples" -gt 0 ] || fail "no sample recorded ($out/jmeter.log)"
[ "$failed" -eq 0 ] || fail "$failed of $samples samples failed ($out/results.jtl)"
head -n 1 "$out/results.jtl" | grep -q 'genie_request_type.*genie_result_fetch_ms' \
    || fail "no genie_* columns: bin/genie-dashboard.properties not installed or not read ($out/results.jtl)"
if grep -q ' ERROR ' "$out/jmeter.log"; then
  grep ' ERROR ' "$out/jmeter.log" | head -n 5 >&2
  fail "ERROR lines in $out/jmeter.log"
fi
echo "Fresh JMeter 5.6.3 with the archive installed: $samples samples of testplans/genie-standard.jmx, none failed."
