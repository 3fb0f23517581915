/*
 * pdf.c - draws a gs_doc with libharu 2.3.0.
 *
 * The path is the one measured in LIBHARU-NOTES.md: UTF-8 encoder, CID
 * TrueType fonts, and for each font a HarfBuzz subset holding exactly the
 * characters the document draws, handed to libharu through a memfd (2.3.0
 * cannot load a font from memory).  Two 2.3.0 defects are worked around
 * here, both through libharu's internal structures (hpdf.h exposes them when
 * HPDF_SHARED is not defined):
 *
 *  - the /ToUnicode stream of a UTF-8 font is an encoding CMap
 *    (begincidrange), which is not a valid ToUnicode map; we rewrite it in
 *    place as bfchar entries.  With the UTF-8 encoder the code written in
 *    the content stream is the UTF-16 code unit, Identity-H makes it the
 *    CID, and the CIDToGIDMap maps that CID to the glyph: CID == code point.
 *  - destinations can only be /XYZ with a forced zoom; we build
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
 * Code points above U+FFFF cannot be drawn (the encoder turns them into a
 * space) and a code point missing from the font would become an invisible
 * glyph 0, so both are refused up front by gs_pdf_check_glyphs.
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
#include <sys/mman.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_catalog.h>
#include <hpdf_font.h>
#include <hpdf_namedict.h>
#include <hpdf_fontdef.h>

#include "audit/audit.h"
#include "font/font.h"
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
                if (!beyond && gs_font_has(f, cp))
                    continue;
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
    bool reading;         /* STREAM_EOF is expected while reading back */
    uint64_t (*cps)[BMP_WORDS]; /* per font: code points drawn with it */
    size_t *owner;        /* per font: index of the font whose subset it uses */
    HPDF_Font *hfont;     /* per font: libharu font, NULL if unused */
} render;

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *ud)
{
    render *r = ud;
    if (r->reading && code == HPDF_STREAM_EOF)
        return;
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
    for (uint32_t cp = 0; cp < 65536; cp++)
        if (bits[cp / 64] & ((uint64_t)1 << (cp % 64)))
            out[n++] = cp;
    return n;
}

/* Replaces the contents of the font's /ToUnicode stream (see the top of the
 * file) with one bfchar entry per code point drawn. */
static void fix_tounicode(render *r, HPDF_Font font, const uint32_t *cps,
                          size_t n)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Dict cmap = attr ? attr->cmap_stream : NULL;
    if (!cmap || !cmap->stream ||
        HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) != cmap) {
        fail_internal(r, "libharu のフォント構造が想定と異なります");
        return;
    }
    /* The stream dict carries the encoding CMap's keys (Type, CMapName,
     * CIDSystemInfo, WMode); a ToUnicode stream needs none of them. */
    static const char *const keys[] = { "Type", "CMapName", "CIDSystemInfo",
                                        "WMode" };
    HPDF_STATUS st = HPDF_OK;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        st += HPDF_Dict_RemoveElement(cmap, keys[i]);
    if (hpdf_failed(r, st, "ToUnicode"))
        return;
    HPDF_MemStream_FreeData(cmap->stream);

    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
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
        gs_buf_printf(&b, "%zu beginbfchar\n", m);
        for (size_t j = i; j < i + m; j++)
            gs_buf_printf(&b, "<%04X> <%04X>\n", (unsigned)cps[j],
                          (unsigned)cps[j]);
        gs_buf_puts(&b, "endbfchar\n");
    }
    gs_buf_puts(&b, "endcmap\n"
                    "CMapName currentdict /CMap defineresource pop\n"
                    "end\nend\n");
    st = HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.data,
                                       (HPDF_UINT)b.len);
    gs_buf_free(&b);
    hpdf_failed(r, st, "ToUnicode");
}

/* Writes all of data to fd; false on error. */
static bool write_all(int fd, const unsigned char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0)
            return false;
        data += w;
        len -= (size_t)w;
    }
    return true;
}

/* HPDF_GetFont for a subset loaded as def, without libharu's slow path.
 *
 * With the UTF-8 encoder, creating the CID font looks up a glyph for every
 * one of the 65,536 BMP code points, each by a linear search of the cmap:
 * about half the time of rendering a whole 実施計画.  So the font is created
 * while def holds a one-segment cmap that maps nothing (each lookup stops at
 * once), the real cmap is put back, and the two things libharu derived from
 * the lookups - the /W widths and the CIDToGIDMap - are rebuilt for just the
 * code points drawn (cps, ascending), with libharu's own width function.
 * Text drawing afterwards uses the real cmap, so glyphs are marked for
 * embedding as usual. */
