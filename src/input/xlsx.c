/*
 * xlsx.c - reads a plan workbook (see xlsx.h for the gates and why the
 * cells become an XML tree).
 *
 * In three steps:
 *   1. the container and 2. the parts, read into cells: xlsx_book.c;
 *   3. the plan (here): fields.h's table walked in the XML format's
 *      order, each cell's value put in the notation the XML format writes
 *      (gs_xlsx_value: a date serial becomes 2025-04-01, 令和7年度 becomes
 *      2025), every node remembering its cell, so that the XML reader's
 *      diagnostics name it.  Labels are checked first (a moved row is
 *      named, not misread) and the required cells (named when blank).
 */
#include "input/xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "input/fields.h"
#include "input/notation.h"
#include "input/xlsx_book.h"
#include "input/xml.h"
#include "util/buf.h"

/* Whether n is the element called name. */
static bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* ----------------------------------------------------------------- tree */

static void mark(xmlNodePtr n, int where)
{
    if (!n->_private && where > 0) {
        n->_private = (void *)(intptr_t)where;
        n->line = (unsigned short)(where < 65535 ? where : 65535);
    }
}

static xmlNodePtr add(gs_xlsx_book *b, xmlNodePtr parent, const char *name, int where)
{
    xmlNodePtr n = xmlNewChild(parent, b->ns, (const xmlChar *)name, NULL);
    mark(n, where);
    return n;
}

/* The child called name of parent, created (at the end) when absent. */
static xmlNodePtr child(gs_xlsx_book *b, xmlNodePtr parent, const char *name, int where)
{
    for (xmlNodePtr c = parent->children; c; c = c->next)
        if (is(c, name)) {
            mark(c, where);
            return c;
        }
    return add(b, parent, name, where);
}

static void set_attr(xmlNodePtr n, const char *name, const char *v)
{
    xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)v);
}

static void add_text(xmlNodePtr n, const char *v)
{
    xmlNodeAddContent(n, (const xmlChar *)v);
}

/* One single-cell field into the tree. */
static void fill_field(gs_xlsx_book *b, xmlNodePtr root, const gs_field *f)
{
    gs_buf v = GS_BUF_INIT;
    if (!gs_xlsx_value(b, f->sheet, f->row, f->col, f->kind, f->choices, f->label, &v) ||
        (f->kind == GS_FK_LINK && strcmp(v.data, "yes") != 0))
        goto done;
    int where = gs_xlsx_place(b, f->sheet, f->row, f->col);
    char path[GS_FIELD_PATH_MAX];
    char *at = gs_field_split(f->path, path);
    xmlNodePtr n = root;
    for (char *save = NULL, *part = strtok_r(path, "/", &save); part;
         part = strtok_r(NULL, "/", &save))
        n = child(b, n, part, where);
    if (at)
        set_attr(n, at, v.data);
    else if (f->kind == GS_FK_LINK) {
        if (n->children)
            add_text(n, " ");
        add_text(n, f->token);
    } else
        add_text(n, v.data);
done:
    gs_buf_free(&v);
}

/* A value of grid g, row r, column index k (of g->cols). */
static bool gval(gs_xlsx_book *b, const gs_fgrid *g, int r, size_t k, gs_buf *out)
{
    gs_buf_clear(out);
    const gs_fcol *c = &g->cols[k];
    return gs_xlsx_value(b, g->sheet, r, g->first_col + (int)k, c->kind, c->choices, c->header, out);
}

static int gplace(gs_xlsx_book *b, const gs_fgrid *g, int r, size_t k)
{
    return gs_xlsx_place(b, g->sheet, r, g->first_col + (int)k);
}

static bool row_used(const gs_xlsx_book *b, const gs_fgrid *g, int r, size_t from)
{
    for (size_t k = from; k < g->ncols; k++) {
        const gs_xlsx_cell *c = gs_xlsx_find(&b->sheets[g->sheet], r, g->first_col + (int)k);
        if (c && !(c->type == 's' && gs_xlsx_blank(c->text)))
            return true;
    }
    return false;
}

/* The fiscal year of the i-th year column, or 0 (E113) when the plan's
 * first year is not known. */
