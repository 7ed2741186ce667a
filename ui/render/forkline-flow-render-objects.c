/* forkline-flow-render-objects.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared things in the middle of the flow diagram: queues and pipes
 * with the messages inside, pipe ends and their holders, locks with their
 * holder and waiters, array cells, pool task lists.
 */

#include "config.h"

#include <string.h>

#include "forkline-flow-render-private.h"

/* Text on a tile filled in a process colour: dark on light hues, light
 * on dark ones, so the words stay readable in every theme. */
static ForklineRgba
ink_on (const ForklineRgba *fill)
{
  static const ForklineRgba dark = { 0.10, 0.10, 0.12, 1 };
  static const ForklineRgba light = { 1, 1, 1, 1 };
  double luma = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;

  return luma > 0.45 ? dark : light;
}

/* Queues and pipes */

static const ForklineFlowAnim *
find_anim (Ctx                  *ctx,
           ForklineFlowMoveKind  kind,
           guint32               object,
           guint64               msg_id,
           gint64                index)
{
  /* The latest move wins when several hit the same thing. */
  for (guint i = ctx->options->n_anims; i > 0; i--)
    {
      const ForklineFlowAnim *anim = &ctx->options->anims[i - 1];

      if (anim->move.kind == kind && anim->move.object == object &&
          (msg_id == 0 || anim->move.msg_id == msg_id) &&
          (index < 0 || anim->move.index == index))
        return anim;
    }
  return NULL;
}

static double
chip_width (Ctx        *ctx,
            const char *text,
            double      max_w)
{
  double w;

  flow_text_size (ctx, text, 0.85, FALSE, -1, &w, NULL);
  return MIN (w + 16 * ctx->u, max_w);
}

static void
draw_chip (Ctx                *ctx,
           const char         *text,
           double              x,
           double              y,
           double              w,
           double              h,
           const ForklineRgba *color,
           double              alpha)
{
  const ForklinePalette *pal = ctx->palette;
  ForklineRgba fill = flow_mix (&pal->background, color, 0.45);

  cairo_save (ctx->cr);
  flow_rounded_rect (ctx->cr, x, y, w, h, h / 2);
  flow_set_rgba (ctx, &fill, alpha);
  cairo_fill_preserve (ctx->cr);
  flow_set_rgba (ctx, color, alpha);
  cairo_set_line_width (ctx->cr, 1.5 * ctx->u);
  cairo_stroke (ctx->cr);
  flow_draw_text (ctx, text, x + w / 2, y + (h - flow_line_height (ctx, 0.85)) / 2, 0.85, FALSE,
                  &pal->foreground, alpha, ALIGN_CENTER, w - 10 * ctx->u);
  cairo_restore (ctx->cr);
}

static char *
message_tooltip (Ctx                       *ctx,
                 const ForklineFlowObject  *object,
                 const ForklineFlowMessage *m)
{
  g_autofree char *when = flow_format_time (m->put_ns);

  if (object->kind == FORKLINE_OBJECT_PIPE)
    return g_strdup_printf ("“%s”\nsent by %s into end %d at %s\nmessage #%" G_GUINT64_FORMAT
                            ", waiting to be received",
                            m->text, forkline_flow_state_proc_name (ctx->state, m->sender), m->end,
                            when, m->msg_id);
  return g_strdup_printf ("“%s”\nput by %s at %s\nmessage #%" G_GUINT64_FORMAT "%s",
                          m->text, forkline_flow_state_proc_name (ctx->state, m->sender), when,
                          m->msg_id,
                          m->buffered ? ", still in its feeder thread: not in the pipe yet, "
                                        "so empty() does not see it"
                                      : ", waiting in the queue");
}

/* The messages inside a channel, oldest nearest the exit (right). */
static void
draw_messages (Ctx         *ctx,
               const Place *place)
{
  const ForklineFlowObject *object = place->object;
  double u = ctx->u;
  double h = place->body.h - 14 * u;
  double y = place->body.y + 7 * u;
  double x_exit = place->body.x + place->body.w - 10 * u;
  double x_entry = place->body.x + 10 * u;
  double x = x_exit;
  guint shown = 0;

  if (object == NULL)
    return;

  for (guint i = 0; i < object->messages->len; i++)
    {
      const ForklineFlowMessage *m = &g_array_index (object->messages, ForklineFlowMessage, i);
      double w = chip_width (ctx, m->text, MIN (150 * u, (x_exit - x_entry) * 0.6));
      ForklineRgba c = flow_proc_color (ctx, m->sender);
      const ForklineFlowAnim *anim;
      Rect r;

      if (x - w < x_entry + (i + 1 < object->messages->len ? 40 * u : 0))
        break;
      x -= w;
      r = (Rect) { x, y, w, h };

      anim = find_anim (ctx, FORKLINE_FLOW_MOVE_PUT, object->id, m->msg_id, -1);
      if (anim != NULL && anim->progress < 1.0)
        {
          double sx, sy, t = flow_ease_out (anim->progress);

          /* Slide in from the sender. */
          if (flow_node_anchor (ctx, m->sender, x, y, &sx, &sy))
            {
              r.x = sx + (x - sx) * t;
              r.y = (sy - h / 2) + (y - (sy - h / 2)) * t;
            }
        }
      /* faint while its feeder thread has not written it into the pipe */
      draw_chip (ctx, m->text, r.x, r.y, r.w, r.h, &c, m->buffered ? 0.45 : 1.0);
      flow_add_hit_event (ctx, &r, message_tooltip (ctx, object, m), m->put_event);
      x -= 6 * u;
      shown++;
    }

  if (shown < object->messages->len)
    {
      g_autofree char *more = g_strdup_printf ("+%u", object->messages->len - shown);

      flow_draw_text (ctx, more, x_entry + 14 * u, y + (h - flow_line_height (ctx, 0.9)) / 2, 0.9,
                      TRUE, &ctx->palette->foreground, 1.0, ALIGN_CENTER, -1);
    }
}

