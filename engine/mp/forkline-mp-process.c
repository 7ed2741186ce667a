/* forkline-mp-process.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Process: fork, join, exit status, and the interpreter's
 * habit of joining every non-daemon child before it exits.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkline-mp.h"

#define MAX_CHILDREN 256

typedef struct
{
  pid_t pid;
  int   proc;
  char  name[32];
  int   reaped;
} Child;

/* This process's own children (a fork starts the child with none). */
static Child children[MAX_CHILDREN];
static guint n_children;

static Child *
find_child (pid_t pid)
{
  for (guint i = 0; i < n_children; i++)
    if (children[i].pid == pid)
      return &children[i];
  return NULL;
}

void
fl_exit (int code)
{
  fl_emit_state (FORKLINE_STATE_EXITED, 0, 0, NULL);
  _exit (code);
}

void
fl_fail (const char *format,
         ...)
{
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;
  int saved = errno;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  text = g_strdup_printf ("%s: %s", what, g_strerror (saved));
  if (fl_shared_get () == NULL || fl_self_proc () < 0)
    {
      g_printerr ("forkline-engine: %s\n", text);
      _exit (3);
    }
  fl_emit (FORKLINE_EV_ERROR, 0, 0, 0, 0, 0, "runtime", text);
  fl_exit (1);
}

G_GNUC_NORETURN static void
child_main (pid_t       parent,
            int         proc,
            const char *name,
            FlTarget    target,
            gpointer    data)
{
  /* Die with our parent, whatever kills it (checked after setting, as the
   * parent may already be gone). */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (1);

  n_children = 0;
  fl_self_set (proc);
  fl_emit (FORKLINE_EV_PROC_START, 0, 0, 0, 0, 0, name, NULL);
  fl_pipes_inherited ();
  target (data);
  fl_exit (0);
}

static void
remember_child (pid_t       pid,
                int         proc,
                const char *name)
{
  Child *c;

  if (n_children >= MAX_CHILDREN)
    return;
  c = &children[n_children++];
  c->pid = pid;
  c->proc = proc;
  g_strlcpy (c->name, name, sizeof c->name);
  c->reaped = FALSE;
}

pid_t
fl_fork_child (const char *name,
               int        *out_proc,
               FlTarget    target,
               gpointer    data)
{
  FlShared *sh = fl_shared_get ();
  int proc = g_atomic_int_add (&sh->next_proc, 1);
  pid_t parent = getpid ();
  int parent_proc = fl_self_proc ();
  ForklineEvent ev = { 0 };
  gint64 fork_time;
  pid_t pid;

  /* Taken before fork() so that the fork sorts before anything the child says. */
  fork_time = fl_now_ns () - sh->run_start_ns;
  pid = fork ();
  if (pid < 0)
    fl_fail ("Could not start %s (fork)", name);

  if (pid == 0)
    child_main (parent, proc, name, target, data);

  ev.type = FORKLINE_EV_PROC_FORK;
  ev.time_ns = (guint64) fork_time;
  ev.pid = pid;
  ev.peer_pid = parent;
  ev.proc = (gint16) proc;
  ev.cpu = (gint16) sched_getcpu ();
  ev.a = parent_proc;
  ev.label = name;
  ev.label_len = (guint32) strlen (name);
  fl_emit_event (&ev);
  remember_child (pid, proc, name);

  if (out_proc != NULL)
    *out_proc = proc;
  return pid;
}

void
fl_exit_record_fill (ForklineEvent       *event,
                     int                  status,
                     const struct rusage *usage)
{
  event->a = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  event->b = WIFSIGNALED (status) ? WTERMSIG (status) : 0;
  event->c = ((gint64) usage->ru_utime.tv_sec + usage->ru_stime.tv_sec) * G_GINT64_CONSTANT (1000000000) +
             ((gint64) usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) * 1000;
}

void
fl_reap (pid_t  pid,
         int    proc,
         int   *exit_code,
         int   *exit_signal)
{
  ForklineEvent ev = { 0 };
  struct rusage ru;
  Child *c = find_child (pid);
  int status = 0;
  pid_t r;

  do
    r = wait4 (pid, &status, 0, &ru);
  while (r < 0 && errno == EINTR);

  if (c != NULL)
    c->reaped = TRUE;
  if (r < 0)
    {
      /* Someone else reaped it (cannot happen in lessons); report no status. */
      memset (&ru, 0, sizeof ru);
      status = 0;
    }

  ev.type = FORKLINE_EV_PROC_EXIT;
  ev.pid = pid;
  ev.peer_pid = getpid ();
  ev.proc = (gint16) proc;
  ev.cpu = (gint16) sched_getcpu ();
  fl_exit_record_fill (&ev, status, &ru);
  if (exit_code != NULL)
    *exit_code = (int) ev.a;
  if (exit_signal != NULL)
    *exit_signal = (int) ev.b;
  if (c != NULL)
    {
      ev.label = c->name;
      ev.label_len = (guint32) strlen (c->name);
    }
  fl_emit_event (&ev);

  ev.type = FORKLINE_EV_PROC_REAP;
  ev.time_ns = 0;
  ev.a = ev.b = ev.c = 0;
  fl_emit_event (&ev);
}

FlProcess *
fl_process_new (const char *name,
                FlTarget    target,
                gpointer    data)
{
  FlProcess *self = g_new0 (FlProcess, 1);

  g_strlcpy (self->name, name, sizeof self->name);
  self->target = target;
  self->data = data;
  self->exit_code = -1;
  return self;
}

void
fl_process_start (FlProcess *self)
{
  self->pid = fl_fork_child (self->name, &self->proc, self->target, self->data);
}

/* A Process child killed by a signal is a failed run (multiprocessing
 * leaves a negative exitcode; the lesson's output is then incomplete). */
static void
report_killed (const char *name,
               pid_t       pid,
               int         sig)
{
  char text[256];

  if (sig == 0)
    return;
  g_snprintf (text, sizeof text, "%s (pid %d) was killed by signal %d (%s)",
              name, pid, sig, g_strsignal (sig));
  fl_emit (FORKLINE_EV_ERROR, 0, 0, 0, 0, 0, "Process", text);
}

void
fl_process_join (FlProcess *self)
{
  char label[64];

  if (self->joined)
    return;

  g_snprintf (label, sizeof label, "join() waits for %s", self->name);
  fl_emit_state (FORKLINE_STATE_WAIT_JOIN, 0, self->pid, label);
  fl_reap (self->pid, self->proc, &self->exit_code, &self->exit_signal);
  report_killed (self->name, self->pid, self->exit_signal);
  self->joined = TRUE;
  fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
}

void
fl_process_free (FlProcess *self)
{
  g_free (self);
}

void
fl_join_children (void)
{
  gboolean any = FALSE;

  for (guint i = 0; i < n_children; i++)
    if (!children[i].reaped)
      any = TRUE;
  if (!any)
    return;

  fl_emit_state (FORKLINE_STATE_WAIT_JOIN, 0, 0,
                 "interpreter exit: waits for the children still running");
  for (guint i = 0; i < n_children; i++)
    if (!children[i].reaped)
      {
        int sig = 0;

        fl_reap (children[i].pid, children[i].proc, NULL, &sig);
        report_killed (children[i].name, children[i].pid, sig);
      }
  fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
}
