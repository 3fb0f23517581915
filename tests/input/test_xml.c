/*
 * test_xml.c - the XML plan reader: the Nagaoka sample reads with its exact
 * figures and texts, every E10x path fails with its code at the right line,
 * hostile files (XXE, billion laughs, oversize) are refused without loading
 * or expanding anything, and texts are normalised as documented.
 *
 * Fixtures are mostly written from here into a temporary directory, so each
 * test shows the input it is about next to what it expects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "input/notation.h"
#include "input/xml.h"
#include "notation_cases.h"
#include "util/buf.h"

static char tmpdir[] = "/tmp/gs_test_xml_XXXXXX";

/* Writes content to a file in the temporary directory; returns its path
 * (static buffer, valid until the next call). */
static const char *write_fixture(const char *name, const char *content,
                                 size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static const char *fixture(const char *name, const char *content)
{
    return write_fixture(name, content, strlen(content));
}

/* Path of a file of the source tree (tests run from the top, or with
 * GRANTSHEET_DATADIR pointing there). */
static const char *tree_path(const char *rel)
{
    static char path[1024];
    const char *top = getenv("GRANTSHEET_DATADIR");
    snprintf(path, sizeof path, "%s/%s", top ? top : ".", rel);
    return path;
}

/* Line (1-based) of the first occurrence of needle in the file, 0 if none. */
static int line_in_file(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char line[8192];
    int n = 0, found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        n++;
        if (strstr(line, needle))
            found = n;
    }
    fclose(f);
    return found;
}

static size_t count_code(const gs_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            n++;
    return n;
}

/* The first diagnostic with code; fails the test when there is none. */
static const gs_diag *find_code(const gs_diags *d, const char *code)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            return &d->v[i];
    fail_msg("no %s diagnostic among %zu", code, d->n);
    return NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Dumps the diagnostics on failure, which makes the failing test readable. */
static void dump(const gs_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        gs_buf b = GS_BUF_INIT;
        gs_diag_format(&d->v[i], &b);
        print_message("  %s\n", b.data);
        gs_buf_free(&b);
    }
}

/* Loads XML text expecting failure with code at line; returns nothing, the
 * diagnostics are checked here. */
static void expect_refused(const char *name, const char *xml, const char *code,
                           int line)
{
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture(name, xml), &d);
    if (p || count_code(&d, code) == 0)
        dump(&d);
    assert_null(p);
    const gs_diag *g = find_code(&d, code);
    if (g->line != line)
        dump(&d);
    assert_int_equal(g->line, line);
    assert_non_null(g->file);
    assert_non_null(strstr(g->file, name));
    gs_diags_free(&d);
}

/* A minimal valid plan: HEAD is lines 1-6, so BODY starts on line 7. */
#define HEAD                                                                  \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                           \
    "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"               \
    "<applicant><prefecture>新潟県</prefecture>"                              \
    "<department>企画課</department></applicant>\n"                           \
    "<project><name>事業</name><kinds>soft</kinds>"                           \
    "<period first=\"2025\" last=\"2027\"/></project>\n"                      \
    "<kpis><kpi no=\"1\" unit=\"人\">就業者数</kpi></kpis>\n"                 \
    "<expenses date=\"2025-01-23\">\n"
#define TAIL "</expenses>\n</plan>\n"

/* A year block on one line. */
#define YEAR(fy, amount)                                                      \
    "<year fy=\"" fy "\"><soft><element no=\"1\" amount=\"" amount "\">"      \
    "<name>要素</name></element></soft></year>\n"

/* ------------------------------------------------------------ the sample */

