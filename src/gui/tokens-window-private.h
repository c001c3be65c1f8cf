/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The window is one class over several files, as gnome-text-editor's
 * editor-window is:
 *   tokens-window.c            the shell: its pages, title, toasts, the GObject
 *   tokens-window-list.c       the list: models, search, Sort and Filter, rows, keys
 *   tokens-window-selection.c  what is selected: selection mode and bar, details
 *   tokens-window-actions.c    the win.* actions, single and in batches
 *   tokens-window-create.c     the actions that make tokens: new, clone, replace, regenerate
 *   tokens-window-export.c     the export of the shown list as CSV or JSON
 * This header is what they share; nothing outside them includes it but tests.
 */

#include "tokens-window.h"
#include "tokens-details-pane.h"
#include "tokens-filter-popover.h"
#include "tokens-paced-model.h"

G_BEGIN_DECLS

typedef enum
{
  BULK_DELETE,
  BULK_DEACTIVATE,
  BULK_ACTIVATE,
} BulkKind;

/* The app's own token, as far as the app can know: it switched it off or
 * deleted it itself, or the server said "token is inactive". A list then
 * comes back empty or refused, and the window says why instead. */
typedef enum
{
  OWN_TOKEN_FINE,
  OWN_TOKEN_INACTIVE,
  OWN_TOKEN_DELETED,
} OwnToken;

struct _TokensWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkWidget *list_pane;
  AdwHeaderBar *list_header_bar;
  AdwWindowTitle *window_title;
  GtkMenuButton *servers_button;
  GtkWidget *primary_menu_button;
  GMenuModel *primary_menu;      /* from the template; the popover is made on first use */
  GMenuModel *servers_menu;      /* the application's */
  GtkWidget *refresh_button;
  GtkWidget *new_button;
  GtkWidget *search_button;
  GtkWidget *filter_button;
  GtkToggleButton *select_button;
  GtkRevealer *selection_revealer;
  GtkLabel *selection_label;
  GtkButton *activate_selection_button;
  GtkButton *deactivate_selection_button;
  GtkButton *delete_selection_button;
  GtkStack *selection_stack;
  GtkProgressBar *bulk_progress;
  AdwStatusPage *many_page;
  GtkSearchBar *search_bar;
  GtkRevealer *notice_revealer;
  GtkLabel *notice_label;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  AdwStatusPage *loading_page;
  GtkSpinner *loading_spinner;
  guint spinner_delay;
  AdwStatusPage *error_page;
  GtkWidget *retry_button;
  GtkWidget *credentials_button;
  AdwStatusPage *empty_page;
  AdwStatusPage *no_results_page;
  GtkListView *list_view;
  GtkWidget *details_box;
  GtkWidget *details_separator;
  AdwHeaderBar *details_header_bar;
  GtkLabel *details_title;
  GtkLabel *details_subtitle;
  GtkWidget *back_button;
  GtkStack *details_stack;
  TokensDetailsPane *details_pane;  /* made when first needed; the details stack holds it */
  TokensFilterPopover *filter_popover;  /* NULL until it first opens; the filter button holds it */

  /* owned */
  TokensTokenList *token_list;
  GtkMultiSelection *selection;    /* owns the models and filters below */
  GCancellable *bulk_cancellable;  /* while a batch runs */
  GCancellable *cancellable;
  char *server_name;
  char *server_url;
  GError *secret_error;
  char *needle;
  char *last_toast;
  char *last_toast_action;          /* the last toast's button, for the tests */
  GVariant *last_toast_target;
  char *subtitle;
  gboolean had_tokens;
  gboolean selection_mode;
  guint bulk_concurrency;
  guint choices_idle;
  gboolean choices_stale;        /* the owner and org choices lag the tokens */
  TokensBackendFeatures features;    /* what the server's token API can do, once known */
  TokensStatusFilter status_filter;   /* the filter's criteria, read once per change */
  char *owner_filter;
  char *org_filter;
  char *pending_show_id;            /* a token to show once listed (tokens_window_show_token()) */
  guint pending_show_source;
  guint pending_show_tries;
  gboolean pending_show_cleared;    /* the search and filters were cleared to show it */
  GtkWidget *find_dialog;           /* weak */

  gboolean review;                  /* only the tokens to review, and why */
  TokensReviewAge review_age;
  GDateTime *review_now;            /* what expiry and age are judged by */
  GHashTable *review_copies;        /* TokensToken -> how many others are the same */

  /* borrowed */
  GtkFilterListModel *filter_model;
  GtkCustomFilter *filter;          /* owned: on the model only while a criterion is set */
  TokensPacedModel *paced_model;
  GtkSortListModel *sort_model;
  GPtrArray *spare_rows;            /* rows the list view let go, for its next ones */
  gboolean details_deferred;        /* the details pane follows the list's first frame */
  guint bulk_done;                  /* of bulk_total, while a batch runs */
  guint bulk_total;
  BulkKind bulk_kind;
  gboolean bulk_stopping;          /* Stop was pressed; answers still come */
  OwnToken own_token;               /* what the app knows of its own token */
  GtkWidget *delete_dialog;
  GtkWidget *create_dialog;         /* weak: the create dialog on screen */
};

/* tokens-window.c */
void                 _tokens_window_show_toast       (TokensWindow *self,
                                                      const char   *title,
                                                      const char   *button_label,
                                                      const char   *action_name,
                                                      GVariant     *target);
void                 _tokens_window_show_failure     (TokensWindow *self,
                                                      const char   *heading,
                                                      const char   *body);
