/*
 * xlsx_book.c - a workbook's container, parts and cells (xlsx_book.h): the
 * first two steps of xlsx.c's essay.
 *
 *   1. the container: the file read whole within a bound, opened as ZIP
 *      from memory by libzip, entries counted, and each part we need read
 *      with its declared and its actual size bounded (a lying header is
 *      caught by reading one byte past it);
 *   2. the parts: workbook.xml names the sheets and their relationship ids,
 *      workbook.xml.rels the part of each, sharedStrings.xml the strings
 *      cells refer to.  A sheet becomes a sorted list of cells (shared and
 *      inline strings with their rich-text runs joined and phonetic runs
 *      left out, numbers, booleans, errors, the cached value of a formula)
 *      and its merged ranges.  A cell's value is then put in the notation
 *      the XML format writes (a date serial becomes 2025-04-01, 令和7年度
 *      becomes 2025) by gs_xlsx_value.
 */
#include "input/xlsx_book.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "input/notation.h"
#include "util/file.h"
#include "util/fy.h"

#define MAX_ENTRIES 1000            /* a workbook has a few dozen */
#define MAX_PART (8u * 1024 * 1024) /* one part, uncompressed */
#define MAX_TOTAL (32u * 1024 * 1024)
#define MAX_RATIO 100               /* uncompressed / compressed, above 1 MB */
#define MAX_CELLS 200000
#define MAX_ROW 10000
#define MAX_COL 64

static gs_srcpos at_file(const gs_xlsx_book *b)
{
    gs_srcpos p = {b->file, 0, 0};
    return p;
}

/* ------------------------------------------------------------ container */

/* The part called name, or NULL (missing is not an error here). */
static char *read_part(gs_xlsx_book *b, const char *name, size_t *len, bool required)
{
    char *out = NULL;
    zip_file_t *zf = NULL;
    zip_int64_t idx = zip_name_locate(b->zip, name, 0);
    if (idx < 0) {
        if (required)
            gs_diags_add(b->d, GS_ERROR, "E111", at_file(b),
                         "ワークブックに %s がありません (Excel の .xlsx として保存されていますか)",
                         name);
        goto done;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE)) {
        gs_diags_add(b->d, GS_ERROR, "E111", at_file(b), "ワークブックの %s が読めません", name);
        goto done;
    }
    if (st.size > MAX_PART || st.size > b->budget ||
        (st.size > 1024 * 1024 && (st.valid & ZIP_STAT_COMP_SIZE) &&
         st.size / (st.comp_size ? st.comp_size : 1) > MAX_RATIO)) {
        gs_diags_add(b->d, GS_ERROR, "E111", at_file(b),
                     "ワークブックの %s は展開すると大きすぎます (%llu バイト。1 部分 %u MB、"
                     "全体 %u MB、圧縮率 %d 倍まで)", name, (unsigned long long)st.size,
                     MAX_PART >> 20, MAX_TOTAL >> 20, MAX_RATIO);
        goto done;
    }
    zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        gs_diags_add(b->d, GS_ERROR, "E111", at_file(b), "ワークブックの %s が読めません: %s",
                     name, zip_strerror(b->zip));
        goto done;
    }
    size_t want = (size_t)st.size;
    out = gs_xmalloc(want + 2);
    size_t got = 0;
    for (;;) {
        zip_int64_t r = zip_fread(zf, out + got, want + 1 - got);
        if (r < 0) {
            gs_diags_add(b->d, GS_ERROR, "E111", at_file(b), "ワークブックの %s が壊れています",
                         name);
            free(out);
            out = NULL;
            goto done;
        }
        if (r == 0)
            break;
        got += (size_t)r;
        if (got > want) {
            /* more than the header said: a forged size */
            gs_diags_add(b->d, GS_ERROR, "E111", at_file(b),
                         "ワークブックの %s の大きさが記録と違います", name);
            free(out);
            out = NULL;
            goto done;
        }
    }
    out[got] = '\0';
    *len = got;
    b->budget -= got;
