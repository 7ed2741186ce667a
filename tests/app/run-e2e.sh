#!/bin/sh
# run-e2e.sh APP COUNTER OUTDIR LESSON[:k=v,...] NAME [KEY=VALUE ...]
#
# End to end, under Xvfb: the real app runs a lesson with the real engine
# at high speed, saves what it received, screenshots its window and quits.
# Every record the engine sent must be in the app's model and every printed
# line in its console.
set -u

app=$1
counter=$2
outdir=$3
lesson=$4
name=$5
shift 5

command -v xvfb-run >/dev/null 2>&1 || { echo "xvfb-run is missing: skipped"; exit 77; }

mkdir -p "$outdir"
run="$outdir/$name.forkline"
shot="$outdir/$name.png"
log="$outdir/$name.log"
rm -f "$run" "$shot" "$outdir/$name-export.png"

# A private settings file: tests never touch the user's settings, and can
# read what the app remembered.
config="$outdir/config-$name"
rm -rf "$config"
env -u DBUS_SESSION_BUS_ADDRESS G_DEBUG=fatal-criticals \
  GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$config" \
  FORKLINE_TEST_AUTORUN="$lesson" \
  FORKLINE_TEST_SPEED=0.02 \
  FORKLINE_TEST_SAVE="$run" \
  FORKLINE_TEST_SCREENSHOT="$shot" \
  FORKLINE_TEST_EXPORT="$outdir/$name-export.png" \
  timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" "$app" >"$log" 2>&1
status=$?
cat "$log"
[ $status -eq 0 ] || { echo "FAIL: the app exited with status $status"; exit 1; }

line=$(grep '^forkline-test: lesson=' "$log" | tail -n 1)
[ -n "$line" ] || { echo "FAIL: the app printed no result line"; exit 1; }

field () { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

counts=$("$counter" "$run") || { echo "FAIL: the saved run does not decode"; exit 1; }
echo "decoded: $counts"
records=$(echo "$counts" | tr ' ' '\n' | sed -n 's/^records=//p')
prints=$(echo "$counts" | tr ' ' '\n' | sed -n 's/^prints=//p')

fail=0
[ "$(field events)" = "$records" ] || { echo "FAIL: the app holds $(field events) events, the engine sent $records"; fail=1; }
[ "$(field prints)" = "$prints" ] || { echo "FAIL: the app holds $(field prints) printed lines, the engine sent $prints"; fail=1; }
[ "$(field console)" = "$prints" ] || { echo "FAIL: the console lists $(field console) lines, the engine printed $prints"; fail=1; }
[ "$(field ended)" = "1" ] || { echo "FAIL: the run did not reach its end record"; fail=1; }
[ "$(field stream-error)" = "no" ] || { echo "FAIL: the app saw a damaged stream"; fail=1; }
grep -q '^forkline-test: navigation=ok' "$log" ||
  { echo "FAIL: zooming or clicking on the timeline: $(grep '^forkline-test: navigation' "$log")"; fail=1; }
grep -q '^forkline-test: selection-sync=ok' "$log" || grep -q '^forkline-test: selection-sync=no-prints' "$log" ||
  { echo "FAIL: console and timeline selection are not in step"; fail=1; }
grep -q '^forkline-test: flow-click=ok' "$log" || grep -q '^forkline-test: flow-click=no-flow-view' "$log" ||
  { echo "FAIL: a click in the flow diagram does not select its event: $(grep '^forkline-test: flow-click' "$log")"; fail=1; }
[ "$records" -gt 10 ] || { echo "FAIL: implausibly few records ($records)"; fail=1; }
# What the lesson must show, through the app's model (e.g. tasks=9).
for expect in "$@"; do
  key=${expect%%=*}
  want=${expect#*=}
  [ "$(field "$key")" = "$want" ] || { echo "FAIL: $key is $(field "$key"), expected $want"; fail=1; }
done
[ -s "$shot" ] || { echo "FAIL: no screenshot at $shot"; fail=1; }

# Export from the window: the same renderer, written as a PNG.
grep -q '^forkline-test: exported' "$log" || { echo "FAIL: the window could not export the run"; fail=1; }
if [ -s "$outdir/$name-export.png" ]; then
  head -c 8 "$outdir/$name-export.png" | od -An -c | grep -q 'P   N   G' ||
    { echo "FAIL: the export is not a PNG"; fail=1; }
else
  echo "FAIL: no exported image"; fail=1
fi

# What must be remembered: the last lesson, the speed, the window size.
keyfile="$config/glib-2.0/settings/keyfile"
cat "$keyfile" 2>/dev/null
grep -q "^last-lesson='${lesson%%:*}'" "$keyfile" 2>/dev/null || { echo "FAIL: the last lesson was not remembered"; fail=1; }
grep -q "^speed=0.02" "$keyfile" 2>/dev/null || { echo "FAIL: the speed was not remembered"; fail=1; }
grep -q "^window-width=" "$keyfile" 2>/dev/null || { echo "FAIL: the window size was not remembered"; fail=1; }
echo "screenshot: $shot"

# ... and shown again at the next start.
shown=$(env -u DBUS_SESSION_BUS_ADDRESS G_DEBUG=fatal-criticals \
  GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$config" FORKLINE_TEST_SHOWN_LESSON=1 \
  timeout 60 xvfb-run -a -s "-screen 0 1600x1000x24" "$app" 2>&1 | grep '^forkline-test: shown-lesson=')
echo "$shown"
[ "$shown" = "forkline-test: shown-lesson=${lesson%%:*}" ] ||
  { echo "FAIL: the next start did not show the last lesson"; fail=1; }

# Record and replay: `forkline RUN.forkline` opens the saved run whole, and
# a cut copy opens with what was intact and says so.
open_run () {
  env -u DBUS_SESSION_BUS_ADDRESS G_DEBUG=fatal-criticals GSETTINGS_BACKEND=memory FORKLINE_TEST_OPENED=1 \
    FORKLINE_TEST_REPLAY="${FORKLINE_TEST_REPLAY:-}" \
    FORKLINE_TEST_SCREENSHOT="$2" \
    timeout 60 xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$1" 2>&1 | tee -a "$log" |
    grep '^forkline-test: opened'
}

opened=$(FORKLINE_TEST_REPLAY=1 open_run "$run" "$outdir/$name-opened.png")
echo "$opened"
replay=$(grep '^forkline-test: replay steps=' "$log" | tail -n 1)
echo "$replay"
echo "$replay" | grep -q "end-lines=$prints monotonic=1 back=1" ||
  { echo "FAIL: stepping the replay to its end did not show every printed line in order"; fail=1; }
echo "$replay" | grep -q "steps=0 " && { echo "FAIL: the replay took no steps"; fail=1; }
grep -q "^forkline-test: replay-played end=1 lines=$prints\$" "$log" ||
  { echo "FAIL: playing the replay did not reach the end with every line"; fail=1; }
echo "$opened" | grep -q "events=$records prints=$prints console=$prints " ||
  { echo "FAIL: the saved run did not open whole"; fail=1; }
echo "$opened" | grep -q "banner=hidden" || { echo "FAIL: a good file opened with an error"; fail=1; }

size=$(wc -c <"$run")
head -c $((size - 7)) "$run" >"$outdir/$name-cut.forkline"
opened=$(open_run "$outdir/$name-cut.forkline" "$outdir/$name-cut.png")
echo "$opened"
echo "$opened" | grep -q "banner=shown" || { echo "FAIL: a cut file opened without a word"; fail=1; }
kept=$(echo "$opened" | tr ' ' '\n' | sed -n 's/^events=//p')
[ -n "$kept" ] && [ "$kept" -gt 0 ] && [ "$kept" -lt "$records" ] ||
  { echo "FAIL: a cut file should keep what was intact (kept ${kept:-none} of $records)"; fail=1; }
# A file that is no trace: one clear message naming it, and the window
# does not pretend it opened a run.
foreign="$outdir/$name-notes.forkline"
echo "these are my notes, not a trace" >"$foreign"
opened=$(open_run "$foreign" "$outdir/$name-foreign.png")
echo "$opened"
echo "$opened" | grep -q "events=0 .*banner=shown" || { echo "FAIL: a foreign file opened without a word"; fail=1; }
echo "$opened" | grep -q "title=$name-notes" && { echo "FAIL: the window took a foreign file for a run"; fail=1; }
grep -q "^forkline-test: error: $foreign: Not a Forkline trace" "$log" ||
  { echo "FAIL: the message does not name $foreign"; fail=1; }
rm -f "$foreign"

# Presentation mode (F5) on a replay, for a person to look at.
FORKLINE_TEST_PRESENT=1 open_run "$run" "$outdir/$name-presentation.png" >/dev/null
[ -s "$outdir/$name-presentation.png" ] || { echo "FAIL: no presentation screenshot"; fail=1; }
echo "presentation screenshot: $outdir/$name-presentation.png"
exit $fail
