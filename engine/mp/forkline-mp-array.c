/* forkline-mp-array.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Array('i', ...): cells in MAP_SHARED memory so every forked
 * process sees the same bytes.  Like CPython's synchronized wrapper, the array
 * takes its own lock around each single read or write, which is why
 * `a[i] += 1` can still lose updates.
 */

#include "config.h"

#include <string.h>

#include "forkline-mp.h"
#include "forkline-mp-shm.h"

struct _FlArray
{
  pthread_mutex_t mutex;
  guint32         id;
  guint           n_values;
  char            name[32];
  gint64          values[];
};

FlArray *
fl_array_new (const char   *name,
              const gint64 *values,
              guint         n_values)
{
  FlArray *self = fl_shm_alloc (sizeof (FlArray) + n_values * sizeof (gint64));
  g_autoptr(GString) text = g_string_new (NULL);

  fl_shm_mutex_init (&self->mutex);
  self->id = fl_object_id_new ();
  self->n_values = n_values;
  g_strlcpy (self->name, name, sizeof self->name);
  for (guint i = 0; i < n_values; i++)
    {
      self->values[i] = values[i];
      g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", values[i]);
    }
  fl_emit (FORKLINE_EV_OBJECT_NEW, self->id, 0, FORKLINE_OBJECT_ARRAY, n_values, 0, name, text->str);
  return self;
}

gint64
fl_array_get (FlArray *self,
              guint    index)
{
  gint64 v;

  g_assert (index < self->n_values);
  fl_shm_mutex_lock (&self->mutex);
  v = self->values[index];
  fl_shm_mutex_unlock (&self->mutex);
  fl_emit (FORKLINE_EV_ARRAY_READ, self->id, 0, index, v, 0, self->name, NULL);
  return v;
}

void
fl_array_set (FlArray *self,
              guint    index,
              gint64   value)
{
  gint64 old;

  g_assert (index < self->n_values);
  fl_shm_mutex_lock (&self->mutex);
  old = self->values[index];
  self->values[index] = value;
  fl_shm_mutex_unlock (&self->mutex);
  fl_emit (FORKLINE_EV_ARRAY_WRITE, self->id, 0, index, old, value, self->name, NULL);
}

char *
fl_array_format (FlArray *self)
{
  GString *s = g_string_new ("[");

  fl_shm_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->n_values; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? ", " : "", self->values[i]);
  fl_shm_mutex_unlock (&self->mutex);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}
