/*
 * fuzz.c - the scratch folder and the diagnostics sink of the harnesses;
 * see fuzz.h.  A failure here (no folder, a short write) is the harness's
 * own, not the code under test's, so it aborts with a message rather than
 * letting the fuzzer report a bogus finding or, worse, fuzz nothing.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

static char *dir;
static gs_buf path = GS_BUF_INIT;

static void die(const char *what, const char *arg)
{
    fprintf(stderr, "fuzz harness: %s %s: %s\n", what, arg ? arg : "",
            strerror(errno));
    abort();
}

const char *gs_fuzz_root(void)
{
    const char *env = getenv("GRANTSHEET_DATADIR");
    if (env && *env)
        return env;
#ifdef GS_FUZZ_ROOT
    return GS_FUZZ_ROOT;
#else
    return ".";
#endif
}

static int rm_entry(const char *p, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static void remove_dir(void)
{
    if (dir)
        nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(dir);
    dir = NULL;
    gs_buf_free(&path);
}

/* Removes the scratch folders of harnesses that are gone: libFuzzer kills
 * its workers (-fork, a timeout) without running their atexit handlers.
 * A folder is named after its process, gs-fuzz-PID.XXXXXX, and is only
 * removed when it is ours and no process of that number is alive. */
static void remove_stale(const char *base)
{
    DIR *d = opendir(base);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        if (strncmp(e->d_name, "gs-fuzz-", 8) != 0)
            continue;
        long pid = strtol(e->d_name + 8, &end, 10);
        if (pid <= 0 || *end != '.' || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        gs_buf p = GS_BUF_INIT;
        gs_buf_printf(&p, "%s/%s", base, e->d_name);
        struct stat st;
        if (lstat(p.data, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid())
            nftw(p.data, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
        gs_buf_free(&p);
    }
    closedir(d);
}

const char *gs_fuzz_dir(void)
{
    if (dir)
        return dir;
    struct stat st;
    const char *tmp = getenv("TMPDIR");
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
                               access("/dev/shm", W_OK) == 0
                           ? "/dev/shm"
                           : tmp && *tmp ? tmp : "/tmp";
    remove_stale(base);
    gs_buf t = GS_BUF_INIT;
    gs_buf_printf(&t, "%s/gs-fuzz-%ld.XXXXXX", base, (long)getpid());
    if (!mkdtemp(t.data))
        die("cannot make a scratch folder in", base);
    dir = gs_buf_detach(&t);
    atexit(remove_dir);
    return dir;
}

static void put(const char *p, const uint8_t *data, size_t size)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        die("cannot write", p);
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            die("cannot write", p);
        data += n;
        size -= (size_t)n;
    }
    if (close(fd) != 0)
        die("cannot close", p);
}

const char *gs_fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    gs_buf_clear(&path);
    gs_buf_printf(&path, "%s/%s", gs_fuzz_dir(), name);
    put(path.data, data, size);
    return path.data;
}

static void copy_file(const char *from, const char *to)
{
    size_t len = 0;
    FILE *f = fopen(from, "rb");
    if (!f)
        die("cannot read", from);
    gs_buf b = GS_BUF_INIT;
    char chunk[8192];
    while ((len = fread(chunk, 1, sizeof chunk, f)) > 0)
        gs_buf_append(&b, chunk, len);
    if (ferror(f))
        die("cannot read", from);
    fclose(f);
    put(to, (const uint8_t *)b.data, b.len);
    gs_buf_free(&b);
}

static void copy_dir(const char *from, const char *to, int depth)
{
    if (mkdir(to, 0700) != 0 && errno != EEXIST)
        die("cannot make", to);
    DIR *d = opendir(from);
    if (!d)
        die("cannot list", from);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        gs_buf src = GS_BUF_INIT, dst = GS_BUF_INIT;
        gs_buf_printf(&src, "%s/%s", from, e->d_name);
        gs_buf_printf(&dst, "%s/%s", to, e->d_name);
        struct stat st;
        if (stat(src.data, &st) != 0)
            die("cannot read", src.data);
        if (S_ISDIR(st.st_mode) && depth > 0)
            copy_dir(src.data, dst.data, depth - 1);
        else if (S_ISREG(st.st_mode))
            copy_file(src.data, dst.data);
        gs_buf_free(&src);
        gs_buf_free(&dst);
    }
    closedir(d);
}

void gs_fuzz_copy_tree(const char *rel, const char *name)
{
    gs_buf from = GS_BUF_INIT, to = GS_BUF_INIT;
    gs_buf_printf(&from, "%s/%s", gs_fuzz_root(), rel);
    gs_buf_printf(&to, "%s/%s", gs_fuzz_dir(), name);
    copy_dir(from.data, to.data, 1);
    gs_buf_free(&from);
    gs_buf_free(&to);
}

void gs_fuzz_diags_done(gs_diags *d, bool json)
{
    gs_buf b = GS_BUF_INIT;
    gs_diags_sort(d);
    for (size_t i = 0; i < d->n; i++) {
        const gs_diag *g = &d->v[i];
        /* a problem must say what it is: a code of the documented shape
         * (E1xx, W2xx ...) and a message */
        if ((g->code[0] != 'E' && g->code[0] != 'W') || strlen(g->code) != 4 ||
            !g->message || !*g->message) {
            fprintf(stderr, "fuzz harness: diagnostic without code or message: "
                            "[%s] %s\n", g->code, g->message ? g->message : "(null)");
            abort();
        }
        gs_buf_clear(&b);
        gs_diag_format(g, &b);
    }
    if (json) {
        gs_buf_clear(&b);
        gs_diags_to_json(d, &b);
    }
    gs_buf_free(&b);
    gs_diags_free(d);
}
