/*
 * diag.c - the diagnostic list.  Kept deliberately dumb: it stores and
 * formats; deciding what is wrong is the business of the stages.
 */
#include "util/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gs_diag *gs_diags_add(gs_diags *d, gs_severity sev, const char *code,
                      gs_srcpos pos, const char *fmt, ...)
{
    GS_GROW(d->v, d->cap, d->n + 1);
    gs_diag *g = &d->v[d->n++];
    memset(g, 0, sizeof *g);
    g->severity = sev;
    snprintf(g->code, sizeof g->code, "%s", code);
    g->file = pos.file ? gs_xstrdup(pos.file) : NULL;
    g->line = pos.line;
    g->col = pos.col;
    gs_buf b = GS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    g->message = gs_buf_detach(&b);
    if (sev == GS_ERROR)
        d->errors++;
    else
        d->warnings++;
    return g;
}

static void set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = s ? gs_xstrdup(s) : NULL;
}

void gs_diag_set_where(gs_diag *g, const char *sheet, const char *row, int fy)
{
    set_str(&g->sheet, sheet);
    set_str(&g->row, row);
    g->fy = fy;
}

void gs_diag_set_figures(gs_diag *g, const char *stated, const char *computed)
{
    set_str(&g->stated, stated);
    set_str(&g->computed, computed);
}

void gs_diags_move(gs_diags *dst, gs_diags *src)
{
    GS_GROW(dst->v, dst->cap, dst->n + src->n);
    if (src->n)
        memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
    dst->n += src->n;
    dst->errors += src->errors;
    dst->warnings += src->warnings;
    free(src->v);
    memset(src, 0, sizeof *src);
}

/* A workbook place "BOOK:SHEET!K14" (diag.h): the length up to the '!'
 * and the cell's row and column; false for any other file name. */
static bool cell_place(const char *f, size_t *prefix, long *row, long *col)
{
    const char *bang = f ? strrchr(f, '!') : NULL;
    if (!bang)
        return false;
    const char *p = bang + 1;
    long c = 0, r = 0;
    while (*p >= 'A' && *p <= 'Z' && c < 100000)
        c = c * 26 + (*p++ - 'A' + 1);
    if (!c || !(*p >= '0' && *p <= '9'))
        return false;
    while (*p >= '0' && *p <= '9' && r < 100000000)
        r = r * 10 + (*p++ - '0');
    *prefix = (size_t)(bang - f);
    *row = r;
    *col = c;
    return *p == '\0';
}

static int cmp_pos(const gs_diag *a, const gs_diag *b)
{
    size_t pa, pb;
    long ra, ca, rb, cb;
    /* cells of one sheet read top to bottom, then left to right */
    if (cell_place(a->file, &pa, &ra, &ca) && cell_place(b->file, &pb, &rb, &cb) &&
        pa == pb && strncmp(a->file, b->file, pa) == 0 && (ra != rb || ca != cb))
        return ra != rb ? (ra < rb ? -1 : 1) : (ca < cb ? -1 : 1);
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

static bool same(const gs_diag *a, const gs_diag *b)
{
    return cmp_pos(a, b) == 0 && a->severity == b->severity &&
           strcmp(a->code, b->code) == 0 && strcmp(a->message, b->message) == 0;
}

static void diag_clear(gs_diag *g)
{
    free(g->file);
    free(g->sheet);
    free(g->row);
    free(g->stated);
    free(g->computed);
    free(g->message);
}

void gs_diags_sort(gs_diags *d)
{
    /* Insertion sort: stable, and runs are short (tens of records). */
    for (size_t i = 1; i < d->n; i++) {
        gs_diag key = d->v[i];
        size_t j = i;
        while (j > 0 && cmp_pos(&d->v[j - 1], &key) > 0) {
            d->v[j] = d->v[j - 1];
            j--;
        }
        d->v[j] = key;
    }
    /* A template mistake inside a loop fires once per iteration; say it once. */
    size_t out = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (out > 0 && same(&d->v[out - 1], &d->v[i])) {
            if (d->v[i].severity == GS_ERROR)
                d->errors--;
            else
                d->warnings--;
            diag_clear(&d->v[i]);
            continue;
        }
        d->v[out++] = d->v[i];
    }
    d->n = out;
}

bool gs_diags_has_errors(const gs_diags *d)
{
    return d->errors > 0;
}

void gs_diags_free(gs_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        diag_clear(&d->v[i]);
    free(d->v);
    memset(d, 0, sizeof *d);
}

void gs_diag_format(const gs_diag *g, gs_buf *out)
{
    if (g->file) {
        gs_buf_puts(out, g->file);
        if (g->line > 0)
            gs_buf_printf(out, ":%d", g->line);
        if (g->col > 0)
            gs_buf_printf(out, ":%d", g->col);
        gs_buf_puts(out, ": ");
    } else {
        gs_buf_puts(out, "grantsheet: ");
    }
    gs_buf_printf(out, "%s[%s]: %s",
                  g->severity == GS_ERROR ? "error" : "warning", g->code,
                  g->message);
}

static void json_str(gs_buf *out, const char *s)
{
    if (!s) {
        gs_buf_puts(out, "null");
        return;
    }
    gs_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            gs_buf_puts(out, "\\\"");
            break;
        case '\\':
            gs_buf_puts(out, "\\\\");
            break;
        case '\n':
            gs_buf_puts(out, "\\n");
            break;
        case '\t':
            gs_buf_puts(out, "\\t");
            break;
        case '\r':
            gs_buf_puts(out, "\\r");
            break;
        default:
            if (*p < 0x20)
                gs_buf_printf(out, "\\u%04x", *p);
            else
                gs_buf_putc(out, (char)*p); /* UTF-8 passes through */
        }
    }
    gs_buf_putc(out, '"');
}

static void json_int(gs_buf *out, int v)
{
    if (v > 0)
        gs_buf_printf(out, "%d", v);
    else
        gs_buf_puts(out, "null");
}

void gs_diags_to_json(const gs_diags *d, gs_buf *out)
{
    gs_buf_puts(out, "[");
    for (size_t i = 0; i < d->n; i++) {
        const gs_diag *g = &d->v[i];
        gs_buf_puts(out, i ? ",\n  {" : "\n  {");
        gs_buf_puts(out, "\"code\": ");
        json_str(out, g->code);
        gs_buf_puts(out, ", \"severity\": ");
        json_str(out, g->severity == GS_ERROR ? "error" : "warning");
        gs_buf_puts(out, ", \"file\": ");
        json_str(out, g->file);
        gs_buf_puts(out, ", \"line\": ");
        json_int(out, g->line);
        gs_buf_puts(out, ", \"column\": ");
        json_int(out, g->col);
        gs_buf_puts(out, ", \"sheet\": ");
        json_str(out, g->sheet);
        gs_buf_puts(out, ", \"row\": ");
        json_str(out, g->row);
        gs_buf_puts(out, ", \"year\": ");
        json_int(out, g->fy);
        gs_buf_puts(out, ", \"stated\": ");
        json_str(out, g->stated);
        gs_buf_puts(out, ", \"computed\": ");
        json_str(out, g->computed);
        gs_buf_puts(out, ", \"message\": ");
        json_str(out, g->message);
        gs_buf_puts(out, "}");
    }
    gs_buf_puts(out, d->n ? "\n]\n" : "]\n");
}
