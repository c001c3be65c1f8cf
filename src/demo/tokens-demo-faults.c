/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server.h"
#include "tokens-demo-server-private.h"

/*
 * The faults the tests inject into requests to /api/: rate limits, errors
 * from InfluxDB and from a proxy in front of it, broken or hostile bodies,
 * dropped and hung connections, and redirects.
 */

/**
 * tokens_demo_server_inject_fault:
 * @count: how many requests to /api/v2 get the fault, or %G_MAXUINT for all
 * @retry_after: the Retry-After seconds of 429 and 503 faults
 */
void
tokens_demo_server_inject_fault (TokensDemoServer *self,
                                 TokensDemoFault   fault,
                                 guint             count,
                                 guint             retry_after)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  self->fault = fault;
  self->fault_count = fault == TOKENS_DEMO_FAULT_NONE ? 0 : count;
  self->fault_retry_after = retry_after;
}

void
tokens_demo_server_set_redirect (TokensDemoServer *self,
                                 const char       *location,
                                 guint             count)
{
  g_return_if_fail (TOKENS_IS_DEMO_SERVER (self));

  g_free (self->redirect_location);
  self->redirect_location = g_strdup (location);
  tokens_demo_server_inject_fault (self, TOKENS_DEMO_FAULT_REDIRECT, count, 0);
}

/* Answers @msg with the injected fault if one is still due, and says so. */
gboolean
_tokens_demo_apply_fault (TokensDemoServer  *self,
                          SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  TokensDemoFault fault = self->fault;

  if (fault == TOKENS_DEMO_FAULT_NONE || self->fault_count == 0)
    return FALSE;

  if (self->fault_count != G_MAXUINT)
    self->fault_count--;

  switch (fault)
    {
    case TOKENS_DEMO_FAULT_RATE_LIMITED:
    case TOKENS_DEMO_FAULT_UNAVAILABLE:
      {
        g_autofree char *seconds = g_strdup_printf ("%u", self->fault_retry_after);

        soup_message_headers_replace (headers, "Retry-After", seconds);
        self->rate_limited_at = g_get_monotonic_time ();
        self->rate_limited_for_ms = self->fault_retry_after * 1000;
        if (fault == TOKENS_DEMO_FAULT_RATE_LIMITED)
          _tokens_demo_respond_error (msg, "too many requests",
                                      "org 9a51c3d2b4e60f17 has exceeded limited_query plan limit");
        else
          _tokens_demo_respond_error (msg, "unavailable", "service temporarily unavailable");
      }
      break;

    case TOKENS_DEMO_FAULT_INTERNAL_ERROR:
      _tokens_demo_respond_error (msg, "internal error", "an internal error has occurred");
      break;

    case TOKENS_DEMO_FAULT_HTML_500:
      _tokens_demo_respond_html (msg, 500, "Internal Server Error");
      break;

    case TOKENS_DEMO_FAULT_BAD_GATEWAY:
      _tokens_demo_respond_html (msg, 502, "Bad Gateway");
      break;

    case TOKENS_DEMO_FAULT_MALFORMED_JSON:
      _tokens_demo_respond_json (msg, 200,
                                 g_string_new ("{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/"
                                               "authorizations\"\n\t},\n\t\"authorizations\": [\n"
                                               "\t\t{\n\t\t\t\"id\": \"0a5f3c"));
      break;

    case TOKENS_DEMO_FAULT_WRONG_TYPES:
      _tokens_demo_respond_json (msg, 200,
                                 g_string_new ("{\"authorizations\": [{\"id\": 42, "
                                               "\"status\": true, \"permissions\": \"all\"}]}"));
      break;

    case TOKENS_DEMO_FAULT_DROP_CONNECTION:
      {
        GIOStream *stream = soup_server_message_steal_connection (msg);

        g_object_set_data (G_OBJECT (msg), TOKENS_DEMO_DETACHED, GINT_TO_POINTER (TRUE));
        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
      }
      break;

    case TOKENS_DEMO_FAULT_REDIRECT:
      soup_message_headers_replace (headers, "Location", self->redirect_location);
      soup_server_message_set_status (msg, 307, NULL);
      break;

    case TOKENS_DEMO_FAULT_TRUNCATED_BODY:
      {
        static const char partial[] =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
          "Content-Length: 4096\r\n\r\n{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/auth";
        GIOStream *stream = soup_server_message_steal_connection (msg);

        g_object_set_data (G_OBJECT (msg), TOKENS_DEMO_DETACHED, GINT_TO_POINTER (TRUE));
        g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial,
                                   sizeof partial - 1, NULL, NULL, NULL);
        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
      }
      break;

    case TOKENS_DEMO_FAULT_HANG:
      g_object_set_data (G_OBJECT (msg), TOKENS_DEMO_DETACHED, GINT_TO_POINTER (TRUE));
      soup_server_message_pause (msg);
      g_ptr_array_add (self->hung, g_object_ref (msg));
      break;

    case TOKENS_DEMO_FAULT_GARBAGE:
      {
        GString *garbage = g_string_sized_new (10 * 1024 * 1024);

        for (guint i = 0; i < 10 * 1024 * 1024 / 4; i++)
          {
            guint32 r = g_random_int ();
            g_string_append_len (garbage, (const char *)&r, 4);
          }
        _tokens_demo_respond_json (msg, 200, garbage);
      }
      break;

    case TOKENS_DEMO_FAULT_INVALID_UTF8:
      _tokens_demo_respond_json (msg, 200,
                                 g_string_new ("{\"authorizations\": [{"
                                               "\"id\": \"0a5f3c2e91b05000\", "
                                               "\"description\": \"caf\xe9 \xff\xfe\"}]}"));
      break;

    case TOKENS_DEMO_FAULT_NONE:
    default:
      return FALSE;
    }

  return TRUE;
}
