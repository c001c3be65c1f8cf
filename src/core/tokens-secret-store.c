/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-secret-store"

#include "config.h"

#include "tokens-secret-store.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

/*
 * The only code that touches libsecret. One schema, named after the app,
 * with the saved server's id and URL as attributes, and a label a person
 * recognises in Passwords and Keys. Outside a sandbox libsecret talks to
 * the Secret Service over D-Bus; inside Flatpak, to the Secret portal.
 */

G_DEFINE_QUARK (tokens-secret-error-quark, tokens_secret_error)

/*
 * Not SECRET_SCHEMA_DONT_MATCH_NAME: without that flag libsecret adds the
 * schema's name (xdg:schema) to every search, so an item another program
 * saved with the same attributes is never taken for ours.
 */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    .name = APPLICATION_ID,
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "server-id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "url", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return &schema;
}

/*
 * In a sandbox, libsecret keeps secrets in a file of the app's own, with a
 * key it asks the Secret portal for. libsecret before 0.21.4 (Debian 12 has
 * 0.20.5) can miss the portal's answer: it asks, and only once the call has
 * returned listens for the Response signal, which a fast portal (gnome-keyring
 * is one) has by then sent; it then waits forever (libsecret issue 58, fixed
 * upstream by "file-backend: Subscribe before calling dbus"). Cancelling that
 * wait also blocks the cancelling thread before 0.21.0.
 *
 * So there, before the first operation, the app has libsecret set up its
 * backend with a lookup that matches nothing (libsecret 0.20 has no public
 * call for the backend alone), without a cancellable, and asks again each
 * second it has no answer: a later request gets the same request path, whose Response the
 * first one's late subscription does catch. The first answer wins; once
 * libsecret has its backend it keeps it, and every operation after that goes
 * straight through. After TOKENS_SECRET_PORTAL_TRIES unanswered seconds the
 * operations waiting fail with a message that says so, rather than hang.
 */
#define TOKENS_SECRET_PORTAL_TRIES 10

typedef void (*ReadyFunc) (GTask *task);

typedef struct
{
  GTask     *task;
  ReadyFunc  ready;
} Waiting;

static struct
{
  gboolean  ready;      /* libsecret has its backend */
  GArray   *waiting;    /* of Waiting */
  guint     tries;
  guint     retry_id;
} backend;

static gboolean
backend_needs_help (void)
{
#if SECRET_CHECK_VERSION (0, 21, 4)
  return FALSE;
#else
  /* libsecret's own test for a sandbox (secret-backend.c). */
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || g_getenv ("SNAP_NAME") != NULL;
#endif
}

static void
backend_finish_waiting (GError *error)
{
  g_autoptr(GArray) waiting = g_steal_pointer (&backend.waiting);

  g_clear_handle_id (&backend.retry_id, g_source_remove);
  backend.tries = 0;
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      Waiting *w = &g_array_index (waiting, Waiting, i);

      if (error == NULL)
        w->ready (w->task);
      else
        g_task_return_error (w->task, g_error_copy (error));
    }
}

static void
on_backend (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  secret_password_free (secret_password_lookup_finish (result, &error));
  /* An answer to a request already answered, or given up on: nothing waits. */
  if (backend.ready || backend.waiting == NULL)
    return;
  if (error == NULL)
    {
      backend.ready = TRUE;
      backend_finish_waiting (NULL);
      return;
    }
  g_autoptr(GError) translated = g_error_new (TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_UNAVAILABLE,
                                              _("Secure storage is not available (%s)"),
                                              error->message);
  backend_finish_waiting (translated);
}

/* No cancellable: cancelling the portal's wait blocks in libsecret 0.20. */
static void
ask_backend (void)
{
  secret_password_lookup (get_schema (), NULL, on_backend, NULL, "server-id", "", NULL);
}

static gboolean
on_backend_retry (gpointer user_data)
{
  if (++backend.tries >= TOKENS_SECRET_PORTAL_TRIES)
    {
      g_autoptr(GError) error =
        g_error_new_literal (TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_UNAVAILABLE,
                             _("Secure storage is not available (the Secret portal did not answer)"));

      backend.retry_id = 0;
      backend_finish_waiting (error);
      return G_SOURCE_REMOVE;
    }
  g_debug ("The Secret portal has not answered; asking again");
  ask_backend ();
  return G_SOURCE_CONTINUE;
}

/* Runs @ready for @task once libsecret has its backend (at once, where it
 * needs no help or has one), or fails @task. */
static void
with_backend (GTask     *task,
              ReadyFunc  ready)
{
  Waiting w = { task, ready };

  if (backend.ready || !backend_needs_help ())
    {
      ready (task);
      return;
    }
  if (backend.waiting == NULL)
    {
      backend.waiting = g_array_new (FALSE, FALSE, sizeof (Waiting));
      ask_backend ();
      backend.retry_id = g_timeout_add_seconds (1, on_backend_retry, NULL);
    }
  g_array_append_val (backend.waiting, w);
}

