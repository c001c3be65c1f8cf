/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-application"

#include "config.h"

#include "tokens-application.h"
#include "tokens-demo-server.h"
#include "tokens-window.h"

#include <glib/gi18n.h>
#include <string.h>

struct _TokensApplication
{
  AdwApplication parent_instance;

  /* owned */
  TokensDemoServer *demo_server;
  TokensTokenList *env_list;
  char *env_name;
  gboolean open_demo;
};

G_DEFINE_FINAL_TYPE (TokensApplication, tokens_application, ADW_TYPE_APPLICATION)

static TokensWindow *
get_window (TokensApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (tokens_window_new (GTK_APPLICATION (self)));
  return TOKENS_WINDOW (window);
}

static void
open_demo (TokensApplication *self)
{
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(TokensTokenList) list = NULL;
  g_autoptr(GError) error = NULL;
  TokensWindow *window = get_window (self);

  if (self->demo_server == NULL)
    {
      self->demo_server = tokens_demo_server_new (TOKENS_DEMO_MODE_OSS);
      tokens_demo_server_seed (self->demo_server);
      if (!tokens_demo_server_start (self->demo_server, 0, &error))
        {
          g_warning ("Cannot start the demo server: %s", error->message);
          g_clear_object (&self->demo_server);
          return;
        }
    }

  client = tokens_client_new (tokens_demo_server_get_url (self->demo_server),
                              tokens_demo_server_get_token (self->demo_server, "operator"),
                              NULL, &error);
  g_assert_no_error (error);
  list = tokens_token_list_new (client);
  tokens_window_set_token_list (window, list, _("Demo Server"));
  gtk_window_present (GTK_WINDOW (window));
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  open_demo (TOKENS_APPLICATION (user_data));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TokensApplication *self = user_data;
  const char *developers[] = { "The Influx Tokens developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Influx Tokens"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Influx Tokens developers"),
                         "developers", developers,
                         "comments", _("See, find and delete InfluxDB API tokens safely"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/influx-tokens/influx-tokens",
                         "issue-url", "https://github.com/influx-tokens/influx-tokens/issues",
                         "copyright", "© 2026 The Influx Tokens developers",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "demo", .activate = demo_action },
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
};

/*
 * Like the influx CLI, honour INFLUX_HOST and INFLUX_TOKEN: that server
 * opens as a session that is never saved. The token is taken out of the
 * environment at once, so no process this app starts inherits it.
 */
static void
take_environment (TokensApplication *self)
{
  const char *host = g_getenv ("INFLUX_HOST");
  g_autofree char *token = g_strdup (g_getenv ("INFLUX_TOKEN"));
  g_autoptr(TokensClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  g_unsetenv ("INFLUX_TOKEN");

  if (host == NULL || host[0] == '\0' || token == NULL || token[0] == '\0')
    goto out;

  client = tokens_client_new (host, token, NULL, &error);
  if (client == NULL)
    {
      g_printerr ("INFLUX_HOST: %s\n", error->message);
      goto out;
    }

  uri = g_uri_parse (host, G_URI_FLAGS_NONE, NULL);
  self->env_name = g_strdup (uri != NULL ? g_uri_get_host (uri) : host);
  self->env_list = tokens_token_list_new (client);

out:
  if (token != NULL)
    memset (token, 0, strlen (token));
}

static void
tokens_application_activate (GApplication *application)
{
  TokensApplication *self = TOKENS_APPLICATION (application);
  TokensWindow *window = get_window (self);

  if (self->open_demo)
    {
      self->open_demo = FALSE;
      open_demo (self);
      return;
    }

  if (self->env_list != NULL && tokens_window_get_token_list (window) == NULL)
    tokens_window_set_token_list (window, self->env_list, self->env_name);

  gtk_window_present (GTK_WINDOW (window));
}

static int
tokens_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  TokensApplication *self = TOKENS_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("influx-tokens %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    self->open_demo = TRUE;

  return -1;
}

static void
tokens_application_startup (GApplication *application)
{
  TokensApplication *self = TOKENS_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (tokens_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  take_environment (self);
}

static void
tokens_application_dispose (GObject *object)
{
  TokensApplication *self = (TokensApplication *)object;

  g_clear_object (&self->env_list);
  g_clear_object (&self->demo_server);
  g_clear_pointer (&self->env_name, g_free);

  G_OBJECT_CLASS (tokens_application_parent_class)->dispose (object);
}

static void
tokens_application_class_init (TokensApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tokens_application_dispose;
  app_class->activate = tokens_application_activate;
  app_class->startup = tokens_application_startup;
  app_class->handle_local_options = tokens_application_handle_local_options;
}

static void
tokens_application_init (TokensApplication *self)
{
  const GOptionEntry options[] = {
    { .long_name = "demo", .arg = G_OPTION_ARG_NONE,
      .description = N_("Open the built-in demo server") },
    { .long_name = "version", .arg = G_OPTION_ARG_NONE,
      .description = N_("Show the version and quit") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

TokensApplication *
tokens_application_new (void)
{
  return g_object_new (TOKENS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}
