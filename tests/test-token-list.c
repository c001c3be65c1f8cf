/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-demo-server-testing.h"
#include "tokens-test-utils.h"
#include "tokens-token-list-private.h"
#include "tokens-token-private.h"

typedef struct
{
  TokensDemoServer *server;
  TokensClient *client;
  TokensTokenList *list;
  guint changes;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  fixture->changes++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  fixture->client = tokens_client_new (tokens_demo_server_get_url (fixture->server),
                                       tokens_demo_server_get_token (fixture->server, "operator"),
                                       NULL, &error);
  g_assert_no_error (error);
  fixture->list = tokens_token_list_new (fixture->client);
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Every finished operation let go of its cancellable and its links. */
  tokens_test_iterate (50);
  g_assert_cmpuint (_tokens_token_list_get_n_live_operations (fixture->list), ==, 0);

  tokens_test_assert_finalize_soon (fixture->list);
  tokens_test_assert_finalize_soon (fixture->client);
  tokens_test_assert_finalize_soon (fixture->server);
}

static gboolean
refresh (Fixture  *fixture,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_refresh_async (fixture->list, NULL, tokens_test_store_result, &result);
  g_assert_cmpint (tokens_token_list_get_state (fixture->list), ==, TOKENS_TOKEN_LIST_STATE_LOADING);
  tokens_test_wait_result (&result);
  return tokens_token_list_refresh_finish (fixture->list, result, error);
}

static gboolean
delete (Fixture     *fixture,
        const char  *id,
        gboolean    *already,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_delete_async (fixture->list, id, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_token_list_delete_finish (fixture->list, result, already, error);
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensToken) first = NULL;
  TokensToken *own;

  g_assert_cmpint (tokens_token_list_get_state (fixture->list), ==, TOKENS_TOKEN_LIST_STATE_NEW);
  g_assert_true (refresh (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tokens_token_list_get_state (fixture->list), ==, TOKENS_TOKEN_LIST_STATE_LOADED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
  g_assert_cmpuint (fixture->changes, ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->list)) == TOKENS_TYPE_TOKEN);

  /* Newest first, the order the window opens with, whatever the server's. */
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)); i++)
    {
      g_autoptr(TokensToken) newer = g_list_model_get_item (G_LIST_MODEL (fixture->list), i - 1);
      g_autoptr(TokensToken) older = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      g_assert_cmpint (g_date_time_compare (tokens_token_get_created_at (newer),
                                            tokens_token_get_created_at (older)), >=, 0);
    }

  own = tokens_token_list_lookup (fixture->list, tokens_demo_server_get_id (fixture->server, "operator"));
  g_assert_nonnull (own);
  g_assert_true (tokens_token_get_is_current (own));
  g_assert_true (tokens_token_get_is_operator (own));

  /* A second refresh keeps the objects of tokens still there. */
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  tokens_demo_server_remove_authorization (fixture->server,
                                           tokens_demo_server_get_id (fixture->server, "home"));
  g_assert_true (refresh (fixture, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 10);
  g_assert_cmpuint (fixture->changes, ==, 2);
  {
    g_autoptr(TokensToken) again = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
    g_assert_true (first == again);
  }
}

/* The first refresh asks /ping and lists the tokens at the same time:
 * one round trip of the server's latency, not two. */
