/*
 * bench.c - speed, size and memory figures for grantsheet (`make bench`).
 *
 *   bench PLAN.xml [N]              one process: the pipeline is built once
 *                                   and the plan rendered N times (200) into
 *                                   memory; prints ms per document (cold,
 *                                   mean, median), PDF size, peak RSS.
 *   bench --exec BIN PLAN.xml [N]   fresh processes: runs `BIN render PLAN
 *                                   -o TMP.pdf` N times (20); prints ms per
 *                                   process (mean, median) and the largest
 *                                   peak RSS that wait4() reported.
 *
 * Why: grantsheet is run once per document from scripts and kept running in
 * a batch service, so both the per-process cost (start-up, font and template
 * loading) and the steady-state cost per document matter.  Each figure is
 * printed beside its target and marked ok or OVER; a missed target is a
 * finding, not a failure, so the exit status is 0 unless something broke.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/pipeline.h"
#include "util/buf.h"
#include "util/diag.h"

/* Targets. */
/* Targets: (別紙1-1) alone (--sheet bessi1-1.xml), and the whole 実施計画.
 * 0 = no target set for that figure. */
typedef struct targets {
    double ms_doc;   /* per document, pipeline kept */
    double ms_proc;  /* per one-document process */
    double kb_pdf;   /* per PDF */
    double mb_rss;   /* peak resident set */
} targets;

static const targets sheet_targets = {15.0, 40.0, 45.0, 30.0};
static const targets document_targets = {25.0, 0, 120.0, 30.0};
static const targets *target = &document_targets;
static const char *sheet; /* NULL: the whole document */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double mean_of(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return n ? s / (double)n : 0;
}

/* Sorts v. */
static double median_of(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void header(const char *title)
{
    printf("\n%s\n", title);
    printf("  %-34s %10s  %-8s %s\n", "figure", "value", "target", "mark");
    printf("  %-34s %10s  %-8s %s\n", "----------------------------------",
           "----------", "--------", "----");
}

static void row_i(const char *what, double value);

/* A figure with a target: value <= target is ok (no target: just shown). */
static void row_t(const char *what, double value, double limit)
{
    if (limit <= 0) {
        row_i(what, value);
        return;
    }
    char tgt[32];
    snprintf(tgt, sizeof tgt, "<= %g", limit);
    printf("  %-34s %10.2f  %-8s %s\n", what, value, tgt,
           value <= limit ? "ok" : "OVER");
}

/* A figure shown for context only. */
static void row_i(const char *what, double value)
{
    printf("  %-34s %10.2f\n", what, value);
}

static double rss_mb(long kb) /* ru_maxrss is in KiB on Linux */
{
    return (double)kb / 1024.0;
}

static void print_diags(const gs_diags *d)
{
    gs_buf line = GS_BUF_INIT;
    for (size_t i = 0; i < d->n; i++) {
        gs_buf_clear(&line);
        gs_diag_format(&d->v[i], &line);
        fprintf(stderr, "bench: %s\n", line.data);
    }
    gs_buf_free(&line);
}

static long parse_count(const char *s, long dflt)
{
    if (!s)
        return dflt;
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || *end || n < 1 || n > 1000000) {
        fprintf(stderr, "bench: bad count '%s'\n", s);
        exit(2);
    }
    return n;
}

/* (a) + (c): one process, pipeline built once. */
static int bench_inproc(const char *plan, long n)
{
    gs_diags d = GS_DIAGS_INIT;
    char *datadir = gs_pipeline_find_datadir();
    if (!datadir) {
        fprintf(stderr, "bench: no data folder (set GRANTSHEET_DATADIR)\n");
        return 1;
    }
    double t0 = now_ms();
    gs_pipeline *pl = gs_pipeline_new(datadir, sheet, &d);
    double t_setup = now_ms() - t0;
    free(datadir);
    if (!pl) {
        print_diags(&d);
        gs_diags_free(&d);
        fprintf(stderr, "bench: gs_pipeline_new failed\n");
        return 1;
    }
    gs_diags_free(&d);

    double *ms = gs_xcalloc((size_t)n, sizeof *ms);
    gs_buf pdf = GS_BUF_INIT;
    size_t size0 = 0, size_min = (size_t)-1, size_max = 0;
    int rc = 0;
    for (long i = 0; i < n; i++) {
        gs_diags di = GS_DIAGS_INIT;
        gs_buf_clear(&pdf);
        double a = now_ms();
        int r = gs_pipeline_run(pl, plan, &pdf, &di);
        ms[i] = now_ms() - a;
        if (r != 0 || pdf.len < 5 || memcmp(pdf.data, "%PDF-", 5) != 0) {
            print_diags(&di);
            fprintf(stderr, "bench: render %ld of %s failed (rc %d)\n", i + 1,
                    plan, r);
            gs_diags_free(&di);
            rc = 1;
            goto out;
        }
        gs_diags_free(&di);
        if (i == 0)
            size0 = pdf.len;
        if (pdf.len < size_min)
            size_min = pdf.len;
        if (pdf.len > size_max)
            size_max = pdf.len;
    }

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cold = ms[0];
    /* Warm figures leave out the first render when there are others. */
    size_t nw = n > 1 ? (size_t)n - 1 : 1;
    double *warm = n > 1 ? ms + 1 : ms;
    double mean = mean_of(warm, nw);
    double med = median_of(warm, nw);

    char title[256];
    snprintf(title, sizeof title,
             "in one process: %s (%s), %ld renders into memory", plan,
             sheet ? sheet : "whole document", n);
    header(title);
    row_i("pipeline setup, ms (once)", t_setup);
    row_i("first (cold) render, ms", cold);
    row_t("ms per document, mean (warm)", mean, target->ms_doc);
    row_t("ms per document, median (warm)", med, target->ms_doc);
    row_t("PDF size, KB", (double)size0 / 1024.0, target->kb_pdf);
    row_t("peak RSS of this process, MB", rss_mb(ru.ru_maxrss),
          target->mb_rss);
    if (size_min != size_max)
        printf("  note: PDF size varied between %zu and %zu bytes\n",
               size_min, size_max);
out:
    free(ms);
    gs_buf_free(&pdf);
    gs_pipeline_free(pl);
    return rc;
}

