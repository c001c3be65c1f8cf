/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-error-text"

#include "config.h"

#include "tokens-error-text.h"
#include "tokens-client-error.h"
#include "tokens-secret-store.h"

#include <glib/gi18n.h>

void
tokens_error_text_clear (TokensErrorText *text)
{
  g_clear_pointer (&text->description, g_free);
}

static gboolean
is_network_error (const GError *error)
{
  return error->domain == G_IO_ERROR ||
         error->domain == G_RESOLVER_ERROR ||
         error->domain == G_TLS_ERROR;
}

/**
 * tokens_error_is_fatal:
 *
 * Whether @error says the app's token will not do, so that tokens shown
 * before must give way to the error page rather than a toast.
 */
gboolean
tokens_error_is_fatal (const GError *error)
{
  return g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE) ||
         g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FORBIDDEN) ||
         g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER);
}

static char *
own_token_inactive (const char *server_name)
{
  /* Translators: %s is the server's name */
  return g_strdup_printf (_("This app’s token for %s is inactive: the server refuses "
                            "it. Use another token, or have someone with an operator "
                            "token activate it again."), server_name);
}

/**
 * tokens_error_text_for_list:
 * @server_name: what the person calls the server
 * @url: its address
 *
 * What the error page says when the list of tokens could not be had.
 */
void
tokens_error_text_for_list (TokensErrorText *text,
                            const GError    *error,
                            const char      *server_name,
                            const char      *url)
{
  *text = (TokensErrorText) {
    .icon_name = "dialog-error-symbolic",
    .offer_retry = TRUE,
  };

  if (error->domain == G_TLS_ERROR)
    {
      text->icon_name = "channel-insecure-symbolic";
      text->title = _("The Server’s Certificate Is Not Trusted");
      text->description = g_strdup_printf (_("The connection to %s was refused because its TLS "
                                       "certificate could not be verified (%s). The token was "
                                       "not sent. Check the address, or ask the server’s "
                                       "administrator for a valid certificate."),
                                     url, error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      text->icon_name = "network-offline-symbolic";
      text->title = _("The Server Did Not Answer");
      text->description = g_strdup_printf (_("%s accepted the connection but did not answer in time. "
                                       "It may be overloaded; try again in a moment."), url);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    {
      text->icon_name = "network-offline-symbolic";
      text->title = _("The Connection Was Lost");
      text->description = g_strdup_printf (_("The connection to %s closed before the answer was "
                                       "complete (%s). Nothing was changed."), url, error->message);
    }
  else if (is_network_error (error))
    {
      text->icon_name = "network-offline-symbolic";
      text->title = _("Cannot Reach the Server");
      text->description = g_strdup_printf (_("%s did not answer: %s. Check the address and your "
                                       "network connection."),
                                     url, error->message);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE))
    {
      text->icon_name = "dialog-password-symbolic";
      text->title = _("This App’s Token Is Inactive");
      text->description = own_token_inactive (server_name);
      text->offer_credentials = TRUE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED))
    {
      text->icon_name = "dialog-password-symbolic";
      text->title = _("Token Rejected");
      text->description = g_strdup_printf (_("%s did not accept the API token (“%s”). It may have "
                                       "been deleted or deactivated."),
                                     server_name, error->message);
      text->offer_credentials = TRUE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FORBIDDEN))
    {
      text->icon_name = "action-unavailable-symbolic";
      text->title = _("Access Denied");
      text->description = g_strdup_printf (_("The server refused: %s"), error->message);
      text->offer_credentials = TRUE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER))
    {
      text->icon_name = "dialog-information-symbolic";
      text->title = _("This Server Is Not Supported");
      text->description = g_strdup (error->message);
      text->offer_retry = FALSE;
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_RATE_LIMITED) ||
           g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAVAILABLE))
    {
      text->icon_name = "preferences-system-time-symbolic";
      text->title = _("The Server Is Busy");
      text->description = g_strdup (error->message);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_REDIRECT_REFUSED))
    {
      text->icon_name = "channel-insecure-symbolic";
      text->title = _("Redirected to Another Server");
      text->description = g_strdup (error->message);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_SLOW))
    {
      text->icon_name = "network-offline-symbolic";
      text->title = _("The Server Is Too Slow");
      text->description = g_strdup_printf (_("%s\n\n%s kept the connection open but sent its answer "
                                       "too slowly. Nothing was changed."),
                                     error->message, url);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOO_LARGE))
    {
      text->title = _("The Answer Is Too Large");
      text->description = g_strdup_printf (_("%s\n\nIs %s really an InfluxDB 2 server?"),
                                     error->message, url);
    }
  else if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_INVALID_RESPONSE))
    {
      text->title = _("Unexpected Answer");
      text->description = g_strdup_printf (_("%s\n\nIs %s really an InfluxDB 2 server?"),
                                     error->message, url);
    }
  else
    {
      text->title = _("The Server Had a Problem");
      text->description = g_strdup (error->message);
    }
}

