/*
 * test_e2e.c - end-to-end tests of the grantsheet command.
 *
 * The unit tests check the stages one by one; these run the built program
 * exactly as a planning division would (render / validate on real plan
 * files) and judge the result with the tools a reviewer uses: pdftotext,
 * pdffonts, pdfinfo and qpdf.  Every figure and label of the reference
 * (別紙1-1) must come out in order; refused plans must leave no file behind;
 * every problem of a plan must be reported in one run, at the right line.
 *
 * Environment (set by `make e2e`, run from the checkout):
 *   GS_BIN              grantsheet built with ASan + UBSan (most runs; any
 *                       sanitizer report on its stderr fails the test)
 *   GS_RELEASE_BIN      the normal build (its output must match byte for byte)
 *   GRANTSHEET_DATADIR  the checkout: templates, fonts, samples/, fixtures
 *
 * Each test works in its own mkdtemp folder under /tmp, removed afterwards.
 * Fixtures are the .xml plans in tests/e2e (each says what it is for);
 * plans with invalid UTF-8 are made here, byte by byte, so that no broken
 * file has to live in the repository.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ===== bookkeeping: everything allocated in a test is freed in teardown,
 * even when an assertion jumps out of the test half way ===== */

static void **tracked;
static size_t ntracked, captracked;

static void *track(void *p)
{
    if (!p)
        return NULL;
    if (ntracked == captracked) {
        captracked = captracked ? 2 * captracked : 64;
        void **v = realloc(tracked, captracked * sizeof *v);
        if (!v)
            abort();
        tracked = v;
    }
    tracked[ntracked++] = p;
    return p;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    int n = vasprintf(&s, f, ap);
    va_end(ap);
    if (n < 0)
        abort();
    return track(s);
}

static char *root;      /* the checkout (GRANTSHEET_DATADIR) */
static char *gs_bin;    /* ASan + UBSan grantsheet */
static char *capdir;    /* where child stdout / stderr are captured */
static char *work;      /* this test's scratch folder */

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void rm_rf(const char *dir)
{
    if (dir)
        nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int group_setup(void **state)
{
    (void)state;
    const char *r = getenv("GRANTSHEET_DATADIR");
    root = strdup(r && *r ? r : ".");
    const char *b = getenv("GS_BIN");
    if (b && *b)
        gs_bin = strdup(b);
    else if (asprintf(&gs_bin, "%s/build/asan/grantsheet", root) < 0)
        return -1;
    char tmpl[] = "/tmp/gs-e2e-cap-XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    capdir = strdup(tmpl);
    if (access(gs_bin, X_OK) != 0) {
        fprintf(stderr, "test_e2e: %s is not an executable (set GS_BIN)\n", gs_bin);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    rm_rf(capdir);
    free(capdir);
    free(gs_bin);
    free(root);
    free(tracked);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/gs-e2e-XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    work = strdup(tmpl);
    return work ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(work);
    free(work);
    work = NULL;
    for (size_t i = 0; i < ntracked; i++)
        free(tracked[i]);
    ntracked = 0;
    return 0;
}

/* ===== files ===== */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap + 1);
    size_t k;
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(b, 2 * cap + 1);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!b)
        return NULL;
    b[n] = '\0';
    if (len)
        *len = n;
    return track(b);
}

static void spit(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot create %s: %s", path, strerror(errno));
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static char *fixture(const char *name)
{
    return fmt("%s/tests/e2e/%s", root, name);
}

static char *sample(const char *name)
{
    return fmt("%s/samples/%s", root, name);
}

/* 1-based line of the first occurrence of needle in the file; fails the
 * test when it is not there (the fixture and the test disagree). */
static int line_of(const char *path, const char *needle)
{
    char *text = slurp(path, NULL);
    if (!text)
        fail_msg("cannot read %s", path);
    char *hit = strstr(text, needle);
    if (!hit)
        fail_msg("%s does not contain \"%s\"", path, needle);
    int line = 1;
    for (char *p = text; p < hit; p++)
        line += *p == '\n';
    return line;
}

/* Names in a folder, "." and ".." left out, joined by blanks. */
static char *listing(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot list %s", dir);
    char *s = fmt("%s", "");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        s = fmt("%s %s", s, e->d_name);
        n++;
    }
    closedir(d);
    if (count)
        *count = n;
    return s;
}

static void assert_only_files(const char *dir, int expected)
{
    int n;
    char *names = listing(dir, &n);
    if (n != expected)
        fail_msg("%s holds %d entries, expected %d:%s", dir, n, expected, names);
}

static void assert_same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *da = slurp(a, &la), *db = slurp(b, &lb);
    if (!da || !db)
        fail_msg("cannot read %s or %s", a, b);
    if (la != lb || memcmp(da, db, la) != 0) {
        size_t i = 0;
        while (i < la && i < lb && da[i] == db[i])
            i++;
        fail_msg("%s (%zu bytes) and %s (%zu bytes) differ from byte %zu", a, la,
                 b, lb, i);
    }
}

/* ===== running programs ===== */

typedef struct {
    int status;    /* exit status; 128 + signal when killed */
    char *out;     /* stdout, NUL-terminated */
    size_t out_len;
    char *err;     /* stderr */
    size_t err_len;
    char *cmd;     /* for messages */
} run_result;

