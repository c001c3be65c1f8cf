/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-api-list-parser"

#include "config.h"

#include "tokens-api-list-parser.h"
#include "tokens-authorization-private.h"
#include "tokens-json-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The token list is the one large thing the app reads: 100,000 tokens are
 * about 86 MB of JSON. json-glib's parser builds a node tree of the whole
 * document first, which costs about eight times the text in memory and as
 * long again to walk. This reader goes through the bytes once and builds
 * each TokensAuthorization directly, with no tree, so the peak is the body
 * plus the objects the app keeps anyway. It has the same rules as the
 * json-glib path in tokens-api-json.c: every type is checked, unknown
 * members are skipped whatever they hold, and a wrong type makes the whole
 * response invalid with the same words. The fuzz target
 * tests/fuzz/fuzz-authorization-list.c exercises it.
 */

#define MAX_DEPTH TOKENS_API_MAX_DEPTH

typedef struct
{
  const char *p;
  const char *end;
  GError **error;
  gboolean failed;
} Reader;

static gboolean
fail (Reader     *r,
      const char *detail)
{
  if (!r->failed)
    tokens_json_set_invalid (r->error, detail);
  r->failed = TRUE;
  return FALSE;
}

static gboolean
fail_syntax (Reader *r)
{
  return fail (r, tokens_json_fault_describe (TOKENS_JSON_FAULT_NOT_JSON));
}

static void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
peek (Reader *r,
      char    c)
{
  skip_ws (r);
  return r->p < r->end && *r->p == c;
}

static gboolean
accept (Reader *r,
        char    c)
{
  if (!peek (r, c))
    return FALSE;
  r->p++;
  return TRUE;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);
      if (d < 0)
        return -1;
      value = value * 16 + d;
    }
  return value;
}

/* Reads a string at r->p (which is '"'). @out may be NULL to skip it. */
static gboolean
read_string (Reader  *r,
             char   **out)
{
  const char *start = ++r->p;
  GString *s = NULL;

  /* Most strings have no escapes: copy them in one go. */
  while (r->p < r->end && *r->p != '"' && *r->p != '\\')
    {
      if ((guchar)*r->p < 0x20)
        return fail_syntax (r);
      r->p++;
    }
  if (r->p >= r->end)
    return fail_syntax (r);
  if (*r->p == '"')
    {
      if (out != NULL)
        *out = g_strndup (start, r->p - start);
      r->p++;
      return TRUE;
    }

  if (out != NULL)
    s = g_string_new_len (start, r->p - start);

  while (r->p < r->end && *r->p != '"')
    {
      char c = *r->p++;

      if ((guchar)c < 0x20)
        goto syntax;
      if (c != '\\')
        {
          if (s != NULL)
            g_string_append_c (s, c);
          continue;
        }
      if (r->p >= r->end)
        goto syntax;
      c = *r->p++;
      switch (c)
        {
        case '"': case '\\': case '/':
          if (s != NULL) g_string_append_c (s, c);
          break;
        case 'b': if (s != NULL) g_string_append_c (s, '\b'); break;
        case 'f': if (s != NULL) g_string_append_c (s, '\f'); break;
        case 'n': if (s != NULL) g_string_append_c (s, '\n'); break;
        case 'r': if (s != NULL) g_string_append_c (s, '\r'); break;
        case 't': if (s != NULL) g_string_append_c (s, '\t'); break;
        case 'u':
          {
            int u, low;

            if (r->end - r->p < 4 || (u = hex4 (r->p)) < 0)
              goto syntax;
            r->p += 4;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
                    (low = hex4 (r->p + 2)) < 0xDC00 || low > 0xDFFF)
                  goto syntax;
                r->p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
              }
            else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0)
              goto syntax;
            if (s != NULL)
              g_string_append_unichar (s, u);
          }
          break;
        default:
          goto syntax;
        }
    }
  if (r->p >= r->end)
    goto syntax;
  r->p++;
  if (out != NULL)
    *out = g_string_free (s, FALSE);
  return TRUE;

syntax:
  if (s != NULL)
    g_string_free (s, TRUE);
  return fail_syntax (r);
}

