#!/usr/bin/env bash
# Punch-out benchmark (figures for docs/benchmarks.md). Usage: punchout/bench.sh [setups-per-protocol] [500-line-transfers]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl punchout test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
java -cp "punchout/target/test-classes:punchout/target/classes:$(cat punchout/target/bench-classpath.txt)" \
  -Dlogback.configurationFile=punchout/src/test/resources/logback-test.xml \
  se.peppolgw.punchout.bench.PunchoutBenchmark "$@"
