/* forkline-renderer-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "forkline-renderer.h"

G_BEGIN_DECLS

/* Tests draw dense lanes both ways (time buckets, exact pyramid) and
 * compare; the default is TRUE. */
void _forkline_renderer_set_use_buckets (gboolean use);

G_END_DECLS
