/*
 * workbook.c - the plan as a fill-in workbook, and as an XML plan (see
 * workbook.h).
 *
 * libxlsxwriter writes to a file name only, so the workbook goes to a
 * private temporary file that is read back and removed; the caller writes
 * the bytes where they belong (atomically, util/atomic.h).  The creation
 * time in docProps is fixed so that the same plan always gives the same
 * bytes.
 */
#include "output/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <xlsxwriter.h>

#include "input/fields.h"
#include "input/notation.h"
#include "input/xlsx.h"
#include "input/xml.h"
#include "util/file.h"

typedef struct writer {
    lxw_workbook *wb;
    lxw_worksheet *ws[GS_WB_SHEETS];
    lxw_format *label, *head, *text, *para, *amount, *figure, *date;
    const xmlNode *root;
    bool results;     /* the 実績 sheet is written (init, or <results>) */
    int fy_first;
    gs_buf *err;
} writer;

/* ------------------------------------------------------------ the tree */

static bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *kid(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = n ? xmlGetNoNsProp(n, (const xmlChar *)name) : NULL;
    char *out = v ? gs_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return out;
}

static char *text(const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *v = xmlNodeGetContent(n);
    char *out = gs_xml_normalise(v ? (const char *)v : "");
    xmlFree(v);
    return out;
}

static const xmlNode *walk(const xmlNode *root, char *p)
{
    const xmlNode *n = root;
    for (char *save = NULL, *part = strtok_r(p, "/", &save); part && n;
         part = strtok_r(NULL, "/", &save))
        n = kid(n, part);
    return n;
}

static char *value_at(const xmlNode *root, const char *path)
{
    char p[GS_FIELD_PATH_MAX];
    char *at = gs_field_split(path, p);
    const xmlNode *n = walk(root, p);
    return at ? attr(n, at) : text(n);
}

/* ---------------------------------------------------------------- cells */

static lxw_format *format_of(writer *w, gs_fkind k)
{
    switch (k) {
    case GS_FK_PARA:
        return w->para;
    case GS_FK_AMOUNT:
    case GS_FK_NUMBER:
        return w->amount;
    case GS_FK_FIGURE:
    case GS_FK_ACTUAL:
        return w->figure;
    case GS_FK_DATE:
        return w->date;
    default:
        return w->text;
    }
}

/* Writes v (as the XML has it) into a cell of kind k. */
static void put(writer *w, int sh, int row, int col, gs_fkind k, const gs_choice *choices,
                const char *v)
{
    lxw_worksheet *ws = w->ws[sh];
    lxw_format *f = format_of(w, k);
    int64_t n = 0;
    if (!v || !*v) {
        worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f);
        return;
    }
    switch (k) {
    case GS_FK_AMOUNT:
        if (gs_notation_amount(v, &n) == GS_NOTATION_OK) {
            worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)n, f);
            return;
        }
        break;
    case GS_FK_FIGURE:
    case GS_FK_ACTUAL: /* a marker stays text */
        if (gs_notation_figure(v, &n) == GS_NOTATION_OK) {
            worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)n / 100.0, f);
            return;
        }
        break;
    case GS_FK_FY:
    case GS_FK_NUMBER:
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, atof(v), w->text);
        return;
    case GS_FK_DATE: {
        lxw_datetime dt = {0, 0, 0, 0, 0, 0};
        if (sscanf(v, "%d-%d-%d", &dt.year, &dt.month, &dt.day) == 3) {
            worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, f);
            return;
        }
        break;
    }
    case GS_FK_CHOICE:
        for (size_t i = 0; choices && choices[i].shown; i++)
            if (strcmp(v, choices[i].xml) == 0)
                v = choices[i].shown;
        break;
    case GS_FK_KINDS: {
        unsigned set = 0;
        for (unsigned i = 0; i < 3; i++) {
            const char *t = strstr(v, gs_kind_tokens[i]);
            if (t)
                set |= 1u << i;
        }
        if (set)
            v = gs_kinds_shown[set];
        break;
    }
    default:
        break;
    }
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, v, f);
}

static void validate_list(writer *w, int sh, int r0, int c0, int r1, int c1,
                          const char **list)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = (char **)list;
    worksheet_data_validation_range(w->ws[sh], (lxw_row_t)r0, (lxw_col_t)c0, (lxw_row_t)r1,
                                    (lxw_col_t)c1, &dv);
}

/* The drop-down or number check of a cell range of kind k. */
static void validate(writer *w, int sh, int r0, int c0, int r1, int c1, gs_fkind k,
                     const gs_choice *choices)
{
    const char *list[16];
    size_t n = 0;
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    switch (k) {
    case GS_FK_CHOICE:
        for (size_t i = 0; choices[i].shown && n < 15; i++)
            list[n++] = choices[i].shown;
        list[n] = NULL;
        validate_list(w, sh, r0, c0, r1, c1, list);
        return;
    case GS_FK_LINK:
        list[0] = "○";
        list[1] = NULL;
        validate_list(w, sh, r0, c0, r1, c1, list);
        return;
    case GS_FK_KINDS:
        for (size_t i = 1; i < 8; i++)
            list[n++] = gs_kinds_shown[i];
        list[n] = NULL;
        validate_list(w, sh, r0, c0, r1, c1, list);
        return;
    case GS_FK_AMOUNT:
        dv.validate = LXW_VALIDATION_TYPE_INTEGER;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = -999999999999999.0;
        dv.maximum_number = 999999999999999.0;
        dv.error_message = "金額は千円単位の整数で入力してください";
        break;
    case GS_FK_NUMBER:
        dv.validate = LXW_VALIDATION_TYPE_INTEGER;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = 0;
        dv.maximum_number = 999;
        dv.error_message = "0 から 999 の整数を入力してください";
        break;
    case GS_FK_FIGURE:
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = -9999999999999.0;
        dv.maximum_number = 9999999999999.0;
        dv.error_message = "数値を入力してください (小数第 2 位まで)";
        break;
    case GS_FK_DATE:
        dv.validate = LXW_VALIDATION_TYPE_DATE;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
        dv.maximum_datetime = (lxw_datetime){2099, 12, 31, 0, 0, 0};
        dv.error_message = "日付を入力してください (例: 2025/4/1)";
        break;
    default:
        return;
    }
    worksheet_data_validation_range(w->ws[sh], (lxw_row_t)r0, (lxw_col_t)c0, (lxw_row_t)r1,
                                    (lxw_col_t)c1, &dv);
}

