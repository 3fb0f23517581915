/*
 * csv.c - reads the KPI table, the 自主財源 schedule, the (別紙1-1)
 * expense elements and the 効果検証's 実績 from the CSV files Excel writes.
 *
 * Planning divisions keep these tables in Excel, so the reader takes the
 * files as Excel saves them rather than asking the clerk to clean them up:
 *
 *   1. the file is read by us, size-checked first (E121);
 *   2. the encoding is decided from the bytes: a UTF-8 BOM or valid UTF-8
 *      means UTF-8, anything else is taken as Shift_JIS as Excel writes it
 *      (CP932) and converted with iconv; bytes that fit neither are
 *      reported line by line (E121);
 *   3. libcsv splits the records (non-strict: Excel's doubled quotes and
 *      line breaks inside quoted cells are handled).  libcsv does not say
 *      where a record starts, so the text is fed one physical line at a
 *      time and the line where each record began is noted: a diagnostic
 *      then points at FILE:ROW:COLUMN as Excel's row numbers would, even
 *      after cells with line breaks;
 *   4. the first non-blank record is the header; columns are found by their
 *      header text, compared after folding full-width letters/digits to
 *      ASCII and dropping every space and line break, so 「２０２５年度
 *      増加分」 and 「2025年度増加分」 are one column (E122);
 *   5. each row is read into the plan; every bad cell (E123) and every
 *      unknown or repeated row key or year (E124) is reported, and the whole
 *      file is checked, not only up to the first problem.
 *
 * Every message names the column by its header as the clerk wrote it,
 * because that is what they see in Excel.
 */
#include "input/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "input/notation.h"
#include "model/sheets.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/num.h"
#include "util/utf8.h"

/* Problems reported per file.  A real table has a handful; the bound keeps
 * a hostile 4 MB file from turning into millions of records. */
#define MAX_REPORTS 1000
/* Lines with undecodable bytes reported per file: a binary file would
 * otherwise produce one diagnostic per line. */
#define MAX_ENCODING_REPORTS 10
/* A cell quoted in a message is cut to this many characters. */
#define MAX_QUOTED_CHARS 40
/* The largest table has 13 columns (the KPI table) and about a thousand
 * rows (a hundred elements in each of ten years).  Cells and records past
 * these bounds are not kept, so memory stays a small multiple of the file
 * whatever it holds: a 4 MB row of commas was 4 million cells, 441 MB. */
#define MAX_CELLS 64
#define MAX_RECORDS 10000

/* libcsv's parser states (libcsv.c; unchanged since libcsv 2.0).  The
 * struct is public in csv.h but the names are not: they tell an unclosed
 * quote at the end of the file from a complete last record. */
#define LIBCSV_FIELD_BEGUN 2

/* ------------------------------------------------------------ records */

typedef struct cell {
    char *text; /* trimmed, line breaks as \n, never NULL */
    int col;    /* 1-based */
} cell;

typedef struct record {
    int line; /* physical line where the record starts, 1-based */
    cell *cells;
    size_t n, cap;
    size_t dropped; /* cells past MAX_CELLS, not kept */
    bool dropped_data; /* and one of them was not blank */
} record;

/* One loader call. */
typedef struct reader {
    gs_plan *p;
    gs_diags *d;
    const char *file;   /* interned in the plan: every gs_srcpos points here */
    record *recs;       /* non-blank records, in file order */
    size_t nrecs, caprecs;
    record cur;         /* the record libcsv is delivering */
    int line;           /* physical line being fed to libcsv */
    int start;          /* line where the current record began */
    bool open;          /* a record has begun and not yet ended */
    bool ended;         /* libcsv ended a record in the current chunk */
    bool too_many;      /* more than MAX_RECORDS records: reported, stop */
    size_t nreported, nsuppressed;
    const char *suppressed_code; /* code of the first report left out */
} reader;

static gs_srcpos pos_at(const reader *r, int line, int col)
{
    gs_srcpos pos = {r->file, line, col};
    return pos;
}

/* Adds an error unless MAX_REPORTS have been made; returns it (or NULL) so
 * the caller can say where on the form it is. */
static gs_diag *report(reader *r, const char *code, int line, int col,
                       const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static gs_diag *report(reader *r, const char *code, int line, int col,
                       const char *fmt, ...)
{
    gs_diag *g = NULL;
    gs_buf msg = GS_BUF_INIT;
    if (r->nreported >= MAX_REPORTS) {
        if (!r->nsuppressed++)
            r->suppressed_code = code;
        goto done;
    }
    r->nreported++;
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    g = gs_diags_add(r->d, GS_ERROR, code, pos_at(r, line, col), "%s",
                     msg.data);
done:
    gs_buf_free(&msg);
    return g;
}

static void records_free(reader *r)
{
    for (size_t i = 0; i < r->nrecs; i++) {
        for (size_t j = 0; j < r->recs[i].n; j++)
            free(r->recs[i].cells[j].text);
        free(r->recs[i].cells);
    }
    free(r->recs);
    for (size_t j = 0; j < r->cur.n; j++)
        free(r->cur.cells[j].text);
    free(r->cur.cells);
}

/* ------------------------------------------------------------- UTF-8 */



static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* --------------------------------------------------------- file gates */

/* Reads the whole file into *out (NUL-terminated), refusing anything that
 * is not a regular file or is larger than GS_CSV_MAX_BYTES. */
static bool read_file(reader *r, const char *path, char **out, size_t *outlen)
{
    gs_buf why = GS_BUF_INIT;
    gs_read_status st;
    *out = gs_read_file(path, GS_CSV_MAX_BYTES, outlen, &st, &why);
    if (!*out)
        report(r, "E121", 0, 0, "CSV ファイル%s%s", why.data,
               st == GS_READ_TOO_BIG ? "。表だけを別のファイルに保存してください" : "");
    gs_buf_free(&why);
    return *out != NULL;
}

/* Position of the first byte that is not UTF-8, or len; *multibyte tells
 * whether a well-formed multibyte sequence came before it (a sign that the
 * file is UTF-8 with a damaged spot rather than Shift_JIS). */
static size_t first_bad_utf8(const char *text, size_t len, bool *multibyte)
{
    const unsigned char *s = (const unsigned char *)text;
    *multibyte = false;
    for (size_t i = 0; i < len;) {
        size_t n = gs_utf8_seq_len(s + i, len - i);
        if (n == 0)
            return i;
        if (n > 1)
            *multibyte = true;
        i += n;
    }
    return len;
}

/* Reports every line holding bytes that are not UTF-8 (one diagnostic per
 * line, up to MAX_ENCODING_REPORTS). */
static void report_bad_utf8(reader *r, const char *text, size_t len,
                            const char *why)
{
    int lines[MAX_ENCODING_REPORTS];
    unsigned char bytes[MAX_ENCODING_REPORTS];
    size_t nbad = gs_utf8_bad_lines(text, len, lines, bytes,
                                    MAX_ENCODING_REPORTS);
    for (size_t k = 0; k < nbad && k < MAX_ENCODING_REPORTS; k++)
        report(r, "E121", lines[k], 0,
               "%s UTF-8 として正しくないバイト (0x%02X) があります。"
               "Excel で「CSV UTF-8 (コンマ区切り)」または「CSV "
               "(コンマ区切り)」で保存し直してください",
               why, bytes[k]);
    if (nbad > MAX_ENCODING_REPORTS)
        report(r, "E121", 0, 0,
               "ほかに %zu 行に UTF-8 として正しくないバイトがあります",
               nbad - MAX_ENCODING_REPORTS);
}

/* Converts CP932 text to UTF-8 into *out.  Every line with bytes CP932 does
 * not have is noted; when report_errors, they are reported.  Returns true
 * when the whole text converted. */
static bool from_cp932(reader *r, const char *text, size_t len, gs_buf *out,
                       bool report_errors)
{
    bool ok = false;
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1) {
        if (report_errors)
            report(r, "E121", 0, 0,
                   "この環境では Shift_JIS (CP932) の CSV を読めません "
                   "(iconv: %s)。UTF-8 で保存し直してください",
                   strerror(errno));
        goto done;
    }
    char *in = (char *)text;
    size_t inleft = len, nbad = 0, counted = 0;
    int line = 1, reported_line = 0;
    char obuf[4096];
    while (inleft > 0) {
        char *o = obuf;
        size_t oleft = sizeof obuf;
        size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
        gs_buf_append(out, obuf, (size_t)(o - obuf));
        if (rc != (size_t)-1 || errno == E2BIG)
            continue;
        /* EILSEQ or EINVAL (a lead byte at the very end): skip the byte and
         * go on, so every bad line is found.  0x0A is never part of a
         * CP932 character, so counting it in the raw bytes gives lines. */
        size_t at = (size_t)(in - text);
        for (; counted < at; counted++)
            if (text[counted] == '\n')
                line++;
        if (line != reported_line && ++nbad <= MAX_ENCODING_REPORTS &&
            report_errors)
            report(r, "E121", line, 0,
                   "UTF-8 としても Shift_JIS (CP932) としても読めないバイト "
                   "(0x%02X) があります。Excel で「CSV UTF-8 (コンマ区切り)」"
                   "で保存し直してください",
                   (unsigned char)*in);
        reported_line = line;
        in++;
        inleft--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    if (nbad > MAX_ENCODING_REPORTS && report_errors)
        report(r, "E121", 0, 0,
               "ほかに %zu 行に読めないバイトがあります",
               nbad - MAX_ENCODING_REPORTS);
    ok = nbad == 0;
done:
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    return ok;
}

/* Gives *text as UTF-8 without a BOM (converting it when it is CP932), or
 * reports why it cannot. */
static bool to_utf8(reader *r, char **text, size_t *len)
{
    bool ok = false;
    gs_buf conv = GS_BUF_INIT;
    char *s = *text;
    size_t n = *len;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        /* A BOM settles it: only UTF-8 starts that way. */
        memmove(s, s + 3, n - 3 + 1);
        n -= 3;
        *len = n;
        bool mb;
        if (first_bad_utf8(s, n, &mb) != n) {
            report_bad_utf8(r, s, n, "UTF-8 (BOM 付き) のファイルに");
            goto done;
        }
        ok = true;
        goto done;
    }
    bool multibyte;
    size_t bad = first_bad_utf8(s, n, &multibyte);
    if (bad == n) {
        ok = true;
        goto done;
    }
    if (from_cp932(r, s, n, &conv, false)) {
        free(*text);
        *len = conv.len;
        *text = gs_buf_detach(&conv);
        ok = true;
        goto done;
    }
    /* Neither: blame the encoding the file most looks like. */
    if (multibyte)
        report_bad_utf8(r, s, n, "UTF-8 のファイルに");
    else {
        gs_buf_clear(&conv);
        from_cp932(r, s, n, &conv, true);
    }
done:
    gs_buf_free(&conv);
    return ok;
}

