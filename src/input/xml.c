/*
 * xml.c - reads a plan file (plan.rng format) into a gs_plan.
 *
 * The file is hostile until proven otherwise, so reading goes in gates, and
 * nothing of the document is looked at before it has passed all of them:
 *
 *   1. the file is read by us, size-checked first (E104), so libxml2 never
 *      opens anything;
 *   2. the bytes must be UTF-8 (E101, with line), checked by us because
 *      libxml2 would otherwise honour an encoding declaration;
 *   3. libxml2 parses from memory with no network, no DTD loading, no entity
 *      substitution, and a SAX hook that halts the parser the moment it sees
 *      a DOCTYPE or an entity declaration (E103): that is what keeps XXE and
 *      billion-laughs files from loading or expanding anything.  An external
 *      entity loader that refuses everything is installed around the parse
 *      as a second line;
 *   4. the document is validated against the embedded RELAX NG schema and
 *      every violation is reported (E102);
 *   5. only then is it walked into the model, with the checks a schema
 *      cannot express (E105 values, E106 duplicates).
 *
 * libxml2 reports errors through callbacks; every one of them is routed into
 * the gs_diags of the current call (per-context handlers, plus the global
 * structured handler scoped to the call as a catch-all), so the library never
 * prints.
 */
#include "input/xml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "util/buf.h"
#include "util/fy.h"
#include "util/num.h"

extern const char gs_plan_rng_text[];

/* Invalid UTF-8 is reported line by line up to this many lines: a binary
 * file would otherwise produce one diagnostic per line. */
#define MAX_UTF8_REPORTS 10

/* libxml2 errors reported per file.  A real plan has a handful; the bound
 * only keeps a hostile file from turning into millions of records. */
#define MAX_XML_REPORTS 1000

/* The state of one gs_xml_load_plan call, reachable from every libxml2
 * callback. */
typedef struct loader {
    gs_diags *d;
    const char *file;    /* plan->file: what every gs_srcpos points at */
    const char *code;    /* code for errors libxml2 reports now */
    const char *prefix;  /* message prefix for them */
    bool halted;         /* DOCTYPE/entity seen: the parse was stopped */
    size_t nreported;    /* libxml2 errors turned into diagnostics */
    size_t nsuppressed;  /* and those beyond MAX_XML_REPORTS */
} loader;

/* The compiled schema, built on first use and kept for the process: a run
 * that renders many plans compiles it once.  gs_xml_cleanup frees it. */
static xmlRelaxNGPtr cached_schema;

const char *gs_xml_plan_schema(void)
{
    return gs_plan_rng_text;
}

void gs_xml_cleanup(void)
{
    if (cached_schema) {
        xmlRelaxNGFree(cached_schema);
        cached_schema = NULL;
    }
}

static gs_srcpos pos_at(const loader *ld, long line)
{
    gs_srcpos p = {ld->file, line > 0 && line <= INT32_MAX ? (int)line : 0, 0};
    return p;
}

/* The line of an element's start tag.  libxml2 keeps only 16 bits of it in
 * the node (BIG_LINES helps text nodes only, and xmlGetLineNo then guesses
 * from the neighbours), so the parser records the full line in _private
 * (see on_start_element); other nodes ask libxml2. */
static long line_of(const xmlNode *n)
{
    if (!n)
        return 0;
    if (n->type == XML_ELEMENT_NODE && n->_private)
        return (long)(intptr_t)n->_private;
    return xmlGetLineNo(n);
}

static gs_srcpos pos_of(const loader *ld, const xmlNode *n)
{
    return pos_at(ld, line_of(n));
}

/* ---------------------------------------------------------------- errors */

