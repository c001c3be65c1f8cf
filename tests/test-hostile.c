/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-api-json.h"
#include "tokens-client-private.h"
#include "tokens-demo-server-testing.h"
#include "tokens-hostile-server.h"
#include "tokens-test-utils.h"
#include "tokens-token-list.h"

#include <string.h>
#include <unistd.h>

/*
 * What a hostile or broken server can send, one scenario per finding of
 * docs/hostile-servers.md, over real HTTP on loopback: the process
 * survives, the error says what happened, memory stays near the limit, and
 * no token leaves the list unless the server confirmed it was deleted.
 */

#define DEEP 100000

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_FACTOR 2
#else
#define SANITIZER_FACTOR 1
#endif
#define MiB (1024 * 1024)

static const char two_tokens[] =
  "{\"links\":{\"self\":\"/api/v2/authorizations\"},\"authorizations\":["
  "{\"id\":\"0a00000000000001\",\"token\":\"\",\"status\":\"active\",\"description\":\"first\","
  "\"orgID\":\"0b00000000000001\",\"org\":\"acme\",\"userID\":\"0c00000000000001\",\"user\":\"ada\","
  "\"permissions\":[],\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-01T00:00:00Z\"},"
  "{\"id\":\"0a00000000000002\",\"token\":\"\",\"status\":\"active\",\"description\":\"second\","
  "\"orgID\":\"0b00000000000001\",\"org\":\"acme\",\"userID\":\"0c00000000000001\",\"user\":\"ada\","
  "\"permissions\":[],\"createdAt\":\"2025-01-02T00:00:00Z\",\"updatedAt\":\"2025-01-02T00:00:00Z\"}]}";

static const char not_found_body[] =
  "{\n\t\"code\": \"not found\",\n\t\"message\": \"authorization not found\"\n}";

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

static TokensClient *
client_for_url (const char *url)
{
  g_autoptr(GError) error = NULL;
  TokensClient *client = tokens_client_new (url, "hostile-test-token", NULL, &error);

  g_assert_no_error (error);
  return client;
}

static TokensClient *
client_for (TokensHostileServer *server)
{
  return client_for_url (tokens_hostile_server_get_url (server));
}

