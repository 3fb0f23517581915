/*
 * test_totals.c - the computed figures of (別紙1-1), the KPI table and the
 * 自立性 schedule (model/totals.c).
 *
 * Validation and layout both trust these numbers, so the tests pin down the
 * column layout, where an element's amount comes from, and that overflow is
 * caught and reported instead of wrapping.
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

#define MAX_YEARS 8

/* ---- plan builder -------------------------------------------------------- */

static int next_line;

static gs_srcpos at(const gs_plan *p)
{
    return (gs_srcpos){p->file, ++next_line, 1};
}

static gs_plan *plan_new(int fy_first, int fy_last)
{
    next_line = 0;
    gs_plan *p = gs_plan_new("plan.xml");
    p->fy_first = fy_first;
    p->fy_last = fy_last;
    /* room for every block a test adds, so year pointers stay valid */
    p->years = gs_xcalloc(MAX_YEARS, sizeof *p->years);
    return p;
}

static gs_year *add_year(gs_plan *p, int fy)
{
    assert_true(p->nyears < MAX_YEARS);
    gs_year *y = &p->years[p->nyears++];
    y->pos = at(p);
    y->fy = fy;
    return y;
}

/* Adds an element with a stated amount; valid until the next add. */
static gs_element *add_elem(const gs_plan *p, gs_part *part, int64_t amount)
{
    part->elems = gs_xrealloc(part->elems, (part->nelems + 1) * sizeof *part->elems);
    gs_element *e = &part->elems[part->nelems++];
    memset(e, 0, sizeof *e);
    e->pos = at(p);
    e->no = (int)part->nelems;
    e->name = gs_xstrdup("要素事業");
    e->has_amount = true;
    e->amount = amount;
    return e;
}

static void add_desc(const gs_plan *p, gs_element *e, bool is_item,
                     int64_t amount)
{
    e->desc = gs_xrealloc(e->desc, (e->ndesc + 1) * sizeof *e->desc);
    gs_para *d = &e->desc[e->ndesc++];
    d->pos = at(p);
    d->is_item = is_item;
    d->text = gs_xstrdup(is_item ? "経費" : "説明");
    d->amount = amount;
}

static const gs_diag *only(const gs_diags *d, const char *code)
{
    assert_int_equal(d->n, 1);
    assert_string_equal(d->v[0].code, code);
    return &d->v[0];
}

/* ---- sums ----------------------------------------------------------------- */

static void test_sums(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2027);
    gs_year *y = add_year(p, 2025);
    add_elem(p, &y->soft, 12219);
    y = add_year(p, 2026);
    add_elem(p, &y->soft, 10000);
    add_elem(p, &y->soft, 2719);
    add_elem(p, &y->facility, 3000);
    y = add_year(p, 2027);
    add_elem(p, &y->soft, 13219);
    add_elem(p, &y->facility, -1200); /* △ adjustments subtract */

    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_int_equal(d.n, 0);
    assert_false(t.overflow);

    assert_int_equal(t.cols[0].soft, 12219);
    assert_int_equal(t.cols[0].facility, 0);
    assert_int_equal(t.cols[0].eligible, 12219);
    assert_int_equal(t.cols[0].nsoft, 1);
    assert_int_equal(t.cols[0].nfacility, 0);

    assert_int_equal(t.cols[1].soft, 12719);
    assert_int_equal(t.cols[1].facility, 3000);
    assert_int_equal(t.cols[1].eligible, 15719);
    assert_int_equal(t.cols[1].nsoft, 2);
    assert_int_equal(t.cols[1].nfacility, 1);

    assert_int_equal(t.cols[2].facility, -1200);
    assert_int_equal(t.cols[2].eligible, 12019);

    assert_int_equal(t.soft, 12219 + 12719 + 13219);
    assert_int_equal(t.facility, 1800);
    assert_int_equal(t.eligible, 12219 + 15719 + 12019);
    gs_plan_free(p);
}

