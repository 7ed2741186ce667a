/* forkline-runner.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a lesson: forks its main process (proc 0) parked on a "go" pipe, sets
 * up the scheduler source on it, lets it go, then merges what the lesson's
 * processes report (one shared pipe) with what the kernel reports (switch
 * records) into one time-ordered stream.  It is the subreaper of the run:
 * whatever happens (end, timeout, signal, reader gone) it kills the whole
 * process group and reaps every process before it exits.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkline-mp.h"
#include "forkline-pending.h"
#include "forkline-rings.h"
#include "forkline-runner.h"
#include "forkline-sched.h"

/* Events wait before they are written, so that records which reach the
 * engine late (switch records are read every 5 ms, a worker may be
 * preempted between taking its timestamp and writing) still sort into
 * place.  The wait follows how late records really come: 12 ms on a quiet
 * machine (live is live), longer while records arrive later (a busy
 * machine), up to 100 ms.  See engine/protocol/PROTOCOL.md. */
#define HOLDBACK_MIN_NS (12 * G_GINT64_CONSTANT (1000000))
#define HOLDBACK_MAX_NS (100 * G_GINT64_CONSTANT (1000000))
/* After killing everything, how long to wait for the last reaps. */
#define KILL_GRACE_NS (3 * G_GINT64_CONSTANT (1000000000))
/* More processes alive at once than any lesson or classroom program has
 * (a Pool of 64 is 65): beyond it the run is a fork bomb, stopped before
 * it takes the machine. */
#define MAX_PROCESSES 256
/* While this much output waits for a slow reader, the lesson's processes
 * are not listened to (until they are being killed): they block on their
 * channel, as they would if the engine wrote to the reader blocking. */
#define MAX_BACKLOG (4 * 1024 * 1024)
/* How often the shared rings are read, at least. */
#define RING_ROUND_MS 2


typedef struct
{
  int       proc;
  char     *name;
  gboolean  exited;
  gint64    last_time;   /* of its own latest event */
} ProcInfo;

typedef struct
{
  guint32     object;
  char       *name;
  int         send_end;     /* -1 until something is sent */
  GHashTable *holders[2];   /* pid set per end */
} PipeInfo;

typedef struct
{
  const FlRunOptions *opts;
  FlShared           *shared;
  gint64              start_ns;
  pid_t               engine_pid;
  pid_t               main_pid;
  int                 ev_fd;
  int                 sig_fd;
  ForklineDecoder    *decoder;
  FlRings            *rings;         /* the run's processes' rings, or NULL */
  ForklineDecoder    *ring_decoder;
  GByteArray         *ring_bytes;
  FlSched            *sched;
  FlOutput           *out;
  FlPending          *pending;
  guint64             last_emitted;
  GHashTable         *procs;    /* pid -> ProcInfo */
  GHashTable         *pipes;    /* object -> PipeInfo */
  gboolean            main_reaped;
  int                 main_code;
  int                 main_signal;
  gboolean            ev_eof;
  gboolean            killing;
  guint               n_alive;    /* forked and not yet gone */
  gint64              kill_deadline;
  gboolean            have_result;
  ForklineResult      result;
  char               *result_text;
  gboolean            saw_error;
  gint64              holdback_ns;  /* how long records wait to be sorted */
  gint64              batch_now;    /* now_rel () for the batch being taken in, or 0 */
  char               *first_error;
  gboolean            reader_gone;
} Runner;

static gint64
now_rel (Runner *self)
{
  return fl_now_ns () - self->start_ns;
}

/* A record that came @late ns after its time widens the wait to a
 * quarter more than that (with 2 ms to spare). */
static void
follow_lateness (Runner *self,
                 gint64  time_ns)
{
  /* the time of the batch being taken in: a clock read per record would
   * be a tenth of the engine's work */
  gint64 late = (self->batch_now != 0 ? self->batch_now : now_rel (self)) - time_ns;
  gint64 wait = late + late / 4 + 2 * G_GINT64_CONSTANT (1000000);

  if (wait > self->holdback_ns)
    self->holdback_ns = MIN (wait, HOLDBACK_MAX_NS);
}

static void
push (Runner              *self,
      const ForklineEvent *ev)
{
  ForklineEvent copy = *ev;

  follow_lateness (self, (gint64) ev->time_ns);
  /* Arrived after later events were written: keep the stream ordered. */
  if (copy.time_ns < self->last_emitted)
    copy.time_ns = self->last_emitted;
  fl_pending_push (self->pending, &copy);
}

static ProcInfo *
proc_add (Runner     *self,
          pid_t       pid,
          int         proc,
          const char *name)
{
  ProcInfo *info = g_new0 (ProcInfo, 1);

  info->proc = proc;
  info->name = g_strdup (name);
  g_hash_table_replace (self->procs, GINT_TO_POINTER (pid), info);
  return info;
}

static void
proc_info_free (gpointer data)
{
  ProcInfo *info = data;

  g_free (info->name);
  g_free (info);
}