/* Adds one libxml2 error as a diagnostic of the current stage. */
static void report_xml_error(loader *ld, const xmlError *err)
{
    if (!err || err->level == XML_ERR_NONE)
        return;
    /* After a halt the parser is unwinding; what it says is noise. */
    if (ld->halted)
        return;
    if (ld->nreported >= MAX_XML_REPORTS) {
        ld->nsuppressed++;
        return;
    }
    ld->nreported++;
    long line = err->line;
    /* For validation errors the node is the better witness: its recorded
     * line is exact past 65535, where err->line is clipped. */
    if (err->node && ((const xmlNode *)err->node)->type == XML_ELEMENT_NODE)
        line = line_of(err->node);
    gs_buf msg = GS_BUF_INIT;
    gs_buf_puts(&msg, err->message ? err->message : "(不明なエラー)");
    while (msg.len && (msg.data[msg.len - 1] == '\n' ||
                       msg.data[msg.len - 1] == ' '))
        msg.data[--msg.len] = '\0';
    /* A diagnostic is one line; some libxml2 messages have two. */
    for (size_t i = 0; i < msg.len; i++)
        if (msg.data[i] == '\n')
            msg.data[i] = ' ';
    gs_diags_add(ld->d, GS_ERROR, ld->code, pos_at(ld, line), "%s: %s",
                 ld->prefix, msg.data);
    gs_buf_free(&msg);
}

/* The parser's own channel (sax->serror): data is the parser context. */
static void on_parse_error(void *data, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = data;
    if (ctxt && ctxt->_private)
        report_xml_error(ctxt->_private, err);
}

/* Channels whose data is the loader: RELAX NG contexts and the scoped global
 * catch-all. */
static void on_error(void *data, xmlErrorPtr err)
{
    report_xml_error(data, err);
}

/* Halts the parse at the first DTD construct.  A plan has no use for a DTD,
 * and refusing it outright is the only policy that keeps entity tricks
 * (external entities, exponential expansion) from ever starting. */
static void refuse_dtd(xmlParserCtxtPtr ctxt, const char *what)
{
    loader *ld = ctxt->_private;
    if (!ld || ld->halted)
        return;
    long line = ctxt->input ? ctxt->input->line : 0;
    gs_diags_add(ld->d, GS_ERROR, "E103", pos_at(ld, line),
                 "%sは使えません: 計画ファイルに DTD や実体宣言を書くことは"
                 "できません (安全のため、読み込まずに拒否します)",
                 what);
    ld->halted = true;
    xmlStopParser(ctxt);
}

static void on_internal_subset(void *data, const xmlChar *name,
                               const xmlChar *external_id,
                               const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    refuse_dtd(data, "DOCTYPE 宣言");
}

static void on_external_subset(void *data, const xmlChar *name,
                               const xmlChar *external_id,
                               const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    refuse_dtd(data, "DOCTYPE 宣言");
}

static void on_entity_decl(void *data, const xmlChar *name, int type,
                           const xmlChar *public_id, const xmlChar *system_id,
                           xmlChar *content)
{
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    refuse_dtd(data, "実体宣言");
}

/* The SAX2 tree builder, plus the exact line of each start tag (line_of). */
static void on_start_element(void *data, const xmlChar *localname,
                             const xmlChar *prefix, const xmlChar *uri,
                             int nb_namespaces, const xmlChar **namespaces,
                             int nb_attributes, int nb_defaulted,
                             const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = data;
    xmlSAX2StartElementNs(ctxt, localname, prefix, uri, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted, attributes);
    xmlNodePtr n = ctxt->node;
    if (n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, localname) &&
        ctxt->input && ctxt->input->line > 0)
        n->_private = (void *)(intptr_t)ctxt->input->line;
}

/* Installed around parsing and validation: nothing is ever loaded from
 * outside the document.  Reaching it means the DTD gate was bypassed. */
static xmlParserInputPtr refuse_load(const char *url, const char *id,
                                     xmlParserCtxtPtr ctxt)
{
    (void)id;
    if (ctxt && ctxt->_private) {
        loader *ld = ctxt->_private;
        gs_diags_add(ld->d, GS_ERROR, "E103",
                     pos_at(ld, ctxt->input ? ctxt->input->line : 0),
                     "外部の資源は読み込みません: %s", url ? url : "(不明)");
    }
    return NULL;
}

/* ------------------------------------------------------------ file gates */

