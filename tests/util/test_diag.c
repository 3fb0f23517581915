/*
 * test_diag.c - diagnostics: the FILE:LINE: error[CODE]: form, sorting,
 * counting, and the atomic writer that keeps failed runs from leaving files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/diag.h"

static void test_format(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_srcpos pos = {"plan.xml", 42, 0};
    gs_diag *g = gs_diags_add(&d, GS_ERROR, "E202", pos, "計 %s が違います", "12,000千円");
    gs_diag_set_where(g, "(別紙1-1)", "【②】", 2026);
    gs_diag_set_figures(g, "12,000千円", "12,719千円");
    gs_srcpos nofile = {NULL, 0, 0};
    gs_diags_add(&d, GS_WARNING, "W207", nofile, "比率");
    gs_buf b = GS_BUF_INIT;
    gs_diag_format(&d.v[0], &b);
    assert_string_equal(b.data, "plan.xml:42: error[E202]: 計 12,000千円 が違います");
    gs_buf_clear(&b);
    gs_diag_format(&d.v[1], &b);
    assert_string_equal(b.data, "grantsheet: warning[W207]: 比率");
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 1);
    assert_true(gs_diags_has_errors(&d));
    assert_string_equal(d.v[0].stated, "12,000千円");
    assert_int_equal(d.v[0].fy, 2026);
    gs_buf_free(&b);
    gs_diags_free(&d);
}

static void test_sort_and_move(void **state)
{
    (void)state;
    gs_diags a = GS_DIAGS_INIT, b = GS_DIAGS_INIT;
    gs_diags_add(&a, GS_ERROR, "E1", (gs_srcpos){"p.xml", 30, 0}, "c");
    gs_diags_add(&a, GS_ERROR, "E2", (gs_srcpos){"p.xml", 10, 0}, "a");
    gs_diags_add(&b, GS_WARNING, "W3", (gs_srcpos){"p.xml", 10, 0}, "b");
    gs_diags_add(&b, GS_ERROR, "E1", (gs_srcpos){"p.xml", 30, 0}, "c"); /* repeat */
    gs_diags_move(&a, &b);
    assert_int_equal(b.n, 0);
    assert_int_equal(a.n, 4);
    assert_int_equal(a.warnings, 1);
    gs_diags_sort(&a);
    assert_int_equal(a.n, 3);      /* the repeat is said once */
    assert_int_equal(a.errors, 2);
    assert_string_equal(a.v[0].message, "a"); /* stable among equal lines */
    assert_string_equal(a.v[1].message, "b");
    assert_string_equal(a.v[2].message, "c");
    gs_diags_free(&a);
    gs_diags_free(&b);
    gs_diags_free(NULL);
}

/* Workbook cells (diag.h) sort by row, then column, within their sheet:
 * K4 before K14, and row 3 before row 4 whatever the column. */
static void test_sort_cells(void **state)
{
    (void)state;
    gs_diags a = GS_DIAGS_INIT;
    gs_diags_add(&a, GS_ERROR, "E1", (gs_srcpos){"b.xlsx:KPI!K14", 0, 0}, "3");
    gs_diags_add(&a, GS_ERROR, "E1", (gs_srcpos){"b.xlsx:KPI!K4", 0, 0}, "2");
    gs_diags_add(&a, GS_ERROR, "E1", (gs_srcpos){"b.xlsx:KPI!L3", 0, 0}, "1");
    gs_diags_add(&a, GS_ERROR, "E1", (gs_srcpos){"b.xlsx:KPI!AA14", 0, 0}, "4");
    gs_diags_sort(&a);
    assert_string_equal(a.v[0].message, "1");
    assert_string_equal(a.v[1].message, "2");
    assert_string_equal(a.v[2].message, "3");
    assert_string_equal(a.v[3].message, "4");
    gs_buf b = GS_BUF_INIT;
    gs_diag_format(&a.v[0], &b);
    assert_string_equal(b.data, "b.xlsx:KPI!L3: error[E1]: 1");
    gs_buf_free(&b);
    gs_diags_free(&a);
}

