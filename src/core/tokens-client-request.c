/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-client"

#include "config.h"

#include "tokens-client-private.h"
#include "tokens-api-json.h"
#include "tokens-error-body-reader.h"
#include "tokens-token-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * One request of a TokensClient, from its first attempt to its answer:
 * the token only for the client's own origin, redirects within it (and
 * never for a delete or a change), Retry-After honoured up to the client's
 * max-retry-wait, a deadline for every attempt, a limit on every body, and
 * the answer turned into what the caller asked for or a TOKENS_CLIENT_ERROR.
 * The endpoints in tokens-client.c say what to ask; this says how.
 */

#define MAX_ATTEMPTS 4
#define MAX_REDIRECTS 5
#define HTTP_TOO_MANY_REQUESTS 429 /* libsoup 3.2 has no name for it */

typedef struct
{
  char *method;
  GUri *uri;
  GBytes *body;
  ResponseKind kind;
  TokensApi api;
  gboolean large;         /* the list's limit and deadline */
  char *expected_id;      /* RESPONSE_ONE: the id the answer must have */
  gboolean authenticated;
  guint attempts;
  guint redirects;
  SoupMessage *message;
  GBytes *response;
  GSource *wait_source;
  GSource *cancel_source;

  /* One attempt: cancelled by the caller's cancellable or by its deadline. */
  GCancellable *attempt_cancellable;
  gulong attempt_handler;
  GSource *deadline_source;
  gboolean deadline_passed;
} Request;

static void
end_attempt (GTask   *task,
             Request *request)
{
  if (request->attempt_handler != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), request->attempt_handler);
      request->attempt_handler = 0;
    }
  if (request->deadline_source != NULL)
    {
      g_source_destroy (request->deadline_source);
      g_clear_pointer (&request->deadline_source, g_source_unref);
    }
  g_clear_object (&request->attempt_cancellable);
}

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->expected_id);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->message);
  g_clear_pointer (&request->response, g_bytes_unref);
  if (request->deadline_source != NULL)
    {
      g_source_destroy (request->deadline_source);
      g_source_unref (request->deadline_source);
    }
  g_clear_object (&request->attempt_cancellable);
  if (request->wait_source != NULL)
    {
      g_source_destroy (request->wait_source);
      g_source_unref (request->wait_source);
    }
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_source_unref (request->cancel_source);
    }
  g_free (request);
}

static int
port_of (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/*
 * Whether @target is on the same server as @base: scheme, host and port.
 * A target with no host ("http:x") or with a user name is on no server the
 * token belongs to.
 */
static gboolean
same_origin (GUri *target,
             GUri *base)
{
  const char *scheme = g_uri_get_scheme (target);
  const char *host = g_uri_get_host (target);

  return scheme != NULL && host != NULL && host[0] != '\0' &&
         g_uri_get_userinfo (target) == NULL &&
         g_ascii_strcasecmp (scheme, g_uri_get_scheme (base)) == 0 &&
         g_ascii_strcasecmp (host, g_uri_get_host (base)) == 0 &&
         port_of (target) == port_of (base);
}

/* A redirect's target in words, short enough for a dialog. */
static char *
describe_location (GUri *target)
{
  g_autofree char *text = g_uri_to_string_partial (target, G_URI_HIDE_USERINFO |
                                                           G_URI_HIDE_QUERY |
                                                           G_URI_HIDE_FRAGMENT);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  if (g_utf8_strlen (valid, -1) > 120)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, 120);

      return g_strconcat ("“", cut, "…”", NULL);
    }
  return g_strconcat ("“", valid, "”", NULL);
}

/*
 * A request's task: its source is @self, its tag @source_tag. Start it with
 * _tokens_client_request_send().
 */
GTask *
_tokens_client_request_new (TokensClient        *self,
                            const char          *method,
                            GUri                *uri,
                            GBytes              *body,
                            ResponseKind         kind,
                            gboolean             authenticated,
                            GCancellable        *cancellable,
                            gpointer             source_tag,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_return_on_cancel (task, FALSE);

  request->method = g_strdup (method);
  request->uri = g_uri_ref (uri);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->kind = kind;
  request->api = TOKENS_API_V2;
  request->large = kind == RESPONSE_LIST;
  request->authenticated = authenticated;
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  return task;
}

