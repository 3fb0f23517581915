/*
 * value.h - the data a template reads: a small JSON-like tree.
 *
 * The layout engine knows nothing of plans.  bind.c turns a plan and its
 * computed totals into this tree once, and templates address it by path
 * ("years[0].soft.total", or "y.soft.total" inside a loop).  Keeping the
 * engine generic over this tree is what makes a new form revision a template
 * edit rather than C code.
 *
 * Each value keeps the input position of the datum it came from, so text
 * drawn from it can be traced back to the plan file.  A map or list owns its
 * children; gs_value_free frees a whole tree.  Absent optional data is an
 * explicit GS_V_NULL (prints as nothing), so a path that does not exist at
 * all is a template mistake and can be reported as one.
 */
#ifndef GS_VALUE_H
#define GS_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

typedef enum gs_vkind {
    GS_V_NULL,
    GS_V_BOOL,
    GS_V_INT,    /* amounts, counts, years */
    GS_V_FIXED2, /* a decimal held in hundredths (KPI figures) */
    GS_V_RATIO,  /* num/den, shown as a percentage */
    GS_V_STR,
    GS_V_LIST,
    GS_V_MAP,
} gs_vkind;

typedef struct gs_value gs_value;

struct gs_value {
    gs_vkind kind;
    gs_srcpos pos;
    union {
        bool b;
        int64_t i;                         /* INT, FIXED2 */
        struct { int64_t num, den; } ratio;
        char *s;
        struct { gs_value **v; size_t n, cap; } list;
        struct { char **keys; gs_value **v; size_t n, cap; } map;
    } u;
};

gs_value *gs_value_null(gs_srcpos pos);
gs_value *gs_value_bool(bool b, gs_srcpos pos);
gs_value *gs_value_int(int64_t i, gs_srcpos pos);
gs_value *gs_value_fixed2(int64_t hundredths, gs_srcpos pos);
gs_value *gs_value_ratio(int64_t num, int64_t den, gs_srcpos pos);
/* Copies s; s == NULL gives a NULL value. */
gs_value *gs_value_str(const char *s, gs_srcpos pos);
gs_value *gs_value_list(gs_srcpos pos);
gs_value *gs_value_map(gs_srcpos pos);
void gs_value_free(gs_value *v);

/* Adopt child (the container frees it); return child for chaining. */
gs_value *gs_list_push(gs_value *list, gs_value *child);
gs_value *gs_map_set(gs_value *map, const char *key, gs_value *child);

/* Lend the member / element; NULL when absent. */
const gs_value *gs_map_lookup(const gs_value *map, const char *key);
const gs_value *gs_list_lookup(const gs_value *list, size_t i);

/* Template paths ("a.b[2].c").  gs_value_path_head copies the first name
 * ("a") into name (cap bytes, cut if longer) and returns its length in
 * path; gs_value_walk follows the rest (".b[2].c") from v, NULL when a step
 * does not exist.  With any_index, [i] takes a list's first element
 * whatever i is: the shape of a list (see layout/check.c) has one. */
size_t gs_value_path_head(const char *path, char *name, size_t cap);

/* Names a template binds (<for each="y">, a footer's page numbers),
 * innermost first; each lends its value. */
typedef struct gs_scope {
    const char *name;
    const gs_value *v;
    const struct gs_scope *up;
} gs_scope;

/* What the first name of path stands for: the innermost scope of that name,
 * else root's member of that name; *rest gets the steps after it (for
 * gs_value_walk).  NULL when neither has it. */
const gs_value *gs_scope_head(const gs_scope *sc, const gs_value *root,
                              const char *path, const char **rest);
const gs_value *gs_value_walk(const gs_value *v, const char *steps,
                              bool any_index);

/* Truthiness for template conditions: NULL, false, 0, "" and empty lists
 * are false. */
bool gs_value_truthy(const gs_value *v);

#endif