static TokensProduct
ping (TokensClient  *client,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_ping_async (client, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_ping_finish (client, result, NULL, error);
}

static GPtrArray *
list (TokensClient  *client,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_list_async (client, NULL, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_list_finish (client, result, error);
}

static TokensToken *
get_one (TokensClient  *client,
         const char    *id,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_get_async (client, id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_get_finish (client, result, error);
}

static TokensToken *
patch (TokensClient  *client,
       const char    *id,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_update_async (client, id, 0, NULL, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_update_finish (client, result, error);
}

static gboolean
client_delete (TokensClient  *client,
               const char    *id,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_client_delete_async (client, id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_client_delete_finish (client, result, error);
}

static void
set_limits (TokensClient *client,
            gsize         max_body,
            gsize         max_list_body,
            guint         deadline_ms)
{
  TokensClientLimits limits;

  _tokens_client_get_limits (client, &limits);
  if (max_body > 0)
    limits.max_body = max_body;
  if (max_list_body > 0)
    limits.max_list_body = max_list_body;
  if (deadline_ms > 0)
    limits.deadline_ms = limits.list_deadline_ms = deadline_ms;
  _tokens_client_set_limits (client, &limits);
}

static char *
nested (char  open,
        gsize depth)
{
  char *text = g_malloc (depth + 1);

  memset (text, open, depth);
  text[depth] = '\0';
  return text;
}

/* ---------------------------------------------------------------------- */
/* 1. Deeply nested JSON                                                  */

typedef struct
{
  GBytes *plain;
  GBytes *zipped;
} DeepBodies;

static gboolean
respond_deep (TokensHostileServer        *server,
              const TokensHostileRequest *request,
              GOutputStream              *out,
              gpointer                    user_data)
{
  DeepBodies *bodies = user_data;
  gsize plain_len, zipped_len;
  const char *plain = g_bytes_get_data (bodies->plain, &plain_len);
  const char *zipped = g_bytes_get_data (bodies->zipped, &zipped_len);

  /* The unauthenticated /ping, a 503 with a gzip body: 260 bytes on the wire. */
  if (g_str_has_prefix (request->path, "/ping"))
    return tokens_hostile_answer (out, "503 Service Unavailable",
                                  "Content-Type: application/json\r\nContent-Encoding: gzip\r\n",
                                  zipped, zipped_len);
  /* An error body, a single object and a PATCH answer, plain. */
  if (g_strcmp0 (request->method, "DELETE") == 0)
    return tokens_hostile_answer (out, "404 Not Found", "Content-Type: application/json\r\n",
                                  plain, plain_len);
  return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json\r\n",
                                plain, plain_len);
}

static void
deep_json (void)
{
  g_autofree char *deep = nested ('[', DEEP);
  DeepBodies bodies;
  TokensHostileServer *server;
  g_autoptr(TokensClient) client = NULL;

  bodies.plain = g_bytes_new (deep, DEEP);
  bodies.zipped = tokens_hostile_gzip (bodies.plain);
  g_test_message ("%d levels: %" G_GSIZE_FORMAT " bytes plain, %" G_GSIZE_FORMAT " gzip",
                  DEEP, g_bytes_get_size (bodies.plain), g_bytes_get_size (bodies.zipped));
  g_assert_cmpuint (g_bytes_get_size (bodies.zipped), <, 1024);

  server = tokens_hostile_server_new (0, respond_deep, &bodies);
  client = client_for (server);

  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (ping (client, &error), ==, TOKENS_PRODUCT_UNKNOWN);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAVAILABLE);
    g_assert_nonnull (strstr (error->message, "503"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (client_delete (client, "0a00000000000001", &error));
    /* Not InfluxDB's "not found": the token is not taken for deleted. */
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FAILED);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TokensToken) one = get_one (client, "0a00000000000001", &error);

    g_assert_null (one);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
    g_assert_nonnull (strstr (error->message, "nested too deeply"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TokensToken) one = patch (client, "0a00000000000001", &error);

    g_assert_null (one);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) tokens = list (client, &error);

    g_assert_null (tokens);
    g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
  }

  g_clear_object (&client);
  tokens_hostile_server_free (server);
  g_bytes_unref (bodies.plain);
  g_bytes_unref (bodies.zipped);
}

/* The limit is exact: TOKENS_API_MAX_DEPTH levels pass, one more does not,
 * and brackets inside strings do not count. */
static void
test_depth_limit_exact (void)
{
  g_autofree char *at_limit = nested ('[', TOKENS_API_MAX_DEPTH);
  g_autofree char *over = nested ('[', TOKENS_API_MAX_DEPTH + 1);
  g_autofree char *in_string = g_strconcat ("{\"a\":\"", over, "\"}", NULL);
  g_autofree char *escaped = g_strconcat ("{\"a\":\"\\\"", over, "\"}", NULL);

  g_assert_true (tokens_api_json_depth_is_within (at_limit, strlen (at_limit), TOKENS_API_MAX_DEPTH));
  g_assert_false (tokens_api_json_depth_is_within (over, strlen (over), TOKENS_API_MAX_DEPTH));
  g_assert_true (tokens_api_json_depth_is_within (in_string, strlen (in_string), TOKENS_API_MAX_DEPTH));
  g_assert_true (tokens_api_json_depth_is_within (escaped, strlen (escaped), TOKENS_API_MAX_DEPTH));
  /* Closing brings the depth back down. */
  {
    g_autoptr(GString) many = g_string_new (NULL);

    for (guint i = 0; i < 1000; i++)
      g_string_append (many, "[[]]");
    g_assert_true (tokens_api_json_depth_is_within (many->str, many->len, 2));
    g_assert_false (tokens_api_json_depth_is_within (many->str, many->len, 1));
  }
}

/* ---------------------------------------------------------------------- */
/* 2 and 8. Redirects                                                     */

typedef struct
{
  const char *status;
  const char *location;
} Redirect;

static gboolean
respond_redirect (TokensHostileServer        *server,
                  const TokensHostileRequest *request,
                  GOutputStream              *out,
                  gpointer                    user_data)
{
  const Redirect *redirect = user_data;
  g_autofree char *headers = g_strdup_printf ("Location: %s\r\n", redirect->location);

  return tokens_hostile_answer (out, redirect->status, headers, "", 0);
}

/* A Location with no host, another host name for this same machine, another
 * scheme, or a user name: refused, and nothing more is sent. On port 80, so
 * the base URL has no port, as for every https://host in Cloud. */
static void
redirect_no_host (void)
{
  const char *locations[] = {
    "http:x", "https:x", "http:", "http:/api/v2/authorizations", "http://",
    "http://localhost/api/v2/authorizations", "https://127.0.0.1/api/v2/authorizations",
    "http://user@127.0.0.1/api/v2/authorizations", "//localhost/api/v2/authorizations",
    "http://127.0.0.1:8086/api/v2/authorizations",
    /* The same host and port, another scheme. */
    "https://127.0.0.1:80/api/v2/authorizations",
  };

  for (guint i = 0; i < G_N_ELEMENTS (locations); i++)
    {
      Redirect redirect = { "307 Temporary Redirect", locations[i] };
      TokensHostileServer *server = tokens_hostile_server_new (80, respond_redirect, &redirect);
      g_autoptr(TokensClient) client = NULL;
      g_autoptr(GPtrArray) tokens = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (server);
      g_assert_cmpstr (tokens_hostile_server_get_url (server), ==, "http://127.0.0.1");
      client = client_for (server);
      tokens = list (client, &error);
      g_test_message ("Location: %s → %s", locations[i], error != NULL ? error->message : "followed");
      g_assert_null (tokens);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED);
      g_assert_cmpuint (tokens_hostile_server_get_n_requests (server), ==, 1);

      g_clear_object (&client);
      tokens_hostile_server_free (server);
    }
}

/*
 * These two run in a child process: what they guard against (json-glib's
 * recursion through 100,000 levels, a URI with no host inside libsoup) ends
 * the process, and that must show as this test failing, with the child's
 * output, not as the whole suite dying.
 */
static void
in_child (void (*body) (void))
{
  if (g_test_subprocess ())
    {
      body ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_deep_json (void)
{
  in_child (deep_json);
}

static void
test_redirect_no_host (void)
{
  if (geteuid () != 0)
    {
      g_test_skip ("Needs port 80 (run as root, as CI does)");
      return;
    }
  in_child (redirect_no_host);
}

/* A delete or a change is never repeated at another URL, whatever the status. */
static void
test_redirect_no_replay (void)
{
  const char *statuses[] = {
    "301 Moved Permanently", "302 Found", "303 See Other",
    "307 Temporary Redirect", "308 Permanent Redirect",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      Redirect redirect = { statuses[i], "/api/v2/authorizations/0a000000000000ff" };
      TokensHostileServer *server = tokens_hostile_server_new (0, respond_redirect, &redirect);
      g_autoptr(TokensClient) client = client_for (server);
      g_autoptr(TokensToken) patched = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) requests = NULL;

      g_assert_false (client_delete (client, "0a00000000000001", &error));
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED);
      g_assert_nonnull (strstr (error->message, "/api/v2/authorizations/0a000000000000ff"));
      g_clear_error (&error);

      patched = patch (client, "0a00000000000001", &error);
      g_assert_null (patched);
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED);

      requests = tokens_hostile_server_dup_requests (server);
      g_assert_cmpuint (g_strv_length (requests), ==, 2);
      g_assert_cmpstr (requests[0], ==, "DELETE /api/v2/authorizations/0a00000000000001");
      g_assert_cmpstr (requests[1], ==, "PATCH /api/v2/authorizations/0a00000000000001");

      g_clear_object (&client);
      tokens_hostile_server_free (server);
    }
}

