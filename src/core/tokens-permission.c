/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-permission"

#include "config.h"

#include "tokens-permission.h"
#include "tokens-resource-names.h"

#include <glib/gi18n-lib.h>

G_DEFINE_BOXED_TYPE (TokensPermission, tokens_permission,
                     tokens_permission_copy, tokens_permission_free)

/* Permissions repeat the same few strings across thousands of tokens (the
 * type, the organization's id and name, bucket names): each is kept once. */
static char *
intern (const char *s)
{
  return s != NULL ? g_ref_string_new_intern (s) : NULL;
}

static void
release (char *s)
{
  if (s != NULL)
    g_ref_string_release (s);
}

TokensPermission *
tokens_permission_new (TokensAction  action,
                       const char   *resource_type,
                       const char   *resource_id,
                       const char   *resource_org_id,
                       const char   *resource_name,
                       const char   *resource_org)
{
  TokensPermission *self;

  g_return_val_if_fail (resource_type != NULL, NULL);

  self = g_new0 (TokensPermission, 1);
  self->action = action;
  self->resource_type = intern (resource_type);
  self->resource_id = intern (resource_id);
  self->resource_org_id = intern (resource_org_id);
  self->resource_name = intern (resource_name);
  self->resource_org = intern (resource_org);

  return self;
}

TokensPermission *
tokens_permission_copy (const TokensPermission *self)
{
  return tokens_permission_new (self->action,
                                self->resource_type,
                                self->resource_id,
                                self->resource_org_id,
                                self->resource_name,
                                self->resource_org);
}

void
tokens_permission_free (TokensPermission *self)
{
  if (self == NULL)
    return;

  release (self->resource_type);
  release (self->resource_id);
  release (self->resource_org_id);
  release (self->resource_name);
  release (self->resource_org);
  g_free (self);
}

/**
 * tokens_permission_covers:
 * @org_id: (nullable): the organization of the resource asked for
 * @resource_id: (nullable): the one resource asked for
 *
 * Whether this permission allows @action on the resource, with InfluxDB's
 * rules: the action must be the same (write does not imply read), the type
 * must be the same, and a permission limited to an organization or an id
 * covers only that organization or that id.
 */
gboolean
tokens_permission_covers (const TokensPermission *self,
                          TokensAction            action,
                          const char             *resource_type,
                          const char             *org_id,
                          const char             *resource_id)
{
  if (self->action != action)
    return FALSE;
  if (g_strcmp0 (self->resource_type, resource_type) != 0)
    return FALSE;
  if (self->resource_org_id != NULL && g_strcmp0 (self->resource_org_id, org_id) != 0)
    return FALSE;
  if (self->resource_id != NULL && g_strcmp0 (self->resource_id, resource_id) != 0)
    return FALSE;
  return TRUE;
}

/**
 * tokens_permission_describe:
 *
 * Returns: (transfer full): one line a person reads, such as
 *   "Write bucket telegraf" or "Read all buckets in my-org".
 */
char *
tokens_permission_describe (const TokensPermission *self)
{
  g_autofree char *object = NULL;

  object = tokens_resource_describe (self->resource_type,
                                     self->resource_id,
                                     self->resource_name,
                                     self->resource_org_id,
                                     self->resource_org);

  if (self->action == TOKENS_ACTION_READ)
    /* Translators: %s is what may be read, e.g. "bucket telegraf" */
    return g_strdup_printf (_("Read %s"), object);
  else
    /* Translators: %s is what may be written, e.g. "bucket telegraf" */
    return g_strdup_printf (_("Write %s"), object);
}
