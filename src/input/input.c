/*
 * input.c - picks the reader of a plan file by its extension (input.h).
 */
#include "input/input.h"

#include <string.h>
#include <strings.h>

#include "input/xlsx.h"
#include "input/xml.h"

gs_plan *gs_input_load_plan(const char *path, gs_diags *d)
{
    return gs_xlsx_is_name(path) ? gs_xlsx_load_plan(path, d) : gs_xml_load_plan(path, d);
}

size_t gs_input_plan_ext(const char *name)
{
    size_t n = strlen(name);
    if (gs_xlsx_is_name(name))
        return 5;
    if (n > 4 && strcmp(name + n - 4, ".xml") == 0)
        return 4;
    return 0;
}