/* Reads the whole file into *out (NUL-terminated), refusing anything that
 * is not a regular file or is larger than GS_XML_MAX_BYTES. */
static bool read_file(loader *ld, const char *path, char **out, size_t *outlen)
{
    bool ok = false;
    char *data = NULL;
    gs_srcpos nopos = {ld->file, 0, 0};
    /* O_NONBLOCK: opening a FIFO must not hang before fstat can refuse it. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        gs_diags_add(ld->d, GS_ERROR, "E104", nopos,
                     "計画ファイルを開けません: %s", strerror(errno));
        goto done;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        gs_diags_add(ld->d, GS_ERROR, "E104", nopos,
                     "計画ファイルを調べられません: %s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        gs_diags_add(ld->d, GS_ERROR, "E104", nopos,
                     "計画ファイルが通常のファイルではありません");
        goto done;
    }
    if (st.st_size > (off_t)GS_XML_MAX_BYTES) {
        gs_diags_add(ld->d, GS_ERROR, "E104", nopos,
                     "計画ファイルが大きすぎます (%jd バイト、上限 %u バイト)",
                     (intmax_t)st.st_size, GS_XML_MAX_BYTES);
        goto done;
    }
    /* Read up to one byte past the limit: the file may grow after fstat. */
    size_t cap = (size_t)st.st_size + 1, len = 0;
    data = gs_xmalloc(cap + 1);
    for (;;) {
        if (len == cap) {
            if (cap > GS_XML_MAX_BYTES)
                break;
            cap = GS_XML_MAX_BYTES + 1;
            data = gs_xrealloc(data, cap + 1);
        }
        ssize_t r = read(fd, data + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gs_diags_add(ld->d, GS_ERROR, "E104", nopos,
                         "計画ファイルを読めません: %s", strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (len > GS_XML_MAX_BYTES) {
        gs_diags_add(ld->d, GS_ERROR, "E104", nopos,
                     "計画ファイルが大きすぎます (上限 %u バイト)",
                     GS_XML_MAX_BYTES);
        goto done;
    }
    data[len] = '\0';
    *out = data;
    *outlen = len;
    data = NULL;
    ok = true;
done:
    free(data);
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

/* Reports every line holding bytes that are not UTF-8 (one diagnostic per
 * line, up to MAX_UTF8_REPORTS).  Returns true when the text is clean. */
static bool check_utf8(loader *ld, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    int line = 1, reported_line = 0;
    size_t nbad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq(s + i, len - i);
        if (n == 0) {
            if (line != reported_line) {
                if (++nbad <= MAX_UTF8_REPORTS)
                    gs_diags_add(ld->d, GS_ERROR, "E101", pos_at(ld, line),
                                 "UTF-8 として正しくないバイト列があります "
                                 "(0x%02X)。計画ファイルは UTF-8 で保存して"
                                 "ください",
                                 s[i]);
                reported_line = line;
            }
            i++;
            continue;
        }
        if (s[i] == '\n')
            line++;
        i += n;
    }
    if (nbad > MAX_UTF8_REPORTS)
        gs_diags_add(ld->d, GS_ERROR, "E101", pos_at(ld, 0),
                     "ほかに %zu 行に UTF-8 として正しくないバイト列があります",
                     nbad - MAX_UTF8_REPORTS);
    return nbad == 0;
}

/* ------------------------------------------------------------ parse gate */

static xmlDocPtr parse(loader *ld, const char *text, size_t len)
{
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        gs_diags_add(ld->d, GS_ERROR, "E101", pos_at(ld, 0),
                     "XML パーサを準備できません");
        goto done;
    }
    ctxt->_private = ld;
    ctxt->sax->serror = on_parse_error;
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->sax->externalSubset = on_external_subset;
    ctxt->sax->entityDecl = on_entity_decl;
    ctxt->sax->startElementNs = on_start_element;
    ld->code = "E101";
    ld->prefix = "XML の構文エラー";
    /* The encoding is forced to UTF-8 (already checked) and any declaration
     * ignored; no NOENT, DTDLOAD, DTDATTR or DTDVALID: entities stay
     * unexpanded and nothing outside the buffer is read.  BIG_LINES keeps
     * the parser's own error lines exact past 65535. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
               XML_PARSE_BIG_LINES;
    doc = xmlCtxtReadMemory(ctxt, text, (int)len, ld->file, "UTF-8", opts);
    /* After a halt, whatever was built up to the DOCTYPE is not a plan. */
    if (ld->halted || !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
done:
    if (ctxt) {
        ctxt->_private = NULL;
        xmlFreeParserCtxt(ctxt);
    }
    return doc;
}

/* ----------------------------------------------------------- schema gate */

static xmlRelaxNGPtr schema(loader *ld)
{
    xmlRelaxNGParserCtxtPtr pctxt = NULL;
    if (cached_schema)
        goto done;
    ld->code = "E102";
    ld->prefix = "内部エラー: 組み込みのスキーマを読めません";
    pctxt = xmlRelaxNGNewMemParserCtxt(gs_plan_rng_text,
                                       (int)strlen(gs_plan_rng_text));
    if (!pctxt)
        goto done;
    xmlRelaxNGSetParserStructuredErrors(pctxt, on_error, ld);
    cached_schema = xmlRelaxNGParse(pctxt);
done:
    if (pctxt)
        xmlRelaxNGFreeParserCtxt(pctxt);
    return cached_schema;
}

static bool validate(loader *ld, xmlDocPtr doc)
{
    bool ok = false;
    xmlRelaxNGValidCtxtPtr vctxt = NULL;
    size_t before = ld->d->errors;
    xmlRelaxNGPtr rng = schema(ld);
    if (!rng) {
        if (ld->d->errors == before)
            gs_diags_add(ld->d, GS_ERROR, "E102", pos_at(ld, 0),
                         "内部エラー: 組み込みのスキーマを読めません");
        goto done;
    }
    vctxt = xmlRelaxNGNewValidCtxt(rng);
    if (!vctxt) {
        gs_diags_add(ld->d, GS_ERROR, "E102", pos_at(ld, 0),
                     "スキーマ検証を準備できません");
        goto done;
    }
    ld->code = "E102";
    ld->prefix = "スキーマに合いません";
    xmlRelaxNGSetValidStructuredErrors(vctxt, on_error, ld);
    int rc = xmlRelaxNGValidateDoc(vctxt, doc);
    if (rc != 0 && ld->d->errors == before)
        gs_diags_add(ld->d, GS_ERROR, "E102",
                     pos_of(ld, xmlDocGetRootElement(doc)),
                     "スキーマに合いません");
    ok = rc == 0 && ld->d->errors == before;
done:
    if (vctxt)
        xmlRelaxNGFreeValidCtxt(vctxt);
    return ok;
}

/* ------------------------------------------------------------- the walk */

/* The walk runs on a valid document, so the shape is known: it only reads
 * values and checks what the schema cannot. */

static bool is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(const xmlNode *parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

/* Attribute value (libxml2-owned copy, free with xmlFree) or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

/* Decodes the (valid, libxml2-checked) UTF-8 code point at s. */
static unsigned decode(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *len = 2;
        return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    *len = 4;
    return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
           ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

/* Control characters other than \n and \t (C0, DEL, C1) have no place in a
 * printed form; XML 1.0 lets some of them in (&#13;, U+007F-U+009F).
 * Reports the first one, on its own line (base = line of the text's start). */
static bool check_controls(loader *ld, const char *s, long base,
                           const char *what)
{
    long line = base;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n;
        unsigned cp = decode(p, &n);
        if (cp == '\n')
            line++;
        else if (cp != '\t' && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))) {
            gs_diags_add(ld->d, GS_ERROR, "E105", pos_at(ld, line),
                         "%s に制御文字 (U+%04X) があります", what, cp);
            return false;
        }
        p += n;
    }
    return true;
}

static bool xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trims every line of its leading and trailing XML whitespace and joins the
 * non-empty lines with "\n": the indentation of the XML file disappears,
 * deliberate line breaks stay.  (U+3000 is kept: a full-width space at the
 * start of a line is a deliberate Japanese indent.) */
static char *normalise(const char *s)
{
    gs_buf b = GS_BUF_INIT;
    while (*s) {
        const char *eol = strchr(s, '\n');
        const char *end = eol ? eol : s + strlen(s);
        const char *a = s, *z = end;
        while (a < z && xml_space(*a))
            a++;
        while (z > a && xml_space(z[-1]))
            z--;
        if (z > a) {
            if (b.len)
                gs_buf_putc(&b, '\n');
            gs_buf_append(&b, a, (size_t)(z - a));
        }
        s = eol ? eol + 1 : end;
    }
    return gs_buf_detach(&b);
}

/* Normalised text of raw (from node n), or NULL after an E105; an empty
 * result is an error when required, NULL otherwise. */
static char *clean_text(loader *ld, const xmlNode *n, const char *raw,
                        const char *what, bool required)
{
    char *out = NULL;
    if (!check_controls(ld, raw ? raw : "", line_of(n), what))
        goto done;
    out = normalise(raw ? raw : "");
    if (!*out) {
        free(out);
        out = NULL;
        if (required)
            gs_diags_add(ld->d, GS_ERROR, "E105", pos_of(ld, n),
                         "%s が空です", what);
    }
done:
    return out;
}

/* The normalised text content of element n. */
static char *text_of(loader *ld, const xmlNode *n, const char *what,
                     bool required)
{
    xmlChar *raw = xmlNodeGetContent(n);
    char *out = clean_text(ld, n, (const char *)raw, what, required);
    xmlFree(raw);
    return out;
}

/* Attribute as cleaned text (for free-text attributes such as unit). */
static char *attr_text(loader *ld, const xmlNode *n, const char *name,
                       const char *what, bool required)
{
    char *raw = attr(n, name);
    char *out = clean_text(ld, n, raw, what, required);
    xmlFree(raw);
    return out;
}

/* A small unsigned decimal that the schema already spelled (fy, no, count),
 * possibly surrounded by blanks. */
static int small_int(const char *s)
{
    int v = 0;
    for (; s && *s; s++)
        if (*s >= '0' && *s <= '9')
            v = v * 10 + (*s - '0');
    return v;
}

static int int_attr(const xmlNode *n, const char *name)
{
    char *s = attr(n, name);
    int v = small_int(s);
    xmlFree(s);
    return v;
}

static bool parse_amount(loader *ld, const char *s, gs_srcpos pos,
                         const char *what, int64_t *out)
{
    if (s && gs_amount_parse(s, out))
        return true;
    gs_diags_add(ld->d, GS_ERROR, "E105", pos,
                 "%s の金額「%s」を読めません (千円単位の整数、15 桁まで)",
                 what, s ? s : "");
    return false;
}

/* Optional amount attribute: *has tells whether it was there. */
static void amount_attr(loader *ld, const xmlNode *n, const char *name,
                        const char *what, bool *has, int64_t *out,
                        gs_srcpos *pos)
{
    char *s = attr(n, name);
    if (pos)
        *pos = pos_of(ld, n);
    *has = false;
    if (s)
        *has = parse_amount(ld, s, pos_of(ld, n), what, out);
    xmlFree(s);
}

/* The n-digit number at s, or -1 when s has fewer digits there. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static const char *skip_space(const char *s)
{
    while (s && xml_space(*s))
        s++;
    return s;
}

/* "YYYY-MM" (schema-checked) into a gs_ym. */
static gs_ym parse_ym(const char *s)
{
    gs_ym ym = {0, 0};
    s = skip_space(s);
    if (s && strlen(s) >= 7 && s[4] == '-') {
        ym.year = digits(s, 4);
        ym.month = digits(s + 5, 2);
    }
    if (ym.year < 0 || ym.month < 0)
        ym.year = ym.month = 0;
    return ym;
}

static gs_ym ym_of(const xmlNode *n)
{
    xmlChar *s = xmlNodeGetContent(n);
    gs_ym ym = parse_ym((const char *)s);
    xmlFree(s);
    return ym;
}

static void read_applicant(loader *ld, gs_plan *p, const xmlNode *n)
{
    p->prefecture = text_of(ld, child(n, "prefecture"), "都道府県名 (prefecture)",
                            true);
    xmlNodePtr m = child(n, "municipality");
    if (m)
        p->municipality = text_of(ld, m, "市区町村名 (municipality)", true);
    p->department = text_of(ld, child(n, "department"),
                            "担当部署名 (department)", true);
}

static void read_project(loader *ld, gs_plan *p, const xmlNode *n)
{
    p->project_name = text_of(ld, child(n, "name"), "事業名 (project/name)",
                              true);
    xmlNodePtr k = child(n, "kinds");
    p->kinds_pos = pos_of(ld, k);
    xmlChar *kinds = xmlNodeGetContent(k);
    gs_buf tok = GS_BUF_INIT;
    for (const char *s = (const char *)kinds;; s++) {
        if (*s && !xml_space(*s)) {
            gs_buf_putc(&tok, *s);
            continue;
        }
        if (tok.len) {
            if (strcmp(tok.data, "soft") == 0)
                p->kinds |= GS_KIND_SOFT;
            else if (strcmp(tok.data, "base") == 0)
                p->kinds |= GS_KIND_BASE;
            else if (strcmp(tok.data, "infra") == 0)
                p->kinds |= GS_KIND_INFRA;
            gs_buf_clear(&tok);
        }
        if (!*s)
            break;
    }
    gs_buf_free(&tok);
    xmlFree(kinds);

    xmlNodePtr per = child(n, "period");
    p->period_pos = pos_of(ld, per);
    p->fy_first = int_attr(per, "first");
    p->fy_last = int_attr(per, "last");
    if (p->fy_first > p->fy_last)
        gs_diags_add(ld->d, GS_ERROR, "E105", p->period_pos,
                     "事業計画期間の始め (%d年度) が終わり (%d年度) より後です",
                     p->fy_first, p->fy_last);
}

static void read_kpis(loader *ld, gs_plan *p, const xmlNode *n)
{
    size_t cap = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "kpi"))
            continue;
        int no = int_attr(c, "no");
        const gs_kpi *prev = gs_plan_lookup_kpi(p, no);
        if (prev) {
            gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, c),
                         "KPI番号 %d が重複しています (%d 行目にもあります)",
                         no, prev->pos.line);
            continue;
        }
        GS_GROW(p->kpis, cap, p->nkpis + 1);
        gs_kpi *k = &p->kpis[p->nkpis++];
        memset(k, 0, sizeof *k);
        k->pos = pos_of(ld, c);
        k->no = no;
        k->name = text_of(ld, c, "KPI の名称", true);
        k->unit = attr_text(ld, c, "unit", "KPI の単位 (unit)", true);
    }
}

