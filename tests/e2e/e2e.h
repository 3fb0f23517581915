/*
 * e2e.h - the few helpers every end-to-end test program needs: a formatted
 * string, a shell command with its output, a whole file read or written.
 * The programs run the grantsheet binary and read what it wrote, so these
 * are all they share; each one failing is the test's failure (cmocka's
 * assertions), never a silent empty result.  Compiled once, in e2e.c, and
 * linked into every tests/e2e/test_* program by the Makefile.
 */
#ifndef GS_TEST_E2E_H
#define GS_TEST_E2E_H

#include <stddef.h>

/* A new string (free it); fails the test when memory runs out. */
char *e2e_fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command line; returns its exit status (-1 when it did not
 * exit) and, when out is not NULL, its standard output in *out (free it). */
int e2e_sh(const char *cmd, char **out);

/* The whole file, NUL-terminated (free it), its length in *len when len is
 * not NULL; NULL when the file cannot be opened (a file the test expects
 * not to exist is a result, not a failure). */
char *e2e_slurp(const char *path, size_t *len);

/* Writes len bytes to path, replacing it; fails the test on any error. */
void e2e_spit(const char *path, const void *data, size_t len);

/* What `make e2e` passes: the checkout (GRANTSHEET_DATADIR, else ".") and
 * the grantsheet to run (GS_BIN, else ROOT/build/asan/grantsheet), both
 * new strings the caller frees. */
void e2e_env(char **root, char **bin);

/* A new folder /tmp/gs-NAME-XXXXXX (free the name); NULL when it cannot
 * be made.  e2e_rm_rf removes a folder and everything in it: 0 when done. */
char *e2e_tmpdir(const char *name);
int e2e_rm_rf(const char *dir);

/* A program's group set-up and tear-down in one call each: e2e_env, and
 * a scratch folder e2e_tmpdir(name) in *work (0, or -1 when it cannot be
 * made); e2e_end removes the folder and frees all three (0 when done). */
int e2e_begin(char **root, char **bin, char **work, const char *name);
int e2e_end(char **root, char **bin, char **work);

#endif
