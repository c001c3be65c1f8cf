/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tokens-influx-config.h"
#include "tokens-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  return tokens_influx_config_parse (text, strlen (text), error);
}

static TokensInfluxProfile *
profile (GPtrArray *profiles,
         guint      i)
{
  return g_ptr_array_index (profiles, i);
}

/* As `influx config create` writes it, sample Cloud profiles and all. */
static const char real_file[] =
  "[default]\n"
  "  url = \"http://localhost:8086\"\n"
  "  token = \"oss-token-0123456789==\"\n"
  "  org = \"my-org\"\n"
  "  active = true\n"
  "\n"
  "[cloud-eu]\n"
  "  url = \"https://eu-central-1-1.aws.cloud2.influxdata.com\"\n"
  "  token = \"cloud-token_with-dashes==\"\n"
  "  org = \"acme \\\"research\\\" \\u00e9quipe\"\n"
  "  active = false\n"
  "  previous = true\n"
  "\n"
  "[session]\n"
  "  url = \"http://influx.internal:8086\"\n"
  "  token = \"\"\n"
  "  org = \"ops\"\n"
  "  cookie = \"YWRtaW46c2VjcmV0\"\n"
  "\n"
  "# \n"
  "# [eu_central]\n"
  "#   url = \"https://eu-central-1-1.aws.cloud2.influxdata.com\"\n"
  "#   token = \"XXX\"\n"
  "#   org = \"\"\n"
  "#   active = false\n"
  "# \n"
  "# [us_central]\n"
  "#   url = \"https://us-central1-1.gcp.cloud2.influxdata.com\"\n"
  "#   token = \"XXX\"\n";

static void
test_real_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = parse (real_file, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 3);

  g_assert_cmpstr (profile (profiles, 0)->name, ==, "default");
  g_assert_cmpstr (profile (profiles, 0)->url, ==, "http://localhost:8086");
  g_assert_cmpstr (profile (profiles, 0)->token, ==, "oss-token-0123456789==");
  g_assert_cmpstr (profile (profiles, 0)->org, ==, "my-org");
  g_assert_true (profile (profiles, 0)->active);
  g_assert_false (profile (profiles, 0)->has_cookie);

  g_assert_cmpstr (profile (profiles, 1)->name, ==, "cloud-eu");
  g_assert_cmpstr (profile (profiles, 1)->org, ==, "acme \"research\" équipe");
  g_assert_false (profile (profiles, 1)->active);

  g_assert_cmpstr (profile (profiles, 2)->token, ==, "");
  g_assert_true (profile (profiles, 2)->has_cookie);
}

static void
test_syntax_variants (void)
{
  const char *text =
    "\xEF\xBB\xBF# a comment first\r\n"
    "[\"quoted name\"]   # trailing comment\r\n"
    "url='http://127.0.0.1:8086'\r\n"
    "token = \"tab\\there\"  # comment after a value\r\n"
    "active=true\r\n"
    "port = 8086\r\n"
    "unknown = \"ignored\"\r\n"
    "[ spaced ]\n"
    "\t\turl = \"https://x\"\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = parse (text, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 2);
  g_assert_cmpstr (profile (profiles, 0)->name, ==, "quoted name");
  g_assert_cmpstr (profile (profiles, 0)->url, ==, "http://127.0.0.1:8086");
  g_assert_cmpstr (profile (profiles, 0)->token, ==, "tab\there");
  g_assert_true (profile (profiles, 0)->active);
  g_assert_cmpstr (profile (profiles, 1)->name, ==, "spaced");
  g_assert_cmpstr (profile (profiles, 1)->url, ==, "https://x");
}

static void
test_empty (void)
{
  const char *texts[] = { "", "\n\n", "# only comments\n# here\n", "   \t  " };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) profiles = parse (texts[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (profiles->len, ==, 0);
    }
}

