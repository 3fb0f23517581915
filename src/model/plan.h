/*
 * plan.h - the plan model: one 実施計画 as typed by a planning division,
 * with what only the 地域再生計画 around it says (gs_regional).
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

#include "util/buf.h"
#include "util/diag.h"

#define GS_MAX_BUDGETS 3     /* 予算計上時期①-③ */
#define GS_MAX_KPIS 6        /* KPI①-⑥ */
#define GS_FORM_YEARS 5      /* year columns of (別紙1-1) */
#define GS_KPI_YEARS 10      /* 増加分 columns of the KPI table */
#define GS_FUND_SOURCES 5    /* 自主財源【A】-【E】 */
#define GS_FUND_YEARS 6      /* fiscal-year columns of the 自立性 schedule */
#define GS_MAX_LINKS 6       /* check boxes of 5. 他の政策・施策等との連携 */
#define GS_MAX_BODIES 64     /* rows of the participating-bodies table */

/* 9. 地域の多様な主体の参画: the fixed rows, in form order. */
enum {
    GS_ACTOR_INDUSTRY,       /* 産 */
    GS_ACTOR_GOVERNMENT,     /* 官 */
    GS_ACTOR_ACADEMIA,       /* 学 */
    GS_ACTOR_FINANCE,        /* 金 */
    GS_ACTOR_LABOUR,         /* 労 */
    GS_ACTOR_MEDIA,          /* 言 */
    GS_ACTOR_RESIDENTS,      /* 住民全般 */
    GS_ACTORS
};

/* Which programme cap on 国費 applies (FORMS.md rule 11). */
typedef enum gs_gov_kind {
    GS_GOV_MUNICIPALITY,     /* 市区町村: 10億円 a year */
    GS_GOV_PREFECTURE,       /* 都道府県: 15億円 */
    GS_GOV_CORE_CITY,        /* 中枢中核市: 15億円 */
} gs_gov_kind;

/* 経費の種類 (bit set). */
enum {
    GS_KIND_SOFT = 1 << 0,     /* ソフト事業 */
    GS_KIND_BASE = 1 << 1,     /* 拠点整備事業 */
    GS_KIND_INFRA = 1 << 2,    /* インフラ整備事業 */
};

typedef struct gs_ym {
    int year, month; /* 0 = blank */
} gs_ym;

typedef struct gs_date {
    int year, month, day; /* 0 = blank */
} gs_date;

/* A figure that the plan may or may not state, with where it was stated.
 * Amounts are 千円; KPI figures are hundredths (30.00 -> 3000). */
typedef struct gs_stated {
    bool has;
    int64_t v;
    gs_srcpos pos;
} gs_stated;

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
    gs_srcpos name_pos;
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
    gs_srcpos positioning_pos;
    gs_ym start, end;    /* 事業開始時期 / 事業終了時期 */
    gs_budget budgets[GS_MAX_BUDGETS];
    size_t nbudgets;
    bool has_eligible;   /* 交付対象事業経費【①】 as stated */
    int64_t eligible;
    gs_srcpos eligible_pos;
    gs_part soft;
    gs_part facility;
} gs_year;

/* 7. KPI: one indicator with its table row. */
typedef struct gs_kpi {
    gs_srcpos pos;
    int no;              /* 1..6 */
    char *name;
    char *unit;
    char *rationale;     /* 設定理由・計測手法・目標値の根拠; may be NULL */
    gs_srcpos name_pos, rationale_pos;
    gs_stated baseline;  /* 事業開始前（現時点）, hundredths */
    /* 増加分 per fiscal year: column i is fy_first + i, hundredths */
    gs_stated inc[GS_KPI_YEARS];
    gs_stated total;     /* KPI増加分の累計 as stated, hundredths */
} gs_kpi;

/* 事業概要's KPI list as typed: "①外国人材の新規就業者数（+30人）". */
typedef struct gs_overview_kpi {
    gs_srcpos pos;
    int no;              /* the circled number as written */
    char *name;
    int64_t target;      /* the bracketed figure, hundredths */
    char *unit;
} gs_overview_kpi;

/* 事業概要: the one-page overview.  Its totals are derived from (別紙1-1);
 * what the plan states here is checked against them (rule 8). */
/* One part of the panel beside 事業概要・主な経費, in order: a paragraph or
 * a set of boxed items (the reference plan draws four bordered boxes,
 * 就労・雇用相談 …, between two lines of text). */
typedef struct gs_panel_part {
    gs_srcpos pos;
    char *text;          /* a paragraph; NULL for a set of boxes */
    char **boxes;        /* the boxed items' texts */
    size_t nboxes;
} gs_panel_part;

