/*
 * test_pixels.c - the rendered pages look exactly as they did before the
 * renderer was rewritten for speed (issue 12).
 *
 * tests/render/pages.sh renders a few documents (the 実施計画 and every other
 * document of 長岡市's plan, (別紙1-1) alone, 湯沢町's 実施計画, a plan with
 * a long description, the 活用状況 report) and hashes each page of
 * `pdftoppm -r 150` and the text `pdftotext` extracts, with and without
 * -layout.  tests/render/pages-150dpi.txt holds those hashes as main's
 * binary wrote them before the font objects, the content streams and the
 * compression were changed; here the script runs on the build under test
 * and every line must match: a glyph moved by one pixel, a different glyph,
 * or one character of extracted text more or less fails, and the failure
 * names the page.
 *
 * Environment (set by `make e2e`): GS_BIN, the build under test;
 * GRANTSHEET_DATADIR, the checkout.
 */
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

#include "e2e.h"

static char *root, *bin, *got_path;

static int group_setup(void **state)
{
    (void)state;
    e2e_env(&root, &bin);
    char tmpl[] = "/tmp/gs-pixels-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    close(fd);
    got_path = strdup(tmpl);
    return root && bin && got_path ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    if (got_path)
        unlink(got_path);
    free(got_path);
    free(bin);
    free(root);
    return 0;
}

/* The lines of a file, NULL-terminated, in one allocation the caller frees
 * (*text holds the characters). */
static char **lines_of(const char *path, char **text, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 0, len = 0;
    char *buf = NULL;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + got + 1 > cap) {
            cap = (len + got + 1) * 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        memcpy(buf + len, chunk, got);
        len += got;
    }
    fclose(f);
    if (!buf)
        buf = calloc(1, 1);
    buf[len] = '\0';
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += buf[i] == '\n';
    char **v = calloc(count + 2, sizeof *v);
    if (!v)
        abort();
    *n = 0;
    for (char *s = buf; *s;) {
        char *nl = strchr(s, '\n');
        v[(*n)++] = s;
        if (!nl)
            break;
        *nl = '\0';
        s = nl + 1;
    }
    *text = buf;
    return v;
}

static void test_pages_and_text_unchanged(void **state)
{
    (void)state;
    char *cmd = NULL;
    if (asprintf(&cmd, "sh '%s/tests/render/pages.sh' '%s' '%s'", root, bin,
                 got_path) < 0)
        abort();
    int st = system(cmd);
    free(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    char *want_path = NULL;
    if (asprintf(&want_path, "%s/tests/render/pages-150dpi.txt", root) < 0)
        abort();
    char *want_text = NULL, *got_text = NULL;
    size_t nwant = 0, ngot = 0;
    char **want = lines_of(want_path, &want_text, &nwant);
    char **got = lines_of(got_path, &got_text, &ngot);
    free(want_path);
    assert_non_null(want);
    assert_non_null(got);
    /* every page of eight documents, and two text hashes of each */
    assert_true(nwant > 16);
    size_t bad = 0;
    for (size_t i = 0; i < nwant || i < ngot; i++) {
        const char *w = i < nwant ? want[i] : "(nothing)";
        const char *g = i < ngot ? got[i] : "(nothing)";
        if (strcmp(w, g) != 0) {
            fprintf(stderr, "test_pixels: line %zu differs\n  before: %s\n  now:    %s\n",
                    i + 1, w, g);
            bad++;
        }
    }
    free(want);
    free(got);
    free(want_text);
    free(got_text);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_and_text_unchanged),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
