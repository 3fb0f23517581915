/*
 * audit.c - canonical TSV of a document's figures, extraction of that TSV
 * from a PDF grantsheet wrote, and the comparison of two TSVs; see audit.h.
 *
 * The PDF reader is deliberately small: it reads only the structure our own
 * writer (render/pdf.c on libharu) produces - plain "N 0 obj" objects, no
 * object streams - and follows the catalog's /EmbeddedFiles name tree to
 * the stream.  It is not a general PDF parser and refuses what it does not
 * recognise instead of guessing.
 */
#include "audit/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- writing ------------------------------------------------------------- */

static void escape(gs_buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\': gs_buf_puts(out, "\\\\"); break;
        case '\t': gs_buf_puts(out, "\\t"); break;
        case '\n': gs_buf_puts(out, "\\n"); break;
        case '\r': gs_buf_puts(out, "\\r"); break;
        default: gs_buf_putc(out, *s);
        }
    }
}

typedef struct entry {
    char *key;          /* escaped sheet \t section \t row \t column */
    char *value;        /* escaped */
    size_t order;       /* document order, for numbering repeats */
} entry;

static int by_key(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

void gs_audit_tsv(const gs_doc *doc, gs_buf *out)
{
    size_t n = doc->nfigs;
    entry *v = gs_xcalloc(n ? n : 1, sizeof *v);
    gs_buf b = GS_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const gs_figure *f = &doc->figs[i];
        gs_buf_clear(&b);
        escape(&b, f->sheet);
        gs_buf_putc(&b, '\t');
        escape(&b, f->section);
        gs_buf_putc(&b, '\t');
        escape(&b, f->row);
        gs_buf_putc(&b, '\t');
        escape(&b, f->column);
        v[i].key = gs_xstrdup(b.data);
        gs_buf_clear(&b);
        escape(&b, f->value);
        v[i].value = gs_xstrdup(b.data);
        v[i].order = i;
    }
    /* Number repeated keys until every key is unique (a renamed key could
     * meet one that already had that name; it is then numbered again). */
    for (bool again = true; again;) {
        again = false;
        qsort(v, n, sizeof *v, by_key);
        for (size_t i = 0; i < n;) {
            size_t j = i + 1;
            for (; j < n && strcmp(v[j].key, v[i].key) == 0; j++) {
                gs_buf_clear(&b);
                gs_buf_printf(&b, "%s#%zu", v[j].key, j - i + 1);
                free(v[j].key);
                v[j].key = gs_buf_detach(&b);
                again = true;
            }
            i = j;
        }
    }
    gs_buf_puts(out, GS_AUDIT_HEADER "\n");
    for (size_t i = 0; i < n; i++) {
        gs_buf_printf(out, "%s\t%s\n", v[i].key, v[i].value);
        free(v[i].key);
        free(v[i].value);
    }
    free(v);
    gs_buf_free(&b);
}

/* ---- reading our PDF ----------------------------------------------------- */

typedef struct span {
    const char *p;
    size_t n;
} span;

static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0 || m > n)
        return NULL;
    return memmem(hay, n, needle, m);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* The body of object num ("num 0 obj" … "endobj"), or {NULL, 0}.  The
 * last definition wins, as in an incremental update. */
static span object(const char *pdf, size_t len, unsigned long num)
{
    char head[40];
    int hn = snprintf(head, sizeof head, "%lu 0 obj", num);
    span s = {NULL, 0};
    for (size_t at = 0; at < len;) {
        const char *p = find(pdf + at, len - at, head);
        if (!p)
            break;
        size_t off = (size_t)(p - pdf);
        at = off + (size_t)hn;
        if (off > 0 && !is_ws(pdf[off - 1]))
            continue;
        const char *body = pdf + at;
        const char *end = find(body, len - at, "endobj");
        if (!end)
            break;
        s.p = body;
        s.n = (size_t)(end - body);
    }
    return s;
}

