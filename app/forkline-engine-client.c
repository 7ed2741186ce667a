/* forkline-engine-client.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "forkline-engine-client.h"
#include "forkline-engine-launch.h"

#define READ_SIZE      (64 * 1024)
#define STDERR_KEEP    4096

struct _ForklineEngineClient
{
  GObject        parent_instance;

  GSubprocess   *subprocess;
  GCancellable  *cancellable;
  ForklineTrace *trace;
  GByteArray    *raw;
  GString       *stderr_text;
  char          *pid_text;
  char          *stream_message;   /* the stream ended badly */
  char          *exit_message;     /* the engine failed */

  guint          stream_done : 1;
  guint          exit_done : 1;
  guint          stopped : 1;
  guint          damaged : 1;
  guint          finished : 1;
  guint          exit_status_only : 1;   /* exited non-zero, no crash */
};

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ForklineEngineClient, forkline_engine_client, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Runs in the child between fork and exec: if the app dies (crash, kill),
 * the kernel sends the engine SIGTERM, and the engine stops its workers. */
static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The parent may already have died before prctl took effect. */
  if (getppid () != parent)
    _exit (1);
}

static char *
last_stderr_line (ForklineEngineClient *self)
{
  g_auto(GStrv) lines = NULL;
  guint n;

  if (self->stderr_text->len == 0)
    return NULL;

  lines = g_strsplit (g_strstrip (self->stderr_text->str), "\n", -1);
  n = g_strv_length (lines);
  if (n == 0 || lines[n - 1][0] == '\0')
    return NULL;
  return g_strdup (lines[n - 1]);
}

char *
forkline_engine_client_get_warnings (ForklineEngineClient *self)
{
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (FORKLINE_IS_ENGINE_CLIENT (self), NULL);

  lines = g_strsplit (self->stderr_text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "forkline-engine: "))
      {
        const char *text = lines[i] + strlen ("forkline-engine: ");

        if (strstr (out->str, text) != NULL)
          continue;   /* said once */
        g_string_append_printf (out, "%s%c%s", out->len ? "; " : "",
                                g_ascii_toupper (text[0]), text + 1);
      }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* "finished" fires once both the stream has ended and the engine has
 * exited, so the message can say why: how the engine failed explains a
 * cut stream better than the cut itself.  Damage is reported at once. */
static void
maybe_finish (ForklineEngineClient *self,
              const char           *message)
{
  if (self->finished)
    return;

  if (message == NULL)
    {
      if (!(self->stream_done && self->exit_done))
        return;
      /* `script` exits with the program's own status: a run that ended
       * (its lesson-end came) and then exited non-zero is the program's
       * failure, which the run's end tells, not the engine's */
      if (self->exit_status_only && forkline_trace_get_lesson_end (self->trace)->ended)
        g_clear_pointer (&self->exit_message, g_free);
      message = self->exit_message ? self->exit_message : self->stream_message;
    }

  self->finished = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, message == NULL, message);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ForklineEngineClient) self = user_data;
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autofree char *message = NULL;
  g_autofree char *detail = NULL;

  if (!g_subprocess_wait_finish (subprocess, result, NULL))
    return;

  self->exit_done = TRUE;
  detail = last_stderr_line (self);

  if (self->stopped || self->damaged)
    ; /* stopping is not a failure; damage was already reported */
  else if (g_subprocess_get_if_signaled (subprocess))
    {
      int sig = g_subprocess_get_term_sig (subprocess);

      message = g_strdup_printf ("The engine crashed (%s). What it sent before is kept.",
                                 g_strsignal (sig));
    }
  else if (g_subprocess_get_if_exited (subprocess) &&
           g_subprocess_get_exit_status (subprocess) != 0)
    {
      self->exit_status_only = TRUE;
      if (detail != NULL)
        message = g_strdup_printf ("The engine stopped with an error: %s", detail);
      else
        message = g_strdup_printf ("The engine stopped with exit status %d. What it sent before is kept.",
                                   g_subprocess_get_exit_status (subprocess));
    }

  if (message == NULL && self->raw->len == 0 && !self->stopped && !self->damaged)
    message = g_strdup_printf ("The engine sent nothing%s%s",
                               detail ? ": " : ".", detail ? detail : "");

  self->exit_message = g_steal_pointer (&message);
  maybe_finish (self, NULL);
}

static void read_next (ForklineEngineClient *self);

static void
stream_ended (ForklineEngineClient *self)
{
  g_autoptr(GError) error = NULL;

  self->stream_done = TRUE;

  if (!self->damaged && !forkline_trace_finish_stream (self->trace, &error))
    {
      if (!self->stopped)
        self->stream_message =
          g_strdup_printf ("The engine’s stream ended in the middle of a record (%s). "
                           "Everything before it is kept.", error->message);
    }

  maybe_finish (self, NULL);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ForklineEngineClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        stream_ended (self);
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      stream_ended (self);
      return;
    }

  g_byte_array_append (self->raw, data, len);

  if (!self->damaged && !forkline_trace_feed (self->trace, data, len, &error))
    {
      g_autofree char *message = NULL;

      /* Nothing after a damaged record can be trusted: keep what came
       * before, stop the engine, and say so. */
      self->damaged = TRUE;
      message = g_strdup_printf ("The engine sent a damaged stream (%s). "
                                 "The run was stopped; everything before the damage is kept.",
                                 error->message);
      if (self->subprocess != NULL)
        g_subprocess_send_signal (self->subprocess, SIGTERM);
      maybe_finish (self, message);
    }

  read_next (self);
}