/* ------------------------------------------------------------- libcsv */

static bool is_blank_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x3000;
}

/* A cell as the loaders want it: CR LF and lone CR inside quoted cells
 * become \n, control characters are reported (and dropped), and blanks
 * (ASCII and full-width) are trimmed at both ends. */
static char *clean_field(reader *r, const char *s, size_t len, int col)
{
    gs_buf b = GS_BUF_INIT;
    bool reported = false;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r') {
            gs_buf_putc(&b, '\n');
            i += i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
            continue;
        }
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            if (!reported)
                report(r, "E123", r->start, col,
                       "%d 列目に制御文字 (U+%04X) があります。消してください",
                       col, c);
            reported = true;
            i++;
            continue;
        }
        size_t n;
        unsigned cp = gs_utf8_decode(s + i, &n);
        if (cp >= 0x80 && cp <= 0x9F) {
            if (!reported)
                report(r, "E123", r->start, col,
                       "%d 列目に制御文字 (U+%04X) があります。消してください",
                       col, cp);
            reported = true;
            i += n;
            continue;
        }
        gs_buf_append(&b, s + i, n);
        i += n;
    }
    /* trim */
    char *t = gs_buf_detach(&b);
    char *a = t, *z = t + strlen(t);
    for (;;) {
        size_t n;
        if (a < z && is_blank_cp(gs_utf8_decode(a, &n)))
            a += n;
        else
            break;
    }
    for (;;) {
        if (z > a && (z[-1] == ' ' || z[-1] == '\t' || z[-1] == '\n'))
            z--;
        else if (z - a >= 3 && memcmp(z - 3, "\u3000", 3) == 0)
            z -= 3;
        else
            break;
    }
    char *out = gs_xstrndup(a, (size_t)(z - a));
    free(t);
    return out;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->cur.n >= MAX_CELLS || r->too_many) {
        r->cur.dropped++;
        for (size_t i = 0; s && i < len && !r->cur.dropped_data; i++)
            r->cur.dropped_data = ((const char *)s)[i] != ' ';
        return;
    }
    GS_GROW(r->cur.cells, r->cur.cap, r->cur.n + 1);
    cell *c = &r->cur.cells[r->cur.n++];
    c->col = (int)r->cur.n;
    c->text = clean_field(r, s ? s : "", s ? len : 0, c->col);
}

/* A record ends: keep it unless every cell is empty (Excel pads tables with
 * rows of commas). */
static void on_record(int term, void *data)
{
    reader *r = data;
    (void)term;
    bool blank = true;
    for (size_t i = 0; i < r->cur.n && blank; i++)
        blank = r->cur.cells[i].text[0] == '\0';
    if ((!blank || r->cur.dropped_data) && r->cur.dropped && !r->too_many)
        report(r, "E123", r->start, MAX_CELLS + 1,
               "この行はセルが多すぎます (%zu 列、%d 列まで)。表の右に余分な"
               "データがないか確かめてください", r->cur.n + r->cur.dropped,
               MAX_CELLS);
    blank = blank && !r->cur.dropped_data;
    if (!blank && r->nrecs >= MAX_RECORDS) {
        if (!r->too_many)
            report(r, "E121", r->start, 0,
                   "行が多すぎます (%d 行まで)。様式の表だけを保存してください",
                   MAX_RECORDS);
        r->too_many = true;
        blank = true;   /* not kept */
    }
    if (blank) {
        for (size_t i = 0; i < r->cur.n; i++)
            free(r->cur.cells[i].text);
        free(r->cur.cells);
    } else {
        GS_GROW(r->recs, r->caprecs, r->nrecs + 1);
        r->cur.line = r->start;
        r->recs[r->nrecs++] = r->cur;
    }
    memset(&r->cur, 0, sizeof r->cur);
    r->ended = true;
}

/* Splits text into records.  Each physical line (ending in LF, CR LF or a
 * lone CR) is one csv_parse call, so the line where a record begins is
 * known: a record is open from the first line on which libcsv sees
 * anything but blanks until libcsv ends it. */
static bool split_records(reader *r, const char *text, size_t len)
{
    bool ok = false;
    struct csv_parser parser;
    if (csv_init(&parser, CSV_APPEND_NULL) != 0) {
        report(r, "E121", 0, 0, "CSV を読む準備ができません");
        return false;
    }
    r->line = 1;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n' &&
               !(text[j] == '\r' && (j + 1 >= len || text[j + 1] != '\n')))
            j++;
        if (j < len)
            j++; /* the line's terminator */
        if (!r->open)
            r->start = r->line;
        r->ended = false;
        if (csv_parse(&parser, text + i, j - i, on_field, on_record, r) !=
            j - i) {
            report(r, "E121", r->line, 0, "CSV として読めません: %s",
                   csv_strerror(csv_error(&parser)));
            goto done;
        }
        if (r->ended)
            r->open = false;
        else if (!r->open)
            for (size_t k = i; k < j && !r->open; k++)
                r->open = text[k] != ' ' && text[k] != '\t' &&
                          text[k] != '\r' && text[k] != '\n';
        bool terminated = text[j - 1] == '\n' || text[j - 1] == '\r';
        if (terminated)
            r->line++;
        i = j;
    }
    /* A quote left open swallows the rest of the file into one cell; say
     * so rather than let a figure vanish into a description. */
    if (parser.pstate == LIBCSV_FIELD_BEGUN && parser.quoted) {
        report(r, "E121", r->start, (int)r->cur.n + 1,
               "%d 列目の引用符 (\") が閉じられないままファイルが終わって"
               "います。セルの中の \" は \"\" と二つ重ねて書きます",
               (int)r->cur.n + 1);
        goto done;
    }
    if (csv_fini(&parser, on_field, on_record, r) != 0) {
        report(r, "E121", r->start, 0, "CSV として読めません: %s",
               csv_strerror(csv_error(&parser)));
        goto done;
    }
    ok = !r->too_many;
done:
    csv_free(&parser);
    return ok;
}

/* Reads, decodes and splits path; false when the file cannot be used. */
static bool load_records(reader *r, const char *path)
{
    bool ok = false;
    char *text = NULL;
    size_t len = 0;
    if (!read_file(r, path, &text, &len))
        goto done;
    if (!to_utf8(r, &text, &len))
        goto done;
    if (!split_records(r, text, len))
        goto done;
    if (r->nrecs == 0) {
        report(r, "E122", 0, 0, "CSV ファイルが空です (見出しの行がありません)");
        goto done;
    }
    ok = true;
done:
    free(text);
    return ok;
}

/* ------------------------------------------------------ text helpers */

