/*
 * test_validate.c - the checks of validate.c, each broken and each passed.
 *
 * Plans are built in C rather than read from XML so that these tests depend
 * on the model alone, and each test states exactly the figures it is about.
 * Every figure gets its own input line, so a test can check that a
 * diagnostic points at the figure that is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/plan.h"
#include "model/totals.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/num.h"
#include "validate/validate.h"

#define SHEET "(別紙1-1) ソフト事業経費内訳"
#define ROW1 "交付対象事業経費【①】"
#define ROW2 "交付対象事業におけるソフト事業経費【②】"
#define ROW3 "交付対象事業における施設整備・事業設備・備品経費【③】"
#define NAGAOKA_ELEM "外国人材活躍推進プラットフォーム事業"
#define SHEET_KPI "7. 交付対象事業の重要業績評価指標（KPI）"
#define SHEET_FUND "8. 自立性"
#define OVERVIEW "事業概要"
#define MAX_YEARS 10

/* ---- plan builder -------------------------------------------------------- */

static int next_line;

static gs_srcpos at(const gs_plan *p)
{
    return (gs_srcpos){p->file, ++next_line, 1};
}

static gs_plan *plan_new(int fy_first, int fy_last, unsigned kinds)
{
    next_line = 0;
    gs_plan *p = gs_plan_new("plan.xml");
    p->pos = at(p);
    p->project_name = gs_xstrdup("テスト事業");
    p->kinds = kinds;
    p->kinds_pos = at(p);
    p->fy_first = fy_first;
    p->fy_last = fy_last;
    p->period_pos = at(p);
    /* room for every block a test adds, so year pointers stay valid */
    p->years = gs_xcalloc(MAX_YEARS, sizeof *p->years);
    p->totals.pos = at(p);
    return p;
}

static void add_kpi(gs_plan *p, int no)
{
    p->kpis = gs_xrealloc(p->kpis, (p->nkpis + 1) * sizeof *p->kpis);
    gs_kpi *k = &p->kpis[p->nkpis++];
    memset(k, 0, sizeof *k);
    k->pos = at(p);
    k->no = no;
    k->name = gs_xstrdup("KPI");
    k->unit = gs_xstrdup("人");
}

static void set_stated(const gs_plan *p, gs_stated *s, int64_t v)
{
    s->has = true;
    s->v = v;
    s->pos = at(p);
}

/* A KPI of the KPI sheet with the same increment (hundredths) in each of
 * its first years columns and the matching 累計 stated. */
static gs_kpi *add_kpi_row(gs_plan *p, int no, const char *name,
                           const char *unit, int64_t baseline, int64_t inc,
                           int years)
{
    add_kpi(p, no);
    gs_kpi *k = &p->kpis[p->nkpis - 1];
    free(k->name);
    free(k->unit);
    k->name = gs_xstrdup(name);
    k->unit = gs_xstrdup(unit);
    set_stated(p, &k->baseline, baseline);
    for (int i = 0; i < years; i++)
        set_stated(p, &k->inc[i], inc);
    set_stated(p, &k->total, inc * years);
    return k;
}

/* 事業概要's KPI list entry as typed: "①外国人材の新規就業者数（+30人）". */
static gs_overview_kpi *add_overview_kpi(gs_plan *p, int no, const char *name,
                                         int64_t target, const char *unit)
{
    gs_overview *o = &p->overview;
    assert_true(o->nkpis < GS_MAX_KPIS);
    gs_overview_kpi *e = &o->kpis[o->nkpis++];
    e->pos = at(p);
    e->no = no;
    e->name = gs_xstrdup(name);
    e->target = target;
    e->unit = gs_xstrdup(unit);
    return e;
}

/* The 自立性 schedule's rows for one year column: 交付対象事業経費 and
 * うちソフト事業費 as stated (うち拠点整備事業費 left blank). */
static void set_fund_cost(gs_plan *p, int col, int64_t eligible, int64_t soft)
{
    set_stated(p, &p->funding.eligible[col], eligible);
    set_stated(p, &p->funding.soft[col], soft);
}

static gs_year *add_year(gs_plan *p, int fy)
{
    assert_true(p->nyears < MAX_YEARS);
    gs_year *y = &p->years[p->nyears++];
    y->pos = at(p);
    y->fy = fy;
    y->eligible_pos = at(p);
    y->soft.pos = at(p);
    y->soft.count_pos = at(p);
    y->soft.total_pos = at(p);
    y->facility.pos = at(p);
    y->facility.count_pos = at(p);
    y->facility.total_pos = at(p);
    return y;
}

static void set_eligible(gs_year *y, int64_t v)
{
    y->has_eligible = true;
    y->eligible = v;
}

static void set_part(gs_part *part, int count, int64_t total)
{
    part->has_count = true;
    part->count = count;
    part->has_total = true;
    part->total = total;
}

/* The element pointer is valid until the next add_elem on the same part. */
static gs_element *add_elem(const gs_plan *p, gs_part *part, const char *name)
{
    part->elems = gs_xrealloc(part->elems, (part->nelems + 1) * sizeof *part->elems);
    gs_element *e = &part->elems[part->nelems++];
    memset(e, 0, sizeof *e);
    e->pos = at(p);
    e->no = (int)part->nelems;
    e->name = gs_xstrdup(name);
    e->kpis_pos = at(p);
    e->amount_pos = at(p);
    return e;
}

static void set_amount(gs_element *e, int64_t v)
{
    e->has_amount = true;
    e->amount = v;
}

static void set_kpis(gs_element *e, size_t n, const int *nos)
{
    free(e->kpis);
    e->kpis = gs_xcalloc(n, sizeof *e->kpis);
    memcpy(e->kpis, nos, n * sizeof *nos);
    e->nkpis = n;
}

static void add_desc(const gs_plan *p, gs_element *e, bool is_item,
                     const char *text, int64_t amount)
{
    e->desc = gs_xrealloc(e->desc, (e->ndesc + 1) * sizeof *e->desc);
    gs_para *d = &e->desc[e->ndesc++];
    d->pos = at(p);
    d->is_item = is_item;
    d->text = gs_xstrdup(text);
    d->amount = is_item ? amount : 0;
}

/* A consistent year: ① = ② = the one soft element, itemised, no facility. */
static gs_year *add_soft_year(gs_plan *p, int fy, int64_t v)
{
    static const int kpis[] = {1, 2, 3, 4};
    gs_year *y = add_year(p, fy);
    set_eligible(y, v);
    set_part(&y->soft, 1, v);
    set_part(&y->facility, 0, 0);
    gs_element *e = add_elem(p, &y->soft, NAGAOKA_ELEM);
    set_amount(e, v);
    set_kpis(e, 4, kpis);
    add_desc(p, e, false, "就労・雇用相談窓口を新設し…", 0);
    add_desc(p, e, true, "外国人材活躍推進プラットフォーム事業経費(委託料)", v);
    return y;
}

/* A year with one soft and one facility element, all figures consistent. */
static gs_year *add_mixed_year(gs_plan *p, int fy, int64_t soft, int64_t fac)
{
    static const int kpi1[] = {1};
    gs_year *y = add_year(p, fy);
    set_eligible(y, soft + fac);
    set_part(&y->soft, 1, soft);
    set_part(&y->facility, 1, fac);
    gs_element *e = add_elem(p, &y->soft, "ソフト");
    set_amount(e, soft);
    set_kpis(e, 1, kpi1);
    e = add_elem(p, &y->facility, "拠点改修");
    set_amount(e, fac);
    set_kpis(e, 1, kpi1);
    return y;
}

/* Blank block of a year outside the plan, as the form keeps it. */
static gs_year *add_empty_year(gs_plan *p, int fy)
{
    gs_year *y = add_year(p, fy);
    set_eligible(y, 0);
    y->soft.has_total = true;
    y->facility.has_total = true;
    return y;
}

static void set_totals(gs_plan *p, int64_t eligible, int64_t soft, int64_t fac)
{
    p->totals.has_eligible = p->totals.has_soft = p->totals.has_facility = true;
    p->totals.eligible = eligible;
    p->totals.soft = soft;
    p->totals.facility = fac;
}

/* The KPIs of the Nagaoka plan (7. KPI), in sheet order. */
static const struct {
    const char *name, *unit;
    int64_t baseline, inc; /* hundredths */
} NAGAOKA_KPIS[] = {
    {"外国人材の新規就業者数", "人", 200, 1000},
    {"外国人雇用事業所数", "社", 35400, 1400},
    {"交流事業への参加企業数", "社", 1800, 1000},
    {"就労・雇用相談支援件数", "件", 1500, 1500},
};

/* The Nagaoka plan of reference/nagaoka-gaikokujin-plan.txt, every sheet
 * that validation checks, with 事業概要's KPI list numbered ①②③④ (the
 * printed plan's ①②②③ is nagaoka_as_printed). */
static gs_plan *nagaoka(void)
{
    gs_plan *p = plan_new(2025, 2027, GS_KIND_SOFT);
    p->gov = GS_GOV_MUNICIPALITY;
    for (int i = 0; i < 4; i++)
        add_kpi_row(p, i + 1, NAGAOKA_KPIS[i].name, NAGAOKA_KPIS[i].unit,
                    NAGAOKA_KPIS[i].baseline, NAGAOKA_KPIS[i].inc, 3);
    gs_year *y = add_soft_year(p, 2025, 12219);
    y->facility.has_count = y->facility.has_total = false; /* not printed */
    add_soft_year(p, 2026, 12719);
    add_soft_year(p, 2027, 13219);
    add_empty_year(p, 2028);
    add_empty_year(p, 2029);
    set_totals(p, 38157, 38157, 0);

    /* 事業概要 */
    gs_overview *o = &p->overview;
    o->pos = at(p);
    o->has_period = true;
    o->period_first = 2025;
    o->period_last = 2027;
    o->period_pos = at(p);
    set_stated(p, &o->total_cost, 38157);
    set_stated(p, &o->first_cost, 12219);
    for (int i = 0; i < 4; i++)
        add_overview_kpi(p, i + 1, NAGAOKA_KPIS[i].name,
                         NAGAOKA_KPIS[i].inc * 3, NAGAOKA_KPIS[i].unit);

    /* 8. 自立性: 【A】500 【B】500 【C】1,000 a year, 【D】【E】 blank */
    gs_funding *f = &p->funding;
    f->pos = at(p);
    static const char *kinds[] = {"参加企業負担金", "連携自治体等負担金",
                                  "企業からの寄付金"};
    static const int64_t per_year[] = {500, 500, 1000};
    for (int s = 0; s < 3; s++) {
        f->src[s].pos = at(p);
        f->src[s].kind = gs_xstrdup(kinds[s]);
        set_stated(p, &f->src[s].before, 0);
        for (int c = 0; c < 3; c++)
            set_stated(p, &f->src[s].v[c], per_year[s]);
    }
    set_stated(p, &f->total_before, 0);
    for (int c = 0; c < GS_FUND_YEARS; c++)
        set_stated(p, &f->total[c], c < 3 ? 2000 : 0);
    static const int64_t cost[] = {12219, 12719, 13219, 0, 0};
    for (int c = 0; c < 5; c++)
        set_fund_cost(p, c, cost[c], cost[c]);
    return p;
}