/* ----------------------------------------------------------------- grids */

static void grid_frame(writer *w, const gs_fgrid *g)
{
    lxw_worksheet *ws = w->ws[g->sheet];
    worksheet_set_row(ws, (lxw_row_t)g->header_row, 45, NULL);
    if (g->row_labels)
        worksheet_write_string(ws, (lxw_row_t)g->header_row, (lxw_col_t)(g->first_col - 1),
                               "区分", w->head);
    for (size_t k = 0; k < g->ncols; k++) {
        worksheet_write_string(ws, (lxw_row_t)g->header_row, (lxw_col_t)(g->first_col + (int)k),
                               g->cols[k].header, w->head);
        validate(w, g->sheet, g->first_row, g->first_col + (int)k, g->first_row + g->max_rows - 1,
                 g->first_col + (int)k, g->cols[k].kind, g->cols[k].choices);
    }
    for (int r = 0; r < g->max_rows && g->max_rows <= 100; r++) {
        if (g->row_labels)
            worksheet_write_string(ws, (lxw_row_t)(g->first_row + r),
                                   (lxw_col_t)(g->first_col - 1), g->row_labels[r], w->label);
        for (size_t k = 0; k < g->ncols; k++)
            put(w, g->sheet, g->first_row + r, g->first_col + (int)k, g->cols[k].kind, NULL, NULL);
    }
}

static void gput(writer *w, const gs_fgrid *g, int r, size_t k, const char *v)
{
    put(w, g->sheet, g->first_row + r, g->first_col + (int)k, g->cols[k].kind, g->cols[k].choices,
        v);
}

static void gput_attr(writer *w, const gs_fgrid *g, int r, size_t k, const xmlNode *n,
                      const char *name)
{
    char *v = attr(n, name);
    gput(w, g, r, k, v);
    free(v);
}

static void gput_text(writer *w, const gs_fgrid *g, int r, size_t k, const xmlNode *n)
{
    char *v = text(n);
    if (n)
        gput(w, g, r, k, v);
    free(v);
}

/* <X fy="…"> children of n into columns from..from+ncols-1 by year. */
static int gput_years(writer *w, const gs_fgrid *g, int r, size_t from, int ncols,
                      const xmlNode *n, const char *name)
{
    int rc = 0;
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        if (!is(c, name))
            continue;
        char *fy = attr(c, "fy");
        int i = atoi(fy ? fy : "0") - w->fy_first;
        if (i < 0 || i >= ncols) {
            gs_buf_printf(w->err, "%s 年度の値はワークブックの年度の列 (初年度から %d 年) の外です",
                          fy ? fy : "?", ncols);
            rc = -1;
        } else {
            gput_text(w, g, r, from + (size_t)i, c);
        }
        free(fy);
    }
    return rc;
}

/* The panel beside 事業概要・主な経費 (<summary-note>): its text, one row
 * per line, and each <box>, one row each; the rows of a <boxes> follow
 * each other, so two sets of boxes with no text between them would read
 * back as one (convert's check refuses that plan rather than merge them). */
static int write_panel(writer *w, const xmlNode *note)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_PANEL];
    int r = 0;
    bool full = false;
    for (const xmlNode *c = note ? note->children : NULL; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            char *t = gs_xml_normalise(c->content ? (const char *)c->content : "");
            for (char *save = NULL, *line = strtok_r(t, "\n", &save); line;
                 line = strtok_r(NULL, "\n", &save)) {
                if (r >= g->max_rows) {
                    full = true;
                    break;
                }
                gput(w, g, r, 0, "text");
                gput(w, g, r++, 1, line);
            }
            free(t);
        }
        for (const xmlNode *b = is(c, "boxes") ? c->children : NULL; b; b = b->next) {
            if (!is(b, "box"))
                continue;
            if (r >= g->max_rows) {
                full = true;
                break;
            }
            gput(w, g, r, 0, "box");
            gput_text(w, g, r++, 1, b);
        }
    }
    if (full) {
        gs_buf_printf(w->err, "事業概要の横の欄は %d 行までです", g->max_rows);
        return -1;
    }
    return 0;
}

/* The 効果検証 (<results>): a row per <year>, and a row per KPI and year
 * holding its <target> and <actual> (with the note) of that year. */