static void test_blocks_in_any_order(void **state)
{
    (void)state;
    /* columns follow the fiscal years, not the input order */
    gs_plan *p = plan_new(2025, 2026);
    add_elem(p, &add_year(p, 2026)->soft, 2);
    add_elem(p, &add_year(p, 2025)->soft, 1);
    gs_totals t;
    gs_totals_compute(p, &t, NULL);
    assert_int_equal(t.cols[0].fy, 2025);
    assert_int_equal(t.cols[0].soft, 1);
    assert_int_equal(t.cols[1].fy, 2026);
    assert_int_equal(t.cols[1].soft, 2);
    assert_ptr_equal(t.cols[1].year, &p->years[0]);
    gs_plan_free(p);
}

/* ---- element amounts ------------------------------------------------------ */

static void test_element_amount_from_items(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025);
    gs_year *y = add_year(p, 2025);
    gs_element *e = add_elem(p, &y->soft, 0);
    e->has_amount = false;
    e->amount = 999; /* not stated: ignored */
    add_desc(p, e, false, 777); /* a paragraph never counts */
    add_desc(p, e, true, 12000);
    add_desc(p, e, true, 219);

    int64_t a = -1;
    assert_true(gs_element_amount(e, &a));
    assert_int_equal(a, 12219);
    gs_totals t;
    gs_totals_compute(p, &t, NULL);
    assert_int_equal(t.cols[0].soft, 12219);
    assert_int_equal(t.eligible, 12219);
    gs_plan_free(p);
}

static void test_element_stated_amount_wins(void **state)
{
    (void)state;
    /* a stated amount is what the form prints, even when items disagree
     * (validation reports that, E205) */
    gs_plan *p = plan_new(2025, 2025);
    gs_year *y = add_year(p, 2025);
    gs_element *e = add_elem(p, &y->soft, 5000);
    add_desc(p, e, true, 4000);
    int64_t a = 0;
    assert_true(gs_element_amount(e, &a));
    assert_int_equal(a, 5000);
    gs_plan_free(p);
}

static void test_element_without_amount_or_items(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025);
    gs_element *e = add_elem(p, &add_year(p, 2025)->soft, 0);
    e->has_amount = false;
    add_desc(p, e, false, 0);
    int64_t a = -1;
    assert_true(gs_element_amount(e, &a));
    assert_int_equal(a, 0);
    gs_plan_free(p);
}

/* ---- columns -------------------------------------------------------------- */

static void test_columns_without_blocks(void **state)
{
    (void)state;
    /* five columns from the first year, whatever blocks exist; a block
     * outside the columns is not summed */
    gs_plan *p = plan_new(2025, 2027);
    add_elem(p, &add_year(p, 2024)->soft, 1);
    add_elem(p, &add_year(p, 2026)->soft, 100);
    add_elem(p, &add_year(p, 2030)->facility, 1000);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_int_equal(d.n, 0);
    for (int c = 0; c < GS_FORM_YEARS; c++) {
        assert_int_equal(t.cols[c].fy, 2025 + c);
        if (c == 1) {
            assert_ptr_equal(t.cols[c].year, &p->years[1]);
            continue;
        }
        assert_null(t.cols[c].year);
        assert_int_equal(t.cols[c].soft, 0);
        assert_int_equal(t.cols[c].facility, 0);
        assert_int_equal(t.cols[c].eligible, 0);
        assert_int_equal(t.cols[c].nsoft, 0);
    }
    assert_int_equal(t.soft, 100);
    assert_int_equal(t.facility, 0);
    assert_int_equal(t.eligible, 100);
    gs_plan_free(p);
}

static void test_no_years(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025);
    gs_totals t;
    memset(&t, 0x5a, sizeof t); /* everything must be overwritten */
    gs_totals_compute(p, &t, NULL);
    assert_int_equal(t.eligible, 0);
    assert_false(t.overflow);
    assert_null(t.cols[4].year);
    assert_int_equal(t.cols[4].fy, 2029);
    gs_plan_free(p);
}

/* ---- overflow ------------------------------------------------------------- */

