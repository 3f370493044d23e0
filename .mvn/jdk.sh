# Chooses a JDK >= 21 for Custody's build and launcher and exports JAVA_HOME.
# Sourced (POSIX sh) by ./mvnw and ./custody so that both work in a fresh shell
# whatever `java` on the PATH is. Order: $JAVA_HOME if it is new enough, then the
# newest JDK found in the usual install folders, then the `java` on the PATH.

custody_jdk_major() {
  # Prints the feature version of the JDK at $1, or nothing if it is not a JDK.
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

custody_pick_jdk() {
  custody_min=${CUSTODY_MIN_JDK:-21}
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(custody_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$custody_min" ]; then return 0; fi
  fi
  best=""
  best_v=0
  case $- in *f*) custody_noglob=1; set +f ;; *) custody_noglob=0 ;; esac
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
    "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] || continue
    v=$(custody_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge "$custody_min" ] && [ "$v" -gt "$best_v" ]; then
      best="$d"
      best_v="$v"
    fi
  done
  [ "$custody_noglob" = 1 ] && set -f
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(custody_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge "$custody_min" ]; then best="$d"; fi
  fi
  if [ -z "$best" ]; then
    echo "custody: error: no JDK >= $custody_min found (JAVA_HOME=${JAVA_HOME-unset}, java on PATH is $(java -version 2>&1 | head -n 1))" >&2
    echo "custody: hint: install a JDK 21 or newer (Debian: apt-get install openjdk-21-jdk-headless, or Temurin 21+ from adoptium.net) and set JAVA_HOME to it" >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}

custody_pick_jdk || exit 1

# Maven's own libraries (Guice) use sun.misc.Unsafe, which JDK 24+ warns about on every run.
v=$(custody_jdk_major "$JAVA_HOME")
if [ -n "$v" ] && [ "$v" -ge 24 ]; then
  case "${MAVEN_OPTS-}" in
    *sun-misc-unsafe-memory-access*) ;;
    *) MAVEN_OPTS="${MAVEN_OPTS-} --sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;;
  esac
fi
