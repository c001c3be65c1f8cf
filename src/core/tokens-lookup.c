/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "influx-tokens"

#include "config.h"

#include "tokens-lookup.h"

#include <string.h>

/*
 * TokensLookup: what a server said about a pasted token string ("which
 * token is this?"), made by each backend's find_secret (tokens-backend.h).
 * It never holds the string itself: only which tokens it is, how sure that
 * is, and, where the product cannot say, whether the string still works.
 */

struct _TokensLookup
{
  GObject parent_instance;

  TokensLookupAnswer answer;
  TokensLookupMethod method;
  guint n_searched;
  GPtrArray *matches;     /* TokensToken */
  TokensLookupValidity validity;
  char *user_id;
  char *user;
  GPtrArray *candidates;  /* TokensToken: the tokens of the user the string works as */
};

G_DEFINE_FINAL_TYPE (TokensLookup, tokens_lookup, G_TYPE_OBJECT)

static void
tokens_lookup_finalize (GObject *object)
{
  TokensLookup *self = TOKENS_LOOKUP (object);

  g_ptr_array_unref (self->matches);
  g_ptr_array_unref (self->candidates);
  g_free (self->user_id);
  g_free (self->user);

  G_OBJECT_CLASS (tokens_lookup_parent_class)->finalize (object);
}

static void
tokens_lookup_class_init (TokensLookupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tokens_lookup_finalize;
}

static void
tokens_lookup_init (TokensLookup *self)
{
  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
}

TokensLookup *
_tokens_lookup_new (TokensLookupAnswer answer,
                    TokensLookupMethod method,
                    guint              n_searched)
{
  TokensLookup *self = g_object_new (TOKENS_TYPE_LOOKUP, NULL);

  self->answer = answer;
  self->method = method;
  self->n_searched = n_searched;
  return self;
}

void
_tokens_lookup_add_match (TokensLookup *self,
                          TokensToken  *token)
{
  g_return_if_fail (TOKENS_IS_LOOKUP (self));
  g_return_if_fail (TOKENS_IS_TOKEN (token));

  g_ptr_array_add (self->matches, g_object_ref (token));
  self->answer = TOKENS_LOOKUP_FOUND;
}

void
_tokens_lookup_set_validity (TokensLookup         *self,
                             TokensLookupValidity  validity,
                             const char           *user_id,
                             const char           *user)
{
  g_return_if_fail (TOKENS_IS_LOOKUP (self));

  self->validity = validity;
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_free (self->user);
  self->user = g_strdup (user);
}

void
_tokens_lookup_add_candidate (TokensLookup *self,
                              TokensToken  *token)
{
  g_return_if_fail (TOKENS_IS_LOOKUP (self));
  g_return_if_fail (TOKENS_IS_TOKEN (token));

  g_ptr_array_add (self->candidates, g_object_ref (token));
}

static void
map_array (GPtrArray    *array,
           TokensToken *(*lookup) (gpointer    data,
                                   const char *id),
           gpointer      data)
{
  for (guint i = 0; i < array->len; i++)
    {
      TokensToken *mine = lookup (data, tokens_token_get_id (g_ptr_array_index (array, i)));

      if (mine != NULL)
        {
          g_object_unref (g_ptr_array_index (array, i));
          g_ptr_array_index (array, i) = g_object_ref (mine);
        }
    }
}

/* The tokens a server answered with, swapped for the caller's own objects
 * of the same ids where it has them, so that the window shows its rows. */
void
_tokens_lookup_map_tokens (TokensLookup  *self,
                           TokensToken *(*lookup) (gpointer    data,
                                                   const char *id),
                           gpointer       data)
{
  g_return_if_fail (TOKENS_IS_LOOKUP (self));

  map_array (self->matches, lookup, data);
  map_array (self->candidates, lookup, data);
}

TokensLookupAnswer
tokens_lookup_get_answer (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), TOKENS_LOOKUP_CANNOT_TELL);
  return self->answer;
}

TokensLookupMethod
tokens_lookup_get_method (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), TOKENS_LOOKUP_BY_NOTHING);
  return self->method;
}

