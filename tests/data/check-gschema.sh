#!/bin/sh
# check-gschema.sh: the settings schema keeps the data contract (keys, defaults, ranges)
#
# Copyright 2026 The Forkline authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-gschema.sh SCHEMA_XML GLIB_COMPILE_SCHEMAS GSETTINGS WORKDIR

xml=$1
compile=$2
gsettings=$3
work=$4
schema=org.forkline.Forkline
status=0

rm -rf "$work"
mkdir -p "$work" || exit 1
cp "$xml" "$work/$schema.gschema.xml" || exit 1
"$compile" --strict "$work" || { echo "FAIL: glib-compile-schemas --strict"; exit 1; }

gs ()
{
  GSETTINGS_SCHEMA_DIR="$work" GSETTINGS_BACKEND=memory "$gsettings" "$@"
}

expect ()
{
  got=$(gs "$1" $schema "$2" | tr '\n' ' ' | sed 's/ $//')
  if [ "$got" = "$3" ]; then
    echo "ok: $1 $2 = $got"
  else
    echo "FAIL: $1 $2 = '$got', expected '$3'"
    status=1
  fi
}

expect get last-lesson "'pool-map'"
expect get speed "1.0"
expect get window-width "1400"
expect get window-height "900"
expect get window-maximized "false"
expect get presentation-scale "2.0"
expect get replay-rate "1.0"
expect get theme "'system'"
expect range speed "range d 0.01 4.0"
expect range presentation-scale "range d 1.0 3.0"
expect range theme "enum 'system' 'light' 'dark' 'contrast'"

# Out-of-range and unknown values are refused, not stored.
for bad in "speed 5.0" "speed 0.0" "presentation-scale 0.5" "replay-rate 11.0" "theme neon"; do
  # shellcheck disable=SC2086 # "key value" splits on purpose
  if gs set $schema $bad 2> /dev/null; then
    echo "FAIL: set $bad was accepted"
    status=1
  fi
done

keys=$(gs list-keys $schema | sort | tr '\n' ' ')
want="last-lesson presentation-scale replay-rate speed theme window-height window-maximized window-width "
[ "$keys" = "$want" ] || { echo "FAIL: keys are '$keys', expected '$want'"; status=1; }
exit $status
