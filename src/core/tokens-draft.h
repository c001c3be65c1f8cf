/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tokens-permission.h"

G_BEGIN_DECLS

/**
 * TokensGrantKind:
 * @TOKENS_GRANT_BUCKET: a v2 bucket; the id is the bucket's, %NULL for
 *   every bucket of the organization
 * @TOKENS_GRANT_RESOURCE: a v2 resource type other than buckets
 *   ("dashboards"), for the whole organization; the id is the type
 * @TOKENS_GRANT_DATABASE: an InfluxDB 3 or management database by name,
 *   "*" for every database
 * @TOKENS_GRANT_SYSTEM: an InfluxDB 3 Enterprise system endpoint
 *   ("health", "metrics", "ping"), "*" for all of them
 */
typedef enum
{
  TOKENS_GRANT_BUCKET,
  TOKENS_GRANT_RESOURCE,
  TOKENS_GRANT_DATABASE,
  TOKENS_GRANT_SYSTEM,
} TokensGrantKind;

/**
 * TokensGrant:
 * @kind: what it is on
 * @id: (nullable): which one; see #TokensGrantKind
 * @name: what a person calls it: a bucket's or database's name
 * @read: whether the token may read it
 * @write: whether the token may write it
 *
 * One thing a new token may be given access to, and how much.
 */
typedef struct
{
  TokensGrantKind kind;
  char *id;
  char *name;
  gboolean read;
  gboolean write;
} TokensGrant;

#define TOKENS_TYPE_GRANT (tokens_grant_get_type ())

GType        tokens_grant_get_type (void) G_GNUC_CONST;
TokensGrant *tokens_grant_new      (TokensGrantKind    kind,
                                    const char        *id,
                                    const char        *name,
                                    gboolean           read,
                                    gboolean           write);
TokensGrant *tokens_grant_copy     (const TokensGrant *self);
void         tokens_grant_free     (TokensGrant       *self);
gboolean     tokens_grant_is_all   (const TokensGrant *self);
gboolean     tokens_grant_same_target (const TokensGrant *a,
                                       const TokensGrant *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokensGrant, tokens_grant_free)

/**
 * TokensDraftScope:
 * @TOKENS_DRAFT_ALL_ACCESS: everything: a v2 all-access token for one
 *   organization, an InfluxDB 3 named admin token
 * @TOKENS_DRAFT_CUSTOM: only the draft's grants (and, for a v2 clone, the
 *   permissions no grant can say)
 */
typedef enum
{
  TOKENS_DRAFT_ALL_ACCESS,
  TOKENS_DRAFT_CUSTOM,
} TokensDraftScope;

/**
 * TokensDraft:
 * @scope: all access or the grants
 * @name: the new token's name (InfluxDB 3) or description (v2, management)
 * @org_id: (nullable): v2: the organization it belongs to
 * @user_id: (nullable): v2: the user it is for; %NULL for the app's own user
 * @expires_in: seconds from its making until it stops working; 0: never
 * @grants: (element-type TokensGrant): what a custom token may do
 * @extra: (element-type TokensPermission): v2: permissions of the token
 *   it was cloned from that no grant can say (one dashboard, one user),
 *   kept as they were
 *
 * A token that is not made yet: what the create dialog fills in, what a
 * clone starts from, and what a backend turns into its API's request.
 */
typedef struct
{
  TokensDraftScope scope;
  char *name;
  char *org_id;
  char *user_id;
  gint64 expires_in;
  GPtrArray *grants;
  GPtrArray *extra;
} TokensDraft;

#define TOKENS_TYPE_DRAFT (tokens_draft_get_type ())

GType        tokens_draft_get_type  (void) G_GNUC_CONST;
TokensDraft *tokens_draft_new       (TokensDraftScope   scope);
TokensDraft *tokens_draft_copy      (const TokensDraft *self);
void         tokens_draft_free      (TokensDraft       *self);
void         tokens_draft_set_name  (TokensDraft       *self,
                                     const char        *name);
TokensGrant *tokens_draft_grant     (TokensDraft       *self,
                                     TokensGrantKind    kind,
                                     const char        *id,
                                     const char        *name,
                                     gboolean           read,
                                     gboolean           write);
TokensGrant *tokens_draft_find_grant (const TokensDraft *self,
                                      TokensGrantKind    kind,
                                      const char        *id);
gboolean     tokens_draft_grants_anything (const TokensDraft *self);
gboolean     tokens_draft_name_is_blank   (const char        *name);

/* Whether one API can grant @grant: the rest of what it checks of a draft
 * is its own. */
typedef gboolean (*TokensGrantCheck) (const TokensGrant *grant);

gboolean     tokens_draft_check_grants    (const TokensDraft *self,
                                           TokensGrantCheck   can_grant,
                                           GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokensDraft, tokens_draft_free)

/* The names a derived token gets, so that clones and replacements are told
 * apart from their originals at a glance. */
char        *tokens_draft_copy_name        (const char *name,
                                            gboolean    named);
char        *tokens_draft_replacement_name (const char *name,
                                            gboolean    named);

G_END_DECLS
