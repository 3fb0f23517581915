/*
 * fields.h - the plan workbook's layout: which cell holds which part of the
 * plan, in one table shared by the workbook reader (xlsx.c), the workbook
 * writer of `convert` and `init` (output/workbook.c) and the skeleton XML of
 * `init`, so the three cannot drift apart (curl's option tables).
 *
 * A part of the plan is named by its place in the XML format (plan.rng):
 * "project/period@first" is the first attribute of <period> in <project>,
 * "overview/purpose" the text of <purpose>.  The workbook reader builds the
 * XML tree from the cells and hands it to the XML reader, so a value typed
 * in a cell goes through the same schema, notation parsers and checks as
 * one typed in XML, and `convert` is lossless by construction: both
 * directions walk this table.
 *
 * Two shapes of sheet:
 *   - label/value sheets: one field per row, the label in column A (locked),
 *     the value in column B (open).  The reader checks each label, so a row
 *     inserted or moved is named instead of read into the wrong field;
 *   - grids (KPI, 自立性, 要素事業, 参画, 申請額, the 事業概要 KPI list, the
 *     panel beside 事業概要・主な経費, the 地域再生計画's 【数値目標】):
 *     one row per KPI / source / element / actor / body, columns below.
 * Fiscal-year columns are relative to the plan's first year (1年度目 =
 * project/period@first), as the forms number them.
 */
#ifndef GS_FIELDS_H
#define GS_FIELDS_H

#include <stddef.h>

enum {
    GS_WB_BASIC,      /* 基本情報・事業概要 */
    GS_WB_BACKGROUND, /* 背景・重点テーマ・連携 */
    GS_WB_KPI,        /* KPI */
    GS_WB_FUNDING,    /* 自立性 */
    GS_WB_ELEMENTS,   /* 要素事業 */
    GS_WB_ACTORS,     /* 参画 */
    GS_WB_VERIFY,     /* 効果検証・戦略・地域再生計画 */
    GS_WB_BODIES,     /* 申請額 */
    GS_WB_RESULTS,    /* 実績（効果検証）: may be missing (a workbook made
                         before the grant has none) */
    GS_WB_SHEETS
};

/* The sheets, in workbook order after 説明. */
extern const char *const gs_wb_sheet_names[GS_WB_SHEETS];
#define GS_WB_GUIDE_SHEET "説明"

/* What a cell holds, and so how it is written and read back. */
typedef enum gs_fkind {
    GS_FK_TEXT,    /* one line of text */
    GS_FK_PARA,    /* text with line breaks (wrapped, tall row) */
    GS_FK_AMOUNT,  /* 千円, a whole number (notation.h) */
    GS_FK_FIGURE,  /* a KPI figure, two decimals */
    GS_FK_FY,      /* a fiscal year: 2025, R7, 令和7年度 -> "2025" */
    GS_FK_DATE,    /* a date or Excel date serial -> "YYYY-MM-DD" */
    GS_FK_MONTH,   /* a month or date serial -> "YYYY-MM" */
    GS_FK_CHOICE,  /* one of choices[] (drop-down list) */
    GS_FK_KINDS,   /* 経費の種類: a combination of soft / base / infra */
    GS_FK_LINK,    /* ○ when the 連携 item token is ticked */
    GS_FK_NUMBER,  /* a small whole number (要素事業数, 番号) */
    GS_FK_TEXTNUM, /* text that may look like a number (KPI list "1 2") */
    GS_FK_ACTUAL,  /* a 実績: a KPI figure, or 未確定 / 未公表 / — (no
                      number check on the cell, so a marker can be typed) */
} gs_fkind;

/* A drop-down value: as shown in the cell, as written in XML. */
typedef struct gs_choice {
    const char *shown, *xml;
} gs_choice;

