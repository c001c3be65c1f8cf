/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-token"

#include "config.h"

#include "tokens-token-private.h"
#include "tokens-resource-names.h"
#include "tokens-core-enums.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (TokensToken, tokens_token, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DESCRIPTION,
  PROP_DISPLAY_NAME,
  PROP_ACTIVE,
  PROP_ORG_ID,
  PROP_ORG,
  PROP_USER_ID,
  PROP_USER,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_SUMMARY,
  PROP_IS_OPERATOR,
  PROP_IS_ALL_ACCESS,
  PROP_BUSY,
  PROP_IS_CURRENT,
  PROP_CREATED_UNIX,
  PROP_HAS_DESCRIPTION,
  PROP_ID_NUMBER,
  PROP_EXPIRES_AT,
  PROP_REVOKED_AT,
  PROP_STATUS,
  PROP_IS_PROTECTED,
  PROP_LABEL,
  PROP_REPLACES,
  PROP_REPLACED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tokens_token_finalize (GObject *object)
{
  TokensToken *self = (TokensToken *)object;

  g_free (self->id);
  if (self->token != NULL)
    {
      memset (self->token, 0, strlen (self->token));
      g_free (self->token);
    }
  g_free (self->description);
  g_free (self->org_id);
  g_free (self->org);
  g_free (self->user_id);
  g_free (self->user);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->permissions, g_ptr_array_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->revoked_at, g_date_time_unref);
  g_free (self->hash);
  g_free (self->raw_permissions);
  g_free (self->replaces);
  g_free (self->replaced_by);
  g_free (self->summary);
  g_free (self->search_text);

  G_OBJECT_CLASS (tokens_token_parent_class)->finalize (object);
}

