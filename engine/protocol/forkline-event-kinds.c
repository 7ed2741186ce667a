/* forkline-event-kinds.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-event-kinds.h"

#define KIND_ENTRY(id, number, kname, cat, krole, kfields, ka, kb, kc, klabel, ktext, kwords) \
  { .type = number, .name = kname, .category = FORKLINE_CATEGORY_##cat, .role = FORKLINE_ROLE_##krole, \
    .fields = kfields, .a = ka, .b = kb, .c = kc, .label = klabel, .text = ktext, .words = kwords },

static const ForklineEventKind kinds[] = {
  FORKLINE_EVENT_KINDS (KIND_ENTRY)
};


/* Type number -> position in kinds[] + 1 (0: unknown), made once. */
static guint8 by_type[FORKLINE_MAX_KNOWN_TYPE + 1];

static void
index_kinds (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        {
          g_assert (kinds[i].type <= FORKLINE_MAX_KNOWN_TYPE && by_type[kinds[i].type] == 0);
          by_type[kinds[i].type] = (guint8) (i + 1);
        }
      g_once_init_leave (&done, 1);
    }
}

const ForklineEventKind *
forkline_event_kind (guint16 type)
{
  index_kinds ();
  if (type > FORKLINE_MAX_KNOWN_TYPE || by_type[type] == 0)
    return NULL;
  return &kinds[by_type[type] - 1];
}

const ForklineEventKind *
forkline_event_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const char *
forkline_event_type_name (guint16 type)
{
  const ForklineEventKind *kind = forkline_event_kind (type);

  return kind != NULL ? kind->name : NULL;
}

const ForklineEventKind *
forkline_event_kind_by_name (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].name, name) == 0)
      return &kinds[i];
  return NULL;
}