static void test_json(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_buf b = GS_BUF_INIT;
    gs_diags_to_json(&d, &b);
    assert_string_equal(b.data, "[]\n");
    gs_buf_clear(&b);
    gs_diag *g = gs_diags_add(&d, GS_ERROR, "E202", (gs_srcpos){"a\"b.xml", 51, 3},
                              "計 \"x\"\n改行\\");
    gs_diag_set_where(g, "(別紙1-1)", NULL, 2026);
    gs_diag_set_figures(g, "12,000千円", "12,719千円");
    gs_diags_add(&d, GS_WARNING, "W207", (gs_srcpos){NULL, 0, 0}, "%s", "\x01");
    gs_diags_to_json(&d, &b);
    assert_string_equal(b.data,
        "[\n  {\"code\": \"E202\", \"severity\": \"error\", \"file\": \"a\\\"b.xml\", "
        "\"line\": 51, \"column\": 3, \"sheet\": \"(別紙1-1)\", \"row\": null, "
        "\"year\": 2026, \"stated\": \"12,000千円\", \"computed\": \"12,719千円\", "
        "\"message\": \"計 \\\"x\\\"\\n改行\\\\\"},\n"
        "  {\"code\": \"W207\", \"severity\": \"warning\", \"file\": null, "
        "\"line\": null, \"column\": null, \"sheet\": null, \"row\": null, "
        "\"year\": null, \"stated\": null, \"computed\": null, "
        "\"message\": \"\\u0001\"}\n]\n");
    gs_buf_free(&b);
    gs_diags_free(&d);
}

static int count_entries(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void test_atomic_write(void **state)
{
    (void)state;
    char dir[] = "/tmp/gs-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    gs_buf err = GS_BUF_INIT;
    assert_int_equal(gs_write_atomic(path, "new", 3, GS_ATOMIC_SYNC | GS_ATOMIC_SYNC_DIR, NULL, &err), 0);
    FILE *f = fopen(path, "rb");
    char got[8] = {0};
    assert_int_equal(fread(got, 1, sizeof got, f), 3);
    fclose(f);
    assert_memory_equal(got, "new", 3);
    assert_int_equal(count_entries(dir), 1); /* no temporary left behind */

    /* a target in a missing folder fails and says so */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/out.pdf", dir);
    assert_int_equal(gs_write_atomic(bad, "x", 1, 0, NULL, &err), -1);
    assert_non_null(strstr(err.data, "missing"));
    gs_buf_free(&err);
    unlink(path);
    rmdir(dir);
}

/* A full disk: /dev/full accepts the open (via its folder, /dev, where we
 * cannot create files as a normal user) - so simulate with a file size
 * limit instead: RLIMIT_FSIZE makes write() fail with EFBIG. */
#include <signal.h>
#include <sys/resource.h>
static void test_atomic_write_fails_cleanly(void **state)
{
    (void)state;
    char dir[] = "/tmp/gs-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    FILE *f = fopen(path, "wb");
    fputs("old", f);
    fclose(f);

    struct rlimit old, lim = {1024, 1024};
    getrlimit(RLIMIT_FSIZE, &old);
    lim.rlim_max = old.rlim_max;
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &lim);
    char *big = calloc(1, 4096);
    gs_buf err = GS_BUF_INIT;
    int rc = gs_write_atomic(path, big, 4096, GS_ATOMIC_SYNC, NULL, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, SIG_DFL);
    assert_int_equal(rc, -1);
    f = fopen(path, "rb");
    char got[8] = {0};
    assert_int_equal(fread(got, 1, sizeof got, f), 3);
    fclose(f);
    assert_memory_equal(got, "old", 3);        /* the old file is intact */
    assert_non_null(strstr(err.data, "(EFBIG)")); /* and the reason is named */
    assert_int_equal(count_entries(dir), 1);   /* and no temporary remains */
    free(big);
    gs_buf_free(&err);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_sort_and_move),
        cmocka_unit_test(test_sort_cells),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_atomic_write),
        cmocka_unit_test(test_atomic_write_fails_cleanly),
    };
    return cmocka_run_group_tests_name("util/diag", tests, NULL, NULL);
}
