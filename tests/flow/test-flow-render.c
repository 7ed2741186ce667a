/* test-flow-render.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flow diagram drawn on an image surface (no display): the things a
 * lesson must show are there, in the right colours and places.
 */

#include "config.h"

#include <string.h>

#include <cairo.h>

#include "forkline-flow-render-private.h"
#include "flow-test-events.h"

#define MS(t) ((guint64) (t) * G_GUINT64_CONSTANT (1000000))
#define WIDTH  900
#define HEIGHT 560

typedef struct
{
  ForklineTrace     *trace;
  ForklineFlowState *state;
  ForklineFlowState *layout;
  cairo_surface_t   *surface;
  GArray            *hits;
} Picture;

static void
picture_clear (Picture *pic)
{
  g_clear_object (&pic->trace);
  g_clear_pointer (&pic->state, forkline_flow_state_free);
  g_clear_pointer (&pic->layout, forkline_flow_state_free);
  g_clear_pointer (&pic->surface, cairo_surface_destroy);
  g_clear_pointer (&pic->hits, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picture, picture_clear)

static void
draw_sized (Picture       *pic,
            const char    *lesson,
            guint64        time_ns,
            ForklineTheme  theme,
            double         scale,
            int            width,
            int            height)
{
  ForklineFlowRenderOptions options;
  cairo_t *cr;

  if (g_str_has_suffix (lesson, ".forkline"))
    {
      g_autofree char *path = g_build_filename (g_getenv ("FLOW_TEST_FIXTURES"), lesson, NULL);
      g_autoptr(GError) error = NULL;

      pic->trace = forkline_trace_new_from_file (path, &error);
      g_assert_no_error (error);
    }
  else
    pic->trace = flow_test_lesson (lesson);
  pic->state = forkline_flow_state_new ();
  pic->layout = forkline_flow_state_new ();
  forkline_flow_state_set_trace (pic->state, pic->trace);
  forkline_flow_state_set_trace (pic->layout, pic->trace);
  forkline_flow_state_update (pic->layout, G_MAXUINT64);
  forkline_flow_state_update (pic->state, time_ns);

  pic->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  pic->hits = forkline_flow_hits_new ();
  forkline_flow_render_options_init (&options, width, height);
  options.theme = theme;
  options.scale = scale;
  options.layout = pic->layout;
  options.hits = pic->hits;
  cr = cairo_create (pic->surface);
  forkline_flow_render (cr, pic->state, &options);
  cairo_destroy (cr);
  cairo_surface_flush (pic->surface);

  if (g_getenv ("FLOW_TEST_SAVE") != NULL)
    {
      g_autofree char *size =
        width != WIDTH || height != HEIGHT || scale != 1.0
          ? g_strdup_printf ("-%dx%d-scale%g", width, height, scale)
          : g_strdup ("");
      g_autofree char *name =
        g_strdup_printf ("%s/render-%s-%" G_GUINT64_FORMAT "%s.png", g_getenv ("FLOW_TEST_SAVE"),
                         lesson, time_ns / 1000000, size);

      cairo_surface_write_to_png (pic->surface, name);
    }
}

static void
draw (Picture       *pic,
      const char    *lesson,
      guint64        time_ns,
      ForklineTheme  theme,
      double         scale)
{
  draw_sized (pic, lesson, time_ns, theme, scale, WIDTH, HEIGHT);
}

static gboolean
near (const guint8       *p,
      const ForklineRgba *c)
{
  return ABS (p[2] - c->red * 255) < 24 && ABS (p[1] - c->green * 255) < 24 &&
         ABS (p[0] - c->blue * 255) < 24 && p[3] > 200;
}

/* Pixels near @c in the box (x0, y0)-(x1, y1), clipped to the picture. */
static guint
count_color_in (Picture            *pic,
                const ForklineRgba *c,
                double              x0,
                double              y0,
                double              x1,
                double              y1)
{
  const guint8 *data = cairo_image_surface_get_data (pic->surface);
  int stride = cairo_image_surface_get_stride (pic->surface);
  int width = cairo_image_surface_get_width (pic->surface);
  int height = cairo_image_surface_get_height (pic->surface);
  guint n = 0;

  for (int y = MAX (0, (int) y0); y < MIN (height, (int) y1); y++)
    for (int x = MAX (0, (int) x0); x < MIN (width, (int) x1); x++)
      if (near (data + y * stride + x * 4, c))
        n++;
  return n;
}

static guint
count_color (Picture            *pic,
             const ForklineRgba *c,
             double              x0,
             double              x1)
{
  return count_color_in (pic, c, x0, 0, x1, cairo_image_surface_get_height (pic->surface));
}

/* The first region whose tooltip starts with @prefix. */
static const ForklineFlowHit *
find_hit (Picture    *pic,
          const char *prefix)
{
  for (guint i = 0; i < pic->hits->len; i++)
    {
      const ForklineFlowHit *hit = &g_array_index (pic->hits, ForklineFlowHit, i);

      if (g_str_has_prefix (hit->text, prefix))
        return hit;
    }
  return NULL;
}

static void
test_pipe_hang_is_drawn_in_the_error_colour (void)
{
  g_auto(Picture) running = {0};
  g_auto(Picture) hung = {0};
  const ForklinePalette *palette = forkline_palette_get (FORKLINE_THEME_LIGHT);
  const ForklineFlowHit *hit;

  draw (&running, "pipe", MS (1020), FORKLINE_THEME_LIGHT, 1.0);
  draw (&hung, "pipe", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);

  g_assert_cmpuint (count_color (&running, &palette->error, 0, WIDTH), <, 20);
  g_assert_cmpuint (count_color (&hung, &palette->error, 0, WIDTH), >, 500);

  /* the explanation is a region of its own, in plain words */
  hit = find_hit (&hung, "Process-2 waits in recv()");
  g_assert_nonnull (hit);
  g_assert_nonnull (strstr (hit->text, "end 1 is still held by Process-2 itself"));
  g_assert_null (find_hit (&running, "Process-2 waits in recv()"));
}

static void
test_message_chips_sit_in_the_channel_in_the_sender_colour (void)
{
  g_auto(Picture) pic = {0};
  ForklineRgba producer;
  const ForklineFlowHit *chip, *queue;

  draw (&pic, "queue", MS (4600), FORKLINE_THEME_LIGHT, 1.0);

  /* three items put by Process-1 wait inside, oldest nearest the exit */
  chip = find_hit (&pic, "“sudh”");
  g_assert_nonnull (chip);
  g_assert_nonnull (strstr (chip->text, "put by Process-1"));
  g_assert_nonnull (find_hit (&pic, "“kumar”"));
  g_assert_nonnull (find_hit (&pic, "“pwskills”"));
  g_assert_null (find_hit (&pic, "“krish”"));
  g_assert_cmpfloat (chip->x, >, find_hit (&pic, "“pwskills”")->x);

  queue = find_hit (&pic, "queue:");
  g_assert_nonnull (queue);
  g_assert_cmpfloat (chip->x, >=, queue->x);
  g_assert_cmpfloat (chip->x + chip->width, <=, queue->x + queue->width);

  forkline_palette_process_color (FORKLINE_THEME_LIGHT, 1, &producer);
  g_assert_cmpuint (count_color (&pic, &producer, chip->x, chip->x + chip->width), >, 20);
}

static void
test_processes_sit_by_role (void)
{
  g_auto(Picture) pic = {0};
  const ForklineFlowHit *main_node, *producer, *consumer, *queue;

  draw (&pic, "queue", MS (100), FORKLINE_THEME_LIGHT, 1.0);
  main_node = find_hit (&pic, "main");
  producer = find_hit (&pic, "Process-1");
  consumer = find_hit (&pic, "Process-2");
  queue = find_hit (&pic, "queue:");
  g_assert_nonnull (main_node);
  g_assert_nonnull (producer);
  g_assert_nonnull (consumer);
  g_assert_nonnull (queue);

  /* senders left of the queue, the receiver right of it */
  g_assert_cmpfloat (main_node->x + main_node->width, <, queue->x);
  g_assert_cmpfloat (producer->x + producer->width, <, queue->x);
  g_assert_cmpfloat (consumer->x, >, queue->x + queue->width);
  g_assert_nonnull (strstr (consumer->text, "time.sleep(0.5)"));
}

static void
test_lost_updates_are_marked (void)
{
  g_auto(Picture) before = {0};
  g_auto(Picture) after = {0};
  const ForklinePalette *palette = forkline_palette_get (FORKLINE_THEME_LIGHT);
  const ForklineFlowHit *cell;

  /* at 12 ms the first round has read but not written */
  draw (&before, "lock", MS (12), FORKLINE_THEME_LIGHT, 1.0);
  draw (&after, "lock", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);

  g_assert_cmpuint (count_color (&before, &palette->error, 0, WIDTH), <, 20);
  g_assert_cmpuint (count_color (&after, &palette->error, 0, WIDTH), >, 200);
  cell = find_hit (&after, "counter (no lock)[0] = 4");
  g_assert_nonnull (cell);
  g_assert_nonnull (strstr (cell->text, "8 writes based on a stale read"));
  cell = find_hit (&after, "counter (with Lock)[0] = 12");
  g_assert_nonnull (cell);
  g_assert_null (strstr (cell->text, "stale"));
}

static void
test_cells_take_their_last_writer_colour (void)
{
  g_auto(Picture) pic = {0};
  const ForklineFlowHit *cell;
  ForklineRgba writer;

  draw (&pic, "shared-array", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  cell = find_hit (&pic, "arr[6] = 81");
  g_assert_nonnull (cell);
  g_assert_nonnull (strstr (cell->text, "last written by Process-7"));
  forkline_palette_process_color (FORKLINE_THEME_LIGHT, 7, &writer);
  g_assert_cmpuint (count_color (&pic, &writer, cell->x, cell->x + cell->width), >, 20);
}

static void
test_lock_shows_holder_and_waiters (void)
{
  g_auto(Picture) pic = {0};
  const ForklineFlowHit *lock;

  draw (&pic, "lock", MS (104), FORKLINE_THEME_LIGHT, 1.0);
  lock = find_hit (&pic, "Lock()");
  g_assert_nonnull (lock);
  g_assert_nonnull (strstr (lock->text, "held by Process-1"));
  g_assert_nonnull (strstr (lock->text, "waiting: Process-2 and Process-3"));
}

static void
test_pool_tasks_show_worker_and_chunk (void)
{
  g_auto(Picture) pic = {0};
  const ForklineFlowHit *task;

  draw (&pic, "pool-map", MS (14), FORKLINE_THEME_LIGHT, 1.0);
  task = find_hit (&pic, "task 2: argument 5");
  g_assert_nonnull (task);
  g_assert_nonnull (strstr (task->text, "chunk 1"));
  g_assert_nonnull (strstr (task->text, "running in PoolWorker-2"));
  task = find_hit (&pic, "task 8:");
  g_assert_nonnull (task);
  g_assert_nonnull (strstr (task->text, "waiting in the pool's task queue"));
}

static gint
proc_by_name (Picture    *pic,
              const char *name)
{
  for (guint i = 0; i < forkline_flow_state_get_n_procs (pic->state); i++)
    if (g_strcmp0 (forkline_flow_state_proc_name (pic->state, i), name) == 0)
      return i;
  return -1;
}

/* How much of the inside of a tile (its outline left out) is @c. */
static double
tile_share (Picture                *pic,
            const ForklineFlowHit  *tile,
            const ForklineRgba     *c)
{
  double inset = 5;
  double area = (tile->width - 2 * inset) * (tile->height - 2 * inset);

  return count_color_in (pic, c, tile->x + inset, tile->y + inset, tile->x + tile->width - inset,
                         tile->y + tile->height - inset) / area;
}

/* A tile is filled in the colour its worker has in the timeline, so the
 * fill answers "which worker ran it"; chunks are not told by colour. */
static void
test_pool_tiles_take_their_worker_colour (void)
{
  g_auto(Picture) pic = {0};
  g_auto(Picture) end = {0};
  const ForklineFlowHit *task;
  ForklineRgba worker, other;
  guint i;
  gint w;

  draw (&pic, "pool-map", MS (14), FORKLINE_THEME_LIGHT, 1.0);
  task = find_hit (&pic, "task 2: argument 5");
  g_assert_nonnull (task);
  g_assert_nonnull (strstr (task->text, "running in PoolWorker-2"));
  w = proc_by_name (&pic, "PoolWorker-2");
  g_assert_cmpint (w, >, 0);
  forkline_palette_process_color (FORKLINE_THEME_LIGHT, w, &worker);
  forkline_palette_process_color (FORKLINE_THEME_LIGHT, proc_by_name (&pic, "PoolWorker-1"),
                                  &other);
  g_assert_cmpfloat (tile_share (&pic, task, &worker), >, 0.4);
  g_assert_cmpfloat (tile_share (&pic, task, &other), <, 0.05);

  /* not started yet: no worker's colour at all */
  task = find_hit (&pic, "task 8:");
  g_assert_nonnull (task);
  for (i = 0; i < forkline_flow_state_get_n_procs (pic.state); i++)
    {
      ForklineRgba c;

      forkline_palette_process_color (FORKLINE_THEME_LIGHT, i, &c);
      g_assert_cmpfloat (tile_share (&pic, task, &c), <, 0.05);
    }

  /* at the end every task is done, each in its own worker's colour */
  draw (&end, "pool-map", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  for (i = 0; i < 100; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("task %u:", i);
      const char *by;

      task = find_hit (&end, prefix);
      if (task == NULL)
        break;
      by = strstr (task->text, "done by ");
      g_assert_nonnull (by);
      w = proc_by_name (&end, by + strlen ("done by "));
      g_assert_cmpint (w, >, 0);
      forkline_palette_process_color (FORKLINE_THEME_LIGHT, w, &worker);
      g_assert_cmpfloat (tile_share (&end, task, &worker), >, 0.4);
    }
  g_assert_cmpuint (i, >=, 4);
}

static void
test_dark_theme_and_scale_fit (void)
{
  g_auto(Picture) pic = {0};
  const ForklinePalette *dark = forkline_palette_get (FORKLINE_THEME_DARK);
  const ForklineFlowHit *worker;

  draw (&pic, "pool-map", MS (14), FORKLINE_THEME_DARK, 3.0);
  g_assert_cmpuint (count_color (&pic, &dark->background, 0, WIDTH), >, WIDTH * HEIGHT / 3);

  /* scale 3 shrinks to what fits: every node stays inside the picture */
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("PoolWorker-%u", i);

      worker = find_hit (&pic, name);
      g_assert_nonnull (worker);
      g_assert_cmpfloat (worker->x + worker->width, <=, WIDTH);
      g_assert_cmpfloat (worker->y + worker->height, <=, HEIGHT);
    }
}

/* Presentation scale makes the picture bigger where there is room, and
 * where there is not it shrinks only down to what scale 1 gives: never
 * smaller than the plain picture at the same size. */
static void
test_scale_grows_but_never_shrinks_below_scale_1 (void)
{
  static const int sizes[][2] = {
    { 460, 500 }, { 700, 560 }, { 900, 560 }, { 1400, 900 }, { 520, 440 }, { 360, 300 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int width = sizes[s][0], height = sizes[s][1];
      g_auto(Picture) one = {0};
      g_auto(Picture) two = {0};
      const ForklineFlowHit *w1, *w2;

      draw_sized (&one, "pool-map", MS (14), FORKLINE_THEME_LIGHT, 1.0, width, height);
      draw_sized (&two, "pool-map", MS (14), FORKLINE_THEME_LIGHT, 2.0, width, height);
      w1 = find_hit (&one, "PoolWorker-1");
      w2 = find_hit (&two, "PoolWorker-1");
      g_assert_nonnull (w1);
      g_assert_nonnull (w2);
      g_test_message ("%dx%d: PoolWorker-1 node %.0fx%.0f at scale 1, %.0fx%.0f at scale 2",
                      width, height, w1->width, w1->height, w2->width, w2->height);
      /* widths follow the layout (rows or columns); heights follow the size */
      g_assert_cmpfloat (w2->height, >=, w1->height - 0.5);
      g_assert_cmpfloat (w2->x + w2->width, <=, width);
      g_assert_cmpfloat (w2->y + w2->height, <=, height);
    }
}

static void
test_animation_slides_the_new_message_in (void)
{
  g_auto(Picture) still = {0};
  ForklineFlowRenderOptions options;
  ForklineFlowAnim anim = {0};
  const ForklineFlowHit *settled, *moving = NULL;
  g_autoptr(GArray) hits = forkline_flow_hits_new ();
  cairo_t *cr;

  draw (&still, "queue", MS (1600), FORKLINE_THEME_LIGHT, 1.0);
  settled = find_hit (&still, "“sudh”");
  g_assert_nonnull (settled);

  /* half-way through its put, "sudh" is between Process-1 and its place */
  anim.move.kind = FORKLINE_FLOW_MOVE_PUT;
  anim.move.object = 1;
  anim.move.msg_id = 101;
  anim.move.proc = 1;
  anim.progress = 0.3;
  forkline_flow_render_options_init (&options, WIDTH, HEIGHT);
  options.layout = still.layout;
  options.anims = &anim;
  options.n_anims = 1;
  options.hits = hits;
  cr = cairo_create (still.surface);
  forkline_flow_render (cr, still.state, &options);
  cairo_destroy (cr);

  for (guint i = 0; i < hits->len; i++)
    if (g_str_has_prefix (g_array_index (hits, ForklineFlowHit, i).text, "“sudh”"))
      moving = &g_array_index (hits, ForklineFlowHit, i);
  g_assert_nonnull (moving);
  g_assert_cmpfloat (moving->x, <, settled->x - 50);
}

/* The raw event behind the region whose tooltip starts with @prefix. */
static gboolean
hit_event (Picture       *pic,
           const char    *prefix,
           ForklineEvent *ev)
{
  const ForklineFlowHit *hit = find_hit (pic, prefix);

  g_assert_nonnull (hit);
  if (hit->event == FORKLINE_FLOW_NO_EVENT)
    return FALSE;
  g_assert_true (forkline_trace_get_event (pic->trace, hit->event, ev));
  /* what a click there activates */
  g_assert_cmpuint (forkline_flow_hits_lookup_event (pic->hits, hit->x + hit->width / 2,
                                                     hit->y + hit->height / 2),
                    ==, hit->event);
  return TRUE;
}

static void
test_clicks_name_their_events (void)
{
  g_auto(Picture) pool = {0};
  g_auto(Picture) queue = {0};
  g_auto(Picture) array = {0};
  g_auto(Picture) pipe = {0};
  ForklineEvent ev;

  draw (&pool, "pool-map", MS (14), FORKLINE_THEME_LIGHT, 1.0);
  g_assert_true (hit_event (&pool, "task 2:", &ev));
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_TASK_START);
  g_assert_cmpint (ev.a, ==, 2);
  g_assert_cmpint (ev.proc, ==, 2);
  /* task 8 has not started: nothing to select */
  g_assert_false (hit_event (&pool, "task 8:", &ev));
  g_assert_true (hit_event (&pool, "PoolWorker-3", &ev));
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_PROC_FORK);
  g_assert_cmpint (ev.proc, ==, 3);

  draw (&queue, "queue", MS (4600), FORKLINE_THEME_LIGHT, 1.0);
  g_assert_true (hit_event (&queue, "“kumar”", &ev));
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_QUEUE_PUT);
  g_assert_cmpstr (ev.text, ==, "kumar");

  draw (&array, "shared-array", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  g_assert_true (hit_event (&array, "arr[6] = 81", &ev));
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_ARRAY_WRITE);
  g_assert_cmpint (ev.a, ==, 6);
  g_assert_cmpint (ev.c, ==, 81);

  draw (&pipe, "pipe", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  g_assert_true (hit_event (&pipe, "Pipe end 1", &ev));
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_PIPE_HOLD);
  g_assert_cmpint (ev.a, ==, 1);
}

