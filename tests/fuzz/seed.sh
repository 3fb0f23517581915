#!/bin/sh
# seed.sh - (re)makes the seeds of tests/fuzz/corpus/ that come from the
# samples, so that when a sample or a fixture changes the fuzzers start from
# the new one.  Run from the top of the tree with the built program:
#
#   tests/fuzz/seed.sh build/grantsheet
#
# Files named sample-*, e2e-*, csv-* and pdf-* are rewritten; hand-made seeds
# (hand-*) and the inputs of past findings (crash-*, timeout-*, leak-*) are
# left alone: those guard fixed bugs and must stay.  Every seed is small (the
# whole corpus stays well under 2 MB; rendered PDFs are the largest).
set -eu
gs=${1:?usage: tests/fuzz/seed.sh build/grantsheet}
c=tests/fuzz/corpus
mkdir -p $c/xml $c/render $c/csv $c/pdf $c/notation
export GRANTSHEET_DATADIR="$PWD"

for f in samples/*.xml; do
    cp "$f" $c/xml/sample-"$(basename "$f")"
    cp "$f" $c/render/sample-"$(basename "$f")"
done
for f in tests/e2e/*.xml; do
    cp "$f" $c/xml/e2e-"$(basename "$f")"
done
# render: the plans that render (the pipeline goes all the way) and one that
# is refused at each stage (schema, rules, glyphs)
for f in facility-heavy five-year-long long-description soft-facility-funding \
         multi-error glyphs; do
    cp tests/e2e/$f.xml $c/render/e2e-$f.xml
done

for f in samples/csv/*.csv; do
    cp "$f" $c/csv/csv-"$(basename "$f")"
done
for f in samples/csv/cp932/*.csv; do
    cp "$f" $c/csv/csv-cp932-"$(basename "$f")"
done
for f in tests/input/csv/*.csv; do
    cp "$f" $c/csv/csv-input-"$(basename "$f")"
done

# pdf: the whole document, one small sheet, and the small sheet as other
# programs re-save it (object streams; uncompressed QDF), and without the
# attachment
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
"$gs" render samples/nagaoka.xml -o $c/pdf/pdf-nagaoka.pdf
"$gs" render samples/nagaoka.xml --sheet sheet04-theme.xml -o $t/sheet.pdf
cp $t/sheet.pdf $c/pdf/pdf-sheet04.pdf
qpdf --object-streams=generate $t/sheet.pdf $c/pdf/pdf-sheet04-objstm.pdf
qpdf --qdf --object-streams=disable $t/sheet.pdf $c/pdf/pdf-sheet04-qdf.pdf
qpdf --remove-attachment=grantsheet-data.tsv $t/sheet.pdf $c/pdf/pdf-sheet04-none.pdf
du -sh $c
