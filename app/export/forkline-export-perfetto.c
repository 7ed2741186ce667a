/* forkline-export-perfetto.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Perfetto's JSON importer has rules the writer must follow:
 *  - a flow event binds to the slice open on its thread at its timestamp
 *    ("bp":"e" on the end makes the end bind to the enclosing slice too),
 *    and a flow with no enclosing slice is dropped; so every put / send and
 *    get / recv gets a short slice of its own with the flow event inside;
 *  - slices on one thread must nest strictly, so those message slices are
 *    clipped to the state slice they fall in and never overlap each other;
 *  - JSON has no CPU tracks, so the CPUs are threads of a "CPUs" process.
 * Timestamps are µs with three decimals, which keeps every ns.
 */

#include "config.h"

#include "forkline-export-output.h"
#include "forkline-export-perfetto.h"
#include "forkline-words.h"

/* How long a message slice lasts at most: visible at a whole-run zoom, but
 * clipped so it never changes when later events on the thread happen. */
#define MESSAGE_SLICE_FRACTION 2000
#define MESSAGE_SLICE_MIN_NS   1000

/* A moment on a process's thread that needs a slice of its own because a
 * flow starts or ends there. */
typedef enum
{
  POINT_PUT,            /* index = message */
  POINT_GET,
  POINT_DISPATCH,       /* index = pool task */
} PointKind;

typedef struct
{
  guint64   time_ns;    /* when it happened */
  guint     index;
  PointKind kind;
  /* the slice that stands for it */
  guint64   start_ns;
  guint64   end_ns;
} Point;

typedef struct
{
  GString       *out;
  ForklineTrace *trace;
  guint64        end_ns;
  gboolean       first;
  GArray        *pids;     /* gint64 per proc: its pid in the JSON, 0 none */
} Writer;

/* A lesson process is its real pid, unless the kernel reused that pid for
 * a later process of the same run: two tracks must not merge into one. */
#define PID_REUSED_BASE (3 * G_GINT64_CONSTANT (4194304))

static void
assign_pids (Writer *w)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n_processes = forkline_trace_get_n_processes (w->trace);

  w->pids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), n_processes);
  for (guint proc = 0; proc < n_processes; proc++)
    {
      const ForklineProcess *process = forkline_trace_get_process (w->trace, proc);
      gint64 pid = 0;

      if (process != NULL && process->pid > 0)
        {
          if (g_hash_table_add (seen, GINT_TO_POINTER (process->pid)))
            pid = process->pid;
          else
            pid = PID_REUSED_BASE + proc;
        }
      g_array_append_val (w->pids, pid);
    }
}

/* 0 for a proc with no process to show. */
static gint64
json_pid (Writer *w,
          gint    proc)
{
  if (proc < 0 || (guint) proc >= w->pids->len)
    return 0;
  return g_array_index (w->pids, gint64, proc);
}

/* ns as µs with every ns kept, locale-independent. */
static void
append_us (GString *out,
           guint64  ns)
{
  g_string_append_printf (out, "%" G_GUINT64_FORMAT ".%03u",
                          ns / 1000, (guint) (ns % 1000));
}

static void
begin_event (Writer     *w,
             const char *ph,
             gint64      pid,
             gint64      tid)
{
  g_string_append (w->out, w->first ? "\n    {" : ",\n    {");
  w->first = FALSE;
  g_string_append_printf (w->out, "\"ph\":\"%s\",\"pid\":%" G_GINT64_FORMAT ",\"tid\":%" G_GINT64_FORMAT,
                          ph, pid, tid);
}

static void
append_key (Writer     *w,
            const char *key)
{
  g_string_append_printf (w->out, ",\"%s\":", key);
}

static void
append_string_member (Writer     *w,
                      const char *key,
                      const char *value)
{
  append_key (w, key);
  forkline_json_append_string (w->out, value, -1);
}

static void
write_metadata (Writer     *w,
                const char *what,
                gint64      pid,
                gint64      tid,
                const char *name,
                gint        sort_index)
{
  begin_event (w, "M", pid, tid);
  append_string_member (w, "name", what);
  if (name != NULL)
    {
      g_string_append (w->out, ",\"args\":{\"name\":");
      forkline_json_append_string (w->out, name, -1);
      g_string_append (w->out, "}}");
    }
  else
    g_string_append_printf (w->out, ",\"args\":{\"sort_index\":%d}}", sort_index);
}

