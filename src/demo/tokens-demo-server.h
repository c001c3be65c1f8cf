/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TOKENS_DEMO_MODE_OSS,        /* OSS 2.7: clear token values in lists */
  TOKENS_DEMO_MODE_OSS_HASHED, /* OSS 2.9: hashed tokens, "" in lists */
  TOKENS_DEMO_MODE_CLOUD,      /* Cloud: "redacted" in lists, ?token= lookups */
  TOKENS_DEMO_MODE_INFLUXDB3,  /* InfluxDB 3 Core: no /api/v2/authorizations */
} TokensDemoMode;

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

/**
 * TokensDemoTokenFunc:
 * @kind: "operator", "all-access", "inactive" or "scoped"
 * @value: the token's secret value
 */
typedef void (*TokensDemoTokenFunc) (const char *kind,
                                     const char *id,
                                     const char *value,
                                     const char *description,
                                     gpointer    user_data);

#define TOKENS_TYPE_DEMO_SERVER (tokens_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (TokensDemoServer, tokens_demo_server, TOKENS, DEMO_SERVER, GObject)

TokensDemoServer *tokens_demo_server_new               (TokensDemoMode       mode);
gboolean          tokens_demo_server_start             (TokensDemoServer    *self,
                                                        guint                port,
                                                        GError             **error);
gboolean          tokens_demo_server_start_tls         (TokensDemoServer    *self,
                                                        GTlsCertificate     *certificate,
                                                        GError             **error);
const char       *tokens_demo_server_get_url           (TokensDemoServer    *self);
TokensDemoMode    tokens_demo_server_get_mode          (TokensDemoServer    *self);
void              tokens_demo_server_seed              (TokensDemoServer    *self);
void              tokens_demo_server_generate          (TokensDemoServer    *self,
                                                        guint                n);
const char       *tokens_demo_server_get_token         (TokensDemoServer    *self,
                                                        const char          *key);
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
char             *tokens_demo_server_add_token         (TokensDemoServer    *self,
                                                        const char          *description,
                                                        guint                n_permissions);
void              tokens_demo_server_foreach_token     (TokensDemoServer    *self,
                                                        TokensDemoTokenFunc  func,
                                                        gpointer             user_data);
void              tokens_demo_server_set_latency       (TokensDemoServer    *self,
                                                        guint                milliseconds);
void              tokens_demo_server_inject_fault      (TokensDemoServer    *self,
                                                        TokensDemoFault      fault,
                                                        guint                count,
                                                        guint                retry_after);
void              tokens_demo_server_set_redirect      (TokensDemoServer    *self,
                                                        const char          *location,
                                                        guint                count);
guint             tokens_demo_server_get_n_requests    (TokensDemoServer    *self);
guint             tokens_demo_server_get_max_in_flight (TokensDemoServer    *self);
guint             tokens_demo_server_get_n_requests_while_paused (TokensDemoServer *self);
guint             tokens_demo_server_get_n_authenticated_requests (TokensDemoServer *self);
const char       *tokens_demo_server_get_last_user_agent (TokensDemoServer  *self);

G_END_DECLS