static int write_results(writer *w)
{
    const xmlNode *res = kid(w->root, "results");
    const gs_fgrid *g = &gs_grids[GS_GRID_RESULT_YEARS];
    int r = 0, rc = 0;
    for (const xmlNode *y = kid(res, "year"); y; y = y->next) {
        if (!is(y, "year"))
            continue;
        if (r >= g->max_rows) {
            gs_buf_printf(w->err, "効果検証の年度の表は %d 年までです", g->max_rows);
            return -1;
        }
        gput_attr(w, g, r, 0, y, "fy");
        gput_text(w, g, r, 1, kid(y, "decided"));
        gput_text(w, g, r, 2, kid(y, "paid"));
        gput_text(w, g, r, 3, kid(y, "spent"));
        gput_text(w, g, r, 4, kid(y, "outcome"));
        r++;
    }
    g = &gs_grids[GS_GRID_RESULT_KPIS];
    /* rows by (KPI, year), in the order met: a target and an actual of one
     * year share a row */
    char *keys[64];
    int n = 0;
    for (const xmlNode *k = kid(res, "kpi"); k && rc == 0; k = k->next) {
        if (!is(k, "kpi"))
            continue;
        char *no = attr(k, "no");
        for (const xmlNode *c = k->children; c && rc == 0; c = c->next) {
            if (!is(c, "target") && !is(c, "actual"))
                continue;
            char *fy = attr(c, "fy");
            gs_buf key = GS_BUF_INIT;
            gs_buf_printf(&key, "%s/%s", no ? no : "", fy ? fy : "");
            int row = 0;
            while (row < n && strcmp(keys[row], key.data) != 0)
                row++;
            if (row == n && n >= g->max_rows) {
                gs_buf_printf(w->err, "効果検証の KPI の表は %d 行までです", g->max_rows);
                rc = -1;
            } else {
                if (row == n) {
                    keys[n++] = gs_buf_detach(&key);
                    gput(w, g, row, 0, no);
                    gput(w, g, row, 1, fy);
                }
                if (is(c, "target")) {
                    gput_text(w, g, row, 2, c);
                } else {
                    gput_text(w, g, row, 3, c);
                    gput_attr(w, g, row, 4, c, "note");
                }
            }
            gs_buf_free(&key);
            free(fy);
        }
        free(no);
    }
    for (int i = 0; i < n; i++)
        free(keys[i]);
    return rc;
}

static int write_grids(writer *w)
{
    int rc = 0;
    const xmlNode *root = w->root;
    const gs_fgrid *g = &gs_grids[GS_GRID_BODIES];
    int r = 0;
    for (const xmlNode *b = kid(kid(kid(root, "project"), "bodies"), "body"); b && r < g->max_rows;
         b = b->next) {
        if (!is(b, "body"))
            continue;
        gput_attr(w, g, r, 0, b, "prefecture");
        gput_attr(w, g, r, 1, b, "county");
        gput_attr(w, g, r, 2, b, "municipality");
        gput_attr(w, g, r, 3, b, "code");
        rc |= gput_years(w, g, r, 4, 5, b, "amount");
        r++;
    }
    g = &gs_grids[GS_GRID_OVERVIEW_KPI];
    r = 0;
    for (const xmlNode *k = kid(kid(kid(root, "overview"), "kpi-targets"), "kpi"); k; k = k->next) {
        if (!is(k, "kpi"))
            continue;
        gput_attr(w, g, r, 0, k, "no");
        gput_text(w, g, r, 1, k);
        gput_attr(w, g, r, 2, k, "target");
        gput_attr(w, g, r, 3, k, "unit");
        r++;
    }
    rc |= write_panel(w, kid(kid(root, "overview"), "summary-note"));
    g = &gs_grids[GS_GRID_TARGETS];
    r = 0;
    for (const xmlNode *k = kid(kid(kid(root, "regional-plan"), "targets"), "kpi"); k;
         k = k->next) {
        if (!is(k, "kpi"))
            continue;
        gput_attr(w, g, r, 0, k, "no");
        gput_attr(w, g, r, 1, k, "unit");
        gput_text(w, g, r, 2, kid(k, "name"));
        gput_text(w, g, r, 3, kid(k, "baseline"));
        rc |= gput_years(w, g, r, 4, 10, k, "increase");
        gput_text(w, g, r, 14, kid(k, "total"));
        r++;
    }
    g = &gs_grids[GS_GRID_KPI];
    for (const xmlNode *k = kid(kid(root, "kpis"), "kpi"); k; k = k->next) {
        if (!is(k, "kpi"))
            continue;
        char *no = attr(k, "no");
        r = atoi(no ? no : "0") - 1;
        free(no);
        if (r < 0 || r >= g->max_rows)
            continue;
        gput_text(w, g, r, 0, kid(k, "name") ? kid(k, "name") : k);
        gput_attr(w, g, r, 1, k, "unit");
        gput_text(w, g, r, 2, kid(k, "rationale"));
        gput_text(w, g, r, 3, kid(k, "baseline"));
        rc |= gput_years(w, g, r, 4, 10, k, "increase");
        gput_text(w, g, r, 14, kid(k, "total"));
    }
    const xmlNode *funding = kid(root, "funding");
    g = &gs_grids[GS_GRID_SOURCES];
    for (const xmlNode *s = kid(funding, "source"); s; s = s->next) {
        if (!is(s, "source"))
            continue;
        char *no = attr(s, "no");
        r = no ? no[0] - 'A' : -1;
        free(no);
        if (r < 0 || r >= g->max_rows)
            continue;
        gput_text(w, g, r, 0, kid(s, "kind"));
        gput_text(w, g, r, 1, kid(s, "content"));
        gput_text(w, g, r, 2, kid(s, "before"));
        rc |= gput_years(w, g, r, 3, 6, s, "value");
    }
    g = &gs_grids[GS_GRID_FUND_ROWS];
    for (int i = 0; i < g->max_rows; i++) {
        const xmlNode *n = kid(funding, gs_fund_row_xml[i]);
        gput_text(w, g, i, 2, kid(n, "before"));
        rc |= gput_years(w, g, i, 3, 6, n, "value");
    }
    g = &gs_grids[GS_GRID_ACTORS];
    for (const xmlNode *a = kid(kid(root, "actors"), "actor"); a; a = a->next) {
        if (!is(a, "actor"))
            continue;
        char *sector = attr(a, "sector");
        for (r = 0; r < g->max_rows; r++)
            if (sector && strcmp(sector, g->row_labels[r]) == 0)
                break;
        free(sector);
        if (r == g->max_rows)
            continue;
        gput_text(w, g, r, 0, kid(a, "name"));
        gput_text(w, g, r, 1, kid(a, "role"));
    }
    g = &gs_grids[GS_GRID_YEARS];
    const gs_fgrid *e = &gs_grids[GS_GRID_ELEMENTS];
    int er = 0;
    r = 0;
    for (const xmlNode *y = kid(kid(root, "expenses"), "year"); y; y = y->next) {
        if (!is(y, "year"))
            continue;
        if (r >= g->max_rows) {
            gs_buf_printf(w->err, "年度の表は %d 年までです", g->max_rows);
            rc = -1;
            break;
        }
        gput_attr(w, g, r, 0, y, "fy");
        gput_text(w, g, r, 1, kid(y, "positioning"));
        gput_text(w, g, r, 2, kid(y, "start"));
        gput_text(w, g, r, 3, kid(y, "end"));
        size_t k = 4;
        for (const xmlNode *b = y->children; b && k < 10; b = b->next)
            if (is(b, "budget")) {
                gput_attr(w, g, r, k, b, "month");
                gput_attr(w, g, r, k + 1, b, "kind");
                k += 2;
            }
        gput_text(w, g, r, 10, kid(y, "eligible"));
        for (int part = 0; part < 2; part++) {
            const char *pname = part ? "facility" : "soft";
            const xmlNode *pn = kid(y, pname);
            if (!pn)
                continue;
            gput_attr(w, g, r, 11 + 2 * (size_t)part, pn, "count");
            gput_attr(w, g, r, 12 + 2 * (size_t)part, pn, "total");
            char *fy = attr(y, "fy");
            for (const xmlNode *el = kid(pn, "element"); el; el = el->next) {
                if (!is(el, "element"))
                    continue;
                gput(w, e, er, 0, fy);
                gput(w, e, er, 1, pname);
                gput_attr(w, e, er, 2, el, "no");
                gput_text(w, e, er, 3, kid(el, "name"));
                gput_attr(w, e, er, 4, el, "kpi");
                gput_attr(w, e, er, 5, el, "amount");
                er++;
                const xmlNode *desc = kid(el, "description");
                for (const xmlNode *d = desc ? desc->children : NULL; d; d = d->next) {
                    if (!is(d, "p") && !is(d, "item"))
                        continue;
                    gput_text(w, e, er, 6, d);
                    if (is(d, "item"))
                        gput_attr(w, e, er, 7, d, "amount");
                    er++;
                }
            }
            free(fy);
        }
        r++;
    }
    if (w->results)
        rc |= write_results(w);
    return rc;
}