static void test_sample_loads_exactly(void **state)
{
    (void)state;
    const char *path = tree_path("samples/nagaoka.xml");
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(path, &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);

    assert_string_equal(p->prefecture, "新潟県");
    assert_string_equal(p->municipality, "長岡市");
    assert_string_equal(p->department, "商工部産業立地・人材課");
    assert_string_equal(p->project_name,
                        "地域産業の活力を高める外国人材活躍推進プラットフォーム事業");
    assert_int_equal(p->kinds, GS_KIND_SOFT);
    assert_int_equal(p->fy_first, 2025);
    assert_int_equal(p->fy_last, 2027);
    assert_int_equal(p->doc_year, 2025);
    assert_int_equal(p->doc_month, 1);
    assert_int_equal(p->doc_day, 23);

    static const char *const kpi_names[] = {
        "外国人材の新規就業者数", "外国人雇用事業所数",
        "交流事業への参加企業数", "就労・雇用相談支援件数"};
    static const char *const kpi_units[] = {"人", "社", "社", "件"};
    assert_int_equal(p->nkpis, 4);
    for (int i = 0; i < 4; i++) {
        const gs_kpi *k = gs_plan_lookup_kpi(p, i + 1);
        assert_non_null(k);
        assert_string_equal(k->name, kpi_names[i]);
        assert_string_equal(k->unit, kpi_units[i]);
    }

    /* Three year blocks, nothing for 2028/2029. */
    assert_int_equal(p->nyears, 3);
    assert_null(gs_plan_lookup_year(p, 2028));
    assert_null(gs_plan_lookup_year(p, 2029));
    static const int64_t amounts[] = {12219, 12719, 13219};
    static const char *const elem_names[] = {
        "外国人材活躍推進プラットフォーム事業",
        "外国人材活躍推進プラットフォーム構築事業",
        "外国人材活躍推進プラットフォーム構築事業"};
    static const char *const item_names[] = {
        "外国人材活躍推進プラットフォーム事業経費(委託料)",
        "外国人材活躍推進プラットフォーム事業経費(委託料)",
        "プラットフォーム事業経費(委託料)"};
    int64_t sum_eligible = 0, sum_soft = 0, sum_facility = 0;
    for (int i = 0; i < 3; i++) {
        const gs_year *y = gs_plan_lookup_year(p, 2025 + i);
        assert_non_null(y);
        assert_int_equal(y->start.year, 2025 + i);
        assert_int_equal(y->start.month, 4);
        assert_int_equal(y->end.year, 2026 + i);
        assert_int_equal(y->end.month, 3);
        assert_int_equal(y->nbudgets, 1);
        assert_int_equal(y->budgets[0].when.year, 2025 + i);
        assert_int_equal(y->budgets[0].when.month, 4);
        assert_string_equal(y->budgets[0].kind, "当初");
        assert_true(y->has_eligible);
        assert_int_equal(y->eligible, amounts[i]);
        assert_true(y->soft.has_count);
        assert_int_equal(y->soft.count, 1);
        assert_true(y->soft.has_total);
        assert_int_equal(y->soft.total, amounts[i]);
        assert_int_equal(y->soft.nelems, 1);
        const gs_element *e = &y->soft.elems[0];
        assert_int_equal(e->no, 1);
        assert_string_equal(e->name, elem_names[i]);
        assert_int_equal(e->nkpis, 4);
        for (int k = 0; k < 4; k++)
            assert_int_equal(e->kpis[k], k + 1);
        assert_true(e->has_amount);
        assert_int_equal(e->amount, amounts[i]);
        assert_int_equal(e->ndesc, 3);
        assert_false(e->desc[0].is_item);
        assert_true(e->desc[1].is_item);
        assert_false(e->desc[2].is_item);
        assert_string_equal(e->desc[1].text, item_names[i]);
        assert_int_equal(e->desc[1].amount, amounts[i]);
        assert_true(y->facility.has_count);
        assert_int_equal(y->facility.count, 0);
        assert_true(y->facility.has_total);
        assert_int_equal(y->facility.total, 0);
        assert_int_equal(y->facility.nelems, 0);
        /* the stated figures add up */
        assert_int_equal(y->eligible, y->soft.total + y->facility.total);
        sum_eligible += y->eligible;
        sum_soft += y->soft.total;
        sum_facility += y->facility.total;
    }
    assert_true(p->totals.has_eligible && p->totals.has_soft &&
                p->totals.has_facility);
    assert_int_equal(p->totals.eligible, 38157);
    assert_int_equal(p->totals.eligible, sum_eligible);
    assert_int_equal(p->totals.soft, sum_soft);
    assert_int_equal(p->totals.facility, sum_facility);

    /* Texts as printed, half-width parentheses and all. */
    const gs_year *y1 = gs_plan_lookup_year(p, 2025);
    const gs_year *y2 = gs_plan_lookup_year(p, 2026);
    const gs_year *y3 = gs_plan_lookup_year(p, 2027);
    assert_string_equal(
        y1->positioning,
        "2026年度にオープン予定の産業ビジネス支援拠点内でワンストップで"
        "外国人材採用・定着を支援する体制の構築を検討し、試行する。");
    assert_string_equal(
        y1->soft.elems[0].desc[0].text,
        "就労・雇用相談窓口を新設(試行)し、長岡で働きたい外国人や採用したい"
        "企業からの相談を通じて、課題やニーズを把握し、外国人材と企業が交流"
        "する機会の提供や人材のマッチングを一貫してサポートするプラットフォーム"
        "を構築するために必要な事業費");
    assert_string_equal(
        y2->soft.elems[0].desc[2].text,
        "<プラットフォーム機能> 相談支援(拡充)、交流機会創出、インターンシップ"
        "プログラム実施、人材マッチング支援、就労フォローアップ支援");
    assert_string_equal(
        y3->soft.elems[0].desc[2].text,
        "<プラットフォーム機能> 相談支援、交流機会創出、インターンシップ"
        "プログラム実施、人材マッチング支援、就労フォローアップ支援、"
        "コミュニティ形成支援(拡充)");
    assert_string_equal(
        y3->positioning,
        "外国人材の採用の増加に応じて、企業・外国人材が直面する課題やニーズに"
        "あった支援の拡充を検討し、人材の定着につなげる。");

    /* Positions point into the file. */
    assert_ptr_equal(y2->pos.file, p->file);
    assert_int_equal(y2->pos.line, line_in_file(path, "<year fy=\"2026\">"));
    assert_int_equal(y2->soft.total_pos.line,
                     line_in_file(path, "total=\"12,719\""));
    assert_int_equal(p->kpis[3].pos.line,
                     line_in_file(path, "<kpi no=\"4\" unit=\"件\">"));
    assert_int_equal(y3->soft.elems[0].desc[1].pos.line,
                     line_in_file(path, "<item amount=\"13,219\">"));
    /* texts point at their own lines, not at the enclosing block */
    assert_int_equal(y2->positioning_pos.line,
                     line_in_file(path, "<positioning>外国人材に特化した"));
    assert_int_equal(y2->soft.elems[0].name_pos.line,
                     y2->soft.elems[0].pos.line + 1);

    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Every sheet of the sample beyond (別紙1-1), exactly as the reference
 * prints it (with the 事業概要 KPI list corrected to ①②③④). */
static void test_sample_every_sheet(void **state)
{
    (void)state;
    const char *path = tree_path("samples/nagaoka.xml");
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(path, &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);

    /* 1. 申請者情報 */
    assert_int_equal(p->gov, GS_GOV_MUNICIPALITY); /* inferred */
    assert_null(p->contact);
    assert_null(p->phone);
    assert_null(p->email);

    /* 2. 交付対象事業の名称等 */
    assert_false(p->wide_area);
    assert_string_equal(p->field, "地方への人の流れ分野");
    assert_int_equal(p->decided.year, 0);
    assert_int_equal(p->minor_change.year, 0);
    assert_int_equal(p->nbodies, 1);
    const gs_body *b = &p->bodies[0];
    assert_string_equal(b->prefecture, "新潟県");
    assert_string_equal(b->municipality, "長岡市");
    assert_string_equal(b->code, "152021");
    assert_int_equal(b->pos.line, line_in_file(path, "code=\"152021\""));
    for (int i = 0; i < GS_FORM_YEARS; i++) {
        assert_true(b->amount[i].has);
        assert_int_equal(b->amount[i].v, 0);
    }
    assert_int_equal(b->amount[4].pos.line,
                     line_in_file(path, "<amount fy=\"2029\">"));

    /* 事業概要 */
    const gs_overview *o = &p->overview;
    assert_int_equal(o->pos.line, line_in_file(path, "<overview>"));
    assert_string_equal(o->first_round, "令和7年度第1回募集");
    assert_true(o->has_period);
    assert_int_equal(o->period_first, 2025);
    assert_int_equal(o->period_last, 2027);
    assert_int_equal(o->period_pos.line, line_in_file(path, "<period>R7-R9"));
    assert_true(o->total_cost.has);
    assert_int_equal(o->total_cost.v, 38157);
    assert_true(o->first_cost.has);
    assert_int_equal(o->first_cost.v, 12219);
    assert_int_equal(o->total_cost.pos.line,
                     line_in_file(path, "<cost total="));
    assert_string_equal(
        o->purpose,
        "外国人材と企業の交流・相互理解の機会の提供やニーズにあった人材"
        "マッチングを一貫して支援するプラットフォームを構築し、外国人材の"
        "新規就業者増加を図る。\n"
        "就労・雇用相談窓口での相談支援やコミュニティ形成の取組を通じて、"
        "安心して長期的に働ける環境を整え、外国人材の活躍と定着により、"
        "地域産業の活性化を目指す。");
    /* the panel in its parts: a line, four boxes, a line */
    assert_int_equal(o->npanel, 3);
    assert_string_equal(o->panel[0].text, "産業ビジネス支援拠点内において 企業・外国人材をワンストップで支援");
    assert_null(o->panel[1].text);
    assert_int_equal(o->panel[1].nboxes, 4);
    assert_string_equal(o->panel[1].boxes[0], "就労・雇用相談");
    assert_string_equal(o->panel[1].boxes[3], "採用・定着支援");
    assert_non_null(strstr(o->panel[2].text, "コーディネーターがサポート"));
    assert_non_null(strstr(o->summary_note, "コーディネーターがサポート"));
    assert_non_null(strstr(o->participation, "周知を広くを行い"));
    static const char *const kpi_names[] = {
        "外国人材の新規就業者数", "外国人雇用事業所数",
        "交流事業への参加企業数", "就労・雇用相談支援件数"};
    static const char *const kpi_units[] = {"人", "社", "社", "件"};
    static const int64_t targets[] = {3000, 4200, 3000, 4500};
    assert_int_equal(o->nkpis, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(o->kpis[i].no, i + 1);
        assert_string_equal(o->kpis[i].name, kpi_names[i]);
        assert_string_equal(o->kpis[i].unit, kpi_units[i]);
        assert_int_equal(o->kpis[i].target, targets[i]);
    }
    assert_int_equal(o->kpis[2].pos.line,
                     line_in_file(path, "target=\"+30\" unit=\"社\""));

    /* 3.-6. */
    assert_true(starts_with(p->background_future, "本市は、新潟県を代表する"));
    assert_non_null(strstr(p->background_future, "製造出荷額7,228億円の都市である。"));
    assert_non_null(strstr(p->background_issues, "キャリアデザインへの理解を深める"));
    assert_non_null(strstr(p->background_summary, "外国人材の採用・定着を目指す。"));
    assert_false(p->theme_applies);
    assert_null(p->theme);
    for (int i = 0; i < GS_MAX_LINKS; i++)
        assert_false(p->links[i]);
    assert_true(p->excluded);

    /* 7. KPI */
    static const int64_t baselines[] = {200, 35400, 1800, 1500};
    static const int64_t incs[] = {1000, 1400, 1000, 1500};
    assert_int_equal(p->nkpis, 4);
    for (int i = 0; i < 4; i++) {
        const gs_kpi *k = gs_plan_lookup_kpi(p, i + 1);
        assert_string_equal(k->name, kpi_names[i]);
        assert_string_equal(k->unit, kpi_units[i]);
        assert_non_null(k->rationale);
        assert_true(k->baseline.has);
        assert_int_equal(k->baseline.v, baselines[i]);
        for (int y = 0; y < GS_KPI_YEARS; y++) {
            assert_int_equal(k->inc[y].has, y < 3);
            assert_int_equal(k->inc[y].v, y < 3 ? incs[i] : 0);
        }
        assert_true(k->total.has);
        assert_int_equal(k->total.v, targets[i]);
    }
    const gs_kpi *k2 = gs_plan_lookup_kpi(p, 2);
    assert_int_equal(k2->baseline.pos.line,
                     line_in_file(path, "<baseline>354.00"));
    assert_int_equal(k2->total.pos.line, line_in_file(path, "<total>42.00"));
    assert_int_equal(k2->inc[1].pos.line,
                     line_in_file(path, "<increase fy=\"2026\">14.00"));
    assert_true(starts_with(gs_plan_lookup_kpi(p, 4)->rationale,
                            "外国人の生活相談窓口では年間約327件"));
    assert_non_null(strstr(gs_plan_lookup_kpi(p, 1)->rationale,
                           "就業につながったのは2人(約13%)という実績"));

    /* 8. 自立性 */
    const gs_funding *f = &p->funding;
    assert_non_null(strstr(f->effort, "企業版ふるさと納税につなげ、自立していく。"));
    static const char *const kinds[] = {"参加企業負担金", "連携自治体等負担金",
                                        "企業からの寄付金"};
    static const int64_t per_year[] = {500, 500, 1000};
    for (int i = 0; i < 3; i++) {
        const gs_source *s = &f->src[i];
        assert_string_equal(s->kind, kinds[i]);
        assert_non_null(s->content);
        assert_true(s->before.has);
        assert_int_equal(s->before.v, 0);
        for (int y = 0; y < GS_FUND_YEARS; y++) {
            assert_int_equal(s->v[y].has, y < 3);
            assert_int_equal(s->v[y].v, y < 3 ? per_year[i] : 0);
        }
    }
    assert_string_equal(f->src[1].content,
                        "新潟県との協働の可能性を探り、共催できる事業に係る"
                        "経費の負担金徴収を図る。");
    assert_int_equal(f->src[2].v[0].pos.line,
                     line_in_file(path, "<value fy=\"2025\">1,000"));
    for (int i = 3; i < GS_FUND_SOURCES; i++) {
        assert_null(f->src[i].kind);
        assert_int_equal(f->src[i].pos.line, 0);
    }
    assert_true(f->total_before.has);
    assert_int_equal(f->total_before.v, 0);
    static const int64_t elig[] = {12219, 12719, 13219, 0, 0};
    for (int y = 0; y < GS_FUND_YEARS; y++) {
        assert_true(f->total[y].has);
        assert_int_equal(f->total[y].v, y < 3 ? 2000 : 0);
        assert_int_equal(f->eligible[y].has, y < 5);
        assert_int_equal(f->soft[y].has, y < 5);
        if (y < 5) {
            assert_int_equal(f->eligible[y].v, elig[y]);
            assert_int_equal(f->soft[y].v, elig[y]);
        }
        assert_false(f->base[y].has);
        assert_false(f->project[y].has);
    }

    /* 9. 参画 */
    static const char *const actor_names[] = {
        "企業、商工会議所", "長岡市", "高専、大学等の教育・研究機関",
        "地方銀行"};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(p->actors[i].name, actor_names[i]);
        assert_true(starts_with(p->actors[i].role, "【役割】"));
    }
    assert_string_equal(p->actors[GS_ACTOR_GOVERNMENT].role,
                        "【役割】プラットフォームを構築し、全体の事業を管理する。\n"
                        "【意見・改善方策】参画するメンバーからの意見を集約し、"
                        "事業内容への反映に取り組む。");
    assert_int_equal(p->actors[GS_ACTOR_FINANCE].pos.line,
                     line_in_file(path, "sector=\"金\""));
    for (int i = GS_ACTOR_LABOUR; i < GS_ACTORS; i++) {
        assert_null(p->actors[i].name);
        assert_null(p->actors[i].role);
    }

    /* where the texts were written */
    assert_int_equal(p->at.department.line,
                     line_in_file(path, "<department>"));
    assert_int_equal(p->at.field.line, line_in_file(path, "<field>"));
    assert_int_equal(o->purpose_pos.line, line_in_file(path, "<purpose>"));
    assert_int_equal(p->at.background_issues.line,
                     line_in_file(path, "<issues>"));
    assert_int_equal(gs_plan_lookup_kpi(p, 3)->rationale_pos.line,
                     line_in_file(path, "<rationale>外国人材活躍事例の共有"));
    assert_int_equal(gs_plan_lookup_kpi(p, 3)->name_pos.line,
                     gs_plan_lookup_kpi(p, 3)->pos.line + 1);
    assert_int_equal(f->src[1].content_pos.line,
                     line_in_file(path, "<content>新潟県との協働"));
    assert_int_equal(p->actors[GS_ACTOR_ACADEMIA].role_pos.line,
                     p->actors[GS_ACTOR_ACADEMIA].pos.line + 2);
    assert_int_equal(p->at.regional_plan_from.line,
                     line_in_file(path, "from=\"地域再生計画の認定の日\""));

    /* 10.-12. */
    assert_string_equal(p->verify_timing, "毎年度 9 月");
    assert_non_null(strstr(p->verify_method, "長岡市地方創生推進会議"));
    assert_non_null(strstr(p->verify_members, "NPO法人長岡産業活性化協会NAZE"));
    assert_string_equal(p->verify_publish, "市ホームページ等で公表する。");
    const gs_strategy *now = &p->strategy_now, *next = &p->strategy_next;
    assert_int_equal(now->from.year, 2020);
    assert_int_equal(now->from.month, 4);
    assert_int_equal(now->from.day, 1);
    assert_int_equal(now->to.year, 2026);
    assert_int_equal(now->to.month, 3);
    assert_int_equal(now->to.day, 31);
    assert_int_equal(next->from.year, 2026);
    assert_int_equal(next->to.year, 2031);
    assert_int_equal(next->to.day, 31);
    assert_true(starts_with(now->text,
                            "第2期長岡市まち・ひと・しごと創生総合戦略(現行)\n○"));
    assert_non_null(strstr(next->text, "(次期)\n"));
    assert_non_null(strstr(next->text, "推進\n現在、策定作業中"));
    assert_int_equal(next->pos.line, line_in_file(path, "<next from="));
    assert_string_equal(p->regional_plan_name,
                        "長岡市まち・ひと・しごと創生推進交付金計画");
    assert_string_equal(p->regional_plan_area, "新潟県長岡市の全域");
    assert_string_equal(p->regional_plan_from, "地域再生計画の認定の日");
    assert_int_equal(p->regional_plan_to.year, 2026);
    assert_int_equal(p->regional_plan_to.month, 3);
    assert_int_equal(p->regional_plan_to.day, 31);

    gs_plan_free(p);
    gs_diags_free(&d);
}

/* The plan as printed numbers the overview's KPIs ①②②③: valid data, kept
 * as written, each with its line, for the validator to refuse. */
