#!/bin/sh
# check-lessons.sh: every lesson has its explanation and its Python listing
#
# Copyright 2026 The Forkline authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-lessons.sh LESSONS_DIR PYTHON3|"" ID:LISTING...
# The app shows <id>.md (title on the first line) and <id>.py (lines that matter end
# with "  #<<", which it strips and highlights); a broken file here is a broken lesson.

dir=$1
python=$2
shift 2
status=0

fail ()
{
  echo "FAIL: $*"
  status=1
}

[ $# -gt 0 ] || fail "no lesson ids given"

ids=""
listings=""
for pair in "$@"; do
  id=${pair%%:*}
  listing=${pair#*:}
  ids="$ids $id"
  listings="$listings $listing"
  md="$dir/$id.md"
  py="$dir/$listing"

  if [ ! -s "$md" ]; then
    fail "$md is missing or empty"
  else
    head -n 1 "$md" | grep -q '^# [^ ]' || fail "$md: first line is not '# Title'"
    [ "$(sed -n 2p "$md")" = "" ] || fail "$md: line 2 should be blank, after the title"
    [ "$(grep -c . "$md")" -ge 2 ] || fail "$md: no explanation below the title"
    lines=$(wc -l < "$md")
    [ "$lines" -le 15 ] || fail "$md: $lines lines, keep it under 15"
  fi

  if [ ! -s "$py" ]; then
    fail "$py is missing or empty"
    continue
  fi
  grep -q '  #<<$' "$py" || fail "$py: no line ends with the '  #<<' marker"
  # A marker anywhere but at the very end would show up in the listing.
  if grep -n '#<<' "$py" | grep -v '  #<<$' > /dev/null; then
    fail "$py: '#<<' must end its line, after two spaces: $(grep -n '#<<' "$py" | grep -v '  #<<$' | head -n 1)"
  fi
  if grep -n "$(printf '\t')" "$py" > /dev/null; then
    fail "$py: contains tabs"
  fi
  # The listings share a folder, sys.path[0] as one runs: queue.py would
  # hide the standard queue module from every listing there.
  module=${listing%.py}
  if [ -n "$python" ] && ! "$python" -c 'import sys; sys.exit(sys.argv[1] in sys.stdlib_module_names)' "$module"; then
    fail "$py: $module names a standard module; call the listing something else"
  fi
  # compile() checks the syntax without writing __pycache__ into the source tree.
  if [ -n "$python" ]; then
    "$python" -c 'import sys; compile(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], "exec")' "$py" \
      || fail "$py: not valid Python 3"
  fi
done

# Every listing in the folder belongs to a lesson: no stray or misnamed files.
for f in "$dir"/*.md "$dir"/*.py; do
  base=$(basename "$f")
  case "$base" in
    *.md) known=$ids; name=${base%.md} ;;
    *) known=$listings; name=$base ;;
  esac
  case " $known " in
    *" $name "*) ;;
    *) fail "$f does not belong to any lesson" ;;
  esac
done

[ $status -eq 0 ] && echo "ok: $# lessons"
exit $status
