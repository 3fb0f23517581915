/*
 * layout.c - expand templates against data, measure, place, draw.
 *
 * Vocabulary.  A *block* is a paragraph, a table, a page break or a vertical
 * space, expanded from the template body.  A table has *rows* of *cells*;
 * a cell holds rich text (UTF-8 plus marks saying which input position each
 * byte range came from).  A *unit* is the smallest run of rows that must stay
 * on one page: rows joined by a rowspan, or by keep-with-next.
 *
 * Invariants.  After measure(), every cell's text is wrapped to its final
 * width and every row has its final height, so placement is pure arithmetic
 * on heights.  Coordinates are points from the page's top-left corner.
 * Drawing never decides anything: it emits what placement chose.
 */
#include "layout/layout.h"

#include <libxml/tree.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/num.h"

#define EPS 0.01
#define RULE_WIDTH 0.5
#define MIN_ROWS 2      /* rows a table keeps on each page it spans */

/* ---- rich text ---------------------------------------------------------- */

typedef struct mark {
    size_t off;
    gs_srcpos pos;
} mark;

/* A grid of boxed items inside a cell (<boxes cols="2"><box>…</box></boxes>):
 * each box's text is a stretch of the cell's text, so it is drawn with its
 * source marks and extracted like any other text, but it is laid out in a
 * bordered box rather than wrapped on the cell's lines. */
typedef struct box_span {
    size_t off, len;
} box_span;

typedef struct grid {
    size_t off, end;    /* the stretch of text the grid's boxes hold */
    int cols;
    box_span *items;
    size_t n, cap;
} grid;

typedef struct rich {
    gs_buf text;
    mark *marks;
    size_t nmarks, mcap;
    grid *grids;        /* in text order */
    size_t ngrids, gcap;
    bool data;          /* a datum shows here: a non-null "{…}", or text an
                           <if> on the data chose */
    bool slot;          /* some datum could show here (it may be null) */
    char *expr;         /* the first datum's path, e.g. "e.amount" (owned) */
} rich;

static void rich_mark(rich *r, gs_srcpos pos)
{
    if (r->nmarks) {
        mark *last = &r->marks[r->nmarks - 1];
        if (last->pos.file == pos.file && last->pos.line == pos.line)
            return;
        if (last->off == r->text.len) {
            last->pos = pos;
            return;
        }
    }
    GS_GROW(r->marks, r->mcap, r->nmarks + 1);
    r->marks[r->nmarks].off = r->text.len;
    r->marks[r->nmarks].pos = pos;
    r->nmarks++;
}

/* Appends s as text from pos; tabs become spaces, CR is dropped. */
static void rich_append(rich *r, const char *s, size_t n, gs_srcpos pos)
{
    rich_mark(r, pos);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\t')
            c = ' ';
        if (c == '\r')
            continue;
        gs_buf_putc(&r->text, c);
    }
}

static void rich_free(rich *r)
{
    gs_buf_free(&r->text);
    free(r->marks);
    free(r->expr);
    for (size_t i = 0; i < r->ngrids; i++)
        free(r->grids[i].items);
    free(r->grids);
}

static void rich_copy(rich *dst, const rich *src)
{
    memset(dst, 0, sizeof *dst);
    gs_buf_append(&dst->text, src->text.data ? src->text.data : "", src->text.len);
    for (size_t i = 0; i < src->nmarks; i++) {
        GS_GROW(dst->marks, dst->mcap, dst->nmarks + 1);
        dst->marks[dst->nmarks++] = src->marks[i];
    }
    dst->data = src->data;
    dst->slot = src->slot;
    dst->expr = src->expr ? gs_xstrdup(src->expr) : NULL;
    for (size_t i = 0; i < src->ngrids; i++) {
        GS_GROW(dst->grids, dst->gcap, dst->ngrids + 1);
        grid *g = &dst->grids[dst->ngrids++];
        *g = src->grids[i];
        g->items = gs_xcalloc(g->n ? g->n : 1, sizeof *g->items);
        g->cap = g->n;
        memcpy(g->items, src->grids[i].items, g->n * sizeof *g->items);
    }
}

/* dst = src from byte off on, with the marks that say where it came from.
 * Grids are not kept: the texts of their boxes go on as lines. */
static void rich_tail(rich *dst, const rich *src, size_t off)
{
    memset(dst, 0, sizeof *dst);
    if (off > src->text.len)
        off = src->text.len;
    gs_buf_append(&dst->text, src->text.data ? src->text.data + off : "", src->text.len - off);
    for (size_t i = 0; i < src->nmarks; i++) {
        bool last_before = i + 1 == src->nmarks || src->marks[i + 1].off > off;
        if (src->marks[i].off < off && !last_before)
            continue;
        GS_GROW(dst->marks, dst->mcap, dst->nmarks + 1);
        dst->marks[dst->nmarks].off = src->marks[i].off > off ? src->marks[i].off - off : 0;
        dst->marks[dst->nmarks++].pos = src->marks[i].pos;
    }
    dst->data = src->data;
    dst->slot = src->slot;
}

/* Drops trailing newlines (a <br/> at the end of a loop body). */
static void rich_trim(rich *r)
{
    while (r->text.len && r->text.data[r->text.len - 1] == '\n')
        r->text.data[--r->text.len] = '\0';
}

/* ---- expanded document -------------------------------------------------- */

typedef struct cell {
    rich r;
    gs_style st;
    gs_srcpos pos;      /* the template's <cell> */
    int colspan, rowspan;
    size_t col;
    double w;           /* outer width */
    gs_span *lines;
    size_t nlines;
    size_t shown;       /* lines drawn where the cell stands: nlines, or
                           fewer in a one-page table (the rest continues) */
    double shrink;      /* shrink="6": smallest font size to fit, 0 = never */
    double size0;       /* the font size before shrinking */
    /* with grids: per line, 0 text, k > 0 the first line of box row k - 1
     * (which takes the next brows[k - 1].slots lines), -1 the others */
    int *lk;
    struct box_row *brows;
    size_t nbrows;
} cell;

/* One row of a grid as wrapped: its boxes are items [first, first + n) of
 * grid g, drawn over `slots` of the cell's lines. */
typedef struct box_row {
    size_t g, first, n, slots;
} box_row;

typedef struct row {
    cell *cells;
    size_t n, cap;
    gs_srcpos pos;
    double min_h, h;
    bool keep_next;
} row;

/* B_ANCHOR: where a <section> begins; it takes no room, and the section
 * begins where the next block that draws is placed. */
typedef enum bkind { B_PARA, B_TABLE, B_BREAK, B_SPACE, B_ANCHOR } bkind;

typedef struct block {
    bkind kind;
    gs_srcpos pos;
    bool keep_next;
    double space_before, space_after;
    cell para;          /* B_PARA: text and style */
    double space;       /* B_SPACE */
    size_t anchor;      /* B_ANCHOR: its index in ctx.found */
    /* B_TABLE */
    double *colx;       /* ncols + 1 column edges */
    size_t ncols;
    row *rows;
    size_t nrows, rcap;
    size_t header_rows;
    row *cont;          /* header rows repeated on continuation pages */
    char *cont_text;    /* continued="（続き）" (owned), or NULL */
    bool keep_together;
    bool one_page;      /* one-page="1": see fit_one_page */
} block;

typedef gs_scope scope;

/* A <section>: the datum that names it (key, as plain text), its bookmark
 * title (NULL: none) at level, and the page it begins on (0-based) once
 * placed.  Page references are resolved against the sections of the
 * previous pass (see gs_layout_run). */
typedef struct anchor {
    char *key;
    char *title;
    int level;
    size_t page;
} anchor;

typedef struct ctx {
    const gs_template *t;
    const gs_value *root;
    gs_diags *d;
    gs_breaker *br;
    bool failed;
    block *blocks;
    size_t nb, bcap;
    gs_doc *doc;
    gs_page *page;
    size_t pageno;
    double y, top, bottom, left, width;
    /* page references: the sections found by the previous pass (known,
     * lent; unused in the first pass) and by this one (found, owned);
     * found[settled, ready) are sections placed up to their first block */
    const anchor *known;
    size_t nknown;
    anchor *found;
    size_t nfound, fcap, settled, ready;
    bool first;         /* the first pass: no page is known yet */
    int depth;          /* <section> nesting: bookmark level - 1 */
    bool refs;          /* a <pageref> was expanded */
} ctx;

static gs_srcpos tpos(const ctx *c, const xmlNode *n)
{
    gs_srcpos p = {c->t->file, (int)xmlGetLineNo(n), 0};
    return p;
}

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void terr(ctx *c, const char *code, const xmlNode *n, const char *fmt,
                 const char *arg)
{
    gs_diags_add(c->d, GS_ERROR, code, tpos(c, n), fmt, arg);
    c->failed = true;
}

static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    if (!v)
        return NULL;
    char *s = gs_xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static int int_prop(ctx *c, const xmlNode *n, const char *name, int dflt,
                    int lo, int hi)
{
    char *s = prop(n, name);
    if (!s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi) {
        terr(c, "E301", n, "テンプレートの属性 %s の値が範囲外です", name);
        v = dflt;
    }
    free(s);
    return (int)v;
}

/* ---- paths, formats, interpolation -------------------------------------- */

/* Resolves "a.b[2].c" against the scopes, then the root.  Returns NULL and
 * reports E302 when some step does not exist. */
static const gs_value *resolve(ctx *c, const xmlNode *n, const scope *sc,
                               const char *path)
{
    const char *rest;
    const gs_value *v = gs_scope_head(sc, c->root, path, &rest);
    v = gs_value_walk(v, rest, false);
    if (!v)
        terr(c, "E302", n, "テンプレートが参照するデータ \"%s\" がありません", path);
    return v;
}

static bool fmt_circled(const gs_value *v, gs_buf *out)
{
    if (v->kind == GS_V_INT)
        return gs_fmt_circled(out, v->u.i);
    if (v->kind != GS_V_LIST)
        return false;
    for (size_t i = 0; i < v->u.list.n; i++) {
        if (i)
            gs_buf_puts(out, "、");
        if (!fmt_circled(v->u.list.v[i], out))
            return false;
    }
    return true;
}

/* Formats: one row per name, like curl's option table. */
typedef bool (*fmt_fn)(const gs_value *v, gs_buf *out);

static bool fmt_plain(const gs_value *v, gs_buf *out)
{
    switch (v->kind) {
    case GS_V_STR:
        gs_buf_puts(out, v->u.s);
        return true;
    case GS_V_INT:
        gs_buf_printf(out, "%lld", (long long)v->u.i);
        return true;
    case GS_V_FIXED2:
        gs_fmt_fixed2(out, v->u.i);
        return true;
    case GS_V_RATIO:
        gs_fmt_pct1(out, v->u.ratio.num, v->u.ratio.den);
        return true;
    default:
        return false;
    }
}