/* ---------------------------------------------------------------------- */
/* 3. Answers that never end                                              */

typedef enum
{
  ENDLESS_CHUNKED,        /* Transfer-Encoding: chunked, for ever */
  ENDLESS_HTTP10,         /* HTTP/1.0, no length, until the connection closes */
  ENDLESS_GZIP_BOMB,      /* 256 MiB of zeros in 256 KB of gzip */
  ENDLESS_ANNOUNCED,      /* Content-Length: 4 GiB */
} Endless;

typedef struct
{
  Endless kind;
  GBytes *bomb;
  guint64 sent;
} EndlessData;

static gboolean
respond_endless (TokensHostileServer        *server,
                 const TokensHostileRequest *request,
                 GOutputStream              *out,
                 gpointer                    user_data)
{
  EndlessData *data = user_data;

  switch (data->kind)
    {
    case ENDLESS_CHUNKED:
      tokens_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n", -1);
      tokens_hostile_stream (server, out, ' ', 0, 64 * 1024, 0, TRUE);
      break;
    case ENDLESS_HTTP10:
      tokens_hostile_write (out, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n", -1);
      tokens_hostile_stream (server, out, ' ', 0, 64 * 1024, 0, FALSE);
      break;
    case ENDLESS_GZIP_BOMB:
      tokens_hostile_answer (out, "503 Service Unavailable",
                             "Content-Type: application/json\r\nContent-Encoding: gzip\r\n",
                             g_bytes_get_data (data->bomb, NULL), g_bytes_get_size (data->bomb));
      break;
    case ENDLESS_ANNOUNCED:
      tokens_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 4294967296\r\n\r\n", -1);
      tokens_hostile_stream (server, out, ' ', 4294967296, 64 * 1024, 0, FALSE);
      break;
    }
  return FALSE;
}

typedef enum
{
  ASK_PING,
  ASK_ONE,
  ASK_LIST,
} Ask;

static void
assert_too_large (Endless kind,
                  Ask     ask,
                  gsize   list_limit)
{
  EndlessData data = { kind, NULL, 0 };
  TokensHostileServer *server;
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GError) error = NULL;
  TokensClientLimits limits;
  guint64 peak;
  gsize limit;

  /* In a process of its own, so the peak is this scenario's alone. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  if (kind == ENDLESS_GZIP_BOMB)
    data.bomb = tokens_hostile_gzip_of ('[', 256 * (gsize)MiB);

  server = tokens_hostile_server_new (0, respond_endless, &data);
  client = client_for (server);
  if (list_limit > 0)
    set_limits (client, 0, list_limit, 0);
  _tokens_client_get_limits (client, &limits);
  limit = ask == ASK_LIST ? limits.max_list_body : limits.max_body;

  tokens_hostile_reset_peak_rss ();
  peak = tokens_hostile_peak_rss ();
  if (ask == ASK_PING)
    g_assert_cmpint (ping (client, &error), ==, TOKENS_PRODUCT_UNKNOWN);
  else if (ask == ASK_ONE)
    g_assert_null (get_one (client, "0a00000000000001", &error));
  else
    g_assert_null (list (client, &error));
  peak = tokens_hostile_peak_rss () - peak;

  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "The server sent more than"));
  g_printerr ("# %s: limit %" G_GSIZE_FORMAT " MiB, peak RSS grew by %.1f MiB\n",
              g_test_get_path (), limit / MiB, peak / (double)MiB);
  /* Near the limit: the buffer, at most twice it while it grows, and
   * libsoup's and the allocator's own. AddressSanitizer keeps every buffer
   * a realloc() left behind in its quarantine, resident: 64 KiB + 128 KiB
   * + … + the limit, about twice the limit more. */
  g_assert_cmpuint (peak, <, SANITIZER_FACTOR * 2 * limit + 48 * MiB);
  /* An announced length over the limit is refused before reading. */
  if (kind == ENDLESS_ANNOUNCED)
    g_assert_cmpuint (peak, <, 16 * MiB);

  g_clear_object (&client);
  tokens_hostile_server_free (server);
  g_clear_pointer (&data.bomb, g_bytes_unref);
}