static void
test_malformed (void)
{
  struct { const char *text; guint line; } cases[] = {
    { "url = \"x\"\n", 1 },                               /* before any table */
    { "[a]\nurl \"x\"\n", 2 },                            /* no = */
    { "[a]\nurl = x\n", 2 },                              /* no quotes */
    { "[a]\nurl = \"x\n", 2 },                            /* unterminated */
    { "[a]\nurl = \"x\" y\n", 2 },                        /* trailing text */
    { "[a\nurl = \"x\"\n", 1 },                           /* header not closed */
    { "[a]\n[a]\n", 2 },                                  /* duplicate */
    { "[[a]]\n", 1 },                                     /* array of tables */
    { "[a]\nactive = \"yes\"\n", 2 },                     /* wrong type */
    { "[a]\ntoken = true\n", 2 },                         /* wrong type */
    { "[a]\nurl = \"\\q\"\n", 2 },                        /* unknown escape */
    { "[a]\nurl = \"\\u00\"\n", 2 },                      /* short escape */
    { "[a]\nurl = \"\\uD800\"\n", 2 },                    /* surrogate */
    { "[a]\nurl = \"\\u0000\"\n", 2 },                    /* NUL */
    { "[a]\nurl = \"\xff\xfe\"\n", 2 },                   /* not UTF-8 */
    { "[]\n", 1 },                                        /* no name */
    { "[a]\n= \"x\"\n", 2 },                              /* no key */
    { "\n\n[a]\nurl = [1, 2]\n", 4 },                     /* arrays */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) profiles = parse (cases[i].text, &error);
      g_autofree char *prefix = g_strdup_printf ("Line %u:", cases[i].line);

      g_test_message ("case %u", i);
      g_assert_null (profiles);
      g_assert_error (error, TOKENS_INFLUX_CONFIG_ERROR, TOKENS_INFLUX_CONFIG_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, prefix));
    }

  /* Not nul-terminated: the length is what counts. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) profiles = tokens_influx_config_parse ("[a]\nurl = \"abc\"XXXX", 15, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (profile (profiles, 0)->url, ==, "abc");
  }
}

static void
test_huge (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  guint n = 0;

  /* Many profiles, just under the limit: read in full. */
  while (text->len < TOKENS_INFLUX_CONFIG_MAX_SIZE - 200)
    g_string_append_printf (text, "[p%u]\n  url = \"http://h%u:8086\"\n  token = \"t%u\"\n", n, n, n), n++;
  profiles = parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, n);
  g_clear_pointer (&profiles, g_ptr_array_unref);

  /* Over the limit: refused before it is read. */
  g_string_append_len (text, "#", 1);
  while (text->len <= TOKENS_INFLUX_CONFIG_MAX_SIZE)
    g_string_append_c (text, '#');
  profiles = tokens_influx_config_parse (text->str, text->len, &error);
  g_assert_null (profiles);
  g_assert_error (error, TOKENS_INFLUX_CONFIG_ERROR, TOKENS_INFLUX_CONFIG_ERROR_TOO_LARGE);
}

static void
test_load_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tokens-influx-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "configs", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;
  GStatBuf before, after;

  g_assert_true (g_file_set_contents (path, real_file, -1, NULL));
  g_chmod (path, 0600);
  g_stat (path, &before);

  g_setenv ("INFLUX_CONFIGS_PATH", path, TRUE);
  default_path = tokens_influx_config_default_path ();
  g_assert_cmpstr (default_path, ==, path);

  tokens_influx_config_load_async (file, NULL, tokens_test_store_result, &result);
  tokens_test_wait_result (&result);
  profiles = tokens_influx_config_load_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 3);

  /* Never written to. */
  g_stat (path, &after);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
  g_assert_cmpint (before.st_size, ==, after.st_size);

  g_unlink (path);
  g_rmdir (dir);

  g_unsetenv ("INFLUX_CONFIGS_PATH");
  g_clear_pointer (&default_path, g_free);
  default_path = tokens_influx_config_default_path ();
  g_assert_true (g_str_has_suffix (default_path, "/.influxdbv2/configs"));
}

/* How long 140,000 profiles may take. A duplicate check against every
 * earlier profile took 22.9 s (87 s on a busy 2-core machine); linear
 * parsing takes 0.06 s there, and 2.9 s under AddressSanitizer with
 * fast_unwind_on_malloc=0, as `build-aux/dev sanitize` runs it, which
 * unwinds the whole stack at each of the 280,000 allocations. */
