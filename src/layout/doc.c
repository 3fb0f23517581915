/*
 * doc.c - building the display list.  Plain bookkeeping; the interesting
 * decisions happen in layout.c (where things go) and render/ (how they are
 * written).
 */
#include "layout/doc.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

gs_doc *gs_doc_new(double width, double height)
{
    gs_doc *d = gs_xcalloc(1, sizeof *d);
    d->width = width;
    d->height = height;
    return d;
}

void gs_doc_free(gs_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->npages; i++) {
        for (size_t j = 0; j < d->pages[i].nops; j++)
            free(d->pages[i].ops[j].text);
        free(d->pages[i].ops);
    }
    free(d->pages);
    for (size_t i = 0; i < d->nmarks; i++)
        free(d->marks[i].title);
    free(d->marks);
    for (size_t i = 0; i < d->nfigs; i++) {
        gs_figure *f = &d->figs[i];
        free(f->sheet);
        free(f->section);
        free(f->row);
        free(f->column);
        free(f->value);
    }
    free(d->figs);
    free(d->fonts);
    free(d->title);
    free(d);
}

size_t gs_doc_add_font(gs_doc *d, gs_font *f)
{
    for (size_t i = 0; i < d->nfonts; i++)
        if (d->fonts[i] == f)
            return i;
    d->fonts = gs_xrealloc(d->fonts, (d->nfonts + 1) * sizeof *d->fonts);
    d->fonts[d->nfonts] = f;
    return d->nfonts++;
}

void gs_doc_add_figure(gs_doc *d, const char *sheet, const char *section,
                       const char *row, const char *column, const char *value)
{
    GS_GROW(d->figs, d->fcap, d->nfigs + 1);
    gs_figure *f = &d->figs[d->nfigs++];
    f->sheet = gs_xstrdup(sheet ? sheet : "");
    f->section = gs_xstrdup(section ? section : "");
    f->row = gs_xstrdup(row ? row : "");
    f->column = gs_xstrdup(column ? column : "");
    f->value = gs_xstrdup(value ? value : "");
}

gs_page *gs_doc_new_page(gs_doc *d)
{
    GS_GROW(d->pages, d->pcap, d->npages + 1);
    gs_page *p = &d->pages[d->npages++];
    memset(p, 0, sizeof *p);
    p->width = d->width;
    p->height = d->height;
    return p;
}

void gs_doc_add_bookmark(gs_doc *d, const char *title, size_t page, double y,
                         int level)
{
    GS_GROW(d->marks, d->mcap, d->nmarks + 1);
    d->marks[d->nmarks].title = gs_xstrdup(title);
    d->marks[d->nmarks].page = page;
    d->marks[d->nmarks].y = y;
    d->marks[d->nmarks].level = level < 0 ? 0 : level;
    d->nmarks++;
}

static gs_op *add_op(gs_page *p, gs_op_kind kind)
{
    GS_GROW(p->ops, p->cap, p->nops + 1);
    gs_op *op = &p->ops[p->nops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

void gs_page_text(gs_page *p, double x, double y, size_t font, double size,
                  const char *text, size_t len, gs_srcpos pos)
{
    gs_op *op = add_op(p, GS_OP_TEXT);
    op->x = x;
    op->y = y;
    op->font = font;
    op->size = size;
    op->text = gs_xstrndup(text, len);
    op->pos = pos;
}

void gs_page_line(gs_page *p, double x1, double y1, double x2, double y2,
                  double width, double gray)
{
    gs_op *op = add_op(p, GS_OP_LINE);
    op->x = x1;
    op->y = y1;
    op->x2 = x2;
    op->y2 = y2;
    op->w = width;
    op->gray = gray;
}

void gs_page_fill(gs_page *p, double x, double y, double w, double h,
                  double gray)
{
    gs_op *op = add_op(p, GS_OP_FILL);
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
    op->gray = gray;
}
