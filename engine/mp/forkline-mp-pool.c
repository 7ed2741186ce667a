/* forkline-mp-pool.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Pool with CPython's shape: the workers share one task
 * queue and one result queue; map() cuts the input into chunks (CPython's
 * default chunksize), each worker takes whole chunks as it becomes free, and
 * map() puts the results back in input order; the workers are named and
 * end as CPython's do.  Unlike CPython, a worker that dies makes map() fail
 * with an error event instead of waiting forever.
 */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkline-mp.h"

/* Field separator inside chunk messages (never in lesson arguments). */
#define SEP "\x1f"

typedef struct
{
  pid_t    pid;
  int      proc;
  char     name[32];
  gboolean gone;
} Worker;

struct _FlPool
{
  guint32     id;
  FlQueue    *inqueue;
  FlQueue    *outqueue;
  const char *func_name;
  FlTaskFunc  func;
  gpointer    data;
  guint       n_workers;
  Worker     *workers;
};

guint
fl_pool_default_chunksize (guint n_args,
                           guint n_workers)
{
  /* CPython: chunksize, extra = divmod(len(iterable), len(self._pool) * 4) */
  guint chunksize = n_args / (n_workers * 4);

  if (n_args % (n_workers * 4) != 0)
    chunksize++;
  return MAX (chunksize, 1);
}

/* Splits a chunk message, "chunk SEP first SEP n SEP item...": the tasks'
 * arguments going out, their results coming back.  msg holds len - 1
 * bytes (fl_queue_get_raw's count).  Returns the fields, the items from
 * index 3 on, or NULL if it is not a chunk message. */
static char **
chunk_parse (char   *msg,
             gssize  len,
             guint  *chunk,
             guint  *first,
             guint  *n)
{
  char **fields;

  msg[len - 1] = '\0';
  fields = g_strsplit (msg, SEP, -1);
  if (g_strv_length (fields) < 3)
    {
      g_strfreev (fields);
      return NULL;
    }
  *chunk = (guint) g_ascii_strtoull (fields[0], NULL, 10);
  *first = (guint) g_ascii_strtoull (fields[1], NULL, 10);
  *n = (guint) g_ascii_strtoull (fields[2], NULL, 10);
  return fields;
}

static void
worker_main (gpointer data)
{
  FlPool *self = data;
  char msg[PIPE_BUF];

  for (;;)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(GString) out = NULL;
      guint chunk, first, n;
      gssize len;

      fl_emit_state (FORKLINE_STATE_WAIT_TASK, self->id, 0, "waiting for a task");
      len = fl_queue_get_raw (self->inqueue, msg, sizeof msg - 1, -1, NULL);
      fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
      if (len <= 0)
        return;   /* None: the pool is closing */
      fields = chunk_parse (msg, len, &chunk, &first, &n);
      if (fields == NULL)
        return;
      out = g_string_new (NULL);
      g_string_append_printf (out, "%u" SEP "%u" SEP "%u", chunk, first, n);

      for (guint i = 0; i < n && fields[3 + i] != NULL; i++)
        {
          char result[256] = "";

          fl_emit (FORKLINE_EV_TASK_START, self->id, 0, first + i, chunk, 0, self->func_name,
                   fields[3 + i]);
          self->func (fields[3 + i], result, sizeof result, self->data);
          fl_emit (FORKLINE_EV_TASK_FINISH, self->id, 0, first + i, chunk, 0, self->func_name,
                   result);
          g_string_append_printf (out, SEP "%s", result);
        }
      fl_queue_put_raw (self->outqueue, out->str, out->len, 0);
    }
}

FlPool *
fl_pool_new (guint       n_workers,
             const char *func_name,
             FlTaskFunc  func,
             gpointer    data)
{
  FlPool *self = g_new0 (FlPool, 1);

  self->id = fl_object_id_new ();
  self->func_name = func_name;
  self->func = func;
  self->data = data;
  self->n_workers = MAX (n_workers, 1);
  self->inqueue = fl_queue_new (NULL);
  self->outqueue = fl_queue_new (NULL);
  self->workers = g_new0 (Worker, self->n_workers);
  fl_emit (FORKLINE_EV_OBJECT_NEW, self->id, 0, FORKLINE_OBJECT_POOL, self->n_workers, 0, "Pool", NULL);

  for (guint i = 0; i < self->n_workers; i++)
    {
      Worker *w = &self->workers[i];

      /* CPython's name for a worker of a fork-context Pool */
      g_snprintf (w->name, sizeof w->name, "ForkPoolWorker-%u", i + 1);
      w->pid = fl_fork_child (w->name, &w->proc, worker_main, self);
    }
  return self;
}

