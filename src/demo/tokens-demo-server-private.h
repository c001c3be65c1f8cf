/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the files of the demo server, and by nothing else: its instance
 * struct, the tokens it keeps, and the helpers one file gives the others.
 * Each product mode answers from a file of its own (tokens-demo-v2.c,
 * tokens-demo-v3.c); tokens-demo-server.c routes to it by mode.
 */

#include "tokens-demo-server.h"
#include "tokens-demo-server-testing.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *name;
} Entity;

typedef struct
{
  guint64 id;
  char *id_str;
  char *key;
  char *token;
  char *description;
  const Entity *org;
  const Entity *user;
  GPtrArray *permissions;  /* of TokensPermission */
  GDateTime *created_at;
  GDateTime *updated_at;
  gboolean active;
} Auth;

struct _TokensDemoServer
{
  GObject parent_instance;

  SoupServer *server;
  char *url;
  TokensDemoMode mode;

  GPtrArray *orgs;        /* of Entity */
  GPtrArray *users;       /* of Entity */
  GPtrArray *auths;       /* of Auth, ascending id */
  GHashTable *by_id;      /* guint64* -> Auth */
  GHashTable *by_token;   /* char* -> Auth */
  GHashTable *by_key;     /* char* -> Auth */
  guint64 next_id;
  guint n_generated;

  guint latency_ms;
  TokensDemoFault fault;
  guint fault_count;
  guint fault_retry_after;
  char *redirect_location;

  GHashTable *delayed;     /* Delayed* set: answers waiting out the latency */
  GPtrArray *hung;         /* SoupServerMessage never answered */

  guint n_requests;
  guint max_in_flight;          /* answers waiting out the latency at once */
  gint64 rate_limited_at;       /* monotonic: the last 429 or 503 with Retry-After */
  guint rate_limited_for_ms;
  guint n_requests_while_paused;
  guint n_authenticated_requests;
  char *last_user_agent;
};

/* Object data on a message a fault took over (its connection stolen, or
 * left hanging): the server must not unpause it. */
#define TOKENS_DEMO_DETACHED "tokens-detached"

/* tokens-demo-data.c */
void          _tokens_demo_entity_free         (Entity            *entity);
void          _tokens_demo_auth_free           (Auth              *auth);
gboolean      _tokens_demo_parse_id            (const char        *text,
                                                guint64           *id,
                                                const char       **message);
const Entity *_tokens_demo_find_entity_by_name (GPtrArray         *array,
                                                const char        *name);
const Entity *_tokens_demo_find_entity_by_id   (GPtrArray         *array,
                                                const char        *id);
GPtrArray    *_tokens_demo_new_permissions     (void);
Auth         *_tokens_demo_add_auth            (TokensDemoServer  *self,
                                                const char        *key,
                                                const char        *description,
                                                const Entity      *org,
                                                const Entity      *user,
                                                GPtrArray         *permissions,
                                                GDateTime         *created_at,
                                                gboolean           active);
void          _tokens_demo_remove_auth         (TokensDemoServer  *self,
                                                Auth              *auth);

/* tokens-demo-response.c */
void          _tokens_demo_json_indent         (GString           *out,
                                                guint              depth);
void          _tokens_demo_json_append_member  (GString           *out,
                                                guint              depth,
                                                const char        *name,
                                                const char        *value,
                                                gboolean           last);
void          _tokens_demo_json_append_time    (GString           *out,
                                                guint              depth,
                                                const char        *name,
                                                GDateTime         *when,
                                                gboolean           last);
void          _tokens_demo_respond_json        (SoupServerMessage *msg,
                                                guint              status,
                                                GString           *body);
void          _tokens_demo_respond_error       (SoupServerMessage *msg,
                                                const char        *code,
                                                const char        *message);
void          _tokens_demo_respond_html        (SoupServerMessage *msg,
                                                guint              status,
                                                const char        *title);

/* tokens-demo-faults.c */
gboolean      _tokens_demo_apply_fault         (TokensDemoServer  *self,
                                                SoupServerMessage *msg);

/* tokens-demo-v2.c: OSS 2.x and Cloud */
void          _tokens_demo_v2_handle_ping      (TokensDemoServer  *self,
                                                SoupServerMessage *msg);
void          _tokens_demo_v2_handle_api       (TokensDemoServer  *self,
                                                SoupServerMessage *msg,
                                                const char        *path,
                                                GHashTable        *query);

/* tokens-demo-v3.c: InfluxDB 3 Core */
void          _tokens_demo_v3_handle_ping      (TokensDemoServer  *self,
                                                SoupServerMessage *msg);
void          _tokens_demo_v3_handle_api       (TokensDemoServer  *self,
                                                SoupServerMessage *msg,
                                                const char        *path,
                                                GHashTable        *query);

G_END_DECLS
