/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-hostile-server.h"

#include <stdio.h>
#include <string.h>

#define MAX_HEAD (64 * 1024)
#define MAX_REQUEST_BODY (1024 * 1024)
#define MAX_STREAM_SECONDS 30
#define MAX_REQUESTS_PER_CONNECTION 100

struct _TokensHostileServer
{
  GSocketService *service;
  char *url;
  TokensHostileRespond respond;
  gpointer user_data;

  GMutex lock;
  GCond idle;
  guint active;            /* connections being served */
  GPtrArray *connections;  /* the same, to shut down when stopping */
  GPtrArray *requests;     /* "METHOD /path" */
  gint stopping;           /* atomic */
};

gboolean
tokens_hostile_write (GOutputStream *out,
                      const char    *data,
                      gssize         len)
{
  if (len < 0)
    len = strlen (data);
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

gboolean
tokens_hostile_write_printf (GOutputStream *out,
                             const char    *format,
                             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  return tokens_hostile_write (out, text, -1);
}

gboolean
tokens_hostile_answer (GOutputStream *out,
                       const char    *status_line,
                       const char    *extra_headers,
                       const char    *body,
                       gssize         len)
{
  if (body == NULL)
    body = "";
  if (len < 0)
    len = strlen (body);

  return tokens_hostile_write_printf (out, "HTTP/1.1 %s\r\n%sContent-Length: %" G_GSSIZE_FORMAT "\r\n\r\n",
                                      status_line, extra_headers, len) &&
         tokens_hostile_write (out, body, len);
}

gboolean
tokens_hostile_stream (TokensHostileServer *server,
                       GOutputStream       *out,
                       char                 fill,
                       guint64              total,
                       gsize                chunk,
                       guint                pause_ms,
                       gboolean             chunked)
{
  g_autofree char *buffer = g_malloc (chunk);
  gint64 end = g_get_monotonic_time () + MAX_STREAM_SECONDS * G_USEC_PER_SEC;
  guint64 sent = 0;

  memset (buffer, fill, chunk);
  while ((total == 0 || sent < total) && g_get_monotonic_time () < end &&
         !tokens_hostile_server_is_stopping (server))
    {
      gsize n = total == 0 ? chunk : (gsize)MIN ((guint64)chunk, total - sent);

      if (chunked && !tokens_hostile_write_printf (out, "%" G_GSIZE_MODIFIER "x\r\n", n))
        return FALSE;
      if (!tokens_hostile_write (out, buffer, n))
        return FALSE;
      if (chunked && !tokens_hostile_write (out, "\r\n", 2))
        return FALSE;
      sent += n;
      if (pause_ms > 0)
        g_usleep (pause_ms * 1000);
    }

  if (chunked)
    return tokens_hostile_write (out, "0\r\n\r\n", 5);
  return TRUE;
}

GBytes *
tokens_hostile_gzip (GBytes *data)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) zipped = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);

  g_assert_true (g_output_stream_write_all (zipped, bytes, len, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (zipped, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

GBytes *
tokens_hostile_gzip_of (char  fill,
                        gsize len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) zipped = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  char block[64 * 1024];

  memset (block, fill, sizeof block);
  for (gsize done = 0; done < len; done += sizeof block)
    g_assert_true (g_output_stream_write_all (zipped, block, MIN (sizeof block, len - done),
                                              NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (zipped, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static guint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kb = 0;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line != NULL)
    kb = g_ascii_strtoull (line + strlen (field), NULL, 10);
  return kb * 1024;
}

void
tokens_hostile_reset_peak_rss (void)
{
  /* "5" resets the peak resident set size to the current one (Linux 4.0). */
  g_assert_true (g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL) ||
                 read_status_kb ("VmHWM:") > 0);
}

guint64
tokens_hostile_peak_rss (void)
{
  return read_status_kb ("VmHWM:");
}

gboolean
tokens_hostile_server_is_stopping (TokensHostileServer *self)
{
  return g_atomic_int_get (&self->stopping) != 0;
}

/* Reads one request: its head, and a body of Content-Length bytes. */
static gboolean
read_request (GInputStream         *in,
              TokensHostileRequest *request)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) first = NULL;
  guint64 length = 0;

  while (head->len < MAX_HEAD && !g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      char c;

      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1)
        return FALSE;
      g_string_append_c (head, c);
    }
  if (!g_str_has_suffix (head->str, "\r\n\r\n"))
    return FALSE;

  lines = g_strsplit (head->str, "\r\n", -1);
  first = g_strsplit (lines[0], " ", 3);
  if (g_strv_length (first) < 2)
    return FALSE;
  request->method = g_strdup (first[0]);
  request->path = g_strdup (first[1]);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;

      if (colon == NULL)
        continue;
      name = g_strndup (lines[i], colon - lines[i]);
      if (g_ascii_strcasecmp (name, "Content-Length") == 0)
        length = g_ascii_strtoull (colon + 1, NULL, 10);
      else if (g_ascii_strcasecmp (name, "Authorization") == 0)
        request->authorization = g_strstrip (g_strdup (colon + 1));
    }

  if (length > MAX_REQUEST_BODY)
    return FALSE;
  if (length > 0)
    {
      char *body = g_malloc (length);
      gsize got = 0;

      if (!g_input_stream_read_all (in, body, length, &got, NULL, NULL) || got != length)
        {
          g_free (body);
          return FALSE;
        }
      request->body = g_bytes_new_take (body, length);
    }
  else
    request->body = g_bytes_new (NULL, 0);

  return TRUE;
}

