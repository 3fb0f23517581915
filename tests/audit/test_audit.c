/*
 * test_audit.c - the auditors' data (audit/audit.c, the figure collection
 * in layout.c, the PDF attachment in render/pdf.c, `grantsheet dump` and
 * `grantsheet diff`).
 *
 * The sample plan (samples/nagaoka.xml) is the reference: its TSV must
 * hold the figures an auditor reads, under readable keys.  A changed copy
 * of it is written to a temporary folder, so no fixture can drift from the
 * sample.  The CLI tests run $GS_BIN (the ASan build under `make test`),
 * else build/asan/grantsheet or build/grantsheet of the data folder, and
 * are skipped when none is built.
 *
 * Hostile PDFs (a deflate bomb, a 10 MB file of many objects, an object
 * stream that inflates to a gigabyte) are made here with zlib, without ever
 * holding what they inflate to, and read in a child process with memory
 * and CPU limits: a reader that blows up is killed there, and the test says
 * so, instead of taking the machine with it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "audit/audit.h"
#include "layout/doc.h"
#include "pipeline/pipeline.h"
#include "util/buf.h"
#include "util/diag.h"

static const char *datadir;
static gs_pipeline *pl;
static char tmpdir[] = "/tmp/gs-audit-XXXXXX";
static char sample[512], changed[512], changed2[512];

#define KPI_SHEET "7. 交付対象事業の重要業績評価指標 (KPI)"
#define BESSI "(別紙1-1) ソフト事業経費内訳"

static bool read_file(const char *path, gs_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        gs_buf_append(out, chunk, n);
    fclose(f);
    return true;
}

static bool write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

/* A copy of the sample with the first occurrence of from replaced by to. */
static bool write_variant(const char *path, const char *from, const char *to)
{
    gs_buf src = GS_BUF_INIT, out = GS_BUF_INIT;
    bool ok = read_file(sample, &src);
    const char *at = ok ? strstr(src.data, from) : NULL;
    if (at) {
        gs_buf_append(&out, src.data, (size_t)(at - src.data));
        gs_buf_puts(&out, to);
        gs_buf_puts(&out, at + strlen(from));
        ok = write_file(path, out.data, out.len);
    }
    gs_buf_free(&src);
    gs_buf_free(&out);
    return ok && at;
}

