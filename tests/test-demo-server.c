/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-test-utils.h"

#include <string.h>

/*
 * The fake server over one raw HTTP/1.1 connection, the way clients that
 * reuse connections (Go's http.Client, Node's agent, Telegraf) talk to
 * InfluxDB: every answer, a 204 included, leaves the connection open for the
 * next request. The fake server runs on the main context; the socket I/O
 * runs in a thread, since synchronous I/O against a SoupServer on its own
 * thread deadlocks.
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/demo-server/keep-alive", test_keep_alive);
  g_test_add_func ("/tokens/demo-server/client-asks-close", test_client_asks_close);
  g_test_add_func ("/tokens/demo-server/deep-request-body", test_deep_request_body);

  return g_test_run ();
}
