/* test-export-perfetto.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Perfetto JSON checked against the trace-event rules Perfetto's
 * importer applies: slices nest per thread, every flow start has its end,
 * each flow event sits inside a slice on its thread, pids and tids are
 * named and consistent, timestamps are µs.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "forkline-export-image.h"
#include "forkline-export-perfetto.h"

#include "export-test-trace.h"

/* Times in ns, as Perfetto reads them: llround (µs * 1000). */
typedef struct
{
  gint64  pid;
  gint64  tid;
  gint64  ts;
  gint64  end;
  const char *name;
  const char *cat;
} Slice;

typedef struct
{
  JsonParser *parser;
  JsonArray  *events;
  GArray     *slices;          /* Slice */
  GHashTable *process_names;   /* pid -> name */
  GHashTable *thread_names;    /* "pid/tid" -> name */
} Parsed;

static void
parsed_clear (Parsed *p)
{
  g_clear_object (&p->parser);
  g_clear_pointer (&p->slices, g_array_unref);
  g_clear_pointer (&p->process_names, g_hash_table_unref);
  g_clear_pointer (&p->thread_names, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static char *
thread_key (gint64 pid,
            gint64 tid)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, pid, tid);
}

static double
member_number (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
                 json_node_get_value_type (node) == G_TYPE_INT64);
  return json_node_get_double (node);
}

static gint64
member_ns (JsonObject *o,
           const char *name)
{
  return llround (member_number (o, name) * 1000.0);
}

/* Parses @json and checks what every event must have. */
static void
parse (Parsed     *p,
       const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  p->parser = json_parser_new ();
  json_parser_load_from_data (p->parser, json, -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (p->parser));
  g_assert_nonnull (root);
  g_assert_cmpstr (json_object_get_string_member (root, "displayTimeUnit"), ==, "ms");
  p->events = json_object_get_array_member (root, "traceEvents");
  g_assert_nonnull (p->events);

  p->slices = g_array_new (FALSE, FALSE, sizeof (Slice));
  p->process_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  p->thread_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (p->events); i++)
    {
      JsonObject *ev = json_array_get_object_element (p->events, i);
      const char *ph = json_object_get_string_member (ev, "ph");
      gint64 pid = json_object_get_int_member (ev, "pid");
      gint64 tid = json_object_get_int_member (ev, "tid");

      g_assert_nonnull (ph);
      g_assert_true (json_object_has_member (ev, "pid"));
      g_assert_true (json_object_has_member (ev, "tid"));
      g_assert_cmpint (pid, >, 0);

      if (g_str_equal (ph, "M"))
        {
          const char *what = json_object_get_string_member (ev, "name");
          JsonObject *args = json_object_get_object_member (ev, "args");

          if (g_str_equal (what, "process_name"))
            g_hash_table_insert (p->process_names, g_memdup2 (&pid, sizeof pid),
                                 (gpointer) json_object_get_string_member (args, "name"));
          else if (g_str_equal (what, "thread_name"))
            g_hash_table_insert (p->thread_names, thread_key (pid, tid),
                                 (gpointer) json_object_get_string_member (args, "name"));
          continue;
        }

      g_assert_true (json_object_has_member (ev, "ts"));
      g_assert_cmpfloat (member_number (ev, "ts"), >=, 0);
      g_assert_nonnull (json_object_get_string_member (ev, "name"));

      if (g_str_equal (ph, "X"))
        {
          Slice s = {
            pid, tid, member_ns (ev, "ts"), 0,
            json_object_get_string_member (ev, "name"),
            json_object_get_string_member (ev, "cat"),
          };

          g_assert_cmpfloat (member_number (ev, "dur"), >=, 0);
          s.end = s.ts + member_ns (ev, "dur");
          g_array_append_val (p->slices, s);
        }
      else if (g_str_equal (ph, "i"))
        g_assert_cmpstr (json_object_get_string_member (ev, "s"), ==, "t");
      else
        g_assert_true (g_str_equal (ph, "s") || g_str_equal (ph, "f"));
    }
}

static int
compare_slices (gconstpointer a,
                gconstpointer b)
{
  const Slice *sa = a, *sb = b;

  if (sa->pid != sb->pid)
    return sa->pid < sb->pid ? -1 : 1;
  if (sa->tid != sb->tid)
    return sa->tid < sb->tid ? -1 : 1;
  if (sa->ts != sb->ts)
    return sa->ts < sb->ts ? -1 : 1;
  /* the longer one encloses */
  return sa->end > sb->end ? -1 : sa->end < sb->end;
}

