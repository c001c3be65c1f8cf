/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-authorization.h"

G_BEGIN_DECLS

#define TOKENS_DELETE_RESPONSE_CANCEL "cancel"
#define TOKENS_DELETE_RESPONSE_DEACTIVATE "deactivate"
#define TOKENS_DELETE_RESPONSE_DELETE "delete"

GtkWidget *tokens_delete_dialog_new                  (GtkWindow           *parent,
                                                      TokensAuthorization *authorization,
                                                      const char          *server_name);
GtkWidget *tokens_delete_dialog_new_for_many          (GtkWindow           *parent,
                                                      GPtrArray           *authorizations,
                                                      const char          *server_name);
GtkWidget *tokens_delete_dialog_get_understand_check (GtkWidget           *dialog);

G_END_DECLS
