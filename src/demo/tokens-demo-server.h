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
  TOKENS_DEMO_MODE_INFLUXDB3,  /* InfluxDB 3 Core: no /api/v2/authorizations */
} TokensDemoMode;

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

G_END_DECLS
