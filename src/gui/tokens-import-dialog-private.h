/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-import-dialog.h"

G_BEGIN_DECLS

const char *_tokens_import_dialog_get_page      (TokensImportDialog *self);
guint       _tokens_import_dialog_get_n_chosen  (TokensImportDialog *self);
void        _tokens_import_dialog_import        (TokensImportDialog *self);
gboolean    _tokens_import_dialog_can_import    (TokensImportDialog *self);
void        _tokens_import_dialog_choose        (TokensImportDialog *self,
                                                 const char         *name);
void        _tokens_import_dialog_acknowledge_insecure (TokensImportDialog *self);

G_END_DECLS
