/*
 * xml.c - reads a plan file (plan.rng format) into a gs_plan.
 *
 * The file is hostile until proven otherwise, so reading goes in gates, and
 * nothing of the document is looked at before it has passed all of them:
 *
 *   1. the file is read by us, size-checked first (E104), so libxml2 never
 *      opens anything;
 *   2. the file must not be something else (a Word or Excel file, a PDF,
 *      a ZIP, a CSV: E101 naming it and what to give instead), and its
 *      bytes must be UTF-8 (E101, with line), checked by us because
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
 *      cannot express (E105 values, E106 duplicates); amounts, KPI figures
 *      and the 事業概要 period are read by the parsers of notation.h, the
 *      ones the CSV reader uses, so a value typed in either reads the same;
 *   6. if the XML is clean, the CSV files it references (<kpis csv=..>,
 *      <funding csv=..>, <expenses csv=..>, <results csv=..>, paths inside
 *      the plan's folder)
 *      are read by the CSV loaders (csv.h), which report their own
 *      problems (E12x).
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

#include "input/csv.h"
#include "input/notation.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/fy.h"
#include "util/num.h"
#include "util/utf8.h"

extern const char gs_plan_rng_text[];

/* Invalid UTF-8 is reported line by line up to this many lines: a binary
 * file would otherwise produce one diagnostic per line. */
#define MAX_UTF8_REPORTS 10

/* libxml2 errors reported per file.  A real plan has a handful; the bound
 * only keeps a hostile file from turning into millions of records. */
#define MAX_XML_REPORTS 1000

/* Elements in one plan: counted while parsing, so that a file of a million
 * tiny elements stops there instead of building a tree of them (see the
 * size gate below for why the schema needs a bound). */
#define MAX_ELEMENTS 20000

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
    /* CSV files the plan references, resolved against its folder and read
     * after the walk; NULL when not referenced */
    char *csv_kpis, *csv_funding, *csv_expenses, *csv_results;
    bool expenses_csv;   /* <expenses csv=..>: no <element> in the XML */
    size_t elements;     /* start tags seen so far (MAX_ELEMENTS) */
    /* a tree built by another reader (gs_xml_load_tree): an element's
     * "line" is then an index into these names of places, owned by the
     * plan; NULL for a file */
    char *const *places;
    size_t nplaces;
} loader;

/* The compiled schema, built on first use and kept for the process: a run
 * that renders many plans compiles it once.  gs_xml_cleanup frees it. */
static xmlRelaxNGPtr cached_schema;

const char *gs_xml_plan_schema(void)
{
    return gs_plan_rng_text;
}

static xmlDocPtr cached_rng_doc;

void gs_xml_cleanup(void)
{
    xmlFreeDoc(cached_rng_doc);
    cached_rng_doc = NULL;
    if (cached_schema) {
        xmlRelaxNGFree(cached_schema);
        cached_schema = NULL;
    }
}

static gs_srcpos pos_at(const loader *ld, long line)
{
    gs_srcpos p = {ld->file, line > 0 && line <= INT32_MAX ? (int)line : 0, 0};
    if (ld->places) {
        /* a workbook cell: "計画.xlsx:KPI!E7" with no line (diag.h) */
        p.line = 0;
        if (line > 0 && (size_t)line <= ld->nplaces)
            p.file = ld->places[line - 1];
    }
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

/* The plan's elements in the form's words, for messages: a planner who
 * reads 「<department>（担当部署名）がありません」 knows what to type.  One
 * name may mean different fields under different parents (<name> is the
 * project's, a KPI's, an actor's …): a row with a parent is preferred to
 * the row without.  values lists what an element with a fixed choice may
 * hold, for the message that refuses another value. */
static const struct {
    const char *name, *parent, *ja, *values;
} element_labels[] = {
    {"plan", NULL, "計画データ全体", NULL},
    {"applicant", NULL, "1. 申請者情報", NULL},
    {"prefecture", NULL, "都道府県名", NULL},
    {"county", NULL, "郡", NULL},
    {"municipality", NULL, "市区町村名", NULL},
    {"department", NULL, "担当部署名", NULL},
    {"contact", NULL, "担当者名", NULL},
    {"phone", NULL, "電話番号", NULL},
    {"email", NULL, "メールアドレス", NULL},
    {"project", NULL, "2. 交付対象事業の名称等", NULL},
    {"name", "project", "交付対象事業の名称", NULL},
    {"name", "kpi", "KPI の名称", NULL},
    {"name", "actor", "主体名", NULL},
    {"name", "element", "要素事業名", NULL},
    {"name", "regional-plan", "地域再生計画の名称", NULL},
    {"name", NULL, "名称", NULL},
    {"kinds", NULL, "経費の種類", "soft・base・infra を空白で区切って 1 つ以上"},
    {"period", "project", "事業計画期間 (first=・last= に西暦の年度)", NULL},
    {"period", "overview", "事業概要の事業計画期間", NULL},
    {"period", NULL, "計画期間", NULL},
    {"scope", NULL, "単独 / 広域", "単独 か 広域"},
    {"field", NULL, "事業分野", NULL},
    {"changes", NULL, "変更状況確認欄", NULL},
    {"bodies", NULL, "申請団体の表", NULL},
    {"body", NULL, "申請団体", NULL},
    {"amount", NULL, "申請額", NULL},
    {"overview", NULL, "事業概要", NULL},
    {"first-round", NULL, "初回採択回", NULL},
    {"cost", NULL, "総事業費", NULL},
    {"purpose", NULL, "目的・効果", NULL},
    {"breakdown", NULL, "事業概要・主な経費", NULL},
    {"summary-note", NULL, "事業概要の右の欄", NULL},
    {"boxes", NULL, "枠で囲む項目の並び", NULL},
    {"box", NULL, "枠で囲む項目", NULL},
    {"participation", NULL, "地域の多様な主体の参画", NULL},
    {"kpi-targets", NULL, "事業概要の KPI", NULL},
    {"background", NULL, "3. 交付対象事業の背景・概要", NULL},
    {"future", NULL, "将来像", NULL},
    {"issues", NULL, "構造的な課題", NULL},
    {"summary", NULL, "交付対象事業の概要", NULL},
    {"theme", NULL, "4. 重点テーマへの該当", "applies=\"no\" (中身なし) か applies=\"yes\" (テーマを書く)"},
    {"links", NULL, "5. 連携事項",
     "other-subsidies・pfi・flexible-measures・regional-revitalisation-act・special-zones・"
     "startups を空白で区切って (なければ空)"},
    {"excluded", NULL, "6. 他の国庫補助金等の対象事業の除外", "yes か no"},
    {"kpis", NULL, "7. KPI", NULL},
    {"kpi", NULL, "KPI", NULL},
    {"rationale", NULL, "設定理由・計測手法・目標値の根拠", NULL},
    {"baseline", NULL, "事業開始前（現時点）", NULL},
    {"increase", NULL, "年度の増加分", NULL},
    {"total", "kpi", "KPI増加分の累計", NULL},
    {"total", "funding", "自主財源の合計", NULL},
    {"total", NULL, "合計", NULL},
    {"funding", NULL, "8. 自立性", NULL},
    {"effort", NULL, "取組内容", NULL},
    {"source", NULL, "自主財源【A】〜【E】", NULL},
    {"kind", NULL, "自主財源の種類", NULL},
    {"content", "source", "自主財源の内容", NULL},
    {"content", NULL, "事業の内容", NULL},
    {"before", NULL, "事業開始前（現時点）の金額", NULL},
    {"value", NULL, "年度の金額", NULL},
    {"eligible", NULL, "交付対象事業経費", NULL},
    {"soft", "funding", "うちソフト事業費", NULL},
    {"soft", NULL, "ソフト事業経費【②】", NULL},
    {"base", NULL, "うち拠点整備事業費", NULL},
    {"project-cost", NULL, "総事業費", NULL},
    {"actors", NULL, "9. 地域の多様な主体の参画", NULL},
    {"actor", NULL, "参画する主体", NULL},
    {"role", NULL, "主な役割", NULL},
    {"verification", NULL, "10. 効果検証", NULL},
    {"timing", NULL, "検証時期", NULL},
    {"method", NULL, "検証方法", NULL},
    {"members", NULL, "参画者", NULL},
    {"publish", NULL, "検証結果の公表の方法", NULL},
    {"strategies", NULL, "11. 地方版総合戦略", NULL},
    {"current", NULL, "現行の総合戦略", NULL},
    {"next", NULL, "次期の総合戦略", NULL},
    {"regional-plan", NULL, "12. 地域再生計画", NULL},
    {"area", NULL, "区域", NULL},
    {"author", NULL, "作成主体", NULL},
    {"targets", NULL, "【数値目標】", NULL},
    {"outline", NULL, "全体の概要", NULL},
    {"measure", NULL, "支援措置", NULL},
    {"leading", NULL, "先導性", NULL},
    {"autonomy", NULL, "【自立性】", NULL},
    {"public-private", NULL, "【官民協働】", NULL},
    {"inter-regional", NULL, "【地域間連携】", NULL},
    {"inter-policy", NULL, "【政策間連携】", NULL},
    {"project-period", NULL, "事業実施期間", NULL},
    {"other", NULL, "その他必要な事項", NULL},
    {"other-projects", NULL, "５－３ その他の事業", NULL},
    {"basic-policy", NULL, "５－３－１", NULL},
    {"own", NULL, "５－３－２", NULL},
    {"expenses", NULL, "(別紙1-1) ソフト事業経費内訳", NULL},
    {"year", NULL, "(別紙1-1) の年度のブロック", NULL},
    {"positioning", NULL, "全事業期間における本年の位置付け", NULL},
    {"start", NULL, "事業開始時期 (2025-04 のように)", NULL},
    {"end", NULL, "事業終了時期 (2026-03 のように)", NULL},
    {"budget", NULL, "予算計上時期・予算種別 (month=\"2025-04\" kind=\"当初\" か \"補正\")", NULL},
    {"facility", NULL, "施設整備・事業設備・備品経費【③】", NULL},
    {"totals", NULL, "(別紙1-1) の合計の列", NULL},
    {"element", NULL, "要素事業", NULL},
    {"description", NULL, "要素事業の説明", NULL},
    {"p", NULL, "説明の段落", NULL},
    {"item", NULL, "経費の内訳", NULL},
};

static int label_row(const char *name, const char *parent)
{
    int any = -1;
    for (size_t i = 0; i < sizeof element_labels / sizeof *element_labels; i++) {
        if (strcmp(element_labels[i].name, name) != 0)
            continue;
        if (!element_labels[i].parent)
            return any >= 0 ? any : (int)i;
        if (parent && strcmp(element_labels[i].parent, parent) == 0)
            any = (int)i;
    }
    return any;
}

/* "<department>（担当部署名）", or "<x>" for a name the plan has no label
 * for (a misspelt one). */
static void put_element(gs_buf *b, const char *name, const char *parent)
{
    int r = label_row(name, parent);
    gs_buf_printf(b, "<%s>", name);
    if (r >= 0)
        gs_buf_printf(b, "（%s）", element_labels[r].ja);
}

/* ---- what an element must contain, read from the schema itself ---- */

/* The schema as a tree, parsed once (it is our own text) for the required
 * children of an element: a message can then name the element that is
 * missing even where libxml2 names none ("Expecting an element , got
 * nothing") or only the one that came instead ("Did not expect element
 * contact there" when <department> was left out). */
static bool rng_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *rng_define(const char *name)
{
    xmlNode *g = xmlDocGetRootElement(cached_rng_doc);
    for (xmlNode *n = g ? g->children : NULL; n; n = n->next) {
        if (!rng_is(n, "define"))
            continue;
        xmlChar *v = xmlGetProp(n, (const xmlChar *)"name");
        bool hit = v && strcmp((const char *)v, name) == 0;
        xmlFree(v);
        if (hit)
            return n;
    }
    return NULL;
}

/* The first required child element of the pattern list starting at n that
 * the document element has not got; depth bounds <ref> chains. */
static const char *first_missing(const xmlNode *n, const xmlNode *doc_el, int depth,
                                 char *out, size_t cap)
{
    for (; n && depth < 8; n = n->next) {
        if (rng_is(n, "element")) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"name");
            bool have = false;
            for (const xmlNode *k = doc_el->children; k && v; k = k->next)
                have |= k->type == XML_ELEMENT_NODE &&
                        strcmp((const char *)k->name, (const char *)v) == 0;
            if (v && !have)
                snprintf(out, cap, "%s", (const char *)v);
            xmlFree(v);
            if (!have)
                return out;
        } else if (rng_is(n, "ref")) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"name");
            xmlNode *def = v ? rng_define((const char *)v) : NULL;
            xmlFree(v);
            if (def && first_missing(def->children, doc_el, depth + 1, out, cap))
                return out;
        } else if (rng_is(n, "group") || rng_is(n, "oneOrMore")) {
            if (first_missing(n->children, doc_el, depth + 1, out, cap))
                return out;
        }
        /* optional, zeroOrMore, choice, mixed, attributes and text ask
         * for nothing in particular */
    }
    return NULL;
}