static void
pipe_info_free (gpointer data)
{
  PipeInfo *info = data;

  g_free (info->name);
  g_hash_table_unref (info->holders[0]);
  g_hash_table_unref (info->holders[1]);
  g_free (info);
}

static PipeInfo *
pipe_lookup (Runner              *self,
             const ForklineEvent *ev)
{
  PipeInfo *info = g_hash_table_lookup (self->pipes, GUINT_TO_POINTER (ev->object));

  if (info == NULL)
    {
      info = g_new0 (PipeInfo, 1);
      info->object = ev->object;
      info->name = g_strndup (ev->label ? ev->label : "pipe", ev->label ? ev->label_len : 4);
      info->send_end = -1;
      info->holders[0] = g_hash_table_new (NULL, NULL);
      info->holders[1] = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (self->pipes, GUINT_TO_POINTER (ev->object), info);
    }
  return info;
}

static void
sched_emit_cb (const ForklineEvent *ev,
               gpointer             user_data)
{
  push (user_data, ev);
}

/* A process is gone: close its open CPU interval and drop its pipe ends, as
 * the kernel closes its descriptors. */
static void
process_gone (Runner *self,
              pid_t   pid,
              gint64  time_ns)
{
  ProcInfo *info = g_hash_table_lookup (self->procs, GINT_TO_POINTER (pid));
  GHashTableIter iter;
  PipeInfo *pipe;

  if (info != NULL && !info->exited && self->n_alive > 0)
    self->n_alive--;
  if (info != NULL)
    info->exited = TRUE;
  fl_sched_pid_exited (self->sched, pid, info != NULL ? info->last_time : time_ns,
                       sched_emit_cb, self);

  /* Processes the engine kills to end a run (timeout, stop) keep their pipe
   * ends in the record: who held what when the lesson stopped is what
   * explains a hang, not the teardown. */
  if (self->killing)
    return;

  g_hash_table_iter_init (&iter, self->pipes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pipe))
    for (int end = 0; end < 2; end++)
      if (g_hash_table_remove (pipe->holders[end], GINT_TO_POINTER (pid)))
        {
          ForklineEvent ev = { 0 };

          ev.type = FORKLINE_EV_PIPE_HOLD;
          ev.time_ns = (guint64) time_ns;
          ev.pid = pid;
          ev.proc = info ? (gint16) info->proc : -1;
          ev.cpu = -1;
          ev.object = pipe->object;
          ev.a = end;
          ev.b = 0;
          ev.label = pipe->name;
          ev.label_len = (guint32) strlen (pipe->name);
          push (self, &ev);
        }
}

/* Bookkeeping on each event from a lesson process, then queue it. */
/* A Python program's records come without process indices (its processes
 * cannot share the C runtime's counter): the engine numbers each process
 * at its fork record, in the order they arrive, and fills the index in
 * from the pid for everything else. */
static void
number_process (Runner        *self,
                ForklineEvent *ev)
{
  ProcInfo *info;

  if (ev->proc >= 0)
    return;
  if (ev->type == FORKLINE_EV_PROC_FORK && g_hash_table_lookup (self->procs, GINT_TO_POINTER (ev->pid)) == NULL)
    {
      ProcInfo *parent = g_hash_table_lookup (self->procs, GINT_TO_POINTER (ev->peer_pid));

      ev->proc = (gint16) self->shared->next_proc++;
      ev->a = parent != NULL ? parent->proc : -1;
      return;
    }
  info = g_hash_table_lookup (self->procs, GINT_TO_POINTER (ev->pid));
  if (info != NULL)
    ev->proc = (gint16) info->proc;
}

static void set_result (Runner         *self,
                        ForklineResult  result,
                        char           *text);
static void kill_all   (Runner         *self);

