/*
 * batch.h - render every plan under some folders into an output folder,
 * skipping what has not changed (grantsheet batch).
 *
 * Why: a prefecture renders hundreds of plans a night, most of them
 * unchanged.  A plan is re-rendered only when one of its inputs differs from
 * its last successful render, judged by SHA-256 of the contents (never by
 * timestamps, which copies and checkouts do not keep): the plan file, the
 * CSV files it reads, the templates and fonts, and the tool's version.
 *
 * Layout of OUTDIR (plan id = its path relative to the PATH argument):
 *
 *   OUTDIR/ID.pdf                        (ID with .xml -> .pdf; another
 *                                        document than the 実施計画:
 *                                        ID-NAME.pdf, its records under
 *                                        ID-NAME: one job per plan and
 *                                        document, each skipped, failed
 *                                        and listed on its own)
 *   OUTDIR/manifest.tsv                  or manifest-K-of-N.tsv per shard
 *   OUTDIR/.grantsheet/state/ID.tsv      per plan: inputs and their hashes,
 *                                        output hash, status, warnings
 *   OUTDIR/.grantsheet/diag/ID.txt       diagnostics of the last attempt
 *                                        (failures, or warnings)
 *   OUTDIR/.grantsheet/lock/ID.lock      flock: one run per plan at a time
 *
 * File names are written into the manifest and the state records escaped
 * (util/tsv.h), so a name with a TAB or a newline neither forges a row nor
 * keeps its plan from being skipped.
 *
 * Crash safety: every file is written to a temporary file and renamed over
 * the target, the PDF first and the state record last.  The state names the
 * PDF's SHA-256, so a run killed between the two finds the mismatch and
 * renders again.  Every run starts by removing the temporary files, in
 * every folder it writes to, whose writer is dead (util/atomic.h: a live
 * writer holds a lock on its file).  A failed plan keeps its previous PDF
 * ("stale").  No output is ever written over a file that is not of its
 * kind (a PDF over a non-PDF, a device, a folder: E405, util/atomic.h).
 *
 * Bounded plans: plans are rendered in a child process of each worker
 * (its render server) under a CPU-time limit, a memory limit and a
 * wall-clock alarm per plan (opts.plan_timeout, opts.plan_memory_mb), so a
 * plan that would run for minutes or take gigabytes fails alone (E504) and
 * the run goes on with a new server; a server that dies otherwise fails
 * its plan with E505, the signal and its last words.
 *
 * Nothing here prints: progress goes to the caller's report callback.
 */
#ifndef GS_BATCH_H
#define GS_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

typedef enum gs_batch_status {
    GS_BATCH_OK,      /* rendered in this run */
    GS_BATCH_SKIPPED, /* inputs and PDF unchanged since the last render */
    GS_BATCH_STALE,   /* failed; the previous PDF stays in place */
    GS_BATCH_FAILED,  /* failed; there is no previous PDF */
    GS_BATCH_BUSY,    /* another run held the plan's lock (--no-wait) */
} gs_batch_status;

/* Per-plan failure details (bit set). */
enum {
    GS_BATCH_F_PLAN = 1 << 0,   /* the plan has errors */
    GS_BATCH_F_WRITE = 1 << 1,  /* an output could not be written */
    GS_BATCH_F_SETUP = 1 << 2,  /* templates/fonts failed on this plan */
    GS_BATCH_F_CRASH = 1 << 3,  /* the worker, or its render server, died
                                   while on this plan (E505) */
    GS_BATCH_F_LIMIT = 1 << 4,  /* the plan exceeded its time or memory
                                   (E504) */
};

typedef struct gs_batch_counts {
    size_t total;    /* plans of this run (this shard) */
    size_t done;     /* plans finished so far */
    size_t ok, skipped, stale, failed, busy;
    size_t excluded; /* *-invalid.xml left out of folders */
    unsigned flags;  /* GS_BATCH_F_* of every plan, or'ed */
    size_t cap_errors; /* years a government of this run is over the
                          national cap in, across its plans (E254) */
    bool manifest_ok; /* the manifest was written (at the end) */
} gs_batch_counts;

