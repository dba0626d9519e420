#!/usr/bin/env bash
# Java for marsad's Spark tests (tests/test_spark*.py run pyspark in local mode, which
# needs a JRE >= 17). Idempotent; runs as root on Debian. Does nothing when a java >= 17
# is already on PATH; otherwise installs Debian's default-jre-headless or
# openjdk-17-jre-headless, whichever the archive has.
set -euo pipefail

java_major() {
    command -v java >/dev/null 2>&1 || { echo 0; return; }
    # 'openjdk version "17.0.15" 2025-04-15' or 'java version "1.8.0_..."'
    local v
    v=$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
    v=${v#1.}
    echo "${v%%[.+-]*}"
}

major=$(java_major)
if [ "${major:-0}" -ge 17 ] 2>/dev/null; then
    echo "java $major already present: $(command -v java)"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
for pkg in default-jre-headless openjdk-17-jre-headless openjdk-21-jre-headless; do
    if apt-cache show "$pkg" >/dev/null 2>&1; then
        apt-get install -y -qq "$pkg" >/dev/null
        major=$(java_major)
        if [ "${major:-0}" -ge 17 ] 2>/dev/null; then
            echo "java $major installed from $pkg"
            exit 0
        fi
    fi
done
echo "no Java >= 17 could be installed (the Spark tests will fail under CI=true)" >&2
exit 1
