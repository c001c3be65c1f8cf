/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server.h"
#include "tokens-demo-server-private.h"

#include <libsoup/soup.h>

/*
 * A fake InfluxDB for the demo mode, the tests and the benchmarks, on
 * loopback. This file is the server itself: its lifecycle, its listening
 * socket, the latency it adds and the counters tests read, and the routing
 * of each request to the faults (tokens-demo-faults.c) or to its product
 * mode (tokens-demo-v2.c; tokens-demo-v3.c with tokens-demo-enterprise.c;
 * tokens-demo-dedicated.c). The v2 modes' tokens live in
 * tokens-demo-data.c, the others' in their mode's file.
 */

G_DEFINE_FINAL_TYPE (TokensDemoServer, tokens_demo_server, G_TYPE_OBJECT)

typedef struct _Delayed Delayed;
static void delayed_free (Delayed *delayed);

static void
tokens_demo_server_dispose (GObject *object)
{
  TokensDemoServer *self = (TokensDemoServer *)object;

  /* Drops the answers still waiting out their latency, and the hung ones. */
  g_clear_pointer (&self->delayed, g_hash_table_unref);
  g_clear_pointer (&self->hung, g_ptr_array_unref);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (tokens_demo_server_parent_class)->dispose (object);
}

static void
tokens_demo_server_finalize (GObject *object)
{
  TokensDemoServer *self = (TokensDemoServer *)object;

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_token);
  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->auths);
  g_ptr_array_unref (self->buckets);
  g_ptr_array_unref (self->databases);
  g_ptr_array_unref (self->users);
  g_ptr_array_unref (self->orgs);
  g_hash_table_unref (self->v3_by_token);
  g_hash_table_unref (self->v3_by_name);
  g_ptr_array_unref (self->v3_tokens);
  g_free (self->cluster_uuid);
  g_ptr_array_unref (self->db_tokens);
  g_free (self->management_token);
  g_free (self->url);
  g_free (self->redirect_location);
  g_free (self->last_user_agent);

  G_OBJECT_CLASS (tokens_demo_server_parent_class)->finalize (object);
}

static void
tokens_demo_server_class_init (TokensDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tokens_demo_server_dispose;
  object_class->finalize = tokens_demo_server_finalize;
}

static void
tokens_demo_server_init (TokensDemoServer *self)
{
  self->orgs = g_ptr_array_new_with_free_func ((GDestroyNotify)_tokens_demo_entity_free);
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify)_tokens_demo_entity_free);
  self->auths = g_ptr_array_new_with_free_func ((GDestroyNotify)_tokens_demo_auth_free);
  self->buckets = g_ptr_array_new_with_free_func ((GDestroyNotify)_tokens_demo_bucket_free);
  self->databases = g_ptr_array_new_with_free_func ((GDestroyNotify)_tokens_demo_database_free);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->by_token = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->delayed = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)delayed_free, NULL);
  self->hung = g_ptr_array_new_with_free_func (g_object_unref);
  /* Real ids look like 0a1b2c3d4e5f6071; start high enough to have 16 digits. */
  self->next_id = G_GUINT64_CONSTANT (0x0a5f3c2e91b04000);

  self->v3_tokens = g_ptr_array_new_with_free_func ((GDestroyNotify)_tokens_demo_v3_token_free);
  self->v3_by_token = g_hash_table_new (g_str_hash, g_str_equal);
  self->v3_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->cluster_uuid = g_uuid_string_random ();
  self->db_tokens = g_ptr_array_new_with_free_func ((GDestroyNotify)_tokens_demo_db_token_free);
}

TokensDemoServer *
tokens_demo_server_new (TokensDemoMode mode)
{
  TokensDemoServer *self = g_object_new (TOKENS_TYPE_DEMO_SERVER, NULL);

  self->mode = mode;
  return self;
}

TokensDemoMode
tokens_demo_server_get_mode (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), TOKENS_DEMO_MODE_OSS);
  return self->mode;
}

