# Tests of reel-compare: the table against a baseline, relative changes
# only for metrics whose ratios mean something (lib/fmt.h: not novelty or
# coverage), Markdown figures by fmt_metric, bad input and usage.
. "$(dirname "$0")/../lib.sh"

printf 'users\t3\nrecall@10\t0.2\ncoverage@10\t0.25\nnovelty@10\t2.5\n' >a.tsv
printf 'users\t3\nrecall@10\t0.1\ncoverage@10\t0.05\nnovelty@10\t1.25\n' >pop.tsv
printf '0.5\n' >a.sec
printf '0.25\n' >pop.sec
check "TSV: changes against pop for recall only, not for counts, coverage or novelty" \
	"reel-compare a a.tsv a.sec pop pop.tsv pop.sec" \
"model	users	recall@10	coverage@10	novelty@10	train_seconds	recall@10_vs_pop
a	3	0.2	0.25	2.5	0.500	+100.0%
pop	3	0.1	0.05	1.25	0.250	+0.0%"
check "Markdown: four decimals, a change in parentheses only where a ratio means something" \
	"reel-compare --markdown md a a.tsv a.sec pop pop.tsv pop.sec >/dev/null && cat md" \
"| model | users | recall@10 | coverage@10 | novelty@10 | training s |
|---|---:|---:|---:|---:|---:|
| a | 3 | 0.2000 (+100.0%) | 0.2500 | 2.5000 | 0.500 |
| pop | 3 | 0.1000 | 0.0500 | 1.2500 | 0.250 |

Changes in parentheses are relative to \`pop\`: (model / pop - 1), with their sign."
printf 'users\t3\nrecall@10\t0.1\n' >short.tsv
table <<'EOF2'
1 | reel-compare: short.tsv: has 2 of the 4 metrics of the first model's file | reel-compare a a.tsv a.sec pop short.tsv pop.sec
2 | reel-compare: the baseline model 'pop' is not among the operands\nTry 'reel-compare --help' for more information. | reel-compare a a.tsv a.sec
2 | reel-compare: expected NAME METRICS SECONDS in threes, got 2 operands\nTry 'reel-compare --help' for more information. | reel-compare a a.tsv
EOF2
synopsis_matches compare
