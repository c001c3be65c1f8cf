/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TOKENS_INFLUX_CONFIG_ERROR (tokens_influx_config_error_quark ())

typedef enum
{
  TOKENS_INFLUX_CONFIG_ERROR_SYNTAX,
  TOKENS_INFLUX_CONFIG_ERROR_TOO_LARGE,
} TokensInfluxConfigError;

/**
 * TokensInfluxProfile:
 * @name: the table's name, such as "default"
 * @url: (nullable): the server
 * @token: (nullable): the API token in clear text, as the CLI keeps it
 * @org: (nullable): the organization's name
 * @active: whether the CLI uses this profile now
 * @has_cookie: the profile signs in with a user and password session
 *   instead of a token, so it cannot be imported
 */
typedef struct
{
  char *name;
  char *url;
  char *token;
  char *org;
  gboolean active;
  gboolean has_cookie;
} TokensInfluxProfile;

/* The most of a profiles file that is ever read. A profile the CLI writes
 * is about 200 bytes, so 1 MiB holds thousands of them: anything bigger is
 * not the CLI's file, and reading it would only hold memory and time. */
#define TOKENS_INFLUX_CONFIG_MAX_SIZE (1024 * 1024)

GQuark     tokens_influx_config_error_quark (void);
GPtrArray *tokens_influx_config_parse       (const char  *text,
                                             gsize        length,
                                             GError     **error);
char      *tokens_influx_config_default_path (void);
void       tokens_influx_config_load_async  (GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray *tokens_influx_config_load_finish (GAsyncResult        *result,
                                             GError             **error);
void       tokens_influx_profile_free       (TokensInfluxProfile *profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokensInfluxProfile, tokens_influx_profile_free)

G_END_DECLS