static void
test_first_refresh_one_round_trip (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  tokens_demo_server_set_latency (fixture->server, 400);
  start = g_get_monotonic_time ();
  g_assert_true (refresh (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 750 * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
}

/* A server that answers from a thread of its own, whatever the main
 * thread is doing. */
typedef struct
{
  GMutex lock;
  GCond cond;
  GMainContext *context;
  GMainLoop *loop;
  TokensDemoServer *server;
  GThread *thread;
} ServerThread;

static gpointer
server_thread_main (gpointer data)
{
  ServerThread *st = data;

  g_main_context_push_thread_default (st->context);
  g_mutex_lock (&st->lock);
  st->server = tokens_test_demo_server_new (TOKENS_DEMO_MODE_OSS);
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->lock);

  g_main_loop_run (st->loop);

  g_clear_object (&st->server);
  while (g_main_context_pending (st->context))
    g_main_context_iteration (st->context, FALSE);
  g_main_context_pop_thread_default (st->context);
  return NULL;
}

static void
server_thread_start (ServerThread *st)
{
  st->context = g_main_context_new ();
  st->loop = g_main_loop_new (st->context, FALSE);
  g_mutex_lock (&st->lock);
  st->thread = g_thread_new ("fake-server", server_thread_main, st);
  while (st->server == NULL)
    g_cond_wait (&st->cond, &st->lock);
  g_mutex_unlock (&st->lock);
}

static void
server_thread_stop (ServerThread *st)
{
  g_main_loop_quit (st->loop);
  g_thread_join (st->thread);
  g_main_loop_unref (st->loop);
  g_main_context_unref (st->context);
}

/* The first refresh is what the window waits for while it is being built
 * and shown, which holds the main thread: its requests go on meanwhile. */
static void
test_first_refresh_off_main_thread (void)
{
  ServerThread st = { 0 };
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  server_thread_start (&st);
  client = tokens_client_new (tokens_demo_server_get_url (st.server),
                              tokens_demo_server_get_token (st.server, "operator"),
                              NULL, &error);
  g_assert_no_error (error);
  list = tokens_token_list_new (client);

  tokens_token_list_refresh_async (list, NULL, tokens_test_store_result, &result);
  /* The main thread busy, as with a window being shown: both requests
   * reach the server all the same. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (tokens_demo_server_get_n_requests (st.server) < 2 &&
         g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (tokens_demo_server_get_n_requests (st.server), ==, 2);
  g_assert_null (result);

  tokens_test_wait_result (&result);
  g_assert_true (tokens_token_list_refresh_finish (list, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 11);
  g_assert_true (tokens_token_get_is_current (
    tokens_token_list_lookup (list, tokens_demo_server_get_id (st.server, "operator"))));
  /* What /ping found reached the list's own client. */
  g_assert_cmpint (tokens_client_get_product (client), ==, TOKENS_PRODUCT_OSS);

  g_clear_object (&list);
  g_clear_object (&client);
  server_thread_stop (&st);
}

static void
test_refresh_failure_keeps_items (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const GError *state_error;

  g_assert_true (refresh (fixture, &error));
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_BAD_GATEWAY, 1, 0);
  g_assert_false (refresh (fixture, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR);
  g_assert_cmpint (tokens_token_list_get_state (fixture->list), ==, TOKENS_TOKEN_LIST_STATE_FAILED);
  state_error = tokens_token_list_get_error (fixture->list);
  g_assert_error ((GError *)state_error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
}

static void
on_retry_in (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  guint *max = user_data;
  *max = MAX (*max, tokens_token_list_get_retry_in (TOKENS_TOKEN_LIST (object)));
}

static void
test_refresh_rate_limited (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint seen = 0;

  g_signal_connect (fixture->list, "notify::retry-in", G_CALLBACK (on_retry_in), &seen);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 1);
  g_assert_true (refresh (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen, ==, 1);
  g_assert_cmpuint (tokens_token_list_get_retry_in (fixture->list), ==, 0);
}

static void
test_refresh_supersedes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  tokens_demo_server_set_latency (fixture->server, 300);
  tokens_token_list_refresh_async (fixture->list, NULL, tokens_test_store_result, &first);
  tokens_token_list_refresh_async (fixture->list, NULL, tokens_test_store_result, &second);
  tokens_test_wait_result (&second);
  tokens_test_wait_result (&first);

  g_assert_false (tokens_token_list_refresh_finish (fixture->list, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (tokens_token_list_refresh_finish (fixture->list, second, &error));
  g_assert_cmpint (tokens_token_list_get_state (fixture->list), ==, TOKENS_TOKEN_LIST_STATE_LOADED);
}

static void
on_busy (GObject    *object,
         GParamSpec *pspec,
         gpointer    user_data)
{
  guint *count = user_data;
  if (tokens_token_get_busy (TOKENS_TOKEN (object)))
    (*count)++;
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *id = g_strdup (tokens_demo_server_get_id (fixture->server, "leaked"));
  g_autoptr(GError) error = NULL;
  gboolean already = TRUE;
  guint busy = 0;

  g_assert_true (refresh (fixture, &error));
  g_signal_connect (tokens_token_list_lookup (fixture->list, id), "notify::busy",
                    G_CALLBACK (on_busy), &busy);
  g_assert_true (delete (fixture, id, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_cmpuint (busy, ==, 1);
  g_assert_null (tokens_token_list_lookup (fixture->list, id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 10);
  g_assert_false (tokens_demo_server_has_authorization (fixture->server, id));
}

static void
test_delete_already_gone (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = g_strdup (tokens_demo_server_get_id (fixture->server, "leaked"));
  g_autoptr(GError) error = NULL;
  gboolean already = FALSE;

  g_assert_true (refresh (fixture, &error));
  tokens_demo_server_remove_authorization (fixture->server, id);
  g_assert_true (delete (fixture, id, &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);
  g_assert_null (tokens_token_list_lookup (fixture->list, id));
}

static void
test_delete_failure_keeps_row (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *id = tokens_demo_server_get_id (fixture->server, "leaked");
  g_autoptr(GError) error = NULL;
  TokensToken *row;

  g_assert_true (refresh (fixture, &error));
  row = tokens_token_list_lookup (fixture->list, id);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 1, 0);
  g_assert_false (delete (fixture, id, NULL, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR);
  g_assert_true (tokens_token_list_lookup (fixture->list, id) == row);
  g_assert_false (tokens_token_get_busy (row));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));

  /* Connections that drop without an answer: nothing confirmed, nothing
   * removed. (libsoup re-sends an idempotent DELETE once on a dropped
   * keep-alive connection, so every connection drops here.) */
  g_clear_error (&error);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_DROP_CONNECTION, G_MAXUINT, 0);
  g_assert_false (delete (fixture, id, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
  g_assert_true (tokens_demo_server_has_authorization (fixture->server, id));
}

static void
test_delete_unknown (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (refresh (fixture, &error));
  g_assert_false (delete (fixture, "0fffffffffffffff", NULL, &error));
  g_assert_error (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
}

static void
test_set_active_and_rename (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *id = tokens_demo_server_get_id (fixture->server, "telegraf");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  TokensToken *row;

  g_assert_true (refresh (fixture, &error));
  row = tokens_token_list_lookup (fixture->list, id);

  tokens_token_list_set_active_async (fixture->list, id, FALSE, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  g_assert_true (tokens_token_list_set_active_finish (fixture->list, result, &error));
  g_assert_false (tokens_token_get_active (row));
  g_assert_false (tokens_demo_server_get_active (fixture->server, id));

  tokens_token_list_rename_async (fixture->list, id, "Telegraf (web-02)", NULL,
                                  tokens_test_store_result, &result2);
  tokens_test_wait_result (&result2);
  g_assert_true (tokens_token_list_rename_finish (fixture->list, result2, &error));
  g_assert_cmpstr (tokens_token_get_description (row), ==, "Telegraf (web-02)");
}

static void
test_large_refresh (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  tokens_demo_server_generate (fixture->server, 5000);
  g_assert_true (refresh (fixture, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 5011);
  g_assert_cmpuint (fixture->changes, ==, 1);
}

typedef struct
{
  GListModel *model;
  guint n_items;       /* as the signals so far say */
  guint n_signals;
  guint removed;
  guint added;
  guint largest;       /* removed + added in one signal */
} ChangeLog;

/* Each signal describes the list as it is when it is emitted. */
static void
on_change_logged (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ChangeLog  *log)
{
  g_assert_cmpuint (position + removed, <=, log->n_items);
  log->n_items = log->n_items - removed + added;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, log->n_items);
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (model, i);
      g_assert_nonnull (a);
    }
  log->n_signals++;
  log->largest = MAX (log->largest, removed + added);
  log->removed += removed;
  log->added += added;
}

static void
change_log_start (ChangeLog *log,
                  GListModel *model)
{
  *log = (ChangeLog) { .model = model, .n_items = g_list_model_get_n_items (model) };
  g_signal_connect (model, "items-changed", G_CALLBACK (on_change_logged), log);
}

static void
change_log_stop (ChangeLog *log)
{
  g_signal_handlers_disconnect_by_func (log->model, on_change_logged, log);
}

static void
assert_list_is_server (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    tokens_demo_server_get_n_authorizations (fixture->server));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (model, i);

      g_assert_true (tokens_demo_server_has_authorization (fixture->server, tokens_token_get_id (a)));
      if (i > 0)
        {
          g_autoptr(TokensToken) before = g_list_model_get_item (model, i - 1);
          g_assert_cmpint (g_date_time_compare (tokens_token_get_created_at (before),
                                                tokens_token_get_created_at (a)), >=, 0);
        }
    }
}

/* A refresh tells the window what changed, run by run, not "everything". */
static void
test_refresh_says_what_changed (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensToken) newest = NULL;
  g_autoptr(TokensToken) oldest = NULL;
  g_autoptr(TokensToken) kept = NULL;
  g_autofree char *added = NULL;
  ChangeLog log;
  guint n;

  g_assert_true (refresh (fixture, &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
  /* Not the app's own token, which would end the session. */
  for (guint i = 0; newest == NULL || tokens_token_get_is_current (newest); i++)
    {
      g_clear_object (&newest);
      newest = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);
    }
  for (guint i = n - 1; oldest == NULL || tokens_token_get_is_current (oldest); i--)
    {
      g_clear_object (&oldest);
      oldest = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);
    }
  kept = g_list_model_get_item (G_LIST_MODEL (fixture->list), n / 2);

  /* Nothing changed: nothing said. */
  change_log_start (&log, G_LIST_MODEL (fixture->list));
  g_assert_true (refresh (fixture, &error));
  g_assert_cmpuint (log.n_signals, ==, 0);
  change_log_stop (&log);

  /* Someone else deleted the newest and the oldest and made one. */
  tokens_demo_server_remove_authorization (fixture->server, tokens_token_get_id (newest));
  tokens_demo_server_remove_authorization (fixture->server, tokens_token_get_id (oldest));
  added = tokens_demo_server_add_token (fixture->server, "Made elsewhere", 1);
  change_log_start (&log, G_LIST_MODEL (fixture->list));
  g_assert_true (refresh (fixture, &error));
  g_assert_cmpuint (log.removed, ==, 2);
  g_assert_cmpuint (log.added, ==, 1);
  g_assert_cmpuint (log.n_signals, >=, 2);    /* near the top, at the bottom */
  g_assert_cmpuint (log.largest, <=, 2);
  change_log_stop (&log);
  assert_list_is_server (fixture);
  g_assert_true (tokens_token_list_lookup (fixture->list, tokens_token_get_id (kept)) == kept);
  g_assert_nonnull (tokens_token_list_lookup (fixture->list, added));
}

/* Changes all over a long list: one signal from the first to the last. */
static void
test_refresh_many_changes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ChangeLog log;

  tokens_demo_server_generate (fixture->server, 200);
  g_assert_true (refresh (fixture, &error));
  for (guint i = 1; i < 100; i += 2)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);
      tokens_demo_server_remove_authorization (fixture->server, tokens_token_get_id (a));
    }

  change_log_start (&log, G_LIST_MODEL (fixture->list));
  g_assert_true (refresh (fixture, &error));
  g_assert_cmpuint (log.n_signals, ==, 1);
  g_assert_cmpuint (log.removed, >=, 50);
  change_log_stop (&log);
  assert_list_is_server (fixture);
}

/* A refresh of a long list already shown takes the new values in a slice
 * at a time, the main loop running between; a first list at once. */
static void
test_refresh_merges_in_slices (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensToken) first = NULL;
  g_autoptr(TokensToken) again = NULL;

  tokens_demo_server_generate (fixture->server, 2000);
  /* Slices of 256 tokens, the least there is, whatever this machine's speed. */
  _tokens_token_list_set_merge_slice_us (fixture->list, 0);
  g_assert_true (refresh (fixture, &error));
  g_assert_cmpuint (_tokens_token_list_get_n_merge_slices (fixture->list), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);

  g_assert_true (refresh (fixture, &error));
  /* 2,011 tokens: eight slices of 256, then the change in a turn of its own. */
  g_assert_cmpuint (_tokens_token_list_get_n_merge_slices (fixture->list), ==, 9);
  again = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_true (first == again);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2011);
}

