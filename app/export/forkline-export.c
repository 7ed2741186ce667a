/* forkline-export.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `forkline export`: the command line, headless.  It never touches GTK,
 * so it works with no display at all (DISPLAY and WAYLAND_DISPLAY unset).
 *
 * Exit status: 0 done; 3 done, but the run did not end cleanly (a
 * truncated or damaged trace file, or a run that ended in an error or by
 * its time limit: what was intact is exported, a warning on stderr says
 * which); 1 a runtime failure (unreadable, foreign or special file, engine
 * failure, unwritable output); 2 a usage error (an unknown lesson too).
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "forkline-export.h"
#include "forkline-export-image.h"
#include "forkline-export-output.h"
#include "forkline-export-run.h"

#define EXIT_USAGE 2
/* Written, but the run it shows did not end cleanly (it ended in error or
 * timed out, or its trace is cut short or damaged): a warning said so. */
#define EXIT_INCOMPLETE 3
#define DEFAULT_SIZE "1920x1080"
#define MIN_SPEED 0.01
#define MAX_SPEED 4.0

typedef struct
{
  char    *lesson;
  char   **params;
  double   speed;
  char    *output;
  char    *size;
  double   scale;
  char    *theme;
  char    *range;
  char    *layout_name;
  char    *save;
  char   **files;

  /* parsed */
  int      width;
  int      height;
  gboolean has_range;
  guint64  t0;
  guint64  t1;           /* G_MAXUINT64: to the end of the run */
  ForklineExportLayout layout;
} Options;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->lesson, g_free);
  g_clear_pointer (&o->params, g_strfreev);
  g_clear_pointer (&o->output, g_free);
  g_clear_pointer (&o->size, g_free);
  g_clear_pointer (&o->theme, g_free);
  g_clear_pointer (&o->range, g_free);
  g_clear_pointer (&o->layout_name, g_free);
  g_clear_pointer (&o->save, g_free);
  g_clear_pointer (&o->files, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
parse_size (const char  *text,
            int         *width,
            int         *height,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", 2);
  guint64 w = 0, h = 0;
  gboolean fit;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT64, &w, NULL) ||
      (!(fit = g_str_equal (parts[1], "auto")) &&
       !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT64, &h, NULL)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--size “%s” is not WIDTHxHEIGHT (e.g. 1920x1080, or 1920xauto to fit all lanes)",
                   text);
      return FALSE;
    }

  if (w < FORKLINE_EXPORT_MIN_SIZE || w > FORKLINE_EXPORT_MAX_SIZE ||
      (!fit && (h < FORKLINE_EXPORT_MIN_SIZE || h > FORKLINE_EXPORT_MAX_SIZE)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--size %s is out of range: width and height must each be between %d and %d pixels",
                   text, FORKLINE_EXPORT_MIN_SIZE, FORKLINE_EXPORT_MAX_SIZE);
      return FALSE;
    }

  /* Height 0 tells the writer to fit the lanes. */
  *width = w;
  *height = fit ? 0 : h;
  return TRUE;
}

/* "1.5", "1.5s", "200ms", "300us", "300µs", "12ns"; plain numbers are s. */
static gboolean
parse_time (const char *text,
            guint64    *ns)
{
  static const struct { const char *unit; double factor; } units[] = {
    { "ns", 1 }, { "us", 1e3 }, { "µs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "", 1e9 },
  };
  char *end = NULL;
  double value;

  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (end == text || errno != 0 || !(value >= 0) || value > 1e9)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_strcmp0 (end, units[i].unit) == 0)
      {
        *ns = (guint64) (value * units[i].factor + 0.5);
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_range (Options  *o,
             GError  **error)
{
  g_auto(GStrv) parts = NULL;

  if (o->range == NULL || g_strcmp0 (o->range, "whole") == 0)
    return TRUE;

  parts = g_strsplit (o->range, ":", 2);
  o->t0 = 0;
  o->t1 = G_MAXUINT64;
  if (g_strv_length (parts) != 2 ||
      (parts[0][0] != '\0' && !parse_time (parts[0], &o->t0)) ||
      (parts[1][0] != '\0' && !parse_time (parts[1], &o->t1)) ||
      o->t0 >= o->t1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--range “%s” is not “whole” or START:END with START before END "
                   "(times in s unless followed by ms, us or ns, e.g. 0.5:2 or 200ms:1.5s)",
                   o->range);
      return FALSE;
    }

  o->has_range = TRUE;
  return TRUE;
}

static gboolean
check_options (Options  *o,
               GError  **error)
{
  guint n_files = o->files != NULL ? g_strv_length (o->files) : 0;
  ForklineTheme theme;

  if (o->lesson == NULL && n_files == 0)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "Say what to export: --lesson ID to run a lesson, or a trace file (RUN.forkline)"), FALSE;
  if (o->lesson != NULL && n_files > 0)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "Give either --lesson or a trace file, not both"), FALSE;
  if (n_files > 1)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "Give one trace file at a time (got %u)", n_files), FALSE;
  if (o->lesson == NULL && (o->params != NULL || o->save != NULL))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "--set and --save only apply with --lesson"), FALSE;
  if (o->output == NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        "Say where to write the result: -o FILE.png, .svg, .pdf or .json"), FALSE;
  if (forkline_export_format_for_path (o->output, error) == FORKLINE_EXPORT_FORMAT_UNKNOWN)
    return FALSE;
  if (!parse_size (o->size != NULL ? o->size : DEFAULT_SIZE, &o->width, &o->height, error))
    return FALSE;
  if (!forkline_export_check_scale (o->scale, error))
    return FALSE;
  if (o->theme != NULL && !forkline_theme_from_string (o->theme, &theme))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "Unknown theme “%s”: use light, dark or contrast", o->theme), FALSE;
  if (!(o->speed >= MIN_SPEED && o->speed <= MAX_SPEED))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "The speed %g is out of range: it must be between %g and %g",
                        o->speed, MIN_SPEED, MAX_SPEED), FALSE;
  if (o->layout_name != NULL && !forkline_export_layout_from_string (o->layout_name, &o->layout, error))
    return FALSE;
  for (guint i = 0; o->params != NULL && o->params[i] != NULL; i++)
    if (strchr (o->params[i], '=') == NULL || o->params[i][0] == '=')
      return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                          "--set “%s” is not KEY=VALUE", o->params[i]), FALSE;
  return parse_range (o, error);
}

