/*
 * xlsx.c - reads a plan workbook (see xlsx.h for the gates and why the
 * cells become an XML tree).
 *
 * In three steps:
 *   1. the container: the file read whole within a bound, opened as ZIP
 *      from memory by libzip, entries counted, and each part we need read
 *      with its declared and its actual size bounded (a lying header is
 *      caught by reading one byte past it);
 *   2. the parts: workbook.xml names the sheets and their relationship ids,
 *      workbook.xml.rels the part of each, sharedStrings.xml the strings
 *      cells refer to.  A sheet becomes a sorted list of cells (shared and
 *      inline strings with their rich-text runs joined and phonetic runs
 *      left out, numbers, booleans, errors, the cached value of a formula)
 *      and its merged ranges;
 *   3. the plan: fields.h's table walked in the XML format's order, each
 *      cell's value put in the notation the XML format writes (a date
 *      serial becomes 2025-04-01, 令和7年度 becomes 2025), every node
 *      remembering its cell, so that the XML reader's diagnostics name it.
 */
#include "input/xlsx.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <zip.h>

#include "input/fields.h"
#include "input/notation.h"
#include "input/xml.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/fy.h"

#define MAX_ENTRIES 1000            /* a workbook has a few dozen */
#define MAX_PART (8u * 1024 * 1024) /* one part, uncompressed */
#define MAX_TOTAL (32u * 1024 * 1024)
#define MAX_RATIO 100               /* uncompressed / compressed, above 1 MB */
#define MAX_CELLS 200000
#define MAX_ROW 10000
#define MAX_COL 64

typedef struct cell {
    int row, col;
    char type;  /* 's' text, 'n' number, 'b' boolean, 'e' error, 'f' formula
                   without a cached value */
    char *text;
} cell;

typedef struct range {
    int r0, c0, r1, c1;
} range;

typedef struct sheet {
    bool present;
    cell *cells;
    size_t n, cap;
    range *merges;
    size_t nmerges, mcap;
} sheet;

typedef struct book {
    gs_diags *d;
    const char *file;
    zip_t *zip;
    size_t budget;         /* uncompressed bytes still allowed */
    char **sst;
    size_t nsst, sstcap;
    bool date1904;
    sheet sheets[GS_WB_SHEETS];
    char **places;         /* "FILE:SHEET!B3", index + 1 in a node's _private */
    size_t nplaces, pcap;
    xmlNsPtr ns;
    int fy_first;          /* project/period@first, 0 when unknown */
    bool halted;
} book;

static gs_srcpos at_file(const book *b)
{
    gs_srcpos p = {b->file, 0, 0};
    return p;
}

/* ------------------------------------------------------------ container */

/* The part called name, or NULL (missing is not an error here). */
static char *read_part(book *b, const char *name, size_t *len, bool required)
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
    book *b = ctxt->_private;
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
static xmlDocPtr parse_part(book *b, const char *name, bool required)
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

static void read_shared_strings(book *b)
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
    const cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static void read_sheet(book *b, sheet *sh, const char *part)
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
        rowno = ra ? atoi((const char *)ra) - 1 : rowno + 1;
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
            cell cl = {row, col, 'n', NULL};
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
        range g;
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
static bool read_workbook(book *b)
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
        if (!b->sheets[i].present && b->d->errors == before)
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

static const cell *find(const sheet *sh, int row, int col)
{
    cell key = {row, col, 0, NULL};
    const cell *c = bsearch(&key, sh->cells, sh->n, sizeof *sh->cells, cell_cmp);
    if (c)
        return c;
    /* a merged range keeps its value in its top-left cell */
    for (size_t i = 0; i < sh->nmerges; i++) {
        const range *g = &sh->merges[i];
        if (row >= g->r0 && row <= g->r1 && col >= g->c0 && col <= g->c1 &&
            (row != g->r0 || col != g->c0))
            return find(sh, g->r0, g->c0);
    }
    return NULL;
}

/* The index (1-based) of the place name of a cell. */
static int place(book *b, int sheet_no, int row, int col)
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

