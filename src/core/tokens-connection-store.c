/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-connection-store"

#include "config.h"

#include "tokens-connection-store.h"

/*
 * The saved servers, kept in GSettings as (id, name, URL, organization):
 * nothing secret. A GListModel of TokensConnection, in the order they were
 * added, that follows changes made by another instance of the app.
 */
struct _TokensConnectionStore
{
  GObject parent_instance;

  GSettings *settings;
  GListStore *connections;
  gboolean writing;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TokensConnectionStore, tokens_connection_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return TOKENS_TYPE_CONNECTION;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (TOKENS_CONNECTION_STORE (model)->connections));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (TOKENS_CONNECTION_STORE (model)->connections), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
load (TokensConnectionStore *self)
{
  g_autoptr(GVariant) servers = g_settings_get_value (self->settings, "servers");
  g_autoptr(GVariant) products = g_settings_get_value (self->settings, "server-products");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  const char *id, *name, *url, *org;

  g_variant_iter_init (&iter, servers);
  while (g_variant_iter_next (&iter, "(&s&s&s&s)", &id, &name, &url, &org))
    {
      if (id[0] == '\0' || url[0] == '\0')
        continue;
      TokensConnection *connection = tokens_connection_new (id, name[0] != '\0' ? name : url, url, org);
      const char *product = NULL;

      if (g_variant_lookup (products, id, "&s", &product))
        tokens_connection_set_product (connection, product);
      g_ptr_array_add (items, connection);
    }

  g_list_store_splice (self->connections, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->connections)),
                       items->pdata, items->len);
}

static void
save (TokensConnectionStore *self)
{
  GVariantBuilder builder;
  GVariantBuilder products;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
  g_variant_builder_init (&products, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      g_variant_builder_add (&builder, "(ssss)",
                             tokens_connection_get_id (c),
                             tokens_connection_get_name (c),
                             tokens_connection_get_url (c),
                             tokens_connection_get_org (c));
      if (tokens_connection_get_product (c)[0] != '\0')
        g_variant_builder_add (&products, "{ss}", tokens_connection_get_id (c),
                               tokens_connection_get_product (c));
    }

  self->writing = TRUE;
  g_settings_set_value (self->settings, "server-products", g_variant_builder_end (&products));
  g_settings_set_value (self->settings, "servers", g_variant_builder_end (&builder));
  self->writing = FALSE;
}

static void
on_servers_changed (TokensConnectionStore *self)
{
  if (!self->writing)
    load (self);
}

static void
on_items_changed (TokensConnectionStore *self,
                  guint                  position,
                  guint                  removed,
                  guint                  added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
tokens_connection_store_finalize (GObject *object)
{
  TokensConnectionStore *self = (TokensConnectionStore *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->connections);

  G_OBJECT_CLASS (tokens_connection_store_parent_class)->finalize (object);
}

static void
tokens_connection_store_class_init (TokensConnectionStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tokens_connection_store_finalize;
}

static void
tokens_connection_store_init (TokensConnectionStore *self)
{
  self->connections = g_list_store_new (TOKENS_TYPE_CONNECTION);
  g_signal_connect_object (self->connections, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
}

/**
 * tokens_connection_store_new:
 * @settings: the app's settings (io.github.influx_tokens.InfluxTokens)
 */
TokensConnectionStore *
tokens_connection_store_new (GSettings *settings)
{
  TokensConnectionStore *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TOKENS_TYPE_CONNECTION_STORE, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::servers",
                           G_CALLBACK (on_servers_changed), self, G_CONNECT_SWAPPED);
  load (self);

  return self;
}

static gboolean
find (TokensConnectionStore *self,
      const char            *id,
      guint                 *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TokensConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (g_strcmp0 (tokens_connection_get_id (c), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * tokens_connection_store_lookup:
 *
 * Returns: (transfer full) (nullable): the saved server with @id
 */
TokensConnection *
tokens_connection_store_lookup (TokensConnectionStore *self,
                                const char            *id)
{
  guint position;

  g_return_val_if_fail (TOKENS_IS_CONNECTION_STORE (self), NULL);

  if (id == NULL || !find (self, id, &position))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->connections), position);
}

/**
 * tokens_connection_store_add:
 * @id: (nullable): the id its token was saved under, or %NULL for a new one
 *
 * Returns: (transfer full): the new saved server
 */
TokensConnection *
tokens_connection_store_add (TokensConnectionStore *self,
                             const char            *id,
                             const char            *name,
                             const char            *url,
                             const char            *org)
{
  g_autofree char *new_id = id == NULL ? g_uuid_string_random () : g_strdup (id);
  TokensConnection *connection;

  g_return_val_if_fail (TOKENS_IS_CONNECTION_STORE (self), NULL);

  connection = tokens_connection_new (new_id, name, url, org);
  g_list_store_append (self->connections, connection);
  save (self);

  return connection;
}

/**
 * tokens_connection_store_update:
 *
 * Returns: (transfer full) (nullable): the saved server as it is now
 */
TokensConnection *
tokens_connection_store_update (TokensConnectionStore *self,
                                const char            *id,
                                const char            *name,
                                const char            *url,
                                const char            *org)
{
  TokensConnection *connection;
  guint position;

  g_return_val_if_fail (TOKENS_IS_CONNECTION_STORE (self), NULL);

  if (!find (self, id, &position))
    return NULL;

  connection = tokens_connection_new (id, name, url, org);
  {
    g_autoptr(TokensConnection) old = g_list_model_get_item (G_LIST_MODEL (self->connections), position);

    tokens_connection_set_product (connection, tokens_connection_get_product (old));
  }
  g_list_store_splice (self->connections, position, 1, (gpointer *)&connection, 1);
  save (self);

  return connection;
}

/**
 * tokens_connection_store_set_product:
 * @product: "" or "clustered" (tokens_connection_get_product())
 *
 * Says what a saved server is, where its address cannot tell.
 */
void
tokens_connection_store_set_product (TokensConnectionStore *self,
                                     const char            *id,
                                     const char            *product)
{
  g_autoptr(TokensConnection) connection = NULL;
  guint position;

  g_return_if_fail (TOKENS_IS_CONNECTION_STORE (self));

  if (!find (self, id, &position))
    return;

  connection = g_list_model_get_item (G_LIST_MODEL (self->connections), position);
  tokens_connection_set_product (connection, product);
  save (self);
}

void
tokens_connection_store_remove (TokensConnectionStore *self,
                                const char            *id)
{
  g_autofree char *last = NULL;
  guint position;

  g_return_if_fail (TOKENS_IS_CONNECTION_STORE (self));

  if (!find (self, id, &position))
    return;

  g_list_store_remove (self->connections, position);
  save (self);

  last = g_settings_get_string (self->settings, "last-server");
  if (g_strcmp0 (last, id) == 0)
    g_settings_set_string (self->settings, "last-server", "");
}

/**
 * tokens_connection_store_get_last:
 *
 * Returns: (transfer full) (nullable): the server that was open last, if
 *   it is still saved
 */
TokensConnection *
tokens_connection_store_get_last (TokensConnectionStore *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (TOKENS_IS_CONNECTION_STORE (self), NULL);

  id = g_settings_get_string (self->settings, "last-server");
  return tokens_connection_store_lookup (self, id);
}

void
tokens_connection_store_set_last (TokensConnectionStore *self,
                                  const char            *id)
{
  g_return_if_fail (TOKENS_IS_CONNECTION_STORE (self));
  g_settings_set_string (self->settings, "last-server", id != NULL ? id : "");
}
