/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-error-body-reader"

#include "config.h"

#include "tokens-error-body-reader.h"
#include "tokens-json-reader.h"

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
