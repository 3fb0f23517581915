/*
 * batch.c - grantsheet batch: find the plans, skip the unchanged ones,
 * render the rest in worker processes, keep the state and the manifest.
 * See batch.h for the folder layout and the crash-safety argument.
 *
 * A run starts by removing the dead temporary files of every folder it
 * writes to (util/atomic.h says why only dead ones can be seen as such).
 *
 * A plan's turn, always under its flock (so two runs never interleave on
 * one plan's outputs):
 *   1. read its state record; if the record is ok, names this tool version
 *      and this templates+fonts hash, every input it lists still hashes the
 *      same and the PDF hashes to the recorded output: skipped.  No parse.
 *   2. otherwise, in the worker's render server (a child process under
 *      per-plan CPU, memory and wall-clock limits, see below): parse it
 *      once to learn its CSV inputs, hash them all (before rendering, so an
 *      input edited during the render is caught next time), render, write
 *      the PDF, the diagnostics, and the state record last.  If the server
 *      dies instead (a limit, a crash), the worker records the failure
 *      itself, with the reason, and starts another server for the next plan.
 *
 * Workers: -j N forks N processes after the pipeline is loaded (fonts and
 * templates are shared copy-on-write, with their render servers too);
 * each takes the next plan index from a shared atomic counter (dynamic
 * balance: big plans do not pile up on one worker) and sends a fixed-size
 * result over one pipe.  Writes of at most PIPE_BUF bytes are atomic, so
 * results from several workers never mix.
 *
 * Every status and message says what is true: a reason names the OS's
 * reason (util/oserr.h), a diagnostics file is named only when it was
 * written, a plan with data errors is reported as such even when its
 * diagnostics could not be saved, and a plan this run found busy but the
 * other run has since completed is listed as skipped, not busy.
 */
#include "batch/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "input/input.h"
#include "input/xlsx.h"
#include "input/xml.h"
#include "model/plan.h"
#include "pipeline/pipeline.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/oserr.h"
#include "util/tsv.h"

/* The wall-clock limit of a plan, in multiples of --plan-timeout. */
#define WALL_FACTOR 5

/* Version 2 added the plan's part in the national cap ("cap"); a record
 * of another version is not understood, so the plan renders once again. */
#define STATE_MAGIC_PREFIX "grantsheet-state\t"
#define STATE_MAGIC STATE_MAGIC_PREFIX "2"
#define MANIFEST_MAGIC "# grantsheet manifest "
#define GS_DIR ".grantsheet"

/* What an existing state record or manifest must start with to be
 * replaced (util/atomic.h); diagnostics files may replace any regular file
 * in their private folder. */
static const gs_out_kind state_kind = {STATE_MAGIC_PREFIX, "grantsheet の記録"};
static const gs_out_kind manifest_kind = {MANIFEST_MAGIC, "grantsheet の一覧 (manifest)"};

/* One job: a plan and one of its documents.  Everything per job (its
 * lock, state, diagnostics, PDF, manifest row, and its turn in the render
 * server) is keyed by it, so the render server renders a job, not a plan. */
typedef struct plan {
    char *id;   /* path relative to its PATH argument, e.g. "niigata/a.xml" */
    char *path; /* the file to open, as the user would write it */
    char *base; /* the PATH argument's folder: inputs are relative to it */
    size_t doc; /* the pipeline's document; 0 is the 実施計画 */
    char *doc_name; /* NULL for the 実施計画 */
    char *key;  /* id, or "id-NAME" for another document: names its state,
                   diagnostics and lock */
} plan;

typedef struct plan_list {
    plan *v;
    size_t n, cap;
    size_t excluded;
} plan_list;

/* What a worker reports for one plan; small enough for an atomic pipe
 * write (static_assert below). */
typedef struct msg {
    uint32_t idx;
    uint8_t kind;     /* GS_BATCH_EV_WAIT or GS_BATCH_EV_PLAN */
    uint8_t status;
    uint8_t flags;
    uint8_t done;     /* set once a result for idx exists */
    uint8_t state_ok; /* the state record holds this outcome */
    uint8_t diag_ok;  /* the diagnostics file holds this outcome */
    uint32_t errors, warnings;
    char output[65];  /* SHA-256 of the PDF in place, or "" */
    char reason[1400]; /* write / limit / crash trouble, or "" */
    char first[1400];  /* the first error, when diag_ok is 0; or "" */
} msg;
_Static_assert(sizeof(msg) <= PIPE_BUF, "a result must be one atomic pipe write");

typedef struct state {
    char version[32];
    char data[65];
    char status[16];
    char output[65];
    unsigned errors, warnings;
    char *diag;      /* relative to OUTDIR; NULL = none */
    char **ipath;    /* inputs: relative to base (or absolute) */
    char (*ihash)[65];
    size_t ninputs, cap;
    bool has_share;  /* ok records: the plan's part in the national cap */
    gs_cap_share share;
} state;

/* A worker's render server (see "the render server" below). */
typedef struct server {
    pid_t pid;  /* 0: none running */
    int sock;   /* requests out, results in */
    int errfd;  /* its stderr (a memfd), or -1 */
} server;

typedef struct run {
    const gs_batch_opts *o;
    plan *plans;      /* this shard's, sorted by id */
    size_t nplans;
    char data_hash[65];
    gs_pipeline *pl;
    int pipe_w;       /* worker -> parent; -1 in-process */
    server srv;       /* this process's render server */
    gs_batch_counts *counts;
    gs_buf *over;     /* per job: fiscal years its government is over the
                         national cap in (E254), for the manifest */
} run;

/* ---------- small helpers ---------- */

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_printf(const char *fmt, ...)
{
    gs_buf b = GS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return gs_buf_detach(&b);
}


/* Creates the folder dir and its parents (like mkdir -p). */
static int mkdirs(const char *dir)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return 0;
    if (errno != ENOENT)
        return -1;
    const char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return -1;
    char *parent = gs_xstrndup(dir, (size_t)(slash - dir));
    int rc = mkdirs(parent);
    free(parent);
    if (rc != 0)
        return -1;
    return mkdir(dir, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

/* Creates the folder that will hold the file path. */
static int mkdirs_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return 0;
    char *dir = gs_xstrndup(path, (size_t)(slash - path));
    int rc = mkdirs(dir);
    free(dir);
    return rc;
}