static void
test_endless_chunked (void)
{
  assert_too_large (ENDLESS_CHUNKED, ASK_ONE, 0);
}

static void
test_endless_http10 (void)
{
  assert_too_large (ENDLESS_HTTP10, ASK_PING, 0);
}

static void
test_gzip_bomb (void)
{
  assert_too_large (ENDLESS_GZIP_BOMB, ASK_PING, 0);
}

static void
test_endless_list (void)
{
  assert_too_large (ENDLESS_CHUNKED, ASK_LIST, 16 * MiB);
}

/* The real limit of the list, 256 MiB, over loopback. */
static void
test_endless_list_default (void)
{
  assert_too_large (ENDLESS_CHUNKED, ASK_LIST, 0);
}

static void
test_announced_too_large (void)
{
  assert_too_large (ENDLESS_ANNOUNCED, ASK_LIST, 0);
}

/* The limits are what docs/hostile-servers.md says. */
static void
test_default_limits (void)
{
  g_autoptr(TokensClient) client = client_for_url ("http://127.0.0.1:8086");
  TokensClientLimits limits;

  _tokens_client_get_limits (client, &limits);
  g_assert_cmpuint (limits.max_body, ==, 16 * MiB);
  g_assert_cmpuint (limits.max_list_body, ==, 256 * MiB);
  g_assert_cmpuint (limits.deadline_ms, ==, 60 * 1000);
  g_assert_cmpuint (limits.list_deadline_ms, ==, 300 * 1000);
}

/* ---------------------------------------------------------------------- */
/* 9. Slowloris                                                           */

