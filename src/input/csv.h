/*
 * csv.h - tables kept in Excel, read from the CSV files Excel writes.
 *
 * A plan may take its KPI table, its 自主財源 schedule, its (別紙1-1)
 * expense elements and its 効果検証 table (実績, 交付金額) from CSV files
 * it references.  Excel writes UTF-8 (with
 * or without a BOM) or Shift_JIS (CP932); fields may be quoted and hold line
 * breaks; figures, years and KPI numbers are read by the parsers of
 * notation.h, the same ones the XML reader uses (full-width digits,
 * separators, 千円, △/▲/＋ and blanks after them, 令和元年度 …).  Each
 * loader reads one file with libcsv, finds its columns by their header
 * names, and fills the matching part of the plan; positions point at
 * FILE:ROW:COLUMN (the file name interned in the plan), and every error
 * names the column's header.
 *
 * path is the file to open (the caller resolves it against the plan's
 * folder).  Each returns false when the file could not be used; every
 * problem is in d (E12x codes).
 */
#ifndef GS_CSV_H
#define GS_CSV_H

#include <stdbool.h>

#include "model/plan.h"
#include "util/diag.h"

#define GS_CSV_MAX_BYTES (4u * 1024 * 1024)

/* KPI table: baseline, yearly 増加分 and (optionally) the stated 累計 of
 * KPIs the plan already lists (matched by number). */
bool gs_csv_load_kpis(gs_plan *p, const char *path, gs_diags *d);
/* 自立性 schedule: rows 【A】-【E】 (and optionally 合計 / 交付対象事業経費 /
 * うちソフト事業費 / うち拠点整備事業費 / 総事業費), columns 事業開始前 and
 * the fiscal years. */
bool gs_csv_load_funding(gs_plan *p, const char *path, gs_diags *d);
/* (別紙1-1) expense elements: one row per 要素事業 with its fiscal year,
 * part (ソフト / 施設整備), number, name, related KPIs, amount and
 * description (lines starting with ・ and ending in an amount are items). */
bool gs_csv_load_elements(gs_plan *p, const char *path, gs_diags *d);
/* 効果検証: rows 交付決定額 / 交付額 / 総事業費 / 事業の成果 and, per KPI
 * the plan lists, KPI①目標 / KPI①実績 (a figure or 未確定 / 未公表 / —) /
 * KPI①注記, columns the fiscal years and 計 (of the amount rows).
 * Amounts are 千円, or 円 when p->results.yen (the plan's <results
 * unit="円">), converted by gs_yen_to_kyen. */
bool gs_csv_load_results(gs_plan *p, const char *path, gs_diags *d);

#endif
