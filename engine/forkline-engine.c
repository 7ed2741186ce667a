/* forkline-engine.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * forkline-engine list [--json]
 * forkline-engine run LESSON [--set k=v]... [--runtime python|c] [--listing FILE]
 *                            [--speed F] [--timeout S] [--text|--json] [--record FILE]
 * forkline-engine script FILE.py [--folder DIR] [--speed F] [--timeout S] [--text|--json]
 *                                [--record FILE] [-- ARGS…]
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "forkline-lessons.h"
#include "forkline-runner.h"
#include "forkline-words.h"

#define DEFAULT_TIMEOUT 60.0
/* The run went, but what it had to keep could not be kept (--record's
 * file: a full disk, a failed rename) or a resource it needed failed. */
#define EXIT_NOT_SAVED 3

static int
usage_error (const char *message)
{
  g_printerr ("forkline-engine: %s\n", message);
  return 2;
}

static void
json_append (GString    *s,
             const char *key,
             const char *str)
{
  g_string_append_printf (s, "\"%s\":", key);
  forkline_json_append_string (s, str, -1);
}

static void
list_json (GString        *s,
           const FlLesson * const *lessons,
           guint           n)
{
  g_string_append_c (s, '[');
  for (guint i = 0; i < n; i++)
    {
      const FlLesson *l = lessons[i];

      g_string_append (s, i ? ",\n {" : "{");
      json_append (s, "id", l->id);
      g_string_append_c (s, ',');
      json_append (s, "title", l->title);
      g_string_append_c (s, ',');
      json_append (s, "summary", l->summary);
      g_string_append (s, ",\"params\":[");
      for (int k = 0; k < FL_MAX_PARAMS && l->params[k].name; k++)
        {
          const FlParam *p = &l->params[k];
          char d[G_ASCII_DTOSTR_BUF_SIZE], lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (s, k ? ",{" : "{");
          json_append (s, "name", p->name);
          g_string_append_printf (s, ",\"default\":%s,\"min\":%s,\"max\":%s,\"integer\":%s,",
                                  g_ascii_dtostr (d, sizeof d, p->def),
                                  g_ascii_dtostr (lo, sizeof lo, p->min),
                                  g_ascii_dtostr (hi, sizeof hi, p->max),
                                  p->is_int ? "true" : "false");
          json_append (s, "help", p->help);
          g_string_append_c (s, ',');
          json_append (s, "constant", p->constant);
          g_string_append_c (s, '}');
        }
      g_string_append (s, "]}");
    }
  g_string_append (s, "]\n");
}

static void
list_text (GString        *s,
           const FlLesson * const *lessons,
           guint           n)
{
  for (guint i = 0; i < n; i++)
    {
      const FlLesson *l = lessons[i];

      g_string_append_printf (s, "%-14s %s\n", l->id, l->summary);
      for (int k = 0; k < FL_MAX_PARAMS && l->params[k].name; k++)
        {
          const FlParam *p = &l->params[k];

          g_string_append_printf (s, "    %s=%g (%g..%g) %s\n", p->name, p->def, p->min, p->max, p->help);
        }
    }
}

static int
cmd_list (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- list the lessons");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) s = g_string_new (NULL);
  const FlLesson * const *lessons;
  guint n;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 1)
    return usage_error ("list takes no arguments besides --json");

  lessons = fl_lessons_get (&n);
  if (json)
    list_json (s, lessons, n);
  else
    list_text (s, lessons, n);
  fputs (s->str, stdout);
  return 0;
}

/* The one lesson named after "run", or NULL with a message naming them all. */
static const FlLesson *
find_lesson (int    argc,
             char **argv,
             char **message)
{
  g_autofree char *ids = fl_lessons_list_ids ();
  const FlLesson *lesson;

  if (argc != 2)
    {
      *message = g_strdup_printf ("run needs exactly one lesson; lessons: %s", ids);
      return NULL;
    }
  lesson = fl_lessons_find (argv[1]);
  if (lesson == NULL)
    *message = g_strdup_printf ("Unknown lesson “%s”; lessons: %s", argv[1], ids);
  return lesson;
}

