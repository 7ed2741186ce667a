/* fuzz-target.h — what every fuzz target is: libFuzzer's entry point.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with -fsanitize=fuzzer (meson -Dfuzzing=true, clang) it is driven
 * by libFuzzer; built with fuzz-replay.c (always) it replays files, which
 * is how the normal suite runs every input ever found (suite fuzz-replay).
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
