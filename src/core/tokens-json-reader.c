/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-json-reader"

#include "config.h"

#include "tokens-json-reader.h"
#include "tokens-client-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * What every reader shares, whatever the product and the shape: the checks
 * on a body as a whole, the depth limit, the words for what is wrong, and
 * json-glib for bodies small enough to read as a tree. Every node's type is
 * checked before it is used; unknown members are ignored; a member of the
 * wrong type makes the whole response invalid rather than half-read.
 */

/**
 * tokens_json_fault_describe:
 *
 * Returns: the translated words for @fault, to pass to
 *   tokens_json_set_invalid()
 */
const char *
tokens_json_fault_describe (TokensJsonFault fault)
{
  switch (fault)
    {
    case TOKENS_JSON_FAULT_EMPTY:
      return _("the body is empty");
    case TOKENS_JSON_FAULT_NOT_UTF8:
      return _("the body is not UTF-8 text");
    case TOKENS_JSON_FAULT_TOO_DEEP:
      return _("the body is nested too deeply");
    case TOKENS_JSON_FAULT_NOT_JSON:
      return _("the body is not valid JSON");
    case TOKENS_JSON_FAULT_NOT_OBJECT:
      return _("the body is not a JSON object");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * tokens_json_set_invalid:
 * @detail: translated: what was wrong
 *
 * Sets %TOKENS_CLIENT_ERROR_INVALID_RESPONSE, the one error of every reader.
 */
static GPrivate current_place;

/**
 * tokens_json_set_place:
 * @place: (nullable): where the reading is, or %NULL when it is done
 *
 * Makes every fault set on this thread, until it is unset, say which
 * element it is in. The readers of top-level arrays set it once for the
 * array and count up @place's number, so that the readers of members,
 * which know nothing of elements, still say where the fault is.
 */
void
tokens_json_set_place (TokensJsonPlace *place)
{
  g_private_set (&current_place, place);
}

void
tokens_json_set_invalid (GError     **error,
                         const char  *detail)
{
  TokensJsonPlace *place = g_private_get (&current_place);
  g_autofree char *placed = NULL;

  /* The format is one of the app's own translated strings, never the server's. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  if (place != NULL)
    placed = g_strdup_printf (place->format, place->n, detail);
#pragma GCC diagnostic pop
  g_set_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE,
               /* Translators: %s says what was wrong with the server's answer */
               _("The server sent a response this app cannot read: %s"),
               placed != NULL ? placed : detail);
}

void
tokens_json_set_not_a_string (GError     **error,
                              const char  *member)
{
  g_autofree char *detail =
    /* Translators: %s is a JSON member name such as “id” */
    g_strdup_printf (_("“%s” is not a string"), member);

  tokens_json_set_invalid (error, detail);
}

/**
 * tokens_api_json_depth_is_within:
 * @max_depth: how many arrays and objects may be open at once
 *
 * Whether no point of @data lies inside more than @max_depth arrays and
 * objects. json-glib recurses once per level and has no limit of its own:
 * 80,000 `[` are enough to overflow the stack. This scan is linear, needs
 * no stack, and does not check anything else: the parser does that.
 */
gboolean
tokens_api_json_depth_is_within (const char *data,
                                 gsize       len,
                                 guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * tokens_json_check_body:
 * @data: (out): the body's bytes
 * @len: (out): how many
 *
 * Whether @body is there at all and is UTF-8 text: what every reader asks
 * first.
 */
gboolean
tokens_json_check_body (GBytes      *body,
                        const char **data,
                        gsize       *len,
                        GError     **error)
{
  *len = 0;
  *data = body != NULL ? g_bytes_get_data (body, len) : NULL;

  if (*data == NULL || *len == 0)
    {
      tokens_json_set_invalid (error, tokens_json_fault_describe (TOKENS_JSON_FAULT_EMPTY));
      return FALSE;
    }

  if (!g_utf8_validate (*data, *len, NULL))
    {
      tokens_json_set_invalid (error, tokens_json_fault_describe (TOKENS_JSON_FAULT_NOT_UTF8));
      return FALSE;
    }

  return TRUE;
}

/**
 * tokens_json_parse_object:
 *
 * Parses a small body with json-glib, once it is known not to nest too
 * deeply for json-glib's recursion.
 *
 * Returns: (transfer full): the body's root, a JSON object, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
JsonNode *
tokens_json_parse_object (GBytes  *body,
                          GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data;
  JsonNode *root;

  if (!tokens_json_check_body (body, &data, &len, error))
    return NULL;

  if (!tokens_api_json_depth_is_within (data, len, TOKENS_API_MAX_DEPTH))
    {
      tokens_json_set_invalid (error, tokens_json_fault_describe (TOKENS_JSON_FAULT_TOO_DEEP));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      tokens_json_set_invalid (error, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      tokens_json_set_invalid (error, tokens_json_fault_describe (TOKENS_JSON_FAULT_NOT_OBJECT));
      return NULL;
    }

  return json_node_ref (root);
}

static gboolean
node_get_string (JsonNode    *node,
                 const char  *member,
                 const char **out,
                 GError     **error)
{
  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      tokens_json_set_not_a_string (error, member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  /* json-glib 1.6 still takes GScanner's octal escapes ("\202") and
   * writes the bytes they name, which need not be UTF-8: the body was
   * valid UTF-8, the string it makes may not be. */
  if (!g_utf8_validate (*out, -1, NULL))
    {
      *out = NULL;
      tokens_json_set_invalid (error, tokens_json_fault_describe (TOKENS_JSON_FAULT_NOT_UTF8));
      return FALSE;
    }
  return TRUE;
}

/**
 * tokens_json_get_string:
 * @out: (out) (transfer none): the string, or %NULL when @member is
 *   missing or null
 *
 * Returns: %FALSE if @member is there and is not a string or null
 */
gboolean
tokens_json_get_string (JsonObject   *object,
                        const char   *member,
                        const char  **out,
                        GError      **error)
{
  return node_get_string (json_object_get_member (object, member), member, out, error);
}

/* ---- Shapes: one table of members, read from any source --------------- */

static gpointer
field_slot (const TokensJsonField *field,
            gpointer               record)
{
  return G_STRUCT_MEMBER_P (record, field->offset);
}

static char **
field_text (const TokensJsonField *field,
            gpointer               record)
{
  if (field->kind == TOKENS_JSON_TIMESTAMP || field->kind == TOKENS_JSON_TIMESTAMP_UTC)
    return &((TokensJsonTimestamp *)field_slot (field, record))->text;
  return field_slot (field, record);
}

static void
free_text (const TokensJsonField *field,
           char                  *text)
{
  if (text != NULL && field->kind == TOKENS_JSON_SECRET)
    memset (text, 0, strlen (text));
  g_free (text);
}

/**
 * tokens_json_shape_find_field:
 *
 * Returns: (nullable): the field of @shape called @name, or %NULL for a
 *   member to skip
 */
const TokensJsonField *
tokens_json_shape_find_field (const TokensJsonShape *shape,
                              const char            *name)
{
  /* The first byte rules out most fields without a call: this runs for
   * every member of every element of a list. */
  for (guint i = 0; i < shape->n_fields; i++)
    {
      const char *candidate = shape->fields[i].name;

      if (candidate[0] == name[0] && strcmp (candidate, name) == 0)
        return &shape->fields[i];
    }

  return NULL;
}

/**
 * tokens_json_field_take_string:
 * @value: (transfer full) (nullable): the member's string, or %NULL for null
 *
 * Keeps a string member's value in @record, replacing an earlier duplicate.
 */
void
tokens_json_field_take_string (const TokensJsonField *field,
                               gpointer               record,
                               char                  *value)
{
  char **text = field_text (field, record);

  free_text (field, *text);
  /* The API sends "" for absent optional members as often as it omits them. */
  if (value != NULL && value[0] == '\0' &&
      field->kind != TOKENS_JSON_TEXT && field->kind != TOKENS_JSON_SECRET)
    g_clear_pointer (&value, g_free);
  *text = value;
}

/* An object member: its fields are read into @record next. */
void
tokens_json_field_set_present (const TokensJsonField *field,
                               gpointer               record)
{
  *(gboolean *)field_slot (field, record) = TRUE;
}

/**
 * tokens_json_field_begin_list:
 *
 * Returns: (transfer none): the empty list a list member's elements are
 *   added to, replacing an earlier duplicate's
 */
GPtrArray *
tokens_json_field_begin_list (const TokensJsonField *field,
                              gpointer               record)
{
  GPtrArray **list = field_slot (field, record);

  if (*list == NULL)
    *list = g_ptr_array_new_with_free_func (field->shape->free_built);
  else
    g_ptr_array_set_size (*list, 0);

  return *list;
}

static gboolean
field_is_present (const TokensJsonField *field,
                  gpointer               record)
{
  switch (field->kind)
    {
    case TOKENS_JSON_OBJECT:
      return *(gboolean *)field_slot (field, record);
    case TOKENS_JSON_LIST:
      return *(GPtrArray **)field_slot (field, record) != NULL;
    default:
      return *field_text (field, record) != NULL;
    }
}

static GTimeZone *
utc_zone (void)
{
  static GTimeZone *utc;

  if (g_once_init_enter (&utc))
    g_once_init_leave (&utc, g_time_zone_new_utc ());
  return utc;
}

static gboolean
parse_timestamp (const TokensJsonField *field,
                 TokensJsonTimestamp   *timestamp,
                 GError               **error)
{
  timestamp->value = g_date_time_new_from_iso8601 (timestamp->text,
                                                   field->kind == TOKENS_JSON_TIMESTAMP_UTC
                                                   ? utc_zone () : NULL);
  if (timestamp->value == NULL)
    {
      g_autofree char *detail =
        g_strdup_printf (_("“%s” is not a date and time"), field->name);
      tokens_json_set_invalid (error, detail);
      return FALSE;
    }

  return TRUE;
}

/**
 * tokens_json_shape_check:
 *
 * Checks, once a whole object of @shape has been read into @record, that
 * every required member is there and that choices and timestamps hold
 * what they should, in the order of @shape's fields. Timestamps are parsed
 * here.
 */
gboolean
tokens_json_shape_check (const TokensJsonShape  *shape,
                         gpointer                record,
                         GError                **error)
{
  for (guint i = 0; i < shape->n_fields; i++)
    {
      const TokensJsonField *field = &shape->fields[i];

      if (!field_is_present (field, record))
        {
          if (field->required)
            {
              tokens_json_set_invalid (error, _(field->error));
              return FALSE;
            }
          continue;
        }

      switch (field->kind)
        {
        case TOKENS_JSON_CHOICE:
          if (!g_strv_contains (field->choices, *field_text (field, record)))
            {
              tokens_json_set_invalid (error, _(field->error));
              return FALSE;
            }
          break;
        case TOKENS_JSON_TIMESTAMP:
        case TOKENS_JSON_TIMESTAMP_UTC:
          if (!parse_timestamp (field, field_slot (field, record), error))
            return FALSE;
          break;
        case TOKENS_JSON_WHOLE_NUMBER:
          if (!g_ascii_string_to_unsigned (*field_text (field, record), 10, 0, G_MAXUINT64, NULL,
                                           NULL))
            {
              tokens_json_set_invalid (error, _(field->error));
              return FALSE;
            }
          break;
        case TOKENS_JSON_OBJECT:
          if (!tokens_json_shape_check (field->shape, record, error))
            return FALSE;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* Frees what @record still holds and leaves it as new. */
void
tokens_json_shape_clear (const TokensJsonShape *shape,
                         gpointer               record)
{
  for (guint i = 0; i < shape->n_fields; i++)
    {
      const TokensJsonField *field = &shape->fields[i];
      gpointer slot = field_slot (field, record);

      switch (field->kind)
        {
        case TOKENS_JSON_OBJECT:
          *(gboolean *)slot = FALSE;
          tokens_json_shape_clear (field->shape, record);
          break;
        case TOKENS_JSON_LIST:
          g_clear_pointer ((GPtrArray **)slot, g_ptr_array_unref);
          break;
        case TOKENS_JSON_TIMESTAMP:
        case TOKENS_JSON_TIMESTAMP_UTC:
          g_clear_pointer (&((TokensJsonTimestamp *)slot)->value, g_date_time_unref);
          G_GNUC_FALLTHROUGH;
        default:
          free_text (field, *field_text (field, record));
          *field_text (field, record) = NULL;
          break;
        }
    }
}

static gboolean read_members (const TokensJsonShape  *shape,
                              JsonObject             *object,
                              gpointer                record,
                              GError                **error);

static gboolean
read_member (const TokensJsonField  *field,
             JsonNode               *node,
             gpointer                record,
             GError                **error)
{
  switch (field->kind)
    {
    case TOKENS_JSON_OBJECT:
      if (JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          tokens_json_set_invalid (error, _(field->error));
          return FALSE;
        }
      tokens_json_field_set_present (field, record);
      return read_members (field->shape, json_node_get_object (node), record, error);

    case TOKENS_JSON_LIST:
      {
        JsonArray *array;
        GPtrArray *list;
        guint len;

        if (JSON_NODE_HOLDS_NULL (node))
          return TRUE;
        if (!JSON_NODE_HOLDS_ARRAY (node))
          {
            tokens_json_set_invalid (error, _(field->error));
            return FALSE;
          }

        array = json_node_get_array (node);
        len = json_array_get_length (array);
        list = tokens_json_field_begin_list (field, record);
        for (guint i = 0; i < len; i++)
          {
            gpointer element = tokens_json_reader_read_object (field->shape,
                                                               json_array_get_element (array, i),
                                                               error);

            if (element == NULL)
              return FALSE;
            g_ptr_array_add (list, element);
          }
        return TRUE;
      }

    case TOKENS_JSON_WHOLE_NUMBER:
      if (JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          tokens_json_set_invalid (error, _(field->error));
          return FALSE;
        }
      tokens_json_field_take_string (field, record,
                                     g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node)));
      return TRUE;

    default:
      {
        const char *text;

        if (!node_get_string (node, field->name, &text, error))
          return FALSE;
        tokens_json_field_take_string (field, record, g_strdup (text));
        return TRUE;
      }
    }
}

/* In the order the server sent them, as the streaming list reader does. */
static gboolean
read_members (const TokensJsonShape  *shape,
              JsonObject             *object,
              gpointer                record,
              GError                **error)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const TokensJsonField *field = tokens_json_shape_find_field (shape, l->data);

      if (field != NULL &&
          !read_member (field, json_object_get_member (object, l->data), record, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * tokens_json_reader_read_object:
 * @node: an object of @shape, from json-glib
 *
 * Returns: (transfer full): what @shape builds from @node, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
gpointer
tokens_json_reader_read_object (const TokensJsonShape  *shape,
                                JsonNode               *node,
                                GError                **error)
{
  gpointer record;
  gpointer built = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      tokens_json_set_invalid (error, _(shape->not_object));
      return NULL;
    }

  record = g_alloca0 (shape->record_size);
  if (read_members (shape, json_node_get_object (node), record, error) &&
      tokens_json_shape_check (shape, record, error))
    built = shape->build (record);
  tokens_json_shape_clear (shape, record);

  return built;
}
