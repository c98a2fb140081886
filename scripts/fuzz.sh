#!/usr/bin/env bash
# Long fuzzing run (Jazzer) of the JSON, MsgPack and CBOR decoders and of the router's session state machine.
# Usage: scripts/fuzz.sh [seconds per target, default 600] [target ...]
#   targets: json, msgpack, cbor, session (default: all four)
# The normal build runs the same @FuzzTest methods in regression mode (only the kept inputs, seconds). Here
# JAZZER_FUZZ=1 makes Jazzer generate inputs for the given time. A crash stops the run and is written as
# crash-<sha1> into the target's src/test/resources/.../<Test>Inputs/<method>/ directory: fix the cause and keep the
# file (renamed to say what it is), so it runs as a regression case from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json msgpack cbor session)
for t in "${targets[@]}"; do
  case "$t" in
    json) module=bundles/serializer-json; test=JsonDecoderFuzzTest ;;
    msgpack) module=bundles/serializer-msgpack; test=MsgpackDecoderFuzzTest ;;
    cbor) module=bundles/serializer-cbor; test=CborDecoderFuzzTest ;;
    session) module=bundles/router; test=SessionFuzzTest ;;
    *) echo "unknown target $t (json, msgpack, cbor, session)" >&2; exit 2 ;;
  esac
  # Each run lasts the @FuzzTest's maxDuration (30 s; Jazzer 0.24 let the annotation win over JAZZER_MAX_DURATION),
  # so a long run is a series of 30 s runs.
  runs=$(( (seconds + 29) / 30 ))
  echo "== fuzzing $t: $runs runs of 30 s"
  for ((i = 1; i <= runs; i++)); do
    JAZZER_FUZZ=1 mvn -B -q -pl "$module" -am verify -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false
  done
done