static void
tokens_token_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TokensToken *self = TOKENS_TOKEN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, tokens_token_get_display_name (self));
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_ORG_ID:
      g_value_set_string (value, self->org_id);
      break;
    case PROP_ORG:
      g_value_set_string (value, tokens_token_get_org (self));
      break;
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;
    case PROP_USER:
      g_value_set_string (value, tokens_token_get_user (self));
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, tokens_token_get_summary (self));
      break;
    case PROP_IS_OPERATOR:
      g_value_set_boolean (value, self->is_operator);
      break;
    case PROP_IS_ALL_ACCESS:
      g_value_set_boolean (value, self->is_all_access);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_IS_CURRENT:
      g_value_set_boolean (value, self->is_current);
      break;
    case PROP_CREATED_UNIX:
      g_value_set_int64 (value, self->created_at != NULL ? g_date_time_to_unix (self->created_at) * G_USEC_PER_SEC +
                                                          g_date_time_get_microsecond (self->created_at)
                                                        : G_MININT64);
      break;
    case PROP_HAS_DESCRIPTION:
      g_value_set_boolean (value, tokens_token_get_label (self) != NULL);
      break;
    case PROP_REPLACES:
      g_value_set_string (value, self->replaces);
      break;
    case PROP_REPLACED_BY:
      g_value_set_string (value, self->replaced_by);
      break;
    case PROP_LABEL:
      /* Never NULL: GtkStringSorter casefolds it. */
      g_value_set_string (value, tokens_token_get_label (self) != NULL ? tokens_token_get_label (self) : "");
      break;
    case PROP_ID_NUMBER:
      g_value_set_uint64 (value, tokens_token_get_order (self));
      break;
    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;
    case PROP_REVOKED_AT:
      g_value_set_boxed (value, self->revoked_at);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, tokens_token_get_status (self));
      break;
    case PROP_IS_PROTECTED:
      g_value_set_boolean (value, self->is_protected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_token_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TokensToken *self = TOKENS_TOKEN (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_BUSY:
      tokens_token_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_IS_CURRENT:
      tokens_token_set_is_current (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_token_class_init (TokensTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tokens_token_finalize;
  object_class->get_property = tokens_token_get_property;
  object_class->set_property = tokens_token_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORG_ID] =
    g_param_spec_string ("org-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORG] =
    g_param_spec_string ("org", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_OPERATOR] =
    g_param_spec_boolean ("is-operator", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_ALL_ACCESS] =
    g_param_spec_boolean ("is-all-access", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_CURRENT] =
    g_param_spec_boolean ("is-current", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* For sorting on keys: microseconds since 1970, and whether there is a
   * description at all. */
  properties[PROP_CREATED_UNIX] =
    g_param_spec_int64 ("created-unix", NULL, NULL, G_MININT64, G_MAXINT64, G_MININT64,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_DESCRIPTION] =
    g_param_spec_boolean ("has-description", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The id as the number it is: a cheaper sort key than its text. */
  properties[PROP_ID_NUMBER] =
    g_param_spec_uint64 ("id-number", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVOKED_AT] =
    g_param_spec_boxed ("revoked-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* As of when it is read: an expiry passes without a notification. */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TOKENS_TYPE_TOKEN_STATUS, TOKENS_TOKEN_STATUS_ACTIVE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* What the row is titled by, and sorted by under Description. */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_PROTECTED] =
    g_param_spec_boolean ("is-protected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPLACES] =
    g_param_spec_string ("replaces", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLACED_BY] =
    g_param_spec_string ("replaced-by", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tokens_token_init (TokensToken *self)
{
  self->active = TRUE;
  self->permissions = g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_permission_free);
}

TokensToken *
tokens_token_new (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (TOKENS_TYPE_TOKEN, "id", id, NULL);
}

const char *
tokens_token_get_id (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->id;
}

const char *
tokens_token_get_description (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->description != NULL ? self->description : "";
}

/**
 * tokens_token_get_display_name:
 *
 * The description, or the id for a token without one: what a person calls
 * the token in a dialog or a toast.
 */
const char *
tokens_token_get_display_name (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);

  if (self->description != NULL && self->description[0] != '\0')
    return self->description;
  return self->id;
}

/**
 * tokens_token_get_expires_at:
 *
 * Returns: (transfer none) (nullable): when the token expires, or %NULL
 *   for never
 */
GDateTime *
tokens_token_get_expires_at (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->expires_at;
}

/**
 * tokens_token_get_revoked_at:
 *
 * Returns: (transfer none) (nullable): when the token was revoked, or
 *   %NULL
 */
GDateTime *
tokens_token_get_revoked_at (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->revoked_at;
}

/**
 * tokens_token_get_status_at:
 * @now: the time to judge expiry by
 *
 * Revoked before expired before inactive: what stops a token for good
 * first.
 */
TokensTokenStatus
tokens_token_get_status_at (TokensToken *self,
                            GDateTime   *now)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), TOKENS_TOKEN_STATUS_ACTIVE);

  if (self->revoked_at != NULL)
    return TOKENS_TOKEN_STATUS_REVOKED;
  if (self->expires_at != NULL && g_date_time_compare (self->expires_at, now) <= 0)
    return TOKENS_TOKEN_STATUS_EXPIRED;
  if (!self->active)
    return TOKENS_TOKEN_STATUS_INACTIVE;
  return TOKENS_TOKEN_STATUS_ACTIVE;
}

TokensTokenStatus
tokens_token_get_status (TokensToken *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return tokens_token_get_status_at (self, now);
}

/**
 * tokens_token_get_is_protected:
 *
 * Whether the server refuses to delete this token whoever asks: InfluxDB
 * 3's operator token, `_admin`.
 */
gboolean
tokens_token_get_is_protected (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->is_protected;
}

/**
 * tokens_token_get_hash:
 *
 * Returns: (nullable): InfluxDB 3's prefix of the SHA-512 of the token's
 *   value, hexadecimal, as `system.tokens` lists it
 */
const char *
tokens_token_get_hash (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->hash;
}

/**
 * tokens_token_get_raw_permissions:
 *
 * Returns: (nullable): the permissions as an InfluxDB 3 or management
 *   server wrote them (`db:db1,db2:read,write`), for the details
 */
const char *
tokens_token_get_raw_permissions (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->raw_permissions;
}

/**
 * tokens_token_get_order:
 *
 * Returns: what orders tokens made in the same instant: v2's id as the
 *   number it is, InfluxDB 3's token_id
 */
guint64
tokens_token_get_order (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), 0);
  return self->has_order ? self->order : g_ascii_strtoull (self->id, NULL, 16);
}

/* For the readers of APIs whose permissions are not v2's: their summary in
 * words, made by the reader. */
void
_tokens_token_set_summary (TokensToken *self,
                           const char  *summary)
{
  g_free (self->summary);
  self->summary = g_strdup (summary);
}

/**
 * tokens_token_get_label:
 *
 * Returns: (nullable): what the token's row is titled: its description,
 *   or its name where the name is what a person gave it (InfluxDB 3);
 *   %NULL for a v2 or management token without a description
 */
const char *
tokens_token_get_label (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);

  if (self->description != NULL && self->description[0] != '\0')
    return self->description;
  return self->is_named ? self->id : NULL;
}

/* Whether the id is a name a person gave the token (InfluxDB 3). */
gboolean
tokens_token_get_is_named (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->is_named;
}

gboolean
tokens_token_get_active (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->active;
}

const char *
tokens_token_get_org_id (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->org_id;
}

/* The name when the server resolved it, else the id. */
const char *
tokens_token_get_org (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->org != NULL && self->org[0] != '\0' ? self->org : self->org_id;
}

const char *
tokens_token_get_user_id (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->user_id;
}

const char *
tokens_token_get_user (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->user != NULL && self->user[0] != '\0' ? self->user : self->user_id;
}

GDateTime *
tokens_token_get_created_at (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->created_at;
}

GDateTime *
tokens_token_get_updated_at (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->updated_at;
}

/**
 * tokens_token_get_permissions:
 *
 * Returns: (transfer none) (element-type TokensPermission): the permissions
 */
GPtrArray *
tokens_token_get_permissions (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->permissions;
}

gboolean
tokens_token_get_is_operator (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->is_operator;
}

gboolean
tokens_token_get_is_all_access (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->is_all_access;
}

gboolean
tokens_token_has_token_value (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->token != NULL;
}

gboolean
tokens_token_get_busy (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->busy;
}

void
tokens_token_set_busy (TokensToken *self,
                               gboolean             busy)
{
  g_return_if_fail (TOKENS_IS_TOKEN (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
tokens_token_get_is_current (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->is_current;
}

void
tokens_token_set_is_current (TokensToken *self,
                                     gboolean             is_current)
{
  g_return_if_fail (TOKENS_IS_TOKEN (self));

  is_current = !!is_current;
  if (self->is_current == is_current)
    return;
  self->is_current = is_current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_CURRENT]);
}

/**
 * tokens_token_get_may_be_current:
 *
 * Whether this could be the token the app signs in with, on a server that
 * does not say which one it is (OSS 2.9 and later keep only a hash of each
 * token): one that may list tokens, as the app's own must.
 */
gboolean
tokens_token_get_may_be_current (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);
  return self->may_be_current;
}

void
tokens_token_set_may_be_current (TokensToken *self,
                                         gboolean             may_be)
{
  g_return_if_fail (TOKENS_IS_TOKEN (self));
  self->may_be_current = !!may_be;
}

/* Whether the token may read authorizations, in any organization. */
gboolean
tokens_token_can_read_tokens (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);

  for (guint i = 0; i < self->permissions->len; i++)
    {
      const TokensPermission *permission = g_ptr_array_index (self->permissions, i);

      if (permission->action == TOKENS_ACTION_READ &&
          g_strcmp0 (permission->resource_type, "authorizations") == 0 &&
          permission->resource_id == NULL)
        return TRUE;
    }
  return FALSE;
}

