/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-review"

#include "config.h"

#include "tokens-review.h"
#include "tokens-token-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The review: which tokens deserve a second look, and why, in words for
 * their rows. docs/review.md says what each reason means and why; no
 * reason is "unused", since no InfluxDB API records when a token was last
 * used (v2's updatedAt is when it was modified).
 */

/**
 * tokens_review_possible:
 *
 * The reasons a server with @features can give: inactive and owners only
 * where tokens can be switched off and have users (v2), expiry only where
 * tokens can expire (InfluxDB 3, the management API).
 */
TokensReviewReasons
tokens_review_possible (TokensBackendFeatures features)
{
  TokensReviewReasons reasons = TOKENS_REVIEW_ALL_ACCESS | TOKENS_REVIEW_WRITE_EVERYTHING |
                                TOKENS_REVIEW_OLD | TOKENS_REVIEW_DUPLICATE;

  if (features & TOKENS_BACKEND_DEACTIVATE)
    reasons |= TOKENS_REVIEW_INACTIVE;
  if (features & TOKENS_BACKEND_OWNERS)
    reasons |= TOKENS_REVIEW_OWNER_GONE;
  if (features & TOKENS_BACKEND_EXPIRY)
    reasons |= TOKENS_REVIEW_EXPIRED | TOKENS_REVIEW_EXPIRING_SOON;
  return reasons;
}

/**
 * tokens_review_age_cutoff:
 *
 * Returns: (transfer full): the moment a token made before is older than
 *   @age, by the calendar (six months before 31 August is 28 or 29
 *   February)
 */
GDateTime *
tokens_review_age_cutoff (TokensReviewAge  age,
                          GDateTime       *now)
{
  switch (age)
    {
    case TOKENS_REVIEW_AGE_90_DAYS:
      return g_date_time_add_days (now, -90);
    case TOKENS_REVIEW_AGE_6_MONTHS:
      return g_date_time_add_months (now, -6);
    case TOKENS_REVIEW_AGE_2_YEARS:
      return g_date_time_add_years (now, -2);
    case TOKENS_REVIEW_AGE_1_YEAR:
    default:
      return g_date_time_add_years (now, -1);
    }
}

/* What the age choice and the row both say. */
const char *
tokens_review_age_label (TokensReviewAge age)
{
  switch (age)
    {
    case TOKENS_REVIEW_AGE_90_DAYS:
      return _("90 days");
    case TOKENS_REVIEW_AGE_6_MONTHS:
      return _("6 months");
    case TOKENS_REVIEW_AGE_2_YEARS:
      return _("2 years");
    case TOKENS_REVIEW_AGE_1_YEAR:
    default:
      return _("1 year");
    }
}

/* InfluxDB 3's permissions column: `db:*:write`, `db:*:read,write`, parts
 * joined by `;`. The management API's, as the reader keeps them:
 * `write:*, read:sensors`. */
static gboolean
raw_writes_everything (TokensToken           *token,
                       TokensBackendFeatures  features)
{
  const char *raw = token->raw_permissions;
  g_auto(GStrv) parts = NULL;

  if (raw == NULL)
    return FALSE;

  if (features & TOKENS_BACKEND_NAMED)
    {
      parts = g_strsplit (raw, ";", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit (g_strstrip (parts[i]), ":", 3);

          if (g_strv_length (fields) == 3 && g_str_equal (fields[0], "db") &&
              g_str_equal (fields[1], "*") && strstr (fields[2], "write") != NULL)
            return TRUE;
        }
      return FALSE;
    }

  parts = g_strsplit (raw, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (g_strstrip (parts[i]), "write:*"))
      return TRUE;
  return FALSE;
}

/* v2: write on every bucket (type-wide, in an organization or in all). */
static gboolean
writes_everything (TokensToken           *token,
                   TokensBackendFeatures  features)
{
  for (guint i = 0; i < token->permissions->len; i++)
    {
      const TokensPermission *p = g_ptr_array_index (token->permissions, i);

      if (p->action == TOKENS_ACTION_WRITE && g_strcmp0 (p->resource_type, "buckets") == 0 &&
          p->resource_id == NULL)
        return TRUE;
    }
  return raw_writes_everything (token, features);
}

/**
 * tokens_review_check:
 * @now: the time to judge expiry and age by
 * @age: what "old" means
 * @features: the server's, so that a reason is given only where the
 *   product can have it
 *
 * Every reason of one token but %TOKENS_REVIEW_DUPLICATE, which needs the
 * whole list (tokens_review_find_copies()). A revoked token is gone for
 * good and has none.
 */
TokensReviewReasons
tokens_review_check (TokensToken           *token,
                     GDateTime             *now,
                     TokensReviewAge        age,
                     TokensBackendFeatures  features)
{
  TokensReviewReasons possible = tokens_review_possible (features);
  TokensReviewReasons reasons = 0;
  TokensTokenStatus status;

  g_return_val_if_fail (TOKENS_IS_TOKEN (token), 0);
  g_return_val_if_fail (now != NULL, 0);

  status = tokens_token_get_status_at (token, now);
  if (status == TOKENS_TOKEN_STATUS_REVOKED)
    return 0;

  if (token->is_operator || token->is_all_access)
    reasons |= TOKENS_REVIEW_ALL_ACCESS;
  else if (writes_everything (token, features))
    reasons |= TOKENS_REVIEW_WRITE_EVERYTHING;

  if (!token->active)
    reasons |= TOKENS_REVIEW_INACTIVE;

  if (token->expires_at != NULL)
    {
      if (status == TOKENS_TOKEN_STATUS_EXPIRED)
        reasons |= TOKENS_REVIEW_EXPIRED;
      else
        {
          g_autoptr(GDateTime) soon = g_date_time_add_days (now, TOKENS_REVIEW_EXPIRING_DAYS);

          if (g_date_time_compare (token->expires_at, soon) <= 0)
            reasons |= TOKENS_REVIEW_EXPIRING_SOON;
        }
    }

  if (token->created_at != NULL)
    {
      g_autoptr(GDateTime) cutoff = tokens_review_age_cutoff (age, now);

      if (g_date_time_compare (token->created_at, cutoff) < 0)
        reasons |= TOKENS_REVIEW_OLD;
    }

  /* OSS 2.x leaves a token whose user was deleted out of its list (its
   * handler cannot look the user up); a server that lists it anyway can
   * only give the id it no longer knows. */
  if (token->user_id != NULL && token->user_id[0] != '\0' &&
      (token->user == NULL || token->user[0] == '\0'))
    reasons |= TOKENS_REVIEW_OWNER_GONE;

  return reasons & possible;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The token's permissions as one text, the same whatever order the server
 * listed them in. */
static char *
permissions_key (TokensToken *token)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < token->permissions->len; i++)
    {
      const TokensPermission *p = g_ptr_array_index (token->permissions, i);

      g_ptr_array_add (parts, g_strdup_printf ("%c\x1f%s\x1f%s\x1f%s",
                                               p->action == TOKENS_ACTION_WRITE ? 'w' : 'r',
                                               p->resource_type,
                                               p->resource_id != NULL ? p->resource_id : "",
                                               p->resource_org_id != NULL ? p->resource_org_id : ""));
    }

  if (parts->len == 0 && token->raw_permissions != NULL)
    {
      g_auto(GStrv) raw = g_strsplit_set (token->raw_permissions, ";,", -1);

      for (guint i = 0; raw[i] != NULL; i++)
        g_ptr_array_add (parts, g_strdup (g_strstrip (raw[i])));
    }

  g_ptr_array_sort (parts, compare_strings);
  for (guint i = 0; i < parts->len; i++)
    {
      /* The same permission twice grants no more than once. */
      if (i > 0 && g_str_equal (g_ptr_array_index (parts, i), g_ptr_array_index (parts, i - 1)))
        continue;
      g_string_append (key, g_ptr_array_index (parts, i));
      g_string_append_c (key, '\x1e');
    }
  return g_string_free (key, FALSE);
}