/**
 * tokens_demo_server_set_without_auth:
 *
 * InfluxDB 3 as `influxdb3 serve --without-auth` runs it: no token is
 * asked for, the token endpoints answer 405, and system.tokens has no
 * hash column. Other modes ignore it.
 */
void
tokens_demo_server_set_without_auth (TokensDemoServer *self,
                                     gboolean          without_auth)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));
  self->without_auth = !!without_auth;
}

/* For tests: write system.tokens' null columns as null instead of leaving
 * them out (which of the two InfluxDB 3 does is not known). */
void
tokens_demo_server_set_explicit_nulls (TokensDemoServer *self,
                                       gboolean          explicit_nulls)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));
  self->explicit_nulls = !!explicit_nulls;
}

const char *
tokens_demo_server_get_cluster_uuid (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);
  return self->cluster_uuid;
}

void
tokens_demo_server_set_latency (TokensDemoServer *self,
                                guint             milliseconds)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));
  self->latency_ms = milliseconds;
}

guint
tokens_demo_server_get_n_requests (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->n_requests;
}

/* For tests: the most requests answered at once (with latency set only). */
guint
tokens_demo_server_get_max_in_flight (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->max_in_flight;
}

/* For tests: requests that came while the client should have waited out
 * the last Retry-After. */
guint
tokens_demo_server_get_n_requests_while_paused (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->n_requests_while_paused;
}

guint
tokens_demo_server_get_n_authenticated_requests (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), 0);
  return self->n_authenticated_requests;
}

const char *
tokens_demo_server_get_last_user_agent (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);
  return self->last_user_agent;
}

/* Anything under /api/ may get an injected fault; what is left, the
 * product mode's file answers. InfluxDB 3 and Cloud Dedicated answer every
 * path themselves, /ping included: InfluxDB 3 asks for a token first. */
static void
handle_request (TokensDemoServer  *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  switch (self->mode)
    {
    case TOKENS_DEMO_MODE_CORE:
    case TOKENS_DEMO_MODE_ENTERPRISE:
      /* On every answer, 401s included. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "cluster-uuid", self->cluster_uuid);
      if (g_str_has_prefix (path, "/api/") && _tokens_demo_apply_fault (self, msg))
        return;
      _tokens_demo_v3_handle (self, msg, path, query);
      return;
    case TOKENS_DEMO_MODE_DEDICATED:
      if (g_str_has_prefix (path, "/api/") && _tokens_demo_apply_fault (self, msg))
        return;
      _tokens_demo_dedicated_handle (self, msg, path);
      return;
    case TOKENS_DEMO_MODE_OSS:
    case TOKENS_DEMO_MODE_OSS_HASHED:
    case TOKENS_DEMO_MODE_CLOUD:
    default:
      break;
    }

  /* Every v2 mode says on /ping which build and version it is. */
  if (g_str_equal (path, "/ping") || g_str_equal (path, "/health"))
    {
      _tokens_demo_v2_handle_ping (self, msg);
      return;
    }

  if (!g_str_has_prefix (path, "/api/"))
    {
      _tokens_demo_respond_error (msg, "not found", "path not found");
      return;
    }

  if (_tokens_demo_apply_fault (self, msg))
    return;

  _tokens_demo_v2_handle_api (self, msg, path, query);
}

struct _Delayed
{
  TokensDemoServer *self;    /* borrowed: dispose drops every Delayed */
  SoupServerMessage *msg;
  char *path;
  GHashTable *query;
  GSource *source;
};

static void
delayed_free (Delayed *delayed)
{
  if (delayed->source != NULL)
    {
      g_source_destroy (delayed->source);
      g_source_unref (delayed->source);
    }
  g_object_unref (delayed->msg);
  g_free (delayed->path);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_free (delayed);
}

static gboolean
on_delay_elapsed (gpointer user_data)
{
  Delayed *delayed = user_data;
  TokensDemoServer *self = delayed->self;

  g_clear_pointer (&delayed->source, g_source_unref);
  handle_request (self, delayed->msg, delayed->path, delayed->query);
  /* A message whose connection was taken, or that hangs on purpose, stays. */
  if (g_object_get_data (G_OBJECT (delayed->msg), TOKENS_DEMO_DETACHED) == NULL)
    soup_server_message_unpause (delayed->msg);
  g_hash_table_remove (self->delayed, delayed);

  return G_SOURCE_REMOVE;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  TokensDemoServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  self->n_requests++;
  /* A client that honours Retry-After sends nothing in the pause: leave a
   * margin at each end for requests already on their way. */
  if (self->rate_limited_at > 0)
    {
      gint64 since_ms = (g_get_monotonic_time () - self->rate_limited_at) / 1000;

      if (since_ms > 150 && since_ms + 150 < self->rate_limited_for_ms)
        self->n_requests_while_paused++;
    }
  g_free (self->last_user_agent);
  self->last_user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));

  if (self->latency_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = self;
      delayed->msg = g_object_ref (msg);
      delayed->path = g_strdup (path);
      delayed->query = query != NULL ? g_hash_table_ref (query) : NULL;
      soup_server_message_pause (msg);
      /* Where the server runs: its thread's context, as its sockets. */
      delayed->source = g_timeout_source_new (self->latency_ms);
      g_source_set_callback (delayed->source, on_delay_elapsed, delayed, NULL);
      g_source_attach (delayed->source, g_main_context_get_thread_default ());
      g_hash_table_add (self->delayed, delayed);
      self->max_in_flight = MAX (self->max_in_flight, g_hash_table_size (self->delayed));
      return;
    }

  handle_request (self, msg, path, query);
}