/* Items just taken out slide from the exit to their receiver and fade. */
static void
draw_departures (Ctx         *ctx,
                 const Place *place)
{
  double u = ctx->u;
  double h = place->body.h - 14 * u;

  for (guint i = 0; i < ctx->options->n_anims; i++)
    {
      const ForklineFlowAnim *anim = &ctx->options->anims[i];
      double rx, ry, t, w, x0, y0;
      ForklineRgba c;

      if (anim->move.kind != FORKLINE_FLOW_MOVE_GET || anim->move.object != place->layout->id ||
          anim->progress >= 1.0)
        continue;

      x0 = place->body.x + place->body.w;
      y0 = place->body.y + 7 * u;
      if (!flow_node_anchor (ctx, anim->move.proc, x0, y0, &rx, &ry))
        continue;

      t = flow_ease_out (anim->progress);
      w = chip_width (ctx, anim->move.text, 150 * u);
      c = flow_proc_color (ctx, anim->move.peer >= 0 ? anim->move.peer : anim->move.proc);
      /* It ends touching the receiver's node, not hidden under it. */
      if (ctx->vertical)
        draw_chip (ctx, anim->move.text,
                   x0 - w + (rx - w / 2 - (x0 - w)) * t,
                   y0 + ((ry > y0 ? ry - h - 2 * u : ry + 2 * u) - y0) * t,
                   w, h, &c, 1.0 - 0.6 * t);
      else
        draw_chip (ctx, anim->move.text,
                   x0 - w + ((rx > x0 ? rx - w - 4 * u : rx + 4 * u) - (x0 - w)) * t,
                   y0 + (ry - h / 2 - y0) * t,
                   w, h, &c, 1.0 - 0.6 * t);
    }
}

static void
draw_tube (Ctx        *ctx,
           const Rect *body)
{
  const ForklinePalette *pal = ctx->palette;

  cairo_save (ctx->cr);
  flow_rounded_rect (ctx->cr, body->x, body->y, body->w, body->h, body->h / 2);
  flow_set_rgba (ctx, &pal->section_background, 1.0);
  cairo_fill_preserve (ctx->cr);
  flow_set_rgba (ctx, &pal->grid, 1.0);
  cairo_set_line_width (ctx->cr, 2 * ctx->u);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);
}

static const char *
flow_proc_name_or_empty (Ctx  *ctx,
                         gint  proc)
{
  return proc >= 0 ? forkline_flow_state_proc_name (ctx->state, proc) : "";
}

static gboolean
anyone_alive (Ctx          *ctx,
              const GArray *procs)
{
  for (guint i = 0; i < procs->len; i++)
    if (flow_proc_alive (ctx, g_array_index (procs, gint16, i)))
      return TRUE;
  return FALSE;
}

static guint
buffered_count (const ForklineFlowObject *queue)
{
  guint n = 0;

  for (guint i = 0; i < queue->messages->len; i++)
    n += g_array_index (queue->messages, ForklineFlowMessage, i).buffered;
  return n;
}

void
flow_draw_queue (Ctx   *ctx,
                 Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = flow_line_height (ctx, 0.95) + 4 * u;
  guint inside = o != NULL ? o->messages->len : 0;
  g_autofree char *title =
    g_strdup_printf ("%s · %u inside", *lo->name ? lo->name : "Queue", inside);
  g_autofree char *caption = NULL;
  const ForklineRgba *caption_color = &pal->muted;

  place->body = (Rect) { place->rect.x, place->rect.y + lh, place->rect.w, 40 * u };
  /* Tall: lines come from above at the ends; the title keeps between. */
  flow_draw_text (ctx, title,
                  ctx->vertical ? place->rect.x + place->rect.w / 2 : place->rect.x + 4 * u,
                  place->rect.y, 0.95, TRUE, &pal->foreground, 1.0,
                  ctx->vertical ? ALIGN_CENTER : ALIGN_LEFT, place->rect.w);

  for (guint i = 0; i < lo->senders->len; i++)
    {
      gint16 proc = g_array_index (lo->senders, gint16, i);

      flow_link (ctx, proc, place->body.x + (ctx->vertical ? place->body.h / 2 : 0),
                 place->body.y + (ctx->vertical ? 0 : place->body.h / 2), TRUE,
                 o != NULL && forkline_flow_object_has_proc (o->senders, proc) ? 0.75 : 0.25, FALSE,
                 NULL);
    }
  for (guint i = 0; i < lo->readers->len; i++)
    {
      gint16 proc = g_array_index (lo->readers, gint16, i);

      flow_link (ctx, proc, place->body.x + place->body.w - (ctx->vertical ? place->body.h / 2 : 0),
                 place->body.y + (ctx->vertical ? place->body.h : place->body.h / 2), FALSE,
                 o != NULL && forkline_flow_object_has_proc (o->receivers, proc) ? 0.75 : 0.25,
                 FALSE, NULL);
    }

  draw_tube (ctx, &place->body);
  /* Before the chips, so a chip's own tooltip and click win over it. */
  if (o != NULL)
    flow_add_hit (ctx, &place->body,
                  g_strdup_printf ("%s: %u put, %u got, %u inside", *lo->name ? lo->name : "Queue",
                                   o->n_put, o->n_got, inside));
  draw_messages (ctx, place);
  draw_departures (ctx, place);

  if (o == NULL)
    caption = g_strdup ("not created yet");
  else if (inside > 0 && lo->readers->len > 0 && !anyone_alive (ctx, lo->readers))
    {
      caption =
        g_strdup_printf ("%u item%s that nobody is left to get()%s%s%s", inside,
                         inside == 1 ? "" : "s", o->last_empty == 1 ? " · empty() told " : "",
                         o->last_empty == 1 ? flow_proc_name_or_empty (ctx, o->last_empty_proc)
                                            : "",
                         o->last_empty == 1 ? " it was empty" : "");
      caption_color = &pal->unreceived;
    }
  else if (buffered_count (o) > 0)
    caption = g_strdup_printf ("%u not in the pipe yet: put() returned, and its feeder thread "
                               "writes it a moment later (empty() cannot see it till then)",
                               buffered_count (o));
  else if (o->last_empty >= 0)
    caption = g_strdup_printf ("empty() answered %s to %s", o->last_empty ? "True" : "False",
                               forkline_flow_state_proc_name (ctx->state, o->last_empty_proc));
  else
    caption = g_strdup_printf ("%u put, %u got", o->n_put, o->n_got);
  flow_draw_paragraph (ctx, caption, place->rect.x + 4 * u, place->body.y + place->body.h + 4 * u,
                       place->rect.w - 8 * u, 0.85, caption_color, 2);

}