done:
    if (zf)
        zip_fclose(zf);
    return out;
}

/* ---------------------------------------------------------------- parts */

static void halt_dtd(void *data, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr ctxt = data;
    gs_xlsx_book *b = ctxt->_private;
    b->halted = true;
    xmlStopParser(ctxt);
}

static void ignore_error(void *data, xmlErrorPtr err)
{
    (void)data;
    (void)err;
}

/* A part parsed as xml.c parses a plan: from memory, no network, no DTD
 * (the parser halts at a DOCTYPE), no entity substitution. */
static xmlDocPtr parse_part(gs_xlsx_book *b, const char *name, bool required)
{
    size_t len = 0;
    xmlDocPtr doc = NULL;
    char *text = read_part(b, name, &len, required);
    if (!text)
        return NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        goto done;
    ctxt->_private = b;
    ctxt->sax->internalSubset = halt_dtd;
    ctxt->sax->externalSubset = halt_dtd;
    ctxt->sax->serror = ignore_error;
    b->halted = false;
    doc = xmlCtxtReadMemory(ctxt, text, (int)len, name, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
    if (b->halted || !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
        gs_diags_add(b->d, GS_ERROR, "E111", at_file(b), b->halted
                         ? "ワークブックの %s に DOCTYPE があります (安全のため読みません)"
                         : "ワークブックの %s が XML として読めません", name);
    }
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
done:
    free(text);
    return doc;
}

static bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr kid(const xmlNode *n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* The text of a string item (<si>, <is>): its <t>, or its rich-text runs'
 * <t>s joined; phonetic guides (<rPh>) are not part of the value. */
static char *string_item(const xmlNode *n)
{
    gs_buf b = GS_BUF_INIT;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        xmlNodePtr t = is(c, "t") ? c : is(c, "r") ? kid(c, "t") : NULL;
        if (!t)
            continue;
        xmlChar *s = xmlNodeGetContent(t);
        for (const char *p = (const char *)s; p && *p; p++) {
            /* Excel's escape of a carriage return; line breaks are \n */
            if (strncmp(p, "_x000D_", 7) == 0)
                p += 6;
            else if (*p != '\r')
                gs_buf_putc(&b, *p);
        }
        xmlFree(s);
    }
    if (!b.data)
        gs_buf_puts(&b, "");
    return gs_buf_detach(&b);
}

static void read_shared_strings(gs_xlsx_book *b)
{
    xmlDocPtr doc = parse_part(b, "xl/sharedStrings.xml", false);
    if (!doc)
        return;
    for (xmlNodePtr si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
        if (!is(si, "si"))
            continue;
        if (b->nsst >= MAX_CELLS)
            break;
        gs_grow((void **)&b->sst, &b->sstcap, b->nsst + 1, sizeof *b->sst);
        b->sst[b->nsst++] = string_item(si);
    }
    xmlFreeDoc(doc);
}

/* "B3" -> row 2, col 1; false when not a cell reference. */
static bool parse_ref(const char *s, int *row, int *col)
{
    int c = 0, r = 0;
    const char *p = s;
    while (isupper((unsigned char)*p) && c <= MAX_COL)
        c = c * 26 + (*p++ - 'A' + 1);
    while (*p == '$')
        p++;
    if (c == 0 || !isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p) && r <= MAX_ROW * 100)
        r = r * 10 + (*p++ - '0');
    *row = r - 1;
    *col = c - 1;
    return r > 0 && (*p == '\0' || *p == ':');
}

