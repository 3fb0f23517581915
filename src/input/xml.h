/*
 * xml.h - the XML plan reader: plan file -> gs_plan.
 *
 * The file is treated as hostile: it is size-checked before parsing, parsed
 * with no network access, no DTD loading, no entity expansion, then validated
 * against the embedded RELAX NG schema (plan.rng) before a single value is
 * read.  Problems are reported with file and line (E1xx) and the whole file
 * is checked, not just up to the first problem.  Tables the plan takes from
 * CSV files (csv attribute, relative to the plan's folder) are then read
 * with the loaders of csv.h.
 */
#ifndef GS_XML_H
#define GS_XML_H

#include "model/plan.h"
#include "util/diag.h"

#define GS_XML_MAX_BYTES (8u * 1024 * 1024) /* a plan is a few tens of KB */

typedef struct _xmlDoc xmlDoc;

/* Returns a new plan (free with gs_plan_free), or NULL when the file could
 * not be read or is invalid; every problem is added to d. */
gs_plan *gs_xml_load_plan(const char *path, gs_diags *d);

/* Reads a plan already built as a tree in the plan namespace, by another
 * reader (the workbook reader, xlsx.h): the same size, schema and value
 * gates as a file, so a value reads the same whichever way it came in.
 * An element whose _private holds i (1-based) came from places[i-1], the
 * name of a place such as "計画.xlsx:KPI!E7"; the plan keeps copies and
 * every position points at them.  doc stays the caller's. */
gs_plan *gs_xml_load_tree(const char *path, xmlDoc *doc,
                          const char *const *places, size_t nplaces,
                          gs_diags *d);

/* gs_xml_load_plan that also hands over the validated tree (for the
 * writers of `convert`, which write the plan as typed); *tree is set only
 * when a plan is returned, and the caller frees it with xmlFreeDoc. */
gs_plan *gs_xml_load_plan_tree(const char *path, gs_diags *d, xmlDoc **tree);

/* Trims each line of its leading and trailing XML blanks and joins the
 * non-empty lines with "\n" (U+3000 is kept): the text as the reader keeps
 * it, for writers that show a text outside XML.  Returns a new string. */
char *gs_xml_normalise(const char *s);

/* The schema text, NUL-terminated (embedded at build time). */
const char *gs_xml_plan_schema(void);

/* The compiled schema is cached for the life of the process (a run that
 * reads many plans compiles it once).  This frees it, e.g. before exit under
 * a leak checker; the next load compiles it again. */
void gs_xml_cleanup(void);

#endif
