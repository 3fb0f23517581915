/*
 * fuzz.h - what the libFuzzer harnesses of tests/fuzz share.
 *
 * The readers under test take file paths, not buffers (they check the file
 * is regular and bounded before reading it, and a plan names its CSV files
 * relative to its own folder), so each harness writes its input into a
 * scratch folder of its own on tmpfs and hands the path over.  The folder is
 * private to the process (mkdtemp), so two fuzzers or a fuzzer and the test
 * suite never share it, and it is removed at exit, or by the next harness
 * when its process was killed.
 *
 * The harnesses live in the one libFuzzer binary per target that the
 * Makefile builds in build/fuzz/ (clang, -fsanitize=fuzzer,address,
 * undefined); `make fuzz` runs them for FUZZ_SECONDS each and `make test`
 * runs each over its committed corpus, tests/fuzz/corpus/NAME/.
 */
#ifndef GS_FUZZ_H
#define GS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* The checkout: $GRANTSHEET_DATADIR, else the tree the harness was built
 * in (GS_FUZZ_ROOT, set by the Makefile). */
const char *gs_fuzz_root(void);

/* The scratch folder, made on first use: in /dev/shm when there is one
 * (tmpfs: a write per run costs no disk), else in $TMPDIR or /tmp. */
const char *gs_fuzz_dir(void);

/* Writes size bytes to NAME in the scratch folder, replacing what was there,
 * and returns its path (valid until the next call).  NAME may hold one
 * folder level ("csv/x.csv") when gs_fuzz_copy_tree made it. */
const char *gs_fuzz_write(const char *name, const uint8_t *data, size_t size);

/* Copies the checkout's folder rel (e.g. "samples/csv"), files and one
 * level of subfolders, to NAME in the scratch folder, so that a plan there
 * finds the CSV files the samples reference ("csv/nagaoka-kpi.csv"). */
void gs_fuzz_copy_tree(const char *rel, const char *name);

/* Checks and formats every diagnostic as the cli would show it (one line of
 * text each; with json, also the --format=json array) and frees the list:
 * the messages quote the input, so they are fuzzed too.  The JSON escaper
 * goes byte by byte and costs more than a CSV read under the fuzzer's
 * instrumentation, so the harnesses that are fast otherwise leave it to
 * fuzz_xml, whose diagnostics quote the same kinds of text. */
void gs_fuzz_diags_done(gs_diags *d, bool json);

#endif
