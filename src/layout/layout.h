/*
 * layout.h - the layout engine: templates + data -> positioned pages.
 *
 * Works in two passes per sheet, MuPDF style: first every block is expanded
 * from the template and measured (text wrapped with Japanese line breaking,
 * row heights grown to fit), then blocks are placed onto pages and drawn
 * into the display list.  Placement keeps headings with what follows,
 * repeats a table's header rows on every page it continues to, keeps row
 * groups joined by merged cells together, and only splits a row across pages
 * when it is taller than a whole page.
 *
 * Each template is one sheet and starts on a new page with a bookmark of its
 * title; a <section> with a title adds a bookmark beneath it.  Footers are
 * drawn last, when the page count is known.  A document with page
 * references (<pageref>) is laid out until the pages it prints agree with
 * where its sections begin (see gs_layout_run); one without, once.
 */
#ifndef GS_LAYOUT_H
#define GS_LAYOUT_H

#include <stddef.h>

#include "layout/doc.h"
#include "layout/linebreak.h"
#include "layout/template.h"
#include "layout/value.h"
#include "util/buf.h"
#include "util/diag.h"

/* Lays out the sheets in order against data.  Returns a new doc (free with
 * gs_doc_free), or NULL when a template does not fit the data (E30x
 * reported against the template line; E304 for a page reference to no
 * section, two sections of one key, or pages that do not settle). */
gs_doc *gs_layout_run(gs_template *const *sheets, size_t nsheets,
                      const gs_value *data, gs_breaker *br, gs_diags *d);

/* Formats v as "{path|name}" shows it, appending to out: 1 done, 0 v is of
 * a kind the format cannot show, -1 no such format ("" is plain). */
int gs_layout_format(const char *name, const gs_value *v, gs_buf *out);

#endif