static void
handle_event (Runner              *self,
              const ForklineEvent *in)
{
  ForklineEvent copy = *in;
  const ForklineEvent *ev = &copy;
  ProcInfo *info;

  if (self->opts->script_argv != NULL)
    number_process (self, &copy);

  switch (ev->type)
    {
    case FORKLINE_EV_PROC_FORK:
      {
        g_autofree char *name = g_strndup (ev->label, ev->label_len);
        proc_add (self, ev->pid, ev->proc, name);
        fl_sched_add_pid (self->sched, ev->pid);
        /* alive at once: a program may start and join many more in turn */
        if (++self->n_alive > MAX_PROCESSES + 1)
          {
            set_result (self, FORKLINE_RESULT_ERROR,
                        g_strdup_printf ("Stopped: the program had more than %d processes running at once, "
                                         "which no lesson needs (a fork bomb?); every one was killed",
                                         MAX_PROCESSES));
            kill_all (self);
          }
      }
      break;
    case FORKLINE_EV_PROC_EXIT:
      push (self, ev);
      process_gone (self, ev->pid, (gint64) ev->time_ns);
      return;
    case FORKLINE_EV_PROC_START:
      /* a Python process is named only once multiprocessing runs it */
      info = g_hash_table_lookup (self->procs, GINT_TO_POINTER (ev->pid));
      if (info != NULL && ev->label_len > 0)
        {
          g_free (info->name);
          info->name = g_strndup (ev->label, ev->label_len);
        }
      break;
    case FORKLINE_EV_PIPE_HOLD:
      {
        PipeInfo *pipe = pipe_lookup (self, ev);
        int end = ev->a ? 1 : 0;

        if (ev->b)
          g_hash_table_add (pipe->holders[end], GINT_TO_POINTER (ev->pid));
        else
          g_hash_table_remove (pipe->holders[end], GINT_TO_POINTER (ev->pid));
      }
      break;
    case FORKLINE_EV_PIPE_SEND:
      pipe_lookup (self, ev)->send_end = ev->a ? 1 : 0;
      break;
    case FORKLINE_EV_ERROR:
      /* the run's sentence is the error's first line (a traceback follows) */
      if (!self->saw_error)
        {
          const char *nl = memchr (ev->text, '\n', ev->text_len);

          self->first_error = g_strndup (ev->text, nl ? (gsize) (nl - ev->text) : ev->text_len);
        }
      self->saw_error = TRUE;
      break;
    default:
      break;
    }

  info = g_hash_table_lookup (self->procs, GINT_TO_POINTER (ev->pid));
  if (info != NULL && ev->proc == info->proc)
    info->last_time = MAX (info->last_time, (gint64) ev->time_ns);
  push (self, ev);

  /* "exited" is the last thing a process says before _exit().  The kernel
   * may publish its final switch-out only when the next record lands on
   * that CPU's ring, seconds later: close its CPU interval here instead. */
  if (ev->type == FORKLINE_EV_STATE && ev->a == FORKLINE_STATE_EXITED)
    fl_sched_pid_exited (self->sched, ev->pid, (gint64) ev->time_ns, sched_emit_cb, self);
}

static void
emit_one (Runner        *self,
          ForklineEvent *ev)
{
  ProcInfo *info = g_hash_table_lookup (self->procs, GINT_TO_POINTER (ev->pid));

  if (ev->proc < 0 && info != NULL && ev->type != FORKLINE_EV_HEADER)
    ev->proc = (gint16) info->proc;
  fl_output_event (self->out, ev, info != NULL ? info->name : NULL);
  self->last_emitted = MAX (self->last_emitted, ev->time_ns);
}

/* The first reason the run ended is the one reported; text is taken. */
static void
set_result (Runner         *self,
            ForklineResult  result,
            char           *text)
{
  if (self->have_result)
    {
      g_free (text);
      return;
    }
  self->have_result = TRUE;
  self->result = result;
  self->result_text = text;
}

static void
reader_went_away (Runner *self)
{
  if (self->reader_gone)
    return;
  self->reader_gone = TRUE;
  fl_output_set_reader_gone (self->out);
  set_result (self, FORKLINE_RESULT_INTERRUPTED, g_strdup ("The reader of the stream went away"));
}

static void
flush_pending (Runner *self,
               gint64  upto)
{
  ForklineEvent *ev;

  while ((ev = fl_pending_peek (self->pending)) != NULL && (gint64) ev->time_ns <= upto)
    {
      emit_one (self, ev);
      fl_pending_pop (self->pending);
    }

  if (!fl_output_flush (self->out))
    reader_went_away (self);
}

static void
kill_all (Runner *self)
{
  if (self->killing)
    return;
  self->killing = TRUE;
  self->kill_deadline = now_rel (self) + KILL_GRACE_NS;
  /* The whole process group; main first so its children are orphaned to us
   * (PR_SET_CHILD_SUBREAPER) and reaped here. */
  kill (-self->main_pid, SIGKILL);
  if (!self->main_reaped)
    kill (self->main_pid, SIGKILL);
}

static void
reap_children (Runner *self)
{
  for (;;)
    {
      ForklineEvent ev = { 0 };
      ProcInfo *info;
      struct rusage ru;
      int status;
      pid_t pid = wait4 (-1, &status, WNOHANG, &ru);

      if (pid <= 0)
        return;

      info = g_hash_table_lookup (self->procs, GINT_TO_POINTER (pid));
      ev.type = FORKLINE_EV_PROC_EXIT;
      ev.time_ns = (guint64) now_rel (self);
      ev.pid = pid;
      ev.peer_pid = self->engine_pid;
      ev.proc = info ? (gint16) info->proc : -1;
      ev.cpu = (gint16) sched_getcpu ();
      fl_exit_record_fill (&ev, status, &ru);
      ev.label = info ? info->name : NULL;
      ev.label_len = info ? (guint32) strlen (info->name) : 0;
      handle_event (self, &ev);
      if (pid == self->main_pid)
        {
          self->main_reaped = TRUE;
          self->main_code = (int) ev.a;
          self->main_signal = (int) ev.b;
          /* Whatever main leaves behind dies with it (as daemon processes
           * do in Python); normally nothing is left. */
          kill (-self->main_pid, SIGKILL);
        }

      ev.type = FORKLINE_EV_PROC_REAP;
      ev.a = ev.b = ev.c = 0;
      push (self, &ev);
    }
}