void
_tokens_token_set_token_value (TokensToken *self,
                                       const char          *value)
{
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  /* OSS 2.9+ sends "" and Cloud sends "redacted": neither is a token. */
  if (value != NULL && value[0] != '\0' && strcmp (value, "redacted") != 0)
    self->token = g_strdup (value);
}

/* The value, handed over: the token keeps none of it. */
char *
_tokens_token_steal_token_value (TokensToken *self)
{
  return g_steal_pointer (&self->token);
}

const char *
_tokens_token_get_token_value (TokensToken *self)
{
  return self->token;
}

static gboolean
has_type_wide (TokensToken *self,
               TokensAction         action,
               const char          *type,
               const char          *org_id)
{
  for (guint i = 0; i < self->permissions->len; i++)
    {
      const TokensPermission *p = g_ptr_array_index (self->permissions, i);

      if (p->action == action &&
          p->resource_id == NULL &&
          g_strcmp0 (p->resource_type, type) == 0 &&
          g_strcmp0 (p->resource_org_id, org_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_read_write (TokensToken *self,
                const char          *type,
                const char          *org_id)
{
  return has_type_wide (self, TOKENS_ACTION_READ, type, org_id) &&
         has_type_wide (self, TOKENS_ACTION_WRITE, type, org_id);
}

/*
 * InfluxDB has no "kind" field. An operator token (made by `influx setup`)
 * holds read and write on every type with no organization; an all-access
 * token holds them on every type of one organization. Both are recognised by
 * the permissions that make them dangerous: tokens, users and organizations
 * server-wide, or tokens and buckets across the whole organization.
 */
void
_tokens_token_classify (TokensToken *self)
{
  self->is_operator = has_read_write (self, "authorizations", NULL) &&
                      has_read_write (self, "users", NULL) &&
                      has_read_write (self, "orgs", NULL);
  self->is_all_access = !self->is_operator &&
                        self->org_id != NULL &&
                        has_read_write (self, "authorizations", self->org_id) &&
                        has_read_write (self, "buckets", self->org_id);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->search_text, g_free);
}

typedef struct
{
  const TokensPermission *permission;
  gboolean read;
  gboolean write;
} SummaryGroup;

static gint n_summaries_built;

/* How many summaries have been built, in any thread: lets tests see that
 * one was taken rather than built again. */
guint
_tokens_token_get_n_summaries_built (void)
{
  return g_atomic_int_get (&n_summaries_built);
}

static guint
str_hash0 (const char *s)
{
  return s != NULL ? g_str_hash (s) : 0;
}

static guint
resource_hash (gconstpointer key)
{
  const TokensPermission *p = key;

  return (str_hash0 (p->resource_type) * 31 + str_hash0 (p->resource_id)) * 31 +
         str_hash0 (p->resource_org_id);
}

static gboolean
same_resource (gconstpointer a,
               gconstpointer b)
{
  const TokensPermission *pa = a;
  const TokensPermission *pb = b;

  return g_strcmp0 (pa->resource_type, pb->resource_type) == 0 &&
         g_strcmp0 (pa->resource_id, pb->resource_id) == 0 &&
         g_strcmp0 (pa->resource_org_id, pb->resource_org_id) == 0;
}

static char *
describe_group (TokensToken *self,
                const SummaryGroup  *group)
{
  const TokensPermission *p = group->permission;
  const char *org_name = p->resource_org;
  g_autofree char *object = NULL;

  if (org_name == NULL && p->resource_org_id != NULL &&
      g_strcmp0 (p->resource_org_id, self->org_id) == 0)
    org_name = self->org;

  object = tokens_resource_describe (p->resource_type, p->resource_id,
                                     p->resource_name, p->resource_org_id, org_name);

  if (group->read && group->write)
    /* Translators: %s is a resource, e.g. "all buckets in my-org" */
    return g_strdup_printf (_("Read and write %s"), object);
  if (group->write)
    return g_strdup_printf (_("Write %s"), object);
  return g_strdup_printf (_("Read %s"), object);
}

static char *
build_summary (TokensToken *self)
{
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GHashTable) group_of = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_atomic_int_inc (&n_summaries_built);

  if (self->is_operator)
    return g_strdup (_("Full access to every organization (operator)"));

  if (self->is_all_access)
    /* Translators: %s is an organization's name */
    return g_strdup_printf (_("Full access to %s"), tokens_token_get_org (self));

  /* A token may hold permissions on 100,000 buckets, so each permission
   * finds its group through a hash table; the array keeps the groups in
   * the order first seen, which the wording below relies on. */
  groups = g_array_new (FALSE, TRUE, sizeof (SummaryGroup));
  group_of = g_hash_table_new (resource_hash, same_resource);
  for (guint i = 0; i < self->permissions->len; i++)
    {
      const TokensPermission *p = g_ptr_array_index (self->permissions, i);
      SummaryGroup *group;
      gpointer index;

      if (g_hash_table_lookup_extended (group_of, p, NULL, &index))
        group = &g_array_index (groups, SummaryGroup, GPOINTER_TO_UINT (index));
      else
        {
          g_hash_table_insert (group_of, (gpointer)p, GUINT_TO_POINTER (groups->len));
          g_array_set_size (groups, groups->len + 1);
          group = &g_array_index (groups, SummaryGroup, groups->len - 1);
          group->permission = p;
        }
      if (p->action == TOKENS_ACTION_READ)
        group->read = TRUE;
      else
        group->write = TRUE;
    }

  if (groups->len == 0)
    return g_strdup (_("No permissions"));

  first = describe_group (self, &g_array_index (groups, SummaryGroup, 0));
  if (groups->len == 1)
    return g_steal_pointer (&first);

  second = describe_group (self, &g_array_index (groups, SummaryGroup, 1));
  if (groups->len == 2)
    /* Translators: two permissions, e.g. "Write bucket a; Read bucket b" */
    return g_strdup_printf (_("%s; %s"), first, second);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: two permissions and how many more there are */
                                       "%s; %s; and %u more",
                                       "%s; %s; and %u more",
                                       groups->len - 2),
                          first, second, groups->len - 2);
}

