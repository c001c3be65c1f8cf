/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-resource-names"

#include "config.h"

#include "tokens-resource-names.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  const char *type;
  const char *one;  /* "bucket telegraf" */
  const char *all;  /* "all buckets" */
} ResourceNames;

/* The resource types of the InfluxDB v2 API. Unknown types are shown by
 * their API name, so a newer server never makes a token unreadable. */
static const ResourceNames resource_names[] = {
  { "authorizations", N_("token %s"), N_("all tokens") },
  { "buckets", N_("bucket %s"), N_("all buckets") },
  { "dashboards", N_("dashboard %s"), N_("all dashboards") },
  { "orgs", N_("organization %s"), N_("all organizations") },
  { "tasks", N_("task %s"), N_("all tasks") },
  { "telegrafs", N_("Telegraf configuration %s"), N_("all Telegraf configurations") },
  { "users", N_("user %s"), N_("all users") },
  { "variables", N_("variable %s"), N_("all variables") },
  { "secrets", N_("secret %s"), N_("all secrets") },
  { "labels", N_("label %s"), N_("all labels") },
  { "views", N_("view %s"), N_("all views") },
  { "documents", N_("document %s"), N_("all documents") },
  { "notificationRules", N_("notification rule %s"), N_("all notification rules") },
  { "notificationEndpoints", N_("notification endpoint %s"), N_("all notification endpoints") },
  { "checks", N_("check %s"), N_("all checks") },
  { "dbrp", N_("DBRP mapping %s"), N_("all DBRP mappings") },
  { "annotations", N_("annotation %s"), N_("all annotations") },
  { "sources", N_("source %s"), N_("all sources") },
  { "scrapers", N_("scraper %s"), N_("all scrapers") },
  { "notebooks", N_("notebook %s"), N_("all notebooks") },
  { "remotes", N_("remote %s"), N_("all remotes") },
  { "replications", N_("replication %s"), N_("all replications") },
  { "instance", N_("instance %s"), N_("the instance") },
  { "flows", N_("flow %s"), N_("all flows") },
  { "functions", N_("function %s"), N_("all functions") },
  { "subscriptions", N_("subscription %s"), N_("all subscriptions") },
};

static const ResourceNames *
lookup (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (resource_names); i++)
    {
      if (g_strcmp0 (resource_names[i].type, type) == 0)
        return &resource_names[i];
    }
  return NULL;
}

/**
 * tokens_resource_describe:
 *
 * Returns: (transfer full): "bucket telegraf", "all buckets in my-org",
 *   "all tokens", or for a type this app does not know, "widgets 0123…".
 */
char *
tokens_resource_describe (const char *resource_type,
                          const char *resource_id,
                          const char *resource_name,
                          const char *org_id,
                          const char *org_name)
{
  const ResourceNames *names = lookup (resource_type);
  const char *org = org_name != NULL ? org_name : org_id;
  g_autofree char *object = NULL;

  if (resource_id != NULL || resource_name != NULL)
    {
      const char *which = resource_name != NULL ? resource_name : resource_id;

      /* The format comes from the table above through gettext, which
       * checks that a translation keeps its one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      if (names != NULL)
        return g_strdup_printf (_(names->one), which);
#pragma GCC diagnostic pop
      /* Translators: an unknown resource type and one resource's id, e.g. "widgets 0a1b2c3d4e5f6071" */
      return g_strdup_printf (_("%s %s"), resource_type, which);
    }

  if (names != NULL)
    object = g_strdup (_(names->all));
  else
    /* Translators: every resource of a type this app does not know, e.g. "all widgets" */
    object = g_strdup_printf (_("all %s"), resource_type);

  if (org == NULL)
    return g_steal_pointer (&object);

  /* Translators: "all buckets in my-org": first %s is the resources, second the organization */
  return g_strdup_printf (_("%s in %s"), object, org);
}
