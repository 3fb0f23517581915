/*
 * template.c - loading a sheet template and resolving styles.
 *
 * Templates ship with grantsheet but are edited by people, so every mistake
 * is reported with the template's file and line rather than crashing or
 * silently drawing something else.  Parsing follows the same hostile-input
 * rules as plans: no network, no DTD, no entities.
 */
#include "layout/template.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define NS "urn:x-grantsheet:template:1"
#define MM 2.834645669 /* points per millimetre */

typedef struct errctx {
    gs_diags *d;
    const char *file;
} errctx;

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    errctx *ec = ctx;
    gs_srcpos pos = {ec->file, e->line, e->int2};
    char *msg = gs_xstrdup(e->message ? e->message : "?");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    gs_diags_add(ec->d, GS_ERROR, "E301", pos, "テンプレートの XML が不正です: %s",
                 msg);
    free(msg);
}

static gs_srcpos pos_of(const gs_template *t, const xmlNode *n)
{
    gs_srcpos p = {t->file, (int)xmlGetLineNo(n), 0};
    return p;
}

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

bool gs_template_length(const char *s, bool unit_mm, double *pt)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v) || v < 0 || v > 10000)
        return false;
    if (strcmp(end, "mm") == 0)
        v *= MM;
    else if (strcmp(end, "pt") == 0)
        ;
    else if (*end == '\0')
        v = unit_mm ? v * MM : v;
    else
        return false;
    *pt = v;
    return true;
}

bool gs_template_width_token(const char *tok, size_t *wlen, const char **path,
                             size_t *plen)
{
    const char *open = strchr(tok, '{');
    *path = NULL;
    *plen = 0;
    if (!open) {
        *wlen = strlen(tok);
        return !strchr(tok, '}');
    }
    const char *close = strchr(open, '}');
    if (!close || close[1] || close == open + 1 || open == tok)
        return false;
    *wlen = (size_t)(open - tok);
    *path = open + 1;
    *plen = (size_t)(close - open - 1);
    return true;
}

static void bad_attr(const gs_template *t, const xmlNode *n, const char *attr,
                     const char *val, gs_diags *d)
{
    gs_diags_add(d, GS_ERROR, "E301", pos_of(t, n),
                 "テンプレートの <%s> の属性 %s=\"%s\" は使えない値です",
                 (const char *)n->name, attr, val);
}

static gs_font *font_by_id(const gs_template *t, const char *id)
{
    for (size_t i = 0; i < t->nfonts; i++)
        if (strcmp(t->font_ids[i], id) == 0)
            return t->fonts[i];
    return NULL;
}

static const xmlNode *style_by_id(const gs_template *t, const char *id)
{
    for (size_t i = 0; i < t->nstyles; i++)
        if (strcmp(t->styles[i].id, id) == 0)
            return t->styles[i].node;
    return NULL;
}

/* Applies the element's own style attributes (not style="…"). */
static void apply_attrs(const gs_template *t, const xmlNode *n, gs_style *st,
                        gs_diags *d)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *k = (const char *)a->name;
        xmlChar *vx = xmlNodeGetContent((const xmlNode *)a);
        const char *v = (const char *)vx;
        double x;
        bool ok = true;
        if (strcmp(k, "font") == 0) {
            gs_font *f = font_by_id(t, v);
            if (f)
                st->font = f;
            else
                ok = false;
        } else if (strcmp(k, "size") == 0) {
            ok = gs_template_length(v, false, &x) && x >= 2 && x <= 72;
            if (ok)
                st->size = x;
        } else if (strcmp(k, "leading") == 0) {
            char *end;
            x = strtod(v, &end);
            ok = *end == '\0' && x >= 0.8 && x <= 4;
            if (ok)
                st->leading = x;
        } else if (strcmp(k, "padding") == 0) {
            double a1, a2;
            char *end;
            a1 = strtod(v, &end);
            a2 = a1;
            if (*end == ' ')
                a2 = strtod(end + 1, &end);
            ok = *end == '\0' && a1 >= 0 && a1 <= 50 && a2 >= 0 && a2 <= 50;
            if (ok) {
                st->pad_v = a1;
                st->pad_h = a2;
            }
        } else if (strcmp(k, "align") == 0) {
            if (strcmp(v, "left") == 0)
                st->align = GS_LEFT;
            else if (strcmp(v, "center") == 0)
                st->align = GS_CENTER;
            else if (strcmp(v, "right") == 0)
                st->align = GS_RIGHT;
            else
                ok = false;
        } else if (strcmp(k, "valign") == 0) {
            if (strcmp(v, "top") == 0)
                st->valign = GS_TOP;
            else if (strcmp(v, "middle") == 0)
                st->valign = GS_MIDDLE;
            else if (strcmp(v, "bottom") == 0)
                st->valign = GS_BOTTOM;
            else
                ok = false;
        } else if (strcmp(k, "fill") == 0) {
            char *end;
            if (strcmp(v, "none") == 0)
                st->fill = -1;
            else {
                x = strtod(v, &end);
                ok = *end == '\0' && x >= 0 && x <= 1;
                if (ok)
                    st->fill = x;
            }
        } else if (strcmp(k, "border") == 0) {
            if (strcmp(v, "1") == 0)
                st->border = true;
            else if (strcmp(v, "0") == 0)
                st->border = false;
            else
                ok = false;
        } else if (strcmp(k, "space-before") == 0) {
            ok = gs_template_length(v, false, &x);
            if (ok)
                st->space_before = x;
        } else if (strcmp(k, "space-after") == 0) {
            ok = gs_template_length(v, false, &x);
            if (ok)
                st->space_after = x;
        }
        /* other attributes belong to the element, not to its style */
        if (!ok)
            bad_attr(t, n, k, v, d);
        xmlFree(vx);
    }
}