/* 関連するKPI: "1 2 3 4" (schema-checked digits). */
static void read_kpi_refs(loader *ld, gs_element *e, const xmlNode *n)
{
    char *s = attr(n, "kpi");
    size_t cap = 0;
    e->kpis_pos = pos_of(ld, n);
    for (const char *c = s; c && *c; c++) {
        if (*c < '1' || *c > '6')
            continue;
        int no = *c - '0';
        bool dup = false;
        for (size_t i = 0; i < e->nkpis; i++)
            dup = dup || e->kpis[i] == no;
        if (dup) {
            gs_diags_add(ld->d, GS_ERROR, "E106", e->kpis_pos,
                         "要素事業 %d の関連するKPIに KPI番号 %d が重複しています",
                         e->no, no);
            continue;
        }
        GS_GROW(e->kpis, cap, e->nkpis + 1);
        e->kpis[e->nkpis++] = no;
    }
    xmlFree(s);
}

static void read_description(loader *ld, gs_element *e, const xmlNode *n)
{
    size_t cap = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        bool item = is_el(c, "item");
        if (!item && !is_el(c, "p"))
            continue;
        GS_GROW(e->desc, cap, e->ndesc + 1);
        gs_para *para = &e->desc[e->ndesc++];
        memset(para, 0, sizeof *para);
        para->pos = pos_of(ld, c);
        para->is_item = item;
        para->text = text_of(ld, c, item ? "内訳 (item)" : "説明 (p)", true);
        if (item) {
            char *s = attr(c, "amount");
            parse_amount(ld, s, para->pos, "内訳 (item)", &para->amount);
            xmlFree(s);
        }
    }
}

