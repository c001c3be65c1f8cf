/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-token.h"

G_BEGIN_DECLS

/* The parser fills an authorization field by field; nothing else may. */
struct _TokensToken
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
  GPtrArray *permissions; /* of TokensPermission (v2) */
  GDateTime *expires_at;  /* NULL: never */
  GDateTime *revoked_at;  /* NULL: not revoked */
  char *hash;             /* InfluxDB 3: a prefix of the SHA-512 of the token's value */
  char *raw_permissions;  /* InfluxDB 3 and management: the permissions as the server wrote them */
  guint64 order;          /* ties among tokens made in one instant; see has_order */
  char *replaces;         /* the label of the token this one replaces */
  char *replaced_by;      /* the label of the token made to replace this one */
  char *summary;          /* built on first use */
  char *search_text;      /* built on first use, casefolded */

  guint active : 1;
  guint is_operator : 1;
  guint is_all_access : 1;
  guint busy : 1;
  guint is_current : 1;
  guint may_be_current : 1;
  guint is_protected : 1; /* the server refuses to delete it (InfluxDB 3's _admin) */
  guint has_order : 1;    /* else the id's hexadecimal value orders */
  guint is_named : 1;     /* the id is a name the person gave it (InfluxDB 3) */
};

void        _tokens_token_set_summary     (TokensToken *self,
                                           const char  *summary);
void        _tokens_token_set_token_value (TokensToken *self,
                                                   const char          *value);
const char *_tokens_token_get_token_value (TokensToken *self);
char       *_tokens_token_steal_token_value (TokensToken *self);
void        _tokens_token_classify        (TokensToken *self);
void        _tokens_token_prepare_search  (TokensToken *self);
guint       _tokens_token_get_n_summaries_built (void);

G_END_DECLS