static gboolean
has_children (void)
{
  siginfo_t info = { 0 };

  return waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0;
}

static char *
describe_holders (Runner     *self,
                  GHashTable *holders)
{
  GString *s = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, holders);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      ProcInfo *info = g_hash_table_lookup (self->procs, key);

      g_string_append_printf (s, "%s%s (pid %d)", s->len ? ", " : "",
                              info ? info->name : "?", GPOINTER_TO_INT (key));
    }
  return g_string_free (s, FALSE);
}

static char *
timeout_text (Runner *self)
{
  GString *s = g_string_new (NULL);
  GHashTableIter iter;
  PipeInfo *pipe;
  ProcInfo *info;
  gpointer key;
  gboolean first = TRUE;

  g_string_append_printf (s, "Timed out after %g s. Still running:", self->opts->timeout);
  g_hash_table_iter_init (&iter, self->procs);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &info))
    if (!info->exited)
      {
        g_string_append_printf (s, "%s %s (pid %d)", first ? "" : ",", info->name, GPOINTER_TO_INT (key));
        first = FALSE;
      }
  g_string_append_c (s, '.');

  g_hash_table_iter_init (&iter, self->pipes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pipe))
    {
      int send_end = pipe->send_end >= 0 ? pipe->send_end : 1;
      int recv_end = 1 - send_end;
      g_autofree char *senders = describe_holders (self, pipe->holders[send_end]);
      g_autofree char *receivers = describe_holders (self, pipe->holders[recv_end]);

      if (g_hash_table_size (pipe->holders[send_end]) == 0)
        continue;
      g_string_append_printf (s, " The write end of %s (end %d) is still held by %s, so a recv() on "
                                 "end %d never sees EOF.",
                              pipe->name, send_end, senders, recv_end);
      if (*receivers)
        g_string_append_printf (s, " End %d is held by %s.", recv_end, receivers);
    }
  return g_string_free (s, FALSE);
}

static void
read_events (Runner *self)
{
  guint8 buf[65536];
  ssize_t n = read (self->ev_fd, buf, sizeof buf);

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (n <= 0)
    {
      self->ev_eof = TRUE;
      return;
    }

  forkline_decoder_feed (self->decoder, buf, (gsize) n);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      ForklineEvent ev;
      ForklineDecodeStatus st = forkline_decoder_next (self->decoder, &ev, &error);

      if (st == FORKLINE_DECODE_NEED_MORE)
        break;
      if (st == FORKLINE_DECODE_ERROR)
        {
          /* Cannot happen with atomic writes; stop trusting the channel. */
          g_printerr ("forkline-engine: worker channel damaged: %s\n", error->message);
          self->ev_eof = TRUE;
          break;
        }
      handle_event (self, &ev);
    }
}

/* (g_array_sort is stable: records of one time keep their order) */
static int
time_cmp (gconstpointer a,
          gconstpointer b)
{
  guint64 x = ((const ForklineEvent *) a)->time_ns, y = ((const ForklineEvent *) b)->time_ns;

  return x < y ? -1 : x > y;
}

/* Takes what the rings hold, in time order: the rings are read one after
 * another, and a parent's join must not come before its child's fork. */
static void
read_rings (Runner *self)
{
  g_autoptr(GArray) drained = NULL;

  if (self->rings == NULL)
    return;
  g_byte_array_set_size (self->ring_bytes, 0);
  if (fl_rings_drain (self->rings, self->ring_bytes) == 0)
    return;

  drained = g_array_new (FALSE, FALSE, sizeof (ForklineEvent));
  forkline_decoder_feed (self->ring_decoder, self->ring_bytes->data, self->ring_bytes->len);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      ForklineEvent ev;
      ForklineDecodeStatus st = forkline_decoder_next (self->ring_decoder, &ev, &error);

      if (st == FORKLINE_DECODE_NEED_MORE)
        break;
      if (st == FORKLINE_DECODE_ERROR)
        {
          /* the rings hand over whole records only: cannot happen */
          g_printerr ("forkline-engine: shared rings damaged: %s\n", error->message);
          g_clear_pointer (&self->rings, fl_rings_free);
          break;
        }
      g_array_append_val (drained, ev);
    }
  /* a Python program's processes are numbered as their forks come */
  if (self->opts->script_argv != NULL)
    g_array_sort (drained, time_cmp);
  self->batch_now = now_rel (self);
  for (guint i = 0; i < drained->len; i++)
    handle_event (self, &g_array_index (drained, ForklineEvent, i));
  self->batch_now = 0;
}

static void
handle_signals (Runner *self)
{
  struct signalfd_siginfo si;

  while (read (self->sig_fd, &si, sizeof si) == sizeof si)
    {
      if (si.ssi_signo == SIGCHLD)
        continue;
      set_result (self, FORKLINE_RESULT_INTERRUPTED,
                  g_strdup_printf ("Interrupted by %s", g_strsignal ((int) si.ssi_signo)));
      kill_all (self);
    }
}