/* A token deleted while a refresh is under way, after the server listed
 * it, does not come back when that list arrives. 8,011 tokens take long
 * enough to read and parse for the delete to be answered first. */
static void
test_refresh_keeps_deleted_gone (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) refreshed = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autofree char *id = NULL;
  guint n, requests;

  tokens_demo_server_generate (fixture->server, 8000);
  g_assert_true (refresh (fixture, &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
  {
    g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), n / 2);
    id = g_strdup (tokens_token_get_id (a));
  }

  /* The server lists every token, then the delete reaches it; the delete
   * is answered while the long list is still being read and parsed. */
  requests = tokens_demo_server_get_n_requests (fixture->server);
  tokens_token_list_refresh_async (fixture->list, NULL, tokens_test_store_result, &refreshed);
  WAIT_UNTIL (tokens_demo_server_get_n_requests (fixture->server) > requests);
  tokens_token_list_delete_async (fixture->list, id, NULL, tokens_test_store_result, &deleted);
  tokens_test_wait_result (&deleted);
  g_assert_true (tokens_token_list_delete_finish (fixture->list, deleted, NULL, &error));
  g_assert_null (refreshed);    /* the list is still on its way */
  tokens_test_wait_result (&refreshed);
  g_assert_true (tokens_token_list_refresh_finish (fixture->list, refreshed, &error));

  g_assert_false (tokens_demo_server_has_authorization (fixture->server, id));
  g_assert_null (tokens_token_list_lookup (fixture->list, id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n - 1);
  for (guint i = 0; i < n - 1; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);
      g_assert_cmpstr (tokens_token_get_id (a), !=, id);
    }
}

