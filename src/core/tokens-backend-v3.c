/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-v3"

#include "config.h"

#include "tokens-backend-v3.h"
#include "tokens-backend-private.h"
#include "tokens-v3-token-reader.h"
#include "tokens-grant-reader.h"
#include "tokens-secret-store.h"

#include <json-glib/json-glib.h>

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The token API of InfluxDB 3 Core, Enterprise and InfluxDB 3 Cloud
 * (docs/influxdb3-api.md): tokens listed by SQL on `system.tokens`, deleted
 * by name, never changed. Every request goes through
 * tokens_client_send_async(), which holds it to the client's rules and
 * reads InfluxDB 3's error bodies.
 */

#define LIST_PATH "/api/v3/query_sql"
#define LIST_BODY "{\"db\":\"_internal\",\"q\":\"SELECT * FROM system.tokens\",\"format\":\"json\"}"
#define DELETE_PATH "/api/v3/configure/token"

/*
 * system.tokens shows the first nine hexadecimal digits of a token's
 * SHA-512. Nine digits are 36 bits: two tokens can share them, and in a
 * server with many tokens someone else's may, so a match says "very
 * likely", not "surely". Fewer digits than the server shows would make
 * that sixteen times likelier for each digit left out, and an empty or
 * cut-short hash would match almost anything: those are never taken for
 * the app's own token.
 */
#define MIN_OWN_HASH_LEN 9

struct _TokensBackendV3
{
  GObject parent_instance;

  TokensClient *client;
  /* The hexadecimal SHA-512 of the client's token, made once: it is
   * compared from the list's worker thread, where the client is not to be
   * asked. %NULL when the client has no token. */
  char *own_hash;
};

static void tokens_backend_v3_iface_init (TokensBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensBackendV3, tokens_backend_v3, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TOKENS_TYPE_BACKEND,
                                                      tokens_backend_v3_iface_init))

static void
tokens_backend_v3_dispose (GObject *object)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (object);

  g_clear_object (&self->client);
  /* It names the client's token as surely as the token's value does. */
  if (self->own_hash != NULL)
    memset (self->own_hash, 0, strlen (self->own_hash));
  g_clear_pointer (&self->own_hash, g_free);

  G_OBJECT_CLASS (tokens_backend_v3_parent_class)->dispose (object);
}

static void
tokens_backend_v3_class_init (TokensBackendV3Class *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tokens_backend_v3_dispose;
}

static void
tokens_backend_v3_init (TokensBackendV3 *self)
{
}

static char *
sha512_hex (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA512);
  guint8 digest[64];
  gsize len = sizeof digest;
  char *hex = g_malloc (2 * sizeof digest + 1);

  g_checksum_update (checksum, (const guchar *)text, strlen (text));
  g_checksum_get_digest (checksum, digest, &len);
  for (gsize i = 0; i < len; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[2 * len] = '\0';
  memset (digest, 0, sizeof digest);

  return hex;
}

TokensBackend *
tokens_backend_v3_new (TokensClient *client)
{
  TokensBackendV3 *self;
  const char *token;

  g_return_val_if_fail (TOKENS_IS_CLIENT (client), NULL);

  self = g_object_new (TOKENS_TYPE_BACKEND_V3, NULL);
  self->client = g_object_ref (client);
  token = tokens_client_get_token (client);
  if (token != NULL && token[0] != '\0')
    self->own_hash = sha512_hex (token);
  return TOKENS_BACKEND (self);
}

static TokensClient *
v3_get_client (TokensBackend *backend)
{
  return TOKENS_BACKEND_V3 (backend)->client;
}

static TokensBackendFeatures
v3_get_features (TokensBackend *backend)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  TokensBackendFeatures features = TOKENS_BACKEND_EXPIRY | TOKENS_BACKEND_NAMED;

  /* Started without authentication, the server answers every token
   * endpoint but the list with 405. */
  if (!tokens_client_get_without_auth (self->client))
    {
      TokensProduct product = tokens_client_get_product (self->client);

      features |= TOKENS_BACKEND_DELETE | TOKENS_BACKEND_CREATE_ALL | TOKENS_BACKEND_REGENERATE;
      /* Tokens for chosen databases are Enterprise's, and InfluxDB 3
       * Cloud's; Core makes admin tokens only. */
      if (product == TOKENS_PRODUCT_ENTERPRISE || product == TOKENS_PRODUCT_CLOUD3)
        features |= TOKENS_BACKEND_CREATE_CUSTOM;
    }
  return features;
}