static void test_overflow_soft_elements(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025);
    gs_year *y = add_year(p, 2025);
    add_elem(p, &y->soft, GS_AMOUNT_MAX);
    gs_element *e = add_elem(p, &y->soft, 1);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_true(t.overflow);
    assert_true(t.form_overflow);
    const gs_diag *g = only(&d, "E212");
    assert_int_equal(g->severity, GS_ERROR);
    assert_int_equal(g->line, e->pos.line);
    assert_string_equal(g->sheet, "(別紙1-1) ソフト事業経費内訳");
    assert_string_equal(g->row, "交付対象事業におけるソフト事業経費【②】");
    assert_int_equal(g->fy, 2025);
    assert_int_equal(t.cols[0].soft, GS_AMOUNT_MAX); /* last good value */
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_overflow_negative(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025);
    gs_year *y = add_year(p, 2025);
    add_elem(p, &y->facility, -GS_AMOUNT_MAX);
    add_elem(p, &y->facility, -1);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_true(t.overflow);
    const gs_diag *g = only(&d, "E212");
    assert_string_equal(g->row,
                        "交付対象事業における施設整備・事業設備・備品経費【③】");
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_overflow_in_items(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025);
    gs_year *y = add_year(p, 2025);
    gs_element *e = add_elem(p, &y->soft, 0);
    e->has_amount = false;
    add_desc(p, e, true, GS_AMOUNT_MAX);
    add_desc(p, e, true, GS_AMOUNT_MAX);
    int64_t a;
    assert_false(gs_element_amount(e, &a));
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_true(t.overflow);
    const gs_diag *g = only(&d, "E212");
    assert_int_equal(g->line, e->pos.line);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_overflow_eligible(void **state)
{
    (void)state;
    /* ② and ③ each fit; ① = ② + ③ does not */
    gs_plan *p = plan_new(2025, 2025);
    gs_year *y = add_year(p, 2025);
    add_elem(p, &y->soft, GS_AMOUNT_MAX);
    add_elem(p, &y->facility, GS_AMOUNT_MAX);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_true(t.overflow);
    assert_int_equal(t.cols[0].soft, GS_AMOUNT_MAX);
    assert_int_equal(t.cols[0].facility, GS_AMOUNT_MAX);
    assert_true(d.n >= 1);
    assert_string_equal(d.v[0].code, "E212");
    assert_string_equal(d.v[0].row, "交付対象事業経費【①】");
    assert_int_equal(d.v[0].line, y->pos.line);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_overflow_plan_total(void **state)
{
    (void)state;
    /* every year fits; the 合計 of ② does not.  The other 合計 rows are
     * still summed for every year. */
    int64_t big = GS_AMOUNT_MAX / 2 + 1;
    gs_plan *p = plan_new(2025, 2027);
    gs_year *y1 = add_year(p, 2025);
    add_elem(p, &y1->soft, big);
    add_elem(p, &y1->facility, -big);
    gs_year *y2 = add_year(p, 2026);
    add_elem(p, &y2->soft, big);
    add_elem(p, &y2->facility, 7);
    gs_year *y3 = add_year(p, 2027);
    add_elem(p, &y3->facility, 5);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_true(t.overflow);
    const gs_diag *g = only(&d, "E212");
    assert_string_equal(g->row, "合計");
    assert_int_equal(g->fy, 2026);
    assert_int_equal(g->line, y2->pos.line);
    assert_int_equal(t.soft, big);              /* last good value */
    assert_int_equal(t.facility, -big + 7 + 5); /* unaffected */
    assert_int_equal(t.eligible, 0 + (big + 7) + 5);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_overflow_without_diags(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2025);
    gs_year *y = add_year(p, 2025);
    add_elem(p, &y->soft, GS_AMOUNT_MAX);
    add_elem(p, &y->soft, GS_AMOUNT_MAX);
    gs_totals t;
    gs_totals_compute(p, &t, NULL);
    assert_true(t.overflow);
    gs_plan_free(p);
}

static void test_largest_sum_fits(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2026);
    add_elem(p, &add_year(p, 2025)->soft, GS_AMOUNT_MAX - 1);
    add_elem(p, &add_year(p, 2026)->facility, 1);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_false(t.overflow);
    assert_false(t.form_overflow);
    assert_int_equal(d.n, 0);
    assert_int_equal(t.eligible, GS_AMOUNT_MAX);
    gs_plan_free(p);
}

