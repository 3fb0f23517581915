/*
 * value.c - the template data tree.  Maps are small (tens of keys), so they
 * are searched linearly: simpler than hashing and faster at this size.
 */
#include "layout/value.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static gs_value *new_value(gs_vkind kind, gs_srcpos pos)
{
    gs_value *v = gs_xcalloc(1, sizeof *v);
    v->kind = kind;
    v->pos = pos;
    return v;
}

gs_value *gs_value_null(gs_srcpos pos) { return new_value(GS_V_NULL, pos); }

gs_value *gs_value_bool(bool b, gs_srcpos pos)
{
    gs_value *v = new_value(GS_V_BOOL, pos);
    v->u.b = b;
    return v;
}

gs_value *gs_value_int(int64_t i, gs_srcpos pos)
{
    gs_value *v = new_value(GS_V_INT, pos);
    v->u.i = i;
    return v;
}

gs_value *gs_value_fixed2(int64_t hundredths, gs_srcpos pos)
{
    gs_value *v = new_value(GS_V_FIXED2, pos);
    v->u.i = hundredths;
    return v;
}

gs_value *gs_value_ratio(int64_t num, int64_t den, gs_srcpos pos)
{
    gs_value *v = new_value(GS_V_RATIO, pos);
    v->u.ratio.num = num;
    v->u.ratio.den = den;
    return v;
}

gs_value *gs_value_str(const char *s, gs_srcpos pos)
{
    if (!s)
        return gs_value_null(pos);
    gs_value *v = new_value(GS_V_STR, pos);
    v->u.s = gs_xstrdup(s);
    return v;
}

gs_value *gs_value_list(gs_srcpos pos) { return new_value(GS_V_LIST, pos); }
gs_value *gs_value_map(gs_srcpos pos) { return new_value(GS_V_MAP, pos); }

void gs_value_free(gs_value *v)
{
    if (!v)
        return;
    switch (v->kind) {
    case GS_V_STR:
        free(v->u.s);
        break;
    case GS_V_LIST:
        for (size_t i = 0; i < v->u.list.n; i++)
            gs_value_free(v->u.list.v[i]);
        free(v->u.list.v);
        break;
    case GS_V_MAP:
        for (size_t i = 0; i < v->u.map.n; i++) {
            free(v->u.map.keys[i]);
            gs_value_free(v->u.map.v[i]);
        }
        free(v->u.map.keys);
        free(v->u.map.v);
        break;
    default:
        break;
    }
    free(v);
}

gs_value *gs_list_push(gs_value *list, gs_value *child)
{
    GS_GROW(list->u.list.v, list->u.list.cap, list->u.list.n + 1);
    list->u.list.v[list->u.list.n++] = child;
    return child;
}

gs_value *gs_map_set(gs_value *map, const char *key, gs_value *child)
{
    for (size_t i = 0; i < map->u.map.n; i++) {
        if (strcmp(map->u.map.keys[i], key) == 0) {
            gs_value_free(map->u.map.v[i]);
            map->u.map.v[i] = child;
            return child;
        }
    }
    if (map->u.map.n == map->u.map.cap) {
        /* keys and values grow together, so one capacity serves both */
        map->u.map.cap = map->u.map.cap ? map->u.map.cap * 2 : 8;
        map->u.map.keys = gs_xrealloc(map->u.map.keys,
                                      map->u.map.cap * sizeof(char *));
        map->u.map.v = gs_xrealloc(map->u.map.v,
                                   map->u.map.cap * sizeof(gs_value *));
    }
    map->u.map.keys[map->u.map.n] = gs_xstrdup(key);
    map->u.map.v[map->u.map.n] = child;
    map->u.map.n++;
    return child;
}

const gs_value *gs_map_lookup(const gs_value *map, const char *key)
{
    if (!map || map->kind != GS_V_MAP)
        return NULL;
    for (size_t i = 0; i < map->u.map.n; i++)
        if (strcmp(map->u.map.keys[i], key) == 0)
            return map->u.map.v[i];
    return NULL;
}

const gs_value *gs_list_lookup(const gs_value *list, size_t i)
{
    if (!list || list->kind != GS_V_LIST || i >= list->u.list.n)
        return NULL;
    return list->u.list.v[i];
}

size_t gs_value_path_head(const char *path, char *name, size_t cap)
{
    size_t i = 0;
    while (path[i] && path[i] != '.' && path[i] != '[') {
        if (i + 1 < cap)
            name[i] = path[i];
        i++;
    }
    if (cap)
        name[i < cap ? i : cap - 1] = '\0';
    return i;
}

const gs_value *gs_scope_head(const gs_scope *sc, const gs_value *root,
                              const char *path, const char **rest)
{
    char name[64];
    size_t i = gs_value_path_head(path, name, sizeof name);
    *rest = path + i;
    if (i >= sizeof name)
        return NULL;
    for (const gs_scope *s = sc; s; s = s->up)
        if (strcmp(s->name, name) == 0)
            return s->v;
    return gs_map_lookup(root, name);
}

const gs_value *gs_value_walk(const gs_value *v, const char *p, bool any_index)
{
    char name[64];
    while (v && *p) {
        if (*p == '.') {
            p++;
            size_t k = gs_value_path_head(p, name, sizeof name);
            if (k >= sizeof name)
                return NULL;
            p += k;
            v = gs_map_lookup(v, name);
        } else if (*p == '[') {
            char *end;
            long ix = strtol(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || ix < 0)
                return NULL;
            v = gs_list_lookup(v, any_index ? 0 : (size_t)ix);
            p = end + 1;
        } else {
            return NULL;
        }
    }
    return v;
}

bool gs_value_truthy(const gs_value *v)
{
    if (!v)
        return false;
    switch (v->kind) {
    case GS_V_NULL:
        return false;
    case GS_V_BOOL:
        return v->u.b;
    case GS_V_INT:
    case GS_V_FIXED2:
        return v->u.i != 0;
    case GS_V_RATIO:
        return v->u.ratio.num != 0;
    case GS_V_STR:
        return v->u.s[0] != '\0';
    case GS_V_LIST:
        return v->u.list.n > 0;
    case GS_V_MAP:
        return v->u.map.n > 0;
    }
    return false;
}