static void
v3_list_async (TokensBackend            *backend,
               const char               *org,
               TokensBackendPrepareFunc  prepare,
               gpointer                  prepare_data,
               GCancellable             *cancellable,
               GAsyncReadyCallback       callback,
               gpointer                  user_data)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  g_autoptr(GBytes) body = g_bytes_new_static (LIST_BODY, strlen (LIST_BODY));

  /* InfluxDB 3 has no organizations: @org means nothing here. */
  _tokens_backend_list_request (backend, self->client, TOKENS_API_V3, SOUP_METHOD_POST, LIST_PATH,
                                body, tokens_v3_token_reader_read_list, prepare, prepare_data,
                                cancellable, callback, user_data);
}

static GPtrArray *
v3_list_finish (TokensBackend  *backend,
                GAsyncResult   *result,
                GError        **error)
{
  return _tokens_backend_list_request_finish (backend, result, error);
}

static const char *
operator_message (void)
{
  return _("InfluxDB 3 never deletes its operator token, _admin. It can only be regenerated.");
}

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status = 0;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, &status, &error);
  if (body == NULL)
    {
      /* The one 405 a delete meets when authentication is on: the server's
       * "cannot delete operator token" does not say what can be done. */
      if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_ALLOWED))
        {
          g_error_free (error);
          g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_ALLOWED,
                                   "%s", operator_message ());
        }
      else
        g_task_return_error (task, error);
      return;
    }

  /* InfluxDB 3 says 200 with an empty body; 204 is what every other
   * InfluxDB says. A 202, or any other success, may be a proxy's, or
   * "accepted, maybe later": the token is not taken for gone. */
  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NO_CONTENT)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE,
                             /* Translators: %u %s is an HTTP status, e.g. 202 Accepted */
                             _("The server answered %u %s, not 200 OK as InfluxDB 3 does, so "
                               "it is not known whether it was carried out."),
                             status, soup_status_get_phrase (status));
}

static void
v3_delete_async (TokensBackend       *backend,
                 TokensToken         *token,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, v3_delete_async);

  /* The server would refuse it anyway (405): no request is needed to know. */
  if (tokens_token_get_is_protected (token))
    {
      g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_ALLOWED,
                               "%s", operator_message ());
      g_object_unref (task);
      return;
    }

  escaped = g_uri_escape_string (tokens_token_get_id (token), NULL, FALSE);
  query = g_strconcat ("token_name=", escaped, NULL);
  tokens_client_send_async (self->client, TOKENS_API_V3, SOUP_METHOD_DELETE, DELETE_PATH, query,
                            NULL, TOKENS_CLIENT_SEND_NONE, cancellable, on_deleted, task);
}

static gboolean
v3_delete_finish (TokensBackend  *backend,
                  GAsyncResult   *result,
                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether @listed, the hash system.tokens lists (its first hex digits),
 * is the start of @full, a whole SHA-512 in hex. Fewer than nine digits
 * say too little to match on. */
static gboolean
hash_matches (const char *full,
              const char *listed)
{
  gsize len = strlen (listed);

  return len >= MIN_OWN_HASH_LEN && len <= strlen (full) &&
         g_ascii_strncasecmp (full, listed, len) == 0;
}

/* Called from the list's worker thread: it reads only what was made when
 * the backend was. */
static gboolean
v3_is_own_token (TokensBackend *backend,
                 TokensToken   *token)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  const char *hash = tokens_token_get_hash (token);

  if (self->own_hash == NULL || hash == NULL)
    return FALSE;
  return hash_matches (self->own_hash, hash);
}

/* Which token a string is: system.tokens lists the first hex digits of
 * each token's SHA-512, so the string never leaves the app. Nine digits
 * can collide; every token that matches is returned. */
static void
v3_find_secret_async (TokensBackend       *backend,
                      const char          *secret,
                      GPtrArray           *tokens,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (backend, cancellable, callback, user_data);
  char *hash = sha512_hex (secret);
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  guint hashed = 0;
  TokensLookup *lookup;

  g_task_set_source_tag (task, v3_find_secret_async);
  for (guint i = 0; i < tokens->len; i++)
    {
      TokensToken *token = g_ptr_array_index (tokens, i);
      const char *listed = tokens_token_get_hash (token);

      if (listed == NULL || listed[0] == '\0')
        continue;
      hashed++;
      if (hash_matches (hash, listed))
        g_ptr_array_add (matches, token);
    }
  memset (hash, 0, strlen (hash));
  g_free (hash);

  /* Started --without-auth, the server lists no hashes: and needs no
   * token at all. */
  if (hashed == 0 && tokens->len > 0)
    lookup = _tokens_lookup_new (TOKENS_LOOKUP_CANNOT_TELL, TOKENS_LOOKUP_BY_NOTHING, 0);
  else
    lookup = _tokens_lookup_new (TOKENS_LOOKUP_NOT_FOUND, TOKENS_LOOKUP_BY_HASH, hashed);
  for (guint i = 0; i < matches->len; i++)
    _tokens_lookup_add_match (lookup, g_ptr_array_index (matches, i));
  g_task_return_pointer (task, lookup, g_object_unref);
}

