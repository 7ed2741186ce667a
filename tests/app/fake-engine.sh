#!/bin/sh
# fake-engine.sh — stands in for forkline-engine to test the app's error
# paths.  `list --json` is passed to the real engine ($REAL_ENGINE); `run`
# misbehaves as $FAKE_ENGINE_MODE says:
#   damaged  a real stream cut inside a record, then bytes that are no record
#   fails    a plain-words error on stderr, exit status 2
#   crash    part of a real stream, then killed by SIGSEGV
#   warns    a warning on stderr, then the real run
set -u

if [ "${1:-}" = "list" ]; then
  exec "$REAL_ENGINE" "$@"
fi

case "$FAKE_ENGINE_MODE" in
  damaged)
    "$REAL_ENGINE" run cpu-count | head -c 300
    printf 'this is not a forkline record, it is damage %0200d' 0
    ;;
  fails)
    echo "forkline-engine: the lesson could not start: no more processes" >&2
    exit 2
    ;;
  warns)
    echo "forkline-engine: the kernel dropped context-switch records; the per-CPU picture has gaps" >&2
    shift
    exec "$REAL_ENGINE" run "$@"
    ;;
  crash)
    "$REAL_ENGINE" run cpu-count | head -c 300
    kill -SEGV $$
    ;;
esac
