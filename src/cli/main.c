/*
 * main.c - the grantsheet command line.
 *
 * One cmd_* function per subcommand, found through a table (git style),
 * and one table of every option (cli_options) from which getopt_long's
 * tables, the usage and each subcommand's --help are made, so an option
 * cannot be parsed without being documented.  This is the only place that prints or exits: the stages below return
 * diagnostics and this file shows them, every one, sorted by input line.
 *
 * Exit status (documented in README.md):
 *   0  done (warnings may have been printed)
 *   1  the plan has errors; nothing was written
 *   2  the command line is wrong, or names an input that does not exist
 *   3  grantsheet's own files (templates, fonts) are missing or broken
 *   4  the PDF could not be written (permissions, full disk), or -o names
 *      something that is not a PDF (E405); the file there, if any, is
 *      untouched; init and convert found their output already there (E405)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "batch/batch.h"
#include "input/input.h"
#include "output/workbook.h"
#include "pipeline/pipeline.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/fy.h"
#include "util/tsv.h"

enum { EXIT_OK = 0, EXIT_PLAN = 1, EXIT_USAGE = 2, EXIT_SETUP = 3, EXIT_WRITE = 4 };

/* ---------------------------------------------------------- the tables */

#define MAX_OUTS 16

/* Every option of every subcommand, one row each: getopt_long's tables,
 * the usage and each subcommand's --help are all made from these rows, so
 * an option cannot be parsed without being documented.  cmds lists the
 * subcommands (space-separated) that take the row; one option may have a
 * row per subcommand when its value means something else there (-o). */
enum {
    OPT_OUTPUT,
    OPT_DOCUMENT,
    OPT_SHEET,
    OPT_FORMAT,
    OPT_JOBS,
    OPT_SHARD,
    OPT_NO_WAIT,
    OPT_QUIET,
    OPT_PLAN_TIMEOUT,
    OPT_PLAN_MEMORY,
    OPT_AS_OF,
    OPT_HELP,
    OPT_COUNT
};

static const struct cli_option {
    int id;
    const char *cmds;
    const char *name;  /* --name */
    char short_name;   /* -x, or 0 */
    const char *arg;   /* the value's placeholder, NULL for a flag */
    const char *help;
} cli_options[] = {
    {OPT_OUTPUT, "render", "output", 'o', "OUT.pdf",
     "PDF の名前 (文書ごとに並べられます。既定 PLAN.pdf) / the PDF to write"},
    {OPT_OUTPUT, "batch", "output", 'o', "OUTDIR",
     "出力フォルダー (必須) / the output folder (required)"},
    {OPT_OUTPUT, "report", "output", 'o', "活用状況.pdf",
     "活用状況の PDF (必須) / the report to write (required)"},
    {OPT_AS_OF, "report", "as-of", 0, "YYYY-MM-DD",
     "この日までに終わった年度を実績の年度とします (既定: 計画ごとの報告日)"},
    {OPT_OUTPUT, "convert", "output", 'o', "OUT.xml|OUT.xlsx",
     "変換先 (必須、すでにあるファイルには書きません) / the file to write (required, new)"},
    {OPT_DOCUMENT, "render dump diff batch", "document", 0, "NAME|all",
     "文書: 実施計画 (jisshi)、地域再生計画 (saisei)、効果検証 (kouka)、\n"
     "      活用状況 (katsuyo)、all (既定 実施計画)"},
    {OPT_DOCUMENT, "validate", "document", 0, "NAME|all",
     "検査する文書 (既定 all) / the documents to check"},
    {OPT_SHEET, "render", "sheet", 0, "TEMPLATE",
     "1 枚のテンプレートだけを描画します (--document とは併用不可)"},
    {OPT_FORMAT, "validate", "format", 0, "text|json",
     "json: 問題を JSON の配列で標準出力に / problems as JSON on stdout"},
    {OPT_JOBS, "batch", "jobs", 'j', "N", "N 個のプロセスで作成 (1-256、既定 1)"},
    {OPT_SHARD, "batch", "shard", 0, "K/N", "N 台で分けるときのこの機械の分 / this machine's share"},
    {OPT_NO_WAIT, "batch", "no-wait", 0, NULL,
     "別の実行が作業中の計画は待たずに断ります (終了コード 5)"},
    {OPT_QUIET, "batch", "quiet", 'q', NULL, "成功・変更なしの行を省きます"},
    {OPT_PLAN_TIMEOUT, "batch", "plan-timeout", 0, "SECONDS",
     "1 計画あたりの CPU 時間の上限 (秒、既定 10、0 で上限なし)"},
    {OPT_PLAN_MEMORY, "batch", "plan-memory", 0, "MB",
     "1 計画あたりのメモリーの上限 (MB、既定 512、0 で上限なし)"},
    {OPT_HELP, "*", "help", 'h', NULL, "この説明を表示します / show this help"},
};

#define NOPTIONS (sizeof cli_options / sizeof *cli_options)

typedef int (*cmd_fn)(int argc, char **argv);
static int cmd_render(int argc, char **argv);
static int cmd_validate(int argc, char **argv);
static int cmd_batch(int argc, char **argv);
static int cmd_dump(int argc, char **argv);
static int cmd_diff(int argc, char **argv);
static int cmd_report(int argc, char **argv);
static int cmd_init(int argc, char **argv);
static int cmd_convert(int argc, char **argv);
static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

/* The subcommands (git style): a new one is one row here, its cmd_*
 * function and its rows in cli_options.  Rows without a synopsis are
 * aliases, left out of the usage. */
