/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-backend-v3"

#include "config.h"

#include "tokens-backend-v3.h"
#include "tokens-backend-private.h"
#include "tokens-v3-token-reader.h"

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
    features |= TOKENS_BACKEND_DELETE;
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

/* Called from the list's worker thread: it reads only what was made when
 * the backend was. */
static gboolean
v3_is_own_token (TokensBackend *backend,
                 TokensToken   *token)
{
  TokensBackendV3 *self = TOKENS_BACKEND_V3 (backend);
  const char *hash = tokens_token_get_hash (token);
  gsize len;

  if (self->own_hash == NULL || hash == NULL)
    return FALSE;

  len = strlen (hash);
  if (len < MIN_OWN_HASH_LEN || len > strlen (self->own_hash))
    return FALSE;

  return g_ascii_strncasecmp (self->own_hash, hash, len) == 0;
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
}
