/*
 * fields.c - the plan workbook's layout table (see fields.h for why one
 * table).  Labels are the forms' own words, so a planner finds in the
 * workbook what the printed 実施計画 asks for; the rows are laid out sheet
 * by sheet in form order, while the table itself runs in the XML format's
 * order.
 */
#include "input/fields.h"

#include <stdio.h>
#include <string.h>

const char *const gs_wb_sheet_names[GS_WB_SHEETS] = {
    "基本情報・事業概要", "背景・重点テーマ・連携", "KPI", "自立性",
    "要素事業", "参画", "効果検証・戦略・地域再生計画", "申請額", "実績（効果検証）",
};

static const gs_choice choice_gov[] = {
    {"市区町村", "municipality"}, {"都道府県", "prefecture"},
    {"中枢中核市", "core-city"}, {NULL, NULL}};
static const gs_choice choice_scope[] = {{"単独", "単独"}, {"広域", "広域"}, {NULL, NULL}};
static const gs_choice choice_applies[] = {{"有", "yes"}, {"無", "no"}, {NULL, NULL}};
static const gs_choice choice_excluded[] = {{"○", "yes"}, {"×", "no"}, {NULL, NULL}};
const gs_choice gs_choice_budget[] = {{"当初", "当初"}, {"補正", "補正"}, {NULL, NULL}};
const gs_choice gs_choice_part[] = {{"ソフト", "soft"}, {"施設", "facility"}, {NULL, NULL}};
const gs_choice gs_choice_unit[] = {{"千円", "千円"}, {"円", "円"}, {NULL, NULL}};

const char *const gs_kinds_shown[8] = {
    NULL, "ソフト事業", "拠点整備事業", "ソフト事業・拠点整備事業", "インフラ整備事業",
    "ソフト事業・インフラ整備事業", "拠点整備事業・インフラ整備事業",
    "ソフト事業・拠点整備事業・インフラ整備事業",
};
const char *const gs_kind_tokens[3] = {"soft", "base", "infra"};

const char *const gs_fund_row_xml[5] = {"total", "eligible", "soft", "base", "project-cost"};

#define B GS_WB_BASIC
#define G GS_WB_BACKGROUND
#define V GS_WB_VERIFY
#define E GS_WB_ELEMENTS
#define F GS_WB_FUNDING
#define R GS_WB_RESULTS