/* The comparison form of a header or a key: full-width ASCII folded to
 * ASCII (２０２５ → 2025, （ → (), ASCII letters upper-cased, ･ → ・, and
 * every blank (ASCII, U+3000, line breaks) dropped, because clerks break
 * and pad headers freely. */
static char *fold(const char *s)
{
    gs_buf b = GS_BUF_INIT;
    while (*s) {
        size_t n;
        unsigned cp = gs_utf8_decode(s, &n);
        s += n;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        else if (cp == 0xFF65)
            cp = 0x30FB;
        if (is_blank_cp(cp) || cp == '\r')
            continue;
        if (cp >= 'a' && cp <= 'z')
            cp -= 'a' - 'A';
        gs_buf_put_utf8(&b, cp);
    }
    if (!b.data)
        gs_buf_puts(&b, "");
    return gs_buf_detach(&b);
}

/* A cell as quoted in a message: one line, at most MAX_QUOTED_CHARS. */
static char *quote(const char *s)
{
    gs_buf b = GS_BUF_INIT;
    size_t nchars = 0;
    while (*s && nchars < MAX_QUOTED_CHARS) {
        size_t n;
        unsigned cp = gs_utf8_decode(s, &n);
        if (cp == '\n' || cp == '\t')
            gs_buf_putc(&b, ' ');
        else
            gs_buf_append(&b, s, n);
        s += n;
        nchars++;
    }
    if (*s)
        gs_buf_puts(&b, "…");
    if (!b.data)
        gs_buf_puts(&b, "");
    return gs_buf_detach(&b);
}

/* A fiscal year at *s as gs_notation_take_fy reads it (2025, R7, 令和元,
 * 元 before 年度 …); 0 when there is none.  A year outside the plan's range
 * is returned all the same: the table's own columns decide. */
static int take_year(const char **s)
{
    int fy = 0;
    if (gs_notation_take_fy(s, &fy) == GS_NOTATION_BAD)
        return 0;
    return fy;
}

/* A year column's header (folded): YEAR年度, then optionally 増加分 (when
 * inc_ok) and (N年目) in either order.  *fy is 0 for the form's unused
 * columns headed just 年度 / 年度増加分; *nth is 0 when not written. */
static bool year_header(const char *h, bool inc_ok, int *fy, int *nth)
{
    *fy = take_year(&h);
    *nth = 0;
    if (!starts(h, "年度"))
        return false;
    h += strlen("年度");
    while (*h) {
        if (inc_ok && starts(h, "増加分")) {
            h += strlen("増加分");
        } else if (*h == '(') {
            int v = 0, digits = 0;
            for (h++; *h >= '0' && *h <= '9' && digits < 2; h++, digits++)
                v = v * 10 + (*h - '0');
            if (!digits || !starts(h, "年目)"))
                return false;
            h += strlen("年目)");
            *nth = v;
        } else {
            return false;
        }
    }
    return true;
}


/* ------------------------------------------------------------ columns */

/* What a column holds; the loaders give the table-specific meanings. */
enum {
    COL_IGNORE,   /* an unknown or repeated column, already reported */
    COL_EMPTY,    /* no header, or a year-less 年度 column: must stay empty */
    COL_KEY,      /* the row key (KPI番号 / 【A】…) */
    COL_BEFORE,   /* 事業開始前（現時点） */
    COL_YEAR,     /* a fiscal year; index = fy - fy_first */
    COL_TOTAL,    /* KPI増加分の累計 */
    COL_FY,       /* elements: 年度 */
    COL_PART,     /* 区分 */
    COL_NO,       /* 番号 */
    COL_NAME,     /* 事業名 */
    COL_KPIS,     /* 関連するKPI */
    COL_AMOUNT,   /* 金額 */
    COL_DESC,     /* 説明 */
    COL_KINDS
};

typedef struct column {
    int kind;
    int index;    /* COL_YEAR: fy - fy_first */
    int fy;       /* COL_YEAR: the fiscal year */
    char *header; /* as written, one line, for messages */
} column;

typedef struct table {
    const record *head;
    column *cols;    /* cols[c - 1] for column c of the header */
    size_t ncols;
    int where[COL_KINDS]; /* column of each single-use kind, 0 if none */
} table;

/* The column of cell c (1-based), or NULL beyond the header. */
static const column *column_of(const table *t, int col)
{
    return col >= 1 && (size_t)col <= t->ncols ? &t->cols[col - 1] : NULL;
}

/* 「2026年度」列 (or 「7 列目」 for a column without a header). */
static const char *col_name(const table *t, int col, gs_buf *b)
{
    const column *c = column_of(t, col);
    gs_buf_clear(b);
    if (c && c->header[0])
        gs_buf_printf(b, "「%s」列", c->header);
    else
        gs_buf_printf(b, "%d 列目 (見出しなし)", col);
    return b->data;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        free(t->cols[i].header);
    free(t->cols);
}

/* The text of column col in record rec ("" when the record is shorter). */
static const char *cell_text(const record *rec, int col)
{
    if (col < 1 || (size_t)col > rec->n)
        return "";
    return rec->cells[col - 1].text;
}

/* What a table accepts, for the loaders to describe. */
typedef struct table_kind {
    const char *name;      /* "KPI の表" */
    const char *accepted;  /* the headers it accepts, for E122 */
    /* Maps a folded header to a COL_ kind (COL_IGNORE when unknown); sets
     * *fy for year columns (0 for a year-less one). */
    int (*classify)(const char *h, int col, int *fy, int *nth);
    int nyears;            /* year columns from fy_first */
    const int *required;   /* COL_ kinds that must be there, 0-terminated */
} table_kind;

static const char *kind_label(int kind)
{
    switch (kind) {
    case COL_KEY: return "行の見出し";
    case COL_BEFORE: return "事業開始前（現時点）";
    case COL_TOTAL: return "KPI増加分の累計";
    case COL_FY: return "年度";
    case COL_PART: return "区分";
    case COL_NO: return "番号";
    case COL_NAME: return "事業名";
    case COL_KPIS: return "関連するKPI";
    case COL_AMOUNT: return "金額";
    case COL_DESC: return "説明";
    default: return "";
    }
}

/* Reads the header record into t.  Reports unknown, repeated and missing
 * columns; returns false when the rows cannot be read without a required
 * column. */
static bool read_header(reader *r, const table_kind *k, table *t)
{
    bool ok = true;
    const record *h = &r->recs[0];
    int year_col[GS_KPI_YEARS] = {0};
    t->head = h;
    t->ncols = h->n;
    t->cols = gs_xcalloc(h->n ? h->n : 1, sizeof *t->cols);
    for (size_t i = 0; i < h->n; i++) {
        column *c = &t->cols[i];
        int colno = (int)i + 1;
        c->header = quote(h->cells[i].text);
        char *f = fold(h->cells[i].text);
        int fy = 0, nth = 0;
        c->kind = k->classify(f, colno, &fy, &nth);
        if (c->kind == COL_IGNORE) {
            report(r, "E122", h->line, colno,
                   "見出し「%s」は、%sの見出しとして使えません。使える見出し: %s",
                   c->header, k->name, k->accepted);
        } else if (c->kind == COL_YEAR && fy == 0) {
            c->kind = COL_EMPTY; /* the form's unused 「年度 増加分」 */
        } else if (c->kind == COL_YEAR) {
            c->fy = fy;
            c->index = fy - r->p->fy_first;
            if (c->index < 0 || c->index >= k->nyears) {
                report(r, "E124", h->line, colno,
                       "「%s」列の %d年度は、%sに入りません。この表の年度の列は"
                       "事業計画期間の初年度 (%d年度) から %d年度までです",
                       c->header, fy, k->name, r->p->fy_first,
                       r->p->fy_first + k->nyears - 1);
                c->kind = COL_IGNORE;
            } else if (nth && nth != c->index + 1) {
                report(r, "E122", h->line, colno,
                       "見出し「%s」の年目が合いません: %d年度は事業計画期間の "
                       "%d 年目です",
                       c->header, fy, c->index + 1);
                c->kind = COL_IGNORE;
            } else if (year_col[c->index]) {
                report(r, "E122", h->line, colno,
                       "%d年度の列が重複しています (%d 列目にもあります)", fy,
                       year_col[c->index]);
                c->kind = COL_IGNORE;
            } else {
                year_col[c->index] = colno;
            }
        } else if (c->kind != COL_EMPTY) {
            if (t->where[c->kind]) {
                report(r, "E122", h->line, colno,
                       "「%s」の列が重複しています (%d 列目にもあります)",
                       kind_label(c->kind), t->where[c->kind]);
                c->kind = COL_IGNORE;
            } else {
                t->where[c->kind] = colno;
            }
        }
        free(f);
    }
    for (const int *req = k->required; *req; req++) {
        if (t->where[*req])
            continue;
        report(r, "E122", h->line, 0,
               "%sに「%s」の列がありません。見出しの行 (%d 行目) に加えて"
               "ください。使える見出し: %s",
               k->name, kind_label(*req), h->line, k->accepted);
        ok = false;
    }
    if (k->nyears) {
        bool any = false;
        for (int i = 0; i < k->nyears; i++)
            any = any || year_col[i];
        if (!any) {
            report(r, "E122", h->line, 0,
                   "%sに年度の列がありません (例: %d年度)", k->name,
                   r->p->fy_first);
            ok = false;
        }
    }
    return ok;
}