static void
request_clear (TokensHostileRequest *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->authorization, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  TokensHostileServer *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_mutex_lock (&self->lock);
  self->active++;
  g_ptr_array_add (self->connections, g_object_ref (connection));
  g_mutex_unlock (&self->lock);

  /* A client that stops reading must not hold a writer for ever. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), MAX_STREAM_SECONDS);

  for (guint i = 0; i < MAX_REQUESTS_PER_CONNECTION && !tokens_hostile_server_is_stopping (self); i++)
    {
      TokensHostileRequest request = { 0 };
      gboolean again;

      if (!read_request (in, &request))
        {
          request_clear (&request);
          break;
        }

      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->requests, g_strdup_printf ("%s %s", request.method, request.path));
      g_mutex_unlock (&self->lock);

      again = self->respond (self, &request, out, self->user_data);
      request_clear (&request);
      g_output_stream_flush (out, NULL, NULL);
      if (!again)
        break;
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  g_mutex_lock (&self->lock);
  self->active--;
  g_ptr_array_remove (self->connections, connection);
  g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

/**
 * tokens_hostile_server_new:
 * @port: a port on 127.0.0.1, or 0 for a free one
 *
 * Returns: (transfer full) (nullable): the server, listening, or %NULL if
 *   @port cannot be had
 */
TokensHostileServer *
tokens_hostile_server_new (guint                port,
                           TokensHostileRespond respond,
                           gpointer             user_data)
{
  TokensHostileServer *self = g_new0 (TokensHostileServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) effective = NULL;

  self->respond = respond;
  self->user_data = user_data;
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->service = g_threaded_socket_service_new (16);
  g_signal_connect (self->service, "run", G_CALLBACK (on_run), self);

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, NULL))
    {
      tokens_hostile_server_free (self);
      return NULL;
    }

  if (port == 80)
    self->url = g_strdup ("http://127.0.0.1");
  else
    self->url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  g_socket_service_start (self->service);

  return self;
}

void
tokens_hostile_server_free (TokensHostileServer *self)
{
  if (self == NULL)
    return;

  g_atomic_int_set (&self->stopping, 1);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));

  /* Every answer ends by itself; a connection waiting for the client's
   * next request is woken. */
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->connections->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (g_ptr_array_index (self->connections, i)),
                       TRUE, TRUE, NULL);
  while (self->active > 0)
    g_cond_wait (&self->idle, &self->lock);
  g_mutex_unlock (&self->lock);

  g_object_unref (self->service);
  g_ptr_array_unref (self->requests);
  g_ptr_array_unref (self->connections);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_free (self->url);
  g_free (self);
}

const char *
tokens_hostile_server_get_url (TokensHostileServer *self)
{
  return self->url;
}

guint
tokens_hostile_server_get_n_requests (TokensHostileServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->requests->len;
  g_mutex_unlock (&self->lock);
  return n;
}

char **
tokens_hostile_server_dup_requests (TokensHostileServer *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **strv;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->requests, i));
  g_mutex_unlock (&self->lock);

  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}