/* ------------------------------------------------------------- sheets */

static const char *const guide[] = {
    "このワークブックは grantsheet の計画データです。記入して保存し、次のように PDF にします。",
    "    grantsheet render 計画.xlsx      (計画.pdf を作ります)",
    "    grantsheet validate 計画.xlsx    (検査だけをして、問題をすべて表示します)",
    "",
    "書き方",
    "・灰色の見出しのセルは変えられません。白いセルに記入してください。",
    "・シートの名前と行の並びは変えないでください (grantsheet はシート名と見出しで項目を探します)。",
    "・金額はすべて千円単位の整数です。△ や - で負の数を表せます。",
    "・年度の列 (1年度目、2年度目 …) は、基本情報の「事業計画期間（初年度）」から数えます。",
    "・年度は 2025、R7、令和7年度 のどれでも書けます。日付は日付として (2025/4/1) 入力します。",
    "・合計の欄は数式 (=SUM(…)) でもかまいません。計算結果を grantsheet が検算します。",
    "・要素事業のシートは、要素事業 1 つにつき 1 行 (年度・区分・番号・名称・関連する KPI・金額) を書き、",
    "  その下の行に説明の段落 (G 列) と内訳 (G 列に名称、H 列に金額) を 1 行ずつ書きます。",
    "・事業概要・主な経費の横の欄は、基本情報のシートの下の表に 1 行ずつ書きます。種類が「文章」の行は",
    "  文の行、「枠」の行は枠で囲む項目で、続けて書いた「枠」の行が 1 組の枠になります。",
    "・地域再生計画だけにある項目 (作成主体、4-1・4-2、5-1・5-2、【数値目標】) は、効果検証・戦略・",
    "  地域再生計画のシートにあります。地域再生計画は grantsheet render 計画.xlsx --document all で作ります。",
    "・空欄の項目は印刷でも空欄になります。計算で求まる欄 (合計など) は空欄でもかまいません。",
    "・問題があると「計画.xlsx:KPI!E7: error[E105]: …」のように、シートとセルを示して知らせます。",
    "・XML の計画データとの変換: grantsheet convert 計画.xlsx -o 計画.xml (逆向きもできます)。",
    NULL,
};

static lxw_format *fmt(lxw_workbook *wb, bool locked, bool wrap, const char *num, bool head)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "游ゴシック");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f, LXW_BORDER_THIN);
    if (!locked)
        format_set_unlocked(f);
    else
        format_set_bg_color(f, head ? 0xD9E1F2 : 0xEDEDED);
    if (head)
        format_set_bold(f);
    if (wrap)
        format_set_text_wrap(f);
    if (num)
        format_set_num_format(f, num);
    return f;
}

