/*
 * font.h - TrueType fonts as grantsheet needs them: metrics for layout,
 * coverage checks, and subsets for embedding.
 *
 * Backed by HarfBuzz.  A gs_font maps the file read-only (hb_blob_create_from_file)
 * and keeps one hb_face/hb_font, so measuring is cheap and a process that
 * renders many documents loads each font once.  Layout measures with these
 * metrics and the renderer embeds a subset of the same file, so what is
 * measured is what is drawn.
 *
 * Widths are in font units; gs_font_upem gives units per em, so a string's
 * width in points at size s is units * s / upem.
 */
#ifndef GS_FONT_H
#define GS_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gs_font gs_font;

/* Loads the font at path; NULL when the file is missing or not a font. */
gs_font *gs_font_load(const char *path);
void gs_font_free(gs_font *f);

const char *gs_font_path(const gs_font *f);
unsigned gs_font_upem(const gs_font *f);
/* PostScript name from the name table, e.g. "IPAexGothic". */
const char *gs_font_name(const gs_font *f);

/* True when the font has a glyph for code point cp. */
bool gs_font_has(const gs_font *f, uint32_t cp);
/* Horizontal advance of cp in font units (0 when absent). */
int gs_font_advance(const gs_font *f, uint32_t cp);
/* Advance of a UTF-8 string of n bytes in font units.  Invalid bytes count
 * as zero width (input is validated long before this point). */
long gs_font_text_width(const gs_font *f, const char *s, size_t n);
/* Font-wide vertical metrics in font units (ascender > 0, descender < 0). */
int gs_font_ascender(const gs_font *f);
int gs_font_descender(const gs_font *f);

/* The font's bounding box (head table: xMin, yMin, xMax, yMax) and the
 * height of its capitals (OS/2; the ascender when it has none), in font
 * units, for the PDF's font descriptor. */
void gs_font_bbox(const gs_font *f, int bbox[4]);
int gs_font_cap_height(const gs_font *f);

/* Builds a TrueType subset holding exactly the given code points (plus
 * .notdef and the parts of composite glyphs), without hinting and without
 * the tables a PDF reader ignores.  Glyph ids are renumbered compactly
 * (.notdef is 0); gids, when not NULL, receives the subset's glyph id of
 * each cps[i] (two code points may share one glyph).  Returns a malloc'd
 * buffer the caller frees, or NULL on failure (a code point the font lacks
 * included, when gids is asked for). */
unsigned char *gs_font_subset(const gs_font *f, const uint32_t *cps, size_t n,
                              uint16_t *gids, size_t *out_len);

#endif