static void test_as_printed_sample_keeps_numbers(void **state)
{
    (void)state;
    const char *path = tree_path("samples/nagaoka-as-printed-invalid.xml");
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(path, &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    const gs_overview *o = &p->overview;
    assert_int_equal(o->nkpis, 4);
    static const int printed[] = {1, 2, 2, 3};
    for (int i = 0; i < 4; i++)
        assert_int_equal(o->kpis[i].no, printed[i]);
    assert_string_equal(o->kpis[2].name, "交流事業への参加企業数");
    assert_int_equal(o->kpis[2].pos.line,
                     line_in_file(path, "<kpi no=\"2\" target=\"+30\""));
    assert_int_equal(o->kpis[3].target, 4500);
    /* the KPI sheet itself is ①-④ */
    for (int i = 1; i <= 4; i++)
        assert_non_null(gs_plan_lookup_kpi(p, i));
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* The broken sample reads fine (it is valid data); the reader keeps the
 * stated total so the validator can refuse the plan. */
static void test_broken_sample_keeps_stated_total(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p =
        gs_xml_load_plan(tree_path("samples/nagaoka-broken-invalid.xml"), &d);
    assert_non_null(p);
    const gs_year *y = gs_plan_lookup_year(p, 2026);
    assert_non_null(y);
    assert_true(y->soft.has_total);
    assert_int_equal(y->soft.total, 12000);
    assert_int_equal(y->soft.elems[0].amount, 12719);
    assert_int_not_equal(y->soft.total, y->soft.elems[0].amount);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------------------ E101 syntax/UTF-8 */

static void test_malformed(void **state)
{
    (void)state;
    expect_refused("malformed.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "</yaer>\n" /* line 8 */
                        TAIL,
                   "E101", 8);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* 新 is E6 96 B0; cut it short on line 3 and put a lone 0xFF on line 5. */
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>\xE6\x96</prefecture>\n"
        "<department>ok</department></applicant>\n"
        "<!-- \xFF -->\n"
        "</plan>\n";
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(write_fixture("utf8.xml", xml,
                                                sizeof xml - 1), &d);
    assert_null(p);
    assert_int_equal(count_code(&d, "E101"), 2);
    assert_int_equal(d.v[0].line, 3);
    assert_int_equal(d.v[1].line, 5);
    gs_diags_free(&d);
}

/* An encoding declaration does not make non-UTF-8 bytes acceptable. */
static void test_declared_other_encoding_still_utf8(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>\x90\x56\x8a\x83</prefecture>\n" /* 新潟 SJIS */
        "</applicant></plan>\n";
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(write_fixture("sjis.xml", xml,
                                                sizeof xml - 1), &d);
    assert_null(p);
    assert_int_equal(find_code(&d, "E101")->line, 3);
    gs_diags_free(&d);
}

/* ----------------------------------------------------------- E102 schema */

static void test_schema_reports_every_error(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("schema.xml",
                HEAD "<year fy=\"2025\">\n"
                     "<start>2025-13</start>\n"                    /* 8 */
                     "<budget month=\"2025-4\" kind=\"当初\"/>\n"  /* 9 */
                     "</year>\n"
                     "<year fy=\"2018\"/>\n"                       /* 11 */
                     "<totals eligibl=\"1,234\"/>\n"               /* 12 */
                     TAIL),
        &d);
    assert_null(p);
    bool l8 = false, l9 = false, l11 = false, l12 = false;
    for (size_t i = 0; i < d.n; i++) {
        assert_string_equal(d.v[i].code, "E102");
        assert_non_null(strstr(d.v[i].message, "スキーマに合いません"));
        l8 = l8 || d.v[i].line == 8;
        l9 = l9 || d.v[i].line == 9;
        l11 = l11 || d.v[i].line == 11;
        l12 = l12 || d.v[i].line == 12;
    }
    if (!(l8 && l9 && l11 && l12))
        dump(&d);
    assert_true(l8 && l9 && l11 && l12);
    gs_diags_free(&d);
}

/* A start tag written over several lines is placed on the line where it
 * begins, not where the parser finished it. */
static void test_multiline_start_tag_line(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("multiline.xml",
                HEAD "<year fy=\"2025\">\n"
                     "<soft>\n"
                     "<element\n"                  /* 9 */
                     "  no=\"1\"\n"
                     "  amount=\"5\"><name>x</name></element>\n"
                     "</soft>\n"
                     "</year>\n"
                     TAIL),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(p->years[0].soft.elems[0].pos.line, 9);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Schema errors speak Japanese, naming the element, with libxml2's own
 * words kept in brackets for whoever maintains the schema. */
static void test_schema_errors_in_japanese(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("schema-ja.xml",
                HEAD "<year fy=\"2025\">\n"
                     "<budgett month=\"2025-04\" kind=\"当初\"/>\n" /* 8 */
                     "</year>\n"
                     "<year fy=\"abc\"/>\n"                           /* 10 */
                     TAIL),
        &d);
    assert_null(p);
    bool unknown = false, attrs = false;
    for (size_t i = 0; i < d.n; i++) {
        unknown = unknown || (d.v[i].line == 8 &&
                              strstr(d.v[i].message, "<budgett> はここには書けません"));
        attrs = attrs || (d.v[i].line == 10 &&
                          strstr(d.v[i].message, "<year>（(別紙1-1) の年度のブロック） の属性の値が様式に合いません"));
    }
    if (!(unknown && attrs))
        dump(&d);
    assert_true(unknown && attrs);
    gs_diags_free(&d);
}

/* The first diagnostic's message contains want (the plan is refused). */
static void expect_message(const char *name, const char *xml, size_t len, const char *code,
                           const char *want)
{
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(write_fixture(name, xml, len), &d);
    assert_null(p);
    bool found = false;
    for (size_t i = 0; i < d.n; i++)
        found |= strcmp(d.v[i].code, code) == 0 && strstr(d.v[i].message, want);
    if (!found) {
        dump(&d);
        fail_msg("%s: no %s saying %s", name, code, want);
    }
    gs_diags_free(&d);
}

/* A missing element is named with its field, even where libxml2 names only
 * the element that came instead; a refused value says which are allowed;
 * a message libxml2 gives rarely is Japanese too. */
static void test_schema_names_what_is_expected(void **state)
{
    (void)state;
    static const char no_department[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>新潟県</prefecture><contact>係</contact></applicant>\n"
        "<project><name>事業</name><kinds>soft</kinds>"
        "<period first=\"2025\" last=\"2027\"/></project>\n</plan>\n";
    expect_message("nodept.xml", no_department, strlen(no_department), "E102",
                   "<applicant>（1. 申請者情報） に <department>（担当部署名） がありません");
    static const char no_department_at_end[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>新潟県</prefecture></applicant>\n"
        "<project><name>事業</name><kinds>soft</kinds>"
        "<period first=\"2025\" last=\"2027\"/></project>\n</plan>\n";
    expect_message("nodept2.xml", no_department_at_end, strlen(no_department_at_end), "E102",
                   "<department>（担当部署名）");
    static const char kinds[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>新潟県</prefecture><department>課</department></applicant>\n"
        "<project><name>事業</name><kinds>soft hard</kinds>"
        "<period first=\"2025\" last=\"2027\"/><scope>単</scope></project>\n</plan>\n";
    expect_message("kinds.xml", kinds, strlen(kinds), "E102",
                   "<kinds>（経費の種類） に書けない値 「hard」 があります。書けるのは soft・base・infra");
    expect_message("scope.xml", kinds, strlen(kinds), "E102", "書けるのは 単独 か 広域 です");
    static const char text_in_empty[] =
        HEAD "<year fy=\"2025\"><budget month=\"2025-04\" kind=\"当初\">x</budget></year>\n" TAIL;
    expect_message("budget.xml", text_in_empty, strlen(text_in_empty), "E102",
                   "<budget>（予算計上時期・予算種別");
    static const char no_ns[] =
        "<?xml version=\"1.0\"?>\n<plan version=\"1\"><applicant/></plan>\n";
    expect_message("nons.xml", no_ns, strlen(no_ns), "E102", "名前空間がありません");
}

/* A Word or Excel file, a PDF, a ZIP or a CSV given as a plan is named as
 * what it is, with what to give instead - not told to "save as UTF-8". */
static void test_other_files_named(void **state)
{
    (void)state;
    static const char docx[] = "PK\x03\x04\x14\0\0\0[Content_Types].xml....word/document.xml";
    static const char xlsx[] = "PK\x03\x04\x14\0\0\0[Content_Types].xml....xl/workbook.xml";
    static const char zip[] = "PK\x03\x04\x14\0\0\0plans/nagaoka.xml";
    static const char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....W\0o\0r\0k\0b\0o\0o\0k\0";
    static const char doc[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
    static const char pdf[] = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    static const char csv[] = "\xEF\xBB\xBFKPI,事業開始前（現時点）\nKPI①,2.00\n";
    static const char utf16[] = "\xFF\xFE<\0?\0x\0m\0l\0";
    expect_message("w.xml", docx, sizeof docx - 1, "E101", "Word の文書 (.docx) です");
    expect_message("x.xml", xlsx, sizeof xlsx - 1, "E101", "Excel のワークブック (.xlsx) です");
    expect_message("x.xml", xlsx, sizeof xlsx - 1, "E101", "名前を .xlsx に戻せば");
    expect_message("z.xml", zip, sizeof zip - 1, "E101", "ZIP の圧縮ファイルです。展開して");
    expect_message("xls.xml", xls, sizeof xls - 1, "E101", "古い形式の Excel のファイル (.xls)");
    expect_message("doc.xml", doc, sizeof doc - 1, "E101", "古い形式の Word の文書 (.doc)");
    expect_message("p.xml", pdf, sizeof pdf - 1, "E101", "PDF です");
    expect_message("c.xml", csv, sizeof csv - 1, "E101", "CSV のファイルのようです");
    expect_message("u.xml", utf16, sizeof utf16 - 1, "E101", "UTF-16 で保存されています");
    /* a plan whose first line has a comma is still a plan */
    static const char comma[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- a, b -->\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>新潟県</prefecture><department>課</department></applicant>\n"
        "<project><name>事業</name><kinds>soft</kinds>"
        "<period first=\"2025\" last=\"2027\"/></project>\n</plan>\n";
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture("comma.xml", comma), &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    gs_plan_free(p);
    gs_diags_free(&d);
}

static void test_schema_wrong_root_and_namespace(void **state)
{
    (void)state;
    expect_refused("ns.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan version=\"1\">\n"
                   "</plan>\n",
                   "E102", 2);
    expect_refused("version.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"2\">\n"
                   "</plan>\n",
                   "E102", 3);
}

static void test_schema_too_many_budgets_and_kpis(void **state)
{
    (void)state;
    expect_refused("budgets.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<budget month=\"2025-04\" kind=\"当初\"/>\n"
                        "<budget month=\"2025-06\" kind=\"補正\"/>\n"
                        "<budget month=\"2025-09\" kind=\"補正\"/>\n"
                        "<budget month=\"2025-12\" kind=\"補正\"/>\n" /* 11 */
                        "</year>\n" TAIL,
                   "E102", 11);
    expect_refused("kpis.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2025\"/></project>\n"
                   "<kpis>\n"
                   "<kpi no=\"1\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"2\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"3\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"4\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"5\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"6\" unit=\"u\">a</kpi>\n"
                   "<kpi no=\"7\" unit=\"u\">a</kpi>\n" /* 12 */
                   "</kpis>\n</plan>\n",
                   "E102", 12);
}

/* Before the schema sees it, a plan is held to the form's sizes (E107):
 * RELAX NG validation is quadratic in the number of siblings, so 40,000
 * paragraphs took seconds and a million took minutes. */
static void test_size_gate(void **state)
{
    (void)state;
    gs_buf x = GS_BUF_INIT;
    gs_buf_puts(&x, HEAD "<year fy=\"2025\"><soft><element no=\"1\" amount=\"1\">"
                         "<name>要素</name><description>\n");        /* 7 */
    for (int i = 0; i < 40000; i++)
        gs_buf_puts(&x, "<p>x</p>\n");
    gs_buf_puts(&x, "</description></element></soft></year>\n" TAIL);
    /* stopped while parsing, at the start tag over the limit */
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(write_fixture("many.xml", x.data, x.len), &d);
    assert_null(p);
    const gs_diag *g = find_code(&d, "E107");
    assert_true(g->line > 19000 && g->line < 20100);
    assert_int_equal(count_code(&d, "E102"), 0);
    gs_diags_free(&d);
    gs_buf_free(&x);

    /* 501 paragraphs in one description: refused at its line */
    gs_buf_puts(&x, HEAD "<year fy=\"2025\"><soft><element no=\"1\" amount=\"1\">"
                         "<name>要素</name>\n<description>\n");       /* 8 */
    for (int i = 0; i < 501; i++)
        gs_buf_puts(&x, "<p>x</p>");
    gs_buf_puts(&x, "</description></element></soft></year>\n" TAIL);
    expect_refused("501.xml", x.data, "E107", 8);
    gs_buf_free(&x);

    /* 500 are fine */
    gs_buf_puts(&x, HEAD "<year fy=\"2025\"><soft><element no=\"1\" amount=\"1\">"
                         "<name>要素</name>\n<description>\n");
    for (int i = 0; i < 500; i++)
        gs_buf_puts(&x, "<p>x</p>");
    gs_buf_puts(&x, "</description></element></soft></year>\n" TAIL);
    p = gs_xml_load_plan(write_fixture("500.xml", x.data, x.len), &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(p->years[0].soft.elems[0].ndesc, 500);
    gs_plan_free(p);
    gs_diags_free(&d);
    gs_buf_free(&x);

    /* 101 year blocks: more than any element may hold */
    gs_buf_puts(&x, HEAD);
    for (int i = 0; i < 101; i++)
        gs_buf_puts(&x, YEAR("2025", "1"));
    gs_buf_puts(&x, TAIL);
    expect_refused("years.xml", x.data, "E107", 6);
    gs_buf_free(&x);

    /* nested deeper than the form goes */
    gs_buf_puts(&x, HEAD "<year fy=\"2025\"><soft><element no=\"1\" amount=\"1\">"
                         "<name>要素</name><description><p>\n");          /* 7 */
    for (int i = 0; i < 12; i++)
        gs_buf_puts(&x, "<b>");
    for (int i = 0; i < 12; i++)
        gs_buf_puts(&x, "</b>");
    gs_buf_puts(&x, "</p></description></element></soft></year>\n" TAIL);
    expect_refused("deep.xml", x.data, "E107", 8);
    gs_buf_free(&x);
}

/* amount may be left out only when items give it. */
static void test_element_without_amount_or_items(void **state)
{
    (void)state;
    expect_refused("noamount.xml",
                   HEAD "<year fy=\"2025\"><soft>\n"
                        "<element no=\"1\"><name>x</name>\n" /* 8 */
                        "<description><p>説明だけ</p></description>\n"
                        "</element></soft></year>\n" TAIL,
                   "E102", 8);

    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("items.xml",
                HEAD "<year fy=\"2025\"><soft>\n"
                     "<element no=\"1\"><name>x</name><description>\n"
                     "<item amount=\"100\">a</item>\n"
                     "<item amount=\"２００千円\">b</item>\n"
                     "</description></element></soft></year>\n" TAIL),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    const gs_element *e = &p->years[0].soft.elems[0];
    assert_false(e->has_amount);
    assert_int_equal(e->ndesc, 2);
    assert_int_equal(e->desc[0].amount, 100);
    assert_int_equal(e->desc[1].amount, 200);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------------- E103 DTD and entities */

static void test_xxe_refused_without_reading(void **state)
{
    (void)state;
    char secret[600];
    snprintf(secret, sizeof secret, "%s/secret.txt", tmpdir);
    FILE *f = fopen(secret, "w");
    assert_non_null(f);
    fputs("TOP-SECRET-CONTENT\n", f);
    fclose(f);

    char xml[2048];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE plan [\n" /* line 2 */
             "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
             "]>\n"
             "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">"
             "<applicant><prefecture>&xxe;</prefecture>"
             "<department>d</department></applicant></plan>\n",
             secret);

    xmlExternalEntityLoader loader_before = xmlGetExternalEntityLoader();
    xmlStructuredErrorFunc serror_before = xmlStructuredError;

    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture("xxe.xml", xml), &d);
    assert_null(p);
    /* exactly the DOCTYPE refusal: the loader was never asked for anything
     * (it would have added a second E103) */
    if (d.n != 1)
        dump(&d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E103");
    assert_int_equal(d.v[0].line, 2);
    assert_null(strstr(d.v[0].message, "TOP-SECRET"));

    /* the global libxml2 hooks are restored */
    assert_ptr_equal(xmlGetExternalEntityLoader(), loader_before);
    assert_ptr_equal(xmlStructuredError, serror_before);
    gs_diags_free(&d);

    /* An external DTD alone is refused the same way. */
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "\n"
             "<!DOCTYPE plan SYSTEM \"file://%s\">\n" /* line 3 */
             "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\"/>\n",
             secret);
    expect_refused("extdtd.xml", xml, "E103", 3);
}

static void test_billion_laughs_refused(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE lolz [\n"
        " <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">&lol9;</plan>\n";
    clock_t t0 = clock();
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture("lol.xml", xml), &d);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E103");
    assert_int_equal(d.v[0].line, 2);
    assert_true(secs < 2.0); /* nothing was expanded */
    gs_diags_free(&d);
}

/* ------------------------------------------------------ E104 file gates */

static void test_oversize_refused(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/big.xml", tmpdir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("<?xml version=\"1.0\"?>\n<plan>", f);
    fclose(f);
    /* sparse: one byte over the limit without writing 8 MB */
    assert_int_equal(truncate(path, (off_t)GS_XML_MAX_BYTES + 1), 0);
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(path, &d);
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E104");
    gs_diags_free(&d);
}

static void test_unreadable_refused(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    char missing[600];
    snprintf(missing, sizeof missing, "%s/does-not-exist.xml", tmpdir);
    assert_null(gs_xml_load_plan(missing, &d));
    assert_null(gs_xml_load_plan(tmpdir, &d)); /* a directory */
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0].code, "E104");
    assert_string_equal(d.v[1].code, "E104");
    gs_diags_free(&d);
}

/* --------------------------------------------------- E105 bad values */

static void test_bad_amount(void **state)
{
    (void)state;
    /* 16 digits: well written, too large */
    expect_refused("amount.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<eligible>1234567890123456</eligible>\n" /* 8 */
                        "</year>\n" TAIL,
                   "E105", 8);
    /* not an amount: the reader says which notations are accepted, on one
     * line however the value was written */
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("amount-text.xml",
                HEAD "<year fy=\"2025\">\n"
                     "<eligible>\n  12.5\n  千円\n</eligible>\n" /* 8 */
                     "</year>\n" TAIL),
        &d);
    assert_null(p);
    if (d.n != 1)
        dump(&d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E105");
    assert_int_equal(d.v[0].line, 8);
    assert_non_null(strstr(d.v[0].message, "「12.5 千円」を読めません"));
    assert_non_null(strstr(d.v[0].message, "千円単位の整数"));
    assert_non_null(strstr(d.v[0].message, "△1,200"));
    assert_null(strchr(d.v[0].message, '\n'));
    gs_diags_free(&d);
}

static void test_bad_date(void **state)
{
    (void)state;
    expect_refused("date.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2025\"/></project>\n"
                   "<expenses date=\"2025-02-29\">\n" /* 5: not a leap year */
                   "</expenses>\n</plan>\n",
                   "E105", 5);
}

static void test_period_reversed(void **state)
{
    (void)state;
    expect_refused("period.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>\n"
                   "<period first=\"2027\" last=\"2025\"/></project>\n" /* 5 */
                   "</plan>\n",
                   "E105", 5);
}

static void test_control_characters(void **state)
{
    (void)state;
    /* DEL and C1 are legal XML 1.0 characters, CR can be written as a
     * reference: all three are refused in texts. */
    expect_refused("del.xml",
                   HEAD "<year fy=\"2025\"><positioning>\n"
                        "ok\n"
                        "bad&#x7F;\n" /* 9 */
                        "</positioning></year>\n" TAIL,
                   "E105", 9);
    expect_refused("c1.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<positioning>x&#x85;y</positioning></year>\n" /* 8 */
                        TAIL,
                   "E105", 8);
    expect_refused("cr.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<positioning>x&#13;y</positioning></year>\n" /* 8 */
                        TAIL,
                   "E105", 8);
    /* a C0 control is not even XML */
    expect_refused("c0.xml",
                   HEAD "<year fy=\"2025\">\n"
                        "<positioning>x&#1;y</positioning></year>\n" /* 8 */
                        TAIL,
                   "E101", 8);
}

static void test_empty_required_text(void **state)
{
    (void)state;
    expect_refused("empty.xml",
                   HEAD "<year fy=\"2025\"><soft>\n"
                        "<element no=\"1\" amount=\"1\">\n"
                        "<name>\n   \n</name>\n" /* 9 */
                        "</element></soft></year>\n" TAIL,
                   "E105", 9);
}

/* ------------------------------------------------------ E106 duplicates */

static void test_duplicate_fy(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("dupfy.xml",
                HEAD YEAR("2025", "1") /* 7 */
                     YEAR("2026", "2") /* 8 */
                     YEAR("2025", "3") /* 9 */
                     TAIL),
        &d);
    assert_null(p);
    const gs_diag *g = find_code(&d, "E106");
    assert_int_equal(g->line, 9);
    assert_non_null(strstr(g->message, "7 行目"));
    gs_diags_free(&d);
}

static void test_duplicate_element_and_kpi(void **state)
{
    (void)state;
    expect_refused("dupel.xml",
                   HEAD "<year fy=\"2025\"><soft>\n"
                        "<element no=\"1\" amount=\"1\"><name>a</name></element>\n"
                        "<element no=\"1\" amount=\"2\"><name>b</name></element>\n" /* 9 */
                        "</soft></year>\n" TAIL,
                   "E106", 9);
    expect_refused("dupkpi.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2025\"/></project>\n"
                   "<kpis>\n"
                   "<kpi no=\"2\" unit=\"人\">a</kpi>\n"
                   "<kpi no=\"2\" unit=\"人\">b</kpi>\n" /* 7 */
                   "</kpis>\n</plan>\n",
                   "E106", 7);
    /* the same element number in soft and facility is fine */
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("twoparts.xml",
                HEAD "<year fy=\"2025\">\n"
                     "<soft><element no=\"1\" amount=\"1\"><name>a</name>"
                     "</element></soft>\n"
                     "<facility><element no=\"1\" amount=\"2\"><name>b</name>"
                     "</element></facility>\n"
                     "</year>\n" TAIL),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(p->years[0].facility.elems[0].amount, 2);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* Line numbers stay exact past 65535 (libxml2 needs BIG_LINES for that). */
static void test_big_line_numbers(void **state)
{
    (void)state;
    enum { PAD = 70000 };
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, HEAD);
    for (int i = 0; i < PAD; i++)
        gs_buf_putc(&b, '\n');
    gs_buf_puts(&b, YEAR("2025", "1"));            /* 7 + PAD */
    gs_buf_puts(&b, YEAR("2025", "2"));            /* 8 + PAD */
    gs_buf_puts(&b, TAIL);
    expect_refused("big-dup.xml", b.data, "E106", 8 + PAD);

    gs_buf_clear(&b);
    gs_buf_puts(&b, HEAD);
    for (int i = 0; i < PAD; i++)
        gs_buf_putc(&b, '\n');
    gs_buf_puts(&b, "<year fy=\"2025\"><bogus/></year>\n"); /* 7 + PAD */
    gs_buf_puts(&b, TAIL);
    expect_refused("big-schema.xml", b.data, "E102", 7 + PAD);

    gs_buf_clear(&b);
    gs_buf_puts(&b, HEAD);
    for (int i = 0; i < PAD; i++)
        gs_buf_putc(&b, '\n');
    gs_buf_puts(&b, "<year fy=\"2025\"></yaer>\n"); /* 7 + PAD */
    gs_buf_puts(&b, TAIL);
    expect_refused("big-syntax.xml", b.data, "E101", 7 + PAD);
    gs_buf_free(&b);
}

/* -------------------------------------------------- text normalisation */

static void test_text_normalisation(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("norm.xml",
                HEAD "<year fy=\"2025\">\n"
                     "  <positioning>\n"
                     "      一行目の  文   \n"
                     "\n"
                     "  \t  二行目<!-- comment -->です\n"
                     "      \u3000字下げした三行目\n"
                     "  </positioning>\n"
                     "  <soft count=\" 1 \" total=\" △1,200千円 \">\n"
                     "    <element no=\"1\" kpi=\" 1  1 \" amount=\"-1200\">\n"
                     "      <name><![CDATA[a < b]]> &amp; c</name>\n"
                     "    </element>\n"
                     "  </soft>\n"
                     "</year>\n" TAIL),
        &d);
    /* the duplicate KPI reference is the one error here */
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E106");
    assert_int_equal(d.v[0].line, 15);
    gs_diags_free(&d);

    p = gs_xml_load_plan(
        fixture("norm2.xml",
                HEAD "<year fy=\"2025\">\n"
                     "  <positioning>\n"
                     "      一行目の  文   \n"
                     "\n"
                     "  \t  二行目<!-- comment -->です\n"
                     "      \u3000字下げした三行目\n"
                     "  </positioning>\n"
                     "  <soft count=\" 1 \" total=\" △1,200千円 \">\n"
                     "    <element no=\"1\" kpi=\" 3  1 \" amount=\"-1200\">\n"
                     "      <name><![CDATA[a < b]]> &amp; c</name>\n"
                     "    </element>\n"
                     "  </soft>\n"
                     "</year>\n" TAIL),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    const gs_year *y = &p->years[0];
    assert_string_equal(y->positioning,
                        "一行目の  文\n二行目です\n\u3000字下げした三行目");
    assert_int_equal(y->soft.count, 1);
    assert_int_equal(y->soft.total, -1200);
    const gs_element *e = &y->soft.elems[0];
    assert_string_equal(e->name, "a < b & c");
    assert_int_equal(e->amount, -1200);
    assert_int_equal(e->nkpis, 2);
    assert_int_equal(e->kpis[0], 3);
    assert_int_equal(e->kpis[1], 1);
    assert_int_equal(e->pos.line, 15);
    assert_int_equal(e->ndesc, 0);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------------ the sheets beyond 1-1 */

/* A plan head without sections: PLAN_HEAD (notation_cases.h, shared with
 * test_csv.c) is lines 1-4, so the body starts on line 5; the period is
 * 2025-2027. */

/* Loads xml expecting success; the caller frees. */
static gs_plan *load_ok(const char *name, const char *xml)
{
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture(name, xml), &d);
    if (!p || d.n)
        dump(&d);
    assert_non_null(p);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    return p;
}

static void test_applicant_and_project_fields(void **state)
{
    (void)state;
    gs_plan *p = load_ok(
        "fields.xml",
        "<?xml version=\"1.0\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant government=\"core-city\"><prefecture>p</prefecture>"
        "<municipality>m</municipality><department>d</department>"
        "<contact> 山田 太郎 </contact><phone>0258-00-0000</phone>"
        "<email>a@example.jp</email></applicant>\n"
        "<project><name>n</name><kinds>soft</kinds>"
        "<period first=\"2025\" last=\"2027\"/><scope>広域</scope>"
        "<field>しごと創生分野</field>\n"
        "<changes decided=\"2025-04-01\" minor-change=\"2025-10-15\"/>\n"
        "<bodies>\n"
        "<body prefecture=\"新潟県\" code=\"150002\">\n"  /* 7 */
        "<amount fy=\"2027\">1,000千円</amount></body>\n" /* 8 */
        "<body prefecture=\"新潟県\" municipality=\"長岡市\" code=\" 152021 \"/>\n"
        "</bodies></project>\n" PLAN_TAIL);
    assert_int_equal(p->gov, GS_GOV_CORE_CITY);
    assert_string_equal(p->contact, "山田 太郎");
    assert_string_equal(p->phone, "0258-00-0000");
    assert_string_equal(p->email, "a@example.jp");
    assert_true(p->wide_area);
    assert_string_equal(p->field, "しごと創生分野");
    assert_int_equal(p->decided.year, 2025);
    assert_int_equal(p->decided.month, 4);
    assert_int_equal(p->decided.day, 1);
    assert_int_equal(p->minor_change.month, 10);
    assert_int_equal(p->minor_change.day, 15);
    assert_int_equal(p->nbodies, 2);
    assert_null(p->bodies[0].municipality);
    assert_string_equal(p->bodies[0].code, "150002");
    assert_int_equal(p->bodies[0].pos.line, 7);
    assert_false(p->bodies[0].amount[0].has);
    assert_true(p->bodies[0].amount[2].has);
    assert_int_equal(p->bodies[0].amount[2].v, 1000);
    assert_int_equal(p->bodies[0].amount[2].pos.line, 8);
    assert_string_equal(p->bodies[1].code, "152021");
    assert_string_equal(p->bodies[1].municipality, "長岡市");
    gs_plan_free(p);

    /* Without government: what the applicant's name says. */
    p = load_ok("gov.xml", PLAN_HEAD PLAN_TAIL);
    assert_int_equal(p->gov, GS_GOV_PREFECTURE);
    assert_false(p->wide_area);
    assert_null(p->field);
    assert_int_equal(p->nbodies, 0);
    gs_plan_free(p);
}

static void test_bad_code_and_dates(void **state)
{
    (void)state;
    /* 152021 is Nagaoka; the last digit is a check digit */
    expect_refused("code.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2027\"/><bodies>\n"
                   "<body prefecture=\"新潟県\" code=\"152022\"/>\n" /* 5 */
                   "</bodies></project>\n" PLAN_TAIL,
                   "E105", 5);
    expect_refused("decided.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2027\"/>\n"
                   "<changes minor-change=\"2026-02-29\"/>\n" /* 5 */
                   "</project>\n" PLAN_TAIL,
                   "E105", 5);
    expect_refused("strategy-date.xml",
                   PLAN_HEAD "<strategies>\n"
                             "<current from=\"2020-04-01\" to=\"2026-03-31\">a"
                             "</current>\n"
                             "<next from=\"2026-04-31\">b</next>\n" /* 7 */
                             "</strategies>\n" PLAN_TAIL,
                   "E105", 7);
    expect_refused("strategy-order.xml",
                   PLAN_HEAD "<strategies>\n"
                             "<current from=\"2026-04-01\" to=\"2026-03-31\">"
                             "a</current>\n" /* 6 */
                             "</strategies>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("regional.xml",
                   PLAN_HEAD "<regional-plan><name>n</name>\n"
                             "<period from=\"認定の日\" to=\"2025-06-31\"/>\n" /* 6 */
                             "</regional-plan>\n" PLAN_TAIL,
                   "E105", 6);
    /* spelled wrong: the schema */
    expect_refused("strategy-shape.xml",
                   PLAN_HEAD "<strategies>\n"
                             "<current from=\"2020/04/01\">a</current>\n" /* 6 */
                             "</strategies>\n" PLAN_TAIL,
                   "E102", 6);
}

/* The 地域再生計画's own content: every text in its place (with its line),
 * the support measure's code, and the figures it repeats as typed (the
 * validator compares them with the 実施計画's); the 郡 of a town. */
static void test_regional_plan_fields(void **state)
{
    (void)state;
    gs_plan *p = load_ok(
        "regional-fields.xml",
        "<?xml version=\"1.0\"?>\n"
        "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
        "<applicant><prefecture>新潟県</prefecture><county>南魚沼郡</county>"
        "<municipality>湯沢町</municipality><department>d</department>"
        "</applicant>\n"
        "<project><name>n</name><kinds>soft</kinds>"
        "<period first=\"2025\" last=\"2027\"/><bodies>\n"
        "<body prefecture=\"新潟県\" county=\"南魚沼郡\" municipality=\"湯沢町\""
        " code=\"154610\"/>\n"
        "</bodies></project>\n"
        "<regional-plan>\n"                                   /* 7 */
        "<author>新潟県南魚沼郡湯沢町</author>\n"              /* 8 */
        "<issues>課題</issues>\n"                              /* 9 */
        "<future>将来像</future>\n"
        "<targets>\n"                                          /* 11 */
        "<kpi no=\"2\" unit=\"人\"><name>観光客数</name>\n"    /* 12 */
        "<baseline>100</baseline><increase fy=\"2026\">+5</increase>\n"
        "<total>15</total></kpi>\n"
        "<kpi no=\"1\"><increase fy=\"2025\">3</increase></kpi>\n" /* 15 */
        "</targets>\n"
        "<outline>概要</outline>\n"
        "<measure code=\" A3007 \">地方創生推進交付金（内閣府）</measure>\n" /* 18 */
        "<content>内容</content>\n"
        "<leading><autonomy>自立</autonomy>\n"
        "<public-private>官民</public-private>\n"
        "<inter-regional>地域間</inter-regional>\n"
        "<inter-policy>政策間</inter-policy></leading>\n"     /* 23 */
        "<cost total=\"38,157\"/>\n"                           /* 24 */
        "<project-period from=\"2025-04-01\" to=\"2028-03-31\"/>\n" /* 25 */
        "<other>特になし。</other>\n"
        "<other-projects><basic-policy>基本方針</basic-policy>"
        "<own>独自</own></other-projects>\n"                  /* 27 */
        "</regional-plan>\n" PLAN_TAIL);
    assert_string_equal(p->county, "南魚沼郡");
    assert_string_equal(p->bodies[0].county, "南魚沼郡");
    const gs_regional *r = &p->regional;
    assert_int_equal(r->pos.line, 7);
    assert_string_equal(r->text[GS_RT_AUTHOR], "新潟県南魚沼郡湯沢町");
    assert_int_equal(r->text_pos[GS_RT_AUTHOR].line, 8);
    assert_string_equal(r->text[GS_RT_ISSUES], "課題");
    assert_int_equal(r->text_pos[GS_RT_ISSUES].line, 9);
    assert_string_equal(r->text[GS_RT_FUTURE], "将来像");
    assert_string_equal(r->text[GS_RT_OUTLINE], "概要");
    assert_string_equal(r->text[GS_RT_MEASURE], "地方創生推進交付金（内閣府）");
    assert_string_equal(r->measure_code, "A3007");
    assert_string_equal(r->text[GS_RT_CONTENT], "内容");
    assert_string_equal(r->text[GS_RT_AUTONOMY], "自立");
    assert_string_equal(r->text[GS_RT_PUBLIC_PRIVATE], "官民");
    assert_string_equal(r->text[GS_RT_INTER_REGIONAL], "地域間");
    assert_string_equal(r->text[GS_RT_INTER_POLICY], "政策間");
    assert_int_equal(r->text_pos[GS_RT_INTER_POLICY].line, 23);
    assert_string_equal(r->text[GS_RT_OTHER], "特になし。");
    assert_string_equal(r->text[GS_RT_BASIC_POLICY], "基本方針");
    assert_string_equal(r->text[GS_RT_OWN], "独自");
    assert_int_equal(r->text_pos[GS_RT_OWN].line, 27);
    assert_true(r->total_cost.has);
    assert_int_equal(r->total_cost.v, 38157);
    assert_int_equal(r->total_cost.pos.line, 24);
    assert_true(r->has_period);
    assert_int_equal(r->period_from.year, 2025);
    assert_int_equal(r->period_to.month, 3);
    assert_int_equal(r->period_to.day, 31);
    assert_int_equal(r->period_pos.line, 25);
    assert_true(r->has_targets);
    assert_int_equal(r->targets_pos.line, 11);
    assert_int_equal(r->ntargets, 2);
    const gs_kpi *k = gs_kpi_find(r->targets, r->ntargets, 2);
    assert_non_null(k);
    assert_int_equal(k->pos.line, 12);
    assert_string_equal(k->name, "観光客数");
    assert_string_equal(k->unit, "人");
    assert_int_equal(k->baseline.v, 10000);
    assert_false(k->inc[0].has);
    assert_int_equal(k->inc[1].v, 500);
    assert_int_equal(k->total.v, 1500);
    k = gs_kpi_find(r->targets, r->ntargets, 1);
    assert_null(k->name);
    assert_null(k->unit);
    assert_int_equal(k->inc[0].v, 300);
    assert_int_equal(k->pos.line, 15);
    gs_plan_free(p);

    /* nothing of it: the 12. fields alone, as before */
    p = load_ok("regional-none.xml", PLAN_HEAD PLAN_TAIL);
    assert_int_equal(p->regional.pos.line, 0);
    assert_false(p->regional.has_targets);
    assert_null(p->regional.text[GS_RT_ISSUES]);
    assert_null(p->county);
    gs_plan_free(p);

    /* a reversed 事業実施期間, a target outside the columns, a repeated
     * target, an empty text, a code spelt wrong */
    expect_refused("rp-period.xml",
                   PLAN_HEAD "<regional-plan>\n"
                             "<project-period from=\"2028-04-01\" to=\"2028-03-31\"/>\n"
                             "</regional-plan>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("rp-target-fy.xml",
                   PLAN_HEAD "<regional-plan><targets>\n"
                             "<kpi no=\"1\"><increase fy=\"2024\">1</increase></kpi>\n"
                             "</targets></regional-plan>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("rp-target-dup.xml",
                   PLAN_HEAD "<regional-plan><targets>\n"
                             "<kpi no=\"1\"/>\n"
                             "<kpi no=\"1\"/>\n" /* 7 */
                             "</targets></regional-plan>\n" PLAN_TAIL,
                   "E106", 7);
    expect_refused("rp-empty.xml",
                   PLAN_HEAD "<regional-plan>\n"
                             "<leading><autonomy>  </autonomy></leading>\n" /* 6 */
                             "</regional-plan>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("rp-code.xml",
                   PLAN_HEAD "<regional-plan>\n"
                             "<measure code=\"3007\">m</measure>\n" /* 6 */
                             "</regional-plan>\n" PLAN_TAIL,
                   "E102", 6);
}

static void test_overview_fields(void **state)
{
    (void)state;
    gs_plan *p = load_ok(
        "overview.xml",
        PLAN_HEAD "<overview>\n"
                  "<first-round>令和7年度第2回募集</first-round>\n"
                  "<period>R7年度</period>\n"                     /* 7 */
                  "<cost first-year=\"１２，２１９千円\"/>\n"      /* 8 */
                  "<kpi-targets>\n"
                  "<kpi no=\"2\" target=\"30\" unit=\"人\">a</kpi>\n"
                  "<kpi no=\"2\" target=\" 30.00 \" unit=\"人\">b</kpi>\n"
                  "<kpi no=\"3\" target=\"+30\" unit=\"人\">c</kpi>\n"
                  "<kpi no=\"4\" target=\"△0.51\" unit=\"%\">d</kpi>\n"
                  "<kpi no=\"5\" target=\"＋３０．５\" unit=\"人\">e</kpi>\n"
                  "<kpi no=\"6\" target=\"▲1,234.5\" unit=\"百万円/年\">"
                  "f</kpi>\n" /* 15 */
                  "</kpi-targets></overview>\n" PLAN_TAIL);
    const gs_overview *o = &p->overview;
    assert_string_equal(o->first_round, "令和7年度第2回募集");
    assert_null(o->purpose);
    assert_true(o->has_period);
    assert_int_equal(o->period_first, 2025);
    assert_int_equal(o->period_last, 2025);
    assert_int_equal(o->period_pos.line, 7);
    assert_false(o->total_cost.has);
    assert_true(o->first_cost.has);
    assert_int_equal(o->first_cost.v, 12219);
    assert_int_equal(o->first_cost.pos.line, 8);
    static const int64_t want[] = {3000, 3000, 3000, -51, 3050, -123450};
    assert_int_equal(o->nkpis, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(o->kpis[i].target, want[i]);
    assert_int_equal(o->kpis[0].no, 2);
    assert_int_equal(o->kpis[1].no, 2); /* repeats are the validator's */
    assert_string_equal(o->kpis[5].unit, "百万円/年");
    assert_int_equal(o->kpis[5].pos.line, 15);
    gs_plan_free(p);

    p = load_ok("period2.xml", PLAN_HEAD
                "<overview><period>R7-R11年度</period></overview>\n" PLAN_TAIL);
    assert_int_equal(p->overview.period_first, 2025);
    assert_int_equal(p->overview.period_last, 2029);
    gs_plan_free(p);

    /* every notation of gs_notation_period, 令和元年度 included */
    static const struct {
        const char *text;
        int first, last;
    } periods[] = {
        {"令和元年度～令和3年度", 2019, 2021}, {"R元-R3", 2019, 2021},
        {"元年度-3年度", 2019, 2021},          {" 令和7～9年度 ", 2025, 2027},
        {"2025-2027", 2025, 2027},             {"Ｒ７", 2025, 2025},
    };
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) {
        gs_buf x = GS_BUF_INIT;
        gs_buf_printf(&x, PLAN_HEAD "<overview><period>%s</period>"
                                    "</overview>\n" PLAN_TAIL,
                      periods[i].text);
        p = load_ok("period3.xml", x.data);
        assert_true(p->overview.has_period);
        assert_int_equal(p->overview.period_first, periods[i].first);
        assert_int_equal(p->overview.period_last, periods[i].last);
        gs_plan_free(p);
        gs_buf_free(&x);
    }

    expect_refused("period-rev.xml",
                   PLAN_HEAD "<overview>\n"
                             "<period>R9-R7</period>\n" /* 6 */
                             "</overview>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("period-far.xml",
                   PLAN_HEAD "<overview>\n"
                             "<period>R7-R82</period>\n" /* 6: FY2100 */
                             "</overview>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("period-shape.xml",
                   PLAN_HEAD "<overview>\n"
                             "<period>来年度から</period>\n" /* 6 */
                             "</overview>\n" PLAN_TAIL,
                   "E105", 6);
    /* seven targets: the schema */
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, PLAN_HEAD "<overview><kpi-targets>\n");
    for (int i = 1; i <= 7; i++) /* lines 6..12 */
        gs_buf_printf(&b, "<kpi no=\"%d\" target=\"1\" unit=\"u\">k</kpi>\n",
                      i > 6 ? 6 : i);
    gs_buf_puts(&b, "</kpi-targets></overview>\n" PLAN_TAIL);
    expect_refused("targets7.xml", b.data, "E102", 12);
    gs_buf_free(&b);
}

/* KPI figures are hundredths: at most two decimals, every spelling
 * planners use. */
static void test_kpi_decimals(void **state)
{
    (void)state;
    gs_plan *p = load_ok(
        "kpi-fig.xml",
        PLAN_HEAD "<kpis>\n"
                  "<kpi no=\"1\" unit=\"%\">\n"
                  "<name>率</name>\n"
                  "<rationale>\n  一行目\n  二行目\n</rationale>\n"
                  "<baseline>▲1.5</baseline>\n"
                  "<increase fy=\"2025\">-0.05</increase>\n"
                  "<increase fy=\"2034\">０</increase>\n" /* 14: column 9 */
                  "<total> 1,000.1 </total>\n"
                  "</kpi>\n"
                  "<kpi no=\"2\" unit=\"人\">短い形</kpi>\n"
                  "</kpis>\n" PLAN_TAIL);
    const gs_kpi *k = gs_plan_lookup_kpi(p, 1);
    assert_string_equal(k->name, "率");
    assert_string_equal(k->unit, "%");
    assert_string_equal(k->rationale, "一行目\n二行目");
    assert_int_equal(k->baseline.v, -150);
    assert_true(k->inc[0].has);
    assert_int_equal(k->inc[0].v, -5);
    assert_false(k->inc[1].has);
    assert_true(k->inc[9].has);
    assert_int_equal(k->inc[9].v, 0);
    assert_int_equal(k->inc[9].pos.line, 14);
    assert_int_equal(k->total.v, 100010);
    const gs_kpi *k2 = gs_plan_lookup_kpi(p, 2);
    assert_string_equal(k2->name, "短い形");
    assert_null(k2->rationale);
    assert_false(k2->baseline.has);
    assert_false(k2->total.has);
    gs_plan_free(p);

    /* more than two decimals */
    gs_diags d = GS_DIAGS_INIT;
    p = gs_xml_load_plan(
        fixture("kpi-places.xml",
                PLAN_HEAD "<overview><kpi-targets>\n"
                          "<kpi no=\"1\" target=\"+30.001\" unit=\"人\">a</kpi>\n" /* 6 */
                          "</kpi-targets></overview>\n"
                          "<kpis><kpi no=\"1\" unit=\"人\"><name>a</name>\n"
                          "<baseline>３０．５５５</baseline>\n" /* 9 */
                          "<increase fy=\"2025\">99999999999999</increase>\n" /* 10 */
                          "<total>30.000</total>\n" /* 11: zeros, as Excel writes */
                          "</kpi></kpis>\n" PLAN_TAIL),
        &d);
    assert_null(p);
    if (d.n != 3)
        dump(&d);
    assert_int_equal(d.n, 3);
    static const int lines[] = {6, 9, 10};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(d.v[i].code, "E105");
        assert_int_equal(d.v[i].line, lines[i]);
    }
    assert_non_null(strstr(d.v[0].message, "小数第 2 位まで"));
    assert_non_null(strstr(d.v[0].message, "+30.001"));
    assert_non_null(strstr(d.v[1].message, "小数第 2 位まで"));
    gs_diags_free(&d);

    /* not a number at all: the figure's parser, which says what is
     * accepted */
    expect_refused("kpi-shape.xml",
                   PLAN_HEAD "<kpis><kpi no=\"1\" unit=\"人\"><name>a</name>\n"
                             "<baseline>1e3</baseline>\n" /* 6 */
                             "</kpi></kpis>\n" PLAN_TAIL,
                   "E105", 6);
    p = gs_xml_load_plan(
        fixture("kpi-point.xml",
                PLAN_HEAD "<overview><kpi-targets>\n"
                          "<kpi no=\"1\" target=\"30.\" unit=\"人\">a</kpi>\n" /* 6 */
                          "</kpi-targets></overview>\n" PLAN_TAIL),
        &d);
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E105");
    assert_int_equal(d.v[0].line, 6);
    assert_non_null(strstr(d.v[0].message, "「30.」を読めません"));
    assert_non_null(strstr(d.v[0].message, "＋３０．５"));
    gs_diags_free(&d);
}

/* Year columns start at the period's first year: ten for KPI 増加分, six
 * for the 自立性 schedule, five for 申請額. */
static void test_fy_columns(void **state)
{
    (void)state;
    expect_refused("inc-late.xml",
                   PLAN_HEAD "<kpis><kpi no=\"1\" unit=\"人\"><name>a</name>\n"
                             "<increase fy=\"2035\">1</increase>\n" /* 6 */
                             "</kpi></kpis>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("inc-early.xml",
                   PLAN_HEAD "<kpis><kpi no=\"1\" unit=\"人\"><name>a</name>\n"
                             "<increase fy=\"2024\">1</increase>\n" /* 6 */
                             "</kpi></kpis>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("inc-dup.xml",
                   PLAN_HEAD "<kpis><kpi no=\"1\" unit=\"人\"><name>a</name>\n"
                             "<increase fy=\"2026\">1</increase>\n"
                             "<increase fy=\"2026\">2</increase>\n" /* 7 */
                             "</kpi></kpis>\n" PLAN_TAIL,
                   "E106", 7);
    expect_refused("fund-late.xml",
                   PLAN_HEAD "<funding><source no=\"A\"><kind>k</kind>\n"
                             "<value fy=\"2030\">1</value>\n"
                             "<value fy=\"2031\">1</value>\n" /* 7 */
                             "</source></funding>\n" PLAN_TAIL,
                   "E105", 7);
    expect_refused("fund-row-dup.xml",
                   PLAN_HEAD "<funding><eligible>\n"
                             "<value fy=\"2025\">1</value>\n"
                             "<value fy=\"2025\">1</value>\n" /* 7 */
                             "</eligible></funding>\n" PLAN_TAIL,
                   "E106", 7);
    expect_refused("body-late.xml",
                   "<?xml version=\"1.0\"?>\n"
                   "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                   "<applicant><prefecture>p</prefecture>"
                   "<department>d</department></applicant>\n"
                   "<project><name>n</name><kinds>soft</kinds>"
                   "<period first=\"2025\" last=\"2027\"/><bodies>\n"
                   "<body prefecture=\"新潟県\" code=\"152021\">\n"
                   "<amount fy=\"2030\">1</amount>\n" /* 6 */
                   "</body></bodies></project>\n" PLAN_TAIL,
                   "E105", 6);
}

static void test_funding_and_actors(void **state)
{
    (void)state;
    gs_plan *p = load_ok(
        "funding.xml",
        PLAN_HEAD "<funding>\n"
                  "<source no=\"E\"><kind>基金</kind>\n" /* 6 */
                  "<value fy=\"2030\">△100</value></source>\n"
                  "<source no=\"B\"><kind>負担金</kind><content>内容</content>"
                  "</source>\n"
                  "<total><before>5</before><value fy=\"2025\">0</value>"
                  "</total>\n"
                  "<base><value fy=\"2026\">7</value></base>\n"
                  "<project-cost><value fy=\"2027\">9</value></project-cost>\n"
                  "</funding>\n"
                  "<actors>\n"
                  "<actor sector=\"住民全般\"><name>町内会</name></actor>\n" /* 14 */
                  "<actor sector=\"労\"><name>労働組合</name>"
                  "<role>意見</role></actor>\n"
                  "</actors>\n"
                  "<verification><timing>毎年度 9 月</timing></verification>\n"
                  PLAN_TAIL);
    const gs_funding *f = &p->funding;
    assert_null(f->effort);
    assert_string_equal(f->src[4].kind, "基金");
    assert_null(f->src[4].content);
    assert_int_equal(f->src[4].pos.line, 6);
    assert_true(f->src[4].v[5].has);
    assert_int_equal(f->src[4].v[5].v, -100);
    assert_false(f->src[4].before.has);
    assert_string_equal(f->src[1].content, "内容");
    assert_null(f->src[0].kind);
    assert_true(f->total_before.has);
    assert_int_equal(f->total_before.v, 5);
    assert_true(f->total[0].has);
    assert_int_equal(f->base[1].v, 7);
    assert_int_equal(f->project[2].v, 9);
    assert_false(f->eligible[0].has);
    assert_string_equal(p->actors[GS_ACTOR_RESIDENTS].name, "町内会");
    assert_null(p->actors[GS_ACTOR_RESIDENTS].role);
    assert_int_equal(p->actors[GS_ACTOR_RESIDENTS].pos.line, 14);
    assert_string_equal(p->actors[GS_ACTOR_LABOUR].role, "意見");
    assert_null(p->actors[GS_ACTOR_INDUSTRY].name);
    assert_string_equal(p->verify_timing, "毎年度 9 月");
    assert_null(p->verify_method);
    gs_plan_free(p);

    gs_diags d = GS_DIAGS_INIT;
    p = gs_xml_load_plan(
        fixture("dup-sheets.xml",
                PLAN_HEAD "<funding>\n"
                          "<source no=\"A\"><kind>a</kind></source>\n" /* 6 */
                          "<source no=\"A\"><kind>b</kind></source>\n" /* 7 */
                          "</funding>\n"
                          "<actors>\n"
                          "<actor sector=\"産\"><name>a</name></actor>\n" /* 10 */
                          "<actor sector=\"産\"><name>b</name></actor>\n" /* 11 */
                          "</actors>\n" PLAN_TAIL),
        &d);
    assert_null(p);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0].code, "E106");
    assert_int_equal(d.v[0].line, 7);
    assert_non_null(strstr(d.v[0].message, "6 行目"));
    assert_string_equal(d.v[1].code, "E106");
    assert_int_equal(d.v[1].line, 11);
    assert_non_null(strstr(d.v[1].message, "10 行目"));
    gs_diags_free(&d);

    /* a stated row that has no 事業開始前 column */
    expect_refused("before.xml",
                   PLAN_HEAD "<funding><eligible>\n"
                             "<before>1</before>\n" /* 6 */
                             "</eligible></funding>\n" PLAN_TAIL,
                   "E102", 6);
    /* a sector the form does not have */
    expect_refused("sector.xml",
                   PLAN_HEAD "<actors>\n"
                             "<actor sector=\"農\"><name>a</name></actor>\n" /* 6 */
                             "</actors>\n" PLAN_TAIL,
                   "E102", 6);
}

