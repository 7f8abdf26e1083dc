# Sourced by ./mvnw (POSIX sh, under `set -euf`): makes the build run on a JDK 21 or newer.
#
# The modules compile with --release 21 (the Lambda runtime is java21), which a JDK 17 refuses ("release version 21
# not supported"). When JAVA_HOME is unset or names an older JDK, and `java` on PATH is older too, this looks for a
# JDK 21+ where JDKs are usually installed, takes the newest, says so on one line, and exports JAVA_HOME and PATH, so
# Maven, the test JVMs it forks and every JVM the tests start (they use the running JVM's java.home) all use it.
# When there is none, it stops at once and names the fix.

MVNW_MIN_JAVA=21

# The feature version (17, 21, 25, ...) of the JDK at $1, or nothing when $1 is not a JDK (no javac).
mvnw_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$1/release" ]; then
    # JAVA_VERSION="21.0.5" (or "1.8.0_402" for Java 8)
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9.]*\).*/\1/p' "$1/release" | head -n 1 | sed 's/^1\.\([0-9]*\).*/\1/; s/\..*//'
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | head -n 1 | sed 's/^1\.\([0-9]*\).*/\1/; s/\..*//'
  fi
}

# "JDK 17", or $2 when $1 (a version) is empty.
mvnw_describe() {
  if [ -n "$1" ]; then echo "JDK $1"; else echo "$2"; fi
}

# The JDK home of the `javac` on PATH, if any.
mvnw_path_jdk() {
  mvnw_javac="$(command -v javac 2>/dev/null || :)"
  [ -n "$mvnw_javac" ] || return 0
  mvnw_javac="$(readlink -f "$mvnw_javac" 2>/dev/null || printf %s "$mvnw_javac")"
  dirname "$(dirname "$mvnw_javac")"
}

# Sets mvnw_java_version to the feature version of the JDK the build runs on.
mvnw_select_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    mvnw_java_version="$(mvnw_jdk_version "$JAVA_HOME")"
    [ "${mvnw_java_version:-0}" -ge "$MVNW_MIN_JAVA" ] && return 0
    mvnw_why="JAVA_HOME ($JAVA_HOME) is $(mvnw_describe "$mvnw_java_version" "not a JDK")"
  else
    mvnw_home="$(mvnw_path_jdk)"
    mvnw_java_version="$( [ -z "$mvnw_home" ] || mvnw_jdk_version "$mvnw_home")"
    [ "${mvnw_java_version:-0}" -ge "$MVNW_MIN_JAVA" ] && return 0
    mvnw_why="JAVA_HOME is unset and the JDK on PATH is $(mvnw_describe "$mvnw_java_version" "missing")"
  fi

  mvnw_best="" mvnw_best_version=0
  set +f  # globbing, which mvnw turns off
  for mvnw_candidate in /usr/lib/jvm/* /usr/java/* /usr/local/java/* /opt/java/* /opt/jdk* /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
    /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/* "$HOME"/.local/share/mise/installs/java/*; do
    [ -d "$mvnw_candidate" ] || continue
    mvnw_version="$(mvnw_jdk_version "$mvnw_candidate")"
    if [ "${mvnw_version:-0}" -gt "$mvnw_best_version" ]; then
      mvnw_best="$mvnw_candidate" mvnw_best_version="$mvnw_version"
    fi
  done
  set -f

  if [ "$mvnw_best_version" -lt "$MVNW_MIN_JAVA" ]; then
    echo "mvnw: this build needs a JDK $MVNW_MIN_JAVA or newer; $mvnw_why, and none was found in /usr/lib/jvm," \
      "/opt, ~/.sdkman, ~/.jdks or /Library/Java. Install one (e.g. 'sudo apt-get install openjdk-$MVNW_MIN_JAVA-jdk'," \
      "'brew install openjdk@$MVNW_MIN_JAVA' or https://adoptium.net) and set JAVA_HOME to it." >&2
    exit 1
  fi
  echo "mvnw: $mvnw_why; using JDK $mvnw_best_version at $mvnw_best (set JAVA_HOME to choose another)" >&2
  JAVA_HOME="$mvnw_best"
  PATH="$JAVA_HOME/bin:$PATH"
  mvnw_java_version="$mvnw_best_version"
  export JAVA_HOME PATH
}

mvnw_select_jdk
# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ announces with four WARNING lines on every build (JEP 498);
# the option that allows it silently exists from JDK 23 on (JEP 471) and is unknown to older JVMs.
if [ "${mvnw_java_version:-0}" -ge 24 ]; then
  case " ${MAVEN_OPTS-} " in
  *" --sun-misc-unsafe-memory-access="*) ;;
  *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" && export MAVEN_OPTS ;;
  esac
fi
