/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tokens-token.h"

G_BEGIN_DECLS

/**
 * TokensExportFormat:
 * @TOKENS_EXPORT_CSV: RFC 4180 CSV, a header row, CRLF, formulas guarded
 * @TOKENS_EXPORT_JSON: one pretty-printed JSON object
 */
typedef enum
{
  TOKENS_EXPORT_CSV,
  TOKENS_EXPORT_JSON,
} TokensExportFormat;

GBytes     *tokens_export_tokens               (GListModel         *tokens,
                                                TokensExportFormat  format,
                                                const char         *server_url,
                                                GDateTime          *now);
const char *tokens_export_format_get_extension (TokensExportFormat  format);
const char *tokens_export_format_get_mime_type (TokensExportFormat  format);
char       *tokens_export_csv_cell             (const char         *text);
char       *tokens_export_raw_permission       (const TokensPermission *permission);

G_END_DECLS