/* The schema's <element name=...> for a document element: the one whose
 * enclosing element has the document parent's name, where names repeat. */
static xmlNode *rng_element_for(xmlNode *n, const xmlNode *doc_el, xmlNode **best)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (rng_is(n, "element")) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"name");
            if (v && strcmp((const char *)v, (const char *)doc_el->name) == 0) {
                if (!*best)
                    *best = n;
                /* the nearest enclosing rng element */
                const xmlNode *up = n->parent;
                while (up && !rng_is(up, "element"))
                    up = up->parent;
                xmlChar *pv = up ? xmlGetProp((xmlNode *)up, (const xmlChar *)"name") : NULL;
                bool exact = pv && doc_el->parent && doc_el->parent->type == XML_ELEMENT_NODE &&
                             strcmp((const char *)pv, (const char *)doc_el->parent->name) == 0;
                xmlFree(pv);
                if (exact) {
                    xmlFree(v);
                    return n;
                }
            }
            xmlFree(v);
        }
        xmlNode *hit = rng_element_for(n->children, doc_el, best);
        if (hit)
            return hit;
    }
    return NULL;
}

/* The name of the first required child doc_el lacks, in out, or NULL. */
static const char *missing_child(const xmlNode *doc_el, char *out, size_t cap)
{
    if (!doc_el || doc_el->type != XML_ELEMENT_NODE)
        return NULL;
    if (!cached_rng_doc)
        cached_rng_doc = xmlReadMemory(gs_plan_rng_text, (int)strlen(gs_plan_rng_text),
                                       "plan.rng", NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (!cached_rng_doc)
        return NULL;
    xmlNode *best = NULL;
    xmlNode *el = rng_element_for(xmlDocGetRootElement(cached_rng_doc), doc_el, &best);
    if (!el)
        el = best;
    return el ? first_missing(el->children, doc_el, 0, out, cap) : NULL;
}

/* libxml2's RELAX NG messages (relaxng.c: every one it can give on a
 * document), in the words a clerk needs.  In the pattern %s stands for a
 * name libxml2 quotes; in ja, %1$s and %2$s for those names as
 * put_element writes them (with the field's label), %3$s for the element
 * the error is at, %4$s for what that element may hold.  libxml2's own
 * words follow in brackets, for whoever maintains the schema. */
static const struct {
    const char *pattern;
    const char *ja;
} schema_words[] = {
    {"Element %s failed to validate attributes",
     "%1$s の属性の値が様式に合いません (属性の名前と、年度・日付・番号の書き方を確認してください)"},
    {"Invalid attribute %s for element %s",
     "%2$s に属性 %1$s は書けません (名前の誤りか、ほかの要素の属性です)"},
    {"Did not expect element %s there",
     "%1$s はここには書けません (要素の名前か並び順が様式と違います)"},
    {"Expecting element %s, got %s", "%1$s を書くべきところに %2$s があります"},
    {"Expecting an element %s, got nothing", "%1$s がありません"},
    {"Expecting an element got text", "%3$s には文字ではなく要素を書きます"},
    {"Element %s has extra content: %s", "%1$s に様式にない %2$s があります"},
    {"Element %s failed to validate content", "%1$s の中身が様式に合いません"},
    {"Datatype element %s has child elements", "%1$s には文字だけを書き、要素は入れられません"},
    {"Value element %s has child elements", "%1$s には値だけを書き、要素は入れられません"},
    {"List element %s has child elements", "%1$s には値だけを書き、要素は入れられません"},
    {"Did not expect text in element %s content", "%1$s には文字を書けません (要素だけを入れます)"},
    {"Expecting element %s to be empty", "%1$s には何も入れられません (属性だけを書きます)"},
    {"Error validating value %s", "%3$s の値 %1$s は書けません。書けるのは %4$s です"},
    {"Error validating value", "%3$s の値が様式に合いません。書けるのは %4$s です"},
    {"Error validating datatype %s", "%3$s の値の書き方が様式に合いません (%1$s)"},
    {"Error validating list", "%3$s の値が様式に合いません。書けるのは %4$s です"},
    {"Extra data in list: %s", "%3$s に書けない値 %1$s があります。書けるのは %4$s です"},
    {"Type %s doesn't allow value '%s'", "%3$s の値 %2$s は書けません (%1$s)"},
    {"failed to validate type %s", "%3$s の値の書き方が様式に合いません (%1$s)"},
    {"Element %s: value %s", "%1$s の値が様式に合いません"},
    {"Expecting a namespace for element %s",
     "%1$s に名前空間がありません。<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\"> と書いてください"},
    {"Element %s has no namespace: expecting %s",
     "%1$s に名前空間がありません。<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\"> と書いてください"},
    {"Element %s has wrong namespace: expecting %s",
     "%1$s の名前空間が違います。xmlns=\"urn:x-grantsheet:plan:1\" と書いてください"},
    {"Expecting no namespace for element %s", "%1$s の名前空間が違います"},
    {"Extra element %s in interleave", "%1$s が重複しているか、ここには書けません"},
    {"Invalid sequence in interleave", "%3$s の中の要素の並びが様式に合いません"},
    {"Extra data in the document", "計画データの終わりの後に、様式にない中身があります"},
};

/* Names (up to two) that libxml2 put where pattern has %s, or false. */
static bool match_words(const char *msg, const char *pattern, char names[2][64])
{
    int k = 0;
    while (*pattern) {
        if (pattern[0] == '%' && pattern[1] == 's') {
            pattern += 2;
            size_t n = 0;
            /* a name runs to the next character of the pattern */
            while (*msg && *msg != *pattern && *msg != ' ' && n < 63)
                names[k][n++] = *msg++;
            names[k][n] = '\0';
            if (k >= 2)
                return false;
            k++;
            if (!*pattern)
                return n > 0; /* a last name takes the rest */
        } else if (*msg++ != *pattern++) {
            return false;
        }
    }
    return *msg == '\0';
}

/* Appends template with each %N$s (N = 1..4) replaced by args[N-1]: the
 * templates use their arguments in any order and leave some out, which
 * printf's positional arguments do not allow. */
static void fill_words(gs_buf *b, const char *template, const char *const args[4])
{
    for (const char *t = template; *t; t++) {
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '4' && t[2] == '$' && t[3] == 's') {
            gs_buf_puts(b, args[t[1] - '1']);
            t += 3;
        } else {
            gs_buf_putc(b, *t);
        }
    }
}

/* Appends msg in Japanese (schema_words), naming each element with its
 * label; node is the element libxml2 reports at (may be NULL).  A message
 * the table lacks is kept as libxml2 wrote it, after a Japanese lead. */