/* Slices on one thread either nest or follow each other. */
static void
check_nesting (Parsed *p)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Slice));

  g_array_sort (p->slices, compare_slices);
  for (guint i = 0; i < p->slices->len; i++)
    {
      const Slice *s = &g_array_index (p->slices, Slice, i);

      if (i > 0)
        {
          const Slice *prev = &g_array_index (p->slices, Slice, i - 1);
          if (prev->pid != s->pid || prev->tid != s->tid)
            g_array_set_size (stack, 0);
        }
      while (stack->len > 0 && g_array_index (stack, Slice, stack->len - 1).end <= s->ts)
        g_array_set_size (stack, stack->len - 1);
      if (stack->len > 0)
        {
          const Slice *parent = &g_array_index (stack, Slice, stack->len - 1);
          if (s->end > parent->end)
            g_error ("slice “%s” [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "] on %" G_GINT64_FORMAT
                     "/%" G_GINT64_FORMAT " overlaps “%s” [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                     "] without nesting",
                     s->name, s->ts, s->end, s->pid, s->tid, parent->name, parent->ts, parent->end);
        }
      g_array_append_val (stack, *s);
    }
}

/* Perfetto binds a flow event to the innermost slice open at its ts. */
static const Slice *
enclosing_slice (Parsed *p,
                 gint64  pid,
                 gint64  tid,
                 gint64  ts)
{
  const Slice *best = NULL;

  for (guint i = 0; i < p->slices->len; i++)
    {
      const Slice *s = &g_array_index (p->slices, Slice, i);

      if (s->pid == pid && s->tid == tid && s->ts < ts && ts < s->end &&
          (best == NULL || s->ts >= best->ts))
        best = s;
    }
  return best;
}

/* Checks flows; returns how many arrows there are. */
static guint
check_flows (Parsed *p)
{
  g_autoptr(GHashTable) starts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) ends = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < json_array_get_length (p->events); i++)
    {
      JsonObject *ev = json_array_get_object_element (p->events, i);
      const char *ph = json_object_get_string_member (ev, "ph");
      gboolean is_start = g_str_equal (ph, "s");
      const Slice *slice;

      if (!is_start && !g_str_equal (ph, "f"))
        continue;

      g_assert_true (json_object_has_member (ev, "id"));
      g_assert_nonnull (json_object_get_string_member (ev, "cat"));
      if (!is_start)
        g_assert_cmpstr (json_object_get_string_member (ev, "bp"), ==, "e");

      slice = enclosing_slice (p, json_object_get_int_member (ev, "pid"),
                               json_object_get_int_member (ev, "tid"), member_ns (ev, "ts"));
      g_assert_nonnull (slice);
      /* the slice is the message's own, not the state around it */
      g_assert_true (g_str_equal (slice->cat, "queue") || g_str_equal (slice->cat, "pipe") ||
                     g_str_equal (slice->cat, "pool"));
      g_assert_cmpstr (slice->cat, ==, json_object_get_string_member (ev, "cat"));

      {
        GHashTable *table = is_start ? starts : ends;
        gint64 *id = g_new (gint64, 1);

        *id = json_object_get_int_member (ev, "id");
        g_assert_false (g_hash_table_contains (table, id));
        g_hash_table_insert (table, id, ev);
      }
    }

  g_assert_cmpuint (g_hash_table_size (starts), ==, g_hash_table_size (ends));
  g_hash_table_iter_init (&iter, starts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *start = value;
      JsonObject *end = g_hash_table_lookup (ends, key);

      g_assert_nonnull (end);
      g_assert_cmpstr (json_object_get_string_member (start, "cat"), ==,
                       json_object_get_string_member (end, "cat"));
      g_assert_cmpstr (json_object_get_string_member (start, "name"), ==,
                       json_object_get_string_member (end, "name"));
    }

  /* the hash tables own nothing but the ids */
  g_hash_table_iter_init (&iter, starts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);
  g_hash_table_iter_init (&iter, ends);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);

  return g_hash_table_size (starts);
}