static void read_part(loader *ld, gs_part *part, const xmlNode *n,
                      const char *what)
{
    part->pos = pos_of(ld, n);
    char *count = attr(n, "count");
    if (count) {
        part->has_count = true;
        part->count = small_int(count);
        part->count_pos = part->pos;
    }
    xmlFree(count);
    amount_attr(ld, n, "total", what, &part->has_total, &part->total,
                &part->total_pos);
    size_t cap = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "element"))
            continue;
        int no = int_attr(c, "no");
        bool dup = false;
        for (size_t i = 0; i < part->nelems && !dup; i++) {
            if (part->elems[i].no == no) {
                gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, c),
                             "%sの要素事業番号 %d が重複しています "
                             "(%d 行目にもあります)",
                             what, no, part->elems[i].pos.line);
                dup = true;
            }
        }
        if (dup)
            continue;
        GS_GROW(part->elems, cap, part->nelems + 1);
        gs_element *e = &part->elems[part->nelems++];
        memset(e, 0, sizeof *e);
        e->pos = pos_of(ld, c);
        e->no = no;
        e->name = text_of(ld, child(c, "name"), "要素事業名 (name)", true);
        read_kpi_refs(ld, e, c);
        amount_attr(ld, c, "amount", "要素事業", &e->has_amount, &e->amount,
                    &e->amount_pos);
        bool has_amount_attr = xmlHasProp(c, (const xmlChar *)"amount");
        xmlNodePtr desc = child(c, "description");
        if (desc)
            read_description(ld, e, desc);
        bool has_item = false;
        for (size_t i = 0; i < e->ndesc; i++)
            has_item = has_item || e->desc[i].is_item;
        /* The schema cannot say "amount, unless items give it"; this is
         * that rule, so it is reported as a schema error. */
        if (!has_amount_attr && !has_item)
            gs_diags_add(ld->d, GS_ERROR, "E102", e->pos,
                         "スキーマに合いません: 要素事業 %d に金額 (amount 属性) "
                         "も金額付きの内訳 (item) もありません",
                         no);
    }
}

