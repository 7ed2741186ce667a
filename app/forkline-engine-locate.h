/* forkline-engine-locate.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *forkline_engine_locate (GError **error);

G_END_DECLS