static gboolean
respond_slowly (TokensHostileServer        *server,
                const TokensHostileRequest *request,
                GOutputStream              *out,
                gpointer                    user_data)
{
  const char *where = user_data;

  if (g_strcmp0 (where, "head") == 0)
    {
      const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

      /* A byte of the head every 200 ms: never idle for the 30 s timeout. */
      for (guint i = 0; head[i] != '\0' && !tokens_hostile_server_is_stopping (server); i++)
        {
          if (!tokens_hostile_write (out, head + i, 1))
            return FALSE;
          g_usleep (200 * 1000);
        }
      tokens_hostile_stream (server, out, 'X', 0, 1, 200, FALSE);
    }
  else
    {
      tokens_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 100000\r\n\r\n", -1);
      tokens_hostile_stream (server, out, ' ', 100000, 1, 200, FALSE);
    }
  return FALSE;
}

static void
assert_too_slow (const char *where)
{
  TokensHostileServer *server = tokens_hostile_server_new (0, respond_slowly, (gpointer)where);
  g_autoptr(TokensClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  gint64 start;
  double seconds;

  set_limits (client, 0, 0, 1500);
  start = g_get_monotonic_time ();
  tokens = list (client, &error);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

  g_test_message ("slow %s: gave up after %.2f s (deadline 1.5 s)", where, seconds);
  g_assert_null (tokens);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_SLOW);
  g_assert_nonnull (strstr (error->message, "too slow"));
  g_assert_cmpfloat (seconds, >=, 1.4);
  g_assert_cmpfloat (seconds, <, 5.0);

  g_clear_object (&client);
  tokens_hostile_server_free (server);
}

static void
test_slow_body (void)
{
  assert_too_slow ("body");
}

static void
test_slow_head (void)
{
  assert_too_slow ("head");
}

/* Cancelling is still cancelling, not "too slow". */
static void
test_slow_cancelled (void)
{
  TokensHostileServer *server = tokens_hostile_server_new (0, respond_slowly, (gpointer)"body");
  g_autoptr(TokensClient) client = client_for (server);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  gint64 cancelled_at;

  set_limits (client, 0, 0, 8000);
  tokens_client_list_async (client, NULL, cancellable, tokens_test_store_result, &result);
  tokens_test_iterate (300);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  tokens_test_wait_result (&result);
  tokens = tokens_client_list_finish (client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* At once, not when the deadline comes. */
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 3 * G_USEC_PER_SEC);

  g_clear_object (&client);
  tokens_hostile_server_free (server);
}

/* ---------------------------------------------------------------------- */
/* 5. What a delete's answer means                                        */

typedef struct
{
  const char *status;
  const char *headers;
  const char *body;
  gboolean removed;
  gboolean already;
  int code;
} DeleteAnswer;

static gboolean
respond_delete (TokensHostileServer        *server,
                const TokensHostileRequest *request,
                GOutputStream              *out,
                gpointer                    user_data)
{
  const DeleteAnswer *answer = user_data;

  if (g_strcmp0 (request->method, "GET") == 0)
    return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json; charset=utf-8\r\n",
                                  two_tokens, -1);
  if (answer->body == NULL)
    return tokens_hostile_write_printf (out, "HTTP/1.1 %s\r\n%s\r\n", answer->status, answer->headers);
  return tokens_hostile_answer (out, answer->status, answer->headers, answer->body, -1);
}

static void
test_delete_answers (void)
{
  const DeleteAnswer answers[] = {
    { "204 No Content", "", NULL, TRUE, FALSE, 0 },
    { "404 Not Found", "Content-Type: application/json; charset=utf-8\r\n"
      "X-Platform-Error-Code: not found\r\n", not_found_body, TRUE, TRUE, 0 },
    { "404 Not Found", "Content-Type: text/html\r\n",
      "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1>"
      "</center><hr><center>nginx</center></body></html>", FALSE, FALSE, TOKENS_CLIENT_ERROR_FAILED },
    { "404 Not Found", "Content-Type: application/json\r\n",
      "{\"code\":\"invalid\",\"message\":\"no such route\"}", FALSE, FALSE, TOKENS_CLIENT_ERROR_FAILED },
    { "404 Not Found", "", "", FALSE, FALSE, TOKENS_CLIENT_ERROR_FAILED },
    { "200 OK", "Content-Type: text/html\r\n", "<html><body>Welcome to nginx!</body></html>",
      FALSE, FALSE, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "200 OK", "", "", FALSE, FALSE, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
    { "202 Accepted", "", "", FALSE, FALSE, TOKENS_CLIENT_ERROR_INVALID_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      TokensHostileServer *server = tokens_hostile_server_new (0, respond_delete, (gpointer)&answers[i]);
      g_autoptr(TokensClient) client = client_for (server);
      g_autoptr(TokensTokenList) token_list = tokens_token_list_new (client);
      g_autoptr(GError) error = NULL;
      gboolean already = FALSE;
      gboolean ok;

      g_assert_true (tokens_test_list_refresh (token_list, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (token_list)), ==, 2);

      ok = tokens_test_list_delete (token_list, "0a00000000000001", &already, &error);
      g_test_message ("%s → %s", answers[i].status, error != NULL ? error->message : "deleted");
      g_assert_cmpint (ok, ==, answers[i].removed);
      g_assert_cmpint (tokens_token_list_lookup (token_list, "0a00000000000001") == NULL, ==,
                       answers[i].removed);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (token_list)), ==,
                        answers[i].removed ? 1 : 2);
      if (answers[i].removed)
        {
          g_assert_no_error (error);
          g_assert_cmpint (already, ==, answers[i].already);
        }
      else
        g_assert_error (error, TOKENS_CLIENT_ERROR, answers[i].code);

      g_clear_object (&token_list);
      g_clear_object (&client);
      tokens_hostile_server_free (server);
    }
}

