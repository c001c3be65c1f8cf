/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * For the tests only: the controls of the fake InfluxDB that no user of
 * the app needs. Faults to inject, HTTPS with a certificate of the test's
 * choosing, counts of what clients sent, and a look at its tokens behind
 * the API's back. The app and influx-tokens-demo-server use
 * tokens-demo-server.h alone; this header refuses to compile without
 * TOKENS_DEMO_SERVER_TESTING, which only tokens_demo_testing_dep defines.
 */

#ifndef TOKENS_DEMO_SERVER_TESTING
#error "tokens-demo-server-testing.h is for the tests: use tokens-demo-server.h"
#endif

#include "tokens-demo-server.h"

G_BEGIN_DECLS

typedef enum
{
  TOKENS_DEMO_FAULT_NONE,
  TOKENS_DEMO_FAULT_RATE_LIMITED,    /* 429 with Retry-After */
  TOKENS_DEMO_FAULT_UNAVAILABLE,     /* 503 with Retry-After */
  TOKENS_DEMO_FAULT_INTERNAL_ERROR,  /* 500 with an InfluxDB error body */
  TOKENS_DEMO_FAULT_HTML_500,        /* 500 with a proxy's HTML page */
  TOKENS_DEMO_FAULT_BAD_GATEWAY,     /* 502 with a proxy's HTML page */
  TOKENS_DEMO_FAULT_MALFORMED_JSON,  /* 200 with a truncated body */
  TOKENS_DEMO_FAULT_WRONG_TYPES,     /* 200 with well-formed JSON of the wrong shape */
  TOKENS_DEMO_FAULT_DROP_CONNECTION, /* the connection closes without an answer */
  TOKENS_DEMO_FAULT_REDIRECT,        /* 307 to the location given */
  TOKENS_DEMO_FAULT_TRUNCATED_BODY,  /* 200 whose body stops half way */
  TOKENS_DEMO_FAULT_HANG,            /* accepts the request, never answers */
  TOKENS_DEMO_FAULT_GARBAGE,         /* 200 with 10 MB of random bytes */
  TOKENS_DEMO_FAULT_INVALID_UTF8,    /* 200 with JSON that is not UTF-8 */
} TokensDemoFault;

/* tokens-demo-server.c */
gboolean          tokens_demo_server_start_tls         (TokensDemoServer    *self,
                                                        GTlsCertificate     *certificate,
                                                        GError             **error);
guint             tokens_demo_server_get_n_requests    (TokensDemoServer    *self);
guint             tokens_demo_server_get_max_in_flight (TokensDemoServer    *self);
guint             tokens_demo_server_get_n_requests_while_paused (TokensDemoServer *self);
guint             tokens_demo_server_get_n_authenticated_requests (TokensDemoServer *self);
const char       *tokens_demo_server_get_last_user_agent (TokensDemoServer  *self);

/* tokens-demo-faults.c */
void              tokens_demo_server_inject_fault      (TokensDemoServer    *self,
                                                        TokensDemoFault      fault,
                                                        guint                count,
                                                        guint                retry_after);
void              tokens_demo_server_set_redirect      (TokensDemoServer    *self,
                                                        const char          *location,
                                                        guint                count);

/* tokens-demo-data.c */
const char       *tokens_demo_server_get_id            (TokensDemoServer    *self,
                                                        const char          *key);
const char       *tokens_demo_server_get_user_id       (TokensDemoServer    *self,
                                                        const char          *key);
const char       *tokens_demo_server_get_org_id        (TokensDemoServer    *self,
                                                        const char          *key);
gboolean          tokens_demo_server_has_authorization (TokensDemoServer    *self,
                                                        const char          *id);
gboolean          tokens_demo_server_get_active        (TokensDemoServer    *self,
                                                        const char          *id);
guint             tokens_demo_server_get_n_authorizations (TokensDemoServer *self);
void              tokens_demo_server_set_active        (TokensDemoServer    *self,
                                                        const char          *id,
                                                        gboolean             active);
void              tokens_demo_server_remove_authorization (TokensDemoServer *self,
                                                        const char          *id);

/* tokens-demo-v3.c and tokens-demo-dedicated.c: InfluxDB 3 and Cloud
 * Dedicated. tokens_demo_server_get_token() and _get_id() take a seeded
 * token's key there too: its name (InfluxDB 3) or the key it was seeded
 * with (Dedicated), and "operator". */
guint             tokens_demo_server_get_n_tokens      (TokensDemoServer    *self);
gboolean          tokens_demo_server_has_token_named   (TokensDemoServer    *self,
                                                        const char          *name);
gboolean          tokens_demo_server_has_token_id      (TokensDemoServer    *self,
                                                        const char          *id);
const char       *tokens_demo_server_get_cluster_uuid  (TokensDemoServer    *self);
void              tokens_demo_server_set_explicit_nulls (TokensDemoServer   *self,
                                                        gboolean             explicit_nulls);
void              tokens_demo_server_set_listed_hash   (TokensDemoServer    *self,
                                                        const char          *key,
                                                        const char          *hash);

G_END_DECLS
