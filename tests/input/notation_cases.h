/*
 * notation_cases.h - texts planners type and what they mean, shared by
 * test_xml.c and test_csv.c, so that both readers are held to one list:
 * each reader's test puts every text in every place of its notation and
 * expects the value here (test_csv.c also against the XML reader's model),
 * and every refused text refused by both with the same explanation.
 */
#ifndef GS_TEST_NOTATION_CASES_H
#define GS_TEST_NOTATION_CASES_H

#include <stdint.h>

#include "util/buf.h"

/* A plan head without sections: lines 1-4; the period is 2025-2027. */
#define PLAN_HEAD                                                             \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                           \
    "<plan xmlns=\"urn:x-grantsheet:plan:1\" version=\"1\">\n"               \
    "<applicant><prefecture>新潟県</prefecture>"                              \
    "<department>企画課</department></applicant>\n"                           \
    "<project><name>事業</name><kinds>soft</kinds>"                           \
    "<period first=\"2025\" last=\"2027\"/></project>\n"
#define PLAN_TAIL "</plan>\n"

/* The text (%1$s) in every place of the XML that takes an amount:
 * 事業概要's cost, a 自主財源 value, a year's ①, an element's amount and
 * an item's (5 places). */
#define AMOUNT_PLACES                                                         \
    "<overview><cost total=\"%1$s\"/></overview>\n"                          \
    "<funding><source no=\"A\"><kind>k</kind>"                               \
    "<value fy=\"2025\">%1$s</value></source></funding>\n"                   \
    "<expenses date=\"2025-01-23\"><year fy=\"2025\">"                       \
    "<eligible>%1$s</eligible><soft>"                                         \
    "<element no=\"1\" amount=\"%1$s\"><name>n</name>"                       \
    "<description><item amount=\"%1$s\">i</item></description>"              \
    "</element></soft></year></expenses>\n"

/* The text in every place that takes a KPI figure: 事業概要's bracketed
 * target, a KPI's baseline, 増加分 and 累計 (4 places). */
#define FIGURE_PLACES                                                         \
    "<overview><kpi-targets><kpi no=\"1\" target=\"%1$s\" "                  \
    "unit=\"人\">a</kpi></kpi-targets></overview>\n"                         \
    "<kpis><kpi no=\"1\" unit=\"人\"><name>a</name>"                         \
    "<baseline>%1$s</baseline>"                                               \
    "<increase fy=\"2025\">%1$s</increase>"                                  \
    "<total>%1$s</total></kpi></kpis>\n"

/* The text as 事業概要's period, the XML's one place for a 令和 year. */
#define PERIOD_PLACES "<overview><period>%1$s</period></overview>\n"

/* A plan with text in places (one of the above); the caller frees. */
static char *plan_with(const char *places, const char *text)
{
    gs_buf b = GS_BUF_INIT;
    gs_buf_puts(&b, PLAN_HEAD);
    gs_buf_printf(&b, places, text);
    gs_buf_puts(&b, PLAN_TAIL);
    return gs_buf_detach(&b);
}

typedef struct figure_case {
    const char *text;
    int64_t v; /* 千円 for amounts, hundredths for KPI figures */
} figure_case;

typedef struct fy_case {
    const char *text;
    int fy;
} fy_case;

static const figure_case AMOUNT_CASES[] = {
    {"12219", 12219},       {"12,219", 12219},      {"12,219千円", 12219},
    {"１２，２１９", 12219}, {"1２,２１９", 12219},   {"△1,200", -1200},
    {"△ 1,200", -1200},     {"▲1200千円", -1200},   {"△１，２００千円", -1200},
    {"－５", -5},           {"+ 4", 4},             {"＋４", 4},
};

static const figure_case FIGURE_CASES[] = {
    {"30", 3000},      {"+30", 3000},       {"+ 4", 400},
    {"＋４", 400},     {"△ 1.26", -126},    {"▲1.26", -126},
    {"△0.51", -51},    {"１０．５", 1050},  {"1,234.5", 123450},
    {"－0.5", -50},    {"10.000", 1000},    {"１２，２１９", 1221900},
};

static const fy_case FY_CASES[] = {
    {"R元", 2019},       {"令和元年度", 2019}, {"元年度", 2019},
    {"R7", 2025},        {"令和7年度", 2025},  {"2025年度", 2025},
    {"Ｒ７年度", 2025},  {"令和７年度", 2025}, {"2025", 2025},
};

/* Refused: garbage, a misplaced separator, too many digits or decimals. */
static const char *const BAD_AMOUNTS[] = {
    "12.5", "1,23", "abc", "千円", "1000000000000000",
};
static const char *const BAD_FIGURES[] = {
    "30.", "1e3", "10人", "30.001", "99999999999999",
};
static const char *const BAD_YEARS[] = {
    "R0", "7年度", "平成31年度", "2100年度", "来年度",
};

#define NCASES(a) (sizeof (a) / sizeof *(a))

#endif
