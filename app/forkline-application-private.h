/* forkline-application-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "forkline-application.h"

G_BEGIN_DECLS

void _forkline_application_actions_init (ForklineApplication *self);
void _forkline_application_style_init   (ForklineApplication *self);

G_END_DECLS
