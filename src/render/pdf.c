/*
 * pdf.c - draws a gs_doc with libharu 2.3.0.
 *
 * libharu builds the document's object structure (catalog, pages, outlines,
 * info, cross-reference table); the fonts and the page contents are written
 * here, because 2.3.0's own font path costs more than the rest of a render
 * (LIBHARU-NOTES.md; issue 12): it builds its CID font over all 65,536
 * code points, reads the subset back through stdio, and needs a
 * 65,536-entry CIDToGIDMap because its UTF-8 encoder writes code points.
 *
 *  - Fonts.  Each font is cut by HarfBuzz to exactly the characters the
 *    document draws, with glyph ids renumbered compactly, and embedded as a
 *    Type0 font over a CIDFontType2 whose CIDs are the subset's glyph ids
 *    (/CIDToGIDMap /Identity), with /W widths and a /ToUnicode map
 *    (beginbfchar) for just those glyphs.  When two characters drawn share
 *    one glyph (U+002D and U+2010 do in IPAexGothic) a CID could not say
 *    which one it stands for, so that font numbers its CIDs 1..n instead,
 *    one per character, and carries a CIDToGIDMap of n + 1 entries.
 *  - Page contents are written here too, as two-byte CIDs in hex strings,
 *    with the very operators and number formatting (HPDF_FToA) libharu's
 *    page functions used, so that pages are pixel-identical to what they
 *    were (tests/e2e/test_pixels.c).
 *  - Every stream is compressed by render/deflate.c and handed to libharu
 *    with /Filter /FlateDecode already set.
 *
 *  - Destinations can only be /XYZ with a forced zoom in 2.3.0; we build
 *    [page /XYZ 0 y null] ourselves so a bookmark keeps the reader's zoom
 *    (y is the top of its sheet's heading, which the layout hands over).
 *    Bookmarks form a tree by their level: a section's goes under its
 *    sheet's, which is shown open.
 *
 * The catalog also says what 2.3.0 has no call for: the language, /Lang
 * (ja-JP), and /DisplayDocTitle, so viewers show the document's title.
 *
 * Rules (lines) are compared and joined on the grid they are written on,
 * 1/100 pt, so that edges meant to be one line are one line.
 *
 * The document's canonical figures (audit/audit.h) go in as the attachment
 * grantsheet-data.tsv.  HPDF_AttachFile would read a file and name the
 * attachment after its path (and types the file specification /F), so the
 * /EmbeddedFiles name tree, the file specification and the embedded file
 * stream are built here from libharu's object API; no dates, no checksum
 * that changes, so the output stays byte-for-byte reproducible.
 *
 * Code points above U+FFFF are refused up front by gs_pdf_check_glyphs (the
 * ToUnicode map and the checks are written for the BMP), and so is a code
 * point missing from the font, which would become an invisible glyph 0.
 *
 * libharu reports errors through a callback; ours only records the first
 * one, and every step checks the record, so all cleanup happens on one exit
 * path and nothing longjmps over allocations.
 */
#include "render/pdf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_catalog.h>
#include <hpdf_font.h>
#include <hpdf_namedict.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>

#include "audit/audit.h"
#include "font/font.h"
#include "render/deflate.h"
#include "util/utf8.h"

#define BMP_WORDS (65536 / 64)

/* ---- glyph check ------------------------------------------------------ */

typedef struct seen {
    uint32_t cp;
    gs_srcpos pos;
} seen;

static bool same_pos(gs_srcpos a, gs_srcpos b)
{
    if (a.line != b.line || a.col != b.col)
        return false;
    if (a.file == b.file)
        return true;
    return a.file && b.file && strcmp(a.file, b.file) == 0;
}

size_t gs_pdf_check_glyphs(const gs_doc *doc, gs_diags *d)
{
    /* Problems are rare, so a linear list is the right dedup structure. */
    seen *v = NULL;
    size_t nv = 0, cap = 0;
    /* per font, the code points already found in it: a page draws each of
     * a few hundred characters many times, and each lookup is a cmap
     * search */
    uint64_t (*found)[BMP_WORDS] = gs_xcalloc(doc->nfonts ? doc->nfonts : 1,
                                              sizeof *found);

    for (size_t p = 0; p < doc->npages; p++) {
        const gs_page *pg = &doc->pages[p];
        for (size_t k = 0; k < pg->nops; k++) {
            const gs_op *op = &pg->ops[k];
            if (op->kind != GS_OP_TEXT || !op->text || op->font >= doc->nfonts)
                continue;
            const gs_font *f = doc->fonts[op->font];
            const unsigned char *s = (const unsigned char *)op->text;
            size_t n = strlen(op->text);
            for (size_t i = 0; i < n;) {
                size_t start = i;
                uint32_t cp = gs_utf8_next(s, n, &i);
                if (cp == GS_UTF8_BAD)
                    continue;
                bool beyond = cp > 0xFFFF;
                if (!beyond) {
                    uint64_t bit = (uint64_t)1 << (cp % 64);
                    uint64_t *w = &found[op->font][cp / 64];
                    if (*w & bit)
                        continue;
                    if (gs_font_has(f, cp)) {
                        *w |= bit;
                        continue;
                    }
                }
                bool dup = false;
                for (size_t j = 0; j < nv && !dup; j++)
                    dup = v[j].cp == cp && same_pos(v[j].pos, op->pos);
                if (dup)
                    continue;
                GS_GROW(v, cap, nv + 1);
                v[nv].cp = cp;
                v[nv].pos = op->pos;
                nv++;
                int len = (int)(i - start);
                if (beyond)
                    gs_diags_add(d, GS_ERROR, "E402", op->pos,
                                 "文字「%.*s」(U+%04X) は基本多言語面 (BMP) の"
                                 "外にあるため PDF に描画できません",
                                 len, op->text + start, (unsigned)cp);
                else
                    gs_diags_add(d, GS_ERROR, "E401", op->pos,
                                 "文字「%.*s」(U+%04X) はフォント %s に"
                                 "ありません",
                                 len, op->text + start, (unsigned)cp,
                                 gs_font_name(f));
            }
        }
    }
    free(found);
    free(v);
    return nv;
}