/* Cells under no header, or under one that must stay empty, must be
 * empty; cells of ignored columns were already covered by their header's
 * report.  Returns false after reporting such a cell. */
static bool check_stray_cell(reader *r, const table *t, const record *rec,
                             const cell *c)
{
    const column *col = column_of(t, c->col);
    if (!c->text[0] || (col && col->kind != COL_EMPTY))
        return true;
    gs_buf name = GS_BUF_INIT;
    char *q = quote(c->text);
    report(r, "E122", rec->line, c->col,
           "%sに値「%s」があります。見出しを書くか、値を消してください",
           col_name(t, c->col, &name), q);
    free(q);
    gs_buf_free(&name);
    return false;
}

static gs_stated stated(const reader *r, int line, int col, int64_t v)
{
    gs_stated s = {true, v, pos_at(r, line, col)};
    return s;
}

/* E123 for cell c, which does not read as notation what (status st):
 * "「2025年度」列の「x」をASとして読めません (why)", with more (or NULL)
 * added to the why.  Returns the diagnostic (or NULL) for the caller to
 * say where on the form it is. */
static gs_diag *bad_cell(reader *r, const table *t, const record *rec, const cell *c,
                         gs_notation what, gs_notation_status st, const char *as,
                         const char *more)
{
    gs_buf name = GS_BUF_INIT, why = GS_BUF_INIT;
    char *q = quote(c->text);
    gs_notation_explain(&why, what, st);
    gs_diag *g = report(r, "E123", rec->line, c->col, "%sの「%s」を%sとして読めません (%s%s)",
                        col_name(t, c->col, &name), q, as, why.data, more ? more : "");
    free(q);
    gs_buf_free(&why);
    gs_buf_free(&name);
    return g;
}

/* --------------------------------------------------------------- KPIs */

static int classify_kpi(const char *h, int col, int *fy, int *nth)
{
    if ((!*h && col == 1) || strcmp(h, "KPI") == 0 ||
        strcmp(h, "KPI番号") == 0 || strcmp(h, "番号") == 0)
        return COL_KEY;
    if (!*h)
        return COL_EMPTY;
    if (strcmp(h, "事業開始前") == 0 || strcmp(h, "事業開始前(現時点)") == 0)
        return COL_BEFORE;
    if (strcmp(h, "KPI増加分の累計") == 0 || strcmp(h, "増加分の累計") == 0 ||
        strcmp(h, "累計") == 0)
        return COL_TOTAL;
    if (year_header(h, true, fy, nth))
        return COL_YEAR;
    return COL_IGNORE;
}

static const int kpi_required[] = {COL_KEY, COL_BEFORE, 0};

static const table_kind KPI_TABLE = {
    "KPI の表",
    "KPI番号、事業開始前（現時点）、2025年度増加分 (R7年度・令和7年度も可)、"
    "KPI増加分の累計",
    classify_kpi, GS_KPI_YEARS, kpi_required,
};

static gs_kpi *find_kpi(gs_plan *p, int no)
{
    for (size_t i = 0; i < p->nkpis; i++)
        if (p->kpis[i].no == no)
            return &p->kpis[i];
    return NULL;
}

/* True when every figure of rec is empty or zero (the form's rows for
 * unused KPIs print 0.00 in the 累計 column). */
static bool figures_blank(const table *t, const record *rec)
{
    for (size_t i = 0; i < rec->n; i++) {
        const cell *c = &rec->cells[i];
        const column *col = column_of(t, c->col);
        int64_t v;
        if (!col || col->kind == COL_KEY || !c->text[0])
            continue;
        if (gs_notation_figure(c->text, &v) != GS_NOTATION_OK || v != 0)
            return false;
    }
    return true;
}

static void read_kpi_row(reader *r, const table *t, const record *rec,
                         int *seen)
{
    gs_buf name = GS_BUF_INIT;
    int keycol = t->where[COL_KEY];
    const char *key = cell_text(rec, keycol);
    char *fkey = fold(key);
    char *qkey = quote(key);
    gs_kpi *k = NULL;
    if (!*key) {
        report(r, "E124", rec->line, keycol,
               "%sが空です。どの KPI の行か (KPI① など) を書いてください",
               col_name(t, keycol, &name));
        goto done;
    }
    int no = gs_notation_kpi_no(fkey);
    if (no < 1 || no > GS_MAX_KPIS) {
        report(r, "E124", rec->line, keycol,
               "%sの「%s」は KPI番号として読めません (KPI①〜KPI⑥、①、1 の"
               "ように書いてください)",
               col_name(t, keycol, &name), qkey);
        goto done;
    }
    k = find_kpi(r->p, no);
    if (!k) {
        if (!figures_blank(t, rec))
            report(r, "E124", rec->line, keycol,
                   "%sの「%s」は計画ファイルの KPI にありません。計画ファイル"
                   "に KPI を加えるか、この行を消してください",
                   col_name(t, keycol, &name), qkey);
        goto done;
    }
    if (seen[no]) {
        report(r, "E124", rec->line, keycol,
               "%sの「%s」の行が重複しています (%d 行目にもあります)",
               col_name(t, keycol, &name), qkey, seen[no]);
        k = NULL;
        goto done;
    }
    seen[no] = rec->line;
done:
    /* every cell is checked, even in a row that cannot be used */
    for (size_t i = 0; i < rec->n; i++) {
        const cell *c = &rec->cells[i];
        const column *col = column_of(t, c->col);
        if (!check_stray_cell(r, t, rec, c) || !col || !c->text[0])
            continue;
        gs_stated *dst = NULL;
        if (col->kind == COL_BEFORE)
            dst = k ? &k->baseline : NULL;
        else if (col->kind == COL_YEAR)
            dst = k ? &k->inc[col->index] : NULL;
        else if (col->kind == COL_TOTAL)
            dst = k ? &k->total : NULL;
        else
            continue;
        int64_t v;
        gs_notation_status st = gs_notation_figure(c->text, &v);
        if (st != GS_NOTATION_OK) {
            gs_diag *g = bad_cell(r, t, rec, c, GS_NOTATION_FIGURE, st, "数値", NULL);
            if (g)
                gs_diag_set_where(g, GS_SHEET_KPI, qkey,
                                  col->kind == COL_YEAR ? col->fy : 0);
            continue;
        }
        if (dst)
            *dst = stated(r, rec->line, c->col, v);
    }
    free(fkey);
    free(qkey);
    gs_buf_free(&name);
}

/* ------------------------------------------------------------ funding */

/* Rows of the 自立性 schedule beyond 【A】-【E】. */
enum {
    ROW_TOTAL = GS_FUND_SOURCES, /* 合計 */
    ROW_ELIGIBLE,                /* 交付対象事業経費 */
    ROW_SOFT,                    /* うちソフト事業費 */
    ROW_BASE,                    /* うち拠点整備事業費 */
    ROW_PROJECT,                 /* 総事業費 */
    FUND_ROWS
};

static int classify_funding(const char *h, int col, int *fy, int *nth)
{
    if ((!*h && col == 1) || strcmp(h, "区分") == 0 ||
        strcmp(h, "項目") == 0 || strcmp(h, "自主財源") == 0 ||
        strcmp(h, "自主財源見込額") == 0 ||
        strcmp(h, "各年度における自主財源見込額") == 0)
        return COL_KEY;
    if (!*h)
        return COL_EMPTY;
    if (strcmp(h, "事業開始前") == 0 || strcmp(h, "事業開始前(現時点)") == 0)
        return COL_BEFORE;
    if (year_header(h, false, fy, nth))
        return COL_YEAR;
    return COL_IGNORE;
}

static const int funding_required[] = {COL_KEY, 0};

static const table_kind FUNDING_TABLE = {
    "自主財源見込額の表",
    "各年度における自主財源見込額 (行の見出し)、事業開始前（現時点）、"
    "2025年度（1年目） (R7年度・令和7年度も可)",
    classify_funding, GS_FUND_YEARS, funding_required,
};