static const struct cli_command {
    const char *name;
    cmd_fn fn;
    const char *synopsis; /* what follows "grantsheet NAME [OPTIONS]" */
    const char *summary;  /* lines, each starting with six blanks */
} commands[] = {
    {"render", cmd_render, "PLAN.xml",
     "      計画データを検査し、PDF を作成します。既定は実施計画 (PLAN.pdf)、\n"
     "      --document 地域再生計画 で PLAN-地域再生計画.pdf、all ですべての文書。\n"
     "      Check the plan and write its PDF (or the document --document names).\n"},
    {"validate", cmd_validate, "PLAN.xml...",
     "      検査だけを行い、問題をすべて表示します (既定: すべての文書)。\n"
     "      Check plans and report every problem; write nothing.\n"},
    {"batch", cmd_batch, "PATH...",
     "      フォルダー内の計画データをすべて PDF にします。前回から変わっていない\n"
     "      計画は飛ばし、失敗した計画は前回の PDF を残します (一覧: OUTDIR/manifest.tsv)。\n"
     "      終了コード 0 すべて成功, 1 失敗した計画あり, 4 書き出しの失敗, 5 他の実行と競合\n"},
    {"dump", cmd_dump, "PLAN.xml|X.pdf",
     "      表のすべての数字を、並び順の決まった TSV で標準出力に書きます\n"
     "      (PDF を指定すると、PDF に添付された同じ一覧を書き出します)。\n"},
    {"diff", cmd_diff, "OLD NEW",
     "      2 つの計画データか grantsheet が作った PDF を比べ、変わった・増えた・\n"
     "      なくなった数字を 1 行ずつ示します (0 同じ, 1 違いあり, 3 読めない)。\n"},
    {"report", cmd_report, "PLAN.xml...",
     "      同じ団体の計画をまとめた活用状況 (一覧表と事業ごとの効果検証) を作り、\n"
     "      団体の年度ごとの国費の上限を計画すべてで検査します (E254)。\n"},
    {"init", cmd_init, "PLAN.xlsx|PLAN.xml",
     "      記入用のワークブック (.xlsx) か、注釈付きの XML のひな形を作ります。\n"
     "      Write a fill-in workbook, or a commented XML skeleton.\n"},
    {"convert", cmd_convert, "IN",
     "      計画データを .xml と .xlsx の間で変換します (数字も文もそのまま)。\n"
     "      Convert a plan between XML and workbook, losslessly.\n"},
    {"help", cmd_help, "[SUBCOMMAND]", "      使い方を表示します / show the usage.\n"},
    {"--help", cmd_help, NULL, NULL},
    {"-h", cmd_help, NULL, NULL},
    {"--version", cmd_version, NULL, NULL},
    {"version", cmd_version, "", "      版を表示します / show the version.\n"},
};

#define NCOMMANDS (sizeof commands / sizeof *commands)

static bool option_for(const struct cli_option *o, const char *cmd)
{
    if (strcmp(o->cmds, "*") == 0)
        return true;
    size_t n = strlen(cmd);
    for (const char *c = o->cmds; (c = strstr(c, cmd)) != NULL; c += n)
        if ((c == o->cmds || c[-1] == ' ') && (c[n] == ' ' || c[n] == '\0'))
            return true;
    return false;
}

/* "  grantsheet render [--document NAME|all] ... PLAN.xml" */
static void put_synopsis(FILE *f, const struct cli_command *c)
{
    fprintf(f, "  grantsheet %s", c->name);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];
        if (o->id == OPT_HELP || !option_for(o, c->name))
            continue;
        if (o->short_name)
            fprintf(f, " [-%c%s%s]", o->short_name, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            fprintf(f, " [--%s%s%s]", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    }
    fprintf(f, "%s%s\n", c->synopsis[0] ? " " : "", c->synopsis);
}

static void put_usage(FILE *f)
{
    fputs("使い方 / usage:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!commands[i].synopsis)
            continue;
        put_synopsis(f, &commands[i]);
        fputs(commands[i].summary, f);
    }
    fputs("  grantsheet SUBCOMMAND --help で、そのサブコマンドのオプションを表示します。\n"
          "  文書 / documents: 実施計画 (jisshi), 地域再生計画 (saisei), 効果検証 (kouka),\n"
          "      活用状況 (katsuyo); templates/doc-*.txt\n"
          "  計画データの書き方 / the plan format: docs/plan-format.md, man grantsheet\n"
          "\n"
          "終了コード / exit status: 0 成功, 1 計画データの誤り (何も書き出しません),\n"
          "  2 コマンドの誤り (指定したファイルがない場合も), 3 テンプレート・フォントの不備,\n"
          "  4 書き出しの失敗\n", f);
}

/* grantsheet CMD --help: the synopsis, what it does, every option. */
static void put_command_help(FILE *f, const struct cli_command *c)
{
    fputs("使い方 / usage:\n", f);
    put_synopsis(f, c);
    fputs(c->summary, f);
    fputs("\nオプション / options:\n", f);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];
        if (!option_for(o, c->name))
            continue;
        fputs("  ", f);
        if (o->short_name)
            fprintf(f, "-%c, ", o->short_name);
        fprintf(f, "--%s%s%s\n      %s\n", o->name, o->arg ? " " : "", o->arg ? o->arg : "",
                o->help);
    }
}

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
    fprintf(stderr, "\n\n");
    put_usage(stderr);
    return EXIT_USAGE;
}

/* ------------------------------------------------------------- parsing */

/* A subcommand's command line, parsed by getopt_long from the rows of
 * cli_options that apply to it: the last value of each option, every -o
 * in order, and the other arguments. */
typedef struct cli_args {
    const char *val[OPT_COUNT];
    bool set[OPT_COUNT];
    const char *outs[MAX_OUTS];
    size_t nouts;
    char **pos;
    int npos;
} cli_args;

/* cmd's option whose getopt value is v (a short letter, or 256 + row). */
static const struct cli_option *option_of(const char *cmd, int v)
{
    if (v >= 256 && (size_t)(v - 256) < NOPTIONS)
        return &cli_options[v - 256];
    for (size_t i = 0; i < NOPTIONS; i++)
        if (v && cli_options[i].short_name == v && option_for(&cli_options[i], cmd))
            return &cli_options[i];
    return NULL;
}

/* EXIT_OK with *a filled, EXIT_USAGE (the message shown), or -1 when
 * --help was asked for and printed. */