static HPDF_Font get_font(render *r, const char *name, const uint32_t *cps,
                          size_t n)
{
    HPDF_FontDef def = HPDF_GetFontDef(r->pdf, name);
    if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr) {
        fail_internal(r, "libharu のフォント定義が想定と異なります");
        return NULL;
    }
    HPDF_TTFontDefAttr da = def->attr;
    HPDF_TTF_CmapRange real = da->cmap;
    static HPDF_UINT16 end1[1] = { 0xFFFF }, start1[1] = { 0xFFFF }, iro1[1];
    static HPDF_INT16 delta1[1] = { 1 };
    da->cmap.seg_count_x2 = 2;
    da->cmap.end_count = end1;
    da->cmap.start_count = start1;
    da->cmap.id_delta = delta1;
    da->cmap.id_range_offset = iro1;
    da->cmap.glyph_id_array_count = 0;
    HPDF_Font font = HPDF_GetFont(r->pdf, name, "UTF-8");
    da->cmap = real;
    if (!font) {
        hpdf_failed(r, HPDF_INVALID_FONT_NAME, "HPDF_GetFont");
        return NULL;
    }
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_Dict desc = fa ? fa->descendant_font : NULL;
    HPDF_Dict map = fa ? fa->map_stream : NULL;
    if (!desc || !map || !map->stream ||
        HPDF_Dict_GetItem(desc, "CIDToGIDMap", HPDF_OCLASS_DICT) != map) {
        fail_internal(r, "libharu のフォント構造が想定と異なります");
        return NULL;
    }
    HPDF_STATUS st = HPDF_OK;
    HPDF_Array w = HPDF_Dict_GetItem(desc, "W", HPDF_OCLASS_ARRAY);
    if (w)
        HPDF_Array_Clear(w);
    else {
        w = HPDF_Array_New(font->mmgr);
        st += w ? HPDF_Dict_Add(desc, "W", w) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    /* /W [cid [w w …] …]: runs of consecutive code points that differ
     * from the default width, as libharu writes them */
    HPDF_Array run = NULL;
    uint32_t prev = 0;
    for (size_t k = 0; k < n && st == HPDF_OK; k++) {
        HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cps[k]);
        HPDF_INT width = HPDF_TTFontDef_GetGidWidth(def, gid);
        if (width == def->missing_width) {
            run = NULL;
            continue;
        }
        if (!run || cps[k] != prev + 1) {
            st += HPDF_Array_AddNumber(w, (HPDF_INT32)cps[k]);
            run = HPDF_Array_New(font->mmgr);
            st += run ? HPDF_Array_Add(w, run) : HPDF_FAILD_TO_ALLOC_MEM;
        }
        if (run)
            st += HPDF_Array_AddNumber(run, width);
        prev = cps[k];
    }
    /* CIDToGIDMap: two bytes per CID up to the last code point drawn */
    HPDF_MemStream_FreeData(map->stream);
    uint32_t last = n ? cps[n - 1] : 0;
    unsigned char *gids = gs_xcalloc((size_t)last + 1, 2);
    for (size_t k = 0; k < n; k++) {
        HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cps[k]);
        gids[2 * cps[k]] = (unsigned char)(gid >> 8);
        gids[2 * cps[k] + 1] = (unsigned char)gid;
    }
    if (st == HPDF_OK)
        st = HPDF_Stream_Write(map->stream, gids, (HPDF_UINT)(2 * ((size_t)last + 1)));
    free(gids);
    if (hpdf_failed(r, st, "CIDFont"))
        return NULL;
    return font;
}

/* Gives the embedded subset a tag of its own in place of libharu's fixed
 * "HPDFAA".  Subsets with one name but different glyphs confuse any tool
 * that later merges PDFs (LIBHARU-NOTES), so the tag is six letters derived
 * from the font and the code points it holds: the same document always gets
 * the same tag, a different subset almost surely another.  Returns the new
 * name the font is known by (owned by libharu's font definition). */
static const char *tag_subset(render *r, const char *name, const char *psname,
                              const uint32_t *cps, size_t n)
{
    HPDF_FontDef def = HPDF_GetFontDef(r->pdf, name);
    if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE) {
        fail_internal(r, "libharu のフォント定義が想定と異なります");
        return NULL;
    }
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    for (const char *c = psname; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (size_t k = 0; k < n; k++)
        h = (h ^ cps[k]) * 1099511628211ull;
    char tag[7];
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = '\0';
    HPDF_TTFontDef_SetTagName(def, tag);
    return def->base_font;
}

/* Subsets font i (an owner) to the code points drawn with it, loads the
 * subset into libharu and fixes its ToUnicode map. */
