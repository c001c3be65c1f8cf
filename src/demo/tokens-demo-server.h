/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The built-in fake InfluxDB, as the app's demo server button and the
 * influx-tokens-demo-server executable use it. What only the tests need
 * (faults, TLS, counters, inspecting its tokens) is in
 * tokens-demo-server-testing.h.
 */

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TOKENS_DEMO_MODE_OSS,        /* OSS 2.7: clear token values in lists */
  TOKENS_DEMO_MODE_OSS_HASHED, /* OSS 2.9: hashed tokens, "" in lists */
  TOKENS_DEMO_MODE_CLOUD,      /* Cloud: "redacted" in lists, ?token= lookups */
  TOKENS_DEMO_MODE_CORE,       /* InfluxDB 3 Core: /api/v3 tokens by name, no v2 API */
  TOKENS_DEMO_MODE_ENTERPRISE, /* InfluxDB 3 Enterprise: Core's API and resource tokens */
  TOKENS_DEMO_MODE_DEDICATED,  /* Cloud Dedicated: the management API's database tokens */
} TokensDemoMode;

/**
 * TokensDemoTokenFunc:
 * @kind: v2: "operator", "all-access", "inactive" or "scoped"; InfluxDB 3:
 *   "operator" (`_admin`), "admin", "resource" or "expired"; Cloud
 *   Dedicated: "operator" (the management token), "database", "revoked"
 *   or "expired"
 * @id: v2: 16 hex digits; InfluxDB 3: the decimal token_id; Dedicated: a UUID
 * @value: the token's secret value
 * @description: InfluxDB 3: the token's name
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
const char       *tokens_demo_server_get_url           (TokensDemoServer    *self);
TokensDemoMode    tokens_demo_server_get_mode          (TokensDemoServer    *self);
void              tokens_demo_server_seed              (TokensDemoServer    *self);
void              tokens_demo_server_generate          (TokensDemoServer    *self,
                                                        guint                n);
const char       *tokens_demo_server_get_token         (TokensDemoServer    *self,
                                                        const char          *key);
char             *tokens_demo_server_add_token         (TokensDemoServer    *self,
                                                        const char          *description,
                                                        guint                n_permissions);
void              tokens_demo_server_foreach_token     (TokensDemoServer    *self,
                                                        TokensDemoTokenFunc  func,
                                                        gpointer             user_data);
void              tokens_demo_server_set_latency       (TokensDemoServer    *self,
                                                        guint                milliseconds);
void              tokens_demo_server_set_without_auth  (TokensDemoServer    *self,
                                                        gboolean             without_auth);

G_END_DECLS
