/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the files of the demo server, and by nothing else: its instance
 * struct, the tokens it keeps, and the helpers one file gives the others.
 * Each product mode answers from a file of its own (tokens-demo-v2.c with
 * tokens-demo-v2-listings.c, tokens-demo-v3.c with tokens-demo-enterprise.c,
 * tokens-demo-dedicated.c); tokens-demo-server.c routes to it by mode.
 */

#include "tokens-demo-server.h"
#include "tokens-demo-server-testing.h"
#include "tokens-permission.h"

#include <json-glib/json-glib.h>
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

/* A v2 bucket, as GET /api/v2/buckets lists it: what a bucket permission
 * names by id. */
typedef struct
{
  guint64 id;
  char *id_str;
  const Entity *org;
  char *name;
  char *description;        /* NULL: none, and the member is left out */
  gboolean system;          /* _monitoring and _tasks */
  gint64 retention_seconds; /* 0: kept forever */
  GDateTime *created_at;
  GDateTime *updated_at;
} Bucket;

/* A database that a token's permissions may name: InfluxDB 3's (listed by
 * GET /api/v3/configure/database) or Cloud Dedicated's (GET …/databases). */
typedef struct
{
  char *name;
  gboolean deleted;              /* InfluxDB 3: soft-deleted, renamed name-YYYYMMDDTHHMMSS */
  gint64 max_tables;             /* Dedicated */
  gint64 max_columns_per_table;  /* Dedicated */
  gint64 retention_period;       /* Dedicated: nanoseconds; 0: forever */
  JsonNode *partition_template;  /* Dedicated: NULL for the default one */
} Database;

/* An InfluxDB 3 token, as a row of system.tokens. */
typedef struct
{
  guint64 id;
  char *id_str;
  char *name;
  char *token;
  char *hash;              /* 9 hex digits of the SHA-512 of @token */
  char *permissions;       /* "*:*:*", or Enterprise's "db:db1,db2:read,write" */
  GDateTime *created_at;   /* UTC */
  GDateTime *expiry;       /* UTC; NULL: never */
  gboolean has_creator;
  guint64 created_by;
} V3Token;

/* A Cloud Dedicated database token. */
typedef struct
{
  char *id;                /* a UUID */
  char *key;               /* the tests' name for a seeded one, or NULL */
  char *description;
  char *access_token;
  JsonNode *permissions;   /* an array of {"action", "resource"} */
  GDateTime *created_at;
  GDateTime *expires_at;   /* NULL: never */
  GDateTime *revoked_at;   /* NULL: not revoked */
} DbToken;

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
  GPtrArray *buckets;     /* of Bucket, ascending id */
  guint64 next_id;
  guint n_generated;

  /* InfluxDB 3 and Cloud Dedicated: the databases permissions may name */
  GPtrArray *databases;   /* of Database, in the order they were made */

  /* InfluxDB 3 Core and Enterprise (tokens-demo-v3.c) */
  GPtrArray *v3_tokens;     /* of V3Token, ascending id */
  GHashTable *v3_by_token;  /* char* -> V3Token */
  GHashTable *v3_by_name;   /* char* -> V3Token */
  guint64 v3_next_id;
  gboolean without_auth;
  gboolean explicit_nulls;
  char *cluster_uuid;

  /* Cloud Dedicated (tokens-demo-dedicated.c) */
  char *management_token;
  GPtrArray *db_tokens;     /* of DbToken, in the order they were made */

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
extern const char * const _tokens_demo_resource_types[];  /* NULL-terminated */

void          _tokens_demo_entity_free         (Entity            *entity);
void          _tokens_demo_auth_free           (Auth              *auth);
char         *_tokens_demo_format_id           (guint64            id);
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
void          _tokens_demo_bucket_free         (Bucket            *bucket);
Bucket       *_tokens_demo_find_bucket         (TokensDemoServer  *self,
                                                guint64            id);
void          _tokens_demo_database_free       (Database          *database);
Database     *_tokens_demo_add_database        (TokensDemoServer  *self,
                                                const char        *name,
                                                gboolean           deleted);
Database     *_tokens_demo_find_database       (TokensDemoServer  *self,
                                                const char        *name);

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
gboolean      _tokens_demo_v2_can              (Auth              *caller,
                                                TokensAction       action,
                                                const char        *type,
                                                const char        *org_id,
                                                const char        *id);

