/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-connection"

#include "config.h"

#include "tokens-connection.h"

#include <gio/gio.h>

/* A saved server: what a person named it and where it is. Never its token. */
struct _TokensConnection
{
  GObject parent_instance;

  char *id;
  char *name;
  char *url;
  char *org;
  char *product; /* "" (found from the server), or "clustered"; never NULL */
};

G_DEFINE_FINAL_TYPE (TokensConnection, tokens_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_URL,
  PROP_ORG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tokens_connection_finalize (GObject *object)
{
  TokensConnection *self = (TokensConnection *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->url);
  g_free (self->org);
  g_free (self->product);

  G_OBJECT_CLASS (tokens_connection_parent_class)->finalize (object);
}

static void
tokens_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TokensConnection *self = TOKENS_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_ORG:
      g_value_set_string (value, self->org);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_connection_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TokensConnection *self = TOKENS_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_ORG:
      self->org = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tokens_connection_class_init (TokensConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tokens_connection_finalize;
  object_class->get_property = tokens_connection_get_property;
  object_class->set_property = tokens_connection_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORG] =
    g_param_spec_string ("org", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tokens_connection_init (TokensConnection *self)
{
}

TokensConnection *
tokens_connection_new (const char *id,
                       const char *name,
                       const char *url,
                       const char *org)
{
  g_return_val_if_fail (id != NULL && name != NULL && url != NULL, NULL);

  return g_object_new (TOKENS_TYPE_CONNECTION,
                       "id", id,
                       "name", name,
                       "url", url,
                       "org", org != NULL ? org : "",
                       NULL);
}

const char *
tokens_connection_get_id (TokensConnection *self)
{
  g_return_val_if_fail (TOKENS_IS_CONNECTION (self), NULL);
  return self->id;
}

const char *
tokens_connection_get_name (TokensConnection *self)
{
  g_return_val_if_fail (TOKENS_IS_CONNECTION (self), NULL);
  return self->name;
}

const char *
tokens_connection_get_url (TokensConnection *self)
{
  g_return_val_if_fail (TOKENS_IS_CONNECTION (self), NULL);
  return self->url;
}

const char *
tokens_connection_get_org (TokensConnection *self)
{
  g_return_val_if_fail (TOKENS_IS_CONNECTION (self), NULL);
  return self->org;
}

/**
 * tokens_connection_get_product:
 *
 * What the person said the server is, where its address cannot tell:
 * "clustered" for InfluxDB Clustered's management API; "" when the server
 * itself says what it is. A name kept in GSettings, not a #TokensProduct,
 * so that the values stay what they are when the enum grows.
 *
 * Returns: the product's name, never %NULL
 */
const char *
tokens_connection_get_product (TokensConnection *self)
{
  g_return_val_if_fail (TOKENS_IS_CONNECTION (self), NULL);
  return self->product != NULL ? self->product : "";
}

void
tokens_connection_set_product (TokensConnection *self,
                               const char       *product)
{
  g_return_if_fail (TOKENS_IS_CONNECTION (self));
  g_free (self->product);
  self->product = g_strdup (product != NULL ? product : "");
}

/**
 * tokens_connection_url_is_insecure:
 *
 * Whether a token sent to @url would cross a network in clear text: plain
 * http:// to a host that is not this machine.
 */
gboolean
tokens_connection_url_is_insecure (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host;
  g_autoptr(GInetAddress) address = NULL;

  if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;

  host = g_uri_get_host (uri);
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return FALSE;

  address = g_inet_address_new_from_string (host);
  return address == NULL || !g_inet_address_get_is_loopback (address);
}

/**
 * tokens_connection_new_client:
 * @token: the saved server's token, from the keyring
 *
 * A client for the saved server, told what its address cannot tell
 * (Clustered, as the person said).
 *
 * Returns: (transfer full) (nullable): the client, or %NULL with @error
 *   set when the saved address is not one the app can use
 */
TokensClient *
tokens_connection_new_client (TokensConnection  *self,
                              const char        *token,
                              GError           **error)
{
  TokensClient *client;

  g_return_val_if_fail (TOKENS_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  client = tokens_client_new (tokens_connection_get_url (self), token, NULL, error);
  if (client != NULL && g_strcmp0 (tokens_connection_get_product (self), "clustered") == 0)
    tokens_client_set_product (client, TOKENS_PRODUCT_CLUSTERED);
  return client;
}
