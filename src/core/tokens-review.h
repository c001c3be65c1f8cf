/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tokens-backend.h"
#include "tokens-token.h"

G_BEGIN_DECLS

/**
 * TokensReviewReasons:
 * @TOKENS_REVIEW_ALL_ACCESS: an operator or all-access token (InfluxDB 3:
 *   an admin token; the management API: read and write on every database)
 * @TOKENS_REVIEW_WRITE_EVERYTHING: may write every bucket or database,
 *   without being all access
 * @TOKENS_REVIEW_INACTIVE: switched off, and kept (v2)
 * @TOKENS_REVIEW_EXPIRED: past its expiry, and still listed
 * @TOKENS_REVIEW_EXPIRING_SOON: expires within
 *   %TOKENS_REVIEW_EXPIRING_DAYS days
 * @TOKENS_REVIEW_OLD: made longer ago than the age chosen
 * @TOKENS_REVIEW_OWNER_GONE: its user no longer exists (v2): listed with a
 *   `userID` but without the `user` name the server looks up
 * @TOKENS_REVIEW_DUPLICATE: another listed token has the same permissions
 *   and description: a likely forgotten copy
 *
 * Why a token is worth a second look. None of them says a token is unused:
 * no InfluxDB API records when a token was last used.
 */
typedef enum
{
  TOKENS_REVIEW_ALL_ACCESS       = 1 << 0,
  TOKENS_REVIEW_WRITE_EVERYTHING = 1 << 1,
  TOKENS_REVIEW_INACTIVE         = 1 << 2,
  TOKENS_REVIEW_EXPIRED          = 1 << 3,
  TOKENS_REVIEW_EXPIRING_SOON    = 1 << 4,
  TOKENS_REVIEW_OLD              = 1 << 5,
  TOKENS_REVIEW_OWNER_GONE       = 1 << 6,
  TOKENS_REVIEW_DUPLICATE        = 1 << 7,
} TokensReviewReasons;

/* A token expiring in this many days or fewer is "expiring soon": two
 * weeks is time to make and roll out its replacement. */
#define TOKENS_REVIEW_EXPIRING_DAYS 14

/**
 * TokensReviewAge:
 *
 * The ages a token may be "older than", in the order offered.
 */
typedef enum
{
  TOKENS_REVIEW_AGE_90_DAYS,
  TOKENS_REVIEW_AGE_6_MONTHS,
  TOKENS_REVIEW_AGE_1_YEAR,
  TOKENS_REVIEW_AGE_2_YEARS,
} TokensReviewAge;

#define TOKENS_REVIEW_AGE_DEFAULT TOKENS_REVIEW_AGE_1_YEAR

TokensReviewReasons tokens_review_possible    (TokensBackendFeatures features);
GDateTime          *tokens_review_age_cutoff  (TokensReviewAge       age,
                                               GDateTime            *now);
const char         *tokens_review_age_label   (TokensReviewAge       age);
TokensReviewReasons tokens_review_check       (TokensToken          *token,
                                               GDateTime            *now,
                                               TokensReviewAge       age,
                                               TokensBackendFeatures features);
GHashTable         *tokens_review_find_copies (GListModel           *tokens,
                                               TokensBackendFeatures features);
char               *tokens_review_describe_reason (TokensToken         *token,
                                                   TokensReviewReasons  reason,
                                                   GDateTime           *now,
                                                   TokensReviewAge      age,
                                                   guint                n_copies);
char               *tokens_review_describe    (TokensToken          *token,
                                               TokensReviewReasons   reasons,
                                               GDateTime            *now,
                                               TokensReviewAge       age,
                                               guint                 n_copies,
                                               const char           *separator);

G_END_DECLS
