/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server-private.h"

#include <string.h>

/*
 * InfluxDB 3 Core, and what Enterprise shares with it (its own additions
 * are in tokens-demo-enterprise.c), as docs/influxdb3-api.md describes
 * them: authentication before routing, JSON for 400 and 401 and plain text
 * for every other error, a cluster-uuid header on every answer (set by
 * tokens-demo-server.c), tokens listed by SQL on system.tokens and deleted
 * by name, and /ping that wants a token. Its tokens are V3Tokens, kept
 * here.
 */

#define V3_VERSION "3.11.1"
#define V3_REVISION "5c7a3f1e9b"
#define TOKENS_QUERY "SELECT * FROM system.tokens"
#define OPERATOR_NAME "_admin"
#define ALL_PERMISSIONS "*:*:*"

/* ---------------------------------------------------------------------- */
/* Tokens                                                                 */

void
_tokens_demo_v3_token_free (V3Token *token)
{
  g_free (token->id_str);
  g_free (token->name);
  g_free (token->token);
  g_free (token->hash);
  g_free (token->permissions);
  g_date_time_unref (token->created_at);
  g_clear_pointer (&token->expiry, g_date_time_unref);
  g_free (token);
}

static char *
new_token_value (void)
{
  guint8 bytes[32];
  g_autofree char *b64 = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = (guint8)g_random_int_range (0, 256);

  /* "apiv3_" and URL-safe base64 without padding. */
  b64 = g_base64_encode (bytes, sizeof bytes);
  for (char *p = b64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return g_strconcat ("apiv3_", b64, NULL);
}

/* What system.tokens shows: the first 9 hex digits of the token's SHA-512. */
static char *
token_hash (const char *token)
{
  g_autofree char *full = g_compute_checksum_for_string (G_CHECKSUM_SHA512, token, -1);

  return g_strndup (full, 9);
}

static void
set_token_value (TokensDemoServer *self,
                 V3Token          *token,
                 char             *value)
{
  if (token->token != NULL)
    g_hash_table_remove (self->v3_by_token, token->token);
  g_free (token->token);
  g_free (token->hash);
  token->token = value;
  token->hash = token_hash (value);
  g_hash_table_insert (self->v3_by_token, token->token, token);
}

/**
 * tokens_demo_server_set_listed_hash:
 * @key: a seeded InfluxDB 3 token's name, or "operator"
 * @hash: what system.tokens lists as its hash from now on
 *
 * For the tests of a hash prefix that two tokens share, which no search
 * for a real 36-bit collision could afford. The token still signs in
 * with its value.
 */
void
tokens_demo_server_set_listed_hash (TokensDemoServer *self,
                                    const char       *key,
                                    const char       *hash)
{
  V3Token *token = _tokens_demo_v3_find (self, key);

  g_return_if_fail (token != NULL);
  g_free (token->hash);
  token->hash = g_strdup (hash);
}

/* Returns NULL when the name is taken. */
V3Token *
_tokens_demo_v3_add_token (TokensDemoServer *self,
                           const char       *name,
                           const char       *permissions,
                           GDateTime        *created_at,
                           GDateTime        *expiry)
{
  V3Token *token;

  if (g_hash_table_contains (self->v3_by_name, name))
    return NULL;

  token = g_new0 (V3Token, 1);
  token->id = self->v3_next_id++;
  token->id_str = g_strdup_printf ("%" G_GUINT64_FORMAT, token->id);
  token->name = g_strdup (name);
  token->permissions = g_strdup (permissions);
  token->created_at = g_date_time_to_utc (created_at);
  token->expiry = expiry != NULL ? g_date_time_to_utc (expiry) : NULL;
  /* Every token but the operator's was made by the operator. */
  if (self->v3_tokens->len > 0)
    {
      token->has_creator = TRUE;
      token->created_by = ((V3Token *)g_ptr_array_index (self->v3_tokens, 0))->id;
    }
  set_token_value (self, token, new_token_value ());

  g_ptr_array_add (self->v3_tokens, token);
  g_hash_table_insert (self->v3_by_name, token->name, token);

  return token;
}

static void
remove_token (TokensDemoServer *self,
              V3Token          *token)
{
  g_hash_table_remove (self->v3_by_token, token->token);
  g_hash_table_remove (self->v3_by_name, token->name);
  g_ptr_array_remove (self->v3_tokens, token);
}

/* A seeded token by name; "operator" is `_admin`. */
V3Token *
_tokens_demo_v3_find (TokensDemoServer *self,
                      const char       *key)
{
  if (g_strcmp0 (key, "operator") == 0)
    key = OPERATOR_NAME;
  return key != NULL ? g_hash_table_lookup (self->v3_by_name, key) : NULL;
}

static gboolean
is_expired (V3Token *token)
{
  g_autoptr(GDateTime) now = NULL;

  if (token->expiry == NULL)
    return FALSE;
  now = g_date_time_new_now_utc ();
  return g_date_time_compare (token->expiry, now) <= 0;
}

static gboolean
is_admin (V3Token *token)
{
  return g_str_equal (token->permissions, ALL_PERMISSIONS);
}

static GDateTime *
naive (const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return g_date_time_new_from_iso8601 (iso, utc);
}

/* Now, in whole seconds, as the fake server writes every timestamp. */
GDateTime *
_tokens_demo_v3_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_seconds (now, -g_date_time_get_microsecond (now) / 1e6);
}

