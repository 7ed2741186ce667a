/* forkline-words.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How numbers read in Forkline's words, the same in the engine's --text
 * lines, the app's tooltips and details, and exported pictures.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "1.5 ms", "250 µs", "2 s": three significant digits in the largest
 * unit below the value. */
char *forkline_format_duration (guint64 ns);

G_END_DECLS