/* ---- rendering -------------------------------------------------------- */

typedef struct render {
    const gs_doc *doc;
    const char *producer;
    gs_diags *d;
    HPDF_Doc pdf;
    bool failed;          /* a diagnostic has been added */
    bool hpdf_error;      /* the libharu callback fired */
    HPDF_STATUS code, detail;
    uint64_t (*cps)[BMP_WORDS]; /* per font: code points drawn with it */
    size_t *owner;        /* per font: index of the font whose subset it uses */
    struct pfont *pf;     /* per font: its PDF font (owners only) */
    gs_deflater *zc;      /* the compressor of every stream */
    gs_buf z;             /* scratch for compressed streams */
} render;

/* A font as embedded: the code points drawn with it, ascending, and the
 * CID each is written as. */
typedef struct pfont {
    HPDF_Dict dict;       /* the Type0 font; NULL when nothing is drawn */
    uint32_t *cps;
    uint16_t *cids;
    size_t n;
} pfont;

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *ud)
{
    render *r = ud;
    if (!r->hpdf_error) {
        r->hpdf_error = true;
        r->code = code;
        r->detail = detail;
    }
}

static const gs_srcpos nopos = { NULL, 0, 0 };

/* True (and reported once as E404) when libharu has signalled an error or
 * a call returned one.  what names the step for the message. */
static bool hpdf_failed(render *r, HPDF_STATUS st, const char *what)
{
    if (r->failed)
        return true;
    /* Internal calls record errors in the document without calling the
     * handler, so the document's error code is checked as well. */
    HPDF_STATUS pending = r->pdf ? HPDF_GetError(r->pdf) : HPDF_OK;
    if (st == HPDF_OK && !r->hpdf_error && pending == HPDF_OK)
        return false;
    HPDF_STATUS code = r->hpdf_error ? r->code
                       : pending != HPDF_OK ? pending : st;
    gs_diags_add(r->d, GS_ERROR, "E404", nopos,
                 "PDF の生成に失敗しました (%s: libharu エラー 0x%04X, "
                 "詳細 %u)", what, (unsigned)code,
                 (unsigned)(r->hpdf_error ? r->detail : 0));
    r->failed = true;
    return true;
}

static void fail_internal(render *r, const char *what)
{
    if (r->failed)
        return;
    gs_diags_add(r->d, GS_ERROR, "E404", nopos,
                 "PDF の生成に失敗しました (%s)", what);
    r->failed = true;
}

static void fail_font(render *r, const gs_font *f, const char *what)
{
    if (r->failed)
        return;
    gs_srcpos pos = { gs_font_path(f), 0, 0 };
    gs_diags_add(r->d, GS_ERROR, "E403", pos,
                 "フォント %s を埋め込めません (%s)", gs_font_name(f), what);
    r->failed = true;
}

/* Records every code point drawn, per font; fonts that share a PostScript
 * name share one subset, because libharu silently reuses the first font
 * loaded under a name. */
static void collect(render *r)
{
    const gs_doc *doc = r->doc;
    for (size_t i = 0; i < doc->nfonts; i++) {
        r->owner[i] = i;
        for (size_t j = 0; j < i; j++)
            if (strcmp(gs_font_name(doc->fonts[j]),
                       gs_font_name(doc->fonts[i])) == 0) {
                r->owner[i] = r->owner[j];
                break;
            }
    }
    for (size_t p = 0; p < doc->npages; p++) {
        const gs_page *pg = &doc->pages[p];
        for (size_t k = 0; k < pg->nops; k++) {
            const gs_op *op = &pg->ops[k];
            if (op->kind != GS_OP_TEXT || !op->text)
                continue;
            uint64_t *bits = r->cps[r->owner[op->font]];
            const unsigned char *s = (const unsigned char *)op->text;
            size_t n = strlen(op->text);
            for (size_t i = 0; i < n;) {
                uint32_t cp = gs_utf8_next(s, n, &i);
                if (cp <= 0xFFFF)
                    bits[cp / 64] |= (uint64_t)1 << (cp % 64);
            }
        }
    }
}

static size_t list_cps(const uint64_t *bits, uint32_t *out)
{
    size_t n = 0;
    for (uint32_t w = 0; w < BMP_WORDS; w++)
        for (uint64_t m = bits[w]; m; m &= m - 1)
            out[n++] = w * 64 + (uint32_t)__builtin_ctzll(m);
    return n;
}

/* Writes the /Filter of a stream compressed here.  libharu drops a
 * "Filter" key of a stream it does not compress itself (and would compress
 * again one it does), so the key is written by the dictionary's write_fn,
 * which libharu calls after the other keys. */
static HPDF_STATUS write_flate_filter(HPDF_Dict s, HPDF_Stream out)
{
    (void)s;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Fills the stream object s with data, compressed here, with the filter
 * that says so (libharu's own filter is turned off for it). */
static HPDF_STATUS put_compressed(render *r, HPDF_Dict s, const void *data,
                                  size_t len)
{
    s->filter = HPDF_STREAM_FILTER_NONE;
    s->write_fn = write_flate_filter;
    gs_buf_clear(&r->z);
    gs_deflate(r->zc, data, len, &r->z);
    return HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)r->z.data,
                             (HPDF_UINT)r->z.len);
}

/* A stream object holding data, compressed; NULL (with the error
 * recorded) when libharu fails. */
static HPDF_Dict new_stream(render *r, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    if (!s) {
        hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "ストリーム");
        return NULL;
    }
    HPDF_STATUS st = put_compressed(r, s, data, len);
    return hpdf_failed(r, st, "ストリーム") ? NULL : s;
}

/* A dictionary made indirect, so that what refers to it refers by
 * reference. */
