/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-client"

#include "config.h"

#include "tokens-client-private.h"
#include "tokens-api-json.h"
#include "tokens-secret-store.h"
#include "tokens-token-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define DEFAULT_TIMEOUT_SECONDS 30
/* See docs/hostile-servers.md for where these numbers come from. */
#define DEFAULT_MAX_BODY (16 * 1024 * 1024)
#define DEFAULT_MAX_LIST_BODY (256 * 1024 * 1024)
#define DEFAULT_DEADLINE_MS (60 * 1000)
#define DEFAULT_LIST_DEADLINE_MS (300 * 1000)
#define DEFAULT_MAX_RETRY_WAIT 60

G_DEFINE_FINAL_TYPE (TokensClient, tokens_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (tokens-client-error-quark, tokens_client_error)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_SESSION,
  PROP_MAX_RETRY_WAIT,
  N_PROPS
};

enum {
  RETRY_SCHEDULED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
wipe_string (char **str)
{
  if (*str != NULL)
    {
      memset (*str, 0, strlen (*str));
      g_clear_pointer (str, g_free);
    }
}

static void
tokens_client_finalize (GObject *object)
{
  TokensClient *self = (TokensClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_free (self->base_url);
  wipe_string (&self->token);

  G_OBJECT_CLASS (tokens_client_parent_class)->finalize (object);
}

static void
tokens_client_constructed (GObject *object)
{
  TokensClient *self = (TokensClient *)object;

  G_OBJECT_CLASS (tokens_client_parent_class)->constructed (object);

  /* libsoup allows 2 connections per host by default, which would make a
   * batch of deletes run two at a time whatever the app's setting. */
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_SECONDS,
                                                   "user-agent", USER_AGENT,
                                                   "max-conns-per-host", 32,
                                                   "max-conns", 64,
                                                   NULL);

  /* Cloud Dedicated's management API is known by its address alone: it
   * has no /ping. */
  if (self->base_uri != NULL)
    {
      const char *path = g_uri_get_path (self->base_uri);
      const char *accounts = path != NULL ? strstr (path, "/api/v0/accounts/") : NULL;

      if (accounts != NULL && strstr (accounts, "/clusters/") != NULL)
        self->product = TOKENS_PRODUCT_DEDICATED;
    }
}

static void
tokens_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TokensClient *self = TOKENS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MAX_RETRY_WAIT:
      g_value_set_uint (value, self->max_retry_wait);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TokensClient *self = TOKENS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      self->base_uri = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);
      break;
    case PROP_TOKEN:
      self->token = g_value_dup_string (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_MAX_RETRY_WAIT:
      tokens_client_set_max_retry_wait (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_client_class_init (TokensClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tokens_client_finalize;
  object_class->constructed = tokens_client_constructed;
  object_class->get_property = tokens_client_get_property;
  object_class->set_property = tokens_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only on purpose: nothing can read the token back out of a client. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRY_WAIT] =
    g_param_spec_uint ("max-retry-wait", NULL, NULL, 0, G_MAXUINT, DEFAULT_MAX_RETRY_WAIT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TokensClient::retry-scheduled:
   * @seconds: how long the client waits before it asks again
   *
   * The server said 429 or 503 with a Retry-After the client will honour.
   */
  signals[RETRY_SCHEDULED] =
    g_signal_new ("retry-scheduled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
tokens_client_init (TokensClient *self)
{
  self->max_retry_wait = DEFAULT_MAX_RETRY_WAIT;
  self->limits.max_body = DEFAULT_MAX_BODY;
  self->limits.max_list_body = DEFAULT_MAX_LIST_BODY;
  self->limits.deadline_ms = DEFAULT_DEADLINE_MS;
  self->limits.list_deadline_ms = DEFAULT_LIST_DEADLINE_MS;
}

/* How much a client reads, and for how long: tests set smaller limits. */
void
_tokens_client_set_limits (TokensClient             *self,
                           const TokensClientLimits *limits)
{
  g_return_if_fail (TOKENS_IS_CLIENT (self));
  g_return_if_fail (limits != NULL);
  self->limits = *limits;
}

void
_tokens_client_get_limits (TokensClient       *self,
                           TokensClientLimits *limits)
{
  g_return_if_fail (TOKENS_IS_CLIENT (self));
  g_return_if_fail (limits != NULL);
  *limits = self->limits;
}

/**
 * tokens_client_new:
 * @base_url: the server, such as `http://localhost:8086`; a path is kept as
 *   a prefix and `/api/v2/…` is added to it
 * @token: the API token sent in every request to @base_url's origin
 * @session: (nullable): a session to share, or %NULL for the client's own
 *
 * Returns: (transfer full) (nullable): a client, or %NULL if @base_url is
 *   not an http or https URL this app can use
 */
TokensClient *
tokens_client_new (const char   *base_url,
                   const char   *token,
                   SoupSession  *session,
                   GError      **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address. Use one such as http://localhost:8086"),
                   base_url);
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A server address must not contain a user name, a query or a fragment"));
      return NULL;
    }

  return g_object_new (TOKENS_TYPE_CLIENT,
                       "base-url", base_url,
                       "token", token,
                       "session", session,
                       NULL);
}

const char *
tokens_client_get_base_url (TokensClient *self)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (self), NULL);
  return self->base_url;
}