/**
 * tokens_token_get_summary:
 *
 * One line saying what the token may do, such as "Write bucket telegraf"
 * or "Full access to my-org".
 */
const char *
tokens_token_get_summary (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);

  if (self->summary == NULL)
    self->summary = build_summary (self);
  return self->summary;
}

/**
 * tokens_token_matches:
 * @casefolded_needle: what the person typed, passed through g_utf8_casefold()
 *
 * Whether the needle occurs in the description, id, owner, organization or
 * permission summary.
 */
gboolean
tokens_token_matches (TokensToken *self,
                              const char          *casefolded_needle)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), FALSE);

  if (casefolded_needle == NULL || casefolded_needle[0] == '\0')
    return TRUE;

  _tokens_token_prepare_search (self);
  return strstr (self->search_text, casefolded_needle) != NULL;
}

/* Builds what search looks through. The list does it for every token in
 * its worker thread, so the first keystroke does not pay for 100,000. */
void
_tokens_token_prepare_search (TokensToken *self)
{
  if (self->search_text == NULL)
    {
      g_autofree char *joined =
        g_strjoin ("\n",
                   self->description != NULL ? self->description : "",
                   self->id,
                   self->user != NULL ? self->user : "",
                   self->user_id != NULL ? self->user_id : "",
                   self->org != NULL ? self->org : "",
                   self->org_id != NULL ? self->org_id : "",
                   tokens_token_get_summary (self),
                   NULL);
      self->search_text = g_utf8_casefold (joined, -1);
    }
}

