/* test-app-units.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's display-free parts: the shared view state, the console's list
 * model, event descriptions, the lesson list parser, the lesson text and
 * listing helpers.
 */

#include "config.h"

#include <math.h>

#include <string.h>

#include "forkline-event-describe.h"
#include "forkline-lesson-panel.h"
#include "forkline-lesson.h"
#include "forkline-print-list.h"
#include "forkline-python-listing.h"
#include "forkline-view-state.h"

#define MS (G_GUINT64_CONSTANT (1000000))

static void
append (ForklineTrace *trace,
        guint16        type,
        guint64        time_ns,
        gint32         pid,
        gint16         proc,
        gint64         a,
        const char    *label,
        const char    *text)
{
  ForklineEvent ev = { 0 };

  ev.type = type;
  ev.time_ns = time_ns;
  ev.pid = pid;
  ev.proc = proc;
  ev.cpu = -1;
  ev.a = a;
  ev.label = label ? label : "";
  ev.label_len = label ? strlen (label) : 0;
  ev.text = text ? text : "";
  ev.text_len = text ? strlen (text) : 0;
  forkline_trace_append (trace, &ev);
}

/* main forks Process-1; both print; main prints last. */
static ForklineTrace *
make_trace (void)
{
  ForklineTrace *trace = forkline_trace_new ();
  ForklineEvent header = { 0 };

  header.type = FORKLINE_EV_HEADER;
  header.a = FORKLINE_PROTOCOL_VERSION;
  header.b = 2;
  header.c = FORKLINE_METHOD_PROC_SAMPLED;
  header.proc = -1;
  header.cpu = -1;
  header.label = "start-join";
  header.label_len = strlen ("start-join");
  header.text = "";
  forkline_trace_append (trace, &header);

  append (trace, FORKLINE_EV_PROC_FORK, 1 * MS, 100, 0, -1, "main", NULL);
  append (trace, FORKLINE_EV_PROC_START, 1 * MS, 100, 0, 0, NULL, NULL);
  append (trace, FORKLINE_EV_PROC_FORK, 2 * MS, 101, 1, 0, "Process-1", NULL);
  append (trace, FORKLINE_EV_PROC_START, 2 * MS, 101, 1, 0, NULL, NULL);
  append (trace, FORKLINE_EV_PRINT, 3 * MS, 100, 0, 0, NULL, "hello from main");
  append (trace, FORKLINE_EV_PRINT, 5 * MS, 101, 1, 0, NULL, "hello from the child");
  append (trace, FORKLINE_EV_PRINT, 9 * MS, 100, 0, 0, NULL, "Program finished");

  return trace;
}

static void
test_view_state_zoom_keeps_anchor (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();

  forkline_view_state_set_visible_range (state, 1000 * MS, 2000 * MS);
  forkline_view_state_zoom (state, 2.0, 0.5);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 1250 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 1750 * MS);

  /* zooming at the left edge keeps the left edge */
  forkline_view_state_zoom (state, 0.5, 0.0);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 1250 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 2250 * MS);
}

/* GTK 4.8 scroll events carry no position; a NaN anchor once sent the
 * view to 2^63 ns. */
static void
test_view_state_zoom_without_anchor_stays_centred (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();

  forkline_view_state_set_visible_range (state, 1000 * MS, 2000 * MS);
  forkline_view_state_zoom (state, 2.0, NAN);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 1250 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 1750 * MS);
}

static void
test_view_state_pan_stops_at_zero (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();

  forkline_view_state_set_visible_range (state, 100 * MS, 300 * MS);
  forkline_view_state_pan (state, 0.25);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 150 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 350 * MS);
  forkline_view_state_pan (state, -10);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 0);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 200 * MS);
}

/* The engine forks the main process at once but lets it run only once its
 * CPU counters are open: zoom to fit shows the lesson, not that wait. */
static void
test_view_state_fit_skips_engine_start_up (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();

  append (trace, FORKLINE_EV_PROC_FORK, 20000, 100, 0, -1, "main", NULL);
  append (trace, FORKLINE_EV_PROC_START, 14 * MS, 100, 0, 0, NULL, NULL);
  append (trace, FORKLINE_EV_PROC_FORK, 15 * MS, 101, 1, 0, "Process-1", NULL);
  append (trace, FORKLINE_EV_PROC_START, 16 * MS, 101, 1, 0, NULL, NULL);
  append (trace, FORKLINE_EV_PRINT, 28 * MS, 100, 0, 0, NULL, "done");

  forkline_view_state_set_trace (state, trace);
  forkline_view_state_set_live (state, FALSE);
  forkline_view_state_zoom_to_fit (state);
  g_assert_cmpuint (forkline_view_state_get_run_start (state), ==, 14 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), >, 13 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), <=, 14 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), >=, 28 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), <, 29 * MS);
}

