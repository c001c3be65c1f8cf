/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest nesting of arrays and objects any reader accepts. InfluxDB's
 * own answers nest five levels at most. */
#define TOKENS_API_MAX_DEPTH 256

/* What is wrong with a body as a whole, whatever its shape. */
typedef enum
{
  TOKENS_JSON_FAULT_EMPTY,
  TOKENS_JSON_FAULT_NOT_UTF8,
  TOKENS_JSON_FAULT_TOO_DEEP,
  TOKENS_JSON_FAULT_NOT_JSON,
  TOKENS_JSON_FAULT_NOT_OBJECT,
} TokensJsonFault;

/**
 * TokensJsonKind:
 * @TOKENS_JSON_TEXT: a string or null, kept as sent (`char *`)
 * @TOKENS_JSON_SECRET: as @TOKENS_JSON_TEXT, and wiped from memory when dropped
 * @TOKENS_JSON_NONEMPTY: a string or null; "" is kept as %NULL (`char *`)
 * @TOKENS_JSON_CHOICE: as @TOKENS_JSON_NONEMPTY, and then one of the field's choices
 * @TOKENS_JSON_TIMESTAMP: an ISO 8601 string, null or "" (#TokensJsonTimestamp)
 * @TOKENS_JSON_TIMESTAMP_UTC: as @TOKENS_JSON_TIMESTAMP, and one without an
 *   offset is UTC, not local time (InfluxDB 3 writes them so)
 * @TOKENS_JSON_WHOLE_NUMBER: a whole number from 0 up, or null: kept as its
 *   digits (`char *`), checked with the object; @error is the fault when it
 *   is anything else
 * @TOKENS_JSON_OBJECT: an object of the field's shape or null; its fields are
 *   read into the same record, and whether it was there is a `gboolean`
 * @TOKENS_JSON_LIST: an array of objects of the field's shape, or null: a
 *   #GPtrArray of what that shape builds, %NULL when there was none
 *
 * What a member must hold, and how it is kept in the record it is read into.
 */
typedef enum
{
  TOKENS_JSON_TEXT,
  TOKENS_JSON_SECRET,
  TOKENS_JSON_NONEMPTY,
  TOKENS_JSON_CHOICE,
  TOKENS_JSON_TIMESTAMP,
  TOKENS_JSON_TIMESTAMP_UTC,
  TOKENS_JSON_WHOLE_NUMBER,
  TOKENS_JSON_OBJECT,
  TOKENS_JSON_LIST,
} TokensJsonKind;

typedef struct
{
  char      *text;
  GDateTime *value;
} TokensJsonTimestamp;

typedef struct _TokensJsonShape TokensJsonShape;

/**
 * TokensJsonField:
 * @name: the member's name
 * @kind: what it must hold and how it is kept
 * @required: whether a missing, null or empty member makes the object invalid
 * @offset: where it is kept in the record
 * @error: (nullable): untranslated, marked with N_(): the fault when it is
 *   required and missing, or not an object (@TOKENS_JSON_OBJECT), not a list
 *   (@TOKENS_JSON_LIST) or none of @choices (@TOKENS_JSON_CHOICE). A member
 *   that should be a string and is not, or is not a date, has the generic words.
 * @choices: for @TOKENS_JSON_CHOICE, the values allowed, %NULL-terminated
 * @shape: for @TOKENS_JSON_OBJECT and @TOKENS_JSON_LIST, what is inside
 *
 * One member of a JSON shape. Members a shape does not name are skipped,
 * whatever they hold.
 */
typedef struct
{
  const char            *name;
  TokensJsonKind         kind;
  gboolean               required;
  gsize                  offset;
  const char            *error;
  const char * const    *choices;
  const TokensJsonShape *shape;
} TokensJsonField;

/**
 * TokensJsonShape:
 * @fields: its members; their faults are checked in this order
 * @n_fields: how many
 * @record_size: the size of the record the fields are read into
 * @not_object: (nullable): untranslated: the fault when an element of a list
 *   is not an object (unused for a @TOKENS_JSON_OBJECT's shape)
 * @build: makes the result from a record whose fields have all been
 *   checked, taking what it keeps (unused for a @TOKENS_JSON_OBJECT's shape)
 * @free_built: frees what @build made
 *
 * One kind of JSON object: a table of its members, read by the same rules
 * from a json-glib tree (tokens_json_reader_read_object()) and from the
 * streaming list reader (tokens-json-list-reader.c). Member types are checked
 * as the members are read; what must be there, and the values of choices and
 * timestamps, once the whole object has been read.
 */
struct _TokensJsonShape
{
  const TokensJsonField *fields;
  guint                  n_fields;
  gsize                  record_size;
  const char            *not_object;
  gpointer             (*build)      (gpointer record);
  GDestroyNotify         free_built;
};

gboolean               tokens_api_json_depth_is_within     (const char             *data,
                                                            gsize                   len,
                                                            guint                   max_depth);

const char            *tokens_json_fault_describe          (TokensJsonFault         fault);
void                   tokens_json_set_invalid             (GError                **error,
                                                            const char             *detail);

/* Where the faults found while one element of a list is read are said to
 * be: "row 3 of the token list: …". Per thread; see tokens-json-reader.c. */
typedef struct
{
  const char *format; /* translated; %u the element's number from 1, %s the fault */
  guint n;
} TokensJsonPlace;

void                   tokens_json_set_place               (TokensJsonPlace        *place);
void                   tokens_json_set_not_a_string        (GError                **error,
                                                            const char             *member);
gboolean               tokens_json_check_body              (GBytes                 *body,
                                                            const char            **data,
                                                            gsize                  *len,
                                                            GError                **error);
JsonNode              *tokens_json_parse_object            (GBytes                 *body,
                                                            GError                **error);
gboolean               tokens_json_get_string              (JsonObject             *object,
                                                            const char             *member,
                                                            const char            **out,
                                                            GError                **error);
gpointer               tokens_json_reader_read_object      (const TokensJsonShape  *shape,
                                                            JsonNode               *node,
                                                            GError                **error);

/* The rules every source of members shares. */
const TokensJsonField *tokens_json_shape_find_field        (const TokensJsonShape  *shape,
                                                            const char             *name);
void                   tokens_json_field_take_string       (const TokensJsonField  *field,
                                                            gpointer                record,
                                                            char                   *value);
void                   tokens_json_field_set_present       (const TokensJsonField  *field,
                                                            gpointer                record);
GPtrArray             *tokens_json_field_begin_list        (const TokensJsonField  *field,
                                                            gpointer                record);
gboolean               tokens_json_shape_check             (const TokensJsonShape  *shape,
                                                            gpointer                record,
                                                            GError                **error);
void                   tokens_json_shape_clear             (const TokensJsonShape  *shape,
                                                            gpointer                record);

G_END_DECLS
