/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tokens-permission.h"

G_BEGIN_DECLS

#define TOKENS_TYPE_AUTHORIZATION (tokens_authorization_get_type ())

G_DECLARE_FINAL_TYPE (TokensAuthorization, tokens_authorization, TOKENS, AUTHORIZATION, GObject)

TokensAuthorization *tokens_authorization_new               (const char          *id);
const char          *tokens_authorization_get_id            (TokensAuthorization *self);
const char          *tokens_authorization_get_description   (TokensAuthorization *self);
const char          *tokens_authorization_get_display_name  (TokensAuthorization *self);
gboolean             tokens_authorization_get_active        (TokensAuthorization *self);
const char          *tokens_authorization_get_org_id        (TokensAuthorization *self);
const char          *tokens_authorization_get_org           (TokensAuthorization *self);
const char          *tokens_authorization_get_user_id       (TokensAuthorization *self);
const char          *tokens_authorization_get_user          (TokensAuthorization *self);
GDateTime           *tokens_authorization_get_created_at    (TokensAuthorization *self);
GDateTime           *tokens_authorization_get_updated_at    (TokensAuthorization *self);
GPtrArray           *tokens_authorization_get_permissions   (TokensAuthorization *self);
gboolean             tokens_authorization_get_is_operator   (TokensAuthorization *self);
gboolean             tokens_authorization_get_is_all_access (TokensAuthorization *self);
const char          *tokens_authorization_get_summary       (TokensAuthorization *self);
gboolean             tokens_authorization_has_token_value   (TokensAuthorization *self);
gboolean             tokens_authorization_get_busy          (TokensAuthorization *self);
void                 tokens_authorization_set_busy          (TokensAuthorization *self,
                                                             gboolean             busy);
gboolean             tokens_authorization_get_is_current    (TokensAuthorization *self);
gboolean             tokens_authorization_get_may_be_current (TokensAuthorization *self);
void                 tokens_authorization_set_may_be_current (TokensAuthorization *self,
                                                              gboolean             may_be);
gboolean             tokens_authorization_can_read_tokens   (TokensAuthorization *self);
void                 tokens_authorization_set_is_current    (TokensAuthorization *self,
                                                             gboolean             is_current);
void                 tokens_authorization_update_from       (TokensAuthorization *self,
                                                             TokensAuthorization *newer);
gboolean             tokens_authorization_matches           (TokensAuthorization *self,
                                                             const char          *casefolded_needle);

G_END_DECLS
