/*
 * test_batch.c - grantsheet batch: skipping, stale outputs, crashes, a full
 * disk, locks, the manifest and shards.
 *
 * Each test builds a small tree of plans (copies of samples/nagaoka.xml,
 * varied by their 担当部署名 so that their PDFs differ) in a mkdtemp folder
 * and runs gs_batch_run in-process, or in a forked child where the test needs
 * to kill it, limit its file size or let it wait on a lock.  Reference PDFs
 * come from gs_pipeline_run, so "old or new" can be checked byte for byte.
 *
 * Environment: GRANTSHEET_DATADIR = the checkout (templates, fonts,
 * samples).
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
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"
#include "input/xml.h"
#include "pipeline/pipeline.h"
#include "util/atomic.h"
#include "util/buf.h"

static char *datadir;
static char *sample; /* samples/nagaoka.xml, as read at start */
static size_t sample_len;

/* ---------- files ---------- */

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    gs_buf b = GS_BUF_INIT;
    va_list ap;
    va_start(ap, f);
    gs_buf_vprintf(&b, f, ap);
    va_end(ap);
    return gs_buf_detach(&b);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    gs_buf b = GS_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        gs_buf_append(&b, chunk, n);
    fclose(f);
    if (len)
        *len = b.len;
    if (!b.data)
        gs_buf_puts(&b, "");
    return gs_buf_detach(&b);
}

static void spit(const char *path, const char *data, size_t len)
{
    char *dir = gs_xstrdup(path);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0777);
            *p = '/';
        }
    free(dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* nagaoka.xml with its department renamed: version v of plan id. */
static void write_plan(const char *root, const char *id, int v)
{
    const char *tag = "<department>";
    const char *at = strstr(sample, tag);
    assert_non_null(at);
    at += strlen(tag);
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, sample, (size_t)(at - sample));
    gs_buf_printf(&b, "第%d版 ", v);
    gs_buf_puts(&b, at);
    char *path = fmt("%s/%s", root, id);
    spit(path, b.data, b.len);
    free(path);
    gs_buf_free(&b);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static void rm_rf(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *tmpdir(void)
{
    char *t = gs_xstrdup("/tmp/gs-batch-XXXXXX");
    assert_non_null(mkdtemp(t));
    return t;
}

/* Entries whose name starts with '.' other than .grantsheet: temporaries. */
static int count_temps_in(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *sub = fmt("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            n += count_temps_in(sub);
        else if (e->d_name[0] == '.')
            n++;
        free(sub);
    }
    closedir(dh);
    return n;
}

/* The PDF of one plan, rendered in memory. */
static char *reference_pdf(const char *plan_path, size_t *len)
{
    gs_diags d = GS_DIAGS_INIT;
    gs_pipeline *pl = gs_pipeline_new(datadir, NULL, &d);
    assert_non_null(pl);
    gs_buf pdf = GS_BUF_INIT;
    assert_int_equal(gs_pipeline_run(pl, plan_path, &pdf, &d), 0);
    gs_pipeline_free(pl);
    gs_diags_free(&d);
    *len = pdf.len;
    return gs_buf_detach(&pdf);
}

static bool file_equals(const char *path, const char *data, size_t len)
{
    size_t n;
    char *got = slurp(path, &n);
    bool eq = got && n == len && memcmp(got, data, len) == 0;
    free(got);
    return eq;
}

/* ---------- running a batch ---------- */

typedef struct seen {
    int waits, busy;
    char marker[256]; /* a file created on the first WAIT (child runs) */
    int resolved;     /* RESOLVED events */
} seen;

/* The last PLAN event of each plan, kept for the tests to judge. */
typedef struct heard {
    char id[128];
    gs_batch_status status;
    unsigned flags;
    size_t errors;
    char reason[2048], first[2048], diag[512];
} heard;

static heard heard_v[64];
static size_t nheard;

static const heard *heard_of(const char *id)
{
    for (size_t i = 0; i < nheard; i++)
        if (strcmp(heard_v[i].id, id) == 0)
            return &heard_v[i];
    fail_msg("no event for plan %s", id);
    return NULL;
}

static void hear(const gs_batch_event *ev)
{
    heard *h = NULL;
    for (size_t i = 0; i < nheard && !h; i++)
        if (strcmp(heard_v[i].id, ev->plan) == 0)
            h = &heard_v[i];
    if (!h) {
        assert_true(nheard < sizeof heard_v / sizeof *heard_v);
        h = &heard_v[nheard++];
    }
    memset(h, 0, sizeof *h);
    snprintf(h->id, sizeof h->id, "%s", ev->plan);
    h->status = ev->status;
    h->flags = ev->flags;
    h->errors = ev->errors;
    snprintf(h->reason, sizeof h->reason, "%s", ev->reason ? ev->reason : "");
    snprintf(h->first, sizeof h->first, "%s", ev->first ? ev->first : "");
    snprintf(h->diag, sizeof h->diag, "%s", ev->diag_path ? ev->diag_path : "");
    /* a diagnostics file is named only when it is there */
    if (ev->diag_path)
        assert_int_equal(access(ev->diag_path, F_OK), 0);
}

static void on_event(void *ctx, const gs_batch_event *ev)
{
    seen *s = ctx;
    if (ev->kind == GS_BATCH_EV_PLAN)
        hear(ev);
    if (ev->kind == GS_BATCH_EV_RESOLVED) {
        s->resolved++;
        hear(ev);
    }
    if (ev->kind == GS_BATCH_EV_WAIT) {
        s->waits++;
        assert_non_null(ev->lock_path);
        if (s->marker[0])
            close(open(s->marker, O_WRONLY | O_CREAT, 0600));
    }
    if (ev->kind == GS_BATCH_EV_PLAN && ev->status == GS_BATCH_BUSY) {
        s->busy++;
        assert_non_null(ev->lock_path);
    }
}

/* Limits of the plans' processes for the next batch() (the command line's
 * defaults unless a test says otherwise). */
static int plan_timeout = GS_BATCH_PLAN_TIMEOUT, plan_memory = GS_BATCH_PLAN_MEMORY_MB;

static int batch(const char *root, const char *out, int jobs, int k, int n,
                 bool no_wait, gs_batch_counts *c, seen *s)
{
    const char *paths[] = {root};
    gs_batch_opts o;
    memset(&o, 0, sizeof o);
    o.plan_timeout = plan_timeout;
    o.plan_memory_mb = plan_memory;
    nheard = 0;
    o.paths = paths;
    o.npaths = 1;
    o.outdir = out;
    o.jobs = jobs;
    o.shard_k = k;
    o.shard_n = n;
    o.no_wait = no_wait;
    o.datadir = datadir;
    o.report = on_event;
    o.report_ctx = s;
    gs_diags d = GS_DIAGS_INIT;
    int rc = gs_batch_run(&o, c, &d);
    gs_diags_free(&d);
    return rc;
}

static int run1(const char *root, const char *out, gs_batch_counts *c)
{
    seen s = {0, 0, "", 0};
    return batch(root, out, 1, 0, 0, false, c, &s);
}

/* The manifest row of plan id (without the newline), or NULL. */
static char *manifest_row(const char *out, const char *name, const char *id)
{
    char *path = fmt("%s/%s", out, name);
    char *m = slurp(path, NULL);
    free(path);
    if (!m)
        return NULL;
    char *want = fmt("\n%s\t", id);
    char *at = strstr(m, want);
    char *row = NULL;
    if (at) {
        at++;
        row = gs_xstrndup(at, strcspn(at, "\n"));
    }
    free(want);
    free(m);
    return row;
}

/* ---------- tests ---------- */

static void make_tree(const char *root)
{
    write_plan(root, "a.xml", 1);
    write_plan(root, "sub/b.xml", 1);
    write_plan(root, "sub/c.xml", 1);
}

static void test_skip_unchanged(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    make_tree(root);
    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.total, 3);
    assert_int_equal(c.ok, 3);
    char *pdf = fmt("%s/sub/b.pdf", out);
    size_t n1, n2;
    char *first = slurp(pdf, &n1);
    assert_non_null(first);

    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.skipped, 3);
    assert_int_equal(c.ok, 0);
    char *second = slurp(pdf, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(first, second, n1);

    /* one plan edited: only it renders */
    write_plan(root, "sub/b.xml", 2);
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.ok, 1);
    assert_int_equal(c.skipped, 2);
    char *row = manifest_row(out, "manifest.tsv", "sub/b.xml");
    assert_non_null(row);
    assert_non_null(strstr(row, "\tok\t"));
    free(row);

    /* a PDF deleted or damaged: rendered again (a file that is not a PDF
     * at all is never written over: test_never_destroys) */
    unlink(pdf);
    char *apdf = fmt("%s/a.pdf", out);
    spit(apdf, "%PDF-1.4 junk", 13);
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.ok, 2);
    assert_int_equal(c.skipped, 1);
    size_t n3;
    char *aplan = fmt("%s/a.xml", root);
    char *ref = reference_pdf(aplan, &n3);
    free(aplan);
    assert_true(file_equals(apdf, ref, n3));

    free(ref);
    free(apdf);
    free(first);
    free(second);
    free(pdf);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