/* Reads "N 0 R" at p (after white space); 0 when there is none. */
static unsigned long ref_at(const char *p, const char *end)
{
    while (p < end && is_ws(*p))
        p++;
    char *e;
    char tmp[64];
    size_t k = (size_t)(end - p) < sizeof tmp - 1 ? (size_t)(end - p) : sizeof tmp - 1;
    memcpy(tmp, p, k);
    tmp[k] = '\0';
    unsigned long num = strtoul(tmp, &e, 10);
    if (e == tmp)
        return 0;
    unsigned long gen = strtoul(e, &e, 10);
    while (*e && is_ws(*e))
        e++;
    return gen == 0 && *e == 'R' ? num : 0;
}

/* The value after /key in s (a name followed by a delimiter), or NULL. */
static const char *key_in(span s, const char *key)
{
    size_t m = strlen(key);
    for (size_t at = 0; at < s.n;) {
        const char *p = find(s.p + at, s.n - at, key);
        if (!p)
            return NULL;
        const char *after = p + m;
        at = (size_t)(after - s.p);
        if (after < s.p + s.n && (is_ws(*after) || strchr("/<[(", *after)))
            return after;
    }
    return NULL;
}

static bool inflate_all(const unsigned char *in, size_t n, gs_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return false;
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    unsigned char chunk[16384];
    int st;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        st = inflate(&z, Z_NO_FLUSH);
        if (st != Z_OK && st != Z_STREAM_END)
            break;
        gs_buf_append(out, (const char *)chunk, sizeof chunk - z.avail_out);
    } while (st != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
    inflateEnd(&z);
    return st == Z_STREAM_END;
}

gs_audit_status gs_audit_extract(const char *pdf, size_t len, gs_buf *tsv)
{
    if (len < 5 || memcmp(pdf, "%PDF-", 5) != 0)
        return GS_AUDIT_NOT_PDF;
    span all = {pdf, len};
    const char *ef = key_in(all, "/EmbeddedFiles");
    if (!ef)
        return GS_AUDIT_NO_DATA;
    span tree = object(pdf, len, ref_at(ef, pdf + len));
    if (!tree.p)
        return GS_AUDIT_NO_DATA;
    const char *name = find(tree.p, tree.n, "(" GS_AUDIT_ATTACHMENT ")");
    if (!name)
        return GS_AUDIT_NO_DATA;
    name += strlen("(" GS_AUDIT_ATTACHMENT ")");
    span spec = object(pdf, len, ref_at(name, tree.p + tree.n));
    const char *efd = spec.p ? key_in(spec, "/EF") : NULL;
    const char *f = efd ? key_in((span){efd, (size_t)(spec.p + spec.n - efd)}, "/F") : NULL;
    span file = f ? object(pdf, len, ref_at(f, spec.p + spec.n)) : (span){NULL, 0};
    if (!file.p)
        return GS_AUDIT_BAD_DATA;
    const char *st = find(file.p, file.n, "stream");
    if (!st)
        return GS_AUDIT_BAD_DATA;
    span dict = {file.p, (size_t)(st - file.p)};
    const char *data = st + strlen("stream");
    if (*data == '\r')
        data++;
    if (*data == '\n')
        data++;
    /* /Length: direct, or an indirect number object */
    const char *lk = key_in(dict, "/Length");
    if (!lk)
        return GS_AUDIT_BAD_DATA;
    unsigned long lref = ref_at(lk, dict.p + dict.n);
    const char *num = lk;
    const char *num_end = dict.p + dict.n;
    if (lref) {
        span ls = object(pdf, len, lref);
        if (!ls.p)
            return GS_AUDIT_BAD_DATA;
        num = ls.p;
        num_end = ls.p + ls.n;
    }
    while (num < num_end && is_ws(*num))
        num++;
    size_t n = 0;
    if (num >= num_end || *num < '0' || *num > '9')
        return GS_AUDIT_BAD_DATA;
    for (; num < num_end && *num >= '0' && *num <= '9'; num++)
        n = n * 10 + (size_t)(*num - '0');
    if (n > (size_t)(pdf + len - data))
        return GS_AUDIT_BAD_DATA;
    if (key_in(dict, "/Filter")) {
        if (!find(dict.p, dict.n, "/FlateDecode"))
            return GS_AUDIT_BAD_DATA;
        gs_buf raw = GS_BUF_INIT;
        bool ok = inflate_all((const unsigned char *)data, n, &raw);
        if (ok)
            gs_buf_append(tsv, raw.data, raw.len);
        gs_buf_free(&raw);
        return ok ? GS_AUDIT_OK : GS_AUDIT_BAD_DATA;
    }
    gs_buf_append(tsv, data, n);
    return GS_AUDIT_OK;
}

