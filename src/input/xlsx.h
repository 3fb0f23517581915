/*
 * xlsx.h - the workbook reader: a plan filled in Excel or LibreOffice
 * (the workbook `grantsheet init 計画.xlsx` writes) -> gs_plan.
 *
 * The cells are read into the XML tree of the plan format through the
 * layout table of fields.h and handed to the XML reader (xml.h
 * gs_xml_load_tree), so the schema, the notation parsers and every check
 * are the ones an XML plan goes through.  Diagnostics name the cell:
 * "計画.xlsx:KPI!E7: error[E105]: …".
 *
 * The file is hostile: at most GS_XLSX_MAX_BYTES, at most 1,000 ZIP
 * entries, each part read at most 8 MB uncompressed and 32 MB in all, with
 * a bound on the compression ratio (zip bombs), and only the parts a
 * workbook's values live in (workbook.xml, its relationships,
 * sharedStrings.xml and the plan's sheets) are opened; each is parsed with
 * no network, no DTD and no entities, as xml.c does.  E111 container, E112
 * sheets and labels, E113 a cell's value.
 */
#ifndef GS_XLSX_H
#define GS_XLSX_H

#include <stdbool.h>

#include "model/plan.h"
#include "util/diag.h"

#define GS_XLSX_MAX_BYTES (16u * 1024 * 1024)

/* A new plan, or NULL with every problem in d. */
gs_plan *gs_xlsx_load_plan(const char *path, gs_diags *d);

/* The plan's XML tree as read from the workbook (for `convert`), or NULL
 * with the problems in d; free with xmlFreeDoc.  The tree has not been
 * checked against the schema: gs_xlsx_load_plan does that. */
typedef struct _xmlDoc xmlDoc;
xmlDoc *gs_xlsx_read_tree(const char *path, gs_diags *d);

/* Whether a file name ends in .xlsx (any case): how every command tells a
 * workbook from an XML plan. */
bool gs_xlsx_is_name(const char *path);

#endif
