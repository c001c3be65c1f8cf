/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tokens-backend.h"
#include "tokens-review.h"

G_BEGIN_DECLS

/* In the order the popover offers them. */
typedef enum
{
  TOKENS_SORT_NEWEST,
  TOKENS_SORT_OLDEST,
  TOKENS_SORT_DESCRIPTION,
  TOKENS_SORT_STATUS,
} TokensSortOrder;

/**
 * TokensStatusFilter:
 * @TOKENS_STATUS_NOT_REVOKED: every token but the revoked ones: what a
 *   management API's list shows until revoked ones are asked for
 */
typedef enum
{
  TOKENS_STATUS_ANY,
  TOKENS_STATUS_ACTIVE,
  TOKENS_STATUS_INACTIVE,
  TOKENS_STATUS_EXPIRED,
  TOKENS_STATUS_REVOKED,
  TOKENS_STATUS_NOT_REVOKED,
} TokensStatusFilter;

TokensStatusFilter tokens_status_filter_default_for (TokensBackendFeatures features);
gboolean           tokens_status_filter_matches     (TokensStatusFilter    filter,
                                                     TokensTokenStatus     status);

#define TOKENS_TYPE_FILTER_POPOVER (tokens_filter_popover_get_type ())

G_DECLARE_FINAL_TYPE (TokensFilterPopover, tokens_filter_popover, TOKENS, FILTER_POPOVER, GtkPopover)

TokensFilterPopover *tokens_filter_popover_new         (void);
TokensSortOrder      tokens_filter_popover_get_sort    (TokensFilterPopover *self);
void                 tokens_filter_popover_set_sort    (TokensFilterPopover *self,
                                                        TokensSortOrder      sort);
GtkSorter           *tokens_filter_popover_dup_sorter  (TokensFilterPopover *self);
TokensStatusFilter   tokens_filter_popover_get_status  (TokensFilterPopover *self);
const char          *tokens_filter_popover_get_owner   (TokensFilterPopover *self);
const char          *tokens_filter_popover_get_org     (TokensFilterPopover *self);
void                 tokens_filter_popover_set_filters (TokensFilterPopover *self,
                                                        TokensStatusFilter   status,
                                                        const char          *owner,
                                                        const char          *org);
void                 tokens_filter_popover_set_features (TokensFilterPopover  *self,
                                                         TokensBackendFeatures features);
gboolean             tokens_filter_popover_get_review  (TokensFilterPopover *self,
                                                        TokensReviewAge     *age);
void                 tokens_filter_popover_set_review  (TokensFilterPopover *self,
                                                        gboolean             review,
                                                        TokensReviewAge      age);
void                 tokens_filter_popover_set_choices (TokensFilterPopover *self,
                                                        GListModel          *tokens);

G_END_DECLS
