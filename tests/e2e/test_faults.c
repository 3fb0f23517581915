/*
 * test_faults.c - a nightly batch under faults, scripted: killed at fifty
 * moments, two runs at once on one output folder, a plan edited while it
 * runs.  (A full disk is tested in tests/batch and in test_e2e.)
 *
 * The corpus is small (six plans from the sample, each in two versions) so
 * that the fifty kills take seconds.  Every PDF is compared byte for byte
 * with the reference rendering of one of its plan's versions (`render` of
 * the same build), and the references pass `qpdf --check`, so every PDF in
 * the folder is always a complete, valid one.  After each completing run
 * the manifest's output_sha256 of every row matches its file, and no
 * temporary file is left.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"
#include "e2e.h"

#define NPLANS 6
#define KILLS 50

static char *root;          /* the checkout */
static const char *bin;     /* the normal build */
static char dir[64];
static char *sample;
static size_t sample_len;
static char *ref[NPLANS][2];  /* reference PDFs: plan i, version v */
static size_t ref_len[NPLANS][2];

/* Writes plan i in version v (1 or 2) atomically, as an editor saves. */
static void write_plan(int i, int v)
{
    const char *from = "<baseline>2.00</baseline>";
    const char *at = strstr(sample, from);
    assert_non_null(at);
    char *tmp = e2e_fmt("%s/plans/.p%d.tmp", dir, i), *path = e2e_fmt("%s/plans/p%d.xml", dir, i);
    FILE *f = fopen(tmp, "wb");
    assert_non_null(f);
    fwrite(sample, 1, (size_t)(at - sample), f);
    fprintf(f, "<baseline>%d.%02d</baseline>", 10 + i, v);
    fputs(at + strlen(from), f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(rename(tmp, path), 0);
    free(tmp);
    free(path);
}

static int wait_rc(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        assert_int_equal(errno, EINTR);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Starts prog (found in PATH unless it has a slash) with the NULL-ended
 * argv in a process group of its own, output to /dev/null. */
static pid_t spawn(const char *prog, ...)
{
    char *argv[12];
    size_t n = 0;
    argv[n++] = (char *)prog;
    va_list ap;
    va_start(ap, prog);
    for (const char *a; n < 11 && (a = va_arg(ap, const char *));)
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        int fn = open("/dev/null", O_RDWR);
        if (fn < 0 || dup2(fn, 0) < 0 || dup2(fn, 1) < 0 || dup2(fn, 2) < 0)
            _exit(126);
        execvp(prog, argv);
        _exit(127);
    }
    setpgid(pid, pid);
    return pid;
}

static pid_t spawn_batch(void)
{
    char *plans = e2e_fmt("%s/plans", dir), *out = e2e_fmt("%s/out", dir);
    pid_t pid = spawn(bin, "batch", plans, "-o", out, "-j", "2", NULL);
    free(plans);
    free(out);
    return pid;
}

static int run_batch(void)
{
    return wait_rc(spawn_batch());
}

static bool same(const char *data, size_t len, int i, int v)
{
    return data && len == ref_len[i][v] && memcmp(data, ref[i][v], len) == 0;
}

/* Every PDF in out is a reference of its plan (either version while a run
 * may have been killed; want, 0 or 1, when it must be that one). */
static void expect_pdfs(int want[NPLANS], const char *when)
{
    for (int i = 0; i < NPLANS; i++) {
        char *pdf = e2e_fmt("%s/out/p%d.pdf", dir, i);
        size_t len;
        char *data = e2e_slurp(pdf, &len);
        if (!data) {
            if (want)
                fail_msg("%s: p%d.pdf is missing", when, i);
            free(pdf);
            continue;
        }
        bool ok = want ? same(data, len, i, want[i])
                       : same(data, len, i, 0) || same(data, len, i, 1);
        if (!ok)
            fail_msg("%s: p%d.pdf (%zu bytes) is not a complete PDF of its plan", when,
                     i, len);
        free(data);
        free(pdf);
    }
}

static size_t temporaries(void)
{
    size_t n = 0;
    char *out = e2e_fmt("%s/out", dir);
    DIR *d = opendir(out);
    for (struct dirent *e; d && (e = readdir(d));)
        n += strstr(e->d_name, ".grantsheet-tmp") != NULL;
    if (d)
        closedir(d);
    free(out);
    return n;
}

/* Each manifest row's output_sha256 is the hash of its PDF.  A row (the
 * manifest's format 4) is eight fields: plan, document, status, warnings,
 * output_sha256, inputs, diagnostics, national_cap; this run makes the
 * 実施計画 alone. */
static void expect_manifest_true(const char *when)
{
    char *path = e2e_fmt("%s/out/manifest.tsv", dir);
    char *m = e2e_slurp(path, NULL);
    if (!m)
        fail_msg("%s: no manifest", when);
    if (strncmp(m, "# grantsheet manifest 4\t", 24) != 0)
        fail_msg("%s: not a manifest of format 4: %.40s", when, m);
    int rows = 0;
    for (char *line = strtok(m, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || strncmp(line, "plan\t", 5) == 0)
            continue;
        char *f[8];
        int k = 0;
        for (char *p = line; k < 8; k++) {
            f[k] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                k++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        assert_int_equal(k, 8);
        assert_string_equal(f[1], "実施計画");
        char *pdf = e2e_fmt("%s/out/%.*s.pdf", dir, (int)(strlen(f[0]) - 4), f[0]);
        char hex[65];
        assert_int_equal(gs_batch_sha256_file(pdf, hex), 0);
        if (strcmp(hex, f[4]) != 0)
            fail_msg("%s: manifest says %s for %s, the file is %s", when, f[4], f[0], hex);
        free(pdf);
        rows++;
    }
    assert_int_equal(rows, NPLANS);
    free(m);
    free(path);
}

static int setup(void **state)
{
    (void)state;
    const char *r = getenv("GRANTSHEET_DATADIR");
    root = strdup(r && *r ? r : ".");
    bin = getenv("GS_RELEASE_BIN");
    if (!bin || access(bin, X_OK) != 0) {
        fprintf(stderr, "test_faults: GS_RELEASE_BIN is not set; `make e2e` sets it\n");
        return -1;
    }
    strcpy(dir, "/tmp/gs-faults-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char *p = e2e_fmt("%s/samples/nagaoka.xml", root);
    sample = e2e_slurp(p, &sample_len);
    free(p);
    if (!sample)
        return -1;
    char *plans = e2e_fmt("%s/plans", dir);
    mkdir(plans, 0700);
    /* the references, each checked by qpdf once */
    for (int i = 0; i < NPLANS; i++)
        for (int v = 0; v < 2; v++) {
            write_plan(i, v + 1);
            char *plan = e2e_fmt("%s/p%d.xml", plans, i), *pdf = e2e_fmt("%s/ref.pdf", dir);
            if (wait_rc(spawn(bin, "render", plan, "-o", pdf, NULL)) != 0 ||
                wait_rc(spawn("qpdf", "--check", pdf, NULL)) != 0)
                return -1;
            ref[i][v] = e2e_slurp(pdf, &ref_len[i][v]);
            unlink(pdf);
            free(plan);
            free(pdf);
        }
    free(plans);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = e2e_fmt("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    for (int i = 0; i < NPLANS; i++)
        for (int v = 0; v < 2; v++)
            free(ref[i][v]);
    free(sample);
    free(root);
    return rc == 0 ? 0 : -1;
}

/* A small deterministic generator: the same fifty moments every run. */
static unsigned next_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* SIGKILL to the whole batch (workers and render servers too) at fifty
 * moments, the plans edited between the runs; after each kill every PDF is
 * complete, and the run that follows completes the job with a true
 * manifest and no temporary file left. */
static void test_killed_fifty_times(void **state)
{
    (void)state;
    int version[NPLANS];
    for (int i = 0; i < NPLANS; i++) {
        write_plan(i, 1);
        version[i] = 0;
    }
    assert_int_equal(run_batch(), 0);
    expect_pdfs(version, "the first run");
    /* how long a run that renders everything takes, to spread the kills */
    for (int i = 0; i < NPLANS; i++)
        write_plan(i, 2);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(run_batch(), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long span_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    if (span_us < 20000)
        span_us = 20000;
    for (int i = 0; i < NPLANS; i++)
        version[i] = 1;
    unsigned seed = 2026;
    int killed = 0;
    for (int k = 0; k < KILLS; k++) {
        for (int i = 0; i < NPLANS; i++)
            if (next_rand(&seed) % 2) {
                version[i] ^= 1;
                write_plan(i, version[i] + 1);
            }
        pid_t pid = spawn_batch();
        struct timespec ts = {0, (long)(next_rand(&seed) % 1000) * span_us};
        ts.tv_sec = ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        nanosleep(&ts, NULL);
        killed += kill(-pid, SIGKILL) == 0;
        wait_rc(pid);
        char *when = e2e_fmt("after kill %d", k + 1);
        expect_pdfs(NULL, when);
        free(when);
        /* the killed run's processes are gone before the next one starts */
        for (int tries = 0; tries < 100 && kill(-pid, 0) == 0; tries++) {
            struct timespec p = {0, 10000000L};
            nanosleep(&p, NULL);
        }
        assert_int_equal(run_batch(), 0);
        when = e2e_fmt("the run after kill %d", k + 1);
        expect_pdfs(version, when);
        expect_manifest_true(when);
        free(when);
        assert_int_equal(temporaries(), 0);
    }
    print_message("  %d of %d kills landed during a run (span %ld ms)\n", killed, KILLS,
                  span_us / 1000);
}

/* Two runs at once on one output folder: both complete, every plan is
 * rendered once and right, the manifest is true. */
static void test_two_runs_at_once(void **state)
{
    (void)state;
    int version[NPLANS];
    for (int i = 0; i < NPLANS; i++) {
        version[i] = i % 2;
        write_plan(i, version[i] + 1);
    }
    pid_t a = spawn_batch(), b = spawn_batch();
    int ra = wait_rc(a), rb = wait_rc(b);
    assert_int_equal(ra, 0);
    assert_int_equal(rb, 0);
    expect_pdfs(version, "two runs at once");
    assert_int_equal(temporaries(), 0);
    /* the last manifest written may list plans the other run did as
     * skipped; a run now is true and skips everything */
    assert_int_equal(run_batch(), 0);
    expect_manifest_true("the run after two at once");
}

/* A plan saved again while a run renders it: whichever version the run
 * read, its PDF is complete, and the next run renders the new version
 * instead of skipping it. */
static void test_plan_edited_during_run(void **state)
{
    (void)state;
    int version[NPLANS];
    for (int i = 0; i < NPLANS; i++) {
        version[i] = 0;
        write_plan(i, 1);
    }
    assert_int_equal(run_batch(), 0);
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < NPLANS; i++) {
            version[i] ^= 1;
            write_plan(i, version[i] + 1);
        }
        pid_t pid = spawn_batch();
        struct timespec ts = {0, 15000000L * round};
        nanosleep(&ts, NULL);
        version[NPLANS - 1] ^= 1;
        write_plan(NPLANS - 1, version[NPLANS - 1] + 1);
        assert_int_equal(wait_rc(pid), 0);
        expect_pdfs(NULL, "the run with an edit");
        assert_int_equal(run_batch(), 0);
        expect_pdfs(version, "the run after the edit");
        expect_manifest_true("the run after the edit");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_killed_fifty_times),
        cmocka_unit_test(test_two_runs_at_once),
        cmocka_unit_test(test_plan_edited_during_run),
    };
    return cmocka_run_group_tests_name("faults", tests, setup, teardown);
}
