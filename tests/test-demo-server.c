/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-test-utils.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * The fake server over one raw HTTP/1.1 connection, the way clients that
 * reuse connections (Go's http.Client, Node's agent, Telegraf) talk to
 * InfluxDB: every answer, a 204 included, leaves the connection open for the
 * next request. The fake server runs on the main context; the socket I/O
 * runs in a thread, since synchronous I/O against a SoupServer on its own
 * thread deadlocks.
 *
 * Then, through libsoup as a client would send them, what a new token can
 * be granted (buckets, users, resource types) and the create itself: one
 * test per row of docs/influxdb-v2-api.md's behaviour table from row 19,
 * each marked "Row N".
 */

typedef struct
{
  const char *name;       /* says which step failed; never the request */
  char *request;          /* holds a token: never printed */
  guint expected_status;
} Step;

typedef struct
{
  guint status;
  gboolean connection_close;   /* a Connection: close header */
  gboolean content_length;     /* a Content-Length header */
  gboolean chunked;            /* a Transfer-Encoding header */
  gboolean closed_after;       /* the server closed the connection after it */
  char *body;
} Answer;

typedef struct
{
  char *url;
  GPtrArray *steps;       /* of Step */
} Conversation;

static void
step_free (Step *step)
{
  g_free (step->request);
  g_free (step);
}

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_free (answer);
}

static void
conversation_free (Conversation *conversation)
{
  g_free (conversation->url);
  g_ptr_array_unref (conversation->steps);
  g_free (conversation);
}

static char *
read_line (GDataInputStream  *input,
           GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  char *line = g_data_input_stream_read_line (input, NULL, NULL, &local_error);

  if (line == NULL && local_error == NULL)
    local_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                       "The connection closed before the answer");
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return line;
}

/* Reads one answer: status line, headers and, as they declare, the body. */
static Answer *
read_answer (GDataInputStream  *input,
             GError           **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *status_line = NULL;
  Answer *answer;
  gint64 length = -1;
  gboolean eof_body = FALSE;

  status_line = read_line (input, error);
  if (status_line == NULL)
    return NULL;
  if (!g_str_has_prefix (status_line, "HTTP/1.1 ") || strlen (status_line) < 12)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Not an HTTP/1.1 status line: %s", status_line);
      return NULL;
    }

  answer = g_new0 (Answer, 1);
  answer->status = g_ascii_strtoull (status_line + strlen ("HTTP/1.1 "), NULL, 10);

  for (;;)
    {
      g_autofree char *line = read_line (input, error);
      char *colon;
      g_autofree char *name = NULL;
      const char *value;

      if (line == NULL)
        {
          answer_free (answer);
          return NULL;
        }
      if (*line == '\0')
        break;

      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      name = g_ascii_strdown (line, colon - line);
      value = colon + 1;
      while (*value == ' ')
        value++;

      if (g_str_equal (name, "connection") && strstr (value, "close") != NULL)
        answer->connection_close = TRUE;
      else if (g_str_equal (name, "content-length"))
        {
          answer->content_length = TRUE;
          length = g_ascii_strtoll (value, NULL, 10);
        }
      else if (g_str_equal (name, "transfer-encoding"))
        answer->chunked = TRUE;
    }

  /* What RFC 9112 section 6.3 says delimits a response body. */
  if (answer->status == 204 || answer->status == 304 || answer->status / 100 == 1)
    length = 0;
  else if (answer->chunked)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The fake server sent a chunked answer with status %u", answer->status);
      answer_free (answer);
      return NULL;
    }
  else if (length < 0)
    eof_body = TRUE;

  if (eof_body)
    {
      char buffer[4096];
      gssize n;

      while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, sizeof buffer,
                                       NULL, error)) > 0)
        g_string_append_len (body, buffer, n);
      if (n < 0)
        {
          answer_free (answer);
          return NULL;
        }
      answer->closed_after = TRUE;
    }
  else if (length > 0)
    {
      gsize n_read = 0;

      g_string_set_size (body, length);
      if (!g_input_stream_read_all (G_INPUT_STREAM (input), body->str, length, &n_read,
                                    NULL, error))
        {
          answer_free (answer);
          return NULL;
        }
      g_string_set_size (body, n_read);
    }

  answer->body = g_strdup (body->str);
  return answer;
}

/*
 * With the whole answer read and no request outstanding, nothing should
 * arrive. The server is on the same machine: were it to close the
 * connection, the end of the stream would be there well within the wait.
 */
static gboolean
server_closed (GSocket          *socket,
               GDataInputStream *input)
{
  if (g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (input)) > 0)
    return TRUE;

  /* Readable with nothing asked: the end of the stream, a reset, or bytes
   * that belong to no answer. Each one breaks the next request. */
  return g_socket_condition_timed_wait (socket, G_IO_IN, 300 * 1000, NULL, NULL);
}

