/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-backend.h"
#include "tokens-token.h"

G_BEGIN_DECLS

#define TOKENS_DELETE_RESPONSE_CANCEL "cancel"
#define TOKENS_DELETE_RESPONSE_DEACTIVATE "deactivate"
#define TOKENS_DELETE_RESPONSE_DELETE "delete"
#define TOKENS_REGENERATE_RESPONSE "regenerate"

/**
 * TokensAccessAction:
 * @TOKENS_ACCESS_DELETE: the tokens are deleted, for good
 * @TOKENS_ACCESS_DEACTIVATE: the tokens are deactivated, until activated again
 *
 * The two ways this app takes access away.
 */
typedef enum
{
  TOKENS_ACCESS_DELETE,
  TOKENS_ACCESS_DEACTIVATE,
} TokensAccessAction;

/* Past this many tokens a batch asks for its count to be typed. */
#define TOKENS_DELETE_DIALOG_TYPE_COUNT_ABOVE 20

GtkWidget *tokens_delete_dialog_new                  (GtkWindow             *parent,
                                                      TokensToken           *authorization,
                                                      const char            *server_name,
                                                      TokensBackendFeatures  features);
GtkWidget *tokens_deactivate_dialog_new              (GtkWindow           *parent,
                                                      TokensToken *authorization,
                                                      const char          *server_name);
GtkWidget *tokens_delete_dialog_new_for_many         (GtkWindow           *parent,
                                                      GPtrArray           *authorizations,
                                                      const char          *server_name,
                                                      TokensAccessAction   action,
                                                      guint                n_listed,
                                                      TokensBackendFeatures features);
GtkWidget *tokens_regenerate_dialog_new              (GtkWindow           *parent,
                                                      TokensToken         *token,
                                                      const char          *server_name);
GtkWidget *tokens_delete_dialog_get_understand_check (GtkWidget           *dialog);
GtkWidget *tokens_delete_dialog_get_count_entry      (GtkWidget           *dialog);

G_END_DECLS