static void put_words(gs_buf *b, const char *msg, const xmlNode *node)
{
    bool el = node && node->type == XML_ELEMENT_NODE;
    const char *here = el ? (const char *)node->name : NULL;
    const char *parent = el && node->parent && node->parent->type == XML_ELEMENT_NODE
                             ? (const char *)node->parent->name : NULL;
    for (size_t i = 0; i < sizeof schema_words / sizeof *schema_words; i++) {
        char names[2][64] = {"", ""};
        if (!match_words(msg, schema_words[i].pattern, names))
            continue;
        char missing[64];
        /* "got nothing" without a name, or an element where another one
         * was due: name the required element that is not there */
        if (strncmp(schema_words[i].pattern, "Expecting an element %s", 23) == 0 ||
            strncmp(schema_words[i].pattern, "Did not expect element", 22) == 0) {
            const xmlNode *in = names[0][0] == '\0' || !parent ? node : node->parent;
            if (strncmp(schema_words[i].pattern, "Did not", 7) == 0)
                in = el ? node->parent : NULL;
            if (names[0][0] == '\0' || strncmp(schema_words[i].pattern, "Did not", 7) == 0) {
                const char *m = in ? missing_child(in, missing, sizeof missing) : NULL;
                if (m) {
                    put_element(b, (const char *)in->name, NULL);
                    gs_buf_puts(b, " に ");
                    put_element(b, m, (const char *)in->name);
                    gs_buf_puts(b, " がありません");
                    if (names[0][0])
                        gs_buf_printf(b, " (<%s> より前に書きます)", names[0]);
                    gs_buf_printf(b, " [%s]", msg);
                    return;
                }
            }
        }
        gs_buf a = GS_BUF_INIT, c = GS_BUF_INIT, h = GS_BUF_INIT;
        const char *lookup = parent;
        if (names[0][0])
            put_element(&a, names[0], names[0][0] && here && strcmp(names[0], here) == 0
                                          ? lookup : here);
        else
            gs_buf_puts(&a, "");
        if (names[1][0])
            put_element(&c, names[1], here);
        else
            gs_buf_puts(&c, "");
        if (here)
            put_element(&h, here, parent);
        else
            gs_buf_puts(&h, "要素");
        int r = here ? label_row(here, parent) : -1;
        const char *values = r >= 0 && element_labels[r].values ? element_labels[r].values
                                                                : "様式にある値だけ";
        /* the value named by libxml2 is a value, not an element */
        if (strstr(schema_words[i].ja, "%1$s は書けません") ||
            strstr(schema_words[i].ja, "書けない値 %1$s") ||
            strstr(schema_words[i].ja, "(%1$s)")) {
            gs_buf_clear(&a);
            gs_buf_printf(&a, "「%s」", names[0]);
        }
        if (strstr(schema_words[i].ja, "値 %2$s")) {
            gs_buf_clear(&c);
            gs_buf_printf(&c, "「%s」", names[1]);
        }
        const char *args[4] = {a.data, c.data, h.data, values};
        fill_words(b, schema_words[i].ja, args);
        gs_buf_printf(b, " [%s]", msg);
        gs_buf_free(&a);
        gs_buf_free(&c);
        gs_buf_free(&h);
        return;
    }
    gs_buf_printf(b, "様式に合いません [%s]", msg);
}

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
    gs_buf words = GS_BUF_INIT;
    if (strcmp(ld->code, "E102") == 0)
        put_words(&words, msg.data, err->node);
    else
        gs_buf_puts(&words, msg.data);
    gs_diags_add(ld->d, GS_ERROR, ld->code, pos_at(ld, line), "%s: %s",
                 ld->prefix, words.data);
    gs_buf_free(&words);
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
    loader *ld = ctxt->_private;
    if (ld && !ld->halted && ++ld->elements > MAX_ELEMENTS) {
        gs_diags_add(ld->d, GS_ERROR, "E107",
                     pos_at(ld, ctxt->input ? ctxt->input->line : 0),
                     "計画データの要素が多すぎます (%d 個まで)。様式にない繰り返しが"
                     "ないか確かめてください", MAX_ELEMENTS);
        ld->halted = true;
        xmlStopParser(ctxt);
        return;
    }
    xmlSAX2StartElementNs(ctxt, localname, prefix, uri, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted, attributes);
    xmlNodePtr n = ctxt->node;
    if (!n || n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, localname) ||
        !ctxt->input || ctxt->input->line <= 0)
        return;
    /* The parser stands at the end of the start tag; a tag written over
     * several lines is reported where it begins, so count back to its '<'
     * ('<' cannot occur inside attribute values). */
    int line = ctxt->input->line;
    const xmlChar *base = ctxt->input->base, *c = ctxt->input->cur;
    while (c && base && c > base && *c != '<') {
        c--;
        if (*c == '\n' && line > 1)
            line--;
    }
    n->_private = (void *)(intptr_t)line;
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
    gs_srcpos nopos = {ld->file, 0, 0};
    gs_buf why = GS_BUF_INIT;
    gs_read_status st;
    *out = gs_read_file(path, GS_XML_MAX_BYTES, outlen, &st, &why);
    if (!*out)
        gs_diags_add(ld->d, GS_ERROR, "E104", nopos, "計画ファイル%s", why.data);
    gs_buf_free(&why);
    return *out != NULL;
}


/* What a file given as a plan is when it is no XML at all, told by its
 * first bytes: a Word or Excel file saved or renamed as .xml, a PDF of the
 * printed form, an export's ZIP or CSV.  Telling the planner "save as
 * UTF-8" would send them the wrong way; naming what the file is and what
 * to give instead does not.  The names of a ZIP's parts are stored as
 * they are in its headers, so a byte search finds the kind of an Office
 * file; an OLE2 file (old .doc / .xls) names its streams in UTF-16. */
