/* forkline-renderer-messages.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Queues and pipes: a lane per channel with the messages in it, and the
 * arrows from each put() to its get().
 */

#include "config.h"

#include "forkline-renderer-frame-private.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-trace-private.h"

static guint64
message_put_time (ForklineFrame *f,
                  guint32        index)
{
  guint n;

  return forkline_trace_get_messages (f->trace, &n)[index].put_ns;
}

static gboolean
message_never_received (ForklineFrame         *f,
                        const ForklineMessage *m)
{
  const ForklineLessonEnd *end = forkline_trace_get_lesson_end (f->trace);

  /* While the run is live a message may still arrive; only a finished
   * run proves it never will. */
  return m->get_ns == FORKLINE_TIME_OPEN && end->ended && f->cutoff >= end->time_ns;
}

void
forkline_frame_draw_channel_lane (ForklineFrame      *f,
                                  const ForklineLane *lane)
{
  const ForklineMessage *msgs;
  const guint32 *idx;
  guint n_msgs, n, first, last;
  double pad = 2.0 * f->scale;
  double y = lane->y + pad;
  double h = lane->height - 2 * pad;
  double row_h = 4.0 * f->scale;
  guint rows = MAX (1, (guint) (h / row_h));
  cairo_t *cr = f->cr;

  msgs = forkline_trace_get_messages (f->trace, &n_msgs);
  idx = forkline_trace_get_channel_messages (f->trace, (guint32) lane->index, &n);
  if (n == 0)
    return;

  first = forkline_frame_lower_bound_index (f, idx, n, f->view->t0, message_put_time);
  last = forkline_frame_lower_bound_index (f, idx, n, f->limit + 1, message_put_time);

  if (last - first > f->plot_width / 4)
    {
      /* Dense: draw the queue depth per pixel column instead of bars. */
      guint max_depth = 1;
      g_autofree guint *depth = g_new0 (guint, (gsize) f->plot_width + 2);
      guint cols = (guint) f->plot_width;
      double x_end = MIN (frame_x (f, f->limit), f->view->width);

      for (guint c = 0; c < cols && f->gutter + c < x_end; c++)
        {
          depth[c] = _forkline_trace_channel_depth_at (f->trace, (guint32) lane->index, frame_t (f, f->gutter + c + 0.5));
          max_depth = MAX (max_depth, depth[c]);
        }
      forkline_rgba_set_source (cr, &f->palette->message);
      for (guint c = 0; c < cols && f->gutter + c < x_end; c++)
        if (depth[c] > 0)
          {
            double bh = MAX (1.0, h * depth[c] / max_depth);

            cairo_rectangle (cr, f->gutter + c, y + h - bh, 1.0, bh);
          }
      cairo_fill (cr);
      return;
    }

  /* Messages put before t0 may still be in flight: look back a little. */
  first = first > 256 ? first - 256 : 0;

  for (guint k = first; k < last; k++)
    {
      const ForklineMessage *m = &msgs[idx[k]];
      guint64 put = m->put_ns == FORKLINE_TIME_OPEN ? 0 : m->put_ns;
      gboolean got = m->get_ns != FORKLINE_TIME_OPEN && m->get_ns <= f->cutoff;
      guint64 end = got ? m->get_ns : f->open_end;
      double xs, xe;
      double ry = y + h - row_h * (1 + _forkline_trace_message_row (f->trace, idx[k]) % rows);

      if (end < f->view->t0)
        continue;
      xs = MAX (frame_x (f, put), f->gutter);
      xe = MIN (frame_x (f, MIN (end, f->limit)), f->view->width);
      if (message_never_received (f, m))
        forkline_rgba_set_source (cr, &f->palette->unreceived);
      else
        forkline_rgba_set_source (cr, &f->palette->message);
      cairo_rectangle (cr, xs, ry + 0.5, MAX (1.0, xe - xs), row_h - 1);
      cairo_fill (cr);
    }
}

typedef struct
{
  double x0, y0, x1, y1;
} Arrow;

enum { ARROW_DELIVERED, ARROW_IN_FLIGHT, ARROW_NEVER, N_ARROW_KINDS };

/* All arrows of a kind go into one path: one stroke and one fill per kind
 * instead of two per message. */
