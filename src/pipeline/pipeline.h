/*
 * pipeline.h - the stages wired together: plan file -> checked PDF bytes.
 *
 *   input (XML -> gs_plan) -> totals -> validate -> bind -> layout -> render
 *
 * A gs_pipeline holds what a process loads once and reuses for every plan:
 * the data folder, the fonts, the parsed templates and the line breaker.
 * Each stage adds its problems to the caller's gs_diags; a later stage runs
 * only when the earlier ones found no error, so a broken total never reaches
 * the renderer.  Nothing here prints or touches the output path: the cli
 * decides what to show and writes files atomically.
 */
#ifndef GS_PIPELINE_H
#define GS_PIPELINE_H

#include "util/buf.h"
#include "util/diag.h"

typedef struct gs_pipeline gs_pipeline;

/* The folder holding fonts/ and templates/: $GRANTSHEET_DATADIR, else next
 * to the executable (an installed share/grantsheet, or the source tree the
 * binary was built in), else the compiled-in GS_DATADIR.  Returns a new
 * string, or NULL when none of them holds the templates. */
char *gs_pipeline_find_datadir(void);

/* Loads fonts and the sheets named in DATADIR/templates/document.txt
 * (or only the template called sheet, when sheet is not NULL).  NULL on
 * failure, with the reasons in d. */
gs_pipeline *gs_pipeline_new(const char *datadir, const char *sheet,
                             gs_diags *d);
void gs_pipeline_free(gs_pipeline *pl);

/* Names the file the caller will write the PDF to, so that a run whose
 * output is one of the plan's own inputs (the plan, a CSV) is refused with
 * E405 instead of destroying it.  NULL forgets it. */
void gs_pipeline_set_output(gs_pipeline *pl, const char *path);

/* Reads and checks the plan, lays it out and checks every character against
 * the fonts.  With pdf == NULL stops there (validate); otherwise appends the
 * PDF to pdf.  Returns 0 when the plan rendered (or would render), 1 when
 * the plan has errors, 3 when the templates or fonts failed. */
int gs_pipeline_run(gs_pipeline *pl, const char *plan_path, gs_buf *pdf,
                    gs_diags *d);

/* Like gs_pipeline_run, but appends the plan's canonical figures (the TSV
 * of audit/audit.h, the same the PDF carries) to tsv instead of a PDF.
 * Nothing is appended unless 0 is returned. */
int gs_pipeline_dump(gs_pipeline *pl, const char *plan_path, gs_buf *tsv,
                     gs_diags *d);

#endif