static int copy_entry(const char *from, const char *to)
{
    size_t n;
    char *data = slurp(from, &n);
    if (!data)
        return -1;
    spit(to, data, n);
    free(data);
    return 0;
}

/* A template edit, or a CSV edit, re-renders the plans that use it. */
static void test_rerender_on_template_and_csv(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    make_tree(root);

    /* plan d reads its KPI figures from kpi.csv */
    char *kpis = strstr(sample, "<kpis>"), *kend = strstr(sample, "</kpis>");
    assert_non_null(kpis);
    assert_non_null(kend);
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, sample, (size_t)(kpis - sample));
    gs_buf_puts(&b, "<kpis csv=\"kpi.csv\">");
    for (const char *l = kpis + strlen("<kpis>"); l < kend;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl && nl < kend ? (size_t)(nl - l + 1) : (size_t)(kend - l);
        gs_buf tmp = GS_BUF_INIT;
        gs_buf_append(&tmp, l, len);
        if (!strstr(tmp.data, "<baseline>") && !strstr(tmp.data, "<increase ") &&
            !strstr(tmp.data, "<total>"))
            gs_buf_append(&b, l, len);
        gs_buf_free(&tmp);
        l += len;
    }
    gs_buf_puts(&b, kend);
    char *dplan = fmt("%s/csv/d.xml", root), *csv = fmt("%s/csv/kpi.csv", root);
    spit(dplan, b.data, b.len);
    gs_buf_free(&b);
    char *csv_src = fmt("%s/samples/csv/nagaoka-kpi.csv", datadir);
    assert_int_equal(copy_entry(csv_src, csv), 0);

    /* a private data folder: templates copied, fonts linked */
    char *dd = fmt("%s/data", t);
    char *tdir = fmt("%s/templates", dd);
    mkdir(dd, 0777);
    mkdir(tdir, 0777);
    char *src = fmt("%s/templates", datadir);
    DIR *dh = opendir(src);
    assert_non_null(dh);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *f = fmt("%s/%s", src, e->d_name), *g = fmt("%s/%s", tdir, e->d_name);
        assert_int_equal(copy_entry(f, g), 0);
        free(f);
        free(g);
    }
    closedir(dh);
    char *fonts = fmt("%s/fonts", datadir), *flink = fmt("%s/fonts", dd);
    assert_int_equal(symlink(fonts, flink), 0);
    char *saved = datadir;
    datadir = dd;

    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.ok, 4);
    char *row = manifest_row(out, "manifest.tsv", "csv/d.xml");
    assert_non_null(row);
    assert_non_null(strstr(row, "csv/kpi.csv="));
    free(row);
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.skipped, 4);

    /* the CSV changes (a KPI figure): only d renders */
    size_t n;
    char *text = slurp(csv, &n);
    char *at = strstr(text, "30.00");
    assert_non_null(at);
    memcpy(at, "31.00", 5);
    spit(csv, text, n);
    free(text);
    assert_int_equal(run1(root, out, &c), 1); /* 累計 no longer adds up */
    assert_int_equal(c.stale, 1);
    assert_int_equal(c.skipped, 3);
    spit(csv, "", 0);
    assert_int_equal(copy_entry(csv_src, csv), 0);
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.ok, 1);
    assert_int_equal(c.skipped, 3);

    /* a template changes (one byte appended): every plan renders */
    char *tpl = fmt("%s/bessi1-1.xml", tdir);
    text = slurp(tpl, &n);
    gs_buf tb = GS_BUF_INIT;
    gs_buf_append(&tb, text, n);
    gs_buf_putc(&tb, '\n');
    spit(tpl, tb.data, tb.len);
    gs_buf_free(&tb);
    free(text);
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.ok, 4);

    datadir = saved;
    rm_rf(t);
    free(tpl);
    free(fonts);
    free(flink);
    free(src);
    free(tdir);
    free(dd);
    free(csv_src);
    free(dplan);
    free(csv);
    free(root);
    free(out);
    free(t);
}

static void test_stale_on_failure(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    make_tree(root);
    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), 0);
    char *pdf = fmt("%s/a.pdf", out);
    size_t n;
    char *good = slurp(pdf, &n);

    /* a broken a.xml, and a new plan that was never good */
    size_t bn;
    char *bpath = fmt("%s/samples/nagaoka-broken-invalid.xml", datadir);
    char *broken = slurp(bpath, &bn);
    assert_non_null(broken);
    char *apath = fmt("%s/a.xml", root), *epath = fmt("%s/e.xml", root);
    spit(apath, broken, bn);
    spit(epath, broken, bn);
    assert_int_equal(run1(root, out, &c), 1);
    assert_int_equal(c.stale, 1);
    assert_int_equal(c.failed, 1);
    assert_int_equal(c.skipped, 2);
    assert_true(file_equals(pdf, good, n));          /* the last good PDF */
    char *epdf = fmt("%s/e.pdf", out);
    assert_int_equal(access(epdf, F_OK), -1);        /* none for e */

    char *row = manifest_row(out, "manifest.tsv", "a.xml");
    assert_non_null(row);
    assert_non_null(strstr(row, "\tstale\t"));
    assert_non_null(strstr(row, "\t.grantsheet/diag/a.xml.txt"));
    free(row);
    row = manifest_row(out, "manifest.tsv", "e.xml");
    assert_non_null(strstr(row, "\tfailed\t0\t-\t"));
    free(row);
    char *dpath = fmt("%s/.grantsheet/diag/a.xml.txt", out);
    char *diag = slurp(dpath, NULL);
    assert_non_null(diag);
    assert_non_null(strstr(diag, "error[E2"));
    free(diag);

    /* still broken: still stale, never skipped */
    assert_int_equal(run1(root, out, &c), 1);
    assert_int_equal(c.stale, 1);

    /* fixed: rendered, the diagnostics file goes */
    write_plan(root, "a.xml", 3);
    unlink(epath);
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.ok, 1);
    assert_int_equal(access(dpath, F_OK), -1);
    assert_null(manifest_row(out, "manifest.tsv", "e.xml"));

    free(dpath);
    free(epdf);
    free(apath);
    free(epath);
    free(broken);
    free(bpath);
    free(good);
    free(pdf);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* A lock the test holds (test_lock); a forked child must not keep it. */
