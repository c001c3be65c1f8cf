/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tokens-test-utils.h"

#include <string.h>

void
tokens_test_store_result (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("Timed out waiting for an asynchronous result");
  return G_SOURCE_REMOVE;
}

void
tokens_test_wait_result (GAsyncResult **result)
{
  guint id = g_timeout_add_seconds (30, on_timeout, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

void
tokens_test_wait_until (gboolean *flag,
                        guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!*flag && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

void
tokens_test_iterate (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Whether every test must run, none skip (build-aux/dev test says so). */
gboolean
tokens_test_require_all (void)
{
  return g_getenv ("INFLUX_TOKENS_REQUIRE_ALL") != NULL;
}

/* Skips the running test, saying @why; where every test must run, fails it. */
void
tokens_test_skip (const char *why)
{
  if (tokens_test_require_all ())
    g_test_fail_printf ("%s, and INFLUX_TOKENS_REQUIRE_ALL is set: every test must run", why);
  else
    g_test_skip (why);
}

static void
on_raw_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

TokensTestResponse *
tokens_test_raw_request (const char *method,
                         const char *url,
                         const char *authorization,
                         const char *body)
{
  return tokens_test_raw_request_full (method, url, authorization, "application/json", body);
}

/* A request body of @content_type, for the servers that check it. */
TokensTestResponse *
tokens_test_raw_request_full (const char *method,
                              const char *url,
                              const char *authorization,
                              const char *content_type,
                              const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  TokensTestResponse *response;
  gsize len;
  const char *data;

  g_assert_nonnull (message);
  headers = soup_message_get_request_headers (message);
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, content_type, request_body);
    }

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_raw_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  bytes = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (message);
  data = g_bytes_get_data (bytes, &len);

  response = g_new0 (TokensTestResponse, 1);
  response->status = soup_message_get_status (message);
  response->body = g_strndup (data != NULL ? data : "", len);
  response->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  response->error_code = g_strdup (soup_message_headers_get_one (headers, "X-Platform-Error-Code"));
  response->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  response->headers = soup_message_headers_ref (headers);

  return response;
}

void
tokens_test_response_free (TokensTestResponse *response)
{
  g_free (response->body);
  g_free (response->content_type);
  g_free (response->error_code);
  g_free (response->retry_after);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

/*
 * Drops the caller's reference and waits, up to two seconds, for the last
 * one to go: a cancelled request lets go of its task only when libsoup has
 * wound it down on the main context.
 */
void
tokens_test_assert_finalize_soon (gpointer object)
{
  gpointer weak = object;
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);

  while (weak != NULL && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  if (weak != NULL)
    g_error ("%s %p still has %u references", G_OBJECT_TYPE_NAME (weak), weak,
             G_OBJECT (weak)->ref_count);
}

TokensDemoServer *
tokens_test_demo_server_new (TokensDemoMode mode)
{
  TokensDemoServer *server = tokens_demo_server_new (mode);
  g_autoptr(GError) error = NULL;

  tokens_demo_server_seed (server);
  if (!tokens_demo_server_start (server, 0, &error))
    g_error ("The fake server did not start: %s", error->message);
  return server;
}

TokensClient *
tokens_test_client_new (const char *url,
                        const char *token)
{
  g_autoptr(GError) error = NULL;
  TokensClient *client = tokens_client_new (url, token, NULL, &error);

  g_assert_no_error (error);
  return client;
}

gboolean
tokens_test_list_refresh (TokensTokenList  *list,
                          GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_refresh_async (list, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_token_list_refresh_finish (list, result, error);
}

gboolean
tokens_test_list_delete (TokensTokenList  *list,
                         const char       *id,
                         gboolean         *already,
                         GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_delete_async (list, id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_token_list_delete_finish (list, result, already, error);
}

GPtrArray *
tokens_test_backend_list (TokensBackend  *backend,
                          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_backend_list_async (backend, NULL, NULL, NULL, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_backend_list_finish (backend, result, error);
}

gboolean
tokens_test_backend_delete (TokensBackend  *backend,
                            TokensToken    *token,
                            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_backend_delete_async (backend, token, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_backend_delete_finish (backend, result, error);
}