static const char *sniff_not_xml(const char *text, size_t len)
{
    static const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    static const char ole_workbook[] = "W\0o\0r\0k\0b\0o\0o\0k";
    static const char ole_word[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t";
    if (len >= 4 && memcmp(text, "PK\x03\x04", 4) == 0) {
        if (memmem(text, len, "word/", 5))
            return "Word の文書 (.docx) です。計画データは XML で書きます。"
                   "書き方と例は docs/plan-format.md にあります";
        if (memmem(text, len, "xl/", 3))
            return "Excel のワークブック (.xlsx) です。名前を .xml にしたワークブックは"
                   "読めません。名前を .xlsx に戻せば、そのまま計画データとして使えます "
                   "(grantsheet convert で XML にもできます)";
        if (memmem(text, len, "opendocument", 12))
            return "LibreOffice などの OpenDocument のファイル (.ods / .odt) です。"
                   "表は「CSV UTF-8」で保存し、計画データの csv= で指定してください "
                   "(docs/plan-format.md)";
        return "ZIP の圧縮ファイルです。展開して、中の計画データ (.xml) を指定してください";
    }
    if (len >= 8 && memcmp(text, ole2, 8) == 0) {
        if (memmem(text, len, ole_workbook, sizeof ole_workbook - 1))
            return "古い形式の Excel のファイル (.xls) です。表は「CSV UTF-8 (コンマ区切り)」"
                   "で保存し、計画データの csv= で指定してください (docs/plan-format.md)";
        if (memmem(text, len, ole_word, sizeof ole_word - 1))
            return "古い形式の Word の文書 (.doc) です。計画データは XML で書きます。"
                   "書き方と例は docs/plan-format.md にあります";
        return "古い形式の Word か Excel のファイル (.doc / .xls) です。計画データは XML で"
               "書き、表は CSV で渡します (docs/plan-format.md)";
    }
    if (len >= 5 && memcmp(text, "%PDF-", 5) == 0)
        return "PDF です。PDF は計画データから作るもので、読み込めません。元の計画データ "
               "(.xml) を指定してください (grantsheet dump で PDF の数字は取り出せます)";
    if (len >= 2 && ((unsigned char)text[0] == 0xFF || (unsigned char)text[0] == 0xFE) &&
        ((unsigned char)text[1] == 0xFE || (unsigned char)text[1] == 0xFF) && text[0] != text[1])
        return "UTF-16 で保存されています。計画ファイルは UTF-8 で保存し直してください";
    /* a CSV: the first line has commas and is no markup */
    const char *s = text, *end = text + len;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++;
    const char *eol = memchr(s, '\n', (size_t)(end - s));
    if (s < end && *s != '<' && memchr(s, ',', (size_t)((eol ? eol : end) - s)))
        return "CSV のファイルのようです。CSV は計画データ (XML) から csv= で読み込む表"
               "です (KPI・自主財源見込額・要素事業)。計画データ (.xml) を指定し、その中で"
               "このファイルを指定してください (docs/plan-format.md)";
    return NULL;
}

/* Reports every line holding bytes that are not UTF-8 (one diagnostic per
 * line, up to MAX_UTF8_REPORTS).  Returns true when the text is clean. */
static bool check_utf8(loader *ld, const char *text, size_t len)
{
    int lines[MAX_UTF8_REPORTS];
    unsigned char bytes[MAX_UTF8_REPORTS];
    size_t nbad = gs_utf8_bad_lines(text, len, lines, bytes, MAX_UTF8_REPORTS);
    for (size_t k = 0; k < nbad && k < MAX_UTF8_REPORTS; k++)
        gs_diags_add(ld->d, GS_ERROR, "E101", pos_at(ld, lines[k]),
                     "UTF-8 として正しくないバイト列があります (0x%02X)。"
                     "計画ファイルは UTF-8 で保存してください",
                     bytes[k]);
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

/* ----------------------------------------------------------- size gate */

/* libxml2's RELAX NG validation is quadratic in the number of siblings
 * (20,000 take 4 s, a million more than ten minutes), and a schema cannot
 * say "at most".  So before validation the tree is counted against the
 * form's own maximums: no real plan comes near them, and a plan over them
 * is refused at once (E107) with the element's line. */
#define MAX_DEPTH 16         /* plan/expenses/year/soft/element/description/p is 7 */
#define MAX_CHILDREN 100     /* of any element not in the table below */

/* Lists the schema bounds itself (six KPIs, three budgets, …) are left to
 * it, so that their errors keep the schema's wording and line. */
static const struct {
    const char *name;
    size_t max;
} max_children[] = {
    {"description", 500},   /* paragraphs and items of one 要素事業 */
};

static size_t children_allowed(const xmlNode *n)
{
    for (size_t i = 0; i < sizeof max_children / sizeof *max_children; i++)
        if (strcmp((const char *)n->name, max_children[i].name) == 0)
            return max_children[i].max;
    return MAX_CHILDREN;
}

static bool check_size(loader *ld, xmlDocPtr doc)
{
    size_t before = ld->d->errors;
    int depth = 0;
    /* iterative, so the walk itself has no depth to exhaust */
    for (xmlNode *n = xmlDocGetRootElement(doc); n;) {
        if (n->type == XML_ELEMENT_NODE) {
            size_t kids = 0, max = children_allowed(n);
            for (const xmlNode *k = n->children; k; k = k->next)
                kids += k->type == XML_ELEMENT_NODE;
            if (kids > max)
                gs_diags_add(ld->d, GS_ERROR, "E107", pos_of(ld, n),
                             "<%s> の中の要素が多すぎます (%zu 個、%zu 個まで)",
                             (const char *)n->name, kids, max);
            if (depth + 1 > MAX_DEPTH) {
                gs_diags_add(ld->d, GS_ERROR, "E107", pos_of(ld, n),
                             "要素の入れ子が深すぎます (%d 段まで)", MAX_DEPTH);
                break;
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children && depth + 1 <= MAX_DEPTH) {
            n = n->children;
            depth++;
            continue;
        }
        while (n && !n->next && depth > 0) {
            n = n->parent;
            depth--;
        }
        n = n && depth > 0 ? n->next : NULL;
    }
    return ld->d->errors == before;
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


/* Control characters other than \n and \t (C0, DEL, C1) have no place in a
 * printed form; XML 1.0 lets some of them in (&#13;, U+007F-U+009F).
 * Reports the first one, on its own line (base = line of the text's start). */
static bool check_controls(loader *ld, const char *s, long base,
                           const char *what)
{
    long line = base;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n;
        unsigned cp = gs_utf8_decode((const char *)p, &n);
        if (cp == '\n')
            line += ld->places == NULL; /* a cell has no lines */
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
char *gs_xml_normalise(const char *s)
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
    out = gs_xml_normalise(raw ? raw : "");
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

/* E105 for a value its notation's parser refused (notation.h): the value
 * as written, on one line, why it was refused and what is accepted. */
static void refuse_value(loader *ld, gs_srcpos pos, const char *what,
                         const char *noun, const char *s, gs_notation kind,
                         gs_notation_status st)
{
    char *v = gs_xml_normalise(s ? s : "");
    for (char *c = v; *c; c++)
        if (*c == '\n')
            *c = ' ';
    gs_buf why = GS_BUF_INIT;
    gs_notation_explain(&why, kind, st);
    gs_diags_add(ld->d, GS_ERROR, "E105", pos, "%s%s「%s」を読めません (%s)",
                 what, noun, v, why.data);
    gs_buf_free(&why);
    free(v);
}

/* An amount as gs_notation_amount reads it. */
static bool parse_amount(loader *ld, const char *s, gs_srcpos pos,
                         const char *what, int64_t *out)
{
    gs_notation_status st = gs_notation_amount(s ? s : "", out);
    if (st != GS_NOTATION_OK)
        refuse_value(ld, pos, what, " の金額", s, GS_NOTATION_AMOUNT, st);
    return st == GS_NOTATION_OK;
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

/* "YYYY-MM-DD" (schema-spelled) into *out; false when the day does not
 * exist. */
static bool parse_date(const char *s, gs_date *out)
{
    s = skip_space(s);
    bool shaped = s && strlen(s) >= 10 && s[4] == '-' && s[7] == '-';
    int y = shaped ? digits(s, 4) : -1;
    int m = shaped ? digits(s + 5, 2) : -1;
    int dd = shaped ? digits(s + 8, 2) : -1;
    if (!gs_date_valid(y, m, dd))
        return false;
    out->year = y;
    out->month = m;
    out->day = dd;
    return true;
}

/* Optional date attribute into *out (left blank when absent or after an
 * E105).  Returns false after an E105. */
static bool date_attr(loader *ld, const xmlNode *n, const char *name,
                      gs_date *out)
{
    bool ok = true;
    char *s = attr(n, name);
    if (s && !parse_date(s, out)) {
        gs_diags_add(ld->d, GS_ERROR, "E105", pos_of(ld, n),
                     "日付「%s」はありません (%s 属性)", skip_space(s), name);
        ok = false;
    }
    xmlFree(s);
    return ok;
}

static int date_cmp(gs_date a, gs_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    return a.day < b.day ? -1 : a.day > b.day;
}

/* A KPI figure from text s into *st (position n); E105 when unreadable. */
static void decimal_into(loader *ld, const xmlNode *n, const char *s,
                         const char *what, gs_stated *st)
{
    int64_t v = 0;
    st->pos = pos_of(ld, n);
    gs_notation_status ns = gs_notation_figure(s ? s : "", &v);
    if (ns == GS_NOTATION_OK) {
        st->has = true;
        st->v = v;
    } else {
        refuse_value(ld, st->pos, what, "", s, GS_NOTATION_FIGURE, ns);
    }
}

static void decimal_text_into(loader *ld, const xmlNode *n, const char *what,
                              gs_stated *st)
{
    xmlChar *s = xmlNodeGetContent(n);
    decimal_into(ld, n, (const char *)s, what, st);
    xmlFree(s);
}

/* An amount from the text of element n into *st. */
static void amount_text_into(loader *ld, const xmlNode *n, const char *what,
                             gs_stated *st)
{
    xmlChar *s = xmlNodeGetContent(n);
    st->pos = pos_of(ld, n);
    st->has = parse_amount(ld, (const char *)s, st->pos, what, &st->v);
    xmlFree(s);
}

/* The column of fiscal-year element n (attribute fy) in a table whose
 * ncols columns start at the plan's first fiscal year, or -1 after an
 * E105 (outside the columns) or E106 (the column is already stated). */
static int fy_column(loader *ld, const gs_plan *p, const xmlNode *n,
                     const gs_stated *cols, int ncols, const char *what)
{
    int fy = int_attr(n, "fy");
    int col = fy - p->fy_first;
    if (col < 0 || col >= ncols) {
        gs_diags_add(ld->d, GS_ERROR, "E105", pos_of(ld, n),
                     "%sの %d年度は表の列にありません (列は事業計画期間の"
                     "初年度 %d年度から %d年度まで)",
                     what, fy, p->fy_first, p->fy_first + ncols - 1);
        return -1;
    }
    if (cols[col].pos.line) {
        gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, n),
                     "%sの %d年度が重複しています (%d 行目にもあります)", what,
                     fy, cols[col].pos.line);
        return -1;
    }
    return col;
}

/* The <NAME fy="..">AMOUNT</NAME> children of row into cols. */
static void read_fy_amounts(loader *ld, const gs_plan *p, const xmlNode *row,
                            const char *name, gs_stated *cols, int ncols,
                            const char *what)
{
    for (xmlNodePtr c = row->children; c; c = c->next) {
        if (!is_el(c, name))
            continue;
        int col = fy_column(ld, p, c, cols, ncols, what);
        if (col >= 0)
            amount_text_into(ld, c, what, &cols[col]);
    }
}

/* text_of, noting in *at where the text was written. */
static char *text_at(loader *ld, const xmlNode *n, const char *what,
                     bool required, gs_srcpos *at)
{
    *at = pos_of(ld, n);
    return text_of(ld, n, what, required);
}

/* Optional text of child NAME of n (NULL when absent; *at notes where it
 * was written); an element that is there must not be empty. */
static char *child_text(loader *ld, const xmlNode *n, const char *name,
                        const char *what, gs_srcpos *at)
{
    xmlNodePtr c = child(n, name);
    return c ? text_at(ld, c, what, true, at) : NULL;
}

static void read_applicant(loader *ld, gs_plan *p, const xmlNode *n)
{
    gs_plan_text_pos *at = &p->at;
    p->prefecture = child_text(ld, n, "prefecture", "都道府県名 (prefecture)",
                               &at->prefecture);
    p->county = child_text(ld, n, "county", "郡名 (county)", &at->county);
    xmlNodePtr m = child(n, "municipality");
    p->municipality = child_text(ld, n, "municipality",
                                 "市区町村名 (municipality)", &at->municipality);
    p->department = child_text(ld, n, "department", "担当部署名 (department)",
                               &at->department);
    p->contact = child_text(ld, n, "contact", "担当者名 (contact)",
                            &at->contact);
    p->phone = child_text(ld, n, "phone", "電話番号 (phone)", &at->phone);
    p->email = child_text(ld, n, "email", "メールアドレス (email)",
                          &at->email);
    char *gov = attr(n, "government");
    const char *g = skip_space(gov);
    if (g && strncmp(g, "prefecture", 10) == 0)
        p->gov = GS_GOV_PREFECTURE;
    else if (g && strncmp(g, "core-city", 9) == 0)
        p->gov = GS_GOV_CORE_CITY;
    else if (g)
        p->gov = GS_GOV_MUNICIPALITY;
    else /* unstated: what the applicant's name says */
        p->gov = m ? GS_GOV_MUNICIPALITY : GS_GOV_PREFECTURE;
    xmlFree(gov);
}

/* 地方公共団体コード: five digits and a check digit (JIS X 0402: the
 * digits weighted 6,5,4,3,2 and summed; the check digit is the last digit
 * of 11 minus the sum mod 11). */
static bool lg_code_valid(const char *code)
{
    static const int w[5] = {6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 5; i++)
        sum += (code[i] - '0') * w[i];
    return code[5] - '0' == (11 - sum % 11) % 10;
}

static void read_bodies(loader *ld, gs_plan *p, const xmlNode *n)
{
    size_t cap = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "body"))
            continue;
        if (p->nbodies >= GS_MAX_BODIES) {
            gs_diags_add(ld->d, GS_ERROR, "E105", pos_of(ld, c),
                         "参加する団体は %d までです", GS_MAX_BODIES);
            break;
        }
        GS_GROW(p->bodies, cap, p->nbodies + 1);
        gs_body *b = &p->bodies[p->nbodies++];
        memset(b, 0, sizeof *b);
        b->pos = pos_of(ld, c);
        b->prefecture = attr_text(ld, c, "prefecture",
                                  "都道府県名 (body/@prefecture)", true);
        if (xmlHasProp(c, (const xmlChar *)"county"))
            b->county = attr_text(ld, c, "county", "郡名 (body/@county)", true);
        if (xmlHasProp(c, (const xmlChar *)"municipality"))
            b->municipality = attr_text(ld, c, "municipality",
                                        "市区町村等名 (body/@municipality)",
                                        true);
        /* six digits, schema-checked (a token: blanks around it) */
        char *code = attr(c, "code");
        b->code = gs_xstrndup(skip_space(code), 6);
        xmlFree(code);
        if (strlen(b->code) == 6 && !lg_code_valid(b->code))
            gs_diags_add(ld->d, GS_ERROR, "E105", b->pos,
                         "地方公共団体コード「%s」の検査数字 (6 桁目) が"
                         "合いません",
                         b->code);
        read_fy_amounts(ld, p, c, "amount", b->amount, GS_FORM_YEARS,
                        "申請額 (body/amount)");
    }
}

/* The tokens of a list element (schema-checked) into flags: token names[i]
 * sets flags[i]. */
static void read_tokens(const xmlNode *n, const char *const *names,
                        size_t nnames, bool *flags)
{
    xmlChar *list = xmlNodeGetContent(n);
    gs_buf tok = GS_BUF_INIT;
    for (const char *s = (const char *)list;; s++) {
        if (*s && !xml_space(*s)) {
            gs_buf_putc(&tok, *s);
            continue;
        }
        for (size_t i = 0; tok.len && i < nnames; i++)
            if (strcmp(tok.data, names[i]) == 0)
                flags[i] = true;
        gs_buf_clear(&tok);
        if (!*s)
            break;
    }
    gs_buf_free(&tok);
    xmlFree(list);
}

static void read_project(loader *ld, gs_plan *p, const xmlNode *n)
{
    p->project_name = child_text(ld, n, "name", "事業名 (project/name)",
                                 &p->at.project_name);
    static const char *const kinds[] = {"soft", "base", "infra"};
    static const unsigned kind_bits[] = {GS_KIND_SOFT, GS_KIND_BASE,
                                         GS_KIND_INFRA};
    bool ticked[3] = {false, false, false};
    xmlNodePtr k = child(n, "kinds");
    p->kinds_pos = pos_of(ld, k);
    read_tokens(k, kinds, 3, ticked);
    for (int i = 0; i < 3; i++)
        if (ticked[i])
            p->kinds |= kind_bits[i];

    xmlNodePtr per = child(n, "period");
    p->period_pos = pos_of(ld, per);
    p->fy_first = int_attr(per, "first");
    p->fy_last = int_attr(per, "last");
    if (p->fy_first > p->fy_last)
        gs_diags_add(ld->d, GS_ERROR, "E105", p->period_pos,
                     "事業計画期間の始め (%d年度) が終わり (%d年度) より後です",
                     p->fy_first, p->fy_last);

    xmlNodePtr scope = child(n, "scope");
    if (scope) {
        xmlChar *s = xmlNodeGetContent(scope);
        p->wide_area = strstr((const char *)s, "広域") != NULL;
        xmlFree(s);
    }
    p->field = child_text(ld, n, "field", "事業分野 (field)", &p->at.field);
    xmlNodePtr ch = child(n, "changes");
    if (ch) {
        date_attr(ld, ch, "decided", &p->decided);
        date_attr(ld, ch, "minor-change", &p->minor_change);
    }
    xmlNodePtr bodies = child(n, "bodies");
    if (bodies)
        read_bodies(ld, p, bodies);
}

/* 事業概要's 事業計画期間 as stated, in any notation gs_notation_period
 * reads: "R7-R9", "R7-R9年度", "R7", "令和元年度～令和3年度" … */
static void read_overview_period(loader *ld, gs_overview *o, const xmlNode *n)
{
    const char *what = "事業計画期間 (overview/period)";
    char *text = text_of(ld, n, what, true);
    o->period_pos = pos_of(ld, n);
    gs_notation_status st =
        text ? gs_notation_period(text, &o->period_first, &o->period_last)
             : GS_NOTATION_BAD;
    if (st == GS_NOTATION_OK)
        o->has_period = true;
    else if (text)
        refuse_value(ld, o->period_pos, what, "", text, GS_NOTATION_PERIOD, st);
    free(text);
}

static gs_panel_part *panel_part(gs_overview *o, gs_srcpos pos)
{
    o->panel = gs_xrealloc(o->panel, (o->npanel + 1) * sizeof *o->panel);
    gs_panel_part *pt = &o->panel[o->npanel++];
    memset(pt, 0, sizeof *pt);
    pt->pos = pos;
    return pt;
}

/* The panel beside 事業概要・主な経費 in its parts: the text between sets
 * of <boxes> becomes paragraphs, each set of boxes one part. */
static void read_panel(loader *ld, gs_overview *o, const xmlNode *n)
{
    gs_buf text = GS_BUF_INIT;
    const xmlNode *text_at_node = n;
    for (const xmlNode *c = n->children;; c = c->next) {
        if (c && c->type == XML_TEXT_NODE) {
            if (!text.len)
                text_at_node = c;
            gs_buf_puts(&text, (const char *)c->content);
            continue;
        }
        if (c && !is_el(c, "boxes"))
            continue;
        if (text.len) {
            char *t = clean_text(ld, text_at_node, text.data, "事業概要の説明 (summary-note)",
                                 false);
            if (t)
                panel_part(o, pos_of(ld, text_at_node))->text = t;
            gs_buf_clear(&text);
        }
        if (!c)
            break;
        gs_panel_part *pt = panel_part(o, pos_of(ld, c));
        for (const xmlNode *b = c->children; b; b = b->next) {
            if (!is_el(b, "box"))
                continue;
            char *t = text_of(ld, b, "事業概要の説明の枠 (box)", true);
            if (!t)
                continue;
            pt->boxes = gs_xrealloc(pt->boxes, (pt->nboxes + 1) * sizeof *pt->boxes);
            pt->boxes[pt->nboxes++] = t;
        }
    }
    gs_buf_free(&text);
}

static void read_overview(loader *ld, gs_plan *p, const xmlNode *n)
{
    gs_overview *o = &p->overview;
    o->pos = pos_of(ld, n);
    o->first_round = child_text(ld, n, "first-round",
                                "初回採択回 (first-round)", &o->first_round_pos);
    xmlNodePtr per = child(n, "period");
    if (per)
        read_overview_period(ld, o, per);
    xmlNodePtr cost = child(n, "cost");
    if (cost) {
        amount_attr(ld, cost, "total", "期間中の総事業費 (cost/@total)",
                    &o->total_cost.has, &o->total_cost.v, &o->total_cost.pos);
        amount_attr(ld, cost, "first-year",
                    "初年度の事業費 (cost/@first-year)", &o->first_cost.has,
                    &o->first_cost.v, &o->first_cost.pos);
    }
    o->purpose = child_text(ld, n, "purpose", "目的・効果 (purpose)",
                            &o->purpose_pos);
    o->breakdown = child_text(ld, n, "breakdown", "事業概要・主な経費 (breakdown)",
                              &o->breakdown_pos);
    o->summary_note = child_text(ld, n, "summary-note",
                                 "事業概要の説明 (summary-note)",
                                 &o->summary_note_pos);
    if (o->summary_note)
        read_panel(ld, o, child(n, "summary-note"));
    o->participation = child_text(ld, n, "participation",
                                  "地域の多様な主体の参画 (participation)",
                                  &o->participation_pos);
    /* Numbers are kept as written, repeats and all: whether the list
     * matches the KPI sheet is the validator's check (FORMS.md rule 6). */
    xmlNodePtr list = child(n, "kpi-targets");
    for (xmlNodePtr c = list ? list->children : NULL; c; c = c->next) {
        if (!is_el(c, "kpi") || o->nkpis >= GS_MAX_KPIS)
            continue;
        gs_overview_kpi *k = &o->kpis[o->nkpis++];
        k->pos = pos_of(ld, c);
        k->no = int_attr(c, "no");
        k->name = text_of(ld, c, "事業概要の KPI の名称", true);
        k->unit = attr_text(ld, c, "unit", "事業概要の KPI の単位 (unit)",
                            true);
        gs_stated t = {0};
        char *s = attr(c, "target");
        decimal_into(ld, c, s, "事業概要の KPI の目標値 (target)", &t);
        xmlFree(s);
        k->target = t.v;
    }
}

static void read_background(loader *ld, gs_plan *p, const xmlNode *n)
{
    p->background_future = child_text(ld, n, "future",
                                      "3.A 目指す将来像 (future)",
                                      &p->at.background_future);
    p->background_issues = child_text(ld, n, "issues",
                                      "3.B 構造的な課題 (issues)",
                                      &p->at.background_issues);
    p->background_summary = child_text(ld, n, "summary",
                                       "3.C 交付対象事業の概要 (summary)",
                                       &p->at.background_summary);
}

static void read_theme(loader *ld, gs_plan *p, const xmlNode *n)
{
    char *applies = attr(n, "applies");
    p->theme_applies = applies && strstr(applies, "yes");
    xmlFree(applies);
    if (p->theme_applies)
        p->theme = text_at(ld, n, "重点テーマ (theme)", true, &p->at.theme);
}

static void read_links(gs_plan *p, const xmlNode *n)
{
    /* form order; see plan.rng */
    static const char *const names[GS_MAX_LINKS] = {
        "other-subsidies", "pfi", "flexible-measures",
        "regional-revitalisation-act", "special-zones", "startups"};
    read_tokens(n, names, GS_MAX_LINKS, p->links);
}

static void read_excluded(gs_plan *p, const xmlNode *n)
{
    xmlChar *s = xmlNodeGetContent(n);
    p->excluded = strstr((const char *)s, "yes") != NULL;
    xmlFree(s);
}

/* A CSV reference (attribute csv of n) resolved against the plan file's
 * folder; NULL after an E105.  The file must lie inside the plan's folder
 * tree: absolute paths and ".." components are refused, and so is "\"
 * (a Windows separator would here name some other file). */
/* True when path, with every symbolic link resolved, lies inside the
 * folder of the plan file (also resolved).  A path that does not exist yet
 * passes: the CSV loader reports it as missing. */
static bool inside_plan_folder(const char *plan_file, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return true;
    const char *slash = strrchr(plan_file, '/');
    char *dir = slash ? gs_xstrndup(plan_file, (size_t)(slash - plan_file))
                      : gs_xstrdup(".");
    char *rdir = realpath(*dir ? dir : "/", NULL);
    size_t n = rdir ? strlen(rdir) : 0;
    bool ok = rdir && strncmp(real, rdir, n) == 0 &&
              (real[n] == '/' || (n == 1 && rdir[0] == '/'));
    free(rdir);
    free(dir);
    free(real);
    return ok;
}

static char *csv_path(loader *ld, const xmlNode *n)
{
    char *out = NULL, *rel = NULL;
    char *raw = attr(n, "csv");
    gs_srcpos pos = pos_of(ld, n);
    if (!raw || !check_controls(ld, raw, pos.line, "CSV ファイル名 (csv)"))
        goto done;
    const char *s = skip_space(raw);
    size_t len = strlen(s);
    while (len && xml_space(s[len - 1]))
        len--;
    rel = gs_xstrndup(s, len);
    bool dotdot = false;
    for (const char *c = rel; *c;) {
        size_t seg = strcspn(c, "/");
        dotdot = dotdot || (seg == 2 && c[0] == '.' && c[1] == '.');
        c += seg;
        if (*c == '/')
            c++;
    }
    if (!*rel) {
        gs_diags_add(ld->d, GS_ERROR, "E105", pos,
                     "CSV ファイル名 (csv) が空です");
    } else if (rel[0] == '/') {
        gs_diags_add(ld->d, GS_ERROR, "E105", pos,
                     "CSV ファイル「%s」は絶対パスです: 計画ファイルのフォルダ"
                     "からの相対パスで書いてください",
                     rel);
    } else if (dotdot) {
        gs_diags_add(ld->d, GS_ERROR, "E105", pos,
                     "CSV ファイル「%s」に「..」があります: 計画ファイルの"
                     "フォルダの中のファイルしか読みません",
                     rel);
    } else if (strchr(rel, '\\')) {
        gs_diags_add(ld->d, GS_ERROR, "E105", pos,
                     "CSV ファイル「%s」に「\\」があります: フォルダの区切りは"
                     "「/」で書いてください",
                     rel);
    } else {
        const char *slash = strrchr(ld->file, '/');
        gs_buf b = GS_BUF_INIT;
        if (slash)
            gs_buf_append(&b, ld->file, (size_t)(slash - ld->file) + 1);
        gs_buf_puts(&b, rel);
        out = gs_buf_detach(&b);
        if (!inside_plan_folder(ld->file, out)) {
            /* a symbolic link could still lead out of the folder */
            gs_diags_add(ld->d, GS_ERROR, "E105", pos,
                         "CSV ファイル「%s」は計画ファイルのフォルダの外を指して"
                         "います (シンボリックリンク): フォルダの中のファイルしか"
                         "読みません",
                         rel);
            free(out);
            out = NULL;
        }
    }
done:
    free(rel);
    xmlFree(raw);
    return out;
}

/* With a csv attribute the figures of a table come from the CSV file, and
 * one written in the XML as well is refused (there would be two of it).
 * The schema could say this only by doubling its patterns, so it is
 * reported here, as a schema error. */
static void refuse_with_csv(loader *ld, const xmlNode *n, const char *section)
{
    gs_diags_add(ld->d, GS_ERROR, "E102", pos_of(ld, n),
                 "スキーマに合いません: <%s> に csv 属性があるので、<%s> の"
                 "数値は CSV ファイルに書いてください",
                 section, (const char *)n->name);
}

/* A KPI's row of figures (7. KPI, or the 地域再生計画's 【数値目標】):
 * 事業開始前, 増加分 per fiscal year, 累計; and 7.'s rationale.  section
 * names the element that holds the KPIs, for a csv refusal. */
static void read_kpi_row(loader *ld, gs_plan *p, gs_kpi *k, const xmlNode *n,
                         bool csv, const char *section)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        bool figure = is_el(c, "baseline") || is_el(c, "increase") ||
                      is_el(c, "total");
        if (is_el(c, "rationale")) {
            k->rationale = text_at(ld, c, "KPI の設定理由 (rationale)", true,
                                   &k->rationale_pos);
        } else if (figure && csv) {
            refuse_with_csv(ld, c, section);
        } else if (is_el(c, "baseline")) {
            decimal_text_into(ld, c, "KPI の事業開始前の値 (baseline)",
                              &k->baseline);
        } else if (is_el(c, "increase")) {
            int col = fy_column(ld, p, c, k->inc, GS_KPI_YEARS,
                                "KPI の増加分 (increase)");
            if (col >= 0)
                decimal_text_into(ld, c, "KPI の増加分 (increase)",
                                  &k->inc[col]);
        } else if (is_el(c, "total")) {
            decimal_text_into(ld, c, "KPI増加分の累計 (total)", &k->total);
        }
    }
}