static bool fmt_kyen(const gs_value *v, gs_buf *out)
{
    if (v->kind != GS_V_INT)
        return false;
    gs_fmt_kyen(out, v->u.i);
    return true;
}

static bool fmt_int(const gs_value *v, gs_buf *out)
{
    if (v->kind != GS_V_INT)
        return false;
    gs_fmt_int(out, v->u.i);
    return true;
}

static bool fmt_pct1(const gs_value *v, gs_buf *out)
{
    if (v->kind != GS_V_RATIO)
        return false;
    gs_fmt_pct1(out, v->u.ratio.num, v->u.ratio.den);
    return true;
}

static bool fmt_fixed2(const gs_value *v, gs_buf *out)
{
    if (v->kind != GS_V_FIXED2 && v->kind != GS_V_INT)
        return false;
    gs_fmt_fixed2(out, v->kind == GS_V_INT ? v->u.i * 100 : v->u.i);
    return true;
}

/* A change with its sign and no needless decimals, as 事業概要 brackets a
 * KPI target: 3000 hundredths -> "+30", 3050 -> "+30.5", -51 -> "△0.51",
 * 0 -> "0". */
static bool fmt_delta(const gs_value *v, gs_buf *out)
{
    if (v->kind != GS_V_FIXED2 && v->kind != GS_V_INT)
        return false;
    gs_fmt_delta(out, v->kind == GS_V_INT ? v->u.i * 100 : v->u.i);
    return true;
}

/* 2028年３月31日: one digit full-width, as the 地域再生計画 writes. */
static bool fmt_jdigit(const gs_value *v, gs_buf *out)
{
    if (v->kind != GS_V_INT)
        return false;
    gs_fmt_jdigit(out, v->u.i);
    return true;
}

static bool fmt_check(const gs_value *v, gs_buf *out)
{
    if (v->kind != GS_V_BOOL)
        return false;
    if (v->u.b)
        gs_buf_puts(out, "✓");
    return true;
}

static const struct {
    const char *name;
    fmt_fn fn;
} formats[] = {
    {"", fmt_plain},
    {"kyen", fmt_kyen},
    {"int", fmt_int},
    {"pct1", fmt_pct1},
    {"fixed2", fmt_fixed2},
    {"circled", fmt_circled},
    {"check", fmt_check},
    {"delta", fmt_delta},
    {"jdigit", fmt_jdigit},
};

int gs_layout_format(const char *name, const gs_value *v, gs_buf *out)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcmp(formats[i].name, name) == 0)
            return formats[i].fn(v, out) ? 1 : 0;
    return -1;
}

/* Appends the value of one "{path|format}" expression (without braces). */
static void interpolate(ctx *c, const xmlNode *n, const scope *sc,
                        const char *expr, size_t len, rich *r)
{
    char *e = gs_xstrndup(expr, len);
    char *bar = strchr(e, '|');
    const char *fmt = "";
    if (bar) {
        *bar = '\0';
        fmt = bar + 1;
    }
    const gs_value *v = resolve(c, n, sc, e);
    r->slot = true;
    if (v && v->kind != GS_V_NULL) {
        gs_buf out = GS_BUF_INIT;
        int ok = gs_layout_format(fmt, v, &out);
        if (ok < 0)
            terr(c, "E303", n, "テンプレートの書式 \"%s\" はありません", fmt);
        else if (!ok)
            terr(c, "E303", n, "テンプレートの \"%s\" はこの書式で表示できない種類のデータです",
                 e);
        else {
            rich_append(r, out.data ? out.data : "", out.len,
                        v->pos.file ? v->pos : tpos(c, n));
            r->data = true;     /* see collect_figures */
            if (!r->expr)
                r->expr = gs_xstrdup(e);
        }
        gs_buf_free(&out);
    }
    free(e);
}

/* Appends template text s (of node n: a text node, or an attribute such
 * as a <section>'s title): runs of white space that contain a newline are
 * template indentation and vanish; "{…}" is interpolated; "{{" and "}}"
 * are literal braces. */
static void text_str(ctx *c, const xmlNode *n, const char *s, const scope *sc,
                     rich *r)
{
    gs_srcpos here = tpos(c, n);
    gs_buf lit = GS_BUF_INIT;
    size_t i = 0;
    while (s[i]) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            size_t j = i;
            bool nl = false;
            while (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')
                nl |= s[j++] == '\n';
            if (!nl)
                gs_buf_append(&lit, s + i, j - i);
            i = j;
        } else if (s[i] == '{' && s[i + 1] == '{') {
            gs_buf_putc(&lit, '{');
            i += 2;
        } else if (s[i] == '}' && s[i + 1] == '}') {
            gs_buf_putc(&lit, '}');
            i += 2;
        } else if (s[i] == '{') {
            const char *end = strchr(s + i, '}');
            if (!end) {
                terr(c, "E303", n, "テンプレートの \"%s\" に閉じ括弧 } がありません", s + i);
                break;
            }
            rich_append(r, lit.data ? lit.data : "", lit.len, here);
            gs_buf_clear(&lit);
            interpolate(c, n, sc, s + i + 1, (size_t)(end - s - i - 1), r);
            i = (size_t)(end - s) + 1;
        } else {
            gs_buf_putc(&lit, s[i++]);
        }
    }
    if (lit.len)
        rich_append(r, lit.data, lit.len, here);
    gs_buf_free(&lit);
}

static void text_node(ctx *c, const xmlNode *n, const scope *sc, rich *r)
{
    text_str(c, n, (const char *)n->content, sc, r);
}

/* ---- sections and page references ---------------------------------------- */

/* The text that names a section or the section a <pageref> points to: the
 * datum at key="path", as plain text.  NULL (reported) when there is no
 * key or its datum has no value to name a section by. */
static char *section_key(ctx *c, const xmlNode *n, const scope *sc)
{
    char *path = prop(n, "key");
    char *key = NULL;
    if (!path) {
        terr(c, "E301", n, "テンプレートの <%s> には key が必要です", (const char *)n->name);
        return NULL;
    }
    const gs_value *v = resolve(c, n, sc, path);
    gs_buf out = GS_BUF_INIT;
    if (v && (v->kind == GS_V_NULL || !fmt_plain(v, &out)))
        terr(c, "E304", n, "テンプレートの key \"%s\" のデータに節を名指す値がありません",
             path);
    else if (v)
        key = gs_xstrdup(out.data ? out.data : "");
    gs_buf_free(&out);
    free(path);
    return key;
}

static const anchor *find_anchor(const anchor *a, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i].key, key) == 0)
            return &a[i];
    return NULL;
}

/* <pageref key="…"/>: the page (numbered as the footer's {page}) on which
 * the section of that key begins, as the previous pass placed it; the
 * first pass, which cannot know, writes a placeholder of one digit. */
static void expand_pageref(ctx *c, const xmlNode *n, const scope *sc, rich *r)
{
    r->slot = true;
    c->refs = true;
    char *key = section_key(c, n, sc);
    if (!key)
        return;
    gs_buf num = GS_BUF_INIT;
    const anchor *a = c->first ? NULL : find_anchor(c->known, c->nknown, key);
    if (c->first)
        gs_buf_puts(&num, "0");
    else if (a)
        gs_buf_printf(&num, "%zu", a->page + 1);
    else
        terr(c, "E304", n, "ページ参照の先 (key の値 \"%s\") の <section> がありません", key);
    if (num.len) {
        rich_append(r, num.data, num.len, tpos(c, n));
        r->data = true;
        if (!r->expr)
            r->expr = prop(n, "key");
    }
    gs_buf_free(&num);
    free(key);
}

static bool test_true(ctx *c, const xmlNode *n, const scope *sc)
{
    char *t = prop(n, "test");
    if (!t) {
        terr(c, "E301", n, "テンプレートの <if> には test が必要です%s", "");
        return false;
    }
    bool neg = t[0] == '!';
    const gs_value *v = resolve(c, n, sc, t + neg);
    free(t);
    return v && (gs_value_truthy(v) != neg);
}

typedef void (*each_fn)(ctx *c, const xmlNode *first, const scope *sc,
                        void *arg);

/* <for each="x" in="path">: calls body once per element of the list. */
static void for_each(ctx *c, const xmlNode *n, const scope *sc, each_fn body,
                     void *arg)
{
    char *name = prop(n, "each");
    char *in = prop(n, "in");
    if (!name || !in) {
        terr(c, "E301", n, "テンプレートの <for> には each と in が必要です%s", "");
        goto done;
    }
    const gs_value *list = resolve(c, n, sc, in);
    if (!list || list->kind == GS_V_NULL)
        goto done;
    if (list->kind != GS_V_LIST) {
        terr(c, "E303", n, "テンプレートの \"%s\" はリストではありません", in);
        goto done;
    }
    for (size_t i = 0; i < list->u.list.n; i++) {
        scope inner = {name, list->u.list.v[i], sc};
        body(c, n->children, &inner, arg);
    }
done:
    free(name);
    free(in);
}

/* ---- expansion ---------------------------------------------------------- */

