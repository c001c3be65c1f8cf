/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-json-reader.h"

G_BEGIN_DECLS

GPtrArray *tokens_json_list_reader_read (GBytes                 *body,
                                         const TokensJsonField  *list,
                                         GError                **error);

GPtrArray *tokens_json_list_reader_read_array (GBytes                 *body,
                                               const TokensJsonShape  *shape,
                                               const char             *not_array,
                                               const char             *place_format,
                                               GError                **error);

G_END_DECLS