/* 【A】 / A → 0..4, 合計 … 総事業費 → ROW_*; -1 when unknown. */
static int funding_row(const char *f)
{
    static const char *const names[] = {
        [ROW_TOTAL] = "合計",
        [ROW_ELIGIBLE] = "交付対象事業経費",
        [ROW_SOFT] = "うちソフト事業費",
        [ROW_BASE] = "うち拠点整備事業費",
        [ROW_PROJECT] = "総事業費",
    };
    const char *s = f;
    bool bracket = starts(s, "【");
    if (bracket)
        s += strlen("【");
    if (*s >= 'A' && *s < 'A' + GS_FUND_SOURCES &&
        (bracket ? strcmp(s + 1, "】") == 0 : s[1] == '\0'))
        return *s - 'A';
    /* うち is often left off in a spreadsheet */
    if (starts(f, "うち"))
        f += strlen("うち");
    for (int i = ROW_TOTAL; i < FUND_ROWS; i++) {
        const char *n = names[i];
        if (strcmp(f, n) == 0 || (starts(n, "うち") &&
                                  strcmp(f, n + strlen("うち")) == 0))
            return i;
    }
    return -1;
}

static const char *const fund_row_label[FUND_ROWS] = {
    "【A】", "【B】", "【C】", "【D】", "【E】", "合計", "交付対象事業経費",
    "うちソフト事業費", "うち拠点整備事業費", "総事業費",
};

static gs_stated *funding_cell(gs_funding *f, int row, const column *col)
{
    if (row < GS_FUND_SOURCES)
        return col->kind == COL_BEFORE ? &f->src[row].before
                                       : &f->src[row].v[col->index];
    if (row == ROW_TOTAL)
        return col->kind == COL_BEFORE ? &f->total_before
                                       : &f->total[col->index];
    if (col->kind == COL_BEFORE)
        return NULL; /* the form leaves 事業開始前 blank in these rows */
    switch (row) {
    case ROW_ELIGIBLE: return &f->eligible[col->index];
    case ROW_SOFT: return &f->soft[col->index];
    case ROW_BASE: return &f->base[col->index];
    default: return &f->project[col->index];
    }
}

static void read_funding_row(reader *r, const table *t, const record *rec,
                             int *seen)
{
    gs_buf name = GS_BUF_INIT;
    int keycol = t->where[COL_KEY];
    const char *key = cell_text(rec, keycol);
    char *fkey = fold(key);
    char *qkey = quote(key);
    int row = -1;
    if (!*key) {
        report(r, "E124", rec->line, keycol,
               "%sが空です。どの行か (【A】〜【E】、合計、交付対象事業経費 "
               "など) を書いてください",
               col_name(t, keycol, &name));
        goto cells;
    }
    row = funding_row(fkey);
    if (row < 0) {
        report(r, "E124", rec->line, keycol,
               "%sの「%s」は自主財源見込額の表の行として使えません。使える"
               "行: 【A】〜【E】、合計、交付対象事業経費、うちソフト事業費、"
               "うち拠点整備事業費、総事業費",
               col_name(t, keycol, &name), qkey);
        goto cells;
    }
    if (seen[row]) {
        report(r, "E124", rec->line, keycol,
               "%sの「%s」の行が重複しています (%d 行目にもあります)",
               col_name(t, keycol, &name), qkey, seen[row]);
        row = -1;
        goto cells;
    }
    seen[row] = rec->line;
cells:
    for (size_t i = 0; i < rec->n; i++) {
        const cell *c = &rec->cells[i];
        const column *col = column_of(t, c->col);
        if (!check_stray_cell(r, t, rec, c) || !col || !c->text[0] ||
            (col->kind != COL_BEFORE && col->kind != COL_YEAR))
            continue;
        int64_t v;
        const char *rowname = row >= 0 ? fund_row_label[row] : qkey;
        int fy = col->kind == COL_YEAR ? col->fy : 0;
        gs_diag *g = NULL;
        gs_notation_status st = gs_notation_amount(c->text, &v);
        if (st != GS_NOTATION_OK) {
            g = bad_cell(r, t, rec, c, GS_NOTATION_AMOUNT, st, "金額", NULL);
        } else if (row >= 0) {
            gs_stated *dst = funding_cell(&r->p->funding, row, col);
            if (dst)
                *dst = stated(r, rec->line, c->col, v);
            else if (v != 0)
                g = report(r, "E123", rec->line, c->col,
                           "%sの行の%sには金額を書けません (様式では空欄"
                           "です)",
                           fund_row_label[row], col_name(t, c->col, &name));
        }
        if (g)
            gs_diag_set_where(g, GS_SHEET_FUNDING, rowname, fy);
    }
    free(fkey);
    free(qkey);
    gs_buf_free(&name);
}

/* ----------------------------------------------------------- elements */

static int classify_elements(const char *h, int col, int *fy, int *nth)
{
    (void)col;
    (void)fy;
    (void)nth;
    static const struct {
        const char *h;
        int kind;
    } names[] = {
        {"年度", COL_FY},           {"区分", COL_PART},
        {"経費区分", COL_PART},     {"番号", COL_NO},
        {"NO", COL_NO},             {"NO.", COL_NO},
        {"要素事業番号", COL_NO},   {"事業名", COL_NAME},
        {"名称", COL_NAME},         {"要素事業名", COL_NAME},
        {"関連するKPI", COL_KPIS},  {"KPI", COL_KPIS},
        {"金額", COL_AMOUNT},       {"金額(千円)", COL_AMOUNT},
        {"説明", COL_DESC},         {"内容", COL_DESC},
    };
    if (!*h)
        return COL_EMPTY;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(h, names[i].h) == 0)
            return names[i].kind;
    return COL_IGNORE;
}

static const int elements_required[] = {COL_FY, COL_NO, COL_NAME, COL_AMOUNT,
                                        0};

static const table_kind ELEMENTS_TABLE = {
    "要素事業の表",
    "年度、区分、番号、事業名、関連するKPI、金額、説明",
    classify_elements, 0, elements_required,
};

/* 年度 cell (folded): a fiscal year as gs_notation_fy reads it (2025,
 * 2025年度, R7, 令和元年度, 元年度 …), optionally followed by (N年目) as the
 * form's column heads write it. */
static gs_notation_status element_fy(const char *f, int *fy)
{
    gs_notation_status st = GS_NOTATION_BAD;
    char *year = gs_xstrdup(f);
    char *paren = strchr(year, '(');
    if (paren) { /* (1年目): checked against nothing, only allowed */
        const char *n = paren + 1;
        while (*n >= '0' && *n <= '9')
            n++;
        if (strcmp(n, "年目)") != 0)
            goto done;
        *paren = '\0';
    }
    st = gs_notation_fy(year, fy);
done:
    free(year);
    return st;
}

/* 区分 cell (folded): true for the facility part, *ok false when neither. */
static bool element_facility(const char *f, bool *ok)
{
    *ok = true;
    if (!*f || starts(f, "ソフト"))
        return false;
    if (starts(f, "施設整備") || starts(f, "事業設備") || starts(f, "備品"))
        return true;
    *ok = false;
    return false;
}

/* 関連するKPI: "①、②、③、④", "1,2,3,4", "KPI①・KPI②". */
static bool element_kpis(reader *r, const table *t, const record *rec,
                         int col, gs_element *e)
{
    bool ok = true;
    gs_buf name = GS_BUF_INIT, tok = GS_BUF_INIT;
    const char *text = cell_text(rec, col);
    size_t cap = 0;
    /* Separators are found on the raw text (、 , ， ・ blanks); each token is
     * folded on its own. */
    for (const char *s = text;;) {
        size_t n = 0;
        unsigned cp = *s ? gs_utf8_decode(s, &n) : 0;
        bool sep = cp == 0 || cp == ',' || cp == 0xFF0C || cp == 0x3001 ||
                   cp == 0x30FB || cp == 0xFF65 || cp == '/' ||
                   is_blank_cp(cp);
        if (!sep) {
            gs_buf_append(&tok, s, n);
            s += n;
            continue;
        }
        if (tok.len) {
            char *f = fold(tok.data);
            int no = gs_notation_kpi_no(f);
            char *q = quote(tok.data);
            bool dup = false;
            for (size_t i = 0; i < e->nkpis; i++)
                dup = dup || e->kpis[i] == no;
            if (no < 1 || no > GS_MAX_KPIS) {
                report(r, "E123", rec->line, col,
                       "%sの「%s」は KPI番号として読めません (「①、②」や"
                       "「1,2」のように書いてください)",
                       col_name(t, col, &name), q);
                ok = false;
            } else if (dup) {
                report(r, "E123", rec->line, col,
                       "%sに KPI番号 %d が重複しています",
                       col_name(t, col, &name), no);
                ok = false;
            } else {
                GS_GROW(e->kpis, cap, e->nkpis + 1);
                e->kpis[e->nkpis++] = no;
            }
            free(q);
            free(f);
            gs_buf_clear(&tok);
        }
        if (!cp)
            break;
        s += n;
    }
    gs_buf_free(&tok);
    gs_buf_free(&name);
    return ok;
}