static void read_year(loader *ld, gs_year *y, const xmlNode *n)
{
    y->pos = pos_of(ld, n);
    y->fy = int_attr(n, "fy");
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_el(c, "positioning")) {
            y->positioning = text_of(ld, c, "本年の位置付け (positioning)",
                                     false);
        } else if (is_el(c, "start")) {
            y->start = ym_of(c);
        } else if (is_el(c, "end")) {
            y->end = ym_of(c);
        } else if (is_el(c, "budget") && y->nbudgets < GS_MAX_BUDGETS) {
            gs_budget *b = &y->budgets[y->nbudgets++];
            b->pos = pos_of(ld, c);
            char *m = attr(c, "month");
            b->when = parse_ym(m);
            xmlFree(m);
            b->kind = attr_text(ld, c, "kind", "予算種別 (kind)", true);
        } else if (is_el(c, "eligible")) {
            xmlChar *s = xmlNodeGetContent(c);
            y->eligible_pos = pos_of(ld, c);
            y->has_eligible = parse_amount(ld, (const char *)s, y->eligible_pos,
                                           "交付対象事業経費 (eligible)",
                                           &y->eligible);
            xmlFree(s);
        } else if (is_el(c, "soft")) {
            read_part(ld, &y->soft, c, "ソフト事業経費");
        } else if (is_el(c, "facility")) {
            read_part(ld, &y->facility, c, "施設整備・事業設備・備品経費");
        }
    }
}