/* The end the senders write into sits on the left, by the senders. */
static gint
pipe_left_end (const ForklineFlowObject *pipe)
{
  for (guint i = 0; i < pipe->senders->len; i++)
    if (forkline_flow_object_has_proc (pipe->end_users[1],
                                       g_array_index (pipe->senders, gint16, i)) &&
        !forkline_flow_object_has_proc (pipe->receivers, g_array_index (pipe->senders, gint16, i)))
      return 1;
  return pipe->senders->len > 0 ? 0 : 1;
}

void
flow_draw_pipe (Ctx   *ctx,
                Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = flow_line_height (ctx, 0.95) + 4 * u;
  double ch = flow_line_height (ctx, 0.85) + 4 * u;
  guint inside = o != NULL ? o->messages->len : 0;
  gint left_end = pipe_left_end (lo);
  double port_r = 9 * u;
  g_autofree char *title =
    g_strdup_printf ("%s · %u inside", *lo->name ? lo->name : "Pipe", inside);
  g_autofree char *why = o != NULL ? forkline_flow_state_explain_pipe (ctx->state, o) : NULL;
  const GArray *blocking = NULL;
  guint n_over = 0;
  double y;

  /* A lane above the tube carries connectors to the far end. */
  place->body = (Rect) { place->rect.x + port_r * 2, place->rect.y + lh + 30 * u,
                         place->rect.w - port_r * 4, 40 * u };
  /* Tall: lines come from above at the ends; the title keeps between. */
  flow_draw_text (ctx, title,
                  ctx->vertical ? place->rect.x + place->rect.w / 2 : place->rect.x + 4 * u,
                  place->rect.y, 0.95, TRUE, &pal->foreground, 1.0,
                  ctx->vertical ? ALIGN_CENTER : ALIGN_LEFT, place->rect.w);

  if (why != NULL)
    {
      /* The end that should have been closed: the one opposite the reader. */
      for (guint i = 0; i < 2; i++)
        if (o->holders[i]->len > 0 && o->end_users[i]->len > 0 &&
            forkline_flow_object_has_proc (o->end_users[1 - i],
                                           g_array_index (o->receivers, gint16, 0)))
          blocking = o->holders[i];
    }

  /* Connectors: who holds each end right now. */
  for (guint side = 0; side < 2; side++)
    {
      gint end = side == 0 ? left_end : 1 - left_end;
      double px = side == 0 ? place->body.x - port_r : place->body.x + place->body.w + port_r;
      double py = place->body.y + place->body.h / 2;
      const GArray *holders = o != NULL ? o->holders[end] : NULL;
      g_autofree char *names = NULL;
      g_autofree char *label = NULL;
      gboolean bad = holders != NULL && holders == blocking;
      Rect hit = { px - port_r, py - port_r, port_r * 2, port_r * 2 };

      for (guint i = 0; holders != NULL && i < holders->len; i++)
        {
          gint16 proc = g_array_index (holders, gint16, i);
          gboolean wrong = bad && forkline_flow_object_has_proc (o->receivers, proc);
          gboolean unused = !forkline_flow_object_has_proc (o->end_users[end], proc);
          const Node *node = flow_node_for (ctx, proc);

          if (node == NULL)
            continue;
          if ((node->side == SIDE_LEFT) == (side == 0))
            flow_link (ctx, proc, px, py, TRUE, wrong ? 0.95 : 0.55, unused,
                       wrong ? &pal->error : NULL);
          else
            flow_link_over (ctx, proc, px, py, place->body.y - (12 + 7 * (n_over++ % 3)) * u,
                            wrong ? 0.95 : 0.55, unused, wrong ? &pal->error : NULL);
        }

      cairo_save (ctx->cr);
      /* Text leaves a current point behind; start the port afresh. */
      cairo_new_path (ctx->cr);
      cairo_arc (ctx->cr, px, py, port_r, 0, 2 * G_PI);
      flow_set_rgba (ctx,
                     holders != NULL && holders->len > 0 ? &pal->background : &pal->lane_background,
                     1.0);
      cairo_fill_preserve (ctx->cr);
      flow_set_rgba (ctx, bad ? &pal->error : &pal->foreground, 1.0);
      cairo_set_line_width (ctx->cr, (bad ? 3 : 2) * u);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
      flow_draw_text (ctx, end == 0 ? "0" : "1", px, py - flow_line_height (ctx, 0.75) / 2, 0.75,
                      TRUE, &pal->foreground, 1.0, ALIGN_CENTER, -1);

      names = holders != NULL ? forkline_flow_state_name_procs (ctx->state, holders)
                              : g_strdup ("nobody");
      label = g_strdup_printf ("end %d held by %s", end,
                               holders != NULL && holders->len == 0 ? "nobody (closed)" : names);
      flow_draw_text (ctx, label,
                      side == 0 ? place->rect.x + 2 * u : place->rect.x + place->rect.w - 2 * u,
                      place->body.y + place->body.h + 4 * u + (side == 0 ? 0 : ch), 0.85, bad,
                      bad ? &pal->error : &pal->muted, 1.0, side == 0 ? ALIGN_LEFT : ALIGN_RIGHT,
                      place->rect.w * 0.9);
      flow_add_hit_event (ctx, &hit,
                          g_strdup_printf ("Pipe end %d: %s\nEach process that holds a copy keeps "
                                           "the end open; recv() on the other end sees EOF only "
                                           "when every copy is closed.", end, label),
                          o != NULL ? o->hold_event[end] : FORKLINE_FLOW_NO_EVENT);
    }

  draw_tube (ctx, &place->body);
  draw_messages (ctx, place);
  draw_departures (ctx, place);

  y = place->body.y + place->body.h + 4 * u + ch * 2 + 4 * u;
  if (why != NULL)
    {
      double h;
      Rect box;

      ForklineRgba fill = flow_mix (&pal->background, &pal->error, 0.1);

      /* Measure first: the box goes under the words and over the lines. */
      flow_text_size (ctx, why, 0.85, FALSE, place->rect.w - 20 * u, NULL, NULL);
      pango_layout_set_height (ctx->pango, -5);
      {
        PangoRectangle logical;

        pango_layout_get_pixel_extents (ctx->pango, NULL, &logical);
        h = logical.height;
      }
      box = (Rect) { place->rect.x, y, place->rect.w, h + 12 * u };
      cairo_save (ctx->cr);
      flow_rounded_rect (ctx->cr, box.x, box.y, box.w, box.h, 6 * u);
      flow_set_rgba (ctx, &fill, 1.0);
      cairo_fill_preserve (ctx->cr);
      flow_set_rgba (ctx, &pal->error, 0.8);
      cairo_set_line_width (ctx->cr, 1.5 * u);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
      flow_draw_paragraph (ctx, why, place->rect.x + 10 * u, y + 6 * u, place->rect.w - 20 * u,
                           0.85, &pal->error, 5);
      flow_add_hit (ctx, &box, g_strdup (why));
    }
  else if (o != NULL && o->eof_proc >= 0)
    {
      g_autofree char *eof =
        g_strdup_printf ("%s saw EOF: every copy of the other end is closed",
                         forkline_flow_state_proc_name (ctx->state, o->eof_proc));

      flow_draw_text (ctx, eof, place->rect.x + 4 * u, y, 0.85, FALSE, &pal->muted, 1.0, ALIGN_LEFT,
                      place->rect.w);
    }
}

