/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-client.h"

G_BEGIN_DECLS

#define USER_AGENT "influx-tokens/" PACKAGE_VERSION

typedef struct
{
  gsize max_body;          /* every answer but the list, decompressed */
  gsize max_list_body;     /* the list of tokens, decompressed */
  guint deadline_ms;       /* one attempt, from sending to the last byte */
  guint list_deadline_ms;
} TokensClientLimits;

/* Shared by tokens-client.c (the object and its endpoints) and
 * tokens-client-request.c (how one request is made and answered). */
struct _TokensClient
{
  GObject parent_instance;

  /* owned */
  SoupSession *session;
  GUri *base_uri;
  char *base_url;
  char *token;

  guint max_retry_wait;
  TokensProduct product;    /* as /ping said when tokens_client_list_all_async() asked it,
                             * or as the address says */
  gboolean without_auth;    /* InfluxDB 3 answered /ping without a token */
  TokensClientLimits limits;
};

/* What a request's answer is turned into. */
typedef enum
{
  RESPONSE_NONE,
  RESPONSE_ONE,
  RESPONSE_LIST,
  RESPONSE_PING,
  RESPONSE_BYTES,           /* any 2xx, its body as it came: another API's reader reads it */
} ResponseKind;

/* How much a client reads, and for how long: the tests set smaller limits. */
void          _tokens_client_set_limits               (TokensClient             *self,
                                                       const TokensClientLimits *limits);
void          _tokens_client_get_limits               (TokensClient             *self,
                                                       TokensClientLimits       *limits);

void          _tokens_client_emit_retry_scheduled     (TokensClient             *self,
                                                       guint                     seconds);

GTask        *_tokens_client_request_new              (TokensClient             *self,
                                                       const char               *method,
                                                       GUri                     *uri,
                                                       GBytes                   *body,
                                                       ResponseKind              kind,
                                                       gboolean                  authenticated,
                                                       GCancellable             *cancellable,
                                                       gpointer                  source_tag,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
void          _tokens_client_request_set_api          (GTask                    *task,
                                                       TokensApi                 api,
                                                       gboolean                  large);
void          _tokens_client_request_set_expected_id  (GTask                    *task,
                                                       const char               *id);
void          _tokens_client_request_send             (GTask                    *task);
SoupMessage  *_tokens_client_request_get_message      (GTask                    *task);

G_END_DECLS