static void
replace_string (char **field,
                const char *value,
                gboolean *changed)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  *changed = TRUE;
}

/**
 * tokens_token_update_from:
 * @newer: the same authorization as the server describes it now
 *
 * Takes the fields that can change (status, description, names, modified
 * time) from @newer and notifies what changed, so rows bound to @self
 * update in place.
 */
void
tokens_token_update_from (TokensToken *self,
                                  TokensToken *newer)
{
  gboolean description_changed = FALSE;
  gboolean org_changed = FALSE;
  gboolean user_changed = FALSE;
  gboolean summary_changed = FALSE;

  g_return_if_fail (TOKENS_IS_TOKEN (self));
  g_return_if_fail (TOKENS_IS_TOKEN (newer));
  g_return_if_fail (g_strcmp0 (self->id, newer->id) == 0);

  g_object_freeze_notify (G_OBJECT (self));

  replace_string (&self->description, newer->description, &description_changed);
  replace_string (&self->org, newer->org, &org_changed);
  replace_string (&self->user, newer->user, &user_changed);
  if (description_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }
  if (org_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORG]);
  if (user_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);

  if (self->active != newer->active)
    {
      self->active = newer->active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  if (newer->updated_at != NULL &&
      (self->updated_at == NULL || !g_date_time_equal (self->updated_at, newer->updated_at)))
    {
      g_clear_pointer (&self->updated_at, g_date_time_unref);
      self->updated_at = g_date_time_ref (newer->updated_at);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
    }

  /* Revoked by someone else, or its expiry changed: the status with it. */
  if ((self->revoked_at == NULL) != (newer->revoked_at == NULL) ||
      (self->expires_at == NULL) != (newer->expires_at == NULL) ||
      (self->expires_at != NULL && !g_date_time_equal (self->expires_at, newer->expires_at)))
    {
      g_clear_pointer (&self->revoked_at, g_date_time_unref);
      g_clear_pointer (&self->expires_at, g_date_time_unref);
      self->revoked_at = newer->revoked_at != NULL ? g_date_time_ref (newer->revoked_at) : NULL;
      self->expires_at = newer->expires_at != NULL ? g_date_time_ref (newer->expires_at) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVOKED_AT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  /* A refresh prepares @newer in its worker thread: taking its summary
   * and search text keeps the main thread from building them again, which
   * for a token with many permissions would hold up the window. */
  if (newer->summary != NULL)
    {
      if (g_strcmp0 (self->summary, newer->summary) != 0)
        {
          summary_changed = self->summary != NULL || description_changed ||
                            org_changed || user_changed;
          g_free (self->summary);
          self->summary = g_strdup (newer->summary);
        }
    }
  else if (org_changed)
    {
      /* Of the fields taken above, only the organization's name is in it. */
      g_clear_pointer (&self->summary, g_free);
      summary_changed = TRUE;
    }

  if (newer->search_text != NULL)
    {
      if (g_strcmp0 (self->search_text, newer->search_text) != 0)
        {
          g_free (self->search_text);
          self->search_text = g_strdup (newer->search_text);
        }
    }
  else if (description_changed || org_changed || user_changed || summary_changed)
    g_clear_pointer (&self->search_text, g_free);

  if (summary_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * tokens_token_get_replaces:
 *
 * Returns: (nullable): the name of the token this one was made to
 *   replace, while that one still exists
 */
const char *
tokens_token_get_replaces (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->replaces;
}

/**
 * tokens_token_get_replaced_by:
 *
 * Returns: (nullable): the name of the token made to replace this one:
 *   this one still works, and is to be deleted once nothing uses it
 */
const char *
tokens_token_get_replaced_by (TokensToken *self)
{
  g_return_val_if_fail (TOKENS_IS_TOKEN (self), NULL);
  return self->replaced_by;
}

static void
set_pairing (TokensToken  *self,
             char        **field,
             const char   *value,
             guint         prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * tokens_token_set_replaces:
 * @replaces: (nullable): see tokens_token_get_replaces()
 */
void
tokens_token_set_replaces (TokensToken *self,
                           const char  *replaces)
{
  g_return_if_fail (TOKENS_IS_TOKEN (self));
  set_pairing (self, &self->replaces, replaces, PROP_REPLACES);
}

/**
 * tokens_token_set_replaced_by:
 * @replaced_by: (nullable): see tokens_token_get_replaced_by()
 */
void
tokens_token_set_replaced_by (TokensToken *self,
                              const char  *replaced_by)
{
  g_return_if_fail (TOKENS_IS_TOKEN (self));
  set_pairing (self, &self->replaced_by, replaced_by, PROP_REPLACED_BY);
}