static HPDF_Dict new_object(render *r)
{
    HPDF_Dict d = HPDF_Dict_New(r->pdf->mmgr);
    if (!d || HPDF_Xref_Add(r->pdf->xref, d) != HPDF_OK) {
        hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "フォント");
        return NULL;
    }
    return d;
}

/* The subset's name: a tag of six capitals derived from the font and the
 * code points it holds, "+", and the PostScript name.  Subsets with one
 * name but different glyphs confuse any tool that later merges PDFs
 * (LIBHARU-NOTES), so the same document always gets the same tag and a
 * different subset almost surely another. */
static void subset_name(const char *psname, const uint32_t *cps, size_t n,
                        gs_buf *out)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    for (const char *c = psname; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (size_t k = 0; k < n; k++)
        h = (h ^ cps[k]) * 1099511628211ull;
    for (int i = 0; i < 6; i++, h /= 26)
        gs_buf_putc(out, (char)('A' + h % 26));
    gs_buf_printf(out, "+%s", psname);
}

/* One CID of a font: what it is drawn as and stands for. */
typedef struct cidinfo {
    uint16_t cid, gid;
    uint32_t cp;
    int width;            /* in 1/1000 em */
} cidinfo;

static int cmp_cid(const void *pa, const void *pb)
{
    const cidinfo *a = pa, *b = pb;
    return (a->cid > b->cid) - (a->cid < b->cid);
}

static int cmp_u16(const void *pa, const void *pb)
{
    uint16_t a = *(const uint16_t *)pa, b = *(const uint16_t *)pb;
    return (a > b) - (a < b);
}

/* The ToUnicode CMap: each CID to the character it stands for. */
static void tounicode(const cidinfo *v, size_t n, gs_buf *b)
{
    gs_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
                   "12 dict begin\n"
                   "begincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                   "/Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n"
                   "/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\n"
                   "endcodespacerange\n");
    /* A bfchar block holds at most 100 entries. */
    for (size_t i = 0; i < n; i += 100) {
        size_t m = n - i < 100 ? n - i : 100;
        gs_buf_printf(b, "%zu beginbfchar\n", m);
        for (size_t j = i; j < i + m; j++)
            gs_buf_printf(b, "<%04X> <%04X>\n", (unsigned)v[j].cid,
                          (unsigned)v[j].cp);
        gs_buf_puts(b, "endbfchar\n");
    }
    gs_buf_puts(b, "endcmap\n"
                   "CMapName currentdict /CMap defineresource pop\n"
                   "end\nend\n");
}

/* /W [cid [w w ...] ...]: runs of consecutive CIDs whose width is not the
 * default /DW 1000. */
static HPDF_STATUS widths(render *r, HPDF_Dict cidfont, const cidinfo *v,
                          size_t n)
{
    HPDF_MMgr mm = r->pdf->mmgr;
    HPDF_Array w = HPDF_Array_New(mm);
    if (!w)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_Add(cidfont, "W", w);
    HPDF_Array run = NULL;
    for (size_t k = 0; k < n && st == HPDF_OK; k++) {
        if (v[k].width == 1000) {
            run = NULL;
            continue;
        }
        if (!run || v[k].cid != v[k - 1].cid + 1) {
            st += HPDF_Array_AddNumber(w, v[k].cid);
            run = HPDF_Array_New(mm);
            st += run ? HPDF_Array_Add(w, run) : HPDF_FAILD_TO_ALLOC_MEM;
        }
        if (run)
            st += HPDF_Array_AddNumber(run, v[k].width);
    }
    return st;
}

/* The font descriptor of the subset, with its font program. */
static HPDF_Dict descriptor(render *r, const gs_font *f, const char *name,
                            const unsigned char *sub, size_t len)
{
    HPDF_Dict fd = new_object(r);
    HPDF_Dict file = fd ? new_stream(r, sub, len) : NULL;
    if (!file)
        return NULL;
    HPDF_MMgr mm = r->pdf->mmgr;
    long upem = (long)gs_font_upem(f);
    int bb[4];
    gs_font_bbox(f, bb);
    HPDF_Array box = HPDF_Array_New(mm);
    if (!box) {
        hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "フォント");
        return NULL;
    }
    HPDF_STATUS st = HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len);
    st += HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    st += HPDF_Dict_AddName(fd, "FontName", name);
    /* nonsymbolic, as libharu wrote it; the glyphs come with the font */
    st += HPDF_Dict_AddNumber(fd, "Flags", 32);
    st += HPDF_Dict_Add(fd, "FontBBox", box);
    for (int i = 0; i < 4; i++)
        st += HPDF_Array_AddNumber(box, (HPDF_INT32)(bb[i] * 1000L / upem));
    st += HPDF_Dict_AddNumber(fd, "ItalicAngle", 0);
    st += HPDF_Dict_AddNumber(fd, "Ascent",
                              (HPDF_INT32)(gs_font_ascender(f) * 1000L / upem));
    st += HPDF_Dict_AddNumber(fd, "Descent",
                              (HPDF_INT32)(gs_font_descender(f) * 1000L / upem));
    st += HPDF_Dict_AddNumber(fd, "CapHeight",
                              (HPDF_INT32)(gs_font_cap_height(f) * 1000L / upem));
    st += HPDF_Dict_AddNumber(fd, "StemV", 0);
    st += HPDF_Dict_Add(fd, "FontFile2", file);
    return hpdf_failed(r, st, "フォント") ? NULL : fd;
}

/* Subsets font i (an owner) to the code points drawn with it and writes its
 * objects (see the top of the file) into pf. */