static void to_hex(const unsigned char *md, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

static void sha256_mem(const void *data, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
    to_hex(md, hex);
}

int gs_batch_sha256_file(const char *path, char hex[65])
{
    int rc = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !ctx ||
        !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        goto done;
    unsigned char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto done;
        if (n == 0)
            break;
        EVP_DigestUpdate(ctx, chunk, (size_t)n);
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    to_hex(md, hex);
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    EVP_MD_CTX_free(ctx);
    return rc;
}

/* Writes path atomically (util/atomic.h), making its folder first, and
 * only over a file of its kind.  Only the PDF's data is synced: the state
 * record names the PDF's hash and is checked on the next run, so whatever a
 * power cut leaves of the other files (old, new or missing) is found and
 * rendered again.  Half the syncs per plan: after rendering itself, the
 * largest cost of a batch.  Returns GS_WRITE_*. */
static int put_file(const char *path, const void *data, size_t len, bool sync,
                    const gs_out_kind *kind, gs_buf *err)
{
    if (mkdirs_for(path) != 0) {
        gs_buf_printf(err, "%s のフォルダーを作成できません: %s", path, gs_oserr(errno));
        return GS_WRITE_FAILED;
    }
    return gs_write_atomic(path, data, len, sync ? GS_ATOMIC_SYNC : 0, kind, err);
}

/* Opens (creating) a lock file; only a regular file will do, so a FIFO or
 * a device planted under .grantsheet/lock is never opened as one. */
static int open_lock(const char *path, gs_buf *err)
{
    if (mkdirs_for(path) != 0) {
        gs_buf_printf(err, "%s のフォルダーを作成できません: %s", path, gs_oserr(errno));
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY,
                  0666);
    struct stat st;
    if (fd < 0) {
        gs_buf_printf(err, "ロックファイル %s を開けません: %s", path, gs_oserr(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        gs_buf_printf(err, "ロックファイル %s が通常のファイルではありません", path);
        close(fd);
        return -1;
    }
    return fd;
}

unsigned gs_batch_shard_of(const char *id, unsigned n)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return n ? (unsigned)(h % n) : 0;
}

char *gs_batch_manifest_name(int shard_k, int shard_n)
{
    if (shard_n <= 0)
        return gs_xstrdup("manifest.tsv");
    return str_printf("manifest-%d-of-%d.tsv", shard_k, shard_n);
}

const char *gs_batch_status_name(gs_batch_status s)
{
    switch (s) {
    case GS_BATCH_OK: return "ok";
    case GS_BATCH_SKIPPED: return "skipped";
    case GS_BATCH_STALE: return "stale";
    case GS_BATCH_FAILED: return "failed";
    case GS_BATCH_BUSY: return "busy";
    }
    return "?";
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---------- finding the plans ---------- */

static void add_plan(plan_list *l, const char *id, const char *path,
                     const char *base)
{
    GS_GROW(l->v, l->cap, l->n + 1);
    memset(&l->v[l->n], 0, sizeof l->v[l->n]);
    l->v[l->n].id = gs_xstrdup(id);
    l->v[l->n].path = gs_xstrdup(path);
    l->v[l->n].base = gs_xstrdup(base);
    l->n++;
}

static void free_plan(plan *p)
{
    free(p->id);
    free(p->path);
    free(p->base);
    free(p->doc_name);
    free(p->key);
}

static void free_plans(plan *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free_plan(&v[i]);
    free(v);
}

/* Walks base/rel (rel "" = base itself) for *.xml; hidden entries are
 * skipped (OUTDIR/.grantsheet among them), and so are folder symlinks, which
 * could loop. */
static int walk(plan_list *l, const char *base, const char *rel, gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    char *dir = *rel ? str_printf("%s/%s", base, rel) : gs_xstrdup(base);
    DIR *dh = opendir(dir);
    if (!dh) {
        gs_diags_add(d, GS_ERROR, "E501", none, "フォルダー %s を読めません: %s",
                     dir, gs_oserr(errno));
        free(dir);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = *rel ? str_printf("%s/%s", rel, e->d_name)
                         : gs_xstrdup(e->d_name);
        char *full = str_printf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (walk(l, base, sub, d) != 0)
                rc = -1;
        } else if (gs_input_plan_ext(e->d_name) && stat(full, &st) == 0 &&
                   S_ISREG(st.st_mode)) {
            size_t stem = strlen(e->d_name) - gs_input_plan_ext(e->d_name);
            if (stem >= 8 && strncmp(e->d_name + stem - 8, "-invalid", 8) == 0)
                l->excluded++;
            else
                add_plan(l, sub, full, base);
        }
        free(sub);
        free(full);
    }
    closedir(dh);
    free(dir);
    return rc;
}

/* Two ids that give one PDF: the same, or a.xml beside a.xlsx (sorted
 * next to each other, as "a.xlsx" < "a.xml"). */
static bool same_output(const char *a, const char *b)
{
    size_t na = strlen(a) - gs_input_plan_ext(a), nb = strlen(b) - gs_input_plan_ext(b);
    return strcmp(a, b) == 0 || (na == nb && strncmp(a, b, na) == 0);
}

static int cmp_plan(const void *a, const void *b)
{
    return strcmp(((const plan *)a)->id, ((const plan *)b)->id);
}

/* Every plan of every PATH, sorted by id; fails on unreadable paths and on
 * two plans with one id (they would share one PDF). */
static int find_plans(const gs_batch_opts *o, plan_list *l, gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    int rc = 0;
    for (size_t i = 0; i < o->npaths; i++) {
        char *arg = gs_xstrdup(o->paths[i]);
        size_t n = strlen(arg);
        while (n > 1 && arg[n - 1] == '/')
            arg[--n] = '\0';
        struct stat st;
        if (stat(arg, &st) != 0) {
            gs_diags_add(d, GS_ERROR, "E501", none, "%s が見つかりません: %s",
                         arg, gs_oserr(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (walk(l, arg, "", d) != 0)
                rc = -1;
        } else {
            /* a file named on the command line is rendered, even a
             * counter-example */
            const char *slash = strrchr(arg, '/');
            char *base = !slash ? gs_xstrdup(".")
                         : slash == arg ? gs_xstrdup("/")
                                        : gs_xstrndup(arg, (size_t)(slash - arg));
            add_plan(l, slash ? slash + 1 : arg, arg, base);
            free(base);
        }
        free(arg);
    }
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, cmp_plan);
    for (size_t i = 1; i < l->n; i++)
        if (same_output(l->v[i - 1].id, l->v[i].id)) {
            gs_diags_add(d, GS_ERROR, "E501", none,
                         "%s と %s は同じ出力 (%s) になります。別々の出力フォルダーで実行してください",
                         l->v[i - 1].path, l->v[i].path, l->v[i].id);
            rc = -1;
        }
    if (rc == 0 && l->n == 0 && l->excluded == 0) {
        gs_diags_add(d, GS_ERROR, "E501", none, "計画データ (*.xml、*.xlsx) が見つかりません");
        rc = -1;
    }
    return rc;
}

/* ---------- per-plan paths ---------- */

static char *pdf_path(const run *r, const plan *p)
{
    size_t n = strlen(p->id) - gs_input_plan_ext(p->id);
    return str_printf("%s/%.*s%s%s.pdf", r->o->outdir, (int)n, p->id,
                      p->doc_name ? "-" : "", p->doc_name ? p->doc_name : "");
}

/* OUTDIR/.grantsheet/KIND/KEY.EXT */
static char *gs_path(const run *r, const char *kind, const plan *p,
                     const char *ext)
{
    return str_printf("%s/" GS_DIR "/%s/%s%s", r->o->outdir, kind, p->key, ext);
}

/* The job's diagnostics file relative to OUTDIR, as the state record and
 * the manifest name it. */
static char *diag_rel(const plan *p)
{
    return str_printf(GS_DIR "/diag/%s.txt", p->key);
}

/* The jobs of r's plans (r->plans, one per plan, in id order): each plan
 * once per document o->document names, the documents in the pipeline's
 * order.  Fails (E501) on a name no document has, and on two jobs that
 * would write one PDF (a.xml's 地域再生計画 and a plan a-地域再生計画.xml). */
static int expand_documents(run *r, gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    const char *want = r->o->document;
    size_t docs[64], ndocs = 0;
    if (want && strcmp(want, "all") == 0) {
        for (size_t i = 0; i < gs_pipeline_ndocuments(r->pl) && i < 64; i++)
            docs[ndocs++] = i;
    } else {
        const char *name = want ? want : GS_DOCUMENT_DEFAULT;
        long i = gs_pipeline_find_document(r->pl, name);
        if (i < 0) {
            gs_diags_add(d, GS_ERROR, "E501", none, "文書 %s はありません", name);
            return -1;
        }
        docs[ndocs++] = (size_t)i;
    }
    plan *jobs = gs_xcalloc(r->nplans * ndocs + 1, sizeof *jobs);
    size_t n = 0;
    for (size_t i = 0; i < r->nplans; i++) {
        for (size_t k = 0; k < ndocs; k++) {
            plan *j = &jobs[n++];
            j->id = gs_xstrdup(r->plans[i].id);
            j->path = gs_xstrdup(r->plans[i].path);
            j->base = gs_xstrdup(r->plans[i].base);
            j->doc = docs[k];
            if (docs[k] != 0) {
                j->doc_name = gs_xstrdup(gs_pipeline_document_name(r->pl, docs[k]));
                j->key = str_printf("%s-%s", j->id, j->doc_name);
            } else {
                j->key = gs_xstrdup(j->id);
            }
        }
    }
    free_plans(r->plans, r->nplans);
    r->plans = jobs;
    r->nplans = n;
    char **pdfs = gs_xcalloc(n + 1, sizeof *pdfs);
    for (size_t i = 0; i < n; i++)
        pdfs[i] = pdf_path(r, &jobs[i]);
    qsort(pdfs, n, sizeof *pdfs, cmp_str);
    int rc = 0;
    for (size_t i = 1; i < n; i++)
        if (strcmp(pdfs[i - 1], pdfs[i]) == 0) {
            gs_diags_add(d, GS_ERROR, "E501", none,
                         "2 つの計画の文書が同じ出力 %s になります。"
                         "計画のファイル名を変えてください", pdfs[i]);
            rc = -1;
        }
    for (size_t i = 0; i < n; i++)
        free(pdfs[i]);
    free(pdfs);
    return rc;
}

/* ---------- templates and fonts ---------- */

/* One hash over the tool version and every file of DATADIR/templates and
 * DATADIR/fonts (name and content hash, sorted by name): a change to any
 * sheet or font re-renders every plan. */
static int hash_datadir(const char *datadir, char hex[65], gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    gs_buf all = GS_BUF_INIT;
    gs_buf_printf(&all, "grantsheet %s\n", GS_VERSION);
    int rc = 0;
    const char *subs[] = {"templates", "fonts"};
    for (size_t s = 0; s < 2 && rc == 0; s++) {
        char *dir = str_printf("%s/%s", datadir, subs[s]);
        DIR *dh = opendir(dir);
        char **names = NULL;
        size_t n = 0, cap = 0;
        if (!dh) {
            gs_diags_add(d, GS_ERROR, "E301", none, "%s を読めません: %s", dir,
                         gs_oserr(errno));
            rc = -1;
        } else {
            struct dirent *e;
            while ((e = readdir(dh)) != NULL) {
                if (e->d_name[0] == '.')
                    continue;
                GS_GROW(names, cap, n + 1);
                names[n++] = gs_xstrdup(e->d_name);
            }
            closedir(dh);
        }
        if (n)
            qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n; i++) {
            char *f = str_printf("%s/%s", dir, names[i]);
            struct stat st;
            char h[65];
            if (stat(f, &st) == 0 && S_ISREG(st.st_mode)) {
                if (gs_batch_sha256_file(f, h) != 0) {
                    gs_diags_add(d, GS_ERROR, "E301", none, "%s を読めません", f);
                    rc = -1;
                } else {
                    gs_buf_printf(&all, "%s/%s %s\n", subs[s], names[i], h);
                }
            }
            free(f);
            free(names[i]);
        }
        free(names);
        free(dir);
    }
    sha256_mem(all.data, all.len, hex);
    gs_buf_free(&all);
    return rc;
}

/* ---------- state records ---------- */

static void state_free(state *s)
{
    free(s->diag);
    for (size_t i = 0; i < s->ninputs; i++)
        free(s->ipath[i]);
    free(s->ipath);
    free(s->ihash);
    gs_validate_cap_share_free(&s->share);
    memset(s, 0, sizeof *s);
}

static void state_add_input(state *s, const char *path, const char *hex)
{
    if (s->ninputs == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 4;
        s->ipath = gs_xrealloc(s->ipath, s->cap * sizeof *s->ipath);
        s->ihash = gs_xrealloc(s->ihash, s->cap * sizeof *s->ihash);
    }
    s->ipath[s->ninputs] = gs_xstrdup(path);
    snprintf(s->ihash[s->ninputs], 65, "%s", hex);
    s->ninputs++;
}

static void copy_field(char *dst, size_t cap, const char *v)
{
    snprintf(dst, cap, "%s", v);
}

/* The "cap" line of a state record: the plan's gs_cap_share, its fields
 * TAB-separated and escaped (util/tsv.h), an empty string for none, the
 * 国費 of the years comma-separated:
 *   PREF MUNI PROJECT FILE POSFILE LINE COL GOV FY_FIRST FY_LAST V,V,… */
#define SHARE_FIELDS 11

static void share_put_text(gs_buf *b, const char *v)
{
    gs_buf_putc(b, '\t');
    if (v)
        gs_tsv_escape(b, v, NULL);
}

static void share_write(gs_buf *b, const gs_cap_share *c)
{
    gs_buf_puts(b, "cap");
    share_put_text(b, c->prefecture);
    share_put_text(b, c->municipality);
    share_put_text(b, c->project);
    share_put_text(b, c->file);
    share_put_text(b, c->pos_file);
    gs_buf_printf(b, "\t%d\t%d\t%d\t%d\t%d\t", c->line, c->col, (int)c->gov,
                  c->fy_first, c->fy_last);
    for (int i = 0; i < GS_KPI_YEARS; i++)
        gs_buf_printf(b, "%s%lld", i ? "," : "", (long long)c->national2[i]);
    gs_buf_putc(b, '\n');
}

static bool share_int(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi)
        return false;
    *out = n;
    return true;
}

/* v: the line after "cap\t", cut in place.  False when it is not one
 * share_write wrote (the record is then not understood). */
static bool share_read(char *v, gs_cap_share *c)
{
    char *f[SHARE_FIELDS];
    size_t n = 0;
    for (char *p = v; n < SHARE_FIELDS; n++) {
        f[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab) {
            n++;
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    if (n != SHARE_FIELDS)
        return false;
    gs_validate_cap_share_free(c);
    char **text[] = {&c->prefecture, &c->municipality, &c->project, &c->file,
                     &c->pos_file};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        if (f[i][0] && !(*text[i] = gs_tsv_unescape(f[i])))
            goto bad;
    long line, col, gov, fy1, fy2;
    if (!share_int(f[5], 0, INT_MAX, &line) || !share_int(f[6], 0, INT_MAX, &col) ||
        !share_int(f[7], 0, 16, &gov) || !share_int(f[8], 0, 9999, &fy1) ||
        !share_int(f[9], 0, 9999, &fy2))
        goto bad;
    c->line = (int)line;
    c->col = (int)col;
    c->gov = (gs_gov_kind)gov;
    c->fy_first = (int)fy1;
    c->fy_last = (int)fy2;
    char *p = f[10];
    for (int i = 0; i < GS_KPI_YEARS; i++) {
        char *end;
        errno = 0;
        long long x = strtoll(p, &end, 10);
        if (errno || end == p || *end != (i + 1 < GS_KPI_YEARS ? ',' : '\0'))
            goto bad;
        c->national2[i] = x;
        p = end + 1;
    }
    return true;
bad:
    gs_validate_cap_share_free(c);
    return false;
}

/* Reads a state record; false when missing or not understood (which only
 * means: render again). */
static bool state_read(const char *path, state *s)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = false;
    bool first = true;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] != '\n')
            break;              /* a record always ends in a newline */
        line[n - 1] = '\0';
        if (first) {
            if (strcmp(line, STATE_MAGIC) != 0)
                break;
            first = false;
            continue;
        }
        if (strcmp(line, "end") == 0) {
            ok = true;
            break;
        }
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *k = line, *v = tab + 1;
        if (strcmp(k, "version") == 0)
            copy_field(s->version, sizeof s->version, v);
        else if (strcmp(k, "data") == 0)
            copy_field(s->data, sizeof s->data, v);
        else if (strcmp(k, "status") == 0)
            copy_field(s->status, sizeof s->status, v);
        else if (strcmp(k, "output") == 0)
            copy_field(s->output, sizeof s->output, v);
        else if (strcmp(k, "errors") == 0)
            s->errors = (unsigned)strtoul(v, NULL, 10);
        else if (strcmp(k, "warnings") == 0)
            s->warnings = (unsigned)strtoul(v, NULL, 10);
        else if (strcmp(k, "diag") == 0) {
            free(s->diag);
            s->diag = NULL;
            if (strcmp(v, "-") != 0 && !(s->diag = gs_tsv_unescape(v)))
                break;
        } else if (strcmp(k, "cap") == 0) {
            if (!share_read(tab + 1, &s->share))
                break;
            s->has_share = true;
        } else if (strcmp(k, "input") == 0) {
            char *t2 = strchr(v, '\t');
            if (!t2)
                break;
            *t2 = '\0';
            char *ipath = gs_tsv_unescape(v);
            if (!ipath)
                break;
            state_add_input(s, ipath, t2 + 1);
            free(ipath);
        }
    }
    free(line);
    fclose(f);
    if (!ok)
        state_free(s);
    return ok;
}

