/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tokens-influx-config"

#include "config.h"

#include "tokens-influx-config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Reads the influx CLI's profiles file ($INFLUX_CONFIGS_PATH, else
 * ~/.influxdbv2/configs). Debian 12 has no TOML library for C, so this
 * reads the subset the CLI writes: [tables] (bare or quoted names),
 * key = value with basic "strings" (and their escapes), 'literal strings',
 * booleans and integers, and # comments. Anything else is an error with its
 * line number. The file is only ever read.
 */

G_DEFINE_QUARK (tokens-influx-config-error-quark, tokens_influx_config_error)

static GError *too_large_error (void);

void
tokens_influx_profile_free (TokensInfluxProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->name);
  g_free (profile->url);
  if (profile->token != NULL)
    {
      memset (profile->token, 0, strlen (profile->token));
      g_free (profile->token);
    }
  g_free (profile->org);
  g_free (profile);
}

typedef struct
{
  const char *p;
  const char *end;
  guint line;
} Reader;

static void
skip_blanks (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
    r->p++;
}

static gboolean
at_line_end (Reader *r)
{
  skip_blanks (r);
  return r->p >= r->end || *r->p == '\n' || *r->p == '#' ||
         (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n');
}

static void
skip_line (Reader *r)
{
  while (r->p < r->end && *r->p != '\n')
    r->p++;
  if (r->p < r->end)
    r->p++;
  r->line++;
}

static gboolean
fail (Reader      *r,
      GError     **error,
      const char  *what)
{
  g_set_error (error, TOKENS_INFLUX_CONFIG_ERROR, TOKENS_INFLUX_CONFIG_ERROR_SYNTAX,
               /* Translators: 1: a line number, 2: what is wrong there */
               _("Line %u: %s"), r->line, what);
  return FALSE;
}

static gboolean
is_bare_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

static gboolean
read_hex (Reader   *r,
          guint     digits,
          gunichar *out)
{
  gunichar value = 0;

  if (r->end - r->p < digits)
    return FALSE;
  for (guint i = 0; i < digits; i++)
    {
      int d = g_ascii_xdigit_value (r->p[i]);
      if (d < 0)
        return FALSE;
      value = value * 16 + d;
    }
  r->p += digits;
  *out = value;
  return TRUE;
}

/* Reads a "basic string" or a 'literal string' at r->p. */
static char *
read_string (Reader  *r,
             GError **error)
{
  char quote = *r->p;
  g_autoptr(GString) out = g_string_new (NULL);

  r->p++;
  while (r->p < r->end && *r->p != quote)
    {
      char c = *r->p;

      if (c == '\n' || c == '\r')
        {
          fail (r, error, _("a string does not end on its line"));
          return NULL;
        }

      if (c == '\\' && quote == '"')
        {
          gunichar u;

          r->p++;
          if (r->p >= r->end)
            break;
          switch (*r->p++)
            {
            case '"': g_string_append_c (out, '"'); break;
            case '\\': g_string_append_c (out, '\\'); break;
            case 'b': g_string_append_c (out, '\b'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'n': g_string_append_c (out, '\n'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'u':
            case 'U':
              if (!read_hex (r, r->p[-1] == 'u' ? 4 : 8, &u) || !g_unichar_validate (u) || u == 0)
                {
                  fail (r, error, _("a \\u escape is not a character"));
                  return NULL;
                }
              g_string_append_unichar (out, u);
              break;
            default:
              fail (r, error, _("a string has an unknown escape"));
              return NULL;
            }
          continue;
        }

      g_string_append_c (out, c);
      r->p++;
    }

  if (r->p >= r->end)
    {
      fail (r, error, _("a string does not end"));
      return NULL;
    }
  r->p++;

  if (!g_utf8_validate (out->str, out->len, NULL) || memchr (out->str, '\0', out->len) != NULL)
    {
      fail (r, error, _("a string is not valid UTF-8 text"));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
read_key (Reader  *r,
          GError **error)
{
  const char *start = r->p;

  if (r->p < r->end && (*r->p == '"' || *r->p == '\''))
    return read_string (r, error);

  while (r->p < r->end && is_bare_char (*r->p))
    r->p++;
  if (r->p == start)
    {
      fail (r, error, _("a name is missing"));
      return NULL;
    }
  return g_strndup (start, r->p - start);
}

static gboolean
read_value (Reader               *r,
            TokensInfluxProfile  *profile,
            const char           *key,
            GError              **error)
{
  char **string_field = NULL;
  gboolean *bool_field = NULL;

  if (g_str_equal (key, "url"))
    string_field = &profile->url;
  else if (g_str_equal (key, "token"))
    string_field = &profile->token;
  else if (g_str_equal (key, "org"))
    string_field = &profile->org;
  else if (g_str_equal (key, "active"))
    bool_field = &profile->active;

  if (r->p < r->end && (*r->p == '"' || *r->p == '\''))
    {
      g_autofree char *value = read_string (r, error);

      if (value == NULL)
        return FALSE;
      if (bool_field != NULL)
        return fail (r, error, _("“active” must be true or false"));
      if (g_str_equal (key, "cookie"))
        profile->has_cookie = value[0] != '\0';
      if (string_field != NULL)
        {
          g_free (*string_field);
          *string_field = g_steal_pointer (&value);
        }
      return TRUE;
    }

  if (r->end - r->p >= 4 && strncmp (r->p, "true", 4) == 0 &&
      (r->end - r->p == 4 || !is_bare_char (r->p[4])))
    {
      r->p += 4;
      if (string_field != NULL)
        return fail (r, error, _("a text value is missing its quotes"));
      if (bool_field != NULL)
        *bool_field = TRUE;
      return TRUE;
    }

  if (r->end - r->p >= 5 && strncmp (r->p, "false", 5) == 0 &&
      (r->end - r->p == 5 || !is_bare_char (r->p[5])))
    {
      r->p += 5;
      if (string_field != NULL)
        return fail (r, error, _("a text value is missing its quotes"));
      if (bool_field != NULL)
        *bool_field = FALSE;
      return TRUE;
    }

  if (r->p < r->end && (g_ascii_isdigit (*r->p) || *r->p == '-' || *r->p == '+'))
    {
      const char *start = r->p++;

      while (r->p < r->end && (g_ascii_isdigit (*r->p) || *r->p == '_'))
        r->p++;
      if (r->p - start > 20 || string_field != NULL || bool_field != NULL)
        return fail (r, error, _("a number is not expected here"));
      return TRUE;
    }

  return fail (r, error, _("a value must be text in quotes, true or false"));
}

/**
 * tokens_influx_config_parse:
 * @text: the file's contents, not necessarily nul-terminated
 *
 * Returns: (transfer full) (element-type TokensInfluxProfile): the
 *   profiles in file order, or %NULL with @error set
 */
GPtrArray *
tokens_influx_config_parse (const char  *text,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GPtrArray) profiles =
    g_ptr_array_new_with_free_func ((GDestroyNotify)tokens_influx_profile_free);
  /* The names seen so far: a file of 140,000 profiles parses in linear time. */
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  TokensInfluxProfile *current = NULL;
  Reader r = { text, text + length, 1 };

  if (length > TOKENS_INFLUX_CONFIG_MAX_SIZE)
    {
      g_propagate_error (error, too_large_error ());
      return NULL;
    }

  /* A UTF-8 byte order mark is allowed at the very start. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;

  while (r.p < r.end)
    {
      skip_blanks (&r);

      if (at_line_end (&r))
        {
          skip_line (&r);
          continue;
        }

      if (*r.p == '[')
        {
          g_autofree char *name = NULL;

          r.p++;
          if (r.p < r.end && *r.p == '[')
            {
              fail (&r, error, _("arrays of tables are not used in this file"));
              return NULL;
            }
          skip_blanks (&r);
          name = read_key (&r, error);
          if (name == NULL)
            return NULL;
          skip_blanks (&r);
          if (r.p >= r.end || *r.p != ']')
            {
              fail (&r, error, _("a [profile] header does not end with ]"));
              return NULL;
            }
          r.p++;
          if (!at_line_end (&r))
            {
              fail (&r, error, _("unexpected text after a [profile] header"));
              return NULL;
            }
          if (g_hash_table_contains (names, name))
            {
              fail (&r, error, _("a profile appears twice"));
              return NULL;
            }

          current = g_new0 (TokensInfluxProfile, 1);
          current->name = g_steal_pointer (&name);
          g_ptr_array_add (profiles, current);
          g_hash_table_add (names, current->name);
          skip_line (&r);
          continue;
        }

      {
        g_autofree char *key = read_key (&r, error);

        if (key == NULL)
          return NULL;
        if (current == NULL)
          {
            fail (&r, error, _("a setting comes before any [profile]"));
            return NULL;
          }
        skip_blanks (&r);
        if (r.p >= r.end || *r.p != '=')
          {
            fail (&r, error, _("a setting has no = sign"));
            return NULL;
          }
        r.p++;
        skip_blanks (&r);
        if (!read_value (&r, current, key, error))
          return NULL;
        if (!at_line_end (&r))
          {
            fail (&r, error, _("unexpected text after a value"));
            return NULL;
          }
        skip_line (&r);
      }
    }

  return g_steal_pointer (&profiles);
}

/**
 * tokens_influx_config_default_path:
 *
 * Returns: (transfer full): where the influx CLI keeps its profiles
 */
char *
tokens_influx_config_default_path (void)
{
  const char *path = g_getenv ("INFLUX_CONFIGS_PATH");

  if (path != NULL && path[0] != '\0')
    return g_strdup (path);
  return g_build_filename (g_get_home_dir (), ".influxdbv2", "configs", NULL);
}

static GError *
too_large_error (void)
{
  return g_error_new (TOKENS_INFLUX_CONFIG_ERROR, TOKENS_INFLUX_CONFIG_ERROR_TOO_LARGE,
                      /* Translators: %u is a size in KiB, 1024 */
                      _("The file is larger than %u KiB: it is not an influx CLI profiles file"),
                      TOKENS_INFLUX_CONFIG_MAX_SIZE / 1024);
}

static GError *
not_regular_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                              _("This is not a regular file, so it is not an influx CLI "
                                "profiles file"));
}

/*
 * What stat says is not trusted: a symbolic link to /dev/zero says size 0
 * and never ends, and a FIFO blocks the open until a writer comes. So a
 * path that does not lead to a regular file is not even opened (opening some
 * devices does something); the file is opened without blocking, in case it
 * was swapped for a FIFO meanwhile; what was opened is checked again; and
 * never more than the limit and one byte is read, whatever its size claims.
 * A symbolic link to a regular file is fine: people keep dotfiles that way.
 */
static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  GError *error = NULL;
  GPtrArray *profiles;
  struct stat info;
  gsize length = 0;
  int fd;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only a file on this computer can be imported"));
      return;
    }

  if (stat (path, &info) == 0 && !S_ISREG (info.st_mode))
    {
      g_task_return_error (task, not_regular_error ());
      return;
    }

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "%s", g_strerror (saved));
      return;
    }

  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      close (fd);
      g_task_return_error (task, not_regular_error ());
      return;
    }

  contents = g_malloc (TOKENS_INFLUX_CONFIG_MAX_SIZE + 1);
  while (length < TOKENS_INFLUX_CONFIG_MAX_SIZE + 1)
    {
      gssize n = read (fd, contents + length, TOKENS_INFLUX_CONFIG_MAX_SIZE + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          explicit_bzero (contents, length);
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                                   "%s", g_strerror (saved));
          return;
        }
      if (n == 0)
        break;
      length += n;
    }
  close (fd);

  if (length > TOKENS_INFLUX_CONFIG_MAX_SIZE)
    {
      explicit_bzero (contents, length);
      g_task_return_error (task, too_large_error ());
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      explicit_bzero (contents, length);
      return;
    }

  profiles = tokens_influx_config_parse (contents, length, &error);
  /* The file holds tokens in clear text: no copy outlives the profiles. */
  explicit_bzero (contents, length);
  if (profiles == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profiles, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * tokens_influx_config_load_async:
 *
 * Reads and parses a profiles file in a worker thread, refusing anything
 * that is not a regular file or is too large to be one.
 */
void
tokens_influx_config_load_async (GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (task, tokens_influx_config_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

/**
 * tokens_influx_config_load_finish:
 *
 * Returns: (transfer full) (element-type TokensInfluxProfile): the profiles
 */
GPtrArray *
tokens_influx_config_load_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tokens_influx_config_load_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