SoupSession *
tokens_client_get_session (TokensClient *self)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (self), NULL);
  return self->session;
}

/**
 * tokens_client_get_product:
 *
 * Returns: the product /ping said the server is when
 *   tokens_client_list_all_async() last asked it, or %TOKENS_PRODUCT_UNKNOWN
 */
TokensProduct
tokens_client_get_product (TokensClient *self)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (self), TOKENS_PRODUCT_UNKNOWN);
  return self->product;
}

/**
 * tokens_client_set_product:
 *
 * Says which product the server is when the person said so and nothing
 * can ask (a Clustered management API has no /ping).
 */
void
tokens_client_set_product (TokensClient  *self,
                           TokensProduct  product)
{
  g_return_if_fail (TOKENS_IS_CLIENT (self));
  self->product = product;
}

/**
 * tokens_client_get_without_auth:
 *
 * Returns: whether the server is InfluxDB 3 started with --without-auth,
 *   as /ping, answering without a token, said
 */
gboolean
tokens_client_get_without_auth (TokensClient *self)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (self), FALSE);
  return self->without_auth;
}

/**
 * tokens_client_get_token:
 *
 * For a backend that must recognise its own token among the listed ones
 * (InfluxDB 3 by a hash of it). Never log or show it.
 */
const char *
tokens_client_get_token (TokensClient *self)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (self), NULL);
  return self->token;
}

/**
 * tokens_product_get_api:
 *
 * Returns: which token API @product speaks
 */
TokensApi
tokens_product_get_api (TokensProduct product)
{
  switch (product)
    {
    case TOKENS_PRODUCT_CORE:
    case TOKENS_PRODUCT_ENTERPRISE:
    case TOKENS_PRODUCT_INFLUXDB3:
    case TOKENS_PRODUCT_CLOUD3:
      return TOKENS_API_V3;
    case TOKENS_PRODUCT_DEDICATED:
    case TOKENS_PRODUCT_CLUSTERED:
      return TOKENS_API_MANAGEMENT;
    case TOKENS_PRODUCT_UNKNOWN:
    case TOKENS_PRODUCT_OSS:
    case TOKENS_PRODUCT_CLOUD:
    default:
      return TOKENS_API_V2;
    }
}

guint
tokens_client_get_max_retry_wait (TokensClient *self)
{
  g_return_val_if_fail (TOKENS_IS_CLIENT (self), 0);
  return self->max_retry_wait;
}

void
tokens_client_set_max_retry_wait (TokensClient *self,
                                  guint         seconds)
{
  g_return_if_fail (TOKENS_IS_CLIENT (self));

  if (self->max_retry_wait == seconds)
    return;
  self->max_retry_wait = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRY_WAIT]);
}

void
_tokens_client_emit_retry_scheduled (TokensClient *self,
                                     guint         seconds)
{
  g_signal_emit (self, signals[RETRY_SCHEDULED], 0, seconds);
}

/**
 * tokens_client_dup_with_token:
 * @token: another token for the same server
 *
 * A client for the same server, with the same session and settings, that
 * signs in with @token: to learn whether a token string still works, in
 * the thread @self is used in. Like every client, it sends @token only to
 * its own server.
 *
 * Returns: (transfer full): the client
 */