static HPDF_Font load_font(render *r, size_t i, uint32_t *scratch)
{
    const gs_font *f = r->doc->fonts[i];
    HPDF_Font font = NULL;
    unsigned char *sub = NULL;
    int fd = -1;

    size_t n = list_cps(r->cps[i], scratch);
    /* Only a second font file filed under the same PostScript name can
     * bring code points this font lacks (see collect). */
    for (size_t k = 0; k < n; k++)
        if (!gs_font_has(f, scratch[k])) {
            fail_font(r, f, "同じ名前の別のフォントと併用されています");
            goto done;
        }
    size_t len = 0;
    sub = gs_font_subset(f, scratch, n, &len);
    if (!sub) {
        fail_font(r, f, "サブセットを作成できません");
        goto done;
    }
    fd = memfd_create("grantsheet-font", MFD_CLOEXEC);
    if (fd < 0 || !write_all(fd, sub, len)) {
        fail_font(r, f, "一時ファイルに書き込めません");
        goto done;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const char *name = HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE);
    if (!name || r->hpdf_error) {
        /* A subset libharu rejects is a font problem, not a PDF one. */
        char what[96];
        snprintf(what, sizeof what, "libharu が読み込めません: 0x%04X",
                 (unsigned)(r->hpdf_error ? r->code : HPDF_GetError(r->pdf)));
        fail_font(r, f, what);
        goto done;
    }
    name = tag_subset(r, name, gs_font_name(f), scratch, n);
    font = name ? get_font(r, name, scratch, n) : NULL;
    if (!font)
        goto done;
    fix_tounicode(r, font, scratch, n);
    if (r->failed)
        font = NULL;

done:
    /* libharu opened its own handle on the memfd; ours can go. */
    if (fd >= 0)
        close(fd);
    free(sub);
    return font;
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
    file->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    st += HPDF_Dict_AddName(file, "Type", "EmbeddedFile");
    st += HPDF_Dict_AddName(file, "Subtype", "text/tab-separated-values");
    st += HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)tsv.len);
    st += HPDF_Dict_Add(file, "Params", params);
    st += HPDF_Stream_Write(file->stream, (const HPDF_BYTE *)tsv.data,
                            (HPDF_UINT)tsv.len);
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

/* Graphics state already in effect on the page, so that unchanged settings
 * are not repeated for every op. */
typedef struct gstate {
    HPDF_Font font;
    double size, fill, stroke, width;
} gstate;

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

static HPDF_STATUS segment(HPDF_Page page, long x1, long y1, long x2, long y2)
{
    HPDF_STATUS st = HPDF_Page_MoveTo(page, (HPDF_REAL)(x1 / 100.0),
                                      (HPDF_REAL)(y1 / 100.0));
    st += HPDF_Page_LineTo(page, (HPDF_REAL)(x2 / 100.0),
                           (HPDF_REAL)(y2 / 100.0));
    return st;
}

/* Draws the page's rules after everything else, so a shaded cell never
 * hides its neighbour's border, as one path per line style in which rules
 * on one line that touch or overlap (the shared edges of a table's cells)
 * are joined into one segment.  Rules a grid step apart along their line
 * meet on any output device and are joined too, as they were before the
 * comparison moved onto the grid. */
static HPDF_STATUS draw_rules(HPDF_Page page, const gs_page *pg, double h,
                              gstate *gs)
{
    size_t n = 0;
    for (size_t k = 0; k < pg->nops; k++)
        n += pg->ops[k].kind == GS_OP_LINE;
    if (n == 0)
        return HPDF_OK;
    rule *v = gs_xcalloc(n, sizeof *v);
    size_t m = 0;
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == GS_OP_LINE)
            v[m++] = to_rule(&pg->ops[k], h);
    qsort(v, m, sizeof *v, cmp_rule);
    HPDF_STATUS st = HPDF_OK;
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
        if (gs->width != cur.width || gs->stroke != cur.gray) {
            if (open)
                st += HPDF_Page_Stroke(page);
            open = false;
            if (gs->width != cur.width)
                st += HPDF_Page_SetLineWidth(page, (HPDF_REAL)cur.width);
            if (gs->stroke != cur.gray)
                st += HPDF_Page_SetGrayStroke(page, (HPDF_REAL)cur.gray);
            gs->width = cur.width;
            gs->stroke = cur.gray;
        }
        if (cur.vertical == 0)
            st += segment(page, cur.from, -cur.at, cur.to, -cur.at);
        else if (cur.vertical == 1)
            st += segment(page, cur.at, -cur.from, cur.at, -cur.to);
        else
            st += segment(page, cur.x1, cur.y1, cur.x2, cur.y2);
        open = true;
    }
    if (open)
        st += HPDF_Page_Stroke(page);
    free(v);
    return st;
}

/* Draws one page: fills and text in display-list order (consecutive text
 * ops share one text object), then the rules. */
