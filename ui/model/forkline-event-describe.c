/* forkline-event-describe.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-event-describe.h"
#include "forkline-words.h"

static const char *
object_name (ForklineTrace *trace,
             guint32        id,
             const char    *fallback)
{
  const ForklineObject *object = id ? forkline_trace_lookup_object (trace, id) : NULL;

  if (object != NULL && object->name != NULL && object->name[0] != '\0')
    return object->name;
  return fallback;
}

static const char *
proc_name (ForklineTrace *trace,
           gint           proc)
{
  const ForklineProcess *process;

  if (proc < 0 || (guint)proc >= forkline_trace_get_n_processes (trace))
    return NULL;
  process = forkline_trace_get_process (trace, proc);
  if (process == NULL || process->name == NULL || process->name[0] == '\0')
    return NULL;
  return process->name;
}

static char *
describe_what (ForklineTrace       *trace,
               const ForklineEvent *ev)
{
  switch ((ForklineEventType)ev->type)
    {
    case FORKLINE_EV_HEADER:
      return g_strdup ("The run began");
    case FORKLINE_EV_LESSON_BEGIN:
      return g_strdup_printf ("Lesson “%s” began", ev->text);
    case FORKLINE_EV_LESSON_END:
      switch ((ForklineResult)ev->a)
        {
        case FORKLINE_RESULT_OK:          return g_strdup ("The lesson finished");
        case FORKLINE_RESULT_ERROR:       return g_strdup ("The lesson ended with an error");
        case FORKLINE_RESULT_TIMEOUT:     return g_strdup ("The lesson was stopped by its time limit");
        case FORKLINE_RESULT_INTERRUPTED: return g_strdup ("The lesson was stopped");
        default:                          return g_strdup ("The lesson ended");
        }
    case FORKLINE_EV_PROC_FORK:
      {
        const char *parent = proc_name (trace, (gint)ev->a);
        return g_strdup_printf ("%s was forked by %s", ev->label,
                                parent ? parent : "its parent");
      }
    case FORKLINE_EV_PROC_START:
      return g_strdup ("Started running the lesson code");
    case FORKLINE_EV_PROC_EXIT:
      if (ev->b != 0)
        return g_strdup_printf ("Killed by signal %d (%s)", (int)ev->b, g_strsignal ((int)ev->b));
      return g_strdup_printf ("Exited with code %d", (int)ev->a);
    case FORKLINE_EV_PROC_REAP:
      return g_strdup ("Reaped by its parent (waitpid)");
    case FORKLINE_EV_STATE:
      if (ev->label != NULL && ev->label[0] != '\0')
        {
          gsize word = strcspn (ev->label, " ");

          /* "waiting in join()" reads as a sentence; "time.sleep(0.5)" and
           * "map() waits …" start with code, which keeps its case */
          if (strcspn (ev->label, ".(") < word)
            return g_strdup (ev->label);
          return g_strdup_printf ("%c%s", g_ascii_toupper (ev->label[0]), ev->label + 1);
        }
      return g_strdup_printf ("Now %s", forkline_state_name ((ForklineState)ev->a));
    case FORKLINE_EV_SWITCH_IN:
      return g_strdup_printf ("Put on CPU %d by the kernel", ev->cpu);
    case FORKLINE_EV_SWITCH_OUT:
      return g_strdup_printf ("Taken off CPU %d by the kernel", ev->cpu);
    case FORKLINE_EV_OBJECT_NEW:
      return g_strdup_printf ("Created %s", ev->label);
    case FORKLINE_EV_QUEUE_PUT:
      return g_strdup_printf ("put() on %s", object_name (trace, ev->object, "the queue"));
    case FORKLINE_EV_QUEUE_GET:
      return g_strdup_printf ("get() from %s", object_name (trace, ev->object, "the queue"));
    case FORKLINE_EV_QUEUE_EMPTY:
      return g_strdup_printf ("empty() on %s returned %s",
                              object_name (trace, ev->object, "the queue"),
                              ev->a ? "True" : "False");
    case FORKLINE_EV_PIPE_SEND:
      return g_strdup_printf ("send() on end %d of %s", (int)ev->a,
                              object_name (trace, ev->object, "the pipe"));
    case FORKLINE_EV_PIPE_RECV:
      return g_strdup_printf ("recv() on end %d of %s", (int)ev->a,
                              object_name (trace, ev->object, "the pipe"));
    case FORKLINE_EV_PIPE_CLOSE:
      return g_strdup_printf ("Closed end %d of %s", (int)ev->a,
                              object_name (trace, ev->object, "the pipe"));
    case FORKLINE_EV_PIPE_EOF:
      return g_strdup_printf ("recv() on end %d of %s saw the end of the pipe (EOF)", (int)ev->a,
                              object_name (trace, ev->object, "the pipe"));
    case FORKLINE_EV_PIPE_HOLD:
      return g_strdup_printf (ev->b ? "Holds end %d of %s" : "No longer holds end %d of %s",
                              (int)ev->a, object_name (trace, ev->object, "the pipe"));
    case FORKLINE_EV_LOCK_WAIT:
      return g_strdup_printf ("Waiting for %s", object_name (trace, ev->object, "the Lock"));
    case FORKLINE_EV_LOCK_ACQUIRE:
      return g_strdup_printf ("Acquired %s", object_name (trace, ev->object, "the Lock"));
    case FORKLINE_EV_LOCK_RELEASE:
      return g_strdup_printf ("Released %s", object_name (trace, ev->object, "the Lock"));
    case FORKLINE_EV_ARRAY_WRITE:
      return g_strdup_printf ("Wrote %s[%d]: %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT,
                              object_name (trace, ev->object, "array"), (int)ev->a, ev->b, ev->c);
    case FORKLINE_EV_ARRAY_READ:
      return g_strdup_printf ("Read %s[%d] = %" G_GINT64_FORMAT,
                              object_name (trace, ev->object, "array"), (int)ev->a, ev->b);
    case FORKLINE_EV_TASK_DISPATCH:
      return g_strdup_printf ("Task %d sent to the pool (chunk %d)", (int)ev->a, (int)ev->b);
    case FORKLINE_EV_TASK_START:
      return g_strdup_printf ("Started task %d (chunk %d)", (int)ev->a, (int)ev->b);
    case FORKLINE_EV_TASK_FINISH:
      return g_strdup_printf ("Finished task %d (chunk %d)", (int)ev->a, (int)ev->b);
    case FORKLINE_EV_PRINT:
      return g_strdup ("Printed a line (print())");
    case FORKLINE_EV_ERROR:
      return g_strdup ("Error");
    default:
      return g_strdup (forkline_event_type_name (ev->type));
    }
}

