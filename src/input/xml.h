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

/* Returns a new plan (free with gs_plan_free), or NULL when the file could
 * not be read or is invalid; every problem is added to d. */
gs_plan *gs_xml_load_plan(const char *path, gs_diags *d);

/* The schema text, NUL-terminated (embedded at build time). */
const char *gs_xml_plan_schema(void);

/* The compiled schema is cached for the life of the process (a run that
 * reads many plans compiles it once).  This frees it, e.g. before exit under
 * a leak checker; the next load compiles it again. */
void gs_xml_cleanup(void);

#endif