/* Every pid and (pid, tid) that carries events is named. */
static void
check_names (Parsed *p)
{
  for (guint i = 0; i < json_array_get_length (p->events); i++)
    {
      JsonObject *ev = json_array_get_object_element (p->events, i);
      gint64 pid = json_object_get_int_member (ev, "pid");
      g_autofree char *key = thread_key (pid, json_object_get_int_member (ev, "tid"));

      /* process-wide metadata is not about a thread */
      if (g_str_equal (json_object_get_string_member (ev, "ph"), "M") &&
          g_str_has_prefix (json_object_get_string_member (ev, "name"), "process_"))
        continue;

      g_assert_true (g_hash_table_contains (p->process_names, &pid));
      g_assert_true (g_hash_table_contains (p->thread_names, key));
    }
}

static void
check_trace_rules (Parsed *p)
{
  check_nesting (p);
  check_flows (p);
  check_names (p);
}

static ForklineTrace *
load_test_trace (void)
{
  g_autoptr(GBytes) bytes = export_test_trace_bytes (NULL);
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GError) error = NULL;

  forkline_trace_load_bytes (trace, bytes, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&trace);
}

static const Slice *
find_slice (Parsed     *p,
            gint64      pid,
            const char *name)
{
  for (guint i = 0; i < p->slices->len; i++)
    {
      const Slice *s = &g_array_index (p->slices, Slice, i);
      if (s->pid == pid && g_str_equal (s->name, name))
        return s;
    }
  return NULL;
}

static void
test_perfetto_known_trace (void)
{
  g_autoptr(ForklineTrace) trace = load_test_trace ();
  g_autoptr(GString) json = forkline_export_perfetto_to_string (trace);
  gint64 cpu_pid = FORKLINE_PERFETTO_CPU_PID;
  gint64 main_pid = TEST_MAIN_PID;
  gint64 child_pid = TEST_CHILD_PID;
  g_autofree char *cpu1 = thread_key (cpu_pid, cpu_pid + 1 + TEST_CHILD_CPU);
  g_auto(Parsed) p = { 0 };
  const Slice *s;
  gboolean found_print = FALSE;
  gboolean found_write = FALSE;

  parse (&p, json->str);
  check_nesting (&p);
  check_names (&p);

  /* two messages were received (q msg 7, pipe msg 9) and a task was
   * dispatched: three arrows; the never-received message has a slice but
   * no dangling flow */
  g_assert_cmpuint (check_flows (&p), ==, 3);
  g_assert_nonnull (find_slice (&p, child_pid, "put q"));
  g_assert_nonnull (find_slice (&p, main_pid, "get q"));
  g_assert_nonnull (find_slice (&p, child_pid, "send conn"));
  g_assert_nonnull (find_slice (&p, main_pid, "recv conn"));
  g_assert_nonnull (find_slice (&p, main_pid, "dispatch sq(7)"));

  /* the task on the worker's own "pool tasks" thread, start to finish */
  s = find_slice (&p, child_pid, "sq(7)");
  g_assert_nonnull (s);
  g_assert_cmpint (s->tid, ==, FORKLINE_PERFETTO_TASK_TID_BASE + 1);
  g_assert_cmpint (s->ts, ==, 1270 * TEST_MS);
  g_assert_cmpint (s->end, ==, 1290 * TEST_MS);

  /* flow events sit 1 ns into their slices: at the put, at the get */
  for (guint i = 0; i < json_array_get_length (p.events); i++)
    {
      JsonObject *ev = json_array_get_object_element (p.events, i);
      const char *ph = json_object_get_string_member (ev, "ph");

      if (g_str_equal (ph, "s") && json_object_get_int_member (ev, "id") == 1)
        g_assert_cmpint (member_ns (ev, "ts"), ==, 1000 * TEST_MS + 1);
      else if (g_str_equal (ph, "f") && json_object_get_int_member (ev, "id") == 1)
        g_assert_cmpint (member_ns (ev, "ts"), ==, 1000 * TEST_MS + 50000 + 1);
    }

  /* processes by real pid, named as the lesson names them; CPUs apart */
  g_assert_cmpstr (g_hash_table_lookup (p.process_names, &main_pid), ==, "main");
  g_assert_cmpstr (g_hash_table_lookup (p.process_names, &child_pid), ==, "Process-1");
  g_assert_cmpstr (g_hash_table_lookup (p.process_names, &cpu_pid), ==, "CPUs");
  g_assert_cmpstr (g_hash_table_lookup (p.thread_names, cpu1), ==, "CPU 1");

  /* states are slices in µs, named in the lesson's words */
  s = find_slice (&p, main_pid, "blocked in get() on the queue");
  g_assert_nonnull (s);
  g_assert_cmpint (s->ts, ==, 400000);
  g_assert_cmpint (s->end, ==, 1000050000);

  /* the worker's on-CPU time is a slice on CPU 1 named after it */
  s = NULL;
  for (guint i = 0; i < p.slices->len; i++)
    {
      const Slice *c = &g_array_index (p.slices, Slice, i);
      if (c->pid == cpu_pid && c->tid == cpu_pid + 1 + TEST_CHILD_CPU)
        s = c;
    }
  g_assert_nonnull (s);
  g_assert_cmpstr (s->name, ==, "Process-1");
  g_assert_cmpint (s->ts, ==, 300000);
  g_assert_cmpint (s->end, ==, 1300 * TEST_MS);

  /* the print is an instant event with ns kept as µs fractions */
  for (guint i = 0; i < json_array_get_length (p.events); i++)
    {
      JsonObject *ev = json_array_get_object_element (p.events, i);

      if (g_str_equal (json_object_get_string_member (ev, "ph"), "i") &&
          g_strcmp0 (json_object_get_string_member (ev, "name"), "got hello") == 0)
        {
          g_assert_cmpint (json_object_get_int_member (ev, "pid"), ==, TEST_MAIN_PID);
          g_assert_cmpint (member_ns (ev, "ts"), ==, TEST_PRINT_NS);
          found_print = TRUE;
        }
      if (g_str_equal (json_object_get_string_member (ev, "ph"), "i") &&
          g_strcmp0 (json_object_get_string_member (ev, "cat"), "array-write") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (ev, "name"), ==, "a[1] = 9 (was 3)");
          g_assert_cmpint (json_object_get_int_member (ev, "pid"), ==, TEST_CHILD_PID);
          g_assert_cmpint (member_ns (ev, "ts"), ==, 1280 * TEST_MS);
          found_write = TRUE;
        }
    }
  g_assert_true (found_print);
  g_assert_true (found_write);

  /* control characters in an item are escaped, not raw */
  g_assert_nonnull (strstr (json->str, "never read\\n\\t\\u0001"));
}