static bool blank_text(const xmlNode *n)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
        return true;
    if (n->type != XML_TEXT_NODE)
        return false;
    for (const xmlChar *s = n->content; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static void expand_inline(ctx *c, const xmlNode *first, const scope *sc,
                          void *arg);

/* The <box> elements of a <boxes>: each one's text becomes an item of the
 * last grid of r, on a line of its own. */
static void expand_boxes(ctx *c, const xmlNode *first, const scope *sc, void *arg)
{
    rich *r = arg;
    for (const xmlNode *n = first; n; n = n->next) {
        if (is_el(n, "box")) {
            size_t start = r->text.len;
            expand_inline(c, n->children, sc, r);
            grid *g = &r->grids[r->ngrids - 1];
            GS_GROW(g->items, g->cap, g->n + 1);
            g->items[g->n++] = (box_span){start, r->text.len - start};
            rich_append(r, "\n", 1, tpos(c, n));
        } else if (is_el(n, "for")) {
            for_each(c, n, sc, expand_boxes, r);
        } else if (is_el(n, "if")) {
            if (test_true(c, n, sc))
                expand_boxes(c, n->children, sc, r);
        } else if (!blank_text(n)) {
            terr(c, "E301", n, "テンプレートの <boxes> の中に置けるのは <box> です%s", "");
        }
    }
}

static void expand_inline(ctx *c, const xmlNode *first, const scope *sc,
                          void *arg)
{
    rich *r = arg;
    for (const xmlNode *n = first; n; n = n->next) {
        if (n->type == XML_TEXT_NODE)
            text_node(c, n, sc, r);
        else if (is_el(n, "br"))
            rich_append(r, "\n", 1, tpos(c, n));
        else if (is_el(n, "pageref"))
            expand_pageref(c, n, sc, r);
        else if (is_el(n, "boxes")) {
            /* a grid of bordered boxes, on lines of its own */
            r->slot = true;
            if (r->text.len && r->text.data[r->text.len - 1] != '\n')
                rich_append(r, "\n", 1, tpos(c, n));
            GS_GROW(r->grids, r->gcap, r->ngrids + 1);
            grid *g = &r->grids[r->ngrids++];
            memset(g, 0, sizeof *g);
            g->off = r->text.len;
            g->cols = int_prop(c, n, "cols", 2, 1, 8);
            expand_boxes(c, n->children, sc, r);
            g = &r->grids[r->ngrids - 1];
            g->end = r->text.len;
            if (!g->n) {        /* no box: no grid */
                free(g->items);
                r->ngrids--;
            }
        }
        else if (is_el(n, "for")) {
            r->slot = true;
            for_each(c, n, sc, expand_inline, r);
        } else if (is_el(n, "if")) {
            r->slot = true;
            size_t before = r->text.len;
            if (test_true(c, n, sc)) {
                expand_inline(c, n->children, sc, r);
                if (r->text.len > before && !r->data) {
                    /* text chosen by the data (単独 / 広域) is a datum */
                    r->data = true;
                    char *t = prop(n, "test");
                    if (t && !r->expr)
                        r->expr = gs_xstrdup(t + (t[0] == '!'));
                    free(t);
                }
            }
        } else if (!blank_text(n))
            terr(c, "E301", n, "テンプレートの文字列の中に <%s> は置けません",
                 (const char *)n->name);
    }
}

typedef struct row_arg {
    row *rw;
    const gs_style *st;     /* the row's style, inherited by its cells */
    double shrink;          /* the table's shrink="…", inherited too */
} row_arg;

/* shrink="6": the smallest font size (pt) a cell's text may shrink to so
 * that it fits its row, like Excel's 「縮小して全体を表示」. */
static double shrink_prop(ctx *c, const xmlNode *n, double dflt)
{
    char *s = prop(n, "shrink");
    double v = dflt;
    if (s && (!gs_template_length(s, false, &v) || v < 2 || v > 72)) {
        terr(c, "E301", n, "テンプレートの shrink \"%s\" が読めません (2〜72 pt)", s);
        v = dflt;
    }
    free(s);
    return v;
}

static void expand_cells(ctx *c, const xmlNode *first, const scope *sc,
                         void *arg)
{
    row_arg *ra = arg;
    row *rw = ra->rw;
    for (const xmlNode *n = first; n; n = n->next) {
        if (is_el(n, "cell")) {
            GS_GROW(rw->cells, rw->cap, rw->n + 1);
            cell *ce = &rw->cells[rw->n++];
            memset(ce, 0, sizeof *ce);
            ce->pos = tpos(c, n);
            ce->colspan = int_prop(c, n, "colspan", 1, 1, 64);
            ce->rowspan = int_prop(c, n, "rowspan", 1, 1, 64);
            ce->st = *ra->st;
            gs_template_apply_style(c->t, n, &ce->st, c->d);
            ce->shrink = shrink_prop(c, n, ra->shrink);
            ce->size0 = ce->st.size;
            expand_inline(c, n->children, sc, &ce->r);
            rich_trim(&ce->r);
        } else if (is_el(n, "for"))
            for_each(c, n, sc, expand_cells, ra);
        else if (is_el(n, "if")) {
            if (test_true(c, n, sc))
                expand_cells(c, n->children, sc, ra);
        } else if (!blank_text(n))
            terr(c, "E301", n, "テンプレートの <row> の中に置けるのは <cell> です%s", "");
    }
}

typedef struct table_arg {
    block *b;
    const gs_style *st;     /* the table's style */
    double shrink;          /* the table's shrink="…" */
} table_arg;

static void expand_rows(ctx *c, const xmlNode *first, const scope *sc,
                        void *arg)
{
    table_arg *ta = arg;
    block *b = ta->b;
    for (const xmlNode *n = first; n; n = n->next) {
        if (is_el(n, "row")) {
            GS_GROW(b->rows, b->rcap, b->nrows + 1);
            row *rw = &b->rows[b->nrows++];
            memset(rw, 0, sizeof *rw);
            rw->pos = tpos(c, n);
            gs_style st = *ta->st;
            gs_template_apply_style(c->t, n, &st, c->d);
            char *mh = prop(n, "min-height");
            if (mh && !gs_template_length(mh, false, &rw->min_h))
                terr(c, "E301", n, "テンプレートの min-height \"%s\" が読めません", mh);
            free(mh);
            char *kn = prop(n, "keep-with-next");
            rw->keep_next = kn && strcmp(kn, "1") == 0;
            free(kn);
            row_arg ra = {rw, &st, ta->shrink};
            expand_cells(c, n->children, sc, &ra);
        } else if (is_el(n, "for"))
            for_each(c, n, sc, expand_rows, ta);
        else if (is_el(n, "if")) {
            if (test_true(c, n, sc))
                expand_rows(c, n->children, sc, ta);
        } else if (!blank_text(n))
            terr(c, "E301", n, "テンプレートの <table> の中に置けるのは <row> です%s", "");
    }
}

static block *new_block(ctx *c, bkind kind, const xmlNode *n)
{
    GS_GROW(c->blocks, c->bcap, c->nb + 1);
    block *b = &c->blocks[c->nb++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->pos = tpos(c, n);
    return b;
}

static void block_common(ctx *c, block *b, const xmlNode *n, gs_style *st)
{
    gs_template_apply_style(c->t, n, st, c->d);
    b->space_before = st->space_before;
    b->space_after = st->space_after;
    char *kn = prop(n, "keep-with-next");
    b->keep_next = kn && strcmp(kn, "1") == 0;
    free(kn);
}

/* Column edges from widths="60 25 * *" (mm; * shares the rest); a width
 * with {path} stands for one column per element of that list. */
static void table_columns(ctx *c, block *b, const xmlNode *n, const scope *sc)
{
    char *w = prop(n, "widths");
    if (!w) {
        terr(c, "E301", n, "テンプレートの <table> には widths が必要です%s", "");
        return;
    }
    double fixed = 0;
    size_t stars = 0, k = 0;
    double *ws = NULL;
    size_t cap = 0;
    char *save = NULL;
    for (char *tok = strtok_r(w, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        size_t wlen, plen, reps = 1;
        const char *path;
        if (!gs_template_width_token(tok, &wlen, &path, &plen)) {
            terr(c, "E301", n, "テンプレートの widths の \"%s\" が読めません", tok);
            continue;
        }
        if (path) {
            char *ps = gs_xstrndup(path, plen);
            const gs_value *list = resolve(c, n, sc, ps);
            free(ps);
            reps = list && list->kind == GS_V_LIST ? list->u.list.n : 0;
            tok[wlen] = '\0';
        }
        double one = -1;
        if (strcmp(tok, "*") != 0 &&
            (!gs_template_length(tok, true, &one) || one <= 0)) {
            terr(c, "E301", n, "テンプレートの widths の \"%s\" が読めません", tok);
            one = 1;
        }
        for (size_t r = 0; r < reps; r++) {
            GS_GROW(ws, cap, k + 1);
            ws[k++] = one;
            if (one < 0)
                stars++;
            else
                fixed += one;
        }
    }
    double rest = c->width - fixed;
    if (k == 0 || rest < -EPS || (stars && rest < stars * 5)) {
        char *orig = prop(n, "widths"); /* w was cut up by strtok_r */
        terr(c, "E301", n, "テンプレートの表 (widths=\"%s\") がページの幅に収まりません",
             orig);
        free(orig);
        rest = stars * 5;
    }
    b->ncols = k;
    b->colx = gs_xcalloc(k + 1, sizeof *b->colx);
    b->colx[0] = c->left;
    for (size_t i = 0; i < k; i++)
        b->colx[i + 1] = b->colx[i] + (ws[i] < 0 ? rest / (double)stars : ws[i]);
    free(ws);
    free(w);
}

static void expand_blocks(ctx *c, const xmlNode *first, const scope *sc,
                          void *arg);

/* <section key="…" title="…">: its blocks, preceded by an anchor that
 * records where they begin and, with a title, a bookmark one level below
 * the enclosing one (the sheet's title is level 0). */
static void expand_section(ctx *c, const xmlNode *n, const scope *sc)
{
    char *key = section_key(c, n, sc);
    if (!key)
        return;
    if (find_anchor(c->found, c->nfound, key)) {
        terr(c, "E304", n, "二つの <section> の key の値が同じ \"%s\" です", key);
        free(key);
        return;
    }
    GS_GROW(c->found, c->fcap, c->nfound + 1);
    anchor *a = &c->found[c->nfound];
    memset(a, 0, sizeof *a);
    a->key = key;
    a->level = c->depth + 1;
    char *title = prop(n, "title");
    if (title) {
        rich tr;
        memset(&tr, 0, sizeof tr);
        text_str(c, n, title, sc, &tr);
        rich_trim(&tr);
        for (size_t i = 0; i < tr.text.len; i++)
            if (tr.text.data[i] == '\n')
                tr.text.data[i] = ' ';
        if (tr.text.len)
            c->found[c->nfound].title = gs_xstrdup(tr.text.data);
        rich_free(&tr);
        free(title);
    }
    block *b = new_block(c, B_ANCHOR, n);
    b->anchor = c->nfound++;
    c->depth++;
    expand_blocks(c, n->children, sc, NULL);
    c->depth--;
}

static void expand_blocks(ctx *c, const xmlNode *first, const scope *sc,
                          void *arg)
{
    (void)arg;
    for (const xmlNode *n = first; n; n = n->next) {
        if (is_el(n, "para")) {
            block *b = new_block(c, B_PARA, n);
            gs_style st = c->t->base;
            st.border = false;
            st.pad_h = st.pad_v = 0;
            block_common(c, b, n, &st);
            b->para.st = st;
            b->para.pos = b->pos;
            expand_inline(c, n->children, sc, &b->para.r);
            rich_trim(&b->para.r);
        } else if (is_el(n, "table")) {
            block *b = new_block(c, B_TABLE, n);
            gs_style st = c->t->base;
            block_common(c, b, n, &st);
            table_columns(c, b, n, sc);
            char *kt = prop(n, "keep");
            b->keep_together = kt && strcmp(kt, "together") == 0;
            free(kt);
            char *op = prop(n, "one-page");
            b->one_page = op && strcmp(op, "1") == 0;
            free(op);
            table_arg ta = {b, &st, shrink_prop(c, n, 0)};
            expand_rows(c, n->children, sc, &ta);
            int hr = int_prop(c, n, "header-rows", 0, 0, 16);
            b->header_rows = (size_t)hr <= b->nrows ? (size_t)hr : b->nrows;
            char *cont = prop(n, "continued");
            b->cont_text = cont ? gs_xstrdup(cont) : NULL;
            if (cont && b->header_rows) {
                /* continuation header: same rows, first cell marked */
                b->cont = gs_xcalloc(b->header_rows, sizeof *b->cont);
                for (size_t i = 0; i < b->header_rows; i++) {
                    row *src = &b->rows[i], *dst = &b->cont[i];
                    *dst = *src;
                    dst->cells = gs_xcalloc(src->n, sizeof *dst->cells);
                    dst->cap = src->n;
                    for (size_t j = 0; j < src->n; j++) {
                        dst->cells[j] = src->cells[j];
                        rich_copy(&dst->cells[j].r, &src->cells[j].r);
                        dst->cells[j].lines = NULL;
                        dst->cells[j].lk = NULL;
                        dst->cells[j].brows = NULL;
                    }
                    if (i == 0 && src->n)
                        rich_append(&dst->cells[0].r, cont, strlen(cont),
                                    tpos(c, n));
                }
            }
            free(cont);
        } else if (is_el(n, "section")) {
            expand_section(c, n, sc);
        } else if (is_el(n, "pagebreak")) {
            new_block(c, B_BREAK, n);
        } else if (is_el(n, "space")) {
            block *b = new_block(c, B_SPACE, n);
            char *h = prop(n, "height");
            if (!h || !gs_template_length(h, true, &b->space))
                terr(c, "E301", n, "テンプレートの <space> の height が読めません%s", "");
            free(h);
        } else if (is_el(n, "for")) {
            for_each(c, n, sc, expand_blocks, NULL);
        } else if (is_el(n, "if")) {
            if (test_true(c, n, sc))
                expand_blocks(c, n->children, sc, NULL);
        } else if (!blank_text(n)) {
            terr(c, "E301", n, "テンプレートの本文に <%s> は置けません",
                 n->name ? (const char *)n->name : "text");
        }
    }
}

/* ---- measuring ---------------------------------------------------------- */

static double measure_cb(void *arg, const char *s, size_t n)
{
    const gs_style *st = arg;
    return (double)gs_font_text_width(st->font, s, n) * st->size /
           gs_font_upem(st->font);
}

static double line_h(const gs_style *st)
{
    return st->size * st->leading;
}

static void cell_free_lines(cell *ce)
{
    free(ce->lines);
    free(ce->lk);
    free(ce->brows);
    ce->lines = NULL;
    ce->lk = NULL;
    ce->brows = NULL;
    ce->nlines = ce->nbrows = 0;
}

#define BOX_GAP 3.0     /* pt between boxes, and below a row of them */
#define BOX_PAD 2.5     /* pt inside a box */

/* The width of one box of grid g in a cell of inner width inner. */
static double box_w(const grid *g, double inner)
{
    double w = (inner - (g->cols - 1) * BOX_GAP) / g->cols;
    return w > 2 * BOX_PAD + 1 ? w : 2 * BOX_PAD + 1;
}

/* Lines of one box's text at the box's inner width; spans are relative to
 * the box's text. */
static size_t box_lines(ctx *c, const cell *ce, const box_span *it, double w,
                        gs_span **lines)
{
    return gs_wrap(c->br, ce->r.text.data + it->off, it->len, w - 2 * BOX_PAD,
                   measure_cb, (void *)&ce->st, lines);
}

/* Appends the lines of text [a, e) of the cell, as wrapped at inner;
 * nothing when the stretch is empty but for line breaks. */
static void wrap_stretch(ctx *c, cell *ce, size_t a, size_t e, double inner,
                         size_t *cap)
{
    const char *t = ce->r.text.data;
    while (a < e && t[a] == '\n')
        a++;
    while (e > a && t[e - 1] == '\n')
        e--;
    if (a == e)
        return;
    gs_span *part;
    size_t n = gs_wrap(c->br, t + a, e - a, inner, measure_cb, &ce->st, &part);
    GS_GROW(ce->lines, *cap, ce->nlines + n);
    ce->lk = gs_xrealloc(ce->lk, *cap * sizeof *ce->lk);
    for (size_t i = 0; i < n; i++) {
        ce->lines[ce->nlines] = (gs_span){part[i].off + a, part[i].len};
        ce->lk[ce->nlines++] = 0;
    }
    free(part);
}

/* A cell with grids: its text wrapped around them, each row of boxes
 * taking as many of the cell's lines as its tallest box needs, so that
 * heights, page breaks and the one-page fit stay arithmetic on lines. */
static void wrap_grids(ctx *c, cell *ce, double inner)
{
    size_t cap = 0, at = 0, len = ce->r.text.len;
    double lh = line_h(&ce->st);
    for (size_t gi = 0; gi < ce->r.ngrids; gi++) {
        const grid *g = &ce->r.grids[gi];
        size_t off = g->off < len ? g->off : len;
        wrap_stretch(c, ce, at, off, inner, &cap);
        double w = box_w(g, inner);
        for (size_t first = 0; first < g->n; first += (size_t)g->cols) {
            size_t n = g->n - first < (size_t)g->cols ? g->n - first : (size_t)g->cols;
            size_t most = 1;
            for (size_t k = 0; k < n; k++) {
                gs_span *bl;
                size_t nl = box_lines(c, ce, &g->items[first + k], w, &bl);
                free(bl);
                if (nl > most)
                    most = nl;
            }
            size_t slots = (size_t)ceil(((double)most * lh + 2 * BOX_PAD + BOX_GAP) / lh - EPS);
            ce->brows = gs_xrealloc(ce->brows, (ce->nbrows + 1) * sizeof *ce->brows);
            ce->brows[ce->nbrows++] = (box_row){gi, first, n, slots};
            GS_GROW(ce->lines, cap, ce->nlines + slots);
            ce->lk = gs_xrealloc(ce->lk, cap * sizeof *ce->lk);
            for (size_t k = 0; k < slots; k++) {
                ce->lines[ce->nlines] = (gs_span){off, 0};
                ce->lk[ce->nlines++] = k ? -1 : (int)ce->nbrows;
            }
        }
        at = g->end < len ? g->end : len;
    }
    wrap_stretch(c, ce, at, len, inner, &cap);
}

static void wrap_cell(ctx *c, cell *ce, double outer_w)
{
    ce->w = outer_w;
    double inner = outer_w - 2 * ce->st.pad_h;
    if (inner < ce->st.size)
        inner = ce->st.size;
    cell_free_lines(ce);
    if (ce->r.ngrids)
        wrap_grids(c, ce, inner);
    if (!ce->nlines) {
        free(ce->lk);
        ce->lk = NULL;
        ce->nlines = gs_wrap(c->br, ce->r.text.data ? ce->r.text.data : "",
                             ce->r.text.len, inner, measure_cb, &ce->st, &ce->lines);
    }
    ce->shown = ce->nlines;
}

static double cell_h(const cell *ce, size_t nlines)
{
    return (double)nlines * line_h(&ce->st) + 2 * ce->st.pad_v;
}

/* Assigns columns (skipping slots taken by rowspans from above), wraps every
 * cell, and sets row heights so each merged cell fits its rows. */
static void measure_rows(ctx *c, block *b, row *rows, size_t nrows)
{
    size_t *busy = gs_xcalloc(b->ncols, sizeof *busy); /* rows still covered */
    for (size_t r = 0; r < nrows; r++) {
        row *rw = &rows[r];
        size_t col = 0;
        for (size_t j = 0; j < rw->n; j++) {
            cell *ce = &rw->cells[j];
            while (col < b->ncols && busy[col])
                col++;
            if (col + (size_t)ce->colspan > b->ncols) {
                gs_diags_add(c->d, GS_ERROR, "E301", ce->pos,
                             "テンプレートの表の行のセルが列数 (%zu) を超えています",
                             b->ncols);
                c->failed = true;
                ce->colspan = 1;
                col = b->ncols - 1;
            }
            ce->col = col;
            if ((size_t)ce->rowspan > nrows - r)
                ce->rowspan = (int)(nrows - r);
            for (int k = 0; k < ce->colspan; k++)
                busy[col + k] = (size_t)ce->rowspan;
            wrap_cell(c, ce, b->colx[col + ce->colspan] - b->colx[col]);
            col += (size_t)ce->colspan;
        }
        rw->h = rw->min_h;
        for (size_t j = 0; j < rw->n; j++)
            if (rw->cells[j].rowspan == 1 && cell_h(&rw->cells[j], rw->cells[j].nlines) > rw->h)
                rw->h = cell_h(&rw->cells[j], rw->cells[j].nlines);
        if (rw->h <= 0)
            rw->h = line_h(&c->t->base) + 2 * c->t->base.pad_v;
        for (size_t k = 0; k < b->ncols; k++)
            if (busy[k])
                busy[k]--;
    }
    /* merged cells: grow the last row they span when they need more room */
    for (size_t r = 0; r < nrows; r++)
        for (size_t j = 0; j < rows[r].n; j++) {
            cell *ce = &rows[r].cells[j];
            if (ce->rowspan < 2)
                continue;
            double have = 0;
            for (int k = 0; k < ce->rowspan; k++)
                have += rows[r + k].h;
            double need = cell_h(ce, ce->nlines);
            if (need > have)
                rows[r + ce->rowspan - 1].h += need - have;
        }
    free(busy);
}

static double rows_h(const row *rows, size_t a, size_t e);

/* Lines of ce that fit in a box of height h. */
static size_t lines_in(const cell *ce, double h)
{
    double room = (h - 2 * ce->st.pad_v) / line_h(&ce->st) + EPS;
    size_t fit = room > 0 ? (size_t)floor(room) : 0;
    return fit < ce->nlines ? fit : ce->nlines;
}

/* A one-page table (one-page="1", the 事業概要) keeps to the page as the
 * official form does.  When its rows at their natural height do not fit in
 * avail, each row keeps its min-height plus a share of the room left on
 * the page in proportion to what it lacks; in that height a cell with
 * shrink="…" takes a smaller font, a quarter point at a time down to its
 * floor.  Lines that still do not fit are cut (cell.shown) and continue on
 * the next page (place_overflow).  Rows without a min-height are not cut.
 * Merged cells (rowspan) keep their size. */
static void fit_one_page(ctx *c, block *b, double avail)
{
    double natural = rows_h(b->rows, 0, b->nrows);
    if (natural <= avail + EPS)
        return;
    double fixed = 0, lack = 0;
    for (size_t r = 0; r < b->nrows; r++) {
        const row *rw = &b->rows[r];
        fixed += rw->min_h > 0 ? rw->min_h : rw->h;
        if (rw->min_h > 0 && rw->h > rw->min_h)
            lack += rw->h - rw->min_h;
    }
    double spare = avail > fixed ? avail - fixed : 0;
    for (size_t r = 0; r < b->nrows; r++) {
        row *rw = &b->rows[r];
        if (rw->min_h <= 0 || rw->h <= rw->min_h + EPS)
            continue;
        double cap = rw->min_h + spare * (rw->h - rw->min_h) / lack;
        double h = rw->min_h;
        for (size_t j = 0; j < rw->n; j++) {
            cell *ce = &rw->cells[j];
            if (ce->rowspan != 1)
                continue;
            while (cell_h(ce, ce->nlines) > cap + EPS && ce->shrink > 0 &&
                   ce->st.size > ce->shrink + EPS) {
                ce->st.size = fmax(ce->shrink, ce->st.size - 0.25);
                wrap_cell(c, ce, ce->w);
            }
            ce->shown = lines_in(ce, cap);
            double ch = cell_h(ce, ce->shown);
            if (ch > h)
                h = ch;
        }
        rw->h = fmin(h, cap);
    }
}

/* The height a block takes when placed alone, spaces included. */
static double block_h(const block *b)
{
    switch (b->kind) {
    case B_PARA:
        return b->space_before + cell_h(&b->para, b->para.nlines) + b->space_after;
    case B_TABLE:
        return b->space_before + rows_h(b->rows, 0, b->nrows) + b->space_after;
    case B_SPACE:
        return b->space;
    case B_BREAK:
    case B_ANCHOR:
        break;
    }
    return 0;
}

static void measure(ctx *c)
{
    double used = 0;    /* height of the blocks above, on a sheet's first page */
    for (size_t i = 0; i < c->nb; i++) {
        block *b = &c->blocks[i];
        if (b->kind == B_PARA)
            wrap_cell(c, &b->para, c->width);
        else if (b->kind == B_TABLE && b->ncols) {
            measure_rows(c, b, b->rows, b->nrows);
            if (b->cont)
                measure_rows(c, b, b->cont, b->header_rows);
            if (b->one_page)
                fit_one_page(c, b, c->bottom - c->top - used - b->space_before);
        }
        used = b->kind == B_BREAK ? 0 : used + block_h(b);
    }
}

/* ---- figures for auditors ------------------------------------------------ */

/* Every datum a sheet shows, keyed by where it stands, collected after
 * measuring (when cells know their columns) into gs_doc.figs; audit/ turns
 * them into the canonical TSV.  The keys come from the form itself, so any
 * template's tables are covered without code per sheet:
 *
 *  - a *label* is a shaded cell (the form's headings, also those showing a
 *    datum such as KPI① or a year) or a cell of template text only; a
 *    cell that shows a datum (a "{…}", or text an <if> on the data chose)
 *    is a *figure*; a cell whose data are all null is neither;
 *  - section: the text of a table's caption (header rows without borders,
 *    as (別紙1-1)'s <2025年度(1年目)>), else "";
 *  - row: the label at the row's left edge, followed by the label beside
 *    it when the first spans several rows that each have one (a KPI over
 *    its 目標 and 実績 rows: "①… 実績", while a cell over all its rows,
 *    as the KPI's 達成率, is the first label's); for a row led by a datum (No.,
 *    an element's number) the heading above it plus that datum; for a row
 *    right under a row of labels only, "" (that row names the columns); for
 *    any other row, the row label of the row above (an element's
 *    description row);
 *  - column: a check box's caption (a plain text cell right of it); else
 *    the label just left of the cell; else the header text over the column
 *    (bordered header rows) unless that header also covers the row's label;
 *    else "" when the row's label is just left of the cell or is a single
 *    heading row above it; else the label above, under a row of labels;
 *    else the datum's name in the template, as "{e.amount}".
 * Paragraphs showing a datum (the date of (別紙1-1)) are figures under the
 * last paragraph without one.  Repeated keys are numbered by audit/. */

static bool is_label(const cell *ce)
{
    return ce->st.fill >= 0 || (!ce->r.data && !ce->r.slot);
}

/* A label's text on one line: a line break becomes a space next to ASCII
 * or before a parenthesis, and vanishes between Japanese characters
 * ("KPI増加分の\n累計" -> "KPI増加分の累計"). */
static void label_text(const rich *r, gs_buf *out)
{
    gs_buf_clear(out);
    const char *s = r->text.data ? r->text.data : "";
    size_t n = r->text.len;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\n') {
            if (s[i] != ' ' || (out->len && out->data[out->len - 1] != ' '))
                gs_buf_putc(out, s[i]);
            continue;
        }
        if (!out->len || out->data[out->len - 1] == ' ' || i + 1 == n ||
            s[i + 1] == ' ')
            continue;
        if (s[i + 1] == '\n') {
            gs_buf_putc(out, ' ');  /* a blank line parts two phrases */
            continue;
        }
        unsigned char prev = (unsigned char)out->data[out->len - 1];
        unsigned char next = (unsigned char)s[i + 1];
        if (prev < 0x80 || next < 0x80 || strncmp(s + i + 1, "（", 3) == 0)
            gs_buf_putc(out, ' ');
    }
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (!out->data)
        gs_buf_puts(out, "");
}

static void expr_name(const rich *r, gs_buf *out)
{
    gs_buf_clear(out);
    gs_buf_printf(out, "{%s}", r->expr ? r->expr : "");
}

static bool in_row(const row *rw, const cell *ce)
{
    return ce >= rw->cells && ce < rw->cells + rw->n;
}

/* Column names from bordered header rows; a name that several columns
 * share (under different header cells) gets " #k", k counting from the
 * left.  Returns NULL when the table has none. */
static char **column_heads(const block *b, const cell **g)
{
    size_t h = b->header_rows, nc = b->ncols;
    char **names = gs_xcalloc(nc, sizeof *names);
    gs_buf hb = GS_BUF_INIT, tmp = GS_BUF_INIT;
    for (size_t col = 0; col < nc; col++) {
        gs_buf_clear(&hb);
        for (size_t r = 0; r < h; r++) {
            const cell *ce = g[r * nc + col];
            if (!ce || (r && ce == g[(r - 1) * nc + col]))
                continue;
            label_text(&ce->r, &tmp);
            if (tmp.len && hb.len)
                gs_buf_putc(&hb, ' ');
            gs_buf_append(&hb, tmp.data, tmp.len);
        }
        names[col] = gs_xstrdup(hb.data ? hb.data : "");
    }
    const cell **bottom = g + (h - 1) * nc;
    size_t *occ = gs_xcalloc(nc, sizeof *occ);
    bool *dup = gs_xcalloc(nc, sizeof *dup);
    for (size_t col = 0; col < nc; col++) {
        if (col && bottom[col] == bottom[col - 1]) {
            occ[col] = occ[col - 1];
            continue;
        }
        occ[col] = 1;
        for (size_t c2 = 0; c2 < col; c2++)
            if ((c2 == 0 || bottom[c2] != bottom[c2 - 1]) &&
                strcmp(names[c2], names[col]) == 0) {
                occ[col]++;
                dup[col] = dup[c2] = true;
            }
    }
    for (size_t col = 0; col < nc; col++)
        if (names[col][0] && (dup[col] || (col && bottom[col] == bottom[col - 1] &&
                                           dup[col - 1]))) {
            dup[col] = true;
            gs_buf_clear(&hb);
            gs_buf_printf(&hb, "%s #%zu", names[col], occ[col]);
            free(names[col]);
            names[col] = gs_buf_detach(&hb);
        }
    free(occ);
    free(dup);
    gs_buf_free(&hb);
    gs_buf_free(&tmp);
    return names;
}

static void table_figures(ctx *c, const block *b, const char *sheet)
{
    size_t nr = b->nrows, nc = b->ncols, h = b->header_rows;
    if (!nr || !nc)
        return;
    /* the grid: which cell covers each slot (merged cells cover several) */
    const cell **g = gs_xcalloc(nr * nc, sizeof *g);
    for (size_t r = 0; r < nr; r++)
        for (size_t j = 0; j < b->rows[r].n; j++) {
            const cell *ce = &b->rows[r].cells[j];
            for (size_t k = 0; k < (size_t)ce->rowspan && r + k < nr; k++)
                for (size_t m = 0; m < (size_t)ce->colspan && ce->col + m < nc; m++)
                    g[(r + k) * nc + ce->col + m] = ce;
        }
    gs_buf section = GS_BUF_INIT, rl = GS_BUF_INIT, parent = GS_BUF_INIT,
           col = GS_BUF_INIT, tmp = GS_BUF_INIT;
    gs_buf_puts(&section, "");
    gs_buf_puts(&rl, "");
    gs_buf_puts(&parent, "");
    bool caption = h > 0;
    for (size_t r = 0; r < h; r++)
        for (size_t j = 0; j < b->rows[r].n; j++)
            if (b->rows[r].cells[j].st.border)
                caption = false;
    char **heads = NULL;
    if (caption) {
        for (size_t r = 0; r < h && !section.len; r++)
            for (size_t j = 0; j < b->rows[r].n && !section.len; j++)
                label_text(&b->rows[r].cells[j].r, &section);
    } else if (h) {
        heads = column_heads(b, g);
    }
    bool prev_labels = false;   /* the row above holds labels only */
    const row *prev = NULL;
    const cell *head_row_cell = NULL; /* the row label, when in this row */
    const cell *sub = NULL;           /* its second label, in this row */
    for (size_t r = h; r < nr; r++) {
        const row *rw = &b->rows[r];
        const cell *left_edge = g[r * nc];
        const cell *first = rw->n ? &rw->cells[0] : NULL;
        const cell *key = NULL;
        bool under_labels = false, label_above = false;
        head_row_cell = NULL;
        if (left_edge && is_label(left_edge)) {
            head_row_cell = left_edge;
        } else if (left_edge && !in_row(rw, left_edge) && first && is_label(first)) {
            head_row_cell = first;  /* under a merged datum, its own label */
        }
        sub = NULL;
        if (head_row_cell && head_row_cell->rowspan > 1) {
            /* a label over several rows, each with its own label beside
             * it (a KPI over its 目標 and 実績 rows): both name the row */
            size_t sc = head_row_cell->col + (size_t)head_row_cell->colspan;
            const cell *beside = sc < nc ? g[r * nc + sc] : NULL;
            if (beside && in_row(rw, beside) && beside->rowspan == 1 &&
                !beside->r.data && is_label(beside) && beside->r.text.len &&
                beside != &rw->cells[rw->n - 1])
                sub = beside;
        }
        if (head_row_cell) {
            label_text(&head_row_cell->r, &rl);
            gs_buf_clear(&parent);
            gs_buf_append(&parent, rl.data, rl.len);
            if (sub) {
                label_text(&sub->r, &tmp);
                gs_buf_putc(&rl, ' ');
                gs_buf_append(&rl, tmp.data, tmp.len);
            }
        } else if (prev_labels && prev->n >= 2) {
            gs_buf_clear(&rl);
            under_labels = true;
        } else if (prev_labels && prev->n == 1) {
            label_text(&prev->cells[0].r, &rl);
            label_above = true;     /* a heading row over a text box */
        } else if (left_edge && in_row(rw, left_edge) && rw->n > 1) {
            key = left_edge;
            gs_buf_clear(&rl);
            const char *pre = heads ? heads[0] : parent.data;
            gs_buf_puts(&rl, pre);
            label_text(&key->r, &tmp);
            if (rl.len && tmp.len)
                gs_buf_putc(&rl, ' ');
            gs_buf_append(&rl, tmp.data, tmp.len);
        }
        bool all_labels = rw->n > 0;
        for (size_t j = 0; j < rw->n; j++) {
            const cell *ce = &rw->cells[j];
            if (is_label(ce))
                continue;
            all_labels = false;
            if (ce == key || !ce->r.data)
                continue;
            size_t ri = ce->col + (size_t)ce->colspan;
            const cell *right = ri < nc ? g[r * nc + ri] : NULL;
            const cell *left = ce->col ? g[r * nc + ce->col - 1] : NULL;
            const cell *hcell = h ? g[(h - 1) * nc + ce->col] : NULL;
            if (right && in_row(rw, right) && right->st.fill < 0 &&
                is_label(right) && right->r.text.len) {
                /* a check box's caption stands to its right */
                label_text(&right->r, &col);
            } else if (left && is_label(left) && left != head_row_cell &&
                       left != sub) {
                label_text(&left->r, &col);
            } else if (heads && !(head_row_cell &&
                                  g[(h - 1) * nc + head_row_cell->col] == hcell)) {
                gs_buf_clear(&col);
                gs_buf_puts(&col, heads[ce->col]);
            } else if ((left && (left == head_row_cell || left == sub)) ||
                       label_above) {
                gs_buf_clear(&col);
            } else if (under_labels && g[(r - 1) * nc + ce->col] &&
                       is_label(g[(r - 1) * nc + ce->col])) {
                label_text(&g[(r - 1) * nc + ce->col]->r, &col);
            } else {
                expr_name(&ce->r, &col);
            }
            /* a cell over all the rows of the label belongs to it alone
             * (a KPI's 事業開始前 and 達成率), not to one of its rows */
            const char *rowname = sub && ce->rowspan > 1 ? parent.data : rl.data;
            gs_doc_add_figure(c->doc, sheet, section.data, rowname,
                              col.data ? col.data : "", ce->r.text.data);
        }
        prev_labels = all_labels;
        prev = rw;
    }
    if (heads)
        for (size_t k = 0; k < nc; k++)
            free(heads[k]);
    free(heads);
    free(g);
    gs_buf_free(&section);
    gs_buf_free(&rl);
    gs_buf_free(&parent);
    gs_buf_free(&col);
    gs_buf_free(&tmp);
}

static void collect_figures(ctx *c)
{
    const char *sheet = c->t->title ? c->t->title : c->t->file;
    gs_buf heading = GS_BUF_INIT, name = GS_BUF_INIT;
    gs_buf_puts(&heading, "");
    for (size_t i = 0; i < c->nb; i++) {
        const block *b = &c->blocks[i];
        if (b->kind == B_TABLE) {
            table_figures(c, b, sheet);
        } else if (b->kind == B_PARA && b->para.r.data) {
            expr_name(&b->para.r, &name);
            gs_doc_add_figure(c->doc, sheet, "", heading.data, name.data,
                              b->para.r.text.data);
        } else if (b->kind == B_PARA) {
            label_text(&b->para.r, &heading);
        }
    }
    gs_buf_free(&heading);
    gs_buf_free(&name);
}

/* ---- drawing ------------------------------------------------------------ */

/* The mark in effect at byte off: the last one at or before it (marks are
 * in text order).  A binary search, so drawing a cell of many paragraphs
 * stays linear in its text. */
static size_t mark_at(const rich *r, size_t off)
{
    size_t lo = 0, hi = r->nmarks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->marks[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Emits one line of a cell as text ops, split where its input source
 * changes so that every op knows where its characters came from.  The
 * line is not empty, so the cell's text is not NULL. */
static void draw_line(ctx *c, const cell *ce, gs_span sp, double x, double base)
{
    const rich *r = &ce->r;
    size_t font = gs_doc_add_font(c->doc, ce->st.font);
    size_t end = sp.off + sp.len;
    size_t m = mark_at(r, sp.off);
    size_t at = sp.off;
    while (at < end) {
        size_t next = end;
        if (m + 1 < r->nmarks && r->marks[m + 1].off < end)
            next = r->marks[m + 1].off;
        gs_srcpos pos = r->nmarks ? r->marks[m].pos : ce->pos;
        if (next > at) {
            double dx = measure_cb((void *)&ce->st, r->text.data + sp.off, at - sp.off);
            gs_page_text(c->page, x + dx, base, font, ce->st.size,
                         r->text.data + at, next - at, pos);
        }
        at = next;
        m++;
    }
}

/* Draws row br of a cell's grids with its top at y, in the cell's inner
 * width from x: bordered boxes, each text centred in its box. */
static void draw_box_row(ctx *c, const cell *ce, const box_row *br, double x,
                         double y, double inner)
{
    const grid *g = &ce->r.grids[br->g];
    const gs_style *st = &ce->st;
    double lh = line_h(st), w = box_w(g, inner);
    double h = (double)br->slots * lh - BOX_GAP;
    double upem = gs_font_upem(st->font);
    double asc = gs_font_ascender(st->font) * st->size / upem;
    double desc = -gs_font_descender(st->font) * st->size / upem;
    double base_off = (lh - (asc + desc)) / 2 + asc;
    for (size_t k = 0; k < br->n; k++) {
        const box_span *it = &g->items[br->first + k];
        double bx = x + (double)k * (w + BOX_GAP);
        gs_page_line(c->page, bx, y, bx + w, y, RULE_WIDTH, 0);
        gs_page_line(c->page, bx, y + h, bx + w, y + h, RULE_WIDTH, 0);
        gs_page_line(c->page, bx, y, bx, y + h, RULE_WIDTH, 0);
        gs_page_line(c->page, bx + w, y, bx + w, y + h, RULE_WIDTH, 0);
        gs_span *bl;
        size_t nl = box_lines(c, ce, it, w, &bl);
        double ty = y + (h - (double)nl * lh) / 2;
        for (size_t i = 0; i < nl; i++) {
            gs_span sp = {bl[i].off + it->off, bl[i].len};
            if (!sp.len)
                continue;
            double lw = measure_cb((void *)st, ce->r.text.data + sp.off, sp.len);
            draw_line(c, ce, sp, bx + (w - lw) / 2, ty + (double)i * lh + base_off);
        }
        free(bl);
    }
}

/* Draws a cell box at (x, y) of size w x h showing lines [from, to). */
static void draw_cell(ctx *c, const cell *ce, double x, double y, double h,
                      size_t from, size_t to)
{
    const gs_style *st = &ce->st;
    double w = ce->w;
    if (st->fill >= 0)
        gs_page_fill(c->page, x, y, w, h, st->fill);
    double lh = line_h(st);
    double text_h = (double)(to - from) * lh;
    double ty = y + st->pad_v;
    if (st->valign == GS_MIDDLE)
        ty = y + (h - text_h) / 2;
    else if (st->valign == GS_BOTTOM)
        ty = y + h - st->pad_v - text_h;
    double upem = gs_font_upem(st->font);
    double asc = gs_font_ascender(st->font) * st->size / upem;
    double desc = -gs_font_descender(st->font) * st->size / upem;
    double base_off = (lh - (asc + desc)) / 2 + asc;
    for (size_t i = from; i < to; i++) {
        gs_span sp = ce->lines[i];
        if (ce->lk && ce->lk[i] > 0)
            draw_box_row(c, ce, &ce->brows[ce->lk[i] - 1], x + st->pad_h,
                         ty + (double)(i - from) * lh, w - 2 * st->pad_h);
        if (!sp.len)
            continue;
        double lw = measure_cb((void *)st, ce->r.text.data + sp.off, sp.len);
        double lx = x + st->pad_h;
        if (st->align == GS_RIGHT)
            lx = x + w - st->pad_h - lw;
        else if (st->align == GS_CENTER)
            lx = x + (w - lw) / 2;
        draw_line(c, ce, sp, lx, ty + (double)(i - from) * lh + base_off);
    }
    /* Shared edges of neighbouring cells come out twice; the renderer
     * joins touching rules and draws them after every fill. */
    if (st->border) {
        gs_page_line(c->page, x, y, x + w, y, RULE_WIDTH, 0);
        gs_page_line(c->page, x, y + h, x + w, y + h, RULE_WIDTH, 0);
        gs_page_line(c->page, x, y, x, y + h, RULE_WIDTH, 0);
        gs_page_line(c->page, x + w, y, x + w, y + h, RULE_WIDTH, 0);
    }
}

/* Draws rows [a, e) whole at the cursor; merged cells are clipped to e. */
static void draw_rows(ctx *c, const block *b, const row *rows, size_t a, size_t e)
{
    double y = c->y;
    for (size_t r = a; r < e; r++) {
        for (size_t j = 0; j < rows[r].n; j++) {
            const cell *ce = &rows[r].cells[j];
            size_t span = (size_t)ce->rowspan;
            if (r + span > e)
                span = e - r;
            double h = 0;
            for (size_t k = 0; k < span; k++)
                h += rows[r + k].h;
            draw_cell(c, ce, b->colx[ce->col], y, h, 0, ce->shown);
        }
        y += rows[r].h;
    }
    c->y = y;
}

/* ---- placement ---------------------------------------------------------- */

static void new_page(ctx *c)
{
    c->page = gs_doc_new_page(c->doc);
    c->page->width = c->t->page_w;
    c->page->height = c->t->page_h;
    c->pageno = c->doc->npages - 1;
    c->y = c->top;
}

static double rows_h(const row *rows, size_t a, size_t e)
{
    double h = 0;
    for (size_t r = a; r < e; r++)
        h += rows[r].h;
    return h;
}

/* End of the unit starting at row a: rows joined by rowspans or
 * keep-with-next stay together. */
static size_t unit_end(const block *b, size_t a)
{
    size_t e = a + 1;
    for (size_t r = a; r < e && r < b->nrows; r++) {
        for (size_t j = 0; j < b->rows[r].n; j++) {
            size_t last = r + (size_t)b->rows[r].cells[j].rowspan;
            if (last > e)
                e = last;
        }
        if (b->rows[r].keep_next && r + 1 < b->nrows && r + 2 > e)
            e = r + 2;
    }
    return e > b->nrows ? b->nrows : e;
}

/* The height that must fit on a page for block b to start there: a
 * paragraph's first line block, a table's header and first unit, or a whole
 * table kept together (when it fits on a page at all). */
static double first_part_h(const ctx *c, const block *b)
{
    if (b->kind == B_PARA)
        return b->space_before + cell_h(&b->para, b->para.nlines);
    if (b->kind == B_TABLE && b->nrows) {
        double total = rows_h(b->rows, 0, b->nrows) + b->space_before;
        if (b->keep_together && total <= c->bottom - c->top)
            return total;
        /* the header and at least two rows: no orphan under a heading */
        size_t h = b->header_rows, e = h;
        while (e < b->nrows && e - h < MIN_ROWS)
            e = unit_end(b, e);
        return b->space_before + rows_h(b->rows, 0, e);
    }
    return 0;
}

static void place_header(ctx *c, const block *b, bool continued)
{
    const row *rows = continued && b->cont ? b->cont : b->rows;
    draw_rows(c, b, rows, 0, b->header_rows);
}

/* When a group of rows joined by merged cells has to be drawn row by row
 * (it is taller than a page), a merged cell from an earlier row of the group
 * is drawn only with its first row; the slots it covers in row r get an
 * empty box of its style, so the table keeps its edges and shading. */
static void draw_covered(ctx *c, const block *b, size_t a, size_t r, double y,
                         double h)
{
    for (size_t q = a; q < r; q++)
        for (size_t j = 0; j < b->rows[q].n; j++) {
            const cell *ce = &b->rows[q].cells[j];
            if (q + (size_t)ce->rowspan <= r)
                continue;
            cell box = *ce;
            box.nlines = 0;
            draw_cell(c, &box, b->colx[ce->col], y, h, 0, 0);
        }
}

/* A row taller than a page: draw it in slices of whole lines, repeating
 * the table's header on every page it continues to; a is the first row of
 * its group (see draw_covered). */
static void split_row(ctx *c, const block *b, size_t a, size_t r)
{
    const row *rw = &b->rows[r];
    size_t *from = gs_xcalloc(rw->n ? rw->n : 1, sizeof *from);
    for (;;) {
        double avail = c->bottom - c->y;
        double h = 0;
        bool done = true;
        size_t *to = gs_xcalloc(rw->n ? rw->n : 1, sizeof *to);
        for (size_t j = 0; j < rw->n; j++) {
            const cell *ce = &rw->cells[j];
            double lh = line_h(&ce->st);
            double room = (avail - 2 * ce->st.pad_v) / lh + EPS;
            size_t fit = room > 0 ? (size_t)floor(room) : 0;
            size_t left = ce->nlines - from[j];
            to[j] = from[j] + (fit < left ? fit : left);
            if (to[j] < ce->nlines)
                done = false;
            double ch = cell_h(ce, to[j] - from[j]);
            if (ch > h)
                h = ch;
        }
        if (done && rw->min_h > h)
            h = rw->min_h;
        for (size_t j = 0; j < rw->n; j++)
            draw_cell(c, &rw->cells[j], b->colx[rw->cells[j].col], c->y, h,
                      from[j], to[j]);
        draw_covered(c, b, a, r, c->y, h);
        c->y += h;
        memcpy(from, to, rw->n * sizeof *from);
        free(to);
        if (done)
            break;
        new_page(c);
        place_header(c, b, true);
    }
    free(from);
}

/* Where the last page of a table must start so that it holds at least
 * MIN_ROWS rows (no widow such as a lone closing 施設整備・事業設備・備品経費
 * line): the greedy breaks of place_table are simulated from the cursor and
 * the last one moved back to an earlier unit when the last page would hold
 * fewer.  Returns the row the last page starts with, or 0 for no forced
 * break (the table ends on this page, the greedy break already leaves
 * enough, a unit is taller than a page, or no earlier break keeps both
 * pages at MIN_ROWS). */
static size_t widow_break(const ctx *c, const block *b, double body_h)
{
    double y = c->y;
    size_t start = b->header_rows, prev = 0, last = 0;
    for (size_t a = b->header_rows; a < b->nrows;) {
        size_t e = unit_end(b, a);
        double uh = rows_h(b->rows, a, e);
        if (uh > body_h + EPS)
            return 0;
        if (y + uh > c->bottom + EPS && a > start) {
            prev = start;
            last = start = a;
            y = c->bottom - body_h;
        }
        y += uh;
        a = e;
    }
    if (!last || b->nrows - last >= MIN_ROWS)
        return 0;
    size_t best = 0;
    for (size_t u = prev; u < last; u = unit_end(b, u))
        if (u >= prev + MIN_ROWS && rows_h(b->rows, u, b->nrows) <= body_h + EPS)
            best = u;
    return best;
}

/* Where block b begins when placed at c->y: its space before is kept only
 * below something else on the page, never at the top of a page. */
static double block_top(const ctx *c, const block *b)
{
    return c->y > c->top + EPS ? c->y + b->space_before : c->y;
}

/* The sections placed up to their first block begin where it does (c->y,
 * its top): their pages are known, their bookmarks go in. */
static void settle(ctx *c)
{
    for (; c->settled < c->ready; c->settled++) {
        anchor *a = &c->found[c->settled];
        a->page = c->pageno;
        if (a->title)
            gs_doc_add_bookmark(c->doc, a->title, c->pageno, c->y, a->level);
    }
}

/* The first block from i on (drawn_after) or the last before i
 * (drawn_before) that takes room: a section's anchor takes none.  NULL
 * when there is none. */
static const block *drawn_after(const ctx *c, size_t i)
{
    for (; i < c->nb; i++)
        if (c->blocks[i].kind != B_ANCHOR)
            return &c->blocks[i];
    return NULL;
}

static const block *drawn_before(const ctx *c, size_t i)
{
    while (i-- > 0)
        if (c->blocks[i].kind != B_ANCHOR)
            return &c->blocks[i];
    return NULL;
}

static void place_table(ctx *c, const block *b)
{
    if (!b->nrows)
        return;
    double full = c->bottom - c->top;
    double total = rows_h(b->rows, 0, b->nrows) + b->space_before;
    if (b->keep_together && total <= full && c->y + total > c->bottom + EPS)
        new_page(c);
    /* a first part taller than any page starts here rather than leaving
     * this page (and the heading kept with it) empty */
    double first = first_part_h(c, b);
    if (c->y > c->top + EPS && c->y + first > c->bottom + EPS && first <= full)
        new_page(c);
    c->y = block_top(c, b);
    settle(c);
    place_header(c, b, false);
    double head_h = rows_h(b->rows, 0, b->header_rows);
    double cont_h = rows_h(b->cont ? b->cont : b->rows, 0, b->header_rows);
    size_t forced = widow_break(c, b, full - cont_h);
    double page_body_top = c->y;
    for (size_t a = b->header_rows; a < b->nrows;) {
        size_t e = unit_end(b, a);
        double uh = rows_h(b->rows, a, e);
        if ((c->y + uh > c->bottom + EPS || a == forced) &&
            c->y > page_body_top + EPS) {
            new_page(c);
            place_header(c, b, true);
            page_body_top = c->y;
        }
        if (c->y + uh <= c->bottom + EPS) {
            draw_rows(c, b, b->rows, a, e);
        } else {
            /* taller than a page: rows one by one, slicing the tall ones */
            for (size_t r = a; r < e; r++) {
                if (c->y + b->rows[r].h > c->bottom + EPS &&
                    c->y > page_body_top + EPS && b->rows[r].h <= full - head_h) {
                    new_page(c);
                    place_header(c, b, true);
                    page_body_top = c->y;
                }
                if (c->y + b->rows[r].h <= c->bottom + EPS) {
                    draw_covered(c, b, a, r, c->y, b->rows[r].h);
                    draw_rows(c, b, b->rows, r, r + 1);
                } else {
                    split_row(c, b, a, r);
                }
            }
        }
        a = e;
    }
    c->y += b->space_after;
}

static void place_para(ctx *c, const block *b, const block *next)
{
    const cell *ce = &b->para;
    double h = cell_h(ce, ce->nlines) + b->space_before;
    double need = h;
    if (b->keep_next && next)
        need += first_part_h(c, next);
    if (c->y > c->top + EPS && c->y + need > c->bottom + EPS &&
        need <= c->bottom - c->top)
        new_page(c);
    c->y = block_top(c, b);
    settle(c);
    double lh = line_h(&ce->st);
    for (size_t i = 0; i < ce->nlines;) {
        /* as many lines as fit on this page */
        double room = (c->bottom - c->y - 2 * ce->st.pad_v) / lh + EPS;
        size_t fit = room > 0 ? (size_t)floor(room) : 0;
        if (fit == 0) {
            new_page(c);
            continue;
        }
        size_t to = i + fit < ce->nlines ? i + fit : ce->nlines;
        double ph = cell_h(ce, to - i);
        draw_cell(c, ce, c->left, c->y, ph, i, to);
        c->y += ph;
        i = to;
    }
    c->y += b->space_after;
}

static void free_rows(row *rows, size_t n);

/* What a one-page table could not hold (fit_one_page) goes on the next
 * page: its heading (the paragraph kept with it) again, marked with the
 * table's continued="…", then a table of two columns, the label of each cut
 * cell (the shaded cell left of it) and the rest of its text in the
 * cell's own style at its full size. */
static void place_overflow(ctx *c, const block *b, const block *heading)
{
    block tb;
    memset(&tb, 0, sizeof tb);
    tb.kind = B_TABLE;
    tb.pos = b->pos;
    for (size_t r = 0; r < b->nrows; r++) {
        const row *rw = &b->rows[r];
        for (size_t j = 0; j < rw->n; j++) {
            const cell *ce = &rw->cells[j];
            if (ce->shown >= ce->nlines)
                continue;
            const cell *label = NULL;
            for (size_t k = j; k-- > 0;)
                if (rw->cells[k].st.fill >= 0) {
                    label = &rw->cells[k];
                    break;
                }
            GS_GROW(tb.rows, tb.rcap, tb.nrows + 1);
            row *nr = &tb.rows[tb.nrows++];
            memset(nr, 0, sizeof *nr);
            nr->pos = rw->pos;
            nr->cells = gs_xcalloc(2, sizeof *nr->cells);
            nr->n = nr->cap = 2;
            cell *lc = &nr->cells[0], *tc = &nr->cells[1];
            lc->st = label ? label->st : ce->st;
            lc->pos = label ? label->pos : ce->pos;
            if (label)
                rich_copy(&lc->r, &label->r);
            lc->colspan = lc->rowspan = 1;
            tc->st = ce->st;
            tc->st.size = ce->size0;
            tc->st.valign = GS_TOP;
            tc->pos = ce->pos;
            rich_tail(&tc->r, &ce->r, ce->lines[ce->shown].off);
            tc->colspan = tc->rowspan = 1;
        }
    }
    if (!tb.nrows)
        return;
    new_page(c);
    if (heading) {
        block hb = *heading;
        rich_copy(&hb.para.r, &heading->para.r);
        if (b->cont_text)
            rich_append(&hb.para.r, b->cont_text, strlen(b->cont_text), b->pos);
        hb.para.lines = NULL;
        hb.para.lk = NULL;
        hb.para.brows = NULL;
        wrap_cell(c, &hb.para, c->width);
        hb.keep_next = false;
        place_para(c, &hb, NULL);
        rich_free(&hb.para.r);
        cell_free_lines(&hb.para);
    }
    tb.ncols = 2;
    tb.colx = gs_xcalloc(3, sizeof *tb.colx);
    tb.colx[0] = c->left;
    tb.colx[1] = c->left + (b->colx[1] - b->colx[0]);
    tb.colx[2] = c->left + c->width;
    measure_rows(c, &tb, tb.rows, tb.nrows);
    place_table(c, &tb);
    free_rows(tb.rows, tb.nrows);
    free(tb.colx);
}

static void place(ctx *c)
{
    for (size_t i = 0; i < c->nb; i++) {
        const block *b = &c->blocks[i];
        const block *next = drawn_after(c, i + 1);
        const block *prev = drawn_before(c, i);
        switch (b->kind) {
        case B_PARA:
            place_para(c, b, next);
            break;
        case B_TABLE:
            place_table(c, b);
            if (b->one_page)
                place_overflow(c, b, prev && prev->kind == B_PARA &&
                                     prev->keep_next ? prev : NULL);
            break;
        case B_BREAK:
            new_page(c);
            break;
        case B_SPACE:
            c->y += b->space;
            if (c->y > c->bottom)
                new_page(c);
            break;
        case B_ANCHOR:
            c->ready = b->anchor + 1;
            break;
        }
    }
    settle(c);  /* a section that draws nothing begins where it ends */
}

static void free_rows(row *rows, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        for (size_t j = 0; j < rows[r].n; j++) {
            rich_free(&rows[r].cells[j].r);
            cell_free_lines(&rows[r].cells[j]);
        }
        free(rows[r].cells);
    }
    free(rows);
}

static void free_blocks(ctx *c)
{
    for (size_t i = 0; i < c->nb; i++) {
        block *b = &c->blocks[i];
        rich_free(&b->para.r);
        cell_free_lines(&b->para);
        free(b->colx);
        free(b->cont_text);
        free_rows(b->rows, b->nrows);
        if (b->cont)
            free_rows(b->cont, b->header_rows);
    }
    free(c->blocks);
    c->blocks = NULL;
    c->nb = c->bcap = 0;
}

/* Footers go on last, when the number of pages is known. */
static void draw_footers(ctx *c, gs_template *const *sheets,
                         const size_t *first_page, size_t nsheets)
{
    size_t pages = c->doc->npages;
    for (size_t s = 0; s < nsheets; s++) {
        const gs_template *t = sheets[s];
        if (!t->footer)
            continue;
        c->t = t;
        size_t end = s + 1 < nsheets ? first_page[s + 1] : pages;
        for (size_t p = first_page[s]; p < end; p++) {
            gs_srcpos none = {NULL, 0, 0};
            gs_value *vars = gs_value_map(none);
            gs_map_set(vars, "page", gs_value_int((int64_t)p + 1, none));
            gs_map_set(vars, "pages", gs_value_int((int64_t)pages, none));
            scope sp = {"page", gs_map_lookup(vars, "page"), NULL};
            scope sps = {"pages", gs_map_lookup(vars, "pages"), &sp};
            cell ce;
            memset(&ce, 0, sizeof ce);
            ce.st = t->base;
            ce.st.border = false;
            ce.st.fill = -1;
            ce.st.pad_h = ce.st.pad_v = 0;
            gs_template_apply_style(t, t->footer, &ce.st, c->d);
            ce.pos = tpos(c, t->footer);
            expand_inline(c, ((const xmlNode *)t->footer)->children, &sps, &ce.r);
            wrap_cell(c, &ce, t->page_w - t->m_left - t->m_right);
            c->page = &c->doc->pages[p];
            double h = cell_h(&ce, ce.nlines);
            double y = t->page_h - t->m_bottom + (t->m_bottom - h) / 2;
            draw_cell(c, &ce, t->m_left, y, h, 0, ce.nlines);
            rich_free(&ce.r);
            cell_free_lines(&ce);
            gs_value_free(vars);
        }
    }
}

/* A sheet with <page continue="1"> goes on below the previous sheet when
 * that page has the same size and the sheet's first block (with what it is
 * kept with) fits there; its bookmark and footer then start on that page. */
static bool continues_here(ctx *c)
{
    const gs_template *t = c->t;
    if (!t->continues || !c->page || fabs(c->page->width - t->page_w) > EPS ||
        fabs(c->page->height - t->page_h) > EPS)
        return false;
    const block *b = drawn_after(c, 0);
    if (!b)
        return true;
    double need = first_part_h(c, b);
    const block *next = drawn_after(c, (size_t)(b - c->blocks) + 1);
    if (b->keep_next && next)
        need += first_part_h(c, next);
    return c->y + need <= c->bottom + EPS;
}

static void free_anchors(anchor *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].key);
        free(a[i].title);
    }
    free(a);
}

