/*
 * atomic.c - the output check, the locked temporary file, optional sync,
 * rename, and the cleaner of dead temporaries.  See atomic.h for the
 * guarantees and why they hold.
 */
#include "util/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/oserr.h"

const gs_out_kind gs_out_pdf = {"%PDF-", "PDF"};

/* Longest part of the target's name kept in a temporary's name: with the
 * dot, ".XXXXXX" and the suffix it stays under NAME_MAX (255). */
enum { TEMP_NAME_KEEP = 200, TEMP_RANDOM = 6 };

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return gs_xstrdup(".");
    if (slash == path)
        return gs_xstrdup("/");
    return gs_xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* "." + the target's name (cut at a UTF-8 character boundary) + "." : the
 * start of every temporary of that target. */
static void temp_prefix(gs_buf *b, const char *base)
{
    size_t n = strlen(base);
    if (n > TEMP_NAME_KEEP) {
        n = TEMP_NAME_KEEP;
        while (n > 0 && ((unsigned char)base[n] & 0xc0) == 0x80)
            n--;
    }
    gs_buf_putc(b, '.');
    gs_buf_append(b, base, n);
    gs_buf_putc(b, '.');
}

bool gs_atomic_is_temp(const char *name)
{
    size_t n = strlen(name), sl = strlen(GS_ATOMIC_TEMP_SUFFIX);
    if (name[0] != '.' || n < 2 + TEMP_RANDOM + 1 + sl ||
        strcmp(name + n - sl, GS_ATOMIC_TEMP_SUFFIX) != 0)
        return false;
    const char *r = name + n - sl - TEMP_RANDOM;
    if (r[-1] != '.')
        return false;
    for (int i = 0; i < TEMP_RANDOM; i++) {
        char c = r[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

/* ---------- the output check ---------- */

static const char *what_special(mode_t m)
{
    if (S_ISDIR(m))
        return "フォルダー";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "装置ファイル";
    if (S_ISFIFO(m))
        return "FIFO (名前付きパイプ) ";
    if (S_ISSOCK(m))
        return "ソケット";
    return "通常のファイルではないもの";
}

static int refuse(gs_buf *why, const char *path, bool link, const char *fmt,
                  const char *a, const char *b)
{
    gs_buf_printf(why, "出力先 %s は", path);
    if (link)
        gs_buf_puts(why, "シンボリックリンクで、その先は");
    gs_buf_printf(why, fmt, a, b);
    gs_buf_puts(why, "。上書きせずに中止しました");
    return GS_WRITE_REFUSED;
}

int gs_output_check(const char *path, const gs_out_kind *kind, gs_buf *why)
{
    struct stat lst, st;
    if (lstat(path, &lst) != 0)
        return GS_WRITE_OK; /* absent; or unreachable, which the write reports */
    bool link = S_ISLNK(lst.st_mode);
    if (stat(path, &st) != 0) {
        if (link && (errno == ENOENT || errno == ELOOP))
            return GS_WRITE_OK; /* a dangling link: only the link is replaced */
        return refuse(why, path, link, "%s%s", "調べられません: ", gs_oserr(errno));
    }
    if (!S_ISREG(st.st_mode))
        return refuse(why, path, link, "%s%sです", what_special(st.st_mode), "");
    if (!kind)
        return GS_WRITE_OK;

    int rc = GS_WRITE_OK;
    size_t want = strlen(kind->magic), got = 0;
    char head[32];
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return refuse(why, path, link, "%s%s", "中身を確かめられません: ", gs_oserr(errno));
    struct stat fst;
    if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
        rc = refuse(why, path, link, "%s%sです", what_special(fst.st_mode), "");
        goto done;
    }
    while (got < want && got < sizeof head) {
        ssize_t n = read(fd, head + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = refuse(why, path, link, "%s%s", "中身を確かめられません: ", gs_oserr(errno));
            goto done;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got == 0)
        rc = refuse(why, path, link, " %s ではないファイル (空のファイル) です%s", kind->what, "");
    else if (got < want || memcmp(head, kind->magic, want) != 0)
        rc = refuse(why, path, link, " %s ではない既存のファイルです (先頭が「%s」ではありません)",
                    kind->what, kind->magic);
done:
    close(fd);
    return rc;
}

/* ---------- writing ---------- */

/* Creates the temporary file in the folder open as dfd, its name in tmp,
 * and locks it before a cleaner could see it (see atomic.h).  Returns the
 * descriptor, or -1 with errno set. */
static int create_temp(int dfd, const char *dir, const char *base, gs_buf *tmp)
{
    for (int attempt = 0;; attempt++) {
        gs_buf_clear(tmp);
        gs_buf_printf(tmp, "%s/", dir);
        temp_prefix(tmp, base);
        gs_buf_puts(tmp, "XXXXXX" GS_ATOMIC_TEMP_SUFFIX);
        bool dir_locked = flock(dfd, LOCK_SH) == 0;
        /* close-on-exec: a batch forks workers while files are open */
        int fd = mkostemps(tmp->data, (int)strlen(GS_ATOMIC_TEMP_SUFFIX), O_CLOEXEC);
        int saved = errno;
        if (fd >= 0)
            while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
                ;
        if (dir_locked)
            (void)flock(dfd, LOCK_UN);
        if (fd < 0) {
            errno = saved;
            return -1;
        }
        /* Only where the folder could not be locked can a cleaner have
         * taken the new file between mkostemps and flock: make another. */
        struct stat st;
        if (attempt < 3 && fstat(fd, &st) == 0 && st.st_nlink == 0) {
            close(fd);
            continue;
        }
        return fd;
    }
}

int gs_write_atomic(const char *path, const void *data, size_t len,
                    unsigned flags, const gs_out_kind *kind, gs_buf *err)
{
    int rc = GS_WRITE_FAILED, fd = -1, lockfd = -1, dfd = -1;
    char *dir = dir_of(path);
    const char *base = base_of(path);
    gs_buf tmp = GS_BUF_INIT;
    bool named = false; /* tmp names a file to remove on failure */

    if (gs_output_check(path, kind, err) != GS_WRITE_OK) {
        rc = GS_WRITE_REFUSED;
        goto done;
    }
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        gs_buf_printf(err, "出力先のフォルダー %s を開けません: %s", dir, gs_oserr(errno));
        goto done;
    }
    if (flags & GS_ATOMIC_CLEAN) {
        gs_buf prefix = GS_BUF_INIT;
        temp_prefix(&prefix, base);
        (void)gs_atomic_clean(dir, prefix.data);
        gs_buf_free(&prefix);
    }
    fd = create_temp(dfd, dir, base, &tmp);
    if (fd < 0) {
        gs_buf_printf(err, "出力先のフォルダー %s に書き込めません: %s", dir, gs_oserr(errno));
        goto done;
    }
    named = true;
    /* The lock lives as long as any descriptor of the open file: this one
     * keeps it across the close (which reports NFS write errors) and the
     * rename. */
    lockfd = dup(fd);
    /* mkostemps creates 0600; a PDF is meant to be shared like any file. */
    mode_t um = umask(0);
    umask(um);
    (void)fchmod(fd, 0666 & ~um);

    const char *p = data;
    size_t left = len;
    bool full = gs_atomic_test_disk_full && gs_atomic_test_disk_full(path);
    if (full)
        left /= 2;
    while (left > 0 || full) {
        ssize_t n = left ? write(fd, p, left) : (errno = ENOSPC, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            gs_buf_printf(err, "%s に書き込めません: %s", path, gs_oserr(errno));
            goto done;
        }
        p += n;
        left -= (size_t)n;
    }
    if ((flags & GS_ATOMIC_SYNC) && fdatasync(fd) != 0) {
        gs_buf_printf(err, "%s を保存できません: %s", path, gs_oserr(errno));
        goto done;
    }
    int closed = close(fd);
    fd = -1;
    if (closed != 0) {
        gs_buf_printf(err, "%s を保存できません: %s", path, gs_oserr(errno));
        goto done;
    }
    /* the target may have changed while the data was written */
    if (gs_output_check(path, kind, err) != GS_WRITE_OK) {
        rc = GS_WRITE_REFUSED;
        goto done;
    }
    if (rename(tmp.data, path) != 0) {
        gs_buf_printf(err, "%s を置き換えられません: %s", path, gs_oserr(errno));
        goto done;
    }
    named = false;
    if (flags & GS_ATOMIC_SYNC_DIR)
        (void)fsync(dfd);
    rc = GS_WRITE_OK;

done:
    if (named)
        unlink(tmp.data);
    if (fd >= 0)
        close(fd);
    if (lockfd >= 0)
        close(lockfd); /* releases the lock, after the unlink or rename */
    if (dfd >= 0)
        close(dfd);
    gs_buf_free(&tmp);
    free(dir);
    return rc;
}

/* ---------- the cleaner ---------- */

/* Takes the folder's lock exclusively, waiting at most ~0.1 s for writers
 * between creating and locking a file (a stopped writer must not stop the
 * cleaner).  1 = locked, 0 = folders cannot be locked here (go on: writers
 * check), -1 = busy (clean another time). */
static int lock_folder(int dfd)
{
    for (int i = 0; i < 50; i++) {
        if (flock(dfd, LOCK_EX | LOCK_NB) == 0)
            return 1;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return 0;
        struct timespec ts = {0, 2000000L};
        nanosleep(&ts, NULL);
    }
    return -1;
}

size_t gs_atomic_clean(const char *dir, const char *prefix)
{
    size_t removed = 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return 0;
    int listfd = -1;
    DIR *dh = NULL;
    if (lock_folder(dfd) < 0)
        goto done;
    /* a second descriptor to list with: closedir must not drop the lock */
    listfd = dup(dfd);
    dh = listfd >= 0 ? fdopendir(listfd) : NULL;
    if (!dh)
        goto done;
    listfd = -1; /* owned by dh now */
    struct dirent *e;
    size_t plen = prefix ? strlen(prefix) : 0;
    while ((e = readdir(dh)) != NULL) {
        const char *name = e->d_name;
        if (!gs_atomic_is_temp(name) || (prefix && strncmp(name, prefix, plen) != 0))
            continue;
        int flags = O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
        int fd = openat(dfd, name, O_RDWR | flags); /* NFS locks need write */
        if (fd < 0 && errno == EACCES)
            fd = openat(dfd, name, O_RDONLY | flags);
        if (fd < 0)
            continue;
        struct stat a, b;
        /* The lock taken: its writer is dead.  The name must still be that
         * file (not renamed away and reused) when it is removed. */
        if (fstat(fd, &a) == 0 && S_ISREG(a.st_mode) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            fstatat(dfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
            a.st_dev == b.st_dev && a.st_ino == b.st_ino &&
            unlinkat(dfd, name, 0) == 0)
            removed++;
        close(fd);
    }
done:
    if (dh)
        closedir(dh);
    if (listfd >= 0)
        close(listfd);
    close(dfd);
    return removed;
}