static int parse_args(const char *cmd, int argc, char **argv, cli_args *a)
{
    struct option longs[NOPTIONS + 1];
    char shorts[2 * NOPTIONS + 3];
    size_t nl = 0, ns = 0;
    const struct cli_command *self = NULL;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, cmd) == 0)
            self = &commands[i];
    memset(a, 0, sizeof *a);
    shorts[ns++] = ':'; /* a missing value is told apart from an unknown option */
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct cli_option *o = &cli_options[i];
        if (!option_for(o, cmd))
            continue;
        int v = o->short_name ? o->short_name : 256 + (int)i;
        longs[nl++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, v};
        if (o->short_name) {
            shorts[ns++] = o->short_name;
            if (o->arg)
                shorts[ns++] = ':';
        }
    }
    longs[nl] = (struct option){NULL, 0, NULL, 0};
    shorts[ns] = '\0';
    opterr = 0;
    optind = 0; /* GNU: start afresh */
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == '?') {
            const char *bad = argv[optind - 1];
            char letter[3] = {'-', (char)optopt, '\0'};
            return usage_error("不明なオプション %s です",
                               optopt && bad[0] == '-' && bad[1] != '-' ? letter : bad);
        }
        if (c == ':') {
            const struct cli_option *o = option_of(cmd, optopt);
            char name[64];
            if (o && o->short_name && argv[optind - 1][1] != '-')
                snprintf(name, sizeof name, "-%c %s", o->short_name, o->arg);
            else if (o)
                snprintf(name, sizeof name, "--%s %s", o->name, o->arg);
            else
                snprintf(name, sizeof name, "%s", argv[optind - 1]);
            return usage_error("オプションの値がありません: %s のように指定してください", name);
        }
        const struct cli_option *o = option_of(cmd, c);
        if (!o)
            continue;
        if (o->id == OPT_HELP) {
            if (self)
                put_command_help(stdout, self);
            return -1;
        }
        if (o->id == OPT_OUTPUT) {
            if (a->nouts == MAX_OUTS)
                return usage_error("-o が多すぎます (%s)", optarg);
            a->outs[a->nouts++] = optarg;
        }
        a->val[o->id] = optarg;
        a->set[o->id] = true;
    }
    a->pos = argv + optind;
    a->npos = argc - optind;
    return EXIT_OK;
}

/* Every subcommand's first step: go on, or return the status (-1: --help
 * was printed, a success). */
#define PARSE_OR_RETURN(cmd, a)                                   \
    do {                                                          \
        int parse_rc_ = parse_args(cmd, argc, argv, &(a));        \
        if (parse_rc_ != EXIT_OK)                                 \
            return parse_rc_ < 0 ? EXIT_OK : parse_rc_;           \
    } while (0)

/* An input the command line names that does not exist is the command
 * line's mistake, the same in every subcommand (exit 2, as batch says of a
 * missing path): each one is named, then false.  Files that exist but
 * cannot be read are the stages' to report, with their reasons. */
static bool inputs_exist(const char *const *paths, int n)
{
    bool ok = true;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 || (errno != ENOENT && errno != ENOTDIR))
            continue;
        fprintf(stderr, "grantsheet: %s: ファイルがありません (名前とフォルダーを確かめてください)\n",
                paths[i]);
        ok = false;
    }
    return ok;
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

/* --document: the documents a command makes, as pipeline indices, in the
 * pipeline's order (the default first) for "all".  NULL names the
 * default; dflt_all makes that every document instead.  False (with the
 * message shown) for a name no document has. */
static bool pick_documents(gs_pipeline *pl, const char *name, bool dflt_all,
                           size_t *docs, size_t *n)
{
    *n = 0;
    if ((!name && dflt_all) || (name && strcmp(name, "all") == 0)) {
        for (size_t i = 0; i < gs_pipeline_ndocuments(pl); i++)
            docs[(*n)++] = i;
        return true;
    }
    /* No name: the default, which the pipeline lists first (a --sheet
     * pipeline's one document is named after its sheet, not the default). */
    long i = name ? gs_pipeline_find_document(pl, name)
                  : gs_pipeline_ndocuments(pl) ? 0 : -1;
    if (i < 0) {
        gs_buf known = GS_BUF_INIT;
        for (size_t k = 0; k < gs_pipeline_ndocuments(pl); k++)
            gs_buf_printf(&known, "%s%s", k ? "、" : "", gs_pipeline_document_name(pl, k));
        fprintf(stderr, "grantsheet: 文書 %s はありません (あるのは %s、または all)\n",
                name, known.data ? known.data : "");
        gs_buf_free(&known);
        return false;
    }
    docs[(*n)++] = (size_t)i;
    return true;
}

/* Where document doc goes.  Without -o: PLAN.xml -> PLAN.pdf for the
 * 実施計画 (document 0), PLAN-NAME.pdf for another.  With one -o: that
 * file for a single document; for several, it names the first and the
 * others are OUT-NAME.pdf beside it.  With one -o per document: each in
 * turn. */
static char *output_name(const char *plan, const char *const *outs, size_t nouts,
                         size_t k, size_t ndocs, size_t doc, const char *name)
{
    if (nouts == ndocs && nouts)
        return gs_xstrdup(outs[k]);
    const char *base = nouts ? outs[0] : plan;
    bool exact = nouts && (ndocs == 1 || k == 0);
    if (exact)
        return gs_xstrdup(base);
    size_t n = strlen(base);
    if (nouts && n > 4 && strcmp(base + n - 4, ".pdf") == 0)
        n -= 4;
    else if (!nouts)
        n -= gs_input_plan_ext(base); /* PLAN.xml or PLAN.xlsx */
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, base, n);
    if (doc != 0 || nouts)
        gs_buf_printf(&b, "-%s", name);
    gs_buf_puts(&b, ".pdf");
    return gs_buf_detach(&b);
}