TokensClient *
tokens_client_dup_with_token (TokensClient *self,
                              const char   *token)
{
  TokensClient *copy;

  g_return_val_if_fail (TOKENS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  copy = g_object_new (TOKENS_TYPE_CLIENT,
                       "base-url", self->base_url,
                       "token", token,
                       "session", self->session,
                       "max-retry-wait", self->max_retry_wait,
                       NULL);
  copy->limits = self->limits;
  copy->product = self->product;
  return copy;
}

/**
 * tokens_client_is_own_token:
 *
 * Whether @authorization is the token this client signs in with. Only
 * servers that return clear token values (OSS 2.8 and older) make this
 * knowable from the list; the comparison takes the same time wherever the
 * values differ.
 */
gboolean
tokens_client_is_own_token (TokensClient        *self,
                            TokensToken *authorization)
{
  const char *value;

  g_return_val_if_fail (TOKENS_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (TOKENS_IS_TOKEN (authorization), FALSE);

  value = _tokens_token_get_token_value (authorization);
  if (value == NULL || self->token == NULL)
    return FALSE;

  return tokens_secret_equal (value, self->token);
}

static GUri *
build_uri (TokensClient *self,
           const char   *path,
           const char   *query)
{
  const char *base_path = g_uri_get_path (self->base_uri);
  g_autofree char *prefix = g_strdup (base_path != NULL ? base_path : "");
  g_autofree char *full_path = NULL;
  gsize len = strlen (prefix);

  while (len > 0 && prefix[len - 1] == '/')
    prefix[--len] = '\0';

  full_path = g_strconcat (prefix, path, NULL);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (self->base_uri),
                      NULL,
                      g_uri_get_host (self->base_uri),
                      g_uri_get_port (self->base_uri),
                      full_path,
                      query,
                      NULL);
}

/* The id was checked to be 16 hex digits, so it needs no escaping. */
static char *
authorization_path (const char *id)
{
  return g_strconcat ("/api/v2/authorizations/", id, NULL);
}

static gboolean
check_id (const char          *id,
          gpointer             source_object,
          gpointer             source_tag,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  if (tokens_api_id_is_valid (id))
    return TRUE;

  g_task_report_new_error (source_object, callback, user_data, source_tag,
                           TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_ID,
                           _("“%s” is not a token id: an id is 16 hexadecimal characters"),
                           id != NULL ? id : "");
  return FALSE;
}

void
tokens_client_ping_async (TokensClient        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GUri) uri = NULL;
  GTask *task;

  g_return_if_fail (TOKENS_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  uri = build_uri (self, "/ping", NULL);
  /* /ping needs no token, so none is sent. */
  task = _tokens_client_request_new (self, SOUP_METHOD_GET, uri, NULL, RESPONSE_PING, FALSE,
                           cancellable, tokens_client_ping_async, callback, user_data);
  _tokens_client_request_send (task);
}

/**
 * tokens_client_ping_finish:
 * @version: (out) (optional): the server's version, from X-Influxdb-Version
 *
 * Returns: which product the server is, or %TOKENS_PRODUCT_UNKNOWN with
 *   @error set; InfluxDB 3 is %TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER
 */
TokensProduct
tokens_client_ping_finish (TokensClient  *self,
                           GAsyncResult  *result,
                           char         **version,
                           GError       **error)
{
  GTask *task = G_TASK (result);
  gssize product;

  g_return_val_if_fail (g_task_is_valid (result, self), TOKENS_PRODUCT_UNKNOWN);
  g_return_val_if_fail (g_task_get_source_tag (task) == tokens_client_ping_async,
                        TOKENS_PRODUCT_UNKNOWN);

  if (version != NULL)
    *version = NULL;

  product = g_task_propagate_int (task, error);
  if (product < 0)
    return TOKENS_PRODUCT_UNKNOWN;

  if (version != NULL)
    {
      SoupMessage *message = _tokens_client_request_get_message (task);
      SoupMessageHeaders *headers = soup_message_get_response_headers (message);
      *version = g_strdup (soup_message_headers_get_one (headers, "X-Influxdb-Version"));
    }

  return product;
}

static void
append_query (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || value[0] == '\0')
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "", name, escaped);
}