/* Many messages at the same ns on one process still get slices that do
 * not overlap, each holding its flow event. */
static void
test_perfetto_simultaneous_messages (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GString) json = NULL;
  g_auto(Parsed) p = { 0 };
  ForklineEvent ev = { 0 };

  forkline_trace_begin_batch (trace);
  ev.type = FORKLINE_EV_HEADER; ev.a = 1; ev.b = 1; ev.label = "burst"; ev.label_len = 5;
  ev.proc = -1; ev.cpu = -1;
  forkline_trace_append (trace, &ev);
  for (int proc = 0; proc < 2; proc++)
    {
      ForklineEvent fork = { .type = FORKLINE_EV_PROC_FORK, .pid = 500 + proc, .proc = proc,
                             .cpu = -1, .a = proc - 1, .label = proc ? "Process-1" : "main",
                             .label_len = proc ? 9 : 4 };
      ForklineEvent state = { .type = FORKLINE_EV_STATE, .pid = 500 + proc, .proc = proc,
                              .cpu = -1, .a = FORKLINE_STATE_RUNNING };
      forkline_trace_append (trace, &fork);
      forkline_trace_append (trace, &state);
    }
  {
    ForklineEvent q = { .type = FORKLINE_EV_OBJECT_NEW, .object = 1, .a = FORKLINE_OBJECT_QUEUE,
                        .cpu = -1, .label = "q", .label_len = 1 };
    forkline_trace_append (trace, &q);
  }
  for (guint64 i = 1; i <= 50; i++)
    {
      ForklineEvent put = { .type = FORKLINE_EV_QUEUE_PUT, .time_ns = 1000, .pid = 501, .proc = 1,
                            .cpu = -1, .object = 1, .msg_id = i, .text = "x", .text_len = 1 };
      ForklineEvent get = put;

      forkline_trace_append (trace, &put);
      get.type = FORKLINE_EV_QUEUE_GET;
      get.pid = 500;
      get.proc = 0;
      get.time_ns = 1001;
      forkline_trace_append (trace, &get);
    }
  {
    /* a state change in the middle of the burst: message slices must not
     * straddle it */
    ForklineEvent state = { .type = FORKLINE_EV_STATE, .time_ns = 1010, .pid = 500, .proc = 0,
                            .cpu = -1, .a = FORKLINE_STATE_SLEEPING };
    ForklineEvent last = { .type = FORKLINE_EV_PROC_EXIT, .time_ns = 5000, .pid = 500, .proc = 0, .cpu = -1 };
    forkline_trace_append (trace, &state);
    forkline_trace_append (trace, &last);
  }
  forkline_trace_end_batch (trace);

  json = forkline_export_perfetto_to_string (trace);
  parse (&p, json->str);
  check_nesting (&p);
  check_names (&p);
  g_assert_cmpuint (check_flows (&p), ==, 50);
}

