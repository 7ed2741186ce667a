/* test-engine-sched.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The per-CPU records of the cpu-bound lesson (more workers than CPUs):
 * exact (perf) intervals never overlap on one CPU, and each worker's sum is
 * its CPU time as the kernel accounts it (wait4's rusage, in PROC_EXIT's c).
 * With FORKLINE_SCHED=proc the /proc sampler is checked instead.
 */

#include "config.h"

#include <string.h>

#include <unistd.h>

#include "engine-test-util.h"

typedef struct
{
  gint64 start;
  gint64 end;
  pid_t  pid;
} Interval;

static int
interval_cmp (gconstpointer a,
              gconstpointer b)
{
  const Interval *ia = a, *ib = b;

  return ia->start < ib->start ? -1 : ia->start > ib->start;
}

static void
test_cpu_bound_intervals (void)
{
  gboolean sampled = test_expected_method () == FORKLINE_METHOD_PROC_SAMPLED;
  g_autoptr(TestRun) run = test_run_lesson ("cpu-bound", "--set", "tasks=8", "--set", "work=40", NULL);
  TestEvent *hdr = &g_array_index (run->events, TestEvent, 0);
  int n_cpus = (int) hdr->ev.b;
  g_autoptr(GHashTable) open = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) on_cpu_ns = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) per_cpu = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint workers = 0;
  guint switches = 0;

  g_assert_cmpint (hdr->ev.c, ==, sampled ? FORKLINE_METHOD_PROC_SAMPLED : FORKLINE_METHOD_PERF_SWITCH);
  for (int c = 0; c < n_cpus; c++)
    g_ptr_array_add (per_cpu, g_array_new (FALSE, FALSE, sizeof (Interval)));

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);
      gpointer key = GINT_TO_POINTER (te->ev.pid);

      if (te->ev.type == FORKLINE_EV_SWITCH_IN)
        {
          Interval *iv = g_new0 (Interval, 1);

          switches++;
          g_assert_cmpint ((te->ev.flags & FORKLINE_FLAG_SAMPLED) != 0, ==, sampled);
          g_assert_cmpint (te->ev.cpu, >=, 0);
          g_assert_cmpint (te->ev.cpu, <, n_cpus);
          /* a process is switched in only when it was out */
          g_assert_false (g_hash_table_contains (open, key));
          iv->start = (gint64) te->ev.time_ns;
          iv->end = te->ev.cpu;   /* remembers the CPU until the switch-out */
          iv->pid = te->ev.pid;
          g_hash_table_insert (open, key, iv);
        }
      else if (te->ev.type == FORKLINE_EV_SWITCH_OUT)
        {
          Interval *iv = g_hash_table_lookup (open, key);
          Interval done;
          gint64 *sum;

          g_assert_nonnull (iv);
          g_assert_cmpint (iv->end, ==, te->ev.cpu);
          done.start = iv->start;
          done.end = (gint64) te->ev.time_ns;
          done.pid = iv->pid;
          g_assert_cmpint (done.end, >=, done.start);
          g_array_append_val (g_ptr_array_index (per_cpu, te->ev.cpu), done);
          g_hash_table_remove (open, key);

          sum = g_hash_table_lookup (on_cpu_ns, key);
          if (sum == NULL)
            {
              sum = g_new0 (gint64, 1);
              g_hash_table_insert (on_cpu_ns, key, sum);
            }
          *sum += done.end - done.start;
        }
    }
  /* every interval was closed by the end of the run */
  g_assert_cmpuint (g_hash_table_size (open), ==, 0);
  g_assert_cmpuint (switches, >, 0);

  if (!sampled)
    for (int c = 0; c < n_cpus; c++)
      {
        GArray *ivs = g_ptr_array_index (per_cpu, c);

        g_array_sort (ivs, interval_cmp);
        for (guint k = 1; k < ivs->len; k++)
          {
            Interval *a = &g_array_index (ivs, Interval, k - 1);
            Interval *b = &g_array_index (ivs, Interval, k);

            if (b->start < a->end)
              g_error ("cpu %d: pid %d [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "] overlaps pid %d from %" G_GINT64_FORMAT,
                       c, a->pid, a->start, a->end, b->pid, b->start);
          }
      }

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);
      gint64 *sum;
      gint64 cpu_ns;
      double ratio;

      if (te->ev.type != FORKLINE_EV_PROC_EXIT || !g_str_has_prefix (te->label, "ForkPoolWorker-"))
        continue;
      workers++;
      sum = g_hash_table_lookup (on_cpu_ns, GINT_TO_POINTER (te->ev.pid));
      g_assert_nonnull (sum);
      cpu_ns = te->ev.c;
      ratio = (double) *sum / (double) MAX (cpu_ns, 1);
      g_test_message ("%s: on-CPU intervals %.3f ms, rusage %.3f ms, ratio %.4f",
                      te->label, *sum / 1e6, cpu_ns / 1e6, ratio);
      if (sampled)
        {
          /* 1 kHz samples: only coarse agreement is promised */
          g_assert_cmpfloat (ratio, >, 0.75);
          g_assert_cmpfloat (ratio, <, 1.25);
        }
      else
        {
          /* within 5%, or 0.5 ms for a worker that barely ran */
          g_assert_cmpfloat (ABS (*sum - cpu_ns), <=, MAX (0.05 * cpu_ns, 500000.0));
        }
    }
  g_assert_cmpuint (workers, ==, 2 * sysconf (_SC_NPROCESSORS_ONLN));
}

