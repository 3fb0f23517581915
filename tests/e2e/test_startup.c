/*
 * test_startup.c - what a grantsheet process loads before it does anything.
 *
 * Each shared library costs a process about a quarter of a millisecond
 * before main (issue 12), so the binary names as few as it can: libqpdf,
 * libxlsxwriter and libzip are loaded only by the commands that use them
 * (src/util/dl.h), and libxml2, ICU, libcsv, libdeflate, liblzma and
 * libcrypto are linked from their Debian archives (the Makefile says why).
 * So the binary must not name them among the libraries the dynamic loader
 * maps, a render must not load the late ones, and the commands that use
 * them must still work when they come in late: dump reads the figures back
 * from a rendered PDF, diff compares two, convert writes a workbook and
 * render reads it.
 *
 * Environment (set by `make e2e`): GS_BIN, GRANTSHEET_DATADIR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

static char *root, *bin;

static int group_setup(void **state)
{
    (void)state;
    e2e_env(&root, &bin);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    free(bin);
    free(root);
    return 0;
}

static void test_few_libraries_at_start(void **state)
{
    (void)state;
    char *cmd = NULL;
    if (asprintf(&cmd, "readelf -d '%s'", bin) < 0)
        abort();
    int st;
    char *dyn;
    st = e2e_sh(cmd, &dyn);
    free(cmd);
    assert_int_equal(st, 0);
    assert_non_null(strstr(dyn, "(NEEDED)"));
    assert_non_null(strstr(dyn, "libhpdf"));
    static const char *const not_needed[] = {
        "libqpdf", "libxlsxwriter", "libzip", "libxml2", "libicu",
        "libcsv", "libdeflate", "liblzma", "libcrypto", "libstdc++",
    };
    for (size_t i = 0; i < sizeof not_needed / sizeof *not_needed; i++)
        if (strstr(dyn, not_needed[i]))
            fail_msg("%s is linked:\n%s", not_needed[i], dyn);
    free(dyn);
}

/* The libraries the dynamic loader opened for a command, as LD_DEBUG=files
 * tells them (one "file=NAME [0];  needed by ..." line each). */
static char *opened_by(const char *dir, const char *args)
{
    char *cmd = NULL;
    if (asprintf(&cmd, "cd '%s' && LD_DEBUG=files '%s' %s 2>&1 >/dev/null | "
                 "grep -o 'file=[^ ]*' | sort -u",
                 dir, bin, args) < 0)
        abort();
    char *out;
    int st = e2e_sh(cmd, &out);
    free(cmd);
    assert_int_equal(st, 0);
    return out;
}

static void test_late_libraries_load_on_use(void **state)
{
    (void)state;
    char *dir = e2e_tmpdir("startup");
    char *args = NULL;
    if (asprintf(&args, "render '%s/samples/nagaoka.xml' -o a.pdf", root) < 0)
        abort();
    char *libs = opened_by(dir, args);
    free(args);
    assert_non_null(strstr(libs, "libhpdf")); /* LD_DEBUG did tell */
    if (strstr(libs, "libzip") || strstr(libs, "libxlsxwriter") ||
        strstr(libs, "libqpdf"))
        fail_msg("a render opened a library it does not call:\n%s", libs);
    free(libs);

    if (asprintf(&args, "convert '%s/samples/nagaoka.xml' -o plan.xlsx", root) < 0)
        abort();
    libs = opened_by(dir, args);
    free(args);
    assert_non_null(strstr(libs, "libxlsxwriter"));
    free(libs);

    libs = opened_by(dir, "render plan.xlsx -o b.pdf");
    assert_non_null(strstr(libs, "libzip"));
    if (strstr(libs, "libxlsxwriter"))
        fail_msg("reading a workbook opened libxlsxwriter:\n%s", libs);
    free(libs);
    /* and the workbook read late is the same plan */
    char *cmd = NULL, *out = NULL;
    if (asprintf(&cmd, "cd '%s' && '%s' diff a.pdf b.pdf", dir, bin) < 0)
        abort();
    int st = e2e_sh(cmd, &out);
    free(cmd);
    assert_int_equal(st, 0);
    free(out);
    e2e_rm_rf(dir);
    free(dir);
}

static void test_pdf_read_back_loads_qpdf(void **state)
{
    (void)state;
    char dir[] = "/tmp/gs-startup-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *cmd = NULL;
    if (asprintf(&cmd,
                 "cd '%s' && '%s' render '%s/samples/nagaoka.xml' -o a.pdf && "
                 "'%s' render '%s/samples/yuzawa.xml' -o b.pdf && "
                 "'%s' dump a.pdf && '%s' diff a.pdf a.pdf && "
                 "{ '%s' diff a.pdf b.pdf >/dev/null; echo \"diff=$?\"; }",
                 dir, bin, root, bin, root, bin, bin, bin) < 0)
        abort();
    int st;
    char *out;
    st = e2e_sh(cmd, &out);
    free(cmd);
    assert_int_equal(st, 0);
    /* the figures came back, the same PDF has no difference, another has */
    assert_non_null(strstr(out, "sheet\tsection\trow\tcolumn\tvalue\n"));
    assert_non_null(strstr(out, "12,219千円"));
    assert_non_null(strstr(out, "diff=1"));
    free(out);
    if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
        abort();
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_few_libraries_at_start),
        cmocka_unit_test(test_pdf_read_back_loads_qpdf),
        cmocka_unit_test(test_late_libraries_load_on_use),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