static GStrv
generated_ids (Fixture *fixture,
               guint    n)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint total = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));

  guint found = 0;

  /* The generated tokens (they belong to ci-bot), none of them the app's
   * own, newest first as the list keeps them. */
  for (guint i = 0; i < total && found < n; i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (g_strcmp0 (tokens_token_get_user (a), "ci-bot") != 0)
        continue;
      g_strv_builder_add (builder, tokens_token_get_id (a));
      found++;
    }
  g_assert_cmpuint (found, ==, n);
  return g_strv_builder_end (builder);
}

static TokensBulkResult *
delete_many (Fixture      *fixture,
             GStrv         ids,
             guint         concurrency,
             GCancellable *cancellable)
{
  g_autoptr(GAsyncResult) result = NULL;

  tokens_token_list_delete_many_async (fixture->list, (const char * const *)ids, concurrency,
                                       cancellable, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  return tokens_token_list_delete_many_finish (fixture->list, result);
}

/* Every id is in the list exactly when it is on the server. */
static void
assert_list_matches_server (Fixture *fixture,
                            GStrv    ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_cmpint (tokens_token_list_lookup (fixture->list, ids[i]) != NULL, ==,
                     tokens_demo_server_has_authorization (fixture->server, ids[i]));
}

static void
on_progress (TokensTokenList *list,
             guint            done,
             guint            total,
             guint           *last)
{
  g_assert_cmpuint (done, >, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_bulk_partial_failure (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(TokensBulkResult) result = NULL;
  guint progress = 0;

  tokens_demo_server_generate (fixture->server, 20);
  g_assert_true (refresh (fixture, &error));
  ids = generated_ids (fixture, 20);

  /* Someone else already deleted two; the server fails the first three it is asked. */
  tokens_demo_server_remove_authorization (fixture->server, ids[10]);
  tokens_demo_server_remove_authorization (fixture->server, ids[11]);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 3, 0);
  g_signal_connect (fixture->list, "bulk-progress", G_CALLBACK (on_progress), &progress);

  result = delete_many (fixture, ids, 1, NULL);
  g_assert_cmpuint (result->n_requested, ==, 20);
  g_assert_cmpuint (result->n_done, ==, 15);
  g_assert_cmpuint (result->n_already_gone, ==, 2);
  g_assert_cmpuint (result->failed_ids->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (result->failed_ids, 0), ==, ids[0]);
  g_assert_error ((GError *)g_ptr_array_index (result->failures, 0),
                  TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_SERVER_ERROR);
  g_assert_false (result->cancelled);
  g_assert_cmpuint (progress, ==, 20);

  /* The failed ones are still listed, and still on the server. */
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (tokens_token_list_lookup (fixture->list, ids[i]));
  assert_list_matches_server (fixture, ids);
}

/* Deactivating many takes the same bounded batch as deleting: failures
 * kept with their reasons, a 429 holding everything, Stop honoured, and no
 * token ever leaving the list. */
static void
test_bulk_deactivate (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(TokensBulkResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint n_listed, progress = 0;

  tokens_demo_server_generate (fixture->server, 20);
  g_assert_true (refresh (fixture, &error));
  n_listed = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
  ids = generated_ids (fixture, 20);

  /* Two are gone from the server; the first request answered fails; a 429
   * comes once the batch is under way. */
  tokens_demo_server_remove_authorization (fixture->server, ids[5]);
  tokens_demo_server_remove_authorization (fixture->server, ids[6]);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_INTERNAL_ERROR, 1, 0);
  tokens_demo_server_set_latency (fixture->server, 20);
  g_signal_connect (fixture->list, "bulk-progress", G_CALLBACK (on_progress), &progress);
  {
    g_autoptr(GAsyncResult) async = NULL;
    gint64 start = g_get_monotonic_time ();

    tokens_token_list_deactivate_many_async (fixture->list, (const char * const *)ids, 3, NULL,
                                             tokens_test_store_result, &async);
    /* The 429 replaces the 500 on the server: not before the 500 was
     * answered (under a sanitizer, 60 ms were sometimes not enough). */
    WAIT_UNTIL (progress >= 1);
    tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 1);
    tokens_test_wait_result (&async);
    result = tokens_token_list_deactivate_many_finish (fixture->list, async);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  }

  g_assert_cmpuint (result->n_requested, ==, 20);
  g_assert_cmpuint (result->n_done, ==, 17);
  g_assert_cmpuint (result->n_already_gone, ==, 0);
  g_assert_cmpuint (result->failed_ids->len, ==, 3);
  g_assert_cmpuint (progress, ==, 20);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean failed = FALSE;

      for (guint j = 0; j < result->failed_ids->len; j++)
        failed |= g_str_equal (ids[i], g_ptr_array_index (result->failed_ids, j));
      if (!failed)
        g_assert_false (tokens_demo_server_get_active (fixture->server, ids[i]));
      else if (tokens_demo_server_has_authorization (fixture->server, ids[i]))
        g_assert_true (tokens_demo_server_get_active (fixture->server, ids[i]));
    }
  /* Deactivating never takes a token off the list. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n_listed);

  /* Stop: what was not sent stays as it was. */
  g_signal_handlers_disconnect_by_func (fixture->list, on_progress, &progress);
  g_clear_pointer (&result, tokens_bulk_result_free);
  tokens_demo_server_generate (fixture->server, 20);
  g_assert_true (refresh (fixture, &error));
  g_strfreev (ids);
  ids = generated_ids (fixture, 38);  /* two of the first twenty are gone */
  tokens_demo_server_set_latency (fixture->server, 50);
  {
    g_autoptr(GAsyncResult) async = NULL;

    tokens_token_list_deactivate_many_async (fixture->list, (const char * const *)ids, 2, cancellable,
                                             tokens_test_store_result, &async);
    tokens_test_iterate (80);
    g_cancellable_cancel (cancellable);
    tokens_test_wait_result (&async);
    result = tokens_token_list_deactivate_many_finish (fixture->list, async);
  }
  g_assert_true (result->cancelled);
  g_assert_cmpuint (result->n_not_attempted, >, 0);
  g_assert_cmpuint (result->n_done + result->n_not_attempted + result->failed_ids->len, ==, 38);
}

