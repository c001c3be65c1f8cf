/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A loopback HTTP server that answers whatever a test tells it to, byte for
 * byte: what a broken proxy, a hostile server or anything in between could
 * send. Each connection is served in a thread of its own, so an answer that
 * never ends does not hold up the client under test; every answer stops by
 * itself (a byte limit, a time limit, or the client going away), and
 * tokens_hostile_server_free() waits for them all.
 */
typedef struct _TokensHostileServer TokensHostileServer;

typedef struct
{
  char *method;
  char *path;          /* with its query, as sent */
  char *authorization; /* the header's value, or NULL */
  GBytes *body;
} TokensHostileRequest;

/*
 * Called in the connection's thread for each request on it. Write the whole
 * answer to @out with the helpers below.
 *
 * Returns: %TRUE to read another request on the same connection
 */
typedef gboolean (*TokensHostileRespond) (TokensHostileServer        *server,
                                          const TokensHostileRequest *request,
                                          GOutputStream              *out,
                                          gpointer                    user_data);

TokensHostileServer *tokens_hostile_server_new          (guint                 port,
                                                         TokensHostileRespond  respond,
                                                         gpointer              user_data);
void                 tokens_hostile_server_free         (TokensHostileServer  *self);
const char          *tokens_hostile_server_get_url      (TokensHostileServer  *self);
guint                tokens_hostile_server_get_n_requests (TokensHostileServer *self);
/* "METHOD /path" of every request so far, in order; free with g_strfreev(). */
char               **tokens_hostile_server_dup_requests (TokensHostileServer  *self);
gboolean             tokens_hostile_server_is_stopping  (TokensHostileServer  *self);

/* Writing answers. Each returns FALSE once the client has gone. */
gboolean tokens_hostile_write      (GOutputStream *out,
                                    const char    *data,
                                    gssize         len);
gboolean tokens_hostile_write_printf (GOutputStream *out,
                                      const char    *format,
                                      ...) G_GNUC_PRINTF (2, 3);
/* A whole answer with Content-Length; @extra_headers end in "\r\n" or are "". */
gboolean tokens_hostile_answer     (GOutputStream *out,
                                    const char    *status_line,
                                    const char    *extra_headers,
                                    const char    *body,
                                    gssize         len);
/* @fill repeated for @total bytes (or until the client goes, or for ever if
 * @total is 0 — then up to 30 s), @chunk bytes at a time, sleeping @pause_ms
 * between chunks; chunked transfer coding if @chunked. */
gboolean tokens_hostile_stream     (TokensHostileServer *server,
                                    GOutputStream       *out,
                                    char                 fill,
                                    guint64              total,
                                    gsize                chunk,
                                    guint                pause_ms,
                                    gboolean             chunked);

/* gzip of @len bytes of @fill, made once per call. */
GBytes  *tokens_hostile_gzip_of    (char           fill,
                                    gsize          len);
GBytes  *tokens_hostile_gzip       (GBytes        *data);

/* Peak resident memory of this process, in bytes (VmHWM), since the last
 * reset: the reset makes the peak what is resident now (Linux's clear_refs). */
void     tokens_hostile_reset_peak_rss (void);
guint64  tokens_hostile_peak_rss   (void);

G_END_DECLS
