/* forkline-words.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-words.h"

char *
forkline_format_duration (guint64 ns)
{
  if (ns < 1000)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " ns", ns);
  if (ns < 1000000)
    return g_strdup_printf ("%.3g µs", ns / 1e3);
  if (ns < 1000000000)
    return g_strdup_printf ("%.3g ms", ns / 1e6);
  return g_strdup_printf ("%.3g s", ns / 1e9);
}

static const char *
result_name (gint64   result,
             gboolean in_words)
{
  static const char * const terse[] = { "OK", "ERROR", "TIMEOUT", "INTERRUPTED" };
  static const char * const words[] = { "finished", "ended with an error",
                                        "was stopped by its time limit", "was stopped" };

  if (result < 0 || result >= (gint64) G_N_ELEMENTS (terse))
    return in_words ? "ended" : "UNKNOWN";
  return in_words ? words[result] : terse[result];
}

static const char *
method_name (gint64   method,
             gboolean in_words)
{
  switch (method)
    {
    case FORKLINE_METHOD_PERF_SWITCH:
      return in_words ? "exact (every context switch, from perf_event_open)" : "perf-switch";
    case FORKLINE_METHOD_PROC_SAMPLED:
      return in_words ? "sampled from /proc 1000 times a second" : "proc-sampled";
    default:
      return "none";
    }
}

static const char *
leave_name (gint64   leave,
            gboolean in_words)
{
  switch (leave)
    {
    case FORKLINE_LEAVE_PREEMPTED:
      return in_words ? "preempted, still ready to run" : "preempted";
    case FORKLINE_LEAVE_BLOCKED:
      return in_words ? "blocked, it went to sleep in the kernel" : "blocked";
    case FORKLINE_LEAVE_EXITED:
      return in_words ? "it exited" : "exited";
    default:
      return "unknown";
    }
}

static const char *
object_kind_name (gint64 kind)
{
  static const char * const names[] = { "object", "queue", "pipe", "lock", "array", "pool" };

  if (kind < 0 || kind >= (gint64) G_N_ELEMENTS (names))
    return "object";
  return names[kind];
}

static char *
proc_words (gint64               proc,
            const ForklineNames *names)
{
  const char *name = NULL;

  if (proc < 0)
    return g_strdup ("Forkline's engine");
  if (names != NULL && names->proc_name != NULL)
    name = names->proc_name (names->data, (gint) MIN (proc, G_MAXINT));
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  return g_strdup ("its parent");
}

char *
forkline_value_format (const ForklineValueSpec *spec,
                       gint64                   value,
                       gboolean                 in_words,
                       const ForklineNames     *names)
{
  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->type)
    {
    case FORKLINE_VALUE_BOOL:
      return g_strdup (value ? "True" : "False");
    case FORKLINE_VALUE_NS:
      return forkline_format_duration ((guint64) MAX (value, 0));
    case FORKLINE_VALUE_SIGNAL:
      if (value == 0)
        return g_strdup ("none");
      return g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", value,
                              g_strsignal ((int) CLAMP (value, 0, G_MAXINT)));
    case FORKLINE_VALUE_PROC:
      return in_words ? proc_words (value, names) : g_strdup_printf ("%" G_GINT64_FORMAT, value);
    case FORKLINE_VALUE_STATE:
      return g_strdup (forkline_state_name ((ForklineState) CLAMP (value, 0, FORKLINE_N_STATES)));
    case FORKLINE_VALUE_RESULT:
      return g_strdup (result_name (value, in_words));
    case FORKLINE_VALUE_METHOD:
      return g_strdup (method_name (value, in_words));
    case FORKLINE_VALUE_OBJECT_KIND:
      return g_strdup (object_kind_name (value));
    case FORKLINE_VALUE_LEAVE:
      return g_strdup (leave_name (value, in_words));
    case FORKLINE_VALUE_THREAD:
      return value == 0 ? g_strdup ("main") : g_strdup_printf ("%" G_GINT64_FORMAT, value);
    case FORKLINE_VALUE_INT:
    case FORKLINE_VALUE_NONE:
    default:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value);
    }
}

/* ---- words templates ------------------------------------------------- */

typedef struct
{
  const ForklineEvent     *event;
  const ForklineEventKind *kind;
  const ForklineNames     *names;
} Fill;

static const char *
fallback_object (ForklineCategory category)
{
  switch (category)
    {
    case FORKLINE_CATEGORY_QUEUE: return "the queue";
    case FORKLINE_CATEGORY_PIPE:  return "the pipe";
    case FORKLINE_CATEGORY_LOCK:  return "the Lock";
    case FORKLINE_CATEGORY_ARRAY: return "array";
    case FORKLINE_CATEGORY_POOL:  return "the pool";
    default:                      return "the object";
    }
}

static const ForklineValueSpec *
value_spec (const Fill  *fill,
            char         which,
            gint64      *value)
{
  switch (which)
    {
    case 'a': *value = fill->event->a; return &fill->kind->a;
    case 'b': *value = fill->event->b; return &fill->kind->b;
    case 'c': *value = fill->event->c; return &fill->kind->c;
    default:  return NULL;
    }
}

/* "waiting in join()" reads as a sentence; "time.sleep(0.5)" and "map()
 * waits …" start with code, which keeps its case. */