static int setup(void **state)
{
    (void)state;
    datadir = getenv("GRANTSHEET_DATADIR");
    if (!datadir)
        datadir = ".";
    gs_diags d = GS_DIAGS_INIT;
    pl = gs_pipeline_new(datadir, NULL, &d);
    gs_diags_free(&d);
    if (!pl || !mkdtemp(tmpdir))
        return -1;
    snprintf(sample, sizeof sample, "%s/samples/nagaoka.xml", datadir);
    snprintf(changed, sizeof changed, "%s/kpi.xml", tmpdir);
    snprintf(changed2, sizeof changed2, "%s/amount.xml", tmpdir);
    /* one figure: KPI② 事業開始前; one that others derive from: 申請額 */
    if (!write_variant(changed, "<baseline>354.00</baseline>",
                       "<baseline>360.00</baseline>") ||
        !write_variant(changed2, "<amount fy=\"2026\">0</amount>",
                       "<amount fy=\"2026\">500</amount>"))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gs_pipeline_free(pl);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void dump(const char *plan, gs_buf *tsv)
{
    gs_diags d = GS_DIAGS_INIT;
    int rc = gs_pipeline_dump(pl, plan, tsv, &d);
    gs_buf line = GS_BUF_INIT;
    for (size_t i = 0; rc != 0 && i < d.n; i++) {
        gs_buf_clear(&line);
        gs_diag_format(&d.v[i], &line);
        fprintf(stderr, "%s\n", line.data);
    }
    gs_buf_free(&line);
    assert_int_equal(rc, 0);
    gs_diags_free(&d);
}

static void assert_has_line(const char *tsv, const char *line)
{
    gs_buf l = GS_BUF_INIT;
    gs_buf_printf(&l, "\n%s\n", line);
    if (!strstr(tsv, l.data))
        fail_msg("missing line: %s", line);
    gs_buf_free(&l);
}

/* ---- the TSV of the sample ---------------------------------------------- */

static void test_sample_figures(void **state)
{
    (void)state;
    gs_buf tsv = GS_BUF_INIT;
    dump(sample, &tsv);
    assert_true(strncmp(tsv.data, GS_AUDIT_HEADER "\n", strlen(GS_AUDIT_HEADER) + 1) == 0);
    /* (別紙1-1): summary by year, the date, a year block's figures */
    assert_has_line(tsv.data, BESSI "\t\t交付対象事業経費【①】\t2025年度 (1年目)\t12,219千円");
    assert_has_line(tsv.data, BESSI "\t\t交付対象事業経費【①】\t合計\t38,157千円");
    assert_has_line(tsv.data, BESSI "\t\t(別紙1-1) ソフト事業経費内訳\t{date.year}\t2025.1.23");
    assert_has_line(tsv.data, BESSI "\t<2026年度(2年目)>\t交付対象事業におけるソフト事業経費\t計\t12,719千円");
    assert_has_line(tsv.data, BESSI "\t<2026年度(2年目)>\t交付対象事業におけるソフト事業経費\t要素事業数\t1");
    assert_has_line(tsv.data, BESSI "\t<2026年度(2年目)>\t交付対象事業におけるソフト事業経費 1\t{e.amount}\t12,719千円");
    assert_has_line(tsv.data, BESSI "\t<2025年度(1年目)>\t\t事業開始時期\t2025 年 4 月");
    /* KPI table, 自立性 schedule, 事業概要, check boxes */
    assert_has_line(tsv.data, KPI_SHEET "\t\tKPI②\t事業開始前 (現時点)\t354.00");
    assert_has_line(tsv.data, KPI_SHEET "\t\tKPI①\t2026年度増加分\t10.00");
    assert_has_line(tsv.data, KPI_SHEET "\t\tKPI①\tKPI増加分の累計\t30.00");
    assert_has_line(tsv.data, "8. 自立性\t\t【A】\t2025年度 (1年目)\t500千円");
    assert_has_line(tsv.data, "8. 自立性\t\t合計\t2027年度 (3年目)\t2,000千円");
    assert_has_line(tsv.data, "事業概要\t\t事業計画期間\t期間中の総事業費 (カッコ内はR7年度事業費)\t38,157千円 (12,219千円)");
    assert_has_line(tsv.data, "事業概要\t\t経費の種類\tソフト事業\t✓");
    assert_has_line(tsv.data, "2. 交付対象事業の名称等\t\t単独広域\t\t単独");
    assert_has_line(tsv.data, "2. 交付対象事業の名称等\t\tNo. 1\t申請額 2026年度 (2年目)\t0千円");
    /* a multi-line value keeps its line breaks as \n */
    assert_non_null(strstr(tsv.data, "\t【役割】プラットフォームを構築し、全体の事業を管理する。\\n【意見"));
    gs_buf_free(&tsv);
}

/* Five fields a line, keys unique and the lines in bytewise order. */
static void test_sorted_unique(void **state)
{
    (void)state;
    gs_buf tsv = GS_BUF_INIT;
    dump(sample, &tsv);
    char *save = NULL, *prev_key = NULL;
    size_t lines = 0;
    char *prev_line = NULL;
    for (char *l = strtok_r(tsv.data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (lines++ == 0) {
            assert_string_equal(l, GS_AUDIT_HEADER);
            continue;
        }
        size_t tabs = 0;
        char *fourth = NULL;
        for (char *p = l; *p; p++)
            if (*p == '\t' && ++tabs == 4)
                fourth = p;
        assert_int_equal(tabs, 4);
        if (prev_line)
            assert_true(strcmp(prev_line, l) < 0);
        size_t klen = (size_t)(fourth - l);
        if (prev_key)
            assert_false(strlen(prev_key) == klen && memcmp(prev_key, l, klen) == 0);
        free(prev_key);
        prev_key = strndup(l, klen);
        prev_line = l;
    }
    free(prev_key);
    assert_true(lines > 150);
    gs_buf_free(&tsv);
}

/* Escaping of \\, tab, newline; repeated keys numbered in document order. */
static void test_escape_and_repeats(void **state)
{
    (void)state;
    gs_doc *d = gs_doc_new(595, 842);
    gs_doc_add_figure(d, "S", "", "r\tow", "c", "b");
    gs_doc_add_figure(d, "S", "", "r\tow", "c", "a\\b\nc");
    gs_doc_add_figure(d, "S", "", "r\tow", "c", "third");
    gs_doc_add_figure(d, "A", "sec", "row", "", "");
    gs_buf out = GS_BUF_INIT;
    gs_audit_tsv(d, &out);
    assert_string_equal(out.data,
                        GS_AUDIT_HEADER "\n"
                        "A\tsec\trow\t\t\n"
                        "S\t\tr\\tow\tc\tb\n"
                        "S\t\tr\\tow\tc#2\ta\\\\b\\nc\n"
                        "S\t\tr\\tow\tc#3\tthird\n");
    gs_buf_free(&out);
    gs_doc_free(d);
}

/* ---- diff ---------------------------------------------------------------- */

static void test_diff_lines(void **state)
{
    (void)state;
    const char *old_tsv = GS_AUDIT_HEADER "\n"
                          "S\t<2025年度(1年目)>\t計\t\t100千円\n"
                          "S\t\tKPI①\t2026年度増加分\t10.00\n"
                          "S\t\tKPI②\t2026年度増加分\t5.00\n"
                          "T\t\t名称\t\t同じ\n";
    const char *new_tsv = GS_AUDIT_HEADER "\n"
                          "S\t\tKPI①\t2026年度増加分\t12.00\n"
                          "S\t\tKPI③\t2026年度増加分\t\n"
                          "S\t\tKPI①\t2027年度増加分\t3.00\n" /* unsorted is fine */
                          "T\t\t名称\t\t同じ\n";
    gs_buf out = GS_BUF_INIT;
    long n = gs_audit_diff(old_tsv, strlen(old_tsv), new_tsv, strlen(new_tsv), &out);
    assert_int_equal(n, 5);
    assert_string_equal(out.data,
                        "変更 S / KPI① / 2026年度増加分: 10.00 → 12.00\n"
                        "追加 S / KPI① / 2027年度増加分: 3.00\n"
                        "削除 S / KPI② / 2026年度増加分: 5.00\n"
                        "追加 S / KPI③ / 2026年度増加分: (空欄)\n"
                        "削除 S / <2025年度(1年目)> / 計: 100千円\n");
    gs_buf_clear(&out);
    assert_int_equal(gs_audit_diff(old_tsv, strlen(old_tsv), old_tsv, strlen(old_tsv), &out), 0);
    assert_int_equal(out.len, 0);
    const char *bad = "sheet\tvalue\nx\ty\n";
    assert_int_equal(gs_audit_diff(bad, strlen(bad), old_tsv, strlen(old_tsv), &out), -1);
    const char *short_line = GS_AUDIT_HEADER "\nS\tx\ty\n";
    assert_int_equal(gs_audit_diff(old_tsv, strlen(old_tsv), short_line,
                                   strlen(short_line), &out), -1);
    gs_buf_free(&out);
}

static void test_diff_plans(void **state)
{
    (void)state;
    gs_buf a = GS_BUF_INIT, b = GS_BUF_INIT, c = GS_BUF_INIT, out = GS_BUF_INIT;
    dump(sample, &a);
    dump(changed, &b);
    dump(changed2, &c);
    assert_int_equal(gs_audit_diff(a.data, a.len, b.data, b.len, &out), 1);
    assert_string_equal(out.data, "変更 " KPI_SHEET " / KPI② / 事業開始前 (現時点): 354.00 → 360.00\n");
    gs_buf_clear(&out);
    assert_int_equal(gs_audit_diff(a.data, a.len, c.data, c.len, &out), 2);
    assert_string_equal(out.data,
                        "変更 2. 交付対象事業の名称等 / No. 1 / 申請額 2026年度 (2年目): 0千円 → 500千円\n"
                        "変更 2. 交付対象事業の名称等 / No. 1 / 申請額 合計: 0千円 → 500千円\n");
    gs_buf_free(&a);
    gs_buf_free(&b);
    gs_buf_free(&c);
    gs_buf_free(&out);
}

/* ---- the attachment ------------------------------------------------------ */

static void render(const char *plan, gs_buf *pdf)
{
    gs_diags d = GS_DIAGS_INIT;
    assert_int_equal(gs_pipeline_run(pl, plan, pdf, &d), 0);
    gs_diags_free(&d);
}

static void test_pdf_carries_dump(void **state)
{
    (void)state;
    gs_buf pdf = GS_BUF_INIT, again = GS_BUF_INIT, tsv = GS_BUF_INIT, got = GS_BUF_INIT;
    render(sample, &pdf);
    render(sample, &again);
    assert_int_equal(pdf.len, again.len);
    assert_memory_equal(pdf.data, again.data, pdf.len);
    dump(sample, &tsv);
    gs_buf why = GS_BUF_INIT;
    assert_int_equal(gs_audit_extract(pdf.data, pdf.len, &got, &why), GS_AUDIT_OK);
    assert_int_equal(why.len, 0);
    gs_buf_free(&why);
    assert_int_equal(got.len, tsv.len);
    assert_memory_equal(got.data, tsv.data, tsv.len);
    /* the stream is compressed: the TSV is not there in clear */
    assert_null(memmem(pdf.data, pdf.len, "KPI増加分の累計", strlen("KPI増加分の累計")));

    /* qpdf sees one attachment by that name, with the same bytes */
    char path[600];
    snprintf(path, sizeof path, "%s/sample.pdf", tmpdir);
    assert_true(write_file(path, pdf.data, pdf.len));
    gs_buf cmd = GS_BUF_INIT, shown = GS_BUF_INIT;
    gs_buf_printf(&cmd, "qpdf --show-attachment=%s '%s'", GS_AUDIT_ATTACHMENT, path);
    FILE *p = popen(cmd.data, "r");
    assert_non_null(p);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        gs_buf_append(&shown, chunk, n);
    assert_int_equal(pclose(p), 0);
    assert_int_equal(shown.len, tsv.len);
    assert_memory_equal(shown.data, tsv.data, tsv.len);
    gs_buf_clear(&cmd);
    gs_buf_printf(&cmd, "qpdf --check '%s' >/dev/null", path);
    assert_int_equal(system(cmd.data), 0);

    gs_buf_free(&cmd);
    gs_buf_free(&shown);
    gs_buf_free(&pdf);
    gs_buf_free(&again);
    gs_buf_free(&tsv);
    gs_buf_free(&got);
}

/* ---- PDFs made here ------------------------------------------------------ */

/* A PDF written object by object: each object's offset (or place in an
 * object stream) is kept for the cross-reference section. */
typedef struct pdfw {
    gs_buf b;
    size_t *off;   /* by object number */
    int *stm, *idx; /* in object stream stm at index idx, when stm > 0 */
    int size;      /* highest object number + 1 */
} pdfw;

static void pw_begin(pdfw *w, int size)
{
    memset(w, 0, sizeof *w);
    w->size = size;
    w->off = calloc((size_t)size, sizeof *w->off);
    w->stm = calloc((size_t)size, sizeof *w->stm);
    w->idx = calloc((size_t)size, sizeof *w->idx);
    assert_true(w->off && w->stm && w->idx);
    gs_buf_puts(&w->b, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
}

static void pw_obj(pdfw *w, int num, const char *body)
{
    assert_true(num > 0 && num < w->size);
    w->off[num] = w->b.len;
    gs_buf_printf(&w->b, "%d 0 obj\n%s\nendobj\n", num, body);
}

/* A stream: dict is the dictionary's entries without /Length. */
static void pw_stream(pdfw *w, int num, const char *dict, const void *data, size_t n)
{
    assert_true(num > 0 && num < w->size);
    w->off[num] = w->b.len;
    gs_buf_printf(&w->b, "%d 0 obj\n<< %s /Length %zu >>\nstream\n", num, dict, n);
    gs_buf_append(&w->b, data, n);
    gs_buf_puts(&w->b, "\nendstream\nendobj\n");
}

/* Ends with a classic cross-reference table; every number is used. */
static void pw_end(pdfw *w)
{
    size_t x = w->b.len;
    gs_buf_printf(&w->b, "xref\n0 %d\n0000000000 65535 f \n", w->size);
    for (int i = 1; i < w->size; i++)
        gs_buf_printf(&w->b, "%010zu 00000 n \n", w->off[i]);
    gs_buf_printf(&w->b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                  w->size, x);
}

/* Ends with a cross-reference stream (needed for objects in object
 * streams), as object number xnum. */
static void pw_end_xref_stream(pdfw *w, int xnum)
{
    w->off[xnum] = w->b.len;
    gs_buf rows = GS_BUF_INIT;
    for (int i = 0; i < w->size; i++) {
        unsigned type = i == 0 ? 0 : w->stm[i] ? 2 : 1;
        unsigned long f2 = type == 2 ? (unsigned long)w->stm[i] : (unsigned long)w->off[i];
        unsigned f3 = type == 2 ? (unsigned)w->idx[i] : i == 0 ? 65535 : 0;
        char row[7] = {(char)type, (char)(f2 >> 24), (char)(f2 >> 16), (char)(f2 >> 8),
                       (char)f2, (char)(f3 >> 8), (char)f3};
        gs_buf_append(&rows, row, 7);
    }
    gs_buf_printf(&w->b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R "
                  "/Length %zu >>\nstream\n", xnum, w->size, rows.len);
    gs_buf_append(&w->b, rows.data, rows.len);
    gs_buf_printf(&w->b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", w->off[xnum]);
    gs_buf_free(&rows);
}

static void pw_free(pdfw *w)
{
    gs_buf_free(&w->b);
    free(w->off);
    free(w->stm);
    free(w->idx);
}

static void deflate_into(gs_buf *out, const char *data, size_t n)
{
    uLongf cap = compressBound((uLong)n);
    char *z = malloc(cap);
    assert_non_null(z);
    assert_int_equal(compress2((Bytef *)z, &cap, (const Bytef *)data, (uLong)n, 9), Z_OK);
    gs_buf_append(out, z, cap);
    free(z);
}

/* Deflates the whole input with a full flush, which resets the
 * compressor: the same input after a flush gives the same bytes. */
static void flush_chunk(z_stream *z, const char *in, size_t n, gs_buf *out)
{
    char buf[1 << 16];
    z->next_in = (Bytef *)in;
    z->avail_in = (uInt)n;
    do {
        z->next_out = (Bytef *)buf;
        z->avail_out = sizeof buf;
        assert_int_not_equal(deflate(z, Z_FULL_FLUSH), Z_STREAM_ERROR);
        gs_buf_append(out, buf, sizeof buf - z->avail_out);
    } while (z->avail_out == 0);
}

/* A zlib stream of prefix followed by mib MiB of the byte fill - a deflate
 * bomb of ~1 KB a MiB - made without deflating mib MiB: each MiB after a
 * full flush compresses to the same bytes, so one is made and repeated, and
 * the Adler-32 of the whole is combined arithmetically. */
static void bomb(gs_buf *out, const char *prefix, size_t plen, char fill, size_t mib)
{
    enum { MIB = 1 << 20 };
    char *chunk = malloc(MIB);
    assert_non_null(chunk);
    memset(chunk, fill, MIB);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit(&z, 9), Z_OK);
    gs_buf one = GS_BUF_INIT, two = GS_BUF_INIT;
    flush_chunk(&z, prefix, plen, out); /* with the zlib header */
    flush_chunk(&z, chunk, MIB, &one);
    flush_chunk(&z, chunk, MIB, &two);
    deflateEnd(&z);
    if (one.len != two.len || memcmp(one.data, two.data, one.len) != 0)
        fail_msg("zlib does not repeat a fully flushed block; cannot build the bomb");
    uLong adler = adler32(1, (const Bytef *)prefix, (uInt)plen);
    uLong mib_adler = adler32(1, (const Bytef *)chunk, MIB);
    for (size_t i = 0; i < mib; i++) {
        gs_buf_append(out, one.data, one.len);
        adler = adler32_combine(adler, mib_adler, MIB);
    }
    /* a final empty fixed-Huffman block, then the checksum */
    char tail[6] = {3, 0, (char)(adler >> 24), (char)(adler >> 16), (char)(adler >> 8),
                    (char)adler};
    gs_buf_append(out, tail, sizeof tail);
    gs_buf_free(&one);
    gs_buf_free(&two);
    free(chunk);
}

/* The objects every test PDF has: 1 catalog, 2 pages, 3 info, 4 the name
 * tree, 5 the file specification (6 is the embedded file, the caller's). */
static void pw_core(pdfw *w)
{
    pw_obj(w, 1, "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>");
    pw_obj(w, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
    pw_obj(w, 3, "<< /Producer (test_audit) >>");
    pw_obj(w, 4, "<< /Names [(" GS_AUDIT_ATTACHMENT ") 5 0 R] >>");
    pw_obj(w, 5, "<< /Type /Filespec /F (" GS_AUDIT_ATTACHMENT ") /EF << /F 6 0 R >> >>");
}

/* A PDF whose attachment is stream (raw bytes), with extra dictionary
 * entries dict (e.g. its /Filter). */
static void pdf_with(gs_buf *pdf, const char *dict, const char *stream, size_t n)
{
    pdfw w;
    pw_begin(&w, 7);
    pw_core(&w);
    pw_stream(&w, 6, dict, stream, n);
    pw_end(&w);
    gs_buf_append(pdf, w.b.data, w.b.len);
    pw_free(&w);
}

/* Runs fn(arg) in a child process limited to 512 MB more memory than the
 * test has and 10 s of CPU; returns its exit code, or -signal.  The limits
 * are set here, not by the code under test: they are the test's yardstick.
 * Memory is limited as address space and as data, since AddressSanitizer's
 * heap is reserved up front and only grows the latter. */
static int in_limited_child(int (*fn)(void *), void *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        unsigned long long vm = 0, data = 0;
        FILE *f = fopen("/proc/self/statm", "r");
        if (!f || fscanf(f, "%llu %*u %*u %*u %*u %llu", &vm, &data) != 2)
            _exit(90);
        fclose(f);
        unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
        struct rlimit r;
        r.rlim_cur = r.rlim_max = vm * page + (512ull << 20);
        setrlimit(RLIMIT_AS, &r);
        r.rlim_cur = r.rlim_max = data * page + (512ull << 20);
        setrlimit(RLIMIT_DATA, &r);
        r.rlim_cur = 10;
        r.rlim_max = 11;
        setrlimit(RLIMIT_CPU, &r);
        r.rlim_cur = r.rlim_max = 0;
        setrlimit(RLIMIT_CORE, &r);
        _exit(fn(arg));
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        ;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

/* What an extraction in a child reports: 100 + the status, so that an
 * exit of a dying sanitizer (1) cannot pass for one; 99 when the TSV or the
 * reason is not the one expected. */
typedef struct extract_job {
    const gs_buf *pdf;
    const char *want_tsv;   /* NULL: not checked */
    const char *want_why;   /* a part of the reason; NULL: not checked */
} extract_job;

static int extract_in_child(void *arg)
{
    const extract_job *j = arg;
    gs_buf tsv = GS_BUF_INIT, why = GS_BUF_INIT;
    gs_audit_status st = gs_audit_extract(j->pdf->data, j->pdf->len, &tsv, &why);
    if (j->want_tsv && (!tsv.data || strcmp(tsv.data, j->want_tsv) != 0))
        return 99;
    if (j->want_why && (!why.data || !strstr(why.data, j->want_why)))
        return 99;
    return 100 + (int)st;
}

static void expect_extract(const gs_buf *pdf, gs_audit_status want, const char *why_part)
{
    gs_buf tsv = GS_BUF_INIT, why = GS_BUF_INIT;
    gs_audit_status st = gs_audit_extract(pdf->data, pdf->len, &tsv, &why);
    if (st != want)
        fail_msg("status %d, expected %d: %s", st, want, why.data ? why.data : "");
    if (want != GS_AUDIT_OK) {
        assert_int_equal(tsv.len, 0);
        assert_non_null(why.data);
        if (why_part && !strstr(why.data, why_part))
            fail_msg("the reason \"%s\" lacks \"%s\"", why.data, why_part);
    }
    gs_buf_free(&tsv);
    gs_buf_free(&why);
}

static void test_extract_refuses(void **state)
{
    (void)state;
    gs_buf pdf = GS_BUF_INIT;
    gs_buf_puts(&pdf, "<plan/>");
    expect_extract(&pdf, GS_AUDIT_NOT_PDF, "PDF ではありません");
    /* no cross-reference table at all: not readable as a PDF */
    gs_buf_clear(&pdf);
    gs_buf_puts(&pdf, "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
    expect_extract(&pdf, GS_AUDIT_BROKEN, "PDF として読めません");
    /* a sound PDF without the attachment */
    pdfw w;
    pw_begin(&w, 3);
    pw_obj(&w, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    pw_obj(&w, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
    pw_end(&w);
    expect_extract(&w.b, GS_AUDIT_NO_DATA, GS_AUDIT_ATTACHMENT);
    pw_free(&w);
    /* a truncated PDF: the attachment's stream is cut off */
    gs_buf_clear(&pdf);
    render(sample, &pdf);
    const char *ef = memmem(pdf.data, pdf.len, "/EmbeddedFile", 13);
    assert_non_null(ef);
    gs_buf cut = GS_BUF_INIT;
    gs_buf_append(&cut, pdf.data, (size_t)(ef - pdf.data) + 200);
    gs_buf tsv = GS_BUF_INIT, why = GS_BUF_INIT;
    assert_int_not_equal(gs_audit_extract(cut.data, cut.len, &tsv, &why), GS_AUDIT_OK);
    assert_int_equal(tsv.len, 0);
    assert_true(why.len > 0);
    /* a damaged cross-reference table is not repaired (see audit.c) */
    gs_buf_clear(&cut);
    gs_buf_append(&cut, pdf.data, pdf.len);
    char *sx = memmem(cut.data, cut.len, "startxref\n", 10);
    assert_non_null(sx);
    sx[10] = sx[10] == '1' ? '2' : '1';
    expect_extract(&cut, GS_AUDIT_BROKEN, "qpdf");

    const char *body = GS_AUDIT_HEADER "\nS\t\tr\tc\tv\n";
    gs_buf z = GS_BUF_INIT;
    deflate_into(&z, body, strlen(body));
    const struct {
        const char *dict, *data; /* data NULL: the deflated body */
        size_t len;
        gs_audit_status want;
        const char *why;
    } cases[] = {
        /* the same data read back, plain and deflated */
        {"/Type /EmbeddedFile", body, strlen(body), GS_AUDIT_OK, NULL},
        {"/Type /EmbeddedFile /Filter [/FlateDecode]", NULL, z.len, GS_AUDIT_OK, NULL},
        /* a filter we do not undo, a predictor */
        {"/Filter /ASCIIHexDecode", "41>", 3, GS_AUDIT_BAD_DATA, "ASCIIHexDecode"},
        {"/Filter /FlateDecode /DecodeParms << /Predictor 12 >>", NULL, z.len,
         GS_AUDIT_BAD_DATA, "FlateDecode だけ"},
        /* broken and cut deflate data */
        {"/Filter /FlateDecode", "not zlib", 8, GS_AUDIT_BAD_DATA, "壊れています"},
        {"/Filter /FlateDecode", NULL, z.len - 6, GS_AUDIT_BAD_DATA, "途中で切れています"},
        /* not our TSV */
        {"/Type /EmbeddedFile", "hello\tworld\n", 12, GS_AUDIT_BAD_DATA, "形式ではありません"},
        /* a declared size over the bound is refused without reading */
        {"/Filter /FlateDecode /Params << /Size 999999999 >>", NULL, z.len,
         GS_AUDIT_TOO_BIG, "大きすぎます"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gs_buf_clear(&pdf);
        pdf_with(&pdf, cases[i].dict, cases[i].data ? cases[i].data : z.data, cases[i].len);
        expect_extract(&pdf, cases[i].want, cases[i].why);
    }
    /* a user password */
    char in[600], out[600];
    snprintf(in, sizeof in, "%s/plain.pdf", tmpdir);
    snprintf(out, sizeof out, "%s/locked.pdf", tmpdir);
    gs_buf_clear(&pdf);
    render(sample, &pdf);
    assert_true(write_file(in, pdf.data, pdf.len));
    gs_buf cmd = GS_BUF_INIT;
    gs_buf_printf(&cmd, "qpdf --encrypt secret owner 256 -- '%s' '%s'", in, out);
    assert_int_equal(system(cmd.data), 0);
    gs_buf_clear(&pdf);
    assert_true(read_file(out, &pdf));
    expect_extract(&pdf, GS_AUDIT_BROKEN, "パスワード");

    gs_buf_free(&cmd);
    gs_buf_free(&z);
    gs_buf_free(&cut);
    gs_buf_free(&tsv);
    gs_buf_free(&why);
    gs_buf_free(&pdf);
}

/* An attachment of 1 GiB of zeros in a 1 MB PDF (it took 2.1 GB of memory
 * before) is refused once it passes the bound, within the child's limits.
 * Its declared size is left out, and then stated falsely: only the
 * inflated bytes count. */
static void test_deflate_bomb_refused(void **state)
{
    (void)state;
    gs_buf z = GS_BUF_INIT, pdf = GS_BUF_INIT;
    bomb(&z, GS_AUDIT_HEADER "\n", strlen(GS_AUDIT_HEADER) + 1, '\0', 1024);
    assert_true(z.len < 2u << 20);
    const char *dicts[] = {"/Type /EmbeddedFile /Filter /FlateDecode",
                           "/Type /EmbeddedFile /Filter /FlateDecode /Params << /Size 100 >>"};
    for (size_t i = 0; i < 2; i++) {
        gs_buf_clear(&pdf);
        pdf_with(&pdf, dicts[i], z.data, z.len);
        extract_job j = {&pdf, NULL, "展開すると上限の 16 MB を超えます"};
        assert_int_equal(in_limited_child(extract_in_child, &j), 100 + GS_AUDIT_TOO_BIG);
    }
    gs_buf_free(&z);
    gs_buf_free(&pdf);
}

/* A 10 MB PDF of 100,000 objects, one of them a stream full of "4 0 obj"
 * (the name tree's number; a text search for objects went quadratic on
 * it, ~40 minutes), is read in well under the child's 10 s of CPU. */
static void test_many_objects_bounded(void **state)
{
    (void)state;
    gs_buf tsv = GS_BUF_INIT, z = GS_BUF_INIT, pad = GS_BUF_INIT;
    dump(sample, &tsv);
    deflate_into(&z, tsv.data, tsv.len);
    enum { NPAD = 100000 };
    pdfw w;
    pw_begin(&w, 7 + NPAD + 1);
    char body[80];
    for (int i = 0; i < NPAD; i++) {
        snprintf(body, sizeof body, "<< /Pad %d /Note ( 4 0 obj) >>", i);
        pw_obj(&w, 7 + i, body);
    }
    for (int i = 0; i < 600000; i++)
        gs_buf_puts(&pad, " 4 0 obj\n");
    pw_stream(&w, 7 + NPAD, "", pad.data, pad.len);
    pw_core(&w);
    pw_stream(&w, 6, "/Type /EmbeddedFile /Filter /FlateDecode", z.data, z.len);
    pw_end(&w);
    assert_true(w.b.len > 10u << 20);
    extract_job j = {&w.b, tsv.data, NULL};
    assert_int_equal(in_limited_child(extract_in_child, &j), 100 + GS_AUDIT_OK);
    pw_free(&w);
    gs_buf_free(&tsv);
    gs_buf_free(&z);
    gs_buf_free(&pad);
}

/* The catalog in an object stream that inflates to 1 GiB: libqpdf itself
 * inflates object streams without a bound, so the isolated reader must
 * stop it at its memory limit and say so. */
static void test_object_stream_bomb_isolated(void **state)
{
    (void)state;
    const char *objs = "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>\n"
                       "<< /Type /Pages /Kids [] /Count 0 >>\n";
    gs_buf head = GS_BUF_INIT, z = GS_BUF_INIT, tz = GS_BUF_INIT, tsv = GS_BUF_INIT;
    gs_buf why = GS_BUF_INIT;
    size_t second = strcspn(objs, "\n") + 1;
    gs_buf_printf(&head, "1 0 2 %zu ", second);
    size_t first = head.len;
    gs_buf_puts(&head, objs);
    bomb(&z, head.data, head.len, ' ', 1024);
    const char *body = GS_AUDIT_HEADER "\nS\t\tr\tc\tv\n";
    deflate_into(&tz, body, strlen(body));
    pdfw w;
    pw_begin(&w, 8);
    w.stm[1] = w.stm[2] = 7;
    w.idx[1] = 0;
    w.idx[2] = 1;
    char dict[120];
    snprintf(dict, sizeof dict, "/Type /ObjStm /N 2 /First %zu /Filter /FlateDecode", first);
    pw_stream(&w, 7, dict, z.data, z.len);
    pw_obj(&w, 4, "<< /Names [(" GS_AUDIT_ATTACHMENT ") 5 0 R] >>");
    pw_obj(&w, 5, "<< /Type /Filespec /F (" GS_AUDIT_ATTACHMENT ") /EF << /F 6 0 R >> >>");
    pw_stream(&w, 6, "/Type /EmbeddedFile /Filter /FlateDecode", tz.data, tz.len);
    pw_end_xref_stream(&w, 3);
    /* the reader's child may die loudly (a sanitizer's out-of-memory
     * report): keep this test's output readable */
    fflush(stderr);
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    assert_true(saved >= 0 && null >= 0);
    dup2(null, 2);
    gs_audit_status st = gs_audit_extract_isolated(w.b.data, w.b.len, &tsv, &why);
    dup2(saved, 2);
    close(saved);
    close(null);
    if (st != GS_AUDIT_LIMIT)
        fail_msg("status %d, expected GS_AUDIT_LIMIT: %s", st, why.data ? why.data : "");
    assert_int_equal(tsv.len, 0);
    assert_non_null(strstr(why.data, "メモリーが上限 (512 MB) を超えました"));
    /* the same structure with a small object stream reads fine */
    pw_free(&w);
    gs_buf_clear(&z);
    bomb(&z, head.data, head.len, ' ', 1);
    pw_begin(&w, 8);
    w.stm[1] = w.stm[2] = 7;
    w.idx[2] = 1;
    pw_stream(&w, 7, dict, z.data, z.len);
    pw_obj(&w, 4, "<< /Names [(" GS_AUDIT_ATTACHMENT ") 5 0 R] >>");
    pw_obj(&w, 5, "<< /Type /Filespec /F (" GS_AUDIT_ATTACHMENT ") /EF << /F 6 0 R >> >>");
    pw_stream(&w, 6, "/Type /EmbeddedFile /Filter /FlateDecode", tz.data, tz.len);
    pw_end_xref_stream(&w, 3);
    gs_buf_clear(&why);
    assert_int_equal(gs_audit_extract_isolated(w.b.data, w.b.len, &tsv, &why), GS_AUDIT_OK);
    assert_string_equal(tsv.data, body);
    pw_free(&w);
    gs_buf_free(&head);
    gs_buf_free(&z);
    gs_buf_free(&tz);
    gs_buf_free(&tsv);
    gs_buf_free(&why);
}

/* A grantsheet PDF re-saved by another program (qpdf here: object streams,
 * QDF, linearized, encrypted without a user password) and one whose name
 * tree has kids give the figures of the plan. */
static void test_resaved_same_tsv(void **state)
{
    (void)state;
    gs_buf pdf = GS_BUF_INIT, tsv = GS_BUF_INIT, got = GS_BUF_INIT, why = GS_BUF_INIT;
    gs_buf cmd = GS_BUF_INIT, again = GS_BUF_INIT;
    render(sample, &pdf);
    dump(sample, &tsv);
    char in[600], out[600];
    snprintf(in, sizeof in, "%s/orig.pdf", tmpdir);
    snprintf(out, sizeof out, "%s/resaved.pdf", tmpdir);
    assert_true(write_file(in, pdf.data, pdf.len));
    const char *how[] = {"--object-streams=generate", "--qdf", "--linearize",
                         "--encrypt '' owner 256 --"};
    for (size_t i = 0; i < sizeof how / sizeof *how; i++) {
        gs_buf_clear(&cmd);
        gs_buf_printf(&cmd, "qpdf %s '%s' '%s'", how[i], in, out);
        assert_int_equal(system(cmd.data), 0);
        gs_buf_clear(&again);
        assert_true(read_file(out, &again));
        gs_buf_clear(&got);
        gs_buf_clear(&why);
        gs_audit_status st = gs_audit_extract(again.data, again.len, &got, &why);
        if (st != GS_AUDIT_OK)
            fail_msg("qpdf %s: status %d: %s", how[i], st, why.data);
        assert_string_equal(got.data, tsv.data);
        if (i == 0) /* it did make object streams */
            assert_non_null(memmem(again.data, again.len, "/ObjStm", 7));
    }
    /* a name tree with kids, the attachment in the second leaf */
    gs_buf z = GS_BUF_INIT;
    deflate_into(&z, tsv.data, tsv.len);
    pdfw w;
    pw_begin(&w, 10);
    pw_obj(&w, 1, "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>");
    pw_obj(&w, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
    pw_obj(&w, 3, "<< /Producer (test_audit) >>");
    pw_obj(&w, 4, "<< /Kids [7 0 R 8 0 R] >>");
    pw_obj(&w, 7, "<< /Limits [(a.txt) (a.txt)] /Names [(a.txt) 9 0 R] >>");
    pw_obj(&w, 8, "<< /Limits [(" GS_AUDIT_ATTACHMENT ") (" GS_AUDIT_ATTACHMENT ")] "
                  "/Names [<FEFF" "006700720061006e0074007300680065006500740"
                  "02d0064006100740061002e007400730076> 5 0 R] >>");
    pw_obj(&w, 5, "<< /Type /Filespec /F (" GS_AUDIT_ATTACHMENT ") /EF << /F 6 0 R >> >>");
    pw_stream(&w, 6, "/Type /EmbeddedFile /Filter /FlateDecode", z.data, z.len);
    pw_stream(&w, 9, "/Type /EmbeddedFile", "a", 1);
    pw_end(&w);
    gs_buf_clear(&got);
    gs_buf_clear(&why);
    assert_int_equal(gs_audit_extract(w.b.data, w.b.len, &got, &why), GS_AUDIT_OK);
    assert_string_equal(got.data, tsv.data);
    /* a tree whose kid is itself ends */
    pw_free(&w);
    pw_begin(&w, 7);
    pw_obj(&w, 1, "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>");
    pw_obj(&w, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
    pw_obj(&w, 3, "<< /Producer (test_audit) >>");
    pw_obj(&w, 4, "<< /Kids [4 0 R 4 0 R] >>");
    pw_obj(&w, 5, "<< /Type /Filespec /F (" GS_AUDIT_ATTACHMENT ") /EF << /F 6 0 R >> >>");
    pw_stream(&w, 6, "/Type /EmbeddedFile", "a", 1);
    pw_end(&w);
    expect_extract(&w.b, GS_AUDIT_TOO_BIG, "添付ファイルの一覧が大きすぎて");
    pw_free(&w);
    gs_buf_free(&z);
    gs_buf_free(&cmd);
    gs_buf_free(&again);
    gs_buf_free(&pdf);
    gs_buf_free(&tsv);
    gs_buf_free(&got);
    gs_buf_free(&why);
}

/* ---- the command line ---------------------------------------------------- */

static const char *gs_bin(void)
{
    static char path[600];
    const char *env = getenv("GS_BIN");
    if (env && access(env, X_OK) == 0)
        return env;
    const char *cand[] = {"build/asan/grantsheet", "build/grantsheet"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", datadir, cand[i]);
        if (access(path, X_OK) == 0)
            return path;
    }
    return NULL;
}

/* Runs the command line, stdout into out; returns the exit status. */
static int run(const char *args, gs_buf *out)
{
    const char *bin = gs_bin();
    if (!bin) /* make unit builds it first: its absence is a failure */
        fail_msg("no grantsheet binary under %s/build", datadir);
    gs_buf cmd = GS_BUF_INIT;
    gs_buf_printf(&cmd, "GRANTSHEET_DATADIR='%s' '%s' %s 2>/dev/null", datadir, bin, args);
    FILE *p = popen(cmd.data, "r");
    assert_non_null(p);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        gs_buf_append(out, chunk, n);
    int st = pclose(p);
    gs_buf_free(&cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli_dump(void **state)
{
    (void)state;
    gs_buf out = GS_BUF_INIT, tsv = GS_BUF_INIT, args = GS_BUF_INIT;
    gs_buf_printf(&args, "dump '%s'", sample);
    assert_int_equal(run(args.data, &out), 0);
    dump(sample, &tsv);
    assert_string_equal(out.data, tsv.data);
    gs_buf_clear(&out);
    gs_buf_clear(&args);
    gs_buf_printf(&args, "dump '%s/samples/nagaoka-broken-invalid.xml'", datadir);
    assert_int_equal(run(args.data, &out), 1);
    assert_int_equal(out.len, 0);

    /* a PDF, as written and as re-saved with object streams, dumps the
     * same as its plan */
    gs_buf_clear(&args);
    gs_buf_printf(&args, "render '%s' -o '%s/dump.pdf' && qpdf --object-streams=generate "
                  "'%s/dump.pdf' '%s/dump-os.pdf'", sample, tmpdir, tmpdir, tmpdir);
    gs_buf_clear(&out);
    assert_int_equal(run(args.data, &out), 0);
    const char *pdfs[] = {"dump.pdf", "dump-os.pdf"};
    for (size_t i = 0; i < 2; i++) {
        gs_buf_clear(&args);
        gs_buf_printf(&args, "dump '%s/%s'", tmpdir, pdfs[i]);
        gs_buf_clear(&out);
        assert_int_equal(run(args.data, &out), 0);
        assert_string_equal(out.data, tsv.data);
    }
    /* a PDF it cannot take figures from: status 1 and nothing printed */
    char bombed[600];
    snprintf(bombed, sizeof bombed, "%s/bomb.pdf", tmpdir);
    gs_buf z = GS_BUF_INIT, pdf = GS_BUF_INIT;
    bomb(&z, GS_AUDIT_HEADER "\n", strlen(GS_AUDIT_HEADER) + 1, '\0', 64);
    pdf_with(&pdf, "/Filter /FlateDecode", z.data, z.len);
    assert_true(write_file(bombed, pdf.data, pdf.len));
    gs_buf_clear(&args);
    gs_buf_printf(&args, "dump '%s'", bombed);
    gs_buf_clear(&out);
    assert_int_equal(run(args.data, &out), 1);
    assert_int_equal(out.len, 0);
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s' '%s'", bombed, sample);
    assert_int_equal(run(args.data, &out), 3);
    assert_int_equal(out.len, 0);
    gs_buf_free(&z);
    gs_buf_free(&pdf);
    gs_buf_free(&out);
    gs_buf_free(&tsv);
    gs_buf_free(&args);
}

static void test_cli_diff(void **state)
{
    (void)state;
    gs_buf out = GS_BUF_INIT, args = GS_BUF_INIT;
    const char *line = "変更 " KPI_SHEET " / KPI② / 事業開始前 (現時点): 354.00 → 360.00\n";
    /* two plans */
    gs_buf_printf(&args, "diff '%s' '%s'", sample, changed);
    assert_int_equal(run(args.data, &out), 1);
    assert_string_equal(out.data, line);
    /* identical */
    gs_buf_clear(&out);
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s' '%s'", sample, sample);
    assert_int_equal(run(args.data, &out), 0);
    assert_int_equal(out.len, 0);
    /* the two PDFs, and a PDF against a plan */
    gs_buf_clear(&args);
    gs_buf_printf(&args, "render '%s' -o '%s/old.pdf' && '%s' render '%s' -o '%s/new.pdf'",
                  sample, tmpdir, gs_bin(), changed, tmpdir);
    gs_buf_clear(&out);
    assert_int_equal(run(args.data, &out), 0);
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s/old.pdf' '%s/new.pdf'", tmpdir, tmpdir);
    gs_buf_clear(&out);
    assert_int_equal(run(args.data, &out), 1);
    assert_string_equal(out.data, line);
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s/old.pdf' '%s'", tmpdir, sample);
    gs_buf_clear(&out);
    assert_int_equal(run(args.data, &out), 0);
    /* re-saved with object streams, it still compares */
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s/old.pdf' '%s/new.pdf'", tmpdir, tmpdir);
    gs_buf_clear(&out);
    gs_buf cmd = GS_BUF_INIT;
    gs_buf_printf(&cmd, "qpdf --object-streams=generate '%s/new.pdf' '%s/new-os.pdf'",
                  tmpdir, tmpdir);
    assert_int_equal(system(cmd.data), 0);
    gs_buf_free(&cmd);
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s/old.pdf' '%s/new-os.pdf'", tmpdir, tmpdir);
    assert_int_equal(run(args.data, &out), 1);
    assert_string_equal(out.data, line);
    /* a year's figure names its year */
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s' '%s'", sample, changed2);
    gs_buf_clear(&out);
    assert_int_equal(run(args.data, &out), 1);
    assert_non_null(strstr(out.data, "申請額 2026年度 (2年目): 0千円 → 500千円"));
    /* a PDF without our data, a missing file, usage */
    char foreign[600];
    snprintf(foreign, sizeof foreign, "%s/foreign.pdf", tmpdir);
    const char *bare = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
    assert_true(write_file(foreign, bare, strlen(bare)));
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s' '%s'", foreign, sample);
    gs_buf_clear(&out);
    assert_int_equal(run(args.data, &out), 3);
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s/none.xml' '%s'", tmpdir, sample);
    assert_int_equal(run(args.data, &out), 2); /* missing: exit 2 in every subcommand */
    gs_buf_clear(&args);
    gs_buf_printf(&args, "diff '%s'", sample);
    assert_int_equal(run(args.data, &out), 2);
    gs_buf_free(&out);
    gs_buf_free(&args);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_figures),
        cmocka_unit_test(test_sorted_unique),
        cmocka_unit_test(test_escape_and_repeats),
        cmocka_unit_test(test_diff_lines),
        cmocka_unit_test(test_diff_plans),
        cmocka_unit_test(test_pdf_carries_dump),
        cmocka_unit_test(test_extract_refuses),
        cmocka_unit_test(test_deflate_bomb_refused),
        cmocka_unit_test(test_many_objects_bounded),
        cmocka_unit_test(test_object_stream_bomb_isolated),
        cmocka_unit_test(test_resaved_same_tsv),
        cmocka_unit_test(test_cli_dump),
        cmocka_unit_test(test_cli_diff),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