const gs_field gs_fields[] = {
    {B, 2, 1, "applicant@government", GS_FK_CHOICE, "団体の区分（市区町村／都道府県／中枢中核市）", choice_gov, NULL},
    {B, 3, 1, "applicant/prefecture", GS_FK_TEXT, "都道府県名", NULL, NULL},
    {B, 34, 1, "applicant/county", GS_FK_TEXT, "郡（町・村のとき、例: 南魚沼郡。地域再生計画の作成主体に入ります）", NULL, NULL},
    {B, 4, 1, "applicant/municipality", GS_FK_TEXT, "市区町村名", NULL, NULL},
    {B, 5, 1, "applicant/department", GS_FK_TEXT, "担当部署名", NULL, NULL},
    {B, 6, 1, "applicant/contact", GS_FK_TEXT, "担当者名", NULL, NULL},
    {B, 7, 1, "applicant/phone", GS_FK_TEXT, "電話番号", NULL, NULL},
    {B, 8, 1, "applicant/email", GS_FK_TEXT, "メールアドレス", NULL, NULL},
    {B, 9, 1, "project/name", GS_FK_TEXT, "交付対象事業の名称", NULL, NULL},
    {B, 10, 1, "project/kinds", GS_FK_KINDS, "経費の種類", NULL, NULL},
    {B, 11, 1, "project/period@first", GS_FK_FY, "事業計画期間（初年度）", NULL, NULL},
    {B, 12, 1, "project/period@last", GS_FK_FY, "事業計画期間（最終年度）", NULL, NULL},
    {B, 13, 1, "project/scope", GS_FK_CHOICE, "単独／広域", choice_scope, NULL},
    {B, 14, 1, "project/field", GS_FK_TEXT, "事業分野", NULL, NULL},
    {B, 15, 1, "project/changes@decided", GS_FK_DATE, "最終交付決定日", NULL, NULL},
    {B, 16, 1, "project/changes@minor-change", GS_FK_DATE, "軽微変更報告日", NULL, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "bodies", NULL, NULL},
    {B, 17, 1, "overview/first-round", GS_FK_TEXT, "初回採択回", NULL, NULL},
    {B, 18, 1, "overview/period", GS_FK_TEXT, "事業計画期間（事業概要の表記、例: R7-R9）", NULL, NULL},
    {B, 19, 1, "overview/cost@total", GS_FK_AMOUNT, "期間中の総事業費（千円）", NULL, NULL},
    {B, 20, 1, "overview/cost@first-year", GS_FK_AMOUNT, "初年度の事業費（千円）", NULL, NULL},
    {B, 21, 1, "overview/purpose", GS_FK_PARA, "目的・効果", NULL, NULL},
    {B, 22, 1, "overview/breakdown", GS_FK_PARA, "事業概要・主な経費（空欄: 別紙1-1 から作ります）", NULL, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "panel", NULL, NULL},
    {B, 24, 1, "overview/participation", GS_FK_PARA, "地域の多様な主体の参画（概要）", NULL, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "overview-kpi", NULL, NULL},
    {G, 2, 1, "background/future", GS_FK_PARA, "A. 地方創生として目指す将来像", NULL, NULL},
    {G, 3, 1, "background/issues", GS_FK_PARA, "B. 地方創生の実現における構造的な課題", NULL, NULL},
    {G, 4, 1, "background/summary", GS_FK_PARA, "C. 交付対象事業の概要", NULL, NULL},
    {G, 5, 1, "theme@applies", GS_FK_CHOICE, "4. 重点テーマへの該当（有／無）", choice_applies, NULL},
    {G, 6, 1, "theme", GS_FK_PARA, "重点テーマ（有のとき）", NULL, NULL},
    {G, 7, 1, "links", GS_FK_LINK, "5. 連携: 他省庁補助金等の関連する他政策・施策との戦略的な連携を図る事業", NULL, "other-subsidies"},
    {G, 8, 1, "links", GS_FK_LINK, "5. 連携: PFI法に基づく事業", NULL, "pfi"},
    {G, 9, 1, "links", GS_FK_LINK, "5. 連携: 他の政策・施策に基づく取組と連携する事業における弾力措置の対象となる事業", NULL, "flexible-measures"},
    {G, 10, 1, "links", GS_FK_LINK, "5. 連携: 地域再生法に基づく事業", NULL, "regional-revitalisation-act"},
    {G, 11, 1, "links", GS_FK_LINK, "5. 連携: 特区制度に係る制度・規制改革を活用した、又は活用しようとする事業", NULL, "special-zones"},
    {G, 12, 1, "links", GS_FK_LINK, "5. 連携: スタートアップ支援に係る事業", NULL, "startups"},
    {G, 13, 1, "excluded", GS_FK_CHOICE, "6. 他の国庫補助金等の対象事業の除外（○／×）", choice_excluded, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "kpis", NULL, NULL},
    {F, 2, 1, "funding/effort", GS_FK_PARA, "取組内容", NULL, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "sources", NULL, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "fund-rows", NULL, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "actors", NULL, NULL},
    {V, 2, 1, "verification/timing", GS_FK_TEXT, "10. 検証時期", NULL, NULL},
    {V, 3, 1, "verification/method", GS_FK_PARA, "検証方法", NULL, NULL},
    {V, 4, 1, "verification/members", GS_FK_PARA, "参画者", NULL, NULL},
    {V, 5, 1, "verification/publish", GS_FK_PARA, "検証結果の公表の方法", NULL, NULL},
    {V, 6, 1, "strategies/current@from", GS_FK_DATE, "11. 現行の地方版総合戦略: 計画期間の初日", NULL, NULL},
    {V, 7, 1, "strategies/current@to", GS_FK_DATE, "現行の地方版総合戦略: 計画期間の末日", NULL, NULL},
    {V, 8, 1, "strategies/current", GS_FK_PARA, "現行の地方版総合戦略: 名称・基本目標", NULL, NULL},
    {V, 9, 1, "strategies/next@from", GS_FK_DATE, "次期の地方版総合戦略: 計画期間の初日", NULL, NULL},
    {V, 10, 1, "strategies/next@to", GS_FK_DATE, "次期の地方版総合戦略: 計画期間の末日", NULL, NULL},
    {V, 11, 1, "strategies/next", GS_FK_PARA, "次期の地方版総合戦略: 名称・基本目標", NULL, NULL},
    {V, 12, 1, "regional-plan/name", GS_FK_TEXT, "12. 地域再生計画の名称", NULL, NULL},
    {V, 13, 1, "regional-plan/area", GS_FK_TEXT, "地域再生計画の区域", NULL, NULL},
    {V, 14, 1, "regional-plan/period@from", GS_FK_TEXT, "地域再生計画の計画期間（初め、例: 地域再生計画の認定の日）", NULL, NULL},
    {V, 15, 1, "regional-plan/period@to", GS_FK_DATE, "地域再生計画の計画期間（終わり）", NULL, NULL},
    {V, 16, 1, "regional-plan/author", GS_FK_PARA, "地域再生計画 2 作成主体の名称", NULL, NULL},
    {V, 17, 1, "regional-plan/issues", GS_FK_PARA, "地域再生計画 4-1 構造的な課題（空欄: 3.B）", NULL, NULL},
    {V, 18, 1, "regional-plan/future", GS_FK_PARA, "地域再生計画 4-2 目指す将来像（空欄: 3.A）", NULL, NULL},
    {V, 0, 0, NULL, GS_FK_TEXT, "targets", NULL, NULL},
    {V, 19, 1, "regional-plan/outline", GS_FK_PARA, "地域再生計画 5-1 全体の概要", NULL, NULL},
    {V, 20, 1, "regional-plan/measure@code", GS_FK_TEXT, "地域再生計画 5-2 支援措置の番号（例: A3007）", NULL, NULL},
    {V, 21, 1, "regional-plan/measure", GS_FK_TEXT, "地域再生計画 5-2 支援措置の名称", NULL, NULL},
    {V, 22, 1, "regional-plan/content", GS_FK_PARA, "地域再生計画 5-2 ③ 事業の内容（空欄: 3.C）", NULL, NULL},
    {V, 23, 1, "regional-plan/leading/autonomy", GS_FK_PARA, "地域再生計画 5-2 ④ 【自立性】", NULL, NULL},
    {V, 24, 1, "regional-plan/leading/public-private", GS_FK_PARA, "地域再生計画 5-2 ④ 【官民協働】", NULL, NULL},
    {V, 25, 1, "regional-plan/leading/inter-regional", GS_FK_PARA, "地域再生計画 5-2 ④ 【地域間連携】", NULL, NULL},
    {V, 26, 1, "regional-plan/leading/inter-policy", GS_FK_PARA, "地域再生計画 5-2 ④ 【政策間連携】", NULL, NULL},
    {V, 27, 1, "regional-plan/cost@total", GS_FK_AMOUNT, "地域再生計画 5-2 ⑦ 総事業費（千円）", NULL, NULL},
    {V, 28, 1, "regional-plan/project-period@from", GS_FK_DATE, "地域再生計画 5-2 ⑧ 事業実施期間（初日）", NULL, NULL},
    {V, 29, 1, "regional-plan/project-period@to", GS_FK_DATE, "地域再生計画 5-2 ⑧ 事業実施期間（末日）", NULL, NULL},
    {V, 30, 1, "regional-plan/other", GS_FK_PARA, "地域再生計画 5-2 ⑨ その他必要な事項（空欄: 特になし。）", NULL, NULL},
    {V, 31, 1, "regional-plan/other-projects/basic-policy", GS_FK_PARA, "地域再生計画 5-3-1 支援措置によらない独自の取組（基本方針）", NULL, NULL},
    {V, 32, 1, "regional-plan/other-projects/own", GS_FK_PARA, "地域再生計画 5-3-2 支援措置によらない独自の取組（その他）", NULL, NULL},
    {B, 25, 1, "expenses@date", GS_FK_DATE, "(別紙1-1) の日付", NULL, NULL},
    {B, 0, 0, NULL, GS_FK_TEXT, "years", NULL, NULL},
    {E, 13, 10, "expenses/totals@eligible", GS_FK_AMOUNT, "合計欄 交付対象事業経費【①】", NULL, NULL},
    {E, 13, 12, "expenses/totals@soft", GS_FK_AMOUNT, "ソフト事業経費【②】", NULL, NULL},
    {E, 13, 14, "expenses/totals@facility", GS_FK_AMOUNT, "施設整備・事業設備・備品経費【③】", NULL, NULL},
    {R, 2, 1, "results@as-of", GS_FK_DATE, "報告日（この日までに終わった年度の実績を数えます）", NULL, NULL},
    {R, 3, 1, "results@unit", GS_FK_CHOICE, "金額の単位（千円／円。空欄: 千円）", gs_choice_unit, NULL},
    {R, 4, 1, "results/department", GS_FK_TEXT, "担当課（空欄: 担当部署名）", NULL, NULL},
    {R, 0, 0, NULL, GS_FK_TEXT, "result-years", NULL, NULL},
    {R, 18, 1, "results/grant-total", GS_FK_AMOUNT, "交付金額の計（書くときだけ。年度の合計と照合します）", NULL, NULL},
    {R, 19, 1, "results/spent-total", GS_FK_AMOUNT, "総事業費の計（書くときだけ）", NULL, NULL},
    {R, 0, 0, NULL, GS_FK_TEXT, "result-kpis", NULL, NULL},
};
const size_t gs_nfields = sizeof gs_fields / sizeof *gs_fields;

