/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tokens-permission.h"

G_BEGIN_DECLS

/**
 * TokensTokenStatus:
 * @TOKENS_TOKEN_STATUS_ACTIVE: works
 * @TOKENS_TOKEN_STATUS_INACTIVE: switched off, can be switched on (v2)
 * @TOKENS_TOKEN_STATUS_EXPIRED: past its expiry (InfluxDB 3, management)
 * @TOKENS_TOKEN_STATUS_REVOKED: revoked, for good (management)
 */
typedef enum
{
  TOKENS_TOKEN_STATUS_ACTIVE,
  TOKENS_TOKEN_STATUS_INACTIVE,
  TOKENS_TOKEN_STATUS_EXPIRED,
  TOKENS_TOKEN_STATUS_REVOKED,
} TokensTokenStatus;

#define TOKENS_TYPE_TOKEN (tokens_token_get_type ())

G_DECLARE_FINAL_TYPE (TokensToken, tokens_token, TOKENS, TOKEN, GObject)

TokensToken *tokens_token_new               (const char          *id);
const char          *tokens_token_get_id            (TokensToken *self);
const char          *tokens_token_get_description   (TokensToken *self);
const char          *tokens_token_get_display_name  (TokensToken *self);
gboolean             tokens_token_get_active        (TokensToken *self);
const char          *tokens_token_get_org_id        (TokensToken *self);
const char          *tokens_token_get_org           (TokensToken *self);
const char          *tokens_token_get_user_id       (TokensToken *self);
const char          *tokens_token_get_user          (TokensToken *self);
GDateTime           *tokens_token_get_created_at    (TokensToken *self);
GDateTime           *tokens_token_get_updated_at    (TokensToken *self);
const char          *tokens_token_get_label         (TokensToken *self);
gboolean             tokens_token_get_is_named      (TokensToken *self);
GDateTime           *tokens_token_get_expires_at    (TokensToken *self);
GDateTime           *tokens_token_get_revoked_at    (TokensToken *self);
TokensTokenStatus    tokens_token_get_status        (TokensToken *self);
TokensTokenStatus    tokens_token_get_status_at     (TokensToken *self,
                                                     GDateTime   *now);
gboolean             tokens_token_get_is_protected  (TokensToken *self);
const char          *tokens_token_get_hash          (TokensToken *self);
const char          *tokens_token_get_raw_permissions (TokensToken *self);
guint64              tokens_token_get_order         (TokensToken *self);
GPtrArray           *tokens_token_get_permissions   (TokensToken *self);
gboolean             tokens_token_get_is_operator   (TokensToken *self);
gboolean             tokens_token_get_is_all_access (TokensToken *self);
const char          *tokens_token_get_summary       (TokensToken *self);
gboolean             tokens_token_has_token_value   (TokensToken *self);
gboolean             tokens_token_get_busy          (TokensToken *self);
void                 tokens_token_set_busy          (TokensToken *self,
                                                             gboolean             busy);
gboolean             tokens_token_get_is_current    (TokensToken *self);
gboolean             tokens_token_get_may_be_current (TokensToken *self);
void                 tokens_token_set_may_be_current (TokensToken *self,
                                                              gboolean             may_be);
gboolean             tokens_token_can_read_tokens   (TokensToken *self);
void                 tokens_token_set_is_current    (TokensToken *self,
                                                             gboolean             is_current);
void                 tokens_token_update_from       (TokensToken *self,
                                                             TokensToken *newer);
const char          *tokens_token_get_replaces     (TokensToken *self);
const char          *tokens_token_get_replaced_by  (TokensToken *self);
void                 tokens_token_set_replaces     (TokensToken *self,
                                                    const char  *replaces);
void                 tokens_token_set_replaced_by  (TokensToken *self,
                                                    const char  *replaced_by);
gboolean             tokens_token_matches           (TokensToken *self,
                                                             const char          *casefolded_needle);

G_END_DECLS