static gboolean skip_value (Reader *r, guint depth);

static gboolean
skip_container (Reader *r,
                char    close,
                guint   depth)
{
  r->p++;
  if (depth > MAX_DEPTH)
    return fail (r, tokens_json_fault_describe (TOKENS_JSON_FAULT_TOO_DEEP));
  if (accept (r, close))
    return TRUE;
  do
    {
      if (close == '}')
        {
          if (!peek (r, '"') || !read_string (r, NULL) || !accept (r, ':'))
            return fail_syntax (r);
        }
      if (!skip_value (r, depth + 1))
        return FALSE;
    }
  while (accept (r, ','));
  return accept (r, close) || fail_syntax (r);
}

static gboolean
skip_literal (Reader     *r,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize)(r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return fail_syntax (r);
  r->p += len;
  return TRUE;
}

static gboolean
skip_value (Reader *r,
            guint   depth)
{
  skip_ws (r);
  if (r->p >= r->end)
    return fail_syntax (r);

  switch (*r->p)
    {
    case '{': return skip_container (r, '}', depth);
    case '[': return skip_container (r, ']', depth);
    case '"': return read_string (r, NULL);
    case 't': return skip_literal (r, "true");
    case 'f': return skip_literal (r, "false");
    case 'n': return skip_literal (r, "null");
    default:
      {
        const char *start = r->p;

        if (*r->p == '-')
          r->p++;
        while (r->p < r->end && (g_ascii_isdigit (*r->p) || *r->p == '.' || *r->p == 'e' ||
                                 *r->p == 'E' || *r->p == '+' || *r->p == '-'))
          r->p++;
        return (r->p > start && g_ascii_isdigit (r->p[-1])) || fail_syntax (r);
      }
    }
}

/* A member that must be a string or null. */
static gboolean
read_string_member (Reader      *r,
                    const char  *name,
                    char       **out)
{
  skip_ws (r);
  g_clear_pointer (out, g_free);
  if (r->p < r->end && *r->p == '"')
    return read_string (r, out);
  if (r->p < r->end && *r->p == 'n')
    return skip_literal (r, "null");

  if (skip_value (r, 0) && !r->failed)
    tokens_json_set_not_a_string (r->error, name);
  r->failed = TRUE;
  return FALSE;
}

typedef gboolean (*MemberFunc) (Reader *r, const char *name, gpointer data);

/* Reads an object at r->p, calling @func for each member. */
static gboolean
read_object (Reader     *r,
             MemberFunc  func,
             gpointer    data,
             const char *not_object)
{
  if (!accept (r, '{'))
    {
      if (!r->failed)
        fail (r, not_object);
      return FALSE;
    }
  if (accept (r, '}'))
    return TRUE;
  do
    {
      g_autofree char *name = NULL;

      if (!peek (r, '"') || !read_string (r, &name) || !accept (r, ':'))
        return fail_syntax (r);
      if (!func (r, name, data))
        return FALSE;
    }
  while (accept (r, ','));
  return accept (r, '}') || fail_syntax (r);
}

typedef struct
{
  char *action;
  char *type, *id, *org_id, *name, *org;
  gboolean has_resource;
} PermissionFields;

static gboolean
resource_member (Reader     *r,
                 const char *name,
                 gpointer    data)
{
  PermissionFields *f = data;

  if (g_str_equal (name, "type")) return read_string_member (r, name, &f->type);
  if (g_str_equal (name, "id")) return read_string_member (r, name, &f->id);
  if (g_str_equal (name, "orgID")) return read_string_member (r, name, &f->org_id);
  if (g_str_equal (name, "name")) return read_string_member (r, name, &f->name);
  if (g_str_equal (name, "org")) return read_string_member (r, name, &f->org);
  return skip_value (r, 1);
}

static gboolean
permission_member (Reader     *r,
                   const char *name,
                   gpointer    data)
{
  PermissionFields *f = data;

  if (g_str_equal (name, "action"))
    return read_string_member (r, name, &f->action);
  if (g_str_equal (name, "resource"))
    {
      if (peek (r, 'n'))
        return skip_literal (r, "null");
      f->has_resource = TRUE;
      return read_object (r, resource_member, f, _("a permission has no resource"));
    }
  return skip_value (r, 1);
}