/* Locks */

static void
draw_lock_icon (Ctx                *ctx,
                double              x,
                double              y,
                double              s,
                gboolean            locked,
                const ForklineRgba *color)
{
  cairo_save (ctx->cr);
  flow_set_rgba (ctx, color, 1.0);
  cairo_set_line_width (ctx->cr, s * 0.14);
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, x + s / 2, y + s * 0.42, s * 0.24, G_PI, locked ? 0 : -G_PI / 4);
  if (locked)
    cairo_line_to (ctx->cr, x + s * 0.74, y + s * 0.5);
  cairo_move_to (ctx->cr, x + s * 0.26, y + s * 0.42);
  cairo_line_to (ctx->cr, x + s * 0.26, y + s * 0.5);
  cairo_stroke (ctx->cr);
  flow_rounded_rect (ctx->cr, x + s * 0.14, y + s * 0.5, s * 0.72, s * 0.46, s * 0.08);
  cairo_fill (ctx->cr);
  cairo_restore (ctx->cr);
}

void
flow_draw_lock (Ctx   *ctx,
                Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = flow_line_height (ctx, 0.95) + 4 * u;
  double chip_h = 26 * u;
  const ForklineFlowAnim *anim =
    o != NULL ? find_anim (ctx, FORKLINE_FLOW_MOVE_ACQUIRE, o->id, 0, -1) : NULL;
  gboolean held = o != NULL && o->holder >= 0;
  g_autofree char *title = g_strdup_printf ("%s · %s", *lo->name ? lo->name : "Lock",
                                            held ? "held" : "free");
  g_autofree char *caption = NULL;
  double x, cy;

  place->body = (Rect) { place->rect.x, place->rect.y + lh, place->rect.w, 46 * u };
  flow_draw_text (ctx, title, place->rect.x + 4 * u, place->rect.y, 0.95, TRUE, &pal->foreground,
                  1.0, ALIGN_LEFT, place->rect.w);

  cy = place->body.y + place->body.h / 2;
  for (guint i = 0; held && i < o->owners->len; i++)
    flow_link_rect (ctx, g_array_index (o->owners, gint16, i), &place->body, TRUE, 0.9, FALSE);
  for (guint i = 0; o != NULL && i < o->waiters->len; i++)
    flow_link_rect (ctx, g_array_index (o->waiters, gint16, i), &place->body, TRUE, 0.45, TRUE);

  cairo_save (ctx->cr);
  flow_rounded_rect (ctx->cr, place->body.x, place->body.y, place->body.w, place->body.h, 8 * u);
  flow_set_rgba (ctx, &pal->section_background, 1.0);
  cairo_fill_preserve (ctx->cr);
  if (held)
    {
      ForklineRgba c = flow_proc_color (ctx, o->holder);

      flow_set_rgba (ctx, &c, 1.0);
      cairo_set_line_width (ctx->cr, 3 * u);
    }
  else
    {
      flow_set_rgba (ctx, &pal->grid, 1.0);
      cairo_set_line_width (ctx->cr, 2 * u);
    }
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  draw_lock_icon (ctx, place->body.x + 10 * u, cy - 13 * u, 26 * u, held,
                  held ? &pal->foreground : &pal->muted);
  x = place->body.x + 44 * u;
  if (held)
    {
      x += flow_draw_text (ctx, "held by", x, cy - flow_line_height (ctx, 0.85) / 2, 0.85, FALSE,
                           &pal->muted, 1.0, ALIGN_LEFT, -1) +
           6 * u;
      /* a Semaphore's holders, each a chip; the one that took it last flashes */
      for (guint i = 0; i < o->owners->len; i++)
        {
          gint16 proc = g_array_index (o->owners, gint16, i);
          ForklineRgba c = flow_proc_color (ctx, proc);
          const char *name = forkline_flow_state_proc_name (ctx->state, proc);
          double w = chip_width (ctx, name, 140 * u);

          if (i > 0 && x + w > place->body.x + place->body.w - 6 * u)
            {
              g_autofree char *more = g_strdup_printf ("+%u", o->owners->len - i);

              x += flow_draw_text (ctx, more, x, cy - flow_line_height (ctx, 0.85) / 2, 0.85, TRUE,
                                   &pal->foreground, 1.0, ALIGN_LEFT, -1) +
                   14 * u;
              break;
            }
          if (anim != NULL && anim->progress < 1.0 && i == o->owners->len - 1)
            {
              cairo_save (ctx->cr);
              flow_rounded_rect (ctx->cr, x - 4 * u, cy - chip_h / 2 - 4 * u, w + 8 * u, chip_h + 8 * u,
                                 chip_h / 2 + 4 * u);
              flow_set_rgba (ctx, &c, 0.5 * (1.0 - anim->progress));
              cairo_fill (ctx->cr);
              cairo_restore (ctx->cr);
            }
          draw_chip (ctx, name, x, cy - chip_h / 2, w, chip_h, &c, 1.0);
          x += w + (i + 1 < o->owners->len ? 5 : 14) * u;
        }
    }
  else
    x += flow_draw_text (ctx, "free", x, cy - flow_line_height (ctx, 0.85) / 2, 0.85, FALSE,
                         &pal->muted, 1.0, ALIGN_LEFT, -1) +
         14 * u;

  if (o != NULL && o->waiters->len > 0)
    {
      x += flow_draw_text (ctx, "waiting:", x, cy - flow_line_height (ctx, 0.85) / 2, 0.85, FALSE,
                           &pal->muted, 1.0, ALIGN_LEFT, -1) +
           6 * u;
      for (guint i = 0; i < o->waiters->len; i++)
        {
          gint16 proc = g_array_index (o->waiters, gint16, i);
          const char *name = forkline_flow_state_proc_name (ctx->state, proc);
          ForklineRgba c = flow_proc_color (ctx, proc);
          double w = chip_width (ctx, name, 120 * u);

          if (x + w > place->body.x + place->body.w - 6 * u)
            {
              g_autofree char *more = g_strdup_printf ("+%u", o->waiters->len - i);

              flow_draw_text (ctx, more, x, cy - flow_line_height (ctx, 0.85) / 2, 0.85, TRUE,
                              &pal->foreground, 1.0, ALIGN_LEFT, -1);
              break;
            }
          draw_chip (ctx, name, x, cy - chip_h / 2, w, chip_h, &c, 0.75);
          x += w + 5 * u;
        }
    }

  if (o == NULL)
    caption = g_strdup ("not created yet");
  else
    caption = g_strdup_printf ("acquired %u time%s · %.1f ms spent waiting in all", o->n_acquired,
                               o->n_acquired == 1 ? "" : "s", o->total_wait_ns / 1e6);
  flow_draw_text (ctx, caption, place->rect.x + 4 * u, place->body.y + place->body.h + 4 * u, 0.85,
                  FALSE, &pal->muted, 1.0, ALIGN_LEFT, place->rect.w);

  if (o != NULL)
    {
      g_autofree char *waiting = forkline_flow_state_name_procs (ctx->state, o->waiters);
      g_autofree char *holding = forkline_flow_state_name_procs (ctx->state, o->owners);

      flow_add_hit (ctx, &place->body,
                    g_strdup_printf ("%s\nheld by %s\nwaiting: %s\n%s",
                                     *lo->name ? lo->name : "Lock", held ? holding : "nobody",
                                     waiting, caption));
    }
}

