/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tokens-demo-server-testing.h"
#include "tokens-backend.h"
#include "tokens-token-list.h"

G_BEGIN_DECLS

/* Runs the default main context until @expr holds, for ten seconds at most;
 * then fails as an assertion does, naming @expr. */
#define WAIT_UNTIL(expr)                                                    \
  G_STMT_START {                                                            \
    gint64 _end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;            \
    while (!(expr) && g_get_monotonic_time () < _end)                       \
      {                                                                     \
        if (!g_main_context_iteration (NULL, FALSE))                        \
          g_usleep (1000);                                                  \
      }                                                                     \
    if (!(expr))                                                            \
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,     \
                           "timed out waiting for " #expr);                 \
  } G_STMT_END

/* Runs the default main context until *result is set by tokens_test_store_result. */
void      tokens_test_store_result (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data);
void      tokens_test_wait_result  (GAsyncResult **result);
void      tokens_test_wait_until   (gboolean     *flag,
                                    guint         timeout_ms);
void      tokens_test_iterate      (guint         milliseconds);
void      tokens_test_assert_finalize_soon (gpointer object);
gboolean  tokens_test_require_all  (void);
void      tokens_test_skip         (const char   *why);

/* A fake server in @mode with the seeded tokens, listening on loopback. */
TokensDemoServer *tokens_test_demo_server_new (TokensDemoMode mode);

/* The async calls the core tests make most, each waited for. */
TokensClient *tokens_test_client_new     (const char       *url,
                                          const char       *token);
gboolean      tokens_test_list_refresh   (TokensTokenList  *list,
                                          GError          **error);
gboolean      tokens_test_list_delete    (TokensTokenList  *list,
                                          const char       *id,
                                          gboolean         *already,
                                          GError          **error);
GPtrArray    *tokens_test_backend_list   (TokensBackend    *backend,
                                          GError          **error);
gboolean      tokens_test_backend_delete (TokensBackend    *backend,
                                          TokensToken      *token,
                                          GError          **error);

/* A raw HTTP request that bypasses TokensClient, to see the bytes the fake
 * server sends. Never call the synchronous API on the server's thread. */
typedef struct
{
  guint status;
  char *body;
  char *content_type;
  char *error_code;
  char *retry_after;
  SoupMessageHeaders *headers;   /* all of the answer's */
} TokensTestResponse;

TokensTestResponse *tokens_test_raw_request   (const char         *method,
                                               const char         *url,
                                               const char         *authorization,
                                               const char         *body);
TokensTestResponse *tokens_test_raw_request_full (const char      *method,
                                               const char         *url,
                                               const char         *authorization,
                                               const char         *content_type,
                                               const char         *body);
void                tokens_test_response_free (TokensTestResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokensTestResponse, tokens_test_response_free)

G_END_DECLS
