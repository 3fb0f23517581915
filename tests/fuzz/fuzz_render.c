/*
 * fuzz_render.c - libFuzzer harness: a plan through the whole pipeline into
 * a PDF in memory (gs_pipeline_run: read, totals, validate, bind, layout,
 * glyph check, libharu), as `grantsheet render` runs it minus the file.
 *
 * The pipeline (fonts, templates, line breaker) is loaded once from the
 * checkout, as batch loads it once for many plans; each run writes the
 * input as plan.xml next to a copy of samples/csv; mutations keep it XML
 * (mutate.c, linked in by the Makefile).  Beyond "no crash, no
 * leak, no timeout", a plan that renders must give a PDF that carries its
 * figures: the attachment is read back with gs_audit_extract.  A refused
 * plan must say why (a diagnostic; checked in fuzz.c and here), and must be
 * refused as a plan (1), never as grantsheet's own set-up error (3): the
 * templates and fonts are known good here, so a 3 means validate let
 * through a plan the layout or libharu cannot draw.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "fuzz.h"
#include "input/xml.h"
#include "pipeline/pipeline.h"
#include "util/buf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gs_pipeline *pl;

static void done(void)
{
    gs_pipeline_free(pl);
    gs_xml_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gs_diags d = GS_DIAGS_INIT;
    pl = gs_pipeline_new(gs_fuzz_root(), NULL, &d);
    if (!pl) {
        for (size_t i = 0; i < d.n; i++) {
            gs_buf b = GS_BUF_INIT;
            gs_diag_format(&d.v[i], &b);
            fprintf(stderr, "%s\n", b.data);
            gs_buf_free(&b);
        }
        fprintf(stderr, "fuzz_render: cannot load the templates and fonts "
                        "of %s (set GRANTSHEET_DATADIR)\n", gs_fuzz_root());
        abort();
    }
    gs_diags_free(&d);
    atexit(done);
    gs_fuzz_copy_tree("samples/csv", "csv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = gs_fuzz_write("plan.xml", data, size);
    gs_diags d = GS_DIAGS_INIT;
    gs_buf pdf = GS_BUF_INIT, tsv = GS_BUF_INIT;
    int rc = gs_pipeline_run(pl, path, &pdf, &d);
    if (rc != 0 && !gs_diags_has_errors(&d)) {
        fprintf(stderr, "fuzz_render: refused (%d) without an error\n", rc);
        abort();
    }
    if (rc == 3) {
        /* 3 means grantsheet's own files are broken, and they loaded: a
         * plan that makes layout or libharu fail got past validate, which
         * must refuse it with the field's line instead (exit 1) */
        for (size_t i = 0; i < d.n; i++) {
            gs_buf b = GS_BUF_INIT;
            gs_diag_format(&d.v[i], &b);
            fprintf(stderr, "%s\n", b.data);
            gs_buf_free(&b);
        }
        fprintf(stderr, "fuzz_render: a plan failed as a set-up error (3)\n");
        abort();
    }
    if (rc == 0) {
        gs_buf why = GS_BUF_INIT;
        gs_audit_status st = gs_audit_extract(pdf.data, pdf.len, &tsv, &why);
        gs_buf_free(&why);
        if (st != GS_AUDIT_OK || strncmp(tsv.data, GS_AUDIT_HEADER "\n",
                                         strlen(GS_AUDIT_HEADER "\n")) != 0) {
            fprintf(stderr, "fuzz_render: the PDF does not carry its "
                            "figures (%d)\n", (int)st);
            abort();
        }
    }
    gs_buf_free(&tsv);
    gs_buf_free(&pdf);
    gs_fuzz_diags_done(&d, true);
    return 0;
}
