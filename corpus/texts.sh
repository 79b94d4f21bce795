#!/usr/bin/env bash
# Writes corpus/texts/: the `pdftotext -layout` and `pdftotext -raw` texts of four table
# pages of 24 real PDFs in ../shared/pdfs, one per producer or template (Excel, Word,
# WPS, iText, Aspose, PDFium, Acrobat, Distiller, Foxit, OFD, LibreOffice, PDF24, report
# engines), starting at the page of each one's first summary table (收支总表), and a few
# more pages of classes of table the text readers once misread (xian's 政府采购 tables,
# whose code groups stand among the names; yantai's 基本支出 table, whose header breaks
# every label over lines). Both
# converters, their options and the pages are fixed here, so the texts can be made again;
# tests/text_agreement.rs reads each text and compares its coded values with those read
# from the same pages of the PDF. Needs poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
pdfs=../shared/pdfs
if [ ! -d "$pdfs" ]; then
    echo "texts.sh: $pdfs is not here (the real PDFs live there); texts not written" >&2
    exit 0
fi
command -v pdftotext >/dev/null || { echo "texts.sh: needs pdftotext (apt-get install poppler-utils)" >&2; exit 1; }
# file                                                     first page
pages='
beijing-capital-greening-office-2026-dept-budget-tables    1
beijing-ecology-environment-bureau-2026-dept-budget-tables 1
beijing-economy-it-bureau-2026-dept-budget-tables          1
beijing-finance-bureau-2026-dept-budget-tables             1
central-state-bureau-letters-calls-2026-dept-budget        5
changchun-petition-bureau-2026-dept-budget                 6
changsha-petition-bureau-2026-dept-budget                  12
chongqing-planning-natural-resources-2026-dept-budget      11
foshan-rail-transit-bureau-2019-final                      5
fuzhou-police-civilian-staff-center-2026-unit-budget       7
hangzhou-justice-bureau-2026-dept-budget                   21
huzhou-transport-bureau-2026-dept-budget                   21
jiangsu-cppcc-office-2019-budget-tables                    1
jiangsu-party-committee-office-2019-dept-budget-tables     1
jiangsu-procuratorate-2019-dept-budget                     14
quanzhou-public-security-bureau-2026-dept-budget           10
shanghai-medical-insurance-center-2026-unit-budget         7
shanghai-putuo-social-work-dept-2024-final-accounts        5
shanghai-putuo-wanli-street-2025-dept-budget-TOOLPREVIEW   9
shenzhen-civil-affairs-bureau-2026-dept-budget             16
shenzhen-finance-bureau-2026-dept-budget                   16
suzhou-transport-bureau-2026-dept-budget                   8
xian-commerce-bureau-2022-dept-budget                      36
xian-transport-bureau-2022-dept-budget                     66
yantai-statistics-bureau-2026-dept-budget                  7
yantai-statistics-bureau-2026-dept-budget                  21
'
rm -f corpus/texts/*.txt
echo "$pages" | while read -r name first; do
    [ -n "$name" ] || continue
    last=$((first + 3))
    for mode in layout raw; do
        pdftotext -f "$first" -l "$last" "-$mode" "$pdfs/$name.pdf" "corpus/texts/$name.p$first-$last.$mode.txt"
    done
done
ls corpus/texts/*.txt | wc -l