static int column_fy(gs_xlsx_book *b, const gs_fgrid *g, int r, size_t k, int i)
{
    if (b->fy_first)
        return b->fy_first + i;
    gs_diags_add(b->d, GS_ERROR, "E113", gs_xlsx_at_cell(b, g->sheet, r, g->first_col + (int)k),
                 "事業計画期間（初年度）が読めないため、この列の年度が決まりません "
                 "(シート「%s」の「事業計画期間（初年度）」を書いてください)",
                 gs_wb_sheet_names[GS_WB_BASIC]);
    return 0;
}

/* <name fy="FY">v</name> children of parent for the year columns. */
static void fy_values(gs_xlsx_book *b, xmlNodePtr parent, const gs_fgrid *g, int r, size_t from,
                      size_t to, const char *name, gs_buf *v)
{
    for (size_t k = from; k < to; k++) {
        if (!gval(b, g, r, k, v))
            continue;
        int fy = column_fy(b, g, r, k, (int)(k - from));
        if (!fy)
            continue;
        xmlNodePtr n = add(b, parent, name, gplace(b, g, r, k));
        char buf[8];
        snprintf(buf, sizeof buf, "%d", fy);
        set_attr(n, "fy", buf);
        add_text(n, v->data);
    }
}

static void text_child(gs_xlsx_book *b, xmlNodePtr parent, const gs_fgrid *g, int r, size_t k,
                       const char *name, gs_buf *v)
{
    if (gval(b, g, r, k, v))
        add_text(add(b, parent, name, gplace(b, g, r, k)), v->data);
}

static void attr_of(gs_xlsx_book *b, xmlNodePtr n, const gs_fgrid *g, int r, size_t k,
                    const char *name, gs_buf *v)
{
    if (gval(b, g, r, k, v)) {
        mark(n, gplace(b, g, r, k));
        set_attr(n, name, v->data);
    }
}

static void grid_bodies(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_BODIES];
    xmlNodePtr project = child(b, root, "project", 0), bodies = NULL;
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        if (!bodies)
            bodies = add(b, project, "bodies", gplace(b, g, r, 0));
        xmlNodePtr n = add(b, bodies, "body", gplace(b, g, r, 0));
        attr_of(b, n, g, r, 0, "prefecture", v);
        attr_of(b, n, g, r, 1, "county", v);
        attr_of(b, n, g, r, 2, "municipality", v);
        attr_of(b, n, g, r, 3, "code", v);
        fy_values(b, n, g, r, 4, 9, "amount", v);
    }
}

static void grid_overview_kpi(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_OVERVIEW_KPI];
    xmlNodePtr list = NULL;
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        if (!list)
            list = add(b, child(b, root, "overview", 0), "kpi-targets", gplace(b, g, r, 1));
        xmlNodePtr n = add(b, list, "kpi", gplace(b, g, r, 1));
        attr_of(b, n, g, r, 0, "no", v);
        attr_of(b, n, g, r, 2, "target", v);
        attr_of(b, n, g, r, 3, "unit", v);
        if (gval(b, g, r, 1, v))
            add_text(n, v->data);
    }
}

/* The panel beside 事業概要・主な経費: 文章 rows in a row are the lines of
 * one text, 枠 rows in a row one <boxes>; each text stands on lines of its
 * own, as a plan typed by hand has it. */
static void grid_panel(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_PANEL];
    xmlNodePtr note = NULL, boxes = NULL;
    gs_buf kind = GS_BUF_INIT;
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        bool box = gval(b, g, r, 0, &kind) && strcmp(kind.data, "box") == 0;
        if (!gval(b, g, r, 1, v))
            continue;
        if (!note)
            note = add(b, child(b, root, "overview", 0), "summary-note", gplace(b, g, r, 1));
        if (box) {
            if (!boxes)
                boxes = add(b, note, "boxes", gplace(b, g, r, 1));
            add_text(add(b, boxes, "box", gplace(b, g, r, 1)), v->data);
        } else {
            boxes = NULL;
            add_text(note, "\n");
            add_text(note, v->data);
            add_text(note, "\n");
        }
    }
    gs_buf_free(&kind);
}