static void
write_slice (Writer     *w,
             gint64      pid,
             gint64      tid,
             const char *cat,
             const char *name,
             guint64     start_ns,
             guint64     end_ns)
{
  begin_event (w, "X", pid, tid);
  append_string_member (w, "cat", cat);
  append_string_member (w, "name", name);
  append_key (w, "ts");
  append_us (w->out, start_ns);
  append_key (w, "dur");
  append_us (w->out, end_ns - start_ns);
}

static guint64
clamp_end (Writer  *w,
           guint64  end_ns)
{
  return end_ns == FORKLINE_TIME_OPEN ? w->end_ns : MIN (end_ns, w->end_ns);
}

static gboolean
state_is_drawn (const ForklineStateSpan *span,
                guint64                  end_ns)
{
  return span->state != FORKLINE_STATE_EXITED && end_ns > span->start_ns;
}

static void
write_states (Writer                *w,
              const ForklineProcess *process)
{
  const ForklineStateSpan *spans;
  guint n_spans = 0;

  spans = forkline_trace_get_states (w->trace, process->proc, &n_spans);
  for (guint i = 0; i < n_spans; i++)
    {
      guint64 end_ns = clamp_end (w, spans[i].end_ns);
      const char *state_name = forkline_state_name (spans[i].state);

      if (!state_is_drawn (&spans[i], end_ns))
        continue;

      /* The lesson's own words name the slice; the kernel-ish state is
       * the category, so Perfetto can still filter by it. */
      write_slice (w, json_pid (w, process->proc), json_pid (w, process->proc), state_name,
                   spans[i].label[0] != '\0' ? spans[i].label : state_name,
                   spans[i].start_ns, end_ns);
      g_string_append (w->out, ",\"args\":{\"state\":");
      forkline_json_append_string (w->out, state_name, -1);
      if (spans[i].object != 0)
        g_string_append_printf (w->out, ",\"object\":%u", spans[i].object);
      g_string_append (w->out, "}}");
    }
}

/* Where a message slice starting at @s must end at the latest so that it
 * nests in the state slice around it (or stays out of the next one). */