/* A single-token answer must be the token asked about. */
static gboolean
respond_other_token (TokensHostileServer        *server,
                     const TokensHostileRequest *request,
                     GOutputStream              *out,
                     gpointer                    user_data)
{
  const char *other =
    "{\"id\":\"0a000000000000ff\",\"token\":\"\",\"status\":\"inactive\",\"description\":\"x\","
    "\"orgID\":\"0b00000000000001\",\"userID\":\"0c00000000000001\",\"permissions\":[]}";

  return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json\r\n", other, -1);
}

static void
test_answer_for_another_token (void)
{
  TokensHostileServer *server = tokens_hostile_server_new (0, respond_other_token, NULL);
  g_autoptr(TokensClient) client = client_for (server);
  g_autoptr(TokensToken) one = NULL;
  g_autoptr(GError) error = NULL;

  one = patch (client, "0a00000000000001", &error);
  g_assert_null (one);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  one = get_one (client, "0a00000000000001", &error);
  g_assert_null (one);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE);

  g_clear_object (&client);
  tokens_hostile_server_free (server);
}

/* ---------------------------------------------------------------------- */
/* 4 and 10. Batches: every answer counted; gone is gone                  */

typedef struct
{
  TokensDemoServer *server;
  TokensClient *client;
  TokensTokenList *list;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  tokens_demo_server_generate (fixture->server, 12);
  fixture->client = tokens_client_new (tokens_demo_server_get_url (fixture->server),
                                       tokens_demo_server_get_token (fixture->server, "operator"),
                                       NULL, &error);
  g_assert_no_error (error);
  fixture->list = tokens_token_list_new (fixture->client);
  g_assert_true (tokens_test_list_refresh (fixture->list, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tokens_test_assert_finalize_soon (fixture->list);
  tokens_test_assert_finalize_soon (fixture->client);
  tokens_test_assert_finalize_soon (fixture->server);
}

static GStrv
generated_ids (Fixture *fixture,
               guint    n)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint found = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) && found < n; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (g_strcmp0 (tokens_token_get_user (a), "ci-bot") == 0)
        {
          g_strv_builder_add (builder, tokens_token_get_id (a));
          found++;
        }
    }
  g_assert_cmpuint (found, ==, n);
  return g_strv_builder_end (builder);
}

/* Stop while eight deletes are on their way: the server carries them out,
 * and the summary says so, and their rows go. */
static void
test_stop_counts_answers (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(GStrv) ids = generated_ids (fixture, 12);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TokensBulkResult) bulk = NULL;
  guint before = tokens_demo_server_get_n_requests (fixture->server);
  guint on_server = 0;

  tokens_demo_server_set_latency (fixture->server, 300);
  tokens_token_list_delete_many_async (fixture->list, (const char * const *)ids, 8, cancellable,
                                       tokens_test_store_result, &result);
  WAIT_UNTIL (tokens_demo_server_get_n_requests (fixture->server) == before + 8);
  g_cancellable_cancel (cancellable);
  tokens_test_wait_result (&result);
  bulk = tokens_token_list_delete_many_finish (fixture->list, result);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean there = tokens_demo_server_has_authorization (fixture->server, ids[i]);

      on_server += there;
      /* A row is there exactly when its token is. */
      g_assert_cmpint (tokens_token_list_lookup (fixture->list, ids[i]) != NULL, ==, there);
    }
  g_assert_true (bulk->cancelled);
  g_assert_cmpuint (on_server, ==, 4);
  g_assert_cmpuint (bulk->n_done, ==, 8);
  g_assert_cmpuint (bulk->n_not_attempted, ==, 4);
  g_assert_cmpuint (bulk->failed_ids->len, ==, 0);
}

