/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-token-list.h"

G_BEGIN_DECLS

/**
 * TokensCreateMode:
 * @TOKENS_CREATE_NEW: a new token, from nothing
 * @TOKENS_CREATE_CLONE: a new token with another's access
 * @TOKENS_CREATE_REPLACE: a new token with another's access, and then
 *   the old one retired, step by step
 * @TOKENS_CREATE_REGENERATED: no form: the operator token's new value,
 *   shown once
 */
typedef enum
{
  TOKENS_CREATE_NEW,
  TOKENS_CREATE_CLONE,
  TOKENS_CREATE_REPLACE,
  TOKENS_CREATE_REGENERATED,
} TokensCreateMode;

#define TOKENS_TYPE_CREATE_DIALOG (tokens_create_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TokensCreateDialog, tokens_create_dialog, TOKENS, CREATE_DIALOG, AdwWindow)

GtkWidget *tokens_create_dialog_new             (GtkWindow        *parent,
                                                 TokensTokenList  *list,
                                                 TokensCreateMode  mode,
                                                 TokensToken      *source);
void       tokens_create_dialog_show_secret     (TokensCreateDialog *self,
                                                 const char         *secret,
                                                 gboolean            is_own);

/* For the in-process widget tests: what a person would see and do. */
const char *_tokens_create_dialog_get_page       (TokensCreateDialog *self);
const char *_tokens_create_dialog_get_error      (TokensCreateDialog *self);
GtkWidget  *_tokens_create_dialog_get_name_row   (TokensCreateDialog *self);
GtkWidget  *_tokens_create_dialog_get_action_button (TokensCreateDialog *self);
GtkWidget  *_tokens_create_dialog_get_secret_entry (TokensCreateDialog *self);
GtkWidget  *_tokens_create_dialog_get_button     (TokensCreateDialog *self,
                                                  const char         *which);
void        _tokens_create_dialog_set_scope      (TokensCreateDialog *self,
                                                  TokensDraftScope    scope);
void        _tokens_create_dialog_set_expiry_days (TokensCreateDialog *self,
                                                  guint               days);
gboolean    _tokens_create_dialog_set_grant      (TokensCreateDialog *self,
                                                  const char         *name,
                                                  gboolean            read,
                                                  gboolean            write);
guint       _tokens_create_dialog_get_n_grant_rows (TokensCreateDialog *self);
gboolean    _tokens_create_dialog_get_grant      (TokensCreateDialog *self,
                                                  const char         *name,
                                                  gboolean           *read,
                                                  gboolean           *write);
TokensToken *_tokens_create_dialog_get_created   (TokensCreateDialog *self);

G_END_DECLS