static guint64
nesting_limit (Writer                  *w,
               const ForklineStateSpan *spans,
               guint                    n_spans,
               guint                   *cursor,
               guint64                  s)
{
  /* s only grows from one call to the next: spans that ended before it
   * never matter again, so the cursor keeps this linear overall. */
  for (guint i = *cursor; i < n_spans; i++)
    {
      guint64 end_ns = clamp_end (w, spans[i].end_ns);

      if (end_ns <= s)
        {
          *cursor = i + 1;
          continue;
        }
      if (!state_is_drawn (&spans[i], end_ns))
        continue;
      if (spans[i].start_ns <= s && s < end_ns)
        return end_ns;
      if (spans[i].start_ns > s)
        return spans[i].start_ns;
    }
  return G_MAXUINT64;
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *pa = a;
  const Point *pb = b;

  if (pa->time_ns != pb->time_ns)
    return pa->time_ns < pb->time_ns ? -1 : 1;
  if (pa->kind != pb->kind)
    return pa->kind < pb->kind ? -1 : 1;
  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

/* Gives each point a slice [start, end) of at least 2 ns (so the flow
 * event can sit strictly inside), in time order, none overlapping. */
static void
place_point_slices (Writer                *w,
                    const ForklineProcess *process,
                    Point                 *points,
                    guint                  n_points)
{
  const ForklineStateSpan *spans;
  guint n_spans = 0;
  guint64 longest = MAX (MESSAGE_SLICE_MIN_NS, w->end_ns / MESSAGE_SLICE_FRACTION);
  guint64 prev_end = 0;
  guint cursor = 0;

  if (n_points == 0)
    return;

  spans = forkline_trace_get_states (w->trace, process->proc, &n_spans);
  qsort (points, n_points, sizeof *points, compare_points);

  for (guint i = 0; i < n_points; i++)
    {
      guint64 s = MAX (points[i].time_ns, prev_end);
      guint64 e;

      for (;;)
        {
          guint64 limit = nesting_limit (w, spans, n_spans, &cursor, s);

          if (limit - s < 2)
            {
              s = limit;
              continue;
            }
          e = MIN (s + longest, limit);
          if (i + 1 < n_points && points[i + 1].time_ns > s)
            e = MIN (e, points[i + 1].time_ns);
          e = MAX (e, s + 2);
          break;
        }

      points[i].start_ns = s;
      points[i].end_ns = e;
      prev_end = e;
    }
}

static const char *
message_verb (const ForklineMessage *message,
              gboolean               is_receive)
{
  if (message->kind == FORKLINE_OBJECT_PIPE)
    return is_receive ? "recv" : "send";
  return is_receive ? "get" : "put";
}

static const char *
channel_name (Writer                *w,
              const ForklineMessage *message)
{
  const ForklineObject *object = forkline_trace_lookup_object (w->trace, message->object);

  if (object != NULL && object->name != NULL && object->name[0] != '\0')
    return object->name;
  return message->kind == FORKLINE_OBJECT_PIPE ? "pipe" : "queue";
}

static gboolean
message_has_flow (const ForklineMessage *message)
{
  return message->put_ns != FORKLINE_TIME_OPEN && message->sender_proc >= 0 &&
         message->get_ns != FORKLINE_TIME_OPEN && message->receiver_proc >= 0;
}

/* 1 ns into its slice (slices last at least 2 ns): inside it, so Perfetto
 * binds the flow to it, and as close as can be to when it happened, so a
 * put and its get stay in order however long the put's slice is drawn. */
static guint64
flow_time (guint64 slice_start_ns)
{
  return slice_start_ns + 1;
}

static void
write_flow (Writer     *w,
            gint64      pid,
            gint64      tid,
            gboolean    is_end,
            const char *cat,
            const char *name,
            guint       id,
            guint64     time_ns)
{
  begin_event (w, is_end ? "f" : "s", pid, tid);
  append_string_member (w, "cat", cat);
  append_string_member (w, "name", name);
  g_string_append_printf (w->out, ",\"id\":%u", id);
  if (is_end)
    g_string_append (w->out, ",\"bp\":\"e\"");
  append_key (w, "ts");
  append_us (w->out, time_ns);
  g_string_append_c (w->out, '}');
}

/* Flow ids: messages first, then pool tasks. */
static guint
message_flow_id (Writer *w,
                 guint   message)
{
  return 1 + message;
}

static guint
task_flow_id (Writer *w,
              guint   task)
{
  guint n_messages = 0;

  forkline_trace_get_messages (w->trace, &n_messages);
  return 1 + n_messages + task;
}

static void
write_message_point (Writer                *w,
                     const ForklineProcess *process,
                     const Point           *point)
{
  guint n_messages = 0;
  const ForklineMessage *message = &forkline_trace_get_messages (w->trace, &n_messages)[point->index];
  gint64 pid = json_pid (w, process->proc);
  gboolean is_receive = point->kind == POINT_GET;
  const char *cat = message->kind == FORKLINE_OBJECT_PIPE ? "pipe" : "queue";
  const char *channel = channel_name (w, message);
  g_autofree char *name = g_strdup_printf ("%s %s", message_verb (message, is_receive), channel);

  write_slice (w, pid, pid, cat, name, point->start_ns, point->end_ns);
  g_string_append (w->out, ",\"args\":{\"item\":");
  forkline_json_append_string (w->out, message->text, -1);
  append_string_member (w, "channel", channel);
  g_string_append_printf (w->out, ",\"msg_id\":\"%" G_GUINT64_FORMAT "\"", message->msg_id);
  if (!is_receive && message->get_ns == FORKLINE_TIME_OPEN)
    g_string_append (w->out, ",\"received\":false");
  g_string_append (w->out, "}}");

  /* A flow needs both ends: a message never received (or whose put was
   * not seen) is a slice without an arrow rather than a dangling flow. */
  if (message_has_flow (message))
    write_flow (w, pid, pid, is_receive, cat, channel,
                message_flow_id (w, point->index),
                flow_time (point->start_ns));
}

static char *
task_call (const ForklineTask *task)
{
  return g_strdup_printf ("%s(%s)", task->function[0] != '\0' ? task->function : "task",
                          task->argument != NULL ? task->argument : "");
}

static gboolean
task_has_flow (const ForklineTask *task)
{
  return task->dispatch_ns != FORKLINE_TIME_OPEN && task->dispatcher_proc >= 0 &&
         task->start_ns != FORKLINE_TIME_OPEN && task->worker_proc >= 0;
}

static void
write_dispatch_point (Writer                *w,
                      const ForklineProcess *process,
                      const Point           *point)
{
  guint n_tasks = 0;
  const ForklineTask *task = &forkline_trace_get_tasks (w->trace, &n_tasks)[point->index];
  g_autofree char *call = task_call (task);
  g_autofree char *name = g_strdup_printf ("dispatch %s", call);
  gint64 pid = json_pid (w, process->proc);

  write_slice (w, pid, pid, "pool", name, point->start_ns, point->end_ns);
  g_string_append_printf (w->out, ",\"args\":{\"task\":%" G_GINT64_FORMAT ",\"chunk\":%" G_GINT64_FORMAT
                          ",\"chunk_size\":%" G_GINT64_FORMAT "}}",
                          task->task, task->chunk, task->chunk_size);

  if (task_has_flow (task))
    write_flow (w, pid, pid, FALSE, "pool", "task",
                task_flow_id (w, point->index),
                flow_time (point->start_ns));
}

static void
add_point (GArray    *points,
           PointKind  kind,
           guint      index,
           guint64    time_ns)
{
  Point point = { .time_ns = time_ns, .index = index, .kind = kind };

  g_array_append_val (points, point);
}

/* Message put / get and task dispatch slices of @process, with their flows. */
static void
write_points (Writer                *w,
              const ForklineProcess *process)
{
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (Point));
  const ForklineMessage *messages;
  const ForklineTask *tasks;
  guint n_messages = 0, n_tasks = 0;

  messages = forkline_trace_get_messages (w->trace, &n_messages);
  for (guint i = 0; i < n_messages; i++)
    {
      if (messages[i].sender_proc == process->proc && messages[i].put_ns != FORKLINE_TIME_OPEN)
        add_point (points, POINT_PUT, i, messages[i].put_ns);
      if (messages[i].receiver_proc == process->proc && messages[i].get_ns != FORKLINE_TIME_OPEN)
        add_point (points, POINT_GET, i, messages[i].get_ns);
    }

  tasks = forkline_trace_get_tasks (w->trace, &n_tasks);
  for (guint i = 0; i < n_tasks; i++)
    if (tasks[i].dispatcher_proc == process->proc && tasks[i].dispatch_ns != FORKLINE_TIME_OPEN)
      add_point (points, POINT_DISPATCH, i, tasks[i].dispatch_ns);

  place_point_slices (w, process, (Point *) (gpointer) points->data, points->len);
  for (guint i = 0; i < points->len; i++)
    {
      const Point *point = &g_array_index (points, Point, i);

      if (point->kind == POINT_DISPATCH)
        write_dispatch_point (w, process, point);
      else
        write_message_point (w, process, point);
    }
}

