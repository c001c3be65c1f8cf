/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-demo-server"

#include "config.h"

#include "tokens-demo-server-private.h"

/*
 * InfluxDB 3 Core as the app meets it today: it answers /ping, and has no
 * /api/v2/authorizations. Its own token API (/api/v3/configure/token) is
 * not served yet.
 */

void
_tokens_demo_v3_handle_ping (TokensDemoServer  *self,
                             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Influxdb-Build", "Core");
  soup_message_headers_replace (headers, "X-Influxdb-Version", "3.0.0");
  soup_server_message_set_status (msg, 204, NULL);
}

void
_tokens_demo_v3_handle_api (TokensDemoServer  *self,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Influxdb-Build", "Core");
  _tokens_demo_respond_error (msg, "not found", "path not found");
}
