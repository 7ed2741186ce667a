/* forkline-mp-shm.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "forkline-mp.h"
#include "forkline-mp-shm.h"

gpointer
fl_shm_alloc (gsize size)
{
  void *mem = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

  if (mem == MAP_FAILED)
    fl_fail ("Could not map %" G_GSIZE_FORMAT " bytes of shared memory", size);
  return mem;
}

void
fl_shm_mutex_init (pthread_mutex_t *mutex)
{
  pthread_mutexattr_t attr;

  pthread_mutexattr_init (&attr);
  pthread_mutexattr_setpshared (&attr, PTHREAD_PROCESS_SHARED);
  /* A process killed while holding it must not wedge the others. */
  pthread_mutexattr_setrobust (&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init (mutex, &attr);
  pthread_mutexattr_destroy (&attr);
}

gboolean
fl_shm_mutex_lock (pthread_mutex_t *mutex)
{
  int r = pthread_mutex_trylock (mutex);

  if (r == 0)
    return FALSE;
  if (r == EOWNERDEAD)
    {
      pthread_mutex_consistent (mutex);
      return FALSE;
    }

  r = pthread_mutex_lock (mutex);
  if (r == EOWNERDEAD)
    pthread_mutex_consistent (mutex);
  return TRUE;
}

void
fl_shm_mutex_unlock (pthread_mutex_t *mutex)
{
  pthread_mutex_unlock (mutex);
}

void
fl_fair_lock_init (FlFairLock *lock)
{
  pthread_condattr_t attr;

  fl_shm_mutex_init (&lock->mutex);
  pthread_condattr_init (&attr);
  pthread_condattr_setpshared (&attr, PTHREAD_PROCESS_SHARED);
  pthread_cond_init (&lock->cond, &attr);
  pthread_condattr_destroy (&attr);
  lock->next_ticket = 0;
  lock->serving = 0;
}

void
fl_fair_lock_acquire (FlFairLock *lock)
{
  guint ticket;

  fl_shm_mutex_lock (&lock->mutex);
  ticket = lock->next_ticket++;
  while (ticket != lock->serving)
    if (pthread_cond_wait (&lock->cond, &lock->mutex) == EOWNERDEAD)
      pthread_mutex_consistent (&lock->mutex);
  pthread_mutex_unlock (&lock->mutex);
}

void
fl_fair_lock_release (FlFairLock *lock)
{
  fl_shm_mutex_lock (&lock->mutex);
  lock->serving++;
  pthread_cond_broadcast (&lock->cond);
  pthread_mutex_unlock (&lock->mutex);
}

gboolean
fl_read_full (int    fd,
              void  *buf,
              gsize  len)
{
  guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = read (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
fl_write_full (int         fd,
               const void *buf,
               gsize       len)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}