static void load_font(render *r, size_t i, uint32_t *scratch, pfont *pf)
{
    const gs_font *f = r->doc->fonts[i];
    unsigned char *sub = NULL;
    uint16_t *gids = NULL, *sorted = NULL;
    cidinfo *v = NULL;
    gs_buf name = GS_BUF_INIT, cmap = GS_BUF_INIT;

    size_t n = list_cps(r->cps[i], scratch);
    /* Only a second font file filed under the same PostScript name can
     * bring code points this font lacks (see collect). */
    for (size_t k = 0; k < n; k++)
        if (!gs_font_has(f, scratch[k])) {
            fail_font(r, f, "同じ名前の別のフォントと併用されています");
            goto done;
        }
    size_t len = 0;
    gids = gs_xcalloc(n ? n : 1, sizeof *gids);
    sub = gs_font_subset(f, scratch, n, gids, &len);
    if (!sub) {
        fail_font(r, f, "サブセットを作成できません");
        goto done;
    }
    /* CID = glyph id unless two characters share a glyph */
    sorted = gs_xcalloc(n ? n : 1, sizeof *sorted);
    memcpy(sorted, gids, n * sizeof *gids);
    qsort(sorted, n, sizeof *sorted, cmp_u16);
    bool identity = true;
    for (size_t k = 1; k < n && identity; k++)
        identity = sorted[k] != sorted[k - 1];

    pf->cps = gs_xcalloc(n ? n : 1, sizeof *pf->cps);
    pf->cids = gs_xcalloc(n ? n : 1, sizeof *pf->cids);
    pf->n = n;
    v = gs_xcalloc(n ? n : 1, sizeof *v);
    unsigned upem = gs_font_upem(f);
    for (size_t k = 0; k < n; k++) {
        pf->cps[k] = scratch[k];
        pf->cids[k] = identity ? gids[k] : (uint16_t)(k + 1);
        /* truncated as libharu truncated it */
        int adv = gs_font_advance(f, scratch[k]);
        v[k] = (cidinfo){ pf->cids[k], gids[k], scratch[k],
                          (int)((uint32_t)adv * 1000u / upem) };
    }
    qsort(v, n, sizeof *v, cmp_cid);

    subset_name(gs_font_name(f), scratch, n, &name);
    HPDF_Dict fd = descriptor(r, f, name.data, sub, len);
    tounicode(v, n, &cmap);
    HPDF_Dict tu = fd ? new_stream(r, cmap.data, cmap.len) : NULL;
    HPDF_Dict cidfont = tu ? new_object(r) : NULL;
    HPDF_Dict type0 = cidfont ? new_object(r) : NULL;
    HPDF_Dict info = type0 ? HPDF_Dict_New(r->pdf->mmgr) : NULL;
    HPDF_Array desc = info ? HPDF_Array_New(r->pdf->mmgr) : NULL;
    if (!desc) {
        hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "フォント");
        goto done;
    }
    HPDF_STATUS st = HPDF_Dict_AddName(cidfont, "Type", "Font");
    st += HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2");
    st += HPDF_Dict_AddName(cidfont, "BaseFont", name.data);
    st += HPDF_Dict_Add(cidfont, "CIDSystemInfo", info);
    st += HPDF_Dict_Add(info, "Registry", HPDF_String_New(r->pdf->mmgr, "Adobe", NULL));
    st += HPDF_Dict_Add(info, "Ordering", HPDF_String_New(r->pdf->mmgr, "Identity", NULL));
    st += HPDF_Dict_AddNumber(info, "Supplement", 0);
    st += HPDF_Dict_Add(cidfont, "FontDescriptor", fd);
    st += HPDF_Dict_AddNumber(cidfont, "DW", 1000);
    st += widths(r, cidfont, v, n);
    if (identity) {
        st += HPDF_Dict_AddName(cidfont, "CIDToGIDMap", "Identity");
    } else {
        unsigned char *map = gs_xcalloc(n + 1, 2);
        for (size_t k = 0; k < n; k++) {
            map[2 * v[k].cid] = (unsigned char)(v[k].gid >> 8);
            map[2 * v[k].cid + 1] = (unsigned char)v[k].gid;
        }
        HPDF_Dict m = new_stream(r, map, 2 * (n + 1));
        free(map);
        st += m ? HPDF_Dict_Add(cidfont, "CIDToGIDMap", m) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    st += HPDF_Dict_AddName(type0, "Type", "Font");
    st += HPDF_Dict_AddName(type0, "Subtype", "Type0");
    st += HPDF_Dict_AddName(type0, "BaseFont", name.data);
    st += HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    st += HPDF_Dict_Add(type0, "DescendantFonts", desc);
    st += HPDF_Array_Add(desc, cidfont);
    st += HPDF_Dict_Add(type0, "ToUnicode", tu);
    if (!hpdf_failed(r, st, "フォント"))
        pf->dict = type0;

done:
    gs_buf_free(&name);
    gs_buf_free(&cmap);
    free(v);
    free(sorted);
    free(gids);
    free(sub);
}

/* Points the destination at the left edge of the page at height top (PDF
 * coordinates) without touching the zoom: [page /XYZ 0 top null].
 * HPDF_Destination_SetXYZ insists on a zoom between 0.08 and 32. */
static HPDF_STATUS dest_top(render *r, HPDF_Destination dst, HPDF_Page page,
                            double top)
{
    HPDF_STATUS st = HPDF_OK;
    HPDF_Array_Clear(dst);
    st += HPDF_Array_Add(dst, page);
    st += HPDF_Array_AddName(dst, "XYZ");
    st += HPDF_Array_AddReal(dst, 0);
    st += HPDF_Array_AddReal(dst, (HPDF_REAL)top);
    HPDF_Null n = HPDF_Null_New(r->pdf->mmgr);
    st += n ? HPDF_Array_Add(dst, n) : HPDF_FAILD_TO_ALLOC_MEM;
    return st;
}

/* Embeds the canonical figures as the attachment GS_AUDIT_ATTACHMENT:
 * Catalog /Names << /EmbeddedFiles << /Names [(name) spec] >> >>, spec =
 * << /Type /Filespec /F (name) /UF (name) /EF << /F stream >> /Desc (…) >>,
 * stream = << /Type /EmbeddedFile /Subtype /text#2Ftab-separated-values
 * /Params << /Size n >> /Filter /FlateDecode >>. */
