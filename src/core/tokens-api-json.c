/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-api-json"

#include "config.h"

#include "tokens-api-json.h"
#include "tokens-authorization-reader.h"
#include "tokens-error-body-reader.h"

#include <json-glib/json-glib.h>

/*
 * The InfluxDB 2 API's JSON as the client uses it: which ids may go into a
 * URL, the body of a PATCH, and the readers' entry points under the names
 * the client has always called. The reading itself is done by the readers:
 * tokens-authorization-reader.c (what an authorization is, alone or listed),
 * tokens-error-body-reader.c, and the generic tokens-json-reader.c and
 * tokens-json-list-reader.c under them.
 */

/**
 * tokens_api_id_is_valid:
 *
 * Whether @id is an InfluxDB id: 16 hexadecimal characters, not all zero.
 * Only such ids are ever put into a URL.
 */
gboolean
tokens_api_id_is_valid (const char *id)
{
  gboolean nonzero = FALSE;

  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < 16; i++)
    {
      if (!g_ascii_isxdigit (id[i]))
        return FALSE;
      if (id[i] != '0')
        nonzero = TRUE;
    }

  return id[16] == '\0' && nonzero;
}

/**
 * tokens_api_parse_authorization_list:
 *
 * See tokens_authorization_reader_read_list().
 */
GPtrArray *
tokens_api_parse_authorization_list (GBytes  *body,
                                     GError **error)
{
  return tokens_authorization_reader_read_list (body, error);
}

/**
 * tokens_api_parse_authorization:
 *
 * See tokens_authorization_reader_read().
 */
TokensToken *
tokens_api_parse_authorization (GBytes  *body,
                                GError **error)
{
  return tokens_authorization_reader_read (body, error);
}

/**
 * tokens_api_parse_error_body:
 *
 * See tokens_error_body_reader_read().
 */
gboolean
tokens_api_parse_error_body (GBytes  *body,
                             char   **code,
                             char   **message)
{
  return tokens_error_body_reader_read (body, code, message);
}

/**
 * tokens_api_build_update_body:
 * @active: 1 to activate, 0 to deactivate, -1 to leave the status alone
 * @description: (nullable): the new description, or %NULL to leave it alone
 *
 * Returns: (transfer full): the JSON body of a PATCH
 */
GBytes *
tokens_api_build_update_body (int         active,
                              const char *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize len;

  json_builder_begin_object (builder);
  if (active >= 0)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, active ? "active" : "inactive");
    }
  if (description != NULL)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}
