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
#include <sys/stat.h>
#include <unistd.h>

#include "e2e.h"

static char *root, *bin, *work;

static int group_setup(void **state)
{
    (void)state;
    return e2e_begin(&root, &bin, &work, "startup");
}

static int group_teardown(void **state)
{
    (void)state;
    return e2e_end(&root, &bin, &work);
}

/* A new folder WORK/NAME for one test (free the name). */
static char *subdir(const char *name)
{
    char *dir = e2e_fmt("%s/%s", work, name);
    assert_int_equal(mkdir(dir, 0700), 0);
    return dir;
}

static void test_few_libraries_at_start(void **state)
{
    (void)state;
    char *cmd = e2e_fmt("readelf -d '%s'", bin);
    char *dyn;
    int st = e2e_sh(cmd, &dyn);
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

/* The libraries the dynamic loader opened for `grantsheet ARGS` run in
 * DIR, as LD_DEBUG=files tells them (one "file=NAME" each). */
static char *opened_by(const char *dir, const char *args)
{
    char *cmd = e2e_fmt("cd '%s' && LD_DEBUG=files '%s' %s 2>&1 >/dev/null | "
                        "grep -o 'file=[^ ]*' | sort -u", dir, bin, args);
    char *out;
    int st = e2e_sh(cmd, &out);
    free(cmd);
    assert_int_equal(st, 0);
    return out;
}

static void test_late_libraries_load_on_use(void **state)
{
    (void)state;
    char *dir = subdir("late");
    char *args = e2e_fmt("render '%s/samples/nagaoka.xml' -o a.pdf", root);
    char *libs = opened_by(dir, args);
    free(args);
    assert_non_null(strstr(libs, "libhpdf")); /* LD_DEBUG did tell */
    if (strstr(libs, "libzip") || strstr(libs, "libxlsxwriter") ||
        strstr(libs, "libqpdf"))
        fail_msg("a render opened a library it does not call:\n%s", libs);
    free(libs);

    args = e2e_fmt("convert '%s/samples/nagaoka.xml' -o plan.xlsx", root);
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
    char *cmd = e2e_fmt("cd '%s' && '%s' diff a.pdf b.pdf", dir, bin);
    assert_int_equal(e2e_sh(cmd, NULL), 0);
    free(cmd);
    free(dir);
}

static void test_pdf_read_back_loads_qpdf(void **state)
{
    (void)state;
    char *dir = subdir("readback");
    char *cmd = e2e_fmt("cd '%s' && '%s' render '%s/samples/nagaoka.xml' -o a.pdf && "
                        "'%s' render '%s/samples/yuzawa.xml' -o b.pdf && "
                        "'%s' dump a.pdf && '%s' diff a.pdf a.pdf && "
                        "{ '%s' diff a.pdf b.pdf >/dev/null; echo \"diff=$?\"; }",
                        dir, bin, root, bin, root, bin, bin, bin);
    char *out;
    int st = e2e_sh(cmd, &out);
    free(cmd);
    assert_int_equal(st, 0);
    /* the figures came back, the same PDF has no difference, another has */
    assert_non_null(strstr(out, "sheet\tsection\trow\tcolumn\tvalue\n"));
    assert_non_null(strstr(out, "12,219千円"));
    assert_non_null(strstr(out, "diff=1"));
    free(out);
    free(dir);
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