static void attach_figures(render *r)
{
    HPDF_Doc pdf = r->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    gs_buf tsv = GS_BUF_INIT;
    gs_audit_tsv(r->doc, &tsv);
    HPDF_STATUS st = HPDF_OK;
    HPDF_NameDict names = HPDF_Catalog_GetNames(pdf->catalog);
    if (!names) {
        names = HPDF_NameDict_New(mm, pdf->xref);
        st += names ? HPDF_Catalog_SetNames(pdf->catalog, names)
                    : HPDF_FAILD_TO_ALLOC_MEM;
    }
    HPDF_NameTree tree = st == HPDF_OK ? HPDF_NameTree_New(mm, pdf->xref) : NULL;
    HPDF_Dict spec = HPDF_Dict_New(mm);
    HPDF_Dict file = HPDF_DictStream_New(mm, pdf->xref);
    HPDF_Dict ef = HPDF_Dict_New(mm);
    HPDF_Dict params = HPDF_Dict_New(mm);
    if (!tree || !spec || !file || !ef || !params) {
        hpdf_failed(r, st != HPDF_OK ? st : HPDF_FAILD_TO_ALLOC_MEM, "添付ファイル");
        gs_buf_free(&tsv);
        return;
    }
    st += HPDF_Xref_Add(pdf->xref, spec);
    st += HPDF_NameDict_SetNameTree(names, HPDF_NAME_EMBEDDED_FILES, tree);
    st += HPDF_Dict_AddName(file, "Type", "EmbeddedFile");
    st += HPDF_Dict_AddName(file, "Subtype", "text/tab-separated-values");
    st += HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)tsv.len);
    st += HPDF_Dict_Add(file, "Params", params);
    st += put_compressed(r, file, tsv.data, tsv.len);
    st += HPDF_Dict_Add(ef, "F", file);
    st += HPDF_Dict_AddName(spec, "Type", "Filespec");
    st += HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, GS_AUDIT_ATTACHMENT, NULL));
    st += HPDF_Dict_Add(spec, "UF", HPDF_String_New(mm, GS_AUDIT_ATTACHMENT, NULL));
    st += HPDF_Dict_Add(spec, "EF", ef);
    st += HPDF_Dict_Add(spec, "Desc",
                        HPDF_String_New(mm, "grantsheet figures (sheet, section, "
                                            "row, column, value)", NULL));
    st += HPDF_NameTree_Add(tree, HPDF_String_New(mm, GS_AUDIT_ATTACHMENT, NULL),
                            spec);
    gs_buf_free(&tsv);
    hpdf_failed(r, st, "添付ファイル");
}

/* s (UTF-8) as a PDF text string: UTF-16BE after a byte order mark, as a
 * hex string.  libharu's UTF-8 encoder wrote the same, but setting it up
 * costs about 4 % of a (別紙1-1) render (it builds its CMap tables), for a
 * title and a few bookmarks.  NULL (libharu then records the error) only
 * when memory runs out. */
static HPDF_Binary text_string(render *r, const char *s)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, "\xFE\xFF", 2);
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp = gs_utf8_next(u, n, &i);
        if (cp == GS_UTF8_BAD)
            cp = 0xFFFD;
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            uint32_t hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
            char q[4] = { (char)(hi >> 8), (char)hi, (char)(lo >> 8), (char)lo };
            gs_buf_append(&b, q, 4);
        } else {
            char q[2] = { (char)(cp >> 8), (char)cp };
            gs_buf_append(&b, q, 2);
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(r->pdf->mmgr, (HPDF_BYTE *)b.data,
                                      (HPDF_UINT)b.len);
    gs_buf_free(&b);
    return bin;
}

/* The document's /Title, cut at a character boundary with "…" when longer
 * than MAX_TITLE bytes.  libharu refuses a string over 64 KB
 * (HPDF_STRING_OUT_OF_RANGE), so a plan with a very long project name
 * failed to render at all; the pages show the whole name, the title bar
 * needs no more than its start. */
#define MAX_TITLE 1024
#define MAX_OUTLINE_LEVELS 8    /* deeper sections go on the deepest level */

static char *info_title(const char *s)
{
    size_t n = strlen(s);
    if (n <= MAX_TITLE)
        return gs_xstrdup(s);
    size_t i = 0;
    while (i < n) {
        size_t k = gs_utf8_seq_len((const unsigned char *)s + i, n - i);
        if (!k || i + k > MAX_TITLE)
            break;
        i += k;
    }
    gs_buf b = GS_BUF_INIT;
    gs_buf_append(&b, s, i);
    gs_buf_puts(&b, "…");
    return gs_buf_detach(&b);
}

/* What a reviewer's viewer shows of the document as a whole: its language,
 * /Lang (ja-JP), for screen readers, search and text extraction; and its
 * title rather than the file name in the window's title bar,
 * /ViewerPreferences << /DisplayDocTitle true >>.  2.3.0 has a call for
 * neither (its viewer-preference flags stop at PrintScaling), so both go
 * into the catalog through the object API.  Both are PDF 1.4 keys, so the
 * file says 1.4 at least. */
static void set_viewer_hints(render *r)
{
    HPDF_Doc pdf = r->pdf;
    HPDF_STATUS st = HPDF_Dict_Add(pdf->catalog, "Lang",
                                   HPDF_String_New(pdf->mmgr, "ja-JP", NULL));
    if (r->doc->title && r->doc->title[0]) {
        HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
        st += prefs ? HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs)
                    : HPDF_FAILD_TO_ALLOC_MEM;
        if (prefs)
            st += HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
    }
    if (pdf->pdf_version < HPDF_VER_14)
        pdf->pdf_version = HPDF_VER_14;
    hpdf_failed(r, st, "文書情報");
}

/* A page's content stream as it is written, and the graphics state
 * already in effect on it, so that unchanged settings are not repeated for
 * every op.  tx, ty: the text matrix's translation, as libharu kept it. */
typedef struct pagew {
    gs_buf b;
    HPDF_Page page;
    const pfont *font;
    double size, fill, stroke, width;
    HPDF_REAL tx, ty;
} pagew;