/* The options `run` and `script` share, as parsed. */
typedef struct
{
  char     *record;
  double    speed;
  double    timeout;   /* 0: the command's default */
  gboolean  text;
  gboolean  json;
  gboolean  proc;
} RunFlags;

static void
run_flags_clear (RunFlags *flags)
{
  g_clear_pointer (&flags->record, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunFlags, run_flags_clear)

/* Adds the shared options to @ctx, with what --speed scales. */
static void
run_flags_add (RunFlags       *flags,
               GOptionContext *ctx,
               const char     *speed_help,
               const char     *timeout_help)
{
  GOptionEntry entries[] = {
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &flags->speed, speed_help, "F" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &flags->timeout, timeout_help, "S" },
    { "text", 0, 0, G_OPTION_ARG_NONE, &flags->text, "Print readable lines instead of the binary stream", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &flags->json, "Print JSON lines instead of the binary stream", NULL },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &flags->record, "Also save the binary stream to FILE", "FILE" },
    { "sample-proc", 0, 0, G_OPTION_ARG_NONE, &flags->proc, "Sample /proc instead of perf (also FORKLINE_SCHED=proc)", NULL },
    { NULL }
  };

  flags->speed = 1.0;
  g_option_context_add_main_entries (ctx, entries, NULL);
}

/* The shared options' range checks; NULL if they are fine. */
static const char *
run_flags_check (const RunFlags *flags)
{
  if (!(flags->speed > 0 && flags->speed <= 100))
    return "Bad --speed: valid values are numbers above 0 up to 100";
  /* Written so that NaN, which compares false both ways, is refused too. */
  if (!(flags->timeout >= 0 && flags->timeout <= 86400))
    return "Bad --timeout: valid values are seconds from 0 (the default) to 86400";
  if (flags->text && flags->json)
    return "Choose one of --text and --json";
  return NULL;
}

/* The record is written beside its name and takes the name only when
 * whole: a full disk or a killed engine leaves no half a trace (nor an
 * old file half overwritten).  Returns the fd; @partial is the temporary
 * file's path. */
static int
record_open (const char  *path,
             char       **partial)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  int fd;

  *partial = g_build_filename (dir, name, NULL);
  fd = g_mkstemp_full (*partial, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    g_clear_pointer (partial, g_free);
  return fd;
}

/* FALSE, with one line saying so, if the record could not be saved
 * (@write_errno: why a write failed); the partial file is removed. */
static gboolean
record_close (int         fd,
              const char *partial,
              const char *path,
              int         write_errno)
{
  int saved = write_errno;

  if (saved == 0 && fsync (fd) < 0)
    saved = errno;
  if (close (fd) < 0 && saved == 0)
    saved = errno;
  if (saved == 0 && rename (partial, path) < 0)
    saved = errno;
  if (saved == 0)
    return TRUE;
  g_unlink (partial);
  g_printerr ("forkline-engine: the run was not saved to %s: %s\n", path, g_strerror (saved));
  return FALSE;
}

/* Runs with the shared options in @opts (args or script already set);
 * @timeout is the run's, defaults applied. */
static int
run_with_flags (const RunFlags *flags,
                FlRunOptions   *opts,
                double          timeout)
{
  /* Binary on a terminal helps nobody: a person typing the command reads lines. */
  gboolean text = flags->text || (!flags->json && isatty (STDOUT_FILENO));
  g_autofree char *partial = NULL;
  int record_errno = 0;
  int status;

  opts->speed = flags->speed;
  opts->timeout = timeout;
  opts->format = text ? FL_FORMAT_TEXT : flags->json ? FL_FORMAT_JSON : FL_FORMAT_BINARY;
  opts->force_proc = flags->proc || g_strcmp0 (g_getenv ("FORKLINE_SCHED"), "proc") == 0;
  opts->record_fd = -1;
  if (flags->record != NULL && (opts->record_fd = record_open (flags->record, &partial)) < 0)
    {
      g_autofree char *msg = g_strdup_printf ("Cannot write %s: %s", flags->record, g_strerror (errno));
      return usage_error (msg);
    }
  opts->record_errno = &record_errno;

  status = fl_runner_run (opts);
  if (opts->record_fd >= 0 && !record_close (opts->record_fd, partial, flags->record, record_errno))
    status = EXIT_NOT_SAVED;
  return status;
}