static void
test_bulk_rate_limited (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(TokensBulkResult) result = NULL;
  gint64 start;

  tokens_demo_server_generate (fixture->server, 12);
  g_assert_true (refresh (fixture, &error));
  ids = generated_ids (fixture, 12);

  /* One 429 mid-batch: the whole batch waits, then finishes. */
  tokens_demo_server_set_latency (fixture->server, 20);
  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_NONE, 0, 0);
  start = g_get_monotonic_time ();
  {
    g_autoptr(GAsyncResult) async = NULL;

    tokens_token_list_delete_many_async (fixture->list, (const char * const *)ids, 3, NULL,
                                         tokens_test_store_result, &async);
    tokens_test_iterate (30);
    tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_RATE_LIMITED, 1, 1);
    tokens_test_wait_result (&async);
    result = tokens_token_list_delete_many_finish (fixture->list, async);
  }

  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (result->n_done, ==, 12);
  g_assert_cmpuint (result->failed_ids->len, ==, 0);
  assert_list_matches_server (fixture, ids);
}

static void
test_bulk_cancel (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(TokensBulkResult) result = NULL;

  tokens_demo_server_generate (fixture->server, 20);
  g_assert_true (refresh (fixture, &error));
  ids = generated_ids (fixture, 20);

  tokens_demo_server_set_latency (fixture->server, 100);
  g_timeout_add_once (250, (GSourceOnceFunc)g_cancellable_cancel, cancellable);
  result = delete_many (fixture, ids, 2, cancellable);
  g_assert_true (result->cancelled);
  g_assert_cmpuint (result->n_done, >, 0);
  g_assert_cmpuint (result->n_done, <, 20);
  g_assert_cmpuint (result->n_done + result->n_already_gone + result->n_not_attempted +
                    result->failed_ids->len, ==, 20);
  /* Let the server finish what it had already been asked, then compare. */
  tokens_test_iterate (300);
  for (guint i = 0; ids[i] != NULL; i++)
    if (tokens_token_list_lookup (fixture->list, ids[i]) == NULL)
      g_assert_false (tokens_demo_server_has_authorization (fixture->server, ids[i]));
}

