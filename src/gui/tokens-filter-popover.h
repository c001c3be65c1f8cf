/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* In the order the popover offers them. */
typedef enum
{
  TOKENS_SORT_NEWEST,
  TOKENS_SORT_OLDEST,
  TOKENS_SORT_DESCRIPTION,
  TOKENS_SORT_STATUS,
} TokensSortOrder;

typedef enum
{
  TOKENS_STATUS_ANY,
  TOKENS_STATUS_ACTIVE,
  TOKENS_STATUS_INACTIVE,
} TokensStatusFilter;

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
void                 tokens_filter_popover_set_choices (TokensFilterPopover *self,
                                                        GListModel          *tokens);

G_END_DECLS
