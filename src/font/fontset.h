/*
 * fontset.h - the fonts of one process, loaded once.
 *
 * Templates name fonts by file ("ipaexg.ttf"); the fontset resolves the name
 * in the fonts folder and keeps every font it loaded until it is freed, so a
 * batch that renders a thousand plans maps each font file once.
 */
#ifndef GS_FONTSET_H
#define GS_FONTSET_H

#include "font/font.h"

typedef struct gs_fontset gs_fontset;

/* dir: the folder holding the font files. */
gs_fontset *gs_fontset_new(const char *dir);
void gs_fontset_free(gs_fontset *fs);
/* Lends the font called file (a bare file name); loads it on first use.
 * NULL when it cannot be loaded. */
gs_font *gs_fontset_get(gs_fontset *fs, const char *file);
const char *gs_fontset_dir(const gs_fontset *fs);

#endif