static void
talk_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Conversation *conversation = task_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify)answer_free);
  GOutputStream *output;
  GSocket *socket;
  GError *error = NULL;

  connection = g_socket_client_connect_to_uri (client, conversation->url, 80, NULL, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  socket = g_socket_connection_get_socket (connection);
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (input, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  for (guint i = 0; i < conversation->steps->len; i++)
    {
      Step *step = g_ptr_array_index (conversation->steps, i);
      Answer *answer;

      if (!g_output_stream_write_all (output, step->request, strlen (step->request), NULL,
                                      NULL, &error))
        break;
      answer = read_answer (input, &error);
      if (answer == NULL)
        break;
      g_ptr_array_add (answers, answer);
      if (!answer->closed_after)
        answer->closed_after = server_closed (socket, input);
      if (answer->closed_after)
        break;
    }

  /* What went wrong on the wire is for the caller to name, step by step. */
  g_clear_error (&error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_task_return_pointer (task, g_steal_pointer (&answers), (GDestroyNotify)g_ptr_array_unref);
}

static void
add_step (GPtrArray  *steps,
          const char *name,
          guint       expected_status,
          const char *format,
          ...) G_GNUC_PRINTF (4, 5);

static void
add_step (GPtrArray  *steps,
          const char *name,
          guint       expected_status,
          const char *format,
          ...)
{
  Step *step = g_new0 (Step, 1);
  va_list args;

  va_start (args, format);
  step->request = g_strdup_vprintf (format, args);
  va_end (args);
  step->name = name;
  step->expected_status = expected_status;
  g_ptr_array_add (steps, step);
}

/* Every answer, whatever its status, leaves the one connection open. */
static void
test_keep_alive (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(GUri) uri = g_uri_parse (tokens_demo_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  const char *token = tokens_demo_server_get_token (server, "operator");
  /* Copies: the server frees a token's id with the token. */
  g_autofree char *telegraf = g_strdup (tokens_demo_server_get_id (server, "telegraf"));
  g_autofree char *grafana = g_strdup (tokens_demo_server_get_id (server, "grafana"));
  Conversation *conversation = g_new0 (Conversation, 1);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  const char *list = "/api/v2/authorizations";

  conversation->url = g_strdup (tokens_demo_server_get_url (server));
  conversation->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)step_free);
  steps = g_ptr_array_ref (conversation->steps);

  add_step (steps, "the DELETE of a token", 204,
            "DELETE %s/%s HTTP/1.1\r\nHost: %s\r\nAuthorization: Token %s\r\n\r\n",
            list, telegraf, host, token);
  add_step (steps, "the list after the DELETE", 200,
            "GET %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Token %s\r\n\r\n", list, host, token);
  add_step (steps, "GET /ping", 204, "GET /ping HTTP/1.1\r\nHost: %s\r\n\r\n", host);
  add_step (steps, "the second DELETE of the same token (404)", 404,
            "DELETE %s/%s HTTP/1.1\r\nHost: %s\r\nAuthorization: Token %s\r\n\r\n",
            list, telegraf, host, token);
  add_step (steps, "a list without a token (401)", 401,
            "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", list, host);
  add_step (steps, "a path outside the API (404)", 404,
            "GET /nowhere HTTP/1.1\r\nHost: %s\r\n\r\n", host);
  add_step (steps, "a PATCH whose body is not JSON (500)", 500,
            "PATCH %s/%s HTTP/1.1\r\nHost: %s\r\nAuthorization: Token %s\r\n"
            "Content-Type: application/json\r\nContent-Length: 8\r\n\r\nnot json",
            list, grafana, host, token);
  add_step (steps, "a DELETE with an id of the wrong length (400)", 400,
            "DELETE %s/abc HTTP/1.1\r\nHost: %s\r\nAuthorization: Token %s\r\n\r\n",
            list, host, token);
  add_step (steps, "GET /ping at the end", 204, "GET /ping HTTP/1.1\r\nHost: %s\r\n\r\n", host);

  task = g_task_new (NULL, NULL, tokens_test_store_result, &result);
  g_task_set_task_data (task, conversation, (GDestroyNotify)conversation_free);
  g_task_run_in_thread (task, talk_in_thread);
  tokens_test_wait_result (&result);
  answers = g_task_propagate_pointer (G_TASK (result), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < steps->len; i++)
    {
      Step *step = g_ptr_array_index (steps, i);
      Answer *answer;

      g_test_message ("Step %u: %s", i + 1, step->name);
      /* Fewer answers than steps: the connection broke before this one. */
      g_assert_cmpuint (i, <, answers->len);
      answer = g_ptr_array_index (answers, i);
      g_assert_cmpuint (answer->status, ==, step->expected_status);
      g_assert_false (answer->connection_close);
      g_assert_false (answer->closed_after);
      if (answer->status == 204)
        {
          /* RFC 9110 section 8.6 and RFC 9112 section 6.1. */
          g_assert_false (answer->content_length);
          g_assert_false (answer->chunked);
          g_assert_cmpstr (answer->body, ==, "");
        }
      else
        g_assert_true (answer->content_length);
    }

  /* The DELETE really happened, and the list on the same connection says so. */
  g_assert_false (tokens_demo_server_has_authorization (server, telegraf));
  g_assert_nonnull (strstr (((Answer *)answers->pdata[1])->body, "\"authorizations\""));
  g_assert_null (strstr (((Answer *)answers->pdata[1])->body, telegraf));
  g_assert_nonnull (strstr (((Answer *)answers->pdata[1])->body, grafana));
}

/* A client that asks for the connection to close gets that, after its answer. */
static void
test_client_asks_close (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  Conversation *conversation = g_new0 (Conversation, 1);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;
  Answer *answer;

  conversation->url = g_strdup (tokens_demo_server_get_url (server));
  conversation->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)step_free);
  add_step (conversation->steps, "GET /ping with Connection: close", 204,
            "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  add_step (conversation->steps, "GET /ping after the close", 204,
            "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

  task = g_task_new (NULL, NULL, tokens_test_store_result, &result);
  g_task_set_task_data (task, conversation, (GDestroyNotify)conversation_free);
  g_task_run_in_thread (task, talk_in_thread);
  tokens_test_wait_result (&result);
  answers = g_task_propagate_pointer (G_TASK (result), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (answers->len, ==, 1);
  answer = g_ptr_array_index (answers, 0);
  g_assert_cmpuint (answer->status, ==, 204);
  g_assert_true (answer->closed_after);
}

/* A request body nested deeper than any decoder allows is refused, and the
 * server lives on: json-glib alone would overflow the stack. */
static void
test_deep_request_body (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  const char *token = tokens_demo_server_get_token (server, "operator");
  const char *grafana = tokens_demo_server_get_id (server, "grafana");
  Conversation *conversation = g_new0 (Conversation, 1);
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;

  conversation->url = g_strdup (tokens_demo_server_get_url (server));
  conversation->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)step_free);
  add_step (conversation->steps, "a PATCH nested 100,000 levels deep", 500,
            "PATCH /api/v2/authorizations/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Authorization: Token %s\r\nContent-Type: application/json\r\n"
            "Content-Length: %zu\r\n\r\n%s",
            grafana, token, strlen (deep), deep);
  add_step (conversation->steps, "GET /ping after it", 204,
            "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

  task = g_task_new (NULL, NULL, tokens_test_store_result, &result);
  g_task_set_task_data (task, conversation, (GDestroyNotify)conversation_free);
  g_task_run_in_thread (task, talk_in_thread);
  tokens_test_wait_result (&result);
  answers = g_task_propagate_pointer (G_TASK (result), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (answers->len, ==, 2);
  g_assert_cmpuint (((Answer *)answers->pdata[0])->status, ==, 500);
  g_assert_nonnull (strstr (((Answer *)answers->pdata[0])->body, "exceeded max depth"));
  g_assert_cmpuint (((Answer *)answers->pdata[1])->status, ==, 204);
  g_assert_false (((Answer *)answers->pdata[1])->closed_after);
  g_assert_true (tokens_demo_server_get_active (server, grafana));
}

/* ---------------------------------------------------------------------- */
/* What a new token can be granted, and the create itself, over libsoup:  */
/* rows 19 on of docs/influxdb-v2-api.md's behaviour table.               */

static TokensTestResponse *
call (TokensDemoServer *server,
      const char       *method,
      const char       *path,
      const char       *key,
      const char       *body)
{
  g_autofree char *url = g_strconcat (tokens_demo_server_get_url (server), path, NULL);
  const char *token = key != NULL ? tokens_demo_server_get_token (server, key) : NULL;
  g_autofree char *authorization = token != NULL ? g_strconcat ("Token ", token, NULL) : NULL;

  return tokens_test_raw_request (method, url, authorization, body);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* An InfluxDB error: the status, the code in the body and the header, the message. */
static void
assert_error (TokensTestResponse *reply,
              guint               status,
              const char         *code,
              const char         *message)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (reply->error_code, ==, code);
  node = parse (reply->body);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  if (message != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, message);
}

/* The answer's "buckets", after checking it is a 200 of the right shape. */
static JsonNode *
buckets_of (TokensTestResponse *reply)
{
  JsonNode *node;
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (reply->content_type, ==, "application/json; charset=utf-8");
  node = parse (reply->body);
  object = json_node_get_object (node);
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (object, "links"),
                                                   "self"));
  g_assert_nonnull (json_object_get_array_member (object, "buckets"));
  return node;
}

