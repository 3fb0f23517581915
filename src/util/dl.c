/*
 * dl.c - opening a library on first use (dl.h says why).
 */
#include "util/dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

void *gs_dl_need(void **lib, const char *soname, const char *name)
{
    if (!*lib)
        *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    void *f = *lib ? dlsym(*lib, name) : NULL;
    if (!f) {
        const char *why = dlerror();
        fprintf(stderr, "grantsheet: error while loading shared libraries: %s\n",
                why ? why : name);
        _exit(127);
    }
    return f;
}