/* Name the file as the user typed it: the model's messages start with
 * its base name (right for a window title, not for a command line where
 * "passwd" could be any passwd); GLib's already quote the path given. */
static void
print_file_problem (const char   *prefix,
                    const char   *path,
                    const GError *error)
{
  g_autofree char *base = g_filename_display_basename (path);
  g_autofree char *display = g_filename_display_name (path);
  const char *message = error->message;

  if (g_str_has_prefix (message, base))
    g_printerr ("forkline export: %s%s%s\n", prefix, display, message + strlen (base));
  else if (strstr (message, display) != NULL)
    g_printerr ("forkline export: %s%s\n", prefix, message);
  else
    g_printerr ("forkline export: %s%s: %s\n", prefix, display, message);
}

static ForklineTrace *
load_trace (const char *path,
            gboolean   *incomplete)
{
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(GError) error = NULL;

  trace = forkline_trace_new_from_file (path, &error);
  if (error == NULL)
    return g_steal_pointer (&trace);

  /* A truncated or damaged file still holds a run up to the damage: keep
   * it and say so.  An unreadable or foreign one holds nothing. */
  if (trace != NULL && forkline_trace_get_header (trace)->has_header &&
      (g_error_matches (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED) ||
       g_error_matches (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_DAMAGED)))
    {
      print_file_problem ("warning: ", path, error);
      *incomplete = TRUE;
      if (g_error_matches (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_DAMAGED))
        g_printerr ("forkline export: warning: exporting the %u events before the damage\n",
                    forkline_trace_get_n_events (trace));
      return g_steal_pointer (&trace);
    }

  print_file_problem ("", path, error);
  return NULL;
}