/* The pages of a PDF grantsheet wrote: libharu writes each page object
 * as "/Type /Page" (and the page tree as "/Type /Pages"), uncompressed. */
static size_t pdf_pages(const gs_buf *pdf)
{
    static const char key[] = "/Type /Page";
    size_t n = 0;
    const char *p = pdf->data, *end = pdf->data + pdf->len;
    while (p && (p = memmem(p, (size_t)(end - p), key, sizeof key - 1)) != NULL) {
        p += sizeof key - 1;
        n += p == end || *p != 's';
    }
    return n;
}

/* Writes pdf to path atomically, over nothing or a PDF only; a killed
 * earlier run's temporary file goes too.  EXIT_OK, or EXIT_WRITE with
 * E404 / E405 in d. */
static int write_pdf(const char *path, const gs_buf *pdf, gs_diags *d)
{
    gs_buf err = GS_BUF_INIT;
    int w = gs_write_atomic(path, pdf->data, pdf->len,
                            GS_ATOMIC_SYNC | GS_ATOMIC_SYNC_DIR | GS_ATOMIC_CLEAN,
                            &gs_out_pdf, &err);
    if (w != GS_WRITE_OK) {
        gs_srcpos none = {NULL, 0, 0};
        gs_diags_add(d, GS_ERROR, w == GS_WRITE_REFUSED ? "E405" : "E404", none,
                     "%s", err.data);
    }
    gs_buf_free(&err);
    return w == GS_WRITE_OK ? EXIT_OK : EXIT_WRITE;
}

static int cmd_render(int argc, char **argv)
{
    cli_args a;
    PARSE_OR_RETURN("render", a);
    const char *plan = a.npos ? a.pos[0] : NULL, *sheet = a.val[OPT_SHEET],
               *document = a.val[OPT_DOCUMENT];
    const char *const *outs = a.outs;
    size_t nouts = a.nouts;
    if (a.npos > 1)
        return usage_error("render に渡せる計画データは1つです (%s)", a.pos[1]);
    if (!plan)
        return usage_error("計画データのファイルを指定してください%s", "");
    if (sheet && document)
        return usage_error("--sheet と --document は一緒に使えません%s", "");
    if (!inputs_exist(&plan, 1))
        return EXIT_USAGE;

    int rc;
    gs_diags d = GS_DIAGS_INIT;
    size_t docs[MAX_OUTS], ndocs = 0;
    gs_buf pdfs[MAX_OUTS];
    char *paths[MAX_OUTS];
    for (size_t i = 0; i < MAX_OUTS; i++) {
        pdfs[i] = (gs_buf)GS_BUF_INIT;
        paths[i] = NULL;
    }
    gs_pipeline *pl = open_pipeline(sheet, &d);
    if (!pl) {
        rc = EXIT_SETUP;
        goto done;
    }
    if (!pick_documents(pl, document, false, docs, &ndocs)) {
        rc = EXIT_USAGE;
        goto done;
    }
    if (nouts > 1 && nouts != ndocs) {
        rc = usage_error("-o は 1 つか、文書の数だけ指定してください%s", "");
        goto done;
    }
    for (size_t k = 0; k < ndocs; k++) {
        paths[k] = output_name(plan, outs, nouts, k, ndocs, docs[k],
                               gs_pipeline_document_name(pl, docs[k]));
        gs_pipeline_add_output(pl, paths[k]);
    }
    rc = gs_pipeline_run_documents(pl, plan, docs, ndocs, pdfs, &d);
    /* every output only over nothing or a PDF (E405): checked for all of
     * them first, so a refused one leaves the others unwritten too */
    for (size_t k = 0; rc == 0 && k < ndocs; k++) {
        gs_buf why = GS_BUF_INIT;
        if (gs_output_check(paths[k], &gs_out_pdf, &why) != GS_WRITE_OK) {
            gs_srcpos none = {NULL, 0, 0};
            gs_diags_add(&d, GS_ERROR, "E405", none, "%s", why.data);
            rc = EXIT_WRITE;
        }
        gs_buf_free(&why);
    }
    for (size_t k = 0; rc == 0 && k < ndocs; k++)
        rc = write_pdf(paths[k], &pdfs[k], &d);
done:
    gs_diags_sort(&d);
    report(&d);
    /* on a terminal, one line saying what was done; silent otherwise (a
     * script's log stays empty on success) */
    for (size_t k = 0; rc == EXIT_OK && isatty(2) == 1 && k < ndocs; k++)
        fprintf(stderr, "%s: %zu ページ\n", paths[k], pdf_pages(&pdfs[k]));
    gs_diags_free(&d);
    for (size_t i = 0; i < MAX_OUTS; i++) {
        gs_buf_free(&pdfs[i]);
        free(paths[i]);
    }
    gs_pipeline_free(pl);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    cli_args a;
    PARSE_OR_RETURN("validate", a);
    const char *document = a.val[OPT_DOCUMENT], *format = a.val[OPT_FORMAT];
    if (format && strcmp(format, "json") == 0)
        report_format = FORMAT_JSON;
    else if (format && strcmp(format, "text") != 0)
        return usage_error("--format には text か json を指定してください (%s)", format);
    if (a.npos == 0)
        return usage_error("計画データのファイルを指定してください%s", "");
    if (!inputs_exist((const char *const *)a.pos, a.npos))
        return EXIT_USAGE;
    gs_diags d = GS_DIAGS_INIT;
    int rc = EXIT_OK;
    size_t docs[MAX_OUTS], ndocs = 0;
    gs_pipeline *pl = open_pipeline(NULL, &d);
    if (!pl) {
        rc = EXIT_SETUP;
    } else if (!pick_documents(pl, document, true, docs, &ndocs)) {
        rc = EXIT_USAGE;
    } else {
        for (int i = 0; i < a.npos; i++) {
            int r = gs_pipeline_run_documents(pl, a.pos[i], docs, ndocs, NULL, &d);
            if (r > rc)
                rc = r;
        }
    }
    gs_diags_sort(&d);
    report(&d);
    if (rc == EXIT_OK && d.n == 0 && report_format == FORMAT_TEXT && isatty(2) == 1)
        fprintf(stderr, "問題はありません\n");
    gs_diags_free(&d);
    gs_pipeline_free(pl);
    return rc;
}

