/*
 * test_e2e.c - end-to-end tests of the grantsheet command.
 *
 * The unit tests check the stages one by one; these run the built program
 * exactly as a planning division would (render / validate on real plan
 * files) and judge the result with the tools a reviewer uses: pdftotext,
 * pdffonts, pdfinfo and qpdf.  Every figure and label of the reference plan
 * (事業概要, sheets 1-12 and (別紙1-1)) must come out in order, one bookmark
 * per sheet, each page A4 in its sheet's orientation and numbered "N / M";
 * the same plan with its tables in CSV (UTF-8 or CP932) must give the same
 * bytes; refused plans must leave no file behind; every problem of a plan
 * must be reported in one run, at the right line (FILE:ROW:COLUMN for CSV),
 * and as JSON for machines (validate --format=json).  The 地域再生計画 of
 * the same plan (--document) must carry every heading and figure in order,
 * its KPI table equal to 7. KPI's in the same run, and refuse figures typed
 * for it that disagree with the 実施計画, naming both places.  The 活用状況
 * report of the three 紫波町 samples must list them by adoption year with
 * the page each section starts on, every figure in order, and a bookmark
 * per project at its heading.
 *
 * Environment (set by `make e2e`, run from the checkout):
 *   GS_BIN              grantsheet built with ASan + UBSan (most runs; any
 *                       sanitizer report on its stderr fails the test)
 *   GS_RELEASE_BIN      the normal build (its output must match byte for byte)
 *   GRANTSHEET_DATADIR  the checkout: templates, fonts, samples/, fixtures
 *
 * Each test works in its own mkdtemp folder under /tmp, removed afterwards.
 * Fixtures are the .xml plans in tests/e2e (each says what it is for);
 * plans with invalid UTF-8 and CSV files with bad cells are made here, from
 * copies of the samples, so that no broken file has to live in the
 * repository.
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

/* ===== a small JSON reader (grantsheet validate --format=json, qpdf --json) =====
 * Strict enough to refuse what a JSON parser would refuse: the test must
 * fail when the output is not JSON.  Nodes live until teardown (tracked). */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jv {
    jtype t;
    bool b;
    double num;
    char *s;          /* J_STR: the decoded string */
    char *key;        /* the member name, in an object */
    struct jv *kids;  /* J_ARR, J_OBJ: first element / member */
    struct jv *next;  /* the next sibling */
    size_t n;         /* J_ARR, J_OBJ: how many */
} jv;

typedef struct {
    const char *start, *p, *what;
} jparser;

static void jfail(const jparser *jp, const char *why)
{
    fail_msg("%s is not valid JSON: %s at byte %zu: \"%.40s\"", jp->what, why,
             (size_t)(jp->p - jp->start), jp->p);
}

static void jspace(jparser *jp)
{
    while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')
        jp->p++;
}

static unsigned jhex4(jparser *jp)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = *jp->p++;
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            jfail(jp, "bad \\u escape");
    }
    return v;
}

static char *jstring(jparser *jp)
{
    if (*jp->p != '"')
        jfail(jp, "expected a string");
    jp->p++;
    const char *end = jp->p;
    while (*end && *end != '"')
        end += *end == '\\' && end[1] ? 2 : 1;
    char *out = track(malloc((size_t)(end - jp->p) + 1)), *o = out;
    assert_non_null(out);
    for (;;) {
        unsigned char c = (unsigned char)*jp->p;
        if (c == '\0')
            jfail(jp, "unterminated string");
        if (c == '"')
            break;
        if (c < 0x20)
            jfail(jp, "control character in a string");
        if (c != '\\') {
            *o++ = (char)c;
            jp->p++;
            continue;
        }
        jp->p++;
        char e = *jp->p++;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp = jhex4(jp);
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (jp->p[0] != '\\' || jp->p[1] != 'u')
                    jfail(jp, "lone surrogate");
                jp->p += 2;
                unsigned lo = jhex4(jp);
                if (lo < 0xDC00 || lo >= 0xE000)
                    jfail(jp, "bad surrogate pair");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                jfail(jp, "lone surrogate");
            }
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | cp >> 6);
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xE0 | cp >> 12);
                *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | cp >> 18);
                *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
                *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default:
            jp->p--;
            jfail(jp, "bad escape");
        }
    }
    jp->p++;
    *o = '\0';
    return out;
}

static jv *jvalue(jparser *jp, int depth)
{
    if (depth > 64)
        jfail(jp, "nested too deep");
    jspace(jp);
    jv *v = track(calloc(1, sizeof *v));
    assert_non_null(v);
    const char *p = jp->p;
    if (*p == '{' || *p == '[') {
        bool obj = *p == '{';
        v->t = obj ? J_OBJ : J_ARR;
        jp->p++;
        jspace(jp);
        jv **tail = &v->kids;
        if (*jp->p == (obj ? '}' : ']')) {
            jp->p++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            if (obj) {
                jspace(jp);
                key = jstring(jp);
                jspace(jp);
                if (*jp->p != ':')
                    jfail(jp, "expected ':'");
                jp->p++;
            }
            jv *kid = jvalue(jp, depth + 1);
            kid->key = key;
            *tail = kid;
            tail = &kid->next;
            v->n++;
            jspace(jp);
            if (*jp->p == ',') {
                jp->p++;
                continue;
            }
            if (*jp->p != (obj ? '}' : ']'))
                jfail(jp, obj ? "expected ',' or '}'" : "expected ',' or ']'");
            jp->p++;
            return v;
        }
    }
    if (*p == '"') {
        v->t = J_STR;
        v->s = jstring(jp);
    } else if (strncmp(p, "null", 4) == 0) {
        v->t = J_NULL;
        jp->p += 4;
    } else if (strncmp(p, "true", 4) == 0) {
        v->t = J_BOOL;
        v->b = true;
        jp->p += 4;
    } else if (strncmp(p, "false", 5) == 0) {
        v->t = J_BOOL;
        jp->p += 5;
    } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
        const char *q = p + (*p == '-');
        if (*q == '0' && q[1] >= '0' && q[1] <= '9')
            jfail(jp, "leading zero");
        if (!(*q >= '0' && *q <= '9'))
            jfail(jp, "bad number");
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == '.') {
            if (!(*++q >= '0' && *q <= '9'))
                jfail(jp, "bad fraction");
            while (*q >= '0' && *q <= '9')
                q++;
        }
        if (*q == 'e' || *q == 'E') {
            q += q[1] == '+' || q[1] == '-' ? 2 : 1;
            if (!(*q >= '0' && *q <= '9'))
                jfail(jp, "bad exponent");
            while (*q >= '0' && *q <= '9')
                q++;
        }
        v->t = J_NUM;
        v->num = strtod(p, NULL);
        jp->p = q;
    } else {
        jfail(jp, "unexpected character");
    }
    return v;
}

/* The whole of text must be one JSON value (white space around it). */
static jv *json_parse(const char *text, const char *what)
{
    jparser jp = {text, text, what};
    jv *v = jvalue(&jp, 0);
    jspace(&jp);
    if (*jp.p)
        jfail(&jp, "text after the value");
    return v;
}

static const jv *jget(const jv *obj, const char *key)
{
    if (!obj || obj->t != J_OBJ)
        return NULL;
    for (const jv *k = obj->kids; k; k = k->next)
        if (strcmp(k->key, key) == 0)
            return k;
    return NULL;
}

