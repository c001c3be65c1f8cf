/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest nesting of arrays and objects any reader accepts. InfluxDB's
 * own answers nest five levels at most. */
#define TOKENS_API_MAX_DEPTH 256

/* What is wrong with a body as a whole, whatever its shape. */
typedef enum
{
  TOKENS_JSON_FAULT_EMPTY,
  TOKENS_JSON_FAULT_NOT_UTF8,
  TOKENS_JSON_FAULT_TOO_DEEP,
  TOKENS_JSON_FAULT_NOT_JSON,
  TOKENS_JSON_FAULT_NOT_OBJECT,
} TokensJsonFault;

gboolean               tokens_api_json_depth_is_within     (const char             *data,
                                                            gsize                   len,
                                                            guint                   max_depth);

const char            *tokens_json_fault_describe          (TokensJsonFault         fault);
void                   tokens_json_set_invalid             (GError                **error,
                                                            const char             *detail);
void                   tokens_json_set_not_a_string        (GError                **error,
                                                            const char             *member);
gboolean               tokens_json_check_body              (GBytes                 *body,
                                                            const char            **data,
                                                            gsize                  *len,
                                                            GError                **error);
JsonNode              *tokens_json_parse_object            (GBytes                 *body,
                                                            GError                **error);
gboolean               tokens_json_get_string              (JsonObject             *object,
                                                            const char             *member,
                                                            const char            **out,
                                                            GError                **error);

G_END_DECLS
