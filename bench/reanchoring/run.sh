#!/usr/bin/env bash
# Re-anchoring accuracy on the corpus (default) or its speed on a long reading (`perf`).
#   bench/reanchoring/run.sh          # accuracy table by category, the misses, the threshold sweep
#   bench/reanchoring/run.sh perf     # 10,000 annotations on ~100,000 code points: wall time, peak heap
# No server, no database: the pure anchoring code (org.scholion.anchoring) on the files in corpus/.
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE="${1:-accuracy}"
./mvnw -o -q test-compile
CP_FILE=target/reanchoring.classpath
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  ./mvnw -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
fi
CP="target/classes:target/test-classes:$(cat "$CP_FILE")"
case "$MODE" in
  accuracy) exec java -cp "$CP" org.scholion.anchoring.ReanchoringCorpus ;;
  perf) exec java -Xmx256m -cp "$CP" org.scholion.anchoring.ReanchoringPerf "${@:2}" ;;
  pdf) exec java -cp "$CP" org.scholion.documents.ingest.PdfBench "${@:2}" ;;
  *) echo "usage: $0 [accuracy|perf [annotations [export dir]]|pdf file [pages]]" >&2; exit 2 ;;
esac