/* (b): one fresh process per document. */
static int bench_exec(const char *bin, const char *plan, long n)
{
    const char *tmp = getenv("TMPDIR");
    gs_buf dir = GS_BUF_INIT;
    gs_buf_printf(&dir, "%s/gs-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir.data)) {
        fprintf(stderr, "bench: mkdtemp %s: %s\n", dir.data, strerror(errno));
        gs_buf_free(&dir);
        return 1;
    }
    gs_buf out = GS_BUF_INIT;
    gs_buf_printf(&out, "%s/out.pdf", dir.data);

    double *ms = gs_xcalloc((size_t)n, sizeof *ms);
    long maxrss = 0;
    int rc = 0;
    for (long i = 0; i < n; i++) {
        double a = now_ms();
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "bench: fork: %s\n", strerror(errno));
            rc = 1;
            break;
        }
        if (pid == 0) {
            char *argv[] = {(char *)bin, "render", (char *)plan, "-o",
                            out.data, sheet ? "--sheet" : NULL,
                            (char *)sheet, NULL};
            execv(bin, argv);
            fprintf(stderr, "bench: exec %s: %s\n", bin, strerror(errno));
            _exit(127);
        }
        int st;
        struct rusage ru;
        pid_t w;
        while ((w = wait4(pid, &st, 0, &ru)) < 0 && errno == EINTR)
            ;
        ms[i] = now_ms() - a;
        if (w < 0) {
            fprintf(stderr, "bench: wait4: %s\n", strerror(errno));
            rc = 1;
            break;
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            if (WIFEXITED(st))
                fprintf(stderr, "bench: run %ld of %s exited with %d\n",
                        i + 1, bin, WEXITSTATUS(st));
            else
                fprintf(stderr, "bench: run %ld of %s killed by signal %d\n",
                        i + 1, bin, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
            rc = 1;
            break;
        }
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
    }

    struct stat sb;
    double kb = -1;
    if (rc == 0 && stat(out.data, &sb) == 0)
        kb = (double)sb.st_size / 1024.0;
    unlink(out.data);
    rmdir(dir.data);

    if (rc == 0) {
        char title[256];
        snprintf(title, sizeof title,
                 "per process: %s render %s (%s), %ld runs", bin, plan,
                 sheet ? sheet : "whole document", n);
        header(title);
        double mean = mean_of(ms, (size_t)n);
        double med = median_of(ms, (size_t)n);
        double fastest = ms[0];
        for (long i = 1; i < n; i++)
            if (ms[i] < fastest)
                fastest = ms[i];
        row_i("fastest process, ms", fastest);
        row_t("ms per process, mean", mean, target->ms_proc);
        row_t("ms per process, median", med, target->ms_proc);
        if (kb >= 0)
            row_t("PDF size on disk, KB", kb, target->kb_pdf);
        row_t("peak RSS, max over runs, MB", rss_mb(maxrss),
              target->mb_rss);
    }
    free(ms);
    gs_buf_free(&out);
    gs_buf_free(&dir);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench [--sheet TEMPLATE] PLAN.xml [N]\n"
                    "       bench [--sheet TEMPLATE] --exec GRANTSHEET PLAN.xml [N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 3 && strcmp(argv[1], "--sheet") == 0) {
        sheet = argv[2];
        target = &sheet_targets;
        argc -= 2;
        argv += 2;
    }
    if (argc >= 2 && strcmp(argv[1], "--exec") == 0) {
        if (argc < 4 || argc > 5)
            return usage();
        return bench_exec(argv[2], argv[3],
                          parse_count(argc == 5 ? argv[4] : NULL, 20));
    }
    if (argc < 2 || argc > 3 || argv[1][0] == '-')
        return usage();
    return bench_inproc(argv[1], parse_count(argc == 3 ? argv[2] : NULL, 200));
}
