/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server-private.h"
#include "tokens-permission.h"

#include <string.h>

/*
 * What a new token can be granted, in the v2 modes (OSS 2.x and Cloud): the
 * listings the create dialogs read, GET /api/v2/buckets, /api/v2/users and
 * /api/v2/resources, and the user GET /api/v2/me answers with. Their paging,
 * filters, field order and who may read what follow docs/influxdb-v2-api.md,
 * section "What a new token can be granted". tokens-demo-v2.c routes to them
 * once the caller's token is known.
 */

#define DEFAULT_PAGE_SIZE 20
#define MAX_PAGE_SIZE 100

/* A query parameter as Go's Query().Get() sees it: "" is not given. */
static const char *
query_get (GHashTable *query,
           const char *name)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

/* strconv.Atoi: an optional sign and decimal digits that fit 64 bits. */
static gboolean
parse_go_int (const char *text,
              gint64     *value)
{
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  const char *p = text;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (magnitude > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      magnitude = magnitude * 10 + (guint64)(*p - '0');
    }
  if (magnitude > (guint64)G_MAXINT64 + (negative ? 1 : 0))
    return FALSE;
  *value = negative ? (gint64)(0 - magnitude) : (gint64)magnitude;
  return TRUE;
}

/* strconv.ParseBool */
static gboolean
parse_go_bool (const char *text,
               gboolean   *value)
{
  static const char * const yes[] = { "1", "t", "T", "TRUE", "true", "True", NULL };
  static const char * const no[] = { "0", "f", "F", "FALSE", "false", "False", NULL };

  if (g_strv_contains (yes, text))
    *value = TRUE;
  else if (g_strv_contains (no, text))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* OSS's FindOptions: every list of buckets or users is a page. */
typedef struct
{
  gint64 limit;
  gint64 offset;
  gboolean has_after;
  guint64 after;
  const char *sort_by;      /* echoed in the links; OSS sorts by it nowhere */
  gboolean descending;
} FindOptions;

/* DecodeFindOptions(): its checks, in its order, in its words. Returns
 * FALSE after answering 400. */
static gboolean
decode_find_options (SoupServerMessage *msg,
                     GHashTable        *query,
                     FindOptions       *opts)
{
  const char *offset = query_get (query, "offset");
  const char *after = query_get (query, "after");
  const char *limit = query_get (query, "limit");
  const char *descending = query_get (query, "descending");
  const char *message;

  *opts = (FindOptions) { .limit = DEFAULT_PAGE_SIZE };

  if (offset != NULL && !parse_go_int (offset, &opts->offset))
    {
      _tokens_demo_respond_error (msg, "invalid", "offset is invalid");
      return FALSE;
    }
  if (after != NULL)
    {
      if (!_tokens_demo_parse_id (after, &opts->after, &message))
        {
          g_autofree char *text = g_strconcat ("decoding after: ", message, NULL);

          _tokens_demo_respond_error (msg, "invalid", text);
          return FALSE;
        }
      opts->has_after = TRUE;
    }
  if (limit != NULL)
    {
      if (!parse_go_int (limit, &opts->limit))
        {
          _tokens_demo_respond_error (msg, "invalid", "limit is invalid");
          return FALSE;
        }
      if (opts->limit < 1 || opts->limit > MAX_PAGE_SIZE)
        {
          _tokens_demo_respond_error (msg, "invalid", "limit must be between 1 and 100");
          return FALSE;
        }
    }
  opts->sort_by = query_get (query, "sortBy");
  if (descending != NULL && !parse_go_bool (descending, &opts->descending))
    {
      _tokens_demo_respond_error (msg, "invalid", "descending is invalid");
      return FALSE;
    }
  return TRUE;
}

/* A page of ids in key order, as OSS's cursor walks it: after an id (the
 * cursor seeks to the next one up; walking down, to the last one not
 * above it), past @offset entries, @limit at most. @matches, when given,
 * is a filter applied after the offset is counted, as OSS does. */
static GPtrArray *
page_by_id (GPtrArray         *sorted,
            guint64          (*id_of) (gconstpointer item),
            const FindOptions *opts,
            gboolean         (*matches) (gconstpointer item, gconstpointer data),
            gconstpointer      data)
{
  GPtrArray *page = g_ptr_array_new ();
  gint64 count = 0;

  for (guint n = 0; n < sorted->len; n++)
    {
      gconstpointer item = g_ptr_array_index (sorted, opts->descending ? sorted->len - 1 - n : n);
      guint64 id = id_of (item);

      if (opts->has_after &&
          (opts->descending ? id > opts->after + 1 : id < opts->after + 1))
        continue;
      if (opts->offset != 0 && count < opts->offset)
        {
          count++;
          continue;
        }
      if (matches != NULL && !matches (item, data))
        continue;
      g_ptr_array_add (page, (gpointer)item);
      if ((gint64)page->len >= opts->limit)
        break;
    }
  return page;
}

typedef struct
{
  const char *key;
  char *value;
} Param;

static void
param_clear (Param *param)
{
  g_free (param->value);
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const Param *)a)->key, ((const Param *)b)->key);
}