static JsonArray *
bucket_array (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "buckets");
}

static const char *
link_of (JsonNode   *node,
         const char *name)
{
  JsonObject *links = json_object_get_object_member (json_node_get_object (node), "links");

  return json_object_has_member (links, name) ? json_object_get_string_member (links, name)
                                              : NULL;
}

static char *
bucket_names (JsonNode *node)
{
  JsonArray *array = bucket_array (node);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (array, i),
                                                           "name"));
  return g_string_free (names, FALSE);
}

static JsonObject *
find_bucket (JsonNode   *node,
             const char *id)
{
  JsonArray *array = bucket_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *bucket = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (bucket, "id"), id))
        return bucket;
    }
  return NULL;
}

/* Row 19: the operator sees every bucket, in ascending id order, each org
 * with its two system buckets; every bucket a seeded token's permission
 * names is listed, with that id, name and org. */
static void
test_buckets (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensTestResponse) reply = call (server, "GET", "/api/v2/buckets", "operator", NULL);
  g_autoptr(TokensTestResponse) tokens = call (server, "GET", "/api/v2/authorizations",
                                               "operator", NULL);
  g_autoptr(JsonNode) node = buckets_of (reply);
  g_autoptr(JsonNode) listed = parse (tokens->body);
  JsonArray *array = bucket_array (node);
  JsonArray *auths = json_object_get_array_member (json_node_get_object (listed),
                                                   "authorizations");
  const char *orgs[] = { tokens_demo_server_get_org_id (server, "operator"),
                         tokens_demo_server_get_org_id (server, "grace-all-access") };
  guint n_resolved = 0;

  g_assert_cmpuint (json_array_get_length (array), >=, 8);
  g_assert_null (link_of (node, "next"));
  g_assert_cmpstr (link_of (node, "self"), ==, "/api/v2/buckets?descending=false&limit=20&offset=0");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *bucket = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (bucket, "id");
      const char *type = json_object_get_string_member (bucket, "type");
      JsonArray *rules = json_object_get_array_member (bucket, "retentionRules");
      g_autofree char *self_link = g_strconcat ("/api/v2/buckets/", id, NULL);

      g_assert_cmpuint (strlen (id), ==, 16);
      g_assert_cmpuint (strlen (json_object_get_string_member (bucket, "orgID")), ==, 16);
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array,
                                                                                       i - 1),
                                                        "id"), <, id);
      g_assert_true (g_str_equal (type, "user") || g_str_equal (type, "system"));
      g_assert_cmpint (g_str_has_prefix (json_object_get_string_member (bucket, "name"), "_"), ==,
                       g_str_equal (type, "system"));
      g_assert_cmpuint (json_array_get_length (rules), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rules, 0),
                                                      "type"), ==, "expire");
      g_assert_true (json_object_has_member (json_array_get_object_element (rules, 0),
                                             "everySeconds"));
      g_autoptr(GDateTime) created = NULL;
      g_autoptr(GDateTime) updated = NULL;

      created = g_date_time_new_from_iso8601 (json_object_get_string_member (bucket, "createdAt"),
                                              NULL);
      updated = g_date_time_new_from_iso8601 (json_object_get_string_member (bucket, "updatedAt"),
                                              NULL);
      g_assert_nonnull (created);
      g_assert_nonnull (updated);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (bucket,
                                                                                     "links"),
                                                      "self"), ==, self_link);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bucket, "labels")),
                        ==, 0);
    }

  /* Each organization has _monitoring and _tasks. */
  for (guint o = 0; o < G_N_ELEMENTS (orgs); o++)
    {
      guint n_system = 0;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *bucket = json_array_get_object_element (array, i);
          const char *name = json_object_get_string_member (bucket, "name");

          if (g_str_equal (json_object_get_string_member (bucket, "orgID"), orgs[o]) &&
              g_str_equal (json_object_get_string_member (bucket, "type"), "system"))
            {
              g_assert_true (g_str_equal (name, "_monitoring") || g_str_equal (name, "_tasks"));
              n_system++;
            }
        }
      g_assert_cmpuint (n_system, ==, 2);
    }

  for (guint i = 0; i < json_array_get_length (auths); i++)
    {
      JsonArray *permissions =
        json_object_get_array_member (json_array_get_object_element (auths, i), "permissions");

      for (guint j = 0; j < json_array_get_length (permissions); j++)
        {
          JsonObject *resource =
            json_object_get_object_member (json_array_get_object_element (permissions, j),
                                           "resource");
          JsonObject *bucket;

          if (!g_str_equal (json_object_get_string_member (resource, "type"), "buckets") ||
              !json_object_has_member (resource, "id"))
            continue;
          bucket = find_bucket (node, json_object_get_string_member (resource, "id"));
          g_assert_nonnull (bucket);
          g_assert_cmpstr (json_object_get_string_member (bucket, "name"), ==,
                           json_object_get_string_member (resource, "name"));
          g_assert_cmpstr (json_object_get_string_member (bucket, "orgID"), ==,
                           json_object_get_string_member (resource, "orgID"));
          n_resolved++;
        }
    }
  /* telegraf, ci-metrics, sensors twice, home twice */
  g_assert_cmpuint (n_resolved, >=, 6);
}