static void
test_bulk_never_removes_unconfirmed (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(TokensBulkResult) result = NULL;

  tokens_demo_server_generate (fixture->server, 8);
  g_assert_true (refresh (fixture, &error));
  ids = generated_ids (fixture, 8);

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_DROP_CONNECTION, G_MAXUINT, 0);
  result = delete_many (fixture, ids, 4, NULL);
  g_assert_cmpuint (result->n_done, ==, 0);
  g_assert_cmpuint (result->failed_ids->len, ==, 8);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_assert_nonnull (tokens_token_list_lookup (fixture->list, ids[i]));
      g_assert_true (tokens_demo_server_has_authorization (fixture->server, ids[i]));
    }
}

static gboolean
server_goes_away (gpointer user_data)
{
  Fixture *fixture = user_data;

  tokens_demo_server_inject_fault (fixture->server, TOKENS_DEMO_FAULT_DROP_CONNECTION, G_MAXUINT, 0);
  return G_SOURCE_REMOVE;
}

/* The server goes away half way through: the summary is exact and no row
 * leaves the list that the server still has. */
static void
test_bulk_server_goes_away (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(TokensBulkResult) result = NULL;
  guint listed = 0, on_server = 0;

  tokens_demo_server_generate (fixture->server, 40);
  g_assert_true (refresh (fixture, &error));
  ids = generated_ids (fixture, 40);

  tokens_demo_server_set_latency (fixture->server, 30);
  g_timeout_add (200, server_goes_away, fixture);
  result = delete_many (fixture, ids, 4, NULL);

  g_assert_cmpuint (result->n_done, >, 0);
  g_assert_cmpuint (result->failed_ids->len, >, 0);
  g_assert_cmpuint (result->n_done + result->n_already_gone + result->failed_ids->len, ==, 40);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean in_list = tokens_token_list_lookup (fixture->list, ids[i]) != NULL;
      gboolean on = tokens_demo_server_has_authorization (fixture->server, ids[i]);

      g_assert_cmpint (in_list, ==, on);
      listed += in_list;
      on_server += on;
    }
  /* Exactly the failed ones are left, on both sides. */
  g_assert_cmpuint (listed, ==, result->failed_ids->len);
  g_assert_cmpuint (on_server, ==, result->failed_ids->len);
}

