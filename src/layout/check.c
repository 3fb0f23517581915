/*
 * check.c - a template checked in full when it loads, before any plan.
 *
 * Layout expands only the branches a plan takes: a misspelt path inside an
 * <if> that this plan does not enter, or in a <for> over a list this plan
 * leaves empty, would pass for months and then fail on the one plan that
 * takes that branch.  So every template is walked once, every branch of
 * it, against the *shape* of the data: the data tree of a prototype plan
 * (gs_bind_prototype) in which every list has an element, with each list
 * folded into one element that has the names of all of them.  Every path
 * ({…}, <if test>, <for in>) must exist in the shape (E302), every format
 * must exist and suit the datum's kind (E303), a <for> must go over a list,
 * a <section>'s or <pageref>'s key must name a datum that can name a
 * section (a text or a number), and every element and style attribute
 * must be one the engine knows (E301), each reported at the template's
 * file and line.  Whether a reference finds its section depends on the
 * data; layout reports that (E304).
 *
 * The walk mirrors layout.c's expansion: the same elements in the same
 * places, the same path resolution (gs_value_walk) and the same formats
 * (gs_layout_format), so what passes here expands there.
 */
#include "layout/check.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"
#include "util/buf.h"

typedef enum where { IN_BODY, IN_TABLE, IN_ROW, IN_TEXT, IN_BOXES, IN_NOTHING } where;

typedef gs_scope cscope;

typedef struct chk {
    const gs_template *t;
    const gs_value *root;   /* the shape */
    gs_diags *d;
    size_t errors_before;
} chk;

/* ---- the shape: lists folded into one element ---------------------------- */

static gs_value *shape_of(const gs_value *v);

/* Merges src into dst (both shapes): a map gets src's missing names, a
 * null takes src's kind. */
static gs_value *merge(gs_value *dst, const gs_value *src)
{
    if (dst->kind == GS_V_NULL && src->kind != GS_V_NULL) {
        gs_value_free(dst);
        return shape_of(src);
    }
    if (dst->kind == GS_V_MAP && src->kind == GS_V_MAP) {
        for (size_t i = 0; i < src->u.map.n; i++) {
            const char *key = src->u.map.keys[i];
            size_t j = 0;
            while (j < dst->u.map.n && strcmp(dst->u.map.keys[j], key) != 0)
                j++;
            if (j == dst->u.map.n)
                gs_map_set(dst, key, shape_of(src->u.map.v[i]));
            else    /* merge may replace the slot's value: set it in place */
                dst->u.map.v[j] = merge(dst->u.map.v[j], src->u.map.v[i]);
        }
    } else if (dst->kind == GS_V_LIST && src->kind == GS_V_LIST &&
               src->u.list.n) {
        gs_value *folded = shape_of(src);
        if (dst->u.list.n == 0)
            gs_list_push(dst, shape_of(folded->u.list.v[0]));
        else
            dst->u.list.v[0] = merge(dst->u.list.v[0], folded->u.list.v[0]);
        gs_value_free(folded);
    }
    return dst;
}

static gs_value *shape_of(const gs_value *v)
{
    gs_value *s;
    switch (v->kind) {
    case GS_V_MAP:
        s = gs_value_map(v->pos);
        for (size_t i = 0; i < v->u.map.n; i++)
            gs_map_set(s, v->u.map.keys[i], shape_of(v->u.map.v[i]));
        return s;
    case GS_V_LIST:
        s = gs_value_list(v->pos);
        for (size_t i = 0; i < v->u.list.n; i++) {
            if (s->u.list.n == 0)
                gs_list_push(s, shape_of(v->u.list.v[i]));
            else
                s->u.list.v[0] = merge(s->u.list.v[0], v->u.list.v[i]);
        }
        return s;
    case GS_V_STR:
        return gs_value_str(v->u.s, v->pos);
    case GS_V_RATIO:
        return gs_value_ratio(v->u.ratio.num, v->u.ratio.den, v->pos);
    case GS_V_BOOL:
        return gs_value_bool(v->u.b, v->pos);
    case GS_V_INT:
        return gs_value_int(v->u.i, v->pos);
    case GS_V_FIXED2:
        return gs_value_fixed2(v->u.i, v->pos);
    case GS_V_NULL:
        break;
    }
    return gs_value_null(v->pos);
}

gs_value *gs_check_shape(const gs_value *data)
{
    return shape_of(data);
}

/* ---- the walk ------------------------------------------------------------ */

static gs_srcpos pos_of(const chk *k, const xmlNode *n)
{
    gs_srcpos p = {k->t->file, (int)xmlGetLineNo(n), 0};
    return p;
}

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    char *s = v ? gs_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* What a <for> over a path that is not a list binds its name to: anything
 * under it is accepted, so one mistake is reported once. */
static const gs_value unknown = {.kind = GS_V_NULL};

