/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tokens-token.h"

G_BEGIN_DECLS

GPtrArray *tokens_management_token_reader_read_list (GBytes   *body,
                                                     GError  **error);
TokensToken *tokens_management_token_reader_read_created (GBytes   *body,
                                                         char    **secret,
                                                         GError  **error);
gboolean   tokens_management_id_is_valid            (const char *id);

G_END_DECLS