void gs_template_apply_style(const gs_template *t, const void *node,
                             gs_style *st, gs_diags *d)
{
    const xmlNode *n = node;
    xmlChar *refs = xmlGetProp(n, BAD_CAST "style");
    if (refs) {
        char *save = NULL;
        for (char *id = strtok_r((char *)refs, " ", &save); id;
             id = strtok_r(NULL, " ", &save)) {
            const xmlNode *s = style_by_id(t, id);
            if (s)
                apply_attrs(t, s, st, d);
            else
                gs_diags_add(d, GS_ERROR, "E301", pos_of(t, n),
                             "テンプレートにスタイル \"%s\" がありません", id);
        }
        xmlFree(refs);
    }
    apply_attrs(t, n, st, d);
}

static bool load_page(gs_template *t, const xmlNode *n, gs_diags *d)
{
    bool ok = true;
    xmlChar *size = xmlGetProp(n, BAD_CAST "size");
    xmlChar *orient = xmlGetProp(n, BAD_CAST "orientation");
    xmlChar *margin = xmlGetProp(n, BAD_CAST "margin");
    xmlChar *cont = xmlGetProp(n, BAD_CAST "continue");
    if (cont && strcmp((char *)cont, "1") == 0)
        t->continues = true;
    else if (cont && strcmp((char *)cont, "0") != 0) {
        bad_attr(t, n, "continue", (char *)cont, d);
        ok = false;
    }
    xmlFree(cont);
    double w = 210 * MM, h = 297 * MM;
    if (size && strcmp((char *)size, "A4") == 0)
        ;
    else if (size && strcmp((char *)size, "A3") == 0) {
        w = 297 * MM;
        h = 420 * MM;
    } else {
        bad_attr(t, n, "size", size ? (char *)size : "", d);
        ok = false;
    }
    if (orient && strcmp((char *)orient, "landscape") == 0) {
        double tmp = w;
        w = h;
        h = tmp;
    } else if (orient && strcmp((char *)orient, "portrait") != 0) {
        bad_attr(t, n, "orientation", (char *)orient, d);
        ok = false;
    }
    t->page_w = w;
    t->page_h = h;
    double m[4] = {15 * MM, 15 * MM, 15 * MM, 15 * MM};
    if (margin) {
        int k = 0;
        char *save = NULL;
        for (char *tok = strtok_r((char *)margin, " ", &save); tok;
             tok = strtok_r(NULL, " ", &save)) {
            if (k >= 4 || !gs_template_length(tok, true, &m[k]))
                k = 5;
            else
                k++;
        }
        if (k != 4) {
            bad_attr(t, n, "margin", "", d);
            ok = false;
        }
    }
    t->m_top = m[0];
    t->m_right = m[1];
    t->m_bottom = m[2];
    t->m_left = m[3];
    if (t->m_left + t->m_right > w / 2 || t->m_top + t->m_bottom > h / 2) {
        bad_attr(t, n, "margin", "", d);
        ok = false;
    }
    xmlFree(size);
    xmlFree(orient);
    xmlFree(margin);
    return ok;
}