/**
 * tokens_error_text_for_own_token:
 * @deleted: whether the app's token was deleted, else it is inactive
 *
 * What the error page says when the app knows its own token no longer
 * works: it deleted or deactivated it itself, or the server said so.
 */
void
tokens_error_text_for_own_token (TokensErrorText *text,
                                 gboolean         deleted,
                                 const char      *server_name)
{
  *text = (TokensErrorText) {
    .icon_name = "dialog-password-symbolic",
    .offer_retry = !deleted,
    .offer_credentials = TRUE,
  };

  if (deleted)
    {
      text->title = _("This App’s Token Was Deleted");
      /* Translators: %s is the server's name */
      text->description = g_strdup_printf (_("This app’s token for %s was deleted: the server no "
                                             "longer accepts it. Use another token for this server."),
                                           server_name);
    }
  else
    {
      text->title = _("This App’s Token Is Inactive");
      text->description = own_token_inactive (server_name);
    }
}

/**
 * tokens_error_text_for_secret:
 * @error: why the keyring did not give the saved token
 *
 * What the error page says when a saved server's token could not be read.
 */
void
tokens_error_text_for_secret (TokensErrorText *text,
                              const GError    *error,
                              const char      *server_name)
{
  *text = (TokensErrorText) {
    .icon_name = "dialog-password-symbolic",
    .offer_retry = TRUE,
    .offer_credentials = TRUE,
  };

  if (g_error_matches (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_LOCKED))
    {
      text->title = _("The Keyring Is Locked");
      /* Translators: 1: the server's name, 2: what the keyring said */
      text->description = g_strdup_printf (_("The token for %s is kept in your keyring, and the "
                                             "keyring stayed locked (%s). Try again to unlock it, or "
                                             "enter the token to use it for this session only; it "
                                             "will not be saved."),
                                           server_name, error->message);
    }
  else if (g_error_matches (error, TOKENS_SECRET_ERROR, TOKENS_SECRET_ERROR_NOT_FOUND))
    {
      text->title = _("No Saved Token");
      /* Translators: %s is the server's name */
      text->description = g_strdup_printf (_("Your keyring has no token for %s. You can enter the "
                                             "token to use it for this session only; it will not "
                                             "be saved."),
                                           server_name);
    }
  else
    {
      text->title = _("Secure Storage Unavailable");
      /* Translators: 1: the server's name, 2: what went wrong */
      text->description = g_strdup_printf (_("The token for %s is kept in your keyring, and Influx "
                                             "Tokens could not read it: %s. You can enter the token "
                                             "to use it for this session only; it will not be saved."),
                                           server_name, error->message);
    }
}

/**
 * tokens_error_text_for_connect:
 *
 * The line the server dialog shows above the server's own message when a
 * server and token it is given do not work. Inline text, so in sentence
 * case; the same distinctions as the error page, for a token that is not
 * yet the app's.
 */
const char *
tokens_error_text_for_connect (const GError *error)
{
  if (error->domain == G_TLS_ERROR)
    return _("The server’s certificate is not trusted. The token was not sent.");
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return _("Cannot reach the server");
  if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_TOKEN_INACTIVE))
    return _("This token is inactive: the server refuses it");
  if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_FORBIDDEN))
    return _("The server rejected the token");
  if (g_error_matches (error, TOKENS_CLIENT_ERROR, TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER))
    return _("This server is not supported");
  return _("The server did not answer as InfluxDB does");
}
