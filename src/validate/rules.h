/*
 * rules.h - what the rule files of validate/ share (internal to validate/).
 *
 * The rules are grouped by document, one file each (validate.c: the
 * 実施計画's own sheets; regional.c: the 地域再生計画 against the
 * 実施計画), and every one of them reports the same way: one diagnostic
 * with the sheet, row and year, the stated and the computed figure as the
 * forms print them, and a message a clerk can act on.  This header is that
 * common part, so the wording of a figure is spelt once.
 */
#ifndef GS_VALIDATE_RULES_H
#define GS_VALIDATE_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "model/plan.h"
#include "model/totals.h"
#include "util/buf.h"
#include "util/diag.h"

/* One validation: the plan, its computed totals, where problems go. */
typedef struct gs_validate_ctx {
    const gs_plan *p;
    const gs_totals *t;
    gs_diags *d;
} gs_validate_ctx;

/* Adds one diagnostic with its place on the form and its figures. */
void gs_validate_report(gs_validate_ctx *c, gs_severity sev, const char *code,
                        gs_srcpos pos, const char *sheet, const char *row,
                        int fy, const char *stated, const char *computed,
                        const char *fmt, ...)
    __attribute__((format(printf, 10, 11)));

/* An amount as the forms print it, "12,219千円"; the caller frees. */
char *gs_validate_kyen(int64_t v);
/* A KPI figure as the KPI table prints it, "30.00"; the caller frees. */
char *gs_validate_fixed2(int64_t hundredths);
/* KPI numbers as the forms write them: ①..⑳ (KPI21 beyond). */
void gs_validate_put_kpi_no(gs_buf *b, int no);
/* "KPI①": the row head of the KPI table. */
void gs_validate_put_kpi_row(gs_buf *b, int no);
/* "R7-R9年度(2025〜2027年度)": the plan period in messages. */
void gs_validate_put_period(gs_buf *b, const gs_plan *p);
/* Two texts equal, NULL counting as "". */
bool gs_validate_same_text(const char *a, const char *b);

/* The 地域再生計画 against the 実施計画 (regional.c). */
void gs_validate_regional(gs_validate_ctx *c);

#endif