static bool load_font(gs_template *t, const xmlNode *n, gs_fontset *fs,
                      gs_diags *d)
{
    xmlChar *id = xmlGetProp(n, BAD_CAST "id");
    xmlChar *file = xmlGetProp(n, BAD_CAST "file");
    bool ok = false;
    if (!id || !file) {
        gs_diags_add(d, GS_ERROR, "E301", pos_of(t, n),
                     "テンプレートの <font> には id と file が必要です");
        goto done;
    }
    gs_font *f = gs_fontset_get(fs, (const char *)file);
    if (!f) {
        gs_diags_add(d, GS_ERROR, "E403", pos_of(t, n),
                     "フォント %s/%s を読み込めません", gs_fontset_dir(fs),
                     (const char *)file);
        goto done;
    }
    t->font_ids = gs_xrealloc(t->font_ids, (t->nfonts + 1) * sizeof *t->font_ids);
    t->fonts = gs_xrealloc(t->fonts, (t->nfonts + 1) * sizeof *t->fonts);
    t->font_ids[t->nfonts] = gs_xstrdup((const char *)id);
    t->fonts[t->nfonts] = f;
    t->nfonts++;
    ok = true;
done:
    xmlFree(id);
    xmlFree(file);
    return ok;
}

gs_template *gs_template_load(const char *path, gs_fontset *fs, gs_diags *d)
{
    gs_template *t = gs_xcalloc(1, sizeof *t);
    t->file = gs_xstrdup(path);
    size_t errors_before = d->errors;
    errctx ec = {d, t->file};

    xmlSetStructuredErrorFunc(&ec, on_xml_error);
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    xmlSetStructuredErrorFunc(NULL, NULL);
    t->xml = doc;
    if (!doc) {
        if (d->errors == errors_before)
            gs_diags_add(d, GS_ERROR, "E301", (gs_srcpos){t->file, 0, 0},
                         "テンプレートを読み込めません");
        goto fail;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || !root || !is_el(root, "template") || !root->ns ||
        strcmp((const char *)root->ns->href, NS) != 0) {
        gs_diags_add(d, GS_ERROR, "E301", (gs_srcpos){t->file, root ? (int)xmlGetLineNo(root) : 0, 0},
                     "テンプレートではありません (ルート要素は名前空間 %s の <template> です)",
                     NS);
        goto fail;
    }
    xmlChar *title = xmlGetProp(root, BAD_CAST "title");
    if (title) {
        t->title = gs_xstrdup((const char *)title);
        xmlFree(title);
    }
    /* fonts and styles first: the page and body refer to them */
    for (xmlNode *n = root->children; n; n = n->next) {
        if (is_el(n, "font"))
            load_font(t, n, fs, d);
        else if (is_el(n, "style")) {
            xmlChar *id = xmlGetProp(n, BAD_CAST "id");
            if (!id) {
                gs_diags_add(d, GS_ERROR, "E301", pos_of(t, n),
                             "テンプレートの <style> には id が必要です");
                continue;
            }
            t->styles = gs_xrealloc(t->styles, (t->nstyles + 1) * sizeof *t->styles);
            t->styles[t->nstyles].id = gs_xstrdup((const char *)id);
            t->styles[t->nstyles].node = n;
            t->nstyles++;
            xmlFree(id);
        }
    }
    if (t->nfonts == 0) {
        gs_diags_add(d, GS_ERROR, "E301", pos_of(t, root),
                     "テンプレートに <font> がありません");
        goto fail;
    }
    t->base = (gs_style){
        .font = t->fonts[0], .size = 9, .leading = 1.3, .pad_v = 1.5,
        .pad_h = 2, .align = GS_LEFT, .valign = GS_MIDDLE, .fill = -1,
        .border = true,
    };
    const xmlNode *def = style_by_id(t, "default");
    if (def)
        apply_attrs(t, def, &t->base, d);
    bool have_page = false;
    for (xmlNode *n = root->children; n; n = n->next) {
        if (is_el(n, "page")) {
            load_page(t, n, d);
            have_page = true;
        } else if (is_el(n, "body"))
            t->body = n;
        else if (is_el(n, "footer"))
            t->footer = n;
        else if (n->type == XML_ELEMENT_NODE && !is_el(n, "font") &&
                 !is_el(n, "style"))
            gs_diags_add(d, GS_ERROR, "E301", pos_of(t, n),
                         "テンプレートに <%s> は置けません", (const char *)n->name);
    }
    if (!have_page || !t->body) {
        gs_diags_add(d, GS_ERROR, "E301", pos_of(t, root),
                     "テンプレートには <page> と <body> が必要です");
        goto fail;
    }
    if (d->errors != errors_before)
        goto fail;
    return t;
fail:
    gs_template_free(t);
    return NULL;
}

void gs_template_free(gs_template *t)
{
    if (!t)
        return;
    xmlFreeDoc(t->xml);
    for (size_t i = 0; i < t->nstyles; i++)
        free(t->styles[i].id);
    free(t->styles);
    for (size_t i = 0; i < t->nfonts; i++)
        free(t->font_ids[i]);
    free(t->font_ids);
    free(t->fonts);
    free(t->title);
    free(t->file);
    free(t);
}