static void
flush_arrows (ForklineFrame      *f,
              GArray             *arrows,
              const ForklineRgba *color,
              gboolean            dashed,
              gboolean            open_head)
{
  if (arrows->len == 0)
    return;

  forkline_frame_arrow_style (f, color, dashed);
  for (guint i = 0; i < arrows->len; i++)
    {
      const Arrow *a = &g_array_index (arrows, Arrow, i);

      /* One stroke per line: a single path of many crossing lines makes
       * cairo's tessellator intersect them all. */
      forkline_frame_arrow_shaft (f, a->x0, a->y0, a->x1, a->y1);
      cairo_stroke (f->cr);
    }
  cairo_set_dash (f->cr, NULL, 0, 0);

  for (guint i = 0; i < arrows->len; i++)
    {
      const Arrow *a = &g_array_index (arrows, Arrow, i);

      forkline_frame_arrow_head (f, a->x0, a->y0, a->x1, a->y1);
    }
  if (open_head)
    cairo_stroke (f->cr);
  else
    cairo_fill (f->cr);
}

void
forkline_frame_draw_message_arrows (ForklineFrame *f)
{
  const ForklineMessage *msgs;
  const guint32 *channels;
  guint n_msgs, n_channels;
  GArray *arrows[N_ARROW_KINDS];
  /* Dense runs would be a solid blanket of lines: one arrow start per
   * few pixels per channel, and a couple of hundred per frame, is what
   * the eye can follow anyway. */
  double spacing;

  msgs = forkline_trace_get_messages (f->trace, &n_msgs);
  channels = _forkline_trace_get_channel_ids (f->trace, &n_channels);
  spacing = MAX (8.0 * f->scale, f->plot_width * MAX (1, n_channels) / 200.0);
  for (guint k = 0; k < N_ARROW_KINDS; k++)
    arrows[k] = g_array_new (FALSE, FALSE, sizeof (Arrow));

  for (guint c = 0; c < n_channels; c++)
    {
      const guint32 *idx;
      guint n, i;
      const ForklineLane *chan_lane = forkline_frame_find_lane (f, FORKLINE_LANE_CHANNEL,
                                                                channels[c]);

      idx = forkline_trace_get_channel_messages (f->trace, channels[c], &n);
      i = forkline_frame_lower_bound_index (f, idx, n, f->view->t0, message_put_time);

      while (i < n)
        {
          const ForklineMessage *m = &msgs[idx[i]];
          const ForklineLane *from, *to;
          Arrow a;

          if (m->put_ns == FORKLINE_TIME_OPEN || m->put_ns > f->limit)
            break;

          from = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, m->sender_proc);
          a.x0 = frame_x (f, m->put_ns);
          a.y0 = from ? _forkline_renderer_lane_mid_y (f->trace, from, f->scale) : 0;

          if (from != NULL && m->get_ns != FORKLINE_TIME_OPEN && m->get_ns <= f->cutoff &&
              (to = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, m->receiver_proc)) != NULL)
            {
              double y1 = _forkline_renderer_lane_mid_y (f->trace, to, f->scale);

              a.x1 = frame_x (f, m->get_ns);
              a.y1 = y1 + (y1 > a.y0 ? -4 : 4) * f->scale;
              g_array_append_val (arrows[ARROW_DELIVERED], a);
            }
          else if (from != NULL && chan_lane != NULL)
            {
              gboolean never = message_never_received (f, m);

              a.x1 = MIN (frame_x (f, f->open_end), f->view->width - 6 * f->scale);
              a.x1 = MAX (a.x1, a.x0 + 2);
              a.y1 = chan_lane->y + chan_lane->height / 2;
              g_array_append_val (arrows[never ? ARROW_NEVER : ARROW_IN_FLIGHT], a);
            }

          i = forkline_frame_gallop_index (f, idx, i + 1, n, frame_t (f, a.x0 + spacing), message_put_time);
        }
    }

  flush_arrows (f, arrows[ARROW_DELIVERED], &f->palette->message, FALSE, FALSE);
  flush_arrows (f, arrows[ARROW_IN_FLIGHT], &f->palette->message, TRUE, TRUE);
  flush_arrows (f, arrows[ARROW_NEVER], &f->palette->unreceived, TRUE, TRUE);

  /* Never received: a red cross and a question mark where it ends. */
  for (guint i = 0; i < arrows[ARROW_NEVER]->len; i++)
    {
      const Arrow *a = &g_array_index (arrows[ARROW_NEVER], Arrow, i);

      forkline_frame_draw_cross (f, a->x1, a->y1, 5 * f->scale, &f->palette->unreceived);
      if (i == 0)
        forkline_frame_draw_text (f, "?", a->x1 - 16 * f->scale, a->y1 - 8 * f->scale, -1,
                                  &f->palette->unreceived);
    }

  for (guint k = 0; k < N_ARROW_KINDS; k++)
    g_array_unref (arrows[k]);
}