/* A lesson run as its listing: each parameter sets the listing's named
 * constant, "NAME=VALUE" a line, which the tracer writes into the source. */
static void
set_listing_constants (const FlLessonArgs *args)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (int i = 0; i < FL_MAX_PARAMS && args->lesson->params[i].name != NULL; i++)
    {
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      if (args->lesson->params[i].constant != NULL)
        g_string_append_printf (s, "%s=%s\n", args->lesson->params[i].constant,
                                g_ascii_dtostr (value, sizeof value, args->values[i]));
    }
  if (s->len > 0)
    setenv ("FORKLINE_CONSTANTS", s->str, 1);
}

/* The run's main process becomes `python3 TRACER FILE ARGS…`: the tracer
 * writes to the same channel the C runtime does (kept open across exec). */
G_GNUC_NORETURN static void
exec_script (Runner *self)
{
  char value[32];
  int fd = self->shared->event_fd;

  fcntl (fd, F_SETFD, 0);
  g_snprintf (value, sizeof value, "%d", fd);
  setenv ("FORKLINE_EVENT_FD", value, 1);
  g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT, self->shared->run_start_ns);
  setenv ("FORKLINE_RUN_START_NS", value, 1);
  g_ascii_dtostr (value, sizeof value, self->shared->speed);
  setenv ("FORKLINE_SPEED", value, 1);
  if (self->rings != NULL)
    {
      g_autofree char *rings = fl_rings_describe (self->rings);

      fcntl (fl_rings_fd (self->rings), F_SETFD, 0);
      fcntl (fl_rings_doorbell (self->rings), F_SETFD, 0);
      setenv ("FORKLINE_RINGS", rings, 1);
    }
  set_listing_constants (&self->opts->args);
  execv (self->opts->script_argv[0], self->opts->script_argv);
  fprintf (stderr, "forkline-engine: cannot run %s: %s\n", self->opts->script_argv[0], g_strerror (errno));
  _exit (127);
}

G_GNUC_NORETURN static void
main_process (Runner *self,
              int     go_fd)
{
  const FlLesson *lesson = self->opts->args.lesson;
  sigset_t none;
  char go;

  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  signal (SIGPIPE, SIG_DFL);
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != self->engine_pid)
    _exit (1);
  /* Our stdout is the engine's event stream: nothing may scribble on it. */
  dup2 (STDERR_FILENO, STDOUT_FILENO);

  /* Parked until the engine follows us in the kernel. */
  if (read (go_fd, &go, 1) != 1)
    _exit (1);
  close (go_fd);

  if (self->opts->script_argv != NULL)
    exec_script (self);
  fl_self_set (0);
  fl_emit (FORKLINE_EV_PROC_START, 0, 0, 0, 0, 0, "MainProcess", NULL);
  lesson->main (&self->opts->args);
  fl_join_children ();
  fl_exit (0);
}

static void
emit_simple (Runner     *self,
             guint16     type,
             gint64      time_ns,
             gint64      a,
             const char *label,
             const char *text)
{
  ForklineEvent ev = { 0 };

  ev.type = type;
  ev.time_ns = (guint64) MAX (time_ns, 0);
  ev.pid = self->engine_pid;
  ev.proc = -1;
  ev.cpu = (gint16) sched_getcpu ();
  ev.a = a;
  ev.label = label;
  ev.label_len = label ? (guint32) strlen (label) : 0;
  ev.text = text;
  ev.text_len = text ? (guint32) strlen (text) : 0;
  push (self, &ev);
}

/* The worker channel carries bare records; its decoder expects a stream,
 * so it is given the magic and a header first. */
static void
prime_decoder (ForklineDecoder *decoder)
{
  ForklineEvent ev = { 0 };
  guint8 preamble[FORKLINE_MAGIC_LEN + 256];
  gsize len;

  ev.type = FORKLINE_EV_HEADER;
  ev.a = FORKLINE_PROTOCOL_VERSION;
  len = forkline_magic_encode (preamble, sizeof preamble);
  len += forkline_event_encode (&ev, preamble + len, sizeof preamble - len);
  forkline_decoder_feed (decoder, preamble, len);
  forkline_decoder_next (decoder, &ev, NULL);
}

/* The header goes first, whatever the sort says. */
static void
write_header (Runner *self)
{
  const FlLesson *lesson = self->opts->args.lesson;
  g_autofree char *params = fl_lesson_args_format (&self->opts->args);
  g_autofree char *text = g_strdup_printf ("%s%sspeed=%g", params, *params ? " " : "", self->opts->speed);
  ForklineEvent ev = { 0 };

  ev.type = FORKLINE_EV_HEADER;
  ev.pid = self->engine_pid;
  ev.proc = -1;
  ev.cpu = -1;
  ev.a = FORKLINE_PROTOCOL_VERSION;
  ev.b = fl_cpu_count ();
  ev.c = self->sched != NULL ? fl_sched_method (self->sched) : FORKLINE_METHOD_PROC_SAMPLED;
  /* the wall clock at time 0, not now: the header is written a little
   * after the run began */
  ev.msg_id = (guint64) (g_get_real_time () * 1000 - now_rel (self));
  ev.label = lesson->id;
  ev.label_len = (guint32) strlen (lesson->id);
  ev.text = text;
  ev.text_len = (guint32) strlen (text);
  fl_output_event (self->out, &ev, NULL);
}