/* A number as libharu's page operators wrote it (HPDF_FToA: at most five
 * decimals, trailing zeros dropped), then sep. */
static void num(pagew *w, HPDF_REAL v, char sep)
{
    char tmp[HPDF_REAL_LEN + 2];
    char *end = HPDF_FToA(tmp, v, tmp + sizeof tmp - 1);
    *end++ = sep;
    gs_buf_append(&w->b, tmp, (size_t)(end - tmp));
}

/* The CID code point cp is written as in font pf; 0 when it was not
 * collected (cannot happen: the same texts were collected). */
static unsigned cid_of(const pfont *pf, uint32_t cp)
{
    size_t lo = 0, hi = pf->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pf->cps[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pf->n && pf->cps[lo] == cp ? pf->cids[lo] : 0;
}

/* x y Td <cids> Tj for text at (x, y) on the page, as HPDF_Page_TextOut
 * wrote it: the move is relative to the last one, computed in libharu's
 * float arithmetic (its text matrix is the identity plus a translation),
 * so the positions are the very numbers they were.  False when a character
 * has no CID. */
static bool text_at(pagew *w, HPDF_REAL x, HPDF_REAL y, const char *text)
{
    HPDF_REAL dx = x - w->tx, dy = y - w->ty;
    num(w, dx, ' ');
    num(w, dy, ' ');
    gs_buf_puts(&w->b, "Td\n<");
    w->tx += dx;
    w->ty += dy;
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        uint32_t cp = gs_utf8_next(s, n, &i);
        if (cp == GS_UTF8_BAD)
            continue;
        unsigned cid = cid_of(w->font, cp);
        if (!cid)
            return false;
        char q[4] = { hex[cid >> 12], hex[(cid >> 8) & 15], hex[(cid >> 4) & 15],
                      hex[cid & 15] };
        gs_buf_append(&w->b, q, 4);
    }
    gs_buf_puts(&w->b, "> Tj\n");
    return true;
}

/* Coordinates go into the content stream on a grid of 1/100 pt: finer than
 * any printer or screen resolves, and the content streams are a third
 * shorter than with libharu's 5 decimals. */
static long grid(double v)
{
    return lround(v * 100);
}

static HPDF_REAL pt(double v)
{
    return (HPDF_REAL)(grid(v) / 100.0);
}

/* A rule of the page on the grid of the content stream, normalised so that
 * a horizontal one runs left to right and a vertical one top to bottom.
 * Every comparison below is made on these integers, which are exactly what
 * is drawn: two edges that land on one line of the page are on one line
 * here, however far apart in the last bits the layout's sums left them (an
 * edge sorted apart from its line by a rounding error, but close enough to
 * be joined into it, used to vanish).  y values are negated grid points of
 * the page (PDF y grows upwards), so that they grow downwards and the rules
 * keep the display list's order. */
typedef struct rule {
    int vertical;      /* 0 horizontal, 1 vertical, 2 slanted */
    long at;           /* -y of a horizontal rule, x of a vertical one */
    long from, to;     /* along the rule, from <= to */
    long x1, y1, x2, y2; /* a slanted rule as given (PDF grid points) */
    double width, gray;
} rule;

static int cmp_long(long a, long b)
{
    return (a > b) - (a < b);
}

static int cmp_rule(const void *pa, const void *pb)
{
    const rule *a = pa, *b = pb;
    if (a->vertical != b->vertical)
        return a->vertical - b->vertical;
    if (a->width != b->width)
        return a->width < b->width ? -1 : 1;
    if (a->gray != b->gray)
        return a->gray < b->gray ? -1 : 1;
    if (a->at != b->at)
        return cmp_long(a->at, b->at);
    return cmp_long(a->from, b->from);
}

/* The rule of a line op on a page of height h. */
static rule to_rule(const gs_op *op, double h)
{
    rule ru = { .width = op->w, .gray = op->gray };
    long x1 = grid(op->x), x2 = grid(op->x2);
    long y1 = -grid(h - op->y), y2 = -grid(h - op->y2);
    if (y1 == y2) {
        ru.vertical = 0;
        ru.at = y1;
        ru.from = x1 < x2 ? x1 : x2;
        ru.to = x1 < x2 ? x2 : x1;
    } else if (x1 == x2) {
        ru.vertical = 1;
        ru.at = x1;
        ru.from = y1 < y2 ? y1 : y2;
        ru.to = y1 < y2 ? y2 : y1;
    } else {
        ru.vertical = 2;
        ru.x1 = x1, ru.y1 = -y1, ru.x2 = x2, ru.y2 = -y2;
    }
    return ru;
}

static void segment(pagew *w, long x1, long y1, long x2, long y2)
{
    num(w, (HPDF_REAL)(x1 / 100.0), ' ');
    num(w, (HPDF_REAL)(y1 / 100.0), ' ');
    gs_buf_puts(&w->b, "m\n");
    num(w, (HPDF_REAL)(x2 / 100.0), ' ');
    num(w, (HPDF_REAL)(y2 / 100.0), ' ');
    gs_buf_puts(&w->b, "l\n");
}

/* Draws the page's rules after everything else, so a shaded cell never
 * hides its neighbour's border, as one path per line style in which rules
 * on one line that touch or overlap (the shared edges of a table's cells)
 * are joined into one segment.  Rules a grid step apart along their line
 * meet on any output device and are joined too, as they were before the
 * comparison moved onto the grid. */