/* Like the exported file, the saved run appears whole or not at all. */
static gboolean
save_trace (ForklineTrace *trace,
            const char    *path)
{
  g_autoptr(GBytes) bytes = forkline_trace_to_bytes (trace);
  g_autoptr(ForklineOutputFile) output = NULL;
  g_autoptr(GError) error = NULL;

  output = forkline_output_file_open (path, &error);
  if (output == NULL ||
      !forkline_output_file_write (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error) ||
      !forkline_output_file_commit (g_steal_pointer (&output), &error))
    {
      g_printerr ("forkline export: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static ForklineTrace *
run_lesson (Options  *o,
            gboolean *incomplete,
            int      *status)
{
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(GError) error = NULL;

  trace = forkline_export_run_lesson (o->lesson, (const char * const *) o->params, o->speed, &error);
  if (trace == NULL)
    {
      /* the engine named the bad lesson or parameter itself */
      if (g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE))
        *status = EXIT_USAGE;
      else
        g_printerr ("forkline export: %s\n", error->message);
      return NULL;
    }
  if (error != NULL)
    {
      g_printerr ("forkline export: warning: %s; exporting the %u events that arrived\n",
                  error->message, forkline_trace_get_n_events (trace));
      *incomplete = TRUE;
    }

  if (o->save != NULL && !save_trace (trace, o->save))
    return NULL;

  return g_steal_pointer (&trace);
}

static int
export (Options       *o,
        ForklineTrace *trace)
{
  g_autoptr(GError) error = NULL;
  ForklineView view;
  const ForklineView *viewp = NULL;

  if (o->has_range)
    {
      guint64 end_ns = forkline_trace_get_end_time (trace);

      if (o->t0 >= end_ns)
        {
          g_autofree char *end_text = forkline_format_duration (end_ns);

          g_printerr ("forkline export: --range “%s” starts after the run ended (at %s)\n"
                      "Try “forkline export --help”.\n", o->range, end_text);
          return EXIT_USAGE;
        }

      forkline_view_init (&view, trace, o->width, MAX (o->height, 1));
      view.t0 = o->t0;
      view.t1 = MIN (o->t1, end_ns);
      viewp = &view;
    }

  if (!forkline_export_write_file (trace, viewp, o->output, o->width, o->height,
                                   o->scale, o->theme, o->layout, &error))
    {
      g_printerr ("forkline export: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

/* TRUE if the run ended OK; else says how it ended, as a warning. */
static gboolean
ended_cleanly (ForklineTrace *trace)
{
  const ForklineLessonEnd *end = forkline_trace_get_lesson_end (trace);

  if (end->event == FORKLINE_NO_EVENT)
    return FALSE;   /* cut short: said as it was read */
  if (end->result == FORKLINE_RESULT_OK)
    return TRUE;
  g_printerr ("forkline export: warning: the run ended %s: %s\n",
              end->result == FORKLINE_RESULT_TIMEOUT ? "by its time limit"
              : end->result == FORKLINE_RESULT_INTERRUPTED ? "interrupted" : "in an error",
              end->summary);
  return FALSE;
}

static GOptionContext *
create_context (Options *o)
{
  const GOptionEntry entries[] = {
    { "lesson", 'l', 0, G_OPTION_ARG_STRING, &o->lesson,
      "Run this lesson now, headless, and export it (see “forkline-engine list”)", "ID" },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->params,
      "A lesson parameter (repeatable)", "KEY=VALUE" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &o->speed,
      "Multiply the lesson's sleeps, 0.01 to 4 (default 1)", "FACTOR" },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &o->save,
      "Also save the lesson's run as a trace file", "RUN.forkline" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
      "Where to write; the extension picks the format: .png .svg .pdf (images) or .json (Perfetto)", "FILE" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &o->size,
      "Image size in pixels, each side 16 to 16384 (default " DEFAULT_SIZE "; HEIGHT “auto” fits all lanes)",
      "WIDTHxHEIGHT" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &o->scale,
      "Draw text and lanes this many times larger, 0.5 to 4 (default 1); the image keeps its size", "S" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &o->theme,
      "Colours: light (default), dark, or contrast (projectors, video calls)", "THEME" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &o->layout_name,
      "What the image shows: timeline (default), diagram (the flow diagram at the run's end) or both",
      "LAYOUT" },
    { "range", 0, 0, G_OPTION_ARG_STRING, &o->range,
      "Time range: whole (default) or START:END, in s unless suffixed ms/us/ns (e.g. 0.2:1.5, 200ms:)",
      "RANGE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->files, NULL, "[RUN.forkline]" },
    { NULL }
  };
  GOptionContext *context = g_option_context_new ("- timeline image or Perfetto trace of a run");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Exports a Forkline run with no display needed: either a lesson run now\n"
    "(--lesson) or a recorded trace file.  Images show the same timeline as the\n"
    "window, with a title (lesson, parameters, date), a legend and a time axis.\n"
    "JSON is the Chrome trace-event format: open it in ui.perfetto.dev or\n"
    "chrome://tracing.");
  g_option_context_set_description (context,
    "Examples:\n"
    "  forkline export --lesson pool-map --speed 0.2 -o pool.png --size 1920x1080 --scale 2\n"
    "  forkline export RUN.forkline -o run.svg --theme contrast\n"
    "  forkline export RUN.forkline -o run.json\n"
    "\n"
    "Exit status: 0 written; 3 written, but the run did not end cleanly (it ended\n"
    "in an error or by its time limit, or the trace is cut short or damaged: a\n"
    "warning says which, and what was intact is exported); 1 failed (unreadable,\n"
    "foreign or special file, engine or write failure); 2 bad usage (also an\n"
    "unknown lesson or parameter).  On failure no output file is left behind.");
  return context;
}

int
forkline_export_main (int    argc,
                      char **argv)
{
  g_auto(Options) o = { .speed = 1.0, .scale = 1.0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  gboolean incomplete = FALSE;
  int status = EXIT_FAILURE;

  g_return_val_if_fail (argc >= 1, EXIT_USAGE);

  /* Messages use “quotes” and …: without the user's locale GLib would
   * print them as question marks. */
  setlocale (LC_ALL, "");

  /* So --help reads "Usage: forkline export [OPTION…]". */
  g_set_prgname ("forkline export");

  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  context = create_context (&o);
  if (!g_option_context_parse_strv (context, &args, &error) ||
      !check_options (&o, &error))
    {
      g_printerr ("forkline export: %s\nTry “forkline export --help”.\n", error->message);
      return EXIT_USAGE;
    }

  if (o.lesson != NULL)
    trace = run_lesson (&o, &incomplete, &status);
  else
    trace = load_trace (o.files[0], &incomplete);
  if (trace == NULL)
    return status;

  status = export (&o, trace);
  if (status == EXIT_SUCCESS && (incomplete || !ended_cleanly (trace)))
    status = EXIT_INCOMPLETE;
  return status;
}
