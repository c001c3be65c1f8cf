/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-json-list-reader"

#include "config.h"

#include "tokens-json-list-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The token list is the one large thing the app reads: 100,000 tokens are
 * about 86 MB of JSON. json-glib's parser builds a node tree of the whole
 * document first, which costs about eight times the text in memory and as
 * long again to walk. This reader goes through the bytes once and builds
 * each element directly, with no tree, so the peak is the body plus the
 * objects the app keeps anyway. Each element is read by the rules of its
 * shape (tokens-json-reader.h), the same table and checks json-glib's
 * objects go through: every type is checked, unknown members are skipped
 * whatever they hold, and a wrong type makes the whole response invalid
 * with the same words. The fuzz target tests/fuzz/fuzz-authorization-list.c
 * exercises it.
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
read_string_member (Reader                *r,
                    const TokensJsonField *field,
                    gpointer               record)
{
  char *value = NULL;

  skip_ws (r);
  if (r->p < r->end && *r->p == '"')
    {
      if (!read_string (r, &value))
        return FALSE;
    }
  else if (r->p < r->end && *r->p == 'n')
    {
      if (!skip_literal (r, "null"))
        return FALSE;
    }
  else
    {
      if (skip_value (r, 0) && !r->failed)
        tokens_json_set_not_a_string (r->error, field->name);
      r->failed = TRUE;
      return FALSE;
    }

  tokens_json_field_take_string (field, record, value);
  return TRUE;
}

/* A member that must be a whole number or null: its digits are kept, and
 * checked with the rest of the object. */
static gboolean
read_number_member (Reader                *r,
                    const TokensJsonField *field,
                    gpointer               record)
{
  const char *start;

  skip_ws (r);
  if (r->p < r->end && *r->p == 'n')
    return skip_literal (r, "null");

  start = r->p;
  if (r->p < r->end && (*r->p == '-' || g_ascii_isdigit (*r->p)))
    {
      if (!skip_value (r, 0))
        return FALSE;
      tokens_json_field_take_string (field, record, g_strndup (start, r->p - start));
      return TRUE;
    }

  if (skip_value (r, 0))
    fail (r, _(field->error));
  r->failed = TRUE;
  return FALSE;
}

typedef gboolean (*MemberFunc) (Reader *r, const char *name, gpointer data);

/* Reads an object at r->p, calling @func for each member. @not_object,
 * untranslated, is the fault when there is none: %NULL where the caller has
 * seen its '{'. Translating it only then keeps gettext out of the loop. */
static gboolean
read_object (Reader     *r,
             MemberFunc  func,
             gpointer    data,
             const char *not_object)
{
  if (!accept (r, '{'))
    return not_object != NULL ? fail (r, _(not_object)) : fail_syntax (r);
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
  const TokensJsonShape *shape;
  gpointer record;
} Record;

static gboolean read_elements (Reader                *r,
                               const TokensJsonShape *shape,
                               GPtrArray             *out,
                               TokensJsonPlace       *place);

static gboolean
record_member (Reader     *r,
               const char *name,
               gpointer    data)
{
  const Record *record = data;
  const TokensJsonField *field = tokens_json_shape_find_field (record->shape, name);

  if (field == NULL)
    return skip_value (r, 1);

  switch (field->kind)
    {
    case TOKENS_JSON_OBJECT:
      {
        Record inner = { field->shape, record->record };

        if (peek (r, 'n'))
          return skip_literal (r, "null");
        tokens_json_field_set_present (field, record->record);
        return read_object (r, record_member, &inner, field->error);
      }

    case TOKENS_JSON_LIST:
      if (peek (r, 'n'))
        return skip_literal (r, "null");
      if (!accept (r, '['))
        {
          if (!skip_value (r, 1))
            return FALSE;
          return fail (r, _(field->error));
        }
      return read_elements (r, field->shape, tokens_json_field_begin_list (field, record->record),
                            NULL);

    case TOKENS_JSON_WHOLE_NUMBER:
      return read_number_member (r, field, record->record);

    default:
      return read_string_member (r, field, record->record);
    }
}

/* Reads one element of @shape into @record, which is clear and is left clear. */
static gpointer
read_element (Reader                *r,
              const TokensJsonShape *shape,
              gpointer               record)
{
  Record current = { shape, record };
  gpointer built = NULL;

  skip_ws (r);
  if (r->p >= r->end || *r->p != '{')
    {
      if (skip_value (r, 1))
        fail (r, _(shape->not_object));
      return NULL;
    }

  if (!read_object (r, record_member, &current, NULL))
    ;
  else if (!tokens_json_shape_check (shape, record, r->error))
    r->failed = TRUE;
  else
    built = shape->build (record);
  tokens_json_shape_clear (shape, record);

  return built;
}

/* The elements of an array whose '[' has been read. With @place, each
 * element's faults say which element it is (tokens_json_set_place()). */