/* The run's processes write to shared rings (the pipe stays for those
 * that have no slot); without them, everything goes by the pipe. */
static void
open_rings (Runner *self)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("FORKLINE_NO_RINGS") != NULL)
    return;
  self->rings = fl_rings_new (&error);
  if (self->rings == NULL)
    g_printerr ("forkline-engine: %s; the program's events go by the pipe\n", error->message);
  /* A C lesson's processes write to the slot of their number, and never
   * ring the doorbell: a tight loop makes more events than the engine
   * takes, and the round's pace keeps the picture's lag at two rounds
   * (measured: p95 15-16 ms without a doorbell, 32-39 ms with one). */
  else if (self->opts->script_argv == NULL)
    fl_rings_use (fl_rings_map (self->rings));
}

/* Called while main is parked, before it runs any lesson code. */
static void
open_sched (Runner *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->opts->force_proc)
    self->sched = fl_sched_perf_new (self->main_pid, self->start_ns, &error);
  if (self->sched == NULL)
    {
      if (error != NULL)
        g_printerr ("forkline-engine: %s; sampling /proc at 1 kHz instead\n", error->message);
      self->sched = fl_sched_proc_new (self->start_ns);
    }
  fl_sched_add_pid (self->sched, self->main_pid);
}

/* What the main process is called: CPython's own name, in the C
 * renditions too. */
static const char *
main_name (Runner *self)
{
  return "MainProcess";
}

/* FALSE, with errno set and nothing forked, if the main process cannot
 * be started. */
static gboolean
start (Runner *self,
       int     ev_pipe[2])
{
  const FlLesson *lesson = self->opts->args.lesson;
  ForklineEvent ev = { 0 };
  gint64 fork_time;
  int go[2];

  if (pipe2 (go, O_CLOEXEC) < 0)
    return FALSE;

  /* The lesson begins at time 0, before anything main does. */
  emit_simple (self, FORKLINE_EV_LESSON_BEGIN, 0, 0, lesson->id, lesson->title);
  fork_time = now_rel (self);
  self->main_pid = fork ();
  if (self->main_pid < 0)
    {
      int saved = errno;

      close (go[0]);
      close (go[1]);
      errno = saved;
      return FALSE;
    }
  if (self->main_pid == 0)
    {
      close (ev_pipe[0]);
      close (go[1]);
      main_process (self, go[0]);
    }
  setpgid (self->main_pid, self->main_pid);
  close (go[0]);
  /* Only the lesson's processes hold the write end: EOF means all are gone. */
  close (ev_pipe[1]);

  open_sched (self);
  proc_add (self, self->main_pid, 0, main_name (self));

  prime_decoder (self->decoder);
  prime_decoder (self->ring_decoder);
  write_header (self);

  ev.type = FORKLINE_EV_PROC_FORK;
  ev.time_ns = (guint64) MAX (fork_time, 0);
  ev.pid = self->main_pid;
  ev.peer_pid = self->engine_pid;
  ev.proc = 0;
  ev.cpu = (gint16) sched_getcpu ();
  ev.a = -1;
  ev.label = main_name (self);
  ev.label_len = (guint32) strlen (ev.label);
  push (self, &ev);

  if (write (go[1], "g", 1) != 1)
    kill_all (self);
  close (go[1]);
  return TRUE;
}

static void deliver_backlog (Runner   *self,
                             gboolean  interrupted);

/* What the engine itself could not get (a pipe, a process: errno says
 * why) ends the run before it began: one line on stderr, and a stream
 * that says so (header, lesson-begin, lesson-end ERROR in those words),
 * exit status 3. */
static int
start_failed (Runner     *self,
              const char *what)
{
  const FlLesson *lesson = self->opts->args.lesson;
  g_autofree char *text = g_strdup_printf ("Could not start %s: %s", what, g_strerror (errno));

  g_printerr ("forkline-engine: %s\n", text);
  /* what start() held back (its lesson-begin) is said once, here */
  fl_pending_clear (self->pending);
  write_header (self);
  emit_simple (self, FORKLINE_EV_LESSON_BEGIN, 0, 0, lesson->id, lesson->title);
  emit_simple (self, FORKLINE_EV_LESSON_END, 0, FORKLINE_RESULT_ERROR, lesson->id, text);
  flush_pending (self, G_MAXINT64);
  deliver_backlog (self, TRUE);
  return 3;
}

/* Waits until the reader has taken the whole stream, or goes away, or a
 * signal says to stop; after an interruption, for KILL_GRACE_NS at most. */
