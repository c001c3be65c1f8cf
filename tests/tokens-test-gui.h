/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tokens-demo-server-testing.h"
#include "tokens-token-list.h"
#include "tokens-window.h"

G_BEGIN_DECLS

gboolean   tokens_test_gui_init (int         *argc,
                                 char      ***argv);
GtkWidget *tokens_test_find_row (GtkWidget  *widget,
                                 const char *id);

/*
 * A window in-process, listing the fake server's tokens over real HTTP,
 * for the suites that test what a person sees (window, guards, faults).
 */
typedef struct
{
  TokensDemoServer *server;
  TokensTokenList *list;
  TokensWindow *window;
} TokensWindowFixture;

void              tokens_test_window_open_client  (TokensWindowFixture *fixture,
                                                   TokensClient        *client,
                                                   const char          *server_name,
                                                   int                  width,
                                                   int                  height);
void              tokens_test_window_open         (TokensWindowFixture *fixture,
                                                   const char          *token);
void              tokens_test_window_open_sized   (TokensWindowFixture *fixture,
                                                   const char          *token,
                                                   int                  width,
                                                   int                  height);
void              tokens_test_window_open_seeded  (TokensWindowFixture *fixture,
                                                   TokensDemoMode       mode,
                                                   const char          *key);
void              tokens_test_window_close_window (TokensWindowFixture *fixture);
void              tokens_test_window_close        (TokensWindowFixture *fixture);
const char       *tokens_test_window_id_of        (TokensWindowFixture *fixture,
                                                   const char          *key);
gboolean          tokens_test_window_in_list      (TokensWindowFixture *fixture,
                                                   const char          *id);
AdwMessageDialog *tokens_test_window_click_delete (TokensWindowFixture *fixture,
                                                   const char          *id);
void              tokens_test_window_select_keys  (TokensWindowFixture *fixture,
                                                   const char * const  *keys);
void              tokens_test_window_select_ids   (TokensWindowFixture *fixture,
                                                   const char * const  *ids);
AdwMessageDialog *tokens_test_window_ask          (TokensWindowFixture *fixture,
                                                   const char          *action);
void              tokens_test_respond             (AdwMessageDialog    *dialog,
                                                   const char          *response);

G_END_DECLS
