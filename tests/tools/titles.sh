# Tests of reel-titles: titles appended by item id, blank lines kept, bad input.
. "$(dirname "$0")/../lib.sh"

printf 'item\ttitle\tyear\tgenres\n5\tFive (1995)\t1995\tDrama\n7\tSeven, The\t\t\n' >items.tsv
check "RECS lines get the title of their item" \
	"printf '1\t7\t1\t0.5\n1\t5\t2\t0.25\n' | reel-titles --items items.tsv" \
	"1	7	1	0.5	Seven, The
1	5	2	0.25	Five (1995)"
check "another column, and the blank line of a --serve answer kept" \
	"printf '5\tx\n\n7\ty\n' | reel-titles --items items.tsv --column 1" \
	"5	x	Five (1995)

7	y	Seven, The"
synopsis_matches titles
printf '1\t9\t1\t0.5\n' >unknown.tsv
printf '1\n' >short.tsv
table <<'EOF'
1 | reel-titles: unknown.tsv:1: item 9 is not in items.tsv | reel-titles --items items.tsv unknown.tsv
1 | reel-titles: short.tsv:1: missing item id (field 2) | reel-titles --items items.tsv short.tsv
2 | reel-titles: missing --items ITEMS\nTry 'reel-titles --help' for more information. | reel-titles short.tsv
EOF