/* Paths are escaped (util/tsv.h): a TAB or a newline in a file name must
 * not split the line it is written on. */
static int state_write(const char *path, const state *s, gs_buf *err)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_printf(&b, STATE_MAGIC "\nversion\t%s\ndata\t%s\nstatus\t%s\n"
                  "errors\t%u\nwarnings\t%u\noutput\t%s\ndiag\t",
                  s->version, s->data, s->status, s->errors, s->warnings,
                  s->output[0] ? s->output : "-");
    if (s->diag)
        gs_tsv_escape(&b, s->diag, NULL);
    else
        gs_buf_putc(&b, '-');
    gs_buf_putc(&b, '\n');
    if (s->has_share)
        share_write(&b, &s->share);
    for (size_t i = 0; i < s->ninputs; i++) {
        gs_buf_puts(&b, "input\t");
        gs_tsv_escape(&b, s->ipath[i], NULL);
        gs_buf_printf(&b, "\t%s\n", s->ihash[i]);
    }
    gs_buf_puts(&b, "end\n");
    int rc = put_file(path, b.data, b.len, false, &state_kind, err);
    gs_buf_free(&b);
    return rc;
}

/* An input path as recorded -> the file to open. */
static char *input_file(const plan *p, const char *rec)
{
    return rec[0] == '/' ? gs_xstrdup(rec) : str_printf("%s/%s", p->base, rec);
}