static void draw_page(render *r, HPDF_Page page, const gs_page *pg, double h)
{
    gstate gs = { NULL, 0, 0, 0, 1 };
    bool in_text = false;
    for (size_t k = 0; k < pg->nops && !r->failed; k++) {
        const gs_op *op = &pg->ops[k];
        HPDF_STATUS st = HPDF_OK;
        if (op->kind == GS_OP_LINE)
            continue;
        if (in_text && op->kind != GS_OP_TEXT) {
            st += HPDF_Page_EndText(page);
            in_text = false;
        }
        switch (op->kind) {
        case GS_OP_TEXT:
            if (!op->text || !op->text[0])
                break;
            if (op->font >= r->doc->nfonts || !r->hfont[op->font]) {
                fail_internal(r, "文字のフォントが登録されていません");
                return;
            }
            if (!in_text && gs.fill != 0) {
                st += HPDF_Page_SetGrayFill(page, 0);
                gs.fill = 0;
            }
            if (!in_text) {
                st += HPDF_Page_BeginText(page);
                in_text = true;
            }
            if (gs.font != r->hfont[op->font] || gs.size != op->size) {
                gs.font = r->hfont[op->font];
                gs.size = op->size;
                st += HPDF_Page_SetFontAndSize(page, gs.font,
                                               (HPDF_REAL)op->size);
            }
            st += HPDF_Page_TextOut(page, pt(op->x), pt(h - op->y), op->text);
            break;
        case GS_OP_FILL:
            if (gs.fill != op->gray) {
                st += HPDF_Page_SetGrayFill(page, (HPDF_REAL)op->gray);
                gs.fill = op->gray;
            }
            st += HPDF_Page_Rectangle(page, pt(op->x), pt(h - op->y - op->h),
                                      pt(op->w), pt(op->h));
            st += HPDF_Page_Fill(page);
            break;
        case GS_OP_LINE:
            break;
        }
        if (hpdf_failed(r, st, "描画"))
            return;
    }
    HPDF_STATUS st = HPDF_OK;
    if (in_text)
        st += HPDF_Page_EndText(page);
    st += draw_rules(page, pg, h, &gs);
    hpdf_failed(r, st, "描画");
}

/* Runs the whole conversion; the caller owns r's allocations. */
static void build(render *r, gs_buf *pdfbytes)
{
    const gs_doc *doc = r->doc;
    HPDF_Doc pdf = r->pdf;
    HPDF_Page *pages = NULL;
    uint32_t *scratch = NULL;

    HPDF_STATUS st = HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    st += HPDF_UseUTFEncodings(pdf);
    /* Info strings go through the current encoder: UTF-8 makes libharu
     * write them as UTF-16BE with a BOM, the PDF text-string form. */
    st += HPDF_SetCurrentEncoder(pdf, "UTF-8");
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
            r->hfont[i] = load_font(r, i, scratch);
    }
    if (r->failed)
        goto done;
    for (size_t i = 0; i < doc->nfonts; i++)
        r->hfont[i] = r->hfont[r->owner[i]];

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

    HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
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
        HPDF_Outline o = HPDF_CreateOutline(pdf, parent, m->title, utf8);
        for (int l = level; l < MAX_OUTLINE_LEVELS; l++)
            under[l] = NULL;
        under[level] = o;
        HPDF_Destination dst = HPDF_Page_CreateDestination(pages[m->page]);
        if (!o || !dst) {
            hpdf_failed(r, HPDF_FAILD_TO_ALLOC_MEM, "しおり");
            goto done;
        }
        st = dest_top(r, dst, pages[m->page], pt(h - m->y));
        st += HPDF_Outline_SetDestination(o, dst);
        if (i + 1 < doc->nmarks && doc->marks[i + 1].level > level)
            st += HPDF_Outline_SetOpened(o, HPDF_TRUE);
        if (hpdf_failed(r, st, "しおり"))
            goto done;
    }
    st = HPDF_OK;
    if (doc->nmarks > 0)
        st += HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);

    st += HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, r->producer);
    if (doc->title && doc->title[0]) {
        char *title = info_title(doc->title);
        st += HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, title);
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
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    r->reading = true;
    while (pdfbytes->len < size) {
        HPDF_BYTE chunk[16384];
        HPDF_UINT32 got = sizeof chunk;
        st = HPDF_ReadFromStream(pdf, chunk, &got);
        gs_buf_append(pdfbytes, (const char *)chunk, got);
        if (st != HPDF_OK || got == 0)
            break;
    }
    r->reading = false;
    if (pdfbytes->len != size)
        hpdf_failed(r, st == HPDF_OK ? HPDF_STREAM_EOF : st, "読み出し");

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
    r.hfont = gs_xcalloc(nf, sizeof *r.hfont);

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
    free(r.hfont);
    free(r.owner);
    free(r.cps);
    gs_buf_free(&bytes);
    return rc;
}