static void setup(writer *w)
{
    lxw_worksheet *guide_ws = workbook_add_worksheet(w->wb, GS_WB_GUIDE_SHEET);
    for (int s = 0; s < GS_WB_SHEETS; s++)
        if (s != GS_WB_RESULTS || w->results)
            w->ws[s] = workbook_add_worksheet(w->wb, gs_wb_sheet_names[s]);
    w->label = fmt(w->wb, true, true, NULL, false);
    w->head = fmt(w->wb, true, true, NULL, true);
    w->text = fmt(w->wb, false, false, NULL, false);
    w->para = fmt(w->wb, false, true, NULL, false);
    w->amount = fmt(w->wb, false, false, "#,##0", false);
    w->figure = fmt(w->wb, false, false, "0.00", false);
    w->date = fmt(w->wb, false, false, "yyyy/m/d", false);
    worksheet_set_column(guide_ws, 0, 0, 110, NULL);
    for (int i = 0; guide[i]; i++)
        worksheet_write_string(guide_ws, (lxw_row_t)i, 0, guide[i], NULL);
    for (int s = 0; s < GS_WB_SHEETS; s++) {
        if (!w->ws[s])
            continue;
        worksheet_write_string(w->ws[s], 0, 0, gs_wb_sheet_names[s], w->head);
        lxw_protection prot;
        memset(&prot, 0, sizeof prot);
        prot.format_columns = prot.format_rows = 1;
        prot.insert_rows = prot.delete_rows = s == GS_WB_ELEMENTS;
        worksheet_protect(w->ws[s], NULL, &prot);
        worksheet_freeze_panes(w->ws[s], 1, 0);
    }
    /* label/value sheets: the label, then a wide input column */
    static const int kv[] = {GS_WB_BASIC, GS_WB_BACKGROUND, GS_WB_VERIFY};
    for (size_t i = 0; i < 3; i++) {
        worksheet_set_column(w->ws[kv[i]], 0, 0, 44, NULL);
        worksheet_set_column(w->ws[kv[i]], 1, 1, 80, NULL);
    }
    worksheet_set_column(w->ws[GS_WB_FUNDING], 0, 0, 20, NULL);
    worksheet_set_column(w->ws[GS_WB_ACTORS], 0, 0, 10, NULL);
    worksheet_set_column(w->ws[GS_WB_KPI], 0, 0, 8, NULL);
    /* 実績: labels, then the grids' columns (the values of the fields sit
     * in the second) */
    static const double results_widths[] = {44, 24, 24, 24, 60};
    for (size_t k = 0; w->results && k < sizeof results_widths / sizeof *results_widths; k++)
        worksheet_set_column(w->ws[GS_WB_RESULTS], (lxw_col_t)k, (lxw_col_t)k,
                             results_widths[k], NULL);
    for (int gi = 0; gi < GS_GRIDS; gi++) {
        const gs_fgrid *g = &gs_grids[gi];
        if (g->sheet == GS_WB_BASIC || g->sheet == GS_WB_VERIFY || g->sheet == GS_WB_RESULTS)
            continue; /* label/value sheets keep their two wide columns (the
                       * grids below them use those, not their own widths) */
        for (size_t k = 0; k < g->ncols; k++) {
            lxw_col_t c = (lxw_col_t)(g->first_col + (int)k);
            double width = g->cols[k].width;
            if (gi == GS_GRID_YEARS && k < gs_grids[GS_GRID_ELEMENTS].ncols &&
                gs_grids[GS_GRID_ELEMENTS].cols[k].width > width)
                continue; /* the element table's width wins */
            if (gi == GS_GRID_ELEMENTS)
                worksheet_set_column(w->ws[g->sheet], c, c,
                                     k < gs_grids[GS_GRID_YEARS].ncols &&
                                             gs_grids[GS_GRID_YEARS].cols[k].width > width
                                         ? gs_grids[GS_GRID_YEARS].cols[k].width : width,
                                     format_of(w, g->cols[k].kind));
            else if (gi != GS_GRID_YEARS)
                worksheet_set_column(w->ws[g->sheet], c, c, width, NULL);
        }
    }
    /* the element table's rows are open-ended: their cells are open by
     * the column format, headers locked */
    for (int gi = 0; gi < GS_GRIDS; gi++)
        if (w->ws[gs_grids[gi].sheet])
            grid_frame(w, &gs_grids[gi]);
    worksheet_write_string(w->ws[GS_WB_ELEMENTS], 1, 0, "(別紙1-1) 年度ごとの欄", w->head);
    worksheet_write_string(w->ws[GS_WB_ELEMENTS], 14, 0, "要素事業 (1 行に 1 つ、その下に説明と内訳)",
                           w->head);
    worksheet_write_string(w->ws[GS_WB_BASIC], 26, 0, "事業概要の KPI (番号・指標名・目標・単位)",
                           w->head);
    worksheet_write_string(w->ws[GS_WB_BASIC], 36, 0,
                           "事業概要・主な経費の横の欄 (文章は 1 行ずつ、枠で囲む項目は 1 つずつ)",
                           w->head);
    worksheet_write_string(w->ws[GS_WB_VERIFY], 34, 0,
                           "地域再生計画 4-2 【数値目標】 (書くときだけ。7. KPI と照合します)",
                           w->head);
    worksheet_write_string(w->ws[GS_WB_FUNDING], 3, 0, "各年度における自主財源見込額（千円）",
                           w->head);
    if (!w->results)
        return;
    worksheet_write_string(w->ws[GS_WB_RESULTS], 1, 0,
                           "事業が始まってから、毎年度の効果検証の実績を書きます "
                           "(grantsheet render 計画.xlsx --document 効果検証)。",
                           NULL);
    worksheet_write_string(w->ws[GS_WB_RESULTS], 5, 0,
                           "年度ごとの交付金額と総事業費（金額の単位で）、事業の成果", w->head);
    worksheet_write_string(w->ws[GS_WB_RESULTS], 20, 0,
                           "KPI と年度ごとの目標・実績 (1 行に 1 つの KPI の 1 年度。実績は数値、"
                           "△ で減少、未確定・未公表・—)", w->head);
}

