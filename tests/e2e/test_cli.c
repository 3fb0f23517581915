/*
 * test_cli.c - the command line behaves like a well-kept tool's.
 *
 * Each subcommand answers --help with its synopsis and every option it
 * takes (the options come from one table in src/cli/main.c, so a parsed
 * option without help would show here as missing); an unknown option and
 * an option without its value are the command line's mistake (exit 2)
 * and say so; a missing input file is exit 2 in every subcommand; and on
 * a terminal render and validate end with one line saying what was done,
 * while off a terminal they stay silent on success.  The terminal is
 * script(1)'s pty (util-linux, in every Debian).
 *
 * Environment (set by `make e2e`): GS_BIN, GRANTSHEET_DATADIR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "e2e.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *root, *bin;
static char dir[64];
static char out[65536], err[65536];

static void slurp_into(const char *path, char *buf, size_t cap)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Runs argv (argv[0] is the program) in dir; stdout, stderr into out, err. */
static int run(char *const argv[])
{
    char op[128], ep[128];
    snprintf(op, sizeof op, "%s/out.txt", dir);
    snprintf(ep, sizeof ep, "%s/err.txt", dir);
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(op, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(ep, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || chdir(dir) != 0)
            _exit(127);
        dup2(o, 1);
        dup2(e, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    slurp_into(op, out, sizeof out);
    slurp_into(ep, err, sizeof err);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

#define GS(...) run((char *const[]){bin, __VA_ARGS__, NULL})

static void expect_in(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

static char *sample(void)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/samples/nagaoka.xml", root);
    return p;
}

static void test_help_of_each_subcommand(void **state)
{
    (void)state;
    static const struct {
        const char *cmd;
        const char *opts[9];
    } want[] = {
        {"render", {"--output OUT.pdf", "--document", "--sheet", "--help"}},
        {"validate", {"--format text|json", "--document", "--help"}},
        {"batch", {"--output OUTDIR", "--document", "-j, --jobs N", "--shard K/N", "--no-wait",
                   "-q, --quiet", "--plan-timeout SECONDS", "--plan-memory MB", "--help"}},
        {"dump", {"--document", "--help"}},
        {"diff", {"--document", "--help"}},
        {"init", {"--help"}},
        {"convert", {"--output OUT.xml|OUT.xlsx", "--help"}},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *cmd = (char *)want[i].cmd;
        assert_int_equal(GS(cmd, "--help"), 0);
        char syn[64];
        snprintf(syn, sizeof syn, "grantsheet %s", cmd);
        expect_in(out, syn);
        expect_in(out, "オプション / options:");
        for (size_t k = 0; k < 9 && want[i].opts[k]; k++)
            expect_in(out, want[i].opts[k]);
        assert_string_equal(err, "");
        /* -h and `help CMD` say the same */
        char saved[sizeof out];
        strcpy(saved, out);
        assert_int_equal(GS(cmd, "-h"), 0);
        assert_string_equal(out, saved);
        assert_int_equal(GS("help", cmd), 0);
        assert_string_equal(out, saved);
    }
    /* a render option is not batch's, and the other way round */
    assert_int_equal(GS("batch", "--help"), 0);
    assert_null(strstr(out, "--sheet"));
    assert_int_equal(GS("render", "--help"), 0);
    assert_null(strstr(out, "--shard"));
    /* init and convert are in the usage, with their options */
    assert_int_equal(GS("--help"), 0);
    expect_in(out, "grantsheet init PLAN.xlsx|PLAN.xml");
    expect_in(out, "grantsheet convert [-o OUT.xml|OUT.xlsx] IN");
    assert_int_equal(GS("init", "--bogus"), 2);
    expect_in(err, "不明なオプション --bogus です");
}

static void test_bad_options(void **state)
{
    (void)state;
    char *plan = sample();
    assert_int_equal(GS("render", plan, "--bogus"), 2);
    expect_in(err, "不明なオプション --bogus です");
    assert_int_equal(GS("validate", "-x", plan), 2);
    expect_in(err, "不明なオプション -x です");
    assert_int_equal(GS("render", plan, "-j", "2"), 2);
    expect_in(err, "不明なオプション -j です");
    /* -o without its value: named, not "unknown" */
    assert_int_equal(GS("render", plan, "-o"), 2);
    expect_in(err, "オプションの値がありません: -o OUT.pdf");
    assert_int_equal(GS("batch", plan, "--output"), 2);
    expect_in(err, "オプションの値がありません: --output OUTDIR");
    assert_int_equal(GS("validate", plan, "--document"), 2);
    expect_in(err, "オプションの値がありません: --document NAME|all");
    assert_int_equal(GS("validate", "--format=xml", plan), 2);
    expect_in(err, "--format には text か json");
    /* nothing was written */
    assert_int_equal(access("nagaoka.pdf", F_OK), -1);
}

static void test_missing_input_same_status(void **state)
{
    (void)state;
    char *plan = sample();
    assert_int_equal(GS("render", "nothere.xml"), 2);
    expect_in(err, "nothere.xml: ファイルがありません");
    assert_int_equal(GS("validate", plan, "nothere.xml"), 2);
    expect_in(err, "nothere.xml: ファイルがありません");
    assert_int_equal(GS("dump", "nothere.xml"), 2);
    expect_in(err, "nothere.xml: ファイルがありません");
    assert_int_equal(GS("diff", plan, "nothere.xml"), 2);
    expect_in(err, "nothere.xml: ファイルがありません");
    assert_int_equal(GS("batch", "nothere.xml", "-o", "outdir"), 2);
    expect_in(err, "nothere.xml");
}

/* One line on a terminal, nothing off it. */
static void test_terminal_line(void **state)
{
    (void)state;
    char *plan = sample();
    assert_int_equal(GS("render", plan, "-o", "x.pdf"), 0);
    assert_string_equal(err, "");
    assert_int_equal(GS("validate", plan), 0);
    assert_string_equal(err, "");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' render '%s' -o y.pdf", bin, plan);
    assert_int_equal(run((char *const[]){"script", "-qec", cmd, "/dev/null", NULL}), 0);
    expect_in(out, "y.pdf: 7 ページ");
    snprintf(cmd, sizeof cmd, "'%s' validate '%s'", bin, plan);
    assert_int_equal(run((char *const[]){"script", "-qec", cmd, "/dev/null", NULL}), 0);
    expect_in(out, "問題はありません");
    /* a plan with errors gets its errors, not the line */
    snprintf(cmd, sizeof cmd, "'%s' validate '%s/samples/nagaoka-broken-invalid.xml'", bin, root);
    assert_int_equal(run((char *const[]){"script", "-qec", cmd, "/dev/null", NULL}), 1);
    assert_null(strstr(out, "問題はありません"));
    expect_in(out, "error[");
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/gs-cli-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return e2e_rm_rf(dir);
}

int main(void)
{
    root = getenv("GRANTSHEET_DATADIR");
    bin = getenv("GS_BIN");
    if (!root || !bin) {
        fprintf(stderr, "test_cli: run through `make e2e` (GS_BIN, GRANTSHEET_DATADIR)\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_help_of_each_subcommand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_input_same_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terminal_line, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