/* True when the record says the last render succeeded with exactly these
 * inputs, and the PDF on disk is the one it wrote. */
static bool up_to_date(const run *r, const plan *p, const state *s,
                       const char *pdf)
{
    if (strcmp(s->status, "ok") != 0 || strcmp(s->version, GS_VERSION) != 0 ||
        strcmp(s->data, r->data_hash) != 0 || s->ninputs == 0 ||
        strcmp(s->ipath[0], p->id) != 0)
        return false;
    char h[65];
    for (size_t i = 0; i < s->ninputs; i++) {
        char *f = input_file(p, s->ipath[i]);
        int rc = gs_batch_sha256_file(f, h);
        free(f);
        if (rc != 0 || strcmp(h, s->ihash[i]) != 0)
            return false;
    }
    return gs_batch_sha256_file(pdf, h) == 0 && strcmp(h, s->output) == 0;
}

/* Hashes the plan file and tells whether it may name a CSV file: every
 * CSV reference is an attribute named csv, and an attribute name cannot be
 * escaped, so a file without those three bytes reads no other file and
 * need not be parsed to find out.  Read through the bounded reader: a plan
 * too big to load (E104 when rendered) or not a regular file is not read. */
static int hash_plan(const char *path, char hex[65], bool *csv)
{
    size_t len = 0;
    gs_read_status st;
    gs_buf why = GS_BUF_INIT;
    char *data = gs_read_file(path, gs_xlsx_is_name(path) ? GS_XLSX_MAX_BYTES : GS_XML_MAX_BYTES,
                              &len, &st, &why);
    gs_buf_free(&why);
    if (!data)
        return -1;
    sha256_mem(data, len, hex);
    *csv = len && memmem(data, len, "csv", 3) != NULL;
    free(data);
    return 0;
}

/* The plan's own file, then the other files it reads (CSV), each with its
 * hash.  The plan is parsed here only to learn those files; its problems
 * are reported by the render that follows. */
static void collect_inputs(const plan *p, state *s)
{
    char h[65];
    bool csv = true;
    if (hash_plan(p->path, h, &csv) != 0)
        snprintf(h, sizeof h, "-");
    state_add_input(s, p->id, h);
    if (!csv)
        return;
    gs_diags scratch = GS_DIAGS_INIT;
    gs_plan *gp = gs_input_load_plan(p->path, &scratch);
    gs_diags_free(&scratch);
    if (!gp)
        return;
    char *rbase = realpath(p->base, NULL);
    size_t rn = rbase ? strlen(rbase) : 0;
    for (size_t i = 0; i < gp->nfiles; i++) {
        if (strcmp(gp->files[i], gp->file) == 0)
            continue;
        char *real = realpath(gp->files[i], NULL);
        const char *rec = real ? real : gp->files[i];
        if (real && rbase && strncmp(real, rbase, rn) == 0 && real[rn] == '/')
            rec = real + rn + 1;
        char *f = input_file(p, rec);
        if (gs_batch_sha256_file(f, h) != 0)
            snprintf(h, sizeof h, "-");
        state_add_input(s, rec, h);
        free(f);
        free(real);
    }
    free(rbase);
    gs_plan_free(gp);
}

/* ---------- temporaries of killed runs ---------- */

/* Removes the dead temporary files (util/atomic.h) of every folder this
 * run writes to: OUTDIR (the manifest), and the folders of every plan's
 * PDF, state record and diagnostics.  Each folder once.  A temporary whose
 * writer lives (another run, overlapping this one) is held under its lock
 * and stays. */
static void clean_temps(run *r)
{
    char **dirs = NULL;
    size_t n = 0, cap = 0;
    GS_GROW(dirs, cap, 1);
    dirs[n++] = gs_xstrdup(r->o->outdir);
    for (size_t i = 0; i < r->nplans; i++) {
        char *paths[3] = {pdf_path(r, &r->plans[i]),
                          gs_path(r, "state", &r->plans[i], ".tsv"),
                          gs_path(r, "diag", &r->plans[i], ".txt")};
        for (int k = 0; k < 3; k++) {
            *strrchr(paths[k], '/') = '\0';
            GS_GROW(dirs, cap, n + 1);
            dirs[n++] = paths[k];
        }
    }
    qsort(dirs, n, sizeof *dirs, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(dirs[i], dirs[i - 1]) != 0)
            (void)gs_atomic_clean(dirs[i], NULL);
    for (size_t i = 0; i < n; i++)
        free(dirs[i]);
    free(dirs);
}

/* The folders of one plan's outputs, after its render process died in the
 * middle of a write. */
static void clean_plan_temps(const run *r, const plan *p, const char *pdf)
{
    char *paths[3] = {gs_xstrdup(pdf), gs_path(r, "state", p, ".tsv"),
                      gs_path(r, "diag", p, ".txt")};
    for (int k = 0; k < 3; k++) {
        *strrchr(paths[k], '/') = '\0';
        (void)gs_atomic_clean(paths[k], NULL);
        free(paths[k]);
    }
}

/* ---------- one plan ---------- */

static void send_msg(int fd, const msg *m)
{
    const char *p = (const char *)m;
    size_t left = sizeof *m;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        left -= (size_t)n;
    }
}

/* Reads one msg; false at end of file (or on a short read). */
static bool recv_msg(int fd, msg *m)
{
    size_t got = 0;
    while (got < sizeof *m) {
        ssize_t n = read(fd, (char *)m + got, sizeof *m - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    return true;
}

static void account(run *r, const msg *m);

static void tell_wait(run *r, size_t i)
{
    msg m;
    memset(&m, 0, sizeof m);
    m.idx = (uint32_t)i;
    m.kind = GS_BATCH_EV_WAIT;
    if (r->pipe_w >= 0)
        send_msg(r->pipe_w, &m);
    else
        account(r, &m);
}

/* Appends text to a fixed field, after "; " when it holds something
 * already; cut at a UTF-8 character boundary when it does not fit. */
static void add_text(char *field, size_t cap, const char *text)
{
    size_t n = strlen(field);
    if (n && n + 2 < cap) {
        memcpy(field + n, "; ", 2);
        n += 2;
    }
    size_t len = strlen(text);
    if (n + len >= cap) {
        len = cap - 1 - n;
        while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
            len--;
    }
    memcpy(field + n, text, len);
    field[n + len] = '\0';
}

static void append_diag_text(gs_buf *out, gs_diags *d)
{
    gs_buf line = GS_BUF_INIT;
    gs_diags_sort(d);
    for (size_t i = 0; i < d->n; i++) {
        gs_buf_clear(&line);
        gs_diag_format(&d->v[i], &line);
        gs_buf_printf(out, "%s\n", line.data);
    }
    gs_buf_printf(out, "エラー %zu 件、警告 %zu 件\n", d->errors, d->warnings);
    gs_buf_free(&line);
}

/* The first error of d, formatted, into m->first. */
static void note_first_error(msg *m, gs_diags *d)
{
    gs_diags_sort(d);
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].severity != GS_ERROR)
            continue;
        gs_buf line = GS_BUF_INIT;
        gs_diag_format(&d->v[i], &line);
        add_text(m->first, sizeof m->first, line.data);
        gs_buf_free(&line);
        return;
    }
}

/* The outcome when no new PDF was written: the previous PDF, if there is
 * one, stays ("stale", its hash noted); anything else at that path (none,
 * or a file that is not a PDF) means "failed". */
static void keep_previous(const char *pdf, state *s, msg *m)
{
    char h[65];
    gs_buf why = GS_BUF_INIT;
    bool prev = access(pdf, F_OK) == 0 &&
                gs_output_check(pdf, &gs_out_pdf, &why) == GS_WRITE_OK &&
                gs_batch_sha256_file(pdf, h) == 0;
    gs_buf_free(&why);
    copy_field(s->output, sizeof s->output, prev ? h : "-");
    copy_field(s->status, sizeof s->status, prev ? "stale" : "failed");
    m->status = prev ? GS_BATCH_STALE : GS_BATCH_FAILED;
}

/* Writes the plan's diagnostics (or removes the file when there are none)
 * and its state record, and notes in m what could not be written and why.
 * Takes d's records. */
