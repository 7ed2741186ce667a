/* forkline-engine-warm.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int  forkline_engine_warm_start (void);
void forkline_engine_warm_stop  (int fd);

G_END_DECLS
