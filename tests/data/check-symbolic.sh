#!/bin/sh
# check-symbolic.sh: the symbolic icon recolours with the theme
#
# Copyright 2026 The Forkline authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GTK recolours a symbolic icon by replacing its fills; strokes, gradients, other
# colours or a size other than 16x16 would stay as drawn in a dark or coloured style.

svg=$1
status=0
grep -q 'viewBox="0 0 16 16"' "$svg" || { echo "FAIL: viewBox is not 0 0 16 16"; status=1; }
others=$(grep -o '#[0-9a-fA-F]\{6\}\|#[0-9a-fA-F]\{3\}\b' "$svg" | grep -vi '^#2e3436$' | sort -u | tr '\n' ' ')
[ -z "$others" ] || { echo "FAIL: colours other than #2e3436: $others"; status=1; }
if grep -q 'stroke\|Gradient\|<image\|<text' "$svg"; then
  echo "FAIL: strokes, gradients, images or text"
  status=1
fi
[ $status -eq 0 ] && echo "ok: $svg"
exit $status
