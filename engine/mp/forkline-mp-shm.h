/* forkline-mp-shm.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private helpers shared by the runtime's files: MAP_SHARED allocation,
 * robust process-shared mutexes, and whole reads and writes on pipes.
 */

#pragma once

#include <pthread.h>

#include <glib.h>

G_BEGIN_DECLS

/* A first-come first-served lock: like CPython's queue reader lock (a
 * semaphore whose waiters are woken in turn), the process that releases it
 * and asks again queues behind those already waiting. */
typedef struct
{
  pthread_mutex_t mutex;
  pthread_cond_t  cond;
  guint           next_ticket;
  guint           serving;
} FlFairLock;

gpointer fl_shm_alloc       (gsize            size);
void     fl_fair_lock_init    (FlFairLock      *lock);
void     fl_fair_lock_acquire (FlFairLock      *lock);
void     fl_fair_lock_release (FlFairLock      *lock);
void     fl_shm_mutex_init  (pthread_mutex_t *mutex);
/* Returns TRUE if it had to wait. */
gboolean fl_shm_mutex_lock  (pthread_mutex_t *mutex);
void     fl_shm_mutex_unlock (pthread_mutex_t *mutex);
gboolean fl_read_full       (int              fd,
                             void            *buf,
                             gsize            len);
gboolean fl_write_full      (int              fd,
                             const void      *buf,
                             gsize            len);

G_END_DECLS