/* tokens-demo-v2-listings.c: what a new v2 token can be granted */
void          _tokens_demo_v2_handle_buckets   (TokensDemoServer  *self,
                                                SoupServerMessage *msg,
                                                Auth              *caller,
                                                GHashTable        *query);
void          _tokens_demo_v2_handle_users     (TokensDemoServer  *self,
                                                SoupServerMessage *msg,
                                                Auth              *caller,
                                                GHashTable        *query);
void          _tokens_demo_v2_handle_resources (SoupServerMessage *msg);
void          _tokens_demo_v2_append_user      (GString           *out,
                                                const Entity      *user,
                                                guint              depth);

/* tokens-demo-v3.c: InfluxDB 3 Core, and what Enterprise shares with it */
void          _tokens_demo_v3_handle           (TokensDemoServer  *self,
                                                SoupServerMessage *msg,
                                                const char        *path,
                                                GHashTable        *query);
void          _tokens_demo_v3_token_free       (V3Token           *token);
V3Token      *_tokens_demo_v3_add_token        (TokensDemoServer  *self,
                                                const char        *name,
                                                const char        *permissions,
                                                GDateTime         *created_at,
                                                GDateTime         *expiry);
V3Token      *_tokens_demo_v3_find             (TokensDemoServer  *self,
                                                const char        *key);
void          _tokens_demo_v3_respond_text     (SoupServerMessage *msg,
                                                guint              status,
                                                const char        *text);
void          _tokens_demo_v3_respond_created  (SoupServerMessage *msg,
                                                V3Token           *token);
JsonObject   *_tokens_demo_read_json_object    (SoupServerMessage *msg);
const char   *_tokens_demo_json_string         (JsonObject        *object,
                                                const char        *name);
GDateTime    *_tokens_demo_v3_now              (void);
GDateTime    *_tokens_demo_v3_expiry_in        (JsonObject        *body,
                                                gboolean          *valid);
void          _tokens_demo_v3_seed             (TokensDemoServer  *self);
void          _tokens_demo_v3_generate         (TokensDemoServer  *self,
                                                guint              n);
void          _tokens_demo_v3_foreach_token    (TokensDemoServer  *self,
                                                TokensDemoTokenFunc func,
                                                gpointer           user_data);

/* tokens-demo-enterprise.c: InfluxDB 3 Enterprise's resource tokens */
void          _tokens_demo_enterprise_seed     (TokensDemoServer  *self);
const char   *_tokens_demo_enterprise_generated_permissions (guint serial);
void          _tokens_demo_enterprise_create   (TokensDemoServer  *self,
                                                SoupServerMessage *msg);
gboolean      _tokens_demo_enterprise_may_read_tokens (V3Token    *caller);

/* tokens-demo-dedicated.c: Cloud Dedicated's management API */
#define TOKENS_DEMO_DEDICATED_ACCOUNT "7b1c3d5e-2f4a-4b6c-8d9e-0f1a2b3c4d5e"
#define TOKENS_DEMO_DEDICATED_CLUSTER "c4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70"
#define TOKENS_DEMO_DEDICATED_BASE \
  "/api/v0/accounts/" TOKENS_DEMO_DEDICATED_ACCOUNT "/clusters/" TOKENS_DEMO_DEDICATED_CLUSTER
void          _tokens_demo_dedicated_handle    (TokensDemoServer  *self,
                                                SoupServerMessage *msg,
                                                const char        *path);
void          _tokens_demo_db_token_free       (DbToken           *token);
void          _tokens_demo_dedicated_seed      (TokensDemoServer  *self);
void          _tokens_demo_dedicated_generate  (TokensDemoServer  *self,
                                                guint              n);
DbToken      *_tokens_demo_dedicated_find      (TokensDemoServer  *self,
                                                const char        *key_or_id);
char         *_tokens_demo_dedicated_add_token (TokensDemoServer  *self,
                                                const char        *description,
                                                guint              n_permissions);
void          _tokens_demo_dedicated_foreach_token (TokensDemoServer *self,
                                                TokensDemoTokenFunc func,
                                                gpointer           user_data);

GDateTime *_tokens_demo_days_from_now (int days);

G_END_DECLS