static void test_theme_links_excluded(void **state)
{
    (void)state;
    gs_plan *p = load_ok(
        "theme.xml",
        PLAN_HEAD "<background><issues>課題</issues></background>\n"
                  "<theme applies=\"yes\">\n  地方創生2.0\n</theme>\n"
                  "<links> pfi\n startups pfi </links>\n"
                  "<excluded>no</excluded>\n" PLAN_TAIL);
    assert_null(p->background_future);
    assert_string_equal(p->background_issues, "課題");
    assert_true(p->theme_applies);
    assert_string_equal(p->theme, "地方創生2.0");
    static const bool want[GS_MAX_LINKS] = {false, true, false,
                                            false, false, true};
    for (int i = 0; i < GS_MAX_LINKS; i++)
        assert_int_equal(p->links[i], want[i]);
    assert_false(p->excluded);
    gs_plan_free(p);

    p = load_ok("links-all.xml",
                PLAN_HEAD "<links>other-subsidies pfi flexible-measures "
                          "regional-revitalisation-act special-zones startups"
                          "</links>\n<excluded>yes</excluded>\n" PLAN_TAIL);
    for (int i = 0; i < GS_MAX_LINKS; i++)
        assert_true(p->links[i]);
    assert_true(p->excluded);
    gs_plan_free(p);

    expect_refused("theme-empty.xml",
                   PLAN_HEAD "<theme applies=\"yes\">\n"
                             "   </theme>\n" PLAN_TAIL,
                   "E105", 5);
    expect_refused("theme-no-text.xml",
                   PLAN_HEAD "<theme applies=\"no\">\n" /* 5 */
                             "テーマ</theme>\n" PLAN_TAIL,
                   "E102", 5);
    expect_refused("links-bad.xml",
                   PLAN_HEAD "<links>pfi\n"
                             "tokku</links>\n" PLAN_TAIL,
                   "E102", 5);
    /* sections in form order */
    expect_refused("order.xml",
                   PLAN_HEAD "<excluded>yes</excluded>\n"
                             "<theme applies=\"no\"/>\n" /* 6 */
                             PLAN_TAIL,
                   "E102", 6);
}

