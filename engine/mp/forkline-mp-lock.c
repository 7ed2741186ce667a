/* forkline-mp-lock.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Lock: a robust process-shared mutex in MAP_SHARED memory,
 * reporting who waits, for how long, and who holds it.
 */

#include "config.h"

#include <errno.h>

#include "forkline-mp.h"
#include "forkline-mp-shm.h"

struct _FlLock
{
  pthread_mutex_t mutex;
  guint32         id;
  char            name[32];
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
  fl_shm_mutex_lock (&self->mutex);
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
