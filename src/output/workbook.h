/*
 * workbook.h - writes a plan as the fill-in workbook (libxlsxwriter), the
 * writer of `grantsheet convert X.xml -o X.xlsx` and `grantsheet init
 * X.xlsx`.  The layout is fields.h's table, the one the workbook reader
 * reads, so what is written reads back to the same plan.
 *
 * The writer works on the plan's XML tree (as the XML reader validated it,
 * or as the workbook reader built it), not on the model: the tree holds
 * the plan as typed, which is what a planner edits.  Label cells are
 * locked, input cells open; drop-down lists, whole-number and date
 * validation guard the input cells.  The bytes are deterministic: the same
 * plan gives the same file.
 */
#ifndef GS_WORKBOOK_H
#define GS_WORKBOOK_H

#include "util/buf.h"
#include "util/diag.h"

typedef struct _xmlDoc xmlDoc;

/* The workbook of plan (NULL: the empty fill-in workbook) appended to out.
 * Returns 0, or -1 with a Japanese reason appended to err (a value in a
 * fiscal-year column outside the workbook's columns, a write failure). */
int gs_workbook_write(const xmlDoc *plan, gs_buf *out, gs_buf *err);

/* The plan as an XML plan file (the other direction of convert), or, with
 * plan NULL, the skeleton of `init X.xml`: every element of the format
 * with its label in a comment, to be filled in. */
void gs_workbook_xml(const xmlDoc *plan, gs_buf *out);

/* `convert IN -o OUT`: reads IN (.xml or .xlsx) with every input check,
 * and appends OUT's bytes in the format OUT's extension names.  A plan
 * that takes tables from CSV files (csv=) is refused (E114): write them
 * into the plan first.  Returns 0, or 1 with the problems in d. */
int gs_workbook_convert(const char *in, const char *out_name, gs_buf *bytes, gs_diags *d);

#endif