/* A worker that died on its own: report it (reaping it) and say so. */
static gboolean
check_workers (FlPool *self)
{
  for (guint i = 0; i < self->n_workers; i++)
    {
      Worker *w = &self->workers[i];
      siginfo_t info = { 0 };

      if (w->gone)
        continue;
      if (waitid (P_PID, w->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == w->pid)
        {
          char text[256];
          int code, sig;

          fl_reap (w->pid, w->proc, &code, &sig);
          w->gone = TRUE;
          if (sig != 0)
            g_snprintf (text, sizeof text,
                        "%s (pid %d) was killed by signal %d (%s) while the pool was working: "
                        "map() cannot finish", w->name, w->pid, sig, g_strsignal (sig));
          else
            g_snprintf (text, sizeof text,
                        "%s (pid %d) exited with code %d while the pool was working: "
                        "map() cannot finish", w->name, w->pid, code);
          fl_emit (FORKLINE_EV_ERROR, self->id, 0, 0, 0, 0, "Pool", text);
          return FALSE;
        }
    }
  return TRUE;
}

/* Puts every chunk on the task queue at once, as CPython's task handler
 * does; returns how many there are. */
static guint
dispatch (FlPool       *self,
          const char  **args,
          guint         n_args,
          guint         chunksize)
{
  guint n_chunks = (n_args + chunksize - 1) / chunksize;

  for (guint c = 0; c < n_chunks; c++)
    {
      g_autoptr(GString) msg = g_string_new (NULL);
      guint first = c * chunksize;
      guint n = MIN (chunksize, n_args - first);

      g_string_append_printf (msg, "%u" SEP "%u" SEP "%u", c, first, n);
      for (guint i = 0; i < n; i++)
        {
          fl_emit (FORKLINE_EV_TASK_DISPATCH, self->id, 0, first + i, c, n, self->func_name,
                   args[first + i]);
          g_string_append_printf (msg, SEP "%s", args[first + i]);
        }
      fl_queue_put_raw (self->inqueue, msg->str, msg->len, 0);
    }
  return n_chunks;
}

char **
fl_pool_map (FlPool       *self,
             const char  **args,
             guint         n_args,
             guint         chunksize)
{
  g_autoptr(GPtrArray) results = NULL;
  guint n_chunks;
  guint received = 0;

  if (chunksize == 0)
    chunksize = fl_pool_default_chunksize (n_args, self->n_workers);
  n_chunks = dispatch (self, args, n_args, chunksize);

  results = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (results, n_args + 1);

  fl_emit_state (FORKLINE_STATE_WAIT_POOL, self->id, 0, "map() waits for the results");
  while (received < n_chunks)
    {
      char msg[PIPE_BUF];
      g_auto(GStrv) fields = NULL;
      guint chunk, first, n;
      gssize len = fl_queue_get_raw (self->outqueue, msg, sizeof msg - 1, 50, NULL);

      if (len < 0)
        {
          if (!check_workers (self))
            {
              fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
              return NULL;
            }
          continue;
        }
      if (len == 0)
        continue;
      fields = chunk_parse (msg, len, &chunk, &first, &n);
      if (fields == NULL)
        continue;
      for (guint i = 0; i < n && fields[3 + i] != NULL && first + i < n_args; i++)
        {
          g_free (results->pdata[first + i]);
          results->pdata[first + i] = g_strdup (fields[3 + i]);
        }
      received++;
    }
  fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&results), FALSE);
}

/* CPython's terminate() sends each worker a sentinel, joins its handler
 * threads and then SIGTERMs the workers still running: those that took
 * their sentinel in time exit 0.  This pause is that join's length for C
 * workers, so a `with Pool` block ends as it does under CPython here (of 5
 * workers, 0 to 4 SIGTERMed from run to run, in both). */
#define TERMINATE_GRACE_US 200

static gboolean
worker_exited (const Worker *w)
{
  siginfo_t info = { 0 };

  return waitid (P_PID, w->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == w->pid;
}

void
fl_pool_terminate (FlPool *self)
{
  for (guint i = 0; i < self->n_workers; i++)
    if (!self->workers[i].gone)
      fl_queue_put_raw (self->inqueue, NULL, 0, 0);   /* None: no more tasks */
  g_usleep (TERMINATE_GRACE_US);
  for (guint i = 0; i < self->n_workers; i++)
    if (!self->workers[i].gone && !worker_exited (&self->workers[i]))
      kill (self->workers[i].pid, SIGTERM);
  for (guint i = 0; i < self->n_workers; i++)
    if (!self->workers[i].gone)
      {
        fl_reap (self->workers[i].pid, self->workers[i].proc, NULL, NULL);
        self->workers[i].gone = TRUE;
      }
}
