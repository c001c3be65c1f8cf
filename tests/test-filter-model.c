/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * TokensFilterModel against the obvious filter: after every change to the
 * items or to what passes, the model must hold exactly the items that pass,
 * in order, and the items-changed signals it sent must turn the old list
 * into the new one when replayed on a copy.
 */
#include "config.h"

#include "tokens-filter-model.h"

typedef struct {
  GListStore *store;         /* upstream: GtkStringObject-like items */
  TokensFilterModel *model;
  GPtrArray *mirror;         /* what the signals say the model holds */
  guint divisor;             /* an item passes when its number % divisor == 0 */
  guint n_signals;
} Fixture;

static guint
number_of (gpointer item)
{
  return GPOINTER_TO_UINT (g_object_get_data (item, "number"));
}

static gboolean
divisible (gpointer item,
           gpointer user_data)
{
  Fixture *f = user_data;

  return number_of (item) % f->divisor == 0;
}

static GObject *
new_item (guint number)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (item, "number", GUINT_TO_POINTER (number));
  return item;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  g_assert_cmpuint (position + removed, <=, f->mirror->len);
  f->n_signals++;
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->mirror, position + i, g_list_model_get_item (model, position + i));
}

static void
check (Fixture  *f,
       gboolean  filtering)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
  guint shown = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (f->store), i);
      g_autoptr(GObject) at = NULL;

      if (filtering && !divisible (item, f))
        continue;
      at = g_list_model_get_item (G_LIST_MODEL (f->model), shown);
      g_assert_true (at == item);
      g_assert_true (g_ptr_array_index (f->mirror, shown) == item);
      shown++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, shown);
  g_assert_cmpuint (f->mirror->len, ==, shown);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->model), shown));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = g_list_store_new (G_TYPE_OBJECT);
  f->model = tokens_filter_model_new (G_LIST_MODEL (f->store));
  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  f->divisor = 3;
  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_items_changed), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->model);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->mirror);
}

static void
fill (Fixture *f,
      guint    n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, new_item (i));
  g_list_store_splice (f->store, 0, g_list_model_get_n_items (G_LIST_MODEL (f->store)),
                       items->pdata, items->len);
}

/* Without a function everything passes, and changes go straight through. */
static void
test_passes_everything (Fixture       *f,
                        gconstpointer  data)
{
  fill (f, 10);
  check (f, FALSE);
  g_list_store_remove (f->store, 4);
  check (f, FALSE);
}

/* A search that keeps the same first and last rows says so: the signal
 * covers only what changed between them. */
static void
test_one_signal_for_the_difference (Fixture       *f,
                                    gconstpointer  data)
{
  fill (f, 100000);
  f->n_signals = 0;
  f->divisor = 1;
  tokens_filter_model_set_func (f->model, divisible, f);
  /* Everything passed before and after: nothing to say. */
  g_assert_cmpuint (f->n_signals, ==, 0);

  f->divisor = 2;
  f->n_signals = 0;
  tokens_filter_model_refilter (f->model, TRUE);
  g_assert_cmpuint (f->n_signals, ==, 1);
  check (f, TRUE);

  /* 0, 6, 12 … is a subset of 0, 2, 4 …: the first row stays, and what
   * follows goes in the one signal. */
  f->divisor = 6;
  f->n_signals = 0;
  tokens_filter_model_refilter (f->model, TRUE);
  g_assert_cmpuint (f->n_signals, ==, 1);
  check (f, TRUE);

  /* Less strict, a different set: still one signal (GTK 4.8's own filter
   * model sends two, putting every item back first). */
  f->divisor = 5;
  f->n_signals = 0;
  tokens_filter_model_refilter (f->model, FALSE);
  g_assert_cmpuint (f->n_signals, ==, 1);
  check (f, TRUE);

  f->n_signals = 0;
  tokens_filter_model_set_func (f->model, NULL, NULL);
  g_assert_cmpuint (f->n_signals, ==, 1);
  check (f, FALSE);
}

/* Random splices upstream and random changes of what passes, checked
 * against the obvious filter after each. */
static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  guint next_number = 0;
  gboolean filtering = FALSE;

  fill (f, 50);
  next_number = 50;

  for (guint round = 0; round < 3000; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: case 1: case 2:
          {
            guint position = g_rand_int_range (rand, 0, n + 1);
            guint removed = g_rand_int_range (rand, 0, MIN (n - position, 8) + 1);
            guint added = g_rand_int_range (rand, 0, 8);
            g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

            for (guint i = 0; i < added; i++)
              g_ptr_array_add (items, new_item (next_number++));
            g_list_store_splice (f->store, position, removed, items->pdata, items->len);
          }
          break;
        case 3:
          f->divisor = g_rand_int_range (rand, 1, 5);
          tokens_filter_model_set_func (f->model, divisible, f);
          filtering = TRUE;
          break;
        case 4:
          if (filtering)
            {
              /* Multiples of d*k are a subset of multiples of d. */
              f->divisor *= g_rand_int_range (rand, 1, 3);
              tokens_filter_model_refilter (f->model, TRUE);
            }
          break;
        case 5:
          if (g_rand_boolean (rand))
            {
              tokens_filter_model_set_func (f->model, NULL, NULL);
              filtering = FALSE;
            }
          else if (filtering)
            {
              f->divisor = g_rand_int_range (rand, 1, 5);
              tokens_filter_model_refilter (f->model, FALSE);
            }
          break;
        default:
          g_assert_not_reached ();
        }
      check (f, filtering);
    }
}

static void
test_set_model (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GListStore) other = g_list_store_new (G_TYPE_OBJECT);

  fill (f, 30);
  tokens_filter_model_set_func (f->model, divisible, f);
  check (f, TRUE);

  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(GObject) item = new_item (i);

      g_list_store_append (other, item);
    }
  tokens_filter_model_set_model (f->model, G_LIST_MODEL (other));
  g_assert_cmpuint (f->mirror->len, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 3);

  tokens_filter_model_set_model (f->model, NULL);
  g_assert_cmpuint (f->mirror->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/filter-model/passes-everything", Fixture, NULL, fixture_set_up,
              test_passes_everything, fixture_tear_down);
  g_test_add ("/filter-model/one-signal", Fixture, NULL, fixture_set_up,
              test_one_signal_for_the_difference, fixture_tear_down);
  g_test_add ("/filter-model/random", Fixture, NULL, fixture_set_up, test_random, fixture_tear_down);
  g_test_add ("/filter-model/set-model", Fixture, NULL, fixture_set_up, test_set_model, fixture_tear_down);

  return g_test_run ();
}