/**
 * _tokens_demo_v3_seed:
 *
 * The operator token `_admin`, and named admin tokens: one without
 * expiry, one that expired long ago, one that expires in three days.
 * Enterprise adds its resource tokens.
 */
void
_tokens_demo_v3_seed (TokensDemoServer *self)
{
  g_autoptr(GDateTime) d1 = naive ("2025-05-01T10:00:00");
  g_autoptr(GDateTime) d2 = naive ("2025-05-02T08:15:30");
  g_autoptr(GDateTime) d3 = naive ("2025-06-11T14:02:09");
  g_autoptr(GDateTime) d4 = naive ("2025-07-01T00:00:00");
  g_autoptr(GDateTime) d4_end = naive ("2025-07-31T00:00:00");
  g_autoptr(GDateTime) d5 = naive ("2025-09-23T17:45:00");
  g_autoptr(GDateTime) soon = _tokens_demo_days_from_now (3);
  g_autoptr(GDateTime) d6 = naive ("2025-10-05T09:30:00");

  if (self->v3_tokens->len > 0)
    return;

  _tokens_demo_v3_add_token (self, OPERATOR_NAME, ALL_PERMISSIONS, d1, NULL);
  _tokens_demo_v3_add_token (self, "ops-alice", ALL_PERMISSIONS, d2, NULL);
  _tokens_demo_v3_add_token (self, "ci-deploy", ALL_PERMISSIONS, d3, NULL);
  _tokens_demo_v3_add_token (self, "migration-july", ALL_PERMISSIONS, d4, d4_end);
  _tokens_demo_v3_add_token (self, "contractor-bob", ALL_PERMISSIONS, d5, soon);
  _tokens_demo_v3_add_token (self, "backup-nightly", ALL_PERMISSIONS, d6, NULL);

  /* The server makes _internal when it starts; the others are a site's.
   * A deleted database is renamed with the time it went. */
  _tokens_demo_add_database (self, "_internal", FALSE);
  _tokens_demo_add_database (self, "sensors", FALSE);
  _tokens_demo_add_database (self, "telegraf", FALSE);
  _tokens_demo_add_database (self, "scratch-20250815T093000", TRUE);

  if (self->mode == TOKENS_DEMO_MODE_ENTERPRISE)
    _tokens_demo_enterprise_seed (self);
}

/* Scripts' tokens, for scale: Core's are admin tokens, Enterprise's mostly
 * resource tokens. */
void
_tokens_demo_v3_generate (TokensDemoServer *self,
                          guint             n)
{
  g_autoptr(GDateTime) base = naive ("2025-01-01T00:00:00");

  if (self->v3_tokens->len == 0)
    _tokens_demo_v3_seed (self);

  for (guint i = 0; i < n; i++)
    {
      guint serial = ++self->n_generated;
      g_autofree char *name = g_strdup_printf ("ci-job-%05u", serial);
      g_autoptr(GDateTime) created = g_date_time_add_minutes (base, serial * 7);
      const char *permissions = ALL_PERMISSIONS;

      if (self->mode == TOKENS_DEMO_MODE_ENTERPRISE && serial % 5 != 0)
        permissions = _tokens_demo_enterprise_generated_permissions (serial);
      _tokens_demo_v3_add_token (self, name, permissions, created, NULL);
    }
}