static void
deliver_backlog (Runner   *self,
                 gboolean  interrupted)
{
  gint64 deadline = interrupted ? now_rel (self) + KILL_GRACE_NS : G_MAXINT64;

  while (fl_output_backlog (self->out) > 0 && !self->reader_gone)
    {
      struct pollfd pfd[2] = { { STDOUT_FILENO, POLLOUT, 0 }, { self->sig_fd, POLLIN, 0 } };
      gint64 left = deadline - now_rel (self);
      struct signalfd_siginfo si;

      if (left <= 0)
        return;
      if (poll (pfd, 2, interrupted ? (int) MAX (left / 1000000, 1) : -1) < 0 && errno != EINTR)
        return;
      if (pfd[1].revents != 0 && read (self->sig_fd, &si, sizeof si) == sizeof si &&
          si.ssi_signo != SIGCHLD)
        return;
      if ((pfd[0].revents & POLLERR) || !fl_output_flush (self->out))
        reader_went_away (self);
    }
}

/* When a run is stopped, everything gets SIGKILL at once; main, blocked in
 * join(), may reap a child before it dies itself and never report it.
 * Whatever was alive then died of the kill: say so, so no lane is left
 * "sleeping" forever. */
static void
record_killed_exits (Runner *self,
                     gint64  time_ns)
{
  GHashTableIter iter;
  gpointer key;
  ProcInfo *info;
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (pid_t));

  g_hash_table_iter_init (&iter, self->procs);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &info))
    if (!info->exited)
      {
        pid_t pid = GPOINTER_TO_INT (key);
        ForklineEvent ev = { 0 };

        ev.type = FORKLINE_EV_PROC_EXIT;
        ev.time_ns = (guint64) time_ns;
        ev.pid = pid;
        ev.peer_pid = self->engine_pid;
        ev.proc = (gint16) info->proc;
        ev.cpu = -1;
        ev.a = -1;
        ev.b = SIGKILL;
        ev.label = info->name;
        ev.label_len = (guint32) strlen (info->name);
        push (self, &ev);
        g_array_append_val (gone, pid);
      }

  /* process_gone() changes the table: after the walk */
  for (guint i = 0; i < gone->len; i++)
    process_gone (self, g_array_index (gone, pid_t, i), time_ns);
}

static void
finish (Runner *self)
{
  ForklineResult result;
  g_autofree char *text = NULL;
  /* The run ends now, not once the held-back records are written (with
   * many of them, in text mode, that can take a while). */
  gint64 end_ns = now_rel (self);

  fl_sched_finish (self->sched, sched_emit_cb, self);
  if (self->killing)
    record_killed_exits (self, end_ns);

  if (self->have_result)
    {
      result = self->result;
      text = g_strdup (self->result_text);
    }
  else if (self->saw_error)
    {
      result = FORKLINE_RESULT_ERROR;
      text = g_strdup (self->first_error);
    }
  else if (self->main_signal != 0)
    {
      result = FORKLINE_RESULT_ERROR;
      text = g_strdup_printf ("The main process was killed by signal %d (%s)",
                              self->main_signal, g_strsignal (self->main_signal));
    }
  else if (self->main_code != 0)
    {
      result = FORKLINE_RESULT_ERROR;
      text = g_strdup_printf ("The main process exited with code %d", self->main_code);
    }
  else
    {
      result = FORKLINE_RESULT_OK;
      text = g_strdup_printf ("Finished in %.3f s", end_ns / 1e9);
    }

  flush_pending (self, G_MAXINT64);
  emit_simple (self, FORKLINE_EV_LESSON_END, end_ns, result, self->opts->args.lesson->id, text);
  flush_pending (self, G_MAXINT64);
  deliver_backlog (self, result == FORKLINE_RESULT_INTERRUPTED);
}

/* One turn of the run: take in what the lesson's processes, the kernel and
 * signals say, reap, write out what is old enough.  FALSE once it is over. */
