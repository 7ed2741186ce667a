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

#include "forkline-flow-render.h"
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
draw (Picture       *pic,
      const char    *lesson,
      guint64        time_ns,
      ForklineTheme  theme,
      double         scale)
{
  ForklineFlowRenderOptions options;
  cairo_t *cr;

  pic->trace = flow_test_lesson (lesson);
  pic->state = forkline_flow_state_new ();
  pic->layout = forkline_flow_state_new ();
  forkline_flow_state_set_trace (pic->state, pic->trace);
  forkline_flow_state_set_trace (pic->layout, pic->trace);
  forkline_flow_state_update (pic->layout, G_MAXUINT64);
  forkline_flow_state_update (pic->state, time_ns);

  pic->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  pic->hits = forkline_flow_hits_new ();
  forkline_flow_render_options_init (&options, WIDTH, HEIGHT);
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
      g_autofree char *name = g_strdup_printf ("%s/render-%s-%" G_GUINT64_FORMAT ".png",
                                               g_getenv ("FLOW_TEST_SAVE"), lesson, time_ns / 1000000);

      cairo_surface_write_to_png (pic->surface, name);
    }
}

static gboolean
near (const guint8       *p,
      const ForklineRgba *c)
{
  return ABS (p[2] - c->red * 255) < 24 && ABS (p[1] - c->green * 255) < 24 &&
         ABS (p[0] - c->blue * 255) < 24 && p[3] > 200;
}

static guint
count_color (Picture            *pic,
             const ForklineRgba *c,
             double              x0,
             double              x1)
{
  const guint8 *data = cairo_image_surface_get_data (pic->surface);
  int stride = cairo_image_surface_get_stride (pic->surface);
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = (int) x0; x < (int) x1; x++)
      if (near (data + y * stride + x * 4, c))
        n++;
  return n;
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow/render/pipe-hang-in-the-error-colour", test_pipe_hang_is_drawn_in_the_error_colour);
  g_test_add_func ("/flow/render/message-chips-in-the-channel", test_message_chips_sit_in_the_channel_in_the_sender_colour);
  g_test_add_func ("/flow/render/processes-sit-by-role", test_processes_sit_by_role);
  g_test_add_func ("/flow/render/lost-updates-are-marked", test_lost_updates_are_marked);
  g_test_add_func ("/flow/render/cells-take-last-writer-colour", test_cells_take_their_last_writer_colour);
  g_test_add_func ("/flow/render/lock-holder-and-waiters", test_lock_shows_holder_and_waiters);
  g_test_add_func ("/flow/render/pool-tasks-worker-and-chunk", test_pool_tasks_show_worker_and_chunk);
  g_test_add_func ("/flow/render/dark-theme-and-scale-fit", test_dark_theme_and_scale_fit);
  g_test_add_func ("/flow/render/animation-slides-message-in", test_animation_slides_the_new_message_in);

  return g_test_run ();
}