#if defined(__SANITIZE_ADDRESS__)
# define MANY_PROFILES_SECONDS 10.0
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define MANY_PROFILES_SECONDS 10.0
# endif
#endif
#ifndef MANY_PROFILES_SECONDS
# define MANY_PROFILES_SECONDS 2.0
#endif

/* 140,000 one-line profiles in just under the limit, in linear time. */
static void
test_many_profiles_fast (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double seconds;
  guint n = 0;

  while (text->len < TOKENS_INFLUX_CONFIG_MAX_SIZE - 16)
    g_string_append_printf (text, "[%x]\n", n++);
  start = g_get_monotonic_time ();
  profiles = tokens_influx_config_parse (text->str, text->len, &error);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_test_message ("%u profiles (%" G_GSIZE_FORMAT " bytes) parsed in %.3f s", n, text->len, seconds);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, n);
  g_assert_cmpuint (n, >, 130000);
  g_assert_cmpfloat (seconds, <, MANY_PROFILES_SECONDS);
}

typedef struct
{
  GAsyncResult *result;
  GThread *thread;
  GMainContext *context;
} Loaded;

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Loaded *loaded = user_data;

  loaded->thread = g_thread_self ();
  loaded->context = g_main_context_ref_thread_default ();
  loaded->result = g_object_ref (result);
}

/* Loads @path from a main context of its own, as a dialog would from its
 * thread's, and checks that the answer comes back there. */
static GPtrArray *
load (const char  *path,
      double      *seconds,
      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GMainContext) context = g_main_context_new ();
  Loaded loaded = { NULL, NULL, NULL };
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + 10 * G_USEC_PER_SEC;
  GPtrArray *profiles;

  g_main_context_push_thread_default (context);
  tokens_influx_config_load_async (file, NULL, on_loaded, &loaded);
  while (loaded.result == NULL && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (1000);
    }
  g_main_context_pop_thread_default (context);
  if (loaded.result == NULL)
    g_error ("Loading %s did not finish in 10 s", path);

  *seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  /* Read in a worker thread, answered on the caller's thread and context. */
  g_assert_true (loaded.thread == g_thread_self ());
  g_assert_true (loaded.context == context);
  profiles = tokens_influx_config_load_finish (loaded.result, error);
  g_object_unref (loaded.result);
  g_main_context_unref (loaded.context);
  return profiles;
}

/* The same 140,000 profiles through the file, as the import dialog reads
 * them, without blocking the calling thread's main loop. */
static void
test_many_profiles_load (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tokens-influx-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "configs", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  double seconds;
  guint n = 0;

  while (text->len < TOKENS_INFLUX_CONFIG_MAX_SIZE - 16)
    g_string_append_printf (text, "[%x]\n", n++);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  profiles = load (path, &seconds, &error);
  g_test_message ("%u profiles read and parsed in %.3f s", n, seconds);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, n);
  g_assert_cmpfloat (seconds, <, MANY_PROFILES_SECONDS);

  g_unlink (path);
  g_rmdir (dir);
}

/* A symbolic link to a regular file is how many people keep dotfiles. */
static void
test_load_follows_link_to_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tokens-influx-XXXXXX", NULL);
  g_autofree char *real = g_build_filename (dir, "real", NULL);
  g_autofree char *link = g_build_filename (dir, "configs", NULL);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  double seconds;

  g_assert_true (g_file_set_contents (real, real_file, -1, NULL));
  g_assert_cmpint (symlink (real, link), ==, 0);

  profiles = load (link, &seconds, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 3);

  g_unlink (link);
  g_unlink (real);
  g_rmdir (dir);
}

/* How many bytes this process has read so far, or -1 if Linux does not
 * say (/proc/self/io needs task I/O accounting). */
