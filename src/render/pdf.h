/*
 * pdf.h - the PDF writer: draws a laid-out gs_doc with libharu.
 *
 * Fonts are embedded as subsets built from exactly the characters the
 * document draws (one subset per font per document), each with a ToUnicode
 * map of bfchar entries so that copied text is exactly the text drawn.  The
 * output is deterministic: no dates, no /ID, nothing from the clock or the
 * environment; the same doc gives the same bytes.
 *
 * Output goes to a gs_buf (the writer interface); putting bytes on disk
 * safely is util/atomic.h's job.
 */
#ifndef GS_PDF_H
#define GS_PDF_H

#include "layout/doc.h"
#include "util/buf.h"
#include "util/diag.h"

/* Reports, as E401/E402 with the input position of the text, every character
 * the doc draws that its font cannot show (absent from the font, or beyond
 * the Basic Multilingual Plane, which the fonts are not written for), once per
 * character and position.  Returns the number of such problems. */
size_t gs_pdf_check_glyphs(const gs_doc *doc, gs_diags *d);

/* Renders doc into out (appended).  producer goes into the document info
 * (e.g. "grantsheet 0.1.0").  Returns 0 on success; on failure returns -1
 * and adds an error diagnostic (glyph problems as above, E4xx otherwise).
 * Nothing is appended to out on failure. */
int gs_pdf_render(const gs_doc *doc, const char *producer, gs_buf *out,
                  gs_diags *d);

#endif