/* Runs argv (argv[0] looked up in PATH) in folder cwd (NULL: here),
 * capturing both streams into files so that neither can block. */
static void run_v(run_result *r, const char *cwd, char *const argv[])
{
    static unsigned serial;
    char *outp = fmt("%s/%u.out", capdir, serial);
    char *errp = fmt("%s/%u.err", capdir, serial++);
    r->cmd = fmt("%s", argv[0]);
    for (size_t i = 1; argv[i]; i++)
        r->cmd = fmt("%s %s", r->cmd, argv[i]);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fo = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fi = open("/dev/null", O_RDONLY);
        if (fo < 0 || fe < 0 || fi < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0 ||
            dup2(fi, 0) < 0)
            _exit(126);
        if (cwd && chdir(cwd) != 0)
            _exit(126);
        execvp(argv[0], argv);
        dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        assert_int_equal(errno, EINTR);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = slurp(outp, &r->out_len);
    r->err = slurp(errp, &r->err_len);
    assert_non_null(r->out);
    assert_non_null(r->err);
    unlink(outp);
    unlink(errp);
}

#define MAX_ARGS 16

static void run_list(run_result *r, const char *cwd, const char *prog, va_list ap)
{
    char *argv[MAX_ARGS + 2];
    size_t n = 0;
    argv[n++] = (char *)prog;
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL) {
        assert_true(n < MAX_ARGS);
        argv[n++] = (char *)a;
    }
    argv[n] = NULL;
    run_v(r, cwd, argv);
}

/* A tool (pdftotext, qpdf ...): run("pdfinfo", file, NULL). */
static void run(run_result *r, const char *prog, ...)
{
    va_list ap;
    va_start(ap, prog);
    run_list(r, NULL, prog, ap);
    va_end(ap);
}

static void assert_sanitizer_clean(const run_result *r)
{
    if (strstr(r->err, "AddressSanitizer") || strstr(r->err, "LeakSanitizer") ||
        strstr(r->err, "runtime error") || strstr(r->err, "UndefinedBehaviorSanitizer"))
        fail_msg("sanitizer report from `%s`:\n%s", r->cmd, r->err);
    if (r->status >= 128)
        fail_msg("`%s` was killed by signal %d:\n%s", r->cmd, r->status - 128, r->err);
}

/* A binary of grantsheet in folder cwd: gs_in(&r, bin, cwd, "render", ...). */
static void gs_in(run_result *r, const char *bin, const char *cwd, ...)
{
    va_list ap;
    va_start(ap, cwd);
    run_list(r, cwd, bin, ap);
    va_end(ap);
    assert_sanitizer_clean(r);
}

/* The sanitized grantsheet, here: gs(&r, "render", plan, "-o", pdf, NULL). */
static void gs(run_result *r, ...)
{
    va_list ap;
    va_start(ap, r);
    run_list(r, NULL, gs_bin, ap);
    va_end(ap);
    assert_sanitizer_clean(r);
}

static void expect_status(const run_result *r, int status)
{
    if (r->status != status)
        fail_msg("`%s` exited %d, expected %d\nstdout:\n%s\nstderr:\n%s", r->cmd,
                 r->status, status, r->out, r->err);
}

static void expect_in(const char *hay, const char *needle, const char *what)
{
    if (!strstr(hay, needle))
        fail_msg("%s lacks \"%s\":\n%s", what, needle, hay);
}

static void expect_not_in(const char *hay, const char *needle, const char *what)
{
    if (strstr(hay, needle))
        fail_msg("%s contains \"%s\":\n%s", what, needle, hay);
}

/* stderr holds "FILE:LINE: error[CODE]" (or warning[CODE]). */
static void expect_diag(const run_result *r, const char *file, int line,
                        const char *kind, const char *code)
{
    expect_in(r->err, fmt("%s:%d: %s[%s]", file, line, kind, code), "stderr");
}

/* ===== text extracted from the PDF ===== */

/* Copy of s without ASCII white space and U+3000: pdftotext puts blanks and
 * line ends where the PDF has gaps and wraps, which the reference does not
 * know about (and the reference has tabs where the PDF has cell borders). */
static char *squeeze(const char *s)
{
    char *o = malloc(strlen(s) + 1), *q = o;
    assert_non_null(o);
    for (const char *p = s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
            *p == '\v') {
            p++;
        } else if (strncmp(p, "\u3000", 3) == 0) {
            p += 3;
        } else {
            *q++ = *p++;
        }
    }
    *q = '\0';
    return track(o);
}

static char *pdftext(const char *pdf, bool layout)
{
    run_result r;
    if (layout)
        run(&r, "pdftotext", "-enc", "UTF-8", "-layout", pdf, "-", NULL);
    else
        run(&r, "pdftotext", "-enc", "UTF-8", pdf, "-", NULL);
    expect_status(&r, 0);
    if (r.err_len)
        fail_msg("pdftotext printed on stderr:\n%s", r.err);
    return r.out;
}

