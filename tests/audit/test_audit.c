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
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

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
    assert_int_equal(gs_audit_extract(pdf.data, pdf.len, &got), GS_AUDIT_OK);
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

static void test_extract_refuses(void **state)
{
    (void)state;
    gs_buf got = GS_BUF_INIT;
    const char *notpdf = "<plan/>";
    assert_int_equal(gs_audit_extract(notpdf, strlen(notpdf), &got), GS_AUDIT_NOT_PDF);
    const char *bare = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
    assert_int_equal(gs_audit_extract(bare, strlen(bare), &got), GS_AUDIT_NO_DATA);
    /* a truncated PDF: the attachment's stream is cut off */
    gs_buf pdf = GS_BUF_INIT;
    render(sample, &pdf);
    const char *ef = memmem(pdf.data, pdf.len, "/EmbeddedFile\n", 14);
    if (!ef)
        ef = memmem(pdf.data, pdf.len, "/EmbeddedFile", 13);
    assert_non_null(ef);
    size_t cut = (size_t)(ef - pdf.data) + 200;
    assert_int_not_equal(gs_audit_extract(pdf.data, cut, &got), GS_AUDIT_OK);
    assert_int_equal(got.len, 0);
    gs_buf_free(&pdf);
    gs_buf_free(&got);
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
    assert_int_equal(run(args.data, &out), 3);
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
        cmocka_unit_test(test_cli_dump),
        cmocka_unit_test(test_cli_diff),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