static void record_outcome(const run *r, const plan *p, state *s, gs_diags *d,
                           msg *m)
{
    char *state_p = gs_path(r, "state", p, ".tsv");
    char *diag_p = gs_path(r, "diag", p, ".txt");
    gs_buf err = GS_BUF_INIT;
    if (d->n > 0) {
        gs_buf text = GS_BUF_INIT;
        append_diag_text(&text, d);
        if (put_file(diag_p, text.data, text.len, false, NULL, &err) == GS_WRITE_OK) {
            s->diag = diag_rel(p);
            m->diag_ok = 1;
        } else {
            m->flags |= GS_BATCH_F_WRITE;
            gs_buf msgtext = GS_BUF_INIT;
            gs_buf_printf(&msgtext, "診断結果を書き出せません: %s", err.data);
            add_text(m->reason, sizeof m->reason, msgtext.data);
            gs_buf_free(&msgtext);
            if (m->flags & (GS_BATCH_F_PLAN | GS_BATCH_F_SETUP))
                note_first_error(m, d); /* the plan's own errors, seen nowhere else */
        }
        gs_buf_free(&text);
    } else {
        (void)unlink(diag_p);
        m->diag_ok = 1; /* nothing to say, and no file says otherwise */
    }
    s->errors = (unsigned)d->errors;
    s->warnings = (unsigned)d->warnings;
    m->errors = s->errors;
    m->warnings = s->warnings;
    copy_field(m->output, sizeof m->output, strcmp(s->output, "-") ? s->output : "");

    gs_buf_clear(&err);
    if (state_write(state_p, s, &err) == GS_WRITE_OK) {
        m->state_ok = 1;
    } else {
        /* not recorded: the next run renders again; this run says so */
        m->flags |= GS_BATCH_F_WRITE;
        gs_buf msgtext = GS_BUF_INIT;
        gs_buf_printf(&msgtext, "記録を書き出せません (次の実行で作り直します): %s",
                      err.data);
        add_text(m->reason, sizeof m->reason, msgtext.data);
        gs_buf_free(&msgtext);
    }
    gs_buf_free(&err);
    free(state_p);
    free(diag_p);
}

/* Renders plan p (its lock held) and records the outcome. */
static void render_plan(run *r, const plan *p, const char *pdf, msg *m)
{
    gs_srcpos none = {NULL, 0, 0};
    state s;
    memset(&s, 0, sizeof s);
    copy_field(s.version, sizeof s.version, GS_VERSION);
    copy_field(s.data, sizeof s.data, r->data_hash);
    if (gs_batch_test_plan_hook)
        gs_batch_test_plan_hook(p->id);
    collect_inputs(p, &s);

    gs_diags d = GS_DIAGS_INIT;
    gs_buf out = GS_BUF_INIT, err = GS_BUF_INIT;
    gs_pipeline_set_document(r->pl, p->doc);
    gs_pipeline_set_cap_share(r->pl, &s.share);
    int rc = gs_pipeline_run(r->pl, p->path, &out, &d);
    gs_pipeline_set_cap_share(r->pl, NULL);
    s.has_share = rc == 0;
    if (rc == 0) {
        int w = put_file(pdf, out.data, out.len, true, &gs_out_pdf, &err);
        if (w == GS_WRITE_OK) {
            sha256_mem(out.data, out.len, s.output);
            copy_field(s.status, sizeof s.status, "ok");
            m->status = GS_BATCH_OK;
        } else {
            gs_diags_add(&d, GS_ERROR, w == GS_WRITE_REFUSED ? "E405" : "E404", none,
                         "%s", err.data);
            m->flags |= GS_BATCH_F_WRITE;
            add_text(m->reason, sizeof m->reason, err.data);
            keep_previous(pdf, &s, m);
        }
    } else {
        m->flags |= rc == 3 ? GS_BATCH_F_SETUP : GS_BATCH_F_PLAN;
        keep_previous(pdf, &s, m);
    }
    record_outcome(r, p, &s, &d, m);
    state_free(&s);
    gs_diags_free(&d);
    gs_buf_free(&out);
    gs_buf_free(&err);
}

/* The plan's render process died before it reported (a limit, a crash):
 * this worker records the failure, code and text, as the render would
 * have, and removes what the process left half-written. */
static void record_death(run *r, const plan *p, const char *pdf, msg *m,
                         const char *code, const char *text)
{
    clean_plan_temps(r, p, pdf);
    memset(m->reason, 0, sizeof m->reason);
    add_text(m->reason, sizeof m->reason, text);
    state s;
    memset(&s, 0, sizeof s);
    copy_field(s.version, sizeof s.version, GS_VERSION);
    copy_field(s.data, sizeof s.data, r->data_hash);
    char h[65];
    bool csv;
    if (hash_plan(p->path, h, &csv) != 0)
        snprintf(h, sizeof h, "-");
    state_add_input(&s, p->id, h);
    keep_previous(pdf, &s, m);
    gs_diags d = GS_DIAGS_INIT;
    gs_srcpos at = {p->path, 0, 0};
    gs_diags_add(&d, GS_ERROR, code, at, "%s", text);
    record_outcome(r, p, &s, &d, m);
    gs_diags_free(&d);
    state_free(&s);
}