/* The kernel may give a later process of the run the pid of one that
 * exited: they stay two tracks. */
static void
test_perfetto_pid_reuse (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GString) json = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(Parsed) p = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  ForklineEvent header = { .type = FORKLINE_EV_HEADER, .a = 1, .b = 1, .proc = -1, .cpu = -1 };
  ForklineEvent main_fork = { .type = FORKLINE_EV_PROC_FORK, .pid = 600, .proc = 0, .cpu = -1, .a = -1,
                              .label = "main", .label_len = 4 };

  forkline_trace_append (trace, &header);
  forkline_trace_append (trace, &main_fork);
  for (int proc = 1; proc <= 2; proc++)
    {
      guint64 t = proc * 1000;
      ForklineEvent fork = { .type = FORKLINE_EV_PROC_FORK, .time_ns = t, .pid = 700, .proc = proc, .cpu = -1,
                             .a = 0, .label = proc == 1 ? "Process-1" : "Process-2", .label_len = 9 };
      ForklineEvent state = { .type = FORKLINE_EV_STATE, .time_ns = t + 10, .pid = 700, .proc = proc,
                              .cpu = -1, .a = FORKLINE_STATE_RUNNING };
      ForklineEvent exit_ev = { .type = FORKLINE_EV_PROC_EXIT, .time_ns = t + 500, .pid = 700, .proc = proc,
                                .cpu = -1 };

      forkline_trace_append (trace, &fork);
      forkline_trace_append (trace, &state);
      forkline_trace_append (trace, &exit_ev);
    }

  json = forkline_export_perfetto_to_string (trace);
  parse (&p, json->str);
  check_trace_rules (&p);

  g_hash_table_iter_init (&iter, p.process_names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_add (names, value);
  g_assert_true (g_hash_table_contains (names, "Process-1"));
  g_assert_true (g_hash_table_contains (names, "Process-2"));
  /* CPUs, main, Process-1, Process-2 */
  g_assert_cmpuint (g_hash_table_size (p.process_names), ==, 4);
}

/* Whatever fixture traces the project carries follow the rules too. */
static void
test_perfetto_fixtures (void)
{
  const char *dir = g_getenv ("FORKLINE_FIXTURES");
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint n = 0;

  if (dir == NULL || (d = g_dir_open (dir, 0, NULL)) == NULL)
    {
      g_test_skip ("no fixture directory");
      return;
    }

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(ForklineTrace) trace = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) json = NULL;
      g_auto(Parsed) p = { 0 };

      if (!g_str_has_suffix (name, ".forkline"))
        continue;

      trace = forkline_trace_new_from_file (path, &error);
      if (!forkline_trace_get_header (trace)->has_header)
        continue;   /* a deliberately foreign fixture */
      g_test_message ("%s: %u events", name, forkline_trace_get_n_events (trace));

      json = forkline_export_perfetto_to_string (trace);
      parse (&p, json->str);
      check_trace_rules (&p);
      n++;
    }

  if (n == 0)
    g_test_skip ("no fixture traces yet");
}

static void
test_perfetto_write_file (void)
{
  g_autoptr(ForklineTrace) trace = load_test_trace ();
  g_autofree char *dir = g_dir_make_tmp ("forkline-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.JSON", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = forkline_export_perfetto_to_string (trace);

  /* the dialog's entry point picks JSON by the extension, in any case */
  g_assert_true (forkline_export_write_file (trace, NULL, path, 0, 0, 0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, json->str);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/perfetto/known-trace", test_perfetto_known_trace);
  g_test_add_func ("/export/perfetto/simultaneous-messages", test_perfetto_simultaneous_messages);
  g_test_add_func ("/export/perfetto/pid-reuse", test_perfetto_pid_reuse);
  g_test_add_func ("/export/perfetto/fixtures", test_perfetto_fixtures);
  g_test_add_func ("/export/perfetto/write-file", test_perfetto_write_file);

  return g_test_run ();
}
