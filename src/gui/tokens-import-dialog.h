/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-connection-store.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_IMPORT_DIALOG (tokens_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TokensImportDialog, tokens_import_dialog, TOKENS, IMPORT_DIALOG, AdwWindow)

TokensImportDialog *tokens_import_dialog_new  (GtkWindow             *parent,
                                               TokensConnectionStore *store,
                                               GFile                 *file);

G_END_DECLS
