/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server-private.h"

#include <string.h>

/*
 * Answers in InfluxDB 2.x's own bytes: JSON written by hand in the field
 * order and tab indentation of Go's encoder, its error bodies, and the HTML
 * page a proxy in front of it sends.
 */

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

/* ---------------------------------------------------------------------- */
/* JSON output, written by hand for OSS's field order and indentation.    */

static void
append_json_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      guchar c = (guchar)*p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '<':
        case '>':
        case '&':
          /* Go's encoder escapes these for HTML safety. */
          g_string_append_printf (out, "\\u%04x", c);
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char)c);
        }
    }
  g_string_append_c (out, '"');
}

void
_tokens_demo_json_indent (GString *out,
                          guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, '\t');
}

void
_tokens_demo_json_append_member (GString    *out,
                                 guint       depth,
                                 const char *name,
                                 const char *value,
                                 gboolean    last)
{
  _tokens_demo_json_indent (out, depth);
  append_json_string (out, name);
  g_string_append (out, ": ");
  append_json_string (out, value);
  if (!last)
    g_string_append_c (out, ',');
}

void
_tokens_demo_json_append_time (GString    *out,
                               guint       depth,
                               const char *name,
                               GDateTime  *when,
                               gboolean    last)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  int usec = g_date_time_get_microsecond (utc);
  g_autofree char *full = NULL;

  if (usec != 0)
    full = g_strdup_printf ("%s.%06dZ", text, usec);
  else
    full = g_strdup_printf ("%sZ", text);
  _tokens_demo_json_append_member (out, depth, name, full, last);
}

/* ---------------------------------------------------------------------- */
/* Responses                                                              */

void
_tokens_demo_respond_json (SoupServerMessage *msg,
                           guint              status,
                           GString           *body)
{
  gsize len = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

static guint
status_for_code (const char *code)
{
  static const struct { const char *code; guint status; } map[] = {
    { "invalid", 400 }, { "empty value", 400 }, { "unauthorized", 401 },
    { "forbidden", 403 }, { "not found", 404 }, { "method not allowed", 405 },
    { "conflict", 422 }, { "unprocessable entity", 422 }, { "request too large", 413 },
    { "too many requests", 429 }, { "unavailable", 503 }, { "not implemented", 501 },
    { "unsupported media type", 415 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].code, code))
      return map[i].status;
  return 500;
}

/* An error from a handler: tab-indented, no trailing newline. */
void
_tokens_demo_respond_error (SoupServerMessage *msg,
                            const char        *code,
                            const char        *message)
{
  GString *body = g_string_new ("{");

  _tokens_demo_json_append_member (body, 1, "code", code, FALSE);
  _tokens_demo_json_append_member (body, 1, "message", message, TRUE);
  g_string_append (body, "\n}");

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Platform-Error-Code", code);
  _tokens_demo_respond_json (msg, status_for_code (code), body);
}

void
_tokens_demo_respond_html (SoupServerMessage *msg,
                           guint              status,
                           const char        *title)
{
  g_autofree char *html =
    g_strdup_printf ("<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n"
                     "<center><h1>%u %s</h1></center>\r\n<hr><center>nginx</center>\r\n"
                     "</body>\r\n</html>\r\n",
                     status, title, status, title);
  gsize len = strlen (html);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&html), len);
}