typedef struct gs_overview {
    gs_srcpos pos;
    char *first_round;   /* 初回採択回: 令和7年度第1回募集 */
    char *purpose;       /* 目的・効果 */
    char *breakdown;     /* 事業概要・主な経費 as stated; NULL: derived from
                            the first year of (別紙1-1) */
    char *summary_note;  /* the free panel beside 事業概要・主な経費, as text */
    gs_panel_part *panel; /* the same panel in its parts, boxes kept apart */
    size_t npanel;
    char *participation; /* 地域の多様な主体の参画 (summary) */
    gs_srcpos first_round_pos, purpose_pos, breakdown_pos, summary_note_pos,
        participation_pos;
    gs_stated total_cost;   /* 期間中の総事業費 */
    gs_stated first_cost;   /* (カッコ内はR7年度事業費) */
    bool has_period;        /* 事業計画期間 as stated, e.g. R7-R9 */
    int period_first, period_last;
    gs_srcpos period_pos;
    gs_overview_kpi kpis[GS_MAX_KPIS];
    size_t nkpis;
} gs_overview;

/* A row of 2.'s participating-bodies table. */
typedef struct gs_body {
    gs_srcpos pos;
    char *prefecture;
    char *county;        /* 郡 of a 町 or 村 (南魚沼郡); may be NULL */
    char *municipality;  /* NULL for the prefecture itself */
    char *code;          /* 地方公共団体コード (6 digits) */
    gs_stated amount[GS_FORM_YEARS]; /* 申請額 per year column */
} gs_body;

/* 自主財源【A】-【E】: kind, content and the schedule row. */
typedef struct gs_source {
    gs_srcpos pos;
    char *kind;          /* 自主財源の種類 */
    char *content;       /* 自主財源の内容 */
    gs_srcpos kind_pos, content_pos;
    gs_stated before;    /* 事業開始前（現時点） */
    gs_stated v[GS_FUND_YEARS];
} gs_source;

/* 8. 自立性. */
typedef struct gs_funding {
    gs_srcpos pos;
    char *effort;        /* 取組内容 */
    gs_source src[GS_FUND_SOURCES];
    /* rows the plan may state; checked against the computed ones (rule 7,
     * totals.h): 合計, 交付対象事業経費 and うちソフト事業費 must equal them;
     * うち拠点整備事業費 is the computed figure in a plan with a 拠点整備事業
     * (and must be 0 without one); 総事業費 must not be below
     * 交付対象事業経費 */
    gs_stated total_before;
    gs_stated total[GS_FUND_YEARS];     /* 合計 */
    gs_stated eligible[GS_FUND_YEARS];  /* 交付対象事業経費 */
    gs_stated soft[GS_FUND_YEARS];      /* うちソフト事業費 */
    gs_stated base[GS_FUND_YEARS];      /* うち拠点整備事業費 */
    gs_stated project[GS_FUND_YEARS];   /* 総事業費 (printed as stated) */
} gs_funding;

typedef struct gs_actor {
    gs_srcpos pos;
    char *name;          /* 主体名 */
    char *role;          /* 主な役割、意見及び改善方策への反映 */
    gs_srcpos name_pos, role_pos;
} gs_actor;

/* 11. 地方版総合戦略: the current or the next strategy. */
typedef struct gs_strategy {
    gs_srcpos pos;
    gs_date from, to;
    char *text;
} gs_strategy;

/* Plan-wide totals of (別紙1-1)'s 合計 column, where the plan states them. */
typedef struct gs_stated_totals {
    gs_srcpos pos;
    bool has_eligible, has_soft, has_facility;
    int64_t eligible, soft, facility;
} gs_stated_totals;

/* The texts only the 地域再生計画 has (FORMS.md "The documents around the
 * 実施計画"), by their place in that document. */
typedef enum gs_rtext {
    GS_RT_AUTHOR,         /* 2 作成主体の名称 as stated (checked, E243) */
    GS_RT_ISSUES,         /* 4-1 構造的な課題 (absent: 3.B is printed) */
    GS_RT_FUTURE,         /* 4-2 将来像 (absent: 3.A) */
    GS_RT_OUTLINE,        /* 5-1 全体の概要 (absent: a pointer to 5-2 ③) */
    GS_RT_MEASURE,        /* 5-2 the support measure, by name */
    GS_RT_CONTENT,        /* 5-2 ③ 事業の内容 (absent: 3.C) */
    GS_RT_AUTONOMY,       /* 5-2 ④ 【自立性】 */
    GS_RT_PUBLIC_PRIVATE, /* 【官民協働】 */
    GS_RT_INTER_REGIONAL, /* 【地域間連携】 */
    GS_RT_INTER_POLICY,   /* 【政策間連携】 */
    GS_RT_OTHER,          /* 5-2 ⑨ その他必要な事項 (absent: 特になし) */
    GS_RT_BASIC_POLICY,   /* 5-3-1 地域再生基本方針に基づく支援措置 (absent:
                             該当なし) */
    GS_RT_OWN,            /* 5-3-2 支援措置によらない独自の取組 (absent:
                             該当なし) */
    GS_RTEXTS
} gs_rtext;