static bool draw_rules(pagew *w, const gs_page *pg, double h)
{
    size_t n = 0;
    for (size_t k = 0; k < pg->nops; k++) {
        const gs_op *op = &pg->ops[k];
        if (op->kind != GS_OP_LINE)
            continue;
        /* what libharu's page operators refused */
        if (!(op->w >= 0) || !(op->gray >= 0 && op->gray <= 1))
            return false;
        n++;
    }
    if (n == 0)
        return true;
    rule *v = gs_xcalloc(n, sizeof *v);
    size_t m = 0;
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == GS_OP_LINE)
            v[m++] = to_rule(&pg->ops[k], h);
    qsort(v, m, sizeof *v, cmp_rule);
    bool open = false;
    for (size_t i = 0; i < m; i++) {
        rule cur = v[i];
        if (cur.vertical < 2)
            while (i + 1 < m && v[i + 1].vertical == cur.vertical &&
                   v[i + 1].width == cur.width && v[i + 1].gray == cur.gray &&
                   v[i + 1].at == cur.at && v[i + 1].from <= cur.to + 1) {
                if (v[i + 1].to > cur.to)
                    cur.to = v[i + 1].to;
                i++;
            }
        if (w->width != cur.width || w->stroke != cur.gray) {
            if (open)
                gs_buf_puts(&w->b, "S\n");
            open = false;
            if (w->width != cur.width) {
                num(w, (HPDF_REAL)cur.width, ' ');
                gs_buf_puts(&w->b, "w\n");
            }
            if (w->stroke != cur.gray) {
                num(w, (HPDF_REAL)cur.gray, ' ');
                gs_buf_puts(&w->b, "G\n");
            }
            w->width = cur.width;
            w->stroke = cur.gray;
        }
        if (cur.vertical == 0)
            segment(w, cur.from, -cur.at, cur.to, -cur.at);
        else if (cur.vertical == 1)
            segment(w, cur.at, -cur.from, cur.at, -cur.to);
        else
            segment(w, cur.x1, cur.y1, cur.x2, cur.y2);
        open = true;
    }
    if (open)
        gs_buf_puts(&w->b, "S\n");
    free(v);
    return true;
}

/* Draws one page into its content stream: fills and text in display-list
 * order (consecutive text ops share one text object), then the rules. */
static void draw_page(render *r, HPDF_Page page, const gs_page *pg, double h)
{
    pagew w = { GS_BUF_INIT, page, NULL, 0, 0, 0, 1, 0, 0 };
    bool in_text = false;
    for (size_t k = 0; k < pg->nops && !r->failed; k++) {
        const gs_op *op = &pg->ops[k];
        if (op->kind == GS_OP_LINE)
            continue;
        if (in_text && op->kind != GS_OP_TEXT) {
            gs_buf_puts(&w.b, "ET\n");
            in_text = false;
        }
        switch (op->kind) {
        case GS_OP_TEXT: {
            if (!op->text || !op->text[0])
                break;
            const pfont *pf = op->font < r->doc->nfonts
                                  ? &r->pf[r->owner[op->font]] : NULL;
            if (!pf || !pf->dict) {
                fail_internal(r, "文字のフォントが登録されていません");
                goto done;
            }
            if (!in_text && w.fill != 0) {
                gs_buf_puts(&w.b, "0 g\n");
                w.fill = 0;
            }
            if (!in_text) {
                /* BT starts from the identity text matrix */
                gs_buf_puts(&w.b, "BT\n");
                w.tx = w.ty = 0;
                in_text = true;
            }
            if (!(op->size > 0 && op->size <= HPDF_MAX_FONTSIZE)) {
                hpdf_failed(r, HPDF_PAGE_INVALID_FONT_SIZE, "描画");
                goto done;
            }
            if (w.font != pf || w.size != op->size) {
                const char *local = HPDF_Page_GetLocalFontName(page, pf->dict);
                if (!local) {
                    hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "描画");
                    goto done;
                }
                w.font = pf;
                w.size = op->size;
                gs_buf_printf(&w.b, "/%s ", local);
                num(&w, (HPDF_REAL)op->size, ' ');
                gs_buf_puts(&w.b, "Tf\n");
            }
            if (!text_at(&w, pt(op->x), pt(h - op->y), op->text)) {
                fail_internal(r, "文字の CID がありません");
                goto done;
            }
            break;
        }
        case GS_OP_FILL:
            /* what libharu's page operators refused */
            if (!(op->gray >= 0 && op->gray <= 1)) {
                hpdf_failed(r, HPDF_PAGE_OUT_OF_RANGE, "描画");
                goto done;
            }
            if (w.fill != op->gray) {
                num(&w, (HPDF_REAL)op->gray, ' ');
                gs_buf_puts(&w.b, "g\n");
                w.fill = op->gray;
            }
            num(&w, pt(op->x), ' ');
            num(&w, pt(h - op->y - op->h), ' ');
            num(&w, pt(op->w), ' ');
            num(&w, pt(op->h), ' ');
            gs_buf_puts(&w.b, "re\nf\n");
            break;
        case GS_OP_LINE:
            break;
        }
    }
    if (in_text)
        gs_buf_puts(&w.b, "ET\n");
    if (!draw_rules(&w, pg, h)) {
        hpdf_failed(r, HPDF_PAGE_OUT_OF_RANGE, "描画");
        goto done;
    }
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr || !attr->contents) {
        fail_internal(r, "libharu のページ構造が想定と異なります");
        goto done;
    }
    hpdf_failed(r, put_compressed(r, attr->contents, w.b.data ? w.b.data : "",
                                  w.b.len), "描画");
done:
    gs_buf_free(&w.b);
}