static void read_kpi(loader *ld, gs_plan *p, gs_kpi *k, const xmlNode *n,
                     bool csv)
{
    k->pos = pos_of(ld, n);
    k->no = int_attr(n, "no");
    k->unit = attr_text(ld, n, "unit", "KPI の単位 (unit)", true);
    xmlNodePtr name = child(n, "name");
    if (!name) { /* the short form: <kpi no unit>NAME</kpi> */
        k->name = text_at(ld, n, "KPI の名称", true, &k->name_pos);
        return;
    }
    k->name = text_at(ld, name, "KPI の名称 (name)", true, &k->name_pos);
    read_kpi_row(ld, p, k, n, csv, "kpis");
}

/* The <kpi> children of n into *v (one per KPI number: a repeat is E106),
 * each read by one. */
static void read_kpi_list(loader *ld, gs_plan *p, const xmlNode *n,
                          gs_kpi **v, size_t *nv, bool csv,
                          void (*one)(loader *, gs_plan *, gs_kpi *,
                                      const xmlNode *, bool))
{
    size_t cap = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "kpi"))
            continue;
        int no = int_attr(c, "no");
        const gs_kpi *prev = gs_kpi_find(*v, *nv, no);
        if (prev) {
            gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, c),
                         "KPI番号 %d が重複しています (%d 行目にもあります)",
                         no, prev->pos.line);
            continue;
        }
        GS_GROW(*v, cap, *nv + 1);
        gs_kpi *k = &(*v)[(*nv)++];
        memset(k, 0, sizeof *k);
        one(ld, p, k, c, csv);
    }
}