static char *
nonempty (char *s)
{
  if (s != NULL && s[0] == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

static TokensPermission *
read_permission (Reader *r)
{
  PermissionFields f = { 0 };
  TokensPermission *permission = NULL;
  TokensAction action;

  skip_ws (r);
  if (r->p >= r->end || *r->p != '{')
    {
      if (!skip_value (r, 1))
        return NULL;
      fail (r, _("a permission is not an object"));
      return NULL;
    }
  if (!read_object (r, permission_member, &f, _("a permission is not an object")))
    goto out;

  if (g_strcmp0 (f.action, "read") == 0)
    action = TOKENS_ACTION_READ;
  else if (g_strcmp0 (f.action, "write") == 0)
    action = TOKENS_ACTION_WRITE;
  else
    {
      fail (r, _("a permission’s action is neither read nor write"));
      goto out;
    }
  if (!f.has_resource)
    {
      fail (r, _("a permission has no resource"));
      goto out;
    }
  if (f.type == NULL || f.type[0] == '\0')
    {
      fail (r, _("a permission’s resource has no type"));
      goto out;
    }

  f.id = nonempty (f.id);
  f.org_id = nonempty (f.org_id);
  f.name = nonempty (f.name);
  f.org = nonempty (f.org);
  permission = tokens_permission_new (action, f.type, f.id, f.org_id, f.name, f.org);

out:
  g_free (f.action);
  g_free (f.type);
  g_free (f.id);
  g_free (f.org_id);
  g_free (f.name);
  g_free (f.org);
  return permission;
}

typedef struct
{
  TokensAuthorization *a;
  char *id, *token, *status;
  char *created, *updated;
} AuthFields;

static gboolean
authorization_member (Reader     *r,
                      const char *name,
                      gpointer    data)
{
  AuthFields *f = data;
  TokensAuthorization *a = f->a;

  if (g_str_equal (name, "id")) return read_string_member (r, name, &f->id);
  if (g_str_equal (name, "token")) return read_string_member (r, name, &f->token);
  if (g_str_equal (name, "status")) return read_string_member (r, name, &f->status);
  if (g_str_equal (name, "description")) return read_string_member (r, name, &a->description);
  if (g_str_equal (name, "orgID")) return read_string_member (r, name, &a->org_id);
  if (g_str_equal (name, "org")) return read_string_member (r, name, &a->org);
  if (g_str_equal (name, "userID")) return read_string_member (r, name, &a->user_id);
  if (g_str_equal (name, "user")) return read_string_member (r, name, &a->user);
  if (g_str_equal (name, "createdAt")) return read_string_member (r, name, &f->created);
  if (g_str_equal (name, "updatedAt")) return read_string_member (r, name, &f->updated);

  if (g_str_equal (name, "permissions"))
    {
      if (peek (r, 'n'))
        return skip_literal (r, "null");
      if (!accept (r, '['))
        {
          if (!skip_value (r, 1))
            return FALSE;
          return fail (r, _("“permissions” is not a list"));
        }
      g_ptr_array_set_size (a->permissions, 0);
      if (accept (r, ']'))
        return TRUE;
      do
        {
          TokensPermission *permission = read_permission (r);

          if (permission == NULL)
            return FALSE;
          g_ptr_array_add (a->permissions, permission);
        }
      while (accept (r, ','));
      return accept (r, ']') || fail_syntax (r);
    }

  return skip_value (r, 1);
}

static gboolean
parse_time (Reader      *r,
            const char  *text,
            const char  *name,
            GDateTime  **out)
{
  if (text == NULL || text[0] == '\0')
    return TRUE;

  *out = g_date_time_new_from_iso8601 (text, NULL);
  if (*out == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("“%s” is not a date and time"), name);
      return fail (r, detail);
    }
  return TRUE;
}

static TokensAuthorization *
read_authorization (Reader *r)
{
  g_autoptr(TokensAuthorization) a = NULL;
  AuthFields f = { 0 };
  TokensAuthorization *result = NULL;

  skip_ws (r);
  if (r->p >= r->end || *r->p != '{')
    {
      if (skip_value (r, 1))
        fail (r, _("an authorization is not an object"));
      return NULL;
    }

  /* Built without an id first: the id is checked once the object is read. */
  a = g_object_new (TOKENS_TYPE_AUTHORIZATION, NULL);
  f.a = a;
  if (!read_object (r, authorization_member, &f, _("an authorization is not an object")))
    goto out;

  if (f.id == NULL || f.id[0] == '\0')
    {
      fail (r, _("an authorization has no id"));
      goto out;
    }
  a->id = g_steal_pointer (&f.id);
  _tokens_authorization_set_token_value (a, f.token);

  if (f.status == NULL || f.status[0] == '\0' || g_str_equal (f.status, "active"))
    a->active = TRUE;
  else if (g_str_equal (f.status, "inactive"))
    a->active = FALSE;
  else
    {
      fail (r, _("an authorization’s status is neither active nor inactive"));
      goto out;
    }

  a->org_id = nonempty (a->org_id);
  a->org = nonempty (a->org);
  a->user_id = nonempty (a->user_id);
  a->user = nonempty (a->user);

  if (!parse_time (r, f.created, "createdAt", &a->created_at) ||
      !parse_time (r, f.updated, "updatedAt", &a->updated_at))
    goto out;

  _tokens_authorization_classify (a);
  result = g_steal_pointer (&a);

out:
  g_free (f.id);
  if (f.token != NULL)
    memset (f.token, 0, strlen (f.token));
  g_free (f.token);
  g_free (f.status);
  g_free (f.created);
  g_free (f.updated);
  return result;
}

typedef struct
{
  GPtrArray *list;
  gboolean seen;
} ListFields;

static gboolean
top_member (Reader     *r,
            const char *name,
            gpointer    data)
{
  ListFields *f = data;

  if (!g_str_equal (name, "authorizations"))
    return skip_value (r, 1);

  /* A later duplicate replaces an earlier one, as in json-glib. */
  g_ptr_array_set_size (f->list, 0);
  f->seen = TRUE;
  if (peek (r, 'n'))
    return skip_literal (r, "null");
  if (!accept (r, '['))
    {
      if (!skip_value (r, 1))
        return FALSE;
      return fail (r, _("“authorizations” is not a list"));
    }
  if (accept (r, ']'))
    return TRUE;
  do
    {
      TokensAuthorization *a = read_authorization (r);

      if (a == NULL)
        return FALSE;
      g_ptr_array_add (f->list, a);
    }
  while (accept (r, ','));
  return accept (r, ']') || fail_syntax (r);
}

/**
 * tokens_api_list_parser_parse:
 * @data: the body, already checked to be UTF-8
 *
 * Returns: (transfer full) (element-type TokensAuthorization) (nullable):
 *   the authorizations, or %NULL with %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_api_list_parser_parse (const char  *data,
                              gsize        len,
                              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  ListFields fields = { list, FALSE };
  Reader r = { data, data + len, error, FALSE };

  skip_ws (&r);
  if (r.p >= r.end)
    {
      fail (&r, tokens_json_fault_describe (TOKENS_JSON_FAULT_EMPTY));
      return NULL;
    }
  if (*r.p != '{')
    {
      /* Valid JSON that is not an object says so; anything else is not JSON. */
      if (skip_value (&r, 0) && (skip_ws (&r), r.p == r.end))
        {
          r.failed = FALSE;
          fail (&r, tokens_json_fault_describe (TOKENS_JSON_FAULT_NOT_OBJECT));
        }
      return NULL;
    }

  if (!read_object (&r, top_member, &fields,
                    tokens_json_fault_describe (TOKENS_JSON_FAULT_NOT_OBJECT)))
    return NULL;
  skip_ws (&r);
  if (r.p != r.end)
    {
      fail_syntax (&r);
      return NULL;
    }

  return g_steal_pointer (&list);
}