void
_tokens_demo_v3_foreach_token (TokensDemoServer    *self,
                               TokensDemoTokenFunc  func,
                               gpointer             user_data)
{
  for (guint i = 0; i < self->v3_tokens->len; i++)
    {
      V3Token *token = g_ptr_array_index (self->v3_tokens, i);
      const char *kind;

      if (g_str_equal (token->name, OPERATOR_NAME))
        kind = "operator";
      else if (is_expired (token))
        kind = "expired";
      else if (is_admin (token))
        kind = "admin";
      else
        kind = "resource";
      /* The operator's is the first row: it was made first and never goes. */
      func (kind, token->id_str, token->token, token->name, user_data);
    }
}

/* ---------------------------------------------------------------------- */
/* Answers                                                                */

/* Every error but 400 and 401 from authentication is plain text. */
void
_tokens_demo_v3_respond_text (SoupServerMessage *msg,
                              guint              status,
                              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static void
respond_json_error (SoupServerMessage *msg,
                    guint              status,
                    const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  respond_node (msg, status, node);
}

/* Naive, as system.tokens writes them: no offset, UTC meant. */
static char *
format_naive (GDateTime *when)
{
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S");
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 GDateTime   *when)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (when == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  text = format_naive (when);
  json_builder_add_string_value (builder, text);
}

/* What a create or a regenerate answers: the only time the value is shown.
 * Which members real servers write is not known for certain; these are
 * the ones the notes name. */
void
_tokens_demo_v3_respond_created (SoupServerMessage *msg,
                                 V3Token           *token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, (gint64)token->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, token->name);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token->token);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, token->hash);
  add_time_member (builder, "created_at", token->created_at);
  add_time_member (builder, "expiry", token->expiry);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  respond_node (msg, 201, node);
}

/* ---------------------------------------------------------------------- */
/* Requests                                                               */

/* The body as a JSON object, or NULL when it is not one. */
JsonObject *
_tokens_demo_read_json_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  /* The fake server's own guard: json-glib would recurse without end. */
  for (gsize i = 0, depth = 0; i < len; i++)
    if ((data[i] == '[' || data[i] == '{') && ++depth > 100)
      return NULL;

  if (data == NULL || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* A string member, or NULL when it is missing or not a string. */
const char *
_tokens_demo_json_string (JsonObject *object,
                          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
has_json_content_type (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return g_strcmp0 (type, "application/json") == 0;
}

/* "expiry_secs": absent or null for never, else a positive count. */
GDateTime *
_tokens_demo_v3_expiry_in (JsonObject *body,
                           gboolean   *valid)
{
  JsonNode *node = json_object_get_member (body, "expiry_secs");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  *valid = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0)
    {
      *valid = FALSE;
      return NULL;
    }
  return g_date_time_add_seconds (now, (gdouble)json_node_get_int (node));
}

/* The token the request carries, from `Bearer`, `Token` or `Basic`
 * (any user, the token as password). Returns FALSE when the header is
 * there but malformed. */
static gboolean
read_authorization (const char  *value,
                    char       **token)
{
  const char *space = strchr (value, ' ');
  g_autofree char *scheme = NULL;
  const char *rest;

  *token = NULL;
  if (space == NULL)
    return FALSE;
  scheme = g_strndup (value, space - value);
  rest = space + 1;

  /* The scheme is case-sensitive: "bearer x" is malformed. */
  if (g_str_equal (scheme, "Bearer") || g_str_equal (scheme, "Token"))
    {
      if (*rest == '\0')
        return FALSE;
      *token = g_strdup (rest);
      return TRUE;
    }
  if (g_str_equal (scheme, "Basic"))
    {
      gsize len = 0;
      g_autofree guchar *decoded = g_base64_decode (rest, &len);
      g_autofree char *text = decoded != NULL ? g_strndup ((char *)decoded, len) : NULL;
      const char *colon = text != NULL ? strchr (text, ':') : NULL;

      if (colon == NULL)
        return FALSE;
      *token = g_strdup (colon + 1);
      return TRUE;
    }
  return FALSE;
}

/* The caller's token, or NULL after answering 400 or 401. */
static V3Token *
authenticate (TokensDemoServer  *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *presented = NULL;
  V3Token *token = NULL;

  if (value != NULL)
    {
      self->n_authenticated_requests++;
      if (!read_authorization (value, &presented))
        {
          respond_json_error (msg, 400, "Authorization header was malformed");
          return NULL;
        }
      token = g_hash_table_lookup (self->v3_by_token, presented);
      memset (presented, 0, strlen (presented));
    }

  /* No header, an unknown token and an expired one alike. */
  if (token == NULL || is_expired (token))
    {
      respond_json_error (msg, 401, "the request was not authenticated");
      return NULL;
    }
  return token;
}

static void
handle_ping (TokensDemoServer  *self,
             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *build = self->mode == TOKENS_DEMO_MODE_ENTERPRISE ? "Enterprise" : "Core";
  g_autofree char *product = g_strconcat ("InfluxDB 3 ", build, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  soup_message_headers_replace (headers, "X-Influxdb-Build", build);
  soup_message_headers_replace (headers, "X-Influxdb-Version", V3_VERSION);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "product_name");
  json_builder_add_string_value (builder, product);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, V3_VERSION);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_string_value (builder, V3_REVISION);
  json_builder_set_member_name (builder, "process_id");
  json_builder_add_string_value (builder, self->cluster_uuid);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  respond_node (msg, 200, node);
}