static guint
parse_retry_after (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  guint64 seconds = 0;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (value == NULL)
    return 0;

  g_strstrip ((char *)value);
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return MAX (seconds, 1);

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  seconds = MAX (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 1);

  return (guint)MIN (seconds, G_MAXUINT);
}

/* InfluxDB 3 puts a cluster-uuid header on every answer, 401s included
 * (docs/influxdb3-api.md); only /ping, asked with a token, names the build. */
static gboolean
has_cluster_uuid (SoupMessage *message)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (message),
                                       "cluster-uuid") != NULL;
}

static gboolean
is_influxdb3 (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *build = soup_message_headers_get_one (headers, "X-Influxdb-Build");

  return (build != NULL &&
          (g_ascii_strcasecmp (build, "Core") == 0 ||
           g_ascii_strcasecmp (build, "Enterprise") == 0)) ||
         has_cluster_uuid (message);
}

/* Cloud Dedicated's management API, .../api/v0/accounts/{id}/clusters/{id}:
 * neither /ping nor /api/v2/authorizations is there. */
static gboolean
is_management_api (SoupMessage *message)
{
  const char *path = g_uri_get_path (soup_message_get_uri (message));
  const char *accounts = path != NULL ? strstr (path, "/api/v0/accounts/") : NULL;

  return accounts != NULL && strstr (accounts, "/clusters/") != NULL;
}

static GError *
unsupported_server_error (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *build = soup_message_headers_get_one (headers, "X-Influxdb-Build");
  const char *version = soup_message_headers_get_one (headers, "X-Influxdb-Version");
  g_autofree char *edition = NULL;

  if (is_management_api (message))
    return g_error_new_literal (TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER,
                                _("This address is the management API of InfluxDB Cloud "
                                  "Dedicated or Clustered, which keeps database tokens "
                                  "(/tokens), not v2 authorizations."));

  /* Without a build (a 401 to a token it does not know), the edition is
   * not known. */
  if (build == NULL || !(g_ascii_strcasecmp (build, "Core") == 0 ||
                         g_ascii_strcasecmp (build, "Enterprise") == 0))
    return g_error_new_literal (TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER,
                                _("This server is InfluxDB 3. It keeps its tokens elsewhere "
                                  "(/api/v3/configure/token), not as v2 authorizations."));

  edition = version != NULL ? g_strdup_printf ("%s %s", build, version) : g_strdup (build);
  return g_error_new (TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER,
                      /* Translators: %s is "Core" or "Enterprise", and the version when
                       * the server gave it, e.g. "Core 3.11.1" */
                      _("This server is InfluxDB 3 %s. It keeps its tokens elsewhere "
                        "(/api/v3/configure/token), not as v2 authorizations."),
                      edition);
}

static TokensClientError
code_for_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
    case SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE:
      return TOKENS_CLIENT_ERROR_INVALID;
    case SOUP_STATUS_UNAUTHORIZED:
      return TOKENS_CLIENT_ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
      return TOKENS_CLIENT_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      return TOKENS_CLIENT_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return TOKENS_CLIENT_ERROR_CONFLICT;
    case HTTP_TOO_MANY_REQUESTS:
      return TOKENS_CLIENT_ERROR_RATE_LIMITED;
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return TOKENS_CLIENT_ERROR_UNAVAILABLE;
    case SOUP_STATUS_NOT_IMPLEMENTED:
      return TOKENS_CLIENT_ERROR_NOT_IMPLEMENTED;
    case SOUP_STATUS_METHOD_NOT_ALLOWED:
      return TOKENS_CLIENT_ERROR_NOT_ALLOWED;
    default:
      return status >= 500 ? TOKENS_CLIENT_ERROR_SERVER_ERROR : TOKENS_CLIENT_ERROR_FAILED;
    }
}

/*
 * InfluxDB 3 writes its errors as plain text, or as {"error": …} before
 * routing; the management API as {"code": 404, "message": …}. "Not found"
 * means gone only in the server's own words, as for v2; 405 is the one
 * status InfluxDB 3 gives two meanings (docs/influxdb3-api.md).
 */