static void
add_param (GArray     *params,
           const char *key,
           const char *value)
{
  Param param = { key, g_strdup (value) };

  if (value != NULL)
    g_array_append_val (params, param);
}

/* url.QueryEscape */
static void
append_query_escaped (GString    *out,
                      const char *text)
{
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-_.~", *p) != NULL)
        g_string_append_c (out, (char)*p);
      else if (*p == ' ')
        g_string_append_c (out, '+');
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

/* url.Values.Encode(): the keys in order. */
static char *
paging_link (const char *path,
             GArray     *params)
{
  GString *out = g_string_new (path);

  g_array_sort (params, compare_params);
  for (guint i = 0; i < params->len; i++)
    {
      Param *param = &g_array_index (params, Param, i);

      g_string_append_c (out, i == 0 ? '?' : '&');
      append_query_escaped (out, param->key);
      g_string_append_c (out, '=');
      append_query_escaped (out, param->value);
    }
  return g_string_free (out, FALSE);
}

static void
set_offset (GArray *params,
            gint64  offset)
{
  for (guint i = 0; i < params->len; i++)
    {
      Param *param = &g_array_index (params, Param, i);

      if (g_str_equal (param->key, "offset"))
        {
          g_free (param->value);
          param->value = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
        }
    }
}

/* NewPagingLinks(): self always; next when the page is full (counted after
 * the authorizer dropped what the caller may not read); prev past the
 * first page. @params holds the filter's; the options are added here. */
static void
append_paging_links (GString           *out,
                     const char        *path,
                     GArray            *params,
                     const FindOptions *opts,
                     guint              n)
{
  g_autofree char *self_link = NULL;
  g_autofree char *next = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *offset = g_strdup_printf ("%" G_GINT64_FORMAT, opts->offset);
  g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, opts->limit);
  g_autofree char *after = opts->has_after ? _tokens_demo_format_id (opts->after) : NULL;

  add_param (params, "descending", opts->descending ? "true" : "false");
  add_param (params, "offset", offset);
  add_param (params, "after", after);
  add_param (params, "limit", limit);
  add_param (params, "sortBy", opts->sort_by);

  self_link = paging_link (path, params);
  if ((gint64)n >= opts->limit)
    {
      /* Go's int wraps; so does this, without C's undefined overflow. */
      set_offset (params, (gint64)((guint64)opts->offset + (guint64)opts->limit));
      next = paging_link (path, params);
    }
  if (opts->offset > 0)
    {
      set_offset (params, MAX (opts->offset - opts->limit, 0));
      prev = paging_link (path, params);
    }

  g_string_append (out, "{\n\t\"links\": {");
  if (prev != NULL)
    _tokens_demo_json_append_member (out, 2, "prev", prev, FALSE);
  _tokens_demo_json_append_member (out, 2, "self", self_link, next == NULL);
  if (next != NULL)
    _tokens_demo_json_append_member (out, 2, "next", next, TRUE);
  g_string_append (out, "\n\t},");
}

static void
append_int_member (GString    *out,
                   guint       depth,
                   const char *name,
                   gint64      value,
                   gboolean    last)
{
  _tokens_demo_json_indent (out, depth);
  g_string_append_printf (out, "\"%s\": %" G_GINT64_FORMAT "%s", name, value, last ? "" : ",");
}

/* OSS's default shard group duration for a retention period. */
static gint64
shard_group_seconds (gint64 retention_seconds)
{
  if (retention_seconds == 0 || retention_seconds >= 180 * 24 * 3600)
    return 7 * 24 * 3600;
  if (retention_seconds >= 2 * 24 * 3600)
    return 24 * 3600;
  return 3600;
}

