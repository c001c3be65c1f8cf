/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tokens-token.h"
#include "tokens-json-reader.h"

G_BEGIN_DECLS

gboolean             tokens_api_id_is_valid              (const char  *id);
GPtrArray           *tokens_api_parse_authorization_list (GBytes      *body,
                                                          GError     **error);
TokensToken *tokens_api_parse_authorization      (GBytes      *body,
                                                          GError     **error);
gboolean             tokens_api_parse_error_body         (GBytes      *body,
                                                          char       **code,
                                                          char       **message);
GBytes              *tokens_api_build_update_body        (int          active,
                                                          const char  *description);

G_END_DECLS