/* The 地域再生計画's 【数値目標】 as typed: one <kpi> per row. */
static void grid_targets(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_TARGETS];
    xmlNodePtr list = NULL;
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        if (!list)
            list = add(b, child(b, root, "regional-plan", 0), "targets", gplace(b, g, r, 0));
        xmlNodePtr n = add(b, list, "kpi", gplace(b, g, r, 0));
        attr_of(b, n, g, r, 0, "no", v);
        attr_of(b, n, g, r, 1, "unit", v);
        text_child(b, n, g, r, 2, "name", v);
        text_child(b, n, g, r, 3, "baseline", v);
        fy_values(b, n, g, r, 4, 14, "increase", v);
        text_child(b, n, g, r, 14, "total", v);
    }
}

static void grid_kpis(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_KPI];
    xmlNodePtr kpis = NULL;
    for (int r = g->first_row, i = 0; i < g->max_rows; r++, i++) {
        if (!row_used(b, g, r, 0))
            continue;
        if (!kpis)
            kpis = child(b, root, "kpis", gplace(b, g, r, 0));
        xmlNodePtr k = add(b, kpis, "kpi", gplace(b, g, r, 0));
        char no[12];
        snprintf(no, sizeof no, "%d", i + 1);
        set_attr(k, "no", no);
        attr_of(b, k, g, r, 1, "unit", v);
        xmlNodePtr name = add(b, k, "name", gplace(b, g, r, 0));
        if (gval(b, g, r, 0, v))
            add_text(name, v->data);
        text_child(b, k, g, r, 2, "rationale", v);
        text_child(b, k, g, r, 3, "baseline", v);
        fy_values(b, k, g, r, 4, 14, "increase", v);
        text_child(b, k, g, r, 14, "total", v);
    }
}

static void grid_sources(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_SOURCES];
    for (int r = g->first_row, i = 0; i < g->max_rows; r++, i++) {
        if (!row_used(b, g, r, 0))
            continue;
        xmlNodePtr funding = child(b, root, "funding", gplace(b, g, r, 0));
        xmlNodePtr s = add(b, funding, "source", gplace(b, g, r, 0));
        char no[2] = {(char)('A' + i), '\0'};
        set_attr(s, "no", no);
        xmlNodePtr kind = add(b, s, "kind", gplace(b, g, r, 0));
        if (gval(b, g, r, 0, v))
            add_text(kind, v->data);
        text_child(b, s, g, r, 1, "content", v);
        text_child(b, s, g, r, 2, "before", v);
        fy_values(b, s, g, r, 3, 9, "value", v);
    }
}

static void grid_fund_rows(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_FUND_ROWS];
    for (int r = g->first_row, i = 0; i < g->max_rows; r++, i++) {
        if (!row_used(b, g, r, 2))
            continue;
        xmlNodePtr funding = child(b, root, "funding", gplace(b, g, r, 2));
        xmlNodePtr n = add(b, funding, gs_fund_row_xml[i], gplace(b, g, r, 2));
        if (i == 0)
            text_child(b, n, g, r, 2, "before", v);
        else if (gval(b, g, r, 2, v))
            gs_xlsx_bad_cell(b, g->sheet, r, g->first_col + 2, gs_grids[GS_GRID_FUND_ROWS].row_labels[i],
                     "この行に事業開始前の欄はありません", v->data);
        fy_values(b, n, g, r, 3, 9, "value", v);
    }
}

static void grid_actors(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_ACTORS];
    for (int r = g->first_row, i = 0; i < g->max_rows; r++, i++) {
        if (!row_used(b, g, r, 0))
            continue;
        xmlNodePtr actors = child(b, root, "actors", gplace(b, g, r, 0));
        xmlNodePtr a = add(b, actors, "actor", gplace(b, g, r, 0));
        set_attr(a, "sector", g->row_labels[i]);
        xmlNodePtr name = add(b, a, "name", gplace(b, g, r, 0));
        if (gval(b, g, r, 0, v))
            add_text(name, v->data);
        text_child(b, a, g, r, 1, "role", v);
    }
}

