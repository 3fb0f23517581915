/*
 * file.c - bounded whole-file reads for every input (plans, CSV tables, the
 * PDFs and plans of dump and diff); see file.h.
 */
#include "util/file.h"
#include "util/oserr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not a regular one is, for the message. */
static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "フォルダー";
    if (S_ISFIFO(m))
        return "名前付きパイプ (FIFO)";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "デバイス";
    if (S_ISSOCK(m))
        return "ソケット";
    return "特殊なファイル";
}

static bool special(const struct stat *st, gs_read_status *status, gs_buf *why)
{
    if (S_ISREG(st->st_mode))
        return false;
    *status = GS_READ_SPECIAL;
    gs_buf_printf(why, "が通常のファイルではありません (%s)", kind_of(st->st_mode));
    return true;
}

char *gs_read_file(const char *path, size_t max, size_t *len,
                   gs_read_status *status, gs_buf *why)
{
    char *data = NULL, *result = NULL;
    int fd = -1;
    *status = GS_READ_FAILED;
    /* Looked at before it is opened: opening a device can act (a tape
     * rewinds, a terminal becomes ours), and /dev/zero never ends.  The
     * check is repeated on the open file, which may have been swapped. */
    struct stat st;
    if (stat(path, &st) != 0) {
        gs_buf_printf(why, "を開けません: %s", gs_oserr(errno));
        goto done;
    }
    if (special(&st, status, why))
        goto done;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        gs_buf_printf(why, "を開けません: %s", gs_oserr(errno));
        goto done;
    }
    if (fstat(fd, &st) != 0) {
        gs_buf_printf(why, "を調べられません: %s", gs_oserr(errno));
        goto done;
    }
    if (special(&st, status, why))
        goto done;
    if ((uintmax_t)st.st_size > max) {
        *status = GS_READ_TOO_BIG;
        gs_buf_printf(why, "が大きすぎます (%jd バイト、上限 %zu バイト)",
                      (intmax_t)st.st_size, max);
        goto done;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    data = gs_xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            cap = max + 1;
            data = gs_xrealloc(data, cap + 1);
        }
        ssize_t r = read(fd, data + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gs_buf_printf(why, "を読めません: %s", gs_oserr(errno));
            goto done;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        *status = GS_READ_TOO_BIG;
        gs_buf_printf(why, "が大きすぎます (上限 %zu バイト)", max);
        goto done;
    }
    data[n] = '\0';
    *len = n;
    *status = GS_READ_OK;
    result = data;
    data = NULL;
done:
    free(data);
    if (fd >= 0)
        close(fd);
    return result;
}