/* Row 20: one organization's buckets, in name order, and the links OSS writes. */
static void
test_buckets_in_org (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  const char *org = tokens_demo_server_get_org_id (server, "operator");
  g_autofree char *upper = g_ascii_strup (org, -1);
  g_autofree char *path = g_strconcat ("/api/v2/buckets?orgID=", upper, NULL);
  g_autofree char *self_link =
    g_strconcat ("/api/v2/buckets?descending=false&limit=20&offset=0&orgID=", org, NULL);
  g_autoptr(TokensTestResponse) reply = call (server, "GET", path, "operator", NULL);
  g_autoptr(JsonNode) node = buckets_of (reply);
  g_autofree char *names = bucket_names (node);
  JsonArray *array = bucket_array (node);

  g_assert_cmpstr (names, ==, "_monitoring,_tasks,ci-metrics,home,sensors,telegraf,weather");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i),
                                                    "orgID"), ==, org);
  g_assert_cmpstr (link_of (node, "self"), ==, self_link);
  g_assert_null (link_of (node, "next"));
  g_assert_null (link_of (node, "prev"));
}

/* Row 21: pages: limit, offset, next and prev links, after. */
static void
test_buckets_pages (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  const char *org = tokens_demo_server_get_org_id (server, "operator");
  g_autofree char *first_path = g_strconcat ("/api/v2/buckets?orgID=", org, "&limit=3", NULL);
  g_autoptr(TokensTestResponse) first = call (server, "GET", first_path, "operator", NULL);
  g_autoptr(JsonNode) first_node = buckets_of (first);
  g_autofree char *next_link =
    g_strconcat ("/api/v2/buckets?descending=false&limit=3&offset=3&orgID=", org, NULL);
  g_autoptr(TokensTestResponse) second = NULL;
  g_autoptr(JsonNode) second_node = NULL;
  g_autoptr(TokensTestResponse) last = NULL;
  g_autoptr(JsonNode) last_node = NULL;
  g_autoptr(TokensTestResponse) all = call (server, "GET", "/api/v2/buckets", "operator", NULL);
  g_autoptr(JsonNode) all_node = buckets_of (all);
  JsonArray *everything = bucket_array (all_node);
  const char *third_id =
    json_object_get_string_member (json_array_get_object_element (everything, 2), "id");
  g_autofree char *after_path = g_strconcat ("/api/v2/buckets?after=", third_id, NULL);
  g_autoptr(TokensTestResponse) after = call (server, "GET", after_path, "operator", NULL);
  g_autoptr(JsonNode) after_node = buckets_of (after);
  g_autofree char *names = NULL;

  names = bucket_names (first_node);
  g_assert_cmpstr (names, ==, "_monitoring,_tasks,ci-metrics");
  g_assert_cmpstr (link_of (first_node, "next"), ==, next_link);
  g_assert_null (link_of (first_node, "prev"));

  second = call (server, "GET", link_of (first_node, "next"), "operator", NULL);
  second_node = buckets_of (second);
  g_clear_pointer (&names, g_free);
  names = bucket_names (second_node);
  g_assert_cmpstr (names, ==, "home,sensors,telegraf");
  g_assert_nonnull (link_of (second_node, "prev"));
  g_assert_nonnull (link_of (second_node, "next"));

  last = call (server, "GET", link_of (second_node, "next"), "operator", NULL);
  last_node = buckets_of (last);
  g_clear_pointer (&names, g_free);
  names = bucket_names (last_node);
  g_assert_cmpstr (names, ==, "weather");
  /* A page that is not full is the last: no next. */
  g_assert_null (link_of (last_node, "next"));

  /* after: the ids above it. */
  g_assert_cmpuint (json_array_get_length (bucket_array (after_node)), ==,
                    json_array_get_length (everything) - 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     bucket_array (after_node), 0), "id"), ==,
                   json_object_get_string_member (json_array_get_object_element (everything, 3),
                                                  "id"));
}

