#!/bin/sh
# check-mime.sh: saved runs are recognised as Forkline traces, by magic and by name
#
# Copyright 2026 The Forkline authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-mime.sh MIME_XML UPDATE_MIME_DATABASE GIO WORKDIR

xml=$1
update_mime_database=$2
gio=$3
work=$4
type=application/x-forkline-trace

rm -rf "$work"
mkdir -p "$work/share/mime/packages" || exit 1
cp "$xml" "$work/share/mime/packages/org.forkline.Forkline.xml" || exit 1
"$update_mime_database" "$work/share/mime" > /dev/null 2>&1 || { echo "FAIL: update-mime-database rejected $xml"; exit 1; }

# A trace under a foreign name is found by its 8 magic bytes; a damaged one by its name.
printf 'FORKLINE\001\000\000\000' > "$work/saved-run.bin"
printf 'FORK\000\377' > "$work/damaged.forkline"
printf 'not a trace at all\n' > "$work/other.bin"

content_type ()
{
  XDG_DATA_HOME="$work/share" XDG_DATA_DIRS="$work/share:/usr/share" \
    "$gio" info -a standard::content-type "$1" | sed -n 's/.*standard::content-type: //p'
}

status=0
for f in saved-run.bin damaged.forkline; do
  got=$(content_type "$work/$f")
  if [ "$got" = "$type" ]; then
    echo "ok: $f is $got"
  else
    echo "FAIL: $f is '$got', expected $type"
    status=1
  fi
done
got=$(content_type "$work/other.bin")
if [ "$got" = "$type" ]; then
  echo "FAIL: other.bin is taken for a trace"
  status=1
fi
exit $status