static int held_fd = -1;

/* Runs the batch in a child of its own process group; returns its pid. */
static pid_t spawn_batch(const char *root, const char *out, int jobs,
                         const char *marker, long fsize_limit)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        /* the flock belongs to the open file, which the fork shares */
        if (held_fd >= 0)
            close(held_fd);
        if (fsize_limit > 0) {
            struct rlimit lim;
            getrlimit(RLIMIT_FSIZE, &lim);
            lim.rlim_cur = (rlim_t)fsize_limit;
            signal(SIGXFSZ, SIG_IGN);
            setrlimit(RLIMIT_FSIZE, &lim);
        }
        seen s = {0, 0, "", 0};
        if (marker)
            snprintf(s.marker, sizeof s.marker, "%s", marker);
        gs_batch_counts c;
        int rc = batch(root, out, jobs, 0, 0, false, &c, &s);
        _exit(rc);
    }
    setpgid(pid, pid);
    return pid;
}

static int wait_rc(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        assert_int_equal(errno, EINTR);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* kill -9 (the whole process group, workers included) at several moments:
 * every PDF is the old or the new one, and the next run finishes the job. */
static void test_kill_midrun(void **state)
{
    (void)state;
    enum { NPLANS = 8 };
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    char *v1[NPLANS], *v2[NPLANS];
    size_t l1[NPLANS], l2[NPLANS];
    char *ids[NPLANS];
    for (int i = 0; i < NPLANS; i++) {
        ids[i] = fmt("p%d.xml", i);
        write_plan(root, ids[i], 1);
        char *p = fmt("%s/%s", root, ids[i]);
        v1[i] = reference_pdf(p, &l1[i]);
        free(p);
    }
    gs_batch_counts c;
    assert_int_equal(batch(root, out, 2, 0, 0, false, &c, &(seen){0, 0, "", 0}), 0);
    for (int i = 0; i < NPLANS; i++) {
        write_plan(root, ids[i], 2);
        char *p = fmt("%s/%s", root, ids[i]);
        v2[i] = reference_pdf(p, &l2[i]);
        free(p);
        assert_false(l1[i] == l2[i] && memcmp(v1[i], v2[i], l1[i]) == 0);
    }
    int delays_ms[] = {30, 120, 250, 400, 700};
    for (size_t k = 0; k < sizeof delays_ms / sizeof *delays_ms; k++) {
        pid_t pid = spawn_batch(root, out, 2, NULL, 0);
        struct timespec ts = {0, delays_ms[k] * 1000000L};
        nanosleep(&ts, NULL);
        kill(-pid, SIGKILL);
        wait_rc(pid);
        for (int i = 0; i < NPLANS; i++) {
            char *pdf = fmt("%s/p%d.pdf", out, i);
            assert_true(file_equals(pdf, v1[i], l1[i]) ||
                        file_equals(pdf, v2[i], l2[i]));
            free(pdf);
        }
    }
    /* the workers of the killed runs are gone before the clean run */
    struct timespec pause = {0, 200000000L};
    nanosleep(&pause, NULL);
    assert_int_equal(batch(root, out, 2, 0, 0, false, &c, &(seen){0, 0, "", 0}), 0);
    assert_int_equal(c.ok + c.skipped, NPLANS);
    for (int i = 0; i < NPLANS; i++) {
        char *pdf = fmt("%s/p%d.pdf", out, i);
        assert_true(file_equals(pdf, v2[i], l2[i]));
        free(pdf);
        free(v1[i]);
        free(v2[i]);
        free(ids[i]);
    }
    assert_int_equal(count_temps_in(out), 0);
    assert_int_equal(batch(root, out, 2, 0, 0, false, &c, &(seen){0, 0, "", 0}), 0);
    assert_int_equal(c.skipped, NPLANS);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* The seam of batch.c: writes of PDFs fail with ENOSPC while set. */
static bool disk_full;
bool gs_atomic_test_disk_full(const char *path);
bool gs_atomic_test_disk_full(const char *path)
{
    size_t n = strlen(path);
    return disk_full && n > 4 && strcmp(path + n - 4, ".pdf") == 0;
}

/* Fills the file system holding dir; returns the filler's path. */
static char *fill_disk(const char *dir)
{
    char *filler = fmt("%s/filler", dir);
    int fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    static char block[4096];
    while (write(fd, block, sizeof block) > 0)
        ;
    while (write(fd, block, 1) > 0)
        ;
    close(fd);
    return filler;
}

/* A full disk through the seam (every PDF write fails half-way with
 * ENOSPC): the plan is stale with the reason, the old PDF is intact, no
 * temporary is left, and the next run (with room again) finishes the job. */
static void test_full_disk_seam(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    write_plan(root, "a.xml", 1);
    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), 0);
    char *pdf = fmt("%s/a.pdf", out);
    size_t n;
    char *old = slurp(pdf, &n);
    write_plan(root, "a.xml", 2);

    disk_full = true;
    assert_int_equal(run1(root, out, &c), GS_BATCH_RC_WRITE);
    disk_full = false;
    assert_int_equal(c.stale, 1);
    assert_true(c.flags & GS_BATCH_F_WRITE);
    const heard *h = heard_of("a.xml");
    assert_non_null(strstr(h->reason, "ディスクに空きがありません (ENOSPC)"));
    assert_non_null(strstr(h->reason, "a.pdf"));
    assert_true(file_equals(pdf, old, n));
    assert_int_equal(count_temps_in(out), 0);
    char *row = manifest_row(out, "manifest.tsv", "a.xml");
    assert_non_null(row);
    assert_non_null(strstr(row, "\tstale\t"));
    free(row);
    char *dpath = fmt("%s/.grantsheet/diag/a.xml.txt", out);
    assert_string_equal(heard_of("a.xml")->diag, dpath);
    char *diag = slurp(dpath, NULL);
    assert_non_null(diag);
    assert_non_null(strstr(diag, "E404"));
    assert_non_null(strstr(diag, "ENOSPC"));
    free(diag);
    free(dpath);

    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.ok, 1);
    size_t rn;
    char *plan = fmt("%s/a.xml", root);
    char *ref = reference_pdf(plan, &rn);
    assert_true(file_equals(pdf, ref, rn));
    free(ref);
    free(plan);
    free(old);
    free(pdf);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* A real full disk: OUTDIR is a small tmpfs (1 MB: a PDF is ~115 KB, so
 * the first run fits), filled up before the second run.  Every message is
 * true: the PDFs that could not be replaced say why in Japanese and stay
 * as they were; a plan with data errors in the same run is reported with
 * its errors (and, since its diagnostics could not be saved, its first
 * error), not as a write failure; no diagnostics file is named that was
 * not written.  Needs root (mount); skipped otherwise. */