/* The 地域再生計画: its own texts, and the figures it repeats from the
 * 実施計画 where the plan states them as typed in that document.  Those
 * are never printed: the document prints the 実施計画's figures, and a
 * stated one that differs is refused (validate/regional.c).  Its name,
 * 区域 and the wording of its 計画期間 are 12.'s (regional_plan_* below). */
typedef struct gs_regional {
    gs_srcpos pos;        /* the <regional-plan> element; line 0: none */
    char *text[GS_RTEXTS];
    gs_srcpos text_pos[GS_RTEXTS];
    char *measure_code;   /* the support measure's code: A3007 */
    gs_stated total_cost; /* 5-2 ⑦ 総事業費 as stated (千円) */
    bool has_period;      /* 5-2 ⑧ 事業実施期間 as stated */
    gs_date period_from, period_to;
    gs_srcpos period_pos;
    /* 4-2 【数値目標】 as stated: rows by KPI number, with name, unit,
     * 事業開始前, the 増加分 per fiscal year (column i is fy_first + i) and
     * the 累計; no rationale */
    bool has_targets;
    gs_srcpos targets_pos;
    gs_kpi *targets;
    size_t ntargets;
} gs_regional;

/* What happened after the grant (FORMS.md "効果検証 and 活用状況"): the
 * 効果検証 report's figures as the municipality measured them. */

/* A KPI's 実績 of one fiscal year: a measured figure (△ for a fall is a
 * negative one), or one of the markers a report prints instead. */
typedef enum gs_actual_kind {
    GS_ACTUAL_NONE,        /* not stated: printed as — */
    GS_ACTUAL_FIGURE,      /* v holds it, hundredths */
    GS_ACTUAL_PENDING,     /* 未確定 */
    GS_ACTUAL_UNPUBLISHED, /* 未公表 */
    GS_ACTUAL_UNMEASURED,  /* — (stated: not measured that year) */
} gs_actual_kind;

typedef struct gs_actual {
    gs_actual_kind kind;
    int64_t v;
    char *note;            /* 未公表※ and the like; may be NULL */
    gs_srcpos pos;
} gs_actual;

/* One KPI's rows of the report; column i is fy_first + i. */
typedef struct gs_kpi_result {
    gs_srcpos pos;
    int no;                /* the 7. KPI it measures */
    gs_stated target[GS_KPI_YEARS]; /* 目標 as stated in the report
                                       (checked against 7.'s 増加分) */
    gs_actual actual[GS_KPI_YEARS];
} gs_kpi_result;

/* One fiscal year of the report: amounts in 千円 (converted from 円 when
 * the input gave 円, gs_yen_to_kyen). */
typedef struct gs_result_year {
    gs_srcpos pos;
    gs_stated decided;     /* 交付金額 as decided (交付決定額) */
    gs_stated paid;        /* 交付金額 as paid (交付額); preferred */
    gs_stated spent;       /* 総事業費 actually spent */
    char *outcome;         /* 事業の成果 of the year; may be NULL */
    gs_srcpos outcome_pos;
} gs_result_year;

typedef struct gs_results {
    gs_srcpos pos;         /* the <results> element; line 0: none */
    gs_date as_of;         /* the report date: years ended by it count */
    char *department;      /* 担当課; NULL: the applicant's 担当部署名 */
    gs_srcpos department_pos;
    bool yen;              /* the input gave amounts in 円 (printed in 千円) */
    gs_result_year years[GS_KPI_YEARS]; /* column i is fy_first + i */
    gs_stated grant_total; /* 計 of 交付金額 as stated */
    gs_stated spent_total; /* 計 of 総事業費 as stated */
    gs_kpi_result *kpis;
    size_t nkpis;
} gs_results;

/* Where each plan-level text was written (the line of its element or
 * attribute), so a diagnostic about its characters points there; line 0
 * when the text is absent. */
typedef struct gs_plan_text_pos {
    gs_srcpos prefecture, county, municipality, department, contact, phone, email;
    gs_srcpos project_name, field;
    gs_srcpos background_future, background_issues, background_summary;
    gs_srcpos theme, effort;
    gs_srcpos verify_timing, verify_method, verify_members, verify_publish;
    gs_srcpos regional_plan_name, regional_plan_area, regional_plan_from;
} gs_plan_text_pos;