static TokensClientError
read_other_api_error (TokensApi          api,
                      TokensClientError  code,
                      guint              status,
                      GBytes            *body,
                      char             **server_message)
{
  gboolean own_words = tokens_error_body_reader_read_text (body, api == TOKENS_API_MANAGEMENT,
                                                           server_message);

  if (code == TOKENS_CLIENT_ERROR_NOT_FOUND)
    {
      gboolean gone = own_words &&
                      (api == TOKENS_API_MANAGEMENT ||
                       g_str_has_prefix (*server_message, "the requested resource was not found"));

      if (!gone)
        {
          g_autofree char *what = *server_message != NULL
                                  ? g_strdup (*server_message)
                                  : g_strdup_printf (_("The server answered %u %s"), status,
                                                     soup_status_get_phrase (status));

          g_free (*server_message);
          /* Translators: %s is what the server said, e.g. "The server answered 404 Not Found" */
          *server_message = g_strdup_printf (_("%s, but not as InfluxDB does: it is not known "
                                               "whether the token still exists. Is the address "
                                               "right?"), what);
          return TOKENS_CLIENT_ERROR_FAILED;
        }
    }

  if (code == TOKENS_CLIENT_ERROR_NOT_ALLOWED && own_words &&
      g_str_has_prefix (*server_message, "endpoint disabled"))
    code = TOKENS_CLIENT_ERROR_AUTH_DISABLED;

  if (*server_message == NULL)
    *server_message =
      /* Translators: an HTTP status and its phrase, e.g. "The server answered 502 Bad Gateway" */
      g_strdup_printf (_("The server answered %u %s"), status, soup_status_get_phrase (status));

  return code;
}

static GError *
error_from_response (SoupMessage *message,
                     GBytes      *body,
                     TokensApi    api)
{
  guint status = soup_message_get_status (message);
  g_autofree char *server_code = NULL;
  g_autofree char *server_message = NULL;
  g_autofree char *text = NULL;
  TokensClientError code;
  guint retry_after;

  if (api == TOKENS_API_V2 && (is_influxdb3 (message) || is_management_api (message)))
    return unsupported_server_error (message);

  code = code_for_status (status);

  if (api != TOKENS_API_V2)
    code = read_other_api_error (api, code, status, body, &server_message);
  else if (!tokens_api_parse_error_body (body, &server_code, &server_message))
    {
      const char *reason = soup_message_get_reason_phrase (message);

      if (reason == NULL || reason[0] == '\0')
        reason = soup_status_get_phrase (status);
      server_message =
        /* Translators: an HTTP status and its phrase, e.g. "The server answered 502 Bad Gateway" */
        g_strdup_printf (_("The server answered %u %s"), status, reason != NULL ? reason : "");
    }

  /* "Not found" means gone only when InfluxDB itself says so: a proxy's
   * 404 page says nothing about the token. */
  if (api == TOKENS_API_V2 && code == TOKENS_CLIENT_ERROR_NOT_ALLOWED)
    code = TOKENS_CLIENT_ERROR_FAILED;

  if (api == TOKENS_API_V2 && code == TOKENS_CLIENT_ERROR_NOT_FOUND &&
      g_strcmp0 (server_code, "not found") != 0)
    {
      g_autofree char *what = g_steal_pointer (&server_message);

      code = TOKENS_CLIENT_ERROR_FAILED;
      if (server_code == NULL)
        /* Translators: %s is what the server said, e.g. "The server answered 404 Not Found" */
        server_message = g_strdup_printf (_("%s, but not as InfluxDB does: it is not known "
                                            "whether the token still exists. Is the address "
                                            "right?"), what);
      else
        /* Translators: %s is the server's own message */
        server_message = g_strdup_printf (_("The server answered 404 Not Found (“%s”), but not "
                                            "as InfluxDB does: it is not known whether the "
                                            "token still exists. Is the address right?"), what);
    }

  /* InfluxDB's own word for a token that exists but is switched off: the
   * only 401 that says which (any permission check of an inactive token
   * fails with it; a list only leaves its tokens out). */
  if (code == TOKENS_CLIENT_ERROR_UNAUTHORIZED && g_strcmp0 (server_code, "unauthorized") == 0 &&
      g_strcmp0 (server_message, "token is inactive") == 0)
    code = TOKENS_CLIENT_ERROR_TOKEN_INACTIVE;

  retry_after = parse_retry_after (message);
  if ((code == TOKENS_CLIENT_ERROR_RATE_LIMITED || code == TOKENS_CLIENT_ERROR_UNAVAILABLE) &&
      retry_after > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is the server's message */
                                         "%s (try again in %u second)",
                                         "%s (try again in %u seconds)",
                                         retry_after),
                            server_message, retry_after);
  else
    text = g_steal_pointer (&server_message);

  return g_error_new_literal (TOKENS_CLIENT_ERROR, code, text);
}