static void write_fields(writer *w)
{
    for (size_t i = 0; i < gs_nfields; i++) {
        const gs_field *f = &gs_fields[i];
        if (!f->path || !w->ws[f->sheet])
            continue;
        lxw_worksheet *ws = w->ws[f->sheet];
        if (f->label)
            worksheet_write_string(ws, (lxw_row_t)f->row, (lxw_col_t)(f->col - 1), f->label,
                                   w->label);
        if (f->kind == GS_FK_PARA && f->sheet != GS_WB_ELEMENTS)
            worksheet_set_row(ws, (lxw_row_t)f->row, 60, NULL);
        char *v = w->root ? value_at(w->root, f->path) : NULL;
        if (f->kind == GS_FK_LINK) {
            bool on = false;
            for (char *save = NULL, *t = v ? strtok_r(v, " \t\n", &save) : NULL; t;
                 t = strtok_r(NULL, " \t\n", &save))
                on |= strcmp(t, f->token) == 0;
            free(v);
            v = on ? gs_xstrdup("○") : NULL;
        }
        put(w, f->sheet, f->row, f->col, f->kind, f->choices, v);
        validate(w, f->sheet, f->row, f->col, f->row, f->col, f->kind, f->choices);
        free(v);
    }
}

int gs_workbook_write(const xmlDoc *plan, gs_buf *out, gs_buf *err)
{
    int rc = -1;
    char tmp[] = "/tmp/grantsheet-wb.XXXXXX";
    const char *tdir = getenv("TMPDIR");
    gs_buf path = GS_BUF_INIT;
    gs_buf_printf(&path, "%s/grantsheet-wb.XXXXXX", tdir && *tdir ? tdir : "/tmp");
    (void)tmp;
    int fd = mkstemp(path.data);
    if (fd < 0) {
        gs_buf_printf(err, "一時ファイルを作れません (%s)", path.data);
        goto done;
    }
    close(fd);
    writer w;
    memset(&w, 0, sizeof w);
    w.err = err;
    w.root = plan ? xmlDocGetRootElement(plan) : NULL;
    w.results = !w.root || kid(w.root, "results");
    char *first = w.root ? value_at(w.root, "project/period@first") : NULL;
    w.fy_first = first ? atoi(first) : 0;
    free(first);
    lxw_workbook_options opt = {LXW_FALSE, (char *)(tdir && *tdir ? tdir : "/tmp"), LXW_FALSE};
    w.wb = workbook_new_opt(path.data, &opt);
    if (!w.wb) {
        gs_buf_printf(err, "ワークブックを作れません");
        goto done;
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = "地方創生交付金 実施計画 (grantsheet)";
    props.created = 1735689600; /* fixed: the same plan gives the same bytes */
    workbook_set_properties(w.wb, &props);
    setup(&w);
    write_fields(&w);
    int grids = w.root ? write_grids(&w) : 0;
    lxw_error e = workbook_close(w.wb);
    if (e != LXW_NO_ERROR) {
        gs_buf_printf(err, "ワークブックを書き出せません: %s", lxw_strerror(e));
        goto done;
    }
    if (grids != 0)
        goto done;
    size_t len = 0;
    gs_read_status st;
    gs_buf why = GS_BUF_INIT;
    char *bytes = gs_read_file(path.data, 64u * 1024 * 1024, &len, &st, &why);
    if (!bytes) {
        gs_buf_printf(err, "一時ファイル %s%s", path.data, why.data);
    } else {
        gs_buf_append(out, bytes, len);
        rc = 0;
    }
    free(bytes);
    gs_buf_free(&why);
done:
    if (path.data)
        unlink(path.data);
    gs_buf_free(&path);
    return rc;
}

/* ------------------------------------------------------------------ XML */

static void skeleton_comment(xmlNodePtr parent, const char *label)
{
    xmlAddChild(parent, xmlNewComment((const xmlChar *)label));
}

/* The form's name of a section of the plan, for the skeleton. */
static const char *section_title(const char *section)
{
    static const char *const titles[][2] = {
        {"applicant", " 1. 申請者情報 "}, {"project", " 2. 交付対象事業の名称等 "},
        {"overview", " 事業概要 "}, {"background", " 3. 交付対象事業の背景・概要 "},
        {"theme", " 4. 重点テーマへの該当 "}, {"excluded", " 6. 他の国庫補助金等の対象事業の除外 "},
        {"funding", " 8. 自立性 "}, {"verification", " 10. 効果検証 "},
        {"strategies", " 11. 地方版総合戦略の策定状況 "},
        {"regional-plan", " 12. 地域再生計画の名称等 "},
        {"expenses", " (別紙1-1) ソフト事業経費内訳 "},
        {"results", " 効果検証・活用状況 (事業が始まってから) "},
    };
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        if (strcmp(titles[i][0], section) == 0)
            return titles[i][1];
    return NULL;
}

/* What to write for a table, in the skeleton (the grids have no cells of
 * their own to leave empty). */
static const char *grid_example(const char *grid)
{
    static const struct {
        const char *grid, *example;
    } ex[] = {
        {"bodies", " <project> の最後に 参画団体と申請額: <bodies><body prefecture=\"…県\" "
                   "municipality=\"…市\" code=\"152021\"><amount fy=\"2025\">0</amount>"
                   "</body></bodies> "},
        {"overview-kpi", " <overview> の最後に 事業概要の KPI: <kpi-targets><kpi no=\"1\" "
                         "target=\"+30\" unit=\"人\">指標名</kpi></kpi-targets> "},
        {"panel", " 事業概要・主な経費の横の欄: <summary-note>文章<boxes><box>枠で囲む項目"
                  "</box><box>…</box></boxes>文章</summary-note> "},
        {"targets", " 地域再生計画 4-2 【数値目標】 (書くときだけ、7. KPI と照合): <targets>"
                    "<kpi no=\"1\" unit=\"人\"><name>指標名</name><baseline>2</baseline>"
                    "<increase fy=\"2025\">10</increase><total>30</total></kpi></targets> "},
        {"kpis", " 7. KPI: <kpis><kpi no=\"1\" unit=\"人\"><name>指標名</name><rationale>…"
                 "</rationale><baseline>2</baseline><increase fy=\"2025\">10</increase>"
                 "<total>30</total></kpi></kpis> "},
        {"sources", " 8. 自立性 (<funding> の中): <source no=\"A\"><kind>…</kind><content>…"
                    "</content><before>0</before><value fy=\"2025\">500</value></source> "},
        {"fund-rows", " 自立性の表の行 (任意): <total> <eligible> <soft> <base> <project-cost>"
                      " の中に <value fy=\"2025\">…</value> "},
        {"actors", " 9. 参画: <actors><actor sector=\"産\"><name>主体名</name><role>役割"
                   "</role></actor></actors> "},
        {"years", " (別紙1-1) <expenses> の中に 年度ごとに: <year fy=\"2025\"><positioning>…"
                  "</positioning><start>2025-04</start><end>2026-03</end><budget "
                  "month=\"2025-04\" kind=\"当初\"/><eligible>…</eligible><soft><element "
                  "no=\"1\" kpi=\"1 2\" amount=\"…\"><name>…</name><description><p>…</p>"
                  "<item amount=\"…\">…</item></description></element></soft></year> "},
        {"result-years", " 効果検証の年度ごと (<results> の中): <year fy=\"2025\"><decided>…"
                         "</decided><paid>…</paid><spent>…</spent><outcome>事業の成果</outcome>"
                         "</year> "},
        {"result-kpis", " 効果検証の KPI ごと (<results> の最後に): <kpi no=\"1\"><target "
                        "fy=\"2025\">10</target><actual fy=\"2025\" note=\"注記\">12</actual>"
                        "</kpi> (実績は 数値・△3・未確定・未公表・—) "},
    };
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++)
        if (strcmp(ex[i].grid, grid) == 0)
            return ex[i].example;
    return " ";
}