/* ---- comparing ----------------------------------------------------------- */

typedef struct line {
    const char *key;    /* up to the fourth tab */
    size_t klen;
    const char *value;
    size_t vlen;
} line;

static int line_cmp(const line *a, const line *b)
{
    size_t m = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, m);
    if (c)
        return c;
    return a->klen < b->klen ? -1 : a->klen > b->klen;
}

static int by_line(const void *a, const void *b)
{
    return line_cmp(a, b);
}

/* Splits a canonical TSV into its lines (without the header), sorted by
 * key.  Returns false when it is not one. */
static bool parse(const char *s, size_t n, line **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    size_t hl = strlen(GS_AUDIT_HEADER);
    if (n < hl + 1 || memcmp(s, GS_AUDIT_HEADER, hl) != 0 ||
        (s[hl] != '\n' && s[hl] != '\r'))
        return false;
    size_t cap = 0;
    const char *p = memchr(s, '\n', n);
    p = p ? p + 1 : s + n;
    const char *end = s + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (e > p && e[-1] == '\r')
            e--;
        if (e > p) {
            const char *t = p;
            int tabs = 0;
            for (; t < e && tabs < 4; t++)
                if (*t == '\t')
                    tabs++;
            if (tabs < 4 || memchr(t, '\t', (size_t)(e - t))) {
                free(*out);
                *out = NULL;
                *nout = 0;
                return false;
            }
            GS_GROW(*out, cap, *nout + 1);
            line *l = &(*out)[(*nout)++];
            l->key = p;
            l->klen = (size_t)(t - 1 - p);
            l->value = t;
            l->vlen = (size_t)(e - t);
        }
        p = nl ? nl + 1 : end;
    }
    if (*nout)
        qsort(*out, *nout, sizeof **out, by_line);
    return true;
}

/* sheet / section / row / column, leaving out empty parts */
static void show_key(gs_buf *out, const line *l)
{
    const char *p = l->key, *end = l->key + l->klen;
    bool first = true;
    while (p <= end) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        const char *e = t ? t : end;
        if (e > p) {
            if (!first)
                gs_buf_puts(out, " / ");
            gs_buf_append(out, p, (size_t)(e - p));
            first = false;
        }
        if (!t)
            break;
        p = t + 1;
    }
}

static void show_value(gs_buf *out, const line *l)
{
    if (l->vlen == 0)
        gs_buf_puts(out, "(空欄)");
    else
        gs_buf_append(out, l->value, l->vlen);
}

long gs_audit_diff(const char *old_tsv, size_t old_len, const char *new_tsv,
                   size_t new_len, gs_buf *out)
{
    line *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    if (!parse(old_tsv, old_len, &a, &na) || !parse(new_tsv, new_len, &b, &nb)) {
        free(a);
        free(b);
        return -1;
    }
    long diffs = 0;
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1 : line_cmp(&a[i], &b[j]);
        if (c == 0) {
            if (a[i].vlen != b[j].vlen ||
                memcmp(a[i].value, b[j].value, a[i].vlen) != 0) {
                gs_buf_puts(out, "変更 ");
                show_key(out, &a[i]);
                gs_buf_puts(out, ": ");
                show_value(out, &a[i]);
                gs_buf_puts(out, " → ");
                show_value(out, &b[j]);
                gs_buf_putc(out, '\n');
                diffs++;
            }
            i++;
            j++;
        } else if (c < 0) {
            gs_buf_puts(out, "削除 ");
            show_key(out, &a[i]);
            gs_buf_puts(out, ": ");
            show_value(out, &a[i]);
            gs_buf_putc(out, '\n');
            diffs++;
            i++;
        } else {
            gs_buf_puts(out, "追加 ");
            show_key(out, &b[j]);
            gs_buf_puts(out, ": ");
            show_value(out, &b[j]);
            gs_buf_putc(out, '\n');
            diffs++;
            j++;
        }
    }
    free(a);
    free(b);
    return diffs;
}
