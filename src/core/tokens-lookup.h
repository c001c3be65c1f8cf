/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tokens-token.h"

G_BEGIN_DECLS

/**
 * TokensLookupAnswer:
 * @TOKENS_LOOKUP_FOUND: the string is one of the listed tokens (perhaps
 *   one of several, where a hash prefix collides)
 * @TOKENS_LOOKUP_NOT_FOUND: the server can tell, and it is none of the
 *   tokens the app may read there
 * @TOKENS_LOOKUP_CANNOT_TELL: this product's API does not say which token
 *   a string is (OSS 2.9 and newer, Cloud Dedicated and Clustered, InfluxDB 3
 *   without authentication)
 *
 * What a server could say about a token string.
 */
typedef enum
{
  TOKENS_LOOKUP_FOUND,
  TOKENS_LOOKUP_NOT_FOUND,
  TOKENS_LOOKUP_CANNOT_TELL,
} TokensLookupAnswer;

/**
 * TokensLookupMethod:
 * @TOKENS_LOOKUP_BY_VALUE: OSS 2.8 and older list each token's value
 * @TOKENS_LOOKUP_BY_SERVER: Cloud answers `?token=` with the token itself
 * @TOKENS_LOOKUP_BY_HASH: InfluxDB 3 lists the first hex digits of each
 *   token's SHA-512: a match is near certain, and several can match
 * @TOKENS_LOOKUP_BY_NOTHING: the product has no way
 *
 * How the answer was come by, which says how sure it is.
 */
typedef enum
{
  TOKENS_LOOKUP_BY_VALUE,
  TOKENS_LOOKUP_BY_SERVER,
  TOKENS_LOOKUP_BY_HASH,
  TOKENS_LOOKUP_BY_NOTHING,
} TokensLookupMethod;

/**
 * TokensLookupValidity:
 * @TOKENS_LOOKUP_NOT_TRIED: the string was not tried against the server
 * @TOKENS_LOOKUP_WORKS: the server accepted the string: it still gives access
 * @TOKENS_LOOKUP_INACTIVE: the server knows it as a token switched off
 *   (401 `token is inactive`): one of the inactive tokens
 * @TOKENS_LOOKUP_REFUSED: the server refused it (401): deleted, expired,
 *   or never this server's
 *
 * Where the product cannot say which token a string is, whether it still
 * works is the next best thing (OSS 2.9 and newer: `GET /api/v2/me`).
 */
typedef enum
{
  TOKENS_LOOKUP_NOT_TRIED,
  TOKENS_LOOKUP_WORKS,
  TOKENS_LOOKUP_INACTIVE,
  TOKENS_LOOKUP_REFUSED,
} TokensLookupValidity;

#define TOKENS_TYPE_LOOKUP (tokens_lookup_get_type ())

G_DECLARE_FINAL_TYPE (TokensLookup, tokens_lookup, TOKENS, LOOKUP, GObject)

TokensLookupAnswer   tokens_lookup_get_answer     (TokensLookup *self);
TokensLookupMethod   tokens_lookup_get_method     (TokensLookup *self);
GPtrArray           *tokens_lookup_get_matches    (TokensLookup *self);
guint                tokens_lookup_get_n_searched (TokensLookup *self);
TokensLookupValidity tokens_lookup_get_validity   (TokensLookup *self);
const char          *tokens_lookup_get_user_id    (TokensLookup *self);
const char          *tokens_lookup_get_user       (TokensLookup *self);
GPtrArray           *tokens_lookup_get_candidates (TokensLookup *self);

char                *tokens_lookup_clean_secret   (const char   *pasted);
char                *tokens_lookup_mask_secret    (const char   *secret);

/* For the backends. */
TokensLookup        *_tokens_lookup_new           (TokensLookupAnswer  answer,
                                                   TokensLookupMethod  method,
                                                   guint               n_searched);
void                 _tokens_lookup_add_match     (TokensLookup       *self,
                                                   TokensToken        *token);
void                 _tokens_lookup_set_validity  (TokensLookup       *self,
                                                   TokensLookupValidity validity,
                                                   const char         *user_id,
                                                   const char         *user);
void                 _tokens_lookup_add_candidate (TokensLookup       *self,
                                                   TokensToken        *token);
void                 _tokens_lookup_map_tokens    (TokensLookup       *self,
                                                   TokensToken      *(*lookup) (gpointer    data,
                                                                                const char *id),
                                                   gpointer            data);

G_END_DECLS
