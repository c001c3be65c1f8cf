/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-grant-reader"

#include "config.h"

#include "tokens-grant-reader.h"
#include "tokens-json-list-reader.h"
#include "tokens-api-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * What a new token could be given access to, as each product lists it
 * (docs/influxdb-v2-api.md, docs/influxdb3-api.md): v2's buckets, a page
 * at a time, and its resource types; InfluxDB 3's and the management
 * API's databases. Read by the rules every reader shares; a listing that
 * is wrong fails as a whole, and the create dialog says so rather than
 * offering half the choices.
 */

/* More choices than any dialog can show usefully; a server listing more is
 * not believed. */
#define MAX_RESOURCE_TYPES 64
#define MAX_RESOURCE_TYPE_LEN 64

typedef struct
{
  char *id;
  char *name;
} NamedRecord;

static gpointer
build_bucket (gpointer data)
{
  NamedRecord *record = data;

  return tokens_grant_new (TOKENS_GRANT_BUCKET, record->id, record->name, FALSE, FALSE);
}

static const TokensJsonField bucket_fields[] = {
  { .name = "id", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (NamedRecord, id), .error = N_("a bucket has no id") },
  { .name = "name", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (NamedRecord, name), .error = N_("a bucket has no name") },
};

static const TokensJsonShape bucket_shape = {
  .fields = bucket_fields,
  .n_fields = G_N_ELEMENTS (bucket_fields),
  .record_size = sizeof (NamedRecord),
  .not_object = N_("a bucket is not an object"),
  .build = build_bucket,
  .free_built = (GDestroyNotify)tokens_grant_free,
};

typedef struct
{
  GPtrArray *buckets;
  gboolean has_links;
  char *next;
} PageRecord;

typedef struct
{
  GPtrArray *buckets;
  gboolean more;
} Page;

static const TokensJsonField links_fields[] = {
  { .name = "next", .kind = TOKENS_JSON_NONEMPTY, .offset = G_STRUCT_OFFSET (PageRecord, next) },
};

static const TokensJsonShape links_shape = {
  .fields = links_fields,
  .n_fields = G_N_ELEMENTS (links_fields),
};

static gpointer
build_page (gpointer data)
{
  PageRecord *record = data;
  Page *page = g_new0 (Page, 1);

  page->buckets = g_steal_pointer (&record->buckets);
  page->more = record->next != NULL;
  return page;
}

static void
page_free (Page *page)
{
  g_clear_pointer (&page->buckets, g_ptr_array_unref);
  g_free (page);
}

static const TokensJsonField page_fields[] = {
  { .name = "buckets", .kind = TOKENS_JSON_LIST, .required = TRUE, .shape = &bucket_shape,
    .offset = G_STRUCT_OFFSET (PageRecord, buckets), .error = N_("it has no list of buckets") },
  { .name = "links", .kind = TOKENS_JSON_OBJECT, .shape = &links_shape,
    .offset = G_STRUCT_OFFSET (PageRecord, has_links) },
};

static const TokensJsonShape page_shape = {
  .fields = page_fields,
  .n_fields = G_N_ELEMENTS (page_fields),
  .record_size = sizeof (PageRecord),
  .not_object = N_("the body is not an object"),
  .build = build_page,
  .free_built = (GDestroyNotify)page_free,
};

/**
 * tokens_grant_reader_read_buckets:
 * @body: one page of `GET /api/v2/buckets`
 * @more: (out): whether the server says there is a next page
 *
 * Returns: (transfer full) (element-type TokensGrant): the page's buckets,
 *   or %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_grant_reader_read_buckets (GBytes    *body,
                                  gboolean  *more,
                                  GError   **error)
{
  g_autoptr(JsonNode) root = tokens_json_parse_object (body, error);
  Page *page;
  GPtrArray *buckets;

  *more = FALSE;
  if (root == NULL)
    return NULL;

  page = tokens_json_reader_read_object (&page_shape, root, error);
  if (page == NULL)
    return NULL;

  *more = page->more;
  buckets = g_steal_pointer (&page->buckets);
  page_free (page);
  return buckets;
}

/**
 * tokens_grant_resource_type_is_valid:
 *
 * Whether @type can be a v2 resource type: a short word of ASCII letters,
 * as every type InfluxDB has is. Nothing else goes into a permission.
 */