/* The plan as printed: 事業概要 numbers its four KPIs ①②②③. */
static gs_plan *nagaoka_as_printed(void)
{
    gs_plan *p = nagaoka();
    p->overview.kpis[2].no = 2;
    p->overview.kpis[3].no = 3;
    return p;
}

/* ---- running and looking at diagnostics ---------------------------------- */

static void run(const gs_plan *p, gs_diags *d)
{
    gs_totals t;
    gs_totals_compute(p, &t, d);
    gs_validate(p, &t, d);
}

static size_t count(const gs_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            n++;
    return n;
}

/* The only diagnostic with code; fails the test if there is not exactly one. */
static const gs_diag *only(const gs_diags *d, const char *code)
{
    assert_int_equal(count(d, code), 1);
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, code) == 0)
            return &d->v[i];
    return NULL;
}

static void assert_where(const gs_diag *g, const char *sheet, const char *row,
                         int fy, int line)
{
    assert_string_equal(g->sheet, sheet);
    assert_string_equal(g->row, row);
    assert_int_equal(g->fy, fy);
    assert_int_equal(g->line, line);
    assert_string_equal(g->file, "plan.xml");
}

static void assert_figures(const gs_diag *g, const char *stated,
                           const char *computed)
{
    if (stated)
        assert_string_equal(g->stated, stated);
    else
        assert_null(g->stated);
    if (computed)
        assert_string_equal(g->computed, computed);
    else
        assert_null(g->computed);
}

static void assert_msg_has(const gs_diag *g, const char *text)
{
    if (!strstr(g->message, text))
        fail_msg("message \"%s\" lacks \"%s\"", g->message, text);
}

/* Runs the plan, expects exactly n diagnostics, all of them code, and frees
 * the plan. */