const char *const gs_required_fields[] = {
    "applicant/prefecture", "applicant/department", "project/name", "project/kinds",
    "project/period@first", "project/period@last", NULL,
};

#define N(a) (sizeof a / sizeof *a)

static const gs_fcol cols_bodies[] = {
    {"都道府県", GS_FK_TEXT, NULL, 12}, {"郡（町・村のとき）", GS_FK_TEXT, NULL, 12},
    {"市区町村（都道府県自身は空欄）", GS_FK_TEXT, NULL, 16},
    {"地方公共団体コード（6 桁）", GS_FK_TEXT, NULL, 14},
    {"申請額 1年度目（千円）", GS_FK_AMOUNT, NULL, 12}, {"2年度目", GS_FK_AMOUNT, NULL, 12},
    {"3年度目", GS_FK_AMOUNT, NULL, 12}, {"4年度目", GS_FK_AMOUNT, NULL, 12},
    {"5年度目", GS_FK_AMOUNT, NULL, 12},
};
static const gs_fcol cols_overview_kpi[] = {
    {"KPI 番号（1〜6）", GS_FK_NUMBER, NULL, 60}, {"指標名", GS_FK_TEXT, NULL, 60},
    {"目標（KPI増加分の累計、例: +30）", GS_FK_TEXT, NULL, 14}, {"単位", GS_FK_TEXT, NULL, 8},
};
const gs_choice gs_choice_panel[] = {{"文章", "text"}, {"枠", "box"}, {NULL, NULL}};
static const gs_fcol cols_panel[] = {
    {"種類（文章／枠）", GS_FK_CHOICE, gs_choice_panel, 12},
    {"内容（文章は行ごと、枠は 1 つずつ。続く枠の行が 1 組の枠になります）", GS_FK_PARA, NULL, 80},
};
static const gs_fcol cols_targets[] = {
    {"KPI 番号（1〜6）", GS_FK_NUMBER, NULL, 8}, {"単位", GS_FK_TEXT, NULL, 8},
    {"指標名", GS_FK_TEXT, NULL, 28}, {"事業開始前（現時点）", GS_FK_FIGURE, NULL, 11},
    {"増加分 1年度目", GS_FK_FIGURE, NULL, 9}, {"2年度目", GS_FK_FIGURE, NULL, 9},
    {"3年度目", GS_FK_FIGURE, NULL, 9}, {"4年度目", GS_FK_FIGURE, NULL, 9},
    {"5年度目", GS_FK_FIGURE, NULL, 9}, {"6年度目", GS_FK_FIGURE, NULL, 9},
    {"7年度目", GS_FK_FIGURE, NULL, 9}, {"8年度目", GS_FK_FIGURE, NULL, 9},
    {"9年度目", GS_FK_FIGURE, NULL, 9}, {"10年度目", GS_FK_FIGURE, NULL, 9},
    {"累計", GS_FK_FIGURE, NULL, 11},
};
static const gs_fcol cols_kpi[] = {
    {"指標名", GS_FK_TEXT, NULL, 28}, {"単位", GS_FK_TEXT, NULL, 6},
    {"設定理由・計測手法・目標値の根拠", GS_FK_PARA, NULL, 48},
    {"事業開始前（現時点）", GS_FK_FIGURE, NULL, 11},
    {"増加分 1年度目", GS_FK_FIGURE, NULL, 9}, {"2年度目", GS_FK_FIGURE, NULL, 9},
    {"3年度目", GS_FK_FIGURE, NULL, 9}, {"4年度目", GS_FK_FIGURE, NULL, 9},
    {"5年度目", GS_FK_FIGURE, NULL, 9}, {"6年度目", GS_FK_FIGURE, NULL, 9},
    {"7年度目", GS_FK_FIGURE, NULL, 9}, {"8年度目", GS_FK_FIGURE, NULL, 9},
    {"9年度目", GS_FK_FIGURE, NULL, 9}, {"10年度目", GS_FK_FIGURE, NULL, 9},
    {"KPI増加分の累計", GS_FK_FIGURE, NULL, 11},
};
static const char *const kpi_rows[] = {"KPI①", "KPI②", "KPI③", "KPI④", "KPI⑤", "KPI⑥"};
static const gs_fcol cols_sources[] = {
    {"自主財源の種類", GS_FK_TEXT, NULL, 20}, {"自主財源の内容", GS_FK_PARA, NULL, 40},
    {"事業開始前（現時点）（千円）", GS_FK_AMOUNT, NULL, 12},
    {"1年度目", GS_FK_AMOUNT, NULL, 10}, {"2年度目", GS_FK_AMOUNT, NULL, 10},
    {"3年度目", GS_FK_AMOUNT, NULL, 10}, {"4年度目", GS_FK_AMOUNT, NULL, 10},
    {"5年度目", GS_FK_AMOUNT, NULL, 10}, {"6年度目", GS_FK_AMOUNT, NULL, 10},
};
static const char *const source_rows[] = {"自主財源【A】", "自主財源【B】", "自主財源【C】",
                                          "自主財源【D】", "自主財源【E】"};