static void
parse_list_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  GPtrArray *list;

  list = tokens_api_parse_authorization_list (request->response, &error);
  /* The body is not needed any more: give its memory back now. */
  g_clear_pointer (&request->response, g_bytes_unref);
  if (list == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < list->len; i++)
    _tokens_token_prepare_search (g_ptr_array_index (list, i));
  g_task_return_pointer (task, list, (GDestroyNotify)g_ptr_array_unref);
}

/* InfluxDB 1.x answers /ping as 2.x does, with a version that says 1. */
static gboolean
is_influxdb1 (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *version = soup_message_headers_get_one (headers, "X-Influxdb-Version");

  if (version != NULL && version[0] == 'v')
    version++;
  return version != NULL && version[0] == '1' && version[1] == '.';
}

/* InfluxDB 3 Cloud is Enterprise run by InfluxData, on its own hosts. */
static gboolean
is_cloud3_host (GUri *uri)
{
  const char *host = g_uri_get_host (uri);

  return host != NULL && g_str_has_suffix (host, ".enterprise.influxdb.io");
}

static void
return_success (GTask *task)
{
  TokensClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  switch (request->kind)
    {
    case RESPONSE_NONE:
      /* A delete is done when the server says 204, as every InfluxDB does.
       * A 200 or 202 may be a proxy's page, or "accepted, maybe later". */
      if (soup_message_get_status (request->message) == SOUP_STATUS_NO_CONTENT)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE,
                                 /* Translators: %u %s is an HTTP status, e.g. 200 OK */
                                 _("The server answered %u %s, not 204 No Content as InfluxDB "
                                   "does, so it is not known whether it was carried out."),
                                 soup_message_get_status (request->message),
                                 soup_status_get_phrase (soup_message_get_status (request->message)));
      break;

    case RESPONSE_ONE:
      {
        TokensToken *authorization =
          tokens_api_parse_authorization (request->response, &error);

        if (authorization == NULL)
          g_task_return_error (task, error);
        else if (request->expected_id != NULL &&
                 g_ascii_strcasecmp (tokens_token_get_id (authorization),
                                     request->expected_id) != 0)
          {
            g_object_unref (authorization);
            g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE,
                                     _("The server sent a response this app cannot read: %s"),
                                     _("it describes another token than the one asked about"));
          }
        else
          g_task_return_pointer (task, authorization, g_object_unref);
      }
      break;

    case RESPONSE_LIST:
      /* Thousands of tokens take long enough to parse to drop frames. */
      g_task_run_in_thread (task, parse_list_in_thread);
      break;

    case RESPONSE_PING:
      {
        SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
        const char *build = soup_message_headers_get_one (headers, "X-Influxdb-Build");

        if (is_influxdb3 (request->message))
          {
            /* Answered without a token: started with --without-auth. */
            if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)) &&
                !request->authenticated)
              self->without_auth = TRUE;

            if (build != NULL && g_ascii_strcasecmp (build, "Core") == 0)
              g_task_return_int (task, TOKENS_PRODUCT_CORE);
            else if (build != NULL && g_ascii_strcasecmp (build, "Enterprise") == 0)
              g_task_return_int (task, is_cloud3_host (request->uri) ? TOKENS_PRODUCT_CLOUD3
                                                                     : TOKENS_PRODUCT_ENTERPRISE);
            else
              g_task_return_int (task, TOKENS_PRODUCT_INFLUXDB3);
          }
        else if (is_influxdb1 (request->message))
          g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER,
                                   _("This server is InfluxDB 1.x, which has users with passwords "
                                     "instead of API tokens. Manage them with the influx shell’s "
                                     "SHOW USERS, CREATE USER and DROP USER, or upgrade to "
                                     "InfluxDB 2 or 3."));
        else if (build != NULL && g_ascii_strcasecmp (build, "OSS") == 0)
          g_task_return_int (task, TOKENS_PRODUCT_OSS);
        else if (build != NULL && g_ascii_strcasecmp (build, "Cloud") == 0)
          g_task_return_int (task, TOKENS_PRODUCT_CLOUD);
        else
          g_task_return_int (task, TOKENS_PRODUCT_UNKNOWN);
      }
      break;

    case RESPONSE_BYTES:
      g_task_return_pointer (task, request->response != NULL ? g_steal_pointer (&request->response)
                                                             : g_bytes_new (NULL, 0),
                             (GDestroyNotify)g_bytes_unref);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
