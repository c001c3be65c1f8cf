/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tokens-test-gui.h"

#include "tokens-authorization-row.h"

/* The row the list view made for the token with @id, if it is on screen. */
GtkWidget *
tokens_test_find_row (GtkWidget  *widget,
                      const char *id)
{
  if (TOKENS_IS_AUTHORIZATION_ROW (widget))
    {
      TokensAuthorization *a = tokens_authorization_row_get_authorization (TOKENS_AUTHORIZATION_ROW (widget));
      if (a != NULL && g_strcmp0 (tokens_authorization_get_id (a), id) == 0)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tokens_test_find_row (child, id);
      if (found != NULL)
        return found;
    }

  return NULL;
}
