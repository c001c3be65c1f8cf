/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-authorization-reader"

#include "config.h"

#include "tokens-authorization-reader.h"
#include "tokens-token-private.h"
#include "tokens-json-list-reader.h"
#include "tokens-json-reader.h"

#include <glib/gi18n-lib.h>

/*
 * What an InfluxDB 2 authorization is (/api/v2/authorizations: OSS 2.x,
 * Cloud, Cloud Serverless), said once for every way one arrives: alone, as
 * the answer to a get, a patch or a create, and by the thousand in the list.
 */

typedef struct
{
  char *action;
  gboolean has_resource;
  char *type;
  char *id;
  char *org_id;
  char *name;
  char *org;
} PermissionRecord;

typedef struct
{
  char *id;
  char *token;
  char *status;
  char *description;
  char *org_id;
  char *org;
  char *user_id;
  char *user;
  TokensJsonTimestamp created_at;
  TokensJsonTimestamp updated_at;
  GPtrArray *permissions;
} AuthorizationRecord;

static const char * const actions[] = { "read", "write", NULL };
static const char * const statuses[] = { "active", "inactive", NULL };

static const TokensJsonField resource_fields[] = {
  { .name = "type", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (PermissionRecord, type),
    .error = N_("a permission’s resource has no type") },
  { .name = "id", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (PermissionRecord, id) },
  { .name = "orgID", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (PermissionRecord, org_id) },
  { .name = "name", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (PermissionRecord, name) },
  { .name = "org", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (PermissionRecord, org) },
};

static const TokensJsonShape resource_shape = {
  .fields = resource_fields,
  .n_fields = G_N_ELEMENTS (resource_fields),
};

static const TokensJsonField permission_fields[] = {
  { .name = "action", .kind = TOKENS_JSON_CHOICE, .required = TRUE, .choices = actions,
    .offset = G_STRUCT_OFFSET (PermissionRecord, action),
    .error = N_("a permission’s action is neither read nor write") },
  { .name = "resource", .kind = TOKENS_JSON_OBJECT, .required = TRUE, .shape = &resource_shape,
    .offset = G_STRUCT_OFFSET (PermissionRecord, has_resource),
    .error = N_("a permission has no resource") },
};

static gpointer
build_permission (gpointer data)
{
  PermissionRecord *record = data;
  TokensAction action = g_str_equal (record->action, "read") ? TOKENS_ACTION_READ
                                                             : TOKENS_ACTION_WRITE;

  return tokens_permission_new (action, record->type, record->id, record->org_id,
                                record->name, record->org);
}

static const TokensJsonShape permission_shape = {
  .fields = permission_fields,
  .n_fields = G_N_ELEMENTS (permission_fields),
  .record_size = sizeof (PermissionRecord),
  .not_object = N_("a permission is not an object"),
  .build = build_permission,
  .free_built = (GDestroyNotify)tokens_permission_free,
};

static const TokensJsonField authorization_fields[] = {
  { .name = "id", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, id),
    .error = N_("an authorization has no id") },
  { .name = "token", .kind = TOKENS_JSON_SECRET,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, token) },
  /* None, "" or "active" is active. */
  { .name = "status", .kind = TOKENS_JSON_CHOICE, .choices = statuses,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, status),
    .error = N_("an authorization’s status is neither active nor inactive") },
  { .name = "description", .kind = TOKENS_JSON_TEXT,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, description) },
  { .name = "orgID", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, org_id) },
  { .name = "org", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, org) },
  { .name = "userID", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, user_id) },
  { .name = "user", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, user) },
  { .name = "createdAt", .kind = TOKENS_JSON_TIMESTAMP,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, created_at) },
  { .name = "updatedAt", .kind = TOKENS_JSON_TIMESTAMP,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, updated_at) },
  { .name = "permissions", .kind = TOKENS_JSON_LIST, .shape = &permission_shape,
    .offset = G_STRUCT_OFFSET (AuthorizationRecord, permissions),
    .error = N_("“permissions” is not a list") },
};

static gpointer
build_authorization (gpointer data)
{
  AuthorizationRecord *record = data;
  TokensToken *self = g_object_new (TOKENS_TYPE_TOKEN, NULL);

  self->id = g_steal_pointer (&record->id);
  _tokens_token_set_token_value (self, record->token);
  self->active = g_strcmp0 (record->status, "inactive") != 0;
  self->description = g_steal_pointer (&record->description);
  self->org_id = g_steal_pointer (&record->org_id);
  self->org = g_steal_pointer (&record->org);
  self->user_id = g_steal_pointer (&record->user_id);
  self->user = g_steal_pointer (&record->user);
  self->created_at = g_steal_pointer (&record->created_at.value);
  self->updated_at = g_steal_pointer (&record->updated_at.value);
  if (record->permissions != NULL)
    {
      g_ptr_array_unref (self->permissions);
      self->permissions = g_steal_pointer (&record->permissions);
    }

  _tokens_token_classify (self);

  return self;
}

static const TokensJsonShape authorization_shape = {
  .fields = authorization_fields,
  .n_fields = G_N_ELEMENTS (authorization_fields),
  .record_size = sizeof (AuthorizationRecord),
  .not_object = N_("an authorization is not an object"),
  .build = build_authorization,
  .free_built = g_object_unref,
};

static const TokensJsonField authorization_list = {
  .name = "authorizations", .kind = TOKENS_JSON_LIST, .shape = &authorization_shape,
  .error = N_("“authorizations” is not a list"),
};

/**
 * tokens_authorization_reader_read:
 * @body: the body of a get, patch or create
 *
 * Returns: (transfer full): the authorization, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
TokensToken *
tokens_authorization_reader_read (GBytes  *body,
                                  GError **error)
{
  g_autoptr(JsonNode) root = tokens_json_parse_object (body, error);

  if (root == NULL)
    return NULL;

  return tokens_json_reader_read_object (&authorization_shape, root, error);
}

/**
 * tokens_authorization_reader_read_list:
 * @body: the body of `GET /api/v2/authorizations`
 *
 * Returns: (transfer full) (element-type TokensToken): the
 *   authorizations in the server's order, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_authorization_reader_read_list (GBytes  *body,
                                       GError **error)
{
  /* Lists can be huge: read them without building a document tree. */
  return tokens_json_list_reader_read (body, &authorization_list, error);
}