/* Arrays */

/* An Array's cells and a Pool's tasks sit in a grid centred in the
 * object; drawing and measuring share it so that they agree. */
typedef struct
{
  guint  n;        /* cells shown, at least one */
  guint  cols;
  guint  rows;
  double cell_w;
  double cell_h;
  double pitch_x;  /* a cell and the gap after it */
  double pitch_y;  /* a cell, its caption and the gap below */
  double x0;       /* left of the first column */
} Grid;

static Grid
object_grid (Ctx                      *ctx,
             const ForklineFlowObject *layout,
             double                    x,
             double                    width,
             guint                     n_items)
{
  gboolean array = layout->kind == FORKLINE_OBJECT_ARRAY;
  double u = ctx->u;
  double caption = flow_line_height (ctx, 0.85) + 4 * u;
  Grid g;

  g.n = MAX (n_items, 1);
  g.cols = flow_object_columns (ctx, layout, width, g.n);
  g.rows = (g.n + g.cols - 1) / g.cols;
  g.cell_w = MIN ((array ? 58 : 72) * u, width / g.cols - 6 * u);
  g.cell_h = array ? g.cell_w : 46 * u;
  g.pitch_x = g.cell_w + 6 * u;
  g.pitch_y = g.cell_h + caption + (array ? 4 : 6) * u;
  g.x0 = x + (width - g.cols * g.pitch_x + 6 * u) / 2;
  return g;
}

static inline double
grid_cell_x (const Grid *g,
             guint       i)
{
  return g->x0 + (i % g->cols) * g->pitch_x;
}

static inline double
grid_cell_y (const Grid *g,
             double      top,
             guint       i)
{
  return top + (i / g->cols) * g->pitch_y;
}

static char *
cell_tooltip (Ctx                      *ctx,
              const ForklineFlowObject *lo,
              guint                     i,
              const ForklineFlowCell   *cell)
{
  GString *str = g_string_new (NULL);

  g_string_append_printf (str, "%s[%u] = %" G_GINT64_FORMAT, *lo->name ? lo->name : "array", i,
                          cell->value);
  if (cell->last_writer >= 0)
    {
      g_autofree char *when = flow_format_time (cell->written_ns);

      g_string_append_printf (str, "\nlast written by %s at %s (%u write%s)",
                              forkline_flow_state_proc_name (ctx->state, cell->last_writer), when,
                              cell->n_writes, cell->n_writes == 1 ? "" : "s");
    }
  else
    g_string_append (str, "\ninitial value, not written yet");
  if (cell->n_lost > 0)
    g_string_append_printf (str,
                            "\n%u write%s based on a stale read (short by %" G_GINT64_FORMAT "); "
                            "the last: %s overwrote %s's %" G_GINT64_FORMAT
                            " without having seen it",
                            cell->n_lost, cell->n_lost == 1 ? "" : "s", cell->lost_amount,
                            forkline_flow_state_proc_name (ctx->state, cell->lost_by),
                            cell->lost_victim >= 0
                              ? forkline_flow_state_proc_name (ctx->state, cell->lost_victim)
                              : "another process",
                            cell->lost_value);
  return g_string_free (str, FALSE);
}