static const gs_value *lookup(chk *k, const xmlNode *n, const cscope *sc,
                              const char *path)
{
    const char *rest;
    const gs_value *v = gs_scope_head(sc, k->root, path, &rest);
    if (v == &unknown)
        return v;
    v = gs_value_walk(v, rest, true);
    if (!v)
        gs_diags_add(k->d, GS_ERROR, "E302", pos_of(k, n),
                     "テンプレートが参照するデータ \"%s\" がありません", path);
    return v;
}

/* One "{path|format}" (without braces). */
static void check_expr(chk *k, const xmlNode *n, const cscope *sc,
                       const char *expr, size_t len)
{
    char *e = gs_xstrndup(expr, len);
    char *bar = strchr(e, '|');
    const char *fmt = "";
    if (bar) {
        *bar = '\0';
        fmt = bar + 1;
    }
    const gs_value *v = lookup(k, n, sc, e);
    gs_buf out = GS_BUF_INIT;
    gs_value *null = gs_value_null(pos_of(k, n));
    int ok = gs_layout_format(fmt, v && v->kind != GS_V_NULL ? v : null, &out);
    if (ok < 0)
        gs_diags_add(k->d, GS_ERROR, "E303", pos_of(k, n),
                     "テンプレートの書式 \"%s\" はありません", fmt);
    else if (v && v->kind != GS_V_NULL && !ok)
        gs_diags_add(k->d, GS_ERROR, "E303", pos_of(k, n),
                     "テンプレートの \"%s\" はこの書式で表示できない種類のデータです", e);
    gs_value_free(null);
    gs_buf_free(&out);
    free(e);
}

/* Template text s of node n (its content, or an attribute such as a
 * <section>'s title). */
static void check_text(chk *k, const xmlNode *n, const char *s, const cscope *sc)
{
    for (size_t i = 0; s[i];) {
        if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
            i += 2;
        } else if (s[i] == '{') {
            const char *end = strchr(s + i, '}');
            if (!end) {
                gs_diags_add(k->d, GS_ERROR, "E303", pos_of(k, n),
                             "テンプレートの \"%s\" に閉じ括弧 } がありません", s + i);
                return;
            }
            check_expr(k, n, sc, s + i + 1, (size_t)(end - s - i - 1));
            i = (size_t)(end - s) + 1;
        } else {
            i++;
        }
    }
}

static bool blank(const xmlNode *n)
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

/* Style attributes are checked by the same code that applies them. */
static void check_style(chk *k, const xmlNode *n)
{
    gs_style st = k->t->base;
    gs_template_apply_style(k->t, n, &st, k->d);
}

static void require(chk *k, const xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST attr);
    if (!v)
        gs_diags_add(k->d, GS_ERROR, "E301", pos_of(k, n),
                     "テンプレートの <%s> には %s が必要です", (const char *)n->name,
                     attr);
    xmlFree(v);
}

static void walk(chk *k, const xmlNode *first, const cscope *sc, where w);

/* A <section>'s key, or the key of the section a <pageref> points to: a
 * datum that can name a section (a text or a number, printed plain). */
static void check_key(chk *k, const xmlNode *n, const cscope *sc)
{
    char *key = prop(n, "key");
    if (!key) {
        require(k, n, "key");
        return;
    }
    const gs_value *v = lookup(k, n, sc, key);
    gs_buf out = GS_BUF_INIT;
    if (v && v != &unknown && v->kind != GS_V_NULL && gs_layout_format("", v, &out) != 1)
        gs_diags_add(k->d, GS_ERROR, "E303", pos_of(k, n),
                     "テンプレートの key \"%s\" は節を名指せない種類のデータです", key);
    gs_buf_free(&out);
    free(key);
}

/* Every width must read, and one repeated per list element
 * ("*{plan_years}") must name a list. */
static void check_widths(chk *k, const xmlNode *n, const cscope *sc)
{
    char *w = prop(n, "widths");
    char *save = NULL;
    for (char *tok = w ? strtok_r(w, " ", &save) : NULL; tok;
         tok = strtok_r(NULL, " ", &save)) {
        size_t wlen, plen;
        const char *path;
        if (!gs_template_width_token(tok, &wlen, &path, &plen)) {
            gs_diags_add(k->d, GS_ERROR, "E301", pos_of(k, n),
                         "テンプレートの widths の \"%s\" が読めません", tok);
            continue;
        }
        char *wpart = gs_xstrndup(tok, wlen);
        double pt;
        if (strcmp(wpart, "*") != 0 && (!gs_template_length(wpart, true, &pt) || pt <= 0))
            gs_diags_add(k->d, GS_ERROR, "E301", pos_of(k, n),
                         "テンプレートの widths の \"%s\" が読めません", tok);
        free(wpart);
        if (!path)
            continue;
        char *ps = gs_xstrndup(path, plen);
        const gs_value *v = lookup(k, n, sc, ps);
        if (v && v != &unknown && v->kind != GS_V_LIST)
            gs_diags_add(k->d, GS_ERROR, "E303", pos_of(k, n),
                         "テンプレートの widths の \"%s\" はリストではありません", ps);
        free(ps);
    }
    free(w);
}