static TokensLookup *
v3_find_secret_finish (TokensBackend  *backend,
                       GAsyncResult   *result,
                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Making tokens                                                          */

#define ADMIN_PATH "/api/v3/configure/token/named_admin"
#define RESOURCE_TOKEN_PATH "/api/v3/enterprise/configure/token"
#define REGENERATE_PATH "/api/v3/configure/token/admin/regenerate"
#define ALL_PERMISSIONS "*:*:*"
#define OPERATOR_NAME "_admin"

/* The system endpoints a system token can be given (InfluxDB 3 Enterprise). */
static const char * const system_endpoints[] = { "health", "metrics", "ping", NULL };

static void
on_databases_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  GError *error = NULL;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (body != NULL)
    databases = tokens_grant_reader_read_v3_databases (body, &error);
  if (databases == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  grants = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free);
  g_ptr_array_add (grants, tokens_grant_new (TOKENS_GRANT_DATABASE, "*", _("All databases"),
                                             FALSE, FALSE));
  for (guint i = 0; i < databases->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (databases, i);

      /* The server's own; a token for it is an admin's business. */
      if (!g_str_equal (grant->id, "_internal"))
        g_ptr_array_add (grants, tokens_grant_copy (grant));
    }
  g_ptr_array_add (grants, tokens_grant_new (TOKENS_GRANT_SYSTEM, "*", _("All system endpoints"),
                                             FALSE, FALSE));
  for (guint i = 0; system_endpoints[i] != NULL; i++)
    g_ptr_array_add (grants, tokens_grant_new (TOKENS_GRANT_SYSTEM, system_endpoints[i],
                                               system_endpoints[i], FALSE, FALSE));
  g_task_return_pointer (task, g_steal_pointer (&grants), (GDestroyNotify)g_ptr_array_unref);
}

static void
v3_list_grants_async (TokensBackend       *backend,
                      const char          *org_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, v3_list_grants_async);
  if (!(v3_get_features (backend) & TOKENS_BACKEND_CREATE_CUSTOM))
    {
      g_task_return_pointer (task,
                             g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free),
                             (GDestroyNotify)g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  tokens_client_send_async (self->client, TOKENS_API_V3, SOUP_METHOD_GET,
                            "/api/v3/configure/database", "format=json", NULL,
                            TOKENS_CLIENT_SEND_NONE, cancellable, on_databases_listed, task);
}