static gs_srcpos at_cell(book *b, int sheet_no, int row, int col)
{
    int i = place(b, sheet_no, row, col); /* may move b->places */
    gs_srcpos p = {b->places[i - 1], 0, 0};
    return p;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* Days since the epoch of Excel's serial 0 -> date (proleptic Gregorian). */
static void serial_date(const book *b, double serial, int *y, int *m, int *d)
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

static void bad_cell(book *b, int sh, int row, int col, const char *label, const char *what,
                     const char *text)
{
    gs_diags_add(b->d, GS_ERROR, "E113", at_cell(b, sh, row, col),
                 "%s%s%s の値「%s」が読めません: %s", label ? "「" : "", label ? label : "",
                 label ? "」" : "", text, what);
}

/* The value of a cell in the XML format's notation, appended to out;
 * false when the cell is blank or unreadable (E113 reported). */
static bool value(book *b, int sh, int row, int col, gs_fkind kind, const gs_choice *choices,
                  const char *label, gs_buf *out)
{
    const cell *c = find(&b->sheets[sh], row, col);
    if (!c || (c->type == 's' && blank(c->text)))
        return false;
    if (c->type == 'e') {
        bad_cell(b, sh, row, col, label, "セルが計算エラーです", c->text);
        return false;
    }
    if (c->type == 'f') {
        gs_diags_add(b->d, GS_ERROR, "E113", at_cell(b, sh, row, col),
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
        bad_cell(b, sh, row, col, label, why.data, num ? c->text : c->text);
    gs_buf_free(&why);
    return ok;
}

/* ----------------------------------------------------------------- tree */

static void mark(xmlNodePtr n, int where)
{
    if (!n->_private && where > 0) {
        n->_private = (void *)(intptr_t)where;
        n->line = (unsigned short)(where < 65535 ? where : 65535);
    }
}

static xmlNodePtr add(book *b, xmlNodePtr parent, const char *name, int where)
{
    xmlNodePtr n = xmlNewChild(parent, b->ns, (const xmlChar *)name, NULL);
    mark(n, where);
    return n;
}

/* The child called name of parent, created (at the end) when absent. */
static xmlNodePtr child(book *b, xmlNodePtr parent, const char *name, int where)
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
static void fill_field(book *b, xmlNodePtr root, const gs_field *f)
{
    gs_buf v = GS_BUF_INIT;
    if (!value(b, f->sheet, f->row, f->col, f->kind, f->choices, f->label, &v) ||
        (f->kind == GS_FK_LINK && strcmp(v.data, "yes") != 0))
        goto done;
    int where = place(b, f->sheet, f->row, f->col);
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
static bool gval(book *b, const gs_fgrid *g, int r, size_t k, gs_buf *out)
{
    gs_buf_clear(out);
    const gs_fcol *c = &g->cols[k];
    return value(b, g->sheet, r, g->first_col + (int)k, c->kind, c->choices, c->header, out);
}

static int gplace(book *b, const gs_fgrid *g, int r, size_t k)
{
    return place(b, g->sheet, r, g->first_col + (int)k);
}

static bool row_used(const book *b, const gs_fgrid *g, int r, size_t from)
{
    for (size_t k = from; k < g->ncols; k++) {
        const cell *c = find(&b->sheets[g->sheet], r, g->first_col + (int)k);
        if (c && !(c->type == 's' && blank(c->text)))
            return true;
    }
    return false;
}

/* The fiscal year of the i-th year column, or 0 (E113) when the plan's
 * first year is not known. */
static int column_fy(book *b, const gs_fgrid *g, int r, size_t k, int i)
{
    if (b->fy_first)
        return b->fy_first + i;
    gs_diags_add(b->d, GS_ERROR, "E113", at_cell(b, g->sheet, r, g->first_col + (int)k),
                 "事業計画期間（初年度）が読めないため、この列の年度が決まりません "
                 "(シート「%s」の「事業計画期間（初年度）」を書いてください)",
                 gs_wb_sheet_names[GS_WB_BASIC]);
    return 0;
}

/* <name fy="FY">v</name> children of parent for the year columns. */
static void fy_values(book *b, xmlNodePtr parent, const gs_fgrid *g, int r, size_t from,
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

static void text_child(book *b, xmlNodePtr parent, const gs_fgrid *g, int r, size_t k,
                       const char *name, gs_buf *v)
{
    if (gval(b, g, r, k, v))
        add_text(add(b, parent, name, gplace(b, g, r, k)), v->data);
}

static void attr_of(book *b, xmlNodePtr n, const gs_fgrid *g, int r, size_t k,
                    const char *name, gs_buf *v)
{
    if (gval(b, g, r, k, v)) {
        mark(n, gplace(b, g, r, k));
        set_attr(n, name, v->data);
    }
}

static void grid_bodies(book *b, xmlNodePtr root, gs_buf *v)
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
        attr_of(b, n, g, r, 1, "municipality", v);
        attr_of(b, n, g, r, 2, "code", v);
        fy_values(b, n, g, r, 3, 8, "amount", v);
    }
}

static void grid_overview_kpi(book *b, xmlNodePtr root, gs_buf *v)
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

static void grid_kpis(book *b, xmlNodePtr root, gs_buf *v)
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

static void grid_sources(book *b, xmlNodePtr root, gs_buf *v)
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

static void grid_fund_rows(book *b, xmlNodePtr root, gs_buf *v)
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
            bad_cell(b, g->sheet, r, g->first_col + 2, gs_grids[GS_GRID_FUND_ROWS].row_labels[i],
                     "この行に事業開始前の欄はありません", v->data);
        fy_values(b, n, g, r, 3, 9, "value", v);
    }
}

static void grid_actors(book *b, xmlNodePtr root, gs_buf *v)
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

static xmlNodePtr year_node(book *b, xmlNodePtr expenses, const char *fy, int where)
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
static xmlNodePtr part_node(book *b, xmlNodePtr year, const char *name, int where)
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

static void grid_years(book *b, xmlNodePtr root, gs_buf *v)
{
    const gs_fgrid *g = &gs_grids[GS_GRID_YEARS];
    xmlNodePtr expenses = child(b, root, "expenses", 0);
    gs_buf fy = GS_BUF_INIT;
    for (int r = g->first_row; r < g->first_row + g->max_rows; r++) {
        if (!row_used(b, g, r, 0))
            continue;
        if (!gval(b, g, r, 0, &fy)) {
            if (!find(&b->sheets[g->sheet], r, g->first_col))
                bad_cell(b, g->sheet, r, g->first_col, "年度", "年度を書いてください", "");
            continue;
        }
        xmlNodePtr y = year_node(b, expenses, fy.data, gplace(b, g, r, 0));
        text_child(b, y, g, r, 1, "positioning", v);
        text_child(b, y, g, r, 2, "start", v);
        text_child(b, y, g, r, 3, "end", v);
        for (size_t k = 4; k < 10; k += 2) {
            if (!find(&b->sheets[g->sheet], r, g->first_col + (int)k) &&
                !find(&b->sheets[g->sheet], r, g->first_col + (int)k + 1))
                continue;
            xmlNodePtr bud = add(b, y, "budget", gplace(b, g, r, k));
            attr_of(b, bud, g, r, k, "month", v);
            attr_of(b, bud, g, r, k + 1, "kind", v);
        }
        text_child(b, y, g, r, 10, "eligible", v);
        for (size_t k = 11; k < 15; k += 2) {
            const cell *c1 = find(&b->sheets[g->sheet], r, g->first_col + (int)k);
            const cell *c2 = find(&b->sheets[g->sheet], r, g->first_col + (int)k + 1);
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
    const sheet *sh = &b->sheets[e->sheet];
    int last = sh->n ? sh->cells[sh->n - 1].row : 0;
    for (int r = e->first_row; r <= last && r < e->first_row + e->max_rows; r++) {
        bool head = row_used(b, e, r, 2) && (find(sh, r, 2) || find(sh, r, 3) ||
                                             find(sh, r, 4) || find(sh, r, 5));
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
                bad_cell(b, e->sheet, r, e->first_col + (fy.len ? 1 : 0),
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
                bad_cell(b, e->sheet, r, e->first_col + 6, NULL,
                         "説明・内訳の行の上に要素事業の行がありません", "");
            continue;
        }
        if (!desc)
            desc = add(b, elem, "description", gplace(b, e, r, 6));
        if (find(sh, r, e->first_col + 7)) {
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

static void fill_grid(book *b, xmlNodePtr root, const char *name, gs_buf *v)
{
    if (strcmp(name, "bodies") == 0)
        grid_bodies(b, root, v);
    else if (strcmp(name, "overview-kpi") == 0)
        grid_overview_kpi(b, root, v);
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

static void expect_label(book *b, int sheet_no, int row, int col, const char *label)
{
    const cell *c = find(&b->sheets[sheet_no], row, col);
    if (!c || c->type != 's' || strcmp(c->text, label) != 0)
        gs_diags_add(b->d, GS_ERROR, "E112", at_cell(b, sheet_no, row, col),
                     "この見出しは「%s」のはずですが「%s」です (行を入れたり消したり"
                     "していませんか。grantsheet init で作った並びのまま使ってください)",
                     label, c && c->text ? c->text : "");
}

/* Every label cell must hold its label: a row inserted or deleted (the
 * 要素事業 sheet allows it, for its open-ended table) would otherwise read
 * every value below it into the wrong field. */
static void check_labels(book *b)
{
    for (size_t i = 0; i < gs_nfields; i++) {
        const gs_field *f = &gs_fields[i];
        if (f->path && f->label)
            expect_label(b, f->sheet, f->row, f->col - 1, f->label);
    }
    for (int gi = 0; gi < GS_GRIDS; gi++) {
        const gs_fgrid *g = &gs_grids[gi];
        expect_label(b, g->sheet, g->header_row, g->first_col, g->cols[0].header);
        for (int r = 0; g->row_labels && r < g->max_rows; r++)
            expect_label(b, g->sheet, g->first_row + r, g->first_col - 1, g->row_labels[r]);
    }
}

/* E102 for each required field left blank, at its cell. */
static void check_required(book *b)
{
    for (size_t i = 0; i < gs_nfields; i++) {
        const gs_field *f = &gs_fields[i];
        for (size_t k = 0; f->path && gs_required_fields[k]; k++) {
            if (strcmp(f->path, gs_required_fields[k]) != 0)
                continue;
            const cell *c = find(&b->sheets[f->sheet], f->row, f->col);
            if (!c || (c->type == 's' && blank(c->text)))
                gs_diags_add(b->d, GS_ERROR, "E102", at_cell(b, f->sheet, f->row, f->col),
                             "「%s」は必ず記入してください", f->label);
        }
    }
}

static xmlDocPtr build(book *b)
{
    static const char *const sections[] = {
        "applicant", "project", "overview", "background", "theme", "links", "excluded",
        "kpis", "funding", "actors", "verification", "strategies", "regional-plan", "expenses"};
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
            if (value(b, f->sheet, f->row, f->col, f->kind, NULL, NULL, &v))
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

static void book_free(book *b)
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
}

/* The workbook read into a tree (NULL on errors); b keeps the places. */
static xmlDocPtr read_book(book *b, const char *path, gs_diags *d, char **bytes)
{
    b->d = d;
    b->file = path;
    b->budget = MAX_TOTAL;
    size_t before = d->errors, len = 0;
    gs_read_status st;
    gs_buf why = GS_BUF_INIT;
    xmlDocPtr doc = NULL;
    *bytes = gs_read_file(path, GS_XLSX_MAX_BYTES, &len, &st, &why);
    if (!*bytes) {
        gs_diags_add(d, GS_ERROR, "E111", at_file(b), "ファイル%s", why.data);
        goto done;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(*bytes, len, 0, &ze);
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
    if (!read_workbook(b))
        goto done;
    check_labels(b);
    if (d->errors == before)
        check_required(b);
    if (d->errors != before)
        goto done;
    doc = build(b);
    if (d->errors != before) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
done:
    gs_buf_free(&why);
    return doc;
}

xmlDoc *gs_xlsx_read_tree(const char *path, gs_diags *d)
{
    book b;
    memset(&b, 0, sizeof b);
    char *bytes = NULL;
    xmlDocPtr doc = read_book(&b, path, d, &bytes);
    book_free(&b);
    free(bytes);
    return doc;
}

gs_plan *gs_xlsx_load_plan(const char *path, gs_diags *d)
{
    book b;
    memset(&b, 0, sizeof b);
    char *bytes = NULL;
    gs_plan *p = NULL;
    xmlDocPtr doc = read_book(&b, path, d, &bytes);
    if (doc)
        p = gs_xml_load_tree(path, doc, (const char *const *)b.places, b.nplaces, d);
    xmlFreeDoc(doc);
    book_free(&b);
    free(bytes);
    return p;
}