/* Row 22: limit, offset and after that OSS refuses, in its words. */
static void
test_buckets_bad_paging (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  struct { const char *query; const char *message; } cases[] = {
    { "limit=0", "limit must be between 1 and 100" },
    { "limit=-1", "limit must be between 1 and 100" },
    { "limit=101", "limit must be between 1 and 100" },
    { "limit=ten", "limit is invalid" },
    { "limit=99999999999999999999", "limit is invalid" },
    { "offset=x", "offset is invalid" },
    { "after=abc", "decoding after: id must have a length of 16 bytes" },
    { "after=zzzzzzzzzzzzzzzz", "decoding after: invalid ID" },
    { "descending=maybe", "descending is invalid" },
    { "orgID=abc", "id must have a length of 16 bytes" },
  };
  g_autoptr(TokensTestResponse) hundred = call (server, "GET", "/api/v2/buckets?limit=100",
                                                "operator", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v2/buckets?", cases[i].query, NULL);
      g_autoptr(TokensTestResponse) reply = call (server, "GET", path, "operator", NULL);

      g_test_message ("%s", cases[i].query);
      assert_error (reply, 400, "invalid", cases[i].message);
    }
  g_assert_cmpuint (hundred->status, ==, 200);
}

/* Row 23: by name, in an org or not; names and orgs it does not know. */
static void
test_buckets_by_name (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  const char *org = tokens_demo_server_get_org_id (server, "operator");
  g_autofree char *in_org = g_strconcat ("/api/v2/buckets?orgID=", org, "&name=telegraf", NULL);
  g_autofree char *missing = g_strconcat ("/api/v2/buckets?orgID=", org, "&name=nope", NULL);
  g_autoptr(TokensTestResponse) named = call (server, "GET", "/api/v2/buckets?name=_tasks",
                                              "operator", NULL);
  g_autoptr(TokensTestResponse) one = call (server, "GET", in_org, "operator", NULL);
  g_autoptr(TokensTestResponse) by_org_name = call (server, "GET",
                                                    "/api/v2/buckets?org=my-org&name=home",
                                                    "operator", NULL);
  g_autoptr(TokensTestResponse) not_there = call (server, "GET", missing, "operator", NULL);
  g_autoptr(TokensTestResponse) no_org = call (server, "GET",
                                               "/api/v2/buckets?orgID=0123456789abcdef",
                                               "operator", NULL);
  g_autoptr(TokensTestResponse) no_org_name = call (server, "GET", "/api/v2/buckets?org=nope",
                                                    "operator", NULL);
  g_autoptr(TokensTestResponse) hostile = call (server, "GET",
                                                "/api/v2/buckets?name=%FF%22%3C%0A&org=my-org",
                                                "operator", NULL);
  g_autoptr(JsonNode) named_node = buckets_of (named);
  g_autoptr(JsonNode) one_node = buckets_of (one);
  g_autoptr(JsonNode) by_org_name_node = buckets_of (by_org_name);
  g_autoptr(JsonNode) no_org_node = buckets_of (no_org);
  g_autofree char *names = bucket_names (named_node);

  /* Without an org, every org's bucket of that name. */
  g_assert_cmpstr (names, ==, "_tasks,_tasks");
  g_assert_cmpuint (json_array_get_length (bucket_array (one_node)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     bucket_array (one_node), 0), "id"), ==, "51e2a3b4c5d6e7f0");
  g_assert_cmpuint (json_array_get_length (bucket_array (by_org_name_node)), ==, 1);
  assert_error (not_there, 404, "not found", "bucket \"nope\" not found");
  g_assert_cmpuint (json_array_get_length (bucket_array (no_org_node)), ==, 0);
  assert_error (no_org_name, 404, "not found", "organization name \"nope\" not found");
  /* Written back as valid JSON, whatever the query held. */
  g_assert_cmpuint (hostile->status, ==, 404);
  g_assert_true (g_utf8_validate (hostile->body, -1, NULL));
}

/* Row 24: each caller sees only what it may read; a system bucket needs
 * read on its organization. */
static void
test_buckets_visibility (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  struct { const char *key; const char *names; } cases[] = {
    /* Write only: reading buckets needs read. */
    { "telegraf", "" },
    { "home", "home" },
    { "no-rights", "sensors" },
    /* Read on the org's buckets, not on the org: no system buckets. */
    { "grafana", "telegraf,ci-metrics,sensors,home,weather" },
    { "ada-all-access", "_monitoring,_tasks,telegraf,ci-metrics,sensors,home,weather" },
    { "leaked", "experiments,lab-notebooks" },
    { "grace-all-access", "_monitoring,_tasks,experiments,lab-notebooks" },
    { "inactive", "" },
  };
  g_autoptr(TokensTestResponse) none = call (server, "GET", "/api/v2/buckets", NULL, NULL);
  g_autoptr(TokensTestResponse) page = call (server, "GET", "/api/v2/buckets?limit=3", "home",
                                             NULL);
  g_autoptr(JsonNode) page_node = buckets_of (page);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensTestResponse) reply = call (server, "GET", "/api/v2/buckets", cases[i].key,
                                                  NULL);
      g_autoptr(JsonNode) node = buckets_of (reply);
      g_autofree char *names = bucket_names (node);

      g_test_message ("%s", cases[i].key);
      g_assert_cmpstr (names, ==, cases[i].names);
    }
  assert_error (none, 401, "unauthorized", "unauthorized access");
  /* OSS cuts the page first, then drops what the caller may not read: the
   * first three buckets are system ones, so this page is empty and has
   * no next link, though "home" comes later. */
  g_assert_cmpuint (json_array_get_length (bucket_array (page_node)), ==, 0);
  g_assert_null (link_of (page_node, "next"));
}

