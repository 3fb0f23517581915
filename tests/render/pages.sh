#!/bin/sh
# pages.sh - what a reader sees of a few rendered documents, as hashes: one
# SHA-256 per page of `pdftoppm -r 150` (anti-aliased; poppler's raster is
# the same from run to run) and one per document of `pdftotext` and
# `pdftotext -layout`.
#
#   tests/render/pages.sh GRANTSHEET OUT.txt
#
# Why: the renderer is rewritten for speed (issue 12) and must not move a
# pixel or change a character of extracted text.  tests/render/pages-150dpi.txt
# was written by this script with main's binary before the rewrite;
# tests/e2e/test_pixels.c runs it again on the current build and compares.
# A deliberate change of a template or of the layout changes these pages
# too: then regenerate the file with the binary of the last commit before
# the change and the one after, and check that only the expected lines
# differ.  GRANTSHEET_DATADIR must point at the checkout.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 GRANTSHEET OUT.txt" >&2; exit 2; }
bin=$1 out=$2
root=${GRANTSHEET_DATADIR:?set GRANTSHEET_DATADIR to the checkout}
work=$(mktemp -d /tmp/gs-pages-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

# name, then the grantsheet arguments that write $work/name
"$bin" render "$root/samples/nagaoka.xml" --document all -o "$work/nagaoka.pdf" 2>/dev/null
"$bin" render "$root/samples/nagaoka.xml" --sheet bessi1-1.xml -o "$work/bessi1-1.pdf" 2>/dev/null
"$bin" render "$root/samples/yuzawa.xml" -o "$work/yuzawa.pdf" 2>/dev/null
"$bin" render "$root/tests/e2e/long-description.xml" -o "$work/long-description.pdf" 2>/dev/null
"$bin" report "$root/samples/nagaoka-kouka.xml" "$root/samples/nagaoka-kanko.xml" \
    -o "$work/report.pdf" 2>/dev/null

: >"$out.tmp"
for pdf in nagaoka.pdf nagaoka-地域再生計画.pdf nagaoka-効果検証.pdf \
           nagaoka-活用状況.pdf bessi1-1.pdf yuzawa.pdf long-description.pdf \
           report.pdf; do
    base=${pdf%.pdf}
    pdftoppm -r 150 "$work/$pdf" "$work/$base-page"
    for ppm in "$work/$base-page"-*.ppm; do
        n=${ppm##*-}
        n=${n%.ppm}
        n=$(expr "$n" + 0)
        printf '%s page %s %s\n' "$pdf" "$n" "$(sha256sum <"$ppm" | cut -d' ' -f1)"
        rm -f "$ppm"
    done
    printf '%s text %s\n' "$pdf" "$(pdftotext "$work/$pdf" - | sha256sum | cut -d' ' -f1)"
    printf '%s layout %s\n' "$pdf" "$(pdftotext -layout "$work/$pdf" - | sha256sum | cut -d' ' -f1)"
done >>"$out.tmp"
mv "$out.tmp" "$out"