/* ------------------------------------------------------- CSV references */

static void test_csv_path_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "/etc/passwd", "../x.csv", "data/../../x.csv", "data/..",
        "data\\kpi.csv", "  "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char xml[1024];
        snprintf(xml, sizeof xml,
                 PLAN_HEAD "<kpis csv=\"%s\">\n" /* 5 */
                           "<kpi no=\"1\" unit=\"人\">a</kpi></kpis>\n" PLAN_TAIL,
                 bad[i]);
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = gs_xml_load_plan(fixture("csv-bad.xml", xml), &d);
        assert_null(p);
        if (d.n != 1)
            dump(&d);
        /* one E105, and the CSV loader was never asked */
        assert_int_equal(d.n, 1);
        assert_string_equal(d.v[0].code, "E105");
        assert_int_equal(d.v[0].line, 5);
        gs_diags_free(&d);
    }
    expect_refused("csv-fund.xml",
                   PLAN_HEAD "<funding csv=\"/tmp/f.csv\"/>\n" PLAN_TAIL,
                   "E105", 5);
    expect_refused("csv-exp.xml",
                   PLAN_HEAD "\n<expenses csv=\"a/../../e.csv\"/>\n" PLAN_TAIL,
                   "E105", 6);
    expect_refused("csv-empty.xml",
                   PLAN_HEAD "<expenses csv=\"\"/>\n" PLAN_TAIL, "E102", 5);
}