static char *
describe_duration (ForklineTrace       *trace,
                   guint                index,
                   const ForklineEvent *ev)
{
  g_autofree char *d = NULL;

  switch ((ForklineEventType)ev->type)
    {
    case FORKLINE_EV_STATE:
      if (ev->proc >= 0)
        {
          guint n = 0;
          const ForklineStateSpan *spans = forkline_trace_get_states (trace, ev->proc, &n);

          for (guint i = 0; i < n; i++)
            {
              if (spans[i].event != index)
                continue;
              if (spans[i].end_ns == FORKLINE_TIME_OPEN)
                return g_strdup ("still going on");
              d = forkline_format_duration (spans[i].end_ns - spans[i].start_ns);
              return g_strdup_printf ("lasted %s", d);
            }
        }
      break;

    case FORKLINE_EV_QUEUE_PUT:
    case FORKLINE_EV_QUEUE_GET:
    case FORKLINE_EV_PIPE_SEND:
    case FORKLINE_EV_PIPE_RECV:
      if (ev->msg_id != 0)
        {
          const ForklineMessage *msg = forkline_trace_lookup_message (trace, ev->msg_id);

          if (msg == NULL)
            break;
          if (msg->get_ns == FORKLINE_TIME_OPEN)
            return g_strdup ("never received (yet)");
          if (msg->put_ns == FORKLINE_TIME_OPEN)
            break;
          d = forkline_format_duration (msg->get_ns - msg->put_ns);
          return g_strdup_printf ("in flight for %s", d);
        }
      break;

    case FORKLINE_EV_TASK_START:
    case FORKLINE_EV_TASK_FINISH:
      {
        guint n = 0;
        const ForklineTask *tasks = forkline_trace_get_tasks (trace, &n);

        for (guint i = 0; i < n; i++)
          {
            if (tasks[i].start_event != index && tasks[i].finish_event != index)
              continue;
            if (tasks[i].finish_ns == FORKLINE_TIME_OPEN || tasks[i].start_ns == FORKLINE_TIME_OPEN)
              return g_strdup ("still running");
            d = forkline_format_duration (tasks[i].finish_ns - tasks[i].start_ns);
            return g_strdup_printf ("the task took %s", d);
          }
      }
      break;

    case FORKLINE_EV_PROC_FORK:
    case FORKLINE_EV_PROC_START:
    case FORKLINE_EV_PROC_EXIT:
      if (ev->proc >= 0 && (guint)ev->proc < forkline_trace_get_n_processes (trace))
        {
          const ForklineProcess *p = forkline_trace_get_process (trace, ev->proc);
          guint64 begin = p->start_ns != FORKLINE_TIME_OPEN ? p->start_ns : p->fork_ns;

          if (begin == FORKLINE_TIME_OPEN)
            break;
          if (p->exit_ns == FORKLINE_TIME_OPEN)
            return g_strdup ("still alive");
          d = forkline_format_duration (p->exit_ns - begin);
          return g_strdup_printf ("lived %s", d);
        }
      break;

    case FORKLINE_EV_LOCK_ACQUIRE:
      d = forkline_format_duration ((guint64)MAX (ev->a, 0));
      return g_strdup_printf ("waited %s for it", d);

    default:
      break;
    }

  return NULL;
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

  switch ((ForklineEventType)ev.type)
    {
    case FORKLINE_EV_TASK_DISPATCH:
    case FORKLINE_EV_TASK_START:
      if (ev.text_len > 0)
        out->message = g_strdup_printf ("argument %s", ev.text);
      break;
    case FORKLINE_EV_TASK_FINISH:
      if (ev.text_len > 0)
        out->message = g_strdup_printf ("result %s", ev.text);
      break;
    case FORKLINE_EV_HEADER:
    case FORKLINE_EV_LESSON_BEGIN:
      break;
    default:
      if (ev.text_len > 0)
        out->message = g_strdup (ev.text);
      break;
    }

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
