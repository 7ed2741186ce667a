/* forkline-event-describe.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-event-describe.h"
#include "forkline-trace-private.h"
#include "forkline-words.h"

static const char *
object_name_cb (gpointer data,
                guint32  id)
{
  const ForklineObject *object = forkline_trace_lookup_object (data, id);

  return object != NULL ? object->name : NULL;
}

static const char *
proc_name_cb (gpointer data,
              gint     proc)
{
  ForklineTrace *trace = data;

  if (proc < 0 || (guint) proc >= forkline_trace_get_n_processes (trace))
    return NULL;
  return forkline_trace_get_process (trace, proc)->name;
}

static const char *
proc_name (ForklineTrace *trace,
           gint           proc)
{
  const char *name = proc_name_cb (trace, proc);

  return name != NULL && name[0] != '\0' ? name : NULL;
}

/* The event as the table of event kinds words it, with the trace's names. */
static char *
describe_what (ForklineTrace       *trace,
               const ForklineEvent *ev)
{
  ForklineNames names = { object_name_cb, proc_name_cb, trace };

  return forkline_event_words (ev, &names);
}

/* What the record's text is, for the details: the item, the printed
 * line; a task's argument or result says which. */
static char *
describe_message (const ForklineEvent *ev)
{
  const ForklineEventKind *kind = forkline_event_kind (ev->type);

  if (kind == NULL || kind->text == NULL || ev->text_len == 0 || kind->category == FORKLINE_CATEGORY_RUN)
    return NULL;
  if (kind->category == FORKLINE_CATEGORY_POOL)
    return g_strdup_printf ("%s %s", kind->text, ev->text);
  return g_strdup (ev->text);
}

static char *
lasted (const char *verb,
        guint64     begin,
        guint64     end,
        const char *open)
{
  g_autofree char *d = NULL;

  if (end == FORKLINE_TIME_OPEN)
    return g_strdup (open);
  d = forkline_format_duration (end - MIN (begin, end));
  return g_strdup_printf ("%s %s", verb, d);
}

/* The span the STATE event began. */
/* A span the lesson calls running, as the kernel saw it: how long it was
 * on a CPU, and how long off it though runnable or asleep in the kernel.
 * Only what the kernel said: without switches, just how long it lasted. */
static char *
running_duration (ForklineTrace           *trace,
                  gint                     proc,
                  const ForklineStateSpan *span)
{
  guint64 end = span->end_ns != FORKLINE_TIME_OPEN ? span->end_ns : forkline_trace_get_end_time (trace);
  g_autofree char *total = NULL;
  g_autofree char *on = NULL;
  GString *out;
  ForklineCpuTime t;

  forkline_trace_get_cpu_time (trace, proc, span->start_ns, end, &t);
  if (!t.known || end <= span->start_ns)
    return lasted ("lasted", span->start_ns, span->end_ns, "still going on");

  total = forkline_format_duration (end - span->start_ns);
  on = forkline_format_duration (t.on_cpu_ns);
  out = g_string_new (NULL);
  g_string_append_printf (out, "%s%s: on a CPU %s", total,
                          span->end_ns == FORKLINE_TIME_OPEN ? " so far" : "", on);
  if (t.ready_ns > 0)
    {
      g_autofree char *ready = forkline_format_duration (t.ready_ns);

      g_string_append_printf (out, ", waiting for a CPU %s", ready);
    }
  if (t.blocked_ns > 0)
    {
      g_autofree char *blocked = forkline_format_duration (t.blocked_ns);

      g_string_append_printf (out, ", in the kernel %s", blocked);
    }
  return g_string_free (out, FALSE);
}

static char *
state_duration (ForklineTrace       *trace,
                guint                index,
                const ForklineEvent *ev)
{
  ForklineStateSpan span;
  gint i;

  if (ev->proc < 0)
    return NULL;
  i = _forkline_trace_state_rec_at (trace, ev->proc, ev->time_ns);
  /* several states may start at one time: the span is the event's own */
  while (i >= 0 && forkline_trace_get_state (trace, ev->proc, i, &span) && span.event != index)
    i = span.start_ns == ev->time_ns ? i - 1 : -1;
  if (i < 0)
    return NULL;
  if (span.state == FORKLINE_STATE_RUNNING)
    return running_duration (trace, ev->proc, &span);
  return lasted ("lasted", span.start_ns, span.end_ns, "still going on");
}

static char *
message_duration (ForklineTrace       *trace,
                  const ForklineEvent *ev)
{
  const ForklineMessage *msg = ev->msg_id != 0 ? forkline_trace_lookup_message (trace, ev->msg_id) : NULL;

  if (msg == NULL)
    return NULL;
  if (msg->get_ns == FORKLINE_TIME_OPEN)
    return g_strdup ("never received (yet)");
  if (msg->put_ns == FORKLINE_TIME_OPEN)
    return NULL;
  return lasted ("in flight for", msg->put_ns, msg->get_ns, NULL);
}

