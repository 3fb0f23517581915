/*
 * input.h - the one place that tells plan formats apart: a plan file is
 * read by the reader of its extension (.xlsx: the workbook reader, xlsx.h;
 * anything else: the XML reader, xml.h, which names a file that is not
 * XML).  Every command that takes a plan (render, validate, dump, diff,
 * batch, convert) comes through here, so they accept the same files.
 */
#ifndef GS_INPUT_H
#define GS_INPUT_H

#include <stddef.h>

#include "model/plan.h"
#include "util/diag.h"

/* A new plan, or NULL with every problem in d. */
gs_plan *gs_input_load_plan(const char *path, gs_diags *d);

/* The length of a plan file's extension (".xml" 4, ".xlsx" 5 in any case),
 * or 0 when the name is not a plan's: what batch looks for and what
 * render's default output name drops. */
size_t gs_input_plan_ext(const char *name);

#endif