/* Row 25: the resource types, to any valid token, the same in every mode. */
static void
test_resources (void)
{
  TokensDemoMode modes[] = { TOKENS_DEMO_MODE_OSS, TOKENS_DEMO_MODE_OSS_HASHED,
                             TOKENS_DEMO_MODE_CLOUD };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (modes[m]);
      g_autoptr(TokensTestResponse) reply = call (server, "GET", "/api/v2/resources", "no-rights",
                                                  NULL);
      g_autoptr(TokensTestResponse) inactive = call (server, "GET", "/api/v2/resources",
                                                     "inactive", NULL);
      g_autoptr(TokensTestResponse) none = call (server, "GET", "/api/v2/resources", NULL, NULL);
      g_autoptr(JsonNode) node = NULL;
      JsonArray *array;

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (reply->content_type, ==, "application/json");
      g_assert_true (g_str_has_prefix (reply->body, "[\"authorizations\",\"buckets\","));
      g_assert_true (g_str_has_suffix (reply->body, "]\n"));
      node = parse (reply->body);
      array = json_node_get_array (node);
      g_assert_cmpuint (json_array_get_length (array), ==, 23);
      g_assert_cmpstr (json_array_get_string_element (array, 22), ==, "instance");
      g_assert_cmpuint (inactive->status, ==, 200);
      assert_error (none, 401, "unauthorized", "unauthorized access");
    }
}

static char *
user_names (TokensTestResponse *reply)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *users;
  GString *names = g_string_new (NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  node = parse (reply->body);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "links"),
                                                  "self"), ==, "/api/v2/users");
  users = json_object_get_array_member (object, "users");
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      g_autofree char *self_link =
        g_strconcat ("/api/v2/users/", json_object_get_string_member (user, "id"), NULL);

      g_assert_cmpstr (json_object_get_string_member (user, "status"), ==, "active");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user,
                                                                                     "links"),
                                                      "self"), ==, self_link);
      g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                              json_object_get_string_member (user, "name"));
    }
  return g_string_free (names, FALSE);
}

/* Row 26: users: OSS lists those the caller may read; Cloud lists none
 * unless asked for one. */
static void
test_users (void)
{
  g_autoptr(TokensDemoServer) oss = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensDemoServer) cloud = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CLOUD);
  struct { const char *key; const char *names; } cases[] = {
    { "operator", "admin,ada,grace,linus" },
    /* read:users, server-wide */
    { "auditor", "admin,ada,grace,linus" },
    /* read:users/<own id> only */
    { "ada-all-access", "ada" },
    { "home", "" },
    { "inactive", "" },
  };
  g_autofree char *linus_path =
    g_strconcat ("/api/v2/users?id=", tokens_demo_server_get_user_id (oss, "home"), NULL);
  g_autoptr(TokensTestResponse) linus = call (oss, "GET", linus_path, "operator", NULL);
  g_autoptr(TokensTestResponse) linus_hidden = call (oss, "GET", linus_path, "ada-all-access", NULL);
  g_autoptr(TokensTestResponse) by_name = call (oss, "GET", "/api/v2/users?name=grace", "operator",
                                                NULL);
  g_autoptr(TokensTestResponse) nobody = call (oss, "GET", "/api/v2/users?name=nobody",
                                               "operator", NULL);
  g_autoptr(TokensTestResponse) bad_id = call (oss, "GET", "/api/v2/users?id=xyz", "operator",
                                               NULL);
  g_autoptr(TokensTestResponse) page = call (oss, "GET", "/api/v2/users?limit=2&offset=1",
                                             "operator", NULL);
  g_autoptr(TokensTestResponse) none = call (oss, "GET", "/api/v2/users", NULL, NULL);
  g_autoptr(TokensTestResponse) post = call (oss, "POST", "/api/v2/users", "operator",
                                             "{\"name\": \"eve\"}");
  g_autofree char *ada_path =
    g_strconcat ("/api/v2/users?id=", tokens_demo_server_get_user_id (cloud, "ada-all-access"),
                 NULL);
  g_autoptr(TokensTestResponse) cloud_all = call (cloud, "GET", "/api/v2/users", "operator", NULL);
  g_autoptr(TokensTestResponse) cloud_own = call (cloud, "GET", ada_path, "ada-all-access", NULL);
  g_autofree char *names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensTestResponse) reply = call (oss, "GET", "/api/v2/users", cases[i].key,
                                                  NULL);
      g_autofree char *listed = user_names (reply);

      g_test_message ("%s", cases[i].key);
      g_assert_cmpstr (listed, ==, cases[i].names);
    }

  names = user_names (linus);
  g_assert_cmpstr (names, ==, "linus");
  g_clear_pointer (&names, g_free);
  names = user_names (linus_hidden);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);
  names = user_names (by_name);
  g_assert_cmpstr (names, ==, "grace");
  g_clear_pointer (&names, g_free);
  names = user_names (page);
  g_assert_cmpstr (names, ==, "ada,grace");
  assert_error (nobody, 404, "not found", "user not found");
  assert_error (bad_id, 400, "invalid", "id must have a length of 16 bytes");
  assert_error (none, 401, "unauthorized", "unauthorized access");
  assert_error (post, 405, "method not allowed", NULL);

  g_clear_pointer (&names, g_free);
  names = user_names (cloud_all);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);
  names = user_names (cloud_own);
  g_assert_cmpstr (names, ==, "ada");
}

static char *
create_body (const char *org_id,
             const char *user_id,
             const char *permissions)
{
  return g_strdup_printf ("{\"orgID\": \"%s\", %s%s%s\"description\": \"Made in a test\", "
                          "\"permissions\": [%s]}",
                          org_id, user_id != NULL ? "\"userID\": \"" : "",
                          user_id != NULL ? user_id : "", user_id != NULL ? "\", " : "",
                          permissions);
}

/* Row 27: a create shows the clear token once; the lists show it as each
 * product does; it works at once; the server names the bucket. */