static void
read_next (ForklineEngineClient *self)
{
  GInputStream *stream = g_subprocess_get_stdout_pipe (self->subprocess);

  g_input_stream_read_bytes_async (stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   self->cancellable, read_cb, g_object_ref (self));
}

static void
stderr_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ForklineEngineClient) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return;

  data = g_bytes_get_data (bytes, &len);
  g_string_append_len (self->stderr_text, data, len);
  if (self->stderr_text->len > STDERR_KEEP)
    g_string_erase (self->stderr_text, 0, self->stderr_text->len - STDERR_KEEP);

  g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT,
                                   self->cancellable, stderr_cb, g_object_ref (self));
}

static void
forkline_engine_client_dispose (GObject *object)
{
  ForklineEngineClient *self = (ForklineEngineClient *)object;

  if (self->subprocess != NULL && !self->exit_done)
    g_subprocess_send_signal (self->subprocess, SIGTERM);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->subprocess);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (forkline_engine_client_parent_class)->dispose (object);
}

static void
forkline_engine_client_finalize (GObject *object)
{
  ForklineEngineClient *self = (ForklineEngineClient *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->raw, g_byte_array_unref);
  g_string_free (self->stderr_text, TRUE);
  g_free (self->pid_text);
  g_free (self->stream_message);
  g_free (self->exit_message);

  G_OBJECT_CLASS (forkline_engine_client_parent_class)->finalize (object);
}

static void
forkline_engine_client_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ForklineEngineClient *self = FORKLINE_ENGINE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, forkline_engine_client_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_engine_client_class_init (ForklineEngineClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = forkline_engine_client_dispose;
  object_class->finalize = forkline_engine_client_finalize;
  object_class->get_property = forkline_engine_client_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (gboolean ok, const char *message): message is NULL when ok. */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
forkline_engine_client_init (ForklineEngineClient *self)
{
  self->cancellable = g_cancellable_new ();
  self->raw = g_byte_array_new ();
  self->stderr_text = g_string_new (NULL);
}

ForklineEngineClient *
forkline_engine_client_new (void)
{
  return g_object_new (FORKLINE_TYPE_ENGINE_CLIENT, NULL);
}

gboolean
forkline_engine_client_start (ForklineEngineClient  *self,
                              const char * const    *args,
                              ForklineTrace         *trace,
                              GError               **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_return_val_if_fail (FORKLINE_IS_ENGINE_CLIENT (self), FALSE);
  g_return_val_if_fail (args != NULL, FALSE);
  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (self->subprocess == NULL, FALSE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER (getpid ()), NULL);

  self->subprocess = forkline_engine_spawn (launcher, args, error);
  if (self->subprocess == NULL)
    return FALSE;

  g_set_object (&self->trace, trace);
  g_free (self->pid_text);
  self->pid_text = g_strdup (g_subprocess_get_identifier (self->subprocess));

  read_next (self);
  g_input_stream_read_bytes_async (g_subprocess_get_stderr_pipe (self->subprocess),
                                   4096, G_PRIORITY_DEFAULT, self->cancellable,
                                   stderr_cb, g_object_ref (self));
  g_subprocess_wait_async (self->subprocess, self->cancellable, wait_cb, g_object_ref (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

void
forkline_engine_client_stop (ForklineEngineClient *self)
{
  g_return_if_fail (FORKLINE_IS_ENGINE_CLIENT (self));

  if (self->subprocess == NULL || self->exit_done)
    return;

  self->stopped = TRUE;
  g_subprocess_send_signal (self->subprocess, SIGTERM);
}

static void
sync_wait_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

void
forkline_engine_client_stop_sync (ForklineEngineClient *self,
                                  guint                 timeout_ms)
{
  gint64 deadline;
  gboolean done = FALSE;

  g_return_if_fail (FORKLINE_IS_ENGINE_CLIENT (self));

  if (self->subprocess == NULL || self->exit_done)
    return;

  forkline_engine_client_stop (self);

  /* A private wait so this works from shutdown, after the app's own
   * cancellable-bound callbacks may already be gone. */
  g_subprocess_wait_async (self->subprocess, NULL, sync_wait_cb, &done);
  deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);

  if (!done)
    {
      g_subprocess_force_exit (self->subprocess);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
}

gboolean
forkline_engine_client_get_running (ForklineEngineClient *self)
{
  g_return_val_if_fail (FORKLINE_IS_ENGINE_CLIENT (self), FALSE);

  return self->subprocess != NULL && !self->finished;
}

GPid
forkline_engine_client_get_pid (ForklineEngineClient *self)
{
  g_return_val_if_fail (FORKLINE_IS_ENGINE_CLIENT (self), 0);

  if (self->subprocess == NULL || self->exit_done || self->pid_text == NULL)
    return 0;
  return (GPid)g_ascii_strtoll (self->pid_text, NULL, 10);
}

GBytes *
forkline_engine_client_get_bytes (ForklineEngineClient *self)
{
  g_return_val_if_fail (FORKLINE_IS_ENGINE_CLIENT (self), NULL);

  return g_bytes_new (self->raw->data, self->raw->len);
}

ForklineTrace *
forkline_engine_client_get_trace (ForklineEngineClient *self)
{
  g_return_val_if_fail (FORKLINE_IS_ENGINE_CLIENT (self), NULL);

  return self->trace;
}