/* A file Forkline ships: in the source tree (@source_dir) when the engine
 * runs from its build tree, else where meson installed it (@installed_dir
 * of FORKLINE_DATADIR). */
static char *
shipped_file (const char *source_dir,
              const char *installed_dir,
              const char *name)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);

  if (self_exe != NULL && g_str_has_prefix (self_exe, FORKLINE_BUILD_ROOT "/"))
    return g_build_filename (FORKLINE_SOURCE_ROOT, source_dir, name, NULL);
  return g_build_filename (FORKLINE_DATADIR, installed_dir, name, NULL);
}

static gboolean
have_python (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");

  return python != NULL;
}

/* `python3 -c BOOTSTRAP FILE ARGS…` for the runner to exec, NULL-terminated
 * (the tracer imported, not run as a script, so that python3 caches its
 * compiled form: 9 ms a run); FALSE with a message if the file, python3 or
 * the tracer is missing. */
static gboolean
python_argv_new (const char  *file,
                 char       **args,
                 int          n_args,
                 GPtrArray  **out_argv,
                 char       **message)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *tracer = shipped_file ("engine/python", "python", "forkline_tracer.py");
  g_autofree char *tracer_dir = NULL;
  GPtrArray *argv;

  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      *message = g_strdup_printf ("%s is not a file; give the Python program to run", file);
      return FALSE;
    }
  if (python == NULL)
    {
      *message = g_strdup ("python3 (Debian package python3) is not installed; "
                           "lessons still run as C renditions with --runtime c");
      return FALSE;
    }
  if (!g_file_test (tracer, G_FILE_TEST_IS_REGULAR))
    {
      *message = g_strdup_printf ("Forkline's Python tracer is missing at %s; reinstall Forkline", tracer);
      return FALSE;
    }

  tracer_dir = g_path_get_dirname (tracer);
  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_steal_pointer (&python));
  g_ptr_array_add (argv, g_strdup ("-c"));
  /* sys.path[0] is '' under -c: the tracer's folder while it loads, the
   * program's own once main() runs it, as `python3 FILE.py` has it (the
   * folder goes by the environment: no quoting of a path in code) */
  g_setenv ("FORKLINE_TRACER_DIR", tracer_dir, TRUE);
  g_ptr_array_add (argv, g_strdup ("import os, sys; sys.path[0] = os.environ.pop('FORKLINE_TRACER_DIR'); "
                                   "import forkline_tracer; forkline_tracer.main()"));
  g_ptr_array_add (argv, g_strdup (file));
  for (int i = 0; i < n_args; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  *out_argv = argv;
  return TRUE;
}

