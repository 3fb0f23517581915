/*
 * main.c - the grantsheet command line.
 *
 * One cmd_* function per subcommand, found through a table (git style).
 * This is the only place that prints or exits: the stages below return
 * diagnostics and this file shows them, every one, sorted by input line.
 *
 * Exit status (documented in README.md):
 *   0  done (warnings may have been printed)
 *   1  the plan has errors; nothing was written
 *   2  the command line is wrong
 *   3  grantsheet's own files (templates, fonts) are missing or broken
 *   4  the PDF could not be written (permissions, full disk); the previous
 *      file, if any, is untouched
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/pipeline.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/diag.h"

enum { EXIT_OK = 0, EXIT_PLAN = 1, EXIT_USAGE = 2, EXIT_SETUP = 3, EXIT_WRITE = 4 };

static const char usage_text[] =
    "使い方 / usage:\n"
    "  grantsheet render PLAN.xml [-o OUT.pdf] [--sheet TEMPLATE]\n"
    "      計画データを検査し、PDF を作成します (既定: PLAN.pdf)。\n"
    "      Check the plan and write its PDF (default: PLAN.pdf).\n"
    "  grantsheet validate [--format=text|json] PLAN.xml...\n"
    "      検査だけを行い、問題をすべて表示します (json: 標準出力に JSON 配列)。\n"
    "      Check plans and report every problem; write nothing.\n"
    "      --format=json prints them as a JSON array on stdout.\n"
    "  grantsheet --help | --version\n"
    "\n"
    "終了コード / exit status: 0 成功, 1 計画データの誤り (何も書き出しません),\n"
    "  2 コマンドの誤り, 3 テンプレート・フォントの不備, 4 書き出しの失敗\n";

static enum { FORMAT_TEXT, FORMAT_JSON } report_format = FORMAT_TEXT;

/* Every message to the user goes through here: diagnostics as text on
 * stderr, or as JSON on stdout for machines. */
static void report(const gs_diags *d)
{
    if (report_format == FORMAT_JSON) {
        gs_buf json = GS_BUF_INIT;
        gs_diags_to_json(d, &json);
        fputs(json.data, stdout);
        gs_buf_free(&json);
        return;
    }
    gs_buf line = GS_BUF_INIT;
    for (size_t i = 0; i < d->n; i++) {
        gs_buf_clear(&line);
        gs_diag_format(&d->v[i], &line);
        fprintf(stderr, "%s\n", line.data);
    }
    if (d->errors || d->warnings)
        fprintf(stderr, "grantsheet: エラー %zu 件、警告 %zu 件\n", d->errors,
                d->warnings);
    gs_buf_free(&line);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "grantsheet: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage_text);
    return EXIT_USAGE;
}

static gs_pipeline *open_pipeline(const char *sheet, gs_diags *d)
{
    char *datadir = gs_pipeline_find_datadir();
    if (!datadir) {
        gs_srcpos none = {NULL, 0, 0};
        gs_diags_add(d, GS_ERROR, "E301", none,
                     "テンプレートとフォントのフォルダが見つかりません "
                     "(GRANTSHEET_DATADIR で指定できます)");
        return NULL;
    }
    gs_pipeline *pl = gs_pipeline_new(datadir, sheet, d);
    free(datadir);
    return pl;
}

/* PLAN.xml -> PLAN.pdf */
static char *default_output(const char *plan)
{
    size_t n = strlen(plan);
    if (n > 4 && strcmp(plan + n - 4, ".xml") == 0)
        n -= 4;
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, plan, n);
    gs_buf_puts(&b, ".pdf");
    return gs_buf_detach(&b);
}

static int cmd_render(int argc, char **argv)
{
    const char *plan = NULL, *out = NULL, *sheet = NULL;
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--sheet") == 0 && i + 1 < argc)
            sheet = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("不明なオプション %s です", argv[i]);
        else if (!plan)
            plan = argv[i];
        else
            return usage_error("render に渡せる計画データは1つです (%s)", argv[i]);
    }
    if (!plan)
        return usage_error("計画データのファイルを指定してください%s", "");

    int rc;
    gs_diags d = GS_DIAGS_INIT;
    gs_buf pdf = GS_BUF_INIT;
    char *path = out ? gs_xstrdup(out) : default_output(plan);
    gs_pipeline *pl = open_pipeline(sheet, &d);
    if (!pl) {
        rc = EXIT_SETUP;
        goto done;
    }
    rc = gs_pipeline_run(pl, plan, &pdf, &d);
    if (rc == 0) {
        gs_buf err = GS_BUF_INIT;
        if (gs_write_atomic(path, pdf.data, pdf.len, &err) != 0) {
            gs_srcpos none = {NULL, 0, 0};
            gs_diags_add(&d, GS_ERROR, "E404", none, "%s", err.data);
            rc = EXIT_WRITE;
        }
        gs_buf_free(&err);
    }
done:
    gs_diags_sort(&d);
    report(&d);
    gs_diags_free(&d);
    gs_buf_free(&pdf);
    gs_pipeline_free(pl);
    free(path);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    int nplans = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format=json") == 0)
            report_format = FORMAT_JSON;
        else if (strcmp(argv[i], "--format=text") == 0)
            report_format = FORMAT_TEXT;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("不明なオプション %s です", argv[i]);
        else
            nplans++;
    }
    if (nplans == 0)
        return usage_error("計画データのファイルを指定してください%s", "");
    gs_diags d = GS_DIAGS_INIT;
    int rc = EXIT_OK;
    gs_pipeline *pl = open_pipeline(NULL, &d);
    if (!pl) {
        rc = EXIT_SETUP;
    } else {
        for (int i = 1; i < argc; i++) {
            if (argv[i][0] == '-' && argv[i][1])
                continue;
            int r = gs_pipeline_run(pl, argv[i], NULL, &d);
            if (r > rc)
                rc = r;
        }
    }
    gs_diags_sort(&d);
    report(&d);
    gs_diags_free(&d);
    gs_pipeline_free(pl);
    return rc;
}

static int cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs(usage_text, stdout);
    return EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("grantsheet %s\n", GS_VERSION);
    return EXIT_OK;
}

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} commands[] = {
    {"render", cmd_render},
    {"validate", cmd_validate},
    {"help", cmd_help},
    {"--help", cmd_help},
    {"-h", cmd_help},
    {"--version", cmd_version},
    {"version", cmd_version},
};

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("サブコマンドを指定してください%s", "");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    return usage_error("不明なサブコマンド %s です", argv[1]);
}