/**
 * tokens_lookup_get_matches:
 *
 * Returns: (transfer none) (element-type TokensToken): the tokens the
 *   string is; more than one only where a hash prefix collides
 */
GPtrArray *
tokens_lookup_get_matches (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), NULL);
  return self->matches;
}

/**
 * tokens_lookup_get_n_searched:
 *
 * Returns: how many tokens the string was compared with (0 where the
 *   server did the comparing)
 */
guint
tokens_lookup_get_n_searched (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), 0);
  return self->n_searched;
}

TokensLookupValidity
tokens_lookup_get_validity (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), TOKENS_LOOKUP_NOT_TRIED);
  return self->validity;
}

/**
 * tokens_lookup_get_user_id:
 *
 * Returns: (nullable): the id of the user the string works as, where the
 *   server said (OSS 2.9 and newer)
 */
const char *
tokens_lookup_get_user_id (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), NULL);
  return self->user_id;
}

/**
 * tokens_lookup_get_user:
 *
 * Returns: (nullable): that user's name
 */
const char *
tokens_lookup_get_user (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), NULL);
  return self->user;
}

/**
 * tokens_lookup_get_candidates:
 *
 * Returns: (transfer none) (element-type TokensToken): where the product
 *   cannot tell which token the string is but said whose it is, that
 *   user's tokens: it is one of them
 */
GPtrArray *
tokens_lookup_get_candidates (TokensLookup *self)
{
  g_return_val_if_fail (TOKENS_IS_LOOKUP (self), NULL);
  return self->candidates;
}

static gboolean
strip_word (const char **text,
            const char  *word)
{
  gsize len = strlen (word);

  if (g_ascii_strncasecmp (*text, word, len) != 0)
    return FALSE;
  *text += len;
  return TRUE;
}

/**
 * tokens_lookup_clean_secret:
 * @pasted: what the person pasted
 *
 * The token string in what was pasted: surrounding white space and quotes
 * taken off, and an `Authorization:` header's name and its `Token` or
 * `Bearer` scheme, as a string copied out of a log or a curl command line
 * has them.
 *
 * Returns: (transfer full) (nullable): the string, to be freed with
 *   tokens_secret_free(); %NULL when nothing is left or it holds white
 *   space or control characters inside (no token does)
 */
char *
tokens_lookup_clean_secret (const char *pasted)
{
  const char *start = pasted;
  const char *end;
  char *secret;

  g_return_val_if_fail (pasted != NULL, NULL);

  while (g_ascii_isspace (*start))
    start++;
  if (strip_word (&start, "Authorization:"))
    while (g_ascii_isspace (*start))
      start++;
  if (strip_word (&start, "Token ") || strip_word (&start, "Bearer "))
    while (g_ascii_isspace (*start))
      start++;

  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (end - start >= 2 && (*start == '"' || *start == '\'') && end[-1] == *start)
    {
      start++;
      end--;
    }
  if (end == start)
    return NULL;

  for (const char *p = start; p < end; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return NULL;

  secret = g_malloc (end - start + 1);
  memcpy (secret, start, end - start);
  secret[end - start] = '\0';
  return secret;
}

/**
 * tokens_lookup_mask_secret:
 * @secret: a token string
 *
 * How the app shows a pasted string back: its first few characters (after
 * InfluxDB 3's `apiv3_`), never more than a quarter of it, then an
 * ellipsis, so that a person can tell which string they pasted and a
 * screenshot of the window gives nothing away.
 *
 * Returns: (transfer full): the masked string
 */
char *
tokens_lookup_mask_secret (const char *secret)
{
  gsize len, prefix = 0, shown;

  g_return_val_if_fail (secret != NULL, NULL);

  len = strlen (secret);
  if (g_str_has_prefix (secret, "apiv3_"))
    prefix = strlen ("apiv3_");
  shown = prefix + MIN (4, (len - prefix) / 4);
  /* Only whole characters: a pasted string may be anything. */
  while (shown > prefix && (secret[shown] & 0xc0) == 0x80)
    shown--;

  return g_strdup_printf ("%.*s…", (int)shown, secret);
}