static void assert_only(gs_plan *p, const char *code, size_t n)
{
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    for (size_t i = 0; i < d.n; i++)
        if (strcmp(d.v[i].code, code) != 0)
            fail_msg("unexpected %s: %s", d.v[i].code, d.v[i].message);
    assert_int_equal(d.n, n);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* Runs the plan, expects no diagnostic at all, frees the plan. */
static void assert_clean(gs_plan *p)
{
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    for (size_t i = 0; i < d.n; i++)
        print_message("unexpected %s: %s\n", d.v[i].code, d.v[i].message);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- the reference plan -------------------------------------------------- */

static void test_nagaoka_passes(void **state)
{
    (void)state;
    assert_clean(nagaoka());
}

/* ---- rule 1: ① = ② + ③ -------------------------------------------------- */

static void test_e201_eligible_mismatch(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->years[1].eligible = 12000;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E201");
    assert_int_equal(g->severity, GS_ERROR);
    assert_where(g, SHEET, ROW1, 2026, p->years[1].eligible_pos.line);
    assert_figures(g, "12,000千円", "12,719千円");
    assert_msg_has(g, "(別紙1-1) 2026年度(2年目) 交付対象事業経費【①】 "
                      "12,000千円 が");
    assert_msg_has(g, "12,719千円 と一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e201_passes_with_soft_and_facility(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2026, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 7000, 3000);
    add_mixed_year(p, 2026, 6000, 4000);
    set_totals(p, 20000, 13000, 7000);
    assert_clean(p);
}

static void test_e201_facility_left_out(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    gs_year *y = add_mixed_year(p, 2025, 7000, 3000);
    y->eligible = 7000; /* ② only */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    assert_figures(only(&d, "E201"), "7,000千円", "10,000千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 2: ② and ③ = Σ elements; 要素事業数 = count -------------------- */

static void test_e202_soft_total_mismatch(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->years[1].soft.total = 12000;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E202");
    assert_where(g, SHEET, ROW2, 2026, p->years[1].soft.total_pos.line);
    assert_figures(g, "12,000千円", "12,719千円");
    /* the wording of the brief, then what to do */
    assert_msg_has(g, "(別紙1-1) 2026年度(2年目) "
                      "交付対象事業におけるソフト事業経費【②】の計 12,000千円 "
                      "が要素事業の合計 12,719千円 と一致しません");
    assert_msg_has(g, "計を 12,719千円 に直す");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e202_two_elements_pass_and_break(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_year *y = &p->years[0];
    gs_element *e = add_elem(p, &y->soft, "交流イベント");
    set_amount(e, 500);
    y->soft.count = 2;
    y->soft.total = 12719;
    y->eligible = 12719;
    p->totals.eligible = p->totals.soft = 38657;
    /* the other sheets follow ① and ② */
    p->overview.total_cost.v = 38657;
    p->overview.first_cost.v = 12719;
    p->funding.eligible[0].v = p->funding.soft[0].v = 12719;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 0);
    y->soft.total = 12219; /* the new element forgotten in 計 */
    run(p, &d);
    assert_int_equal(d.n, 1);
    assert_figures(only(&d, "E202"), "12,219千円", "12,719千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e203_facility_total_mismatch(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    gs_year *y = add_mixed_year(p, 2025, 7000, 3000);
    y->facility.total = 2500;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E203");
    assert_where(g, SHEET, ROW3, 2025, y->facility.total_pos.line);
    assert_figures(g, "2,500千円", "3,000千円");
    assert_msg_has(g, "2025年度(1年目)");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e203_passes_negative_adjustment(void **state)
{
    (void)state;
    /* a negative element (△) is summed like any other */
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    gs_year *y = add_mixed_year(p, 2025, 7000, 3000);
    gs_element *e = add_elem(p, &y->facility, "減額");
    set_amount(e, -1200);
    y->facility.count = 2;
    y->facility.total = 1800;
    y->eligible = 8800;
    /* summed like any other, and named in a warning (W226) */
    assert_only(p, "W226", 1);
}

static void test_e204_soft_count(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->years[2].soft.count = 2;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E204");
    assert_where(g, SHEET, ROW2, 2027, p->years[2].soft.count_pos.line);
    assert_figures(g, "2", "1");
    assert_msg_has(g, "ソフト事業経費【②】の要素事業数 2");
    assert_msg_has(g, "ソフト事業経費の要素事業の数 1");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e204_facility_count(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->years[1].facility.count = 1; /* says 1, lists none */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E204");
    assert_where(g, SHEET, ROW3, 2026, p->years[1].facility.count_pos.line);
    assert_figures(g, "1", "0");
    assert_msg_has(g, "施設整備・事業設備・備品経費の要素事業の数 0");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e204_count_not_stated_passes(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->years[0].soft.has_count = false;
    p->years[0].soft.count = 7; /* ignored: not stated */
    assert_clean(p);
}

/* ---- rule 3: amount = Σ items -------------------------------------------- */

static void test_e205_items_disagree(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_element *e = &p->years[0].soft.elems[0];
    add_desc(p, e, true, "旅費", 300);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E205");
    assert_where(g, SHEET, "要素事業 1 " NAGAOKA_ELEM, 2025, e->amount_pos.line);
    assert_figures(g, "12,219千円", "12,519千円");
    assert_msg_has(g, "2025年度(1年目)");
    assert_msg_has(g, "ソフト事業経費の要素事業 1 " NAGAOKA_ELEM "の金額");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e205_several_items_pass(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_element *e = &p->years[0].soft.elems[0];
    e->desc[1].amount = 12000;
    add_desc(p, e, false, "<プラットフォーム機能> 相談支援", 0);
    add_desc(p, e, true, "旅費", 219);
    assert_clean(p);
}

static void test_e205_no_items_passes(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_element *e = &p->years[0].soft.elems[0];
    e->desc[1].is_item = false; /* only text: nothing to add up */
    assert_clean(p);
}

static void test_e205_items_without_amount_pass(void **state)
{
    (void)state;
    /* with no stated amount the items are the amount, so nothing to differ */
    gs_plan *p = nagaoka();
    gs_element *e = &p->years[0].soft.elems[0];
    e->has_amount = false;
    e->amount = 1;
    assert_clean(p);
}

static void test_e205_facility_element(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    gs_year *y = add_mixed_year(p, 2025, 7000, 3000);
    gs_element *e = &y->facility.elems[0];
    add_desc(p, e, true, "改修工事", 2000);
    add_desc(p, e, true, "備品", 900);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E205");
    assert_string_equal(g->row, "要素事業 1 拠点改修");
    assert_figures(g, "3,000千円", "2,900千円");
    assert_msg_has(g, "施設整備・事業設備・備品経費の要素事業 1 拠点改修");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e212_items_overflow(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_element *e = &p->years[0].soft.elems[0];
    add_desc(p, e, true, "巨額1", GS_AMOUNT_MAX - 20000); /* still fits */
    add_desc(p, e, true, "巨額2", GS_AMOUNT_MAX);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1); /* no E205 against a broken sum */
    const gs_diag *g = only(&d, "E212");
    assert_int_equal(g->line, e->desc[3].pos.line);
    assert_int_equal(g->fy, 2025);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_overflow_silences_sum_checks(void **state)
{
    (void)state;
    /* after E212 the computed totals are incomplete: no E201/E202/E206 */
    gs_plan *p = nagaoka();
    gs_year *y = &p->years[0];
    gs_element *e = add_elem(p, &y->soft, "巨額");
    set_amount(e, GS_AMOUNT_MAX);
    y->soft.count = 2;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(count(&d, "E212"), 1);
    assert_int_equal(d.n, 1);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_kpi_and_fund_overflow_stay_on_their_sheet(void **state)
{
    (void)state;
    /* an overflowing KPI or 自立性 sum is E212 and silences only the checks
     * against that sum; (別紙1-1) is still checked */
    gs_plan *p = nagaoka();
    p->kpis[0].inc[0].v = GS_AMOUNT_MAX;        /* KPI① 累計 overflows */
    p->funding.src[0].v[0].v = GS_AMOUNT_MAX;   /* 2025 合計 overflows */
    p->funding.src[1].v[0].v = GS_AMOUNT_MAX;
    p->years[1].eligible = 1;                   /* E201 */
    p->kpis[1].total.v = 1;                     /* E213 on KPI② */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(count(&d, "E212"), 2);
    assert_int_equal(count(&d, "E201"), 1);
    assert_int_equal(only(&d, "E213")->line, p->kpis[1].total.pos.line);
    assert_int_equal(d.n, 4); /* no E213/E215 for KPI①, no E216 for 2025 */
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 4: 合計 = Σ years ---------------------------------------------- */

static void test_e206_each_total_row(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->totals.eligible = 38000;
    p->totals.soft = 38100;
    p->totals.facility = 5;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 3);
    assert_int_equal(count(&d, "E206"), 3);
    const char *rows[] = {ROW1, ROW2, ROW3};
    const char *stated[] = {"38,000千円", "38,100千円", "5千円"};
    const char *computed[] = {"38,157千円", "38,157千円", "0千円"};
    for (size_t i = 0; i < 3; i++) {
        const gs_diag *g = &d.v[i];
        assert_where(g, SHEET, rows[i], 0, p->totals.pos.line);
        assert_figures(g, stated[i], computed[i]);
        assert_msg_has(g, "合計欄");
        assert_msg_has(g, "2025〜2029年度");
    }
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e206_unstated_totals_pass(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->totals.has_eligible = p->totals.has_soft = p->totals.has_facility = false;
    p->totals.eligible = 1; /* ignored: not stated */
    assert_clean(p);
}

/* ---- rule 5: ③/① over the whole plan ------------------------------------ */

static void test_w207_whole_plan_above_half(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2026, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 3000, 5000);
    add_mixed_year(p, 2026, 2000, 5000);
    set_totals(p, 15000, 5000, 10000);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "W207");
    assert_int_equal(g->severity, GS_WARNING);
    assert_false(gs_diags_has_errors(&d));
    assert_where(g, SHEET, "施設整備・事業設備・備品経費比率【③/①】", 0,
                 p->totals.pos.line);
    assert_figures(g, NULL, "66.7%");
    assert_msg_has(g, "66.7%");
    assert_msg_has(g, "③ 10,000千円 / ① 15,000千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_w207_exactly_half_passes(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2026, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 5000, 5000);
    add_mixed_year(p, 2026, 2500, 2500);
    set_totals(p, 15000, 7500, 7500);
    assert_clean(p);
}

static void test_w207_just_above_half(void **state)
{
    (void)state;
    /* 5,001 / 10,001: 50.005% - above half exactly, though it prints 50.0% */
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 5000, 5001);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    assert_figures(only(&d, "W207"), NULL, "50.0%");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_w207_single_year_above_half_passes(void **state)
{
    (void)state;
    /* year 1 is 80% facility, the plan as a whole 8,000/20,000 = 40% */
    gs_plan *p = plan_new(2025, 2026, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 2000, 8000);
    add_mixed_year(p, 2026, 10000, 0);
    set_totals(p, 20000, 12000, 8000);
    assert_clean(p);
}

/* ---- rule 9: 関連するKPI exists ------------------------------------------- */

static void test_e208_unknown_kpi(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_element *e = &p->years[1].soft.elems[0];
    e->kpis[3] = 5;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E208");
    assert_where(g, SHEET, "要素事業 1 " NAGAOKA_ELEM, 2026, e->kpis_pos.line);
    assert_figures(g, "⑤", NULL);
    assert_msg_has(g, "2026年度(2年目)");
    assert_msg_has(g, "関連するKPI ⑤");
    assert_msg_has(g, "①、②、③、④");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e208_each_missing_reference(void **state)
{
    (void)state;
    /* two bad references, one of them on a facility element */
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_kpi(p, 2);
    gs_year *y = add_mixed_year(p, 2025, 7000, 3000);
    static const int soft_kpis[] = {1, 2, 6};
    static const int fac_kpis[] = {3};
    set_kpis(&y->soft.elems[0], 3, soft_kpis);
    set_kpis(&y->facility.elems[0], 1, fac_kpis);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 2);
    assert_int_equal(count(&d, "E208"), 2);
    assert_figures(&d.v[0], "⑥", NULL);
    assert_int_equal(d.v[0].line, y->soft.elems[0].kpis_pos.line);
    assert_figures(&d.v[1], "③", NULL);
    assert_int_equal(d.v[1].line, y->facility.elems[0].kpis_pos.line);
    assert_msg_has(&d.v[1], "施設整備・事業設備・備品経費の要素事業 1 拠点改修");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e208_no_kpis_at_all(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    for (size_t i = 0; i < p->nkpis; i++) {
        free(p->kpis[i].name);
        free(p->kpis[i].unit);
    }
    p->nkpis = 0;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(count(&d, "E208"), 12); /* 3 years x 4 references */
    /* and 事業概要 lists four KPIs the KPI sheet does not have */
    assert_int_equal(count(&d, "E214"), 4);
    assert_int_equal(d.n, 16);
    assert_msg_has(&d.v[0], "1つもありません");
    assert_msg_has(&d.v[12], "にあるのは なし");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e208_element_without_kpis_passes(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->years[0].soft.elems[0].nkpis = 0;
    assert_clean(p);
}

/* ---- rule 10: plan length ------------------------------------------------ */

/* A plan of n fiscal years from 2025 with one soft year gives exactly the
 * diagnostic code for its length ("" for none). */
static void assert_length(int n, unsigned kinds, const char *code)
{
    gs_plan *p = plan_new(2025, 2025 + n - 1, kinds);
    add_kpi(p, 1);
    add_kpi(p, 2);
    add_kpi(p, 3);
    add_kpi(p, 4);
    add_soft_year(p, 2025, 1000);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    if (!*code) {
        assert_int_equal(d.n, 0);
    } else {
        assert_int_equal(d.n, 1);
        const gs_diag *g = only(&d, code);
        assert_int_equal(g->severity, code[0] == 'E' ? GS_ERROR : GS_WARNING);
        assert_where(g, "事業概要", "事業計画期間", 0, p->period_pos.line);
        gs_buf len = GS_BUF_INIT;
        gs_buf_printf(&len, "%d年度", n);
        assert_string_equal(g->computed, len.data);
        gs_buf_free(&len);
        assert_msg_has(g, "事業概要");
    }
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_length_soft(void **state)
{
    (void)state;
    assert_length(1, GS_KIND_SOFT, "");
    assert_length(3, GS_KIND_SOFT, "");
    assert_length(4, GS_KIND_SOFT, "W210");
    assert_length(5, GS_KIND_SOFT, "W210");
    assert_length(6, GS_KIND_SOFT, "E209");
}

static void test_length_base(void **state)
{
    (void)state;
    unsigned k = GS_KIND_SOFT | GS_KIND_BASE;
    assert_length(3, k, "");
    assert_length(4, k, "W210");
    assert_length(5, k, "W210");
    assert_length(6, k, "E209");
}

static void test_length_infra(void **state)
{
    (void)state;
    unsigned k = GS_KIND_SOFT | GS_KIND_INFRA;
    assert_length(5, k, "");
    assert_length(6, k, "W210");
    assert_length(7, k, "W210");
    assert_length(8, k, "E209");
}

static void test_length_wording(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2030, GS_KIND_SOFT);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    const gs_diag *g = only(&d, "E209");
    assert_figures(g, "R7-R12年度", "6年度");
    assert_msg_has(g, "最長 5年度");
    gs_diags_free(&d);
    gs_plan_free(p);

    p = plan_new(2025, 2030, GS_KIND_INFRA);
    run(p, &d);
    g = only(&d, "W210");
    assert_msg_has(g, "原則 5年度");
    assert_msg_has(g, "インフラ整備事業");
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 8: nothing outside the period ---------------------------------- */

static void test_e211_amount_after_period(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_year *y = &p->years[3]; /* 2028, after R7-R9 */
    gs_element *e = add_elem(p, &y->soft, "延長分");
    set_amount(e, 5000);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    const gs_diag *g = only(&d, "E211");
    assert_where(g, SHEET, "要素事業 1 延長分", 2028, e->amount_pos.line);
    assert_figures(g, "5,000千円", "0千円");
    assert_msg_has(g, "2028年度(4年目)");
    assert_msg_has(g, "R7-R9年度(2025〜2027年度)");
    /* the same block also disagrees with itself (計 0, ① 0, 合計): those
     * are reported on their own */
    assert_int_equal(count(&d, "E201"), 1);
    assert_int_equal(count(&d, "E202"), 1);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e211_stated_eligible_before_period(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_year *y = add_year(p, 2024);
    set_eligible(y, 100);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1); /* outside the columns: not summed anywhere */
    const gs_diag *g = only(&d, "E211");
    assert_where(g, SHEET, ROW1, 2024, y->eligible_pos.line);
    assert_figures(g, "100千円", "0千円");
    assert_msg_has(g, "(別紙1-1) 2024年度 は事業計画期間");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e211_item_only_amount(void **state)
{
    (void)state;
    /* an element that leaves its amount to its items still has an amount */
    gs_plan *p = nagaoka();
    gs_year *y = add_year(p, 2031);
    gs_element *e = add_elem(p, &y->facility, "倉庫");
    add_desc(p, e, false, "説明", 0);
    add_desc(p, e, true, "備品", 40);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E211");
    assert_int_equal(g->line, e->desc[1].pos.line);
    assert_figures(g, "40千円", "0千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e211_zero_blocks_outside_pass(void **state)
{
    (void)state;
    gs_plan *p = nagaoka(); /* already has blank 2028 and 2029 */
    gs_year *y = add_empty_year(p, 2024);
    add_elem(p, &y->soft, "未定"); /* an element with no amount at all */
    y = add_empty_year(p, 2032);
    set_part(&y->soft, 0, 0);
    assert_clean(p);
}

static void test_e211_beyond_the_form_columns(void **state)
{
    (void)state;
    /* a 7-year infra plan: years 6 and 7 are in the period but (別紙1-1) has
     * five columns */
    gs_plan *p = plan_new(2025, 2031, GS_KIND_SOFT | GS_KIND_INFRA);
    for (int i = 1; i <= 4; i++)
        add_kpi(p, i);
    for (int fy = 2025; fy <= 2029; fy++)
        add_soft_year(p, fy, 1000);
    gs_year *y6 = add_soft_year(p, 2030, 1000);
    add_empty_year(p, 2031);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(count(&d, "W210"), 1);
    const gs_diag *g = only(&d, "E211");
    assert_where(g, SHEET, ROW1, 2030, y6->eligible_pos.line);
    assert_figures(g, "1,000千円", NULL);
    assert_msg_has(g, "2030年度(6年目)");
    assert_msg_has(g, "印刷できません");
    assert_msg_has(g, "2025〜2029年度");
    assert_int_equal(d.n, 2);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 6: KPI増加分の累計 = Σ 増加分 ------------------------------------ */

static void test_e213_kpi_total_mismatch(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_kpi *k = &p->kpis[1];
    k->total.v = 4000; /* 14 + 14 + 14 is 42 */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E213");
    assert_int_equal(g->severity, GS_ERROR);
    assert_where(g, SHEET_KPI, "KPI②", 0, k->total.pos.line);
    assert_figures(g, "40.00", "42.00");
    assert_msg_has(g, "7. KPI KPI② 外国人雇用事業所数 の KPI増加分の累計 40.00 "
                      "が各年度の増加分の合計 42.00 と一致しません");
    assert_msg_has(g, "累計を 42.00 に直す");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e213_passes(void **state)
{
    (void)state;
    /* fractional and negative increments; an unstated 累計 (an increment
     * after the plan is W228's test) */
    gs_plan *p = nagaoka();
    gs_kpi *k = &p->kpis[0];
    k->inc[1].v = 1050;
    k->inc[2].v = -25;                   /* △0.25 */
    k->total.v = 1000 + 1050 - 25;       /* 20.25 */
    p->overview.kpis[0].target = 2025;   /* +20.25人 */
    p->kpis[3].total.has = false;
    p->kpis[3].total.v = 1;              /* not stated: ignored */
    assert_clean(p);
}

/* ---- rule 6: 事業概要's KPI list ------------------------------------------ */

static void test_e214_printed_numbering(void **state)
{
    (void)state;
    /* the real plan: ①②②③ in 事業概要, ①-④ on the KPI sheet */
    gs_plan *p = nagaoka_as_printed();
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 2);
    assert_int_equal(count(&d, "E214"), 2);
    const gs_diag *g = &d.v[0];
    assert_where(g, OVERVIEW, "KPI", 0, p->overview.kpis[2].pos.line);
    assert_figures(g, "②", "③");
    assert_msg_has(g, "事業概要のKPIの番号が②になっていますが、"
                      "3番目のKPIは③です");
    assert_msg_has(g, "「②交流事業への参加企業数（+30社）」");
    assert_msg_has(g, "KPI③ 交流事業への参加企業数");
    assert_msg_has(g, "番号を③に直して");
    g = &d.v[1];
    assert_where(g, OVERVIEW, "KPI", 0, p->overview.kpis[3].pos.line);
    assert_figures(g, "③", "④");
    assert_msg_has(g, "番号が③になっていますが、4番目のKPIは④です");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e214_no_overview_list_passes(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_overview *o = &p->overview;
    for (size_t i = 0; i < o->nkpis; i++) {
        free(o->kpis[i].name);
        free(o->kpis[i].unit);
    }
    o->nkpis = 0;
    assert_clean(p);
}

static void test_e214_name(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_overview_kpi *e = &p->overview.kpis[1];
    free(e->name);
    e->name = gs_xstrdup("外国人を雇用する事業所数");
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E214");
    assert_where(g, OVERVIEW, "KPI", 0, e->pos.line);
    assert_figures(g, "外国人を雇用する事業所数", "外国人雇用事業所数");
    assert_msg_has(g, "KPIの名称「外国人を雇用する事業所数」が、2番目のKPI"
                      "である 7. KPI の KPI② の名称「外国人雇用事業所数」と"
                      "一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e214_missing_kpi(void **state)
{
    (void)state;
    /* 事業概要 lists ①②③ only: ④ is missing, said once at the list */
    gs_plan *p = nagaoka();
    gs_overview *o = &p->overview;
    o->nkpis = 3;
    free(o->kpis[3].name);
    free(o->kpis[3].unit);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E214");
    assert_where(g, OVERVIEW, "KPI", 0, o->kpis[2].pos.line);
    assert_figures(g, NULL, "④");
    assert_msg_has(g, "7. KPI の KPI④ 就労・雇用相談支援件数 が事業概要の"
                      "KPIにありません(事業概要のKPIは3個、7. KPI は4個)");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e214_extra_entry(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_overview_kpi *e = add_overview_kpi(p, 5, "移住者数", 1000, "人");
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E214");
    assert_where(g, OVERVIEW, "KPI", 0, e->pos.line);
    assert_figures(g, "⑤", NULL);
    assert_msg_has(g, "5番目のKPIが 7. KPI にありません"
                      "(7. KPI にあるのは ①、②、③、④)");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e214_out_of_order(void **state)
{
    (void)state;
    /* ②③ swapped with their numbers: each is reported once as out of
     * order, and its target is checked against the KPI it names */
    gs_plan *p = nagaoka();
    gs_overview *o = &p->overview;
    gs_overview_kpi tmp = o->kpis[1];
    o->kpis[1] = o->kpis[2];
    o->kpis[2] = tmp;
    /* the list's lines and numbers stay in order; the KPIs move */
    o->kpis[2].pos = o->kpis[1].pos;
    o->kpis[1].pos = tmp.pos;
    o->kpis[1].no = 2;
    o->kpis[2].no = 3;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 2);
    assert_int_equal(count(&d, "E214"), 2);
    assert_int_equal(d.v[0].line, o->kpis[1].pos.line);
    assert_figures(&d.v[0], "交流事業への参加企業数", "外国人雇用事業所数");
    assert_msg_has(&d.v[0], "これは 7. KPI の KPI③ ですが、2番目のKPIは "
                            "KPI② 外国人雇用事業所数 です");
    assert_msg_has(&d.v[0], "同じ順に並べて");
    assert_int_equal(d.v[1].line, o->kpis[2].pos.line);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 6: targets and units --------------------------------------------- */

static void test_e215_target(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_overview_kpi *e = &p->overview.kpis[0];
    e->target = 3100;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E215");
    assert_where(g, OVERVIEW, "KPI", 0, e->pos.line);
    assert_figures(g, "+31人", "+30人");
    assert_msg_has(g, "事業概要 KPIの1番目「①外国人材の新規就業者数（+31人）」: "
                      "カッコ内の目標値 +31人 が 7. KPI の KPI① "
                      "外国人材の新規就業者数 の最終事業年度(2027年度)までの"
                      "KPI増加分の累計 +30人 と一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e215_target_follows_computed_total(void **state)
{
    (void)state;
    /* the KPI sheet states 累計 45 but its increments add to 42: 事業概要's
     * +42社 is right, only the 累計 is wrong */
    gs_plan *p = nagaoka();
    p->kpis[1].total.v = 4500;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    only(&d, "E213");
    gs_diags_free(&d);

    /* and a 事業概要 that copied the wrong 累計 is wrong too */
    p->overview.kpis[1].target = 4500;
    run(p, &d);
    assert_int_equal(d.n, 2);
    assert_figures(only(&d, "E215"), "+45社", "+42社");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e215_fraction_and_unit(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_kpi *k = &p->kpis[3];
    free(k->unit);
    k->unit = gs_xstrdup("%");
    k->inc[0].v = 5;    /* 0.05 */
    k->inc[1].v = 20;   /* 0.20 */
    k->inc[2].v = -75;  /* △0.75 */
    k->total.v = -50;   /* △0.50 */
    gs_overview_kpi *e = &p->overview.kpis[3];
    e->target = -55;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 2);
    assert_int_equal(count(&d, "E215"), 2);
    assert_int_equal(d.v[0].line, e->pos.line);
    assert_figures(&d.v[0], "△0.55件", "△0.5%");
    assert_figures(&d.v[1], "件", "%");
    assert_msg_has(&d.v[1], "単位「件」が 7. KPI の KPI④ の単位「%」と"
                            "一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 6: an increment after the plan's last fiscal year ---------------- */

/* Nagaoka (FY2025-2027) with KPI① +5人 in FY2030, the sixth of the KPI
 * table's ten columns: the stated 累計 includes it, 事業概要's bracket not. */
static gs_plan *nagaoka_late_kpi(void)
{
    gs_plan *p = nagaoka();
    gs_kpi *k = &p->kpis[0];
    set_stated(p, &k->inc[5], 500);
    k->total.v = 3500;
    return p;
}

static void test_w228_increment_after_plan(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_late_kpi();
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "W228");
    assert_int_equal(g->severity, GS_WARNING);
    assert_false(gs_diags_has_errors(&d));
    assert_where(g, SHEET_KPI, "KPI①", 2030, p->kpis[0].inc[5].pos.line);
    assert_figures(g, "5.00", NULL);
    assert_msg_has(g, "7. KPI KPI① 外国人材の新規就業者数 の 2030年度(6年目) の"
                      "増加分 5.00 は、事業計画期間 R7-R9年度(2025〜2027年度) "
                      "の後の年度です");
    assert_msg_has(g, "カッコ内(最終事業年度までの累計)には含まれません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_w228_zero_or_in_plan_passes(void **state)
{
    (void)state;
    /* a stated 0 after the plan is no increment; the last plan year is in */
    gs_plan *p = nagaoka();
    for (int c = 3; c < GS_KPI_YEARS; c++)
        set_stated(p, &p->kpis[1].inc[c], 0);
    assert_clean(p);
    p = nagaoka();
    p->fy_last = 2028;
    p->overview.period_last = 2028;
    set_stated(p, &p->kpis[0].inc[3], 500);    /* FY2028: the last year */
    p->kpis[0].total.v = 3500;
    p->overview.kpis[0].target = 3500;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(count(&d, "W228"), 0);
    assert_int_equal(count(&d, "E215"), 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e215_bracket_stops_at_last_year(void **state)
{
    (void)state;
    /* the bracket copied from the 累計 column counts FY2030 in: E215 says
     * so, beside the W228 */
    gs_plan *p = nagaoka_late_kpi();
    gs_overview_kpi *e = &p->overview.kpis[0];
    e->target = 3500;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 2);
    only(&d, "W228");
    const gs_diag *g = only(&d, "E215");
    assert_where(g, OVERVIEW, "KPI", 0, e->pos.line);
    assert_figures(g, "+35人", "+30人");
    assert_msg_has(g, "最終事業年度(2027年度)までのKPI増加分の累計 +30人"
                      "(2027年度より後の増加分 +5人 は含めません) と一致しません");
    gs_diags_free(&d);
    /* and a 累計 column that leaves FY2030 out is E213 */
    e->target = 3000;
    p->kpis[0].total.v = 3000;
    run(p, &d);
    assert_int_equal(d.n, 2);
    only(&d, "W228");
    assert_figures(only(&d, "E213"), "30.00", "35.00");
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 7: the 自立性 schedule ------------------------------------------- */

static void test_e216_fund_total(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_funding *f = &p->funding;
    f->total[1].v = 1500;
    f->total_before.v = 100;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 2);
    assert_int_equal(count(&d, "E216"), 2);
    const gs_diag *g = &d.v[0];
    assert_where(g, SHEET_FUND, "合計", 0, f->total_before.pos.line);
    assert_figures(g, "100千円", "0千円");
    assert_msg_has(g, "8. 自立性 事業開始前（現時点） 自主財源見込額の合計 "
                      "100千円 が【A】〜【E】の合計 0千円 と一致しません");
    g = &d.v[1];
    assert_where(g, SHEET_FUND, "合計", 2026, f->total[1].pos.line);
    assert_figures(g, "1,500千円", "2,000千円");
    assert_msg_has(g, "2026年度(2年目)");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e216_passes_with_blank_total(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->funding.total[0].has = false;
    p->funding.total[0].v = 7;
    set_stated(p, &p->funding.src[4].v[5], 300);  /* 【E】 in 6年目 */
    p->funding.total[5].v = 300;
    assert_clean(p);
}

static void test_e217_fund_eligible(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_funding *f = &p->funding;
    f->eligible[2].v = 13000;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1); /* no E219 on top: one slip, one message */
    const gs_diag *g = only(&d, "E217");
    assert_where(g, SHEET_FUND, "交付対象事業経費", 2027, f->eligible[2].pos.line);
    assert_figures(g, "13,000千円", "13,219千円");
    assert_msg_has(g, "8. 自立性 2027年度(3年目) 交付対象事業経費 13,000千円 が "
                      "(別紙1-1) の同じ年度の交付対象事業経費【①】 13,219千円 "
                      "と一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e217_sixth_year(void **state)
{
    (void)state;
    /* (別紙1-1) has five year columns: the schedule's 6年目 has ① = 0 */
    gs_plan *p = nagaoka();
    set_fund_cost(p, 5, 0, 0);
    assert_clean(p);
    p = nagaoka();
    const gs_funding *f = &p->funding;
    set_fund_cost(p, 5, 800, 800);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 2);
    const gs_diag *g = only(&d, "E217");
    assert_where(g, SHEET_FUND, "交付対象事業経費", 2030, f->eligible[5].pos.line);
    assert_figures(g, "800千円", "0千円");
    assert_msg_has(g, "2030年度(6年目)");
    assert_msg_has(g, "(別紙1-1) には 2030年度 の欄がないため 0千円");
    only(&d, "E218");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e218_fund_soft(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_funding *f = &p->funding;
    f->soft[0].v = 12000;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E218");
    assert_where(g, SHEET_FUND, "うちソフト事業費", 2025, f->soft[0].pos.line);
    assert_figures(g, "12,000千円", "12,219千円");
    assert_msg_has(g, "うちソフト事業費 12,000千円 が (別紙1-1) の同じ年度の"
                      "交付対象事業経費【①】 12,219千円 と一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* A plan with a 拠点整備事業: (別紙1-1) ① 10,000 = ② 7,000 + ③ 3,000, all of
 * it ソフト事業, and the 拠点整備事業's own 5,000 (its (別紙1-2) is not
 * modelled); the schedule 交付対象 15,000 = うちソフト 10,000 + うち拠点
 * 5,000. */
static gs_plan *base_plan(void)
{
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 7000, 3000);
    set_fund_cost(p, 0, 15000, 10000);
    set_stated(p, &p->funding.base[0], 5000);
    return p;
}

static void test_e217_base_plan_passes(void **state)
{
    (void)state;
    assert_clean(base_plan());
    /* 交付対象 left blank: it prints as computed, nothing to compare */
    gs_plan *p = base_plan();
    p->funding.eligible[0].has = false;
    assert_clean(p);
}

static void test_e217_base_plan_base_wrong(void **state)
{
    (void)state;
    /* 交付対象 or うち拠点 may be the typo: one message with both fixes */
    gs_plan *p = base_plan();
    p->funding.base[0].v = 4999;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E217");
    assert_where(g, SHEET_FUND, "交付対象事業経費", 2025,
                 p->funding.eligible[0].pos.line);
    assert_figures(g, "15,000千円", "14,999千円");
    assert_msg_has(g, "8. 自立性 2025年度(1年目) 交付対象事業経費 15,000千円 が "
                      "うちソフト事業費 10,000千円((別紙1-1) の①) と "
                      "うち拠点整備事業費 4,999千円 の合計 14,999千円 と"
                      "一致しません");
    assert_msg_has(g, "交付対象事業経費を 14,999千円 に直すか、"
                      "うち拠点整備事業費を 5,000千円 に直して");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e217_base_plan_base_blank(void **state)
{
    (void)state;
    /* うち拠点 blank counts as 0, so 交付対象 would print as ① alone */
    gs_plan *p = base_plan();
    p->funding.base[0].has = false;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E217");
    assert_int_equal(g->line, p->funding.eligible[0].pos.line);
    assert_figures(g, "15,000千円", "10,000千円");
    assert_msg_has(g, "うち拠点整備事業費 0千円(空欄) の合計 10,000千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e218_facility_is_soft(void **state)
{
    (void)state;
    /* the old reading: うちソフト = ② leaves ③ out of the ソフト事業 */
    gs_plan *p = base_plan();
    gs_stated *s = &p->funding.soft[0];
    s->v = 7000;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E218");
    assert_where(g, SHEET_FUND, "うちソフト事業費", 2025, s->pos.line);
    assert_figures(g, "7,000千円", "10,000千円");
    assert_msg_has(g, "うちソフト事業費は②ではなく①(②+③)です");
    gs_diags_free(&d);
    /* another wrong figure gets no hint about ② */
    s->v = 9000;
    run(p, &d);
    assert_int_equal(d.n, 1);
    assert_null(strstr(only(&d, "E218")->message, "②ではなく"));
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 7: a soft plan that buys equipment, every row stated ------------- */

/* (別紙1-1) of FY2025-2027, each year with ③ > 0, all of it ソフト事業. */
static const struct {
    int64_t soft, facility;
} SF_YEARS[] = {{8000, 2000}, {9000, 1500}, {9500, 500}};
#define SF_NYEARS 3

/* The schedule states every row: 【A】 per year and 事業開始前, 合計,
 * 交付対象 = うちソフト = ①, うち拠点 0, and 総事業費 = ① in the plan's years
 * and 3,000 a year after it, when the project runs on its own funds. */
static gs_plan *soft_facility_plan(void)
{
    gs_plan *p = plan_new(2025, 2027, GS_KIND_SOFT);
    add_kpi(p, 1);
    int64_t eligible = 0, soft = 0, fac = 0;
    for (int i = 0; i < SF_NYEARS; i++) {
        add_mixed_year(p, 2025 + i, SF_YEARS[i].soft, SF_YEARS[i].facility);
        eligible += SF_YEARS[i].soft + SF_YEARS[i].facility;
        soft += SF_YEARS[i].soft;
        fac += SF_YEARS[i].facility;
    }
    set_totals(p, eligible, soft, fac);
    gs_funding *f = &p->funding;
    f->pos = at(p);
    f->src[0].pos = at(p);
    f->src[0].kind = gs_xstrdup("利用者負担金");
    set_stated(p, &f->src[0].before, 0);
    set_stated(p, &f->total_before, 0);
    static const int64_t own[GS_FUND_YEARS] = {500, 1000, 1500, 3000, 3000, 3000};
    for (int c = 0; c < GS_FUND_YEARS; c++) {
        set_stated(p, &f->src[0].v[c], own[c]);
        set_stated(p, &f->total[c], own[c]);
        int64_t one = c < SF_NYEARS ? SF_YEARS[c].soft + SF_YEARS[c].facility : 0;
        if (c < GS_FORM_YEARS)
            set_fund_cost(p, c, one, one);
        set_stated(p, &f->base[c], 0);
        set_stated(p, &f->project[c], c < SF_NYEARS ? one : 3000);
    }
    return p;
}

static void test_soft_facility_plan_passes(void **state)
{
    (void)state;
    assert_clean(soft_facility_plan());
    /* うち拠点 blank instead of 0 is the same */
    gs_plan *p = soft_facility_plan();
    for (int c = 0; c < GS_FUND_YEARS; c++)
        p->funding.base[c].has = false;
    assert_clean(p);
}

/* Each stated row of the schedule mistyped by 1千円 in one column: exactly
 * one diagnostic, with the row's own code, at the figure's line. */
static void test_soft_facility_each_row_mistyped(void **state)
{
    (void)state;
    static const struct {
        const char *row, *code;
        int col, delta;
        const char *stated, *computed;
    } cases[] = {
        {"合計", "E216", -1, +1, "1千円", "0千円"},
        {"合計", "E216", 1, +1, "1,001千円", "1,000千円"},
        {"交付対象事業経費", "E217", 0, +1, "10,001千円", "10,000千円"},
        {"交付対象事業経費", "E217", 2, -1, "9,999千円", "10,000千円"},
        {"交付対象事業経費", "E217", 3, +1, "1千円", "0千円"},
        {"うちソフト事業費", "E218", 1, +1, "10,501千円", "10,500千円"},
        {"うちソフト事業費", "E218", 2, -1, "9,999千円", "10,000千円"},
        {"うち拠点整備事業費", "E224", 1, +1, "1千円", "0千円"},
        {"うち拠点整備事業費", "E224", 5, +1, "1千円", "0千円"},
        {"総事業費", "E227", 0, -1, "9,999千円", "10,000千円"},
        {"総事業費", "E227", 2, -1, "9,999千円", "10,000千円"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gs_plan *p = soft_facility_plan();
        gs_funding *f = &p->funding;
        int col = cases[i].col;
        gs_stated *st =
            strcmp(cases[i].row, "合計") == 0
                ? (col < 0 ? &f->total_before : &f->total[col])
            : strcmp(cases[i].row, "交付対象事業経費") == 0 ? &f->eligible[col]
            : strcmp(cases[i].row, "うちソフト事業費") == 0 ? &f->soft[col]
            : strcmp(cases[i].row, "うち拠点整備事業費") == 0 ? &f->base[col]
                                                             : &f->project[col];
        st->v += cases[i].delta;
        gs_diags d = GS_DIAGS_INIT;
        run(p, &d);
        if (d.n != 1)
            fail_msg("case %zu (%s, column %d): %zu diagnostics", i,
                     cases[i].row, col, d.n);
        const gs_diag *g = only(&d, cases[i].code);
        assert_int_equal(g->severity, GS_ERROR);
        assert_where(g, SHEET_FUND, cases[i].row, col < 0 ? 0 : 2025 + col,
                     st->pos.line);
        assert_figures(g, cases[i].stated, cases[i].computed);
        assert_msg_has(g, SHEET_FUND);
        assert_msg_has(g, cases[i].row);
        assert_msg_has(g, col < 0 ? "事業開始前" : "年度(");
        gs_diags_free(&d);
        gs_plan_free(p);
    }
}

static void test_e227_project_cost(void **state)
{
    (void)state;
    /* 総事業費 may exceed 交付対象 (costs the grant does not cover, and the
     * years after it); only below is wrong */
    gs_plan *p = soft_facility_plan();
    p->funding.project[0].v = 25000;
    assert_clean(p);
    p = soft_facility_plan();
    gs_stated *pc = &p->funding.project[1];
    pc->v = 10000;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E227");
    assert_where(g, SHEET_FUND, "総事業費", 2026, pc->pos.line);
    assert_figures(g, "10,000千円", "10,500千円");
    assert_msg_has(g, "8. 自立性 2026年度(2年目) 総事業費 10,000千円 が同じ年度の"
                      "交付対象事業経費 10,500千円(うちソフト事業費と"
                      "うち拠点整備事業費の合計)より少なくなっています");
    assert_msg_has(g, "総事業費を 10,500千円 以上に直す");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e227_counts_base_cost(void **state)
{
    (void)state;
    /* with a 拠点整備事業 the floor is ① + うち拠点 */
    gs_plan *p = base_plan();
    set_stated(p, &p->funding.project[0], 15000);
    assert_clean(p);
    p = base_plan();
    set_stated(p, &p->funding.project[0], 10000); /* ① only */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    assert_figures(only(&d, "E227"), "10,000千円", "15,000千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_fund_eligible_overflow(void **state)
{
    (void)state;
    /* ① + うち拠点 above 15 digits: E212 on 8. 自立性, and no E217/E227
     * against the incomplete sum */
    gs_plan *p = base_plan();
    p->funding.base[0].v = GS_AMOUNT_MAX;
    set_stated(p, &p->funding.project[0], 1);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E212");
    assert_where(g, SHEET_FUND, "交付対象事業経費", 2025,
                 p->funding.base[0].pos.line);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 8: 事業概要 against (別紙1-1) and 実施期間 ----------------------- */

static void test_e220_total_cost(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_stated *tc = &p->overview.total_cost;
    tc->v = 37157;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E220");
    assert_where(g, OVERVIEW, "期間中の総事業費", 0, tc->pos.line);
    assert_figures(g, "37,157千円", "38,157千円");
    assert_msg_has(g, "事業概要 期間中の総事業費 37,157千円 が (別紙1-1) の"
                      "交付対象事業経費【①】の合計 38,157千円 と一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e221_first_cost(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_stated *fc = &p->overview.first_cost;
    fc->v = 12719; /* the second year's */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E221");
    assert_where(g, OVERVIEW, "期間中の総事業費(カッコ内はR7年度事業費)", 2025,
                 fc->pos.line);
    assert_figures(g, "12,719千円", "12,219千円");
    assert_msg_has(g, "カッコ内(R7年度事業費) 12,719千円 が (別紙1-1) "
                      "2025年度(1年目) の交付対象事業経費【①】 12,219千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e220_e221_unstated_pass(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->overview.total_cost.has = p->overview.first_cost.has = false;
    p->overview.total_cost.v = p->overview.first_cost.v = 1;
    p->overview.has_period = false;
    p->overview.period_last = 2030;
    assert_clean(p);
}

static void test_e222_period(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    gs_overview *o = &p->overview;
    o->period_last = 2028;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E222");
    assert_where(g, OVERVIEW, "事業計画期間", 0, o->period_pos.line);
    assert_figures(g, "R7-R10年度", "R7-R9年度");
    assert_msg_has(g, "事業概要 事業計画期間 R7-R10年度(2025〜2028年度)が "
                      "2. 交付対象事業の名称等 の実施期間 "
                      "2025.4.1 - 2028.3.31(R7-R9年度)と一致しません");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e223_soft_ticked_without_soft_cost(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT | GS_KIND_BASE);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 0, 3000);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    const gs_diag *g = only(&d, "E223");
    assert_where(g, OVERVIEW, "経費の種類", 0, p->kinds_pos.line);
    assert_figures(g, "ソフト事業 ✓", "0千円");
    assert_msg_has(g, "ソフト事業 に✓がありますが");
    assert_int_equal(count(&d, "W207"), 1); /* all facility: its own warning */
    assert_int_equal(d.n, 2);
    gs_diags_free(&d);
    /* without the tick it is right */
    p->kinds = GS_KIND_BASE;
    run(p, &d);
    assert_int_equal(count(&d, "E223"), 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e223_soft_cost_without_tick(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->kinds = GS_KIND_INFRA;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E223");
    assert_figures(g, "ソフト事業 ✓なし", "38,157千円");
    assert_msg_has(g, "ソフト事業 に✓がありませんが、(別紙1-1) に"
                      "交付対象事業におけるソフト事業経費【②】が計上されています"
                      "(合計 38,157千円)");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e223_cancelling_years_still_present(void **state)
{
    (void)state;
    /* +500 and △500: Σ② is 0 but there is soft cost */
    gs_plan *p = plan_new(2025, 2026, GS_KIND_SOFT);
    add_kpi(p, 1);
    add_kpi(p, 2);
    add_kpi(p, 3);
    add_kpi(p, 4);
    add_soft_year(p, 2025, 500);
    add_soft_year(p, 2026, -500);
    /* no E223; the negative figures (①, 計, the element, its item) are
     * warned of */
    assert_only(p, "W226", 4);
}

static void test_w226_negative_costs(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    assert_clean(p);
    p = nagaoka();
    p->funding.src[0].v[1].v = -500;
    p->funding.total[1].v -= 1000; /* keep 合計 consistent: only W226 */
    assert_only(p, "W226", 1);
}

static void test_e224_base_without_tick(void **state)
{
    (void)state;
    /* a 拠点整備事業 with its tick forgotten: 交付対象 includes the cost, so
     * the one slip is the tick (no E217 on top) */
    gs_plan *p = base_plan();
    p->kinds = GS_KIND_SOFT;
    gs_stated *b = &p->funding.base[0];
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E224");
    assert_where(g, SHEET_FUND, "うち拠点整備事業費", 2025, b->pos.line);
    assert_figures(g, "5,000千円", "0千円");
    assert_msg_has(g, "事業概要 の経費の種類の 拠点整備事業 に✓がありません");
    assert_msg_has(g, "うち拠点整備事業費を空欄か 0千円 にし");
    gs_diags_free(&d);
    /* a stated 0 needs no tick; 交付対象 is then ① */
    b->v = 0;
    p->funding.eligible[0].v = 10000;
    run(p, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e224_facility_typed_as_base(void **state)
{
    (void)state;
    /* the old reading of a soft plan that buys equipment: うちソフト = ② and
     * うち拠点 = ③ in each year; each wrong row has its own message and
     * the right 交付対象 (= ①) none */
    gs_plan *p = plan_new(2025, 2026, GS_KIND_SOFT);
    add_kpi(p, 1);
    add_mixed_year(p, 2025, 7000, 3000);
    add_mixed_year(p, 2026, 6000, 4000);
    set_fund_cost(p, 0, 10000, 7000);
    set_fund_cost(p, 1, 10000, 6000);
    set_stated(p, &p->funding.base[0], 3000);
    set_stated(p, &p->funding.base[1], 4000);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 4);
    assert_int_equal(count(&d, "E218"), 2);
    assert_int_equal(count(&d, "E224"), 2);
    for (size_t i = 0; i < d.n; i++) {
        const gs_diag *g = &d.v[i];
        int col = g->fy - 2025;
        if (strcmp(g->code, "E224") == 0) {
            assert_int_equal(g->line, p->funding.base[col].pos.line);
            assert_string_equal(g->stated, col ? "4,000千円" : "3,000千円");
        } else {
            assert_int_equal(g->line, p->funding.soft[col].pos.line);
            assert_string_equal(g->computed, "10,000千円");
        }
    }
    gs_diags_free(&d);
    /* typed as corrected: passes */
    p->funding.soft[0].v = p->funding.soft[1].v = 10000;
    p->funding.base[0].has = false;
    p->funding.base[1].v = 0;
    run(p, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- rule 11: 国費 against the programme cap ------------------------------- */

/* One soft year of ① = eligible for a government of this kind: the W225
 * warnings it gets (0 or 1), checked to be a warning with 国費 as figure. */
static size_t cap_warnings(gs_gov_kind gov, int64_t eligible,
                           const char *national)
{
    gs_plan *p = plan_new(2025, 2025, GS_KIND_SOFT);
    p->gov = gov;
    for (int i = 1; i <= 4; i++)
        add_kpi(p, i);
    gs_year *y = add_soft_year(p, 2025, eligible);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    size_t n = count(&d, "W225");
    assert_int_equal(d.n, n);
    if (n) {
        const gs_diag *g = only(&d, "W225");
        assert_int_equal(g->severity, GS_WARNING);
        assert_false(gs_diags_has_errors(&d));
        assert_where(g, SHEET, ROW1, 2025, y->eligible_pos.line);
        assert_figures(g, NULL, national);
    }
    gs_diags_free(&d);
    gs_plan_free(p);
    return n;
}

static void test_w225_municipality(void **state)
{
    (void)state;
    /* 国費 = ① / 2, compared exactly; the cap is 1,000,000千円 */
    assert_int_equal(cap_warnings(GS_GOV_MUNICIPALITY, 2000000, NULL), 0);
    assert_int_equal(cap_warnings(GS_GOV_MUNICIPALITY, 2000001,
                                  "1,000,000.5千円"), 1);
    assert_int_equal(cap_warnings(GS_GOV_MUNICIPALITY, 2000002,
                                  "1,000,001千円"), 1);
}

static void test_w225_prefecture_and_core_city(void **state)
{
    (void)state;
    assert_int_equal(cap_warnings(GS_GOV_PREFECTURE, 3000000, NULL), 0);
    assert_int_equal(cap_warnings(GS_GOV_PREFECTURE, 3000002,
                                  "1,500,001千円"), 1);
    assert_int_equal(cap_warnings(GS_GOV_CORE_CITY, 3000000, NULL), 0);
    assert_int_equal(cap_warnings(GS_GOV_CORE_CITY, 3000001,
                                  "1,500,000.5千円"), 1);
    assert_int_equal(cap_warnings(GS_GOV_CORE_CITY, 3000002,
                                  "1,500,001千円"), 1);
    /* the municipality's cap is lower */
    assert_int_equal(cap_warnings(GS_GOV_MUNICIPALITY, 3000000,
                                  "1,500,000千円"), 1);
}

static void test_w225_wording(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2026, GS_KIND_SOFT);
    p->gov = GS_GOV_CORE_CITY;
    for (int i = 1; i <= 4; i++)
        add_kpi(p, i);
    add_soft_year(p, 2025, 1000);
    add_soft_year(p, 2026, 4000000);
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "W225");
    assert_int_equal(g->fy, 2026);
    assert_msg_has(g, "(別紙1-1) 2026年度(2年目) 交付対象事業経費【①】 "
                      "4,000,000千円 の1/2にあたる国費 2,000,000千円 が、"
                      "中枢中核市の国費の上限 15億円(1,500,000千円)を超えて");
    assert_msg_has(g, "このままでも作成できます");
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- several problems at once --------------------------------------------- */

/* ---- the 地域再生計画 against the 実施計画 (E240-E243) ------------------- */

#define REGIONAL "地域再生計画"

static char *place(const gs_plan *p, int line)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_printf(&b, "(実施計画: %s:%d)", p->file, line);
    return gs_buf_detach(&b);
}

static void add_body(gs_plan *p, const char *pref, const char *county,
                     const char *muni, const char *code)
{
    p->bodies = gs_xrealloc(p->bodies, (p->nbodies + 1) * sizeof *p->bodies);
    gs_body *b = &p->bodies[p->nbodies++];
    memset(b, 0, sizeof *b);
    b->pos = at(p);
    b->prefecture = gs_xstrdup(pref);
    b->county = county ? gs_xstrdup(county) : NULL;
    b->municipality = muni ? gs_xstrdup(muni) : NULL;
    b->code = gs_xstrdup(code);
}

static void set_author(gs_plan *p, const char *s)
{
    free(p->regional.text[GS_RT_AUTHOR]);
    p->regional.text[GS_RT_AUTHOR] = gs_xstrdup(s);
    p->regional.text_pos[GS_RT_AUTHOR] = at(p);
}

/* Nagaoka with its 地域再生計画's figures typed as that document has them:
 * every one equal to the 実施計画's. */
static gs_plan *nagaoka_regional(void)
{
    gs_plan *p = nagaoka();
    p->prefecture = gs_xstrdup("新潟県");
    p->municipality = gs_xstrdup("長岡市");
    p->at.prefecture = at(p);
    gs_regional *r = &p->regional;
    r->pos = at(p);
    set_author(p, "新潟県長岡市");
    r->has_targets = true;
    r->targets_pos = at(p);
    r->targets = gs_xcalloc(4, sizeof *r->targets);
    r->ntargets = 4;
    for (int i = 0; i < 4; i++) {
        gs_kpi *t = &r->targets[i];
        t->pos = at(p);
        t->no = i + 1;
        t->name = gs_xstrdup(NAGAOKA_KPIS[i].name);
        t->name_pos = at(p);
        t->unit = gs_xstrdup(NAGAOKA_KPIS[i].unit);
        set_stated(p, &t->baseline, NAGAOKA_KPIS[i].baseline);
        for (int c = 0; c < 3; c++)
            set_stated(p, &t->inc[c], NAGAOKA_KPIS[i].inc);
        set_stated(p, &t->total, NAGAOKA_KPIS[i].inc * 3);
    }
    set_stated(p, &r->total_cost, 38157);
    r->has_period = true;
    r->period_from = (gs_date){2025, 4, 1};
    r->period_to = (gs_date){2028, 3, 31};
    r->period_pos = at(p);
    return p;
}

/* Everything typed for the 地域再生計画 equals the 実施計画: nothing. */
static void test_regional_figures_pass(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
    /* and nothing typed at all: nothing to compare */
    p = nagaoka();
    run(p, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e240_total_cost(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    gs_stated *tc = &p->regional.total_cost;
    tc->v = 38000;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E240");
    assert_where(g, REGIONAL, "５－２ ⑦ 総事業費", 0, tc->pos.line);
    assert_figures(g, "38,000千円", "38,157千円");
    char *there = place(p, p->overview.total_cost.pos.line);
    assert_msg_has(g, "地域再生計画 ５－２ ⑦ 総事業費 38,000千円 が 実施計画 の"
                      "期間中の総事業費");
    assert_msg_has(g, there);
    free(there);
    gs_diags_free(&d);
    /* without 事業概要's figure, the place is (別紙1-1)'s 合計 */
    p->overview.total_cost.has = false;
    p->overview.total_cost.pos.line = 0;
    run(p, &d);
    there = place(p, p->totals.pos.line);
    assert_msg_has(only(&d, "E240"), there);
    free(there);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e241_figures(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    gs_kpi *t2 = &p->regional.targets[1];
    t2->baseline.v = 36000;               /* 354.00 in 7. KPI */
    gs_kpi *t1 = &p->regional.targets[0];
    t1->inc[1].v = 1200;                  /* 2026: 10.00 */
    gs_kpi *t4 = &p->regional.targets[3];
    t4->total.v = 4000;                   /* 45.00 */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 3);
    assert_int_equal(count(&d, "E241"), 3);
    for (size_t i = 0; i < d.n; i++) {
        const gs_diag *g = &d.v[i];
        if (g->line == t2->baseline.pos.line) {
            assert_where(g, REGIONAL, "４－２ 【数値目標】 KPI②", 0, t2->baseline.pos.line);
            assert_figures(g, "360.00", "354.00");
            char *there = place(p, p->kpis[1].baseline.pos.line);
            assert_msg_has(g, "KPI② の事業開始前（現時点） 360.00 が 7. KPI の同じ欄の "
                              "354.00 と一致しません");
            assert_msg_has(g, there);
            free(there);
        } else if (g->line == t1->inc[1].pos.line) {
            assert_where(g, REGIONAL, "４－２ 【数値目標】 KPI①", 2026, t1->inc[1].pos.line);
            assert_figures(g, "12.00", "10.00");
            assert_msg_has(g, "2026年度増加分（２年目） 12.00");
        } else {
            assert_where(g, REGIONAL, "４－２ 【数値目標】 KPI④", 0, t4->total.pos.line);
            assert_figures(g, "40.00", "45.00");
            assert_msg_has(g, "ＫＰＩ増加分の累計 40.00");
        }
    }
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e241_names_units_rows(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    gs_regional *r = &p->regional;
    free(r->targets[2].name);
    r->targets[2].name = gs_xstrdup("交流事業の参加企業数");
    free(r->targets[0].unit);
    r->targets[0].unit = gs_xstrdup("人／年");
    r->ntargets = 3;                      /* KPI④ left out */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 3);
    assert_int_equal(count(&d, "E241"), 3);
    for (size_t i = 0; i < d.n; i++) {
        const gs_diag *g = &d.v[i];
        if (g->line == r->targets[2].name_pos.line) {
            assert_figures(g, "交流事業の参加企業数", "交流事業への参加企業数");
            assert_msg_has(g, "KPI の名称「交流事業の参加企業数」が 7. KPI の"
                              "「交流事業への参加企業数」と一致しません");
        } else if (g->line == r->targets[0].pos.line) {
            assert_figures(g, "人／年", "人");
            assert_msg_has(g, "単位「人／年」");
        } else {
            assert_where(g, REGIONAL, "４－２ 【数値目標】 KPI④", 0, r->targets_pos.line);
            assert_figures(g, NULL, "KPI④");
            char *there = place(p, p->kpis[3].pos.line);
            assert_msg_has(g, "7. KPI の KPI④ 就労・雇用相談支援件数 がありません");
            assert_msg_has(g, there);
            free(there);
        }
    }
    gs_diags_free(&d);
    /* a row for a KPI 7. does not have */
    r->ntargets = 4;
    r->targets[3].no = 5;
    free(r->targets[2].name);
    r->targets[2].name = gs_xstrdup("交流事業への参加企業数");
    free(r->targets[0].unit);
    r->targets[0].unit = gs_xstrdup("人");
    run(p, &d);
    assert_int_equal(count(&d, "E241"), 2); /* ⑤ extra, ④ missing */
    bool extra = false;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].line == r->targets[3].pos.line) {
            extra = true;
            assert_msg_has(&d.v[i], "KPI⑤ がありますが、7. KPI にはありません");
        }
    assert_true(extra);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* The 【数値目標】 has the plan's years only, so its 累計 is theirs: an
 * increment after the plan (W228) is in 7.'s 累計, not in this one. */
static void test_e241_total_is_the_plans_years(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    set_stated(p, &p->kpis[0].inc[3], 500);       /* 2028, after the plan */
    p->kpis[0].total.v = 3500;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(count(&d, "E241"), 0);       /* 30.00 typed, 30.00 due */
    assert_int_equal(count(&d, "W228"), 1);
    gs_diags_free(&d);
    p->regional.targets[0].total.v = 3500;        /* 7.'s ten-column 累計 */
    run(p, &d);
    const gs_diag *g = only(&d, "E241");
    assert_figures(g, "35.00", "30.00");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e242_period(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    p->regional.period_to = (gs_date){2027, 3, 31};
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E242");
    assert_where(g, REGIONAL, "５－２ ⑧ 事業実施期間", 0, p->regional.period_pos.line);
    assert_figures(g, "2025年４月１日から2027年３月31日まで",
                   "2025年４月１日から2028年３月31日まで");
    char *there = place(p, p->period_pos.line);
    assert_msg_has(g, "実施期間 2025.4.1 - 2028.3.31");
    assert_msg_has(g, there);
    free(there);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e243_author(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    set_author(p, "新潟県長岡町");
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E243");
    assert_where(g, REGIONAL, "２ 作成主体の名称", 0,
                 p->regional.text_pos[GS_RT_AUTHOR].line);
    assert_figures(g, "新潟県長岡町", "新潟県長岡市");
    char *there = place(p, p->at.prefecture.line);
    assert_msg_has(g, "申請者から決まる「新潟県長岡市」と一致しません");
    assert_msg_has(g, there);
    free(there);
    gs_diags_free(&d);
    /* blanks inside a name are not a difference */
    set_author(p, "新潟県　長岡市");
    run(p, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* A town names its 郡. */
static void test_e243_town_names_its_county(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    free(p->municipality);
    p->municipality = gs_xstrdup("湯沢町");
    p->county = gs_xstrdup("南魚沼郡");
    set_author(p, "新潟県湯沢町");
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    const gs_diag *g = only(&d, "E243");
    assert_figures(g, "新潟県湯沢町", "新潟県南魚沼郡湯沢町");
    assert_msg_has(g, "都道府県名・郡名・町村名");
    gs_diags_free(&d);
    set_author(p, "新潟県南魚沼郡湯沢町");
    run(p, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* 広域: every body, in 地方公共団体コード order, whatever order 2. lists
 * them in. */
static void test_e243_joint_in_code_order(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_regional();
    free(p->municipality);
    p->municipality = gs_xstrdup("湯沢町");
    p->county = gs_xstrdup("南魚沼郡");
    p->wide_area = true;
    add_body(p, "新潟県", "南魚沼郡", "湯沢町", "154610");
    add_body(p, "新潟県", NULL, "南魚沼市", "152269");
    add_body(p, "新潟県", NULL, NULL, "150002");
    set_author(p, "新潟県南魚沼郡湯沢町、新潟県南魚沼市、新潟県");
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    const gs_diag *g = only(&d, "E243");
    assert_figures(g, "新潟県南魚沼郡湯沢町、新潟県南魚沼市、新潟県",
                   "新潟県、新潟県南魚沼市、新潟県南魚沼郡湯沢町");
    assert_msg_has(g, "地方公共団体コードの順に書きます");
    char *there = place(p, p->bodies[0].pos.line);
    assert_msg_has(g, there);
    free(there);
    gs_diags_free(&d);
    /* one body missing */
    set_author(p, "新潟県\n新潟県南魚沼市");
    run(p, &d);
    assert_msg_has(only(&d, "E243"), "参加団体すべてを");
    gs_diags_free(&d);
    /* in code order, one a line: right */
    set_author(p, "新潟県\n新潟県南魚沼市\n新潟県南魚沼郡湯沢町");
    run(p, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_every_problem_reported(void **state)
{
    (void)state;
    gs_plan *p = nagaoka();
    p->fy_last = 2030;                          /* E209: 6 years; E222 */
    p->years[0].eligible = 1;                   /* E201 */
    p->years[1].soft.total = 2;                 /* E202 */
    p->years[1].facility.total = 3;             /* E203 */
    p->years[2].soft.count = 4;                 /* E204 */
    add_desc(p, &p->years[2].soft.elems[0], true, "追加", 5); /* E205 */
    p->totals.soft = 6;                         /* E206 */
    p->years[0].soft.elems[0].kpis[0] = 7;      /* E208 */
    set_eligible(add_year(p, 2031), 8);         /* E211 */
    p->kpis[0].total.v = 3100;                  /* E213 */
    p->overview.kpis[2].no = 2;                 /* E214 */
    p->overview.kpis[1].target = 4300;          /* E215 */
    p->funding.total[1].v = 1900;               /* E216 */
    p->funding.eligible[2].v = 13000;           /* E217 */
    p->funding.soft[1].v = 12000;               /* E218 */
    set_stated(p, &p->funding.base[0], 100);    /* E224 */
    set_stated(p, &p->funding.project[1], 12718); /* E227 */
    p->overview.total_cost.v = 38000;           /* E220 */
    p->overview.first_cost.v = 12000;           /* E221 */
    p->kinds = 0;                               /* E223 */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    static const char *codes[] = {
        "E201", "E202", "E203", "E204", "E205", "E206", "E208", "E209",
        "E211", "E213", "E214", "E215", "E216", "E217", "E218", "E220",
        "E221", "E222", "E223", "E224", "E227",
    };
    size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++)
        if (count(&d, codes[i]) != 1)
            fail_msg("%s reported %zu times", codes[i], count(&d, codes[i]));
    assert_int_equal(d.n, n);
    assert_int_equal(d.errors, n);
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* ---- the 効果検証 (verify.c) ----------------------------------------------- */

#define DOC_VERIFY "効果検証"

/* Nagaoka after its first year, reported on 2026-09-30: FY2025 measured,
 * a grant just at half of ① (12,219千円 -> 6,109千円 decided). */
static gs_plan *nagaoka_results(void)
{
    gs_plan *p = nagaoka();
    gs_results *r = &p->results;
    r->pos = at(p);
    r->as_of = (gs_date){2026, 9, 30};
    set_stated(p, &r->years[0].decided, 6109);
    set_stated(p, &r->years[0].paid, 5980);
    set_stated(p, &r->years[0].spent, 11961);
    set_stated(p, &r->grant_total, 5980);
    set_stated(p, &r->spent_total, 11961);
    r->kpis = gs_xcalloc(2, sizeof *r->kpis);
    r->nkpis = 2;
    r->kpis[0].no = 1;
    r->kpis[0].pos = at(p);
    r->kpis[0].actual[0] = (gs_actual){GS_ACTUAL_FIGURE, 1200, NULL, at(p)};
    r->kpis[0].actual[1] = (gs_actual){GS_ACTUAL_UNMEASURED, 0, NULL, at(p)};
    r->kpis[1].no = 2;
    r->kpis[1].pos = at(p);
    r->kpis[1].actual[0] = (gs_actual){GS_ACTUAL_FIGURE, -300, NULL, at(p)};
    set_stated(p, &r->kpis[1].target[0], NAGAOKA_KPIS[1].inc);
    return p;
}

static void test_verify_passes(void **state)
{
    (void)state;
    assert_clean(nagaoka_results());
}

/* E250: 6,110千円 is above half of 12,219千円; 6,109千円 (the decided of
 * nagaoka_results, which passes) is not. */
static void test_e250_grant_above_half(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_results();
    p->results.years[0].paid.v = 6110;
    p->results.grant_total.v = 6110;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E250");
    assert_where(g, DOC_VERIFY, "交付金額", 2025, p->results.years[0].paid.pos.line);
    assert_figures(g, "6,110千円", "12,219千円");
    assert_msg_has(g, "交付額 6,110千円 が 交付対象事業経費【①】12,219千円 の 1/2");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_e251_total_mismatch(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_results();
    p->results.grant_total.v = 6109; /* the decided, not the paid */
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E251");
    assert_where(g, DOC_VERIFY, "交付金額", 0, p->results.grant_total.pos.line);
    assert_figures(g, "6,109千円", "5,980千円");
    gs_diags_free(&d);
    gs_plan_free(p);
}

/* E252: FY2026 has not ended on 2026-09-30, FY2025 has not on 2026-03-31;
 * a year that ended the day before the report passes. */
static void test_e252_actual_before_year_end(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_results();
    p->results.kpis[0].actual[1] = (gs_actual){GS_ACTUAL_UNPUBLISHED, 0, NULL, at(p)};
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E252");
    assert_where(g, DOC_VERIFY, "KPI①", 2026, p->results.kpis[0].actual[1].pos.line);
    assert_msg_has(g, "2026年度は報告日 2026-09-30 にはまだ終わっていません");
    gs_diags_free(&d);
    p->results.as_of = (gs_date){2027, 4, 1};
    assert_clean(p);
    p = nagaoka_results();
    p->results.as_of = (gs_date){2026, 3, 31};
    assert_only(p, "E252", 2); /* KPI① and KPI② of FY2025 */
}

static void test_e253_target_not_plan_increment(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_results();
    p->results.kpis[1].target[0].v = NAGAOKA_KPIS[1].inc + 100;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "E253");
    assert_where(g, DOC_VERIFY, "KPI②", 2025, p->results.kpis[1].target[0].pos.line);
    assert_figures(g, "15.00", "14.00");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_w250_spent_above_plan(void **state)
{
    (void)state;
    gs_plan *p = nagaoka_results();
    p->results.years[0].spent.v = 12220;
    p->results.spent_total.v = 12220;
    gs_diags d = GS_DIAGS_INIT;
    run(p, &d);
    assert_int_equal(d.n, 1);
    const gs_diag *g = only(&d, "W250");
    assert_int_equal(g->severity, GS_WARNING);
    assert_figures(g, "12,220千円", "12,219千円");
    gs_diags_free(&d);
    p->results.years[0].spent.v = 12219;
    p->results.spent_total.v = 12219;
    assert_clean(p);
}

/* E254: three plans of one city, each under the cap alone (no W225), over
 * it together by one 千円 of 国費; one 千円 less passes; another city's
 * plan never counts. */
static void test_e254_national_cap_across_plans(void **state)
{
    (void)state;
    gs_plan *a = plan_new(2025, 2025, GS_KIND_SOFT);
    gs_plan *b = plan_new(2025, 2026, GS_KIND_SOFT);
    gs_plan *o = plan_new(2025, 2025, GS_KIND_SOFT);
    gs_plan *plans[] = {a, b, o};
    for (int i = 0; i < 3; i++) {
        plans[i]->prefecture = gs_xstrdup("新潟県");
        plans[i]->municipality = gs_xstrdup(i < 2 ? "長岡市" : "湯沢町");
    }
    add_soft_year(a, 2025, 1200000);   /* 国費 600,000千円 */
    add_soft_year(b, 2025, 800002);    /* 国費 400,001千円: 1,000,001 */
    add_soft_year(o, 2025, 1800000);   /* another town */
    gs_totals t[3];
    gs_diags d = GS_DIAGS_INIT;
    for (int i = 0; i < 3; i++)
        gs_totals_compute(plans[i], &t[i], &d);
    const gs_plan *cp[] = {a, b, o};
    const gs_totals *ct[] = {&t[0], &t[1], &t[2]};
    gs_buf over[2] = {GS_BUF_INIT, GS_BUF_INIT};
    gs_validate_national_cap(cp, ct, 2, over, &d);
    const gs_diag *g = only(&d, "E254");
    /* both plans are named as contributing to 2025 */
    assert_string_equal(over[0].data, "2025");
    assert_string_equal(over[1].data, "2025");
    gs_buf_free(&over[0]);
    gs_buf_free(&over[1]);
    assert_int_equal(g->fy, 2025);
    assert_figures(g, "1,000,001千円", "1,000,000千円");
    assert_msg_has(g, "新潟県長岡市 の 2025年度の国費の合計 1,000,001千円 が市区町村の上限");
    assert_msg_has(g, "(plan.xml) 国費 600,000千円、");
    assert_msg_has(g, "国費 400,001千円");
    gs_diags_free(&d);
    /* a stated 交付金額 counts instead of ½①: 2 千円 less, and the town's
     * 900,000千円, which would break the cap if it counted, does not */
    b->results.pos = at(b);
    set_stated(b, &b->results.years[0].paid, 399999);
    gs_validate_national_cap(cp, ct, 3, NULL, &d);
    assert_int_equal(d.n, 0);
    gs_diags_free(&d);
    for (int i = 0; i < 3; i++)
        gs_plan_free(plans[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nagaoka_passes),
        cmocka_unit_test(test_e201_eligible_mismatch),
        cmocka_unit_test(test_e201_passes_with_soft_and_facility),
        cmocka_unit_test(test_e201_facility_left_out),
        cmocka_unit_test(test_e202_soft_total_mismatch),
        cmocka_unit_test(test_e202_two_elements_pass_and_break),
        cmocka_unit_test(test_e203_facility_total_mismatch),
        cmocka_unit_test(test_e203_passes_negative_adjustment),
        cmocka_unit_test(test_e204_soft_count),
        cmocka_unit_test(test_e204_facility_count),
        cmocka_unit_test(test_e204_count_not_stated_passes),
        cmocka_unit_test(test_e205_items_disagree),
        cmocka_unit_test(test_e205_several_items_pass),
        cmocka_unit_test(test_e205_no_items_passes),
        cmocka_unit_test(test_e205_items_without_amount_pass),
        cmocka_unit_test(test_e205_facility_element),
        cmocka_unit_test(test_e212_items_overflow),
        cmocka_unit_test(test_overflow_silences_sum_checks),
        cmocka_unit_test(test_kpi_and_fund_overflow_stay_on_their_sheet),
        cmocka_unit_test(test_e206_each_total_row),
        cmocka_unit_test(test_e206_unstated_totals_pass),
        cmocka_unit_test(test_w207_whole_plan_above_half),
        cmocka_unit_test(test_w207_exactly_half_passes),
        cmocka_unit_test(test_w207_just_above_half),
        cmocka_unit_test(test_w207_single_year_above_half_passes),
        cmocka_unit_test(test_e208_unknown_kpi),
        cmocka_unit_test(test_e208_each_missing_reference),
        cmocka_unit_test(test_e208_no_kpis_at_all),
        cmocka_unit_test(test_e208_element_without_kpis_passes),
        cmocka_unit_test(test_length_soft),
        cmocka_unit_test(test_length_base),
        cmocka_unit_test(test_length_infra),
        cmocka_unit_test(test_length_wording),
        cmocka_unit_test(test_e211_amount_after_period),
        cmocka_unit_test(test_e211_stated_eligible_before_period),
        cmocka_unit_test(test_e211_item_only_amount),
        cmocka_unit_test(test_e211_zero_blocks_outside_pass),
        cmocka_unit_test(test_e211_beyond_the_form_columns),
        cmocka_unit_test(test_e213_kpi_total_mismatch),
        cmocka_unit_test(test_e213_passes),
        cmocka_unit_test(test_e214_printed_numbering),
        cmocka_unit_test(test_e214_no_overview_list_passes),
        cmocka_unit_test(test_e214_name),
        cmocka_unit_test(test_e214_missing_kpi),
        cmocka_unit_test(test_e214_extra_entry),
        cmocka_unit_test(test_e214_out_of_order),
        cmocka_unit_test(test_e215_target),
        cmocka_unit_test(test_e215_target_follows_computed_total),
        cmocka_unit_test(test_e215_fraction_and_unit),
        cmocka_unit_test(test_w228_increment_after_plan),
        cmocka_unit_test(test_w228_zero_or_in_plan_passes),
        cmocka_unit_test(test_e215_bracket_stops_at_last_year),
        cmocka_unit_test(test_e216_fund_total),
        cmocka_unit_test(test_e216_passes_with_blank_total),
        cmocka_unit_test(test_e217_fund_eligible),
        cmocka_unit_test(test_e217_sixth_year),
        cmocka_unit_test(test_e218_fund_soft),
        cmocka_unit_test(test_e217_base_plan_passes),
        cmocka_unit_test(test_e217_base_plan_base_wrong),
        cmocka_unit_test(test_e217_base_plan_base_blank),
        cmocka_unit_test(test_e218_facility_is_soft),
        cmocka_unit_test(test_soft_facility_plan_passes),
        cmocka_unit_test(test_soft_facility_each_row_mistyped),
        cmocka_unit_test(test_e227_project_cost),
        cmocka_unit_test(test_e227_counts_base_cost),
        cmocka_unit_test(test_fund_eligible_overflow),
        cmocka_unit_test(test_e220_total_cost),
        cmocka_unit_test(test_e221_first_cost),
        cmocka_unit_test(test_e220_e221_unstated_pass),
        cmocka_unit_test(test_e222_period),
        cmocka_unit_test(test_e223_soft_ticked_without_soft_cost),
        cmocka_unit_test(test_e223_soft_cost_without_tick),
        cmocka_unit_test(test_e223_cancelling_years_still_present),
        cmocka_unit_test(test_w226_negative_costs),
        cmocka_unit_test(test_e224_base_without_tick),
        cmocka_unit_test(test_e224_facility_typed_as_base),
        cmocka_unit_test(test_w225_municipality),
        cmocka_unit_test(test_w225_prefecture_and_core_city),
        cmocka_unit_test(test_w225_wording),
        cmocka_unit_test(test_regional_figures_pass),
        cmocka_unit_test(test_verify_passes),
        cmocka_unit_test(test_e250_grant_above_half),
        cmocka_unit_test(test_e251_total_mismatch),
        cmocka_unit_test(test_e252_actual_before_year_end),
        cmocka_unit_test(test_e253_target_not_plan_increment),
        cmocka_unit_test(test_w250_spent_above_plan),
        cmocka_unit_test(test_e254_national_cap_across_plans),
        cmocka_unit_test(test_e240_total_cost),
        cmocka_unit_test(test_e241_figures),
        cmocka_unit_test(test_e241_names_units_rows),
        cmocka_unit_test(test_e241_total_is_the_plans_years),
        cmocka_unit_test(test_e242_period),
        cmocka_unit_test(test_e243_author),
        cmocka_unit_test(test_e243_town_names_its_county),
        cmocka_unit_test(test_e243_joint_in_code_order),
        cmocka_unit_test(test_every_problem_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