/* grantsheet batch: a progress bar on a terminal, one plain line per plan
 * otherwise (cron mails read well), a summary always. */
typedef struct batch_view {
    bool tty, quiet;
    bool bar_drawn;
} batch_view;

static void batch_bar(batch_view *v, const gs_batch_counts *c)
{
    enum { WIDTH = 30 };
    size_t fill = c->total ? c->done * WIDTH / c->total : WIDTH;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r\033[K[%s] %zu/%zu  ok %zu  skipped %zu  failed %zu",
            bar, c->done, c->total, c->ok, c->skipped, c->failed + c->stale + c->busy);
    v->bar_drawn = true;
}

/* What went wrong with a plan, each cause that applies: data errors are
 * data errors even when their diagnostics could not be saved, and a write
 * failure says the OS's reason.  The diagnostics file is named only when
 * it was written; otherwise the first error is shown here. */
static void batch_trouble(gs_buf *line, const gs_batch_event *ev)
{
    const char *sep = "";
    if (ev->flags & GS_BATCH_F_CRASH) {
        gs_buf_puts(line, "作業プロセスが異常終了しました / worker died");
        sep = "; ";
    } else if (ev->flags & GS_BATCH_F_LIMIT) {
        gs_buf_puts(line, "上限を超えました / limit exceeded");
        sep = "; ";
    } else if ((ev->flags & (GS_BATCH_F_PLAN | GS_BATCH_F_SETUP)) && ev->errors) {
        gs_buf_printf(line, "エラー %zu 件 / %zu errors", ev->errors, ev->errors);
        sep = "; ";
    }
    if (ev->reason) {
        gs_buf_printf(line, "%s%s", sep, ev->flags & GS_BATCH_F_WRITE &&
                      !(ev->flags & (GS_BATCH_F_CRASH | GS_BATCH_F_LIMIT))
                          ? "書き出せません / could not write: " : "");
        gs_buf_puts(line, ev->reason);
        sep = "; ";
    }
    if (ev->status == GS_BATCH_STALE)
        gs_buf_printf(line, "%s前回の PDF を残しました / previous PDF kept", sep);
    if (ev->diag_path)
        gs_buf_printf(line, "; diagnostics: %s", ev->diag_path);
    else if (ev->first)
        gs_buf_printf(line, "; %s", ev->first);
}