static void check_for(chk *k, const xmlNode *n, const cscope *sc, where w)
{
    char *each = prop(n, "each"), *in = prop(n, "in");
    if (!each || !in) {
        gs_diags_add(k->d, GS_ERROR, "E301", pos_of(k, n),
                     "テンプレートの <for> には each と in が必要です");
    } else {
        const gs_value *list = lookup(k, n, sc, in);
        if (list && list->kind != GS_V_LIST && list->kind != GS_V_NULL)
            gs_diags_add(k->d, GS_ERROR, "E303", pos_of(k, n),
                         "テンプレートの \"%s\" はリストではありません", in);
        const gs_value *elem = list && list->kind == GS_V_LIST && list->u.list.n
                                   ? list->u.list.v[0] : &unknown;
        cscope inner = {each, elem, sc};
        walk(k, n->children, &inner, w);
    }
    free(each);
    free(in);
}

static void check_if(chk *k, const xmlNode *n, const cscope *sc, where w)
{
    char *test = prop(n, "test");
    if (!test)
        gs_diags_add(k->d, GS_ERROR, "E301", pos_of(k, n),
                     "テンプレートの <if> には test が必要です");
    else
        lookup(k, n, sc, test + (test[0] == '!'));
    free(test);
    walk(k, n->children, sc, w);
}

/* The elements each place may hold, as layout.c expands them. */
static void walk(chk *k, const xmlNode *first, const cscope *sc, where w)
{
    for (const xmlNode *n = first; n; n = n->next) {
        if (is_el(n, "for")) {
            check_for(k, n, sc, w);
        } else if (is_el(n, "if")) {
            check_if(k, n, sc, w);
        } else if (w == IN_TEXT && n->type == XML_TEXT_NODE) {
            check_text(k, n, (const char *)n->content, sc);
        } else if (w == IN_TEXT && is_el(n, "pageref")) {
            check_key(k, n, sc);
            walk(k, n->children, sc, IN_NOTHING);
        } else if (w == IN_TEXT && is_el(n, "br")) {
            ;
        } else if (w == IN_TEXT && is_el(n, "boxes")) {
            walk(k, n->children, sc, IN_BOXES);
        } else if (w == IN_BOXES && is_el(n, "box")) {
            walk(k, n->children, sc, IN_TEXT);
        } else if (w == IN_BODY && is_el(n, "para")) {
            check_style(k, n);
            walk(k, n->children, sc, IN_TEXT);
        } else if (w == IN_BODY && is_el(n, "table")) {
            require(k, n, "widths");
            check_widths(k, n, sc);
            check_style(k, n);
            walk(k, n->children, sc, IN_TABLE);
        } else if (w == IN_BODY && is_el(n, "space")) {
            require(k, n, "height");
        } else if (w == IN_BODY && is_el(n, "pagebreak")) {
            ;
        } else if (w == IN_BODY && is_el(n, "section")) {
            check_key(k, n, sc);
            char *title = prop(n, "title");
            if (title)
                check_text(k, n, title, sc);
            free(title);
            walk(k, n->children, sc, IN_BODY);
        } else if (w == IN_TABLE && is_el(n, "row")) {
            check_style(k, n);
            walk(k, n->children, sc, IN_ROW);
        } else if (w == IN_ROW && is_el(n, "cell")) {
            check_style(k, n);
            walk(k, n->children, sc, IN_TEXT);
        } else if (!blank(n)) {
            static const char *const place[] = {"本文", "<table>", "<row>", "文字列",
                                                "<boxes>", "<pageref>"};
            gs_diags_add(k->d, GS_ERROR, "E301", pos_of(k, n),
                         "テンプレートの%sの中に <%s> は置けません", place[w],
                         n->type == XML_ELEMENT_NODE ? (const char *)n->name : "文字");
        }
    }
}

bool gs_check_template(const gs_template *t, const gs_value *shape, gs_diags *d)
{
    chk k = {t, shape, d, d->errors};
    walk(&k, ((const xmlNode *)t->body)->children, NULL, IN_BODY);
    if (t->footer) {
        /* the footer alone sees the page numbers */
        gs_srcpos none = {NULL, 0, 0};
        gs_value *num = gs_value_int(1, none);
        cscope page = {"page", num, NULL};
        cscope pages = {"pages", num, &page};
        check_style(&k, t->footer);
        walk(&k, ((const xmlNode *)t->footer)->children, &pages, IN_TEXT);
        gs_value_free(num);
    }
    return d->errors == k.errors_before;
}