/* A worker's tasks get a thread of their own in its process: a task spans
 * several states (a task that sleeps), so it cannot nest among them. */
static void
write_tasks (Writer                *w,
             const ForklineProcess *process)
{
  const ForklineTask *tasks;
  guint n_tasks = 0;
  gint64 pid = json_pid (w, process->proc);
  gint64 tid = FORKLINE_PERFETTO_TASK_TID_BASE + process->proc;
  gboolean named = FALSE;
  guint64 prev_end = 0;

  tasks = forkline_trace_get_tasks (w->trace, &n_tasks);
  for (guint i = 0; i < n_tasks; i++)
    {
      const ForklineTask *task = &tasks[i];
      g_autofree char *call = NULL;
      guint64 start_ns, end_ns;

      if (task->worker_proc != process->proc || task->start_ns == FORKLINE_TIME_OPEN)
        continue;

      /* at least 2 ns, so the flow end can sit strictly inside */
      start_ns = MAX (task->start_ns, prev_end);
      end_ns = MAX (clamp_end (w, task->finish_ns), start_ns + 2);
      prev_end = end_ns;

      if (!named)
        {
          write_metadata (w, "thread_name", pid, tid, "pool tasks", 0);
          named = TRUE;
        }

      call = task_call (task);
      write_slice (w, pid, tid, "pool", call, start_ns, end_ns);
      g_string_append_printf (w->out, ",\"args\":{\"task\":%" G_GINT64_FORMAT ",\"chunk\":%" G_GINT64_FORMAT
                              ",\"result\":", task->task, task->chunk);
      forkline_json_append_string (w->out, task->result, -1);
      g_string_append (w->out, "}}");

      if (task_has_flow (task))
        write_flow (w, pid, tid, TRUE, "pool", "task", task_flow_id (w, i),
                    flow_time (start_ns));
    }
}