/* Size of this process's address space, in bytes. */
static unsigned long long address_space(void)
{
    unsigned long long pages = 0;
    FILE *f = fopen("/proc/self/statm", "re");
    if (f) {
        if (fscanf(f, "%llu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/* ---------- the render server: plans under limits ----------
 *
 * A worker (or, with -j 1, the run itself) renders plans through a child
 * process of its own, the render server, forked from it when the first
 * plan needs rendering and so sharing its fonts and templates.  The
 * worker sends a job index over one socket (a plan and one of its
 * documents: r->plans holds jobs), the server renders that document of the
 * plan exactly as the worker would (render_plan) and answers with the msg.
 * Limits hold per job: before each the server arms a CPU-time timer
 * of --plan-timeout (ITIMER_PROF; SIGPROF ends it), backed by the CPU
 * rlimit set to what it has used so far plus a second more (SIGXCPU), and
 * an alarm at WALL_FACTOR times that (generous: a plan on a loaded machine
 * gets less than a core, and its CPU limit should be the one it meets);
 * the memory limit is the server's
 * address space at start plus --plan-memory.  A plan that breaks a limit,
 * or crashes, ends the server: the worker sees the socket close, records
 * the failure with the reason (record_death) and starts a new server for
 * the next plan.  One server for many plans, not a fork per plan: a fork
 * costs every page the render touches again (~800 page faults a plan).
 *
 * The server's stderr is a memfd the worker reads after each plan: passed
 * on to the worker's own stderr (a sanitizer's report must be seen), and
 * the last words of a server that died explain why. */

static void server_stop(run *r)
{
    server *s = &r->srv;
    if (s->pid <= 0)
        return;
    close(s->sock); /* end of requests: the server exits */
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    if (s->errfd >= 0)
        close(s->errfd);
    memset(s, 0, sizeof *s);
    s->errfd = -1;
}

/* The server's loop (never returns). */
static void server_main(run *r, int sock) __attribute__((noreturn));
static void server_main(run *r, int sock)
{
    const gs_batch_opts *o = r->o;
    signal(SIGXCPU, SIG_DFL);
    signal(SIGPROF, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    struct rlimit core = {0, 0};
    (void)setrlimit(RLIMIT_CORE, &core); /* SIGXCPU would dump one */
    if (o->plan_memory_mb > 0) {
        rlim_t as = (rlim_t)(address_space() + ((unsigned long long)o->plan_memory_mb << 20));
        struct rlimit mem = {as, as};
        (void)setrlimit(RLIMIT_AS, &mem);
    }
    uint32_t idx;
    for (;;) {
        size_t got = 0;
        while (got < sizeof idx) {
            ssize_t n = read(sock, (char *)&idx + got, sizeof idx - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                _exit(0);
            got += (size_t)n;
        }
        if (idx >= r->nplans)
            _exit(0);
        /* exactly --plan-timeout of CPU time from now (SIGPROF); the CPU
         * rlimit, in whole seconds, a second later backs it up (SIGXCPU) */
        struct itimerval prof = {{0, 0}, {o->plan_timeout, 0}};
        struct rusage ru;
        struct rlimit cpu;
        getrusage(RUSAGE_SELF, &ru);
        getrlimit(RLIMIT_CPU, &cpu);
        rlim_t used = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1);
        cpu.rlim_cur = used + (rlim_t)o->plan_timeout + 1;
        if (cpu.rlim_max != RLIM_INFINITY && cpu.rlim_cur > cpu.rlim_max)
            cpu.rlim_cur = cpu.rlim_max;
        (void)setrlimit(RLIMIT_CPU, &cpu);
        (void)setitimer(ITIMER_PROF, &prof, NULL);
        alarm((unsigned)o->plan_timeout * WALL_FACTOR);
        const plan *p = &r->plans[idx];
        char *pdf = pdf_path(r, p);
        msg m;
        memset(&m, 0, sizeof m);
        m.idx = idx;
        m.kind = GS_BATCH_EV_PLAN;
        m.done = 1;
        render_plan(r, p, pdf, &m);
        alarm(0);
        struct itimerval off = {{0, 0}, {0, 0}};
        (void)setitimer(ITIMER_PROF, &off, NULL);
        free(pdf);
        send_msg(sock, &m);
    }
}

/* Starts the render server.  lock_fd, the plan lock the caller holds, is
 * closed in the server: an inherited copy would keep the lock held after
 * the caller let it go. */
static int server_start(run *r, int lock_fd, gs_buf *why)
{
    server *s = &r->srv;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        gs_buf_printf(why, "計画を処理するプロセスを準備できません: %s", gs_oserr(errno));
        return -1;
    }
    int errfd = memfd_create("grantsheet-render-stderr", MFD_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        gs_buf_printf(why, "計画を処理するプロセスを起動できません: %s", gs_oserr(errno));
        close(sv[0]);
        close(sv[1]);
        if (errfd >= 0)
            close(errfd);
        return -1;
    }
    if (pid == 0) {
        close(sv[0]);
        if (lock_fd >= 0)
            close(lock_fd);
        if (r->pipe_w >= 0)
            close(r->pipe_w);
        if (errfd >= 0) {
            dup2(errfd, STDERR_FILENO);
            close(errfd);
        }
        server_main(r, sv[1]);
    }
    close(sv[1]);
    s->pid = pid;
    s->sock = sv[0];
    s->errfd = errfd;
    return 0;
}

/* What the server has written on its stderr since last time, appended to
 * said and passed on to this process's stderr; the memfd is emptied (the
 * server is idle, or dead, when this runs). */
static void server_said(server *s, gs_buf *said)
{
    if (s->errfd < 0)
        return;
    struct stat st;
    if (fstat(s->errfd, &st) != 0 || st.st_size == 0)
        return;
    char chunk[4096];
    off_t at = 0;
    while (at < st.st_size) {
        ssize_t n = pread(s->errfd, chunk, sizeof chunk, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        gs_buf_append(said, chunk, (size_t)n);
        (void)!write(STDERR_FILENO, chunk, (size_t)n);
        at += n;
    }
    (void)!ftruncate(s->errfd, 0);
    (void)lseek(s->errfd, 0, SEEK_SET);
}

/* The last non-empty line of text (for a message), into line. */
static void last_line(const char *text, gs_buf *line)
{
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    gs_buf_append(line, start, (size_t)(end - start));
}

/* Why the server ended without a result: E504 for a limit, E505 for
 * anything else, with the signal or exit status and its last words. */
static void explain_death(const gs_batch_opts *o, int st, const char *said,
                          gs_buf *text, const char **code)
{
    int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    bool oom = strstr(said, "out of memory") || strstr(said, "Failed to mmap") ||
               strstr(said, "Cannot allocate memory");
    *code = "E504";
    /* memory before the alarm: a process out of memory may hang in its own
     * report until the alarm ends it */
    if (sig == SIGPROF || sig == SIGXCPU) {
        gs_buf_printf(text, "CPU 時間の上限 (%d 秒、--plan-timeout) を超えたので、この計画の処理を"
                      "中止しました", o->plan_timeout);
    } else if (oom && o->plan_memory_mb > 0) {
        gs_buf_printf(text, "メモリーの上限 (%d MB、--plan-memory) を超えたので、この計画の処理を"
                      "中止しました", o->plan_memory_mb);
    } else if (sig == SIGALRM) {
        gs_buf_printf(text, "経過時間の上限 (%d 秒、--plan-timeout の %d 倍) を超えたので、この計画の"
                      "処理を中止しました", o->plan_timeout * WALL_FACTOR, WALL_FACTOR);
    } else {
        *code = "E505";
        if (sig)
            gs_buf_printf(text, "この計画を処理するプロセスが異常終了しました (シグナル %d: %s)",
                          sig, strsignal(sig));
        else if (WIFEXITED(st))
            gs_buf_printf(text, "この計画を処理するプロセスが結果を返さずに終了しました (終了コード %d)",
                          WEXITSTATUS(st));
        else
            gs_buf_puts(text, "この計画を処理するプロセスが結果を返しませんでした");
        gs_buf line = GS_BUF_INIT;
        last_line(said, &line);
        if (line.len)
            gs_buf_printf(text, "。最後の出力: %s", line.data);
        gs_buf_free(&line);
    }
}

/* Renders plan i through the render server (started when there is none);
 * lock_fd is the plan's lock, held by the caller. */
static void render_limited(run *r, size_t i, const char *pdf, msg *m, int lock_fd)
{
    const plan *p = &r->plans[i];
    server *s = &r->srv;
    gs_buf said = GS_BUF_INIT, text = GS_BUF_INIT;
    if (s->pid <= 0 && server_start(r, lock_fd, &text) != 0) {
        record_death(r, p, pdf, m, "E505", text.data);
        goto done;
    }
    uint32_t idx = (uint32_t)i;
    msg reply;
    bool got = send(s->sock, &idx, sizeof idx, MSG_NOSIGNAL) == (ssize_t)sizeof idx &&
               recv_msg(s->sock, &reply) && reply.idx == idx;
    if (got) {
        server_said(s, &said);
        *m = reply;
        goto done;
    }
    /* the server died on this plan: reap it, hear its last words */
    int st = 0;
    close(s->sock);
    while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
        ;
    server_said(s, &said);
    if (s->errfd >= 0)
        close(s->errfd);
    memset(s, 0, sizeof *s);
    s->errfd = -1;
    const char *code;
    explain_death(r->o, st, said.data ? said.data : "", &text, &code);
    m->flags |= strcmp(code, "E504") == 0 ? GS_BATCH_F_LIMIT : GS_BATCH_F_CRASH;
    record_death(r, p, pdf, m, code, text.data);
done:
    gs_buf_free(&said);
    gs_buf_free(&text);
}

/* The message of a skipped plan, from its state record. */
static void skipped_from(const run *r, const state *old, msg *m)
{
    m->status = GS_BATCH_SKIPPED;
    m->errors = old->errors;
    m->warnings = old->warnings;
    m->state_ok = 1;
    copy_field(m->output, sizeof m->output, old->output);
    m->diag_ok = 1;
    if (old->diag) {
        char *f = str_printf("%s/%s", r->o->outdir, old->diag);
        m->diag_ok = access(f, F_OK) == 0;
        free(f);
    }
}

static void do_plan(run *r, size_t i, msg *m)
{
    const plan *p = &r->plans[i];
    memset(m, 0, sizeof *m);
    m->idx = (uint32_t)i;
    m->kind = GS_BATCH_EV_PLAN;
    m->done = 1;
    char *lock_p = gs_path(r, "lock", p, ".lock");
    char *pdf = pdf_path(r, p);
    char *state_p = gs_path(r, "state", p, ".tsv");
    gs_buf err = GS_BUF_INIT;
    int fd = open_lock(lock_p, &err);
    if (fd < 0) {
        m->status = GS_BATCH_FAILED;
        m->flags = GS_BATCH_F_WRITE;
        add_text(m->reason, sizeof m->reason, err.data);
        goto done;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (r->o->no_wait) {
            m->status = GS_BATCH_BUSY;
            goto done;
        }
        tell_wait(r, i);
        while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
            ;
    }
    state old;
    bool have_old = state_read(state_p, &old);
    if (have_old && up_to_date(r, p, &old, pdf))
        skipped_from(r, &old, m);
    else if (r->o->plan_timeout > 0)
        render_limited(r, i, pdf, m, fd);
    else
        render_plan(r, p, pdf, m);
    if (have_old)
        state_free(&old);
done:
    if (fd >= 0)
        close(fd); /* releases the lock */
    gs_buf_free(&err);
    free(lock_p);
    free(pdf);
    free(state_p);
}

/* ---------- the parent: results, events ---------- */

static void account(run *r, const msg *m)
{
    gs_batch_counts *c = r->counts;
    const plan *p = &r->plans[m->idx];
    gs_batch_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = (gs_batch_event_kind)m->kind;
    ev.plan = p->id;
    ev.document = p->doc_name;
    ev.counts = c;
    char *lock_p = NULL, *diag_p = NULL;
    if (m->kind == GS_BATCH_EV_PLAN) {
        c->done++;
        c->flags |= m->flags;
        switch ((gs_batch_status)m->status) {
        case GS_BATCH_OK: c->ok++; break;
        case GS_BATCH_SKIPPED: c->skipped++; break;
        case GS_BATCH_STALE: c->stale++; break;
        case GS_BATCH_FAILED: c->failed++; break;
        case GS_BATCH_BUSY: c->busy++; break;
        }
        ev.status = (gs_batch_status)m->status;
        ev.flags = m->flags;
        ev.errors = m->errors;
        ev.warnings = m->warnings;
        if ((m->errors || m->warnings) && m->diag_ok) {
            diag_p = gs_path(r, "diag", p, ".txt");
            ev.diag_path = diag_p;
        }
        ev.reason = m->reason[0] ? m->reason : NULL;
        ev.first = m->first[0] ? m->first : NULL;
    }
    if (m->kind == GS_BATCH_EV_WAIT || m->status == GS_BATCH_BUSY) {
        lock_p = gs_path(r, "lock", p, ".lock");
        ev.lock_path = lock_p;
    }
    if (r->o->report)
        r->o->report(r->o->report_ctx, &ev);
    free(lock_p);
    free(diag_p);
}

static void run_inprocess(run *r, msg *results)
{
    for (size_t i = 0; i < r->nplans; i++) {
        do_plan(r, i, &results[i]);
        account(r, &results[i]);
    }
    server_stop(r);
}

static int run_workers(run *r, msg *results, gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    int jobs = r->o->jobs;
    if ((size_t)jobs > r->nplans)
        jobs = (int)r->nplans;
    _Atomic size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE,
                                MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int fds[2] = {-1, -1};
    pid_t *pids = gs_xcalloc((size_t)jobs, sizeof *pids);
    int rc = 0, started = 0;
    if (next == MAP_FAILED || pipe2(fds, O_CLOEXEC) != 0) {
        gs_diags_add(d, GS_ERROR, "E502", none, "作業プロセスを準備できません: %s",
                     gs_oserr(errno));
        rc = -1;
        goto done;
    }
    atomic_init(next, 0);
    fflush(NULL);
    for (; started < jobs; started++) {
        pid_t pid = fork();
        if (pid < 0) {
            gs_diags_add(d, GS_ERROR, "E502", none, "作業プロセスを起動できません: %s",
                         gs_oserr(errno));
            break;
        }
        if (pid == 0) {
            close(fds[0]);
            r->pipe_w = fds[1];
            for (;;) {
                size_t i = atomic_fetch_add(next, 1);
                if (i >= r->nplans)
                    break;
                msg m;
                do_plan(r, i, &m);
                send_msg(r->pipe_w, &m);
            }
            server_stop(r);
            _exit(0);
        }
        pids[started] = pid;
    }
    close(fds[1]);
    fds[1] = -1;
    msg m;
    while (recv_msg(fds[0], &m)) {
        if (m.idx >= r->nplans)
            continue;
        if (m.kind == GS_BATCH_EV_PLAN)
            results[m.idx] = m;
        account(r, &m);
    }
    for (int k = 0; k < started; k++)
        while (waitpid(pids[k], NULL, 0) < 0 && errno == EINTR)
            ;
    /* a plan without a result was on a worker that died */
    for (size_t i = 0; i < r->nplans; i++) {
        if (results[i].done)
            continue;
        memset(&m, 0, sizeof m);
        m.idx = (uint32_t)i;
        m.kind = GS_BATCH_EV_PLAN;
        m.done = 1;
        m.status = GS_BATCH_FAILED;
        m.flags = GS_BATCH_F_CRASH;
        add_text(m.reason, sizeof m.reason,
                 "この計画の処理中に作業プロセスが異常終了しました。結果は記録されていません");
        results[i] = m;
        account(r, &m);
    }
done:
    if (fds[0] >= 0)
        close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    if (next != MAP_FAILED)
        munmap(next, sizeof *next);
    free(pids);
    return rc;
}

/* ---------- manifest ---------- */

/* A plan this run reported BUSY: if the other run has since finished it
 * (its lock is free and its record is up to date), that is what the
 * manifest and the counts say: skipped, with the record's figures. */
static void settle_busy(run *r, size_t i, msg *m)
{
    const plan *p = &r->plans[i];
    char *lock_p = gs_path(r, "lock", p, ".lock");
    char *pdf = pdf_path(r, p);
    char *state_p = gs_path(r, "state", p, ".tsv");
    gs_buf err = GS_BUF_INIT;
    int fd = open_lock(lock_p, &err);
    state old;
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && state_read(state_p, &old)) {
        if (up_to_date(r, p, &old, pdf)) {
            memset(m->reason, 0, sizeof m->reason);
            skipped_from(r, &old, m);
            r->counts->busy--;
            r->counts->skipped++;
            if (r->o->report) {
                gs_batch_event ev;
                memset(&ev, 0, sizeof ev);
                ev.kind = GS_BATCH_EV_RESOLVED;
                ev.plan = p->id;
                ev.document = p->doc_name;
                ev.status = GS_BATCH_SKIPPED;
                ev.errors = m->errors;
                ev.warnings = m->warnings;
                ev.counts = r->counts;
                r->o->report(r->o->report_ctx, &ev);
            }
        }
        state_free(&old);
    }
    if (fd >= 0)
        close(fd);
    gs_buf_free(&err);
    free(lock_p);
    free(pdf);
    free(state_p);
}

/* One row per job (plan and document), from this run's results: the
 * document's name, status, warnings, the PDF's hash and the diagnostics
 * file as this run left them (a file named only if it was written), the
 * inputs from the state record when it holds this outcome.  Every file
 * name escaped (util/tsv.h; ';' too inside the list of inputs, whose
 * hashes follow the last '='), and the document's name with them. */
static void manifest_row(const run *r, size_t i, const msg *m, gs_buf *b)
{
    const plan *p = &r->plans[i];
    gs_tsv_escape(b, p->id, NULL);
    gs_buf_putc(b, '\t');
    gs_tsv_escape(b, gs_pipeline_document_name(r->pl, p->doc), NULL);
    gs_buf_printf(b, "\t%s\t%u\t%s\t", gs_batch_status_name((gs_batch_status)m->status),
                  m->status == GS_BATCH_BUSY ? 0 : m->warnings,
                  m->status != GS_BATCH_BUSY && m->output[0] ? m->output : "-");
    state s;
    bool have = false;
    if (m->state_ok) {
        char *state_p = gs_path(r, "state", p, ".tsv");
        have = state_read(state_p, &s);
        free(state_p);
    }
    for (size_t k = 0; have && k < s.ninputs; k++) {
        if (k)
            gs_buf_putc(b, ';');
        gs_tsv_escape(b, s.ipath[k], ";");
        gs_buf_printf(b, "=%s", s.ihash[k]);
    }
    if (!have || s.ninputs == 0)
        gs_buf_putc(b, '-');
    gs_buf_putc(b, '\t');
    if (m->status != GS_BATCH_BUSY && m->diag_ok && (m->errors || m->warnings)) {
        char *rel = diag_rel(p);
        gs_tsv_escape(b, rel, NULL);
        free(rel);
    } else {
        gs_buf_putc(b, '-');
    }
    gs_buf_putc(b, '\t');
    gs_buf_puts(b, r->over && r->over[i].len ? r->over[i].data : "-");
    gs_buf_putc(b, '\n');
    if (have)
        state_free(&s);
}

static int write_manifest(run *r, const msg *results, gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    const gs_batch_opts *o = r->o;
    char *name = gs_batch_manifest_name(o->shard_k, o->shard_n);
    char *path = str_printf("%s/%s", o->outdir, name);
    char *lock_p = str_printf("%s/" GS_DIR "/lock/%s.lock", o->outdir, name);
    int rc = -1;
    gs_buf b = GS_BUF_INIT, err = GS_BUF_INIT;
    int fd = open_lock(lock_p, &err);
    if (fd < 0) {
        gs_diags_add(d, GS_ERROR, "E503", none, "%s", err.data);
        goto done;
    }
    while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
        ;
    gs_buf_printf(&b, MANIFEST_MAGIC "4\tgrantsheet %s\ttemplates+fonts %s",
                  GS_VERSION, r->data_hash);
    if (o->shard_n > 0)
        gs_buf_printf(&b, "\tshard %d/%d", o->shard_k, o->shard_n);
    gs_buf_puts(&b, "\nplan\tdocument\tstatus\twarnings\toutput_sha256\tinputs\t"
                    "diagnostics\tnational_cap\n");
    for (size_t i = 0; i < r->nplans; i++)
        manifest_row(r, i, &results[i], &b);
    int w = gs_write_atomic(path, b.data, b.len, GS_ATOMIC_SYNC | GS_ATOMIC_SYNC_DIR,
                            &manifest_kind, &err);
    if (w != GS_WRITE_OK) {
        gs_diags_add(d, GS_ERROR, w == GS_WRITE_REFUSED ? "E405" : "E503", none, "%s",
                     err.data);
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    gs_buf_free(&b);
    gs_buf_free(&err);
    free(name);
    free(path);
    free(lock_p);
    return rc;
}

/* ---------- the national cap across the plans ---------- */

/* A share read from a record names the plan as the run that wrote it
 * did; this run may name the same file otherwise (`batch ./plans`), and
 * the message must use this run's name. */
static void rename_share(gs_cap_share *c, const char *path)
{
    if (c->pos_file && c->file) {
        size_t n = strlen(c->file);
        if (strncmp(c->pos_file, c->file, n) == 0 &&
            (c->pos_file[n] == '\0' || c->pos_file[n] == ':')) {
            char *pos = str_printf("%s%s", path, c->pos_file + n);
            free(c->pos_file);
            c->pos_file = pos;
        }
    }
    free(c->file);
    c->file = gs_xstrdup(path);
}

/* FORMS.md rule 11 across plans (E254): the 国費 of one government's
 * plans summed per fiscal year, by the check `report` runs
 * (gs_validate_national_cap_shares).  It is not a fault of any one plan,
 * so no job's status, PDF or state record changes: each plan that is fine
 * on its own keeps its PDF, and its manifest row names the years its
 * government is over.  The plans counted are those whose every job of
 * this run was rendered or skipped; a plan that failed on its own is
 * fixed first.  Runs on every run, skipped plans included (a skip is a
 * promise about a PDF, not about the sum), so the error stays until the
 * plans are fixed.  A plan's part comes from its state record, written
 * by the render that checked it, so an unchanged run reads no plan again;
 * only a plan whose record could not be written is read here.  Returns the
 * number of E254s. */
static size_t check_national_cap(run *r, const msg *results, gs_diags *d)
{
    size_t m = r->nplans ? r->nplans : 1;
    gs_cap_share *shares = gs_xcalloc(m, sizeof *shares);
    size_t *first = gs_xcalloc(m, sizeof *first);
    size_t n = 0;
    r->over = gs_xcalloc(m, sizeof *r->over);
    for (size_t i = 0; i < r->nplans;) {
        size_t j = i;
        bool fine = true;
        /* a plan's jobs are adjacent: the list is sorted by plan */
        for (; j < r->nplans && strcmp(r->plans[j].id, r->plans[i].id) == 0; j++)
            fine = fine && (results[j].status == GS_BATCH_OK ||
                            results[j].status == GS_BATCH_SKIPPED);
        if (fine) {
            char *state_p = gs_path(r, "state", &r->plans[i], ".tsv");
            state st;
            bool have = false;
            if (state_read(state_p, &st)) {
                if (st.has_share && strcmp(st.status, "ok") == 0) {
                    shares[n] = st.share;
                    memset(&st.share, 0, sizeof st.share);
                    have = true;
                }
                state_free(&st);
            }
            free(state_p);
            if (!have)
                have = gs_pipeline_cap_share(r->plans[i].path, &shares[n]);
            if (have) {
                rename_share(&shares[n], r->plans[i].path);
                first[n++] = i;
            }
        }
        i = j;
    }
    gs_buf *over = gs_xcalloc(n ? n : 1, sizeof *over);
    size_t before = d->n;
    gs_validate_national_cap_shares(shares, n, over, d);
    size_t found = d->n - before;
    for (size_t k = 0; k < n; k++) {
        for (size_t j = first[k];
             over[k].len && j < r->nplans &&
             strcmp(r->plans[j].id, r->plans[first[k]].id) == 0;
             j++)
            gs_buf_puts(&r->over[j], over[k].data);
        gs_buf_free(&over[k]);
        gs_validate_cap_share_free(&shares[k]);
    }
    free(over);
    free(shares);
    free(first);
    return found;
}

/* ---------- the run ---------- */

static int max_rc(int a, int b)
{
    return a > b ? a : b;
}

int gs_batch_run(const gs_batch_opts *o, gs_batch_counts *counts,
                 gs_diags *d)
{
    gs_srcpos none = {NULL, 0, 0};
    int rc = GS_BATCH_RC_OK;
    plan_list all = {NULL, 0, 0, 0};
    msg *results = NULL;
    run r;
    memset(&r, 0, sizeof r);
    memset(counts, 0, sizeof *counts);
    r.o = o;
    r.pipe_w = -1;
    r.srv.errfd = -1;
    r.counts = counts;

    if (o->shard_n < 0 || (o->shard_n > 0 && (o->shard_k < 1 || o->shard_k > o->shard_n))) {
        gs_diags_add(d, GS_ERROR, "E501", none, "--shard は K/N (1 <= K <= N) で指定してください");
        rc = GS_BATCH_RC_USAGE;
        goto done;
    }
    if (find_plans(o, &all, d) != 0) {
        rc = GS_BATCH_RC_USAGE;
        goto done;
    }
    char *gsdir = str_printf("%s/" GS_DIR, o->outdir);
    int mk = mkdirs(gsdir);
    free(gsdir);
    if (mk != 0) {
        gs_diags_add(d, GS_ERROR, "E502", none, "出力フォルダー %s を作成できません: %s",
                     o->outdir, gs_oserr(errno));
        rc = GS_BATCH_RC_WRITE;
        goto done;
    }
    /* this shard's plans, still sorted */
    r.plans = gs_xcalloc(all.n ? all.n : 1, sizeof *r.plans);
    for (size_t i = 0; i < all.n; i++) {
        if (o->shard_n > 0 &&
            gs_batch_shard_of(all.v[i].id, (unsigned)o->shard_n) != (unsigned)(o->shard_k - 1)) {
            free_plan(&all.v[i]);
            continue;
        }
        r.plans[r.nplans++] = all.v[i];
    }
    free(all.v);
    all.v = NULL;
    all.n = 0;
    counts->total = r.nplans;
    counts->excluded = all.excluded;

    if (hash_datadir(o->datadir, r.data_hash, d) != 0) {
        rc = GS_BATCH_RC_SETUP;
        goto done;
    }
    r.pl = gs_pipeline_new(o->datadir, NULL, d);
    if (!r.pl) {
        rc = GS_BATCH_RC_SETUP;
        goto done;
    }
    if (expand_documents(&r, d) != 0) {
        rc = GS_BATCH_RC_USAGE;
        goto done;
    }
    counts->total = r.nplans;
    clean_temps(&r);
    if (o->report) {
        gs_batch_event ev;
        memset(&ev, 0, sizeof ev);
        ev.kind = GS_BATCH_EV_START;
        ev.counts = counts;
        o->report(o->report_ctx, &ev);
    }
    results = gs_xcalloc(r.nplans ? r.nplans : 1, sizeof *results);
    if (o->jobs > 1 && r.nplans > 1) {
        if (run_workers(&r, results, d) != 0) {
            rc = GS_BATCH_RC_SETUP;
            goto done;
        }
    } else {
        run_inprocess(&r, results);
    }
    for (size_t i = 0; i < r.nplans; i++)
        if (results[i].status == GS_BATCH_BUSY)
            settle_busy(&r, i, &results[i]);
    counts->cap_errors = check_national_cap(&r, results, d);
    if (write_manifest(&r, results, d) != 0)
        rc = max_rc(rc, GS_BATCH_RC_WRITE);
    else
        counts->manifest_ok = true;
    if (counts->stale || counts->failed || counts->cap_errors)
        rc = max_rc(rc, GS_BATCH_RC_PLAN);
    if (counts->flags & GS_BATCH_F_SETUP)
        rc = max_rc(rc, GS_BATCH_RC_SETUP);
    if (counts->flags & GS_BATCH_F_WRITE)
        rc = max_rc(rc, GS_BATCH_RC_WRITE);
    if (counts->busy)
        rc = max_rc(rc, GS_BATCH_RC_BUSY);
done:
    free_plans(all.v, all.n);
    for (size_t i = 0; r.over && i < r.nplans; i++)
        gs_buf_free(&r.over[i]);
    free(r.over);
    free_plans(r.plans, r.nplans);
    free(results);
    gs_pipeline_free(r.pl);
    gs_xml_cleanup();
    return rc;
}