static void read_kpis(loader *ld, gs_plan *p, const xmlNode *n)
{
    bool csv = xmlHasProp(n, (const xmlChar *)"csv") != NULL;
    if (csv)
        ld->csv_kpis = csv_path(ld, n);
    read_kpi_list(ld, p, n, &p->kpis, &p->nkpis, csv, read_kpi);
}

/* The figures of a row of the 自立性 schedule: <before> (when the row has
 * that column) and <value fy=..>. */
static void read_funding_row(loader *ld, gs_plan *p, const xmlNode *n,
                             gs_stated *before, gs_stated *cols, bool csv,
                             const char *what)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "before") && !is_el(c, "value"))
            continue;
        if (csv)
            refuse_with_csv(ld, c, "funding");
        else if (is_el(c, "before") && before)
            amount_text_into(ld, c, what, before);
    }
    if (!csv)
        read_fy_amounts(ld, p, n, "value", cols, GS_FUND_YEARS, what);
}

static void read_source(loader *ld, gs_plan *p, const xmlNode *n, bool csv)
{
    char *no = attr(n, "no");
    const char *s = skip_space(no);
    int i = s && *s >= 'A' && *s <= 'E' ? *s - 'A' : 0;
    xmlFree(no);
    gs_source *src = &p->funding.src[i];
    if (src->pos.line) {
        gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, n),
                     "自主財源【%c】が重複しています (%d 行目にもあります)",
                     'A' + i, src->pos.line);
        return;
    }
    src->pos = pos_of(ld, n);
    src->kind = child_text(ld, n, "kind", "自主財源の種類 (kind)",
                           &src->kind_pos);
    src->content = child_text(ld, n, "content", "自主財源の内容 (content)",
                              &src->content_pos);
    read_funding_row(ld, p, n, &src->before, src->v, csv,
                     "自主財源見込額 (source)");
}

static void read_funding(loader *ld, gs_plan *p, const xmlNode *n)
{
    gs_funding *f = &p->funding;
    bool csv = xmlHasProp(n, (const xmlChar *)"csv") != NULL;
    if (csv)
        ld->csv_funding = csv_path(ld, n);
    f->pos = pos_of(ld, n);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_el(c, "effort"))
            f->effort = text_at(ld, c, "取組内容 (effort)", true,
                                &p->at.effort);
        else if (is_el(c, "source"))
            read_source(ld, p, c, csv);
        else if (is_el(c, "total"))
            read_funding_row(ld, p, c, &f->total_before, f->total, csv,
                             "合計 (funding/total)");
        else if (is_el(c, "eligible"))
            read_funding_row(ld, p, c, NULL, f->eligible, csv,
                             "交付対象事業経費 (funding/eligible)");
        else if (is_el(c, "soft"))
            read_funding_row(ld, p, c, NULL, f->soft, csv,
                             "うちソフト事業費 (funding/soft)");
        else if (is_el(c, "base"))
            read_funding_row(ld, p, c, NULL, f->base, csv,
                             "うち拠点整備事業費 (funding/base)");
        else if (is_el(c, "project-cost"))
            read_funding_row(ld, p, c, NULL, f->project, csv,
                             "総事業費 (funding/project-cost)");
    }
}

