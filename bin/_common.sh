# Shared by the bin/ launchers (sourced, not run). Builds the project on first use so that a fresh checkout works
# with nothing but Java and Maven, then exposes PROJECT_DIR and CLASSPATH.
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

genie_build_if_needed() {
  local jar
  jar=$(ls "$PROJECT_DIR"/target/genie-jmeter-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1)
  if [ -z "$jar" ] || [ ! -d "$PROJECT_DIR/target/lib" ] \
     || [ -n "$(find "$PROJECT_DIR/src/main" "$PROJECT_DIR/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
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
