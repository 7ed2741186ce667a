#!/bin/sh
# quit-mid-run.sh APP OUTDIR
#
# Quitting while a lesson runs must leave nothing running: not the engine,
# not one worker.  Every process the app starts inherits a unique marker in
# its environment; after the app has exited, no process may carry it.
set -u

app=$1
outdir=$2

command -v xvfb-run >/dev/null 2>&1 || { echo "xvfb-run is missing: skipped"; exit 77; }

mkdir -p "$outdir"
log="$outdir/quit-mid-run.log"
mark="forkline-quit-test-$$-$(date +%s%N)"

marked_pids () {
  for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}
    pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' <"$env"; } 2>/dev/null | grep -qx "FORKLINE_TEST_MARK=$mark"; then
      state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
      # a zombie runs nothing; it only waits for a parent to collect it
      [ "$state" = "Z" ] || [ -z "$state" ] || echo "$pid"
    fi
  done
}

# start-join: two children sleep 3 s; 1.5 s in, while they sleep, the app
# quits (Ctrl+Q), its window is closed (Ctrl+W: the window is destroyed,
# GTK criticals are fatal) or it crashes (SIGKILL, no chance to clean up).
check () {
  how=$1
  shift
  log="$outdir/quit-mid-run-$how.log"
  env -u DBUS_SESSION_BUS_ADDRESS \
    GSETTINGS_BACKEND=memory \
    FORKLINE_TEST_AUTORUN="start-join:sleep=3" \
    FORKLINE_TEST_SPEED=1 \
    FORKLINE_TEST_QUIT_AFTER_MS=1500 \
    "$@" \
    timeout 60 xvfb-run -a -s "-screen 0 1600x1000x24" \
    env FORKLINE_TEST_MARK="$mark" "$app" >"$log" 2>&1
  status=$?
  echo "== $how (exit $status)"
  cat "$log"
  if [ "$how" != crash ]; then
    [ $status -eq 0 ] || { echo "FAIL: the app exited with status $status"; exit 1; }
  fi

  line=$(grep '^forkline-test: quitting-mid-run' "$log" | tail -n 1)
  [ -n "$line" ] || { echo "FAIL: $how: the app did not report quitting mid-run"; exit 1; }
  echo "$line" | grep -q 'running=1' || { echo "FAIL: $how: the lesson was not running"; exit 1; }
  echo "$line" | grep -q 'processes=3' || { echo "FAIL: $how: expected main and two children alive"; exit 1; }

  # Quitting waits for the engine, so nothing may be left the moment the
  # app is gone.  After a crash the kernel signals the engine at once, but
  # the engine needs a moment to stop its workers.
  patience=0
  [ "$how" = crash ] && patience=50
  tries=0
  left=$(marked_pids)
  while [ -n "$left" ] && [ $tries -lt $patience ]; do
    sleep 0.1
    tries=$((tries + 1))
    left=$(marked_pids)
  done
  if [ -n "$left" ]; then
    echo "FAIL: $how: still running afterwards:"
    for pid in $left; do
      echo "  $pid $(tr '\0' ' ' </proc/$pid/cmdline 2>/dev/null)"
      kill -KILL "$pid" 2>/dev/null
    done
    exit 1
  fi
  echo "$how: nothing left running"
}

check quit
check close FORKLINE_TEST_CLOSE=1 G_DEBUG=fatal-criticals
check crash FORKLINE_TEST_CRASH=1
exit 0