static void read_actors(loader *ld, gs_plan *p, const xmlNode *n)
{
    /* GS_ACTOR_* order */
    static const char *const sectors[GS_ACTORS] = {
        "産", "官", "学", "金", "労", "言", "住民全般"};
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "actor"))
            continue;
        char *sector = attr(c, "sector");
        int i = 0;
        while (i < GS_ACTORS - 1 &&
               !(sector && strstr(sector, sectors[i])))
            i++;
        xmlFree(sector);
        gs_actor *a = &p->actors[i];
        if (a->pos.line) {
            gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, c),
                         "参画の区分「%s」が重複しています (%d 行目にも"
                         "あります)",
                         sectors[i], a->pos.line);
            continue;
        }
        a->pos = pos_of(ld, c);
        a->name = child_text(ld, c, "name", "主体名 (actor/name)",
                             &a->name_pos);
        a->role = child_text(ld, c, "role", "主な役割 (actor/role)",
                             &a->role_pos);
    }
}

static void read_verification(loader *ld, gs_plan *p, const xmlNode *n)
{
    gs_plan_text_pos *at = &p->at;
    p->verify_timing = child_text(ld, n, "timing", "検証時期 (timing)",
                                  &at->verify_timing);
    p->verify_method = child_text(ld, n, "method", "検証方法 (method)",
                                  &at->verify_method);
    p->verify_members = child_text(ld, n, "members", "参画者 (members)",
                                   &at->verify_members);
    p->verify_publish = child_text(ld, n, "publish",
                                   "検証結果の公表の方法 (publish)",
                                   &at->verify_publish);
}

static void read_strategy(loader *ld, gs_strategy *st, const xmlNode *n,
                          const char *what)
{
    st->pos = pos_of(ld, n);
    bool ok = date_attr(ld, n, "from", &st->from);
    ok = date_attr(ld, n, "to", &st->to) && ok;
    if (ok && st->from.year && st->to.year && date_cmp(st->from, st->to) > 0)
        gs_diags_add(ld->d, GS_ERROR, "E105", st->pos,
                     "%sの期間の始め (%04d-%02d-%02d) が終わり "
                     "(%04d-%02d-%02d) より後です",
                     what, st->from.year, st->from.month, st->from.day,
                     st->to.year, st->to.month, st->to.day);
    st->text = text_of(ld, n, what, false);
}

static void read_strategies(loader *ld, gs_plan *p, const xmlNode *n)
{
    xmlNodePtr c = child(n, "current");
    if (c)
        read_strategy(ld, &p->strategy_now, c,
                      "現行の地方版総合戦略 (current)");
    c = child(n, "next");
    if (c)
        read_strategy(ld, &p->strategy_next, c, "次期地方版総合戦略 (next)");
}

/* A row of the 地域再生計画's 【数値目標】 as typed: name and unit are
 * optional there (checked when given). */
static void read_target(loader *ld, gs_plan *p, gs_kpi *k, const xmlNode *n,
                        bool csv)
{
    k->pos = pos_of(ld, n);
    k->no = int_attr(n, "no");
    if (xmlHasProp(n, (const xmlChar *)"unit"))
        k->unit = attr_text(ld, n, "unit", "【数値目標】の単位 (unit)", true);
    xmlNodePtr name = child(n, "name");
    if (name)
        k->name = text_at(ld, name, "【数値目標】の KPI の名称 (name)", true,
                          &k->name_pos);
    read_kpi_row(ld, p, k, n, csv, "targets");
}

/* The 地域再生計画's own texts: element (under parent, when not NULL) ->
 * gs_regional.text[]. */
static const struct {
    gs_rtext i;
    const char *parent, *name, *what;
} regional_texts[] = {
    {GS_RT_AUTHOR, NULL, "author", "作成主体の名称 (author)"},
    {GS_RT_ISSUES, NULL, "issues", "4-1 構造的な課題 (regional-plan/issues)"},
    {GS_RT_FUTURE, NULL, "future", "4-2 将来像 (regional-plan/future)"},
    {GS_RT_OUTLINE, NULL, "outline", "5-1 全体の概要 (outline)"},
    {GS_RT_MEASURE, NULL, "measure", "5-2 支援措置 (measure)"},
    {GS_RT_CONTENT, NULL, "content", "5-2 ③ 事業の内容 (content)"},
    {GS_RT_AUTONOMY, "leading", "autonomy", "【自立性】 (leading/autonomy)"},
    {GS_RT_PUBLIC_PRIVATE, "leading", "public-private",
     "【官民協働】 (leading/public-private)"},
    {GS_RT_INTER_REGIONAL, "leading", "inter-regional",
     "【地域間連携】 (leading/inter-regional)"},
    {GS_RT_INTER_POLICY, "leading", "inter-policy",
     "【政策間連携】 (leading/inter-policy)"},
    {GS_RT_OTHER, NULL, "other", "5-2 ⑨ その他必要な事項 (other)"},
    {GS_RT_BASIC_POLICY, "other-projects", "basic-policy",
     "5-3-1 地域再生基本方針に基づく支援措置 (other-projects/basic-policy)"},
    {GS_RT_OWN, "other-projects", "own",
     "5-3-2 支援措置によらない独自の取組 (other-projects/own)"},
};

static void read_regional_plan(loader *ld, gs_plan *p, const xmlNode *n)
{
    p->regional_plan_name = child_text(ld, n, "name",
                                       "地域再生計画の名称 (name)",
                                       &p->at.regional_plan_name);
    p->regional_plan_area = child_text(ld, n, "area",
                                       "地域再生計画の区域 (area)",
                                       &p->at.regional_plan_area);
    xmlNodePtr per = child(n, "period");
    if (per) {
        if (xmlHasProp(per, (const xmlChar *)"from")) {
            p->at.regional_plan_from = pos_of(ld, per);
            p->regional_plan_from =
                attr_text(ld, per, "from",
                          "地域再生計画の計画期間の始め (period/@from)", true);
        }
        date_attr(ld, per, "to", &p->regional_plan_to);
    }

    gs_regional *r = &p->regional;
    r->pos = pos_of(ld, n);
    for (size_t i = 0; i < sizeof regional_texts / sizeof *regional_texts; i++) {
        const xmlNode *parent = regional_texts[i].parent
                                    ? child(n, regional_texts[i].parent) : n;
        if (parent)
            r->text[regional_texts[i].i] =
                child_text(ld, parent, regional_texts[i].name,
                           regional_texts[i].what,
                           &r->text_pos[regional_texts[i].i]);
    }
    xmlNodePtr m = child(n, "measure");
    if (m) {
        char *code = attr(m, "code");
        r->measure_code = gs_xstrdup(skip_space(code));
        xmlFree(code);
        r->measure_code[strcspn(r->measure_code, " \t\r\n")] = '\0';
    }
    xmlNodePtr t = child(n, "targets");
    if (t) {
        r->has_targets = true;
        r->targets_pos = pos_of(ld, t);
        read_kpi_list(ld, p, t, &r->targets, &r->ntargets, false, read_target);
    }
    xmlNodePtr cost = child(n, "cost");
    if (cost)
        amount_attr(ld, cost, "total", "5-2 ⑦ 総事業費 (cost/@total)",
                    &r->total_cost.has, &r->total_cost.v, &r->total_cost.pos);
    xmlNodePtr pp = child(n, "project-period");
    if (pp) {
        r->period_pos = pos_of(ld, pp);
        bool ok = date_attr(ld, pp, "from", &r->period_from);
        ok = date_attr(ld, pp, "to", &r->period_to) && ok;
        if (ok && date_cmp(r->period_from, r->period_to) > 0)
            gs_diags_add(ld->d, GS_ERROR, "E105", r->period_pos,
                         "5-2 ⑧ 事業実施期間の始め (%04d-%02d-%02d) が終わり "
                         "(%04d-%02d-%02d) より後です",
                         r->period_from.year, r->period_from.month,
                         r->period_from.day, r->period_to.year,
                         r->period_to.month, r->period_to.day);
        else if (ok)
            r->has_period = true;
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
        if (ld->expenses_csv) {
            refuse_with_csv(ld, c, "expenses");
            continue;
        }
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
        e->name = child_text(ld, c, "name", "要素事業名 (name)", &e->name_pos);
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
            y->positioning = text_at(ld, c, "本年の位置付け (positioning)",
                                     false, &y->positioning_pos);
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
    gs_date date = {0, 0, 0};
    date_attr(ld, n, "date", &date);
    p->doc_year = date.year;
    p->doc_month = date.month;
    p->doc_day = date.day;
    if (xmlHasProp(n, (const xmlChar *)"csv")) {
        ld->expenses_csv = true;
        ld->csv_expenses = csv_path(ld, n);
    }

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

/* ---- results: the 効果検証 -------------------------------------------- */

/* The unit of amount element n: its own unit attribute, else dflt. */
static bool yen_unit(const xmlNode *n, bool dflt)
{
    char *u = attr(n, "unit");
    bool yen = u ? strcmp(skip_space(u), "円") == 0 : dflt;
    xmlFree(u);
    return yen;
}

/* An amount of the report into *st: 千円 as typed, or 円 converted by
 * gs_yen_to_kyen, the one rule for it. */
static void result_amount(loader *ld, const xmlNode *n, bool yen_dflt,
                          const char *what, gs_stated *st)
{
    amount_text_into(ld, n, what, st);
    if (st->has && yen_unit(n, yen_dflt) && !gs_yen_to_kyen(st->v, &st->v)) {
        gs_diags_add(ld->d, GS_ERROR, "E105", st->pos,
                     "%s が大きすぎます (千円に直して 15 桁まで)", what);
        st->has = false;
    }
}

/* One 実績: a figure, or a marker (gs_notation_actual_marker). */
static void read_actual(loader *ld, const xmlNode *n, gs_actual *a)
{
    xmlChar *raw = xmlNodeGetContent(n);
    char *s = gs_xml_normalise((const char *)raw);
    a->pos = pos_of(ld, n);
    a->kind = gs_notation_actual_marker(s);
    if (a->kind == GS_ACTUAL_NONE) {
        gs_stated st = {0};
        decimal_into(ld, n, s, "KPI の実績 (actual)", &st);
        if (st.has) {
            a->kind = GS_ACTUAL_FIGURE;
            a->v = st.v;
        }
    }
    if (xmlHasProp(n, (const xmlChar *)"note"))
        a->note = attr_text(ld, n, "note", "実績の注記 (actual/@note)", true);
    free(s);
    xmlFree(raw);
}

static void read_kpi_result(loader *ld, gs_plan *p, gs_kpi_result *k,
                            const xmlNode *n)
{
    k->pos = pos_of(ld, n);
    k->no = int_attr(n, "no");
    gs_stated seen[GS_KPI_YEARS] = {{0}};
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_el(c, "target")) {
            int col = fy_column(ld, p, c, k->target, GS_KPI_YEARS,
                                "効果検証の目標 (target)");
            if (col >= 0)
                decimal_text_into(ld, c, "効果検証の目標 (target)",
                                  &k->target[col]);
        } else if (is_el(c, "actual")) {
            int col = fy_column(ld, p, c, seen, GS_KPI_YEARS,
                                "KPI の実績 (actual)");
            if (col >= 0) {
                seen[col].pos = pos_of(ld, c);
                read_actual(ld, c, &k->actual[col]);
            }
        }
    }
}