/* ---- 国費 ------------------------------------------------------------------ */

static void test_national_half_rounded_down(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2027);
    add_elem(p, &add_year(p, 2025)->soft, 12219);
    gs_year *y = add_year(p, 2026);
    add_elem(p, &y->soft, 2000000);
    add_elem(p, &y->facility, 2);
    gs_totals t;
    gs_totals_compute(p, &t, NULL);
    assert_int_equal(t.cols[0].national, 6109); /* 6,109.5 down */
    assert_int_equal(t.cols[1].national, 1000001);
    assert_int_equal(t.cols[2].national, 0);    /* no block */
    gs_plan_free(p);
}

/* ---- 7. KPI --------------------------------------------------------------- */

static gs_kpi *add_kpi(gs_plan *p, int no)
{
    p->kpis = gs_xrealloc(p->kpis, (p->nkpis + 1) * sizeof *p->kpis);
    gs_kpi *k = &p->kpis[p->nkpis++];
    memset(k, 0, sizeof *k);
    k->pos = at(p);
    k->no = no;
    return k;
}

static void set_stated(const gs_plan *p, gs_stated *s, int64_t v)
{
    s->has = true;
    s->v = v;
    s->pos = at(p);
}

static void test_kpi_totals(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2027);
    gs_kpi *k = add_kpi(p, 1);
    set_stated(p, &k->baseline, 200);   /* never part of the 累計 */
    for (int c = 0; c < 3; c++)
        set_stated(p, &k->inc[c], 1000);
    set_stated(p, &k->total, 9999);     /* stated: never read */
    k = add_kpi(p, 2);
    set_stated(p, &k->inc[0], 150);     /* 1.50 */
    set_stated(p, &k->inc[4], -51);     /* △0.51 */
    set_stated(p, &k->inc[GS_KPI_YEARS - 1], 1);
    k->inc[2].v = 777;                  /* not stated: ignored */
    add_kpi(p, 3);                      /* no increments */
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_int_equal(d.n, 0);
    assert_false(t.overflow);
    assert_int_equal(t.kpi_total[0], 3000);
    assert_int_equal(t.kpi_total[1], 100);
    assert_int_equal(t.kpi_total[2], 0);
    assert_int_equal(t.kpi_total[3], 0);
    gs_plan_free(p);
}

static void test_kpi_overflow(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2027);
    gs_kpi *k = add_kpi(p, 1);
    set_stated(p, &k->inc[0], 1000);
    k = add_kpi(p, 2);
    set_stated(p, &k->inc[0], GS_AMOUNT_MAX);
    set_stated(p, &k->inc[1], 1);
    set_stated(p, &k->inc[2], 5);
    add_elem(p, &add_year(p, 2025)->soft, 100);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    const gs_diag *g = only(&d, "E212");
    assert_int_equal(g->line, p->kpis[1].inc[1].pos.line);
    assert_string_equal(g->sheet, "7. 交付対象事業の重要業績評価指標（KPI）");
    assert_string_equal(g->row, "KPI②");
    assert_int_equal(g->fy, 2026);
    assert_non_null(strstr(g->message, "KPI増加分の累計が扱える桁数"));
    assert_true(t.overflow);
    assert_true(t.kpi_overflow[1]);
    assert_false(t.kpi_overflow[0]);
    assert_false(t.form_overflow); /* (別紙1-1) is unaffected */
    assert_int_equal(t.kpi_total[0], 1000);
    assert_int_equal(t.kpi_total[1], GS_AMOUNT_MAX); /* last good value */
    assert_int_equal(t.eligible, 100);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_kpi_plan_total(void **state)
{
    (void)state;
    /* 事業概要's bracket sums the plan's own years (2025-2027: columns
     * 0-2); the 累計 column sums all ten */
    gs_plan *p = plan_new(2025, 2027);
    gs_kpi *k = add_kpi(p, 1);
    for (int c = 0; c < 3; c++)
        set_stated(p, &k->inc[c], 1000);
    set_stated(p, &k->inc[3], 500);                 /* FY2028: after */
    set_stated(p, &k->inc[GS_KPI_YEARS - 1], -20);  /* FY2034 */
    k = add_kpi(p, 2);
    set_stated(p, &k->inc[2], 150);                 /* the last year is in */
    gs_totals t;
    gs_totals_compute(p, &t, NULL);
    assert_int_equal(t.kpi_total[0], 3480);
    assert_int_equal(t.kpi_plan_total[0], 3000);
    assert_int_equal(t.kpi_total[1], 150);
    assert_int_equal(t.kpi_plan_total[1], 150);
    gs_plan_free(p);

    /* a plan as long as the table: both are the same sum */
    p = plan_new(2025, 2025 + GS_KPI_YEARS - 1);
    k = add_kpi(p, 1);
    set_stated(p, &k->inc[0], 100);
    set_stated(p, &k->inc[GS_KPI_YEARS - 1], 7);
    gs_totals_compute(p, &t, NULL);
    assert_int_equal(t.kpi_total[0], 107);
    assert_int_equal(t.kpi_plan_total[0], 107);
    gs_plan_free(p);
}