static xmlNodePtr year_node(gs_xlsx_book *b, xmlNodePtr expenses, const char *fy, int where)
{
    for (xmlNodePtr c = expenses->children; c; c = c->next) {
        xmlChar *f = is(c, "year") ? xmlGetProp(c, (const xmlChar *)"fy") : NULL;
        bool same = f && strcmp((const char *)f, fy) == 0;
        xmlFree(f);
        if (same)
            return c;
    }
    xmlNodePtr y = add(b, expenses, "year", where);
    set_attr(y, "fy", fy);
    return y;
}

/* The soft or facility part of a year, soft first. */
static xmlNodePtr part_node(gs_xlsx_book *b, xmlNodePtr year, const char *name, int where)
{
    xmlNodePtr facility = NULL;
    for (xmlNodePtr c = year->children; c; c = c->next) {
        if (is(c, name))
            return c;
        if (is(c, "facility"))
            facility = c;
    }
    if (strcmp(name, "soft") == 0 && facility) {
        xmlNodePtr n = xmlNewNode(b->ns, (const xmlChar *)name);
        mark(n, where);
        return xmlAddPrevSibling(facility, n);
    }
    return add(b, year, name, where);
}

static void grid_years(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_YEARS];
    xmlNodePtr expenses = child(b, root, "expenses", 0);
    gs_buf fy = GS_BUF_INIT;
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        if (!gval(b, g, r, 0, &fy)) {
            if (!gs_xlsx_find(&b->sheets[g->sheet], r, g->first_col))
                gs_xlsx_bad_cell(b, g->sheet, r, g->first_col, "年度", "年度を書いてください", "");
            continue;
        }
        xmlNodePtr y = year_node(b, expenses, fy.data, gplace(b, g, r, 0));
        text_child(b, y, g, r, 1, "positioning", v);
        text_child(b, y, g, r, 2, "start", v);
        text_child(b, y, g, r, 3, "end", v);
        for (size_t k = 4; k < 10; k += 2) {
            if (!gs_xlsx_find(&b->sheets[g->sheet], r, g->first_col + (int)k) &&
                !gs_xlsx_find(&b->sheets[g->sheet], r, g->first_col + (int)k + 1))
                continue;
            xmlNodePtr bud = add(b, y, "budget", gplace(b, g, r, k));
            attr_of(b, bud, g, r, k, "month", v);
            attr_of(b, bud, g, r, k + 1, "kind", v);
        }
        text_child(b, y, g, r, 10, "eligible", v);
        for (size_t k = 11; k < 15; k += 2) {
            const gs_xlsx_cell *c1 = gs_xlsx_find(&b->sheets[g->sheet], r, g->first_col + (int)k);
            const gs_xlsx_cell *c2 = gs_xlsx_find(&b->sheets[g->sheet], r, g->first_col + (int)k + 1);
            if (!c1 && !c2)
                continue;
            xmlNodePtr part = part_node(b, y, k == 11 ? "soft" : "facility", gplace(b, g, r, k));
            attr_of(b, part, g, r, k, "count", v);
            attr_of(b, part, g, r, k + 1, "total", v);
        }
    }
    /* the elements, one row each, their description rows below */
    const gs_fgrid *e = &gs_grids[GS_GRID_ELEMENTS];
    gs_buf part = GS_BUF_INIT;
    xmlNodePtr desc = NULL, elem = NULL;
    gs_buf_clear(&fy);
    const gs_xlsx_sheet *sh = &b->sheets[e->sheet];
    int last = sh->n ? sh->cells[sh->n - 1].row : 0;
    for (int r = e->first_row; r <= last && r < e->first_row + e->max_rows; r++) {
        bool head = row_used(b, e, r, 2) && (gs_xlsx_find(sh, r, 2) || gs_xlsx_find(sh, r, 3) ||
                                             gs_xlsx_find(sh, r, 4) || gs_xlsx_find(sh, r, 5));
        if (head) {
            gs_buf y = GS_BUF_INIT, pt = GS_BUF_INIT;
            bool has_y = gval(b, e, r, 0, &y), has_p = gval(b, e, r, 1, &pt);
            if (has_y) {
                gs_buf_clear(&fy);
                gs_buf_puts(&fy, y.data);
            }
            if (has_p) {
                gs_buf_clear(&part);
                gs_buf_puts(&part, pt.data);
            }
            gs_buf_free(&y);
            gs_buf_free(&pt);
            elem = desc = NULL;
            if (!fy.len || !part.len) {
                gs_xlsx_bad_cell(b, e->sheet, r, e->first_col + (fy.len ? 1 : 0),
                         fy.len ? "区分" : "年度", "要素事業の年度と区分（ソフト／施設）を書いてください", "");
                continue;
            }
            xmlNodePtr yr = year_node(b, expenses, fy.data, gplace(b, e, r, 0));
            xmlNodePtr pn = part_node(b, yr, part.data, gplace(b, e, r, 1));
            elem = add(b, pn, "element", gplace(b, e, r, 3));
            attr_of(b, elem, e, r, 2, "no", v);
            if (gval(b, e, r, 4, v)) {
                /* "1 2", "①②", "KPI1、KPI2" -> "1 2" */
                gs_buf refs = GS_BUF_INIT;
                char *s = gs_xstrdup(v->data);
                for (char *save = NULL, *t = strtok_r(s, " ,、，・\t", &save); t;
                     t = strtok_r(NULL, " ,、，・\t", &save)) {
                    int no = gs_notation_kpi_no(t);
                    if (no > 0)
                        gs_buf_printf(&refs, "%s%d", refs.len ? " " : "", no);
                    else
                        gs_buf_printf(&refs, "%s%s", refs.len ? " " : "", t);
                }
                set_attr(elem, "kpi", refs.data ? refs.data : "");
                free(s);
                gs_buf_free(&refs);
            }
            attr_of(b, elem, e, r, 5, "amount", v);
            xmlNodePtr name = add(b, elem, "name", gplace(b, e, r, 3));
            if (gval(b, e, r, 3, v))
                add_text(name, v->data);
        }
        if (!row_used(b, e, r, 6))
            continue;
        if (!elem) {
            if (!head)
                gs_xlsx_bad_cell(b, e->sheet, r, e->first_col + 6, NULL,
                         "説明・内訳の行の上に要素事業の行がありません", "");
            continue;
        }
        if (!desc)
            desc = add(b, elem, "description", gplace(b, e, r, 6));
        if (gs_xlsx_find(sh, r, e->first_col + 7)) {
            xmlNodePtr it = add(b, desc, "item", gplace(b, e, r, 7));
            attr_of(b, it, e, r, 7, "amount", v);
            if (gval(b, e, r, 6, v))
                add_text(it, v->data);
        } else if (gval(b, e, r, 6, v)) {
            add_text(add(b, desc, "p", gplace(b, e, r, 6)), v->data);
        }
    }
    gs_buf_free(&part);
    gs_buf_free(&fy);
}