static void test_full_disk_tmpfs(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    mkdir(out, 0777);
    if (mount("tmpfs", out, "tmpfs", 0, "size=1m") != 0) {
        print_message("test_full_disk_tmpfs: cannot mount a tmpfs (%s): skipped; "
                      "test_full_disk_seam covers the logic\n", strerror(errno));
        rm_rf(t);
        free(root);
        free(out);
        free(t);
        skip();
    }
    write_plan(root, "a.xml", 1);
    write_plan(root, "b.xml", 1);
    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), 0);
    char *apdf = fmt("%s/a.pdf", out), *bpdf = fmt("%s/b.pdf", out);
    size_t an, bn;
    char *aold = slurp(apdf, &an), *bold = slurp(bpdf, &bn);
    write_plan(root, "a.xml", 2);
    write_plan(root, "b.xml", 2);
    size_t brn;
    char *bpath = fmt("%s/samples/nagaoka-broken-invalid.xml", datadir);
    char *broken = slurp(bpath, &brn);
    char *epath = fmt("%s/e.xml", root);
    spit(epath, broken, brn);

    char *filler = fill_disk(out);
    assert_int_equal(run1(root, out, &c), GS_BATCH_RC_WRITE);
    assert_int_equal(c.stale, 2);
    assert_int_equal(c.failed, 1);
    for (int k = 0; k < 2; k++) {
        const heard *h = heard_of(k ? "b.xml" : "a.xml");
        assert_int_equal(h->status, GS_BATCH_STALE);
        assert_true(h->flags & GS_BATCH_F_WRITE);
        assert_false(h->flags & GS_BATCH_F_PLAN);
        assert_non_null(strstr(h->reason, "ディスクに空きがありません (ENOSPC)"));
        assert_string_equal(h->diag, ""); /* could not be written: not named */
    }
    const heard *e = heard_of("e.xml");
    assert_int_equal(e->status, GS_BATCH_FAILED);
    assert_true(e->flags & GS_BATCH_F_PLAN);
    assert_true(e->errors > 0);
    assert_non_null(strstr(e->reason, "診断結果を書き出せません"));
    assert_non_null(strstr(e->reason, "ENOSPC"));
    assert_non_null(strstr(e->first, "error[E2"));
    assert_string_equal(e->diag, "");
    assert_true(file_equals(apdf, aold, an));
    assert_true(file_equals(bpdf, bold, bn));
    assert_int_equal(count_temps_in(out), 0);

    /* room again: done, and e's diagnostics are there and named */
    unlink(filler);
    free(filler);
    assert_int_equal(run1(root, out, &c), GS_BATCH_RC_PLAN);
    assert_int_equal(c.ok, 2);
    assert_int_equal(c.failed, 1);
    assert_non_null(strstr(heard_of("e.xml")->diag, "/.grantsheet/diag/e.xml.txt"));
    assert_string_equal(heard_of("e.xml")->reason, "");
    umount(out);
    free(broken);
    free(bpath);
    free(epath);
    free(aold);
    free(bold);
    free(apdf);
    free(bpdf);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