typedef enum gs_batch_event_kind {
    GS_BATCH_EV_START, /* the plans are known: counts.total */
    GS_BATCH_EV_WAIT,  /* waiting for another run's lock on plan */
    GS_BATCH_EV_PLAN,  /* plan finished with status */
    GS_BATCH_EV_RESOLVED, /* a plan reported BUSY was since completed by the
                             other run: now SKIPPED (counts adjusted) */
} gs_batch_event_kind;

typedef struct gs_batch_event {
    gs_batch_event_kind kind;
    const char *plan;       /* plan id; NULL for START */
    const char *document;   /* the document, NULL for the 実施計画 */
    gs_batch_status status; /* PLAN */
    unsigned flags;         /* PLAN: GS_BATCH_F_* */
    size_t errors, warnings;
    const char *diag_path;  /* PLAN: the file holding its diagnostics, only
                               when it was written (or, skipped, exists) */
    const char *reason;     /* PLAN with write, limit or crash trouble: what
                               went wrong, with the OS's reason; else NULL */
    const char *first;      /* PLAN with errors whose diagnostics file could
                               not be written: the first error; else NULL */
    const char *lock_path;  /* WAIT and BUSY: the lock file */
    const gs_batch_counts *counts; /* including this event */
} gs_batch_event;

typedef struct gs_batch_opts {
    const char *const *paths; /* plan files or folders searched recursively */
    size_t npaths;
    const char *outdir;
    int jobs;                 /* worker processes; <= 1 runs in-process */
    int shard_k, shard_n;     /* this is shard K of N (1-based); N = 0: all */
    bool no_wait;             /* refuse a plan whose lock is held */
    int plan_timeout;         /* CPU seconds per plan (wall clock: 5x), in
                                 a render server per worker.  0: no
                                 limits, render in the worker itself */
    int plan_memory_mb;       /* address space a plan may add, MB; 0: none */
    const char *datadir;      /* fonts/ and templates/ */
    const char *document;     /* --document: a name, "all"; NULL: 実施計画 */
    void (*report)(void *ctx, const gs_batch_event *ev); /* may be NULL */
    void *report_ctx;
} gs_batch_opts;

/* The command line's defaults for plan_timeout and plan_memory_mb. */
#define GS_BATCH_PLAN_TIMEOUT 10
#define GS_BATCH_PLAN_MEMORY_MB 512

/* Exit-style results of gs_batch_run; when several apply, the largest. */
enum {
    GS_BATCH_RC_OK = 0,     /* every plan rendered or skipped */
    GS_BATCH_RC_PLAN = 1,   /* a plan has errors (stale or failed), or
                               exceeded its limits, or its process died,
                               or one government's plans together are
                               over the national cap (E254) */
    GS_BATCH_RC_USAGE = 2,  /* bad paths, duplicate plan ids, bad outdir */
    GS_BATCH_RC_SETUP = 3,  /* templates or fonts missing or broken */
    GS_BATCH_RC_WRITE = 4,  /* an output could not be written */
    GS_BATCH_RC_BUSY = 5,   /* a plan was refused: another run held it */
};

/* Runs the batch.  counts gets the totals; d gets problems of the run
 * itself (bad arguments, setup, manifest); plan diagnostics go to their
 * files under OUTDIR/.grantsheet/diag.  Returns GS_BATCH_RC_*. */
int gs_batch_run(const gs_batch_opts *o, gs_batch_counts *counts,
                 gs_diags *d);

/* The shard (0-based, < n) a plan id belongs to: FNV-1a of the id, mod n.
 * Depends on the id only, so every machine agrees, and a plan keeps its
 * shard when others are added or removed. */
unsigned gs_batch_shard_of(const char *id, unsigned n);

/* "manifest.tsv" or "manifest-K-of-N.tsv"; the caller frees it. */
char *gs_batch_manifest_name(int shard_k, int shard_n);

/* SHA-256 of a file as 64 lowercase hex digits + NUL; -1 when unreadable
 * or not a regular file (a FIFO must not hang the run). */
int gs_batch_sha256_file(const char *path, char hex[65]);

const char *gs_batch_status_name(gs_batch_status s);

/* A seam for tests (a weak symbol the library does not define): called with
 * the plan id in the plan's render process, before the render, so a test
 * can make one plan spin or allocate without end. */
extern void gs_batch_test_plan_hook(const char *id) __attribute__((weak));

#endif