/* One pass over every sheet: c's known sections (from the previous pass)
 * in, c->doc and c->found out.  The doc is NULL when a template does not
 * fit the data. */
static void run_pass(ctx *c, gs_template *const *sheets, size_t nsheets)
{
    c->doc = gs_doc_new(nsheets ? sheets[0]->page_w : 595, nsheets ? sheets[0]->page_h : 842);
    size_t *first_page = gs_xcalloc(nsheets ? nsheets : 1, sizeof *first_page);
    for (size_t s = 0; s < nsheets; s++) {
        const gs_template *t = sheets[s];
        c->t = t;
        c->top = t->m_top;
        c->bottom = t->page_h - t->m_bottom;
        c->left = t->m_left;
        c->width = t->page_w - t->m_left - t->m_right;
        expand_blocks(c, ((const xmlNode *)t->body)->children, NULL, NULL);
        if (!c->failed) {
            measure(c);
            collect_figures(c);
            if (!continues_here(c))
                new_page(c);
            first_page[s] = c->pageno;
            if (t->title) {
                /* the sheet's first block (its heading) fits here, see
                 * continues_here, so this is where the heading goes */
                const block *b = drawn_after(c, 0);
                double y = b ? block_top(c, b) : c->y;
                gs_doc_add_bookmark(c->doc, t->title, c->pageno, y, 0);
                if (!c->doc->title)
                    c->doc->title = gs_xstrdup(t->title);
            }
            place(c);
        }
        free_blocks(c);
    }
    if (!c->failed)
        draw_footers(c, sheets, first_page, nsheets);
    free(first_page);
    if (c->failed) {
        gs_doc_free(c->doc);
        c->doc = NULL;
    }
}