static TokensToken *
current_of (TokensTokenList *list)
{
  TokensToken *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (list), i);
      if (tokens_token_get_is_current (a))
        {
          g_assert_null (found);
          found = a;
        }
    }
  return found;
}

/* Which token is the app's own: Cloud says through ?token=, OSS 2.9 cannot. */
static void
test_own_token_by_product (void)
{
  struct { TokensDemoMode mode; gboolean knowable; } cases[] = {
    { TOKENS_DEMO_MODE_OSS, TRUE },
    { TOKENS_DEMO_MODE_CLOUD, TRUE },
    { TOKENS_DEMO_MODE_OSS_HASHED, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TokensDemoServer *server = tokens_test_demo_server_new (cases[i].mode);
      TokensClient *client = NULL;
      TokensTokenList *list = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      TokensToken *current;

      client = tokens_client_new (tokens_demo_server_get_url (server),
                                  tokens_demo_server_get_token (server, "grace-all-access"), NULL, &error);
      list = tokens_token_list_new (client);
      tokens_token_list_refresh_async (list, NULL, tokens_test_store_result, &result);
      tokens_test_wait_result (&result);
      g_assert_true (tokens_token_list_refresh_finish (list, result, &error));
      g_assert_no_error (error);
      /* Her all-access token covers acme-research only: two of her three. */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

      current = current_of (list);
      if (cases[i].knowable)
        {
          g_assert_nonnull (current);
          g_assert_cmpstr (tokens_token_get_id (current), ==,
                           tokens_demo_server_get_id (server, "grace-all-access"));
        }
      else
        g_assert_null (current);

      /* Where it cannot be known, the tokens that may list tokens (as the
       * app's own must) are the ones that could be it; elsewhere none. */
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (list)); j++)
        {
          g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (list), j);

          g_assert_cmpint (tokens_token_get_may_be_current (a), ==,
                           !cases[i].knowable && tokens_token_can_read_tokens (a));
          if (!cases[i].knowable &&
              g_strcmp0 (tokens_token_get_id (a), tokens_demo_server_get_id (server, "grace-all-access")) == 0)
            g_assert_true (tokens_token_get_may_be_current (a));
        }

      g_clear_object (&result);
      tokens_test_assert_finalize_soon (list);
      tokens_test_assert_finalize_soon (client);
      tokens_test_assert_finalize_soon (server);
    }
}

/* A refresh that finds a token renamed elsewhere takes the summary its
 * worker thread built: none is built again on the main thread. 5,000
 * permissions keep it quick under the sanitizers; test-authorization
 * takes 40,000 through the same path. */
static void
test_refresh_takes_prepared_summary (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *id = tokens_demo_server_add_token (fixture->server, "Many buckets", 5000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensToken) renamed = NULL;
  TokensToken *row;
  g_autofree char *summary = NULL;
  guint built;
  gint64 start;
  double seconds;

  g_assert_true (refresh (fixture, &error));
  row = tokens_token_list_lookup (fixture->list, id);
  summary = g_strdup (tokens_token_get_summary (row));

  /* Another client renames it, so the list does not know until it looks. */
  tokens_client_update_async (fixture->client, id, -1, "Renamed elsewhere", NULL,
                              tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  renamed = tokens_client_update_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens_token_get_description (row), ==, "Many buckets");

  g_assert_true (refresh (fixture, &error));
  g_assert_true (tokens_token_list_lookup (fixture->list, id) == row);
  g_assert_cmpstr (tokens_token_get_description (row), ==, "Renamed elsewhere");

  built = _tokens_token_get_n_summaries_built ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)); i++)
    {
      g_autoptr(TokensToken) a = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      (void)tokens_token_get_summary (a);
      (void)tokens_token_matches (a, "renamed");
    }
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_test_message ("every summary after a refresh that renamed a token of 5000 permissions: %.4f s",
                  seconds);

  g_assert_cmpuint (_tokens_token_get_n_summaries_built (), ==, built);
  g_assert_cmpstr (tokens_token_get_summary (row), ==, summary);
  g_assert_true (tokens_token_matches (row, "renamed elsewhere"));
  g_assert_cmpfloat (seconds, <, 0.05);
}