void
tokens_client_list_async (TokensClient           *self,
                          const TokensListFilter *filter,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GUri) uri = NULL;
  GTask *task;

  g_return_if_fail (TOKENS_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (filter != NULL)
    {
      append_query (query, "userID", filter->user_id);
      append_query (query, "user", filter->user);
      append_query (query, "orgID", filter->org_id);
      append_query (query, "org", filter->org);
      /* Cloud's documented way to ask "which token am I?". It goes only to
       * this server, like the Authorization header. */
      if (filter->own_token)
        append_query (query, "token", self->token);
      else if (filter->token != NULL)
        append_query (query, "token", filter->token);
    }

  uri = build_uri (self, "/api/v2/authorizations", query->len > 0 ? query->str : NULL);
  task = _tokens_client_request_new (self, SOUP_METHOD_GET, uri, NULL, RESPONSE_LIST, TRUE,
                           cancellable, tokens_client_list_async, callback, user_data);
  _tokens_client_request_send (task);
}

/**
 * tokens_client_list_finish:
 *
 * Returns: (transfer full) (element-type TokensToken): every token
 *   the caller may read; an empty array when it may read none
 */
GPtrArray *
tokens_client_list_finish (TokensClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_client_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * tokens_client_list_all_async() with TOKENS_CLIENT_LIST_PING asks /ping
 * which product this is and lists the tokens at the same time, on two
 * connections: the list does not depend on the answer, and start-up waits
 * one round trip less. The ping has the last word: InfluxDB 3 is refused in
 * words whatever the list request met.
 *
 * It runs in a worker thread, on a main context of its own, with a client
 * of its own (and so a libsoup session made, used and dropped in that
 * thread): the window is being built and shown meanwhile, which holds the
 * main thread for 30 to 40 ms and would hold up every step of the requests
 * with it. This way the tokens are usually there for the window's first
 * frame instead of a frame or two after it. The caller's prepare function
 * (the token list sorts and indexes the tokens) runs in the same thread;
 * only the result comes back, and what /ping found is recorded on the
 * caller's thread as the operation completes.
 */
typedef struct
{
  TokensClient *client;          /* the caller's: its settings, never its session */
  GMainContext *main_context;    /* the caller's */
  TokensClientListFlags flags;
  char *user_id;
  char *user;
  char *org_id;
  char *org;
  gboolean own_token;
  TokensClientPrepareFunc prepare;
  gpointer prepare_data;

  guint waiting;
  gboolean pinged;               /* /ping answered: @product and @version are its */
  TokensProduct product;
  gboolean without_auth;
  char *version;
  GError *ping_error;
  GPtrArray *fresh;
  GError *list_error;
} ListAll;

static void
list_all_free (gpointer data)
{
  ListAll *all = data;

  g_clear_object (&all->client);
  g_clear_pointer (&all->main_context, g_main_context_unref);
  g_free (all->user_id);
  g_free (all->user);
  g_free (all->org_id);
  g_free (all->org);
  g_free (all->version);
  g_clear_error (&all->ping_error);
  g_clear_pointer (&all->fresh, g_ptr_array_unref);
  g_clear_error (&all->list_error);
  g_free (all);
}

static TokensListFilter
list_all_filter (ListAll *all)
{
  TokensListFilter filter = {
    .user_id = all->user_id,
    .user = all->user,
    .org_id = all->org_id,
    .org = all->org,
    .own_token = all->own_token,
  };

  return filter;
}

/*
 * A client for the calling thread: the same server, token and settings,
 * with a session of its own, set up like @self's (see below), made here. A
 * session belongs to the thread that made it; this one is used, and
 * dropped, where it was made, and never shares a connection with @self's.
 */
static TokensClient *
dup_for_thread (TokensClient *self)
{
  static const char * const copied[] = {
    "timeout", "idle-timeout", "user-agent", "accept-language", "max-conns", "max-conns-per-host",
  };
  const char *names[G_N_ELEMENTS (copied)];
  GValue values[G_N_ELEMENTS (copied)] = { G_VALUE_INIT };
  g_autoptr(SoupSession) session = NULL;
  TokensClient *copy;

  /* A session set up as @self's: what this app and its tests set. Not the
   * TLS database or the proxy resolver, which this app leaves to GIO's
   * defaults: asking a session for them would load them (the system's
   * certificate bundle, GIO's modules), and the thread would spend 25 ms
   * on that before its first request. */
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      GParamSpec *spec = g_object_class_find_property (G_OBJECT_GET_CLASS (self->session), copied[i]);

      names[i] = copied[i];
      g_value_init (&values[i], spec->value_type);
      g_object_get_property (G_OBJECT (self->session), copied[i], &values[i]);
    }
  session = SOUP_SESSION (g_object_new_with_properties (G_OBJECT_TYPE (self->session),
                                                        G_N_ELEMENTS (copied), names, values));
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    g_value_unset (&values[i]);

  copy = g_object_new (TOKENS_TYPE_CLIENT,
                       "base-url", self->base_url,
                       "token", self->token,
                       "session", session,
                       "max-retry-wait", self->max_retry_wait,
                       NULL);
  copy->limits = self->limits;
  return copy;
}