/* One cell of a label/value sheet (or a fixed cell of a grid sheet). */
typedef struct gs_field {
    int sheet;                /* GS_WB_* */
    int row, col;             /* 0-based; col 1 (B) on label/value sheets */
    const char *path;         /* "element/element@attribute" or ".../element" */
    gs_fkind kind;
    const char *label;        /* in column A (col - 1) as the form words it */
    const gs_choice *choices; /* GS_FK_CHOICE, NULL-terminated */
    const char *token;        /* GS_FK_LINK: the XML token */
} gs_field;

/* Every single-cell field, in the order of the XML format (so a tree built
 * by walking it is in schema order).  A NULL path marks where a grid's
 * rows belong in that order: its label names the grid (gs_fgrid). */
extern const gs_field gs_fields[];
extern const size_t gs_nfields;

/* The fields the format requires (plan.rng: applicant and project), so a
 * reader can name the empty cell instead of the schema naming an element. */
extern const char *const gs_required_fields[];

/* One column of a grid. */
typedef struct gs_fcol {
    const char *header;
    gs_fkind kind;
    const gs_choice *choices;
    double width;
} gs_fcol;

/* A grid: its sheet, header row, first data row, most rows, columns. */
typedef struct gs_fgrid {
    const char *name;         /* matches the NULL-path gs_field's label */
    int sheet;
    int header_row, first_row, max_rows;
    int first_col;
    const gs_fcol *cols;
    size_t ncols;
    const char *const *row_labels; /* fixed rows (KPI①, 【A】, 産) or NULL */
} gs_fgrid;

enum {
    GS_GRID_BODIES,      /* 申請額: 都道府県 郡 市区町村 コード 申請額×5 */
    GS_GRID_OVERVIEW_KPI,/* 事業概要 KPI: 番号 指標名 目標 単位 */
    GS_GRID_PANEL,       /* 事業概要の横の欄: 文章 / 枠, one row per line or box */
    GS_GRID_TARGETS,     /* 地域再生計画 【数値目標】 as typed */
    GS_GRID_KPI,         /* KPI①-⑥ */
    GS_GRID_SOURCES,     /* 自主財源【A】-【E】 */
    GS_GRID_FUND_ROWS,   /* 合計 交付対象事業経費 うちソフト うち拠点 総事業費 */
    GS_GRID_ACTORS,      /* 産 官 学 金 労 言 住民全般 */
    GS_GRID_YEARS,       /* (別紙1-1) year blocks */
    GS_GRID_ELEMENTS,    /* 要素事業, descriptions below each */
    GS_GRID_RESULT_YEARS,/* 効果検証 by year: 交付決定額 交付額 総事業費 成果 */
    GS_GRID_RESULT_KPIS, /* 効果検証 by KPI and year: 目標 実績 注記 */
    GS_GRIDS
};
extern const gs_fgrid gs_grids[GS_GRIDS];

/* Shared drop-down lists. */
extern const gs_choice gs_choice_budget[];  /* 当初 / 補正 */
extern const gs_choice gs_choice_part[];    /* ソフト / 施設 -> soft / facility */
extern const gs_choice gs_choice_panel[];   /* 文章 / 枠 -> text / box */
extern const gs_choice gs_choice_unit[];    /* 千円 / 円 */
/* 経費の種類 as shown, by bit set (1 soft, 2 base, 4 infra); [0] unused */
extern const char *const gs_kinds_shown[8];
/* the XML tokens of soft / base / infra */
extern const char *const gs_kind_tokens[3];

/* The form's names of the 自立性 stated rows, in gs_grids order, and their
 * XML elements. */
extern const char *const gs_fund_row_xml[5];

/* Splits a field's path: copies its element path ("a/b") into elem and
 * returns its attribute name inside elem, or NULL when the field is the
 * element's text. */
#define GS_FIELD_PATH_MAX 128
char *gs_field_split(const char *path, char elem[GS_FIELD_PATH_MAX]);

/* "A1"-style name of a 0-based cell; out must hold 16 bytes. */
void gs_cell_name(int row, int col, char out[16]);

#endif
