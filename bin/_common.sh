# Shared by the bin/ launchers (sourced, not run). Builds the project on first use so that a fresh checkout works
# with nothing but Java and Maven, then exposes PROJECT_DIR and CLASSPATH.
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

genie_build_if_needed() {
  local jar
  # '|| true': the launchers run with 'set -euo pipefail', and on a fresh checkout there is no jar to list yet.
  jar=$(ls "$PROJECT_DIR"/target/genie-jmeter-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true)
  if [ -z "$jar" ] || [ ! -d "$PROJECT_DIR/target/lib" ] \
     || ! ls "$PROJECT_DIR"/target/genie-jmeter-*-jmeter.zip >/dev/null 2>&1 \
     || [ -n "$(cd "$PROJECT_DIR" && find src/main pom.xml src/build src/assembly src/jmeter-5.6.3 src/jmeter-conf \
                -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "Building genie-jmeter (first use or sources changed)..." >&2
    (cd "$PROJECT_DIR" && mvn -q -B -ntp -DskipTests package) >&2 || {
      echo "error: the build failed; run 'mvn -DskipTests package' in $PROJECT_DIR to see why" >&2
      exit 1
    }
    jar=$(ls "$PROJECT_DIR"/target/genie-jmeter-*.jar | grep -v -- '-tests.jar' | head -n 1)
  fi
  CLASSPATH="$jar:$PROJECT_DIR/target/lib/*"
  export CLASSPATH
}

# Log lines look like the original tool's: "2026-01-28 10:30:00 | INFO | message".
GENIE_JAVA_LOG_OPTS=(
  -Dorg.slf4j.simpleLogger.showDateTime=true
  "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss"
  -Dorg.slf4j.simpleLogger.showThreadName=false
  -Dorg.slf4j.simpleLogger.showLogName=false
  -Dorg.slf4j.simpleLogger.levelInBrackets=false
)

# For commands that run JMeter (bin/genie-loadtest, src/test/gui/screenshot-plans.sh): makes sure the JMeter 5.6.3
# installation that the jmeter-maven-plugin builds under target/ exists and holds the current plugin jar (installed
# from the archive by bin/install-into-jmeter), building it on first use, then exposes GENIE_JMETER_HOME. Call after
# genie_build_if_needed.
genie_jmeter_if_needed() {
  local plugin_jar
  plugin_jar=$(ls "$PROJECT_DIR"/target/genie-jmeter-*.jar | grep -v -- '-tests.jar' | head -n 1)
  GENIE_JMETER_HOME=$(_genie_jmeter_home)
  if [ -z "$GENIE_JMETER_HOME" ] || [ ! -f "$GENIE_JMETER_HOME/bin/ApacheJMeter-5.6.3.jar" ] \
     || ! cmp -s "$plugin_jar" "$GENIE_JMETER_HOME/lib/ext/$(basename "$plugin_jar")"; then
    echo "Preparing JMeter 5.6.3 with the genie-jmeter plugin (first use or plugin changed)..." >&2
    (cd "$PROJECT_DIR" && mvn -q -B -ntp -Dmaven.test.skip=true \
        package clean:clean@clean-previous-jmeter-runs jmeter:configure@configuration \
        exec:exec@install-archive-into-build-jmeter) >&2 || {
      echo "error: preparing JMeter failed; run 'mvn -Dmaven.test.skip=true package jmeter:configure@configuration" \
           "exec:exec@install-archive-into-build-jmeter' in $PROJECT_DIR to see why" >&2
      exit 1
    }
    GENIE_JMETER_HOME=$(_genie_jmeter_home)
  fi
  export GENIE_JMETER_HOME
}

# Where the jmeter-maven-plugin put JMeter (target/<uuid>/jmeter, recorded in target/config.json).
_genie_jmeter_home() {
  sed -n 's/.*"jmeterDirectoryPath":"\([^"]*\)".*/\1/p' "$PROJECT_DIR/target/config.json" 2>/dev/null | head -n 1 || true
}

# The load-test commands (bin/genie-loadtest and its cached variants): builds on first use, prepares JMeter unless
# only the help is asked for, then runs the launcher class $1 with the remaining arguments.
genie_loadtest() {
  local main="$1"
  shift
  genie_build_if_needed
  case " $* " in
    *" --help "*|*" -h "*) ;;  # the help needs no JMeter
    *) genie_jmeter_if_needed ;;
  esac
  export GENIE_PROJECT_DIR="$PROJECT_DIR"
  exec java "${GENIE_JAVA_LOG_OPTS[@]}" -cp "$CLASSPATH" "$main" "$@"
}