static const jv *jat(const jv *arr, size_t i)
{
    const jv *k = arr && arr->t == J_ARR ? arr->kids : NULL;
    while (k && i--)
        k = k->next;
    return k;
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

/* The reference sheets before (別紙1-1): 事業概要 and 1.-12. of
 * /work/shared/reference/nagaoka-gaikokujin-plan.txt, label by label and
 * figure by figure.
 *
 * reference_sheets is checked in order in `pdftotext -layout` output.  That
 * output prints a page line by line across all columns, so a label that the
 * form centres vertically beside a cell of several lines (目的・効果, 連携事項,
 * 検証方法, 11.'s 新潟県長岡市 ...) lands in the middle of that cell's
 * text, and two cells side by side interleave line by line (事業概要's
 * 主な経費 and its panel, 11.'s 現行 / 次期).  Such labels and multi-line
 * cells are in reference_cells instead, which is checked in order in plain
 * `pdftotext` output: that keeps each cell's text together.  Labels on the
 * same line as their value ("【A】 参加企業負担金", "産 企業、商工会議所")
 * stay in reference_sheets.
 *
 * Where the form differs from the extracted reference, the templates win:
 * - 事業概要: the label 期間中の総事業費 is centred over its two-line cell,
 *   so -layout prints it before 事業計画期間; (カッコ内はR7年度事業費) is the
 *   second line of that label, below the figure.
 * - 事業概要・主な経費 is the first year's (別紙1-1) element as the plan
 *   states it: 新設(試行), (委託料) with ASCII brackets as in (別紙1-1); the
 *   extracted reference has full-width （試行）（委託料） there.
 * - 2.: the reference only describes the tables; the form's column labels
 *   (申請額, 2025年度 (1年目) ...) are those of templates/sheet02-project.xml.
 * - 7.: KPI①'s label "(アウトカムベースで、複数年度を通じて評価指標として
 *   ふさわしいもの)" wraps round the KPI's name; the table's header cells
 *   have two lines (事業開始前 / (現時点), 2025年度 / 増加分).
 * - 8.: the schedule's header cells have two lines (2025年度 / (1年目)).
 */

#define PURPOSE_1 "外国人材と企業の交流・相互理解の機会の提供やニーズにあった人材マッチングを一貫して支援するプラットフォームを構築し、外国人材の新規就業者増加を図る。"
#define PURPOSE_2 "就労・雇用相談窓口での相談支援やコミュニティ形成の取組を通じて、安心して長期的に働ける環境を整え、外国人材の活躍と定着により、地域産業の活性化を目指す。"
#define PARTICIPATION "高専、大学等の教育・研究機関や地方銀行が参加するグローバル人材活躍推進協議会で情報共有及び意見交換を行い、課題の洗い出しや改善方策について検討した内容を事業内容に反映し、効果的な事業実施を図る。商工会議所と連携し、市内企業の事例共有やイベント等の周知を広くを行い、事業の周知促進及び市内企業での外国人材の活用促進に取り組む。"
#define FUTURE "本市は、新潟県を代表する「ものづくりのまち」として、工作機械や産業機械、電気・電子部品製造、米菓・日本酒などの食品産業の集積に加え、近年はそれらの産業を支えるソフトウェア産業も集積している人口25.5万人、製造出荷額7,228億円の都市である。"
#define ISSUES "外国人材活用推進アドバイザーの市内企業、大学等へのヒアリングによると、市内企業においては、人材確保の一つとして、外国人採用の取組を始めている企業が増加傾向にある。一方で、直接外国人留学生などと交流する機会が少なく、外国人材採用には、日本語レベル、文化・宗教の違い、食事への配慮、住居、就労期間等の不安があり、外国人材が重視するどのように活躍できるかというキャリアデザインへの理解を深めることができていない。"
#define SUMMARY "2026年にオープン予定の産業ビジネス支援拠点内に、就労・雇用相談窓口を新設し、長岡で働きたい外国人や採用したい企業からの相談を契機に、外国人材と企業が交流・相互理解を進めるための機会の提供や、ニーズにあった人材マッチングを、教育機関・支援機関と連携して一貫して支援するプラットフォームを構築し、外国人材の採用・定着を目指す。"
#define RATIONALE_1 "外国人材活躍推進プラットフォームにおいて企業・外国人材のマッチング支援を行い、その結果として増加する外国人材の市内企業就業者数を把握することで、直接的な効果を計測できる。この成果数値は、交流事業やインターンシッププログラム、就労・雇用相談窓口で支援を実施した企業、留学生等へのフォローアップ調査により、就業状況を確認する。直近の留学生インターンシップ参加者のうち就業につながったのは2人(約13%)という実績をベースに、交流事業やインターンシップへの参加者増による母集団の拡大から外国人材採用の増加を見込んだ。"
#define RATIONALE_2 "企業の外国人材採用に関する相談支援やセミナーを通じて、外国人材受入のマインドセットや受入環境を整え、採用に前向きに取り組む企業を増やすことにより、その結果として増加する外国人雇用事業所数を把握することで、直接的な効果を計測できる。この成果数値は厚生労働省調査による外国人雇用状況の届出状況により推移を図ることができる。コロナ禍後の直近2年間の平均増加率から4%の増加を想定した。"
#define RATIONALE_3 "外国人材活躍事例の共有、外国人材の採用方法や制度に関する情報提供を行う機会を新たに創出し、外国人材採用への関心を高め、交流事業・インターンシップの受入企業が増加することで、新規就業につながる裾野が広がり、KPI①に連動する間接的な効果が期待できる。この成果指標は、交流事業全体(事例共有会、セミナー、インターンシップ等)の参加企業数を集計することで把握する。企業対象の事例共有会等の開催による参加企業数の増加を10社と見込んだ。"
#define RATIONALE_4 "外国人の生活相談窓口では年間約327件(直近3年間の平均値)の相談支援を行っている。外国人の就労に関する相談は1割程度という実績と在留資格に関する相談支援数をベースに増加を見込んだ。"
#define EFFORT "当初は行政が第2世代交付金(地方創生型)を活用して、外国人材活躍推進プラットフォームを構築し、グッドプラクティスの創出支援と横展開のための関係機関との情報連携を行い、将来的には事業に参加する企業や連携する自治体の負担金、市内・首都圏等の企業からの企業版ふるさと納税につなげ、自立していく。"
#define SOURCE_A "インターンシッププログラム参画企業や関係協議会などから負担金を徴収し、財源を確保していく。"
#define SOURCE_B "新潟県との協働の可能性を探り、共催できる事業に係る経費の負担金徴収を図る。"
#define SOURCE_C "本事業について、広報紙やHPへの掲載、マスコミに情報提供するなど、幅広く企業版ふるさと納税を募集し寄附を増やす。"
#define ROLE_DISCUSS "【意見・改善方策】グローバル人材活躍推進協議会での意見を集約し、事業内容への反映に取り組む。"
#define METHOD "長岡グローバル人材活躍推進協議会や、産官学金労言による長岡市地方創生推進会議などの意見を踏まえ検証を実施する。"
#define MEMBERS "長岡商工会議所、長岡地域商工会連合、長岡公共職業安定所、長岡技術科学大学、長岡造形大学、長岡大学、長岡崇徳大学、長岡工業高等専門学校、地域金融機関、連合新潟中越地域協議会、新潟日報社、新潟県工業技術研究所中越技術支援センター、(公財)にいがた産業創造機構(NICO)テクノプラザ、同ナノテクセンター、ながおか新産業創造センター(NBIC)、NPO法人長岡産業活性化協会NAZE"
#define STRATEGY_GOALS "○若者が魅力を感じて働きたくなるように、頑張る地元企業・地場産業の支援に加え、起業・創業や企業誘致を産官学金の総合力で推進します。" \
                       "【戦略4 働く】地域企業のグローバル化に向けて、高度な技術を持つ外国人材が活躍できる環境づくりを推進"
#define KPI_LIST "①外国人材の新規就業者数（+30人）", "②外国人雇用事業所数（+42社）", \
                 "③交流事業への参加企業数（+30社）", "④就労・雇用相談支援件数（+45件）"
#define YEARS_1_5 "2025年度", "2026年度", "2027年度", "2028年度", "2029年度"
#define ORDINALS_1_5 "(1年目)", "(2年目)", "(3年目)", "(4年目)", "(5年目)"

static const char *const reference_sheets[] = {
    /* 事業概要 */
    "事業概要【地域産業の活力を高める外国人材活躍推進プラットフォーム事業】",
    "申請者", "新潟県長岡市", "初回採択回", "令和7年度第1回募集",
    "期間中の総事業費", "事業計画期間", "R7-R9年度", "38,157千円 (12,219千円)",
    "(カッコ内はR7年度事業費)",
    "経費の種類", "ソフト事業", "✓", "拠点整備事業", "インフラ整備事業",
    "事業分野", "地方への人の流れ分野",
    "目的・効果",
    "【ソフト事業経費】", "○外国人材活躍推進プラットフォーム事業",
    "事業概要・", "主な経費", "※経費内訳はR7年度事業費",
    /* the KPI list: the printed plan numbers it ①②②③, the sample (and the
     * KPI sheet) ①②③④ (FORMS.md; samples/nagaoka.xml) */
    KPI_LIST,

    /* 1. */
    "1. 申請者情報",
    "都道府県名", "新潟県", "市区町村名", "長岡市", "担当部署名", "商工部産業立地・人材課",
    "担当者名", "電話番号", "メールアドレス",

    /* 2. */
    "2. 交付対象事業の名称等",
    "交付対象事業の名称", "地域産業の活力を高める外国人材活躍推進プラットフォーム事業",
    "単独広域", "単独", "事業分野", "地方への人の流れ分野",
    "実施期間", "2025.4.1 - 2028.3.31",
    "< 変更状況確認欄 > ※軽微変更報告の際に記載",
    "最終交付決定日", "年 月 日", "軽微変更報告日", "年 月 日",
    "申請額", "No.", "都道府県名", "市区町村等名", YEARS_1_5, "合計", ORDINALS_1_5,
    "1", "新潟県", "長岡市", "152021", "0千円", "0千円", "0千円", "0千円", "0千円", "0千円",

    /* 3. */
    "3. 交付対象事業の背景・概要",
    "A. 地方創生として目指す将来像(交付対象事業の背景)", FUTURE,
    "B. 地方創生の実現における構造的な課題", ISSUES,
    "C. 交付対象事業の概要",
    "(交付対象事業がどのように構造的な課題の解決に寄与するのか分かるように記載すること。)",
    SUMMARY,

    /* 4. - 6. */
    "4. 重点テーマへの該当", "重点テーマへの該当", "無", "重点テーマ",
    "5. 他の政策・施策等との連携状況",
    "PFI法に基づく事業", "地域再生法に基づく事業", "スタートアップ支援に係る事業",
    "6. 他の国庫補助金等の対象事業の除外",
    "ソフト事業及び拠点整備事業において、他の国庫補助金等の対象となる部分や特別交付税等の"
    "他の財政上の支援を受けている経費を除外しているか。",
    "○",

    /* 7. */
    "7. 交付対象事業の重要業績評価指標 (KPI)",
    "KPI① (アウトカムベースで、複数年度を通じて", "外国人材の新規就業者数", "単位", "人",
    "評価指標としてふさわしいもの)",
    "KPI②", "外国人雇用事業所数", "単位", "社",
    "KPI③", "交流事業への参加企業数", "単位", "社",
    "KPI④", "就労・雇用相談支援件数", "単位", "件",
    "KPI⑤", "単位", "KPI⑥", "単位",
    "設定したKPIが複数年にわたって費用対効果を計測するのに適している理由・計測手法・目標値の根拠",
    "「外国人材の新規就業者数」", RATIONALE_1,
    "「外国人雇用事業所数」", RATIONALE_2,
    "「交流事業への参加企業数」", RATIONALE_3,
    "「就労・雇用相談支援件数」", RATIONALE_4,
    "事業開始前", YEARS_1_5, "年度", "年度", "年度", "年度", "年度", "KPI増加分の",
    "(現時点)", "増加分", "増加分", "増加分", "増加分", "増加分", "増加分", "増加分",
    "増加分", "増加分", "増加分", "累計",
    "KPI①", "2.00", "10.00", "10.00", "10.00", "30.00",
    "KPI②", "354.00", "14.00", "14.00", "14.00", "42.00",
    "KPI③", "18.00", "10.00", "10.00", "10.00", "30.00",
    "KPI④", "15.00", "15.00", "15.00", "15.00", "45.00",
    "KPI⑤", "0.00",
    "KPI⑥", "0.00",

    /* 8. */
    "8. 自立性",
    "取組内容",
    "(事業を進めていく中で、事業推進主体が自立していくことにより、将来的に本交付金に"
    "頼らずに、事業として継続していくことが可能となる事業であること。)",
    EFFORT,
    "自主財源の種類", "自主財源の内容",
    "【A】 参加企業負担金", "【B】 連携自治体等負担金", SOURCE_B, "【C】 企業からの寄付金",
    "【D】", "【E】",
    "各年度における", "事業開始前", YEARS_1_5, "2030年度",
    "自主財源見込額", "(現時点)", ORDINALS_1_5, "(6年目)",
    "【A】", "0千円", "500千円", "500千円", "500千円",
    "【B】", "0千円", "500千円", "500千円", "500千円",
    "【C】", "0千円", "1,000千円", "1,000千円", "1,000千円",
    "【D】", "【E】",
    "合計", "0千円", "2,000千円", "2,000千円", "2,000千円", "0千円", "0千円", "0千円",
    "交付対象事業経費", "12,219千円", "12,719千円", "13,219千円", "0千円", "0千円",
    "うちソフト事業費", "12,219千円", "12,719千円", "13,219千円", "0千円", "0千円",
    "うち拠点整備事業費", "総事業費",

    /* 9. */
    "9. 地域の多様な主体の参画",
    "区分", "主体名", "主な役割、意見及び改善方策への反映",
    "産 企業、商工会議所", "官 長岡市", "学 高専、大学等の教育・研究機関",
    /* one line in -layout too, but plain pdftotext reads this row's 地方銀行
     * before its 金, so they are two items */
    "金", "地方銀行",
    "労", "言", "住民全般",

    /* 10. */
    "10. 交付対象事業の効果検証及び事業内容の見直しの方法、時期及び体制",
    "検証時期", "毎年度 9 月", "検証方法", "参画者",
    "検証結果の公表の方法 市ホームページ等で公表する。",

    /* 11. */
    "11. 地方版総合戦略の策定状況",
    "地方版総合戦略の計画期間・基本目標", "現行の地方版総合戦略", "次期地方版総合戦略",
    "2020 年 4 月 1 日 から 2026 年 3 月 31 日まで",
    "2026 年 4 月 1 日 から 2031 年 3 月 31 日まで",
    "第2期長岡市まち・ひと・しごと創生総合戦略(現行)",
    "第3期長岡市まち・ひと・しごと創生総合戦略(仮称)",
    "現在、策定作業中",

    /* 12. */
    "12. 地域再生計画の名称等",
    "地方公共団体名", "地域再生計画の名称", "長岡市まち・ひと・しごと創生推進交付金計画",
    "地域再生計画の区域", "新潟県長岡市の全域",
    "計画期間", "地域再生計画の認定の日 から 2026 年 3 月 31 日まで",
};

/* Centred labels and cells of several lines (see above), in order, for
 * plain pdftotext. */
static const char *const reference_cells[] = {
    "目的・効果", PURPOSE_1 PURPOSE_2,
    "事業概要・主な経費",
    "【ソフト事業経費】○外国人材活躍推進プラットフォーム事業" DESC_Y1
    "・外国人材活躍推進プラットフォーム事業経費(委託料) 12,219千円"
    "<プラットフォーム機能> 相談支援、交流機会創出、インターンシッププログラム実施、"
    "人材マッチング支援、就労フォローアップ支援",
    "産業ビジネス支援拠点内において 企業・外国人材をワンストップで支援",
    "就労・雇用相談", "交流・相互理解", "人材マッチング", "採用・定着支援",
    "課題・ニーズに合わせて、 コーディネーターがサポート",
    "地域の多様な主体の参画", PARTICIPATION,
    "KPI", "※カッコ内の数値は最終事業年度までの「KPI増加分の累計」の目標値",
    KPI_LIST,
    "地方公共団体コード",
    "連携事項",
    "他省庁補助金等の関連する他政策・施策との戦略的な連携を図る事業",
    "他の政策・施策に基づく取組と連携する事業における弾力措置の対象となる事業",
    "特区制度に係る制度・規制改革を活用した、又は活用しようとする事業",
    "KPI① (アウトカムベースで、複数年度を通じて",
    "評価指標としてふさわしいもの)",
    "事業開始前 (現時点)", "2025年度 増加分", "2026年度 増加分", "2027年度 増加分",
    "2028年度 増加分", "2029年度 増加分", "年度 増加分", "KPI増加分の累計",
    "【A】", "参加企業負担金", SOURCE_A, SOURCE_B, SOURCE_C,
    "各年度における 自主財源見込額", "事業開始前 (現時点)", "2025年度 (1年目)",
    "2030年度 (6年目)",
    "【役割】外国人材受入環境を整備し、交流・インターンシップに取り組む。"
    "【意見・改善方策】商工会議所との連携により、地域内での事例共有と参加企業の拡大を図る。",
    "【役割】プラットフォームを構築し、全体の事業を管理する。"
    "【意見・改善方策】参画するメンバーからの意見を集約し、事業内容への反映に取り組む。",
    "【役割】大学・高専連携のインターンシッププログラムの参画・支援を行う。" ROLE_DISCUSS,
    "【役割】市内企業の高度外国人材活用へのニーズにあわせて、プラットフォームのメニューに"
    "ついて情報提供を行う。" ROLE_DISCUSS,
    METHOD, MEMBERS,
    "地方公共団体名", "新潟県長岡市",
    "第2期長岡市まち・ひと・しごと創生総合戦略(現行)" STRATEGY_GOALS,
    "第3期長岡市まち・ひと・しごと創生総合戦略(仮称)(次期)" STRATEGY_GOALS "現在、策定作業中",
    "地方公共団体名", "新潟県長岡市",
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

#define COUNT(a) (sizeof (a) / sizeof *(a))

/* a followed by b, in a tracked array */
static const char **joined(const char *const *a, size_t na, const char *const *b,
                           size_t nb)
{
    const char **v = track(malloc((na + nb) * sizeof *v));
    assert_non_null(v);
    memcpy(v, a, na * sizeof *v);
    memcpy(v + na, b, nb * sizeof *v);
    return v;
}

/* The whole document against the reference: 事業概要, 1.-12. and (別紙1-1)
 * in document order in -layout output; the centred labels and multi-line
 * cells in order in plain output, where every item of the layout list must
 * also be present as often as the reference has it. */
static void expect_reference(const char *pdf)
{
    size_t ns = COUNT(reference_sheets), nb = COUNT(reference_1_1);
    const char **all = joined(reference_sheets, ns, reference_1_1, nb);
    expect_in_order(pdftext(pdf, true), all, ns + nb, "pdftotext -layout");
    char *plain = pdftext(pdf, false);
    expect_in_order(plain, reference_cells, COUNT(reference_cells), "pdftotext");
    /* Plain pdftotext follows its own reading order through table cells,
     * so there every item must be present, as often as the reference has it. */
    expect_all_present(plain, all, ns + nb, "pdftotext");
}

static void test_text_matches_reference(void **state)
{
    (void)state;
    expect_reference(render_ok(sample("nagaoka.xml"), "nagaoka.pdf"));
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
    /* the sheets come in the order of templates/doc-jisshi.txt */
    const char *sheets[] = {"7. 交付対象事業の重要業績評価指標 (KPI)", "6. 他の国庫補助金等の対象事業の除外"};
    at = strstr(text, squeeze(sheets[0]));
    assert_non_null(at);
    assert_null(strstr(at, squeeze(sheets[1])));
    at = strstr(text, squeeze("(別紙1-1) ソフト事業経費内訳"));
    assert_non_null(at);
    assert_null(strstr(at, squeeze("事業概要【")));
    /* a KPI figure that is not in the plan */
    assert_null(strstr(text, "355.00"));
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

    /* document information: "<project name> 実施計画", no creation date (it
     * would make every render different) */
    run(&r, "pdfinfo", pdf, NULL);
    expect_status(&r, 0);
    if (r.err_len)
        fail_msg("pdfinfo printed on stderr:\n%s", r.err);
    const char *title = strstr(r.out, "Title:");
    assert_non_null(title);
    title += strlen("Title:");
    title += strspn(title, " ");
    size_t tl = strcspn(title, "\n");
    const char *want = "地域産業の活力を高める外国人材活躍推進プラットフォーム事業 実施計画";
    if (tl != strlen(want) || strncmp(title, want, tl) != 0)
        fail_msg("Title is \"%.*s\", expected \"%s\"", (int)tl, title, want);
    expect_not_in(r.out, "CreationDate", "pdfinfo");
}

/* ===== 3b. the document's structure: sheets, bookmarks, pages ===== */

#define SAMPLE_PAGES 7
#define MAX_SHEETS 32

typedef struct {
    char *file;     /* templates/NAME */
    char *title;    /* its title attribute: the bookmark */
    bool landscape; /* <page orientation="landscape"> */
    bool cont;      /* <page continue="1"> */
} sheet_info;

/* The value of attribute name in the first tag <tag ...> of xml, entities
 * &amp; &lt; &gt; &quot; &apos; decoded; NULL when absent. */
static char *xml_attr(const char *xml, const char *tag, const char *name)
{
    const char *t = strstr(xml, fmt("<%s", tag));
    if (!t)
        return NULL;
    const char *end = strchr(t, '>');
    const char *a = strstr(t, fmt(" %s=\"", name));
    if (!a || !end || a > end) {
        a = strstr(t, fmt("\n%s=\"", name));
        if (!a || !end || a > end) {
            /* attributes on continuation lines, indented */
            const char *q = t;
            a = NULL;
            while ((q = strstr(q, fmt("%s=\"", name))) && q < end) {
                if (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\t') {
                    a = q - 1;
                    break;
                }
                q++;
            }
            if (!a)
                return NULL;
        }
    }
    a = strchr(a, '"') + 1;
    size_t len = strcspn(a, "\"");
    char *out = fmt("%.*s", (int)len, a), *o = out;
    static const char *const ent[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    for (const char *p = out; *p;) {
        size_t i = 0;
        while (i < COUNT(ent) && strncmp(p, ent[i][0], strlen(ent[i][0])) != 0)
            i++;
        if (i < COUNT(ent)) {
            *o++ = ent[i][1][0];
            p += strlen(ent[i][0]);
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* The sheets of the 実施計画 (templates/doc-jisshi.txt), in order. */
static size_t document_sheets(sheet_info *out)
{
    char *list = slurp(fmt("%s/templates/doc-jisshi.txt", root), NULL);
    if (!list)
        fail_msg("cannot read %s/templates/doc-jisshi.txt", root);
    size_t n = 0;
    for (char *line = list; *line;) {
        size_t len = strcspn(line, "\n");
        char *name = fmt("%.*s", (int)len, line);
        line += len + (line[len] == '\n');
        char *s = name + strspn(name, " \t");
        size_t k = strlen(s);
        while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r'))
            s[--k] = '\0';
        if (!*s || *s == '#' || strncmp(s, "name ", 5) == 0)
            continue;
        assert_true(n < MAX_SHEETS);
        sheet_info *si = &out[n++];
        si->file = fmt("templates/%s", s);
        char *xml = slurp(fmt("%s/%s", root, si->file), NULL);
        if (!xml)
            fail_msg("cannot read %s", si->file);
        si->title = xml_attr(xml, "template", "title");
        char *orient = xml_attr(xml, "page", "orientation");
        char *cont = xml_attr(xml, "page", "continue");
        if (!si->title || !orient)
            fail_msg("%s: no title or no page orientation", si->file);
        si->landscape = strcmp(orient, "landscape") == 0;
        si->cont = cont && strcmp(cont, "1") == 0;
    }
    return n;
}

/* The PDF's bookmarks as qpdf reads them: titles and 1-based pages. */
static const jv *outlines_of(const char *pdf)
{
    run_result r;
    run(&r, "qpdf", "--json=2", "--json-key=outlines", pdf, NULL);
    expect_status(&r, 0);
    const jv *doc = json_parse(r.out, "qpdf --json outlines");
    const jv *o = jget(doc, "outlines");
    if (!o || o->t != J_ARR)
        fail_msg("qpdf --json has no outlines array:\n%.500s", r.out);
    return o;
}

/* Page sizes from pdfinfo, in points. */
static int page_sizes(const char *pdf, double *w, double *h, int max)
{
    int pages = page_count(pdf);
    assert_true(pages >= 1 && pages <= max);
    run_result r;
    run(&r, "pdfinfo", "-f", "1", "-l", fmt("%d", pages), pdf, NULL);
    expect_status(&r, 0);
    int sized = 0;
    for (const char *p = r.out; *p; p += strcspn(p, "\n"), p += *p == '\n') {
        int no;
        const char *sz = strstr(p, "size:");
        if (sscanf(p, "Page %d", &no) != 1 || !sz || sz > p + strcspn(p, "\n"))
            continue;
        if (sscanf(sz, "size: %lf x %lf pts", &w[no - 1], &h[no - 1]) != 2 ||
            no != sized + 1)
            fail_msg("cannot read page size from: %.60s", p);
        sized++;
    }
    /* with -f/-l, pdfinfo prints one "Page N size:" line per page */
    assert_int_equal(sized, pages);
    return pages;
}

static void test_document_structure(void **state)
{
    (void)state;
    char *pdf = render_ok(sample("nagaoka.xml"), "nagaoka.pdf");
    double w[64], h[64];
    int pages = page_sizes(pdf, w, h, 64);
    assert_int_equal(pages, SAMPLE_PAGES);

    /* one bookmark per sheet, titled as its template, in document order */
    sheet_info sheets[MAX_SHEETS];
    size_t nsheets = document_sheets(sheets);
    assert_int_equal(nsheets, 14);
    const jv *ol = outlines_of(pdf);
    if (ol->n != nsheets)
        fail_msg("%zu bookmarks, expected one per sheet (%zu)", ol->n, nsheets);
    /* the sample's layout: 事業概要; 1.-6.; 7.; 8.-9.; 10.-12.; (別紙1-1) on
     * two pages */
    static const int first_page[] = {1, 2, 2, 2, 2, 2, 2, 3, 4, 4, 5, 5, 5, 6};
    int sheet_page[MAX_SHEETS];
    for (size_t i = 0; i < nsheets; i++) {
        const jv *b = jat(ol, i);
        const jv *title = jget(b, "title"), *pg = jget(b, "destpageposfrom1"),
                 *kids = jget(b, "kids");
        if (!title || title->t != J_STR || !pg || pg->t != J_NUM)
            fail_msg("bookmark %zu has no title or no page", i + 1);
        if (strcmp(title->s, sheets[i].title) != 0)
            fail_msg("bookmark %zu is \"%s\", expected \"%s\" (%s)", i + 1, title->s,
                     sheets[i].title, sheets[i].file);
        assert_true(!kids || kids->n == 0);
        sheet_page[i] = (int)pg->num;
        if (sheet_page[i] != first_page[i])
            fail_msg("sheet \"%s\" starts on page %d, expected %d", title->s,
                     sheet_page[i], first_page[i]);
        /* a sheet starts a new page unless it continues one of its size */
        if (i > 0) {
            bool flows = sheets[i].cont && sheets[i].landscape == sheets[i - 1].landscape;
            if (flows ? sheet_page[i] < sheet_page[i - 1]
                      : sheet_page[i] <= sheet_page[i - 1])
                fail_msg("sheet \"%s\" (continue=%d) starts on page %d after "
                         "\"%s\" on page %d",
                         sheets[i].title, sheets[i].cont, sheet_page[i],
                         sheets[i - 1].title, sheet_page[i - 1]);
        }
    }

    /* each page A4 in the orientation of the sheets on it; the page number
     * "N / 7" at its foot */
    for (int p = 1; p <= pages; p++) {
        size_t s = 0;
        for (size_t i = 0; i < nsheets; i++)
            if (sheet_page[i] <= p)
                s = i;
        bool land = sheets[s].landscape;
        long want_w = land ? 842 : 595, want_h = land ? 595 : 842;
        if (lround(w[p - 1]) != want_w || lround(h[p - 1]) != want_h)
            fail_msg("page %d (%s) is %.2f x %.2f pts, expected A4 %s %ld x %ld", p,
                     sheets[s].title, w[p - 1], h[p - 1],
                     land ? "landscape" : "portrait", want_w, want_h);

        run_result r;
        run(&r, "pdftotext", "-enc", "UTF-8", "-layout", "-f", fmt("%d", p), "-l",
            fmt("%d", p), pdf, "-", NULL);
        expect_status(&r, 0);
        char *last = NULL;
        for (char *line = r.out; *line;) {
            size_t len = strcspn(line, "\n");
            char *sq = squeeze(fmt("%.*s", (int)len, line));
            if (*sq)
                last = sq;
            line += len + (line[len] == '\n');
        }
        char *want = squeeze(fmt("%d / %d", p, pages));
        if (!last || strcmp(last, want) != 0)
            fail_msg("page %d ends with \"%s\", expected the page number \"%d / %d\"",
                     p, last ? last : "(nothing)", p, pages);
    }
}

/* ===== 3c. the KPI numbering slip of the printed plan is refused ===== */

static void test_as_printed_refused(void **state)
{
    (void)state;
    char *plan = sample("nagaoka-as-printed-invalid.xml");
    /* 事業概要 lists ①②②③: the 3rd and 4th entries are misnumbered */
    int third = line_of(plan, "<kpi no=\"2\" target=\"+30\"");
    int fourth = line_of(plan, "<kpi no=\"3\" target=\"+45\"");
    char *pdf = fmt("%s/as-printed.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, third, "error", "E214");
    expect_diag(&r, plan, fourth, "error", "E214");
    const char *hit = strstr(r.err, fmt("%s:%d: error[E214]", plan, third));
    char *msg = fmt("%.*s", (int)strcspn(hit, "\n"), hit);
    expect_in(msg, "②交流事業への参加企業数（+30社）", "the E214 message");
    expect_in(msg, "③", "the E214 message");
    expect_in(r.err, "エラー 2 件", "stderr");
    assert_false(exists(pdf));
    assert_only_files(work, 0);

    gs(&r, "validate", plan, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, third, "error", "E214");
}

/* ===== 3d. the tables from Excel: CSV in UTF-8 and in CP932 ===== */

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = slurp(from, &len);
    if (!data)
        fail_msg("cannot read %s", from);
    spit(to, data, len);
}

/* samples/PLAN and the CSV files of subfolder csvdir (csv or csv/cp932)
 * copied into work/plan; returns the copied plan's path. */
static char *csv_plan_copy(const char *plan, const char *csvdir)
{
    char *dir = fmt("%s/plan", work);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkdir(fmt("%s/csv", dir), 0700), 0);
    if (strcmp(csvdir, "csv") != 0)
        assert_int_equal(mkdir(fmt("%s/%s", dir, csvdir), 0700), 0);
    static const char *const files[] = {"nagaoka-kpi.csv", "nagaoka-funding.csv",
                                        "nagaoka-elements.csv"};
    for (size_t i = 0; i < COUNT(files); i++)
        copy_file(sample(fmt("%s/%s", csvdir, files[i])),
                  fmt("%s/%s/%s", dir, csvdir, files[i]));
    char *out = fmt("%s/%s", dir, plan);
    copy_file(sample(plan), out);
    return out;
}

/* In file path, the first occurrence of from after anchor becomes to. */
static void patch_file(const char *path, const char *anchor, const char *from,
                       const char *to)
{
    size_t len;
    char *text = slurp(path, &len);
    assert_non_null(text);
    char *a = strstr(text, anchor);
    if (!a)
        fail_msg("%s does not contain \"%s\"", path, anchor);
    char *at = strstr(a, from);
    if (!at)
        fail_msg("%s has no \"%s\" after \"%s\"", path, from, anchor);
    size_t head = (size_t)(at - text), fl = strlen(from), tl = strlen(to);
    char *buf = track(malloc(len - fl + tl));
    assert_non_null(buf);
    memcpy(buf, text, head);
    memcpy(buf + head, to, tl);
    memcpy(buf + head + tl, at + fl, len - head - fl);
    spit(path, buf, len - fl + tl);
}

static void test_csv_same_pdf(void **state)
{
    (void)state;
    /* the three samples say the same thing, so they render the same bytes */
    char *xml = render_ok(sample("nagaoka.xml"), "xml.pdf");
    char *utf8 = render_ok(sample("nagaoka-csv.xml"), "csv.pdf");
    char *cp932 = render_ok(sample("nagaoka-cp932.xml"), "cp932.pdf");
    assert_same_file(xml, utf8);
    assert_same_file(xml, cp932);

    /* the CSV paths are relative to the plan's folder, not to the current
     * one: a copy rendered from inside its folder gives the same file */
    char *plan = csv_plan_copy("nagaoka-cp932.xml", "csv/cp932");
    (void)plan;
    run_result r;
    gs_in(&r, gs_bin, fmt("%s/plan", work), "render", "nagaoka-cp932.xml", NULL);
    expect_status(&r, 0);
    assert_int_equal(r.err_len, 0);
    assert_same_file(xml, fmt("%s/plan/nagaoka-cp932.pdf", work));

    /* and the figures are those of the reference (the layout check of
     * test_text_matches_reference, on the CP932 render) */
    expect_reference(cp932);
}

/* A bad cell points at FILE:ROW:COLUMN and names the column's header. */
static void test_csv_bad_cell(void **state)
{
    (void)state;
    run_result r;

    /* UTF-8: KPI② 2025年度 増加分 */
    char *plan = csv_plan_copy("nagaoka-csv.xml", "csv");
    char *csv = fmt("%s/plan/csv/nagaoka-kpi.csv", work);
    patch_file(csv, "KPI②", "14.00", "14.0x");
    char *pdf = fmt("%s/plan/out.pdf", work);
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    char *d = fmt("%s:3:3: error[E123]", csv);
    const char *hit = strstr(r.err, d);
    if (!hit)
        fail_msg("stderr lacks \"%s\":\n%s", d, r.err);
    char *msg = fmt("%.*s", (int)strcspn(hit, "\n"), hit);
    expect_in(msg, "「2025年度 増加分」", "the E123 message");
    expect_in(msg, "14.0x", "the E123 message");
    expect_in(r.err, "エラー 1 件", "stderr");
    assert_false(exists(pdf));
    assert_only_files(fmt("%s/plan", work), 2); /* the plan and csv/ */
    rm_rf(fmt("%s/plan", work));

    /* CP932: the 2027 element's 金額.  Its record starts on line 8: the
     * descriptions above span three lines each. */
    plan = csv_plan_copy("nagaoka-cp932.xml", "csv/cp932");
    csv = fmt("%s/plan/csv/cp932/nagaoka-elements.csv", work);
    patch_file(csv, "2027", "13219", "132l9");
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    d = fmt("%s:8:6: error[E123]", csv);
    hit = strstr(r.err, d);
    if (!hit)
        fail_msg("stderr lacks \"%s\":\n%s", d, r.err);
    msg = fmt("%.*s", (int)strcspn(hit, "\n"), hit);
    expect_in(msg, "「金額」", "the E123 message");
    expect_in(msg, "132l9", "the E123 message");
    assert_false(exists(pdf));
    rm_rf(fmt("%s/plan", work));

    /* a figure in the XML and in the CSV: refused at the XML's line */
    plan = csv_plan_copy("nagaoka-csv.xml", "csv");
    patch_file(plan, "<name>外国人材の新規就業者数</name>", "</rationale>",
               "</rationale>\n      <baseline>2.00</baseline>");
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, line_of(plan, "<baseline>2.00</baseline>"), "error", "E102");
    assert_false(exists(pdf));
}

/* ===== 3e. validate --format=json ===== */

static const char *const json_keys[] = {"code", "severity", "file", "line",
                                        "column", "sheet", "row", "year",
                                        "stated", "computed", "message"};

/* Every element an object with exactly json_keys, in that order, each of
 * its type (or null where a diagnostic may lack it). */
static void check_diag_objects(const jv *arr)
{
    assert_int_equal(arr->t, J_ARR);
    size_t i = 0;
    for (const jv *o = arr->kids; o; o = o->next, i++) {
        if (o->t != J_OBJ)
            fail_msg("element %zu is not an object", i);
        if (o->n != COUNT(json_keys))
            fail_msg("element %zu has %zu keys, expected %zu", i, o->n,
                     COUNT(json_keys));
        size_t k = 0;
        for (const jv *m = o->kids; m; m = m->next, k++) {
            if (strcmp(m->key, json_keys[k]) != 0)
                fail_msg("element %zu: key %zu is \"%s\", expected \"%s\"", i, k,
                         m->key, json_keys[k]);
            bool numeric = k == 3 || k == 4 || k == 7;
            bool nullable = k >= 3 && k != 10;
            jtype want = numeric ? J_NUM : J_STR;
            if (m->t != want && !(nullable && m->t == J_NULL))
                fail_msg("element %zu: \"%s\" has JSON type %d", i, m->key, (int)m->t);
        }
        const char *sev = jget(o, "severity")->s;
        assert_true(strcmp(sev, "error") == 0 || strcmp(sev, "warning") == 0);
    }
}

static const jv *find_diag(const jv *arr, const char *code, const char *file)
{
    for (const jv *o = arr->kids; o; o = o->next)
        if (strcmp(jget(o, "code")->s, code) == 0 &&
            strcmp(jget(o, "file")->s, file) == 0)
            return o;
    fail_msg("no %s for %s in the JSON", code, file);
    return NULL;
}

static void expect_jstr(const jv *o, const char *key, const char *want)
{
    const jv *v = jget(o, key);
    if (!v || v->t != J_STR || strcmp(v->s, want) != 0)
        fail_msg("\"%s\" is %s, expected \"%s\"", key,
                 v && v->t == J_STR ? v->s : "not that string", want);
}

static void expect_jnum(const jv *o, const char *key, int want)
{
    const jv *v = jget(o, key);
    if (!v || v->t != J_NUM || v->num != want)
        fail_msg("\"%s\" is %g, expected %d", key, v && v->t == J_NUM ? v->num : -1.0,
                 want);
}

static void test_validate_json(void **state)
{
    (void)state;
    run_result r;

    /* a clean plan: [] and exit 0, with or without CSV */
    const char *good[] = {"nagaoka.xml", "nagaoka-csv.xml", "nagaoka-cp932.xml"};
    for (size_t i = 0; i < COUNT(good); i++) {
        gs(&r, "validate", "--format=json", sample(good[i]), NULL);
        expect_status(&r, 0);
        assert_int_equal(r.err_len, 0);
        const jv *v = json_parse(r.out, "validate --format=json stdout");
        assert_int_equal(v->t, J_ARR);
        assert_int_equal(v->n, 0);
    }

    /* broken plans: one array for all of them, exit 1, nothing on stderr;
     * a file name that needs escaping comes back intact */
    char *broken = sample("nagaoka-broken-invalid.xml");
    char *odd = fmt("%s/odd \"name\" \\ \t.xml", work);
    copy_file(broken, odd);
    char *plan = csv_plan_copy("nagaoka-csv.xml", "csv");
    char *csv = fmt("%s/plan/csv/nagaoka-kpi.csv", work);
    patch_file(csv, "KPI②", "14.00", "14.0x");
    gs(&r, "validate", "--format=json", broken, odd, plan, NULL);
    expect_status(&r, 1);
    assert_int_equal(r.err_len, 0);
    const jv *arr = json_parse(r.out, "validate --format=json stdout");
    check_diag_objects(arr);
    assert_int_equal(arr->n, 3);

    int line = line_of(broken, "total=\"12,000\"");
    const jv *o = find_diag(arr, "E202", broken);
    expect_jstr(o, "severity", "error");
    expect_jnum(o, "line", line);
    expect_jstr(o, "sheet", "(別紙1-1) ソフト事業経費内訳");
    expect_jstr(o, "row", "交付対象事業におけるソフト事業経費【②】");
    expect_jnum(o, "year", 2026);
    expect_jstr(o, "stated", "12,000千円");
    expect_jstr(o, "computed", "12,719千円");
    expect_in(jget(o, "message")->s, "12,719千円", "the E202 message");
    o = find_diag(arr, "E202", odd);
    expect_jnum(o, "line", line);

    o = find_diag(arr, "E123", csv);
    expect_jnum(o, "line", 3);
    expect_jnum(o, "column", 3);
    expect_jstr(o, "sheet", "7. 交付対象事業の重要業績評価指標（KPI）");
    expect_jstr(o, "row", "KPI②");
    expect_jnum(o, "year", 2025);
    expect_in(jget(o, "message")->s, "「2025年度 増加分」", "the E123 message");

    /* warnings only: exit 0, the warning in the array */
    gs(&r, "validate", "--format=json", fixture("facility-heavy.xml"), NULL);
    expect_status(&r, 0);
    arr = json_parse(r.out, "validate --format=json stdout");
    check_diag_objects(arr);
    assert_true(arr->n >= 1);
    o = find_diag(arr, "W207", fixture("facility-heavy.xml"));
    expect_jstr(o, "severity", "warning");
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
    expect_in(r.out, "grantsheet render [-o OUT.pdf] [--document NAME|all] [--sheet TEMPLATE] PLAN.xml",
              "--help output");
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
        /* in (別紙1-1): the 事業概要 before it shows the first year too,
         * cut where its one page ends and continued after its KPI list */
        const char *bl = strstr(layout, "(別紙1-1)"), *bp = strstr(plain, "(別紙1-1)");
        assert_non_null(bl);
        assert_non_null(bp);
        expect_complete(bl, para, "pdftotext -layout");
        expect_complete(bp, para, "pdftotext");
        paragraphs++;
    }
    assert_int_equal(paragraphs, 2);
    check_kinsoku(layout, "pdftotext -layout");
    check_kinsoku(plain, "pdftotext");
}

/* `render plan.xml -o plan.xml` (or onto one of its CSV files) is refused
 * with E405 and the input is left exactly as it was. */
static void test_output_is_input_refused(void **state)
{
    (void)state;
    size_t len;
    char *plan = slurp(sample("nagaoka.xml"), &len); /* tracked: freed by teardown */
    assert_non_null(plan);
    char *copy = fmt("%s/plan.xml", work);
    spit(copy, plan, len);
    run_result r;
    gs(&r, "render", copy, "-o", copy, NULL);
    expect_status(&r, 1);
    expect_in(r.err, "error[E405]", "stderr");
    size_t after_len;
    char *after = slurp(copy, &after_len);
    assert_int_equal(after_len, len);
    assert_memory_equal(after, plan, len);

    /* a CSV the plan reads is an input too */
    gs_in(&r, gs_bin, sample(""), "render", "nagaoka-csv.xml", "-o",
          fmt("%s/nagaoka.pdf", work), NULL);
    expect_status(&r, 0);
    char *csv = fmt("%s/csv/nagaoka-kpi.csv", sample(""));
    size_t clen;
    char *before = slurp(csv, &clen);
    gs_in(&r, gs_bin, sample(""), "render", "nagaoka-csv.xml", "-o",
          "csv/nagaoka-kpi.csv", NULL);
    expect_status(&r, 1);
    expect_in(r.err, "error[E405]", "stderr");
    size_t clen2;
    char *now = slurp(csv, &clen2);
    assert_int_equal(clen, clen2);
    assert_memory_equal(before, now, clen);
}

/* ===== every table closed on all four sides =====
 * The rules a page strokes, read back from its content stream (qpdf --qdf
 * writes it uncompressed), grouped into tables: rules that touch or cross
 * are one table.  A table is closed when each side of its outer rectangle
 * (the box around its rules) is covered, end to end, by stroked rules.  An
 * edge lost by the renderer leaves a side with a gap, or the box's side with
 * no rule at all. */

typedef struct {
    double x0, y0, x1, y1; /* PDF points, x0 <= x1, y0 <= y1 */
} seg;

#define ON_LINE 0.05 /* pt: a rule this close to a side lies on it, and a
                      * gap this small is not a gap (the grid is 0.01 pt) */
#define TOUCH 0.5    /* pt: rules this close belong to one table */
#define MAX_SEGS 4096

static void add_seg(seg *v, size_t *n, double ax, double ay, double bx, double by)
{
    if (*n >= MAX_SEGS)
        fail_msg("more than %d rules on a page", MAX_SEGS);
    v[(*n)++] = (seg){fmin(ax, bx), fmin(ay, by), fmax(ax, bx), fmax(ay, by)};
}

/* The rules stroked by one content stream (text objects skipped; fills and
 * white strokes are not rules).  Returns how many are in v. */
static size_t stroked_rules(const char *s, size_t len, seg *v, const char *what)
{
    size_t n = 0, path0 = 0;
    double num[8], cx = 0, cy = 0, sx = 0, sy = 0, gray = 0, width = 1;
    size_t nn = 0;
    bool text = false;
    for (size_t i = 0; i < len;) {
        while (i < len && strchr(" \t\r\n", s[i]))
            i++;
        size_t k = i;
        while (k < len && !strchr(" \t\r\n", s[k]))
            k++;
        if (k == i)
            break;
        char *tok = fmt("%.*s", (int)(k - i), s + i);
        i = k;
        if (text) {
            text = strcmp(tok, "ET") != 0;
            continue;
        }
        char *end;
        double d = strtod(tok, &end);
        if (*end == '\0' && end != tok) {
            if (nn == COUNT(num))
                memmove(num, num + 1, sizeof num - sizeof *num), nn--;
            num[nn++] = d;
            continue;
        }
        if (strcmp(tok, "BT") == 0) {
            text = true;
        } else if (strcmp(tok, "cm") == 0) {
            fail_msg("%s: the content stream transforms coordinates (cm), "
                     "which this reader does not follow", what);
        } else if (strcmp(tok, "m") == 0 && nn >= 2) {
            cx = sx = num[nn - 2];
            cy = sy = num[nn - 1];
        } else if (strcmp(tok, "l") == 0 && nn >= 2) {
            add_seg(v, &n, cx, cy, num[nn - 2], num[nn - 1]);
            cx = num[nn - 2];
            cy = num[nn - 1];
        } else if (strcmp(tok, "h") == 0) {
            add_seg(v, &n, cx, cy, sx, sy);
            cx = sx;
            cy = sy;
        } else if (strcmp(tok, "re") == 0 && nn >= 4) {
            double x = num[nn - 4], y = num[nn - 3], w = num[nn - 2], h = num[nn - 1];
            add_seg(v, &n, x, y, x + w, y);
            add_seg(v, &n, x + w, y, x + w, y + h);
            add_seg(v, &n, x, y + h, x + w, y + h);
            add_seg(v, &n, x, y, x, y + h);
        } else if (strcmp(tok, "G") == 0 && nn >= 1) {
            gray = num[nn - 1];
        } else if (strcmp(tok, "w") == 0 && nn >= 1) {
            width = num[nn - 1];
        } else if (strchr("SsBb", tok[0]) && (!tok[1] || strcmp(tok + 1, "*") == 0)) {
            if (tok[0] != 'S')
                add_seg(v, &n, cx, cy, sx, sy); /* s, b close the path */
            if (gray >= 1 || width <= 0)
                n = path0; /* white or invisible: not a border */
            path0 = n;
        } else if (strcmp(tok, "f") == 0 || strcmp(tok, "F") == 0 ||
                   strcmp(tok, "f*") == 0 || strcmp(tok, "n") == 0) {
            n = path0; /* filled, not stroked */
        }
        nn = 0;
    }
    /* zero-length pieces (from closing a path at its start) are no rules */
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
        if (v[j].x1 - v[j].x0 > 1e-6 || v[j].y1 - v[j].y0 > 1e-6)
            v[m++] = v[j];
    return m;
}

static bool touches(const seg *a, const seg *b)
{
    return a->x0 <= b->x1 + TOUCH && b->x0 <= a->x1 + TOUCH &&
           a->y0 <= b->y1 + TOUCH && b->y0 <= a->y1 + TOUCH;
}

static size_t find_root(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static int cmp_span(const void *pa, const void *pb)
{
    const double *a = pa, *b = pb;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/* Whether the rules of one table (members[0..n)) cover the side of box b
 * named side ('t', 'b', 'l', 'r') end to end; on a gap, its ends in *g0, *g1. */
static bool side_closed(const seg *v, const size_t *members, size_t n, const seg *box,
                        char side, double *g0, double *g1)
{
    bool horiz = side == 't' || side == 'b';
    double at = side == 't' ? box->y1 : side == 'b' ? box->y0
              : side == 'l' ? box->x0 : box->x1;
    double lo = horiz ? box->x0 : box->y0, hi = horiz ? box->x1 : box->y1;
    double (*span)[2] = track(malloc((n ? n : 1) * sizeof *span));
    assert_non_null(span);
    size_t ns = 0;
    for (size_t j = 0; j < n; j++) {
        const seg *s = &v[members[j]];
        bool on = horiz ? fabs(s->y0 - at) <= ON_LINE && fabs(s->y1 - at) <= ON_LINE
                        : fabs(s->x0 - at) <= ON_LINE && fabs(s->x1 - at) <= ON_LINE;
        if (on) {
            span[ns][0] = horiz ? s->x0 : s->y0;
            span[ns][1] = horiz ? s->x1 : s->y1;
            ns++;
        }
    }
    qsort(span, ns, sizeof *span, cmp_span);
    double reach = lo;
    for (size_t j = 0; j < ns && reach < hi - ON_LINE; j++) {
        if (span[j][0] > reach + ON_LINE) {
            *g0 = reach, *g1 = span[j][0];
            return false;
        }
        reach = fmax(reach, span[j][1]);
    }
    *g0 = reach, *g1 = hi;
    return reach >= hi - ON_LINE;
}

/* Checks every table of every page of pdf; returns the number of tables. */
/* every_page: each page must hold a table (the 実施計画's sheets do; a
 * text document such as the 地域再生計画 has pages of text only). */
static int check_tables_closed_in(const char *pdf, const char *what, bool every_page)
{
    char *qdf = fmt("%s/closed.qdf.pdf", work);
    run_result r;
    run(&r, "qpdf", "--qdf", "--object-streams=disable", pdf, qdf, NULL);
    expect_status(&r, 0);
    size_t len;
    char *text = slurp(qdf, &len);
    assert_non_null(text);
    int pages = page_count(pdf), tables = 0;
    seg *v = track(malloc(MAX_SEGS * sizeof *v));
    size_t *parent = track(malloc(MAX_SEGS * sizeof *parent));
    size_t *members = track(malloc(MAX_SEGS * sizeof *members));
    assert_true(v && parent && members);
    for (int p = 1; p <= pages; p++) {
        const char *mark = fmt("%%%% Contents for page %d\n", p);
        const char *c = strstr(text, mark);
        if (!c)
            fail_msg("%s: qpdf --qdf shows no content stream for page %d", what, p);
        const char *body = strstr(c, "\nstream\n"), *stop = body ? strstr(body, "\nendstream") : NULL;
        if (!body || !stop)
            fail_msg("%s: cannot find the content stream of page %d", what, p);
        body += strlen("\nstream\n");
        char *where = fmt("%s page %d", what, p);
        size_t n = stroked_rules(body, (size_t)(stop - body), v, where);
        for (size_t i = 0; i < n; i++)
            parent[i] = i;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (touches(&v[i], &v[j]))
                    parent[find_root(parent, i)] = find_root(parent, j);
        int on_page = 0;
        for (size_t i = 0; i < n; i++) {
            if (find_root(parent, i) != i)
                continue;
            size_t nm = 0;
            seg box = v[i];
            for (size_t j = 0; j < n; j++)
                if (find_root(parent, j) == i) {
                    members[nm++] = j;
                    box.x0 = fmin(box.x0, v[j].x0), box.y0 = fmin(box.y0, v[j].y0);
                    box.x1 = fmax(box.x1, v[j].x1), box.y1 = fmax(box.y1, v[j].y1);
                }
            if (box.x1 - box.x0 < 1 || box.y1 - box.y0 < 1)
                continue; /* a lone rule, not a table */
            static const struct { char c; const char *name; } sides[] = {
                {'t', "top"}, {'b', "bottom"}, {'l', "left"}, {'r', "right"}};
            for (size_t k = 0; k < COUNT(sides); k++) {
                double g0, g1;
                if (!side_closed(v, members, nm, &box, sides[k].c, &g0, &g1))
                    fail_msg("%s: the table at x %.2f..%.2f, y %.2f..%.2f (PDF "
                             "points, %zu rules) is open on its %s side from "
                             "%.2f to %.2f", where, box.x0, box.x1, box.y0, box.y1,
                             nm, sides[k].name, g0, g1);
            }
            on_page++;
        }
        /* every page of these plans holds tables: none found means the
         * rules were not read */
        if (on_page == 0 && every_page)
            fail_msg("%s: no table found (%zu rules read)", where, n);
        tables += on_page;
    }
    return tables;
}

static int check_tables_closed(const char *pdf, const char *what)
{
    return check_tables_closed_in(pdf, what, true);
}

static void test_tables_closed(void **state)
{
    (void)state;
    static const char *const plans[] = {"facility-heavy.xml", "long-description.xml",
                                        "five-year-long.xml", "soft-facility-funding.xml"};
    char *pdf = render_ok(sample("nagaoka.xml"), "nagaoka.pdf");
    /* each of the 14 sheets has at least one table */
    int tables = check_tables_closed(pdf, "nagaoka.xml");
    if (tables < 14)
        fail_msg("nagaoka.xml: %d tables found, expected at least one a sheet", tables);
    for (size_t i = 0; i < COUNT(plans); i++) {
        /* facility-heavy.xml renders with a warning (W207) */
        char *out = fmt("%s/%zu.pdf", work, i);
        run_result r;
        gs(&r, "render", fixture(plans[i]), "-o", out, NULL);
        expect_status(&r, 0);
        check_tables_closed(out, plans[i]);
    }
    /* the 地域再生計画's 【数値目標】, of a city and of a 広域 town plan */
    static const char *const saisei[] = {"nagaoka.xml", "yuzawa.xml"};
    for (size_t i = 0; i < COUNT(saisei); i++) {
        char *out = fmt("%s/s%zu.pdf", work, i);
        run_result r;
        gs(&r, "render", sample(saisei[i]), "--document", "地域再生計画", "-o", out, NULL);
        expect_status(&r, 0);
        if (check_tables_closed_in(out, saisei[i], false) < 1)
            fail_msg("%s: the 地域再生計画 has no table", saisei[i]);
    }
}

/* The checker itself: a table with a gap in its right side, one with no
 * right side, and a closed one drawn with re. */
static void test_tables_closed_checker(void **state)
{
    (void)state;
    seg v[16];
    const char *gap = "0.5 w 0 G 10 10 m 110 10 l 10 60 m 110 60 l 10 10 m 10 60 l "
                      "110 10 m 110 30 l 110 40 m 110 60 l S "
                      "BT /F1 9 Tf 20 20 Td <0041> Tj ET";
    size_t n = stroked_rules(gap, strlen(gap), v, "gap");
    assert_int_equal(n, 5);
    size_t members[16];
    for (size_t i = 0; i < n; i++)
        members[i] = i;
    seg box = {10, 10, 110, 60};
    double g0, g1;
    assert_true(side_closed(v, members, n, &box, 't', &g0, &g1));
    assert_true(side_closed(v, members, n, &box, 'l', &g0, &g1));
    assert_false(side_closed(v, members, n, &box, 'r', &g0, &g1));
    assert_true(fabs(g0 - 30) < 1e-9 && fabs(g1 - 40) < 1e-9);
    assert_false(side_closed(v, members, n - 2, &box, 'r', &g0, &g1));
    /* a filled rectangle is no border; a stroked one is, and a white rule not */
    const char *re = "0.9 g 10 10 100 50 re f 0 G 10 10 100 50 re S 1 G 0 0 m 5 0 l S";
    n = stroked_rules(re, strlen(re), v, "re");
    assert_int_equal(n, 4);
    for (const char *side = "tblr"; *side; side++)
        assert_true(side_closed(v, members, n, &box, *side, &g0, &g1));
}

/* ===== what a reviewer's viewer shows: language, title, bookmarks =====
 * The catalog names the language (/Lang (ja-JP)) and asks viewers to show
 * the document's title (DisplayDocTitle; the title itself is checked in
 * test_pdf_tools_agree).  Each bookmark is [page /XYZ 0 y null] with y the
 * top of its sheet's heading as pdftotext -bbox-layout finds it on that
 * page: not the top of the page, which for a sheet that continues a page
 * (continue="1") is some other sheet's content. */

/* The value of attribute name in the start tag at tag (pdftotext's XHTML). */
static double bbox_attr(const char *tag, const char *name)
{
    const char *a = strstr(tag, fmt(" %s=\"", name));
    const char *end = strchr(tag, '>');
    if (!a || !end || a > end)
        fail_msg("no %s in %.80s", name, tag);
    return strtod(a + strlen(name) + 3, NULL);
}

/* The top-most line of page (1-based) in bbox, pdftotext -bbox-layout's
 * output, whose words begin with title; its top and height in *top, *h
 * (from the page's top).  False when there is none. */
static bool heading_line(const char *bbox, int page, const char *title, double *top,
                         double *h)
{
    const char *pg = bbox;
    for (int i = 0; i < page && pg; i++)
        pg = strstr(pg + 1, "<page ");
    if (!pg)
        fail_msg("pdftotext -bbox-layout has no page %d", page);
    const char *pg_end = strstr(pg + 1, "<page ");
    const char *want = squeeze(title);
    bool found = false;
    for (const char *ln = strstr(pg, "<line "); ln && (!pg_end || ln < pg_end);
         ln = strstr(ln + 1, "<line ")) {
        const char *ln_end = strstr(ln, "</line>");
        assert_non_null(ln_end);
        char *words = fmt("%s", "");
        for (const char *w = strstr(ln, "<word "); w && w < ln_end; w = strstr(w + 1, "<word ")) {
            const char *s = strchr(w, '>') + 1, *e = strstr(s, "</word>");
            words = fmt("%s%.*s", words, (int)(e - s), s);
        }
        if (strncmp(squeeze(words), want, strlen(want)) != 0)
            continue;
        double y0 = bbox_attr(ln, "yMin"), y1 = bbox_attr(ln, "yMax");
        if (!found || y0 < *top) {
            *top = y0;
            *h = y1 - y0;
        }
        found = true;
    }
    return found;
}

static void check_bookmarks_at_headings(const char *pdf, const char *what)
{
    double w[64], h[64];
    int pages = page_sizes(pdf, w, h, 64);
    run_result r;
    run(&r, "pdftotext", "-enc", "UTF-8", "-bbox-layout", pdf, "-", NULL);
    expect_status(&r, 0);
    char *bbox = r.out;
    const jv *ol = outlines_of(pdf);
    assert_true(ol->n > 0);
    int mid_page = 0;
    for (size_t i = 0; i < ol->n; i++) {
        const jv *b = jat(ol, i);
        const jv *title = jget(b, "title"), *pg = jget(b, "destpageposfrom1"),
                 *dest = jget(b, "dest");
        if (!title || title->t != J_STR || !pg || pg->t != J_NUM || !dest ||
            dest->t != J_ARR || dest->n != 5)
            fail_msg("%s: bookmark %zu has no title, page or [page /XYZ left top "
                     "zoom] destination", what, i + 1);
        int p = (int)pg->num;
        assert_true(p >= 1 && p <= pages);
        const jv *kind = jat(dest, 1), *left = jat(dest, 2), *top = jat(dest, 3),
                 *zoom = jat(dest, 4);
        if (kind->t != J_STR || strcmp(kind->s, "/XYZ") != 0 || left->t != J_NUM ||
            top->t != J_NUM || zoom->t != J_NULL)
            fail_msg("%s: bookmark \"%s\" is not [page /XYZ left top null]", what,
                     title->s);
        double at = h[p - 1] - top->num; /* from the page's top */
        double head, lh;
        if (!heading_line(bbox, p, title->s, &head, &lh))
            fail_msg("%s: no line beginning \"%s\" on page %d", what, title->s, p);
        /* the heading is the first thing below the destination: its text
         * begins less than one of its lines below it, and not above it */
        if (head < at - 0.5 || head - at >= lh)
            fail_msg("%s: bookmark \"%s\" points %.2f pt from the top of page %d; "
                     "its heading's text begins at %.2f (line height %.2f)", what,
                     title->s, at, p, head, lh);
        mid_page += at > 100;
    }
    /* the sheets that continue a page make the check mean something */
    if (mid_page == 0)
        fail_msg("%s: no bookmark points below the top of its page", what);
}

static void test_viewer_details(void **state)
{
    (void)state;
    char *pdf = render_ok(sample("nagaoka.xml"), "nagaoka.pdf");
    run_result r;
    run(&r, "qpdf", "--show-object=trailer", pdf, NULL);
    expect_status(&r, 0);
    const char *cat = strstr(r.out, "/Root ");
    assert_non_null(cat);
    run(&r, "qpdf", fmt("--show-object=%d", atoi(cat + 6)), pdf, NULL);
    expect_status(&r, 0);
    expect_in(r.out, "/Type /Catalog", "the catalog");
    expect_in(r.out, "/Lang (ja-JP)", "the catalog");
    expect_in(r.out, "/ViewerPreferences << /DisplayDocTitle true >>", "the catalog");
    check_bookmarks_at_headings(pdf, "nagaoka.xml");
    check_bookmarks_at_headings(render_ok(fixture("long-description.xml"), "long.pdf"),
                                "long-description.xml");
}

/* ===== 13. the 活用状況 report of 紫波町's three sample projects ===== */

/* Σ実績 / Σ目標 (hundredths) as the report prints 達成率: one decimal,
 * half up, computed here and not by the code under test. */
static char *rate_pct1(long num, long den)
{
    long tenths = (num * 1000 + den / 2) / den;
    return fmt("%ld.%ld%%", tenths / 10, tenths % 10);
}

/* grantsheet report over samples/shiwa-*.xml, given newest first: the
 * front table lists the projects by adoption year (R3 finished, R6
 * running, R8 just started) with the page each one's section starts on;
 * every figure of the sections follows in order; each front-table page is
 * the page on which that project's heading stands; and the outline has
 * the report with one bookmark per project beneath it, at its heading.
 *
 * 達成率 by hand, over the years ended at 2026-07-31 and measured:
 *   果樹 ① (4 + 2 + 5) / (3 + 3 + 4) = 11 / 10 = 110.0%
 *        ② (1.50 − 0.80 + 2.10) / (2 + 2 + 2) = 2.80 / 6 = 46.7% (the fall △0.80)
 *        ③ (180 + 210 + 240) / (150 + 200 + 250) = 630 / 600 = 105.0%
 *   空き家 ① 22 / 20 = 110.0% (FY2025 未確定, FY2026 not ended: neither counts)
 *        ② (5 + 9) / (6 + 8) = 100.0%
 *        ③ (26 + 31) / (30 + 40) = 57 / 70 = 81.4%
 *   駅前 nothing measured: no 達成率.
 * 交付金額計: 7,000 + 5,400 + 5,000 = 17,400 (FY2022 5,400 below half of
 * ① 12,000); 9,000 + 7,650 + 7,500 = 24,150 (FY2026 decided, not paid);
 * 9,500. 総事業費計: 13,820 + 11,950 + 9,870 = 35,640; 17,600 + 15,300 =
 * 32,900; none yet (blank). */
static void test_report_sample(void **state)
{
    (void)state;
    char *pdf = fmt("%s/shiwa-活用状況.pdf", work);
    run_result r;
    gs(&r, "report", sample("shiwa-ekimae.xml"), sample("shiwa-ijuu.xml"),
       sample("shiwa-kaju.xml"), "-o", pdf, NULL);
    expect_status(&r, 0);
    if (r.err_len)
        fail_msg("report printed on stderr:\n%s", r.err);
    double w[16], h[16];
    int pages = page_sizes(pdf, w, h, 16);
    assert_int_equal(pages, 4);
    for (int p = 0; p < pages; p++)
        if (fabs(w[p] - 595.28) > 0.5 || fabs(h[p] - 841.89) > 0.5)
            fail_msg("page %d is %.2f x %.2f pt, not A4 portrait", p + 1, w[p], h[p]);

    static const struct {
        const char *name;
        int page;
    } projects[] = {{"果樹産地の担い手確保・就農支援事業", 2},
                    {"空き家を活用した移住・定住促進事業", 3},
                    {"駅前エリアのにぎわい創出・創業支援事業", 4}};
    const char *text = pdftext(pdf, true);
    const char *want[] = {
        "岩手県紫波町　地方創生交付金事業の活用状況", "（金額の単位：千円）",
        "年度 事業名 事業期間 交付金額計 担当課 頁",
        "令和3年度 果樹産地の担い手確保・就農支援事業 令和3年度～令和5年度 17,400 農政課 2",
        "令和6年度 空き家を活用した移住・定住促進事業 令和6年度～令和8年度 24,150 企画課 3",
        "令和8年度 駅前エリアのにぎわい創出・創業支援事業 令和8年度～令和10年度 9,500 商工観光課 4",
        "1 / 4",
        /* finished: every year measured, a fall */
        "果樹産地の担い手確保・就農支援事業", "事業期間 令和3年度～令和5年度（3年間）",
        "担当課 農政課", "（単位：千円）", "区分 令和3年度 令和4年度 令和5年度 計",
        "総事業費 13,820 11,950 9,870 35,640", "交付金額 7,000 5,400 5,000 17,400",
        "目標 3.00 3.00 4.00", "①新規就農者数（人） 3.00", rate_pct1(1100, 1000),
        "実績 4.00 2.00 5.00",
        "目標 2.00 2.00 2.00", "②果樹の作付面積（ha） 512.00", rate_pct1(280, 600),
        "実績 1.50 △0.80※1 2.10",
        "③農業体験の参加者数 目標 150.00 200.00 250.00", "800.00", rate_pct1(63000, 60000),
        "（人） 実績 180.00 210.00 240.00", "※1 高齢農家の離農による減",
        "事業の成果", "令和3年度", "令和4年度", "令和5年度", "（2026年7月31日現在）", "2 / 4",
        /* running: FY2025 未確定, FY2026 not ended */
        "空き家を活用した移住・定住促進事業", "事業期間 令和6年度～令和8年度（3年間）",
        "担当課 企画課", "区分 令和6年度 令和7年度 令和8年度 計",
        "総事業費 17,600 15,300 32,900", "交付金額 9,000 7,650 7,500 24,150",
        "目標 20.00 25.00 30.00", "①移住者数（人） 45.00", rate_pct1(2200, 2000),
        "実績 22.00 未確定※1 —",
        "②空き家バンクの成約件 目標 6.00 8.00 10.00", "8.00", rate_pct1(1400, 1400),
        "数（件） 実績 5.00 9.00 —",
        "③お試し居住の利用者数 目標 30.00 40.00 50.00", "0.00", rate_pct1(5700, 7000),
        "（人） 実績 26.00 31.00 —", "※1 令和8年9月の転入者調査で確定予定",
        "令和6年度", "令和7年度", "（2026年7月31日現在）", "3 / 4",
        /* just started: nothing spent or measured yet */
        "駅前エリアのにぎわい創出・創業支援事業", "事業期間 令和8年度～令和10年度（3年間）",
        "担当課 商工観光課", "区分 令和8年度 令和9年度 令和10年度 計",
        "総事業費 交付金額 9,500 9,500",
        "①駅前エリアでの創業件 目標 3.00 4.00 5.00 4.00 数（件） 実績 — — —",
        "②駅前エリアの歩行者通 目標 150.00 200.00 250.00 2,400.00 行量（人/日） 実績 — — —",
        "事業の実施中のため、成果は年度の終了後に記載する。", "（2026年7月31日現在）", "4 / 4",
    };
    expect_in_order(text, want, sizeof want / sizeof *want, "the 紫波町 活用状況");
    /* the just-started project prints no 達成率 and no 0 for what it has
     * not spent */
    const char *last = strstr(squeeze(text), "3/4");
    assert_non_null(last);
    expect_not_in(last, "%", "the 達成率 of a project with nothing measured");
    expect_not_in(last, "総事業費0", "the 総事業費 of a project that has spent nothing yet");

    /* each front-table page is where that project's heading stands: its
     * section begins the page, and no earlier page has it */
    for (size_t i = 0; i < 3; i++) {
        run(&r, "pdftotext", "-enc", "UTF-8", "-f", fmt("%d", projects[i].page), "-l",
            fmt("%d", projects[i].page), pdf, "-", NULL);
        expect_status(&r, 0);
        const char *page = squeeze(r.out);
        const char *head = fmt("%s事業名%s", projects[i].name, projects[i].name);
        if (strncmp(page, head, strlen(head)) != 0)
            fail_msg("page %d does not begin with the section of %s:\n%.200s",
                     projects[i].page, projects[i].name, page);
        run(&r, "pdftotext", "-enc", "UTF-8", "-l", fmt("%d", projects[i].page - 1), pdf,
            "-", NULL);
        expect_status(&r, 0);
        expect_not_in(squeeze(r.out), head, "the pages before the section");
    }

    /* the outline: the report, and beneath it one bookmark per project, in
     * the front table's order, each at its heading */
    const jv *ol = outlines_of(pdf);
    assert_int_equal(ol->n, 1);
    const jv *top = jat(ol, 0), *kids = jget(top, "kids");
    assert_string_equal(jget(top, "title")->s, "活用状況");
    assert_int_equal((int)jget(top, "destpageposfrom1")->num, 1);
    assert_true(jget(top, "open") && jget(top, "open")->t == J_BOOL && jget(top, "open")->b);
    assert_non_null(kids);
    assert_int_equal(kids->n, 3);
    run(&r, "pdftotext", "-enc", "UTF-8", "-bbox-layout", pdf, "-", NULL);
    expect_status(&r, 0);
    const char *bbox = r.out;
    for (size_t i = 0; i < 3; i++) {
        const jv *b = jat(kids, i), *sub = jget(b, "kids");
        assert_string_equal(jget(b, "title")->s, projects[i].name);
        int p = (int)jget(b, "destpageposfrom1")->num;
        assert_int_equal(p, projects[i].page);
        assert_true(!sub || sub->n == 0);
        double at = h[p - 1] - jat(jget(b, "dest"), 3)->num, head, lh;
        if (!heading_line(bbox, p, projects[i].name, &head, &lh))
            fail_msg("no line beginning \"%s\" on page %d", projects[i].name, p);
        if (head < at - 0.5 || head - at >= lh)
            fail_msg("bookmark \"%s\" points %.2f pt from the top of page %d; its "
                     "heading begins at %.2f", projects[i].name, at, p, head);
    }
}

/* ===== 12. 8. 自立性 as FORMS.md rule 7 reads it ===== */

/* The amounts "N千円" (△ for a negative) on the first line of text that
 * begins, after blanks, with label followed by a blank; returns how many
 * were stored (at most max), -1 when there is no such line. */
static int row_amounts(const char *text, const char *label, long long *out,
                       int max)
{
    size_t ll = strlen(label);
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        const char *p = line;
        while (*p == ' ')
            p++;
        if (strncmp(p, label, ll) == 0 &&
            (p[ll] == ' ' || p[ll] == '\n' || p[ll] == '\0')) {
            int n = 0;
            for (p += ll; *p && (!end || p < end);) {
                if (*p < '0' || *p > '9') {
                    p++;
                    continue;
                }
                bool neg = p - line >= 3 && strncmp(p - 3, "\u25B3", 3) == 0;
                long long v = 0;
                while ((*p >= '0' && *p <= '9') || *p == ',') {
                    if (*p != ',')
                        v = v * 10 + (*p - '0');
                    p++;
                }
                if (strncmp(p, "千円", strlen("千円")) == 0 && n < max)
                    out[n++] = neg ? -v : v;
            }
            return n;
        }
        line = end ? end + 1 : NULL;
    }
    return -1;
}

/* The printed 8. 自立性 schedule: from its head to the next sheet. */
static char *funding_schedule(const char *layout_text)
{
    const char *a = strstr(layout_text, "各年度における");
    if (!a)
        fail_msg("no 自立性 schedule in the PDF text");
    const char *b = strstr(a, "9. 地域の多様な主体の参画");
    size_t n = b ? (size_t)(b - a) : strlen(a);
    return fmt("%.*s", (int)n, a);
}

static void expect_row(const char *text, const char *label,
                       const long long *want, int n)
{
    long long got[8];
    int k = row_amounts(text, label, got, 8);
    if (k != n)
        fail_msg("row %s: %d amounts printed, expected %d:\n%s", label, k, n,
                 text);
    for (int i = 0; i < n; i++)
        if (got[i] != want[i])
            fail_msg("row %s, amount %d: printed %lld千円, expected %lld千円",
                     label, i + 1, got[i], want[i]);
}

/* A five-year soft plan with ③ > 0 in three years, every 自立性 row stated
 * as rule 7 reads it: renders (W210 only: five years is above the 原則),
 * and the printed rows add up, うちソフト事業費 being (別紙1-1)'s ①. */
static void test_soft_facility_funding_renders(void **state)
{
    (void)state;
    char *plan = fixture("soft-facility-funding.xml");
    char *pdf = fmt("%s/sf.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 0);
    expect_diag(&r, plan, line_of(plan, "<period first=\"2025\" last=\"2029\"/>"),
                "warning", "W210");
    expect_not_in(r.err, "error[", "stderr");
    const char *w = strstr(r.err, "warning[");
    if (w && strstr(w + 1, "warning["))
        fail_msg("more warnings than W210:\n%s", r.err);
    assert_true(exists(pdf));

    char *text = pdftext(pdf, true);
    char *sched = funding_schedule(text);
    static const long long first[] = {8500, 8800, 7500, 6900, 5000};
    static const long long zero[] = {0, 0, 0, 0, 0};
    static const long long project[] = {8500, 8800, 7500, 6900, 5000, 4000};
    static const long long total[] = {0, 500, 1400, 1800, 2700, 3100, 4000};
    expect_row(sched, "合計", total, 7);
    expect_row(sched, "交付対象事業経費", first, 5);
    expect_row(sched, "うちソフト事業費", first, 5);
    expect_row(sched, "うち拠点整備事業費", zero, 5);
    expect_row(sched, "総事業費", project, 6);

    /* the printed rows, read back, satisfy the identity, and うちソフト is
     * the ① that (別紙1-1) prints (its ② is less: ③ is in ①) */
    long long e[8], so[8], b[8], one[8], two[8];
    assert_int_equal(row_amounts(sched, "交付対象事業経費", e, 8), 5);
    assert_int_equal(row_amounts(sched, "うちソフト事業費", so, 8), 5);
    assert_int_equal(row_amounts(sched, "うち拠点整備事業費", b, 8), 5);
    assert_int_equal(row_amounts(text, "交付対象事業経費【①】", one, 8), 6);
    assert_int_equal(row_amounts(text, "交付対象事業における施設整備・事業設備・備品経費【③】",
                                 two, 8), 6);
    int with_facility = 0;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(e[i], so[i] + b[i]);
        assert_int_equal(so[i], one[i]);
        with_facility += two[i] > 0;
    }
    assert_int_equal(with_facility, 3);
}

/* The same plan with one 自立性 row typed the old way (うちソフト = ②, or
 * ③ as うち拠点整備) or off by 1千円: refused with the row's own code at
 * its line, nothing written. */
static void test_soft_facility_funding_mistyped(void **state)
{
    (void)state;
    static const struct {
        const char *row_tag, *from, *to, *code;
    } cases[] = {
        {"<soft>", "<value fy=\"2025\">8,500</value>",
         "<value fy=\"2025\">6,000</value>", "E218"},
        {"<soft>", "<value fy=\"2026\">8,800</value>",
         "<value fy=\"2026\">8,801</value>", "E218"},
        {"<eligible>\n", "<value fy=\"2027\">7,500</value>",
         "<value fy=\"2027\">7,499</value>", "E217"},
        {"<base>", "<value fy=\"2025\">0</value>",
         "<value fy=\"2025\">2,500</value>", "E224"},
        {"<project-cost>", "<value fy=\"2028\">6,900</value>",
         "<value fy=\"2028\">6,899</value>", "E227"},
        {"<total>", "<value fy=\"2029\">3,100</value>",
         "<value fy=\"2029\">3,101</value>", "E216"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *plan = fmt("%s/plan%zu.xml", work, i);
        copy_file(fixture("soft-facility-funding.xml"), plan);
        patch_file(plan, cases[i].row_tag, cases[i].from, cases[i].to);
        char *pdf = fmt("%s/plan%zu.pdf", work, i);
        run_result r;
        gs(&r, "render", plan, "-o", pdf, NULL);
        expect_status(&r, 1);
        expect_diag(&r, plan, line_of(plan, cases[i].to), "error",
                    cases[i].code);
        const char *e = strstr(r.err, "error[");
        if (!e || strstr(e + 1, "error["))
            fail_msg("case %zu: expected one error:\n%s", i, r.err);
        expect_in(r.err, "8. 自立性", "stderr");
        assert_false(exists(pdf));
    }
}

/* ===== 13. 事業概要's KPI bracket stops at the plan's last year ===== */

/* Nagaoka with KPI① +5人 in FY2028, a year after the plan: a warning at that
 * line, the bracket stays +30人 and the KPI table's 累計 is 35.00. */
static void test_kpi_increment_after_plan(void **state)
{
    (void)state;
    char *plan = fmt("%s/late.xml", work);
    copy_file(sample("nagaoka.xml"), plan);
    patch_file(plan, "<name>外国人材の新規就業者数</name>", "<total>30.00</total>",
               "<increase fy=\"2028\">5.00</increase>\n      <total>35.00</total>");
    char *pdf = fmt("%s/late.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 0);
    expect_diag(&r, plan, line_of(plan, "<increase fy=\"2028\">5.00</increase>"),
                "warning", "W228");
    expect_in(r.err, "KPI① 外国人材の新規就業者数 の 2028年度(4年目) の増加分 5.00",
              "stderr");
    expect_not_in(r.err, "error[", "stderr");
    char *text = pdftext(pdf, true);
    expect_in(squeeze(text), "①外国人材の新規就業者数（+30人）", "事業概要");
    expect_not_in(squeeze(text), "（+35人）", "事業概要");
    /* the KPI table's row: 事業開始前, 2025-2028, 累計 */
    const char *row = strstr(text, "KPI①");
    while (row && !strstr(fmt("%.*s", (int)strcspn(row, "\n"), row), "35.00"))
        row = strstr(row + 1, "KPI①");
    if (!row)
        fail_msg("no KPI① row with 35.00 in the KPI table:\n%s", text);
    char *line = squeeze(fmt("%.*s", (int)strcspn(row, "\n"), row));
    assert_string_equal(line, "KPI①2.0010.0010.0010.005.0035.00");

    /* 事業概要 typed with the 累計 column's +35 is refused, and says why */
    patch_file(plan, "<kpi-targets>", "target=\"+30\"", "target=\"+35\"");
    gs(&r, "validate", plan, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, line_of(plan, "target=\"+35\""), "error", "E215");
    expect_in(r.err, "(2027年度より後の増加分 +5人 は含めません)", "stderr");
    expect_diag(&r, plan, line_of(plan, "<increase fy=\"2028\">5.00</increase>"),
                "warning", "W228");
}

/* ===== 14. the 地域再生計画, from the same plan ===== */

#define NAGAOKA_PROJECT "地域産業の活力を高める外国人材活躍推進プラットフォーム事業"
#define SAISEI "地域再生計画"

/* Every section heading and every figure of Nagaoka's 地域再生計画, in
 * document order as pdftotext -layout reads it; the KPI table is below. */
static const char *const saisei_nagaoka[] = {
    "地域再生計画",
    "１　地域再生計画の名称", "長岡市まち・ひと・しごと創生推進交付金計画",
    "２　地域再生計画の作成主体の名称", "新潟県長岡市",
    "３　地域再生計画の区域", "新潟県長岡市の全域",
    "４　地域再生計画の目標",
    "４－１　地方創生の実現における構造的な課題", "本市では外国人住民が増加しており",
    "構造的な課題となっている。",
    "４－２　地方創生として目指す将来像", "本市は、新潟県を代表する「ものづくりのまち」",
    "地域産業の活性化を目指す。",
    "【数値目標】",
    "５　地域再生を図るために行う事業",
    "５－１　全体の概要", "５－２の③のとおり。",
    "５－２　第５章の特別の措置を適用して行う事業",
    "○　地方創生推進交付金（内閣府）：【A3007】",
    "①　事業主体", "２に同じ。",
    "②　事業の名称", NAGAOKA_PROJECT,
    "③　事業の内容", "2026年にオープン予定の産業ビジネス支援拠点内に", "【具体的な事業】",
    "・人材マッチング支援、就労フォローアップ支援、コミュニティ形成支援",
    "④　事業が先導的であると認められる理由",
    "【自立性】", "将来的には交付金に頼らずに事業を継続する。",
    "【官民協働】", "官民が役割を分担して事業を推進する。",
    "【地域間連携】", "市外の教育機関とも連携して外国人材の確保を図る。",
    "【政策間連携】", "地域産業の人材確保と外国人材の定着を同時に実現する。",
    "⑤　重要業績評価指標（ＫＰＩ）", "４－２の【数値目標】に同じ。",
    "⑥　評価の方法、時期及び体制",
    "【検証方法】", "毎年度 9 月に、長岡グローバル人材活躍推進協議会や",
    "【外部組織の参画者】", "長岡商工会議所、長岡地域商工会連合",
    "NPO法人長岡産業活性化協会NAZE",
    "【検証結果の公表の方法】", "市ホームページ等で公表する。",
    "⑦　交付対象事業に要する経費", "総事業費　38,157千円",
    "⑧　事業実施期間", "2025年４月１日から2028年３月31日まで",
    "⑨　その他必要な事項", "特になし。",
    "５－３　その他の事業",
    "５－３－１　地域再生基本方針に基づく支援措置", "該当なし。",
    "５－３－２　支援措置によらない独自の取組", "該当なし。",
    "６　計画期間", "地域再生計画の認定の日から2028年３月31日まで",
    "７　目標の達成状況に係る評価に関する事項",
    "７－１　目標の達成状況に係る評価の手法", "５－２の⑥の【検証方法】に同じ。",
    "７－２　目標の達成状況に係る評価の時期及び内容",
    "４－２の【数値目標】に掲げた目標について、毎年度 9 月に、その達成状況を評価する。",
    "７－３　目標の達成状況に係る評価の公表の手法",
    "５－２の⑥の【検証結果の公表の方法】に同じ。",
};

/* Its 【数値目標】, cell by cell as plain pdftotext reads a table, between
 * the paragraphs around it. */
static const char *const saisei_nagaoka_table[] = {
    "４－２　地方創生として目指す将来像", "【数値目標】",
    "ＫＰＩ", "事業開始前（現時点）",
    "2025年度増加分（１年目）", "2026年度増加分（２年目）", "2027年度増加分（３年目）",
    "ＫＰＩ増加分の累計",
    "外国人材の新規就業者数（人）", "2.00", "10.00", "10.00", "10.00", "30.00",
    "外国人雇用事業所数（社）", "354.00", "14.00", "14.00", "14.00", "42.00",
    "交流事業への参加企業数（社）", "18.00", "10.00", "10.00", "10.00", "30.00",
    "就労・雇用相談支援件数（件）", "15.00", "15.00", "15.00", "15.00", "45.00",
    "５　地域再生を図るために行う事業",
};

/* The section titles, which are the 地域再生計画's bookmarks. */
static const char *const saisei_sections[] = {
    "１　地域再生計画の名称", "２　地域再生計画の作成主体の名称", "３　地域再生計画の区域",
    "４　地域再生計画の目標", "５　地域再生を図るために行う事業", "６　計画期間",
    "７　目標の達成状況に係る評価に関する事項",
};

/* render --document all: PLAN.pdf, the 実施計画, byte for byte what render
 * alone writes, and PLAN-地域再生計画.pdf beside it: A4 portrait, every
 * heading and figure in order, a bookmark per section, titled after the
 * project. */
static void test_regional_plan_renders(void **state)
{
    (void)state;
    char *plan = fmt("%s/nagaoka.xml", work);
    copy_file(sample("nagaoka.xml"), plan);
    run_result r;
    gs(&r, "render", plan, "--document", "all", NULL);
    expect_status(&r, 0);
    if (r.err_len)
        fail_msg("render printed on stderr:\n%s", r.err);
    char *jisshi = fmt("%s/nagaoka.pdf", work), *saisei = fmt("%s/nagaoka-" SAISEI ".pdf", work);
    assert_only_files(work, 5); /* the plan, 実施計画, 活用状況, 効果検証, 地域再生計画 */
    char *alone = fmt("%s/alone.pdf", work);
    gs(&r, "render", plan, "-o", alone, NULL);
    expect_status(&r, 0);
    assert_same_file(jisshi, alone);

    expect_in_order(pdftext(saisei, true), saisei_nagaoka, COUNT(saisei_nagaoka),
                    "pdftotext -layout " SAISEI);
    expect_in_order(pdftext(saisei, false), saisei_nagaoka_table,
                    COUNT(saisei_nagaoka_table), "pdftotext " SAISEI);
    double w[16], h[16];
    int pages = page_sizes(saisei, w, h, 16);
    assert_true(pages >= 3);
    for (int i = 0; i < pages; i++)
        if (fabs(w[i] - 595.28) > 1 || fabs(h[i] - 841.89) > 1)
            fail_msg("page %d is %.1f x %.1f, not A4 portrait", i + 1, w[i], h[i]);
    const jv *ol = outlines_of(saisei);
    assert_int_equal(ol->n, COUNT(saisei_sections));
    for (size_t i = 0; i < ol->n; i++)
        assert_string_equal(jget(jat(ol, i), "title")->s, saisei_sections[i]);
    run(&r, "pdfinfo", saisei, NULL);
    expect_in(r.out, "Title:           " NAGAOKA_PROJECT " " SAISEI "\n", "pdfinfo");
    run(&r, "qpdf", "--check", saisei, NULL);
    expect_status(&r, 0);
    /* the same document asked for by its list's id */
    char *by_id = fmt("%s/by-id.pdf", work);
    gs(&r, "render", plan, "--document", "saisei", "-o", by_id, NULL);
    expect_status(&r, 0);
    assert_same_file(by_id, saisei);
}

/* One field of a canonical TSV (grantsheet dump), or NULL. */
static const char *tsv_value(const char *tsv, const char *sheet, const char *row,
                             const char *column)
{
    const char *key = fmt("\n%s\t\t%s\t%s\t", sheet, row, column);
    const char *at = strstr(tsv, key);
    if (!at)
        return NULL;
    at += strlen(key);
    return fmt("%.*s", (int)strcspn(at, "\n"), at);
}

/* The row label of the first figure of sheet whose row starts with lead
 * and whose column is "" (7. KPI's name cell: "KPI① (アウトカム…)", "KPI②"). */
static const char *tsv_name_row(const char *tsv, const char *sheet, const char *lead)
{
    const char *start = fmt("\n%s\t\t%s", sheet, lead);
    for (const char *l = strstr(tsv, start); l; l = strstr(l + 1, start)) {
        const char *row = l + 1 + strlen(sheet) + 2;
        const char *tab = strchr(row, '\t');
        if (tab && tab[1] == '\t')
            return fmt("%.*s", (int)(tab - row), row);
    }
    return NULL;
}

/* The 【数値目標】 and 7. KPI of one dump --document all: the same KPIs,
 * and for each the same 事業開始前, 増加分 of each plan year and 累計;
 * no column for a year after the plan. */
static void expect_targets_equal_kpis(const char *plan, int fy_first, int years,
                                      int nkpis)
{
    run_result r;
    gs(&r, "dump", "--document", "all", plan, NULL);
    expect_status(&r, 0);
    const char *tsv = r.out;
    const char *kpi = "7. 交付対象事業の重要業績評価指標 (KPI)", *goal = "４　地域再生計画の目標";
    static const char *const nos[] = {"①", "②", "③", "④", "⑤", "⑥"};
    static const char *const ord[] = {"１", "２", "３", "４", "５", "６", "７", "８"};
    for (int k = 0; k < nkpis; k++) {
        const char *kr = fmt("KPI%s", nos[k]);
        const char *row = tsv_name_row(tsv, kpi, kr);
        if (!row)
            fail_msg("no 7. KPI name row for %s in the dump", kr);
        const char *name = tsv_value(tsv, kpi, row, "");
        const char *unit = tsv_value(tsv, kpi, row, "単位");
        assert_non_null(name);
        assert_non_null(unit);
        /* the 【数値目標】 row: the name with its unit */
        const char *trow = fmt("%s（%s）", name, unit);
        const char *a = tsv_value(tsv, kpi, kr, "事業開始前 (現時点)");
        const char *b = tsv_value(tsv, goal, trow, "事業開始前 （現時点）");
        if (!a || !b || strcmp(a, b) != 0)
            fail_msg("%s 事業開始前: 7. KPI %s, 地域再生計画 %s", trow, a ? a : "-",
                     b ? b : "-");
        for (int y = 0; y < years; y++) {
            a = tsv_value(tsv, kpi, kr, fmt("%d年度増加分", fy_first + y));
            b = tsv_value(tsv, goal, trow, fmt("%d年度増加分 （%s年目）", fy_first + y, ord[y]));
            if (!a || !b || strcmp(a, b) != 0)
                fail_msg("%s %d年度: 7. KPI %s, 地域再生計画 %s", trow, fy_first + y,
                         a ? a : "-", b ? b : "-");
        }
        assert_null(tsv_value(tsv, goal, trow,
                              fmt("%d年度増加分 （%s年目）", fy_first + years, ord[years])));
        a = tsv_value(tsv, kpi, kr, "KPI増加分の累計");
        b = tsv_value(tsv, goal, trow, "ＫＰＩ増加分の累計");
        if (!a || !b || strcmp(a, b) != 0)
            fail_msg("%s 累計: 7. KPI %s, 地域再生計画 %s", trow, a ? a : "-", b ? b : "-");
    }
    /* and no row that 7. does not have */
    size_t rows = 0;
    const char *lead = fmt("\n%s\t", goal);
    for (const char *l = strstr(tsv, lead); l; l = strstr(l + 1, lead))
        rows += strstr(fmt("%.*s", (int)strcspn(l + 1, "\n"), l + 1),
                       "\tＫＰＩ増加分の累計\t") != NULL;
    assert_int_equal(rows, (size_t)nkpis);
}

static void test_regional_kpis_are_7s(void **state)
{
    (void)state;
    expect_targets_equal_kpis(sample("nagaoka.xml"), 2025, 3, 4);
    expect_targets_equal_kpis(sample("yuzawa.xml"), 2026, 3, 4);
}

/* A town in a 郡, joint with a city: the 作成主体 names the 郡 and both
 * bodies in 地方公共団体コード order (2. lists the town first); the
 * 【数値目標】 has the plan's three years and no fourth; ⑦ and ⑧ are the
 * plan's. */
static void test_regional_plan_of_a_town(void **state)
{
    (void)state;
    char *pdf = fmt("%s/yuzawa.pdf", work);
    run_result r;
    gs(&r, "render", sample("yuzawa.xml"), "--document", "all", "-o", pdf, NULL);
    expect_status(&r, 0);
    char *saisei = fmt("%s/yuzawa-" SAISEI ".pdf", work);
    char *text = pdftext(saisei, false);
    static const char *const want[] = {
        "１　地域再生計画の名称", "湯沢町・南魚沼市通年型観光推進計画",
        "２　地域再生計画の作成主体の名称", "新潟県南魚沼市、新潟県南魚沼郡湯沢町",
        "３　地域再生計画の区域", "新潟県南魚沼郡湯沢町及び南魚沼市の全域",
        "2026年度増加分（１年目）", "2027年度増加分（２年目）", "2028年度増加分（３年目）",
        "ＫＰＩ増加分の累計",
        "グリーンシーズンの観光入込客数（千人）", "850.00", "20.00", "25.00", "30.00", "75.00",
        "アウトドア体験プログラム参加者数（人）", "1,200.00", "800.00", "1,000.00",
        "1,200.00", "3,000.00",
        "観光関連事業者の新規通年雇用者数（人）", "0.00", "5.00", "6.00", "7.00", "18.00",
        "グリーンシーズンの観光消費額（百万円）", "1,520.00", "30.00", "30.00", "30.00",
        "90.00",
        "５－１　全体の概要", "湯沢町と南魚沼市が共同で",
        "⑦　交付対象事業に要する経費", "総事業費　49,500千円",
        "⑧　事業実施期間", "2026年４月１日から2029年３月31日まで",
        "⑨　その他必要な事項", "特になし。",
        "５－３－１　地域再生基本方針に基づく支援措置", "該当なし。",
        "５－３－２　支援措置によらない独自の取組", "湯沢町観光振興計画に基づき",
        "６　計画期間", "地域再生計画の認定の日から2029年３月31日まで",
    };
    expect_in_order(text, want, COUNT(want), "pdftotext yuzawa " SAISEI);
    expect_not_in(squeeze(text), "2029年度増加分", SAISEI);
    /* the 実施計画 keeps its own naming: 申請者 without the 郡 */
    expect_in(squeeze(pdftext(pdf, true)), "申請者新潟県湯沢町", "実施計画");
}

/* Two versions of a plan: a changed 地域再生計画 text is one line (it is
 * only in that document); a changed KPI is one line per document that
 * shows it (7. KPI, the 効果検証 and 活用状況, and the 【数値目標】); without --document, the 実施計画
 * alone. */
static void test_regional_diff(void **state)
{
    (void)state;
    char *old = fmt("%s/old.xml", work), *new = fmt("%s/new.xml", work);
    copy_file(sample("nagaoka.xml"), old);
    copy_file(sample("nagaoka.xml"), new);
    patch_file(new, "<issues>本市では", "構造的な課題となっている。</issues>",
               "構造的な課題である。</issues>");
    patch_file(new, "<name>外国人雇用事業所数</name>", "<baseline>354.00</baseline>",
               "<baseline>360.00</baseline>");
    run_result r;
    gs(&r, "diff", "--document", "all", old, new, NULL);
    expect_status(&r, 1);
    size_t lines = 0;
    for (const char *p = r.out; *p; p++)
        lines += *p == '\n';
    if (lines != 5)
        fail_msg("expected 5 lines of diff, got %zu:\n%s", lines, r.out);
    /* the 効果検証's 事業開始前 is named as such, not by the 目標 beside it */
    expect_in(r.out, "変更 効果検証 / ②外国人雇用事業所数（社） / 事業開始前: 354.00 → 360.00", "diff");
    expect_in(r.out, "変更 ４　地域再生計画の目標 / ４－１　地方創生の実現における構造的な課題 / "
                     "{regional.issues}: ", "diff");
    expect_in(r.out, "→ 本市では", "diff");
    expect_in(r.out, "変更 ４　地域再生計画の目標 / 外国人雇用事業所数（社） / "
                     "事業開始前 （現時点）: 354.00 → 360.00\n", "diff");
    expect_in(r.out, "変更 7. 交付対象事業の重要業績評価指標 (KPI) / KPI② / "
                     "事業開始前 (現時点): 354.00 → 360.00\n", "diff");
    gs(&r, "diff", old, new, NULL);
    expect_status(&r, 1);
    expect_in(r.out, "KPI②", "diff");
    expect_not_in(r.out, "地域再生計画", "diff");
    /* a PDF of each document carries its own figures */
    char *po = fmt("%s/old.pdf", work), *pn = fmt("%s/new.pdf", work);
    gs(&r, "render", old, "--document", SAISEI, "-o", po, NULL);
    expect_status(&r, 0);
    gs(&r, "render", new, "--document", SAISEI, "-o", pn, NULL);
    expect_status(&r, 0);
    gs(&r, "diff", po, pn, NULL);
    expect_status(&r, 1);
    expect_in(r.out, "{regional.issues}", "diff of PDFs");
    expect_not_in(r.out, "7. 交付対象事業", "diff of PDFs");
}

/* The 地域再生計画's figures as typed, disagreeing with the 実施計画:
 * refused, each error at the typed figure and naming the 実施計画's line;
 * no document written. */
static void test_regional_figures_disagree(void **state)
{
    (void)state;
    char *plan = fmt("%s/yuzawa.xml", work);
    copy_file(sample("yuzawa.xml"), plan);
    patch_file(plan, "<regional-plan>", "<cost total=\"49,500\"/>", "<cost total=\"48,500\"/>");
    patch_file(plan, "<targets>", "<baseline>1,520.00</baseline>", "<baseline>1,500.00</baseline>");
    patch_file(plan, "<regional-plan>", "<project-period from=\"2026-04-01\" to=\"2029-03-31\"/>",
               "<project-period from=\"2026-04-01\" to=\"2028-03-31\"/>");
    patch_file(plan, "<regional-plan>", "<author>新潟県南魚沼市、新潟県南魚沼郡湯沢町</author>",
               "<author>新潟県南魚沼郡湯沢町、新潟県南魚沼市</author>");
    run_result r;
    gs(&r, "render", plan, "--document", "all", NULL);
    expect_status(&r, 1);
    assert_only_files(work, 1);
    expect_diag(&r, plan, line_of(plan, "<cost total=\"48,500\"/>"), "error", "E240");
    expect_in(r.err, fmt("(実施計画: %s:%d)", plan, line_of(plan, "<cost total=\"49,500\"")),
              "stderr");
    expect_diag(&r, plan, line_of(plan, "<baseline>1,500.00</baseline>"), "error", "E241");
    expect_in(r.err, fmt("(実施計画: %s:%d)", plan, line_of(plan, "<baseline>1,520.00</baseline>")),
              "stderr");
    expect_diag(&r, plan, line_of(plan, "to=\"2028-03-31\"/>"), "error", "E242");
    expect_in(r.err, fmt("(実施計画: %s:%d)", plan, line_of(plan, "<period first=\"2026\"")),
              "stderr");
    expect_diag(&r, plan, line_of(plan, "<author>"), "error", "E243");
    expect_in(r.err, "地方公共団体コードの順", "stderr");
    expect_in(r.err, "エラー 4 件", "stderr");
    /* validate --format=json names the document as the sheet */
    gs(&r, "validate", "--format=json", plan, NULL);
    expect_status(&r, 1);
    expect_in(r.out, "\"sheet\": \"地域再生計画\"", "json");
}

/* --document on the command line: naming, -o, unknown names, validate
 * checking every document unless told one. */
static void test_document_option(void **state)
{
    (void)state;
    char *plan = fmt("%s/p.xml", work);
    copy_file(sample("nagaoka.xml"), plan);
    run_result r;
    /* one -o with all: the first document there, the others beside it */
    char *out = fmt("%s/out/x.pdf", work);
    mkdir(fmt("%s/out", work), 0777);
    gs(&r, "render", plan, "--document", "all", "-o", out, NULL);
    expect_status(&r, 0);
    assert_only_files(fmt("%s/out", work), 4);
    assert_true(exists(fmt("%s/out/x-" SAISEI ".pdf", work)));
    assert_true(exists(fmt("%s/out/x-効果検証.pdf", work)));
    /* one -o per document, in order */
    char *a = fmt("%s/a.pdf", work), *b = fmt("%s/b.pdf", work);
    char *k = fmt("%s/k.pdf", work), *u = fmt("%s/u.pdf", work);
    gs(&r, "render", plan, "--document", "all", "-o", a, "-o", u, "-o", k, "-o", b, NULL);
    expect_status(&r, 0);
    assert_same_file(u, fmt("%s/out/x-活用状況.pdf", work));
    assert_same_file(a, out);
    assert_same_file(k, fmt("%s/out/x-効果検証.pdf", work));
    assert_same_file(b, fmt("%s/out/x-" SAISEI ".pdf", work));
    /* a single other document: PLAN-NAME.pdf */
    gs(&r, "render", plan, "--document", SAISEI, NULL);
    expect_status(&r, 0);
    assert_same_file(fmt("%s/p-" SAISEI ".pdf", work), b);
    assert_false(exists(fmt("%s/p.pdf", work)));
    /* wrong: an unknown document, five -o for four documents */
    gs(&r, "render", plan, "--document", "事業報告", NULL);
    expect_status(&r, 2);
    expect_in(r.err, "文書 事業報告 はありません (あるのは 実施計画、活用状況、効果検証、地域再生計画、または all)",
              "stderr");
    gs(&r, "render", plan, "--document", "all", "-o", a, "-o", u, "-o", k, "-o", b, "-o", out, NULL);
    expect_status(&r, 2);
    gs(&r, "diff", "--document", "事業報告", plan, plan, NULL);
    expect_status(&r, 2);
    gs(&r, "dump", "--document", "事業報告", plan, NULL);
    expect_status(&r, 2);
    expect_in(r.err, "文書 事業報告 はありません", "stderr");
    /* a character only the 地域再生計画 prints: validate finds it unless
     * told to check the 実施計画 alone, and render of the 実施計画 goes on */
    patch_file(plan, "<issues>", "本市では", "𠮷本市では");
    gs(&r, "validate", plan, NULL);
    expect_status(&r, 1);
    expect_diag(&r, plan, line_of(plan, "𠮷本市では"), "error", "E402");
    gs(&r, "validate", "--document", "実施計画", plan, NULL);
    expect_status(&r, 0);
    gs(&r, "render", plan, "-o", a, NULL);
    expect_status(&r, 0);
    gs(&r, "render", plan, "--document", "all", "-o", a, "-o", u, "-o", k, "-o", b, NULL);
    expect_status(&r, 1);
}

/* ===== 事業概要 on one page; templates checked at load; long names ===== */

/* Text of page p alone (1-based). */
static char *page_text(const char *pdf, int p)
{
    run_result r;
    char *n = fmt("%d", p);
    run(&r, "pdftotext", "-enc", "UTF-8", "-f", n, "-l", n, pdf, "-", NULL);
    expect_status(&r, 0);
    return r.out;
}

static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* A five-year town plan with four KPIs named in 60+ characters, four
 * elements a year and long descriptions: its 事業概要 is one page, every
 * KPI of the list on it, and the next page is 1. 申請者情報.  The plan's own
 * 事業概要・主な経費, when it states one, replaces the derived text. */
static void test_overview_one_page(void **state)
{
    (void)state;
    char *plan = fixture("five-year-long.xml");
    run_result r;
    char *pdf = fmt("%s/five.pdf", work);
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 0);
    char *p1 = squeeze(page_text(pdf, 1)), *p2 = squeeze(page_text(pdf, 2));
    expect_in(p1, "事業概要【東川町の", "page 1");
    static const char *const kpi_ends[] = {"年間延べ人数", "（転出世帯を除く）",
                                           "（前年度比増加分）", "店舗の合計数"};
    for (size_t k = 0; k < 4; k++)
        expect_in(p1, kpi_ends[k], "page 1 (the KPI list)");
    expect_in(p1, "【施設整備・事業設備・備品経費】", "page 1");
    expect_in(p1, "デジタルサイネージ設置費333千円", "page 1 (the last item)");
    expect_not_in(p2, "（続き）", "page 2");
    if (strncmp(p2, "1.申請者情報", strlen("1.申請者情報")) != 0)
        fail_msg("page 2 does not begin with 1. 申請者情報:\n%.200s", p2);

    char *own = fmt("%s/own.xml", work);
    copy_file(plan, own);
    patch_file(own, "<overview>", "<summary-note>",
               "<breakdown>【ソフト事業経費】計画に書いた概要です。</breakdown>\n<summary-note>");
    char *opdf = fmt("%s/own.pdf", work);
    gs(&r, "render", own, "-o", opdf, NULL);
    expect_status(&r, 0);
    char *o1 = squeeze(page_text(opdf, 1));
    expect_in(o1, "【ソフト事業経費】計画に書いた概要です。", "page 1");
    expect_not_in(o1, "体験プログラム開発及び運営業務委託料", "page 1");
}

/* Text that does not fit even at 6 pt continues on a second page under the
 * title marked （続き）, and none of it is lost. */
static void test_overview_overflow(void **state)
{
    (void)state;
    char *plan = fmt("%s/over.xml", work);
    copy_file(fixture("five-year-long.xml"), plan);
    char *note = fmt("%s", "");
    for (int i = 0; i < 40; i++)
        note = fmt("%s第%d項、体験型観光の受入体制を整備する。", note, i + 1);
    for (int i = 0; i < 3; i++)
        note = fmt("%s%s", note, note);     /* 320 items */
    patch_file(plan, "<overview>", "<summary-note>",
               fmt("<summary-note>%s終わり。", note));
    char *pdf = fmt("%s/over.pdf", work);
    run_result r;
    gs(&r, "render", plan, "-o", pdf, NULL);
    expect_status(&r, 0);
    char *p1 = squeeze(page_text(pdf, 1)), *p2 = squeeze(page_text(pdf, 2));
    expect_in(p1, "第1項", "page 1");
    expect_in(p2, "事業概要【東川町の", "page 2");
    expect_in(p2, "（続き）", "page 2");
    char *both = fmt("%s%s%s", p1, p2, squeeze(page_text(pdf, 3)));
    assert_int_equal(occurrences(both, "第40項、"), 8);
    expect_in(both, "終わり。", "pages 1-3");
}

/* A mistake in a template branch no plan here takes (the (別紙1-1) block of
 * a 2年目, inside <if>) fails every plan at load, validate too, with the
 * template's file and line: exit 3. */
static void test_template_checked_at_load(void **state)
{
    (void)state;
    char *data = fmt("%s/data", work);
    assert_int_equal(mkdir(data, 0700), 0);
    assert_int_equal(mkdir(fmt("%s/templates", data), 0700), 0);
    assert_int_equal(symlink(fmt("%s/fonts", root), fmt("%s/fonts", data)), 0);
    DIR *d = opendir(fmt("%s/templates", root));
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            copy_file(fmt("%s/templates/%s", root, e->d_name),
                      fmt("%s/templates/%s", data, e->d_name));
    closedir(d);
    char *tpl = fmt("%s/templates/bessi1-1.xml", data);
    patch_file(tpl, "<if test=\"y.later\">", "※2年目",
               "{plan.projct_name|kyenn}※2年目");
    int line = line_of(tpl, "plan.projct_name");
    const char *old = getenv("GRANTSHEET_DATADIR");
    char *saved = fmt("%s", old ? old : "");
    setenv("GRANTSHEET_DATADIR", data, 1);
    run_result r, v;
    gs(&r, "render", sample("nagaoka.xml"), "-o", fmt("%s/n.pdf", work), NULL);
    gs(&v, "validate", fixture("five-year-long.xml"), NULL);
    setenv("GRANTSHEET_DATADIR", saved, 1);
    expect_status(&r, 3);
    expect_status(&v, 3);
    expect_diag(&r, "bessi1-1.xml", line, "error", "E302");
    expect_diag(&r, "bessi1-1.xml", line, "error", "E303");
    expect_diag(&v, "bessi1-1.xml", line, "error", "E302");
    assert_false(exists(fmt("%s/n.pdf", work)));
}

/* A project name of 22,000 characters renders (the title bar gets its
 * start), where libharu used to refuse the document title: exit 3. */
static void test_very_long_project_name(void **state)
{
    (void)state;
    char *plan = fmt("%s/long-name.xml", work);
    copy_file(sample("nagaoka.xml"), plan);
    char *name = fmt("%s", "");
    for (int i = 0; i < 11; i++)
        name = fmt("%s%s", name, name[0] ? name : "地域産業の活力を高める");
    patch_file(plan, "<project>", "<name>", fmt("<name>%s", name));
    char *pdf = render_ok(plan, "long-name.pdf");
    run_result r;
    run(&r, "pdfinfo", pdf, NULL);
    expect_status(&r, 0);
    expect_in(r.out, "Title:           地域産業の活力を高める地域産業", "pdfinfo");
    run(&r, "qpdf", "--check", pdf, NULL);
    expect_status(&r, 0);
}

/* ===== nothing destroyed, nothing left behind, every message true =====
 * (issue 7 item 7, issue 9 items 6-8) */

/* `render -o X` where X is not a PDF - another plan's CSV, a text file, an
 * empty file, a FIFO, a folder, a device, a link to one of them - is
 * refused with E405, exit 4, and X is exactly as it was.  A link to a PDF
 * is replaced by the new PDF and the PDF it pointed to is untouched; a
 * killed earlier render's temporary file is removed. */
static void test_render_never_destroys(void **state)
{
    (void)state;
    char *plan = sample("nagaoka.xml");
    run_result r;
    struct {
        const char *name, *content, *why;
    } files[] = {{"kpi.csv", NULL, "PDF ではない既存のファイル"},
                 {"notes.pdf", "meeting notes\n", "PDF ではない既存のファイル"},
                 {"other.xml", "<?xml version=\"1.0\"?>\n", "PDF ではない既存のファイル"},
                 {"empty.pdf", "", "空のファイル"}};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *path = fmt("%s/%s", work, files[i].name);
        if (files[i].content)
            spit(path, files[i].content, strlen(files[i].content));
        else
            copy_file(sample("csv/nagaoka-kpi.csv"), path);
        size_t before_len;
        char *before = slurp(path, &before_len);
        gs(&r, "render", plan, "-o", path, NULL);
        expect_status(&r, 4);
        expect_in(r.err, "error[E405]", "stderr");
        expect_in(r.err, files[i].why, "stderr");
        size_t after_len;
        char *after = slurp(path, &after_len);
        assert_int_equal(before_len, after_len);
        assert_memory_equal(before, after, before_len);
    }
    char *fifo = fmt("%s/fifo.pdf", work), *dir = fmt("%s/folder.pdf", work);
    assert_int_equal(mkfifo(fifo, 0666), 0);
    assert_int_equal(mkdir(dir, 0777), 0);
    char *dev = fmt("%s/null.pdf", work); /* a copy of /dev/null's node, never the real one */
    run(&r, "mknod", dev, "c", "1", "3", NULL);
    bool have_dev = r.status == 0;
    const char *special[][2] = {{fifo, "FIFO"}, {dir, "フォルダー"}, {dev, "装置ファイル"}};
    for (size_t i = 0; i < 3; i++) {
        if (i == 2 && !have_dev)
            break;
        char *link = fmt("%s.link", special[i][0]);
        assert_int_equal(symlink(special[i][0], link), 0);
        const char *targets[] = {special[i][0], link};
        for (size_t k = 0; k < 2; k++) {
            gs(&r, "render", plan, "-o", targets[k], NULL);
            expect_status(&r, 4);
            expect_in(r.err, "error[E405]", "stderr");
            expect_in(r.err, special[i][1], "stderr");
            if (k)
                expect_in(r.err, "シンボリックリンク", "stderr");
        }
        struct stat st;
        assert_int_equal(lstat(special[i][0], &st), 0);
        assert_true(i == 0 ? S_ISFIFO(st.st_mode) : i == 1 ? S_ISDIR(st.st_mode)
                                                           : S_ISCHR(st.st_mode));
        assert_int_equal(lstat(link, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
    }

    /* a PDF: replaced; a link to a PDF: the link replaced, its PDF kept */
    char *pdf = render_ok(plan, "plan.pdf");
    size_t plen;
    char *fresh = slurp(pdf, &plen);
    char *old = fmt("%s/old.pdf", work), *link = fmt("%s/link.pdf", work);
    spit(old, "%PDF-1.4 an older one", 21);
    render_ok(plan, "old.pdf");
    assert_same_file(old, pdf);
    spit(old, "%PDF-1.4 an older one", 21);
    assert_int_equal(symlink(old, link), 0);
    /* and the temporary file of a render killed earlier */
    char *dead = fmt("%s/.link.pdf.Ab12Cd.grantsheet-tmp", work);
    spit(dead, "half", 4);
    render_ok(plan, "link.pdf");
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_same_file(link, pdf);
    size_t olen;
    char *kept = slurp(old, &olen);
    assert_int_equal(olen, 21);
    assert_memory_equal(kept, "%PDF-1.4 an older one", 21);
    assert_false(exists(dead));

    /* --document all: one refused output, and neither document is written */
    char *first = fmt("%s/both.pdf", work), *notes = fmt("%s/notes.pdf", work);
    char *second = fmt("%s/second.pdf", work), *third = fmt("%s/third.pdf", work);
    gs(&r, "render", plan, "--document", "all", "-o", first, "-o", second, "-o", third,
       "-o", notes, NULL);
    expect_status(&r, 4);
    expect_in(r.err, fmt("error[E405]: 出力先 %s は", notes), "stderr");
    assert_false(exists(first));
    assert_false(exists(second));
    assert_false(exists(third));
    size_t nlen;
    char *nkept = slurp(notes, &nlen);
    assert_int_equal(nlen, strlen("meeting notes\n"));
    assert_memory_equal(nkept, "meeting notes\n", nlen);
    (void)fresh;
    (void)plen;
}

/* Plans named with a TAB and a newline, through the command line: every
 * line batch prints is one line, the manifest has one row per plan, and
 * the second run skips both. */
static void test_batch_odd_names(void **state)
{
    (void)state;
    char *plans = fmt("%s/plans", work), *out = fmt("%s/out", work);
    assert_int_equal(mkdir(plans, 0777), 0);
    copy_file(sample("nagaoka.xml"), fmt("%s/tab\there.xml", plans));
    copy_file(sample("nagaoka.xml"), fmt("%s/new\nline.xml", plans));
    run_result r;
    gs(&r, "batch", plans, "-o", out, NULL);
    expect_status(&r, 0);
    expect_in(r.err, "ok       new\\nline.xml\n", "stderr");
    expect_in(r.err, "ok       tab\\there.xml\n", "stderr");
    gs(&r, "batch", plans, "-o", out, NULL);
    expect_status(&r, 0);
    expect_in(r.err, "skipped  new\\nline.xml\n", "stderr");
    expect_in(r.err, "skipped  tab\\there.xml\n", "stderr");
    expect_in(r.err, "skipped 2", "stderr");
    char *m = slurp(fmt("%s/manifest.tsv", out), NULL);
    assert_non_null(m);
    int lines = 0;
    for (char *p = m; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 4);
    expect_in(m, "\nnew\\nline.xml\t実施計画\tskipped\t", "manifest");
    expect_in(m, "\ntab\\there.xml\t実施計画\tskipped\t", "manifest");
}

/* Batch on a full disk (OUTDIR a small tmpfs, filled; root only): each
 * plan's line names the reason in Japanese, a plan with data errors says
 * it has errors, no diagnostics file is pointed at that was not written,
 * and the old PDFs are intact.  Also: the limits' options are checked. */
static void test_batch_full_disk_messages(void **state)
{
    (void)state;
    run_result r;
    char *plans = fmt("%s/plans", work), *out = fmt("%s/out", work);
    gs(&r, "batch", sample("nagaoka.xml"), "-o", out, "--plan-timeout", "x", NULL);
    expect_status(&r, 2);
    expect_in(r.err, "--plan-timeout", "stderr");
    gs(&r, "batch", sample("nagaoka.xml"), "-o", out, "--plan-memory", "-1", NULL);
    expect_status(&r, 2);

    assert_int_equal(mkdir(plans, 0777), 0);
    assert_int_equal(mkdir(out, 0777), 0);
    run(&r, "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", out, NULL);
    if (r.status != 0) {
        print_message("test_batch_full_disk_messages: cannot mount a tmpfs (%s): skipped\n",
                      r.err);
        skip();
    }
    copy_file(sample("nagaoka.xml"), fmt("%s/a.xml", plans));
    run_result first, full, after;
    gs(&first, "batch", plans, "-o", out, "-j", "2", NULL);
    char *apdf = fmt("%s/a.pdf", out);
    size_t alen = 0;
    char *aold = slurp(apdf, &alen);
    /* a changed plan, and one with data errors */
    char *text = slurp(sample("nagaoka.xml"), NULL);
    char *at = strstr(text, "<department>");
    assert_non_null(at);
    spit(fmt("%s/a.xml", plans), text, (size_t)(at - text + 12));
    FILE *f = fopen(fmt("%s/a.xml", plans), "ab");
    fprintf(f, "第2版 %s", at + 12);
    fclose(f);
    copy_file(sample("nagaoka-broken-invalid.xml"), fmt("%s/bad.xml", plans));
    run(&r, "dd", "if=/dev/zero", fmt("of=%s/filler", out), "bs=4096", NULL);
    gs(&full, "batch", plans, "-o", out, NULL);
    size_t alen2 = 0;
    char *anow = slurp(apdf, &alen2);
    unlink(fmt("%s/filler", out));
    gs(&after, "batch", plans, "-o", out, NULL);
    run(&r, "umount", out, NULL);

    expect_status(&first, 0);
    expect_status(&full, 4);
    expect_in(full.err, "STALE    a.xml (書き出せません / could not write: ", "stderr");
    expect_in(full.err, "ディスクに空きがありません (ENOSPC)", "stderr");
    expect_in(full.err, "FAILED   bad.xml (エラー ", "stderr");
    expect_in(full.err, "error[E202]", "stderr");       /* its first error, shown */
    expect_not_in(full.err, "diagnostics:", "stderr");  /* none could be written */
    expect_in(full.err, "error[E503]", "stderr");       /* nor the manifest */
    expect_in(full.err, "manifest not written", "stderr");
    expect_not_in(full.err, "error[E404]: /", "stderr"); /* said once, as the reason */
    assert_non_null(aold);
    assert_int_equal(alen, alen2);
    assert_memory_equal(aold, anow, alen);
    expect_status(&after, 1);
    expect_in(after.err, "FAILED   bad.xml (エラー ", "stderr");
    expect_in(after.err, "diagnostics: ", "stderr");
    expect_not_in(after.err, "ENOSPC", "stderr");
}

/* diff and dump refuse what is not a regular file before opening it:
 * /dev/zero never ends (it was read until memory ran out) and a FIFO with
 * no writer blocks an open (diff hung).  Each run is under `timeout` and,
 * for the sanitized build, an RSS limit, so that a regression fails the
 * test instead of hanging the suite or filling the machine. */
static void test_diff_special_files(void **state)
{
    (void)state;
    char *plan = sample("nagaoka.xml");
    char *fifo = fmt("%s/plan.fifo", work);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    const char *inputs[] = {"/dev/zero", fifo};
    const char *kinds[] = {"(デバイス)", "(名前付きパイプ (FIFO))"};
    for (size_t i = 0; i < 2; i++) {
        run_result r;
        run(&r, "env", "ASAN_OPTIONS=detect_leaks=1:hard_rss_limit_mb=1024", "timeout",
            "-s", "KILL", "20", gs_bin, "diff", inputs[i], plan, NULL);
        assert_sanitizer_clean(&r);
        expect_status(&r, 3);
        assert_int_equal(r.out_len, 0);
        expect_in(r.err, fmt("%s: error[E131]: ファイルが通常のファイルではありません %s",
                             inputs[i], kinds[i]), "stderr");
        run(&r, "env", "ASAN_OPTIONS=detect_leaks=1:hard_rss_limit_mb=1024", "timeout",
            "-s", "KILL", "20", gs_bin, "dump", inputs[i], NULL);
        assert_sanitizer_clean(&r);
        expect_status(&r, 1);
        assert_int_equal(r.out_len, 0);
        expect_in(r.err, "error[E131]", "stderr");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_render_sample, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_matches_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_check_bites, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf_tools_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_document_structure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_as_printed_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_same_pdf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_bad_cell, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_json, setup, teardown),
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
        cmocka_unit_test_setup_teardown(test_output_is_input_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables_closed_checker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_viewer_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_soft_facility_funding_renders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_soft_facility_funding_mistyped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kpi_increment_after_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regional_plan_renders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regional_kpis_are_7s, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regional_plan_of_a_town, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regional_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regional_figures_disagree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_document_option, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overview_one_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overview_overflow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_template_checked_at_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_very_long_project_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_never_destroys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_odd_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_full_disk_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diff_special_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_sample, setup, teardown),
    };
    return cmocka_run_group_tests_name("e2e", tests, group_setup, group_teardown);
}
