/*
 * mutate.c - a mutator for plan files that keeps them XML, for fuzz_xml and
 * fuzz_render; see fuzz.h.
 *
 * libFuzzer's own mutations flip bytes, so almost every plan they make is
 * refused by the XML parser (E101) and the schema, the walk into gs_plan,
 * the rules and the layout behind them are rarely reached.  Here a plan is
 * parsed with libxml2 and changed the way a clerk or a broken export
 * would: one text or attribute value mutated (by libFuzzer, with its
 * dictionary) or replaced by a value from the edges of the notations and
 * the form (15-digit amounts, 令和元年度, 2100, a cell of 3,000 characters,
 * characters beyond the BMP ...), an element repeated, removed or copied
 * into another place.  A quarter of the time, and whenever the input is not
 * XML, the bytes are left to libFuzzer, so the parser keeps being fuzzed.
 *
 * This file defines libFuzzer's LLVMFuzzerCustomMutator, so the Makefile
 * links it only into the harnesses whose input is a plan.
 */
#include <stdbool.h>
#include <stdint.h>

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "util/buf.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed);

typedef struct rng {
    uint64_t s;
} rng;

static unsigned next(rng *r, unsigned n)
{
    /* xorshift64*: the seed libFuzzer hands over decides everything, so a
     * run can be replayed */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return n ? (unsigned)((r->s * UINT64_C(2685821657736338717)) >> 33) % n : 0;
}

typedef struct nodes {
    xmlNode **v;
    size_t n, cap;
} nodes;

static void push(nodes *ns, xmlNode *n)
{
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? 2 * ns->cap : 64;
        ns->v = realloc(ns->v, ns->cap * sizeof *ns->v);
        if (!ns->v)
            abort();
    }
    ns->v[ns->n++] = n;
}

/* Every element, and every text and attribute value, in document order. */
static void collect(xmlNode *n, nodes *elems, nodes *values)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            push(elems, n);
            for (xmlAttr *a = n->properties; a; a = a->next)
                if (a->children)
                    push(values, a->children);
            collect(n->children, elems, values);
        } else if (n->type == XML_TEXT_NODE) {
            push(values, n);
        }
    }
}

/* Values from the edges of what a plan may hold. */
static void edge_value(rng *r, gs_buf *b)
{
    static const char *const fixed[] = {
        "", "0", "1", "-1", "△1", "▲ 0.01", "+30.5", "999,999,999,999,999",
        "1000000000000000", "9223372036854775807", "-9223372036854775808",
        "12,219千円", "１２，２１９", "30.001", "R元", "令和元年度", "元年度",
        "2019", "2099", "2100", "R81", "R7-R9", "令和9～7年度", "2025-01-23",
        "2025-02-30", "0000-00-00", "①", "⑳", "KPI⑥", "7", "0", "soft",
        "base infra", "true", "当初", "補正", "A", "E", "F", "\u3000",
        "・項目 1,000千円", "𠮷野家", "\xF0\x9F\x98\x80", "a\u0301",
        "\u202Eabc", "x\ty", "行1\n行2\n\n行4", "&amp;&lt;", "]]>",
    };
    unsigned k = next(r, sizeof fixed / sizeof *fixed + 3);
    if (k < sizeof fixed / sizeof *fixed) {
        gs_buf_puts(b, fixed[k]);
        return;
    }
    /* a long text: many lines, or one line longer than any cell */
    static const char *const unit[] = {"あ", "長岡市の外国人材。", "x\n"};
    unsigned times = 1 + next(r, 3000);
    const char *u = unit[k - sizeof fixed / sizeof *fixed];
    for (unsigned i = 0; i < times; i++)
        gs_buf_puts(b, u);
}

static void change_value(rng *r, xmlNode *n, size_t max_size)
{
    gs_buf b = GS_BUF_INIT;
    if (next(r, 3) == 0) {
        edge_value(r, &b);
    } else {
        const char *old = n->content ? (const char *)n->content : "";
        size_t len = strlen(old), cap = len * 2 + 64;
        if (cap > max_size)
            cap = max_size > len ? max_size : len;
        uint8_t *t = malloc(cap + 1);
        if (!t)
            abort();
        memcpy(t, old, len);
        size_t got = LLVMFuzzerMutate(t, len, cap);
        gs_buf_append(&b, (const char *)t, got);
        free(t);
    }
    /* the tree wants text it can serialise; bytes that are not UTF-8 are
     * escaped by libxml2 or make the dump fail, which the caller checks */
    xmlNodeSetContentLen(n, (const xmlChar *)b.data, (int)b.len);
    gs_buf_free(&b);
}

static bool mutate_tree(rng *r, xmlDoc *doc, size_t max_size)
{
    nodes elems = {NULL, 0, 0}, values = {NULL, 0, 0};
    collect(xmlDocGetRootElement(doc), &elems, &values);
    bool done = false;
    unsigned what = next(r, 8);
    if (what < 4 && values.n) {
        change_value(r, values.v[next(r, (unsigned)values.n)], max_size);
        done = true;
    } else if (elems.n > 1) {
        /* never the root: a plan without <plan> is only an E102 */
        xmlNode *e = elems.v[1 + next(r, (unsigned)elems.n - 1)];
        if (what == 4 || what == 5) {
            unsigned copies = what == 4 ? 1 : 1 + next(r, 64);
            for (unsigned i = 0; i < copies; i++)
                xmlAddNextSibling(e, xmlCopyNode(e, 1));
        } else if (what == 6) {
            xmlUnlinkNode(e);
            xmlFreeNode(e);
        } else {
            xmlNode *to = elems.v[next(r, (unsigned)elems.n)];
            xmlAddChild(to, xmlCopyNode(e, 1));
        }
        done = true;
    }
    free(elems.v);
    free(values.v);
    return done;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed)
{
    rng r = {((uint64_t)seed << 32) ^ seed ^ UINT64_C(0x9E3779B97F4A7C15)};
    if (next(&r, 4) == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    xmlDoc *doc = xmlReadMemory((const char *)data, (int)size, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    size_t out = 0;
    if (doc && mutate_tree(&r, doc, max_size)) {
        xmlChar *mem = NULL;
        int len = 0;
        xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
        if (mem && len > 0 && (size_t)len <= max_size) {
            memcpy(data, mem, (size_t)len);
            out = (size_t)len;
        }
        xmlFree(mem);
    }
    xmlFreeDoc(doc);
    return out ? out : LLVMFuzzerMutate(data, size, max_size);
}