void                 _tokens_window_update_view      (TokensWindow *self);
void                 _tokens_window_update_subtitle  (TokensWindow *self);
void                 _tokens_window_set_features     (TokensWindow          *self,
                                                      TokensBackendFeatures  features);

/* tokens-window-list.c */
void                 _tokens_window_list_class_init  (GtkWidgetClass  *widget_class);
void                 _tokens_window_list_init        (TokensWindow    *self);
void                 _tokens_window_list_set_model   (TokensWindow    *self,
                                                      TokensTokenList *token_list);
void                 _tokens_window_list_dispose     (TokensWindow    *self);
void                 _tokens_window_list_set_features (TokensWindow   *self);
void                 _tokens_window_selection_set_features (TokensWindow *self);
void                 _tokens_window_refresh          (TokensWindow    *self);
void                 _tokens_window_focus_row        (TokensWindow    *self,
                                                      guint            position);
void                 _tokens_window_select_ids       (TokensWindow    *self,
                                                      GPtrArray       *ids);
void                 _tokens_window_ensure_filter_popover (TokensWindow *self);
void                 _tokens_window_ensure_choices   (TokensWindow    *self);

/* tokens-window-selection.c */
void                 _tokens_window_selection_class_init (GtkWidgetClass *widget_class);
guint                _tokens_window_n_selected       (TokensWindow *self);
GPtrArray           *_tokens_window_selected_authorizations (TokensWindow *self);
void                 _tokens_window_update_details   (TokensWindow *self);
void                 _tokens_window_ensure_details_pane (TokensWindow *self);
void                 _tokens_window_update_selection_bar (TokensWindow *self);
void                 _tokens_window_set_selection_mode (TokensWindow *self,
                                                        gboolean      mode);
void                 _tokens_window_on_selection_changed (TokensWindow *self);
void                 _tokens_window_update_title_buttons (TokensWindow *self);
void                 _tokens_window_on_leaflet_folded_cb (TokensWindow *self);

/* tokens-window-actions.c */
void                 _tokens_window_actions_class_init (GtkWidgetClass *widget_class);

/* What a confirmation asks about, while it is open: one token, or a batch. */
typedef struct
{
  TokensWindow *self;
  TokensToken *authorization;
  GPtrArray *authorizations;
} TokensWindowQuestion;

void                 _tokens_window_question_free    (TokensWindowQuestion *question);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokensWindowQuestion, _tokens_window_question_free)
void                 _tokens_window_ask              (TokensWindow        *self,
                                                      GtkWidget           *dialog,
                                                      TokensToken         *authorization,
                                                      GAsyncReadyCallback  callback);

/* tokens-window-create.c */
void                 _tokens_window_create_class_init (GtkWidgetClass *widget_class);

/* tokens-window-find.c */
void                 _tokens_window_find_class_init (GtkWidgetClass *widget_class);
void                 _tokens_window_find_dispose    (TokensWindow   *self);
GtkWidget           *_tokens_window_get_find_dialog (TokensWindow   *self);

/* tokens-window-export.c */
void                 _tokens_window_export_class_init (GtkWidgetClass *widget_class);
void                 _tokens_window_export_init       (TokensWindow   *self);

/* For the in-process widget tests: what a person would see. */
const char *_tokens_window_get_visible_page (TokensWindow *self);
GtkWidget  *_tokens_window_get_delete_dialog (TokensWindow *self);
GtkWidget  *_tokens_window_get_create_dialog (TokensWindow *self);
const char *_tokens_window_get_last_toast   (TokensWindow *self);
const char *_tokens_window_get_last_toast_action (TokensWindow *self);
GVariant   *_tokens_window_get_last_toast_target (TokensWindow *self);
GtkWidget  *_tokens_window_get_error_page   (TokensWindow *self);
GListModel *_tokens_window_get_shown_model  (TokensWindow *self);
GtkWidget  *_tokens_window_get_details_pane (TokensWindow *self);
GtkWidget  *_tokens_window_get_search_entry (TokensWindow *self);
void        _tokens_window_set_sort         (TokensWindow *self,
                                             guint         sort);
void        _tokens_window_update_review_rows (TokensWindow *self);
void        _tokens_window_set_review       (TokensWindow *self,
                                             gboolean      review,
                                             guint         age);
void        _tokens_window_set_filters      (TokensWindow *self,
                                             guint         status,
                                             const char   *owner,
                                             const char   *org);
const char *_tokens_window_get_subtitle     (TokensWindow *self);
const char *_tokens_window_get_notice       (TokensWindow *self);
guint       _tokens_window_get_n_selected   (TokensWindow *self);
guint       _tokens_window_get_pending      (TokensWindow *self);
const char *_tokens_window_get_selection_text (TokensWindow *self);
gboolean    _tokens_window_get_spinning (TokensWindow *self);
GtkWidget  *_tokens_window_get_filter_button (TokensWindow *self);
GtkWidget  *_tokens_window_get_primary_menu_button (TokensWindow *self);
GtkWidget  *_tokens_window_get_servers_button (TokensWindow *self);
gboolean    _tokens_window_get_selection_bar_shown (TokensWindow *self);
GtkWidget  *_tokens_window_get_select_button (TokensWindow *self);
const char *_tokens_window_get_title (TokensWindow *self);
GtkWidget  *_tokens_window_get_list_view (TokensWindow *self);
gboolean    _tokens_window_get_folded (TokensWindow *self);

G_END_DECLS