void gs_workbook_xml(const xmlDoc *plan, gs_buf *out)
{
    xmlDocPtr doc = NULL;
    if (plan) {
        doc = xmlCopyDoc((xmlDocPtr)plan, 1);
    } else {
        /* the skeleton: every single-cell field as an empty element (or
         * attribute), its label in a comment before it */
        doc = xmlNewDoc((const xmlChar *)"1.0");
        xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"plan");
        xmlDocSetRootElement(doc, root);
        xmlNsPtr ns = xmlNewNs(root, (const xmlChar *)"urn:x-grantsheet:plan:1", NULL);
        xmlSetNs(root, ns);
        xmlSetProp(root, (const xmlChar *)"version", (const xmlChar *)"1");
        skeleton_comment(root, " grantsheet の計画データ。各項目の説明はコメントにあります。"
                               "空のままの項目は印刷でも空欄になります (不要なら消してください)。 ");
        for (size_t i = 0; i < gs_nfields; i++) {
            const gs_field *f = &gs_fields[i];
            if (!f->path) {
                skeleton_comment(root, grid_example(f->label));
                continue;
            }
            if (f->kind == GS_FK_LINK) {
                if (!kid(root, "links")) {
                    skeleton_comment(root, " 5. 連携: other-subsidies pfi flexible-measures "
                                           "regional-revitalisation-act special-zones startups "
                                           "から該当するものを空白区切りで ");
                    xmlNewChild(root, NULL, (const xmlChar *)"links", NULL);
                }
                continue;
            }
            char p[GS_FIELD_PATH_MAX];
            char *at = gs_field_split(f->path, p);
            xmlNodePtr n = root;
            for (char *save = NULL, *part = strtok_r(p, "/", &save); part;
                 part = strtok_r(NULL, "/", &save)) {
                xmlNodePtr c = (xmlNodePtr)kid(n, part);
                if (!c) {
                    const char *title = n == root ? section_title(part) : NULL;
                    if (title)
                        skeleton_comment(n, title);
                    c = xmlNewChild(n, NULL, (const xmlChar *)part, NULL);
                }
                n = c;
            }
            /* the label before the element it fills (an attribute's named) */
            gs_buf note = GS_BUF_INIT;
            gs_buf_printf(&note, " %s%s%s", at ? at : "", at ? "=: " : "",
                          f->label ? f->label : "");
            for (size_t k = 0; f->choices && f->choices[k].xml; k++)
                gs_buf_printf(&note, "%s%s", k ? " / " : " (値: ", f->choices[k].xml);
            gs_buf_puts(&note, f->choices ? ") " : f->kind == GS_FK_KINDS
                                                     ? " (値: soft base infra を空白区切りで) "
                                                     : f->kind == GS_FK_DATE ? " (例: 2025-04-01) "
                                                     : f->kind == GS_FK_FY ? " (西暦: 2025) " : " ");
            if (n->parent != (xmlNodePtr)doc && (f->label || at))
                xmlAddPrevSibling(n, xmlNewComment((const xmlChar *)note.data));
            gs_buf_free(&note);
            if (at)
                xmlSetProp(n, (const xmlChar *)at, (const xmlChar *)"");
        }
    }
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
    gs_buf_append(out, (const char *)mem, (size_t)len);
    xmlFree(mem);
    xmlFreeDoc(doc);
}