static gboolean
iterate (Runner *self)
{
  struct pollfd pfd[4] = { { 0 } };
  gboolean taking = self->killing || fl_output_backlog (self->out) < MAX_BACKLOG;
  int n = 0, events = -1, bell = -1;
  gint64 now;

  pfd[n].fd = self->sig_fd;
  pfd[n++].events = POLLIN;
  /* POLLERR, which a pipe reports as soon as its reader has gone, comes
   * even when nothing is asked, with nothing to write. */
  pfd[n].fd = STDOUT_FILENO;
  pfd[n++].events = fl_output_backlog (self->out) > 0 ? POLLOUT : 0;
  if (!self->ev_eof && taking)
    {
      events = n;
      pfd[n].fd = self->ev_fd;
      pfd[n++].events = POLLIN;
    }
  /* a writer whose ring is half full rings: drained at once */
  if (self->rings != NULL && taking)
    {
      bell = n;
      pfd[n].fd = fl_rings_doorbell (self->rings);
      pfd[n++].events = POLLIN;
    }

  /* the rings are drained each round: often enough to stay live */
  if (poll (pfd, n, self->rings != NULL ? MIN (RING_ROUND_MS, fl_sched_interval_ms (self->sched))
                                        : fl_sched_interval_ms (self->sched)) < 0 &&
      errno != EINTR)
    return FALSE;

  if (events >= 0 && pfd[events].revents != 0)
    read_events (self);
  if (bell >= 0 && pfd[bell].revents != 0)
    fl_rings_answer (self->rings);
  /* before reaping: a process's own records come before its exit */
  if (taking)
    read_rings (self);
  if (pfd[0].revents != 0)
    handle_signals (self);
  if (pfd[1].revents & POLLERR)
    reader_went_away (self);
  reap_children (self);
  fl_sched_poll (self->sched, sched_emit_cb, self);

  now = now_rel (self);
  /* a process that forked as the group was killed is killed in turn */
  if (self->killing)
    kill (-self->main_pid, SIGKILL);
  if (!self->killing && self->opts->timeout > 0 && now > (gint64) (self->opts->timeout * 1e9))
    {
      set_result (self, FORKLINE_RESULT_TIMEOUT, timeout_text (self));
      kill_all (self);
    }

  flush_pending (self, now - self->holdback_ns);
  /* and narrows again, by 2 % a round, while records come on time */
  self->holdback_ns = MAX (HOLDBACK_MIN_NS, self->holdback_ns - (self->holdback_ns - HOLDBACK_MIN_NS) / 50);
  if (self->reader_gone)
    kill_all (self);

  if (self->main_reaped && self->ev_eof && !has_children ())
    return FALSE;
  return !(self->killing && now > self->kill_deadline);
}

int
fl_runner_run (const FlRunOptions *opts)
{
  Runner runner = { 0 };
  Runner *self = &runner;
  sigset_t mask;
  int ev_pipe[2];
  int status;

  self->opts = opts;
  self->engine_pid = getpid ();
  self->procs = g_hash_table_new_full (NULL, NULL, NULL, proc_info_free);
  self->pipes = g_hash_table_new_full (NULL, NULL, NULL, pipe_info_free);
  self->pending = fl_pending_new ();
  self->decoder = forkline_decoder_new ();
  self->ring_decoder = forkline_decoder_new ();
  self->ring_bytes = g_byte_array_new ();
  self->out = fl_output_new (STDOUT_FILENO, opts->format, opts->record_fd);
  fl_output_set_quiet_prints (self->out, opts->script_argv != NULL);

  signal (SIGPIPE, SIG_IGN);
  sigemptyset (&mask);
  sigaddset (&mask, SIGCHLD);
  sigaddset (&mask, SIGINT);
  sigaddset (&mask, SIGTERM);
  sigaddset (&mask, SIGHUP);
  sigprocmask (SIG_BLOCK, &mask, NULL);
  self->sig_fd = signalfd (-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);

  /* Orphans of the run are re-parented to us, so we can reap them all. */
  prctl (PR_SET_CHILD_SUBREAPER, 1);

  self->ev_fd = -1;
  self->start_ns = fl_now_ns ();
  if (pipe2 (ev_pipe, O_CLOEXEC) < 0)
    {
      status = start_failed (self, "the channel from the lesson's processes (pipe)");
      goto out;
    }
  self->ev_fd = ev_pipe[0];
  self->shared = fl_shared_new (ev_pipe[1], opts->speed);
  self->shared->next_proc = 1;
  self->start_ns = self->shared->run_start_ns;
  self->holdback_ns = HOLDBACK_MIN_NS;
  open_rings (self);

  if (!start (self, ev_pipe))
    {
      status = start_failed (self, "the lesson's main process");
      goto out;
    }

  while (iterate (self))
    ;

  /* Drain what is left of the channel. */
  while (!self->ev_eof)
    {
      struct pollfd pfd = { self->ev_fd, POLLIN, 0 };

      if (poll (&pfd, 1, 0) <= 0)
        break;
      read_events (self);
    }
  read_rings (self);
  reap_children (self);
  finish (self);

  status = self->reader_gone ? 1 : 0;
  /* a script's exit code is the run's, as from `python3 FILE.py` */
  if (self->opts->script_argv != NULL && status == 0 && self->main_reaped)
    status = self->main_signal != 0 ? 128 + self->main_signal : self->main_code;
  if (self->have_result && self->result == FORKLINE_RESULT_INTERRUPTED)
    status = 1;

out:
  fl_output_flush (self->out);
  if (self->opts->record_errno != NULL)
    *self->opts->record_errno = fl_output_get_record_errno (self->out);
  fl_output_free (self->out);
  fl_sched_free (self->sched);
  forkline_decoder_free (self->decoder);
  forkline_decoder_free (self->ring_decoder);
  g_byte_array_unref (self->ring_bytes);
  g_clear_pointer (&self->rings, fl_rings_free);
  fl_pending_free (self->pending);
  g_hash_table_unref (self->procs);
  g_hash_table_unref (self->pipes);
  g_free (self->result_text);
  g_free (self->first_error);
  if (self->ev_fd >= 0)
    close (self->ev_fd);
  if (self->sig_fd >= 0)
    close (self->sig_fd);
  return status;
}
