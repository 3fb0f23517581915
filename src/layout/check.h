/*
 * check.h - templates checked in full when they load (see check.c).
 */
#ifndef GS_CHECK_H
#define GS_CHECK_H

#include <stdbool.h>

#include "layout/template.h"
#include "layout/value.h"
#include "util/diag.h"

/* The shape of a data tree: a copy in which each list holds one element
 * with every name any of its elements has.  Free with gs_value_free. */
gs_value *gs_check_shape(const gs_value *data);

/* Checks every path, format, element and attribute of t, in every branch,
 * against shape (from gs_check_shape of gs_bind_prototype()).  Reports
 * E301-E303 against the template line; true when t is sound. */
bool gs_check_template(const gs_template *t, const gs_value *shape, gs_diags *d);

#endif