on_retry_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->wait_source, g_source_unref);
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_clear_pointer (&request->cancel_source, g_source_unref);
    }

  /* send_request() takes a reference; the source drops its own. */
  _tokens_client_request_send (g_object_ref (task));

  return G_SOURCE_REMOVE;
}

static gboolean
on_retry_wait_cancelled (GCancellable *cancellable,
                         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->cancel_source, g_source_unref);
  if (request->wait_source != NULL)
    {
      g_source_destroy (request->wait_source);
      g_clear_pointer (&request->wait_source, g_source_unref);
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The operation was cancelled"));

  return G_SOURCE_REMOVE;
}

static void
wait_then_resend (GTask *task,
                  guint  seconds)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GMainContext *context = g_task_get_context (task);

  /* Not g_timeout_source_new_seconds(): it may fire early, and Retry-After
   * means "not before". */
  request->wait_source = g_timeout_source_new ((guint)MIN ((guint64)seconds * 1000, G_MAXUINT));
  g_source_set_callback (request->wait_source, on_retry_wait_done,
                         g_object_ref (task), g_object_unref);
  g_source_attach (request->wait_source, context);

  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source, (GSourceFunc)(GCallback)on_retry_wait_cancelled,
                             g_object_ref (task), g_object_unref);
      g_source_attach (request->cancel_source, context);
    }
}

/* Takes @task's reference and @body. */
static void
process_response (GTask  *task_in,
                  GBytes *body_in)
{
  g_autoptr(GTask) task = task_in;
  g_autoptr(GBytes) body = body_in;
  TokensClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint status;

  status = soup_message_get_status (request->message);

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autoptr(GUri) target = NULL;
      g_autofree char *shown = NULL;

      if (location != NULL)
        target = g_uri_parse_relative (request->uri, location, G_URI_FLAGS_ENCODED, NULL);

      if (target == NULL)
        {
          g_task_return_error (task, error_from_response (request->message, body, request->api));
          return;
        }

      shown = describe_location (target);

      /* The token is for this server alone: never follow it elsewhere. */
      if (!same_origin (target, self->base_uri))
        {
          g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED,
                                   _("The server redirected to %s. Influx Tokens does not "
                                     "follow redirects to another address, so the token is "
                                     "not sent there. Check the server address."),
                                   shown);
          return;
        }

      /* A delete or a change is carried out where it was asked for, or not
       * at all: whatever the status, it is never repeated at another path,
       * where it could act on something else. */
      if (g_strcmp0 (request->method, SOUP_METHOD_GET) != 0)
        {
          g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED,
                                   /* Translators: %u is an HTTP status, %s an address */
                                   _("The server did not carry out the request: it answered "
                                     "%u and tried to send it to %s instead. Influx Tokens "
                                     "never repeats a delete or a change at another address."),
                                   status, shown);
          return;
        }

      if (++request->redirects > MAX_REDIRECTS)
        {
          g_task_return_new_error (task, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FAILED,
                                   _("The server redirected too many times"));
          return;
        }

      g_clear_pointer (&request->uri, g_uri_unref);
      request->uri = g_steal_pointer (&target);
      _tokens_client_request_send (g_steal_pointer (&task));
      return;
    }

  if (status == HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      guint retry_after = parse_retry_after (request->message);

      if (retry_after > 0 && retry_after <= self->max_retry_wait &&
          request->attempts < MAX_ATTEMPTS)
        {
          g_debug ("%s %s: %u, retrying in %u s", request->method,
                   g_uri_get_path (request->uri), status, retry_after);
          _tokens_client_emit_retry_scheduled (self, retry_after);
          wait_then_resend (task, retry_after);
          return;
        }
    }

  /* InfluxDB 3 answers /ping only to a token: a 401 with a cluster-uuid
   * header says no more than "InfluxDB 3". Asked once more with the token
   * (which goes to this same server with the list anyway), /ping says
   * which edition and version it is. */
  if (request->kind == RESPONSE_PING && !request->authenticated &&
      status == SOUP_STATUS_UNAUTHORIZED && has_cluster_uuid (request->message))
    {
      request->authenticated = TRUE;
      _tokens_client_request_send (g_steal_pointer (&task));
      return;
    }

  /* Asked with a token it refuses, InfluxDB 3 says no more than that it is
   * InfluxDB 3: the list will say the token was refused. */
  if (request->kind == RESPONSE_PING && request->authenticated &&
      status == SOUP_STATUS_UNAUTHORIZED && has_cluster_uuid (request->message))
    {
      g_task_return_int (task, TOKENS_PRODUCT_INFLUXDB3);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_debug ("%s %s: %u", request->method, g_uri_get_path (request->uri), status);
      g_task_return_error (task, error_from_response (request->message, body, request->api));
      return;
    }

  request->response = g_steal_pointer (&body);
  return_success (task);
}