static const char *const fund_rows[] = {"合計", "交付対象事業経費", "うちソフト事業費",
                                        "うち拠点整備事業費", "総事業費"};
static const gs_fcol cols_actors[] = {
    {"主体名", GS_FK_TEXT, NULL, 28}, {"主な役割、意見及び改善方策への反映", GS_FK_PARA, NULL, 70},
};
static const char *const actor_rows[] = {"産", "官", "学", "金", "労", "言", "住民全般"};
static const gs_fcol cols_years[] = {
    {"年度", GS_FK_FY, NULL, 8}, {"全事業期間における本年の位置付け", GS_FK_PARA, NULL, 40},
    {"事業開始時期（例: 2025-04）", GS_FK_MONTH, NULL, 11}, {"事業終了時期", GS_FK_MONTH, NULL, 11},
    {"予算計上時期①", GS_FK_MONTH, NULL, 10}, {"予算種別①", GS_FK_CHOICE, gs_choice_budget, 8},
    {"予算計上時期②", GS_FK_MONTH, NULL, 10}, {"予算種別②", GS_FK_CHOICE, gs_choice_budget, 8},
    {"予算計上時期③", GS_FK_MONTH, NULL, 10}, {"予算種別③", GS_FK_CHOICE, gs_choice_budget, 8},
    {"交付対象事業経費【①】（千円）", GS_FK_AMOUNT, NULL, 12},
    {"ソフト事業 要素事業数", GS_FK_NUMBER, NULL, 8}, {"ソフト事業経費【②】計", GS_FK_AMOUNT, NULL, 12},
    {"施設整備 要素事業数", GS_FK_NUMBER, NULL, 8}, {"施設整備・事業設備・備品経費【③】計", GS_FK_AMOUNT, NULL, 12},
};
static const gs_fcol cols_elements[] = {
    {"年度（空欄: 上の行と同じ）", GS_FK_FY, NULL, 8},
    {"区分（ソフト／施設）", GS_FK_CHOICE, gs_choice_part, 8},
    {"番号", GS_FK_NUMBER, NULL, 6}, {"要素事業名", GS_FK_TEXT, NULL, 30},
    {"関連するKPI（例: 1 2）", GS_FK_TEXT, NULL, 10}, {"金額（千円）", GS_FK_AMOUNT, NULL, 12},
    {"説明の段落、または内訳の名称（要素事業の下の行に 1 行ずつ）", GS_FK_PARA, NULL, 60},
    {"内訳の金額（千円、内訳の行だけ）", GS_FK_AMOUNT, NULL, 12},
};
static const gs_fcol cols_result_years[] = {
    {"年度", GS_FK_FY, NULL, 8}, {"交付決定額", GS_FK_AMOUNT, NULL, 14},
    {"交付額", GS_FK_AMOUNT, NULL, 14}, {"総事業費（実績）", GS_FK_AMOUNT, NULL, 14},
    {"事業の成果", GS_FK_PARA, NULL, 60},
};
static const gs_fcol cols_result_kpis[] = {
    {"KPI 番号（1〜6）", GS_FK_NUMBER, NULL, 8}, {"年度", GS_FK_FY, NULL, 8},
    {"目標（書くときだけ。空欄: 7. KPI の増加分）", GS_FK_FIGURE, NULL, 12},
    {"実績（数値、△ で減少、未確定・未公表・—）", GS_FK_ACTUAL, NULL, 12},
    {"注記（※ として印刷）", GS_FK_TEXT, NULL, 40},
};

