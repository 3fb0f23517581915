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
 *   4  the PDF could not be written (permissions, full disk), or -o names
 *      something that is not a PDF (E405); the file there, if any, is
 *      untouched
 */
#include <stdio.h>
#include <stdlib.h>
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
#include "util/tsv.h"

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
    "  grantsheet batch PATH... -o OUTDIR [-j N] [--shard K/N] [--no-wait] [-q]\n"
    "                 [--plan-timeout SECONDS] [--plan-memory MB]\n"
    "      フォルダー内の計画データをすべて PDF にします。前回から変わっていない\n"
    "      計画は飛ばし、失敗した計画は前回の PDF を残します (一覧: OUTDIR/manifest.tsv)。\n"
    "      Render every plan under the paths, skipping unchanged ones; a failed\n"
    "      plan keeps its last good PDF.  -j N: N processes; --shard K/N: this\n"
    "      machine's share; --no-wait: refuse plans another run is writing.\n"
    "      --plan-timeout: 1 計画あたりの CPU 時間の上限 (秒、既定 10、0 で上限なし)\n"
    "      --plan-memory: 1 計画あたりのメモリーの上限 (MB、既定 512、0 で上限なし)\n"
    "      終了コード 0 すべて成功, 1 失敗した計画あり, 4 書き出しの失敗, 5 他の実行と競合\n"
    "  grantsheet dump PLAN.xml|X.pdf\n"
    "      表のすべての数字を、並び順の決まった TSV で標準出力に書きます\n"
    "      (シート・区分・行・列・表示どおりの値)。PDF にも同じものが添付されていて、\n"
    "      PDF を指定するとそれを書き出します。\n"
    "      Print every figure of every sheet as canonical, sorted TSV (of a\n"
    "      plan, or the copy a grantsheet PDF carries).\n"
    "  grantsheet diff OLD NEW\n"
    "      2 つの計画データ (.xml) か grantsheet が作った PDF を比べ、変わった・\n"
    "      増えた・なくなった数字を 1 行ずつ示します (0 同じ, 1 違いあり, 3 読めない)。\n"
    "      List each changed, added or removed figure of two plans or PDFs.\n"
    "  grantsheet init PLAN.xlsx|PLAN.xml\n"
    "      記入用のワークブック (.xlsx) か、注釈付きの XML のひな形を作ります。\n"
    "      Write a fill-in workbook, or a commented XML skeleton.\n"
    "  grantsheet convert IN -o OUT\n"
    "      計画データを .xml と .xlsx の間で変換します (数字も文もそのまま)。\n"
    "      Convert a plan between XML and workbook, losslessly.\n"
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