/*
 * InfluxDB keeps HTTP/1.1 connections open after every answer, and clients
 * that reuse them (Go's http.Client, Node's agent, Telegraf) count on it.
 * libsoup 3.2 drops Content-Length from a 204, as RFC 9110 asks, and then
 * reads the headers as declaring a body that ends with the connection, so
 * it closes the connection after every 204 (soup_server_message_is_keepalive).
 * Once the headers are on the wire, say what a 204 has: no body at all.
 */
static void
on_wrote_headers (SoupServerMessage *msg,
                  gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_NO_CONTENT)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                       SOUP_ENCODING_NONE);
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_wrote_headers), NULL);
}

static gboolean
start (TokensDemoServer  *self,
       guint              port,
       GTlsCertificate   *certificate,
       GError           **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  self->server = soup_server_new ("server-header", "influxdb-demo",
                                  "tls-certificate", certificate,
                                  NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (self->server, address,
                           certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  /* Not soup_server_get_uris(): in libsoup 3.2 it leaks the address it
   * looks up. The listening socket says which port it got. */
  listeners = soup_server_get_listeners (self->server);
  bound = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (bound == NULL)
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  text = g_strdup_printf ("%s://127.0.0.1:%u%s", certificate != NULL ? "https" : "http",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
                          self->mode == TOKENS_DEMO_MODE_DEDICATED
                            ? TOKENS_DEMO_DEDICATED_BASE : "");
  self->url = g_steal_pointer (&text);

  return TRUE;
}

/**
 * tokens_demo_server_start:
 * @port: a port on 127.0.0.1, or 0 for any free one
 *
 * Listens on the loopback interface only.
 */
gboolean
tokens_demo_server_start (TokensDemoServer  *self,
                          guint              port,
                          GError           **error)
{
  return start (self, port, NULL, error);
}

/**
 * tokens_demo_server_start_tls:
 *
 * Listens with HTTPS on a free loopback port, with @certificate: the
 * tests use an untrusted one to check that no token crosses such a link.
 */
gboolean
tokens_demo_server_start_tls (TokensDemoServer  *self,
                              GTlsCertificate   *certificate,
                              GError           **error)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);
  return start (self, 0, certificate, error);
}

/**
 * tokens_demo_server_get_url:
 *
 * Returns: the base URL; for Cloud Dedicated, its management API's, with
 *   the account and the cluster in its path
 */
const char *
tokens_demo_server_get_url (TokensDemoServer *self)
{
  g_return_val_if_fail (TOKENS_IS_DEMO_SERVER (self), NULL);
  return self->url;
}