/* Runs the whole conversion; the caller owns r's allocations. */
static void build(render *r, gs_buf *pdfbytes)
{
    const gs_doc *doc = r->doc;
    HPDF_Doc pdf = r->pdf;
    HPDF_Page *pages = NULL;
    uint32_t *scratch = NULL;

    /* every stream is compressed here (put_compressed) */
    HPDF_STATUS st = HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE);
    if (hpdf_failed(r, st, "初期化"))
        goto done;

    collect(r);
    scratch = gs_xmalloc(65536 * sizeof *scratch);
    for (size_t i = 0; i < doc->nfonts && !r->failed; i++) {
        if (r->owner[i] != i)
            continue;
        bool used = false;
        for (size_t w = 0; w < BMP_WORDS && !used; w++)
            used = r->cps[i][w] != 0;
        if (used)
            load_font(r, i, scratch, &r->pf[i]);
    }
    if (r->failed)
        goto done;

    pages = gs_xcalloc(doc->npages ? doc->npages : 1, sizeof *pages);
    for (size_t p = 0; p < doc->npages && !r->failed; p++) {
        const gs_page *pg = &doc->pages[p];
        double w = pg->width > 0 ? pg->width : doc->width;
        double h = pg->height > 0 ? pg->height : doc->height;
        pages[p] = HPDF_AddPage(pdf);
        if (!pages[p]) {
            hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "ページ追加");
            goto done;
        }
        st = HPDF_Page_SetWidth(pages[p], (HPDF_REAL)w);
        st += HPDF_Page_SetHeight(pages[p], (HPDF_REAL)h);
        if (hpdf_failed(r, st, "ページ寸法"))
            goto done;
        draw_page(r, pages[p], pg, h);
    }
    if (r->failed)
        goto done;

    /* the last entry of each level: an entry goes under the last one of a
     * lower level, and a parent is shown open (its sections listed) */
    HPDF_Outline under[MAX_OUTLINE_LEVELS] = {NULL};
    for (size_t i = 0; i < doc->nmarks; i++) {
        const gs_bookmark *m = &doc->marks[i];
        if (m->page >= doc->npages) {
            fail_internal(r, "しおりのページが存在しません");
            goto done;
        }
        const gs_page *pg = &doc->pages[m->page];
        double h = pg->height > 0 ? pg->height : doc->height;
        int level = m->level < MAX_OUTLINE_LEVELS ? m->level : MAX_OUTLINE_LEVELS - 1;
        HPDF_Outline parent = NULL;
        for (int l = level - 1; l >= 0 && !parent; l--)
            parent = under[l];
        /* the title is put in its place at once, as a text string */
        HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "", NULL);
        for (int l = level; l < MAX_OUTLINE_LEVELS; l++)
            under[l] = NULL;
        under[level] = o;
        HPDF_Destination dst = HPDF_Page_CreateDestination(pages[m->page]);
        if (!o || !dst) {
            hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "しおり");
            goto done;
        }
        st = HPDF_Dict_Add(o, "Title", text_string(r, m->title));
        st += dest_top(r, dst, pages[m->page], pt(h - m->y));
        st += HPDF_Outline_SetDestination(o, dst);
        if (i + 1 < doc->nmarks && doc->marks[i + 1].level > level)
            st += HPDF_Outline_SetOpened(o, HPDF_TRUE);
        if (hpdf_failed(r, st, "しおり"))
            goto done;
    }
    st = HPDF_OK;
    if (doc->nmarks > 0)
        st += HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);

    if (!pdf->info) {
        hpdf_failed(r, HPDF_INVALID_DOCUMENT, "文書情報");
        goto done;
    }
    st += HPDF_Dict_Add(pdf->info, "Producer", text_string(r, r->producer));
    if (doc->title && doc->title[0]) {
        char *title = info_title(doc->title);
        st += HPDF_Dict_Add(pdf->info, "Title", text_string(r, title));
        free(title);
    }
    if (hpdf_failed(r, st, "文書情報"))
        goto done;

    set_viewer_hints(r);
    attach_figures(r);
    if (r->failed)
        goto done;

    st = HPDF_SaveToStream(pdf);
    if (hpdf_failed(r, st, "保存"))
        goto done;
    /* The saved document is read out of libharu's memory stream buffer by
     * buffer: HPDF_ReadFromStream copies byte by byte. */
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    size_t start = pdfbytes->len;
    HPDF_UINT nbuf = pdf->stream ? HPDF_MemStream_GetBufCount(pdf->stream) : 0;
    for (HPDF_UINT i = 0; i < nbuf && pdfbytes->len - start < size; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(pdf->stream, i, &len);
        if (!p)
            break;
        size_t want = size - (pdfbytes->len - start);
        gs_buf_append(pdfbytes, (const char *)p, len < want ? len : want);
    }
    if (pdfbytes->len - start != size) {
        pdfbytes->len = start;
        if (pdfbytes->data)
            pdfbytes->data[start] = '\0';
        hpdf_failed(r, HPDF_STREAM_EOF, "読み出し");
    }

done:
    free(scratch);
    free(pages);
}

int gs_pdf_render(const gs_doc *doc, const char *producer, gs_buf *out,
                  gs_diags *d)
{
    /* A character that cannot be drawn must stop the run: it would come
     * out as an invisible glyph, or as a space. */
    if (gs_pdf_check_glyphs(doc, d) > 0)
        return -1;

    int rc = -1;
    gs_buf bytes = GS_BUF_INIT;
    render r = { .doc = doc, .producer = producer, .d = d };
    size_t nf = doc->nfonts ? doc->nfonts : 1;
    r.cps = gs_xcalloc(nf, sizeof *r.cps);
    r.owner = gs_xcalloc(nf, sizeof *r.owner);
    r.pf = gs_xcalloc(nf, sizeof *r.pf);
    r.zc = gs_deflater_new();

    for (size_t p = 0; p < doc->npages; p++)
        for (size_t k = 0; k < doc->pages[p].nops; k++)
            if (doc->pages[p].ops[k].kind == GS_OP_TEXT &&
                doc->pages[p].ops[k].font >= doc->nfonts) {
                fail_internal(&r, "文字のフォントが登録されていません");
                goto done;
            }

    r.pdf = HPDF_New(on_hpdf_error, &r);
    if (!r.pdf) {
        fail_internal(&r, "libharu を初期化できません");
        goto done;
    }
    build(&r, &bytes);
    if (!r.failed) {
        gs_buf_append(out, bytes.data, bytes.len);
        rc = 0;
    }

done:
    if (r.pdf)
        HPDF_Free(r.pdf);
    for (size_t i = 0; i < nf; i++) {
        free(r.pf[i].cps);
        free(r.pf[i].cids);
    }
    free(r.pf);
    gs_buf_free(&r.z);
    gs_deflater_free(r.zc);
    free(r.owner);
    free(r.cps);
    gs_buf_free(&bytes);
    return rc;
}