/* PLAN.xml (or PLAN.xlsx) -> PLAN.pdf */
static char *default_output(const char *plan)
{
    size_t n = strlen(plan) - gs_input_plan_ext(plan);
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
    gs_pipeline_set_output(pl, path);
    rc = gs_pipeline_run(pl, plan, &pdf, &d);
    if (rc == 0) {
        /* only over nothing or a PDF (E405), and a killed earlier render's
         * temporary file goes */
        gs_buf err = GS_BUF_INIT;
        int w = gs_write_atomic(path, pdf.data, pdf.len,
                                GS_ATOMIC_SYNC | GS_ATOMIC_SYNC_DIR | GS_ATOMIC_CLEAN,
                                &gs_out_pdf, &err);
        if (w != GS_WRITE_OK) {
            gs_srcpos none = {NULL, 0, 0};
            gs_diags_add(&d, GS_ERROR, w == GS_WRITE_REFUSED ? "E405" : "E404", none,
                         "%s", err.data);
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
    gs_buf line = GS_BUF_INIT, id = GS_BUF_INIT;
    /* a TAB or a newline in a file name must not forge a line here either */
    gs_tsv_escape(&id, ev->plan ? ev->plan : "", NULL);
    bool trouble = ev->flags & (GS_BATCH_F_WRITE | GS_BATCH_F_CRASH | GS_BATCH_F_LIMIT);
    if (ev->kind == GS_BATCH_EV_WAIT) {
        gs_buf_printf(&line, "waiting  %s: 別の実行が作業中のため待っています "
                      "(another run holds %s)", id.data, ev->lock_path);
    } else if (ev->kind == GS_BATCH_EV_RESOLVED) {
        if (!v->quiet)
            gs_buf_printf(&line, "skipped  %s (別の実行が作成を終えました / completed by "
                          "another run)", id.data);
    } else if (ev->kind == GS_BATCH_EV_PLAN) {
        switch (ev->status) {
        case GS_BATCH_OK:
        case GS_BATCH_SKIPPED:
            if (trouble) {
                gs_buf_printf(&line, "%-8s %s (", gs_batch_status_name(ev->status), id.data);
                batch_trouble(&line, ev);
                gs_buf_putc(&line, ')');
            } else if (!v->tty && !v->quiet) {
                gs_buf_printf(&line, "%-8s %s", gs_batch_status_name(ev->status), id.data);
            }
            break;
        case GS_BATCH_STALE:
        case GS_BATCH_FAILED:
            gs_buf_printf(&line, "%-8s %s (", ev->status == GS_BATCH_STALE ? "STALE" : "FAILED",
                          id.data);
            batch_trouble(&line, ev);
            gs_buf_putc(&line, ')');
            break;
        case GS_BATCH_BUSY:
            gs_buf_printf(&line, "BUSY     %s (別の実行が作業中 / another run holds %s)",
                          id.data, ev->lock_path);
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
    gs_buf_free(&id);
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
    for (int i = 1; i < argc && rc == EXIT_OK; i++) {
        const char *a = argv[i];
        char *end = NULL;
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            o.outdir = argv[++i];
        } else if (strncmp(a, "-j", 2) == 0 && (a[2] || i + 1 < argc)) {
            const char *n = a[2] ? a + 2 : argv[++i];
            long j = strtol(n, &end, 10);
            if (*n == '\0' || *end || j < 1 || j > 256)
                rc = usage_error("-j には 1 から 256 の数を指定してください (%s)", n);
            o.jobs = (int)j;
        } else if (strcmp(a, "--shard") == 0 && i + 1 < argc) {
            const char *s = argv[++i];
            int k = 0, n = 0;
            char extra;
            if (sscanf(s, "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n)
                rc = usage_error("--shard は K/N (1 <= K <= N) で指定してください (%s)", s);
            o.shard_k = k;
            o.shard_n = n;
        } else if ((strcmp(a, "--plan-timeout") == 0 || strcmp(a, "--plan-memory") == 0) &&
                   i + 1 < argc) {
            const char *n = argv[++i];
            bool timeout = strcmp(a, "--plan-timeout") == 0;
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
        } else if (strcmp(a, "--no-wait") == 0) {
            o.no_wait = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            view.quiet = true;
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error("不明なオプション %s です", a);
        } else {
            paths[o.npaths++] = a;
        }
    }
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

/* The figures of one input of dump or diff: the attachment of a PDF or the
 * dump of a plan.  The file is read once, through gs_read_file (FIFOs,
 * devices and folders are refused before they are opened, anything over
 * GS_AUDIT_PDF_MAX before a byte is read); a PDF is read in a child with
 * memory and CPU limits, a plan by the pipeline, which bounds it in turn.
 * Returns EXIT_OK, or EXIT_PLAN / EXIT_SETUP with the reason in d. */
static int read_figures(gs_pipeline **pl, const char *path, gs_buf *tsv, gs_diags *d)
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
        if (!*pl)
            *pl = open_pipeline(NULL, d);
        rc = *pl ? gs_pipeline_dump(*pl, path, tsv, d) : EXIT_SETUP;
    }
    free(bytes);
    gs_buf_free(&why);
    return rc;
}

static int cmd_dump(int argc, char **argv)
{
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error("不明なオプション %s です", argv[i]);
        if (input)
            return usage_error("dump に渡せるのは計画データか PDF の 1 つです (%s)", argv[i]);
        input = argv[i];
    }
    if (!input)
        return usage_error("計画データか PDF のファイルを指定してください%s", "");
    gs_diags d = GS_DIAGS_INIT;
    gs_buf tsv = GS_BUF_INIT;
    gs_pipeline *pl = NULL;
    int rc = read_figures(&pl, input, &tsv, &d);
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
static bool diff_side(gs_pipeline **pl, const char *path, gs_buf *tsv)
{
    gs_diags d = GS_DIAGS_INIT;
    int rc = read_figures(pl, path, tsv, &d);
    gs_diags_sort(&d);
    report(&d);
    gs_diags_free(&d);
    if (rc != EXIT_OK)
        fprintf(stderr, "grantsheet: %s の数字を取り出せません\n", path);
    return rc == EXIT_OK;
}

static int cmd_diff(int argc, char **argv)
{
    const char *side[2] = {NULL, NULL};
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error("不明なオプション %s です", argv[i]);
        if (n == 2)
            return usage_error("diff に渡せるのは 2 つのファイルです (%s)", argv[i]);
        side[n++] = argv[i];
    }
    if (n != 2)
        return usage_error("比べる 2 つのファイル (計画データか PDF) を指定してください%s", "");
    gs_pipeline *pl = NULL;
    gs_buf a = GS_BUF_INIT, b = GS_BUF_INIT, out = GS_BUF_INIT;
    int rc = EXIT_SETUP;
    if (diff_side(&pl, side[0], &a) && diff_side(&pl, side[1], &b)) {
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
    gs_buf_free(&a);
    gs_buf_free(&b);
    gs_buf_free(&out);
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
    const char *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s の後に出力するファイルの名前がありません", argv[i]);
            out = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("不明なオプション %s です", argv[i]);
        } else if (!in) {
            in = argv[i];
        } else {
            return usage_error("convert に渡せる計画データは1つです (%s)", argv[i]);
        }
    }
    if (!in || !out)
        return usage_error("grantsheet convert IN -o OUT の形で指定してください%s", "");
    if (!plan_name(out))
        return usage_error("出力 %s の拡張子は .xml か .xlsx にしてください", out);
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
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
        return usage_error("grantsheet init 計画.xlsx (または 計画.xml) の形で指定してください%s", "");
    if (!plan_name(argv[1]))
        return usage_error("%s の拡張子は .xlsx か .xml にしてください", argv[1]);
    gs_diags d = GS_DIAGS_INIT;
    gs_buf bytes = GS_BUF_INIT, err = GS_BUF_INIT;
    int rc = EXIT_OK;
    if (gs_input_plan_ext(argv[1]) == 5 && gs_workbook_write(NULL, &bytes, &err) != 0) {
        gs_srcpos none = {NULL, 0, 0};
        gs_diags_add(&d, GS_ERROR, "E404", none, "%s", err.data);
        rc = EXIT_WRITE;
    } else if (gs_input_plan_ext(argv[1]) == 4) {
        gs_workbook_xml(NULL, &bytes);
    }
    if (rc == EXIT_OK)
        rc = write_new(argv[1], &bytes, &d);
    report(&d);
    gs_diags_free(&d);
    gs_buf_free(&bytes);
    gs_buf_free(&err);
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
    {"batch", cmd_batch},
    {"dump", cmd_dump},
    {"diff", cmd_diff},
    {"convert", cmd_convert},
    {"init", cmd_init},
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