/* A symbolic link inside the plan's folder that leads out of it is refused
 * before the CSV loader opens (and would quote) the outside file. */
static void test_csv_symlink_out_refused(void **state)
{
    (void)state;
    char outside[1100], link[1100];
    snprintf(outside, sizeof outside, "%s.outside", tmpdir);
    FILE *f = fopen(outside, "w");
    assert_non_null(f);
    fputs("secret\n", f);
    fclose(f);
    snprintf(link, sizeof link, "%s/escape.csv", tmpdir);
    unlink(link);
    assert_int_equal(symlink(outside, link), 0);
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("csv-link.xml", PLAN_HEAD "<kpis csv=\"escape.csv\">\n"
                                "<kpi no=\"1\" unit=\"人\">a</kpi></kpis>\n"
                                PLAN_TAIL),
        &d);
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E105");
    assert_int_equal(d.v[0].line, 5);
    assert_null(strstr(d.v[0].message, "secret"));
    gs_diags_free(&d);
    unlink(link);
    unlink(outside);
}

/* With csv, the table's figures belong in the CSV file only. */
static void test_csv_figures_refused_in_xml(void **state)
{
    (void)state;
    expect_refused("csv-kpi-fig.xml",
                   PLAN_HEAD "<kpis csv=\"k.csv\">\n"
                             "<kpi no=\"1\" unit=\"人\"><name>a</name>"
                             "<rationale>r</rationale>\n"
                             "<increase fy=\"2025\">1</increase>\n" /* 7 */
                             "</kpi></kpis>\n" PLAN_TAIL,
                   "E102", 7);
    expect_refused("csv-fund-fig.xml",
                   PLAN_HEAD "<funding csv=\"f.csv\">\n"
                             "<source no=\"A\"><kind>k</kind><content>c</content>"
                             "</source>\n"
                             "<total>\n"
                             "<before>0</before>\n" /* 8 */
                             "</total></funding>\n" PLAN_TAIL,
                   "E102", 8);
    expect_refused("csv-exp-el.xml",
                   PLAN_HEAD "<expenses csv=\"e.csv\">\n"
                             "<year fy=\"2025\"><positioning>p</positioning>"
                             "<soft>\n"
                             "<element no=\"1\" amount=\"1\"><name>x</name>"
                             "</element>\n" /* 7 */
                             "</soft></year></expenses>\n" PLAN_TAIL,
                   "E102", 7);
}