static int cell_cmp(const void *a, const void *b)
{
    const gs_xlsx_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static void read_sheet(gs_xlsx_book *b, gs_xlsx_sheet *sh, const char *part)
{
    xmlDocPtr doc = parse_part(b, part, true);
    if (!doc)
        return;
    sh->present = true;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr data = kid(root, "sheetData");
    int rowno = -1;
    for (xmlNodePtr r = data ? data->children : NULL; r; r = r->next) {
        if (!is(r, "row"))
            continue;
        xmlChar *ra = xmlGetProp(r, (const xmlChar *)"r");
        long rn = ra ? strtol((const char *)ra, NULL, 10) : rowno + 2;
        rowno = rn > 0 && rn <= MAX_ROW ? (int)rn - 1 : MAX_ROW; /* MAX_ROW: ignored */
        xmlFree(ra);
        int colno = -1;
        for (xmlNodePtr c = r->children; c; c = c->next) {
            if (!is(c, "c"))
                continue;
            int row = rowno, col = colno + 1;
            xmlChar *ref = xmlGetProp(c, (const xmlChar *)"r");
            if (ref && !parse_ref((const char *)ref, &row, &col))
                row = -1;
            xmlFree(ref);
            colno = col;
            if (row < 0 || row >= MAX_ROW || col < 0 || col >= MAX_COL)
                continue; /* nothing of the plan lives there */
            if (sh->n >= MAX_CELLS)
                break;
            xmlChar *t = xmlGetProp(c, (const xmlChar *)"t");
            xmlNodePtr v = kid(c, "v"), is_ = kid(c, "is"), f = kid(c, "f");
            gs_xlsx_cell cl = {row, col, 'n', NULL};
            xmlChar *vs = v ? xmlNodeGetContent(v) : NULL;
            const char *type = t ? (const char *)t : "n";
            if (strcmp(type, "inlineStr") == 0) {
                cl.type = 's';
                cl.text = is_ ? string_item(is_) : gs_xstrdup("");
            } else if (!vs && f) {
                cl.type = 'f';
                cl.text = gs_xstrdup("");
            } else if (!vs) {
                cl.type = 0;
            } else if (strcmp(type, "s") == 0) {
                long i = strtol((const char *)vs, NULL, 10);
                cl.type = 's';
                cl.text = gs_xstrdup(i >= 0 && (size_t)i < b->nsst ? b->sst[i] : "");
            } else if (strcmp(type, "str") == 0 || strcmp(type, "d") == 0) {
                cl.type = 's';
                cl.text = gs_xstrdup((const char *)vs);
            } else if (strcmp(type, "b") == 0) {
                cl.type = 'b';
                cl.text = gs_xstrdup(strcmp((const char *)vs, "1") == 0 ? "1" : "0");
            } else if (strcmp(type, "e") == 0) {
                cl.type = 'e';
                cl.text = gs_xstrdup((const char *)vs);
            } else {
                cl.text = gs_xstrdup((const char *)vs);
            }
            xmlFree(vs);
            xmlFree(t);
            if (cl.type) {
                gs_grow((void **)&sh->cells, &sh->cap, sh->n + 1, sizeof *sh->cells);
                sh->cells[sh->n++] = cl;
            }
        }
    }
    qsort(sh->cells, sh->n, sizeof *sh->cells, cell_cmp);
    xmlNodePtr mc = kid(root, "mergeCells");
    for (xmlNodePtr m = mc ? mc->children : NULL; m; m = m->next) {
        if (!is(m, "mergeCell") || sh->nmerges >= 10000)
            continue;
        xmlChar *ref = xmlGetProp(m, (const xmlChar *)"ref");
        const char *colon = ref ? strchr((const char *)ref, ':') : NULL;
        gs_xlsx_range g;
        if (colon && parse_ref((const char *)ref, &g.r0, &g.c0) &&
            parse_ref(colon + 1, &g.r1, &g.c1)) {
            gs_grow((void **)&sh->merges, &sh->mcap, sh->nmerges + 1, sizeof *sh->merges);
            sh->merges[sh->nmerges++] = g;
        }
        xmlFree(ref);
    }
    xmlFreeDoc(doc);
}

/* The part a relationship target names, relative to xl/. */
static void part_name(gs_buf *out, const char *target)
{
    if (target[0] == '/')
        gs_buf_puts(out, target + 1);
    else {
        gs_buf_puts(out, "xl/");
        gs_buf_puts(out, target);
    }
}

/* workbook.xml and its relationships: which part holds each plan sheet. */
static bool read_workbook(gs_xlsx_book *b)
{
    size_t before = b->d->errors;
    xmlDocPtr wb = parse_part(b, "xl/workbook.xml", true);
    xmlDocPtr rels = wb ? parse_part(b, "xl/_rels/workbook.xml.rels", true) : NULL;
    gs_buf others = GS_BUF_INIT;
    if (!wb || !rels)
        goto done;
    xmlNodePtr root = xmlDocGetRootElement(wb);
    xmlNodePtr pr = kid(root, "workbookPr");
    xmlChar *d1904 = pr ? xmlGetProp(pr, (const xmlChar *)"date1904") : NULL;
    b->date1904 = d1904 && (strcmp((const char *)d1904, "1") == 0 ||
                            strcmp((const char *)d1904, "true") == 0);
    xmlFree(d1904);
    read_shared_strings(b);
    xmlNodePtr sheets = kid(root, "sheets");
    for (xmlNodePtr s = sheets ? sheets->children : NULL; s; s = s->next) {
        if (!is(s, "sheet"))
            continue;
        xmlChar *name = xmlGetProp(s, (const xmlChar *)"name");
        xmlChar *rid = NULL;
        for (xmlAttrPtr a = s->properties; a; a = a->next)
            if (strcmp((const char *)a->name, "id") == 0 && a->ns)
                rid = xmlNodeGetContent((xmlNodePtr)a);
        int which = -1;
        for (int i = 0; i < GS_WB_SHEETS && name; i++)
            if (strcmp((const char *)name, gs_wb_sheet_names[i]) == 0)
                which = i;
        if (which < 0 && name && strcmp((const char *)name, GS_WB_GUIDE_SHEET) != 0)
            gs_buf_printf(&others, "%s「%s」", others.len ? "、" : "", (const char *)name);
        if (which >= 0 && rid && !b->sheets[which].present) {
            for (xmlNodePtr r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
                xmlChar *id = is(r, "Relationship") ? xmlGetProp(r, (const xmlChar *)"Id") : NULL;
                if (id && strcmp((const char *)id, (const char *)rid) == 0) {
                    xmlChar *target = xmlGetProp(r, (const xmlChar *)"Target");
                    gs_buf part = GS_BUF_INIT;
                    part_name(&part, target ? (const char *)target : "");
                    read_sheet(b, &b->sheets[which], part.data);
                    gs_buf_free(&part);
                    xmlFree(target);
                }
                xmlFree(id);
            }
        }
        xmlFree(name);
        xmlFree(rid);
    }
    for (int i = 0; i < GS_WB_SHEETS; i++)
        if (!b->sheets[i].present && i != GS_WB_RESULTS && b->d->errors == before)
            gs_diags_add(b->d, GS_ERROR, "E112", at_file(b),
                         "シート「%s」がありません%s%s%s (grantsheet init で作ったワークブックの"
                         "シート名を変えずに使ってください)", gs_wb_sheet_names[i],
                         others.len ? "。ほかのシート: " : "", others.len ? others.data : "",
                         "");
done:
    gs_buf_free(&others);
    xmlFreeDoc(wb);
    xmlFreeDoc(rels);
    return b->d->errors == before;
}

/* ---------------------------------------------------------------- cells */

const gs_xlsx_cell *gs_xlsx_find(const gs_xlsx_sheet *sh, int row, int col)
{
    gs_xlsx_cell key = {row, col, 0, NULL};
    /* a sheet may have no cells at all (the 実績 sheet of an older book) */
    const gs_xlsx_cell *c =
        sh->n ? bsearch(&key, sh->cells, sh->n, sizeof *sh->cells, cell_cmp) : NULL;
    if (c)
        return c;
    /* a merged range keeps its value in its top-left cell */
    for (size_t i = 0; i < sh->nmerges; i++) {
        const gs_xlsx_range *g = &sh->merges[i];
        if (row >= g->r0 && row <= g->r1 && col >= g->c0 && col <= g->c1 &&
            (row != g->r0 || col != g->c0))
            return gs_xlsx_find(sh, g->r0, g->c0);
    }
    return NULL;
}

/* The index (1-based) of the place name of a cell. */
int gs_xlsx_place(gs_xlsx_book *b, int sheet_no, int row, int col)
{
    char ref[16];
    gs_cell_name(row, col, ref);
    gs_buf s = GS_BUF_INIT;
    gs_buf_printf(&s, "%s:%s!%s", b->file, gs_wb_sheet_names[sheet_no], ref);
    for (size_t i = b->nplaces; i > 0; i--)
        if (strcmp(b->places[i - 1], s.data) == 0) {
            gs_buf_free(&s);
            return (int)i;
        }
    gs_grow((void **)&b->places, &b->pcap, b->nplaces + 1, sizeof *b->places);
    b->places[b->nplaces++] = gs_buf_detach(&s);
    return (int)b->nplaces;
}

gs_srcpos gs_xlsx_at_cell(gs_xlsx_book *b, int sheet_no, int row, int col)
{
    int i = gs_xlsx_place(b, sheet_no, row, col); /* may move b->places */
    gs_srcpos p = {b->places[i - 1], 0, 0};
    return p;
}

bool gs_xlsx_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* Days since the epoch of Excel's serial 0 -> date (proleptic Gregorian). */
static void serial_date(const gs_xlsx_book *b, double serial, int *y, int *m, int *d)
{
    /* 1900 system: serial 25569 = 1970-01-01 (Excel's fictitious
     * 1900-02-29 sits below any date a plan has); 1904 system: 24107 */
    long days = (long)floor(serial) - (b->date1904 ? 24107 : 25569);
    /* civil_from_days (H. Hinnant) */
    long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* "2025-04-01", "2025/4/1", "2025年4月1日", "2025.4" (want 2 or 3 parts). */
static bool text_date(const char *s, int parts, int v[3])
{
    int n = 0;
    while (isspace((unsigned char)*s))
        s++;
    while (n < 3 && isdigit((unsigned char)*s)) {
        long x = strtol(s, (char **)&s, 10);
        v[n++] = (int)x;
        if (strncmp(s, "年", 3) == 0 || strncmp(s, "月", 3) == 0)
            s += 3;
        else if (strncmp(s, "日", 3) == 0)
            s += 3;
        else if (*s == '-' || *s == '/' || *s == '.')
            s++;
    }
    while (isspace((unsigned char)*s))
        s++;
    return n == parts && *s == '\0';
}

void gs_xlsx_bad_cell(gs_xlsx_book *b, int sh, int row, int col, const char *label, const char *what,
                     const char *text)
{
    gs_diags_add(b->d, GS_ERROR, "E113", gs_xlsx_at_cell(b, sh, row, col),
                 "%s%s%s の値「%s」が読めません: %s", label ? "「" : "", label ? label : "",
                 label ? "」" : "", text, what);
}

/* The value of a cell in the XML format's notation, appended to out;
 * false when the cell is blank or unreadable (E113 reported). */
bool gs_xlsx_value(gs_xlsx_book *b, int sh, int row, int col, gs_fkind kind, const gs_choice *choices,
                  const char *label, gs_buf *out)
{
    const gs_xlsx_cell *c = gs_xlsx_find(&b->sheets[sh], row, col);
    if (!c || (c->type == 's' && gs_xlsx_blank(c->text)))
        return false;
    if (c->type == 'e') {
        gs_xlsx_bad_cell(b, sh, row, col, label, "セルが計算エラーです", c->text);
        return false;
    }
    if (c->type == 'f') {
        gs_diags_add(b->d, GS_ERROR, "E113", gs_xlsx_at_cell(b, sh, row, col),
                     "%s%s%s の数式の結果が保存されていません (Excel か LibreOffice で開いて"
                     "保存し直すと計算されます)", label ? "「" : "", label ? label : "",
                     label ? "」" : "このセル");
        return false;
    }
    bool num = c->type == 'n';
    double x = num ? strtod(c->text, NULL) : 0;
    gs_buf why = GS_BUF_INIT;
    bool ok = true;
    switch (kind) {
    case GS_FK_TEXT:
    case GS_FK_PARA:
    case GS_FK_TEXTNUM:
        if (num && x == floor(x) && fabs(x) < 1e15)
            gs_buf_printf(out, "%.0f", x);
        else if (c->type == 'b')
            gs_buf_puts(out, c->text[0] == '1' ? "TRUE" : "FALSE");
        else
            gs_buf_puts(out, c->text);
        break;
    case GS_FK_AMOUNT:
        if (num && x == floor(x) && fabs(x) < 1e15)
            gs_buf_printf(out, "%.0f", x);
        else
            gs_buf_puts(out, c->text); /* the notation parser says what is wrong */
        break;
    case GS_FK_FIGURE:
    case GS_FK_ACTUAL:
        if (num && fabs(x) < 1e13 && fabs(x * 100 - llround(x * 100)) < 1e-6) {
            long long h = llround(x * 100);
            gs_buf_printf(out, "%s%lld.%02lld", h < 0 ? "-" : "", llabs(h) / 100, llabs(h) % 100);
        } else {
            gs_buf_puts(out, c->text);
        }
        break;
    case GS_FK_NUMBER:
        if (num && x == floor(x) && x >= 0 && x < 1000)
            gs_buf_printf(out, "%.0f", x);
        else if (!num && gs_notation_number(c->text) >= 0)
            gs_buf_printf(out, "%d", gs_notation_number(c->text));
        else
            ok = false, gs_buf_puts(&why, "0 から 999 の整数で書いてください");
        break;
    case GS_FK_FY: {
        int fy = 0;
        if (num && x == floor(x) && x >= GS_FY_MIN && x <= GS_FY_MAX)
            fy = (int)x;
        else if (num || gs_notation_fy(c->text, &fy) != GS_NOTATION_OK)
            fy = 0;
        if (fy)
            gs_buf_printf(out, "%d", fy);
        else
            ok = false, gs_notation_explain(&why, GS_NOTATION_FY, GS_NOTATION_BAD);
        break;
    }
    case GS_FK_DATE:
    case GS_FK_MONTH: {
        int v[3] = {0, 1, 1};
        int parts = kind == GS_FK_DATE ? 3 : 2;
        if (num && x > 0 && x < 2958466)
            serial_date(b, x, &v[0], &v[1], &v[2]);
        else if (num || !text_date(c->text, parts, v))
            v[0] = 0;
        if (v[0] && gs_date_valid(v[0], v[1], v[2]))
            gs_buf_printf(out, parts == 3 ? "%04d-%02d-%02d" : "%04d-%02d", v[0], v[1], v[2]);
        else
            ok = false, gs_buf_puts(&why, parts == 3 ? "日付で書いてください (例: 2025-04-01、2025/4/1)"
                                                     : "年月で書いてください (例: 2025-04、2025/4)");
        break;
    }
    case GS_FK_CHOICE:
    case GS_FK_LINK: {
        static const gs_choice tick[] = {{"○", "yes"}, {NULL, NULL}};
        const gs_choice *ch = kind == GS_FK_LINK ? tick : choices;
        const char *t = c->type == 'b' ? (c->text[0] == '1' ? "yes" : "no") : c->text;
        const char *hit = NULL;
        for (size_t i = 0; ch[i].shown && !hit; i++)
            if (strcmp(t, ch[i].shown) == 0 || strcmp(t, ch[i].xml) == 0)
                hit = ch[i].xml;
        if (kind == GS_FK_LINK && !hit && (strcmp(t, "no") == 0 || strcmp(t, "×") == 0))
            hit = "no";
        if (hit) {
            gs_buf_puts(out, hit);
        } else {
            ok = false;
            gs_buf_puts(&why, "次のどれかを選んでください:");
            for (size_t i = 0; ch[i].shown; i++)
                gs_buf_printf(&why, " %s", ch[i].shown);
        }
        break;
    }
    case GS_FK_KINDS: {
        unsigned set = 0;
        for (unsigned k = 1; k < 8; k++)
            if (strcmp(c->text, gs_kinds_shown[k]) == 0)
                set = k;
        /* typed rather than picked: "ソフト、拠点" or the XML's "soft base" */
        static const char *const words[3] = {"ソフト", "拠点", "インフラ"};
        unsigned typed = 0;
        for (unsigned k = 0; k < 3 && !set; k++)
            if (strstr(c->text, gs_kind_tokens[k]) || strstr(c->text, words[k]))
                typed |= 1u << k;
        if (!set)
            set = typed;
        for (unsigned k = 0; k < 3 && set; k++)
            if (set & (1u << k))
                gs_buf_printf(out, "%s%s", out->len ? " " : "", gs_kind_tokens[k]);
        if (!set) {
            ok = false;
            gs_buf_puts(&why, "一覧から選んでください (例: ソフト事業、ソフト事業・拠点整備事業)");
        }
        break;
    }
    }
    if (!ok)
        gs_xlsx_bad_cell(b, sh, row, col, label, why.data, num ? c->text : c->text);
    gs_buf_free(&why);
    return ok;
}

/* ------------------------------------------------------------- open */

bool gs_xlsx_book_open(gs_xlsx_book *b, const char *path, gs_diags *d)
{
    memset(b, 0, sizeof *b);
    b->d = d;
    b->file = path;
    b->budget = MAX_TOTAL;
    size_t before = d->errors, len = 0;
    gs_read_status st;
    gs_buf why = GS_BUF_INIT;
    b->bytes = gs_read_file(path, GS_XLSX_MAX_BYTES, &len, &st, &why);
    if (!b->bytes) {
        gs_diags_add(d, GS_ERROR, "E111", at_file(b), "ファイル%s", why.data);
        goto done;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(b->bytes, len, 0, &ze);
    b->zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!b->zip) {
        if (src)
            zip_source_free(src);
        gs_diags_add(d, GS_ERROR, "E111", at_file(b),
                     "ワークブック (.xlsx) として読めません: %s (Excel で「Excel ブック (.xlsx)」"
                     "として保存してください)", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto done;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(b->zip, 0);
    if (n < 0 || n > MAX_ENTRIES) {
        gs_diags_add(d, GS_ERROR, "E111", at_file(b),
                     "ワークブックの中のファイルが多すぎます (%lld 個、%d 個まで)",
                     (long long)n, MAX_ENTRIES);
        goto done;
    }
    read_workbook(b);
done:
    gs_buf_free(&why);
    return d->errors == before;
}

void gs_xlsx_book_free(gs_xlsx_book *b)
{
    if (b->zip)
        zip_discard(b->zip);
    for (size_t i = 0; i < b->nsst; i++)
        free(b->sst[i]);
    free(b->sst);
    for (int s = 0; s < GS_WB_SHEETS; s++) {
        for (size_t i = 0; i < b->sheets[s].n; i++)
            free(b->sheets[s].cells[i].text);
        free(b->sheets[s].cells);
        free(b->sheets[s].merges);
    }
    for (size_t i = 0; i < b->nplaces; i++)
        free(b->places[i]);
    free(b->places);
    free(b->bytes);
}