/* ------------------------------------------------------------ convert */

static bool has_csv(const xmlNode *n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            (xmlHasProp((xmlNodePtr)n, (const xmlChar *)"csv") || has_csv(n->children)))
            return true;
    return false;
}

/* The parts of a tree that hold something, one per line ("\n" around
 * each): every attribute (/plan/project/period@first) and every element
 * with text of its own (/plan/project/name#), numbered among its
 * namesakes (/plan/kpis/kpi2/name#) so that a row too many is missed too;
 * a KPI written as text alone counts as its <name>. */
static void signature(const xmlNode *n, gs_buf *path, gs_buf *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        size_t mark = path->len, nth = 1;
        for (const xmlNode *p = n->prev; p; p = p->prev)
            nth += is(p, (const char *)n->name);
        gs_buf_printf(path, "/%s%zu", (const char *)n->name, nth);
        for (const xmlAttr *a = n->properties; a; a = a->next)
            gs_buf_printf(out, "%s@%s\n", path->data, (const char *)a->name);
        bool text = false;
        for (const xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_TEXT_NODE && c->content)
                for (const xmlChar *t = c->content; *t && !text; t++)
                    text = *t != ' ' && *t != '\n' && *t != '\t' && *t != '\r';
        bool bare_kpi = text && is(n, "kpi") && n->parent && is(n->parent, "kpis");
        if (text)
            gs_buf_printf(out, "%s%s#\n", path->data, bare_kpi ? "/name1" : "");
        signature(n->children, path, out);
        path->len = mark;
        path->data[mark] = '\0';
    }
}

/* Whether every part of the plan that holds something came back from the
 * workbook: a part the layout table does not know (an element added to
 * the format but not to fields.c) is named instead of silently dropped.
 * Appends the first missing one to why. */
static bool all_carried(const xmlDoc *plan, const gs_buf *wb, gs_buf *why)
{
    bool ok = false;
    gs_buf tmp = GS_BUF_INIT, path = GS_BUF_INIT, a = GS_BUF_INIT, b = GS_BUF_INIT;
    const char *tdir = getenv("TMPDIR");
    gs_buf_printf(&tmp, "%s/grantsheet-check.XXXXXX.xlsx", tdir && *tdir ? tdir : "/tmp");
    int fd = mkstemps(tmp.data, 5);
    gs_diags d = GS_DIAGS_INIT;
    xmlDocPtr back = NULL;
    if (fd < 0 || write(fd, wb->data, wb->len) != (ssize_t)wb->len) {
        gs_buf_printf(why, "一時ファイル %s に書けません", tmp.data);
        goto done;
    }
    back = gs_xlsx_read_tree(tmp.data, &d);
    if (!back) {
        gs_buf_puts(why, "書いたワークブックを読み返せません");
        goto done;
    }
    gs_buf_putc(&b, '\n');
    signature(xmlDocGetRootElement(plan), &path, &a);
    gs_buf_clear(&path);
    signature(xmlDocGetRootElement(back), &path, &b);
    ok = true;
    for (char *save = NULL, *line = a.data ? strtok_r(a.data, "\n", &save) : NULL; line && ok;
         line = strtok_r(NULL, "\n", &save)) {
        gs_buf key = GS_BUF_INIT;
        gs_buf_printf(&key, "\n%s\n", line);
        if (!strstr(b.data, key.data)) {
            ok = false;
            gs_buf_printf(why, "ワークブックの様式にない項目があります (%s)", line);
        }
        gs_buf_free(&key);
    }
done:
    if (fd >= 0) {
        close(fd);
        unlink(tmp.data);
    }
    xmlFreeDoc(back);
    gs_diags_free(&d);
    gs_buf_free(&tmp);
    gs_buf_free(&path);
    gs_buf_free(&a);
    gs_buf_free(&b);
    return ok;
}

int gs_workbook_convert(const char *in, const char *out_name, gs_buf *bytes, gs_diags *d)
{
    gs_srcpos at = {in, 0, 0};
    xmlDocPtr tree = NULL;
    gs_plan *plan = NULL;
    int rc = 1;
    if (gs_xlsx_is_name(in)) {
        plan = gs_xlsx_load_plan(in, d);
        tree = plan ? gs_xlsx_read_tree(in, d) : NULL;
    } else {
        plan = gs_xml_load_plan_tree(in, d, &tree);
    }
    if (!plan || !tree)
        goto done;
    if (has_csv(xmlDocGetRootElement(tree))) {
        gs_diags_add(d, GS_ERROR, "E114", at,
                     "CSV ファイルから表を読む計画 (csv=) は変換できません。"
                     "CSV の表を計画データに書き込んでから変換してください");
        goto done;
    }
    if (gs_xlsx_is_name(out_name)) {
        gs_buf err = GS_BUF_INIT;
        if (gs_workbook_write(tree, bytes, &err) == 0 && all_carried(tree, bytes, &err))
            rc = 0;
        else
            gs_diags_add(d, GS_ERROR, "E114", at, "ワークブックに書けません: %s", err.data);
        gs_buf_free(&err);
    } else {
        gs_workbook_xml(tree, bytes);
        rc = 0;
    }
done:
    xmlFreeDoc(tree);
    gs_plan_free(plan);
    return rc;
}