static void
add_row (TokensDemoServer *self,
         JsonBuilder      *builder,
         V3Token          *token)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token_id");
  json_builder_add_int_value (builder, (gint64)token->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, token->name);
  if (!self->without_auth)
    {
      json_builder_set_member_name (builder, "hash");
      json_builder_add_string_value (builder, token->hash);
    }
  add_time_member (builder, "created_at", token->created_at);
  if (self->explicit_nulls)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_null_value (builder);
    }
  if (token->has_creator)
    {
      json_builder_set_member_name (builder, "created_by_token_id");
      json_builder_add_int_value (builder, (gint64)token->created_by);
    }
  else if (self->explicit_nulls)
    {
      json_builder_set_member_name (builder, "created_by_token_id");
      json_builder_add_null_value (builder);
    }
  if (self->explicit_nulls)
    {
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "updated_by_token_id");
      json_builder_add_null_value (builder);
    }
  if (token->expiry != NULL || self->explicit_nulls)
    add_time_member (builder, "expiry", token->expiry);
  json_builder_set_member_name (builder, "permissions");
  json_builder_add_string_value (builder, token->permissions);
  json_builder_end_object (builder);
}

/* SQL on _internal, as the client will send it and nothing else: the fake
 * server is no query engine. */
static void
handle_query (TokensDemoServer  *self,
              SoupServerMessage *msg,
              GHashTable        *query,
              V3Token           *caller)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *db = NULL, *q = NULL, *format = NULL;

  if (g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_POST))
    {
      body = _tokens_demo_read_json_object (msg);
      if (body == NULL)
        {
          _tokens_demo_v3_respond_text (msg, 400, "request body is not a JSON object");
          return;
        }
      db = _tokens_demo_json_string (body, "db");
      q = _tokens_demo_json_string (body, "q");
      format = _tokens_demo_json_string (body, "format");
    }
  else if (query != NULL)
    {
      db = g_hash_table_lookup (query, "db");
      q = g_hash_table_lookup (query, "q");
      format = g_hash_table_lookup (query, "format");
    }

  if (db == NULL || q == NULL)
    {
      _tokens_demo_v3_respond_text (msg, 400, "missing query parameter: db and q are required");
      return;
    }
  if (!g_str_equal (db, "_internal") || !g_str_equal (q, TOKENS_QUERY))
    {
      _tokens_demo_v3_respond_text (msg, 400,
                                    "error while planning query: the fake server answers only "
                                    "SELECT * FROM system.tokens on _internal");
      return;
    }
  if (format != NULL && !g_str_equal (format, "json"))
    {
      _tokens_demo_v3_respond_text (msg, 400, "the fake server answers only format=json");
      return;
    }
  if (caller != NULL && !is_admin (caller) && !_tokens_demo_enterprise_may_read_tokens (caller))
    {
      _tokens_demo_v3_respond_text (msg, 403, "Forbidden");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->v3_tokens->len; i++)
    add_row (self, builder, g_ptr_array_index (self->v3_tokens, i));
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  respond_node (msg, 200, node);
}

static int
compare_databases (gconstpointer a,
                   gconstpointer b)
{
  const Database *x = *(const Database * const *)a;
  const Database *y = *(const Database * const *)b;

  if (x->deleted != y->deleted)
    return x->deleted ? 1 : -1;
  return strcmp (x->name, y->name);
}