/* One bucket in OSS's field order: links' keys sorted, as Go writes a map. */
static void
append_bucket (GString *out,
               Bucket  *bucket,
               guint    depth)
{
  g_autofree char *self_link = g_strdup_printf ("/api/v2/buckets/%s", bucket->id_str);
  g_autofree char *labels = g_strdup_printf ("%s/labels", self_link);
  g_autofree char *members = g_strdup_printf ("%s/members", self_link);
  g_autofree char *owners = g_strdup_printf ("%s/owners", self_link);
  g_autofree char *org = g_strdup_printf ("/api/v2/orgs/%s", bucket->org->id);
  g_autofree char *write = g_strdup_printf ("/api/v2/write?org=%s&bucket=%s",
                                            bucket->org->id, bucket->id_str);

  g_string_append_c (out, '{');
  _tokens_demo_json_append_member (out, depth + 1, "id", bucket->id_str, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "orgID", bucket->org->id, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "type", bucket->system ? "system" : "user",
                                   FALSE);
  if (bucket->description != NULL)
    _tokens_demo_json_append_member (out, depth + 1, "description", bucket->description, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "name", bucket->name, FALSE);

  /* Every bucket has a shard group duration, so OSS always writes the rule,
   * with everySeconds 0 for one kept forever. */
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "\"retentionRules\": [");
  _tokens_demo_json_indent (out, depth + 2);
  g_string_append_c (out, '{');
  _tokens_demo_json_append_member (out, depth + 3, "type", "expire", FALSE);
  append_int_member (out, depth + 3, "everySeconds", bucket->retention_seconds, FALSE);
  append_int_member (out, depth + 3, "shardGroupDurationSeconds",
                     shard_group_seconds (bucket->retention_seconds), TRUE);
  _tokens_demo_json_indent (out, depth + 2);
  g_string_append_c (out, '}');
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "],");

  _tokens_demo_json_append_time (out, depth + 1, "createdAt", bucket->created_at, FALSE);
  _tokens_demo_json_append_time (out, depth + 1, "updatedAt", bucket->updated_at, FALSE);
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "\"links\": {");
  _tokens_demo_json_append_member (out, depth + 2, "labels", labels, FALSE);
  _tokens_demo_json_append_member (out, depth + 2, "members", members, FALSE);
  _tokens_demo_json_append_member (out, depth + 2, "org", org, FALSE);
  _tokens_demo_json_append_member (out, depth + 2, "owners", owners, FALSE);
  _tokens_demo_json_append_member (out, depth + 2, "self", self_link, FALSE);
  _tokens_demo_json_append_member (out, depth + 2, "write", write, TRUE);
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "},");
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "\"labels\": []");
  _tokens_demo_json_indent (out, depth);
  g_string_append_c (out, '}');
}

/* The authorizer: a system bucket is read with its organization, any
 * other with read on buckets (the type, the org's, or that one). */
static gboolean
may_read_bucket (Auth   *caller,
                 Bucket *bucket)
{
  if (bucket->system)
    return _tokens_demo_v2_can (caller, TOKENS_ACTION_READ, "orgs", NULL, bucket->org->id);
  return _tokens_demo_v2_can (caller, TOKENS_ACTION_READ, "buckets", bucket->org->id,
                              bucket->id_str);
}

static guint64
bucket_id_of (gconstpointer item)
{
  return ((const Bucket *)item)->id;
}

static gboolean
bucket_is_named (gconstpointer item,
                 gconstpointer name)
{
  return name == NULL || g_str_equal (((const Bucket *)item)->name, name);
}

static int
compare_bucket_names (gconstpointer a,
                      gconstpointer b)
{
  return strcmp ((*(Bucket * const *)a)->name, (*(Bucket * const *)b)->name);
}

/* An organization's buckets come from OSS's index of (org, name): in name
 * order, the offset counted first, then everything up to and including
 * the `after` id skipped. */
static GPtrArray *
page_in_org (TokensDemoServer  *self,
             const char        *org_id,
             const FindOptions *opts)
{
  g_autoptr(GPtrArray) in_org = g_ptr_array_new ();
  GPtrArray *page = g_ptr_array_new ();
  gboolean searching = opts->has_after;
  gint64 count = 0;

  for (guint i = 0; i < self->buckets->len; i++)
    {
      Bucket *bucket = g_ptr_array_index (self->buckets, i);

      if (g_str_equal (bucket->org->id, org_id))
        g_ptr_array_add (in_org, bucket);
    }
  g_ptr_array_sort (in_org, compare_bucket_names);

  for (guint n = 0; n < in_org->len; n++)
    {
      Bucket *bucket = g_ptr_array_index (in_org, opts->descending ? in_org->len - 1 - n : n);

      if (opts->offset != 0 && count < opts->offset)
        {
          count++;
          continue;
        }
      if (searching)
        {
          searching = bucket->id != opts->after;
          continue;
        }
      g_ptr_array_add (page, bucket);
      if ((gint64)page->len >= opts->limit)
        break;
    }
  return page;
}

