/*
 * plan.h - the plan model: one 実施計画 as typed by a planning division.
 *
 * The model holds what the input stated, nothing derived: totals that the
 * plan may state are kept with a has_ flag, and the figures grantsheet
 * computes live in gs_totals (totals.h), so "stated" and "computed" never mix.
 * Every node carries the gs_srcpos it came from, so any stage can point a
 * diagnostic at the input line.
 *
 * Ownership: a gs_plan owns every string and array below it; gs_plan_free
 * releases all of it.  Strings are UTF-8, already checked by the input stage.
 * Amounts are int64_t 千円 within +-GS_AMOUNT_MAX.
 */
#ifndef GS_PLAN_H
#define GS_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define GS_MAX_BUDGETS 3     /* 予算計上時期①-③ */
#define GS_MAX_KPIS 6        /* KPI①-⑥ */
#define GS_FORM_YEARS 5      /* year columns of (別紙1-1) */

/* 経費の種類 (bit set). */
enum {
    GS_KIND_SOFT = 1 << 0,     /* ソフト事業 */
    GS_KIND_BASE = 1 << 1,     /* 拠点整備事業 */
    GS_KIND_INFRA = 1 << 2,    /* インフラ整備事業 */
};

typedef struct gs_ym {
    int year, month; /* 0 = blank */
} gs_ym;

/* One line of an element's description: a paragraph of text, or an
 * itemised cost ("・NAME AMOUNT千円"). */
typedef struct gs_para {
    gs_srcpos pos;
    bool is_item;
    char *text;      /* the paragraph, or the item's name */
    int64_t amount;  /* items only */
} gs_para;

/* 要素事業: one element of the soft or the facility part of a year. */
typedef struct gs_element {
    gs_srcpos pos;
    int no;              /* number shown in the first column */
    char *name;
    int *kpis;           /* 関連するKPI: KPI numbers 1..6 */
    size_t nkpis;
    gs_srcpos kpis_pos;
    bool has_amount;     /* an element with items may leave it to them */
    int64_t amount;
    gs_srcpos amount_pos;
    gs_para *desc;
    size_t ndesc;
} gs_element;

/* The soft (ソフト事業経費【②】) or facility (施設整備…経費【③】) part. */
typedef struct gs_part {
    gs_srcpos pos;
    bool has_count;      /* 要素事業数 as stated */
    int count;
    gs_srcpos count_pos;
    bool has_total;      /* 計 as stated */
    int64_t total;
    gs_srcpos total_pos;
    gs_element *elems;
    size_t nelems;
} gs_part;

typedef struct gs_budget {
    gs_srcpos pos;
    gs_ym when;          /* 予算計上時期 */
    char *kind;          /* 予算種別: 当初 / 補正 */
} gs_budget;

/* One fiscal year block of (別紙1-1). */
typedef struct gs_year {
    gs_srcpos pos;
    int fy;
    char *positioning;   /* 全事業期間における本年の位置付け */
    gs_ym start, end;    /* 事業開始時期 / 事業終了時期 */
    gs_budget budgets[GS_MAX_BUDGETS];
    size_t nbudgets;
    bool has_eligible;   /* 交付対象事業経費【①】 as stated */
    int64_t eligible;
    gs_srcpos eligible_pos;
    gs_part soft;
    gs_part facility;
} gs_year;

typedef struct gs_kpi {
    gs_srcpos pos;
    int no;              /* 1..6 */
    char *name;
    char *unit;
} gs_kpi;

/* Plan-wide totals of (別紙1-1)'s 合計 column, where the plan states them. */
typedef struct gs_stated_totals {
    gs_srcpos pos;
    bool has_eligible, has_soft, has_facility;
    int64_t eligible, soft, facility;
} gs_stated_totals;

typedef struct gs_plan {
    char *file;          /* path as given; every gs_srcpos.file points here */
    gs_srcpos pos;
    /* applicant */
    char *prefecture;    /* 都道府県名 */
    char *municipality;  /* 市区町村名; NULL for a prefecture's own plan */
    char *department;    /* 担当部署名 */
    /* project */
    char *project_name;
    unsigned kinds;      /* GS_KIND_* */
    gs_srcpos kinds_pos;
    int fy_first, fy_last; /* 事業計画期間 (inclusive fiscal years) */
    gs_srcpos period_pos;
    /* the date printed on (別紙1-1) */
    int doc_year, doc_month, doc_day;
    /* sheets */
    gs_kpi *kpis;
    size_t nkpis;
    gs_year *years;      /* in input order */
    size_t nyears;
    gs_stated_totals totals;
} gs_plan;

gs_plan *gs_plan_new(const char *file);
void gs_plan_free(gs_plan *p);

/* Lookups lend pointers owned by the plan; NULL when absent. */
const gs_year *gs_plan_lookup_year(const gs_plan *p, int fy);
const gs_kpi *gs_plan_lookup_kpi(const gs_plan *p, int no);

#endif