gboolean
tokens_grant_resource_type_is_valid (const char *type)
{
  gsize len;

  if (type == NULL)
    return FALSE;
  len = strlen (type);
  if (len == 0 || len > MAX_RESOURCE_TYPE_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalpha (type[i]))
      return FALSE;
  return TRUE;
}

/**
 * tokens_grant_reader_read_resources:
 * @body: the answer to `GET /api/v2/resources`: an array of type names
 *
 * Returns: (transfer full) (element-type TokensGrant): one grant per
 *   resource type but buckets (which are granted one by one), or %NULL
 *   with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_grant_reader_read_resources (GBytes  *body,
                                    GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonNode *root;
  JsonArray *array;
  const char *data;
  gsize len;

  if (!tokens_json_check_body (body, &data, &len, error))
    return NULL;
  if (!tokens_api_json_depth_is_within (data, len, TOKENS_API_MAX_DEPTH))
    {
      tokens_json_set_invalid (error, tokens_json_fault_describe (TOKENS_JSON_FAULT_TOO_DEEP));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      tokens_json_set_invalid (error, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      tokens_json_set_invalid (error, _("the body is not a list of resource types"));
      return NULL;
    }

  array = json_node_get_array (root);
  if (json_array_get_length (array) > MAX_RESOURCE_TYPES)
    {
      tokens_json_set_invalid (error, _("it lists more resource types than InfluxDB has"));
      return NULL;
    }

  grants = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_grant_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *type;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          tokens_json_set_invalid (error, _("a resource type is not a string"));
          return NULL;
        }
      type = json_node_get_string (node);
      /* Letters only: this also refuses what json-glib's octal escapes make
       * of an ASCII body (tokens-json-reader.c). */
      if (!tokens_grant_resource_type_is_valid (type))
        {
          tokens_json_set_invalid (error, _("a resource type is not a word"));
          return NULL;
        }
      /* Buckets are granted one by one; "instance" (the setup of a new
       * server) is held by no token, and a create that asks for it is
       * refused. */
      if (g_str_equal (type, "buckets") || g_str_equal (type, "instance") ||
          !g_hash_table_add (seen, (gpointer)type))
        continue;
      g_ptr_array_add (grants, tokens_grant_new (TOKENS_GRANT_RESOURCE, type, type, FALSE, FALSE));
    }

  return g_steal_pointer (&grants);
}

static gpointer
build_database (gpointer data)
{
  NamedRecord *record = data;

  return tokens_grant_new (TOKENS_GRANT_DATABASE, record->name, record->name, FALSE, FALSE);
}

static const TokensJsonField v3_database_fields[] = {
  { .name = "iox::database", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (NamedRecord, name), .error = N_("a database has no name") },
};

static const TokensJsonShape v3_database_shape = {
  .fields = v3_database_fields,
  .n_fields = G_N_ELEMENTS (v3_database_fields),
  .record_size = sizeof (NamedRecord),
  .not_object = N_("a database is not an object"),
  .build = build_database,
  .free_built = (GDestroyNotify)tokens_grant_free,
};

static const TokensJsonField management_database_fields[] = {
  { .name = "name", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (NamedRecord, name), .error = N_("a database has no name") },
};

static const TokensJsonShape management_database_shape = {
  .fields = management_database_fields,
  .n_fields = G_N_ELEMENTS (management_database_fields),
  .record_size = sizeof (NamedRecord),
  .not_object = N_("a database is not an object"),
  .build = build_database,
  .free_built = (GDestroyNotify)tokens_grant_free,
};