/* An instant named @name; its category is the event kind's name from the
 * table of event kinds ("print", "array-write", "error"). */
static void
write_instant (Writer     *w,
               gint64      pid,
               guint       event,
               const char *name,
               guint64     time_ns)
{
  ForklineEvent ev;
  const char *cat = NULL;

  if (forkline_trace_get_event (w->trace, event, &ev))
    cat = forkline_event_type_name (ev.type);
  begin_event (w, "i", pid, pid);
  g_string_append (w->out, ",\"s\":\"t\"");
  append_string_member (w, "cat", cat);
  append_string_member (w, "name", name);
  append_key (w, "ts");
  append_us (w->out, time_ns);
  g_string_append_c (w->out, '}');
}

/* Instants on a process's thread: prints, shared-array writes, errors. */
static void
write_instants (Writer *w)
{
  const ForklinePrint *prints;
  const ForklineArrayWrite *writes;
  const ForklineError *errors;
  guint n = 0;

  prints = forkline_trace_get_prints (w->trace, &n);
  for (guint i = 0; i < n; i++)
    if (json_pid (w, prints[i].proc) != 0)
      write_instant (w, json_pid (w, prints[i].proc), prints[i].event, prints[i].text, prints[i].time_ns);

  writes = forkline_trace_get_array_writes (w->trace, &n);
  for (guint i = 0; i < n; i++)
    {
      const ForklineObject *array;
      g_autofree char *name = NULL;

      if (json_pid (w, writes[i].proc) == 0)
        continue;
      array = forkline_trace_lookup_object (w->trace, writes[i].object);
      name = g_strdup_printf ("%s[%" G_GINT64_FORMAT "] = %" G_GINT64_FORMAT " (was %" G_GINT64_FORMAT ")",
                              array != NULL && array->name[0] != '\0' ? array->name : "array",
                              writes[i].cell, writes[i].new_value, writes[i].old_value);
      write_instant (w, json_pid (w, writes[i].proc), writes[i].event, name, writes[i].time_ns);
    }

  errors = forkline_trace_get_errors (w->trace, &n);
  for (guint i = 0; i < n; i++)
    if (json_pid (w, errors[i].proc) != 0)
      write_instant (w, json_pid (w, errors[i].proc), errors[i].event, errors[i].text, errors[i].time_ns);
}

static void
write_processes (Writer *w)
{
  guint n_processes = forkline_trace_get_n_processes (w->trace);

  for (guint proc = 0; proc < n_processes; proc++)
    {
      const ForklineProcess *process = forkline_trace_get_process (w->trace, proc);
      gint64 pid = json_pid (w, proc);

      /* A proc index never seen in the stream has no pid to show. */
      if (pid == 0)
        continue;

      write_metadata (w, "process_name", pid, pid, process->name, 0);
      write_metadata (w, "process_sort_index", pid, pid, NULL, 1 + proc);
      write_metadata (w, "thread_name", pid, pid, process->name, 0);
      write_states (w, process);
      write_points (w, process);
      write_tasks (w, process);
    }
}