/* The 効果検証 by year: <year fy> with <decided> <paid> <spent> <outcome>
 * in schema order. */
static void grid_result_years(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_RESULT_YEARS];
    static const char *const names[] = {NULL, "decided", "paid", "spent", "outcome"};
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        xmlNodePtr results = child(b, root, "results", gplace(b, g, r, 0));
        xmlNodePtr y = add(b, results, "year", gplace(b, g, r, 0));
        if (gval(b, g, r, 0, v))
            set_attr(y, "fy", v->data);
        else
            gs_xlsx_bad_cell(b, g->sheet, r, g->first_col, "年度", "年度を書いてください", "");
        for (size_t k = 1; k < g->ncols; k++)
            text_child(b, y, g, r, k, names[k], v);
    }
}

/* The 効果検証 by KPI and year: one <kpi no> per KPI (in the order first
 * met), its <target>s before its <actual>s as the schema has them. */
static void grid_result_kpis(gs_xlsx_book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_RESULT_KPIS];
    gs_buf no = GS_BUF_INIT, fy = GS_BUF_INIT;
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        bool has_no = gval(b, g, r, 0, &no), has_fy = gval(b, g, r, 1, &fy);
        if (!has_no || !has_fy) {
            gs_xlsx_bad_cell(b, g->sheet, r, g->first_col + (has_no ? 1 : 0),
                             has_no ? "年度" : "KPI 番号",
                             "実績の行には KPI 番号と年度を書いてください", "");
            continue;
        }
        xmlNodePtr results = child(b, root, "results", gplace(b, g, r, 0));
        xmlNodePtr k = NULL;
        for (xmlNodePtr c = results->children; c && !k; c = c->next) {
            xmlChar *n = is(c, "kpi") ? xmlGetProp(c, (const xmlChar *)"no") : NULL;
            if (n && strcmp((const char *)n, no.data) == 0)
                k = c;
            xmlFree(n);
        }
        if (!k) {
            k = add(b, results, "kpi", gplace(b, g, r, 0));
            set_attr(k, "no", no.data);
        }
        if (gval(b, g, r, 2, v)) {
            xmlNodePtr t = xmlNewNode(b->ns, (const xmlChar *)"target");
            mark(t, gplace(b, g, r, 2));
            set_attr(t, "fy", fy.data);
            add_text(t, v->data);
            xmlNodePtr first_actual = NULL;
            for (xmlNodePtr c = k->children; c && !first_actual; c = c->next)
                if (is(c, "actual"))
                    first_actual = c;
            if (first_actual)
                xmlAddPrevSibling(first_actual, t);
            else
                xmlAddChild(k, t);
        }
        bool actual = gval(b, g, r, 3, v);
        gs_buf note = GS_BUF_INIT;
        bool has_note = gval(b, g, r, 4, &note);
        if (actual || has_note) {
            xmlNodePtr a = add(b, k, "actual", gplace(b, g, r, actual ? 3 : 4));
            set_attr(a, "fy", fy.data);
            if (has_note)
                set_attr(a, "note", note.data);
            if (actual)
                add_text(a, v->data);
        }
        gs_buf_free(&note);
    }
    gs_buf_free(&no);
    gs_buf_free(&fy);
}