/* Page references converge when a pass finds every section on the page
 * the pass before it did, the pages its references printed. */
static bool same_pages(const anchor *a, size_t na, const anchor *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i].key, b[i].key) != 0 || a[i].page != b[i].page)
            return false;
    return true;
}

/* A document with page references (<pageref>) is laid out until it agrees
 * with itself, as LaTeX reruns for its \pageref: the first pass prints a
 * placeholder and learns where each <section> begins, each later pass
 * prints the pages the one before found, and the last pass is the one
 * whose sections begin where its references say.  A reference has a
 * column or a line of its own in any sensible template, so the digits do
 * not move what follows and the second pass agrees; MAX_PASSES only
 * bounds a template that keeps moving.  A document without references is
 * laid out once.  Each pass reports into its own list; only the last
 * one's problems are kept, so nothing is reported twice. */
#define MAX_PASSES 4

gs_doc *gs_layout_run(gs_template *const *sheets, size_t nsheets,
                      const gs_value *data, gs_breaker *br, gs_diags *d)
{
    anchor *known = NULL;
    size_t nknown = 0;
    gs_doc *doc = NULL;
    for (int pass = 0;; pass++) {
        gs_diags pd = GS_DIAGS_INIT;
        ctx c;
        memset(&c, 0, sizeof c);
        c.root = data;
        c.d = &pd;
        c.br = br;
        c.first = pass == 0;
        c.known = known;
        c.nknown = nknown;
        run_pass(&c, sheets, nsheets);
        doc = c.doc;
        bool done = !doc || !c.refs ||
                    (pass > 0 && same_pages(known, nknown, c.found, c.nfound));
        if (!done && pass + 1 == MAX_PASSES) {
            gs_srcpos at = {nsheets ? sheets[0]->file : NULL, 0, 0};
            gs_diags_add(&pd, GS_ERROR, "E304", at,
                         "ページ参照のページが %d 回組んでも定まりません", MAX_PASSES);
            gs_doc_free(doc);
            doc = NULL;
            done = true;
        }
        free_anchors(known, nknown);
        known = c.found;
        nknown = c.nfound;
        if (done) {
            gs_diags_move(d, &pd);
            break;
        }
        gs_diags_free(&pd);
        gs_doc_free(doc);
    }
    free_anchors(known, nknown);
    return doc;
}
