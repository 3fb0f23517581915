/*
 * font.c - TrueType fonts through HarfBuzz: metrics, coverage, subsets.
 *
 * The file is mapped, not read: IPAex fonts are 4-6 MB and a run touches
 * only the cmap, hmtx and a few headers for measuring.  The hb_font is set to
 * scale = upem so HarfBuzz hands back advances in font units, the same
 * advances the renderer writes as the embedded subset's /W widths; layout
 * and renderer cannot disagree.
 */
#include "font/font.h"

#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include "util/buf.h"
#include "util/utf8.h"

struct gs_font {
    char *path;
    char *name;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
    int ascender, descender;
    /* Advances of BMP code points as found so far, plus one (0: not yet
     * looked up, 1: not in the font).  Layout measures every character of
     * every cell, each a cmap search and an hmtx read in HarfBuzz; a
     * document has a few hundred distinct characters.  128 KB per font, of
     * which only the pages touched are ever made real. */
    uint16_t *adv;
};

/* Reads the PostScript name (name ID 6); NULL when the font has none. */
static char *read_ps_name(hb_face_t *face)
{
    unsigned len = hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
                                       HB_LANGUAGE_INVALID, NULL, NULL);
    if (len == 0)
        return NULL;
    unsigned size = len + 1;
    char *s = gs_xmalloc(size);
    hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
                        HB_LANGUAGE_INVALID, &size, s);
    return s;
}

gs_font *gs_font_load(const char *path)
{
    gs_font *f = NULL;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return NULL;
    /* hb_face_create never fails; an empty face (no glyphs) means the blob
     * was not a font. */
    hb_face_t *face = hb_face_create(blob, 0);
    if (hb_face_get_glyph_count(face) == 0 || hb_face_get_upem(face) == 0)
        goto fail;
    char *name = read_ps_name(face);
    if (!name)
        goto fail;

    f = gs_xcalloc(1, sizeof *f);
    f->path = gs_xstrdup(path);
    f->name = name;
    f->blob = blob;
    f->face = face;
    f->upem = hb_face_get_upem(face);
    f->font = hb_font_create(face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    f->adv = gs_xcalloc(65536, sizeof *f->adv);

    hb_font_extents_t ext;
    if (hb_font_get_h_extents(f->font, &ext)) {
        f->ascender = ext.ascender;
        f->descender = ext.descender;
    } else {
        /* No hhea/OS/2 vertical metrics: the conventional 0.88/-0.12 em
         * split keeps layout sane rather than putting baselines at 0. */
        f->ascender = (int)(f->upem * 88 / 100);
        f->descender = -(int)(f->upem * 12 / 100);
    }
    return f;

fail:
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return NULL;
}

void gs_font_free(gs_font *f)
{
    if (!f)
        return;
    free(f->adv);
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f->name);
    free(f->path);
    free(f);
}

const char *gs_font_path(const gs_font *f) { return f->path; }
unsigned gs_font_upem(const gs_font *f) { return f->upem; }
const char *gs_font_name(const gs_font *f) { return f->name; }
int gs_font_ascender(const gs_font *f) { return f->ascender; }
int gs_font_descender(const gs_font *f) { return f->descender; }

/* HarfBuzz's answer for cp: its advance, or -1 when the font lacks it. */
static int lookup_advance(const gs_font *f, uint32_t cp)
{
    hb_codepoint_t g;
    if (!hb_font_get_nominal_glyph(f->font, cp, &g) || g == 0)
        return -1;
    return hb_font_get_glyph_h_advance(f->font, g);
}

/* The advance of cp (-1: not in the font), from the cache for the BMP. */
static int advance_of(const gs_font *f, uint32_t cp)
{
    if (cp > 0xFFFF)
        return lookup_advance(f, cp);
    uint16_t c = f->adv[cp];
    if (c == 0) {
        int a = lookup_advance(f, cp);
        /* an advance that does not fit is simply not cached */
        if (a < -1 || a > 0xFFFD)
            return a;
        c = (uint16_t)(a + 2); /* -1 -> 1, a -> a + 2 */
        f->adv[cp] = c;
    }
    return (int)c - 2;
}

bool gs_font_has(const gs_font *f, uint32_t cp)
{
    return advance_of(f, cp) >= 0;
}

int gs_font_advance(const gs_font *f, uint32_t cp)
{
    int a = advance_of(f, cp);
    return a < 0 ? 0 : a;
}

long gs_font_text_width(const gs_font *f, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    long w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = gs_utf8_next(u, n, &i);
        if (cp != GS_UTF8_BAD)
            w += gs_font_advance(f, cp);
    }
    return w;
}

void gs_font_bbox(const gs_font *f, int bbox[4])
{
    /* head: xMin, yMin, xMax, yMax as int16 at offset 36 */
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(head, &len);
    for (int i = 0; i < 4; i++)
        bbox[i] = p && len >= 44
                      ? (int16_t)(uint16_t)(p[36 + 2 * i] << 8 | p[37 + 2 * i])
                      : 0;
    hb_blob_destroy(head);
}

int gs_font_cap_height(const gs_font *f)
{
    hb_position_t v;
    if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v > 0)
        return v;
    return f->ascender;
}

unsigned char *gs_font_subset(const gs_font *f, const uint32_t *cps, size_t n,
                              uint16_t *gids, size_t *out_len)
{
    /* Tables a PDF reader never reads.  Vertical metrics and layout tables
     * are for shaping engines; a reader maps CIDs to glyphs through the
     * CIDFont and draws with the /W widths and the glyph outlines.
     * kern/hdmx/LTSH/VDMX/PCLT/meta/JSTF are likewise unread; dropping them
     * keeps the embedded font minimal.  The cmap stays: it is what
     * `make bench` and a curious reader learn the characters from. */
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
        HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
        HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
        HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
        HB_TAG('g', 'a', 's', 'p'), HB_TAG('k', 'e', 'r', 'n'),
        HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'),
        HB_TAG('V', 'D', 'M', 'X'), HB_TAG('P', 'C', 'L', 'T'),
        HB_TAG('m', 'e', 't', 'a'), HB_TAG('D', 'S', 'I', 'G'),
    };
    unsigned char *out = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        goto done;

    hb_set_t *uni = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(uni, cps[i]);
    hb_set_t *tags = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
        hb_set_add(tags, drop[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);

    /* Through a plan rather than hb_subset_or_fail, because the plan tells
     * which glyph of the subset each code point became. */
    plan = hb_subset_plan_create_or_fail(f->face, in);
    if (!plan)
        goto done;
    if (gids) {
        const hb_map_t *u2o = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
        const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t old = hb_map_get(u2o, cps[i]);
            hb_codepoint_t gid = old == HB_MAP_VALUE_INVALID
                                     ? HB_MAP_VALUE_INVALID : hb_map_get(o2n, old);
            if (gid == HB_MAP_VALUE_INVALID || gid == 0 || gid > 0xFFFF)
                goto done; /* not in the font: callers check gs_font_has */
            gids[i] = (uint16_t)gid;
        }
    }
    sub = hb_subset_plan_execute_or_fail(plan);
    if (!sub)
        goto done;
    blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    if (!data || len == 0)
        goto done;
    out = gs_xmalloc(len);
    memcpy(out, data, len);
    *out_len = len;

done:
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    return out;
}