const gs_fgrid gs_grids[GS_GRIDS] = {
    [GS_GRID_BODIES] = {"bodies", GS_WB_BODIES, 1, 2, 64, 0, cols_bodies, N(cols_bodies), NULL},
    [GS_GRID_OVERVIEW_KPI] = {"overview-kpi", GS_WB_BASIC, 27, 28, 6, 0, cols_overview_kpi,
                              N(cols_overview_kpi), NULL},
    [GS_GRID_PANEL] = {"panel", GS_WB_BASIC, 37, 38, 30, 0, cols_panel, N(cols_panel), NULL},
    [GS_GRID_TARGETS] = {"targets", GS_WB_VERIFY, 35, 36, 6, 0, cols_targets, N(cols_targets),
                         NULL},
    [GS_GRID_KPI] = {"kpis", GS_WB_KPI, 1, 2, 6, 1, cols_kpi, N(cols_kpi), kpi_rows},
    [GS_GRID_SOURCES] = {"sources", GS_WB_FUNDING, 4, 5, 5, 1, cols_sources, N(cols_sources),
                         source_rows},
    [GS_GRID_FUND_ROWS] = {"fund-rows", GS_WB_FUNDING, 4, 10, 5, 1, cols_sources,
                           N(cols_sources), fund_rows},
    [GS_GRID_ACTORS] = {"actors", GS_WB_ACTORS, 1, 2, 7, 1, cols_actors, N(cols_actors),
                        actor_rows},
    [GS_GRID_YEARS] = {"years", GS_WB_ELEMENTS, 2, 3, 10, 0, cols_years, N(cols_years), NULL},
    [GS_GRID_ELEMENTS] = {"elements", GS_WB_ELEMENTS, 15, 16, 2000, 0, cols_elements,
                          N(cols_elements), NULL},
    [GS_GRID_RESULT_YEARS] = {"result-years", GS_WB_RESULTS, 6, 7, 10, 0, cols_result_years,
                              N(cols_result_years), NULL},
    [GS_GRID_RESULT_KPIS] = {"result-kpis", GS_WB_RESULTS, 21, 22, 60, 0, cols_result_kpis,
                             N(cols_result_kpis), NULL},
};

char *gs_field_split(const char *path, char elem[GS_FIELD_PATH_MAX])
{
    snprintf(elem, GS_FIELD_PATH_MAX, "%s", path);
    char *at = strchr(elem, '@');
    if (at)
        *at++ = '\0';
    return at;
}

void gs_cell_name(int row, int col, char out[16])
{
    char letters[8];
    int n = 0;
    for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    int k = 0;
    while (n > 0)
        out[k++] = letters[--n];
    snprintf(out + k, (size_t)(16 - k), "%d", row + 1);
}