/**
 * tokens_review_find_copies:
 * @tokens: a list of #TokensToken
 * @features: the server's
 *
 * Finds the likely forgotten copies: tokens with the same set of
 * permissions (in any order) and the same description, ignoring case and
 * surrounding space. On InfluxDB 3, whose tokens are told apart by unique
 * names and almost never have a description, only tokens that do have one
 * are compared: otherwise every admin token would be a copy of the others.
 * Revoked and expired tokens grant nothing and are nobody's copy.
 *
 * Returns: (transfer full) (element-type TokensToken guint): each token
 *   that has copies, to how many other tokens it is the same as
 */
GHashTable *
tokens_review_find_copies (GListModel            *tokens,
                           TokensBackendFeatures  features)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GHashTable *copies = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (tokens);
  GHashTableIter iter;
  GPtrArray *group;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensToken) token = g_list_model_get_item (tokens, i);
      g_autofree char *description = g_strstrip (g_strdup (tokens_token_get_description (token)));
      g_autofree char *folded = g_utf8_casefold (description, -1);
      g_autofree char *permissions = NULL;
      TokensTokenStatus status = tokens_token_get_status_at (token, now);
      char *key;

      if (status == TOKENS_TOKEN_STATUS_REVOKED || status == TOKENS_TOKEN_STATUS_EXPIRED)
        continue;
      if ((features & TOKENS_BACKEND_NAMED) && folded[0] == '\0')
        continue;

      permissions = permissions_key (token);
      key = g_strconcat (permissions, "\x1d", folded, NULL);
      group = g_hash_table_lookup (groups, key);
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, key, group);
        }
      else
        g_free (key);
      /* The list holds its tokens; so does the caller's table. */
      g_ptr_array_add (group, token);
    }

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&group))
    {
      if (group->len < 2)
        continue;
      for (guint i = 0; i < group->len; i++)
        g_hash_table_insert (copies, g_ptr_array_index (group, i), GUINT_TO_POINTER (group->len - 1));
    }
  return copies;
}

