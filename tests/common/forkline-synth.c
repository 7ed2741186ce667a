/* forkline-synth.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-synth.h"

typedef struct
{
  void   (*emit) (const ForklineEvent *, gpointer);
  gpointer user_data;
  guint    count;
  guint32  rng;
} Synth;

static guint32
next_rand (Synth *s)
{
  /* xorshift32: deterministic and fast */
  s->rng ^= s->rng << 13;
  s->rng ^= s->rng >> 17;
  s->rng ^= s->rng << 5;
  return s->rng;
}

static void
emit (Synth         *s,
      ForklineEvent *ev)
{
  /* only switches carry a cpu; run-level records have no process */
  if (ev->type != FORKLINE_EV_SWITCH_IN && ev->type != FORKLINE_EV_SWITCH_OUT)
    ev->cpu = -1;
  if (ev->type == FORKLINE_EV_HEADER || ev->type == FORKLINE_EV_LESSON_BEGIN ||
      ev->type == FORKLINE_EV_LESSON_END)
    ev->proc = -1;
  if (ev->label == NULL)
    ev->label = "";
  if (ev->text == NULL)
    ev->text = "";
  ev->label_len = strlen (ev->label);
  ev->text_len = strlen (ev->text);
  s->emit (ev, s->user_data);
  s->count++;
}

#define EV(...) (ForklineEvent) { __VA_ARGS__ }

