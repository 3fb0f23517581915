/*
 * fuzz_pdf.c - libFuzzer harness: a PDF through the reader of `grantsheet
 * diff` and `dump` (gs_audit_extract: the GS_AUDIT_ATTACHMENT of a PDF,
 * found and inflated), then what was extracted through the TSV comparison
 * (gs_audit_diff), as `diff A.pdf B.pdf` does with it.
 *
 * PDFs for diff come from anyone, so any bytes must give an answer, in
 * bounded time and memory, without a crash or a leak.  The harness is kept
 * to the public calls of audit.h on purpose: the reader behind them may be
 * replaced (libqpdf) without touching this file or its corpus.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gs_buf tsv = GS_BUF_INIT, out = GS_BUF_INIT, why = GS_BUF_INIT;
    gs_audit_status st = gs_audit_extract((const char *)data, size, &tsv, &why);
    if (st == GS_AUDIT_OK) {
        /* a text compared with itself has no difference, unless it is not
         * a canonical TSV at all (-1) */
        long n = gs_audit_diff(tsv.data, tsv.len, tsv.data, tsv.len, &out);
        if (n > 0) {
            fprintf(stderr, "fuzz_pdf: a TSV differs from itself:\n%s\n",
                    out.data);
            abort();
        }
        gs_buf_clear(&out);
        static const char empty[] = GS_AUDIT_HEADER "\n";
        gs_audit_diff(empty, sizeof empty - 1, tsv.data, tsv.len, &out);
    }
    gs_buf_free(&out);
    gs_buf_free(&tsv);
    gs_buf_free(&why);
    return 0;
}