void
flow_draw_array (Ctx   *ctx,
                 Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = flow_line_height (ctx, 0.95) + 4 * u;
  Grid grid = object_grid (ctx, lo, place->rect.x, place->rect.w, place->n_items);
  guint n = grid.n;
  double cs = grid.cell_w;
  g_autofree char *title = NULL;

  /* A counter's loss reads best as the count it falls short by. */
  if (o != NULL && o->n_lost > 0 && o->increments_only)
    title =
      g_strdup_printf ("%s · %" G_GINT64_FORMAT " update%s lost", *lo->name ? lo->name : "Array",
                       o->lost_amount, o->lost_amount == 1 ? "" : "s");
  else if (o != NULL && o->n_lost > 0)
    title = g_strdup_printf ("%s · %u lost update%s", *lo->name ? lo->name : "Array", o->n_lost,
                             o->n_lost == 1 ? "" : "s");
  else
    title = g_strdup (*lo->name ? lo->name : "Array");
  flow_draw_text (ctx, title, place->rect.x + 4 * u, place->rect.y, 0.95, TRUE,
                  o != NULL && o->n_lost > 0 ? &pal->error : &pal->foreground, 1.0, ALIGN_LEFT,
                  place->rect.w);
  place->body = (Rect) { grid.x0, place->rect.y + lh, grid.cols * grid.pitch_x, 0 };

  for (guint i = 0; o != NULL && i < MIN (o->cells->len, n); i++)
    {
      const ForklineFlowCell *cell = &g_array_index (o->cells, ForklineFlowCell, i);
      const ForklineFlowAnim *anim = find_anim (ctx, FORKLINE_FLOW_MOVE_WRITE, o->id, 0, i);
      double x = grid_cell_x (&grid, i);
      double y = grid_cell_y (&grid, place->body.y, i);
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, cell->value);
      g_autofree char *index = g_strdup_printf ("%u", i);
      double vw, size = 1.25;
      Rect r = { x, y, cs, cs };

      /* Writing arrives as a line from the writer, then the cell flashes. */
      if (anim != NULL && anim->progress < 1.0)
        flow_link (ctx, anim->move.proc, x + cs / 2, y + cs / 2, TRUE, 0.9 * (1.0 - anim->progress),
                   FALSE, NULL);

      cairo_save (ctx->cr);
      flow_rounded_rect (ctx->cr, x, y, cs, cs, 5 * u);
      if (cell->last_writer >= 0)
        {
          ForklineRgba c = flow_proc_color (ctx, cell->last_writer);
          ForklineRgba fill = flow_mix (&pal->background, &c, 0.3);

          flow_set_rgba (ctx, &fill, 1.0);
          cairo_fill_preserve (ctx->cr);
          flow_set_rgba (ctx, &c, 1.0);
          cairo_set_line_width (ctx->cr, 3 * u);
        }
      else
        {
          flow_set_rgba (ctx, &pal->lane_background, 1.0);
          cairo_fill_preserve (ctx->cr);
          flow_set_rgba (ctx, &pal->grid, 1.0);
          cairo_set_line_width (ctx->cr, 1.5 * u);
        }
      cairo_stroke (ctx->cr);

      if (anim != NULL && anim->progress < 1.0)
        {
          ForklineRgba flash = { 1.0, 0.85, 0.2, 1.0 };

          flow_rounded_rect (ctx->cr, x - 3 * u, y - 3 * u, cs + 6 * u, cs + 6 * u, 7 * u);
          flow_set_rgba (ctx, &flash, 0.75 * (1.0 - anim->progress));
          cairo_set_line_width (ctx->cr, 5 * u);
          cairo_stroke (ctx->cr);
          flow_rounded_rect (ctx->cr, x, y, cs, cs, 5 * u);
          flow_set_rgba (ctx, &flash, 0.45 * (1.0 - anim->progress));
          cairo_fill (ctx->cr);
        }

      if (cell->n_lost > 0)
        {
          double t = MIN (cs * 0.42, 20 * u);

          cairo_move_to (ctx->cr, x + cs - t, y);
          cairo_line_to (ctx->cr, x + cs - 4 * u, y);
          cairo_arc (ctx->cr, x + cs - 4 * u, y + 4 * u, 4 * u, -G_PI / 2, 0);
          cairo_line_to (ctx->cr, x + cs, y + t);
          cairo_close_path (ctx->cr);
          flow_set_rgba (ctx, &pal->error, 1.0);
          cairo_fill (ctx->cr);
        }
      cairo_restore (ctx->cr);

      flow_text_size (ctx, value, size, TRUE, -1, &vw, NULL);
      while (vw > cs - 6 * u && size > 0.6)
        {
          size -= 0.1;
          flow_text_size (ctx, value, size, TRUE, -1, &vw, NULL);
        }
      flow_draw_text (ctx, value, x + cs / 2, y + (cs - flow_line_height (ctx, size)) / 2 + 2 * u,
                      size, TRUE, &pal->foreground, 1.0, ALIGN_CENTER, cs);
      flow_draw_text (ctx, index, x + 4 * u, y + 1 * u, 0.6, FALSE, &pal->muted, 1.0, ALIGN_LEFT,
                      -1);
      if (cell->n_lost > 0)
        {
          g_autofree char *lost = o->increments_only
            ? g_strdup_printf ("%" G_GINT64_FORMAT " lost", cell->lost_amount)
            : g_strdup_printf ("%u lost", cell->n_lost);

          flow_draw_text (ctx, lost, x + cs / 2, y + cs + 2 * u, 0.75, TRUE, &pal->error, 1.0,
                          ALIGN_CENTER, cs + 6 * u);
        }
      else if (cell->last_writer >= 0)
        {
          g_autofree char *writer = flow_short_name (ctx, cell->last_writer);

          flow_draw_text (ctx, writer, x + cs / 2, y + cs + 2 * u, 0.7, FALSE, &pal->muted, 1.0,
                          ALIGN_CENTER, cs + 6 * u);
        }
      flow_add_hit_event (ctx, &r, cell_tooltip (ctx, lo, i, cell), cell->write_event);
    }

  if (o == NULL)
    flow_draw_text (ctx, "not created yet", place->rect.x + 4 * u, place->rect.y + lh, 0.85, FALSE,
                    &pal->muted, 1.0, ALIGN_LEFT, place->rect.w);
  else
    {
      g_autofree char *caption = g_strdup_printf (
        "%s%s", lo->cells->len > n ? "first cells shown · " : "",
        o->n_lost > 0
          ? "red corner: a process wrote back a value it had read before another's write, "
            "so that other update is lost"
          : "each cell in the colour of the process that wrote it last");

      flow_draw_paragraph (ctx, caption, place->rect.x + 4 * u,
                           place->body.y + grid.rows * grid.pitch_y, place->rect.w - 8 * u, 0.8,
                           o->n_lost > 0 ? &pal->error : &pal->muted, 3);
    }
}

/* Pools */

/* Chunks are told by grouping, not colour (colour means "which worker"):
 * a bracket under the tiles of one chunk, per grid row, named once. */