static gboolean
read_elements (Reader                *r,
               const TokensJsonShape *shape,
               GPtrArray             *out,
               TokensJsonPlace       *place)
{
  gpointer record;
  gboolean ok = TRUE;

  if (accept (r, ']'))
    return TRUE;

  /* One record for every element: each is left clear for the next. */
  record = g_alloca0 (shape->record_size);
  if (place != NULL)
    tokens_json_set_place (place);
  do
    {
      gpointer element;

      if (place != NULL)
        place->n++;
      element = read_element (r, shape, record);
      if (element == NULL)
        {
          ok = FALSE;
          break;
        }
      g_ptr_array_add (out, element);
    }
  while (accept (r, ','));
  if (place != NULL)
    tokens_json_set_place (NULL);

  return ok && (accept (r, ']') || fail_syntax (r));
}

typedef struct
{
  const TokensJsonField *field;
  GPtrArray *list;
} List;

static gboolean
list_member (Reader     *r,
             const char *name,
             gpointer    data)
{
  List *list = data;

  if (!g_str_equal (name, list->field->name))
    return skip_value (r, 1);

  /* A later duplicate replaces an earlier one, as in json-glib. */
  g_ptr_array_set_size (list->list, 0);
  if (peek (r, 'n'))
    return skip_literal (r, "null");
  if (!accept (r, '['))
    {
      if (!skip_value (r, 1))
        return FALSE;
      return fail (r, _(list->field->error));
    }
  return read_elements (r, list->field->shape, list->list, NULL);
}

/* The body's first character must be @open. Empty says so; valid JSON that
 * is something else says @not_that; anything else is not JSON. */
static gboolean
begin_body (Reader     *r,
            char        open,
            const char *not_that)
{
  skip_ws (r);
  if (r->p >= r->end)
    return fail (r, tokens_json_fault_describe (TOKENS_JSON_FAULT_EMPTY));
  if (*r->p == open)
    return TRUE;

  if (skip_value (r, 0) && (skip_ws (r), r->p == r->end))
    {
      r->failed = FALSE;
      fail (r, not_that);
    }
  return FALSE;
}

/* Nothing but white space may follow the value. */
static gboolean
end_body (Reader *r)
{
  skip_ws (r);
  return r->p == r->end || fail_syntax (r);
}

/**
 * tokens_json_list_reader_read:
 * @list: the member of the body's object that holds the list: a
 *   %TOKENS_JSON_LIST field, whose @error says it is not a list
 *
 * Reads a body `{…, "<name>": [ … ], …}` in one pass, each element by the
 * rules of @list's shape. A missing or null list is an empty one.
 *
 * Returns: (transfer full) (nullable): what the shape built from each
 *   element, in the server's order, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_json_list_reader_read (GBytes                 *body,
                              const TokensJsonField  *list,
                              GError                **error)
{
  g_autoptr(GPtrArray) elements = NULL;
  List fields;
  Reader r;
  const char *data;
  gsize len;

  g_return_val_if_fail (list->kind == TOKENS_JSON_LIST, NULL);

  if (!tokens_json_check_body (body, &data, &len, error))
    return NULL;

  elements = g_ptr_array_new_with_free_func (list->shape->free_built);
  fields = (List) { list, elements };
  r = (Reader) { data, data + len, error, FALSE };

  if (!begin_body (&r, '{', tokens_json_fault_describe (TOKENS_JSON_FAULT_NOT_OBJECT)) ||
      !read_object (&r, list_member, &fields, NULL) ||
      !end_body (&r))
    return NULL;

  return g_steal_pointer (&elements);
}

/**
 * tokens_json_list_reader_read_array:
 * @shape: what each element is
 * @not_array: untranslated: the fault when the body is JSON but not an array
 * @place_format: (nullable): translated: where a fault in an element is,
 *   with %u its number from 1 and %s the fault ("row %u of the token list:
 *   %s"); %NULL to say nothing of where
 *
 * Reads a body that is an array, `[ … ]`, in one pass, each element by the
 * rules of @shape: InfluxDB 3's SQL rows and the management API's tokens.
 *
 * Returns: (transfer full) (nullable): what the shape built from each
 *   element, in the server's order, or %NULL with
 *   %TOKENS_CLIENT_ERROR_INVALID_RESPONSE
 */
GPtrArray *
tokens_json_list_reader_read_array (GBytes                 *body,
                                    const TokensJsonShape  *shape,
                                    const char             *not_array,
                                    const char             *place_format,
                                    GError                **error)
{
  g_autoptr(GPtrArray) elements = NULL;
  TokensJsonPlace place = { place_format, 0 };
  Reader r;
  const char *data;
  gsize len;

  if (!tokens_json_check_body (body, &data, &len, error))
    return NULL;

  elements = g_ptr_array_new_with_free_func (shape->free_built);
  r = (Reader) { data, data + len, error, FALSE };

  if (!begin_body (&r, '[', _(not_array)))
    return NULL;
  r.p++;
  if (!read_elements (&r, shape, elements, place_format != NULL ? &place : NULL) || !end_body (&r))
    return NULL;

  return g_steal_pointer (&elements);
}