static void batch_report(void *ctx, const gs_batch_event *ev)
{
    batch_view *v = ctx;
    gs_buf line = GS_BUF_INIT, name = GS_BUF_INIT;
    /* a TAB or a newline in a file name must not forge a line here either;
     * a plan's other documents are jobs of their own: "a.xml (地域再生計画)" */
    gs_tsv_escape(&name, ev->plan ? ev->plan : "", NULL);
    if (ev->plan && ev->document)
        gs_buf_printf(&name, " (%s)", ev->document);
    bool trouble = ev->flags & (GS_BATCH_F_WRITE | GS_BATCH_F_CRASH | GS_BATCH_F_LIMIT);
    if (ev->kind == GS_BATCH_EV_WAIT) {
        gs_buf_printf(&line, "waiting  %s: 別の実行が作業中のため待っています "
                      "(another run holds %s)", name.data, ev->lock_path);
    } else if (ev->kind == GS_BATCH_EV_RESOLVED) {
        if (!v->quiet)
            gs_buf_printf(&line, "skipped  %s (別の実行が作成を終えました / completed by "
                          "another run)", name.data);
    } else if (ev->kind == GS_BATCH_EV_PLAN) {
        switch (ev->status) {
        case GS_BATCH_OK:
        case GS_BATCH_SKIPPED:
            if (trouble) {
                gs_buf_printf(&line, "%-8s %s (", gs_batch_status_name(ev->status), name.data);
                batch_trouble(&line, ev);
                gs_buf_putc(&line, ')');
            } else if (!v->tty && !v->quiet) {
                gs_buf_printf(&line, "%-8s %s", gs_batch_status_name(ev->status), name.data);
            }
            break;
        case GS_BATCH_STALE:
        case GS_BATCH_FAILED:
            gs_buf_printf(&line, "%-8s %s (", ev->status == GS_BATCH_STALE ? "STALE" : "FAILED",
                          name.data);
            batch_trouble(&line, ev);
            gs_buf_putc(&line, ')');
            break;
        case GS_BATCH_BUSY:
            gs_buf_printf(&line, "BUSY     %s (別の実行が作業中 / another run holds %s)",
                          name.data, ev->lock_path);
            break;
        }
    }
    if (line.len) {
        if (v->bar_drawn)
            fputs("\r\033[K", stderr);
        fprintf(stderr, "%s\n", line.data);
    }
    if (v->tty && ev->counts)
        batch_bar(v, ev->counts);
    gs_buf_free(&line);
    gs_buf_free(&name);
}

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmd_batch(int argc, char **argv)
{
    gs_batch_opts o;
    memset(&o, 0, sizeof o);
    batch_view view = {isatty(2) == 1, false, false};
    const char **paths = calloc((size_t)argc, sizeof *paths);
    if (!paths)
        return EXIT_SETUP;
    o.paths = paths;
    o.jobs = 1;
    o.plan_timeout = GS_BATCH_PLAN_TIMEOUT;
    o.plan_memory_mb = GS_BATCH_PLAN_MEMORY_MB;
    int rc = EXIT_OK;
    cli_args a;
    int prc = parse_args("batch", argc, argv, &a);
    if (prc != EXIT_OK) {
        free(paths);
        return prc < 0 ? EXIT_OK : prc;
    }
    o.outdir = a.val[OPT_OUTPUT];
    o.document = a.val[OPT_DOCUMENT];
    o.no_wait = a.set[OPT_NO_WAIT];
    view.quiet = a.set[OPT_QUIET];
    char *end = NULL;
    if (a.val[OPT_JOBS]) {
        const char *n = a.val[OPT_JOBS];
        long j = strtol(n, &end, 10);
        if (*n == '\0' || *end || j < 1 || j > 256)
            rc = usage_error("-j には 1 から 256 の数を指定してください (%s)", n);
        o.jobs = (int)j;
    }
    if (rc == EXIT_OK && a.val[OPT_SHARD]) {
        const char *sh = a.val[OPT_SHARD];
        int k = 0, n = 0;
        char extra;
        if (sscanf(sh, "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n)
            rc = usage_error("--shard は K/N (1 <= K <= N) で指定してください (%s)", sh);
        o.shard_k = k;
        o.shard_n = n;
    }
    for (int t = 0; t < 2 && rc == EXIT_OK; t++) {
        bool timeout = t == 0;
        const char *n = a.val[timeout ? OPT_PLAN_TIMEOUT : OPT_PLAN_MEMORY];
        if (!n)
            continue;
        long max = timeout ? 86400 : 1048576;
        long v = strtol(n, &end, 10);
        if (*n == '\0' || *end || v < 0 || v > max)
            rc = usage_error(timeout ? "--plan-timeout には 0 から 86400 の秒数を指定してください (%s)"
                                     : "--plan-memory には 0 から 1048576 の MB 数を指定してください (%s)",
                             n);
        if (timeout)
            o.plan_timeout = (int)v;
        else
            o.plan_memory_mb = (int)v;
    }
    for (int i = 0; i < a.npos; i++)
        paths[o.npaths++] = a.pos[i];
    if (rc == EXIT_OK && o.npaths == 0)
        rc = usage_error("計画データのファイルかフォルダーを指定してください%s", "");
    if (rc == EXIT_OK && !o.outdir)
        rc = usage_error("出力フォルダーを -o で指定してください%s", "");
    if (rc != EXIT_OK) {
        free(paths);
        return rc;
    }

    gs_diags d = GS_DIAGS_INIT;
    gs_batch_counts c;
    memset(&c, 0, sizeof c);
    char *datadir = gs_pipeline_find_datadir();
    double t0 = mono_seconds();
    if (!datadir) {
        gs_srcpos none = {NULL, 0, 0};
        gs_diags_add(&d, GS_ERROR, "E301", none,
                     "テンプレートとフォントのフォルダが見つかりません "
                     "(GRANTSHEET_DATADIR で指定できます)");
        rc = EXIT_SETUP;
    } else {
        o.datadir = datadir;
        o.report = batch_report;
        o.report_ctx = &view;
        rc = gs_batch_run(&o, &c, &d);
    }
    if (view.bar_drawn)
        fputs("\n", stderr);
    gs_diags_sort(&d);
    report(&d);
    if (c.total || c.excluded) {
        char *manifest = gs_batch_manifest_name(o.shard_k, o.shard_n);
        fprintf(stderr,
                "grantsheet batch: %zu 件 / plans: ok %zu, skipped %zu, stale %zu, "
                "failed %zu", c.total, c.ok, c.skipped, c.stale, c.failed);
        if (c.busy)
            fprintf(stderr, ", busy %zu", c.busy);
        if (c.cap_errors)
            fprintf(stderr, "; 国費の上限超過 %zu 件 (E254) / over the national cap",
                    c.cap_errors);
        if (c.manifest_ok)
            fprintf(stderr, " (%.1f 秒 / s); manifest: %s/%s\n", mono_seconds() - t0,
                    o.outdir, manifest);
        else
            fprintf(stderr, " (%.1f 秒 / s); 一覧 %s/%s は書き出せませんでした / manifest "
                    "not written\n", mono_seconds() - t0, o.outdir, manifest);
        if (c.excluded)
            fprintf(stderr, "grantsheet batch: 反例 (*-invalid.xml) %zu 件は対象外です "
                    "/ %zu counter-example(s) left out\n", c.excluded, c.excluded);
        free(manifest);
    }
    gs_diags_free(&d);
    free(datadir);
    free(paths);
    return rc;
}

/* dump and diff: --document NAME|all, and the other arguments (at most
 * max).  EXIT_OK, EXIT_USAGE (shown), or -1 after --help. */
static int doc_args(const char *cmd, int argc, char **argv, const char **document,
                    const char **args, int max, int *n)
{
    cli_args a;
    int rc = parse_args(cmd, argc, argv, &a);
    *n = 0;
    if (rc != EXIT_OK)
        return rc;
    *document = a.val[OPT_DOCUMENT];
    for (int i = 0; i < a.npos; i++) {
        if (*n == max)
            return max == 1
                       ? usage_error("dump に渡せるのは計画データか PDF の 1 つです (%s)", a.pos[i])
                       : usage_error("diff に渡せるのは 2 つのファイルです (%s)", a.pos[i]);
        args[(*n)++] = a.pos[i];
    }
    return EXIT_OK;
}

/* dump and diff with --document: a name no document has is the command
 * line's mistake (EXIT_USAGE, the message shown), whether the inputs are
 * plans or PDFs; the pipeline opened for it (*pl) serves the plans later. */
static int check_document(gs_pipeline **pl, const char *document)
{
    if (!document)
        return EXIT_OK;
    gs_diags d = GS_DIAGS_INIT;
    size_t docs[MAX_OUTS], ndocs;
    int rc = EXIT_OK;
    *pl = open_pipeline(NULL, &d);
    if (!*pl)
        rc = EXIT_SETUP;
    else if (!pick_documents(*pl, document, false, docs, &ndocs))
        rc = EXIT_USAGE;
    gs_diags_sort(&d);
    report(&d);
    gs_diags_free(&d);
    return rc;
}

/* The diagnostic code for a PDF that gave no figures (README.md). */
static const char *audit_code(gs_audit_status st)
{
    switch (st) {
    case GS_AUDIT_NO_DATA:
        return "E133";
    case GS_AUDIT_BAD_DATA:
    case GS_AUDIT_TOO_BIG:
        return "E134";
    default: /* not readable as a PDF, or over the memory / time limit */
        return "E132";
    }
}

/* The figures of one input of dump or diff: the attachment of a PDF (the
 * one document it is; document does not apply) or the dump of a plan's
 * documents (document as --document; NULL: the 実施計画).  The file is
 * read once, through gs_read_file (FIFOs, devices and folders are refused
 * before they are opened, anything over GS_AUDIT_PDF_MAX before a byte is
 * read); a PDF is read in a child with memory and CPU limits, a plan by
 * the pipeline, which bounds it in turn.  Returns EXIT_OK, or EXIT_PLAN /
 * EXIT_SETUP with the reason in d, or EXIT_USAGE for an unknown document
 * (the message shown). */
static int read_figures(gs_pipeline **pl, const char *document, const char *path,
                        gs_buf *tsv, gs_diags *d)
{
    gs_srcpos at = {path, 0, 0};
    gs_buf why = GS_BUF_INIT;
    gs_read_status st;
    size_t len = 0;
    int rc = EXIT_PLAN;
    char *bytes = gs_read_file(path, GS_AUDIT_PDF_MAX, &len, &st, &why);
    if (!bytes) {
        gs_diags_add(d, GS_ERROR, "E131", at, "ファイル%s", why.data);
    } else if (len >= 5 && memcmp(bytes, "%PDF-", 5) == 0) {
        gs_audit_status as = gs_audit_extract_isolated(bytes, len, tsv, &why);
        if (as == GS_AUDIT_OK)
            rc = EXIT_OK;
        else
            gs_diags_add(d, GS_ERROR, audit_code(as), at, "%s", why.data);
    } else {
        size_t docs[MAX_OUTS], ndocs = 0;
        if (!*pl)
            *pl = open_pipeline(NULL, d);
        if (!*pl)
            rc = EXIT_SETUP;
        else if (!pick_documents(*pl, document, false, docs, &ndocs))
            rc = EXIT_USAGE;
        else
            rc = gs_pipeline_dump_documents(*pl, path, docs, ndocs, tsv, d);
    }
    free(bytes);
    gs_buf_free(&why);
    return rc;
}

static int cmd_dump(int argc, char **argv)
{
    const char *document = NULL, *input[1];
    int n;
    int rc = doc_args("dump", argc, argv, &document, input, 1, &n);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc;
    if (n == 0)
        return usage_error("計画データか PDF のファイルを指定してください%s", "");
    if (!inputs_exist(input, 1))
        return EXIT_USAGE;
    gs_diags d = GS_DIAGS_INIT;
    gs_buf tsv = GS_BUF_INIT;
    gs_pipeline *pl = NULL;
    rc = check_document(&pl, document);
    if (rc == EXIT_OK)
        rc = read_figures(&pl, document, input[0], &tsv, &d);
    gs_diags_sort(&d);
    report(&d);
    if (rc == EXIT_OK && (fwrite(tsv.data, 1, tsv.len, stdout) != tsv.len ||
                          fflush(stdout) != 0)) {
        fprintf(stderr, "grantsheet: 標準出力に書き込めません\n");
        rc = EXIT_WRITE;
    }
    gs_diags_free(&d);
    gs_buf_free(&tsv);
    gs_pipeline_free(pl);
    return rc;
}

/* One side of a diff.  False (with the reason shown) when it has no
 * figures. */
static bool diff_side(gs_pipeline **pl, const char *document, const char *path,
                      gs_buf *tsv)
{
    gs_diags d = GS_DIAGS_INIT;
    int rc = read_figures(pl, document, path, tsv, &d);
    gs_diags_sort(&d);
    report(&d);
    gs_diags_free(&d);
    if (rc != EXIT_OK)
        fprintf(stderr, "grantsheet: %s の数字を取り出せません\n", path);
    return rc == EXIT_OK;
}

static int cmd_diff(int argc, char **argv)
{
    const char *document = NULL, *side[2] = {NULL, NULL};
    int n;
    int rc = doc_args("diff", argc, argv, &document, side, 2, &n);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc;
    if (n != 2)
        return usage_error("比べる 2 つのファイル (計画データか PDF) を指定してください%s", "");
    if (!inputs_exist(side, 2))
        return EXIT_USAGE;
    gs_pipeline *pl = NULL;
    gs_buf a = GS_BUF_INIT, b = GS_BUF_INIT, out = GS_BUF_INIT;
    rc = check_document(&pl, document);
    if (rc == EXIT_OK) {
        rc = EXIT_SETUP;
        if (diff_side(&pl, document, side[0], &a) && diff_side(&pl, document, side[1], &b)) {
            long diffs = gs_audit_diff(a.data, a.len, b.data, b.len, &out);
            if (diffs < 0) {
                fprintf(stderr, "grantsheet: 数字のデータの形式が正しくありません\n");
            } else {
                fwrite(out.data ? out.data : "", 1, out.len, stdout);
                rc = diffs ? 1 : EXIT_OK;
                if (fflush(stdout) != 0) {
                    fprintf(stderr, "grantsheet: 標準出力に書き込めません\n");
                    rc = EXIT_SETUP;
                }
            }
        }
    }
    gs_buf_free(&a);
    gs_buf_free(&b);
    gs_buf_free(&out);
    gs_pipeline_free(pl);
    return rc;
}

/* grantsheet report PLAN... -o 活用状況.pdf [--as-of YYYY-MM-DD]: the
 * projects of one government in one 活用状況 document, the national cap
 * checked across them.  The report date is each plan's own unless
 * --as-of gives one; never the clock. */
#define MAX_REPORT_PLANS 64
static int cmd_report(int argc, char **argv)
{
    cli_args a;
    PARSE_OR_RETURN("report", a);
    gs_date as_of = {0, 0, 0};
    if (a.set[OPT_AS_OF]) {
        const char *s = a.val[OPT_AS_OF];
        char end = 0;
        if (sscanf(s, "%4d-%2d-%2d%c", &as_of.year, &as_of.month, &as_of.day, &end) != 3 ||
            strlen(s) != 10 || !gs_date_valid(as_of.year, as_of.month, as_of.day))
            return usage_error("--as-of は YYYY-MM-DD の日付です (%s)", s);
    }
    if (a.npos == 0)
        return usage_error("計画データのファイルを指定してください%s", "");
    if (a.npos > MAX_REPORT_PLANS)
        return usage_error("計画データが多すぎます (%s 件まで)", "64");
    if (a.nouts != 1)
        return usage_error("report には出力先 -o を 1 つ指定してください%s", "");
    if (!inputs_exist((const char *const *)a.pos, a.npos))
        return EXIT_USAGE;
    const char *plans[MAX_REPORT_PLANS], *out = a.outs[0];
    size_t n = (size_t)a.npos;
    for (size_t i = 0; i < n; i++)
        plans[i] = a.pos[i];

    int rc;
    gs_diags d = GS_DIAGS_INIT;
    gs_buf pdf = GS_BUF_INIT;
    gs_pipeline *pl = open_pipeline(NULL, &d);
    if (!pl) {
        rc = EXIT_SETUP;
        goto done;
    }
    gs_pipeline_add_output(pl, out);
    rc = gs_pipeline_report(pl, plans, n, as_of.year ? &as_of : NULL, &pdf, &d);
    if (rc == 0)
        rc = write_pdf(out, &pdf, &d);
done:
    gs_diags_sort(&d);
    report(&d);
    gs_diags_free(&d);
    gs_buf_free(&pdf);
    gs_pipeline_free(pl);
    return rc;
}

/* A new file from bytes: convert and init never replace a file (a plan
 * or a workbook someone filled in is not ours to overwrite). */
static int write_new(const char *path, const gs_buf *bytes, gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    if (access(path, F_OK) == 0) {
        gs_diags_add(d, GS_ERROR, "E405", none,
                     "%s はすでにあります。上書きしません (別の名前を指定するか、消してから"
                     "実行してください)", path);
        return EXIT_WRITE;
    }
    gs_buf err = GS_BUF_INIT;
    int w = gs_write_atomic(path, bytes->data ? bytes->data : "", bytes->len,
                            GS_ATOMIC_SYNC | GS_ATOMIC_SYNC_DIR | GS_ATOMIC_CLEAN, NULL, &err);
    if (w != GS_WRITE_OK)
        gs_diags_add(d, GS_ERROR, w == GS_WRITE_REFUSED ? "E405" : "E404", none, "%s", err.data);
    gs_buf_free(&err);
    return w == GS_WRITE_OK ? EXIT_OK : EXIT_WRITE;
}

static bool plan_name(const char *path)
{
    return gs_input_plan_ext(path) != 0;
}

static int cmd_convert(int argc, char **argv)
{
    cli_args a;
    PARSE_OR_RETURN("convert", a);
    if (a.npos > 1)
        return usage_error("convert に渡せる計画データは1つです (%s)", a.pos[1]);
    if (a.npos < 1 || a.nouts == 0)
        return usage_error("grantsheet convert IN -o OUT の形で指定してください%s", "");
    if (a.nouts > 1)
        return usage_error("-o は 1 つだけ指定してください (%s)", a.outs[1]);
    const char *in = a.pos[0], *out = a.outs[0];
    if (!plan_name(out))
        return usage_error("出力 %s の拡張子は .xml か .xlsx にしてください", out);
    if (!inputs_exist((const char *const *)a.pos, 1))
        return EXIT_USAGE;
    gs_diags d = GS_DIAGS_INIT;
    gs_buf bytes = GS_BUF_INIT;
    int rc = gs_workbook_convert(in, out, &bytes, &d) == 0 ? write_new(out, &bytes, &d) : EXIT_PLAN;
    gs_diags_sort(&d);
    report(&d);
    gs_diags_free(&d);
    gs_buf_free(&bytes);
    return rc;
}

static int cmd_init(int argc, char **argv)
{
    cli_args a;
    PARSE_OR_RETURN("init", a);
    if (a.npos != 1)
        return usage_error("grantsheet init 計画.xlsx (または 計画.xml) の形で指定してください%s", "");
    const char *path = a.pos[0];
    if (!plan_name(path))
        return usage_error("%s の拡張子は .xlsx か .xml にしてください", path);
    gs_diags d = GS_DIAGS_INIT;
    gs_buf bytes = GS_BUF_INIT, err = GS_BUF_INIT;
    int rc = EXIT_OK;
    if (gs_input_plan_ext(path) == 5 && gs_workbook_write(NULL, &bytes, &err) != 0) {
        gs_srcpos none = {NULL, 0, 0};
        gs_diags_add(&d, GS_ERROR, "E404", none, "%s", err.data);
        rc = EXIT_WRITE;
    } else if (gs_input_plan_ext(path) == 4) {
        gs_workbook_xml(NULL, &bytes);
    }
    if (rc == EXIT_OK)
        rc = write_new(path, &bytes, &d);
    report(&d);
    gs_diags_free(&d);
    gs_buf_free(&bytes);
    gs_buf_free(&err);
    return rc;
}

/* grantsheet help [SUBCOMMAND] */
static int cmd_help(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < NCOMMANDS; i++)
        if (commands[i].synopsis && strcmp(argv[1], commands[i].name) == 0) {
            put_command_help(stdout, &commands[i]);
            return EXIT_OK;
        }
    if (argc > 1)
        return usage_error("不明なサブコマンド %s です", argv[1]);
    put_usage(stdout);
    return EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("grantsheet %s\n", GS_VERSION);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("サブコマンドを指定してください%s", "");
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    return usage_error("不明なサブコマンド %s です", argv[1]);
}