static GPtrArray *
v3_list_grants_finish (TokensBackend  *backend,
                       GAsyncResult   *result,
                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* "db:db1,db2:read,write;system:health:read", as system.tokens writes a
 * resource token's permissions, into grants. */
static void
grant_from_permissions (TokensDraft *draft,
                        const char  *permissions)
{
  g_auto(GStrv) parts = g_strsplit (permissions, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (parts[i], ":", 3);
      g_auto(GStrv) names = NULL;
      TokensGrantKind kind;
      gboolean read, write;

      if (g_strv_length (fields) != 3)
        continue;
      if (g_str_equal (fields[0], "db"))
        kind = TOKENS_GRANT_DATABASE;
      else if (g_str_equal (fields[0], "system"))
        kind = TOKENS_GRANT_SYSTEM;
      else
        continue;
      read = strstr (fields[2], "read") != NULL || g_str_equal (fields[2], "*");
      write = strstr (fields[2], "write") != NULL || g_str_equal (fields[2], "*");
      names = g_strsplit (fields[1], ",", -1);
      for (guint j = 0; names[j] != NULL; j++)
        if (names[j][0] != '\0')
          tokens_draft_grant (draft, kind, names[j],
                              g_str_equal (names[j], "*")
                                ? (kind == TOKENS_GRANT_DATABASE ? _("All databases")
                                                                 : _("All system endpoints"))
                                : names[j],
                              read, write);
    }
}

static TokensDraft *
v3_draft_from_token (TokensBackend *backend,
                     TokensToken   *token)
{
  const char *permissions = tokens_token_get_raw_permissions (token);
  GDateTime *created = tokens_token_get_created_at (token);
  GDateTime *expires = tokens_token_get_expires_at (token);
  TokensDraft *draft;

  if (permissions == NULL || g_str_equal (permissions, ALL_PERMISSIONS))
    draft = tokens_draft_new (TOKENS_DRAFT_ALL_ACCESS);
  else
    {
      draft = tokens_draft_new (TOKENS_DRAFT_CUSTOM);
      grant_from_permissions (draft, permissions);
    }
  tokens_draft_set_name (draft, tokens_token_get_id (token));
  /* The same lifetime, from the new token's making. */
  if (created != NULL && expires != NULL)
    draft->expires_in = MAX (g_date_time_difference (expires, created) / G_TIME_SPAN_SECOND, 1);
  return draft;
}

/* What the permissions of a draft are, as system.tokens will write them;
 * grants with the same actions share one entry. */
static char *
draft_permissions (const TokensDraft *draft)
{
  GString *text = g_string_new (NULL);
  static const struct
  {
    TokensGrantKind kind;
    const char *prefix;
  } kinds[] = { { TOKENS_GRANT_DATABASE, "db" }, { TOKENS_GRANT_SYSTEM, "system" } };
  static const struct
  {
    gboolean read, write;
    const char *actions;
  } modes[] = { { TRUE, TRUE, "read,write" }, { TRUE, FALSE, "read" }, { FALSE, TRUE, "write" } };

  if (draft->scope == TOKENS_DRAFT_ALL_ACCESS)
    {
      g_string_free (text, TRUE);
      return g_strdup (ALL_PERMISSIONS);
    }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
      {
        g_autoptr(GString) names = g_string_new (NULL);

        for (guint i = 0; i < draft->grants->len; i++)
          {
            TokensGrant *grant = g_ptr_array_index (draft->grants, i);

            if (grant->kind != kinds[k].kind || grant->read != modes[m].read ||
                grant->write != modes[m].write)
              continue;
            if (names->len > 0)
              g_string_append_c (names, ',');
            g_string_append (names, grant->id);
          }
        if (names->len == 0)
          continue;
        if (text->len > 0)
          g_string_append_c (text, ';');
        g_string_append_printf (text, "%s:%s:%s", kinds[k].prefix, names->str, modes[m].actions);
      }
  return g_string_free (text, FALSE);
}

static void
add_permission_members (JsonBuilder *builder,
                        const char  *permissions)
{
  g_auto(GStrv) parts = g_strsplit (permissions, ";", -1);

  json_builder_set_member_name (builder, "permissions");
  json_builder_begin_array (builder);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (parts[i], ":", 3);
      g_auto(GStrv) names = g_strsplit (fields[1], ",", -1);
      g_auto(GStrv) actions = g_strsplit (fields[2], ",", -1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "resource_type");
      json_builder_add_string_value (builder, fields[0]);
      json_builder_set_member_name (builder, "resource_names");
      json_builder_begin_array (builder);
      for (guint j = 0; names[j] != NULL; j++)
        json_builder_add_string_value (builder, names[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "actions");
      json_builder_begin_array (builder);
      for (guint j = 0; actions[j] != NULL; j++)
        json_builder_add_string_value (builder, actions[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static GBytes *
build_create_body (const TokensDraft *draft,
                   const char        *permissions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token_name");
  json_builder_add_string_value (builder, draft->name);
  json_builder_set_member_name (builder, "expiry_secs");
  if (draft->expires_in > 0)
    json_builder_add_int_value (builder, draft->expires_in);
  else
    json_builder_add_null_value (builder);
  if (draft->scope == TOKENS_DRAFT_CUSTOM)
    add_permission_members (builder, permissions);
  json_builder_end_object (builder);

  return _tokens_backend_json_body (builder);
}

/* A name or a database name that would change the meaning of the
 * permissions it is written into, or of the delete that names it later. */
static gboolean
is_plain_name (const char *name)
{
  return name != NULL && name[0] != '\0' && g_utf8_validate (name, -1, NULL) &&
         strpbrk (name, ",:;*") == NULL && strlen (name) <= 256;
}

/* A database or a system endpoint, by a name the permission can hold. */
static gboolean
can_grant (const TokensGrant *grant)
{
  return (grant->kind == TOKENS_GRANT_DATABASE || grant->kind == TOKENS_GRANT_SYSTEM) &&
         (tokens_grant_is_all (grant) || is_plain_name (grant->id));
}

static gboolean
check_draft (TokensBackendV3    *self,
             const TokensDraft  *draft,
             GError            **error)
{
  TokensBackendFeatures features = v3_get_features (TOKENS_BACKEND (self));

  if (tokens_draft_name_is_blank (draft->name))
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("Give the token a name."));
      return FALSE;
    }
  if (!g_utf8_validate (draft->name, -1, NULL) || strlen (draft->name) > 256)
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("The name is too long."));
      return FALSE;
    }
  if (g_str_equal (draft->name, "_admin"))
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_CONFLICT,
                           _("_admin is the operator token’s name."));
      return FALSE;
    }
  if (draft->expires_in < 0)
    {
      g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                           _("A token cannot expire before it is made."));
      return FALSE;
    }
  if (draft->scope == TOKENS_DRAFT_ALL_ACCESS)
    {
      if (!(features & TOKENS_BACKEND_CREATE_ALL))
        goto not_here;
      return TRUE;
    }

  if (!(features & TOKENS_BACKEND_CREATE_CUSTOM))
    goto not_here;
  return tokens_draft_check_grants (draft, can_grant, error);