void
forkline_synth_run (guint    n_events,
                    guint    n_cpus,
                    guint    n_workers,
                    guint32  seed,
                    void   (*emit_cb) (const ForklineEvent *event,
                                       gpointer             user_data),
                    gpointer user_data)
{
  static const ForklineState waits[] = {
    FORKLINE_STATE_SLEEPING, FORKLINE_STATE_WAIT_QUEUE, FORKLINE_STATE_WAIT_TASK, FORKLINE_STATE_WAIT_LOCK,
  };
  static const char * const wait_words[] = {
    "sleeping in time.sleep()", "blocked in get() on the queue", "idle, waiting for a task",
    "waiting for the Lock",
  };
  Synth s = { emit_cb, user_data, 0, seed ? seed : 1 };
  g_autofree gint *occupant = g_new (gint, n_cpus);
  g_autofree gboolean *running = g_new0 (gboolean, n_workers + 1);
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint pending_head = 0;
  guint64 t = 1000;
  guint64 next_msg = 1;
  gint64 next_task = 0;
  char text[64];
  ForklineEvent ev;

  for (guint c = 0; c < n_cpus; c++)
    occupant[c] = -1;

  ev = EV (.type = FORKLINE_EV_HEADER, .a = FORKLINE_PROTOCOL_VERSION, .b = n_cpus,
           .c = FORKLINE_METHOD_PERF_SWITCH, .msg_id = G_GUINT64_CONSTANT (1795000000000000000),
           .label = "synthetic", .text = "workers=8");
  emit (&s, &ev);
  ev = EV (.type = FORKLINE_EV_LESSON_BEGIN, .label = "synthetic", .text = "Synthetic benchmark run");
  emit (&s, &ev);
  ev = EV (.type = FORKLINE_EV_PROC_FORK, .time_ns = t, .pid = 1000, .proc = 0, .a = -1, .label = "main");
  emit (&s, &ev);
  ev = EV (.type = FORKLINE_EV_PROC_START, .time_ns = t, .pid = 1000, .proc = 0);
  emit (&s, &ev);
  ev = EV (.type = FORKLINE_EV_OBJECT_NEW, .time_ns = t, .pid = 1000, .proc = 0, .object = 1,
           .a = FORKLINE_OBJECT_QUEUE, .label = "q");
  emit (&s, &ev);
  ev = EV (.type = FORKLINE_EV_OBJECT_NEW, .time_ns = t, .pid = 1000, .proc = 0, .object = 2,
           .a = FORKLINE_OBJECT_POOL, .b = n_workers, .label = "Pool");
  emit (&s, &ev);

  for (guint w = 1; w <= n_workers; w++)
    {
      char name[32];

      t += 20000;
      g_snprintf (name, sizeof name, "Worker-%u", w);
      ev = EV (.type = FORKLINE_EV_PROC_FORK, .time_ns = t, .pid = 1000 + w, .peer_pid = 1000,
               .proc = w, .a = 0, .label = name);
      emit (&s, &ev);
      ev = EV (.type = FORKLINE_EV_PROC_START, .time_ns = t + 5000, .pid = 1000 + w, .proc = w);
      emit (&s, &ev);
    }
  t += 10000;
  ev = EV (.type = FORKLINE_EV_STATE, .time_ns = t, .pid = 1000, .proc = 0, .a = FORKLINE_STATE_WAIT_JOIN,
           .label = "waiting in join()");
  emit (&s, &ev);

  while (s.count + 3 * n_workers + 8 < n_events)
    {
      guint cpu = next_rand (&s) % n_cpus;

      t += 200 + next_rand (&s) % 3000;

      if (occupant[cpu] >= 0)
        {
          guint w = occupant[cpu];
          guint k = next_rand (&s) % G_N_ELEMENTS (waits);

          ev = EV (.type = FORKLINE_EV_SWITCH_OUT, .time_ns = t, .pid = 1000 + w, .proc = w, .cpu = cpu);
          emit (&s, &ev);
          ev = EV (.type = FORKLINE_EV_STATE, .time_ns = t, .pid = 1000 + w, .proc = w, .a = waits[k],
                   .object = waits[k] == FORKLINE_STATE_WAIT_QUEUE ? 1 : 0, .label = wait_words[k]);
          emit (&s, &ev);
          occupant[cpu] = -1;
          running[w] = FALSE;
        }
      else
        {
          guint w = 1 + next_rand (&s) % n_workers;
          guint r;

          if (running[w])
            continue;

          ev = EV (.type = FORKLINE_EV_SWITCH_IN, .time_ns = t, .pid = 1000 + w, .proc = w, .cpu = cpu);
          emit (&s, &ev);
          ev = EV (.type = FORKLINE_EV_STATE, .time_ns = t, .pid = 1000 + w, .proc = w,
                   .a = FORKLINE_STATE_RUNNING);
          emit (&s, &ev);
          occupant[cpu] = w;
          running[w] = TRUE;

          r = next_rand (&s) % 100;
          t += 50;
          if (r < 30)
            {
              g_snprintf (text, sizeof text, "item %" G_GUINT64_FORMAT, next_msg);
              ev = EV (.type = FORKLINE_EV_QUEUE_PUT, .time_ns = t, .pid = 1000 + w, .proc = w,
                       .object = 1, .msg_id = next_msg, .text = text);
              emit (&s, &ev);
              g_array_append_val (pending, next_msg);
              next_msg++;
            }
          else if (r < 60 && pending_head < pending->len)
            {
              guint64 id = g_array_index (pending, guint64, pending_head++);

              g_snprintf (text, sizeof text, "item %" G_GUINT64_FORMAT, id);
              ev = EV (.type = FORKLINE_EV_QUEUE_GET, .time_ns = t, .pid = 1000 + w, .proc = w,
                       .object = 1, .msg_id = id, .text = text);
              emit (&s, &ev);
            }
          else if (r < 65)
            {
              g_snprintf (text, sizeof text, "worker %u says hello at %" G_GUINT64_FORMAT, w, t);
              ev = EV (.type = FORKLINE_EV_PRINT, .time_ns = t, .pid = 1000 + w, .proc = w, .text = text);
              emit (&s, &ev);
            }
          else if (r < 75)
            {
              g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, next_task);
              ev = EV (.type = FORKLINE_EV_TASK_DISPATCH, .time_ns = t, .pid = 1000, .proc = 0,
                       .object = 2, .a = next_task, .b = next_task / 4, .c = 4, .label = "sq", .text = text);
              emit (&s, &ev);
              ev = EV (.type = FORKLINE_EV_TASK_START, .time_ns = t + 10, .pid = 1000 + w, .proc = w,
                       .object = 2, .a = next_task, .b = next_task / 4);
              emit (&s, &ev);
              g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, next_task * next_task);
              ev = EV (.type = FORKLINE_EV_TASK_FINISH, .time_ns = t + 40, .pid = 1000 + w, .proc = w,
                       .object = 2, .a = next_task, .b = next_task / 4, .text = text);
              emit (&s, &ev);
              next_task++;
              t += 40;
            }
        }
    }

  for (guint c = 0; c < n_cpus; c++)
    if (occupant[c] >= 0)
      {
        t += 100;
        ev = EV (.type = FORKLINE_EV_SWITCH_OUT, .time_ns = t, .pid = 1000 + occupant[c],
                 .proc = occupant[c], .cpu = c);
        emit (&s, &ev);
      }

  for (guint w = 1; w <= n_workers; w++)
    {
      t += 1000;
      ev = EV (.type = FORKLINE_EV_PROC_EXIT, .time_ns = t, .pid = 1000 + w, .proc = w);
      emit (&s, &ev);
      ev = EV (.type = FORKLINE_EV_PROC_REAP, .time_ns = t + 500, .pid = 1000 + w, .proc = w, .peer_pid = 1000);
      emit (&s, &ev);
    }

  t += 1000;
  ev = EV (.type = FORKLINE_EV_PROC_EXIT, .time_ns = t, .pid = 1000, .proc = 0);
  emit (&s, &ev);
  ev = EV (.type = FORKLINE_EV_LESSON_END, .time_ns = t + 100, .a = FORKLINE_RESULT_OK, .text = "done");
  emit (&s, &ev);
}