static void read_results(loader *ld, gs_plan *p, const xmlNode *n)
{
    gs_results *r = &p->results;
    r->pos = pos_of(ld, n);
    date_attr(ld, n, "as-of", &r->as_of);
    r->yen = yen_unit(n, false);
    r->department = child_text(ld, n, "department", "担当課 (department)",
                               &r->department_pos);
    bool csv = xmlHasProp(n, (const xmlChar *)"csv") != NULL;
    if (csv)
        ld->csv_results = csv_path(ld, n);
    gs_stated seen[GS_KPI_YEARS] = {{0}};
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (csv && c->type == XML_ELEMENT_NODE && !is_el(c, "department")) {
            refuse_with_csv(ld, c, "results");
        } else if (is_el(c, "year")) {
            int col = fy_column(ld, p, c, seen, GS_KPI_YEARS,
                                "効果検証の年度 (year)");
            if (col < 0)
                continue;
            seen[col].pos = pos_of(ld, c);
            gs_result_year *y = &r->years[col];
            y->pos = pos_of(ld, c);
            xmlNodePtr v;
            if ((v = child(c, "decided")))
                result_amount(ld, v, r->yen, "交付決定額 (decided)", &y->decided);
            if ((v = child(c, "paid")))
                result_amount(ld, v, r->yen, "交付額 (paid)", &y->paid);
            if ((v = child(c, "spent")))
                result_amount(ld, v, r->yen, "総事業費の実績 (spent)", &y->spent);
            y->outcome = child_text(ld, c, "outcome", "事業の成果 (outcome)",
                                    &y->outcome_pos);
        } else if (is_el(c, "grant-total")) {
            result_amount(ld, c, r->yen, "交付金額の計 (grant-total)",
                          &r->grant_total);
        } else if (is_el(c, "spent-total")) {
            result_amount(ld, c, r->yen, "総事業費の計 (spent-total)",
                          &r->spent_total);
        } else if (is_el(c, "kpi")) {
            int no = int_attr(c, "no");
            bool dup = false;
            for (size_t i = 0; i < r->nkpis; i++)
                if (r->kpis[i].no == no) {
                    gs_diags_add(ld->d, GS_ERROR, "E106", pos_of(ld, c),
                                 "効果検証の KPI%d が重複しています (%d 行目にもあります)",
                                 no, r->kpis[i].pos.line);
                    dup = true;
                }
            if (dup)
                continue;
            r->kpis = gs_xrealloc(r->kpis, (r->nkpis + 1) * sizeof *r->kpis);
            gs_kpi_result *k = &r->kpis[r->nkpis++];
            memset(k, 0, sizeof *k);
            read_kpi_result(ld, p, k, c);
        }
    }
}

static void walk(loader *ld, gs_plan *p, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    p->pos = pos_of(ld, root);
    read_applicant(ld, p, child(root, "applicant"));
    read_project(ld, p, child(root, "project"));
    /* the optional sections, in schema order */
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (is_el(c, "overview"))
            read_overview(ld, p, c);
        else if (is_el(c, "background"))
            read_background(ld, p, c);
        else if (is_el(c, "theme"))
            read_theme(ld, p, c);
        else if (is_el(c, "links"))
            read_links(p, c);
        else if (is_el(c, "excluded"))
            read_excluded(p, c);
        else if (is_el(c, "kpis"))
            read_kpis(ld, p, c);
        else if (is_el(c, "funding"))
            read_funding(ld, p, c);
        else if (is_el(c, "actors"))
            read_actors(ld, p, c);
        else if (is_el(c, "verification"))
            read_verification(ld, p, c);
        else if (is_el(c, "strategies"))
            read_strategies(ld, p, c);
        else if (is_el(c, "regional-plan"))
            read_regional_plan(ld, p, c);
        else if (is_el(c, "expenses"))
            read_expenses(ld, p, c);
        else if (is_el(c, "results"))
            read_results(ld, p, c);
    }
}

/* The CSV files the plan references, once the XML is clean: each loader
 * fills its table into the plan (KPIs and year blocks it matches are the
 * XML's) and reports its own problems, opening the file included (E12x,
 * csv.h). */
static void load_csvs(loader *ld, gs_plan *p)
{
    if (ld->csv_kpis)
        gs_csv_load_kpis(p, ld->csv_kpis, ld->d);
    if (ld->csv_funding)
        gs_csv_load_funding(p, ld->csv_funding, ld->d);
    if (ld->csv_expenses)
        gs_csv_load_elements(p, ld->csv_expenses, ld->d);
    if (ld->csv_results)
        gs_csv_load_results(p, ld->csv_results, ld->d);
}

/* ------------------------------------------------------------------ API */

/* The gates after parsing, shared by a file and a tree built by another
 * reader: size, schema, the walk, then the CSV files. */
static void read_doc(loader *ld, gs_plan *p, xmlDocPtr doc)
{
    size_t before = ld->d->errors;
    if (!check_size(ld, doc) || !validate(ld, doc))
        return;
    walk(ld, p, doc);
    if (ld->d->errors == before)
        load_csvs(ld, p);
}

/* The end of a load: the count of errors left out, the loader's paths
 * freed, and the plan only when it has no error. */
static gs_plan *finish(loader *ld, gs_plan *p, size_t before)
{
    if (ld->nsuppressed)
        gs_diags_add(ld->d, GS_ERROR, ld->code, pos_at(ld, 0),
                     "ほかに %zu 件のエラーがあります (省略しました)",
                     ld->nsuppressed);
    free(ld->csv_kpis);
    free(ld->csv_funding);
    free(ld->csv_expenses);
    free(ld->csv_results);
    if (ld->d->errors != before) {
        gs_plan_free(p);
        p = NULL;
    }
    return p;
}

gs_plan *gs_xml_load_tree(const char *path, xmlDoc *doc,
                          const char *const *places, size_t nplaces,
                          gs_diags *d)
{
    gs_plan *p = gs_plan_new(path);
    p->places = gs_xcalloc(nplaces ? nplaces : 1, sizeof *p->places);
    for (size_t i = 0; i < nplaces; i++)
        p->places[i] = gs_xstrdup(places[i]);
    p->nplaces = nplaces;
    loader ld = {d, p->file, "E102", "スキーマに合いません", false, 0, 0,
                 NULL, NULL, NULL, NULL, false, 0, p->places, p->nplaces};
    size_t before = d->errors;
    xmlStructuredErrorFunc saved_serror = xmlStructuredError;
    void *saved_serror_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&ld, on_error);
    read_doc(&ld, p, doc);
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    return finish(&ld, p, before);
}

static gs_plan *load_plan(const char *path, gs_diags *d, xmlDocPtr *keep)
{
    gs_plan *p = gs_plan_new(path);
    loader ld = {d, p->file, "E101", "XML の構文エラー", false, 0, 0,
                 NULL, NULL, NULL, NULL, false, 0, NULL, 0};
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
    const char *what = sniff_not_xml(text, len);
    if (what) {
        gs_diags_add(d, GS_ERROR, "E101", pos_at(&ld, 0), "計画データ (XML) ではありません: %s",
                     what);
        goto done;
    }
    if (!check_utf8(&ld, text, len))
        goto done;
    doc = parse(&ld, text, len);
    if (!doc || d->errors != before) {
        if (d->errors == before)
            gs_diags_add(d, GS_ERROR, "E101", pos_at(&ld, 0),
                         "XML として読めません");
        goto done;
    }
    read_doc(&ld, p, doc);

done:
    xmlSetExternalEntityLoader(saved_loader);
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    if (keep && d->errors == before) {
        *keep = doc;
        doc = NULL;
    }
    xmlFreeDoc(doc);
    free(text);
    return finish(&ld, p, before);
}

gs_plan *gs_xml_load_plan(const char *path, gs_diags *d)
{
    return load_plan(path, d, NULL);
}

gs_plan *gs_xml_load_plan_tree(const char *path, gs_diags *d, xmlDoc **tree)
{
    return load_plan(path, d, tree);
}
