/*
 * fontset.c - a tiny cache of loaded fonts, keyed by file name.
 */
#include "font/fontset.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

struct gs_fontset {
    char *dir;
    char **names;
    gs_font **fonts;
    size_t n, cap;
};

gs_fontset *gs_fontset_new(const char *dir)
{
    gs_fontset *fs = gs_xcalloc(1, sizeof *fs);
    fs->dir = gs_xstrdup(dir);
    return fs;
}

void gs_fontset_free(gs_fontset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->names[i]);
        gs_font_free(fs->fonts[i]);
    }
    free(fs->names);
    free(fs->fonts);
    free(fs->dir);
    free(fs);
}

const char *gs_fontset_dir(const gs_fontset *fs)
{
    return fs->dir;
}

gs_font *gs_fontset_get(gs_fontset *fs, const char *file)
{
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->names[i], file) == 0)
            return fs->fonts[i];
    /* a bare name only: templates must not reach outside the fonts folder */
    if (strchr(file, '/') || strcmp(file, "..") == 0)
        return NULL;
    gs_buf path = GS_BUF_INIT;
    gs_buf_printf(&path, "%s/%s", fs->dir, file);
    gs_font *f = gs_font_load(path.data);
    gs_buf_free(&path);
    if (!f)
        return NULL;
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 4;
        fs->names = gs_xrealloc(fs->names, fs->cap * sizeof *fs->names);
        fs->fonts = gs_xrealloc(fs->fonts, fs->cap * sizeof *fs->fonts);
    }
    fs->names[fs->n] = gs_xstrdup(file);
    fs->fonts[fs->n] = f;
    fs->n++;
    return f;
}