/* GET /api/v2/buckets, as OSS's handler, bucket service and authorizer
 * answer it: a page of at most `limit` (20 by default, 100 at most),
 * then what the caller may not read is dropped from it. */
void
_tokens_demo_v2_handle_buckets (TokensDemoServer  *self,
                                SoupServerMessage *msg,
                                Auth              *caller,
                                GHashTable        *query)
{
  const char *org_id_text = query_get (query, "orgID");
  const char *id_text = query_get (query, "id");
  const char *org_text = query_get (query, "org");
  const char *name_text = query_get (query, "name");
  /* Both are written back, in an error or the links: as UTF-8. */
  g_autofree char *org_name = g_utf8_make_valid (org_text != NULL ? org_text : "", -1);
  g_autofree char *name = g_utf8_make_valid (name_text != NULL ? name_text : "", -1);
  g_autofree char *org_id = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (Param));
  const char *want_org;
  const char *message;
  FindOptions opts;
  guint64 parsed;
  GString *body;
  guint n = 0;

  g_array_set_clear_func (params, (GDestroyNotify)param_clear);
  if (!decode_find_options (msg, query, &opts))
    return;
  if (org_id_text != NULL)
    {
      if (!_tokens_demo_parse_id (org_id_text, &parsed, &message))
        {
          _tokens_demo_respond_error (msg, "invalid", message);
          return;
        }
      org_id = _tokens_demo_format_id (parsed);
    }
  if (id_text != NULL)
    {
      if (!_tokens_demo_parse_id (id_text, &parsed, &message))
        {
          _tokens_demo_respond_error (msg, "invalid", message);
          return;
        }
      id = _tokens_demo_format_id (parsed);
    }

  if (id != NULL)
    {
      /* By id, OSS answers that one bucket, whatever else was asked. */
      Bucket *bucket = _tokens_demo_find_bucket (self, parsed);

      if (bucket == NULL)
        {
          _tokens_demo_respond_error (msg, "not found", "bucket not found");
          return;
        }
      page = g_ptr_array_new ();
      g_ptr_array_add (page, bucket);
    }
  else
    {
      want_org = org_id;
      if (want_org == NULL && *org_name != '\0')
        {
          const Entity *org = _tokens_demo_find_entity_by_name (self->orgs, org_name);

          if (org == NULL)
            {
              g_autofree char *text =
                g_strdup_printf ("organization name \"%s\" not found", org_name);

              _tokens_demo_respond_error (msg, "not found", text);
              return;
            }
          want_org = org->id;
        }

      if (want_org != NULL && *name != '\0')
        {
          /* With both, OSS looks the name up in the org's index. */
          page = g_ptr_array_new ();
          for (guint i = 0; i < self->buckets->len; i++)
            {
              Bucket *bucket = g_ptr_array_index (self->buckets, i);

              if (g_str_equal (bucket->org->id, want_org) && g_str_equal (bucket->name, name))
                g_ptr_array_add (page, bucket);
            }
          if (page->len == 0)
            {
              g_autofree char *text = g_strdup_printf ("bucket \"%s\" not found", name);

              _tokens_demo_respond_error (msg, "not found", text);
              return;
            }
        }
      else if (want_org != NULL)
        page = page_in_org (self, want_org, &opts);
      else if (opts.has_after && opts.after == G_MAXUINT64)
        {
          /* The cursor would seek to id 0, which OSS cannot encode. */
          _tokens_demo_respond_error (msg, "invalid", "invalid ID");
          return;
        }
      else
        page = page_by_id (self->buckets, bucket_id_of, &opts, bucket_is_named,
                           *name != '\0' ? name : NULL);
    }

  add_param (params, "id", id);
  add_param (params, "bucket", *name != '\0' ? name : NULL);
  add_param (params, "orgID", org_id);
  add_param (params, "org", *org_name != '\0' ? org_name : NULL);

  for (guint i = 0; i < page->len; i++)
    if (may_read_bucket (caller, g_ptr_array_index (page, i)))
      n++;

  body = g_string_sized_new (512 + n * 900);
  append_paging_links (body, "/api/v2/buckets", params, &opts, n);
  g_string_append (body, "\n\t\"buckets\": [");
  for (guint i = 0, written = 0; i < page->len; i++)
    {
      Bucket *bucket = g_ptr_array_index (page, i);

      if (!may_read_bucket (caller, bucket))
        continue;
      if (written++ > 0)
        g_string_append_c (body, ',');
      _tokens_demo_json_indent (body, 2);
      append_bucket (body, bucket, 2);
    }
  if (n > 0)
    _tokens_demo_json_indent (body, 1);
  g_string_append (body, "]\n}");
  _tokens_demo_respond_json (msg, 200, body);
}