static void fill_grid(gs_xlsx_book *b, xmlNodePtr root, const char *name, gs_buf *v)
{
    if (strcmp(name, "bodies") == 0)
        grid_bodies(b, root, v);
    else if (strcmp(name, "overview-kpi") == 0)
        grid_overview_kpi(b, root, v);
    else if (strcmp(name, "panel") == 0)
        grid_panel(b, root, v);
    else if (strcmp(name, "targets") == 0)
        grid_targets(b, root, v);
    else if (strcmp(name, "kpis") == 0)
        grid_kpis(b, root, v);
    else if (strcmp(name, "sources") == 0)
        grid_sources(b, root, v);
    else if (strcmp(name, "fund-rows") == 0)
        grid_fund_rows(b, root, v);
    else if (strcmp(name, "actors") == 0)
        grid_actors(b, root, v);
    else if (strcmp(name, "years") == 0)
        grid_years(b, root, v);
    else if (strcmp(name, "result-years") == 0)
        grid_result_years(b, root, v);
    else if (strcmp(name, "result-kpis") == 0)
        grid_result_kpis(b, root, v);
}

/* Removes the sections no cell filled (but the two the schema requires,
 * so that their absence is reported by it). */
static void prune(xmlNodePtr root)
{
    for (xmlNodePtr c = root->children, next; c; c = next) {
        next = c->next;
        if (!c->children && !c->properties && !is(c, "applicant") && !is(c, "project")) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
    }
}

static void expect_label(gs_xlsx_book *b, int sheet_no, int row, int col, const char *label)
{
    const gs_xlsx_cell *c = gs_xlsx_find(&b->sheets[sheet_no], row, col);
    if (!c || c->type != 's' || strcmp(c->text, label) != 0)
        gs_diags_add(b->d, GS_ERROR, "E112", gs_xlsx_at_cell(b, sheet_no, row, col),
                     "この見出しは「%s」のはずですが「%s」です (行を入れたり消したり"
                     "していませんか。grantsheet init で作った並びのまま使ってください)",
                     label, c && c->text ? c->text : "");
}

/* Every label cell must hold its label: a row inserted or deleted (the
 * 要素事業 sheet allows it, for its open-ended table) would otherwise read
 * every value below it into the wrong field. */
