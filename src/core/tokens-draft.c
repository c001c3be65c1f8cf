/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-draft"

#include "config.h"

#include "tokens-draft.h"
#include "tokens-client-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (TokensGrant, tokens_grant, tokens_grant_copy, tokens_grant_free)
G_DEFINE_BOXED_TYPE (TokensDraft, tokens_draft, tokens_draft_copy, tokens_draft_free)

TokensGrant *
tokens_grant_new (TokensGrantKind  kind,
                  const char      *id,
                  const char      *name,
                  gboolean         read,
                  gboolean         write)
{
  TokensGrant *self = g_new0 (TokensGrant, 1);

  self->kind = kind;
  self->id = g_strdup (id);
  self->name = g_strdup (name != NULL ? name : id);
  self->read = read;
  self->write = write;
  return self;
}

TokensGrant *
tokens_grant_copy (const TokensGrant *self)
{
  return tokens_grant_new (self->kind, self->id, self->name, self->read, self->write);
}

void
tokens_grant_free (TokensGrant *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self);
}

/**
 * tokens_grant_is_all:
 *
 * Returns: whether the grant is on every bucket or database (or every
 *   system endpoint), not on one
 */
gboolean
tokens_grant_is_all (const TokensGrant *self)
{
  switch (self->kind)
    {
    case TOKENS_GRANT_BUCKET:
      return self->id == NULL;
    case TOKENS_GRANT_DATABASE:
    case TOKENS_GRANT_SYSTEM:
      return g_strcmp0 (self->id, "*") == 0;
    case TOKENS_GRANT_RESOURCE:
    default:
      return FALSE;
    }
}

gboolean
tokens_grant_same_target (const TokensGrant *a,
                          const TokensGrant *b)
{
  return a->kind == b->kind && g_strcmp0 (a->id, b->id) == 0;
}

TokensDraft *
tokens_draft_new (TokensDraftScope scope)
{
  TokensDraft *self = g_new0 (TokensDraft, 1);

  self->scope = scope;
  self->grants = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free);
  self->extra = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_permission_free);
  return self;
}

TokensDraft *
tokens_draft_copy (const TokensDraft *self)
{
  TokensDraft *copy = tokens_draft_new (self->scope);

  copy->name = g_strdup (self->name);
  copy->org_id = g_strdup (self->org_id);
  copy->user_id = g_strdup (self->user_id);
  copy->expires_in = self->expires_in;
  for (guint i = 0; i < self->grants->len; i++)
    g_ptr_array_add (copy->grants, tokens_grant_copy (g_ptr_array_index (self->grants, i)));
  for (guint i = 0; i < self->extra->len; i++)
    g_ptr_array_add (copy->extra, tokens_permission_copy (g_ptr_array_index (self->extra, i)));
  return copy;
}

void
tokens_draft_free (TokensDraft *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->org_id);
  g_free (self->user_id);
  g_ptr_array_unref (self->grants);
  g_ptr_array_unref (self->extra);
  g_free (self);
}

void
tokens_draft_set_name (TokensDraft *self,
                       const char  *name)
{
  g_free (self->name);
  self->name = g_strdup (name);
}

TokensGrant *
tokens_draft_find_grant (const TokensDraft *self,
                         TokensGrantKind    kind,
                         const char        *id)
{
  for (guint i = 0; i < self->grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (self->grants, i);

      if (grant->kind == kind && g_strcmp0 (grant->id, id) == 0)
        return grant;
    }
  return NULL;
}

/**
 * tokens_draft_grant:
 *
 * Gives the draft access to one thing, adding to what it had there: a read
 * and a write granted one after the other make a read and write.
 *
 * Returns: (transfer none): the grant, in the draft
 */
TokensGrant *
tokens_draft_grant (TokensDraft     *self,
                    TokensGrantKind  kind,
                    const char      *id,
                    const char      *name,
                    gboolean         read,
                    gboolean         write)
{
  TokensGrant *grant = tokens_draft_find_grant (self, kind, id);

  if (grant == NULL)
    {
      grant = tokens_grant_new (kind, id, name, FALSE, FALSE);
      g_ptr_array_add (self->grants, grant);
    }
  grant->read |= read;
  grant->write |= write;
  return grant;
}

/**
 * tokens_draft_grants_anything:
 *
 * Returns: whether a token made from the draft could do anything at all
 */
gboolean
tokens_draft_grants_anything (const TokensDraft *self)
{
  if (self->scope == TOKENS_DRAFT_ALL_ACCESS || self->extra->len > 0)
    return TRUE;
  for (guint i = 0; i < self->grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (self->grants, i);

      if (grant->read || grant->write)
        return TRUE;
    }
  return FALSE;
}

/**
 * tokens_draft_name_is_blank:
 *
 * Returns: whether @name says nothing: %NULL, empty or only spaces
 */
gboolean
tokens_draft_name_is_blank (const char *name)
{
  return name == NULL || name[strspn (name, " \t\n")] == '\0';
}

/**
 * tokens_draft_check_grants:
 * @can_grant: whether the API can grant one grant
 *
 * What every API refuses alike, before any request: a grant it cannot
 * make, and a custom token that could do nothing.
 *
 * Returns: %TRUE, or %FALSE with %TOKENS_CLIENT_ERROR_INVALID saying why
 */
gboolean
tokens_draft_check_grants (const TokensDraft  *self,
                           TokensGrantCheck    can_grant,
                           GError            **error)
{
  for (guint i = 0; i < self->grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (self->grants, i);

      if (!can_grant (grant))
        {
          g_set_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                       /* Translators: %s is a bucket's, a database's or a resource type's name */
                       _("“%s” cannot be granted on this server."),
                       grant->name != NULL ? grant->name : "");
          return FALSE;
        }
    }
  if (!tokens_draft_grants_anything (self))
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("A token must be allowed to read or write something."));
      return FALSE;
    }
  return TRUE;
}

/* "ci-deploy" → "ci-deploy-2", "ci-deploy-2" → "ci-deploy-3": InfluxDB 3
 * names are what scripts call tokens by, so they stay one word. */
static char *
next_numbered (const char *name)
{
  const char *dash = strrchr (name, '-');
  guint64 n;

  if (dash != NULL && dash[1] != '\0' && strspn (dash + 1, "0123456789") == strlen (dash + 1) &&
      strlen (dash + 1) < 9)
    {
      n = g_ascii_strtoull (dash + 1, NULL, 10);
      return g_strdup_printf ("%.*s-%" G_GUINT64_FORMAT, (int)(dash - name), name, n + 1);
    }
  return g_strconcat (name, "-2", NULL);
}

/**
 * tokens_draft_copy_name:
 * @name: the original's name or description
 * @named: whether it is an InfluxDB 3 name, which must stay unique
 *
 * Returns: (transfer full): what a clone is called to begin with
 */
char *
tokens_draft_copy_name (const char *name,
                        gboolean    named)
{
  if (named)
    return g_strconcat (name, "-copy", NULL);
  /* Translators: the description a copy of a token starts with; %s is the
   * original's description */
  return g_strdup_printf (_("%s (copy)"), name);
}

/**
 * tokens_draft_replacement_name:
 *
 * Returns: (transfer full): what a replacement is called to begin with
 */
char *
tokens_draft_replacement_name (const char *name,
                               gboolean    named)
{
  if (named)
    return next_numbered (name);
  /* Translators: the description a token's replacement starts with; %s is
   * the old token's description */
  return g_strdup_printf (_("%s (replacement)"), name);
}