static void
test_create (void)
{
  struct { TokensDemoMode mode; const char *listed; } cases[] = {
    { TOKENS_DEMO_MODE_OSS, NULL },
    { TOKENS_DEMO_MODE_OSS_HASHED, "" },
    { TOKENS_DEMO_MODE_CLOUD, "redacted" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (cases[i].mode);
      const char *org = tokens_demo_server_get_org_id (server, "operator");
      /* The id in upper case, and a name that is not the bucket's. */
      g_autofree char *permission =
        g_strdup_printf ("{\"action\": \"read\", \"resource\": {\"type\": \"buckets\", "
                         "\"id\": \"51E2A3B4C5D6E7F6\", \"orgID\": \"%s\", "
                         "\"name\": \"wrong\"}}", org);
      g_autofree char *body = create_body (org, NULL, permission);
      g_autofree char *filled = NULL;
      g_autoptr(TokensTestResponse) reply = NULL;
      g_autoptr(TokensTestResponse) listed = NULL;
      g_autoptr(TokensTestResponse) used = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) list_node = NULL;
      g_autoptr(JsonNode) used_node = NULL;
      g_autofree char *url = NULL;
      g_autofree char *authorization = NULL;
      g_autofree char *one = NULL;
      JsonObject *created, *resource;
      const char *token, *id;

      g_test_message ("mode %u", cases[i].mode);
      reply = call (server, "POST", "/api/v2/authorizations", "operator", body);
      g_assert_cmpuint (reply->status, ==, 201);
      node = parse (reply->body);
      created = json_node_get_object (node);
      token = json_object_get_string_member (created, "token");
      id = json_object_get_string_member (created, "id");
      g_assert_cmpuint (strlen (token), >, 20);
      g_assert_cmpstr (json_object_get_string_member (created, "status"), ==, "active");
      g_assert_cmpstr (json_object_get_string_member (created, "userID"), ==,
                       tokens_demo_server_get_user_id (server, "operator"));
      resource = json_object_get_object_member (
        json_array_get_object_element (json_object_get_array_member (created, "permissions"), 0),
        "resource");
      /* The server's names, and ids as Go writes them. */
      g_assert_cmpstr (json_object_get_string_member (resource, "id"), ==, "51e2a3b4c5d6e7f6");
      g_assert_cmpstr (json_object_get_string_member (resource, "name"), ==, "weather");
      g_assert_cmpstr (json_object_get_string_member (resource, "org"), ==, "my-org");

      one = g_strconcat ("/api/v2/authorizations/", id, NULL);
      listed = call (server, "GET", one, "operator", NULL);
      g_assert_cmpuint (listed->status, ==, 200);
      list_node = parse (listed->body);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (list_node), "token"),
                       ==, cases[i].listed != NULL ? cases[i].listed : token);

      /* The new token reads the bucket it was given, and nothing else. */
      url = g_strconcat (tokens_demo_server_get_url (server), "/api/v2/buckets", NULL);
      authorization = g_strconcat ("Token ", token, NULL);
      used = tokens_test_raw_request ("GET", url, authorization, NULL);
      used_node = buckets_of (used);
      filled = bucket_names (used_node);
      g_assert_cmpstr (filled, ==, "weather");
    }
}

/* Row 27 too: an all-access token makes one like itself, every type in
 * its org but its user and org by id, as `influx auth create
 * --all-access` does; with `instance`, which no token holds, it may not. */
static void
test_create_all_access (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  const char *org = tokens_demo_server_get_org_id (server, "ada-all-access");
  const char *user = tokens_demo_server_get_user_id (server, "ada-all-access");
  g_autoptr(TokensTestResponse) types = call (server, "GET", "/api/v2/resources", "ada-all-access",
                                              NULL);
  g_autoptr(JsonNode) node = parse (types->body);
  JsonArray *array = json_node_get_array (node);
  g_autoptr(GString) permissions = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *with_instance = NULL;
  g_autofree char *instance_message =
    g_strdup_printf ("permission read:orgs/%s/instance is not allowed: "
                     "read:orgs/%s/instance is unauthorized", org, org);
  g_autoptr(TokensTestResponse) made = NULL;
  g_autoptr(TokensTestResponse) refused = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *type = json_array_get_string_element (array, i);

      if (g_str_equal (type, "instance"))
        continue;
      for (guint a = 0; a < 2; a++)
        {
          const char *action = a == 0 ? "read" : "write";

          if (permissions->len > 0)
            g_string_append_c (permissions, ',');
          if (g_str_equal (type, "orgs") || g_str_equal (type, "users"))
            g_string_append_printf (permissions, "{\"action\": \"%s\", \"resource\": "
                                    "{\"type\": \"%s\", \"id\": \"%s\"}}",
                                    action, type, g_str_equal (type, "orgs") ? org : user);
          else
            g_string_append_printf (permissions, "{\"action\": \"%s\", \"resource\": "
                                    "{\"type\": \"%s\", \"orgID\": \"%s\"}}",
                                    action, type, org);
        }
    }
  body = create_body (org, NULL, permissions->str);
  g_string_append_printf (permissions, ",{\"action\": \"read\", \"resource\": "
                          "{\"type\": \"instance\", \"orgID\": \"%s\"}}", org);
  with_instance = create_body (org, NULL, permissions->str);
  made = call (server, "POST", "/api/v2/authorizations", "ada-all-access", body);
  refused = call (server, "POST", "/api/v2/authorizations", "ada-all-access", with_instance);

  g_assert_cmpuint (made->status, ==, 201);
  assert_error (refused, 403, "forbidden", instance_message);
}

/* Row 28: a token for another user needs write on that user. */
static void
test_create_for_other_user (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  const char *org = tokens_demo_server_get_org_id (server, "operator");
  const char *grace = tokens_demo_server_get_user_id (server, "grafana");
  const char *permission = "{\"action\": \"read\", \"resource\": {\"type\": \"dashboards\"}}";
  g_autofree char *body = create_body (org, grace, permission);
  g_autofree char *expected = g_strdup_printf ("write:users/%s is unauthorized", grace);
  guint n = tokens_demo_server_get_n_authorizations (server);
  g_autoptr(TokensTestResponse) by_operator = call (server, "POST", "/api/v2/authorizations",
                                                    "operator", body);
  g_autoptr(TokensTestResponse) by_ada = call (server, "POST", "/api/v2/authorizations",
                                               "ada-all-access", body);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (by_operator->status, ==, 201);
  node = parse (by_operator->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "userID"), ==,
                   grace);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "user"), ==,
                   "grace");
  assert_error (by_ada, 401, "unauthorized", expected);
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (server), ==, n + 1);
}

