/*
 * dl.h - a library's functions, found when first called instead of at start.
 *
 * A shared library linked normally is mapped and relocated by every process
 * before main, whether or not that process calls it: measured on the
 * development machine, each costs about a quarter of a millisecond, and a
 * render never calls libqpdf (dump and diff do), libxlsxwriter (init and
 * convert) or libzip (a workbook read).  Such a library is not linked;
 * instead a *_dl.c file defines each function grantsheet calls, under its
 * own name and with its header's prototype (the compiler checks the two
 * agree), and the definition finds the real function on its first call.
 *
 * A library that cannot be loaded is a broken installation, as it was when
 * the dynamic loader refused to start the program: the message the loader
 * would print, and exit status 127, like the loader's.
 */
#ifndef GS_UTIL_DL_H
#define GS_UTIL_DL_H

/* The function NAME of the library SONAME, opening it into *LIB on first
 * use; does not return when either cannot be found. */
void *gs_dl_need(void **lib, const char *soname, const char *name);

/* A *_dl.c file names its library once, GS_DL_LIBRARY(SONAME), then
 * defines each function with GS_DL(RET, NAME, PARAMS, ARGS) (or
 * GS_DL_VOID(NAME, PARAMS, ARGS)): a definition of NAME with PARAMS that
 * finds the real NAME on its first call and calls it with ARGS. */
#define GS_DL_LIBRARY(soname)                                              \
    static void *gs_dl_lib;                                                \
    static const char gs_dl_soname[] = soname;
#define GS_DL(ret, name, params, args)                                     \
    ret name params                                                        \
    {                                                                      \
        static ret(*real) params;                                          \
        if (!real)                                                         \
            *(void **)&real = gs_dl_need(&gs_dl_lib, gs_dl_soname, #name); \
        return real args;                                                  \
    }
#define GS_DL_VOID(name, params, args)                                     \
    void name params                                                       \
    {                                                                      \
        static void(*real) params;                                         \
        if (!real)                                                         \
            *(void **)&real = gs_dl_need(&gs_dl_lib, gs_dl_soname, #name); \
        real args;                                                         \
    }

#endif
