/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *tokens_test_find_row (GtkWidget  *widget,
                                 const char *id);

G_END_DECLS