/* The list holds the rules: one change at a time for a token, and whether
 * a batch runs. A second change while the first is under way is refused
 * before any request; a token no longer listed may not be changed. */
static void
test_one_change_at_a_time (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = g_strdup (tokens_demo_server_get_id (fixture->server, "leaked"));
  g_autofree char *other = g_strdup (tokens_demo_server_get_id (fixture->server, "telegraf"));
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TokensToken) a = NULL;
  g_autoptr(TokensBulkResult) bulk = NULL;
  g_auto(GStrv) ids = NULL;
  gboolean already = TRUE;
  guint requests;

  g_assert_true (refresh (fixture, &error));
  a = g_object_ref (tokens_token_list_lookup (fixture->list, id));
  g_assert_true (tokens_token_list_may_change (fixture->list, a));
  g_assert_false (tokens_token_list_may_change (fixture->list, NULL));

  tokens_token_list_delete_async (fixture->list, id, NULL, tokens_test_store_result, &first);
  g_assert_false (tokens_token_list_may_change (fixture->list, a));
  requests = tokens_demo_server_get_n_requests (fixture->server);
  tokens_token_list_set_active_async (fixture->list, id, FALSE, NULL, tokens_test_store_result, &second);
  tokens_test_wait_result (&second);
  g_assert_false (tokens_token_list_set_active_finish (fixture->list, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  tokens_test_wait_result (&first);
  g_assert_true (tokens_token_list_delete_finish (fixture->list, first, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  /* Only the delete went to the server. */
  g_assert_cmpuint (tokens_demo_server_get_n_requests (fixture->server), ==, requests + 1);
  g_assert_false (tokens_token_list_may_change (fixture->list, a));

  g_assert_false (tokens_token_list_get_batch_running (fixture->list));
  ids = g_strdupv ((char *[]) { other, NULL });
  tokens_token_list_deactivate_many_async (fixture->list, (const char * const *)ids, 2, NULL,
                                           tokens_test_store_result, &batch);
  g_assert_true (tokens_token_list_get_batch_running (fixture->list));
  tokens_test_wait_result (&batch);
  bulk = tokens_token_list_deactivate_many_finish (fixture->list, batch);
  g_assert_cmpuint (bulk->n_done, ==, 1);
  g_assert_false (tokens_token_list_get_batch_running (fixture->list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/tokens/token-list/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("refresh", test_refresh);
  ADD ("first-refresh-one-round-trip", test_first_refresh_one_round_trip);
  ADD ("refresh-failure-keeps-items", test_refresh_failure_keeps_items);
  ADD ("refresh-rate-limited", test_refresh_rate_limited);
  ADD ("refresh-supersedes", test_refresh_supersedes);
  ADD ("delete", test_delete);
  ADD ("delete-already-gone", test_delete_already_gone);
  ADD ("delete-failure-keeps-row", test_delete_failure_keeps_row);
  ADD ("delete-unknown", test_delete_unknown);
  ADD ("one-change-at-a-time", test_one_change_at_a_time);
  ADD ("set-active-and-rename", test_set_active_and_rename);
  ADD ("large-refresh", test_large_refresh);
  ADD ("refresh-says-what-changed", test_refresh_says_what_changed);
  ADD ("refresh-many-changes", test_refresh_many_changes);
  ADD ("refresh-merges-in-slices", test_refresh_merges_in_slices);
  ADD ("refresh-keeps-deleted-gone", test_refresh_keeps_deleted_gone);
  ADD ("bulk-partial-failure", test_bulk_partial_failure);
  ADD ("bulk-rate-limited", test_bulk_rate_limited);
  ADD ("bulk-deactivate", test_bulk_deactivate);
  ADD ("bulk-cancel", test_bulk_cancel);
  ADD ("bulk-never-removes-unconfirmed", test_bulk_never_removes_unconfirmed);
  ADD ("bulk-server-goes-away", test_bulk_server_goes_away);
#undef ADD
  g_test_add_func ("/tokens/token-list/own-token-by-product", test_own_token_by_product);
  g_test_add_func ("/tokens/token-list/first-refresh-off-main-thread", test_first_refresh_off_main_thread);
  g_test_add ("/tokens/token-list/refresh-takes-prepared-summary", Fixture, NULL,
              fixture_set_up, test_refresh_takes_prepared_summary, fixture_tear_down);

  return g_test_run ();
}