/* GET /api/v3/configure/database: the catalog's databases, the live ones
 * first, each part by name; the deleted ones only with show_deleted, and
 * then every row says whether it is. `format` is required. */
static void
handle_show_databases (TokensDemoServer  *self,
                       SoupServerMessage *msg,
                       GHashTable        *query,
                       V3Token           *caller)
{
  static const char * const formats[] = { "parquet", "csv", "pretty", "json", "json_lines",
                                          "jsonl", NULL };
  const char *format = query != NULL ? g_hash_table_lookup (query, "format") : NULL;
  const char *show = query != NULL ? g_hash_table_lookup (query, "show_deleted") : NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  gboolean show_deleted = FALSE;
  gboolean lines;
  GString *body;
  gsize len;

  /* serde's words for a query it cannot read into its request type. */
  if (format == NULL)
    {
      _tokens_demo_v3_respond_text (msg, 400, "serde error: missing field `format`");
      return;
    }
  if (!g_strv_contains (formats, format))
    {
      _tokens_demo_v3_respond_text (msg, 400, "serde error: unknown variant, expected one of "
                                    "`parquet`, `csv`, `pretty`, `json`, `json_lines`");
      return;
    }
  if (show != NULL && !g_str_equal (show, "true") && !g_str_equal (show, "false"))
    {
      _tokens_demo_v3_respond_text (msg, 400,
                                    "serde error: provided string was not `true` or `false`");
      return;
    }
  show_deleted = g_strcmp0 (show, "true") == 0;
  lines = g_str_equal (format, "jsonl") || g_str_equal (format, "json_lines");
  if (!lines && !g_str_equal (format, "json"))
    {
      _tokens_demo_v3_respond_text (msg, 400, "the fake server answers only format=json or jsonl");
      return;
    }
  /* Which resource tokens Enterprise lets list databases is not known:
   * the fake server lets admin tokens only. */
  if (caller != NULL && !is_admin (caller))
    {
      _tokens_demo_v3_respond_text (msg, 403, "Forbidden");
      return;
    }

  sorted = g_ptr_array_sized_new (self->databases->len);
  g_ptr_array_extend (sorted, self->databases, NULL, NULL);
  g_ptr_array_sort (sorted, compare_databases);

  generator = json_generator_new ();
  body = g_string_new (lines ? NULL : "[");
  for (guint i = 0, n = 0; i < sorted->len; i++)
    {
      Database *database = g_ptr_array_index (sorted, i);
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *row = NULL;

      if (database->deleted && !show_deleted)
        continue;
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "iox::database");
      json_builder_add_string_value (builder, database->name);
      if (show_deleted)
        {
          json_builder_set_member_name (builder, "deleted");
          json_builder_add_boolean_value (builder, database->deleted);
        }
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      json_generator_set_root (generator, node);
      row = json_generator_to_data (generator, NULL);
      if (!lines && n++ > 0)
        g_string_append_c (body, ',');
      g_string_append (body, row);
      if (lines)
        g_string_append_c (body, '\n');
    }
  if (!lines)
    g_string_append_c (body, ']');

  len = body->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, lines ? "application/jsonl" : "application/json",
                                    SOUP_MEMORY_TAKE, g_string_free (body, FALSE), len);
}

