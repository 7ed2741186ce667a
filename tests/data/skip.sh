#!/bin/sh
# skip.sh: report a test as skipped (meson's exit code 77), saying why
# Copyright 2026 The Forkline authors
# SPDX-License-Identifier: GPL-3.0-or-later
echo "SKIP: $*"
exit 77