/* Row 29: what OSS refuses to create, in its order and words. */
static void
test_create_refused (void)
{
  g_autoptr(TokensDemoServer) server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_autoptr(TokensDemoServer) cloud = tokens_test_demo_server_new (TOKENS_DEMO_MODE_CLOUD);
  const char *org = tokens_demo_server_get_org_id (server, "operator");
  const char *acme = tokens_demo_server_get_org_id (server, "grace-all-access");
  g_autofree char *bad_type = create_body (org, NULL,
                                           "{\"action\": \"read\", \"resource\": "
                                           "{\"type\": \"flows\"}}");
  g_autofree char *bad_action = create_body (org, NULL,
                                             "{\"action\": \"delete\", \"resource\": "
                                             "{\"type\": \"buckets\"}}");
  g_autofree char *none = create_body (org, NULL, "");
  g_autofree char *bad_id = create_body (org, NULL,
                                         "{\"action\": \"read\", \"resource\": "
                                         "{\"type\": \"buckets\", \"id\": \"abc\"}}");
  g_autofree char *unknown_org = create_body ("0123456789abcdef", NULL,
                                              "{\"action\": \"read\", \"resource\": "
                                              "{\"type\": \"buckets\"}}");
  g_autofree char *acme_buckets = g_strdup_printf ("{\"action\": \"read\", \"resource\": "
                                                   "{\"type\": \"buckets\", \"orgID\": \"%s\"}}",
                                                   acme);
  g_autofree char *beyond = create_body (org, NULL, acme_buckets);
  g_autofree char *beyond_message =
    g_strdup_printf ("permission read:orgs/%s/buckets is not allowed: "
                     "read:orgs/%s/buckets is unauthorized", acme, acme);
  g_autofree char *in_acme = create_body (acme, NULL, acme_buckets);
  g_autofree char *in_acme_message =
    g_strdup_printf ("write:orgs/%s/authorizations is unauthorized", acme);
  g_autofree char *cloud_flows = create_body (tokens_demo_server_get_org_id (cloud, "operator"),
                                              NULL,
                                              "{\"action\": \"read\", \"resource\": "
                                              "{\"type\": \"flows\"}}");
  guint n = tokens_demo_server_get_n_authorizations (server);
  struct { const char *key; const char *body; guint status; const char *code;
           const char *message; } cases[] = {
    { "operator", bad_type, 400, "invalid",
      "invalid resource type for permission: unknown resource type for permission" },
    { "operator", bad_action, 400, "invalid",
      "invalid action type for permission: unknown action for permission" },
    { "operator", none, 400, "invalid", "authorization must include permissions" },
    { "operator", "{\"permissions\": [{\"action\": \"read\", \"resource\": {\"type\": \"users\"}}]}",
      400, "invalid", "org id required: invalid ID" },
    { "operator", bad_id, 400, "invalid",
      "invalid json structure: id must have a length of 16 bytes" },
    { "operator", "not json", 400, "invalid", NULL },
    { "operator", unknown_org, 400, "invalid", "unable to create token" },
    { "ada-all-access", beyond, 403, "forbidden", beyond_message },
    { "ada-all-access", in_acme, 401, "unauthorized", in_acme_message },
    { "inactive", beyond, 401, "unauthorized", "token is inactive" },
  };
  g_autoptr(TokensTestResponse) flows = call (cloud, "POST", "/api/v2/authorizations", "operator",
                                              cloud_flows);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TokensTestResponse) reply = call (server, "POST", "/api/v2/authorizations",
                                                  cases[i].key, cases[i].body);

      g_test_message ("case %u", i);
      assert_error (reply, cases[i].status, cases[i].code, cases[i].message);
      if (cases[i].message == NULL)
        {
          /* Go's words for a body that is not JSON are its decoder's own. */
          g_autoptr(JsonNode) node = parse (reply->body);

          g_assert_true (g_str_has_prefix (json_object_get_string_member (
                           json_node_get_object (node), "message"), "invalid json structure: "));
        }
    }
  g_assert_cmpuint (tokens_demo_server_get_n_authorizations (server), ==, n);
  /* Cloud knows the type, so it gets past the checks OSS stops it at, to
   * the one that the caller must hold it, which no seeded token does. */
  assert_error (flows, 403, "forbidden",
                "permission read:flows is not allowed: read:flows is unauthorized");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/demo-server/keep-alive", test_keep_alive);
  g_test_add_func ("/tokens/demo-server/client-asks-close", test_client_asks_close);
  g_test_add_func ("/tokens/demo-server/deep-request-body", test_deep_request_body);
  g_test_add_func ("/tokens/demo-server/buckets", test_buckets);
  g_test_add_func ("/tokens/demo-server/buckets-in-org", test_buckets_in_org);
  g_test_add_func ("/tokens/demo-server/buckets-pages", test_buckets_pages);
  g_test_add_func ("/tokens/demo-server/buckets-bad-paging", test_buckets_bad_paging);
  g_test_add_func ("/tokens/demo-server/buckets-by-name", test_buckets_by_name);
  g_test_add_func ("/tokens/demo-server/buckets-visibility", test_buckets_visibility);
  g_test_add_func ("/tokens/demo-server/resources", test_resources);
  g_test_add_func ("/tokens/demo-server/users", test_users);
  g_test_add_func ("/tokens/demo-server/create", test_create);
  g_test_add_func ("/tokens/demo-server/create-all-access", test_create_all_access);
  g_test_add_func ("/tokens/demo-server/create-for-other-user", test_create_for_other_user);
  g_test_add_func ("/tokens/demo-server/create-refused", test_create_refused);

  return g_test_run ();
}