static void
handle_delete (TokensDemoServer  *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *name = query != NULL ? g_hash_table_lookup (query, "token_name") : NULL;
  g_autofree char *message = NULL;
  V3Token *token;

  if (name == NULL || *name == '\0')
    {
      _tokens_demo_v3_respond_text (msg, 400, "missing query parameter: token_name");
      return;
    }
  if (g_str_equal (name, OPERATOR_NAME))
    {
      _tokens_demo_v3_respond_text (msg, 405, "cannot delete operator token");
      return;
    }

  token = g_hash_table_lookup (self->v3_by_name, name);
  if (token == NULL)
    {
      message = g_strdup_printf ("the requested resource was not found: %s", name);
      _tokens_demo_v3_respond_text (msg, 404, message);
      return;
    }

  /* A token may delete itself: its next request is a 401. */
  remove_token (self, token);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

static void
handle_create_named_admin (TokensDemoServer  *self,
                           SoupServerMessage *msg)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GDateTime) created = _tokens_demo_v3_now ();
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *message = NULL;
  const char *name;
  gboolean valid = FALSE;
  V3Token *token;

  if (!has_json_content_type (msg))
    {
      _tokens_demo_v3_respond_text (msg, 415, "Content-Type must be application/json");
      return;
    }
  body = _tokens_demo_read_json_object (msg);
  name = _tokens_demo_json_string (body, "token_name");
  expiry = body != NULL ? _tokens_demo_v3_expiry_in (body, &valid) : NULL;
  if (name == NULL || *name == '\0' || !valid)
    {
      _tokens_demo_v3_respond_text (msg, 400, "invalid request body: token_name is required");
      return;
    }

  token = _tokens_demo_v3_add_token (self, name, ALL_PERMISSIONS, created, expiry);
  if (token == NULL)
    {
      message = g_strdup_printf ("token name already exists, %s", name);
      _tokens_demo_v3_respond_text (msg, 409, message);
      return;
    }
  _tokens_demo_v3_respond_created (msg, token);
}

static void
handle_regenerate (TokensDemoServer  *self,
                   SoupServerMessage *msg)
{
  V3Token *operator = g_hash_table_lookup (self->v3_by_name, OPERATOR_NAME);

  if (operator == NULL)
    {
      _tokens_demo_v3_respond_text (msg, 404, "the requested resource was not found: _admin");
      return;
    }
  /* The old value stops working at once. */
  set_token_value (self, operator, new_token_value ());
  _tokens_demo_v3_respond_created (msg, operator);
}

/* Bootstrap: the one request that needs no token, once. */
static void
handle_create_operator (TokensDemoServer  *self,
                        SoupServerMessage *msg)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  V3Token *token;

  token = _tokens_demo_v3_add_token (self, OPERATOR_NAME, ALL_PERMISSIONS, now, NULL);
  if (token == NULL)
    {
      _tokens_demo_v3_respond_text (msg, 409, "token name already exists, _admin");
      return;
    }
  _tokens_demo_v3_respond_created (msg, token);
}

static gboolean
is_token_path (const char *path)
{
  return g_str_has_prefix (path, "/api/v3/configure/token") ||
         g_str_has_prefix (path, "/api/v3/enterprise/configure/token");
}

void
_tokens_demo_v3_handle (TokensDemoServer  *self,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, SOUP_METHOD_GET);
  gboolean post = g_str_equal (method, SOUP_METHOD_POST);
  V3Token *caller = NULL;

  if (self->without_auth && is_token_path (path))
    {
      _tokens_demo_v3_respond_text (msg, 405, "endpoint disabled, started without auth");
      return;
    }

  if (post && g_str_equal (path, "/api/v3/configure/token/admin"))
    {
      handle_create_operator (self, msg);
      return;
    }

  /* Authentication comes before routing: a path that does not exist is a
   * 401 without a token, a 404 with one. */
  if (!self->without_auth)
    {
      caller = authenticate (self, msg);
      if (caller == NULL)
        return;
    }

  if (get && g_str_equal (path, "/ping"))
    handle_ping (self, msg);
  else if (get && g_str_equal (path, "/health"))
    _tokens_demo_v3_respond_text (msg, 200, "OK");
  else if ((get || post) && g_str_equal (path, "/api/v3/query_sql"))
    handle_query (self, msg, query, caller);
  else if (get && g_str_equal (path, "/api/v3/configure/database"))
    handle_show_databases (self, msg, query, caller);
  else if (is_token_path (path) && caller != NULL && !is_admin (caller))
    _tokens_demo_v3_respond_text (msg, 403, "Forbidden");
  else if (g_str_equal (method, SOUP_METHOD_DELETE) &&
           g_str_equal (path, "/api/v3/configure/token"))
    handle_delete (self, msg, query);
  else if (post && g_str_equal (path, "/api/v3/configure/token/named_admin"))
    handle_create_named_admin (self, msg);
  else if (post && g_str_equal (path, "/api/v3/configure/token/admin/regenerate"))
    handle_regenerate (self, msg);
  else if (post && self->mode == TOKENS_DEMO_MODE_ENTERPRISE &&
           g_str_equal (path, "/api/v3/enterprise/configure/token"))
    _tokens_demo_enterprise_create (self, msg);
  else
    _tokens_demo_v3_respond_text (msg, 404, "Not found");
}