not_here:
  g_set_error_literal (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID,
                       _("This server cannot make such a token."));
  return FALSE;
}

typedef struct
{
  char *name;
  char *permissions;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->name);
  g_free (data->permissions);
  g_free (data);
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  TokensCreated *created;
  GError *error = NULL;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  created = _tokens_created_new ();
  created->token = tokens_v3_token_reader_read_created (body, data->name, data->permissions,
                                                        &created->secret, &error);
  if (created->token == NULL)
    {
      _tokens_created_free (created);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, created, (GDestroyNotify)_tokens_created_free);
}

static void
v3_create_async (TokensBackend       *backend,
                 const TokensDraft   *draft,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  g_autoptr(GBytes) body = NULL;
  CreateData *data;
  GError *error = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, v3_create_async);
  if (!check_draft (self, draft, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data = g_new0 (CreateData, 1);
  data->name = g_strdup (draft->name);
  data->permissions = draft_permissions (draft);
  g_task_set_task_data (task, data, (GDestroyNotify)create_data_free);

  body = build_create_body (draft, data->permissions);
  tokens_client_send_async (self->client, TOKENS_API_V3, SOUP_METHOD_POST,
                            draft->scope == TOKENS_DRAFT_ALL_ACCESS ? ADMIN_PATH : RESOURCE_TOKEN_PATH,
                            NULL, body, TOKENS_CLIENT_SEND_NONE, cancellable, on_created, task);
}

static TokensToken *
v3_create_finish (TokensBackend  *backend,
                  GAsyncResult   *result,
                  char          **secret,
                  GError        **error)
{
  TokensCreated *created;

  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  created = g_task_propagate_pointer (G_TASK (result), error);
  if (created == NULL)
    return NULL;
  return _tokens_created_take (created, secret);
}

static void
on_regenerated (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TokensToken) token = NULL;
  GError *error = NULL;
  char *secret = NULL;

  body = tokens_client_send_finish (TOKENS_CLIENT (object), result, NULL, &error);
  if (body != NULL)
    token = tokens_v3_token_reader_read_created (body, OPERATOR_NAME, ALL_PERMISSIONS, &secret,
                                                 &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, secret, (GDestroyNotify)tokens_secret_free);
}

static void
v3_regenerate_async (TokensBackend       *backend,
                     TokensToken         *token,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, v3_regenerate_async);
  tokens_client_send_async (self->client, TOKENS_API_V3, SOUP_METHOD_POST, REGENERATE_PATH, NULL,
                            body, TOKENS_CLIENT_SEND_NONE, cancellable, on_regenerated, task);
}

static char *
v3_regenerate_finish (TokensBackend  *backend,
                      GAsyncResult   *result,
                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
tokens_backend_v3_iface_init (TokensBackendInterface *iface)
{
  iface->get_client = v3_get_client;
  iface->get_features = v3_get_features;
  iface->list_async = v3_list_async;
  iface->list_finish = v3_list_finish;
  iface->delete_async = v3_delete_async;
  iface->delete_finish = v3_delete_finish;
  iface->is_own_token = v3_is_own_token;
  iface->find_secret_async = v3_find_secret_async;
  iface->find_secret_finish = v3_find_secret_finish;
  iface->list_grants_async = v3_list_grants_async;
  iface->list_grants_finish = v3_list_grants_finish;
  iface->draft_from_token = v3_draft_from_token;
  iface->create_async = v3_create_async;
  iface->create_finish = v3_create_finish;
  iface->regenerate_async = v3_regenerate_async;
  iface->regenerate_finish = v3_regenerate_finish;
}