static void check_labels(gs_xlsx_book *b)
{
    for (size_t i = 0; i < gs_nfields; i++) {
        const gs_field *f = &gs_fields[i];
        if (f->path && f->label && b->sheets[f->sheet].present)
            expect_label(b, f->sheet, f->row, f->col - 1, f->label);
    }
    for (int gi = 0; gi < GS_GRIDS; gi++) {
        const gs_fgrid *g = &gs_grids[gi];
        if (!b->sheets[g->sheet].present)
            continue; /* the 実績 sheet of a workbook made before it */
        expect_label(b, g->sheet, g->header_row, g->first_col, g->cols[0].header);
        for (int r = 0; g->row_labels && r < g->max_rows; r++)
            expect_label(b, g->sheet, g->first_row + r, g->first_col - 1, g->row_labels[r]);
    }
}

/* E102 for each required field left blank, at its cell. */
static void check_required(gs_xlsx_book *b)
{
    for (size_t i = 0; i < gs_nfields; i++) {
        const gs_field *f = &gs_fields[i];
        for (size_t k = 0; f->path && gs_required_fields[k]; k++) {
            if (strcmp(f->path, gs_required_fields[k]) != 0)
                continue;
            const gs_xlsx_cell *c = gs_xlsx_find(&b->sheets[f->sheet], f->row, f->col);
            if (!c || (c->type == 's' && gs_xlsx_blank(c->text)))
                gs_diags_add(b->d, GS_ERROR, "E102", gs_xlsx_at_cell(b, f->sheet, f->row, f->col),
                             "「%s」は必ず記入してください", f->label);
        }
    }
}

static xmlDocPtr build(gs_xlsx_book *b)
{
    static const char *const sections[] = {
        "applicant", "project", "overview", "background", "theme", "links", "excluded",
        "kpis", "funding", "actors", "verification", "strategies", "regional-plan", "expenses",
        "results"};
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"plan");
    xmlDocSetRootElement(doc, root);
    b->ns = xmlNewNs(root, (const xmlChar *)"urn:x-grantsheet:plan:1", NULL);
    xmlSetNs(root, b->ns);
    set_attr(root, "version", "1");
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        add(b, root, sections[i], 0);
    gs_buf v = GS_BUF_INIT;
    for (size_t i = 0; i < gs_nfields; i++) {
        const gs_field *f = &gs_fields[i];
        if (f->path && strcmp(f->path, "project/period@first") == 0) {
            gs_diags scratch = GS_DIAGS_INIT;
            gs_diags *real = b->d;
            b->d = &scratch;
            gs_buf_clear(&v);
            if (gs_xlsx_value(b, f->sheet, f->row, f->col, f->kind, NULL, NULL, &v))
                b->fy_first = atoi(v.data);
            b->d = real;
            gs_diags_free(&scratch);
        }
    }
    for (size_t i = 0; i < gs_nfields; i++) {
        if (gs_fields[i].path)
            fill_field(b, root, &gs_fields[i]);
        else
            fill_grid(b, root, gs_fields[i].label, &v);
    }
    gs_buf_free(&v);
    prune(root);
    return doc;
}

/* ------------------------------------------------------------------ API */

bool gs_xlsx_is_name(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* The workbook read into a tree (NULL on errors); b keeps the places. */
static xmlDocPtr read_book(gs_xlsx_book *b, const char *path, gs_diags *d)
{
    size_t before = d->errors;
    xmlDocPtr doc = NULL;
    if (!gs_xlsx_book_open(b, path, d))
        return NULL;
    check_labels(b);
    if (d->errors == before)
        check_required(b);
    if (d->errors == before)
        doc = build(b);
    if (doc && d->errors != before) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

xmlDoc *gs_xlsx_read_tree(const char *path, gs_diags *d)
{
    gs_xlsx_book b;
    xmlDocPtr doc = read_book(&b, path, d);
    gs_xlsx_book_free(&b);
    return doc;
}

gs_plan *gs_xlsx_load_plan(const char *path, gs_diags *d)
{
    gs_xlsx_book b;
    gs_plan *p = NULL;
    xmlDocPtr doc = read_book(&b, path, d);
    if (doc)
        p = gs_xml_load_tree(path, doc, (const char *const *)b.places, b.nplaces, d);
    xmlFreeDoc(doc);
    gs_xlsx_book_free(&b);
    return p;
}