/* ---- 8. 自立性 ------------------------------------------------------------- */

static void test_fund_cost_rows(void **state)
{
    (void)state;
    /* うちソフト = ① (② + ③), 交付対象 = うちソフト + うち拠点, うち拠点 only
     * in a plan with a 拠点整備事業 */
    gs_plan *p = plan_new(2025, 2026);
    gs_year *y = add_year(p, 2025);
    add_elem(p, &y->soft, 7000);
    add_elem(p, &y->facility, 3000);
    y = add_year(p, 2026);
    add_elem(p, &y->soft, 6000);
    set_stated(p, &p->funding.base[0], 5000);
    set_stated(p, &p->funding.base[5], 200);        /* the sixth column */
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);                   /* no 拠点整備事業 */
    assert_int_equal(d.n, 0);
    assert_int_equal(t.fund_soft[0], 10000);
    assert_int_equal(t.fund_soft[1], 6000);
    assert_int_equal(t.fund_soft[2], 0);
    assert_int_equal(t.fund_soft[5], 0);
    for (int c = 0; c < GS_FUND_YEARS; c++) {
        assert_int_equal(t.fund_base[c], 0);
        assert_int_equal(t.fund_eligible[c], t.fund_soft[c]);
    }
    p->kinds = GS_KIND_SOFT | GS_KIND_BASE;
    gs_totals_compute(p, &t, &d);
    assert_int_equal(d.n, 0);
    assert_int_equal(t.fund_base[0], 5000);
    assert_int_equal(t.fund_eligible[0], 15000);
    assert_int_equal(t.fund_eligible[1], 6000);
    assert_int_equal(t.fund_base[5], 200);
    assert_int_equal(t.fund_eligible[5], 200);
    assert_false(t.overflow);

    /* ① + うち拠点 beyond 15 digits is E212 on the schedule's row */
    p->funding.base[0].v = GS_AMOUNT_MAX;
    gs_totals_compute(p, &t, &d);
    const gs_diag *g = only(&d, "E212");
    assert_string_equal(g->sheet, "8. 自立性");
    assert_string_equal(g->row, "交付対象事業経費");
    assert_int_equal(g->fy, 2025);
    assert_int_equal(g->line, p->funding.base[0].pos.line);
    assert_true(t.fund_eligible_overflow[0]);
    assert_false(t.fund_eligible_overflow[1]);
    assert_true(t.overflow);
    assert_false(t.form_overflow);
    gs_diags_free(&d);
    gs_plan_free(p);
}