static void read_expenses(loader *ld, gs_plan *p, const xmlNode *n)
{
    char *date = attr(n, "date");
    if (date) {
        const char *s = skip_space(date);
        bool shaped = strlen(s) >= 10 && s[4] == '-' && s[7] == '-';
        int y = shaped ? digits(s, 4) : -1;
        int m = shaped ? digits(s + 5, 2) : -1;
        int dd = shaped ? digits(s + 8, 2) : -1;
        if (gs_date_valid(y, m, dd)) {
            p->doc_year = y;
            p->doc_month = m;
            p->doc_day = dd;
        } else {
            gs_diags_add(ld->d, GS_ERROR, "E105", pos_of(ld, n),
                         "日付「%s」はありません", s);
        }
    }
    xmlFree(date);

    size_t cap = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_el(c, "year")) {
            int fy = int_attr(c, "fy");
            const gs_year *prev = gs_plan_lookup_year(p, fy);
            if (prev) {
                gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, c),
                             "%d年度が重複しています (%d 行目にもあります)", fy,
                             prev->pos.line);
                continue;
            }
            GS_GROW(p->years, cap, p->nyears + 1);
            gs_year *y = &p->years[p->nyears++];
            memset(y, 0, sizeof *y);
            read_year(ld, y, c);
        } else if (is_el(c, "totals")) {
            gs_stated_totals *t = &p->totals;
            amount_attr(ld, c, "eligible", "合計 (totals/@eligible)",
                        &t->has_eligible, &t->eligible, &t->pos);
            amount_attr(ld, c, "soft", "合計 (totals/@soft)", &t->has_soft,
                        &t->soft, NULL);
            amount_attr(ld, c, "facility", "合計 (totals/@facility)",
                        &t->has_facility, &t->facility, NULL);
        }
    }
}