static void
test_view_state_reveal_keeps_zoom (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();

  forkline_view_state_set_visible_range (state, 100 * MS, 300 * MS);
  /* shown already: nothing moves */
  forkline_view_state_reveal_time (state, 250 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 100 * MS);
  /* later: centred, same width */
  forkline_view_state_reveal_time (state, 1000 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 900 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 1100 * MS);
  /* near the start: stops at 0 */
  forkline_view_state_reveal_time (state, 50 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 0);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 200 * MS);
}

static void
test_view_state_follows_live_edge (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();

  forkline_view_state_set_trace (state, trace);
  forkline_view_state_set_live (state, TRUE);
  g_assert_true (forkline_view_state_get_follow_live (state));

  /* fitting: the range grows from 0 with the run */
  forkline_view_state_set_now (state, 2000 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_start (state), ==, 0);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), >=, 2000 * MS);

  /* after a zoom the width stays, and the window slides with the edge */
  forkline_view_state_zoom (state, 4.0, 1.0);
  {
    guint64 width = forkline_view_state_get_visible_end (state) -
                    forkline_view_state_get_visible_start (state);

    forkline_view_state_set_now (state, 5000 * MS);
    g_assert_cmpuint (forkline_view_state_get_visible_end (state) -
                      forkline_view_state_get_visible_start (state), ==, width);
    g_assert_cmpuint (forkline_view_state_get_visible_end (state), >=, 5000 * MS);
  }

  /* looking back in time stops following */
  forkline_view_state_set_visible_range (state, 0, 100 * MS);
  g_assert_false (forkline_view_state_get_follow_live (state));
  forkline_view_state_set_now (state, 6000 * MS);
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), ==, 100 * MS);
}

static void
test_view_state_tick_skips_subpixel_moves (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  gint64 origin;

  forkline_view_state_set_trace (state, trace);
  origin = g_get_monotonic_time ();
  forkline_view_state_set_live (state, TRUE);

  /* about a second later, with a pixel worth 2 s: nothing to redraw */
  forkline_view_state_tick (state, origin + 40 * 1000 + 1000 * 1000, 2000 * MS);
  g_assert_cmpuint (forkline_view_state_get_now (state), ==, 0);

  /* a pixel worth 1 ms: the edge moves to about a second */
  forkline_view_state_tick (state, origin + 1000 * 1000 + 40 * 1000, 1 * MS);
  g_assert_cmpuint (forkline_view_state_get_now (state), >=, 1000 * MS);
  g_assert_cmpuint (forkline_view_state_get_now (state), <=, 1040 * MS);

  /* not live: the clock does not move the edge */
  forkline_view_state_set_live (state, FALSE);
  forkline_view_state_set_now (state, 5 * MS);
  forkline_view_state_tick (state, origin + 9000 * 1000, 0);
  g_assert_cmpuint (forkline_view_state_get_now (state), ==, 5 * MS);
}

