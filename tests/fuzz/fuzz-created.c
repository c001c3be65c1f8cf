/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a server sends when a token is made (its one
 * showing of the value), and what it lists as grantable: buckets, resource
 * types, databases. One input, every reader of those answers. */
#include "config.h"

#include "tokens-grant-reader.h"
#include "tokens-management-token-reader.h"
#include "tokens-secret-store.h"
#include "tokens-v3-token-reader.h"
#include "fuzz-max-len.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_set_default_max_len (argc, argv, FUZZ_JSON_MAX_LEN);
  return 0;
}

static void
free_grants (GPtrArray *grants)
{
  for (guint i = 0; grants != NULL && i < grants->len; i++)
    {
      TokensGrant *grant = g_ptr_array_index (grants, i);

      (void)tokens_grant_is_all (grant);
    }
  g_clear_pointer (&grants, g_ptr_array_unref);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  gboolean more = FALSE;
  char *secret = NULL;
  TokensToken *token;

  token = tokens_v3_token_reader_read_created (bytes, "fuzz", "db:a,b:read;system:health:read",
                                               &secret, NULL);
  if (token != NULL)
    {
      (void)tokens_token_get_summary (token);
      (void)tokens_token_get_status (token);
      g_object_unref (token);
    }
  tokens_secret_free (g_steal_pointer (&secret));

  token = tokens_management_token_reader_read_created (bytes, &secret, NULL);
  if (token != NULL)
    {
      (void)tokens_token_get_summary (token);
      (void)tokens_token_get_raw_permissions (token);
      g_object_unref (token);
    }
  tokens_secret_free (g_steal_pointer (&secret));

  free_grants (tokens_grant_reader_read_buckets (bytes, &more, NULL));
  free_grants (tokens_grant_reader_read_resources (bytes, NULL));
  free_grants (tokens_grant_reader_read_v3_databases (bytes, NULL));
  free_grants (tokens_grant_reader_read_management_databases (bytes, NULL));
  return 0;
}