static int hold_lock(const char *out, const char *id)
{
    char *lp = fmt("%s/.grantsheet/lock/%s.lock", out, id);
    spit(lp, "", 0);
    int fd = open(lp, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    free(lp);
    return fd;
}

/* Another run holds a plan: --no-wait refuses it (and says which lock);
 * otherwise the run waits for it, says so, then goes on. */
static void test_lock(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    make_tree(root);
    int fd = held_fd = hold_lock(out, "a.xml");
    gs_batch_counts c;
    seen s = {0, 0, "", 0};
    assert_int_equal(batch(root, out, 1, 0, 0, true, &c, &s), GS_BATCH_RC_BUSY);
    assert_int_equal(c.busy, 1);
    assert_int_equal(c.ok, 2);
    assert_int_equal(s.busy, 1);
    char *apdf = fmt("%s/a.pdf", out);
    assert_int_equal(access(apdf, F_OK), -1);

    char *marker = fmt("%s/waited", t);
    pid_t pid = spawn_batch(root, out, 1, marker, 0);
    for (int i = 0; i < 200 && access(marker, F_OK) != 0; i++) {
        struct timespec ts = {0, 20000000L};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(access(marker, F_OK), 0);          /* it said so */
    assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);   /* and waits */
    close(fd);                                          /* released */
    held_fd = -1;
    assert_int_equal(wait_rc(pid), 0);
    assert_int_equal(access(apdf, F_OK), 0);
    free(marker);
    free(apdf);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* The same plans give the same manifest, whatever -j; it holds no time. */
static void test_manifest_deterministic(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t);
    char *o1 = fmt("%s/o1", t), *o2 = fmt("%s/o2", t);
    make_tree(root);
    write_plan(root, "sub/deeper/z.xml", 4);
    gs_batch_counts c;
    assert_int_equal(run1(root, o1, &c), 0);
    assert_int_equal(batch(root, o2, 3, 0, 0, false, &c, &(seen){0, 0, "", 0}), 0);
    char *p1 = fmt("%s/manifest.tsv", o1), *p2 = fmt("%s/manifest.tsv", o2);
    size_t n1, n2;
    char *m1 = slurp(p1, &n1), *m2 = slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(m1, m2, n1);
    /* sorted by plan */
    const char *ids[] = {"\na.xml\t", "\nsub/b.xml\t", "\nsub/c.xml\t",
                         "\nsub/deeper/z.xml\t"};
    const char *prev = m1;
    for (size_t i = 0; i < 4; i++) {
        const char *at = strstr(m1, ids[i]);
        assert_non_null(at);
        assert_true(at > prev);
        prev = at;
    }
    /* a second run differs in the status column only */
    assert_int_equal(run1(root, o1, &c), 0);
    free(m1);
    m1 = slurp(p1, &n1);
    assert_int_equal(n1, n2 + 4 * (strlen("skipped") - strlen("ok")));
    free(m1);
    free(m2);
    free(p1);
    free(p2);
    rm_rf(t);
    free(root);
    free(o1);
    free(o2);
    free(t);
}

/* --document all: each plan's documents are jobs of their own, with their
 * own PDF (ID-NAME.pdf), record and manifest row; unchanged, both are
 * skipped; the default stays the 実施計画 alone.  Rendered, as the command
 * line does, through the render server: it renders a job, not a plan. */
static int batch_doc(const char *root, const char *out, const char *doc,
                     gs_batch_counts *c, gs_diags *d)
{
    const char *paths[] = {root};
    gs_batch_opts o;
    memset(&o, 0, sizeof o);
    o.plan_timeout = plan_timeout;
    o.plan_memory_mb = plan_memory;
    o.paths = paths;
    o.npaths = 1;
    o.outdir = out;
    o.jobs = 1;
    o.datadir = datadir;
    o.document = doc;
    return gs_batch_run(&o, c, d);
}

static void test_documents(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    write_plan(root, "a.xml", 1);
    write_plan(root, "sub/b.xml", 1);
    gs_batch_counts c;
    gs_diags d = GS_DIAGS_INIT;
    assert_int_equal(batch_doc(root, out, "all", &c, &d), 0);
    assert_int_equal(c.total, 8); /* 実施計画, 活用状況, 効果検証, 地域再生計画 each */
    assert_int_equal(c.ok, 8);
    /* the 地域再生計画 as render makes it */
    gs_pipeline *pl = gs_pipeline_new(datadir, NULL, &d);
    assert_non_null(pl);
    long saisei = gs_pipeline_find_document(pl, "saisei");
    assert_true(saisei > 0);
    assert_string_equal(gs_pipeline_document_name(pl, (size_t)saisei), "地域再生計画");
    gs_pipeline_set_document(pl, (size_t)saisei);
    gs_buf ref = GS_BUF_INIT;
    char *bplan = fmt("%s/sub/b.xml", root);
    assert_int_equal(gs_pipeline_run(pl, bplan, &ref, &d), 0);
    gs_pipeline_free(pl);
    char *bpdf = fmt("%s/sub/b-地域再生計画.pdf", out);
    assert_true(file_equals(bpdf, ref.data, ref.len));
    size_t n;
    char *jref = reference_pdf(bplan, &n);
    char *jpdf = fmt("%s/sub/b.pdf", out);
    assert_true(file_equals(jpdf, jref, n));
    /* one manifest row per output, the document named */
    char *row = manifest_row(out, "manifest.tsv", "sub/b.xml");
    assert_non_null(row);
    assert_non_null(strstr(row, "sub/b.xml\t実施計画\tok\t"));
    free(row);
    char *mpath = fmt("%s/manifest.tsv", out);
    char *m = slurp(mpath, NULL);
    /* format 3: the escaping of format 2, and the document column */
    assert_int_equal(strncmp(m, "# grantsheet manifest 4\t", 24), 0);
    assert_non_null(strstr(m, "\nplan\tdocument\tstatus\t"));
    assert_non_null(strstr(m, "\nsub/b.xml\t地域再生計画\tok\t"));
    assert_non_null(strstr(m, "\na.xml\t地域再生計画\tok\t"));
    free(m);
    /* unchanged: all skipped; by its id, one document */
    assert_int_equal(batch_doc(root, out, "all", &c, &d), 0);
    assert_int_equal(c.skipped, 8);
    assert_int_equal(batch_doc(root, out, "saisei", &c, &d), 0);
    assert_int_equal(c.total, 2);
    assert_int_equal(c.skipped, 2);
    assert_int_equal(batch_doc(root, out, NULL, &c, &d), 0);
    assert_int_equal(c.total, 2);
    m = slurp(mpath, NULL);
    assert_null(strstr(m, "地域再生計画\t"));
    free(m);
    free(mpath);
    assert_int_equal(d.n, 0);
    /* an unknown document, and two plans that would share one PDF */
    assert_int_equal(batch_doc(root, out, "事業報告", &c, &d), GS_BATCH_RC_USAGE);
    assert_string_equal(d.v[d.n - 1].code, "E501");
    write_plan(root, "a-地域再生計画.xml", 1);
    assert_int_equal(batch_doc(root, out, "all", &c, &d), GS_BATCH_RC_USAGE);
    assert_non_null(strstr(d.v[d.n - 1].message, "a-地域再生計画.pdf"));
    gs_diags_free(&d);
    gs_buf_free(&ref);
    free(jref);
    free(jpdf);
    free(bpdf);
    free(bplan);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* Under the render server's limits each job fails on its own: a plan
 * whose process dies fails in both its documents, each with E505 in its
 * own diagnostics file and manifest row, and the server started again
 * after each renders the next plan's two documents. */
static void test_documents_limited(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    write_plan(root, "crash.xml", 1);
    write_plan(root, "z.xml", 1);
    gs_batch_counts c;
    gs_diags d = GS_DIAGS_INIT;
    print_message("test_documents_limited: crash.xml's process aborts on purpose\n");
    assert_int_equal(batch_doc(root, out, "all", &c, &d), GS_BATCH_RC_PLAN);
    assert_int_equal(c.total, 8);
    assert_int_equal(c.failed, 4);
    assert_int_equal(c.ok, 4);
    assert_true(c.flags & GS_BATCH_F_CRASH);
    const char *diags[] = {"crash.xml", "crash.xml-活用状況", "crash.xml-効果検証",
                           "crash.xml-地域再生計画"};
    for (int i = 0; i < 4; i++) {
        char *f = fmt("%s/.grantsheet/diag/%s.txt", out, diags[i]);
        char *text = slurp(f, NULL);
        assert_non_null(text);
        assert_non_null(strstr(text, "error[E505]"));
        free(text);
        free(f);
    }
    char *mpath = fmt("%s/manifest.tsv", out);
    char *m = slurp(mpath, NULL);
    assert_non_null(m);
    assert_non_null(strstr(m, "\ncrash.xml\t実施計画\tfailed\t"));
    assert_non_null(strstr(m, "\ncrash.xml\t地域再生計画\tfailed\t"));
    assert_non_null(strstr(m, "\t.grantsheet/diag/crash.xml-地域再生計画.txt\t-\n"));
    assert_non_null(strstr(m, "\nz.xml\t地域再生計画\tok\t"));
    free(m);
    free(mpath);
    char *zpdf = fmt("%s/z-地域再生計画.pdf", out);
    assert_int_equal(access(zpdf, F_OK), 0);
    free(zpdf);
    assert_int_equal(count_temps_in(out), 0);
    gs_diags_free(&d);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* --shard K/N: the shards partition the plans, and their manifest parts,
 * written into one OUTDIR, cover every plan exactly once. */
static void test_shards_partition(void **state)
{
    (void)state;
    enum { NPLANS = 9, N = 3 };
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    for (int i = 0; i < NPLANS; i++) {
        char *id = fmt("d%d/p%d.xml", i % 2, i);
        write_plan(root, id, i);
        free(id);
    }
    size_t total = 0;
    for (int k = 1; k <= N; k++) {
        gs_batch_counts c;
        assert_int_equal(batch(root, out, 1, k, N, false, &c, &(seen){0, 0, "", 0}), 0);
        total += c.total;
    }
    assert_int_equal(total, NPLANS);
    for (int i = 0; i < NPLANS; i++) {
        char *id = fmt("d%d/p%d.xml", i % 2, i);
        int found = 0;
        for (int k = 1; k <= N; k++) {
            char *name = gs_batch_manifest_name(k, N);
            char *row = manifest_row(out, name, id);
            if (row) {
                found++;
                assert_int_equal((int)gs_batch_shard_of(id, N), k - 1);
            }
            free(row);
            free(name);
        }
        assert_int_equal(found, 1);
        char *pdf = fmt("%s/d%d/p%d.pdf", out, i % 2, i);
        assert_int_equal(access(pdf, F_OK), 0);
        free(pdf);
        free(id);
    }
    /* the shard function is pinned: every machine must agree */
    assert_int_equal(gs_batch_shard_of("", 7), 14695981039346656037ull % 7);
    assert_int_equal(gs_batch_shard_of("a", 1000),
                     ((14695981039346656037ull ^ 'a') * 1099511628211ull) % 1000);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* samples/: the counter-examples are left out, the rest renders, and a
 * second run skips it all; clashing ids are refused. */
static void test_samples_and_usage(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *out = fmt("%s/out", t), *samples = fmt("%s/samples", datadir);
    gs_batch_counts c;
    assert_int_equal(run1(samples, out, &c), 0);
    assert_true(c.excluded >= 1);
    assert_true(c.ok >= 1);
    assert_int_equal(run1(samples, out, &c), 0);
    assert_int_equal(c.skipped, c.total);

    char *a = fmt("%s/x/n.xml", t), *b = fmt("%s/y/n.xml", t);
    write_plan(t, "x/n.xml", 1);
    write_plan(t, "y/n.xml", 1);
    const char *paths[] = {a, b};
    gs_batch_opts o;
    memset(&o, 0, sizeof o);
    o.paths = paths;
    o.npaths = 2;
    o.outdir = out;
    o.datadir = datadir;
    gs_diags d = GS_DIAGS_INIT;
    assert_int_equal(gs_batch_run(&o, &c, &d), GS_BATCH_RC_USAGE);
    assert_true(d.errors >= 1);
    gs_diags_free(&d);
    free(a);
    free(b);
    rm_rf(t);
    free(out);
    free(samples);
    free(t);
}

/* ---------- never destroy, never leave behind ---------- */

/* What batch finds at its outputs' paths that is not its own is refused
 * (E405) and left exactly as it was: a file that is not a PDF, a FIFO (the
 * run must not hang on it), a folder, a device, someone's manifest.tsv, a
 * state record that is not one.  A link to a PDF is replaced by the new
 * PDF; the PDF it pointed to is untouched. */
static void test_never_destroys(void **state)
{
    (void)state;
    alarm(120); /* a hang on the FIFO fails the test instead of blocking it */
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    const char *ids[] = {"a.xml", "b.xml", "c.xml", "d.xml", "e.xml", "f.xml"};
    for (size_t i = 0; i < 6; i++)
        write_plan(root, ids[i], 1);
    char *apdf = fmt("%s/a.pdf", out), *bpdf = fmt("%s/b.pdf", out);
    char *cpdf = fmt("%s/c.pdf", out), *dpdf = fmt("%s/d.pdf", out);
    char *fpdf = fmt("%s/f.pdf", out), *inner = fmt("%s/c.pdf/keep.txt", out);
    char *elsewhere = fmt("%s/elsewhere.pdf", t), *manifest = fmt("%s/manifest.tsv", out);
    char *estate = fmt("%s/.grantsheet/state/e.xml.tsv", out);
    spit(apdf, "not a PDF\n", 10);
    assert_int_equal(mkfifo(bpdf, 0666), 0);
    spit(inner, "keep", 4);
    spit(elsewhere, "%PDF-1.4 elsewhere", 18);
    assert_int_equal(symlink(elsewhere, dpdf), 0);
    spit(manifest, "my own notes\n", 13);
    spit(estate, "hello\n", 6);
    bool dev = mknod(fpdf, S_IFCHR | 0666, makedev(1, 3)) == 0;
    if (!dev)
        write_plan(out, "f.pdf", 1); /* not root: an XML file stands in */

    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), GS_BATCH_RC_WRITE);
    struct {
        const char *id, *why;
    } refused[] = {{"a.xml", "PDF ではない既存のファイル"},
                   {"b.xml", "FIFO"},
                   {"c.xml", "フォルダー"},
                   {"f.xml", dev ? "装置ファイル" : "PDF ではない既存のファイル"}};
    for (size_t i = 0; i < 4; i++) {
        const heard *h = heard_of(refused[i].id);
        assert_int_equal(h->status, GS_BATCH_FAILED); /* no previous PDF */
        assert_true(h->flags & GS_BATCH_F_WRITE);
        if (!strstr(h->reason, refused[i].why) || !strstr(h->reason, "上書きせずに中止しました"))
            fail_msg("%s: \"%s\" lacks \"%s\"", refused[i].id, h->reason, refused[i].why);
        char *dp = fmt("%s/.grantsheet/diag/%s.txt", out, refused[i].id);
        char *diag = slurp(dp, NULL);
        assert_non_null(diag);
        assert_non_null(strstr(diag, "error[E405]"));
        free(diag);
        free(dp);
    }
    struct stat st;
    assert_true(file_equals(apdf, "not a PDF\n", 10));
    assert_int_equal(lstat(bpdf, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_true(file_equals(inner, "keep", 4));
    assert_int_equal(lstat(fpdf, &st), 0);
    assert_true(dev ? S_ISCHR(st.st_mode) : S_ISREG(st.st_mode));
    /* d: the link replaced by the PDF, the file behind it as it was */
    assert_int_equal(heard_of("d.xml")->status, GS_BATCH_OK);
    assert_int_equal(lstat(dpdf, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_true(file_equals(elsewhere, "%PDF-1.4 elsewhere", 18));
    /* e: rendered, but its "state record" is someone else's file */
    const heard *e = heard_of("e.xml");
    assert_int_equal(e->status, GS_BATCH_OK);
    assert_true(e->flags & GS_BATCH_F_WRITE);
    assert_non_null(strstr(e->reason, "記録を書き出せません"));
    assert_non_null(strstr(e->reason, "grantsheet の記録 ではない"));
    assert_true(file_equals(estate, "hello\n", 6));
    /* the manifest.tsv there is not a manifest: kept */
    assert_true(file_equals(manifest, "my own notes\n", 13));
    assert_int_equal(count_temps_in(out), 0);

    /* the same again: the same refusals, still nothing destroyed */
    assert_int_equal(run1(root, out, &c), GS_BATCH_RC_WRITE);
    assert_int_equal(heard_of("d.xml")->status, GS_BATCH_SKIPPED);
    assert_true(file_equals(apdf, "not a PDF\n", 10));
    assert_true(file_equals(manifest, "my own notes\n", 13));
    alarm(0);
    rm_rf(t);
    free(apdf);
    free(bpdf);
    free(cpdf);
    free(dpdf);
    free(fpdf);
    free(inner);
    free(elsewhere);
    free(manifest);
    free(estate);
    free(root);
    free(out);
    free(t);
}

/* A temporary file whose writer holds it (here: a child process holding
 * its flock, as gs_write_atomic's writer does) survives a run; every dead
 * one in the folders the run writes to goes - the manifest's, a PDF's left
 * by an overlapping run, a state record's - and files that only look
 * similar stay. */
static void test_temp_cleanup(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    make_tree(root);
    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), 0);
    const char *dead[] = {".manifest.tsv.Ab12Cd", "sub/.b.pdf.Ef34Gh",
                          ".grantsheet/state/.a.xml.tsv.Ij56Kl",
                          ".grantsheet/diag/sub/.c.xml.txt.Mn78Op"};
    char *paths[4];
    for (int i = 0; i < 4; i++) {
        paths[i] = fmt("%s/%s" GS_ATOMIC_TEMP_SUFFIX, out, dead[i]);
        spit(paths[i], "half", 4);
    }
    char *live = fmt("%s/.a.pdf.Qr90St" GS_ATOMIC_TEMP_SUFFIX, out);
    char *lookalike = fmt("%s/.a.pdf.backup", out);
    spit(live, "half", 4);
    spit(lookalike, "mine", 4);
    /* the live writer: a child holding the lock until told */
    int go[2], ready[2];
    assert_int_equal(pipe(go), 0);
    assert_int_equal(pipe(ready), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(live, O_RDWR);
        char ch = 0;
        if (fd < 0 || flock(fd, LOCK_EX) != 0)
            _exit(1);
        (void)!write(ready[1], &ch, 1);
        (void)!read(go[0], &ch, 1);
        _exit(0);
    }
    char ch;
    assert_int_equal(read(ready[0], &ch, 1), 1);

    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(c.skipped, 3);
    for (int i = 0; i < 4; i++)
        if (access(paths[i], F_OK) == 0)
            fail_msg("dead temporary %s is still there", paths[i]);
    assert_int_equal(access(live, F_OK), 0);        /* its writer lives */
    assert_true(file_equals(lookalike, "mine", 4)); /* not ours */

    assert_int_equal(write(go[1], "x", 1), 1);      /* the writer dies */
    assert_int_equal(wait_rc(pid), 0);
    assert_int_equal(run1(root, out, &c), 0);
    assert_int_equal(access(live, F_OK), -1);
    assert_true(file_equals(lookalike, "mine", 4));
    for (int i = 0; i < 2; i++) {
        close(go[i]);
        close(ready[i]);
    }
    for (int i = 0; i < 4; i++)
        free(paths[i]);
    free(live);
    free(lookalike);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* Lines of a file (newline-terminated). */
static int count_lines(const char *text)
{
    int n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}

/* Plans named with a TAB, a newline, a backslash and a control character:
 * the manifest keeps one row of eight fields per plan, the names escaped,
 * and a second run skips them all (their state records read back). */
static void test_odd_names(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    const char *ids[] = {"tab\there.xml", "new\nline.xml", "back\\slash.xml",
                         "bell\a.xml", "plain.xml"};
    const char *shown[] = {"tab\\there.xml", "new\\nline.xml", "back\\\\slash.xml",
                           "bell\\x07.xml", "plain.xml"};
    enum { N = 5 };
    for (int i = 0; i < N; i++)
        write_plan(root, ids[i], i);
    gs_batch_counts c;
    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(run1(root, out, &c), 0);
        assert_int_equal(pass ? c.skipped : c.ok, N);
        char *mp = fmt("%s/manifest.tsv", out);
        char *m = slurp(mp, NULL);
        assert_non_null(m);
        assert_int_equal(count_lines(m), 2 + N);
        for (const char *line = strchr(m, '\n') + 1; *line;) {
            size_t len = strcspn(line, "\n");
            int tabs = 0;
            for (size_t k = 0; k < len; k++)
                tabs += line[k] == '\t';
            assert_int_equal(tabs, 7);
            line += len + 1;
        }
        for (int i = 0; i < N; i++) {
            char *row = manifest_row(out, "manifest.tsv", shown[i]);
            if (!row)
                fail_msg("no manifest row for %s:\n%s", shown[i], m);
            assert_non_null(strstr(row, pass ? "\tskipped\t" : "\tok\t"));
            /* the inputs column names the plan, escaped, with its hash */
            char *col = fmt("\t%s=", shown[i]);
            assert_non_null(strstr(row, col));
            free(col);
            free(row);
        }
        free(m);
        free(mp);
    }
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* ---------- the seam for plans that misbehave ---------- */

static const char *hook_pause_id;   /* sleep this long in this plan */
static unsigned hook_pause_ms;
static char hook_marker[512];       /* created when the pause starts */
static const char *hook_await_id;   /* in this plan, wait until ... */
static char hook_await_file[512];   /* ... this file holds ... */
static const char *hook_await_text; /* ... this text */

void gs_batch_test_plan_hook(const char *id);
void gs_batch_test_plan_hook(const char *id)
{
    if (strcmp(id, "spin.xml") == 0) {
        for (volatile unsigned long i = 0;; i++)
            ;
    }
    if (strcmp(id, "hog.xml") == 0) {
        for (;;) {
            char *p = gs_xmalloc(1 << 20);
            memset(p, 1, 1 << 20);
        }
    }
    if (strcmp(id, "sleepy.xml") == 0)
        for (;;)
            pause();
    if (strcmp(id, "crash.xml") == 0) {
        fputs("crash.xml: giving up\n", stderr);
        abort();
    }
    if (hook_pause_id && strcmp(id, hook_pause_id) == 0) {
        close(open(hook_marker, O_WRONLY | O_CREAT, 0600));
        struct timespec ts = {hook_pause_ms / 1000, (long)(hook_pause_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (hook_await_id && strcmp(id, hook_await_id) == 0) {
        for (int i = 0; i < 1000; i++) {
            char *text = slurp(hook_await_file, NULL);
            bool there = text && strstr(text, hook_await_text);
            free(text);
            if (there)
                break;
            struct timespec ts = {0, 10000000L};
            nanosleep(&ts, NULL);
        }
    }
}

/* A plan that spins, one that allocates without end and one that waits
 * for ever each fail alone with E504 and a reason naming the limit, one
 * whose process aborts fails with E505; the others render, with -j 2, in
 * bounded time. */
static void test_plan_limits(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    const char *ids[] = {"a.xml", "crash.xml", "hog.xml", "sleepy.xml", "spin.xml", "z.xml"};
    for (int i = 0; i < 6; i++)
        write_plan(root, ids[i], 1);
    plan_timeout = 2;
    plan_memory = 64;
    print_message("test_plan_limits: a plan's process runs out of memory on purpose; "
                  "its last words follow\n");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    gs_batch_counts c;
    int rc = batch(root, out, 2, 0, 0, false, &c, &(seen){0, 0, "", 0});
    clock_gettime(CLOCK_MONOTONIC, &t1);
    plan_timeout = GS_BATCH_PLAN_TIMEOUT;
    plan_memory = GS_BATCH_PLAN_MEMORY_MB;
    assert_int_equal(rc, GS_BATCH_RC_PLAN);
    assert_true(t1.tv_sec - t0.tv_sec < 30);
    assert_int_equal(c.ok, 2);
    assert_int_equal(c.failed, 4);
    assert_true(c.flags & GS_BATCH_F_LIMIT);
    /* a process that dies otherwise: E505 with the signal and its last words */
    const heard *crash = heard_of("crash.xml");
    assert_int_equal(crash->status, GS_BATCH_FAILED);
    assert_true(crash->flags & GS_BATCH_F_CRASH);
    assert_non_null(strstr(crash->reason, "異常終了しました (シグナル 6"));
    assert_non_null(strstr(crash->reason, "最後の出力: crash.xml: giving up"));
    char *cdiag = slurp(crash->diag, NULL);
    assert_non_null(cdiag);
    assert_non_null(strstr(cdiag, "error[E505]"));
    free(cdiag);
    struct {
        const char *id, *why;
    } limited[] = {{"spin.xml", "CPU 時間の上限 (2 秒、--plan-timeout)"},
                   {"hog.xml", "メモリーの上限 (64 MB、--plan-memory)"},
                   {"sleepy.xml", "経過時間の上限 (10 秒"}};
    for (int i = 0; i < 3; i++) {
        const heard *h = heard_of(limited[i].id);
        assert_int_equal(h->status, GS_BATCH_FAILED);
        assert_true(h->flags & GS_BATCH_F_LIMIT);
        if (!strstr(h->reason, limited[i].why))
            fail_msg("%s: \"%s\" lacks \"%s\"", limited[i].id, h->reason, limited[i].why);
        char *dname = fmt("diag/%s.txt", limited[i].id);
        assert_non_null(strstr(h->diag, dname));
        free(dname);
        char *diag = slurp(h->diag, NULL);
        assert_non_null(diag);
        assert_non_null(strstr(diag, "error[E504]"));
        free(diag);
        char *row = manifest_row(out, "manifest.tsv", limited[i].id);
        assert_non_null(strstr(row, "\tfailed\t"));
        free(row);
    }
    /* the plans after a limit still render, in a new render process */
    assert_int_equal(heard_of("z.xml")->status, GS_BATCH_OK);
    assert_int_equal(count_temps_in(out), 0);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

/* Two runs overlap: B renders a.xml; A (--no-wait) finds it busy, goes
 * on, and finishes after B has completed a.xml and written its manifest.
 * A's manifest, written last, and its counts say skipped, not busy, and A
 * exits 0.  (B is given a.xml alone, from a copy of the plans folder, so
 * that it never waits for A.) */
static void test_busy_resolved(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    char *broot = fmt("%s/b-plans", t);
    make_tree(root);
    write_plan(root, "z.xml", 1);
    gs_batch_counts c;
    assert_int_equal(run1(root, out, &c), 0);
    write_plan(root, "a.xml", 2);
    write_plan(broot, "a.xml", 2);
    write_plan(root, "z.xml", 2);
    char *mp = fmt("%s/manifest.tsv", out);
    unlink(mp); /* the one that appears next is B's */
    free(mp);

    /* B: pauses 1 s inside a.xml's render, holding its lock */
    snprintf(hook_marker, sizeof hook_marker, "%s/b-has-a", t);
    hook_pause_id = "a.xml";
    hook_pause_ms = 1000;
    pid_t b = spawn_batch(broot, out, 1, NULL, 0);
    hook_pause_id = NULL;
    for (int i = 0; i < 500 && access(hook_marker, F_OK) != 0; i++) {
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(access(hook_marker, F_OK), 0);

    /* A: a.xml is busy; in z.xml, A waits for B's manifest */
    hook_await_id = "z.xml";
    snprintf(hook_await_file, sizeof hook_await_file, "%s/manifest.tsv", out);
    hook_await_text = "\na.xml\tok\t";
    seen s = {0, 0, "", 0};
    int rc = batch(root, out, 1, 0, 0, true, &c, &s);
    hook_await_id = NULL;
    assert_int_equal(wait_rc(b), 0);
    assert_int_equal(rc, 0);
    assert_int_equal(c.busy, 0);
    assert_int_equal(c.skipped, 3);
    assert_int_equal(s.busy, 1);     /* it said busy at the time */
    assert_int_equal(s.resolved, 1); /* and then that it was done */
    assert_int_equal(heard_of("a.xml")->status, GS_BATCH_SKIPPED);
    char *row = manifest_row(out, "manifest.tsv", "a.xml");
    assert_non_null(row);
    assert_non_null(strstr(row, "\tskipped\t"));
    free(row);
    row = manifest_row(out, "manifest.tsv", "z.xml");
    assert_non_null(strstr(row, "\tok\t")); /* A's manifest, not B's */
    free(row);
    rm_rf(t);
    free(broot);
    free(root);
    free(out);
    free(t);
}

/* ---------- the national cap across plans ---------- */

/* tests/batch/cap-plan.xml (a one-year soft plan of 長岡市, ① 1,200,000
 * 千円 in 2025) as plan id of municipality town, named name, with ① =
 * eligible: its 国費 is ½①. */
static void write_cap_plan(const char *root, const char *id, const char *town,
                           const char *name, const char *eligible)
{
    char *fixture = fmt("%s/tests/batch/cap-plan.xml", datadir);
    char *text = slurp(fixture, NULL);
    assert_non_null(text);
    const char *const swap[][2] = {
        {"長岡市", town}, {"事業A", name}, {"1,200,000", eligible}};
    for (size_t k = 0; k < sizeof swap / sizeof *swap; k++) {
        gs_buf b = GS_BUF_INIT;
        const char *from = swap[k][0], *at, *s = text;
        while ((at = strstr(s, from))) {
            gs_buf_append(&b, s, (size_t)(at - s));
            gs_buf_puts(&b, swap[k][1]);
            s = at + strlen(from);
        }
        gs_buf_puts(&b, s);
        free(text);
        text = gs_buf_detach(&b);
    }
    char *path = fmt("%s/%s", root, id);
    spit(path, text, strlen(text));
    free(path);
    free(text);
    free(fixture);
}

/* The last field of a manifest row: the years over the national cap. */
static const char *cap_field(const char *row)
{
    const char *tab = strrchr(row, '\t');
    assert_non_null(tab);
    return tab + 1;
}

/* FORMS.md rule 11 in batch (E254): two plans of 長岡市 whose 国費 in
 * 2025 add up to exactly 10億円 pass; one 千円 of ① more (½ 千円 of 国費)
 * breaks the cap: the run exits 1 with one E254 naming both plans, both
 * PDFs are rendered all the same (each plan is fine alone), their manifest
 * rows say 2025 and another town's plan, which would break the cap if it
 * counted, says -.  A second run skips every plan and still fails. */
static void test_national_cap(void **state)
{
    (void)state;
    char *t = tmpdir();
    char *root = fmt("%s/plans", t), *out = fmt("%s/out", t);
    write_cap_plan(root, "a.xml", "長岡市", "事業A", "1,200,000");
    write_cap_plan(root, "b.xml", "長岡市", "事業B", "800,000");
    write_cap_plan(root, "c.xml", "湯沢町", "事業C", "1,800,000");
    const char *paths[] = {root};
    gs_batch_opts o;
    memset(&o, 0, sizeof o);
    o.paths = paths;
    o.npaths = 1;
    o.outdir = out;
    o.datadir = datadir;
    o.plan_timeout = plan_timeout;
    o.plan_memory_mb = plan_memory;
    gs_batch_counts c;
    gs_diags d = GS_DIAGS_INIT;

    /* just under: 600,000 + 400,000 = 1,000,000千円 */
    assert_int_equal(gs_batch_run(&o, &c, &d), GS_BATCH_RC_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(c.cap_errors, 0);
    char *row = manifest_row(out, "manifest.tsv", "a.xml");
    assert_non_null(row);
    assert_string_equal(cap_field(row), "-");
    free(row);
    gs_diags_free(&d);

    /* just over: 600,000 + 400,000.5 */
    write_cap_plan(root, "b.xml", "長岡市", "事業B", "800,001");
    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(gs_batch_run(&o, &c, &d), GS_BATCH_RC_PLAN);
        assert_int_equal(c.cap_errors, 1);
        assert_int_equal(c.failed + c.stale, 0);
        assert_int_equal(pass ? c.skipped : c.ok + c.skipped, 3);
        assert_int_equal(d.n, 1);
        const gs_diag *g = &d.v[0];
        assert_string_equal(g->code, "E254");
        assert_int_equal(g->fy, 2025);
        assert_non_null(strstr(g->message, "新潟県長岡市 の 2025年度の国費の合計 1,000,000.5千円"));
        assert_non_null(strstr(g->message, "事業A ("));
        assert_non_null(strstr(g->message, "a.xml) 国費 600,000千円"));
        assert_non_null(strstr(g->message, "事業B ("));
        assert_non_null(strstr(g->message, "b.xml) 国費 400,000.5千円"));
        assert_null(strstr(g->message, "事業C"));
        gs_diags_free(&d);
        for (int k = 0; k < 3; k++) {
            const char *id = k == 0 ? "a.xml" : k == 1 ? "b.xml" : "c.xml";
            char *pdf = fmt("%s/%c.pdf", out, id[0]);
            assert_int_equal(access(pdf, F_OK), 0);
            free(pdf);
            row = manifest_row(out, "manifest.tsv", id);
            assert_non_null(row);
            assert_string_equal(cap_field(row), k < 2 ? "2025" : "-");
            free(row);
        }
    }

    /* The skipped run took each plan's part from its state record, not
     * from the plan: a record that says 事業A's ① is 2 千円 less (599,999
     * 国費) brings the sum to 999,999.5 千円, under the cap. */
    char *rec = fmt("%s/.grantsheet/state/a.xml.tsv", out);
    size_t len;
    char *text = slurp(rec, &len);
    assert_non_null(text);
    char *at = strstr(text, "\t1200000,");
    assert_non_null(at);
    memcpy(at, "\t1199998,", 9);
    spit(rec, text, len);
    free(text);
    assert_int_equal(gs_batch_run(&o, &c, &d), GS_BATCH_RC_OK);
    assert_int_equal(c.skipped, 3);
    assert_int_equal(c.cap_errors, 0);
    assert_int_equal(d.n, 0);
    free(rec);
    rm_rf(t);
    free(root);
    free(out);
    free(t);
}

int main(void)
{
    const char *env = getenv("GRANTSHEET_DATADIR");
    datadir = gs_xstrdup(env && *env ? env : ".");
    char *sp = fmt("%s/samples/nagaoka.xml", datadir);
    sample = slurp(sp, &sample_len);
    free(sp);
    if (!sample) {
        fprintf(stderr, "test_batch: set GRANTSHEET_DATADIR to the checkout\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skip_unchanged),
        cmocka_unit_test(test_rerender_on_template_and_csv),
        cmocka_unit_test(test_stale_on_failure),
        cmocka_unit_test(test_kill_midrun),
        cmocka_unit_test(test_full_disk_seam),
        cmocka_unit_test(test_full_disk_tmpfs),
        cmocka_unit_test(test_lock),
        cmocka_unit_test(test_manifest_deterministic),
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_documents_limited),
        cmocka_unit_test(test_shards_partition),
        cmocka_unit_test(test_samples_and_usage),
        cmocka_unit_test(test_never_destroys),
        cmocka_unit_test(test_temp_cleanup),
        cmocka_unit_test(test_odd_names),
        cmocka_unit_test(test_plan_limits),
        cmocka_unit_test(test_busy_resolved),
        cmocka_unit_test(test_national_cap),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gs_xml_cleanup();
    free(sample);
    free(datadir);
    return rc;
}