static void walk(loader *ld, gs_plan *p, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    p->pos = pos_of(ld, root);
    read_applicant(ld, p, child(root, "applicant"));
    read_project(ld, p, child(root, "project"));
    xmlNodePtr k = child(root, "kpis");
    if (k)
        read_kpis(ld, p, k);
    xmlNodePtr e = child(root, "expenses");
    if (e)
        read_expenses(ld, p, e);
}

/* ------------------------------------------------------------------ API */

gs_plan *gs_xml_load_plan(const char *path, gs_diags *d)
{
    gs_plan *p = gs_plan_new(path);
    loader ld = {d, p->file, "E101", "XML の構文エラー", false, 0, 0};
    size_t before = d->errors;
    char *text = NULL;
    size_t len = 0;
    xmlDocPtr doc = NULL;

    /* Catch-all for errors libxml2 raises outside the per-context channels
     * (encoding, I/O), scoped to this call and restored on the way out. */
    xmlStructuredErrorFunc saved_serror = xmlStructuredError;
    void *saved_serror_ctx = xmlStructuredErrorContext;
    xmlExternalEntityLoader saved_loader = xmlGetExternalEntityLoader();
    xmlSetStructuredErrorFunc(&ld, on_error);
    xmlSetExternalEntityLoader(refuse_load);

    if (!read_file(&ld, path, &text, &len))
        goto done;
    if (!check_utf8(&ld, text, len))
        goto done;
    doc = parse(&ld, text, len);
    if (!doc || d->errors != before) {
        if (d->errors == before)
            gs_diags_add(d, GS_ERROR, "E101", pos_at(&ld, 0),
                         "XML として読めません");
        goto done;
    }
    if (!validate(&ld, doc))
        goto done;
    walk(&ld, p, doc);

done:
    if (ld.nsuppressed)
        gs_diags_add(d, GS_ERROR, ld.code, pos_at(&ld, 0),
                     "ほかに %zu 件のエラーがあります (省略しました)",
                     ld.nsuppressed);
    xmlSetExternalEntityLoader(saved_loader);
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    xmlFreeDoc(doc);
    free(text);
    if (d->errors != before) {
        gs_plan_free(p);
        p = NULL;
    }
    return p;
}
