/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The create dialog is one class over two files:
 *   tokens-create-dialog.c         its pages: the form, the value, the old token's retirement
 *   tokens-create-dialog-grants.c  the form's choices: buckets, databases, resource types and
 *                                  system endpoints, listed from the server, ticked read/write
 * This header is what they share; nothing else includes it.
 */

#include "tokens-create-dialog.h"

G_BEGIN_DECLS

typedef struct
{
  TokensGrant *grant;      /* owned: what the row stands for */
  GtkWidget *row;
  GtkCheckButton *read;
  GtkCheckButton *write;
} GrantRow;

struct _TokensCreateDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkStack *action_stack;
  GtkButton *action_button;
  GtkSpinner *spinner;
  GtkStack *pages;
  AdwPreferencesPage *form_page;
  GtkWidget *error_group;
  GtkLabel *error_label;
  AdwPreferencesGroup *token_group;
  AdwEntryRow *name_row;
  AdwComboRow *scope_row;
  AdwComboRow *owner_row;
  AdwComboRow *expiry_row;
  AdwStatusPage *secret_page;
  GtkEntry *secret_entry;
  GtkWidget *copy_button;
  GtkLabel *copied_label;
  GtkWidget *use_button;
  GtkLabel *switch_label;
  AdwStatusPage *retire_page;
  GtkWidget *deactivate_old_button;
  GtkWidget *delete_old_button;
  GtkWidget *keep_both_button;

  /* built here */
  AdwPreferencesGroup *grants_group;     /* buckets or databases */
  AdwPreferencesGroup *resources_group;  /* v2 resource types */
  AdwPreferencesGroup *system_group;     /* Enterprise system endpoints */
  GtkWidget *grants_search;
  GtkWidget *grants_status;              /* loading, or why the listing failed */
  GtkWidget *grants_spinner;
  GtkWidget *grants_retry;
  GtkWidget *extra_row;

  /* owned */
  TokensTokenList *list;
  TokensToken *source;        /* what a clone or replacement copies */
  TokensToken *created;
  TokensDraft *draft;         /* the form's starting point */
  GPtrArray *grant_rows;      /* of GrantRow */
  GPtrArray *owner_ids;       /* of char*, the owner row's choices, NULL first: the app's user */
  char *own_user_id;          /* the app's own user, where its token is known */
  GArray *expiry_days;        /* guint, the expiry row's choices */
  GCancellable *cancellable;
  TokensCreateMode mode;
  TokensBackendFeatures features;
  gboolean grants_loaded;
  gboolean grants_loading;
  gboolean creating;
  gboolean own_switched;      /* the app signs in with the new token now */
  gboolean switch_failed;
};

/* tokens-create-dialog.c */
void      _tokens_create_dialog_update_action  (TokensCreateDialog *self);

/* tokens-create-dialog-grants.c */
void      _tokens_create_dialog_grants_class_init (GtkWidgetClass   *widget_class);
void      _tokens_create_dialog_grants_init    (TokensCreateDialog *self);
void      _tokens_create_dialog_grants_build   (TokensCreateDialog *self);
void      _tokens_create_dialog_grants_show    (TokensCreateDialog *self,
                                                gboolean            shown);
gboolean  _tokens_create_dialog_grants_ticked  (TokensCreateDialog *self);
void      _tokens_create_dialog_grants_read    (TokensCreateDialog *self,
                                                TokensDraft        *draft);

G_END_DECLS