/* Each expected string must appear after the previous one. */
static void expect_in_order(const char *text, const char *const *want, size_t n,
                            const char *what)
{
    const char *t = squeeze(text), *at = t;
    for (size_t i = 0; i < n; i++) {
        const char *w = squeeze(want[i]);
        const char *hit = strstr(at, w);
        if (!hit) {
            const char *anywhere = strstr(t, w);
            fail_msg("%s: expected item %zu \"%s\" %s; text after the previous "
                     "match (\"%s\") begins:\n%.300s",
                     what, i, want[i],
                     anywhere ? "appears only before the previous match"
                              : "does not appear at all",
                     i ? want[i - 1] : "", at);
        }
        at = hit + strlen(w);
    }
}

/* Each expected string occurs in text at least as often as in want. */
static void expect_all_present(const char *text, const char *const *want, size_t n,
                               const char *what)
{
    const char *t = squeeze(text);
    for (size_t i = 0; i < n; i++) {
        const char *w = squeeze(want[i]);
        size_t need = 0, have = 0;
        for (size_t j = 0; j < n; j++)
            need += strcmp(squeeze(want[j]), w) == 0;
        for (const char *h = strstr(t, w); h; h = strstr(h + strlen(w), w))
            have++;
        if (have < need)
            fail_msg("%s: \"%s\" occurs %zu times, the reference has it %zu times",
                     what, want[i], have, need);
    }
}

/* The reference (別紙1-1) of /work/shared/reference/nagaoka-gaikokujin-plan.txt,
 * from its title to the end, label by label and figure by figure. */

#define Y1_TEXT "2026年度にオープン予定の産業ビジネス支援拠点内でワンストップで外国人材採用・定着を支援する体制の構築を検討し、試行する。"
#define Y2_TEXT "外国人材に特化した就労・雇用相談窓口を本格稼働し、外国人材活躍推進プラットフォームの周知と活用促進を図る。"
#define Y3_TEXT "外国人材の採用の増加に応じて、企業・外国人材が直面する課題やニーズにあった支援の拡充を検討し、人材の定着につなげる。"
#define DESC_Y1 "就労・雇用相談窓口を新設(試行)し、長岡で働きたい外国人や採用したい企業からの相談を通じて、課題やニーズを把握し、外国人材と企業が交流する機会の提供や人材のマッチングを一貫してサポートするプラットフォームを構築するために必要な事業費"
#define DESC_Y23 "就労・雇用相談窓口を本格稼働させ、長岡で働きたい外国人や採用したい企業からの相談を通じて、課題やニーズを把握し、外国人材と企業が交流する機会の提供や人材のマッチングを一貫してサポートするプラットフォームを構築するために必要な事業費"
#define NOTE "※2年目以降の交付額が担保されるわけではありません。"
#define SCHEDULE_HEAD "事業開始時期", "事業終了時期", "予算計上時期①", "予算種別①", \
                      "予算計上時期②", "予算種別②", "予算計上時期③", "予算種別③"
#define FACILITY_0 "交付対象事業における施設整備・事業設備・備品経費", "要素事業数", "0", "計", "0千円"
#define EMPTY_YEAR "全事業期間における本年の位置付け", SCHEDULE_HEAD, "年 月", "年 月", "年 月", \
                   "年 月", "年 月", "交付対象事業経費", "0千円", \
                   "交付対象事業におけるソフト事業経費", "要素事業数", "計", "0千円", \
                   "交付対象事業における施設整備・事業設備・備品経費", "要素事業数", "計", "0千円"

static const char *const reference_1_1[] = {
    "(別紙1-1) ソフト事業経費内訳",
    "2025.1.23",
    "2025年度 (1年目)", "2026年度 (2年目)", "2027年度 (3年目)", "2028年度 (4年目)",
    "2029年度 (5年目)", "合計",
    "交付対象事業経費【①】",
    "12,219千円", "12,719千円", "13,219千円", "0千円", "0千円", "38,157千円",
    "交付対象事業におけるソフト事業経費【②】",
    "12,219千円", "12,719千円", "13,219千円", "0千円", "0千円", "38,157千円",
    "交付対象事業における施設整備・事業設備・備品経費【③】",
    "0千円", "0千円", "0千円", "0千円", "0千円", "0千円",
    "交付対象事業における施設整備・事業設備・備品経費比率【③/①】",
    "0.0%", "0.0%", "0.0%", "0.0%", "0.0%", "0.0%",

    "<2025年度(1年目)>",
    "全事業期間における本年の位置付け", Y1_TEXT,
    SCHEDULE_HEAD,
    "2025 年 4 月", "2026 年 3 月", "2025 年 4 月", "当初", "年 月", "年 月",
    "交付対象事業経費", "12,219千円",
    "交付対象事業におけるソフト事業経費", "要素事業数", "1", "計", "12,219千円",
    "1", "外国人材活躍推進プラットフォーム事業", "関連するKPI", "①、②、③、④", "12,219千円",
    DESC_Y1 "・外国人材活躍推進プラットフォーム事業経費(委託料) 12,219千円 "
    "<プラットフォーム機能> 相談支援、交流機会創出、インターンシッププログラム実施、"
    "人材マッチング支援、就労フォローアップ支援",
    /* the extracted reference lost this line of the first block; the form
     * has it in every block (FORMS.md) */
    FACILITY_0,

    "<2026年度(2年目)>", NOTE,
    "全事業期間における本年の位置付け", Y2_TEXT,
    SCHEDULE_HEAD,
    "2026年4月", "2027年3月", "2026年4月", "当初", "年 月", "年 月",
    "交付対象事業経費", "12,719千円",
    "交付対象事業におけるソフト事業経費", "要素事業数", "1", "計", "12,719千円",
    "1", "外国人材活躍推進プラットフォーム構築事業", "関連するKPI", "①、②、③、④", "12,719千円",
    DESC_Y23 "・外国人材活躍推進プラットフォーム事業経費(委託料) 12,719千円 "
    "<プラットフォーム機能> 相談支援(拡充)、交流機会創出、インターンシッププログラム実施、"
    "人材マッチング支援、就労フォローアップ支援",
    FACILITY_0,

    "<2027年度(3年目)>", NOTE,
    "全事業期間における本年の位置付け", Y3_TEXT,
    SCHEDULE_HEAD,
    "2027年4月", "2028年3月", "2027年4月", "当初", "年 月", "年 月",
    "交付対象事業経費", "13,219千円",
    "交付対象事業におけるソフト事業経費", "要素事業数", "1", "計", "13,219千円",
    "1", "外国人材活躍推進プラットフォーム構築事業", "関連するKPI", "①、②、③、④", "13,219千円",
    DESC_Y23 "・プラットフォーム事業経費(委託料) 13,219千円 "
    "<プラットフォーム機能> 相談支援、交流機会創出、インターンシッププログラム実施、"
    "人材マッチング支援、就労フォローアップ支援、コミュニティ形成支援(拡充)",
    FACILITY_0,

    "<2028年度(4年目)>", NOTE, EMPTY_YEAR,
    "<2029年度(5年目)>", NOTE, EMPTY_YEAR,
};