static guint64
user_id_of (gconstpointer item)
{
  guint64 id = 0;
  const char *message;

  _tokens_demo_parse_id (((const Entity *)item)->id, &id, &message);
  return id;
}

static int
compare_user_ids (gconstpointer a,
                  gconstpointer b)
{
  guint64 x = user_id_of (*(const Entity * const *)a);
  guint64 y = user_id_of (*(const Entity * const *)b);

  return x < y ? -1 : x > y;
}

void
_tokens_demo_v2_append_user (GString      *out,
                             const Entity *user,
                             guint         depth)
{
  g_autofree char *self_link = g_strdup_printf ("/api/v2/users/%s", user->id);

  g_string_append_c (out, '{');
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "\"links\": {");
  _tokens_demo_json_append_member (out, depth + 2, "self", self_link, TRUE);
  _tokens_demo_json_indent (out, depth + 1);
  g_string_append (out, "},");
  _tokens_demo_json_append_member (out, depth + 1, "id", user->id, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "name", user->name, FALSE);
  _tokens_demo_json_append_member (out, depth + 1, "status", "active", TRUE);
  _tokens_demo_json_indent (out, depth);
  g_string_append_c (out, '}');
}

/* GET /api/v2/users: OSS lists a page of users in id order (20 unless
 * `limit` says otherwise, with no link to the next page), each one only
 * if the caller may read it: read on users, or on that user. Cloud lists
 * nobody unless asked for one user by `id` or `name`: only InfluxData's
 * operator tokens may list them all. */
void
_tokens_demo_v2_handle_users (TokensDemoServer  *self,
                              SoupServerMessage *msg,
                              Auth              *caller,
                              GHashTable        *query)
{
  const char *id_text = query_get (query, "id");
  const char *name = query_get (query, "name");
  g_autoptr(GPtrArray) page = NULL;
  const char *message;
  FindOptions opts;
  guint64 parsed;
  GString *body;
  guint written = 0;

  if (!decode_find_options (msg, query, &opts))
    return;
  if (id_text != NULL && !_tokens_demo_parse_id (id_text, &parsed, &message))
    {
      _tokens_demo_respond_error (msg, "invalid", message);
      return;
    }

  if (id_text != NULL || name != NULL)
    {
      const Entity *user = id_text != NULL
                             ? _tokens_demo_find_entity_by_id (self->users, id_text)
                             : _tokens_demo_find_entity_by_name (self->users, name);

      if (user == NULL)
        {
          _tokens_demo_respond_error (msg, "not found", "user not found");
          return;
        }
      page = g_ptr_array_new ();
      g_ptr_array_add (page, (gpointer)user);
    }
  else if (self->mode == TOKENS_DEMO_MODE_CLOUD)
    page = g_ptr_array_new ();
  else if (opts.has_after && opts.after == G_MAXUINT64)
    {
      _tokens_demo_respond_error (msg, "invalid", "invalid ID");
      return;
    }
  else
    {
      /* Not g_ptr_array_copy(): it would take the users' free function. */
      g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (self->users->len);

      g_ptr_array_extend (sorted, self->users, NULL, NULL);
      g_ptr_array_sort (sorted, compare_user_ids);
      page = page_by_id (sorted, user_id_of, &opts, NULL, NULL);
    }

  body = g_string_new ("{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/users\"\n\t},\n\t\"users\": [");
  for (guint i = 0; i < page->len; i++)
    {
      const Entity *user = g_ptr_array_index (page, i);

      if (!_tokens_demo_v2_can (caller, TOKENS_ACTION_READ, "users", NULL, user->id))
        continue;
      if (written++ > 0)
        g_string_append_c (body, ',');
      _tokens_demo_json_indent (body, 2);
      _tokens_demo_v2_append_user (body, user, 2);
    }
  if (written > 0)
    _tokens_demo_json_indent (body, 1);
  g_string_append (body, "]\n}");
  _tokens_demo_respond_json (msg, 200, body);
}

/* GET /api/v2/resources: any valid token; a compact array written by
 * json.Encoder, so with a newline, and without a charset. Cloud too: that
 * it lists its own three types is not known, and no seeded token holds
 * them, so a token made from the list would be refused. */
void
_tokens_demo_v2_handle_resources (SoupServerMessage *msg)
{
  GString *body = g_string_new ("[");
  gsize len;

  for (guint i = 0; _tokens_demo_resource_types[i] != NULL; i++)
    g_string_append_printf (body, "%s\"%s\"", i > 0 ? "," : "", _tokens_demo_resource_types[i]);
  g_string_append (body, "]\n");

  len = body->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}
