/*
 * sheets.h - the names of the form's sheets, once, for every stage.
 *
 * A diagnostic names the sheet a figure sits on (gs_diag.sheet, the JSON
 * "sheet"), and dashboards group problems by it, so a sheet must be called
 * the same whether the CSV reader, totals or the validator found the
 * problem.  The names are worded as the form words them, 7.'s title with
 * full-width parentheses as the form prints it; the short names are what
 * messages use when they point at another sheet ("7. KPI の KPI①").
 *
 * They are macros, not a table of strings, because messages paste them
 * into their format strings at compile time
 * (SHEET_KPI_SHORT " の %s ..."); each is spelled only here.
 */
#ifndef GS_SHEETS_H
#define GS_SHEETS_H

#define GS_SHEET_OVERVIEW "事業概要"
#define GS_SHEET_APPLICANT "1. 申請者情報"
#define GS_SHEET_PROJECT "2. 交付対象事業の名称等"
#define GS_SHEET_BACKGROUND "3. 交付対象事業の背景・概要"
#define GS_SHEET_THEME "4. 重点テーマへの該当"
#define GS_SHEET_LINKS "5. 他の政策・施策等との連携状況"
#define GS_SHEET_EXCLUSION "6. 他の国庫補助金等の対象事業の除外"
#define GS_SHEET_KPI "7. 交付対象事業の重要業績評価指標（KPI）"
#define GS_SHEET_KPI_SHORT "7. KPI"
#define GS_SHEET_FUNDING "8. 自立性"
#define GS_SHEET_ACTORS "9. 地域の多様な主体の参画"
#define GS_SHEET_VERIFICATION                                                 \
    "10. 交付対象事業の効果検証及び事業内容の見直しの方法、時期及び体制"
#define GS_SHEET_STRATEGY "11. 地方版総合戦略の策定状況"
#define GS_SHEET_REGIONAL_PLAN "12. 地域再生計画の名称等"
#define GS_SHEET_1_1 "(別紙1-1) ソフト事業経費内訳"
#define GS_SHEET_1_1_SHORT "(別紙1-1)"

/* The other documents, as a whole: their diagnostics name the section in
 * the row ("５－２ ⑦ 総事業費"). */
#define GS_DOC_REGIONAL "地域再生計画"
#define GS_DOC_RESULTS "効果検証"

#endif