static void
on_worker_pinged (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ListAll *all = user_data;
  TokensProduct product;

  product = tokens_client_ping_finish (TOKENS_CLIENT (object), result, &all->version,
                                       &all->ping_error);
  if (all->ping_error == NULL)
    {
      all->pinged = TRUE;
      all->product = product;
      all->without_auth = tokens_client_get_without_auth (TOKENS_CLIENT (object));
    }
  all->waiting--;
}

static void
on_worker_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ListAll *all = user_data;

  all->fresh = tokens_client_list_finish (TOKENS_CLIENT (object), result, &all->list_error);
  all->waiting--;
}

typedef struct
{
  TokensClient *client;
  guint seconds;
} RetryNote;

static void
retry_note_free (gpointer data)
{
  RetryNote *note = data;

  g_object_unref (note->client);
  g_free (note);
}

static gboolean
emit_retry_scheduled (gpointer data)
{
  RetryNote *note = data;

  _tokens_client_emit_retry_scheduled (note->client, note->seconds);
  return G_SOURCE_REMOVE;
}

/* A 429 or 503 met in the thread is said by the caller's client, on the
 * caller's thread, where the token list and the window hear it. */
static void
forward_retry_scheduled (TokensClient *thread_client,
                         guint         seconds,
                         ListAll      *all)
{
  RetryNote *note = g_new0 (RetryNote, 1);

  note->client = g_object_ref (all->client);
  note->seconds = seconds;
  g_main_context_invoke_full (all->main_context, G_PRIORITY_DEFAULT,
                              emit_retry_scheduled, note, retry_note_free);
}

static void
list_all_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ListAll *all = task_data;
  GMainContext *context = g_main_context_new ();
  TokensListFilter filter = list_all_filter (all);
  TokensClient *client;

  g_main_context_push_thread_default (context);
  client = dup_for_thread (all->client);
  g_signal_connect (client, "retry-scheduled", G_CALLBACK (forward_retry_scheduled), all);

  all->waiting = 2;
  tokens_client_ping_async (client, cancellable, on_worker_pinged, all);
  tokens_client_list_async (client, &filter, cancellable, on_worker_listed, all);
  while (all->waiting > 0)
    g_main_context_iteration (context, TRUE);

  g_object_unref (client);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);

  if (all->fresh != NULL && all->prepare != NULL &&
      !g_error_matches (all->ping_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER))
    all->prepare (all->fresh, all->product, all->prepare_data);

  g_task_return_boolean (task, TRUE);
}

/* Takes @task: what the list request (and /ping, if asked) brought. */
static void
list_all_return (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  ListAll *all = g_task_get_task_data (task);

  if (g_error_matches (all->ping_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER))
    g_task_return_error (task, g_steal_pointer (&all->ping_error));
  else if (all->fresh != NULL)
    g_task_return_pointer (task, g_steal_pointer (&all->fresh), (GDestroyNotify)g_ptr_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&all->list_error));
}

static void
on_worker_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TokensClient *self = TOKENS_CLIENT (object);
  ListAll *all = g_task_get_task_data (task);

  /* Any other trouble with /ping (a proxy that hides it, say) is for the
   * list request to meet and report. */
  if (all->pinged)
    {
      self->product = all->product;
      self->without_auth = all->without_auth;
    }

  list_all_return (task);
}

