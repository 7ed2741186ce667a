/* forkline-lesson.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "forkline-lesson.h"

struct _ForklineLesson
{
  GObject  parent_instance;
  char    *id;
  char    *title;
  char    *summary;
  GArray  *params;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ForklineLesson, forkline_lesson, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
param_clear (gpointer data)
{
  ForklineLessonParam *param = data;

  g_clear_pointer (&param->name, g_free);
  g_clear_pointer (&param->help, g_free);
}

static void
forkline_lesson_finalize (GObject *object)
{
  ForklineLesson *self = (ForklineLesson *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->params, g_array_unref);

  G_OBJECT_CLASS (forkline_lesson_parent_class)->finalize (object);
}

static void
forkline_lesson_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ForklineLesson *self = FORKLINE_LESSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_lesson_class_init (ForklineLessonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = forkline_lesson_finalize;
  object_class->get_property = forkline_lesson_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
forkline_lesson_init (ForklineLesson *self)
{
  self->params = g_array_new (FALSE, TRUE, sizeof (ForklineLessonParam));
  g_array_set_clear_func (self->params, param_clear);
}

const char *
forkline_lesson_get_id (ForklineLesson *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON (self), NULL);
  return self->id;
}

const char *
forkline_lesson_get_title (ForklineLesson *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON (self), NULL);
  return self->title;
}

const char *
forkline_lesson_get_summary (ForklineLesson *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON (self), NULL);
  return self->summary;
}

guint
forkline_lesson_get_n_params (ForklineLesson *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON (self), 0);
  return self->params->len;
}

const ForklineLessonParam *
forkline_lesson_get_param (ForklineLesson *self,
                           guint           index)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON (self), NULL);
  g_return_val_if_fail (index < self->params->len, NULL);
  return &g_array_index (self->params, ForklineLessonParam, index);
}

gboolean
forkline_lesson_param_is_flag (const ForklineLessonParam *param)
{
  g_return_val_if_fail (param != NULL, FALSE);
  return param->is_int && param->min == 0 && param->max == 1;
}

static const char *
member_string (JsonObject *object,
               const char *a,
               const char *b)
{
  if (json_object_has_member (object, a))
    return json_object_get_string_member_with_default (object, a, "");
  if (b != NULL && json_object_has_member (object, b))
    return json_object_get_string_member_with_default (object, b, "");
  return "";
}

static double
member_double (JsonObject *object,
               const char *a,
               const char *b,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, a);

  if (node == NULL && b != NULL)
    node = json_object_get_member (object, b);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? 1 : 0;
  return json_node_get_double (node);
}

/* Accepts the names the engine may use ("default"/"def", "is_int" or
 * "type": "int"), so small changes in the engine's output do not break
 * the panel. */
static void
parse_param (ForklineLesson *lesson,
             JsonObject     *object)
{
  ForklineLessonParam param = { 0 };
  const char *type = member_string (object, "type", NULL);

  param.name = g_strdup (member_string (object, "name", "key"));
  param.help = g_strdup (member_string (object, "help", "description"));
  param.def = member_double (object, "default", "def", 0);
  param.min = member_double (object, "min", NULL, 0);
  param.max = member_double (object, "max", NULL, MAX (param.def, 1));
  param.is_int = json_object_get_boolean_member_with_default (object, "is_int", FALSE) ||
                 json_object_get_boolean_member_with_default (object, "integer", FALSE) ||
                 g_str_equal (type, "int") || g_str_equal (type, "integer") ||
                 g_str_equal (type, "bool") || g_str_equal (type, "boolean");
  if (g_str_equal (type, "bool") || g_str_equal (type, "boolean"))
    {
      param.min = 0;
      param.max = 1;
    }

  if (param.name[0] == '\0')
    {
      param_clear (&param);
      return;
    }

  g_array_append_val (lesson->params, param);
}

GListModel *
forkline_lessons_parse_json (const char  *json,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GListStore) store = g_list_store_new (FORKLINE_TYPE_LESSON);
  JsonNode *root;
  JsonArray *lessons = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    lessons = json_node_get_array (root);
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "lessons"))
    lessons = json_object_get_array_member (json_node_get_object (root), "lessons");

  if (lessons == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The engine’s list of lessons has no “lessons” array");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (lessons); i++)
    {
      JsonNode *node = json_array_get_element (lessons, i);
      JsonObject *object;
      g_autoptr(ForklineLesson) lesson = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);

      lesson = g_object_new (FORKLINE_TYPE_LESSON, NULL);
      lesson->id = g_strdup (member_string (object, "id", "name"));
      lesson->title = g_strdup (member_string (object, "title", NULL));
      lesson->summary = g_strdup (member_string (object, "summary", "description"));
      if (lesson->id[0] == '\0')
        continue;
      if (lesson->title[0] == '\0')
        {
          g_free (lesson->title);
          lesson->title = g_strdup (lesson->id);
        }

      if (json_object_has_member (object, "params"))
        {
          JsonNode *pnode = json_object_get_member (object, "params");

          if (JSON_NODE_HOLDS_ARRAY (pnode))
            {
              JsonArray *params = json_node_get_array (pnode);

              for (guint j = 0; j < json_array_get_length (params); j++)
                {
                  JsonNode *p = json_array_get_element (params, j);

                  if (JSON_NODE_HOLDS_OBJECT (p))
                    parse_param (lesson, json_node_get_object (p));
                }
            }
        }

      g_list_store_append (store, lesson);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}