/* Renders a plan with the sanitized binary; expects success, silence and a
 * PDF; returns the PDF's path. */
static char *render_ok(const char *plan, const char *name)
{
    char *pdf = fmt("%s/%s", work, name);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 0);
    if (r.err_len)
        fail_msg("render %s printed on stderr:\n%s", plan, r.err);
    if (r.out_len)
        fail_msg("render %s printed on stdout:\n%s", plan, r.out);
    if (!exists(pdf))
        fail_msg("render %s exited 0 but wrote no %s", plan, pdf);
    return pdf;
}

static int page_count(const char *pdf)
{
    run_result r;
    run(&r, "pdfinfo", pdf, NULL);
    expect_status(&r, 0);
    const char *p = strstr(r.out, "\nPages:");
    if (!p && strncmp(r.out, "Pages:", 6) == 0)
        p = r.out - 1;
    if (!p)
        fail_msg("no Pages: in pdfinfo output:\n%s", r.out);
    return atoi(p + 7);
}

/* ===== 1. the sample renders ===== */

static void test_render_sample(void **state)
{
    (void)state;
    char *pdf = render_ok(sample("nagaoka.xml"), "nagaoka.pdf");
    size_t len;
    char *data = slurp(pdf, &len);
    assert_non_null(data);
    assert_true(len > 1000);
    assert_memory_equal(data, "%PDF-", 5);
    assert_only_files(work, 1);
}

/* ===== 2. every label and figure of the reference, in order ===== */

static void test_text_matches_reference(void **state)
{
    (void)state;
    char *pdf = render_ok(sample("nagaoka.xml"), "nagaoka.pdf");
    size_t n = sizeof reference_1_1 / sizeof *reference_1_1;
    expect_in_order(pdftext(pdf, true), reference_1_1, n, "pdftotext -layout");
    /* Plain pdftotext follows its own reading order through table cells,
     * so there every item must be present, as often as the reference has it. */
    expect_all_present(pdftext(pdf, false), reference_1_1, n, "pdftotext");
}

/* The check above must be able to fail: a figure out of place is caught. */
static void test_order_check_bites(void **state)
{
    (void)state;
    char *pdf = render_ok(sample("nagaoka.xml"), "nagaoka.pdf");
    char *text = squeeze(pdftext(pdf, true));
    const char *swapped[] = {"<2026年度(2年目)>", "<2025年度(1年目)>"};
    const char *at = strstr(text, squeeze(swapped[0]));
    assert_non_null(at);
    assert_null(strstr(at, squeeze(swapped[1])));
    assert_null(strstr(text, "12,220千円"));
}

/* ===== 3. what a reader sees of the file ===== */