static void
prepare_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ListAll *all = task_data;

  all->prepare (all->fresh, all->product, all->prepare_data);
  g_task_return_pointer (task, g_steal_pointer (&all->fresh), (GDestroyNotify)g_ptr_array_unref);
}

static void
on_all_listed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  TokensClient *self = TOKENS_CLIENT (object);
  ListAll *all = g_task_get_task_data (task);

  all->fresh = tokens_client_list_finish (self, result, &all->list_error);
  if (all->fresh == NULL || all->prepare == NULL)
    {
      list_all_return (task);
      return;
    }

  /* Thousands of tokens take long enough to sort to drop frames. */
  all->product = self->product;
  g_task_run_in_thread (task, prepare_in_thread);
  g_object_unref (task);
}

/**
 * tokens_client_list_all_async:
 * @filter: (nullable): the server-side filters
 * @flags: %TOKENS_CLIENT_LIST_PING to learn which product the server is too
 * @prepare: (nullable) (scope async): run on the new list off the main
 *   thread, before it is returned; not run when the list failed
 * @prepare_data: for @prepare; it must live until @callback is called
 *
 * Lists every token the caller may read, as tokens_client_list_async()
 * does, and hands them to @prepare off the main thread. With
 * %TOKENS_CLIENT_LIST_PING, /ping is asked at the same time, all of it in
 * a worker thread; when it answered, tokens_client_get_product() says what
 * it found from the moment @callback is called.
 *
 * Cancelling does not make the operation fail by itself: what the requests
 * met is returned.
 */
void
tokens_client_list_all_async (TokensClient            *self,
                              const TokensListFilter  *filter,
                              TokensClientListFlags    flags,
                              TokensClientPrepareFunc  prepare,
                              gpointer                 prepare_data,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  GTask *task;
  ListAll *all;

  g_return_if_fail (TOKENS_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_client_list_all_async);
  /* The caller says what a cancelled list means (see above). */
  g_task_set_check_cancellable (task, FALSE);

  all = g_new0 (ListAll, 1);
  all->client = g_object_ref (self);
  all->main_context = g_main_context_ref_thread_default ();
  all->flags = flags;
  if (filter != NULL)
    {
      all->user_id = g_strdup (filter->user_id);
      all->user = g_strdup (filter->user);
      all->org_id = g_strdup (filter->org_id);
      all->org = g_strdup (filter->org);
      all->own_token = filter->own_token;
    }
  all->prepare = prepare;
  all->prepare_data = prepare_data;
  all->product = self->product;
  g_task_set_task_data (task, all, list_all_free);

  if (flags & TOKENS_CLIENT_LIST_PING)
    {
      /* The worker's own task, so that what it found is recorded here,
       * on the caller's thread, before the caller hears of it. */
      GTask *worker = g_task_new (self, cancellable, on_worker_done, task);

      g_task_set_check_cancellable (worker, FALSE);
      g_task_set_task_data (worker, all, NULL);
      g_task_run_in_thread (worker, list_all_in_thread);
      g_object_unref (worker);
    }
  else
    {
      TokensListFilter copy = list_all_filter (all);

      tokens_client_list_async (self, &copy, cancellable, on_all_listed, task);
    }
}

/**
 * tokens_client_list_all_finish:
 * @pinged: (out) (optional): whether /ping answered
 * @version: (out) (optional): the server's version, from /ping's
 *   X-Influxdb-Version, or %NULL
 *
 * @pinged and @version are set whether the list came or not: /ping may
 * have answered when the list failed. InfluxDB 3 is
 * %TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER whatever the list met.
 *
 * Returns: (transfer full) (element-type TokensToken): every token
 *   the caller may read, as @prepare left them
 */
GPtrArray *
tokens_client_list_all_finish (TokensClient  *self,
                               GAsyncResult  *result,
                               gboolean      *pinged,
                               char         **version,
                               GError       **error)
{
  ListAll *all;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_client_list_all_async,
                        NULL);

  all = g_task_get_task_data (G_TASK (result));
  if (pinged != NULL)
    *pinged = all->pinged;
  if (version != NULL)
    *version = all->pinged ? g_strdup (all->version) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A request about one authorization: its id is checked before any URL. */