/*
 * Every answer is read here, a chunk at a time, from the stream libsoup
 * hands over after its content decoder: so what is counted is what a gzip
 * body expands to, and no answer can hold more than its limit in memory.
 * A token list can be 86 MB; it is read into one buffer the size the server
 * announced, so the main thread never copies tens of megabytes as a
 * doubling buffer would.
 */
#define READ_CHUNK (1024 * 1024)

typedef struct
{
  GTask *task;
  GInputStream *stream;
  char *buffer;
  gsize size;
  gsize filled;
  gsize limit;
} BodyReader;

static void read_next_chunk (BodyReader *reader);

static GError *
too_large_error (gsize limit)
{
  g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_DEFAULT);

  return g_error_new (TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_LARGE,
                      /* Translators: %s is a size such as "1.0 MB" */
                      _("The server sent more than %s in one answer, more than any InfluxDB "
                        "sends. Influx Tokens stopped reading it; nothing was changed."),
                      size);
}

/* What a failed attempt means: the deadline passing is not a cancellation. */
static void
return_attempt_error (GTask  *task,
                      GError *error)
{
  TokensClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  gboolean deadline_passed = request->deadline_passed;
  guint deadline_ms = request->large ? self->limits.list_deadline_ms
                                                     : self->limits.deadline_ms;

  end_attempt (task, request);

  if (deadline_passed && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      guint seconds = MAX ((deadline_ms + 999) / 1000, 1);

      g_error_free (error);
      error = g_error_new (TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_SLOW,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The server is too slow: its answer was not complete "
                                        "after %u second. Try again later.",
                                        "The server is too slow: its answer was not complete "
                                        "after %u seconds. Try again later.",
                                        seconds),
                           seconds);
    }
  g_task_return_error (task, error);
}

static void
body_reader_free (BodyReader *reader)
{
  g_clear_object (&reader->stream);
  g_free (reader->buffer);
  g_free (reader);
}

static void
on_chunk_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BodyReader *reader = user_data;
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      return_attempt_error (reader->task, error);
      g_object_unref (reader->task);
    }
  else if (n == 0)
    {
      Request *request = g_task_get_task_data (reader->task);
      GBytes *body = g_bytes_new_take (g_steal_pointer (&reader->buffer), reader->filled);

      end_attempt (reader->task, request);
      process_response (reader->task, body);
    }
  else if (reader->filled + n > reader->limit)
    {
      Request *request = g_task_get_task_data (reader->task);

      /* Stop the transfer: the connection is closed, not drained. */
      g_cancellable_cancel (request->attempt_cancellable);
      end_attempt (reader->task, request);
      g_task_return_error (reader->task, too_large_error (reader->limit));
      g_object_unref (reader->task);
    }
  else
    {
      reader->filled += n;
      read_next_chunk (reader);
      return;
    }

  body_reader_free (reader);
}

