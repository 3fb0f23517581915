/*
 * e2e.c - the helpers of e2e.h, shared by the end-to-end test programs so
 * that each program holds only its tests.
 */
#include "e2e.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *e2e_fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    if (vasprintf(&s, f, ap) < 0)
        s = NULL;
    va_end(ap);
    assert_non_null(s);
    return s;
}

/* Reads the stream to its end into a growing NUL-terminated buffer. */
static char *read_all(FILE *f, size_t *len)
{
    size_t n = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (size_t got; (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int e2e_sh(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *buf = read_all(p, NULL);
    int st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *e2e_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = read_all(f, len);
    fclose(f);
    return s;
}

void e2e_spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

void e2e_env(char **root, char **bin)
{
    const char *r = getenv("GRANTSHEET_DATADIR"), *b = getenv("GS_BIN");
    *root = e2e_fmt("%s", r && *r ? r : ".");
    *bin = b && *b ? e2e_fmt("%s", b) : e2e_fmt("%s/build/asan/grantsheet", *root);
}

char *e2e_tmpdir(const char *name)
{
    char *tmpl = e2e_fmt("/tmp/gs-%s-XXXXXX", name);
    if (!mkdtemp(tmpl)) {
        free(tmpl);
        return NULL;
    }
    return tmpl;
}

int e2e_rm_rf(const char *dir)
{
    char *cmd = e2e_fmt("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

int e2e_begin(char **root, char **bin, char **work, const char *name)
{
    e2e_env(root, bin);
    *work = e2e_tmpdir(name);
    return *work ? 0 : -1;
}

int e2e_end(char **root, char **bin, char **work)
{
    int rc = *work ? e2e_rm_rf(*work) : 0;
    free(*work);
    free(*bin);
    free(*root);
    *work = *bin = *root = NULL;
    return rc;
}