/* A character of an item's amount: digits, separators and decimal points
 * (ASCII or full-width).  The points are taken so that "1.5千円" reaches
 * gs_notation_amount whole and is refused, rather than read as 5千円. */
static bool amount_char(const char *s, size_t *n)
{
    *n = 1;
    if ((*s >= '0' && *s <= '9') || *s == ',' || *s == '.')
        return true;
    *n = 3;
    const unsigned char *u = (const unsigned char *)s;
    /* U+FF10..U+FF19 full-width digits, U+FF0C ，, U+FF0E ． */
    return u[0] == 0xEF && u[1] == 0xBC &&
           ((u[2] >= 0x90 && u[2] <= 0x99) || u[2] == 0x8C || u[2] == 0x8E);
}

static bool blank_before(const char *from, const char *p, size_t *n)
{
    *n = p > from && (p[-1] == ' ' || p[-1] == '\t') ? 1
         : p - from >= 3 && memcmp(p - 3, "\u3000", 3) == 0 ? 3 : 0;
    return *n > 0;
}

/* Where the sign of an item's amount starts, when one stands before the
 * digits at p (blanks between them allowed, as gs_notation_amount allows
 * them); p itself when there is none.  △ ▲ ＋ － − are signs wherever they
 * stand; ASCII + and - only after a blank or the bullet, so that a name
 * such as "Wi-Fi 機器" keeps its hyphen. */
static const char *amount_sign(const char *from, const char *p)
{
    static const char *const wide[] = {"\u25B3", "\u25B2", "\uFF0B",
                                       "\uFF0D", "\u2212"};
    const char *b = p;
    size_t n;
    while (blank_before(from, b, &n))
        b -= n;
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        if (b - from >= 3 && memcmp(b - 3, wide[i], 3) == 0)
            return b - 3;
    if (b > from && (b[-1] == '+' || b[-1] == '-') &&
        (b - 1 == from || blank_before(from, b - 1, &n)))
        return b - 1;
    return p;
}

/* One line of a description: "・NAME AMOUNT千円" is an item, anything else
 * a paragraph.  The amount must carry 千円, so a bulleted sentence ending
 * in a count ("・参加企業 10社") stays text.  Returns false after
 * reporting an item whose amount cannot be read. */
static bool description_line(reader *r, const table *t, const record *rec,
                             int col, const char *line, size_t len,
                             gs_para *para)
{
    bool ok = true;
    para->pos = pos_at(r, rec->line, col);
    para->is_item = false;
    para->text = gs_xstrndup(line, len);
    const char *s = para->text;
    size_t bullet = starts(s, "・") ? strlen("・")
                    : starts(s, "\uFF65") ? strlen("\uFF65") : 0;
    if (!bullet)
        goto done;
    const char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (end - s < 6 || memcmp(end - 6, "千円", 6) != 0)
        goto done;
    const char *unit = end - 6, *a = unit;
    /* walk back over digits and separators (all 1- or 3-byte chars) */
    for (;;) {
        size_t n;
        if (a - s >= 3 && amount_char(a - 3, &n) && n == 3)
            a -= 3;
        else if (a > s && amount_char(a - 1, &n) && n == 1)
            a -= 1;
        else
            break;
    }
    if (a == unit)
        goto done;
    a = amount_sign(s + bullet, a);
    const char *nb = s + bullet, *ne = a;
    while (nb < ne && (*nb == ' ' || starts(nb, "\u3000")))
        nb += *nb == ' ' ? 1 : 3;
    while (ne > nb && (ne[-1] == ' ' || (ne - nb >= 3 &&
                                         memcmp(ne - 3, "\u3000", 3) == 0)))
        ne -= ne[-1] == ' ' ? 1 : 3;
    if (ne == nb)
        goto done;
    char *amount = gs_xstrndup(a, (size_t)(end - a));
    int64_t v;
    gs_notation_status st = gs_notation_amount(amount, &v);
    if (st == GS_NOTATION_OK) {
        char *item = gs_xstrndup(nb, (size_t)(ne - nb));
        free(para->text);
        para->text = item;
        para->is_item = true;
        para->amount = v;
    } else {
        gs_buf name = GS_BUF_INIT, why = GS_BUF_INIT;
        char *q = quote(s);
        gs_notation_explain(&why, GS_NOTATION_AMOUNT, st);
        report(r, "E123", rec->line, col,
               "%sの内訳「%s」の金額「%s」を読めません (%s)",
               col_name(t, col, &name), q, amount, why.data);
        free(q);
        gs_buf_free(&why);
        gs_buf_free(&name);
        ok = false;
    }
    free(amount);
done:
    return ok;
}

/* 説明: each non-empty line is a paragraph or an item.  Lines are trimmed
 * of ASCII blanks only, as the XML reader does: a full-width space opening
 * a line is a deliberate indent. */
static bool element_description(reader *r, const table *t, const record *rec,
                                int col, gs_element *e)
{
    bool ok = true;
    size_t cap = 0;
    const char *s = cell_text(rec, col);
    while (*s) {
        const char *eol = strchr(s, '\n');
        const char *end = eol ? eol : s + strlen(s);
        const char *a = s, *z = end;
        while (a < z && (*a == ' ' || *a == '\t'))
            a++;
        while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
            z--;
        if (z > a) {
            GS_GROW(e->desc, cap, e->ndesc + 1);
            gs_para *para = &e->desc[e->ndesc++];
            memset(para, 0, sizeof *para);
            ok = description_line(r, t, rec, col, a, (size_t)(z - a), para) &&
                 ok;
        }
        s = eol ? eol + 1 : end;
    }
    return ok;
}

static void element_free(gs_element *e)
{
    free(e->name);
    free(e->kpis);
    for (size_t i = 0; i < e->ndesc; i++)
        free(e->desc[i].text);
    free(e->desc);
}

/* The plan's block for fy, created (fy and pos only) when the plan has
 * none: the XML may leave a year's texts out and still have elements. */
static gs_year *year_block(gs_plan *p, int fy, gs_srcpos pos)
{
    for (size_t i = 0; i < p->nyears; i++)
        if (p->years[i].fy == fy)
            return &p->years[i];
    p->years = gs_xrealloc(p->years, (p->nyears + 1) * sizeof *p->years);
    gs_year *y = &p->years[p->nyears++];
    memset(y, 0, sizeof *y);
    y->fy = fy;
    y->pos = pos;
    return y;
}