static void
read_next_chunk (BodyReader *reader)
{
  Request *request = g_task_get_task_data (reader->task);

  if (reader->filled == reader->size)
    {
      /* Longer than announced, or not announced: grow, to one byte past
       * the limit at most, which is enough to see it was passed. */
      reader->size = MIN (MAX (reader->size * 2, 64 * 1024), reader->limit + 1);
      reader->buffer = g_realloc (reader->buffer, reader->size);
    }

  g_input_stream_read_async (reader->stream, reader->buffer + reader->filled,
                             MIN (reader->size - reader->filled, READ_CHUNK),
                             G_PRIORITY_DEFAULT, request->attempt_cancellable,
                             on_chunk_read, reader);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  TokensClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  GInputStream *stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  goffset length;
  BodyReader *reader;

  if (stream == NULL)
    {
      return_attempt_error (task, error);
      g_object_unref (task);
      return;
    }

  reader = g_new0 (BodyReader, 1);
  reader->task = task;
  reader->stream = stream;
  reader->limit = request->large ? self->limits.max_list_body
                                                 : self->limits.max_body;

  /* Content-Length counts the bytes on the wire, before decompression:
   * it may say more than the limit allows, but never less than is read. */
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (length > 0 && (guint64)length > reader->limit &&
      soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                    "Content-Encoding") == NULL)
    {
      g_cancellable_cancel (request->attempt_cancellable);
      end_attempt (task, request);
      g_task_return_error (task, too_large_error (reader->limit));
      g_object_unref (task);
      body_reader_free (reader);
      return;
    }

  /* One more byte than announced, so the end is seen without growing. */
  reader->size = length > 0 && (guint64)length <= reader->limit ? (gsize)length + 1
                                                                 : MIN (64 * 1024, reader->limit + 1);
  reader->buffer = g_malloc (reader->size);
  read_next_chunk (reader);
}

static void
on_deadline_cancel (GCancellable *cancellable,
                    gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
on_deadline (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_passed = TRUE;
  g_clear_pointer (&request->deadline_source, g_source_unref);
  g_cancellable_cancel (request->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

/* Takes ownership of @task's reference until the response arrives. */
void
_tokens_client_request_send (GTask *task)
{
  TokensClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *headers;

  request->attempts++;

  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (request->method, request->uri);
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "User-Agent", USER_AGENT);
  soup_message_headers_replace (headers, "Accept", "application/json");

  /* The origin was checked when the request was made and again on every
   * redirect, so the token goes only to the server it belongs to. */
  if (request->authenticated)
    {
      /* v2 wants "Token"; InfluxDB 3 takes either; the management API
       * only "Bearer". */
      g_autofree char *value = g_strconcat (request->api == TOKENS_API_V2 ? "Token " : "Bearer ",
                                            self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
      memset (value, 0, strlen (value));
    }

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message,
                                              "application/json",
                                              request->body);

  /* The session's timeout counts idle time only: a server sending a byte
   * a second would hold the request for ever. The deadline counts it all. */
  request->deadline_passed = FALSE;
  request->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    request->attempt_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_deadline_cancel),
                                                      g_object_ref (request->attempt_cancellable),
                                                      g_object_unref);
  request->deadline_source =
    g_timeout_source_new (request->large ? self->limits.list_deadline_ms
                                                         : self->limits.deadline_ms);
  g_source_set_callback (request->deadline_source, on_deadline, request, NULL);
  g_source_attach (request->deadline_source, g_task_get_context (task));

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->attempt_cancellable, on_sent, task);
}

/* A request of another API than v2 (set before it is sent): its errors
 * are read as that API writes them, and its answer returned as it came. */
void
_tokens_client_request_set_api (GTask     *task,
                                TokensApi  api,
                                gboolean   large)
{
  Request *request = g_task_get_task_data (task);

  request->api = api;
  request->large = large;
}

void
_tokens_client_request_set_expected_id (GTask      *task,
                                        const char *id)
{
  Request *request = g_task_get_task_data (task);

  g_free (request->expected_id);
  request->expected_id = g_strdup (id);
}

/* Returns: (transfer none): the message of the request's last attempt */
SoupMessage *
_tokens_client_request_get_message (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  return request->message;
}