static void
test_view_state_new_trace_resets (void)
{
  g_autoptr(ForklineViewState) state = forkline_view_state_new ();
  g_autoptr(ForklineTrace) a = make_trace ();
  g_autoptr(ForklineTrace) b = make_trace ();

  forkline_view_state_set_trace (state, a);
  forkline_view_state_set_selected_event (state, 3);
  forkline_view_state_set_cutoff (state, 4 * MS);
  forkline_view_state_set_trace (state, b);
  g_assert_cmpuint (forkline_view_state_get_selected_event (state), ==, FORKLINE_NO_EVENT);
  g_assert_cmpuint (forkline_view_state_get_cutoff (state), ==, FORKLINE_TIME_OPEN);
  /* a finished trace is shown whole */
  g_assert_cmpuint (forkline_view_state_get_visible_end (state), >=, 9 * MS);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_print_list_follows_trace_and_cutoff (void)
{
  g_autoptr(ForklineTrace) trace = make_trace ();
  g_autoptr(ForklinePrintList) list = forkline_print_list_new ();
  g_autoptr(ForklinePrintItem) item = NULL;
  guint n_signals = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &n_signals);
  forkline_print_list_set_trace (list, trace);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  item = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpstr (forkline_print_item_get_text (item), ==, "hello from the child");
  g_assert_cmpstr (forkline_print_item_get_process_name (item), ==, "Process-1");
  g_assert_cmpint (forkline_print_item_get_proc (item), ==, 1);
  g_assert_cmpuint (forkline_print_item_get_time (item), ==, 5 * MS);

  /* the replay position hides what has not happened yet */
  forkline_print_list_set_cutoff (list, 6 * MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (forkline_print_list_find_event (list, forkline_print_item_get_event (item)), ==, 1);
  forkline_print_list_set_cutoff (list, FORKLINE_TIME_OPEN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  /* lines that arrive later are announced */
  n_signals = 0;
  append (trace, FORKLINE_EV_PRINT, 10 * MS, 101, 1, 0, NULL, "late");
  forkline_print_list_update (list);
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);

  /* an event that is not a print has no line */
  g_assert_cmpint (forkline_print_list_find_event (list, 1), ==, -1);
}

static void
test_event_description_names_process_and_text (void)
{
  g_autoptr(ForklineTrace) trace = make_trace ();
  g_autofree char *text = NULL;
  ForklineEventDescription desc;
  guint index = FORKLINE_NO_EVENT;
  guint n_prints = 0;
  const ForklinePrint *prints = forkline_trace_get_prints (trace, &n_prints);

  g_assert_cmpuint (n_prints, ==, 3);
  index = prints[1].event;

  g_assert_true (forkline_event_describe (trace, index, &desc));
  g_assert_cmpstr (desc.message, ==, "hello from the child");
  g_assert_nonnull (strstr (desc.process, "Process-1"));
  g_assert_nonnull (strstr (desc.process, "101"));
  forkline_event_description_clear (&desc);

  text = forkline_event_describe_text (trace, index);
  g_assert_nonnull (strstr (text, "hello from the child"));

  g_assert_false (forkline_event_describe (trace, FORKLINE_NO_EVENT, &desc));
}

/* A state in words starts with a capital; one that starts with the
 * lesson's code keeps the code as written. */
static void
test_event_description_keeps_code_case (void)
{
  g_autoptr(ForklineTrace) trace = make_trace ();
  ForklineEventDescription desc;
  guint n = forkline_trace_get_n_events (trace);

  append (trace, FORKLINE_EV_STATE, 10 * MS, 101, 1, FORKLINE_STATE_SLEEPING, "time.sleep(0.5)", NULL);
  append (trace, FORKLINE_EV_STATE, 10 * MS, 100, 0, FORKLINE_STATE_WAIT_JOIN, "waiting in join() for Process-1", NULL);

  g_assert_true (forkline_event_describe (trace, n, &desc));
  g_assert_cmpstr (desc.what, ==, "time.sleep(0.5)");
  forkline_event_description_clear (&desc);
  g_assert_true (forkline_event_describe (trace, n + 1, &desc));
  g_assert_cmpstr (desc.what, ==, "Waiting in join() for Process-1");
  forkline_event_description_clear (&desc);
}

/* As `forkline-engine list --json` prints it. */
static const char engine_list[] =
  "[{\"id\":\"cpu-count\",\"title\":\"How many CPUs?\",\"summary\":\"prints mp.cpu_count()\",\"params\":[]},\n"
  " {\"id\":\"queue\",\"title\":\"A Queue\",\"summary\":\"producer and consumer\",\"params\":["
  "{\"name\":\"items\",\"default\":5,\"min\":0,\"max\":100,\"integer\":true,\"help\":\"items the producer puts\"},"
  "{\"name\":\"interval\",\"default\":1.5,\"min\":0,\"max\":60,\"integer\":false,\"help\":\"seconds between puts\"},"
  "{\"name\":\"fixed\",\"default\":0,\"min\":0,\"max\":1,\"integer\":true,\"help\":\"use a sentinel\"}]}]";

static void
test_lessons_parse_engine_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) lessons = forkline_lessons_parse_json (engine_list, -1, &error);
  g_autoptr(ForklineLesson) queue = NULL;
  const ForklineLessonParam *param;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (lessons), ==, 2);

  queue = g_list_model_get_item (lessons, 1);
  g_assert_cmpstr (forkline_lesson_get_id (queue), ==, "queue");
  g_assert_cmpstr (forkline_lesson_get_title (queue), ==, "A Queue");
  g_assert_cmpuint (forkline_lesson_get_n_params (queue), ==, 3);

  param = forkline_lesson_get_param (queue, 0);
  g_assert_cmpstr (param->name, ==, "items");
  g_assert_true (param->is_int);
  g_assert_cmpfloat (param->def, ==, 5);
  g_assert_false (forkline_lesson_param_is_flag (param));

  param = forkline_lesson_get_param (queue, 1);
  g_assert_false (param->is_int);
  g_assert_cmpfloat (param->def, ==, 1.5);

  /* an integer 0..1 is a switch */
  g_assert_true (forkline_lesson_param_is_flag (forkline_lesson_get_param (queue, 2)));
}