typedef struct gs_plan {
    char *file;          /* path as given; every gs_srcpos.file points here */
    gs_srcpos pos;
    /* other input files (CSV) the plan read; positions in them point at
     * these strings, which the plan owns */
    char **files;
    size_t nfiles;
    /* names of places inside the plan file that positions point at when
     * it is not line-oriented: workbook cells, "計画.xlsx:KPI!E7" (xml.h
     * gs_xml_load_tree); owned by the plan */
    char **places;
    size_t nplaces;
    /* applicant: 1. 申請者情報 */
    char *prefecture;    /* 都道府県名 */
    char *county;        /* 郡 of a 町 or 村: the 地域再生計画 names it
                            (新潟県南魚沼郡湯沢町); NULL otherwise */
    char *municipality;  /* 市区町村名; NULL for a prefecture's own plan */
    char *department;    /* 担当部署名 */
    char *contact;       /* 担当者名; may be NULL */
    char *phone;         /* 電話番号; may be NULL */
    char *email;         /* メールアドレス; may be NULL */
    gs_gov_kind gov;
    /* project: 2. 交付対象事業の名称等 */
    char *project_name;
    unsigned kinds;      /* GS_KIND_*: 経費の種類 as ticked */
    gs_srcpos kinds_pos;
    bool wide_area;      /* 単独 (false) / 広域 (true) */
    char *field;         /* 事業分野 */
    int fy_first, fy_last; /* 事業計画期間 (inclusive fiscal years) */
    gs_srcpos period_pos;
    gs_date decided;     /* 最終交付決定日 (blank when not yet) */
    gs_date minor_change;/* 軽微変更報告日 */
    gs_body *bodies;
    size_t nbodies;
    /* the date printed on (別紙1-1) */
    int doc_year, doc_month, doc_day;
    /* sheets */
    gs_overview overview;
    char *background_future;  /* 3.A 地方創生として目指す将来像 */
    char *background_issues;  /* 3.B 構造的な課題 */
    char *background_summary; /* 3.C 交付対象事業の概要 */
    bool theme_applies;       /* 4. 重点テーマへの該当 有/無 */
    char *theme;
    bool links[GS_MAX_LINKS]; /* 5. 連携, in form order */
    bool excluded;            /* 6. 他の国庫補助金等の除外 ○ */
    gs_kpi *kpis;
    size_t nkpis;
    gs_funding funding;       /* 8. 自立性 */
    gs_actor actors[GS_ACTORS]; /* 9. */
    char *verify_timing;      /* 10. 検証時期 */
    char *verify_method;      /* 検証方法 */
    char *verify_members;     /* 参画者 */
    char *verify_publish;     /* 検証結果の公表の方法 */
    gs_strategy strategy_now, strategy_next; /* 11. */
    char *regional_plan_name; /* 12. 地域再生計画の名称 */
    char *regional_plan_area; /* 地域再生計画の区域 */
    char *regional_plan_from; /* 計画期間 from (text: 地域再生計画の認定の日) */
    gs_date regional_plan_to;
    gs_regional regional;     /* the 地域再生計画's own content */
    gs_results results;       /* the 効果検証: what happened */
    gs_year *years;      /* (別紙1-1) year blocks, in input order */
    size_t nyears;
    gs_stated_totals totals;
    gs_plan_text_pos at; /* positions of the texts above */
} gs_plan;

gs_plan *gs_plan_new(const char *file);
void gs_plan_free(gs_plan *p);
/* Returns the plan's own copy of path (added on first use), for gs_srcpos
 * of positions in files other than the plan itself. */
const char *gs_plan_intern_file(gs_plan *p, const char *path);

/* The 地域再生計画's 作成主体の名称 (FORMS.md), appended to b: the applicant
 * as 都道府県 + 郡 + 市区町村 (新潟県長岡市, 新潟県南魚沼郡湯沢町; the
 * prefecture alone for its own plan), or, for a 広域 plan that lists its
 * bodies, every body so named in 地方公共団体コード order, joined by "、".
 * Derived here once: the document prints it and the validator checks a
 * typed one against it. */
void gs_plan_author(const gs_plan *p, gs_buf *b);

/* Lookups lend pointers owned by the plan; NULL when absent. */
const gs_year *gs_plan_lookup_year(const gs_plan *p, int fy);
const gs_kpi *gs_plan_lookup_kpi(const gs_plan *p, int no);
/* The KPI numbered no among kpis[0..n) (7.'s, or 【数値目標】's), or NULL. */
const gs_kpi *gs_kpi_find(const gs_kpi *kpis, size_t n, int no);

#endif