static void
draw_chunk_brackets (Ctx                      *ctx,
                     const ForklineFlowObject *lo,
                     const Grid               *grid,
                     double                    top)
{
  double u = ctx->u;
  guint n = MIN (lo->tasks->len, grid->n);

  for (guint i = 0, j; i < n; i = j)
    {
      gint64 chunk = g_array_index (lo->tasks, ForklineFlowTask, i).chunk;
      double x0, x1, y;
      g_autofree char *label = NULL;

      for (j = i + 1; j < n; j++)
        if (g_array_index (lo->tasks, ForklineFlowTask, j).chunk != chunk ||
            j / grid->cols != i / grid->cols)
          break;
      if (chunk < 0)
        continue;

      x0 = grid_cell_x (grid, i) + 1 * u;
      x1 = grid_cell_x (grid, j - 1) + grid->cell_w - 1 * u;
      y = grid_cell_y (grid, top, i) + grid->cell_h + 3 * u;
      cairo_save (ctx->cr);
      cairo_move_to (ctx->cr, x0, y - 2.5 * u);
      cairo_line_to (ctx->cr, x0, y);
      cairo_line_to (ctx->cr, x1, y);
      cairo_line_to (ctx->cr, x1, y - 2.5 * u);
      flow_set_rgba (ctx, &ctx->palette->muted, 0.9);
      cairo_set_line_width (ctx->cr, 1.2 * u);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);

      label = g_strdup_printf ("chunk %" G_GINT64_FORMAT, chunk);
      flow_draw_text (ctx, label, (x0 + x1) / 2, y + 1 * u, 0.7, FALSE, &ctx->palette->muted, 1.0,
                      ALIGN_CENTER, x1 - x0 + 6 * u);
    }
}

void
flow_draw_pool (Ctx   *ctx,
                Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = flow_line_height (ctx, 0.95) + 4 * u;
  Grid grid = object_grid (ctx, lo, place->rect.x, place->rect.w, place->n_items);
  guint n = grid.n;
  double cw = grid.cell_w;
  double chh = grid.cell_h;
  guint done = 0, running = 0;
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;
  double cy;

  for (guint i = 0; o != NULL && i < o->tasks->len; i++)
    {
      const ForklineFlowTask *task = &g_array_index (o->tasks, ForklineFlowTask, i);

      done += task->status == FORKLINE_FLOW_TASK_DONE;
      running += task->status == FORKLINE_FLOW_TASK_RUNNING;
    }
  title = g_strdup_printf ("%s · %u tasks in %u chunk%s", *lo->name ? lo->name : "Pool",
                           lo->tasks->len, lo->n_chunks, lo->n_chunks == 1 ? "" : "s");
  flow_draw_text (ctx, title, place->rect.x + 4 * u, place->rect.y, 0.95, TRUE, &pal->foreground,
                  1.0, ALIGN_LEFT, place->rect.w);
  place->body = (Rect) { grid.x0, place->rect.y + lh, grid.cols * grid.pitch_x, chh };
  cy = place->body.y + chh / 2;

  /* map() hands the task list to the pool. */
  if (o != NULL && o->creator >= 0)
    {
      if (ctx->vertical)
        flow_link (ctx, o->creator, place->rect.x + place->rect.w - 20 * u,
                   place->rect.y + flow_line_height (ctx, 0.95) / 2, TRUE, 0.5, FALSE, NULL);
      else
        flow_link (ctx, o->creator, grid.x0 - 4 * u, cy, TRUE, 0.5, FALSE, NULL);
    }

  /* Lines from running tasks to their workers pass behind the chips. */
  for (guint i = 0; o != NULL && i < MIN (o->tasks->len, n); i++)
    {
      const ForklineFlowTask *task = &g_array_index (o->tasks, ForklineFlowTask, i);
      double x = grid_cell_x (&grid, i);
      double y = grid_cell_y (&grid, place->body.y, i);

      if (task->status == FORKLINE_FLOW_TASK_RUNNING && task->worker >= 0)
        flow_link (ctx, task->worker, x + cw / 2, y + chh / 2, FALSE, 0.9, FALSE, NULL);
    }

  draw_chunk_brackets (ctx, lo, &grid, place->body.y);

  for (guint i = 0; i < MIN (lo->tasks->len, n); i++)
    {
      const ForklineFlowTask *lt = &g_array_index (lo->tasks, ForklineFlowTask, i);
      const ForklineFlowTask *task = o != NULL ? forkline_flow_object_get_task (o, i) : NULL;
      guint8 status = task != NULL ? task->status : FORKLINE_FLOW_TASK_PENDING;
      gboolean started = task != NULL && task->worker >= 0 && status >= FORKLINE_FLOW_TASK_RUNNING;
      double x = grid_cell_x (&grid, i);
      double y = grid_cell_y (&grid, place->body.y, i);
      const ForklineFlowAnim *anim =
        o != NULL ? find_anim (ctx, FORKLINE_FLOW_MOVE_TASK_START, o->id, 0, i) : NULL;
      g_autofree char *arg = g_strdup (*lt->argument ? lt->argument : "?");
      g_autofree char *chunk =
        lt->chunk >= 0 ? g_strdup_printf ("chunk %" G_GINT64_FORMAT, lt->chunk) : g_strdup ("");
      Rect r = { x, y, cw, chh };
      ForklineRgba fill = pal->background;
      ForklineRgba ink = pal->foreground;
      double alpha = status == FORKLINE_FLOW_TASK_PENDING ? 0.45 : 0.75;

      /* The fill says who ran the task, in the worker's timeline colour;
       * a task nobody has started yet stays neutral. */
      if (started)
        {
          fill = flow_proc_color (ctx, task->worker);
          ink = ink_on (&fill);
          alpha = 1.0;
        }

      cairo_save (ctx->cr);
      flow_rounded_rect (ctx->cr, x, y, cw, chh, 6 * u);
      flow_set_rgba (ctx, &fill, 1.0);
      cairo_fill_preserve (ctx->cr);
      if (started && status == FORKLINE_FLOW_TASK_RUNNING)
        {
          /* Being worked on now: a strong rim, and the line to its worker. */
          flow_set_rgba (ctx, &pal->foreground, 1.0);
          cairo_set_line_width (ctx->cr, 3 * u);
        }
      else if (started)
        {
          ForklineRgba rim = flow_mix (&fill, &pal->foreground, 0.35);

          flow_set_rgba (ctx, &rim, 1.0);
          cairo_set_line_width (ctx->cr, 1.2 * u);
        }
      else
        {
          double d[] = { 3 * u, 3 * u };

          flow_set_rgba (ctx, &pal->muted, 0.8);
          cairo_set_line_width (ctx->cr, 1.5 * u);
          cairo_set_dash (ctx->cr, d, 2, 0);
        }
      cairo_stroke (ctx->cr);
      if (anim != NULL && anim->progress < 1.0)
        {
          ForklineRgba flash = { 1.0, 0.85, 0.2, 1.0 };

          flow_rounded_rect (ctx->cr, x - 3 * u, y - 3 * u, cw + 6 * u, chh + 6 * u, 8 * u);
          flow_set_rgba (ctx, &flash, 0.8 * (1.0 - anim->progress));
          cairo_set_line_width (ctx->cr, 5 * u);
          cairo_stroke (ctx->cr);
        }
      cairo_restore (ctx->cr);

      if (status == FORKLINE_FLOW_TASK_DONE && *task->result != '\0')
        {
          g_autofree char *result = g_strdup_printf ("→ %s", task->result);
          double size = 0.95, rw;

          flow_text_size (ctx, result, size, TRUE, -1, &rw, NULL);
          while (rw > cw - 6 * u && size > 0.6)
            {
              size -= 0.05;
              flow_text_size (ctx, result, size, TRUE, -1, &rw, NULL);
            }
          flow_draw_text (ctx, arg, x + cw / 2, y + 4 * u, 0.8, FALSE, &ink, 0.8, ALIGN_CENTER,
                          cw - 4 * u);
          flow_draw_text (ctx, result, x + cw / 2, y + chh / 2, size, TRUE, &ink, 1.0,
                          ALIGN_CENTER, cw - 4 * u);
        }
      else
        flow_draw_text (ctx, arg, x + cw / 2, y + (chh - flow_line_height (ctx, 1.1)) / 2, 1.1,
                        TRUE, &ink, alpha, ALIGN_CENTER, cw - 4 * u);

      flow_add_hit_event (ctx, &r,
                          g_strdup_printf ("task %u: argument %s%s%s\n%s\n%s%s", i, arg,
                                           task != NULL && *task->result ? " → " : "",
                                           task != NULL && *task->result ? task->result : "",
                                           lt->chunk >= 0 ? chunk : "chunk unknown",
                                           status == FORKLINE_FLOW_TASK_PENDING
                                             ? "not dispatched yet"
                                           : status == FORKLINE_FLOW_TASK_DISPATCHED
                                             ? "waiting in the pool's task queue"
                                           : status == FORKLINE_FLOW_TASK_RUNNING ? "running in "
                                                                                  : "done by ",
                                           task != NULL && task->worker >= 0 &&
                                               status >= FORKLINE_FLOW_TASK_RUNNING
                                             ? forkline_flow_state_proc_name (ctx->state,
                                                                              task->worker)
                                             : ""),
                          task != NULL ? task->start_event : FORKLINE_FLOW_NO_EVENT);
    }

  if (o == NULL)
    caption = g_strdup ("not created yet");
  else
    caption = g_strdup_printf ("%u done · %u running · %u waiting · a tile takes the colour "
                               "of the worker that ran it, a worker takes a whole chunk%s",
                               done, running, lo->tasks->len - done - running,
                               lo->tasks->len > n ? " · first tasks shown" : "");
  flow_draw_paragraph (ctx, caption, place->rect.x + 4 * u,
                       place->body.y + grid.rows * grid.pitch_y,
                       place->rect.w - 8 * u, 0.8, &pal->muted, 2);
}

