/*
 * template.h - sheet templates: the layout of a form, as data.
 *
 * A template is an XML file in templates/ read at run time, so changing a
 * label, a width or a font size needs no rebuild.  This file loads one and
 * checks its fixed parts (page, fonts, styles); the body is interpreted by
 * layout.c against the data tree.  The language, in brief:
 *
 *   <template xmlns="urn:x-grantsheet:template:1" version="1" title="…">
 *     <page size="A4" orientation="landscape" margin="12 12 14 12"/>   mm
 *        continue="1": the sheet goes on below the previous one when the
 *        page sizes agree (and its first block fits), instead of a new page
 *     <font id="gothic" file="ipaexg.ttf"/>       a file in fonts/
 *     <style id="default" font="gothic" size="8" …/>   named styles
 *     <footer align="center">{page} / {pages}</footer>
 *     <body>  para | table | for | if | pagebreak | space  </body>
 *   </template>
 *
 *   <table widths="60 25 * *" header-rows="1" keep="together"
 *          continued="（続き）">  row | for | if  </table>
 *   <row min-height="6">  cell | for | if  </row>
 *   <cell colspan="2" rowspan="2">text {path|format} <br/> for | if</cell>
 *   header-rows may be several rows, joined by rowspans; a <para> with
 *   border="1" (and padding) is a boxed paragraph.
 *   <table one-page="1" shrink="6" continued="（続き）">: a sheet that is
 *   one page on the form.  Rows keep their min-height plus a share of the
 *   page's spare room; a cell's text that does not fit shrinks (shrink="…",
 *   on the table or a cell: the smallest size in pt), and what still does
 *   not fit is cut and continues on the next page, under the paragraph kept
 *   with the table (its heading, keep-with-next="1") marked "continued".
 *   Row groups: a table that does not fit where it starts leaves at least
 *   its header and two rows on the first page and two rows on the last.
 *   <boxes cols="2"><box>text</box>…</boxes>   inside a cell or para: a
 *        grid of bordered boxes, each text centred in its box, on lines of
 *        their own between the text around them
 *   <for each="y" in="years"> … </for>      repeats for each list element
 *   <if test="y.later"> … </if>   also test="!path"
 *   <section key="pr.no" title="{pr.name}"> blocks </section>   in the
 *        body: blocks named by the datum at key (a text or a number, no
 *        two sections of a document alike), beginning where their first
 *        block is placed; a title makes it a bookmark one level below the
 *        enclosing section's (the sheet's title is level 0)
 *   <pageref key="pr.no"/>   in text: the page (numbered as the footer's
 *        {page}) on which the section of that key begins, wherever it is
 *        in the document; layout.c lays a document out again until the
 *        pages it prints are the pages its sections begin on
 *
 * Style attributes, allowed on style, para, table, row and cell (inner ones
 * win): style="a b" (named styles, in order), font, size (pt), leading (line
 * height as a multiple of size), padding ("v h" pt), align
 * (left|center|right), valign (top|middle|bottom), fill (gray 0-1 or none),
 * border (1|0), space-before / space-after (pt, para and table).
 * Lengths: widths and margins in mm, sizes in pt; "*" in widths shares out
 * the rest of the line.  A width followed by {path} ("*{plan_years}",
 * "18{plan_years}") is one column per element of the list at path, for a
 * table whose columns follow the data (the 地域再生計画's 【数値目標】 has
 * one per plan year); the template's cells come from a <for> over the same
 * list.  Formats: kyen, int, pct1, fixed2, circled, check, delta (+30 /
 * △0.5: a change, decimals only where needed), jdigit (４ but 31: one digit
 * full-width, as official running text writes numbers).
 *
 * The template keeps its parsed libxml2 document; the struct below is shared
 * with layout.c, which walks the body.
 */
#ifndef GS_TEMPLATE_H
#define GS_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "font/fontset.h"
#include "util/diag.h"

typedef enum gs_align { GS_LEFT, GS_CENTER, GS_RIGHT } gs_align;
typedef enum gs_valign { GS_TOP, GS_MIDDLE, GS_BOTTOM } gs_valign;

/* A fully resolved style: every field has a value. */
typedef struct gs_style {
    gs_font *font;
    double size;          /* pt */
    double leading;       /* line height / size */
    double pad_v, pad_h;  /* pt */
    gs_align align;
    gs_valign valign;
    double fill;          /* gray level; < 0 = no fill */
    bool border;
    double space_before, space_after; /* pt */
} gs_style;

typedef struct gs_named_style {
    char *id;
    void *node;           /* the <style> element (xmlNode *) */
} gs_named_style;

typedef struct gs_template {
    char *file;           /* every gs_srcpos of the template points here */
    char *title;          /* bookmark / document title; may be NULL */
    void *xml;            /* xmlDoc * */
    void *body;           /* xmlNode * of <body> */
    void *footer;         /* xmlNode * of <footer>, or NULL */
    double page_w, page_h;                /* pt */
    double m_top, m_right, m_bottom, m_left; /* pt */
    bool continues;       /* <page continue="1">: no page break before it */
    gs_style base;        /* defaults, after the "default" style */
    gs_named_style *styles;
    size_t nstyles;
    char **font_ids;
    gs_font **fonts;      /* lent from the fontset */
    size_t nfonts;
} gs_template;

/* Loads the template at path, resolving its fonts in fs.  NULL on failure,
 * with every problem reported (E301) against the template file. */
gs_template *gs_template_load(const char *path, gs_fontset *fs, gs_diags *d);
void gs_template_free(gs_template *t);

/* Applies the style attributes of XML element node (xmlNode *) to st:
 * named styles first, then the element's own attributes.  Problems are
 * reported as E301.  Used by layout.c for para/table/row/cell. */
void gs_template_apply_style(const gs_template *t, const void *node,
                             gs_style *st, gs_diags *d);

/* Length parsing shared with layout.c: "12", "12mm", "3pt" -> points;
 * unit_mm selects the unit of a bare number.  Returns false when malformed. */
bool gs_template_length(const char *s, bool unit_mm, double *pt);

/* One token of a table's widths="…": a width ("25", "*") and, when a
 * {path} follows it, the path (*path, *plen; NULL, 0 when none).  *wlen is
 * the width part's length.  False when the braces are malformed. */
bool gs_template_width_token(const char *tok, size_t *wlen, const char **path,
                             size_t *plen);

#endif
