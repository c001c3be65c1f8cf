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
void
tokens_json_set_invalid (GError     **error,
                         const char  *detail)
{
  g_set_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE,
               /* Translators: %s says what was wrong with the server's answer */
               _("The server sent a response this app cannot read: %s"), detail);
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