static GPtrArray *
read_databases (GBytes                 *body,
                const TokensJsonShape  *shape,
                GError                **error)
{
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GHashTable) seen = NULL;

  databases = tokens_json_list_reader_read_array (body, shape,
                                                  N_("the body is not a JSON array of databases"),
                                                  /* Translators: %u is a database's place in
                                                   * the server's list, counted from 1; %s says
                                                   * what is wrong with it */
                                                  _("database %u of the list: %s"), error);
  if (databases == NULL)
    return NULL;

  /* "*" means every database in a permission: a database of that name
   * would be a grant on all of them. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < databases->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (databases, i);

      if (g_str_equal (grant->id, "*") || strchr (grant->id, ',') != NULL ||
          strchr (grant->id, ':') != NULL || strchr (grant->id, ';') != NULL)
        {
          tokens_json_set_invalid (error, _("a database’s name is not one a permission can hold"));
          return NULL;
        }
      /* Not g_hash_table_add() alone: it keeps the newer key, which the
       * removal frees. */
      if (g_hash_table_contains (seen, grant->id))
        {
          g_ptr_array_remove_index (databases, i);
          i--;
          continue;
        }
      g_hash_table_add (seen, grant->id);
    }

  return g_steal_pointer (&databases);
}

/**
 * tokens_grant_reader_read_v3_databases:
 * @body: the answer to `GET /api/v3/configure/database?format=json`
 *
 * Returns: (transfer full) (element-type TokensGrant): the databases, or
 *   %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_grant_reader_read_v3_databases (GBytes  *body,
                                       GError **error)
{
  return read_databases (body, &v3_database_shape, error);
}

/**
 * tokens_grant_reader_read_management_databases:
 * @body: the answer to the management API's `GET …/databases`
 *
 * Returns: (transfer full) (element-type TokensGrant): the databases, or
 *   %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_grant_reader_read_management_databases (GBytes  *body,
                                               GError **error)
{
  return read_databases (body, &management_database_shape, error);
}

typedef struct
{
  char *id;
  char *name;
} MeRecord;

static void
me_record_free (gpointer data)
{
  MeRecord *record = data;

  g_free (record->id);
  g_free (record->name);
  g_free (record);
}

static gpointer
build_me (gpointer data)
{
  MeRecord *record = data;
  MeRecord *built = g_new0 (MeRecord, 1);

  built->id = g_steal_pointer (&record->id);
  built->name = g_steal_pointer (&record->name);
  return built;
}

static const TokensJsonField me_fields[] = {
  { .name = "id", .kind = TOKENS_JSON_NONEMPTY, .required = TRUE,
    .offset = G_STRUCT_OFFSET (MeRecord, id), .error = N_("the user has no id") },
  { .name = "name", .kind = TOKENS_JSON_NONEMPTY,
    .offset = G_STRUCT_OFFSET (MeRecord, name) },
};

static const TokensJsonShape me_shape = {
  .fields = me_fields,
  .n_fields = G_N_ELEMENTS (me_fields),
  .record_size = sizeof (MeRecord),
  .not_object = N_("the body is not an object"),
  .build = build_me,
  .free_built = me_record_free,
};

/**
 * tokens_grant_reader_read_me:
 * @body: the answer to `GET /api/v2/me`
 * @name: (out) (optional) (nullable): the user's name, if it has one
 *
 * Returns: (transfer full): the id of the user the token belongs to, or
 *   %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
char *
tokens_grant_reader_read_me (GBytes  *body,
                             char   **name,
                             GError **error)
{
  g_autoptr(JsonNode) root = tokens_json_parse_object (body, error);
  MeRecord *me;
  char *id;

  if (name != NULL)
    *name = NULL;
  if (root == NULL)
    return NULL;
  me = tokens_json_reader_read_object (&me_shape, root, error);
  if (me == NULL)
    return NULL;
  /* It goes into a permission as a user's id: nothing else does. */
  if (!tokens_api_id_is_valid (me->id))
    {
      tokens_json_set_invalid (error, _("the user’s id is not an InfluxDB id"));
      me_record_free (me);
      return NULL;
    }
  id = g_ascii_strdown (me->id, -1);
  if (name != NULL)
    *name = g_steal_pointer (&me->name);
  me_record_free (me);
  return id;
}
