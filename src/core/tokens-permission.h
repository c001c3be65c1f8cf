/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TOKENS_ACTION_READ,
  TOKENS_ACTION_WRITE,
} TokensAction;

/**
 * TokensPermission:
 * @action: read or write
 * @resource_type: "buckets", "authorizations", … (unknown types are kept)
 * @resource_id: (nullable): one resource, or %NULL for every resource of the type
 * @resource_org_id: (nullable): the organization the permission is limited to
 * @resource_name: (nullable): the resource's name, when the server resolved it
 * @resource_org: (nullable): the organization's name, when the server resolved it
 *
 * One entry of an authorization's `permissions` array. Its strings are
 * interned #GRefString: read them freely, never free or change them.
 */
typedef struct
{
  TokensAction action;
  char *resource_type;
  char *resource_id;
  char *resource_org_id;
  char *resource_name;
  char *resource_org;
} TokensPermission;

#define TOKENS_TYPE_PERMISSION (tokens_permission_get_type ())

GType             tokens_permission_get_type (void) G_GNUC_CONST;
TokensPermission *tokens_permission_new      (TokensAction            action,
                                              const char             *resource_type,
                                              const char             *resource_id,
                                              const char             *resource_org_id,
                                              const char             *resource_name,
                                              const char             *resource_org);
TokensPermission *tokens_permission_copy     (const TokensPermission *self);
void              tokens_permission_free     (TokensPermission       *self);
gboolean          tokens_permission_covers   (const TokensPermission *self,
                                              TokensAction            action,
                                              const char             *resource_type,
                                              const char             *org_id,
                                              const char             *resource_id);
char             *tokens_permission_describe (const TokensPermission *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokensPermission, tokens_permission_free)

G_END_DECLS
