/* forkline-mp-array.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Lock and multiprocessing.Array('i', ...): both live in
 * MAP_SHARED memory so every forked process sees the same bytes.  Like
 * CPython's synchronized wrapper, the array takes its own lock around each
 * single read or write, which is why `a[i] += 1` can still lose updates.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "forkline-mp.h"
#include "forkline-mp-shm.h"

struct _FlLock
{
  pthread_mutex_t mutex;
  guint32         id;
  char            name[32];
};

struct _FlArray
{
  pthread_mutex_t mutex;
  guint32         id;
  guint           n_values;
  char            name[32];
  gint64          values[];
};

FlLock *
fl_lock_new (const char *name)
{
  FlLock *self = fl_shm_alloc (sizeof (FlLock));

  fl_shm_mutex_init (&self->mutex);
  self->id = fl_object_id_new ();
  g_strlcpy (self->name, name, sizeof self->name);
  fl_emit (FORKLINE_EV_OBJECT_NEW, self->id, 0, FORKLINE_OBJECT_LOCK, 0, 0, name, NULL);
  return self;
}

void
fl_lock_acquire (FlLock *self)
{
  gint64 begin = fl_now_ns ();
  gboolean waited;
  int r = pthread_mutex_trylock (&self->mutex);

  if (r == 0 || r == EOWNERDEAD)
    {
      if (r == EOWNERDEAD)
        pthread_mutex_consistent (&self->mutex);
      fl_emit (FORKLINE_EV_LOCK_ACQUIRE, self->id, 0, 0, 0, 0, self->name, NULL);
      return;
    }

  fl_emit (FORKLINE_EV_LOCK_WAIT, self->id, 0, 0, 0, 0, self->name, NULL);
  fl_emit_state (FORKLINE_STATE_WAIT_LOCK, self->id, 0, "acquire() waits for the lock");
  waited = fl_shm_mutex_lock (&self->mutex);
  (void) waited;
  fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
  fl_emit (FORKLINE_EV_LOCK_ACQUIRE, self->id, 0, fl_now_ns () - begin, 0, 0, self->name, NULL);
}

void
fl_lock_release (FlLock *self)
{
  /* Reported first: once unlocked another process may acquire at once, and
   * its ACQUIRE must not sort before our RELEASE. */
  fl_emit (FORKLINE_EV_LOCK_RELEASE, self->id, 0, 0, 0, 0, self->name, NULL);
  fl_shm_mutex_unlock (&self->mutex);
}

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

guint
fl_array_len (FlArray *self)
{
  return self->n_values;
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