/* The path is resolved against the plan's folder; the loader reports a
 * file it cannot open (csv.h), and is not asked when the XML has errors. */
static void test_csv_missing_reported(void **state)
{
    (void)state;
    char dir[600], want[700];
    snprintf(dir, sizeof dir, "%s/sub", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    static const char *const names[] = {"data/kpi.csv", "..kpi.csv",
                                        "./data//kpi.csv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char xml[1024];
        snprintf(xml, sizeof xml,
                 PLAN_HEAD "<kpis csv=\"%s\">\n"
                           "<kpi no=\"1\" unit=\"人\">a</kpi></kpis>\n" PLAN_TAIL,
                 names[i]);
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = gs_xml_load_plan(fixture("sub/plan.xml", xml), &d);
        assert_null(p);
        if (d.n == 0 || strncmp(d.v[0].code, "E12", 3) != 0)
            dump(&d);
        assert_true(d.n > 0);
        assert_int_equal(strncmp(d.v[0].code, "E12", 3), 0);
        snprintf(want, sizeof want, "%s/%s", dir, names[i]);
        assert_non_null(d.v[0].file);
        assert_string_equal(d.v[0].file, want);
        gs_diags_free(&d);
    }

    /* an XML error: nothing else is read */
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("sub/plan2.xml",
                PLAN_HEAD "<overview><period>R9-R7</period></overview>\n"
                          "<kpis csv=\"missing.csv\">\n"
                          "<kpi no=\"1\" unit=\"人\">a</kpi></kpis>\n" PLAN_TAIL),
        &d);
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].code, "E105");
    gs_diags_free(&d);
}