static void
write_cpus (Writer *w)
{
  guint n_cpus = forkline_trace_get_n_cpus (w->trace);
  const gint64 pid = FORKLINE_PERFETTO_CPU_PID;

  if (n_cpus == 0)
    return;

  write_metadata (w, "process_name", pid, pid, "CPUs", 0);
  write_metadata (w, "process_sort_index", pid, pid, NULL, 0);

  for (guint cpu = 0; cpu < n_cpus; cpu++)
    {
      const ForklineCpuSpan *spans;
      guint n_spans = 0;
      gint64 tid = pid + 1 + cpu;
      g_autofree char *thread_name = g_strdup_printf ("CPU %u", cpu);
      guint64 prev_end = 0;

      write_metadata (w, "thread_name", pid, tid, thread_name, 0);
      write_metadata (w, "thread_sort_index", pid, tid, NULL, cpu);

      spans = forkline_trace_get_cpu_spans (w->trace, cpu, &n_spans);
      for (guint i = 0; i < n_spans; i++)
        {
          const ForklineProcess *process = NULL;
          guint64 start_ns = MAX (spans[i].start_ns, prev_end);
          guint64 end_ns = clamp_end (w, spans[i].end_ns);
          g_autofree char *other = NULL;

          /* Sampled data can overlap by a sample; slices must not. */
          if (end_ns <= start_ns)
            continue;
          prev_end = end_ns;

          if (spans[i].proc >= 0)
            process = forkline_trace_get_process (w->trace, spans[i].proc);
          if (process == NULL || process->name[0] == '\0')
            other = g_strdup_printf ("pid %d", spans[i].pid);

          write_slice (w, pid, tid, "cpu", other != NULL ? other : process->name, start_ns, end_ns);
          g_string_append_printf (w->out, ",\"args\":{\"pid\":%d,\"sampled\":%s}}",
                                  spans[i].pid, spans[i].sampled ? "true" : "false");
        }
    }
}

static void
write_other_data (Writer *w)
{
  const ForklineTraceHeader *header = forkline_trace_get_header (w->trace);
  const ForklineLessonEnd *end = forkline_trace_get_lesson_end (w->trace);
  const char *method = "none";

  if (header->method == FORKLINE_METHOD_PERF_SWITCH)
    method = "exact (perf context switches)";
  else if (header->method == FORKLINE_METHOD_PROC_SAMPLED)
    method = "sampled (/proc at 1 kHz)";

  g_string_append (w->out, ",\n  \"otherData\": {\"generator\":\"Forkline " PACKAGE_VERSION "\",\"lesson\":");
  forkline_json_append_string (w->out, header->lesson_id, -1);
  append_string_member (w, "title", header->title);
  append_string_member (w, "parameters", header->params);
  append_string_member (w, "cpu_data", method);
  g_string_append_printf (w->out, ",\"run_start_unix_ns\":\"%" G_GUINT64_FORMAT "\"", header->wall_clock_ns);
  if (end->ended)
    append_string_member (w, "summary", end->summary);
  g_string_append (w->out, "}");
}

GString *
forkline_export_perfetto_to_string (ForklineTrace *trace)
{
  Writer w = { 0 };

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), NULL);

  w.out = g_string_new ("{\n  \"displayTimeUnit\": \"ms\",\n  \"traceEvents\": [");
  w.trace = trace;
  w.end_ns = forkline_trace_get_end_time (trace);
  w.first = TRUE;
  assign_pids (&w);

  write_cpus (&w);
  write_processes (&w);
  write_instants (&w);

  g_string_append (w.out, "\n  ]");
  write_other_data (&w);
  g_string_append (w.out, "\n}\n");

  g_array_unref (w.pids);
  return w.out;
}

gboolean
forkline_export_write_perfetto (ForklineTrace  *trace,
                                const char     *path,
                                GError        **error)
{
  g_autoptr(GString) json = NULL;
  ForklineOutputFile *output;

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = forkline_export_perfetto_to_string (trace);
  output = forkline_output_file_open (path, error);
  if (output == NULL)
    return FALSE;
  if (!forkline_output_file_write (output, json->str, json->len, error))
    {
      forkline_output_file_abort (output);
      return FALSE;
    }
  return forkline_output_file_commit (output, error);
}
