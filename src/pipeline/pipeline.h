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

#include <stdbool.h>

#include "model/plan.h"
#include "util/buf.h"
#include "util/diag.h"
#include "validate/validate.h"

typedef struct gs_pipeline gs_pipeline;

/* The folder holding fonts/ and templates/: $GRANTSHEET_DATADIR, else next
 * to the executable (an installed share/grantsheet, or the source tree the
 * binary was built in), else the compiled-in GS_DATADIR.  Returns a new
 * string, or NULL when none of them holds the templates. */
char *gs_pipeline_find_datadir(void);

/* The document a run makes unless told otherwise. */
#define GS_DOCUMENT_DEFAULT "実施計画"

/* Loads fonts and the documents: every DATADIR/templates/doc-ID.txt is one
 * document, a "name NAME" line followed by its sheets (one template file
 * per line), so a new document is templates and a list, no code.  With
 * sheet not NULL, only that template, as a document of its own.  Every
 * template is checked in full.  NULL on failure, with the reasons in d. */
gs_pipeline *gs_pipeline_new(const char *datadir, const char *sheet,
                             gs_diags *d);
void gs_pipeline_free(gs_pipeline *pl);

/* The documents, GS_DOCUMENT_DEFAULT first, then in the bytewise order of
 * their list files. */
size_t gs_pipeline_ndocuments(const gs_pipeline *pl);
const char *gs_pipeline_document_name(const gs_pipeline *pl, size_t i);
/* The index of the document called name (地域再生計画) or listed in
 * doc-name.txt (saisei); -1 when there is none. */
long gs_pipeline_find_document(const gs_pipeline *pl, const char *name);
/* The document gs_pipeline_run and gs_pipeline_dump make (0, the default,
 * until set). */
void gs_pipeline_set_document(gs_pipeline *pl, size_t i);

/* Names the file the caller will write the PDF to, so that a run whose
 * output is one of the plan's own inputs (the plan, a CSV) is refused with
 * E405 instead of destroying it.  NULL forgets it (and every added one). */
void gs_pipeline_set_output(gs_pipeline *pl, const char *path);
/* One more such file, for a run that writes several documents. */
void gs_pipeline_add_output(gs_pipeline *pl, const char *path);

/* Reads and checks the plan, lays out the current document and checks
 * every character against the fonts.  With pdf == NULL stops there
 * (validate); otherwise appends the PDF to pdf.  Returns 0 when the plan
 * rendered (or would render), 1 when the plan has errors, 3 when the
 * templates or fonts failed. */
int gs_pipeline_run(gs_pipeline *pl, const char *plan_path, gs_buf *pdf,
                    gs_diags *d);

/* gs_pipeline_run for the documents docs[0..n) (indices as above) of one
 * plan: the plan is read and checked once, so its problems are reported
 * once, and each document is laid out and checked; pdfs (NULL: validate)
 * is an array of n buffers, pdfs[i] getting document docs[i]'s PDF, all of
 * them or, on failure, none. */
int gs_pipeline_run_documents(gs_pipeline *pl, const char *plan_path,
                              const size_t *docs, size_t n, gs_buf *pdfs,
                              gs_diags *d);

/* Like gs_pipeline_run, but appends the plan's canonical figures (the TSV
 * of audit/audit.h, the same the PDF carries) to tsv instead of a PDF.
 * Nothing is appended unless 0 is returned. */
int gs_pipeline_dump(gs_pipeline *pl, const char *plan_path, gs_buf *tsv,
                     gs_diags *d);
/* The same for several documents: one TSV over all their figures. */
int gs_pipeline_dump_documents(gs_pipeline *pl, const char *plan_path,
                               const size_t *docs, size_t n, gs_buf *tsv,
                               gs_diags *d);

/* The 活用状況 report (`grantsheet report`): plans[0..n) of one
 * government, each read, checked and, with as_of not NULL, given that
 * report date instead of its own; then the national cap across all of
 * them (E254, validate.h); then the document 活用状況 laid out once with
 * projects[] holding every plan in order of its first fiscal year (a tie:
 * the order given), the rest of the data being the first such plan's.
 * Appends the PDF to pdf.  Returns as gs_pipeline_run; 3 also when there
 * is no document 活用状況. */
int gs_pipeline_report(gs_pipeline *pl, const char *const *plans, size_t n,
                       const gs_date *as_of, gs_buf *pdf, gs_diags *d);

/* From now on, each run of a plan that checks clean (no errors) fills
 * *out with its part in the national cap (validate.h), replacing what was
 * there; NULL stops it.  Batch keeps it in the plan's state record, so the
 * cap across plans is checked without reading skipped plans again. */
void gs_pipeline_set_cap_share(gs_pipeline *pl, gs_cap_share *out);

/* A plan's part in the national cap read from the file alone (no
 * templates): false, with nothing in *out, when it cannot be read without
 * an error (its own run reports those). */
bool gs_pipeline_cap_share(const char *plan_path, gs_cap_share *out);

#endif