/* Sizes */

/* The plain-words box under a pipe takes the lines its text needs. */
static double
pipe_explanation_height (Ctx                      *ctx,
                         const ForklineFlowObject *layout,
                         double                    width)
{
  const ForklineFlowObject *now = forkline_flow_state_lookup_object (ctx->state, layout->id);
  g_autofree char *why = now != NULL ? forkline_flow_state_explain_pipe (ctx->state, now) : NULL;
  PangoRectangle logical;

  if (why == NULL)
    return flow_line_height (ctx, 0.85) * 2;
  flow_text_size (ctx, why, 0.85, FALSE, width - 20 * ctx->u, NULL, NULL);
  pango_layout_set_height (ctx->pango, -5);
  pango_layout_get_pixel_extents (ctx->pango, NULL, &logical);
  return logical.height + 12 * ctx->u;
}

guint
flow_object_columns (Ctx                      *ctx,
                     const ForklineFlowObject *object,
                     double                    width,
                     guint                     n_items)
{
  double cell = object->kind == FORKLINE_OBJECT_ARRAY ? 40 : 60;

  if (object->kind != FORKLINE_OBJECT_ARRAY && object->kind != FORKLINE_OBJECT_POOL)
    return 0;
  return CLAMP ((guint) (width / (cell * ctx->u)), 1, MAX (n_items, 1));
}

double
flow_object_height (Ctx                      *ctx,
                    const ForklineFlowObject *object,
                    double                    width,
                    guint                     n_items)
{
  double u = ctx->u;
  double label = flow_line_height (ctx, 0.95) + 4 * u;
  double caption = flow_line_height (ctx, 0.85) + 4 * u;

  switch (object->kind)
    {
    case FORKLINE_OBJECT_QUEUE:
      return label + 40 * u + caption * 2;

    case FORKLINE_OBJECT_PIPE:
      return label + 30 * u + 40 * u + caption * 2 +
             pipe_explanation_height (ctx, object, width) + 14 * u;

    case FORKLINE_OBJECT_LOCK:
      return label + 46 * u + caption;

    case FORKLINE_OBJECT_ARRAY:
    case FORKLINE_OBJECT_POOL:
      {
        Grid grid = object_grid (ctx, object, 0, width, n_items);
        guint n_captions = object->kind == FORKLINE_OBJECT_ARRAY ? 3 : 2;

        return label + grid.rows * grid.pitch_y + caption * n_captions;
      }

    default:
      return label;
    }
}