#!/bin/sh
# engine-errors.sh APP REAL_ENGINE OUTDIR
#
# When the engine is missing, fails, crashes or sends a damaged stream, the
# window says so in plain words, keeps what it received and stays usable
# (the app goes on to its normal end instead of dying).
set -u

app=$1
real_engine=$2
outdir=$3
here=$(cd "$(dirname "$0")" && pwd)

command -v xvfb-run >/dev/null 2>&1 || { echo "xvfb-run is missing: skipped"; exit 77; }
mkdir -p "$outdir"
fail=0

run_app () {
  name=$1
  shift
  env -u DBUS_SESSION_BUS_ADDRESS GSETTINGS_BACKEND=memory \
    FORKLINE_TEST_AUTORUN=cpu-count FORKLINE_TEST_SPEED=0.05 \
    FORKLINE_TEST_SCREENSHOT="$outdir/error-$name.png" \
    REAL_ENGINE="$real_engine" "$@" \
    timeout 60 xvfb-run -a -s "-screen 0 1600x1000x24" "$app" >"$outdir/error-$name.log" 2>&1
  status=$?
  echo "== $name (exit $status)"
  cat "$outdir/error-$name.log"
  [ $status -eq 0 ] || { echo "FAIL: $name: the app exited with status $status"; fail=1; }
}

expect () {
  name=$1
  pattern=$2
  grep -q "$pattern" "$outdir/error-$name.log" || { echo "FAIL: $name: no message matching '$pattern'"; fail=1; }
}

run_app missing FORKLINE_ENGINE=/nonexistent/forkline-engine
expect missing '^forkline-test: error: Forkline cannot run lessons: .*forkline-engine'
expect missing '^forkline-test: no-run banner=shown'

run_app damaged FORKLINE_ENGINE="$here/fake-engine.sh" FAKE_ENGINE_MODE=damaged
expect damaged '^forkline-test: error: The engine sent a damaged stream'
expect damaged 'banner=shown'
# what came before the damage is kept
grep '^forkline-test: lesson=' "$outdir/error-damaged.log" | grep -q 'events=[1-9]' ||
  { echo "FAIL: damaged: the records before the damage were not kept"; fail=1; }

run_app fails FORKLINE_ENGINE="$here/fake-engine.sh" FAKE_ENGINE_MODE=fails
expect fails '^forkline-test: error: The engine stopped with an error: forkline-engine: the lesson could not start'

run_app crash FORKLINE_ENGINE="$here/fake-engine.sh" FAKE_ENGINE_MODE=crash
expect crash '^forkline-test: error: The engine crashed'
grep '^forkline-test: lesson=' "$outdir/error-crash.log" | grep -q 'events=[1-9]' ||
  { echo "FAIL: crash: the records before the crash were not kept"; fail=1; }

exit $fail
