/*
 * fuzz_xml.c - libFuzzer harness: a plan file through the XML reader (size
 * and UTF-8 checks, libxml2 with no network or entities, the RELAX NG
 * schema, the walk into gs_plan, the CSV files it references), then totals
 * and every validation rule, as `grantsheet validate` runs them.
 *
 * The input is written as plan.xml into the scratch folder, next to a copy
 * of samples/csv, so a plan that keeps its tables in CSV (the seeds
 * nagaoka-csv.xml and nagaoka-cp932.xml) reads real tables and the fuzzer
 * can reach the CSV readers through the plan too.  Mutations keep the plan
 * XML (mutate.c, linked into this harness and fuzz_render by the Makefile).  Nothing may crash, leak
 * or take more than the -timeout; every problem must come with a code and a
 * message (fuzz.c).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "input/xml.h"
#include "model/plan.h"
#include "model/totals.h"
#include "validate/validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    atexit(gs_xml_cleanup); /* the compiled schema, for the leak checker */
    gs_fuzz_copy_tree("samples/csv", "csv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = gs_fuzz_write("plan.xml", data, size);
    gs_diags d = GS_DIAGS_INIT;
    gs_plan *p = gs_xml_load_plan(path, &d);
    if (p) {
        gs_totals t;
        gs_totals_compute(p, &t, &d);
        gs_validate(p, &t, &d);
    }
    gs_plan_free(p);
    gs_fuzz_diags_done(&d, true);
    return 0;
}