static gint64
bytes_read (void)
{
  g_autofree char *io = NULL;
  const char *rchar;

  if (!g_file_get_contents ("/proc/self/io", &io, NULL, NULL))
    return -1;
  rchar = strstr (io, "rchar: ");
  return rchar != NULL ? g_ascii_strtoll (rchar + strlen ("rchar: "), NULL, 10) : -1;
}

/* Loads @path, expecting @domain/@code quickly and with at most @max_read
 * bytes read, whatever the path leads to. */
static void
assert_refused (const char *path,
                GQuark      domain,
                int         code,
                gint64      max_read)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  gint64 before = bytes_read ();
  gint64 read;
  double seconds;

  profiles = load (path, &seconds, &error);
  read = before >= 0 ? bytes_read () - before : -1;
  g_test_message ("%s: refused in %.3f s after reading %" G_GINT64_FORMAT " bytes: %s",
                  path, seconds, read, error != NULL ? error->message : "(read)");
  g_assert_null (profiles);
  g_assert_error (error, domain, code);
  g_assert_cmpfloat (seconds, <, 1.0);
  /* Some slack for what the rest of the process reads meanwhile. */
  if (read >= 0)
    g_assert_cmpint (read, <=, max_read + 64 * 1024);
}

/* Whatever stat says: a link to /dev/zero, a FIFO with no writer and a
 * directory are refused at once without reading a byte; a file over the
 * limit is refused after reading one byte more than the limit, even one
 * whose stat says it is empty. */
static void
test_load_refuses_special_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tokens-influx-XXXXXX", NULL);
  g_autofree char *zero = g_build_filename (dir, "zero", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *big = g_build_filename (dir, "big", NULL);
  g_autofree char *filler = g_malloc (TOKENS_INFLUX_CONFIG_MAX_SIZE + 1);
  g_autofree char *kallsyms = NULL;
  gsize kallsyms_length = 0;
  const char *special[] = { zero, fifo, dir };
  GStatBuf info;

  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  memset (filler, '#', TOKENS_INFLUX_CONFIG_MAX_SIZE + 1);
  g_assert_true (g_file_set_contents (big, filler, TOKENS_INFLUX_CONFIG_MAX_SIZE + 1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    assert_refused (special[i], G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, 0);

  assert_refused (big, TOKENS_INFLUX_CONFIG_ERROR, TOKENS_INFLUX_CONFIG_ERROR_TOO_LARGE,
                  TOKENS_INFLUX_CONFIG_MAX_SIZE + 1);

  /* A regular file that says it is empty and holds megabytes. */
  if (g_stat ("/proc/kallsyms", &info) == 0 && S_ISREG (info.st_mode) && info.st_size == 0 &&
      g_file_get_contents ("/proc/kallsyms", &kallsyms, &kallsyms_length, NULL) &&
      kallsyms_length > TOKENS_INFLUX_CONFIG_MAX_SIZE)
    assert_refused ("/proc/kallsyms", TOKENS_INFLUX_CONFIG_ERROR,
                    TOKENS_INFLUX_CONFIG_ERROR_TOO_LARGE, TOKENS_INFLUX_CONFIG_MAX_SIZE + 1);
  else
    g_test_message ("No /proc/kallsyms to read: not checked with a file whose size lies");

  g_unlink (zero);
  g_unlink (fifo);
  g_unlink (big);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tokens/influx-config/real-file", test_real_file);
  g_test_add_func ("/tokens/influx-config/syntax-variants", test_syntax_variants);
  g_test_add_func ("/tokens/influx-config/empty", test_empty);
  g_test_add_func ("/tokens/influx-config/malformed", test_malformed);
  g_test_add_func ("/tokens/influx-config/huge", test_huge);
  g_test_add_func ("/tokens/influx-config/load-file", test_load_file);
  g_test_add_func ("/tokens/influx-config/many-profiles-fast", test_many_profiles_fast);
  g_test_add_func ("/tokens/influx-config/many-profiles-load", test_many_profiles_load);
  g_test_add_func ("/tokens/influx-config/load-follows-link-to-file", test_load_follows_link_to_file);
  g_test_add_func ("/tokens/influx-config/load-refuses-special-files", test_load_refuses_special_files);

  return g_test_run ();
}
