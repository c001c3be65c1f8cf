/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TOKENS_CLIENT_ERROR (tokens_client_error_quark ())

/**
 * TokensClientError:
 *
 * What went wrong talking to an InfluxDB server. HTTP statuses map onto
 * these codes; network and TLS failures keep their GIO error domains.
 * The error message is the server's own where it sent one.
 */
typedef enum
{
  TOKENS_CLIENT_ERROR_FAILED,
  TOKENS_CLIENT_ERROR_INVALID,            /* 400, 413, 415 */
  TOKENS_CLIENT_ERROR_UNAUTHORIZED,       /* 401 */
  TOKENS_CLIENT_ERROR_FORBIDDEN,          /* 403 */
  TOKENS_CLIENT_ERROR_NOT_FOUND,          /* 404 */
  TOKENS_CLIENT_ERROR_CONFLICT,           /* 409, 422 */
  TOKENS_CLIENT_ERROR_RATE_LIMITED,       /* 429 */
  TOKENS_CLIENT_ERROR_SERVER_ERROR,       /* 500, 502, 504 and other 5xx */
  TOKENS_CLIENT_ERROR_UNAVAILABLE,        /* 503 */
  TOKENS_CLIENT_ERROR_NOT_IMPLEMENTED,    /* 501 */
  TOKENS_CLIENT_ERROR_INVALID_RESPONSE,   /* 2xx with a body we cannot use */
  TOKENS_CLIENT_ERROR_UNSUPPORTED_SERVER, /* InfluxDB 3 and other non-v2 APIs */
  TOKENS_CLIENT_ERROR_INVALID_ID,         /* refused before a request was made */
  TOKENS_CLIENT_ERROR_REDIRECT_REFUSED,   /* a redirect to another origin, or of a change */
  TOKENS_CLIENT_ERROR_TOO_LARGE,          /* an answer longer than any InfluxDB sends */
  TOKENS_CLIENT_ERROR_TOO_SLOW,           /* an answer not complete by its deadline */
  TOKENS_CLIENT_ERROR_TOKEN_INACTIVE,     /* 401 "token is inactive": the token exists, switched off */
  TOKENS_CLIENT_ERROR_NOT_ALLOWED,        /* 405 from InfluxDB 3: "cannot delete operator token" */
  TOKENS_CLIENT_ERROR_AUTH_DISABLED,      /* 405 "endpoint disabled, started without auth" */
} TokensClientError;

GQuark tokens_client_error_quark (void);

G_END_DECLS
