/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tokens-token.h"

G_BEGIN_DECLS

GPtrArray *tokens_v3_token_reader_read_list      (GBytes      *body,
                                                  GError     **error);
char      *tokens_v3_token_reader_describe       (const char  *permissions,
                                                  gboolean     is_operator,
                                                  gboolean    *all_access);
TokensToken *tokens_v3_token_reader_read_created (GBytes      *body,
                                                  const char  *name,
                                                  const char  *permissions,
                                                  char       **secret,
                                                  GError     **error);
char      *tokens_describe_databases             (gboolean            read,
                                                  gboolean            write,
                                                  const char * const *names);

G_END_DECLS
