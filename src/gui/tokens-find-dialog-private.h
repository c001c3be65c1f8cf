/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tokens-find-dialog.h"

G_BEGIN_DECLS

/* For the screenshots: what a person would type into, and press. */
GtkWidget *_tokens_find_dialog_get_entry       (TokensFindDialog *self);
GtkWidget *_tokens_find_dialog_get_find_button (TokensFindDialog *self);

G_END_DECLS