/* Whole days from @from to @to, rounded down. */
static guint
days_between (GDateTime *from,
              GDateTime *to)
{
  GTimeSpan span = g_date_time_difference (to, from);

  return span > 0 ? (guint)(span / G_TIME_SPAN_DAY) : 0;
}

/**
 * tokens_review_describe_reason:
 * @reason: one reason
 * @n_copies: for %TOKENS_REVIEW_DUPLICATE, how many other tokens are the
 *   same
 *
 * Returns: (transfer full): @reason in words for the token's row
 */
char *
tokens_review_describe_reason (TokensToken         *token,
                               TokensReviewReasons  reason,
                               GDateTime           *now,
                               TokensReviewAge      age,
                               guint                n_copies)
{
  GDateTime *expires_at = tokens_token_get_expires_at (token);
  guint days;

  switch (reason)
    {
    case TOKENS_REVIEW_ALL_ACCESS:
      return g_strdup (_("All access"));
    case TOKENS_REVIEW_WRITE_EVERYTHING:
      return g_strdup (_("Writes everything"));
    case TOKENS_REVIEW_INACTIVE:
      return g_strdup (_("Inactive"));
    case TOKENS_REVIEW_EXPIRED:
      days = expires_at != NULL ? days_between (expires_at, now) : 0;
      if (days == 0)
        return g_strdup (_("Expired today"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expired %u day ago", "Expired %u days ago", days), days);
    case TOKENS_REVIEW_EXPIRING_SOON:
      /* Rounded up: what is left of the last day counts as one. */
      if (expires_at == NULL || g_date_time_difference (expires_at, now) < G_TIME_SPAN_DAY)
        return g_strdup (_("Expires within a day"));
      days = (guint)((g_date_time_difference (expires_at, now) + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expires in %u day", "Expires in %u days", days), days);
    case TOKENS_REVIEW_OLD:
      /* Translators: %s is an age, e.g. "1 year" or "90 days" */
      return g_strdup_printf (_("Older than %s"), tokens_review_age_label (age));
    case TOKENS_REVIEW_OWNER_GONE:
      return g_strdup (_("Owner no longer exists"));
    case TOKENS_REVIEW_DUPLICATE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Same access as %u other token",
                                        "Same access as %u other tokens", n_copies),
                              n_copies);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * tokens_review_describe:
 * @reasons: the token's reasons
 * @separator: what goes between two of them
 *
 * Returns: (transfer full): every reason in words, in the order of
 *   #TokensReviewReasons, or "" for none
 */
char *
tokens_review_describe (TokensToken         *token,
                        TokensReviewReasons  reasons,
                        GDateTime           *now,
                        TokensReviewAge      age,
                        guint                n_copies,
                        const char          *separator)
{
  GString *text = g_string_new (NULL);

  for (guint bit = 1; bit <= TOKENS_REVIEW_DUPLICATE; bit <<= 1)
    {
      g_autofree char *words = NULL;

      if (!(reasons & bit))
        continue;
      words = tokens_review_describe_reason (token, bit, now, age, n_copies);
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append (text, words);
    }
  return g_string_free (text, FALSE);
}