/* A token deleted elsewhere, and gone from the list by a refresh before
 * its turn in the batch, is reported gone, not failed. */
static void
test_batch_gone_elsewhere (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) ids = generated_ids (fixture, 3);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TokensBulkResult) bulk = NULL;
  g_autoptr(GError) error = NULL;

  tokens_demo_server_remove_authorization (fixture->server, ids[2]);
  g_assert_true (tokens_test_list_refresh (fixture->list, &error));
  g_assert_null (tokens_token_list_lookup (fixture->list, ids[2]));

  tokens_token_list_delete_many_async (fixture->list, (const char * const *)ids, 1, NULL,
                                       tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  bulk = tokens_token_list_delete_many_finish (fixture->list, result);

  g_assert_cmpuint (bulk->failed_ids->len, ==, 0);
  g_assert_cmpuint (bulk->n_done, ==, 2);
  g_assert_cmpuint (bulk->n_already_gone, ==, 1);
}

/* The batch never has more requests out than it was asked to allow, and
 * reaches that bound. */
static void
test_batch_concurrency_bound (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(GStrv) ids = generated_ids (fixture, 12);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TokensBulkResult) bulk = NULL;

  tokens_demo_server_set_latency (fixture->server, 100);
  tokens_token_list_delete_many_async (fixture->list, (const char * const *)ids, 3, NULL,
                                       tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  bulk = tokens_token_list_delete_many_finish (fixture->list, result);

  g_assert_cmpuint (bulk->n_done, ==, 12);
  g_assert_cmpuint (tokens_demo_server_get_max_in_flight (fixture->server), ==, 3);
}

/* A 429 with Retry-After holds the whole batch: nothing is sent for any
 * token until it has passed. */
static void
test_batch_429_pauses_all (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) ids = generated_ids (fixture, 12);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TokensBulkResult) bulk = NULL;

  /* Slow enough that the batch would still be sending during the pause. */
  tokens_demo_server_set_latency (fixture->server, 100);
  tokens_client_set_max_retry_wait (fixture->client, 5);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 1);
  tokens_token_list_delete_many_async (fixture->list, (const char * const *)ids, 2, NULL,
                                       tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  bulk = tokens_token_list_delete_many_finish (fixture->list, result);

  g_assert_cmpuint (bulk->n_done, ==, 12);
  g_assert_cmpuint (bulk->failed_ids->len, ==, 0);
  g_assert_cmpuint (tokens_demo_server_get_n_requests_while_paused (fixture->server), ==, 0);
}

/* https → http on the same host and port is another origin: refused, and
 * the token never goes out in clear. Over real TLS, with a certificate for
 * 127.0.0.1 that this test alone trusts. */
static void
test_redirect_downgrade (void)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "data", "loopback-cert.pem", NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "data", "loopback-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) trusted = NULL;
  g_autoptr(TokensDemoServer) server = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GUri) uri = NULL;

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  trusted = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  tokens_demo_server_seed (server);
  tokens_demo_server_start_tls (server, certificate, &error);
  g_assert_no_error (error);

  session = soup_session_new_with_options ("tls-database", trusted, NULL);
  client = tokens_client_new (tokens_demo_server_get_url (server),
                              tokens_demo_server_get_token (server, "operator"), session, &error);
  g_assert_no_error (error);

  /* Trusted: the list comes over https. */
  tokens = list (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 11);
  g_clear_pointer (&tokens, g_ptr_array_unref);

  uri = g_uri_parse (tokens_demo_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  location = g_strdup_printf ("http://127.0.0.1:%d/api/v2/authorizations", g_uri_get_port (uri));
  tokens_demo_server_set_redirect (server, location, G_MAXUINT);
  tokens = list (client, &error);
  g_assert_null (tokens);
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (server), ==, 2);
}

static gboolean
respond_version (TokensHostileServer        *server,
                 const TokensHostileRequest *request,
                 GOutputStream              *out,
                 gpointer                    user_data)
{
  const char *version = user_data;
  g_autofree char *headers = g_strdup_printf ("X-Influxdb-Build: OSS\r\nX-Influxdb-Version: %s\r\n", version);
  static const char empty[] = "{\"authorizations\":[]}";

  if (g_str_has_prefix (request->path, "/ping"))
    return tokens_hostile_answer (out, "204 No Content", headers, "", 0);
  return tokens_hostile_answer (out, "200 OK", "Content-Type: application/json\r\n", empty, strlen (empty));
}