static void
append_sentence (GString    *out,
                 const char *str,
                 gsize       len)
{
  gsize word = 0, code = 0;

  while (word < len && str[word] != ' ')
    word++;
  while (code < len && str[code] != '.' && str[code] != '(')
    code++;
  if (len > 0 && code >= word)
    {
      g_string_append_c (out, g_ascii_toupper (str[0]));
      g_string_append_len (out, str + 1, (gssize) len - 1);
    }
  else
    g_string_append_len (out, str, (gssize) len);
}

static gboolean
placeholder_is_set (const Fill *fill,
                    const char *name,
                    gsize       len)
{
  const ForklineEvent *ev = fill->event;
  gint64 value;

  if (len == 1 && value_spec (fill, name[0], &value) != NULL)
    return value != 0;
  if (len == 5 && (strncmp (name, "label", 5) == 0 || strncmp (name, "Label", 5) == 0))
    return ev->label_len > 0;
  if (len == 4 && strncmp (name, "text", 4) == 0)
    return ev->text_len > 0;
  if (len == 6 && strncmp (name, "object", 6) == 0)
    return ev->object != 0;
  if (len == 3 && strncmp (name, "cpu", 3) == 0)
    return ev->cpu >= 0;
  return FALSE;
}

static void
append_placeholder (GString    *out,
                    const Fill *fill,
                    const char *name,
                    gsize       len)
{
  const ForklineEvent *ev = fill->event;
  const ForklineValueSpec *spec;
  gint64 value;

  if (len == 1 && (spec = value_spec (fill, name[0], &value)) != NULL)
    {
      g_autofree char *v = forkline_value_format (spec, value, TRUE, fill->names);

      g_string_append (out, v);
    }
  else if (len == 5 && strncmp (name, "label", 5) == 0)
    g_string_append_len (out, ev->label ? ev->label : "", ev->label ? ev->label_len : 0);
  else if (len == 5 && strncmp (name, "Label", 5) == 0)
    append_sentence (out, ev->label ? ev->label : "", ev->label ? ev->label_len : 0);
  else if (len == 4 && strncmp (name, "text", 4) == 0)
    g_string_append_len (out, ev->text ? ev->text : "", ev->text ? ev->text_len : 0);
  else if (len == 3 && strncmp (name, "cpu", 3) == 0)
    g_string_append_printf (out, "%d", ev->cpu);
  else if (len == 6 && strncmp (name, "object", 6) == 0)
    {
      const char *object = NULL;

      if (ev->object != 0 && fill->names != NULL && fill->names->object_name != NULL)
        object = fill->names->object_name (fill->names->data, ev->object);
      g_string_append (out, object != NULL && *object ? object : fallback_object (fill->kind->category));
    }
}

/* The end of the template part starting at p: the first of @stops at
 * nesting depth 0, or the end of the string. */
static const char *
part_end (const char *p,
          const char *stops)
{
  int depth = 0;

  for (; *p != '\0'; p++)
    {
      if (depth == 0 && strchr (stops, *p) != NULL)
        return p;
      if (*p == '{')
        depth++;
      else if (*p == '}')
        depth--;
    }
  return p;
}

static void expand (GString *out, const Fill *fill, const char *p, const char *end);

/* p points after "{"; returns the position after the matching "}". */
static const char *
expand_braces (GString    *out,
               const Fill *fill,
               const char *p,
               const char *end)
{
  const char *name = p;
  const char *name_end = part_end (p, "?}");

  if (name_end >= end || *name_end == '}')
    {
      append_placeholder (out, fill, name, (gsize) (name_end - name));
      return MIN (name_end + 1, end);
    }

  {
    const char *yes = name_end + 1;
    const char *yes_end = part_end (yes, "|}");
    const char *no = *yes_end == '|' ? yes_end + 1 : yes_end;
    const char *no_end = part_end (no, "}");

    if (placeholder_is_set (fill, name, (gsize) (name_end - name)))
      expand (out, fill, yes, MIN (yes_end, end));
    else if (no != yes_end)
      expand (out, fill, no, MIN (no_end, end));
    return MIN (no_end + 1, end);
  }
}

static void
expand (GString    *out,
        const Fill *fill,
        const char *p,
        const char *end)
{
  while (p < end)
    {
      const char *brace = memchr (p, '{', (gsize) (end - p));

      if (brace == NULL)
        {
          g_string_append_len (out, p, end - p);
          return;
        }
      g_string_append_len (out, p, brace - p);
      p = expand_braces (out, fill, brace + 1, end);
    }
}

char *
forkline_event_words (const ForklineEvent *event,
                      const ForklineNames *names)
{
  Fill fill = { event, forkline_event_kind (event->type), names };
  GString *out;

  g_return_val_if_fail (event != NULL, NULL);

  if (fill.kind == NULL)
    return g_strdup_printf ("A record of type %u", event->type);
  out = g_string_new (NULL);
  expand (out, &fill, fill.kind->words, fill.kind->words + strlen (fill.kind->words));
  return g_string_free (out, FALSE);
}

void
forkline_json_append_string (GString    *out,
                             const char *str,
                             gssize      len)
{
  g_autofree char *valid = NULL;
  gsize n;

  if (str == NULL)
    str = "", len = 0;
  n = len < 0 ? strlen (str) : (gsize) len;
  if (!g_utf8_validate_len (str, n, NULL))
    {
      valid = g_utf8_make_valid (str, (gssize) n);
      str = valid;
      n = strlen (valid);
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < n; i++)
    {
      guchar c = (guchar) str[i];

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}
