/*
 * atomic.c - temporary file, optional sync, rename.  See atomic.h for the
 * guarantee.
 */
#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return gs_xstrdup(".");
    if (slash == path)
        return gs_xstrdup("/");
    return gs_xstrndup(path, (size_t)(slash - path));
}

int gs_write_atomic(const char *path, const void *data, size_t len,
                    unsigned flags, gs_buf *err)
{
    int rc = -1, fd = -1;
    char *dir = dir_of(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    gs_buf tmp = GS_BUF_INIT;
    gs_buf_printf(&tmp, "%s/.%s.XXXXXX", dir, base);

    /* close-on-exec: a batch forks workers while files are open */
    fd = mkostemp(tmp.data, O_CLOEXEC);
    if (fd < 0) {
        gs_buf_printf(err, "%s に一時ファイルを作成できません: %s", dir,
                      strerror(errno));
        gs_buf_clear(&tmp); /* nothing was created: nothing to remove */
        goto done;
    }
    /* mkostemp creates 0600; a PDF is meant to be shared like any file. */
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
            gs_buf_printf(err, "%s に書き込めません: %s", tmp.data,
                          strerror(errno));
            goto done;
        }
        p += n;
        left -= (size_t)n;
    }
    if ((flags & GS_ATOMIC_SYNC) && fdatasync(fd) != 0) {
        gs_buf_printf(err, "%s を保存できません: %s", tmp.data, strerror(errno));
        goto done;
    }
    int closed = close(fd);
    fd = -1;
    if (closed != 0) {
        gs_buf_printf(err, "%s を保存できません: %s", tmp.data, strerror(errno));
        goto done;
    }
    if (rename(tmp.data, path) != 0) {
        gs_buf_printf(err, "%s を置き換えられません: %s", path, strerror(errno));
        goto done;
    }
    if (flags & GS_ATOMIC_SYNC_DIR) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    rc = 0;

done:
    if (fd >= 0)
        close(fd);
    if (rc != 0 && tmp.len)
        unlink(tmp.data);
    gs_buf_free(&tmp);
    free(dir);
    return rc;
}