static gboolean
have_fixtures (void)
{
  if (g_getenv ("FLOW_TEST_FIXTURES") != NULL)
    return TRUE;
  g_test_skip ("FLOW_TEST_FIXTURES not set");
  return FALSE;
}

/* The buggy variants, recorded from real runs. */
static void
test_recorded_pipe_hang (void)
{
  g_auto(Picture) pic = {0};
  const ForklinePalette *palette = forkline_palette_get (FORKLINE_THEME_LIGHT);
  const ForklineFlowHit *hit;

  if (!have_fixtures ())
    return;
  draw (&pic, "pipe-hang.forkline", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  g_assert_cmpuint (count_color (&pic, &palette->error, 0, WIDTH), >, 500);
  /* the timeout killed it while it waited: the ends it held stay, and say why */
  hit = find_hit (&pic, "Process-2 waited in recv()");
  g_assert_nonnull (hit);
  g_assert_nonnull (strstr (hit->text, "still held by Process-2 itself"));
  /* the run's timeout killed main: named, not numbered */
  hit = find_hit (&pic, "main");
  g_assert_nonnull (strstr (hit->text, "killed by SIGKILL"));
}

static void
test_recorded_queue_race (void)
{
  g_auto(Picture) pic = {0};
  const ForklinePalette *palette = forkline_palette_get (FORKLINE_THEME_LIGHT);
  const ForklineFlowObject *queue;

  if (!have_fixtures ())
    return;
  draw (&pic, "queue-race.forkline", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  queue = forkline_flow_state_get_object (pic.state, 0);
  g_assert_cmpuint (queue->kind, ==, FORKLINE_OBJECT_QUEUE);
  /* the producer's five items stay: the consumer quit early */
  g_assert_cmpuint (queue->messages->len, ==, 5);
  g_assert_nonnull (find_hit (&pic, "“sudh”"));
  g_assert_cmpuint (count_color (&pic, &palette->unreceived, 0, WIDTH), >, 100);
}

static void
test_recorded_lock_race (void)
{
  g_auto(Picture) pic = {0};
  const ForklinePalette *palette = forkline_palette_get (FORKLINE_THEME_LIGHT);
  const ForklineFlowHit *cell;

  if (!have_fixtures ())
    return;
  draw (&pic, "lock-race.forkline", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  g_assert_cmpuint (count_color (&pic, &palette->error, 0, WIDTH), >, 200);
  cell = find_hit (&pic, "counter[0] = ");
  g_assert_nonnull (cell);
  g_assert_nonnull (strstr (cell->text, "based on a stale read"));
}

static void
test_pool_workers_terminated_by_the_pool (void)
{
  g_auto(Picture) pic = {0};
  const ForklineFlowHit *worker;

  if (!have_fixtures ())
    return;
  draw (&pic, "pool-map.forkline", G_MAXUINT64, FORKLINE_THEME_LIGHT, 1.0);
  worker = find_hit (&pic, "PoolWorker-1");
  g_assert_nonnull (worker);
  g_assert_nonnull (strstr (worker->text, "terminated by the pool"));
  g_assert_null (strstr (worker->text, "signal"));
}

static gboolean
boxes_intersect (const FlowBox *a,
                 const FlowBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static const char *
box_name (const FlowBox *box)
{
  static char names[2][32];
  static guint next;
  char *name = names[next++ % 2];

  g_snprintf (name, sizeof names[0], "%s %u",
              box->kind == FLOW_BOX_HEADER ? "header"
              : box->kind == FLOW_BOX_NODE ? "node"
                                           : "object",
              box->index);
  return name;
}

/* Every node (with its words), every object's band and the header keep
 * apart and inside the picture. */
static guint
check_layout (const char        *what,
              ForklineFlowState *state,
              ForklineFlowState *layout,
              double             width,
              double             height,
              double             scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  ForklineFlowRenderOptions options;
  g_autoptr(GArray) boxes = NULL;
  guint n_bad = 0;

  forkline_flow_render_options_init (&options, width, height);
  options.scale = scale;
  options.layout = layout;
  boxes = flow_render_get_boxes (cr, state, &options);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (boxes->len, >, 1);
  for (guint i = 0; i < boxes->len; i++)
    {
      const FlowBox *a = &g_array_index (boxes, FlowBox, i);

      if (a->x < 0 || a->y < 0 || a->x + a->width > width + 0.01 ||
          a->y + a->height > height + 0.01 || a->width <= 0 || a->height <= 0)
        {
          g_test_message ("%s %gx%g scale %g: %s (%.1f,%.1f %.1fx%.1f) outside the picture",
                          what, width, height, scale, box_name (a),
                          a->x, a->y, a->width, a->height);
          n_bad++;
        }
      for (guint j = i + 1; j < boxes->len; j++)
        {
          const FlowBox *b = &g_array_index (boxes, FlowBox, j);

          if (boxes_intersect (a, b))
            {
              g_test_message ("%s %gx%g scale %g: %s (%.1f,%.1f %.1fx%.1f) overlaps "
                              "%s (%.1f,%.1f %.1fx%.1f)",
                              what, width, height, scale, box_name (a),
                              a->x, a->y, a->width, a->height,
                              box_name (b), b->x, b->y, b->width, b->height);
              n_bad++;
            }
        }
    }
  return n_bad;
}

static void
check_trace_at_every_size (const char    *what,
                           ForklineTrace *trace,
                           guint         *n_bad,
                           guint         *n_checked)
{
  static const double widths[] = { 300, 360, 460, 640, 1000, 1600 };
  static const double heights[] = { 300, 500, 700, 1000 };
  static const double scales[] = { 1.0, 2.0, 3.0 };
  g_autoptr(ForklineFlowState) layout = forkline_flow_state_new ();
  guint64 end = forkline_trace_get_end_time (trace);
  guint64 times[] = { end / 2, G_MAXUINT64 };

  forkline_flow_state_set_trace (layout, trace);
  forkline_flow_state_update (layout, G_MAXUINT64);

  for (guint t = 0; t < G_N_ELEMENTS (times); t++)
    {
      g_autoptr(ForklineFlowState) state = forkline_flow_state_new ();

      forkline_flow_state_set_trace (state, trace);
      forkline_flow_state_update (state, times[t]);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
          for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
            {
              *n_bad += check_layout (what, state, layout, widths[w], heights[h], scales[s]);
              (*n_checked)++;
            }
    }
}

static void
test_layout_never_overlaps (void)
{
  static const char *built_in[] = { "queue", "pipe", "shared-array", "lock", "pool-map" };
  const char *fixtures = g_getenv ("FLOW_TEST_FIXTURES");
  guint n_bad = 0, n_checked = 0, n_fixtures = 0;

  for (guint i = 0; i < G_N_ELEMENTS (built_in); i++)
    {
      g_autoptr(ForklineTrace) trace = flow_test_lesson (built_in[i]);

      check_trace_at_every_size (built_in[i], trace, &n_bad, &n_checked);
    }

  if (fixtures != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (fixtures, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fixtures, name, NULL);
          g_autoptr(ForklineTrace) trace = NULL;

          if (!g_str_has_suffix (name, ".forkline"))
            continue;
          trace = forkline_trace_new_from_file (path, NULL);
          g_assert_nonnull (trace);
          check_trace_at_every_size (name, trace, &n_bad, &n_checked);
          n_fixtures++;
        }
      g_assert_cmpuint (n_fixtures, >=, 10);
    }
  else
    g_test_message ("FLOW_TEST_FIXTURES not set: built-in lessons only");

  g_test_message ("%u layouts checked, %u overlaps", n_checked, n_bad);
  g_assert_cmpuint (n_bad, ==, 0);
}

/* The event selected in every view is outlined in the selection colour
 * where the diagram shows it (here the message "sudh" in the queue), and
 * nowhere when nothing is selected. */
static void
test_selection_is_outlined (void)
{
  g_auto(Picture) pic = {0};
  const ForklinePalette *palette = forkline_palette_get (FORKLINE_THEME_LIGHT);
  const ForklineFlowHit *hit;
  ForklineFlowRenderOptions options;
  double pad = 8;
  guint before, after;
  cairo_t *cr;

  draw (&pic, "queue", MS (1600), FORKLINE_THEME_LIGHT, 1.0);
  hit = find_hit (&pic, "“sudh”");
  g_assert_nonnull (hit);
  g_assert_cmpuint (hit->event, !=, FORKLINE_FLOW_NO_EVENT);
  before = count_color_in (&pic, &palette->selection, hit->x - pad, hit->y - pad,
                           hit->x + hit->width + pad, hit->y + hit->height + pad);

  forkline_flow_render_options_init (&options, WIDTH, HEIGHT);
  options.layout = pic.layout;
  options.selected_event = hit->event;
  cr = cairo_create (pic.surface);
  forkline_flow_render (cr, pic.state, &options);
  cairo_destroy (cr);
  cairo_surface_flush (pic.surface);
  after = count_color_in (&pic, &palette->selection, hit->x - pad, hit->y - pad,
                          hit->x + hit->width + pad, hit->y + hit->height + pad);

  g_assert_cmpuint (after, >, before + 2 * (guint) (hit->width + hit->height));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow/render/pipe-hang-in-the-error-colour",
                   test_pipe_hang_is_drawn_in_the_error_colour);
  g_test_add_func ("/flow/render/message-chips-in-the-channel",
                   test_message_chips_sit_in_the_channel_in_the_sender_colour);
  g_test_add_func ("/flow/render/processes-sit-by-role", test_processes_sit_by_role);
  g_test_add_func ("/flow/render/lost-updates-are-marked", test_lost_updates_are_marked);
  g_test_add_func ("/flow/render/cells-take-last-writer-colour",
                   test_cells_take_their_last_writer_colour);
  g_test_add_func ("/flow/render/lock-holder-and-waiters", test_lock_shows_holder_and_waiters);
  g_test_add_func ("/flow/render/pool-tasks-worker-and-chunk",
                   test_pool_tasks_show_worker_and_chunk);
  g_test_add_func ("/flow/render/dark-theme-and-scale-fit", test_dark_theme_and_scale_fit);
  g_test_add_func ("/flow/render/animation-slides-message-in",
                   test_animation_slides_the_new_message_in);
  g_test_add_func ("/flow/render/layout-never-overlaps", test_layout_never_overlaps);
  g_test_add_func ("/flow/render/selection-is-outlined", test_selection_is_outlined);
  g_test_add_func ("/flow/render/clicks-name-their-events", test_clicks_name_their_events);
  g_test_add_func ("/flow/render/recorded-pipe-hang", test_recorded_pipe_hang);
  g_test_add_func ("/flow/render/recorded-queue-race", test_recorded_queue_race);
  g_test_add_func ("/flow/render/recorded-lock-race", test_recorded_lock_race);
  g_test_add_func ("/flow/render/pool-tiles-take-their-worker-colour",
                   test_pool_tiles_take_their_worker_colour);
  g_test_add_func ("/flow/render/scale-grows-but-never-shrinks-below-scale-1",
                   test_scale_grows_but_never_shrinks_below_scale_1);
  g_test_add_func ("/flow/render/pool-workers-terminated-by-the-pool",
                   test_pool_workers_terminated_by_the_pool);

  return g_test_run ();
}
