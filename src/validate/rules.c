/*
 * rules.c - the reporting and wording that every rule file of validate/
 * uses (rules.h).
 */
#include "validate/rules.h"

#include <stdarg.h>
#include <string.h>

#include "util/fy.h"
#include "util/num.h"

void gs_validate_report(gs_validate_ctx *c, gs_severity sev, const char *code,
                        gs_srcpos pos, const char *sheet, const char *row,
                        int fy, const char *stated, const char *computed,
                        const char *fmt, ...)
{
    gs_buf msg = GS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    gs_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    gs_diag *g = gs_diags_add(c->d, sev, code, pos, "%s", msg.data);
    gs_diag_set_where(g, sheet, row, fy);
    gs_diag_set_figures(g, stated, computed);
    gs_buf_free(&msg);
}

char *gs_validate_kyen(int64_t v)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_kyen(&b, v);
    return gs_buf_detach(&b);
}

char *gs_validate_fixed2(int64_t hundredths)
{
    gs_buf b = GS_BUF_INIT;
    gs_fmt_fixed2(&b, hundredths);
    return gs_buf_detach(&b);
}

void gs_validate_put_kpi_no(gs_buf *b, int no)
{
    if (!gs_fmt_circled(b, no))
        gs_buf_printf(b, "KPI%d", no);
}

void gs_validate_put_kpi_row(gs_buf *b, int no)
{
    gs_buf_puts(b, "KPI");
    gs_validate_put_kpi_no(b, no);
}

void gs_validate_put_period(gs_buf *b, const gs_plan *p)
{
    gs_fmt_period_reiwa(b, p->fy_first, p->fy_last);
    gs_buf_printf(b, "(%d〜%d年度)", p->fy_first, p->fy_last);
}

bool gs_validate_same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}