static void test_pdf_tools_agree(void **state)
{
    (void)state;
    char *pdf = render_ok(sample("nagaoka.xml"), "nagaoka.pdf");
    run_result r;

    /* poppler: not one warning (e.g. about a missing or bad ToUnicode) */
    pdftext(pdf, true);
    pdftext(pdf, false);

    /* the font is embedded, subset, with a ToUnicode map */
    run(&r, "pdffonts", pdf, NULL);
    expect_status(&r, 0);
    if (r.err_len)
        fail_msg("pdffonts printed on stderr:\n%s", r.err);
    int fonts = 0;
    char *save = NULL;
    for (char *line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "name ", 5) == 0 || strncmp(line, "----", 4) == 0)
            continue;
        char *tok[32];
        size_t nt = 0;
        char *s2 = NULL;
        for (char *t = strtok_r(line, " ", &s2); t && nt < 32; t = strtok_r(NULL, " ", &s2))
            tok[nt++] = t;
        if (nt < 6)
            fail_msg("unexpected pdffonts line: %s", line);
        fonts++;
        if (!strchr(tok[0], '+'))
            fail_msg("font %s is not a subset (no XXXXXX+ prefix)", tok[0]);
        expect_in(tok[0], "IPAexGothic", "font name");
        /* ... emb sub uni objnum gen */
        if (strcmp(tok[nt - 5], "yes") || strcmp(tok[nt - 4], "yes") ||
            strcmp(tok[nt - 3], "yes"))
            fail_msg("font %s: emb %s sub %s uni %s, expected yes yes yes", tok[0],
                     tok[nt - 5], tok[nt - 4], tok[nt - 3]);
    }
    assert_true(fonts >= 1);

    /* structurally sound */
    run(&r, "qpdf", "--check", pdf, NULL);
    if (r.status != 0)
        fail_msg("qpdf --check exited %d:\n%s%s", r.status, r.out, r.err);

    /* document information: the sheet's title, no creation date (it would
     * make every render different) */
    run(&r, "pdfinfo", pdf, NULL);
    expect_status(&r, 0);
    if (r.err_len)
        fail_msg("pdfinfo printed on stderr:\n%s", r.err);
    const char *title = strstr(r.out, "Title:");
    assert_non_null(title);
    title += strlen("Title:");
    title += strspn(title, " ");
    size_t tl = strcspn(title, "\n");
    const char *want = "(別紙1-1) ソフト事業経費内訳";
    if (tl != strlen(want) || strncmp(title, want, tl) != 0)
        fail_msg("Title is \"%.*s\", expected \"%s\"", (int)tl, title, want);
    expect_not_in(r.out, "CreationDate", "pdfinfo");

    /* every page A4 landscape */
    int pages = page_count(pdf);
    assert_true(pages >= 1);
    run(&r, "pdfinfo", "-f", "1", "-l", fmt("%d", pages), pdf, NULL);
    expect_status(&r, 0);
    int sized = 0;
    for (const char *p = r.out; *p; p += strcspn(p, "\n"), p += *p == '\n') {
        if (strncmp(p, "Page", 4) != 0)
            continue;
        const char *sz = strstr(p, "size:");
        if (!sz || sz > p + strcspn(p, "\n"))
            continue;
        double w, h;
        if (sscanf(sz, "size: %lf x %lf pts", &w, &h) != 2)
            fail_msg("cannot read page size from: %.60s", p);
        if (lround(w) != 842 || lround(h) != 595)
            fail_msg("page size %.2f x %.2f pts, expected A4 landscape 842 x 595", w, h);
        sized++;
    }
    /* with -f/-l, pdfinfo prints one "Page N size:" line per page */
    assert_int_equal(sized, pages);
}

/* ===== 4. determinism ===== */

static void test_deterministic(void **state)
{
    (void)state;
    char *a = render_ok(sample("nagaoka.xml"), "a.pdf");
    char *b = render_ok(sample("nagaoka.xml"), "b.pdf");
    assert_same_file(a, b);

    /* the plan's path and name must not leak into the output */
    char *dir = fmt("%s/elsewhere", work);
    assert_int_equal(mkdir(dir, 0700), 0);
    size_t len;
    char *plan = slurp(sample("nagaoka.xml"), &len);
    assert_non_null(plan);
    spit(fmt("%s/copy-of-plan.xml", dir), plan, len);
    run_result r;
    gs_in(&r, gs_bin, dir, "render", "copy-of-plan.xml", NULL);
    expect_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_same_file(a, fmt("%s/copy-of-plan.pdf", dir));
}

static void test_release_matches_asan(void **state)
{
    (void)state;
    const char *rel = getenv("GS_RELEASE_BIN");
    if (!rel || !*rel) {
        print_message("GS_RELEASE_BIN is not set; `make e2e` sets it\n");
        skip();
    }
    char *a = render_ok(sample("nagaoka.xml"), "asan.pdf");
    char *c = fmt("%s/release.pdf", work);
    run_result r;
    gs_in(&r, rel, NULL, "render", sample("nagaoka.xml"), "-o", c, NULL);
    expect_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_same_file(a, c);
}

/* ===== 5. a plan with a wrong figure is refused, and nothing is written ===== */

static void test_invalid_sample_refused(void **state)
{
    (void)state;
    char *plan = sample("nagaoka-broken-invalid.xml");
    int line = line_of(plan, "total=\"12,000\"");
    char *pdf = fmt("%s/out.pdf", work);
    run_result r;

    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, line, "error", "E202");
    expect_in(r.err, "12,000千円", "stderr");
    expect_in(r.err, "12,719千円", "stderr");
    assert_false(exists(pdf));
    assert_only_files(work, 0);

    /* an earlier PDF stays exactly as it was */
    static const char before[] = "%PDF-1.3 an earlier render, to be kept\n";
    spit(pdf, before, sizeof before - 1);
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    size_t len;
    char *after = slurp(pdf, &len);
    assert_non_null(after);
    assert_int_equal(len, sizeof before - 1);
    assert_memory_equal(after, before, len);
    assert_only_files(work, 1);

    /* default output name next to the plan: not created either */
    char *dir = fmt("%s/plan", work);
    assert_int_equal(mkdir(dir, 0700), 0);
    char *text = slurp(plan, &len);
    spit(fmt("%s/p.xml", dir), text, len);
    gs_in(&r, gs_bin, dir, "render", "p.xml", NULL);
    expect_status(&r, 1);
    expect_diag(&r, "p.xml", line, "error", "E202");
    assert_only_files(dir, 1);

    /* validate says the same */
    gs(&r, "validate", plan, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, line, "error", "E202");
}