static int
cmd_run (int    argc,
         char **argv)
{
  g_auto(GStrv) settings = NULL;
  g_autofree char *runtime = NULL;   /* python unless told */
  g_autofree char *edited = NULL;
  g_autoptr(GPtrArray) script_argv = NULL;
  g_auto(RunFlags) flags = { 0 };
  GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &settings, "Set a lesson parameter", "NAME=VALUE" },
    { "runtime", 0, 0, G_OPTION_ARG_STRING, &runtime,
      "python: the lesson's listing under python3 (default); c: its C rendition", "python|c" },
    { "listing", 0, 0, G_OPTION_ARG_FILENAME, &edited,
      "Run FILE, an edited copy of the listing, in its place", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("LESSON - run a lesson");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const FlLesson *lesson;
  FlRunOptions opts = { 0 };
  double timeout;
  const char *bad;

  g_option_context_add_main_entries (ctx, entries, NULL);
  run_flags_add (&flags, ctx, "Multiply every sleep by F (default 1)",
                 "End the run after S seconds (default 60; pipe: 10 x speed)");
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (error->message);

  lesson = find_lesson (argc, argv, &message);
  if (lesson == NULL)
    return usage_error (message);
  if (!fl_lesson_args_parse (lesson, (const char * const *) settings, &opts.args, &message))
    return usage_error (message);
  if ((bad = run_flags_check (&flags)) != NULL)
    return usage_error (bad);

  if (edited != NULL && runtime != NULL && strcmp (runtime, "python") != 0)
    return usage_error ("--listing runs Python: it cannot go with --runtime c");
  /* a machine without python3 still has every lesson, as its C rendition */
  if (runtime == NULL && edited == NULL && !have_python ())
    {
      g_printerr ("forkline-engine: python3 is not installed, so the lesson runs as its C rendition\n");
      runtime = g_strdup ("c");
    }
  if (runtime == NULL || strcmp (runtime, "python") == 0)
    {
      g_autofree char *listing = edited != NULL ? g_strdup (edited)
                                 : shipped_file ("data/lessons", "lessons", fl_lesson_listing (lesson));

      if (!python_argv_new (listing, NULL, 0, &script_argv, &message))
        return usage_error (message);
      opts.script_argv = (char **) script_argv->pdata;
    }
  else if (strcmp (runtime, "c") != 0)
    return usage_error ("Bad --runtime: valid values are python (the listing, the default) and c");

  timeout = flags.timeout;
  if (timeout == 0)
    timeout = lesson->faithful_timeout > 0 ? MAX (2.0, lesson->faithful_timeout * flags.speed)
                                           : DEFAULT_TIMEOUT * MAX (1.0, flags.speed);
  return run_with_flags (&flags, &opts, timeout);
}

static int
cmd_script (int    argc,
            char **argv)
{
  g_auto(RunFlags) flags = { 0 };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("FILE.py [-- ARGS…] - run a Python program, traced");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) script_argv = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  static FlLesson script = { "script", NULL, "a Python program", { { NULL } }, 0, NULL };
  g_autofree char *folder = NULL;
  GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder,
      "Import the program's modules from DIR, as if the file were there (an edited copy of it)", "DIR" },
    { NULL }
  };
  FlRunOptions opts = { 0 };
  const char *bad;
  int first_arg = 2;

  g_option_context_add_main_entries (ctx, entries, NULL);
  run_flags_add (&flags, ctx, "Multiply the program's time.sleep() calls by F (default 1)",
                 "End the run after S seconds (default 60)");
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc < 2)
    return usage_error ("script needs the Python file to run: forkline-engine script FILE.py [-- ARGS…]");
  /* a "--" after the file only says where its own arguments begin */
  if (argc > 2 && strcmp (argv[2], "--") == 0)
    first_arg = 3;
  if (!python_argv_new (argv[1], argv + first_arg, argc - first_arg, &script_argv, &message))
    return usage_error (message);
  if ((bad = run_flags_check (&flags)) != NULL)
    return usage_error (bad);
  if (folder != NULL && !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *msg = g_strdup_printf ("Bad --folder: %s is not a folder", folder);
      return usage_error (msg);
    }
  /* the tracer puts it first on sys.path in place of the file's own */
  if (folder != NULL)
    g_setenv ("FORKLINE_PROGRAM_DIR", folder, TRUE);

  title = g_path_get_basename (argv[1]);
  script.title = title;
  opts.args.lesson = &script;
  opts.script_argv = (char **) script_argv->pdata;
  return run_with_flags (&flags, &opts,
                         flags.timeout > 0 ? flags.timeout : DEFAULT_TIMEOUT * MAX (1.0, flags.speed));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc >= 2 && strcmp (argv[1], "list") == 0)
    return cmd_list (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "run") == 0)
    return cmd_run (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "script") == 0)
    return cmd_script (argc - 1, argv + 1);
  if (argc >= 2 && (strcmp (argv[1], "--version") == 0))
    {
      printf ("forkline-engine %s\n", PACKAGE_VERSION);
      return 0;
    }
  return usage_error ("usage: forkline-engine list [--json] | run LESSON [--set NAME=VALUE]... [--runtime python|c] "
                      "[--speed F] [--timeout S] [--text|--json] [--record FILE] | script FILE.py [-- ARGS…]; "
                      "commands: list, run, script");
}