static void
start_authorization_request (TokensClient        *self,
                             const char          *method,
                             const char          *id,
                             GBytes              *body,
                             ResponseKind         kind,
                             GCancellable        *cancellable,
                             gpointer             source_tag,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  GTask *task;

  if (!check_id (id, self, source_tag, callback, user_data))
    return;

  path = authorization_path (id);
  uri = build_uri (self, path, NULL);
  task = _tokens_client_request_new (self, method, uri, body, kind, TRUE,
                           cancellable, source_tag, callback, user_data);
  if (kind == RESPONSE_ONE)
    _tokens_client_request_set_expected_id (task, id);
  _tokens_client_request_send (task);
}

void
tokens_client_get_async (TokensClient        *self,
                         const char          *id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_CLIENT (self));

  start_authorization_request (self, SOUP_METHOD_GET, id, NULL, RESPONSE_ONE, cancellable,
                               tokens_client_get_async, callback, user_data);
}

/**
 * tokens_client_get_finish:
 *
 * Returns: (transfer full): the authorization
 */
TokensToken *
tokens_client_get_finish (TokensClient  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_client_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tokens_client_update_async:
 * @active: 1 to activate, 0 to deactivate, -1 to leave the status as it is
 * @description: (nullable): a new description, or %NULL to leave it as it is
 */
void
tokens_client_update_async (TokensClient        *self,
                            const char          *id,
                            int                  active,
                            const char          *description,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (TOKENS_IS_CLIENT (self));
  g_return_if_fail (active >= -1 && active <= 1);

  body = tokens_api_build_update_body (active, description);
  start_authorization_request (self, "PATCH", id, body, RESPONSE_ONE, cancellable,
                               tokens_client_update_async, callback, user_data);
}

/**
 * tokens_client_update_finish:
 *
 * Returns: (transfer full): the authorization as the server now has it
 */
TokensToken *
tokens_client_update_finish (TokensClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_client_update_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tokens_client_delete_async (TokensClient        *self,
                            const char          *id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (TOKENS_IS_CLIENT (self));

  start_authorization_request (self, SOUP_METHOD_DELETE, id, NULL, RESPONSE_NONE, cancellable,
                               tokens_client_delete_async, callback, user_data);
}

gboolean
tokens_client_delete_finish (TokensClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_client_delete_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * tokens_client_send_async:
 * @api: which API @path belongs to: how to sign the request in, and how to
 *   read the server's errors
 * @path: the path under the base URL, escaped
 * @query: (nullable): the query, escaped
 * @json_body: (nullable): a JSON body
 *
 * One request of a token API other than v2, under the same rules as every
 * request of this client: the token only to its own server, limits on the
 * answer's size and time, retries of a 429 or 503, errors as
 * %TOKENS_CLIENT_ERROR codes. The backends build requests with it and read
 * the answer with their readers.
 */
void
tokens_client_send_async (TokensClient          *self,
                          TokensApi              api,
                          const char            *method,
                          const char            *path,
                          const char            *query,
                          GBytes                *json_body,
                          TokensClientSendFlags  flags,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GUri) uri = NULL;
  GTask *task;

  g_return_if_fail (TOKENS_IS_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  uri = build_uri (self, path, query);
  task = _tokens_client_request_new (self, method, uri, json_body, RESPONSE_BYTES,
                                     !(flags & TOKENS_CLIENT_SEND_NO_TOKEN),
                                     cancellable, tokens_client_send_async, callback, user_data);
  _tokens_client_request_set_api (task, api, (flags & TOKENS_CLIENT_SEND_LIST) != 0);
  _tokens_client_request_send (task);
}

/**
 * tokens_client_send_finish:
 * @status: (out) (optional): the answer's HTTP status, a 2xx
 *
 * Returns: (transfer full): the answer's body, perhaps empty, or %NULL
 *   with @error set for any answer but a 2xx
 */
GBytes *
tokens_client_send_finish (TokensClient  *self,
                           GAsyncResult  *result,
                           guint         *status,
                           GError       **error)
{
  GTask *task = G_TASK (result);
  GBytes *body;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == tokens_client_send_async, NULL);

  body = g_task_propagate_pointer (task, error);
  if (status != NULL)
    *status = body != NULL ? soup_message_get_status (_tokens_client_request_get_message (task)) : 0;
  return body;
}