static char *
task_duration (ForklineTrace       *trace,
               const ForklineEvent *ev)
{
  const ForklineTask *task = forkline_trace_lookup_task (trace, ev->object, ev->a);

  if (task == NULL || ev->type == FORKLINE_EV_TASK_DISPATCH)
    return NULL;
  if (task->start_ns == FORKLINE_TIME_OPEN)
    return g_strdup ("still running");
  return lasted ("the task took", task->start_ns, task->finish_ns, "still running");
}

static char *
life_duration (ForklineTrace       *trace,
               const ForklineEvent *ev)
{
  const ForklineProcess *p;
  guint64 begin;

  if (ev->proc < 0 || (guint) ev->proc >= forkline_trace_get_n_processes (trace) ||
      ev->type == FORKLINE_EV_PROC_REAP)
    return NULL;
  p = forkline_trace_get_process (trace, ev->proc);
  begin = p->start_ns != FORKLINE_TIME_OPEN ? p->start_ns : p->fork_ns;
  if (begin == FORKLINE_TIME_OPEN)
    return NULL;
  return lasted ("lived", begin, p->exit_ns, "still alive");
}

/* How long what the event began or ended lasted, from what the model
 * derived for its category. */
static char *
describe_duration (ForklineTrace       *trace,
                   guint                index,
                   const ForklineEvent *ev)
{
  const ForklineEventKind *kind = forkline_event_kind (ev->type);

  if (kind == NULL)
    return NULL;

  switch (kind->category)
    {
    case FORKLINE_CATEGORY_STATE:
      return state_duration (trace, index, ev);
    case FORKLINE_CATEGORY_QUEUE:
    case FORKLINE_CATEGORY_PIPE:
      return message_duration (trace, ev);
    case FORKLINE_CATEGORY_POOL:
      return task_duration (trace, ev);
    case FORKLINE_CATEGORY_PROCESS:
      return life_duration (trace, ev);
    case FORKLINE_CATEGORY_LOCK:
      if (kind->a.type == FORKLINE_VALUE_NS)
        {
          g_autofree char *d = forkline_format_duration ((guint64) MAX (ev->a, 0));

          return g_strdup_printf ("waited %s for it", d);
        }
      return NULL;
    default:
      return NULL;
    }
}

gboolean
forkline_event_describe (ForklineTrace            *trace,
                         guint                     index,
                         ForklineEventDescription *out)
{
  ForklineEvent ev;
  const char *name;

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  if (index == FORKLINE_NO_EVENT || !forkline_trace_get_event (trace, index, &ev))
    return FALSE;

  out->what = describe_what (trace, &ev);
  name = proc_name (trace, ev.proc);
  if (name != NULL && ev.pid > 0)
    out->process = g_strdup_printf ("%s (pid %d)", name, ev.pid);
  else if (name != NULL)
    out->process = g_strdup (name);
  else if (ev.pid > 0)
    out->process = g_strdup_printf ("pid %d", ev.pid);
  if (ev.cpu >= 0)
    out->cpu = g_strdup_printf ("CPU %d", ev.cpu);
  out->time = forkline_format_duration (ev.time_ns);

  out->message = describe_message (&ev);

  out->duration = describe_duration (trace, index, &ev);

  return TRUE;
}

void
forkline_event_description_clear (ForklineEventDescription *desc)
{
  g_clear_pointer (&desc->what, g_free);
  g_clear_pointer (&desc->process, g_free);
  g_clear_pointer (&desc->cpu, g_free);
  g_clear_pointer (&desc->time, g_free);
  g_clear_pointer (&desc->message, g_free);
  g_clear_pointer (&desc->duration, g_free);
}

char *
forkline_event_describe_text (ForklineTrace *trace,
                              guint          index)
{
  ForklineEventDescription desc;
  GString *str;

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), NULL);

  if (!forkline_event_describe (trace, index, &desc))
    return NULL;

  str = g_string_new (desc.what);
  if (desc.message != NULL)
    g_string_append_printf (str, "\n“%s”", desc.message);
  g_string_append_printf (str, "\n%s", desc.process ? desc.process : "");
  if (desc.cpu != NULL)
    g_string_append_printf (str, "%s%s", desc.process ? " on " : "", desc.cpu);
  g_string_append_printf (str, "%sat %s", (desc.process || desc.cpu) ? ", " : "", desc.time);
  if (desc.duration != NULL)
    g_string_append_printf (str, ", %s", desc.duration);

  forkline_event_description_clear (&desc);

  return g_string_free (str, FALSE);
}