/* ===== 6. every problem in one run ===== */

static void test_all_errors_in_one_run(void **state)
{
    (void)state;
    char *plan = fixture("multi-error.xml");
    struct {
        const char *code, *needle;
    } want[] = {
        {"E201", "<eligible>12,000</eligible>"},
        {"E204", "<soft count=\"2\""},
        {"E208", "kpi=\"1 2 3 5\""},
        {"E206", "<totals eligible=\"38,000\""},
    };
    char *pdf = fmt("%s/multi.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    const char *prev = r.err;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *d = fmt("%s:%d: error[%s]", plan, line_of(plan, want[i].needle), want[i].code);
        const char *hit = strstr(r.err, d);
        if (!hit)
            fail_msg("stderr lacks \"%s\":\n%s", d, r.err);
        /* sorted by line */
        if (hit < prev)
            fail_msg("\"%s\" is out of line order:\n%s", d, r.err);
        prev = hit;
    }
    expect_in(r.err, "⑤", "stderr");
    expect_in(r.err, "エラー 4 件", "stderr");
    assert_false(exists(pdf));
    assert_only_files(work, 0);
}

/* ===== 7. characters the PDF cannot show ===== */

static void test_missing_glyphs_refused(void **state)
{
    (void)state;
    char *plan = fixture("glyphs.xml");
    struct {
        const char *code, *needle, *ch, *cp;
    } want[] = {
        {"E401", "サポート㐀する", "㐀", "U+3400"},
        {"E402", "事業経費𠮷(委託料)", "𠮷", "U+20BB7"},
        {"E401", "コミュニティ\ue000形成", "\ue000", "U+E000"},
    };
    char *pdf = fmt("%s/glyphs.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *d = fmt("%s:%d: error[%s]", plan, line_of(plan, want[i].needle), want[i].code);
        const char *hit = strstr(r.err, d);
        if (!hit)
            fail_msg("stderr lacks \"%s\":\n%s", d, r.err);
        size_t ll = strcspn(hit, "\n");
        char *msg = fmt("%.*s", (int)ll, hit);
        expect_in(msg, want[i].ch, "the message");
        expect_in(msg, want[i].cp, "the message");
    }
    assert_false(exists(pdf));
    assert_only_files(work, 0);

    gs(&r, "validate", plan, NULL);
    expect_status(&r, 1);
    expect_in(r.err, "error[E402]", "validate stderr");
}

/* The same in one-line fields: the message must point at the line that
 * holds the character, not at the enclosing <year> or <element>. */
