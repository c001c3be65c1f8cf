/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-error-body-reader"

#include "config.h"

#include "tokens-error-body-reader.h"
#include "tokens-json-reader.h"

#include <string.h>

/**
 * tokens_error_body_reader_read:
 * @code: (out) (optional): the error's code, such as "not found"
 * @message: (out) (optional): the server's message
 *
 * Reads an InfluxDB error body `{"code": …, "message": …}`.
 *
 * Returns: %TRUE if @body was such a body with a non-empty message
 */
gboolean
tokens_error_body_reader_read (GBytes  *body,
                               char   **code,
                               char   **message)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *code_str = NULL;
  const char *message_str = NULL;

  if (code != NULL)
    *code = NULL;
  if (message != NULL)
    *message = NULL;

  root = tokens_json_parse_object (body, NULL);
  if (root == NULL)
    return FALSE;

  object = json_node_get_object (root);
  if (!tokens_json_get_string (object, "code", &code_str, NULL) ||
      !tokens_json_get_string (object, "message", &message_str, NULL) ||
      message_str == NULL || message_str[0] == '\0')
    return FALSE;

  if (code != NULL)
    *code = g_strdup (code_str);
  if (message != NULL)
    *message = g_utf8_make_valid (message_str, -1);

  return TRUE;
}

#define MAX_TEXT_CHARS 300

/* A server's words, made fit to show: valid UTF-8, one line, no control
 * characters, and no longer than a sentence or two. */
static char *
tidy_text (const char *text,
           gssize      len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  GString *out = g_string_new (NULL);
  const char *p = valid;
  guint n = 0;

  for (; *p != '\0' && n < MAX_TEXT_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");

  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * tokens_error_body_reader_read_text:
 * @numeric_code: whether the body is the management API's `{"code": 404,
 *   "message": …}` (a JSON number for the code); otherwise InfluxDB 3's
 *   `{"error": …}` or plain text
 * @message: (out): the server's words, tidied to show, or %NULL
 *
 * Reads the error bodies of InfluxDB 3 and of the management API.
 *
 * Returns: %TRUE if @body was such a body, in the server's own words
 */
gboolean
tokens_error_body_reader_read_text (GBytes    *body,
                                    gboolean   numeric_code,
                                    char     **message)
{
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize len;

  *message = NULL;
  if (body == NULL)
    return FALSE;

  data = g_bytes_get_data (body, &len);
  if (len == 0)
    return FALSE;

  root = tokens_json_parse_object (body, NULL);
  if (root != NULL)
    {
      JsonObject *object = json_node_get_object (root);
      const char *text = NULL;
      JsonNode *code = json_object_get_member (object, "code");

      if (numeric_code)
        {
          if (code == NULL || json_node_get_value_type (code) != G_TYPE_INT64 ||
              !tokens_json_get_string (object, "message", &text, NULL))
            return FALSE;
        }
      else if (!tokens_json_get_string (object, "error", &text, NULL))
        return FALSE;

      if (text == NULL)
        return FALSE;
      *message = tidy_text (text, -1);
      return *message != NULL;
    }

  /* The management API always writes JSON; a page that is not is a proxy's. */
  if (numeric_code || memchr (data, '<', MIN (len, 64)) != NULL)
    return FALSE;

  *message = tidy_text (data, len);
  return *message != NULL;
}