/* Says in words what went wrong, keeping libsecret's own message. */
static GError *
translate_error (GError       *error,
                 GCancellable *cancellable)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_cancellable_is_cancelled (cancellable))
    return error;

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    translated = g_error_new (TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_LOCKED,
                              _("The keyring is locked and was not unlocked (%s)"),
                              error->message);
  else
    translated = g_error_new (TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_UNAVAILABLE,
                              _("Secure storage is not available (%s)"),
                              error->message);

  g_error_free (error);
  return translated;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error == NULL)
    g_task_return_new_error (task, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_LOCKED,
                             _("The keyring did not save the token"));
  else
    g_task_return_error (task, translate_error (error, g_task_get_cancellable (task)));
}

typedef struct
{
  char *server_id;
  char *url;
  char *label;
  char *token;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->server_id);
  g_free (data->url);
  g_free (data->label);
  tokens_secret_free (data->token);
  g_free (data);
}

static void
save_ready (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, data->label, data->token,
                         g_task_get_cancellable (task), on_stored, task,
                         "server-id", data->server_id,
                         "url", data->url,
                         NULL);
}

/**
 * tokens_secret_store_save_async:
 * @server_name: what the person called the server, for the keyring's label
 *
 * Saves @token for the server, replacing one saved before.
 */
void
tokens_secret_store_save_async (const char          *server_id,
                                const char          *url,
                                const char          *server_name,
                                const char          *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SaveData *data;
  GTask *task;

  g_return_if_fail (server_id != NULL && url != NULL && token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_secret_store_save_async);
  data = g_new0 (SaveData, 1);
  data->server_id = g_strdup (server_id);
  data->url = g_strdup (url);
  /* Translators: the label of a saved token in Passwords and Keys;
   * 1: the server's name, 2: its address */
  data->label = g_strdup_printf (_("InfluxDB API token for %s (%s)"), server_name, url);
  data->token = g_strdup (token);
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);
  with_backend (task, save_ready);
}

gboolean
tokens_secret_store_save_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_secret_store_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_searched_locked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *items;
  gboolean locked = FALSE;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error, g_task_get_cancellable (task)));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (l->data))
      locked = TRUE;
  g_list_free_full (items, g_object_unref);

  if (locked)
    g_task_return_new_error (task, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_LOCKED,
                             _("The keyring is locked, and it was not unlocked"));
  else
    g_task_return_new_error (task, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_NOT_FOUND,
                             _("No token is saved for this server"));
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (error, g_task_get_cancellable (task)));
  else if (secret == NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      const char *server_id = g_task_get_task_data (task);

      /* A token in a locked keyring whose unlock prompt failed, or was
       * dismissed, looks just like no token: libsecret returns nothing and
       * no error. Ask again without unlocking, so without a prompt, to
       * tell the two apart. */
      secret_password_search (get_schema (), SECRET_SEARCH_ALL, cancellable,
                              on_searched_locked, g_steal_pointer (&task),
                              "server-id", server_id,
                              NULL);
    }
  else
    {
      char *copy = g_strdup (secret);

      secret_password_free (secret);
      g_task_return_pointer (task, copy, (GDestroyNotify)tokens_secret_free);
    }
}

static void
lookup_ready (GTask *task)
{
  secret_password_lookup (get_schema (), g_task_get_cancellable (task), on_looked_up, task,
                          "server-id", (const char *)g_task_get_task_data (task),
                          NULL);
}

void
tokens_secret_store_lookup_async (const char          *server_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_secret_store_lookup_async);
  g_task_set_task_data (task, g_strdup (server_id), g_free);
  with_backend (task, lookup_ready);
}

/**
 * tokens_secret_store_lookup_finish:
 *
 * Returns: (transfer full): the token; free it with tokens_secret_free()
 */
char *
tokens_secret_store_lookup_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_secret_store_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to remove: fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (error, g_task_get_cancellable (task)));
  else
    g_task_return_boolean (task, TRUE);
}

static void
delete_ready (GTask *task)
{
  secret_password_clear (get_schema (), g_task_get_cancellable (task), on_cleared, task,
                         "server-id", (const char *)g_task_get_task_data (task),
                         NULL);
}

/**
 * tokens_secret_store_delete_async:
 *
 * Removes the token saved for the server, if there is one.
 */
void
tokens_secret_store_delete_async (const char          *server_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tokens_secret_store_delete_async);
  g_task_set_task_data (task, g_strdup (server_id), g_free);
  with_backend (task, delete_ready);
}

gboolean
tokens_secret_store_delete_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_secret_store_delete_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Overwrites a token before its memory goes back to the allocator. */
void
tokens_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

/**
 * tokens_secret_equal:
 *
 * Whether two token values are the same, compared in the same time
 * wherever they differ, so that the time taken says nothing of either.
 */
gboolean
tokens_secret_equal (const char *a,
                     const char *b)
{
  gsize len;
  guchar diff = 0;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  len = strlen (a);
  if (strlen (b) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    diff |= (guchar)a[i] ^ (guchar)b[i];
  return diff == 0;
}