/* Counts the run's switch-outs of lesson processes by why they left. */
static void
count_leaves (TestRun *run,
              guint    counts[FORKLINE_N_LEAVES])
{
  memset (counts, 0, sizeof (guint) * FORKLINE_N_LEAVES);
  for (guint i = 0; i < run->events->len; i++)
    {
      const ForklineEvent *ev = &g_array_index (run->events, TestEvent, i).ev;

      if (ev->type != FORKLINE_EV_SWITCH_OUT)
        continue;
      g_assert_cmpint (ev->a, >=, 0);
      g_assert_cmpint (ev->a, <, FORKLINE_N_LEAVES);
      counts[ev->a]++;
    }
}

/* Every switch-out says why: twice as many CPU-bound workers as CPUs are
 * preempted (still runnable), sleeping children block, and every process's
 * last interval ends with its exit. */
static void
test_switch_out_says_why (void)
{
  g_autoptr(TestRun) busy = test_run_lesson ("cpu-bound", "--set", "tasks=8", "--set", "work=40", NULL);
  g_autoptr(TestRun) sleepy = test_run_lesson ("start-join", "--set", "sleep=0.2", NULL);
  guint counts[FORKLINE_N_LEAVES];

  count_leaves (busy, counts);
  g_test_message ("cpu-bound: %u preempted, %u blocked, %u exited, %u unknown",
                  counts[FORKLINE_LEAVE_PREEMPTED], counts[FORKLINE_LEAVE_BLOCKED],
                  counts[FORKLINE_LEAVE_EXITED], counts[FORKLINE_LEAVE_UNKNOWN]);
  g_assert_cmpuint (counts[FORKLINE_LEAVE_UNKNOWN], ==, 0);
  g_assert_cmpuint (counts[FORKLINE_LEAVE_PREEMPTED], >, 0);
  /* sampling may see a worker's last run end before its exit does */
  if (test_expected_method () == FORKLINE_METHOD_PERF_SWITCH)
    g_assert_cmpuint (counts[FORKLINE_LEAVE_EXITED], >, 0);

  count_leaves (sleepy, counts);
  g_test_message ("start-join: %u preempted, %u blocked, %u exited, %u unknown",
                  counts[FORKLINE_LEAVE_PREEMPTED], counts[FORKLINE_LEAVE_BLOCKED],
                  counts[FORKLINE_LEAVE_EXITED], counts[FORKLINE_LEAVE_UNKNOWN]);
  g_assert_cmpuint (counts[FORKLINE_LEAVE_UNKNOWN], ==, 0);
  /* main waits in join(), the children in sleep(): at least one each */
  g_assert_cmpuint (counts[FORKLINE_LEAVE_BLOCKED], >=, 3);
}

/* A CPU hog of the test's own, pinned to CPU 0, while the lesson sleeps:
 * the engine's cpu-usage records give CPU 0 to other programs for at least
 * a third of the run (the hog runs nearly all of it). */
static void
test_other_programs_are_counted (void)
{
  g_autofree char *taskset = g_find_program_in_path ("taskset");
  g_autoptr(GSubprocess) hog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TestRun) run = NULL;
  guint64 other[2] = { 0 }, span[2] = { 0 };

  if (taskset == NULL || sysconf (_SC_NPROCESSORS_ONLN) < 2)
    {
      g_test_skip ("needs taskset (util-linux) and two CPUs");
      return;
    }
  hog = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                          taskset, "-c", "0", "sh", "-c", "while :; do :; done", NULL);
  g_assert_no_error (error);
  run = test_run_lesson ("start-join", "--set", "sleep=0.6", NULL);
  g_subprocess_force_exit (hog);
  g_subprocess_wait (hog, NULL, NULL);

  for (guint i = 0; i < run->events->len; i++)
    {
      const ForklineEvent *ev = &g_array_index (run->events, TestEvent, i).ev;

      if (ev->type != FORKLINE_EV_CPU_USAGE || ev->cpu < 0 || ev->cpu > 1)
        continue;
      g_assert_cmpint (ev->a, >=, 0);
      g_assert_cmpint (ev->a, <=, ev->c);
      other[ev->cpu] += ev->a;
      span[ev->cpu] += ev->c;
    }
  g_test_message ("other programs: CPU 0 %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                  " ns, CPU 1 %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " ns",
                  other[0], span[0], other[1], span[1]);
  g_assert_cmpuint (span[0], >=, 500000000);
  /* (CPU 1 is not compared: the rest of the suite may be busy on it) */
  g_assert_cmpuint (other[0] * 3, >=, span[0]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/sched/cpu-bound-intervals", test_cpu_bound_intervals);
  g_test_add_func ("/engine/sched/switch-out-says-why", test_switch_out_says_why);
  g_test_add_func ("/engine/sched/other-programs-are-counted", test_other_programs_are_counted);
  return g_test_run ();
}