static void read_element_row(reader *r, const table *t, const record *rec)
{
    bool ok = true, part_ok = true;
    gs_buf name = GS_BUF_INIT;
    gs_element e;
    memset(&e, 0, sizeof e);
    int c_fy = t->where[COL_FY], c_part = t->where[COL_PART];
    int c_no = t->where[COL_NO], c_name = t->where[COL_NAME];
    int c_kpis = t->where[COL_KPIS], c_amount = t->where[COL_AMOUNT];
    int c_desc = t->where[COL_DESC];

    for (size_t i = 0; i < rec->n; i++)
        ok = check_stray_cell(r, t, rec, &rec->cells[i]) && ok;

    const char *s = cell_text(rec, c_fy);
    char *f = fold(s);
    int fy = 0;
    gs_notation_status fy_st = element_fy(f, &fy);
    free(f);
    if (fy_st != GS_NOTATION_OK) {
        char *q = quote(s);
        gs_buf why = GS_BUF_INIT;
        gs_notation_explain(&why, GS_NOTATION_FY, fy_st);
        fy = 0;
        if (*s)
            report(r, "E123", rec->line, c_fy,
                   "%sの「%s」を年度として読めません (%s)",
                   col_name(t, c_fy, &name), q, why.data);
        else
            report(r, "E123", rec->line, c_fy,
                   "%sが空です。要素事業の年度 (例: 2025年度) を書いて"
                   "ください",
                   col_name(t, c_fy, &name));
        gs_buf_free(&why);
        free(q);
        ok = false;
    }

    f = fold(cell_text(rec, c_part));
    bool facility = element_facility(f, &part_ok);
    free(f);
    if (!part_ok) {
        char *q = quote(cell_text(rec, c_part));
        report(r, "E123", rec->line, c_part,
               "%sの「%s」は区分として使えません (「ソフト」または"
               "「施設整備」と書いてください)",
               col_name(t, c_part, &name), q);
        free(q);
        ok = false;
    }

    s = cell_text(rec, c_no);
    f = fold(s);
    e.no = gs_notation_number(f);
    free(f);
    if (e.no < 1 || e.no > 999) {
        char *q = quote(s);
        if (*s)
            report(r, "E123", rec->line, c_no,
                   "%sの「%s」を要素事業の番号として読めません (1 以上の"
                   "整数)",
                   col_name(t, c_no, &name), q);
        else
            report(r, "E123", rec->line, c_no,
                   "%sが空です。要素事業の番号 (1、2 …) を書いてください",
                   col_name(t, c_no, &name));
        free(q);
        ok = false;
    }
    e.pos = pos_at(r, rec->line, c_no);

    s = cell_text(rec, c_name);
    if (!*s) {
        report(r, "E123", rec->line, c_name, "%sが空です。要素事業の名称を"
               "書いてください", col_name(t, c_name, &name));
        ok = false;
    }
    e.name = gs_xstrdup(s);

    e.kpis_pos = pos_at(r, rec->line, c_kpis ? c_kpis : c_no);
    if (c_kpis)
        ok = element_kpis(r, t, rec, c_kpis, &e) && ok;

    e.amount_pos = pos_at(r, rec->line, c_amount);
    s = cell_text(rec, c_amount);
    if (*s) {
        gs_notation_status st = gs_notation_amount(s, &e.amount);
        e.has_amount = st == GS_NOTATION_OK;
        if (!e.has_amount) {
            char *q = quote(s);
            gs_buf why = GS_BUF_INIT;
            gs_notation_explain(&why, GS_NOTATION_AMOUNT, st);
            gs_diag *g = report(r, "E123", rec->line, c_amount,
                                "%sの「%s」を金額として読めません (%s)",
                                col_name(t, c_amount, &name), q, why.data);
            if (g)
                gs_diag_set_where(g, GS_SHEET_1_1, e.name, fy);
            gs_buf_free(&why);
            free(q);
            ok = false;
        }
    }
    if (c_desc)
        ok = element_description(r, t, rec, c_desc, &e) && ok;
    bool has_item = false;
    for (size_t i = 0; i < e.ndesc; i++)
        has_item = has_item || e.desc[i].is_item;
    if (!*s && !has_item) {
        report(r, "E123", rec->line, c_amount,
               "%sが空で、説明にも金額付きの内訳 (「・経費名 1,000千円」の行) "
               "がありません。金額を書いてください",
               col_name(t, c_amount, &name));
        ok = false;
    }

    if (ok) {
        gs_year *y = year_block(r->p, fy, pos_at(r, rec->line, c_fy));
        gs_part *part = facility ? &y->facility : &y->soft;
        for (size_t i = 0; i < part->nelems && ok; i++) {
            if (part->elems[i].no != e.no)
                continue;
            const gs_srcpos *o = &part->elems[i].pos;
            report(r, "E124", rec->line, c_no,
                   "%d年度の%s経費の要素事業 %d が重複しています "
                   "(%s:%d にもあります)",
                   fy, facility ? "施設整備・事業設備・備品" : "ソフト事業",
                   e.no, o->file ? o->file : "?", o->line);
            ok = false;
        }
        if (ok) {
            if (!part->pos.file)
                part->pos = e.pos;
            part->elems = gs_xrealloc(part->elems,
                                      (part->nelems + 1) * sizeof *part->elems);
            part->elems[part->nelems++] = e;
            memset(&e, 0, sizeof e);
        }
    }
    element_free(&e);
    gs_buf_free(&name);
}

/* ------------------------------------------------------------ results */

/* The 効果検証 table: the report's rows as a sheet keeps them, years
 * across like the 自立性 schedule, a 計 column for the two amount rows:
 *
 *   区分          2025年度   2026年度  計
 *   交付決定額    6,109,000
 *   交付額        5,980,500
 *   総事業費      11,961,000
 *   事業の成果    外国人材と…
 *   KPI①目標      30
 *   KPI①実績      12
 *   KPI②実績      △3
 *   KPI②注記      事業所の廃業による減
 *
 * Amounts are 千円, or 円 when the plan's <results unit="円"> says so,
 * converted by gs_yen_to_kyen like the XML's.  A 実績 is a figure or a
 * marker (gs_notation_actual_marker); a 注記 row gives the notes of the
 * 実績 of its KPI. */

enum {
    RES_DECIDED,  /* 交付決定額 */
    RES_PAID,     /* 交付額 */
    RES_SPENT,    /* 総事業費 */
    RES_OUTCOME,  /* 事業の成果 */
    RES_TARGET,   /* KPI N 目標 */
    RES_ACTUAL,   /* KPI N 実績 */
    RES_NOTE,     /* KPI N 注記 */
    RES_KINDS
};

static int classify_results(const char *h, int col, int *fy, int *nth)
{
    if ((!*h && col == 1) || strcmp(h, "区分") == 0 || strcmp(h, "項目") == 0)
        return COL_KEY;
    if (!*h)
        return COL_EMPTY;
    if (strcmp(h, "計") == 0 || strcmp(h, "合計") == 0)
        return COL_TOTAL;
    if (year_header(h, false, fy, nth))
        return COL_YEAR;
    return COL_IGNORE;
}

static const int results_required[] = {COL_KEY, 0};

static const table_kind RESULTS_TABLE = {
    "効果検証の表",
    "区分 (行の見出し)、2025年度 (R7年度・令和7年度も可)、計",
    classify_results, GS_KPI_YEARS, results_required,
};

static const char *const res_label[RES_KINDS] = {
    "交付決定額", "交付額", "総事業費", "事業の成果", "目標", "実績", "注記",
};

/* A row key (folded) as RES_*, with *kpi the KPI number of a KPI row;
 * -1 when unknown. */
static int results_row(const char *f, int *kpi)
{
    static const struct {
        const char *key;
        int row;
    } plain[] = {
        {"交付決定額", RES_DECIDED}, {"交付額", RES_PAID},
        {"交付金額", RES_PAID},      {"総事業費", RES_SPENT},
        {"総事業費(実績)", RES_SPENT}, {"事業の成果", RES_OUTCOME},
        {"成果", RES_OUTCOME},
    };
    static const struct {
        const char *suffix;
        int row;
    } kpi_rows[] = {
        {"目標", RES_TARGET}, {"実績", RES_ACTUAL},
        {"注記", RES_NOTE},   {"備考", RES_NOTE},
    };
    *kpi = 0;
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        if (strcmp(f, plain[i].key) == 0)
            return plain[i].row;
    size_t len = strlen(f);
    for (size_t i = 0; i < sizeof kpi_rows / sizeof *kpi_rows; i++) {
        size_t sl = strlen(kpi_rows[i].suffix);
        if (len <= sl || strcmp(f + len - sl, kpi_rows[i].suffix) != 0)
            continue;
        char *head = gs_xstrndup(f, len - sl);
        size_t hl = strlen(head);
        if (hl > strlen("の") && strcmp(head + hl - strlen("の"), "の") == 0)
            head[hl - strlen("の")] = '\0';
        int no = gs_notation_kpi_no(head);
        free(head);
        if (no < 1 || no > GS_MAX_KPIS)
            return -1;
        *kpi = no;
        return kpi_rows[i].row;
    }
    return -1;
}

/* The report's rows of KPI no, added on first use. */
static gs_kpi_result *result_kpi(gs_results *res, int no, gs_srcpos pos)
{
    for (size_t i = 0; i < res->nkpis; i++)
        if (res->kpis[i].no == no)
            return &res->kpis[i];
    res->kpis = gs_xrealloc(res->kpis, (res->nkpis + 1) * sizeof *res->kpis);
    gs_kpi_result *k = &res->kpis[res->nkpis++];
    memset(k, 0, sizeof *k);
    k->no = no;
    k->pos = pos;
    return k;
}

/* An amount cell of the table into *dst: 千円, or 円 through
 * gs_yen_to_kyen.  Returns the error reported, or NULL. */
static gs_diag *result_amount(reader *r, const table *t, const record *rec,
                              const cell *c, gs_stated *dst)
{
    gs_buf name = GS_BUF_INIT;
    int64_t v;
    gs_diag *g = NULL;
    gs_notation_status st = gs_notation_amount(c->text, &v);
    if (st != GS_NOTATION_OK) {
        g = bad_cell(r, t, rec, c, GS_NOTATION_AMOUNT, st, "金額", NULL);
    } else if (r->p->results.yen && !gs_yen_to_kyen(v, &v)) {
        g = report(r, "E123", rec->line, c->col,
                   "%sの金額が大きすぎます (千円に直して 15 桁まで)",
                   col_name(t, c->col, &name));
    } else if (dst) {
        *dst = stated(r, rec->line, c->col, v);
    }
    gs_buf_free(&name);
    return g;
}

/* A 実績 cell: a figure or a marker. */
static gs_diag *result_actual(reader *r, const table *t, const record *rec,
                              const cell *c, gs_actual *dst)
{
    gs_actual_kind kind = gs_notation_actual_marker(c->text);
    int64_t v = 0;
    if (kind == GS_ACTUAL_NONE) {
        gs_notation_status st = gs_notation_figure(c->text, &v);
        if (st != GS_NOTATION_OK)
            return bad_cell(r, t, rec, c, GS_NOTATION_FIGURE, st, "実績",
                            "。数値のかわりに 未確定・未公表・— も書けます");
        kind = GS_ACTUAL_FIGURE;
    }
    if (dst) {
        dst->kind = kind;
        dst->v = v;
        dst->pos = pos_at(r, rec->line, c->col);
    }
    return NULL;
}

