/*
 * fuzz_csv.c - libFuzzer harness: one file through each of the four CSV
 * table readers (KPIs, 自立性 funding, (別紙1-1) elements, 効果検証
 * results, the last in 円 every other input): encoding
 * detection and CP932 conversion, libcsv's records, header matching, the
 * notation parsers on every cell and the rows into the plan.
 *
 * Each reader gets a fresh plan as the XML reader leaves it before its CSV
 * tables (FY2025-2027 and KPIs 1-4, as in test_csv.c), so the rows have
 * KPIs and years to land on.  Every input goes through all four readers:
 * a KPI table given to the element reader is refused at its header, which
 * costs little, and the corpus needs no byte saying which table it is.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"
#include "input/csv.h"
#include "model/plan.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gs_plan *new_plan(void)
{
    gs_plan *p = gs_plan_new("plan.xml");
    p->fy_first = 2025;
    p->fy_last = 2027;
    p->nkpis = 4;
    p->kpis = gs_xcalloc(4, sizeof *p->kpis);
    for (int i = 0; i < 4; i++) {
        p->kpis[i].no = i + 1;
        p->kpis[i].pos = p->pos;
    }
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool (*const load[])(gs_plan *, const char *, gs_diags *) = {
        gs_csv_load_kpis, gs_csv_load_funding, gs_csv_load_elements, gs_csv_load_results,
    };
    const char *path = gs_fuzz_write("table.csv", data, size);
    for (size_t i = 0; i < sizeof load / sizeof *load; i++) {
        gs_diags d = GS_DIAGS_INIT;
        gs_plan *p = new_plan();
        p->results.yen = size % 2; /* 円 through gs_yen_to_kyen, or 千円 */
        load[i](p, path, &d);
        gs_plan_free(p);
        gs_fuzz_diags_done(&d, false);
    }
    return 0;
}