static void test_missing_glyph_lines_in_fields(void **state)
{
    (void)state;
    char *plan = fixture("glyph-fields.xml");
    char *pdf = fmt("%s/fields.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    assert_false(exists(pdf));
    expect_in(r.err, "U+20BB7", "stderr");
    expect_in(r.err, "U+3400", "stderr");
    expect_diag(&r, plan, line_of(plan, "試行する𠮷。</positioning>"), "error", "E402");
    expect_diag(&r, plan, line_of(plan, "構築事業㐀</name>"), "error", "E401");
}

/* ===== 8. hostile input ===== */

/* The sample with bad bytes put in FY2026's 位置付け. */
static void check_bad_utf8(const char *bytes, size_t nbytes, const char *label)
{
    size_t len;
    char *text = slurp(sample("nagaoka.xml"), &len);
    assert_non_null(text);
    const char *anchor = "本格稼働し、外国人材活躍推進";
    char *at = strstr(text, anchor);
    assert_non_null(at);
    size_t head = (size_t)(at - text) + strlen("本格稼働し");
    char *plan = fmt("%s/bad-utf8-%s.xml", work, label);
    char *buf = track(malloc(len + nbytes));
    assert_non_null(buf);
    memcpy(buf, text, head);
    memcpy(buf + head, bytes, nbytes);
    memcpy(buf + head + nbytes, text + head, len - head);
    spit(plan, buf, len + nbytes);
    int line = 1;
    for (size_t i = 0; i < head; i++)
        line += text[i] == '\n';

    char *pdf = fmt("%s/bad.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, line, "error", "E101");
    assert_false(exists(pdf));
    unlink(plan);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    check_bad_utf8("\xff", 1, "ff");
    check_bad_utf8("\xe5\x95", 2, "truncated");  /* 啕 without its last byte */
    check_bad_utf8("\xc0\xaf", 2, "overlong");   /* '/' spelt in two bytes */
    check_bad_utf8("\xed\xa0\x80", 3, "surrogate"); /* U+D800 */
    assert_only_files(work, 0);
}

static void test_xxe_refused(void **state)
{
    (void)state;
    /* a line of /etc/passwd to look for, and the usual root entry */
    char *passwd = slurp("/etc/passwd", NULL);
    char *first = passwd ? fmt("%.*s", (int)strcspn(passwd, "\n"), passwd) : NULL;
    const char *fixtures[] = {"xxe-entity.xml", "xxe-dtd.xml", "xxe-param.xml"};
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        char *plan = fixture(fixtures[i]);
        char *pdf = fmt("%s/xxe.pdf", work);
        run_result r;
        gs(&r, "render", plan, "-o", pdf, NULL);
        expect_status(&r, 1);
        assert_false(exists(pdf));
        expect_in(r.err, "error[E1", "stderr");
        expect_not_in(r.err, "root:", "stderr");
        expect_not_in(r.out, "root:", "stdout");
        if (first && *first) {
            expect_not_in(r.err, first, "stderr");
            expect_not_in(r.out, first, "stdout");
        }
        gs(&r, "validate", plan, NULL);
        expect_status(&r, 1);
        expect_not_in(r.err, "root:", "validate stderr");
    }
    assert_only_files(work, 0);
}

/* ===== 9. warnings do not stop the render ===== */

static void test_warning_still_renders(void **state)
{
    (void)state;
    char *plan = fixture("facility-heavy.xml");
    char *pdf = fmt("%s/heavy.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 0);
    expect_in(r.err, "warning[W207]", "stderr");
    expect_in(r.err, "75.0%", "stderr");
    expect_not_in(r.err, "error[", "stderr");
    assert_true(exists(pdf));
    const char *want[] = {"交付対象事業における施設整備・事業設備・備品経費比率【③/①】",
                          "80.0%", "66.7%", "0.0%", "0.0%", "0.0%", "75.0%"};
    expect_in_order(pdftext(pdf, true), want, sizeof want / sizeof *want,
                    "pdftotext -layout");
}

/* ===== 10, 11. the command line ===== */

static void test_cli(void **state)
{
    (void)state;
    run_result r;

    gs(&r, "--help", NULL);
    expect_status(&r, 0);
    expect_in(r.out, "usage", "--help output");
    expect_in(r.out, "grantsheet render PLAN.xml", "--help output");
    expect_in(r.out, "grantsheet validate", "--help output");

    gs(&r, "--version", NULL);
    expect_status(&r, 0);
    expect_in(r.out, "grantsheet ", "--version output");

    gs(&r, NULL);
    expect_status(&r, 2);
    gs(&r, "frobnicate", NULL);
    expect_status(&r, 2);
    expect_in(r.err, "frobnicate", "stderr");
    gs(&r, "--frobnicate", NULL);
    expect_status(&r, 2);
    gs(&r, "render", NULL);
    expect_status(&r, 2);
    gs(&r, "render", "--bogus", sample("nagaoka.xml"), "-o", fmt("%s/x.pdf", work), NULL);
    expect_status(&r, 2);
    expect_in(r.err, "--bogus", "stderr");
    gs(&r, "render", sample("nagaoka.xml"), sample("nagaoka.xml"), "-o",
       fmt("%s/x.pdf", work), NULL);
    expect_status(&r, 2);
    gs(&r, "validate", NULL);
    expect_status(&r, 2);
    gs(&r, "validate", "--bogus", sample("nagaoka.xml"), NULL);
    expect_status(&r, 2);
    assert_only_files(work, 0);

    /* validate writes nothing, anywhere it could */
    size_t len;
    char *text = slurp(sample("nagaoka.xml"), &len);
    spit(fmt("%s/plan.xml", work), text, len);
    gs_in(&r, gs_bin, work, "validate", "plan.xml", NULL);
    expect_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_int_equal(r.out_len, 0);
    assert_only_files(work, 1);
    char *beside = sample("nagaoka.pdf");
    bool had_beside = exists(beside);
    gs(&r, "validate", sample("nagaoka.xml"), NULL);
    expect_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_int_equal(exists(beside), had_beside);

    /* validate of several plans: the worst status, every file's messages */
    gs(&r, "validate", sample("nagaoka.xml"), sample("nagaoka-broken-invalid.xml"), NULL);
    expect_status(&r, 1);
    expect_in(r.err, "error[E202]", "stderr");

    /* rendering into a folder that does not exist */
    char *pdf = fmt("%s/no/such/dir/x.pdf", work);
    gs(&r, "render", sample("nagaoka.xml"), "-o", pdf, NULL);
    expect_status(&r, 4);
    expect_in(r.err, "error[E404]", "stderr");
    assert_only_files(work, 1);

    gs(&r, "render", sample("nagaoka.xml"), "-o", "/nonexistent/dir/x.pdf", NULL);
    expect_status(&r, 4);
    expect_in(r.err, "error[E404]", "stderr");
    assert_false(exists("/nonexistent/dir/x.pdf"));
}

/* ===== a block that does not fit on one page ===== */

static bool starts_with_any(const char *s, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (strncmp(s, set[i], strlen(set[i])) == 0)
            return true;
    return false;
}

static bool ends_with_any(const char *s, size_t len, const char *const *set)
{
    for (size_t i = 0; set[i]; i++) {
        size_t n = strlen(set[i]);
        if (len >= n && memcmp(s + len - n, set[i], n) == 0)
            return true;
    }
    return false;
}

/* Japanese line breaking (禁則): no line starts with closing punctuation or
 * a small kana, none ends with an opening bracket.  Returns the first
 * offending line, described, or NULL; counts the non-blank lines. */
static const char *kinsoku_violation(const char *text, int *checked)
{
    static const char *const no_start[] = {
        "、", "。", "）", "」", "』", "】", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ",
        "ゅ", "ょ", "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ", NULL};
    static const char *const no_end[] = {"（", "「", "『", "【", NULL};
    int lineno = 0;
    *checked = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        lineno++;
        const char *s = p, *e = p + len;
        for (;;) { /* trim ASCII blanks, form feeds and U+3000 */
            if (s < e && (*s == ' ' || *s == '\f' || *s == '\t' || *s == '\r'))
                s++;
            else if (e - s >= 3 && strncmp(s, "\u3000", 3) == 0)
                s += 3;
            else
                break;
        }
        for (;;) {
            if (e > s && (e[-1] == ' ' || e[-1] == '\f' || e[-1] == '\t' || e[-1] == '\r'))
                e--;
            else if (e - s >= 3 && strncmp(e - 3, "\u3000", 3) == 0)
                e -= 3;
            else
                break;
        }
        if (e > s) {
            (*checked)++;
            char *line = fmt("%.*s", (int)(e - s), s);
            if (starts_with_any(line, no_start))
                return fmt("line %d starts with a character that may not start a "
                           "line:\n%s", lineno, line);
            if (ends_with_any(line, strlen(line), no_end))
                return fmt("line %d ends with an opening bracket:\n%s", lineno, line);
        }
        p += len + (p[len] == '\n');
    }
    return NULL;
}

static void check_kinsoku(const char *text, const char *what)
{
    int checked;
    const char *v = kinsoku_violation(text, &checked);
    if (v)
        fail_msg("%s: %s", what, v);
    assert_true(checked > 40);
}

/* The checker itself must be able to object. */
static void test_kinsoku_checker(void **state)
{
    (void)state;
    int n;
    assert_null(kinsoku_violation("あいう、\n  えお。\n（かき）\n", &n));
    assert_int_equal(n, 3);
    assert_non_null(kinsoku_violation("あいう\n、えお\n", &n));
    assert_non_null(kinsoku_violation("あいう\n\u3000ッえお\n", &n));
    assert_null(kinsoku_violation("あいう\nえお」\n", &n)); /* closing at the end is fine */
    assert_non_null(kinsoku_violation("あいう（  \nえお\n", &n));
    assert_non_null(kinsoku_violation("あいう\nょえお", &n));
}

/* The long paragraph para appears whole in text (white space aside).  Page
 * breaks may put a footer ("2/5") and a continued caption between two of its
 * lines: after a mismatch the comparison picks up again at most 200 bytes
 * further on, at most a few times.  A lost or garbled line cannot resync. */
static void expect_complete(const char *text, const char *para, const char *what)
{
    const char *t = squeeze(text);
    size_t plen = strlen(para), i = 0, skips = 0;
    const char *at = strstr(t, fmt("%.60s", para));
    if (!at)
        fail_msg("%s: the start of the long paragraph is missing", what);
    while (i < plen) {
        if (*at == para[i]) {
            at++;
            i++;
            continue;
        }
        size_t k = plen - i < 45 ? plen - i : 45;
        const char *hit = strstr(at, fmt("%.*s", (int)k, para + i));
        if (!hit || hit - at > 200 || ++skips > 12)
            fail_msg("%s: the long paragraph breaks off at byte %zu of %zu; "
                     "expected \"%.*s\", found \"%.90s\"",
                     what, i, plen, (int)k, para + i, at);
        at = hit;
    }
}

static void test_long_description_continues(void **state)
{
    (void)state;
    char *plan = fixture("long-description.xml");
    char *pdf = render_ok(plan, "long.pdf");
    assert_true(page_count(pdf) >= 2);
    char *layout = pdftext(pdf, true), *plain = pdftext(pdf, false);
    /* the first block's caption, then the same caption continued */
    const char *want[] = {"<2025年度(1年目)>", "<2025年度(1年目)>（続き）",
                          "外国人材就労フォローアップ事業", "・就労フォローアップ事業経費(委託料) 6,000千円",
                          "<2026年度(2年目)>"};
    expect_in_order(layout, want, sizeof want / sizeof *want, "pdftotext -layout");
    expect_in_order(plain, want, sizeof want / sizeof *want, "pdftotext");
    /* no text lost across the page breaks: both long paragraphs complete */
    char *fx = slurp(plan, NULL);
    assert_non_null(fx);
    int paragraphs = 0;
    for (const char *p = strstr(fx, "<p>"); p; p = strstr(p + 1, "<p>")) {
        const char *end = strstr(p, "</p>");
        assert_non_null(end);
        char *para = fmt("%.*s", (int)(end - p - 3), p + 3);
        if (strlen(para) < 1000)
            continue;
        assert_null(strchr(para, '&')); /* no entities to decode */
        expect_complete(layout, para, "pdftotext -layout");
        expect_complete(plain, para, "pdftotext");
        paragraphs++;
    }
    assert_int_equal(paragraphs, 2);
    check_kinsoku(layout, "pdftotext -layout");
    check_kinsoku(plain, "pdftotext");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_render_sample, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_matches_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_check_bites, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf_tools_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release_matches_asan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_sample_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_errors_in_one_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_glyphs_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_glyph_lines_in_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xxe_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warning_still_renders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kinsoku_checker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_description_continues, setup, teardown),
    };
    return cmocka_run_group_tests_name("e2e", tests, group_setup, group_teardown);
}