static void
test_lessons_parse_rejects_garbage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) lessons = forkline_lessons_parse_json ("{\"nothing\": 1}", -1, &error);

  g_assert_null (lessons);
  g_assert_nonnull (error);
  g_clear_error (&error);

  lessons = forkline_lessons_parse_json ("not json", -1, &error);
  g_assert_null (lessons);
  g_assert_nonnull (error);
}

static void
test_listing_strips_markers (void)
{
  g_autoptr(GArray) marked = NULL;
  g_autofree char *text = NULL;

  text = forkline_python_listing_strip ("import multiprocessing as mp\n"
                                        "\n"
                                        "p.start()  #<<\n"
                                        "p.join()\n"
                                        "q.get()   #<<   \n",
                                        &marked);
  g_assert_cmpstr (text, ==, "import multiprocessing as mp\n\np.start()\np.join()\nq.get()");
  g_assert_cmpuint (marked->len, ==, 2);
  g_assert_cmpuint (g_array_index (marked, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (marked, guint, 1), ==, 4);
}

static void
test_markdown_title_and_markup (void)
{
  g_autofree char *title = NULL;
  g_autofree char *markup = NULL;

  markup = forkline_lesson_markup_from_markdown ("# A pool of workers\n"
                                                 "\n"
                                                 "A `Pool` is **fast** & *simple*\n"
                                                 "for x < 3.\n"
                                                 "\n"
                                                 "Second paragraph.\n",
                                                 &title);
  g_assert_cmpstr (title, ==, "A pool of workers");
  g_assert_cmpstr (markup, ==,
                   "A <tt>Pool</tt> is <b>fast</b> &amp; <i>simple</i> for x &lt; 3.\n\n"
                   "Second paragraph.");
  /* what the label gets must be valid markup */
  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/details/keeps-code-case", test_event_description_keeps_code_case);
  g_test_add_func ("/app/view-state/zoom-keeps-anchor", test_view_state_zoom_keeps_anchor);
  g_test_add_func ("/app/view-state/zoom-without-anchor-stays-centred",
                   test_view_state_zoom_without_anchor_stays_centred);
  g_test_add_func ("/app/view-state/pan-stops-at-zero", test_view_state_pan_stops_at_zero);
  g_test_add_func ("/app/view-state/follows-live-edge", test_view_state_follows_live_edge);
  g_test_add_func ("/app/view-state/fit-skips-engine-start-up", test_view_state_fit_skips_engine_start_up);
  g_test_add_func ("/app/view-state/reveal-keeps-zoom", test_view_state_reveal_keeps_zoom);
  g_test_add_func ("/app/view-state/tick-skips-subpixel-moves", test_view_state_tick_skips_subpixel_moves);
  g_test_add_func ("/app/view-state/new-trace-resets", test_view_state_new_trace_resets);
  g_test_add_func ("/app/console/print-list-follows-trace-and-cutoff", test_print_list_follows_trace_and_cutoff);
  g_test_add_func ("/app/details/names-process-and-text", test_event_description_names_process_and_text);
  g_test_add_func ("/app/lessons/parse-engine-list", test_lessons_parse_engine_list);
  g_test_add_func ("/app/lessons/parse-rejects-garbage", test_lessons_parse_rejects_garbage);
  g_test_add_func ("/app/listing/strips-markers", test_listing_strips_markers);
  g_test_add_func ("/app/lesson-text/title-and-markup", test_markdown_title_and_markup);

  return g_test_run ();
}