static void test_fund_totals(void **state)
{
    (void)state;
    /* the Nagaoka schedule: 【A】500 【B】500 【C】1,000 for three years */
    gs_plan *p = plan_new(2025, 2027);
    static const int64_t per_year[] = {500, 500, 1000};
    for (int s = 0; s < 3; s++) {
        set_stated(p, &p->funding.src[s].before, 0);
        for (int c = 0; c < 3; c++)
            set_stated(p, &p->funding.src[s].v[c], per_year[s]);
    }
    set_stated(p, &p->funding.src[3].before, 120);
    set_stated(p, &p->funding.src[4].v[GS_FUND_YEARS - 1], -30);
    p->funding.src[4].v[0].v = 999;         /* not stated: ignored */
    set_stated(p, &p->funding.total[0], 1); /* stated: never read */
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_int_equal(d.n, 0);
    assert_false(t.overflow);
    assert_int_equal(t.fund_before, 120);
    assert_int_equal(t.fund_total[0], 2000);
    assert_int_equal(t.fund_total[1], 2000);
    assert_int_equal(t.fund_total[2], 2000);
    assert_int_equal(t.fund_total[3], 0);
    assert_int_equal(t.fund_total[4], 0);
    assert_int_equal(t.fund_total[5], -30);
    gs_plan_free(p);
}

static void test_fund_overflow(void **state)
{
    (void)state;
    gs_plan *p = plan_new(2025, 2027);
    gs_funding *f = &p->funding;
    set_stated(p, &f->src[0].before, GS_AMOUNT_MAX);
    set_stated(p, &f->src[2].before, 1);
    set_stated(p, &f->src[0].v[1], -GS_AMOUNT_MAX);
    set_stated(p, &f->src[1].v[1], -GS_AMOUNT_MAX);
    set_stated(p, &f->src[0].v[2], 40);
    gs_totals t;
    gs_diags d = GS_DIAGS_INIT;
    gs_totals_compute(p, &t, &d);
    assert_int_equal(d.n, 2);
    const gs_diag *g = &d.v[0];
    assert_string_equal(g->code, "E212");
    assert_string_equal(g->sheet, "8. 自立性");
    assert_string_equal(g->row, "合計");
    assert_int_equal(g->fy, 0);
    assert_int_equal(g->line, f->src[2].before.pos.line);
    assert_non_null(strstr(g->message, "事業開始前（現時点）"));
    g = &d.v[1];
    assert_string_equal(g->code, "E212");
    assert_int_equal(g->fy, 2026);
    assert_int_equal(g->line, f->src[1].v[1].pos.line);
    assert_true(t.overflow);
    assert_true(t.fund_before_overflow);
    assert_false(t.fund_overflow[0]);
    assert_true(t.fund_overflow[1]);
    assert_false(t.fund_overflow[2]);
    assert_false(t.form_overflow);
    assert_int_equal(t.fund_before, GS_AMOUNT_MAX);
    assert_int_equal(t.fund_total[2], 40);
    gs_diags_free(&d);
    gs_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sums),
        cmocka_unit_test(test_blocks_in_any_order),
        cmocka_unit_test(test_element_amount_from_items),
        cmocka_unit_test(test_element_stated_amount_wins),
        cmocka_unit_test(test_element_without_amount_or_items),
        cmocka_unit_test(test_columns_without_blocks),
        cmocka_unit_test(test_no_years),
        cmocka_unit_test(test_overflow_soft_elements),
        cmocka_unit_test(test_overflow_negative),
        cmocka_unit_test(test_overflow_in_items),
        cmocka_unit_test(test_overflow_eligible),
        cmocka_unit_test(test_overflow_plan_total),
        cmocka_unit_test(test_overflow_without_diags),
        cmocka_unit_test(test_largest_sum_fits),
        cmocka_unit_test(test_national_half_rounded_down),
        cmocka_unit_test(test_kpi_totals),
        cmocka_unit_test(test_kpi_overflow),
        cmocka_unit_test(test_kpi_plan_total),
        cmocka_unit_test(test_fund_cost_rows),
        cmocka_unit_test(test_fund_totals),
        cmocka_unit_test(test_fund_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