static void read_results_row(reader *r, const table *t, const record *rec,
                             int (*seen)[GS_MAX_KPIS + 1])
{
    gs_buf name = GS_BUF_INIT;
    gs_results *res = &r->p->results;
    int keycol = t->where[COL_KEY];
    const char *key = cell_text(rec, keycol);
    char *fkey = fold(key);
    char *qkey = quote(key);
    int kpi = 0;
    int row = -1;
    gs_kpi_result *kr = NULL;
    if (!*key) {
        report(r, "E124", rec->line, keycol,
               "%sが空です。どの行か (交付決定額、交付額、総事業費、事業の成果、"
               "KPI①実績 など) を書いてください",
               col_name(t, keycol, &name));
        goto cells;
    }
    row = results_row(fkey, &kpi);
    if (row < 0) {
        report(r, "E124", rec->line, keycol,
               "%sの「%s」は効果検証の表の行として使えません。使える行: "
               "交付決定額、交付額、総事業費、事業の成果、KPI①目標、KPI①実績、"
               "KPI①注記 (KPI は ①〜⑥)",
               col_name(t, keycol, &name), qkey);
        goto cells;
    }
    if (kpi && !find_kpi(r->p, kpi)) {
        report(r, "E124", rec->line, keycol,
               "%sの「%s」は計画ファイルの KPI にありません。計画ファイルに "
               "KPI を加えるか、この行を消してください",
               col_name(t, keycol, &name), qkey);
        row = -1;
        goto cells;
    }
    if (seen[row][kpi]) {
        report(r, "E124", rec->line, keycol,
               "%sの「%s」の行が重複しています (%d 行目にもあります)",
               col_name(t, keycol, &name), qkey, seen[row][kpi]);
        row = -1;
        goto cells;
    }
    seen[row][kpi] = rec->line;
    if (kpi)
        kr = result_kpi(res, kpi, pos_at(r, rec->line, keycol));
cells:
    for (size_t i = 0; i < rec->n; i++) {
        const cell *c = &rec->cells[i];
        const column *col = column_of(t, c->col);
        /* an unknown row is reported once, at its key: its cells may be
         * text or figures, and naming each would say nothing more */
        if (!check_stray_cell(r, t, rec, c) || !col || !c->text[0] || row < 0 ||
            (col->kind != COL_YEAR && col->kind != COL_TOTAL))
            continue;
        int fy = col->kind == COL_YEAR ? col->fy : 0;
        gs_result_year *y = col->kind == COL_YEAR ? &res->years[col->index] : NULL;
        gs_diag *g = NULL;
        bool amount = row == RES_DECIDED || row == RES_PAID || row == RES_SPENT;
        if (col->kind == COL_TOTAL && !amount) {
            g = report(r, "E123", rec->line, c->col,
                       "%sの行の%sには書けません (計は交付額・交付決定額・"
                       "総事業費の行だけです)",
                       res_label[row], col_name(t, c->col, &name));
        } else if (col->kind == COL_TOTAL) {
            gs_stated *dst = row == RES_SPENT ? &res->spent_total : &res->grant_total;
            if (dst && dst->has) {
                g = report(r, "E124", rec->line, c->col,
                           "交付金額の計が 2 か所にあります (%d 行目にもあります)。"
                           "交付額か交付決定額のどちらかの行に書いてください",
                           dst->pos.line);
                dst = NULL;
            }
            if (!g)
                g = result_amount(r, t, rec, c, dst);
        } else if (amount) {
            gs_stated *dst = row == RES_DECIDED ? &y->decided
                             : row == RES_PAID  ? &y->paid
                             : row == RES_SPENT ? &y->spent
                                                : NULL;
            g = result_amount(r, t, rec, c, dst);
            if (dst && dst->has && !y->pos.line)
                y->pos = dst->pos;
        } else if (row == RES_OUTCOME) {
            y->outcome = gs_xstrdup(c->text);
            y->outcome_pos = pos_at(r, rec->line, c->col);
            if (!y->pos.line)
                y->pos = y->outcome_pos;
        } else if (row == RES_TARGET) {
            int64_t v;
            gs_notation_status st = gs_notation_figure(c->text, &v);
            if (st != GS_NOTATION_OK) {
                g = bad_cell(r, t, rec, c, GS_NOTATION_FIGURE, st, "数値", NULL);
            } else {
                kr->target[col->index] = stated(r, rec->line, c->col, v);
            }
        } else if (row == RES_ACTUAL) {
            g = result_actual(r, t, rec, c, &kr->actual[col->index]);
        } else if (row == RES_NOTE) {
            free(kr->actual[col->index].note);
            kr->actual[col->index].note = gs_xstrdup(c->text);
        }
        if (g)
            gs_diag_set_where(g, GS_DOC_RESULTS, res_label[row], fy);
    }
    free(fkey);
    free(qkey);
    gs_buf_free(&name);
}

/* A note without a 実績 of its year says nothing the report prints: it is
 * refused at the note's cell.  Run after every row, as the rows may come
 * in any order. */
static void check_result_notes(reader *r, const table *t, int note_line[GS_MAX_KPIS + 1])
{
    const gs_results *res = &r->p->results;
    for (size_t i = 0; i < res->nkpis; i++) {
        const gs_kpi_result *kr = &res->kpis[i];
        for (int c = 0; c < GS_KPI_YEARS; c++) {
            if (!kr->actual[c].note || kr->actual[c].kind != GS_ACTUAL_NONE)
                continue;
            int fy = r->p->fy_first + c, col = 0;
            for (size_t k = 0; k < t->ncols; k++)
                if (t->cols[k].kind == COL_YEAR && t->cols[k].index == c)
                    col = (int)k + 1;
            gs_diag *g = report(r, "E124", note_line[kr->no], col,
                                "KPI%d の %d年度の注記がありますが、その年度の"
                                "実績がありません (KPI%d実績 の行に書いてくだ"
                                "さい)",
                                kr->no, fy, kr->no);
            if (g)
                gs_diag_set_where(g, GS_DOC_RESULTS, res_label[RES_NOTE], fy);
        }
    }
}

/* ------------------------------------------------------------------ API */

typedef enum which { KPIS, FUNDING, ELEMENTS, RESULTS } which;

static bool load(gs_plan *p, const char *path, gs_diags *d, which w)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.d = d;
    r.file = gs_plan_intern_file(p, path);
    size_t before = d->errors;
    table t;
    memset(&t, 0, sizeof t);
    const table_kind *k = w == KPIS      ? &KPI_TABLE
                          : w == FUNDING ? &FUNDING_TABLE
                          : w == RESULTS ? &RESULTS_TABLE
                                         : &ELEMENTS_TABLE;
    int seen[FUND_ROWS > GS_MAX_KPIS + 1 ? FUND_ROWS : GS_MAX_KPIS + 1] = {0};
    int res_seen[RES_KINDS][GS_MAX_KPIS + 1];
    memset(res_seen, 0, sizeof res_seen);

    if (!load_records(&r, path))
        goto done;
    if (!read_header(&r, k, &t))
        goto done;
    for (size_t i = 1; i < r.nrecs; i++) {
        if (w == KPIS)
            read_kpi_row(&r, &t, &r.recs[i], seen);
        else if (w == FUNDING)
            read_funding_row(&r, &t, &r.recs[i], seen);
        else if (w == RESULTS)
            read_results_row(&r, &t, &r.recs[i], res_seen);
        else
            read_element_row(&r, &t, &r.recs[i]);
    }
    if (w == RESULTS)
        check_result_notes(&r, &t, res_seen[RES_NOTE]);
done:
    if (r.nsuppressed)
        gs_diags_add(d, GS_ERROR, r.suppressed_code, pos_at(&r, 0, 0),
                     "ほかに %zu 件のエラーがあります (省略しました)",
                     r.nsuppressed);
    table_free(&t);
    records_free(&r);
    return d->errors == before;
}

bool gs_csv_load_kpis(gs_plan *p, const char *path, gs_diags *d)
{
    return load(p, path, d, KPIS);
}

bool gs_csv_load_funding(gs_plan *p, const char *path, gs_diags *d)
{
    return load(p, path, d, FUNDING);
}

bool gs_csv_load_elements(gs_plan *p, const char *path, gs_diags *d)
{
    return load(p, path, d, ELEMENTS);
}

bool gs_csv_load_results(gs_plan *p, const char *path, gs_diags *d)
{
    return load(p, path, d, RESULTS);
}
