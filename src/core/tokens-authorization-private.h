/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-authorization.h"

G_BEGIN_DECLS

/* The parser fills an authorization field by field; nothing else may. */
struct _TokensAuthorization
{
  GObject parent_instance;

  char *id;
  char *token;            /* only a real value: never "" or "redacted" */
  char *description;
  char *org_id;
  char *org;
  char *user_id;
  char *user;
  GDateTime *created_at;
  GDateTime *updated_at;
  GPtrArray *permissions; /* of TokensPermission */
  char *summary;          /* built on first use */
  char *search_text;      /* built on first use, casefolded */

  guint active : 1;
  guint is_operator : 1;
  guint is_all_access : 1;
  guint busy : 1;
  guint is_current : 1;
  guint may_be_current : 1;
};

void        _tokens_authorization_set_token_value (TokensAuthorization *self,
                                                   const char          *value);
const char *_tokens_authorization_get_token_value (TokensAuthorization *self);
void        _tokens_authorization_classify        (TokensAuthorization *self);
void        _tokens_authorization_prepare_search  (TokensAuthorization *self);
guint       _tokens_authorization_get_n_summaries_built (void);

G_END_DECLS