/* A KPI table from CSV lands in the KPIs the XML names. */
static void test_csv_kpis_loaded(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/csvok", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(dir, sizeof dir, "%s/csvok/data", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    fixture("csvok/data/kpi.csv",
            "KPI番号,事業開始前（現時点）,2025年度増加分,2026年度増加分,"
            "KPI増加分の累計\n"
            "KPI①,2.00,10.00,10.00,20.00\n");
    gs_plan *p = load_ok(
        "csvok/plan.xml",
        PLAN_HEAD "<kpis csv=\"data/kpi.csv\">\n"
                  "<kpi no=\"1\" unit=\"人\"><name>就業者数</name>"
                  "<rationale>理由</rationale></kpi>\n"
                  "</kpis>\n" PLAN_TAIL);
    const gs_kpi *k = gs_plan_lookup_kpi(p, 1);
    assert_string_equal(k->name, "就業者数");
    assert_string_equal(k->rationale, "理由");
    assert_true(k->baseline.has);
    assert_int_equal(k->baseline.v, 200);
    assert_int_equal(k->inc[0].v, 1000);
    assert_int_equal(k->inc[1].v, 1000);
    assert_false(k->inc[2].has);
    assert_int_equal(k->total.v, 2000);
    assert_non_null(k->baseline.pos.file);
    assert_non_null(strstr(k->baseline.pos.file, "csvok/data/kpi.csv"));
    gs_plan_free(p);
}

/* A prefecture's own plan: no municipality, no KPIs, no expenses yet. */
static void test_minimal_plan(void **state)
{
    (void)state;
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(
        fixture("minimal.xml",
                "<?xml version=\"1.0\"?>\n"
                "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"
                "<applicant><prefecture>p</prefecture>"
                "<department>d</department></applicant>\n"
                "<project><name>n</name><kinds>infra base</kinds>"
                "<period first=\"2025\" last=\"2031\"/></project>\n"
                "</plan>\n"),
        &d);
    if (!p)
        dump(&d);
    assert_non_null(p);
    assert_null(p->municipality);
    assert_int_equal(p->kinds, GS_KIND_INFRA | GS_KIND_BASE);
    assert_int_equal(p->nyears, 0);
    assert_int_equal(p->doc_year, 0);
    assert_int_equal(p->pos.line, 2);
    gs_plan_free(p);
    gs_diags_free(&d);
}

/* ------------------------------------------- notations, every place */

/* Loads xml expecting one refusal per place (E105), each naming the text
 * and explaining, in the words of gs_notation_explain, what is accepted. */
static void expect_refused_everywhere(const char *xml, const char *text,
                                      gs_notation what, size_t places)
{
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(fixture("refused.xml", xml), &d);
    assert_null(p);
    gs_notation_status st;
    int64_t probe;
    int a, b;
    if (what == GS_NOTATION_AMOUNT)
        st = gs_notation_amount(text, &probe);
    else if (what == GS_NOTATION_FIGURE)
        st = gs_notation_figure(text, &probe);
    else
        st = gs_notation_period(text, &a, &b);
    assert_int_not_equal(st, GS_NOTATION_OK);
    gs_buf why = GS_BUF_INIT, quoted = GS_BUF_INIT;
    gs_notation_explain(&why, what, st);
    gs_buf_printf(&quoted, "「%s」を読めません (%s)", text, why.data);
    if (d.n != places)
        dump(&d);
    assert_int_equal(d.n, places);
    for (size_t i = 0; i < d.n; i++) {
        assert_string_equal(d.v[i].code, "E105");
        if (!strstr(d.v[i].message, quoted.data))
            print_message("\"%s\" lacks \"%s\"\n", d.v[i].message,
                          quoted.data);
        assert_non_null(strstr(d.v[i].message, quoted.data));
    }
    gs_buf_free(&why);
    gs_buf_free(&quoted);
    gs_diags_free(&d);
}

/* Every notation of notation_cases.h is read in every place of the XML
 * that takes it, to the same value; every refused text is refused in every
 * place with the parser's explanation (test_csv.c holds the CSV reader to
 * the same list). */
static void test_notations_everywhere(void **state)
{
    (void)state;
    for (size_t i = 0; i < NCASES(AMOUNT_CASES); i++) {
        char *xml = plan_with(AMOUNT_PLACES, AMOUNT_CASES[i].text);
        gs_plan *p = load_ok("amounts.xml", xml);
        int64_t v = AMOUNT_CASES[i].v;
        const gs_element *e = &p->years[0].soft.elems[0];
        assert_int_equal(p->overview.total_cost.v, v);
        assert_int_equal(p->funding.src[0].v[0].v, v);
        assert_int_equal(p->years[0].eligible, v);
        assert_int_equal(e->amount, v);
        assert_int_equal(e->desc[0].amount, v);
        gs_plan_free(p);
        free(xml);
    }
    for (size_t i = 0; i < NCASES(FIGURE_CASES); i++) {
        char *xml = plan_with(FIGURE_PLACES, FIGURE_CASES[i].text);
        gs_plan *p = load_ok("figures.xml", xml);
        int64_t v = FIGURE_CASES[i].v;
        assert_int_equal(p->overview.kpis[0].target, v);
        assert_int_equal(p->kpis[0].baseline.v, v);
        assert_int_equal(p->kpis[0].inc[0].v, v);
        assert_int_equal(p->kpis[0].total.v, v);
        gs_plan_free(p);
        free(xml);
    }
    for (size_t i = 0; i < NCASES(FY_CASES); i++) {
        char *xml = plan_with(PERIOD_PLACES, FY_CASES[i].text);
        gs_plan *p = load_ok("years.xml", xml);
        assert_int_equal(p->overview.period_first, FY_CASES[i].fy);
        assert_int_equal(p->overview.period_last, FY_CASES[i].fy);
        gs_plan_free(p);
        free(xml);
    }
    for (size_t i = 0; i < NCASES(BAD_AMOUNTS); i++) {
        char *xml = plan_with(AMOUNT_PLACES, BAD_AMOUNTS[i]);
        expect_refused_everywhere(xml, BAD_AMOUNTS[i], GS_NOTATION_AMOUNT,
                                  5);
        free(xml);
    }
    for (size_t i = 0; i < NCASES(BAD_FIGURES); i++) {
        char *xml = plan_with(FIGURE_PLACES, BAD_FIGURES[i]);
        expect_refused_everywhere(xml, BAD_FIGURES[i], GS_NOTATION_FIGURE,
                                  4);
        free(xml);
    }
    for (size_t i = 0; i < NCASES(BAD_YEARS); i++) {
        char *xml = plan_with(PERIOD_PLACES, BAD_YEARS[i]);
        expect_refused_everywhere(xml, BAD_YEARS[i], GS_NOTATION_PERIOD,
                                  1);
        free(xml);
    }
}

static void test_schema_text_embedded(void **state)
{
    (void)state;
    const char *rng = gs_xml_plan_schema();
    assert_non_null(rng);
    assert_non_null(strstr(rng, "urn:x-grantsheet:plan:1"));
    assert_non_null(strstr(rng, "</grammar>"));
}

/* ------------------------------------------------------------------ main */

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gs_xml_cleanup();
    xmlCleanupParser();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_loads_exactly),
        cmocka_unit_test(test_sample_every_sheet),
        cmocka_unit_test(test_as_printed_sample_keeps_numbers),
        cmocka_unit_test(test_broken_sample_keeps_stated_total),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_declared_other_encoding_still_utf8),
        cmocka_unit_test(test_schema_reports_every_error),
        cmocka_unit_test(test_schema_errors_in_japanese),
        cmocka_unit_test(test_schema_names_what_is_expected),
        cmocka_unit_test(test_other_files_named),
        cmocka_unit_test(test_multiline_start_tag_line),
        cmocka_unit_test(test_schema_wrong_root_and_namespace),
        cmocka_unit_test(test_schema_too_many_budgets_and_kpis),
        cmocka_unit_test(test_size_gate),
        cmocka_unit_test(test_element_without_amount_or_items),
        cmocka_unit_test(test_xxe_refused_without_reading),
        cmocka_unit_test(test_billion_laughs_refused),
        cmocka_unit_test(test_oversize_refused),
        cmocka_unit_test(test_unreadable_refused),
        cmocka_unit_test(test_bad_amount),
        cmocka_unit_test(test_bad_date),
        cmocka_unit_test(test_period_reversed),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_empty_required_text),
        cmocka_unit_test(test_duplicate_fy),
        cmocka_unit_test(test_duplicate_element_and_kpi),
        cmocka_unit_test(test_big_line_numbers),
        cmocka_unit_test(test_text_normalisation),
        cmocka_unit_test(test_applicant_and_project_fields),
        cmocka_unit_test(test_bad_code_and_dates),
        cmocka_unit_test(test_regional_plan_fields),
        cmocka_unit_test(test_overview_fields),
        cmocka_unit_test(test_kpi_decimals),
        cmocka_unit_test(test_fy_columns),
        cmocka_unit_test(test_funding_and_actors),
        cmocka_unit_test(test_theme_links_excluded),
        cmocka_unit_test(test_csv_path_refused),
        cmocka_unit_test(test_csv_symlink_out_refused),
        cmocka_unit_test(test_csv_figures_refused_in_xml),
        cmocka_unit_test(test_csv_missing_reported),
        cmocka_unit_test(test_csv_kpis_loaded),
        cmocka_unit_test(test_minimal_plan),
        cmocka_unit_test(test_notations_everywhere),
        cmocka_unit_test(test_schema_text_embedded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