/* The window's subtitle names the product with the server's
 * X-Influxdb-Version: only a short run of version characters is shown. */
static void
test_version_header (void)
{
  struct { const char *header; const char *shown; } cases[] = {
    { "v2.7.11", "InfluxDB OSS 2.7.11" },
    { "2.8.0-rc1+build.5", "InfluxDB OSS 2.8.0-rc1+build.5" },
    { "<b>pwned</b>", "InfluxDB OSS" },
    { "2.7 \xe2\x80\xae", "InfluxDB OSS" },
    { "1234567890123456789012345678901234", "InfluxDB OSS" },
    { "", "InfluxDB OSS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TokensHostileServer *server = tokens_hostile_server_new (0, respond_version, (gpointer)cases[i].header);
      g_autoptr(TokensClient) client = client_for (server);
      g_autoptr(TokensTokenList) token_list = tokens_token_list_new (client);
      g_autoptr(GError) error = NULL;

      g_assert_true (tokens_test_list_refresh (token_list, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (tokens_token_list_get_product_name (token_list), ==, cases[i].shown);
      g_clear_object (&token_list);
      g_clear_object (&client);
      tokens_hostile_server_free (server);
    }
}

/* InfluxDB 1.x answers /ping as OSS 2.x does, its version says 1: the list
 * fails saying what to use instead, whatever /api/v2/authorizations met. */
static void
test_influxdb1 (void)
{
  const char *versions[] = { "1.8.10", "v1.11.7" };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      TokensHostileServer *server = tokens_hostile_server_new (0, respond_version, (gpointer)versions[i]);
      g_autoptr(TokensClient) client = client_for (server);
      g_autoptr(TokensTokenList) token_list = tokens_token_list_new (client);
      g_autoptr(GError) error = NULL;

      g_assert_false (tokens_test_list_refresh (token_list, &error));
      g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER);
      g_assert_nonnull (strstr (error->message, "InfluxDB 1.x"));
      g_assert_cmpint (tokens_token_list_get_state (token_list), ==, TOKENS_TOKEN_LIST_STATE_FAILED);
      g_clear_object (&token_list);
      g_clear_object (&client);
      tokens_hostile_server_free (server);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/hostile/deep-json", test_deep_json);
  g_test_add_func ("/tokens/hostile/version-header", test_version_header);
  g_test_add_func ("/tokens/hostile/influxdb1", test_influxdb1);
  g_test_add_func ("/tokens/hostile/depth-limit-exact", test_depth_limit_exact);
  g_test_add_func ("/tokens/hostile/redirect-no-host", test_redirect_no_host);
  g_test_add_func ("/tokens/hostile/redirect-no-replay", test_redirect_no_replay);
  g_test_add_func ("/tokens/hostile/redirect-downgrade", test_redirect_downgrade);
  g_test_add_func ("/tokens/hostile/endless-chunked", test_endless_chunked);
  g_test_add_func ("/tokens/hostile/endless-http10", test_endless_http10);
  g_test_add_func ("/tokens/hostile/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/tokens/hostile/endless-list", test_endless_list);
  g_test_add_func ("/tokens/hostile/endless-list-default", test_endless_list_default);
  g_test_add_func ("/tokens/hostile/announced-too-large", test_announced_too_large);
  g_test_add_func ("/tokens/hostile/default-limits", test_default_limits);
  g_test_add_func ("/tokens/hostile/slow-body", test_slow_body);
  g_test_add_func ("/tokens/hostile/slow-head", test_slow_head);
  g_test_add_func ("/tokens/hostile/slow-cancelled", test_slow_cancelled);
  g_test_add_func ("/tokens/hostile/delete-answers", test_delete_answers);
  g_test_add_func ("/tokens/hostile/answer-for-another-token", test_answer_for_another_token);
  g_test_add ("/tokens/hostile/stop-counts-answers", Fixture, NULL,
              fixture_set_up, test_stop_counts_answers, fixture_tear_down);
  g_test_add ("/tokens/hostile/batch-gone-elsewhere", Fixture, NULL,
              fixture_set_up, test_batch_gone_elsewhere, fixture_tear_down);

  g_test_add ("/tokens/hostile/batch-concurrency-bound", Fixture, NULL,
              fixture_set_up, test_batch_concurrency_bound, fixture_tear_down);
  g_test_add ("/tokens/hostile/batch-429-pauses-all", Fixture, NULL,
              fixture_set_up, test_batch_429_pauses_all, fixture_tear_down);

  return g_test_run ();
}
