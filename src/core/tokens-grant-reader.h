/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tokens-draft.h"

G_BEGIN_DECLS

GPtrArray *tokens_grant_reader_read_buckets              (GBytes    *body,
                                                          gboolean  *more,
                                                          GError   **error);
GPtrArray *tokens_grant_reader_read_resources            (GBytes    *body,
                                                          GError   **error);
GPtrArray *tokens_grant_reader_read_v3_databases         (GBytes    *body,
                                                          GError   **error);
GPtrArray *tokens_grant_reader_read_management_databases (GBytes    *body,
                                                          GError   **error);
char      *tokens_grant_reader_read_me                   (GBytes    *body,
                                                          char     **name,
                                                          GError   **error);
gboolean   tokens_grant_resource_type_is_valid           (const char *type);

G_END_DECLS
