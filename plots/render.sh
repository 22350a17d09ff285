#!/bin/sh
# plots/render.sh: draw the analytics charts, each as PNG and SVG.
#
#   plots/render.sh SEGDIR TIMEDIR CHARTDIR
#
# SEGDIR holds reel-segment's tables, TIMEDIR reel-timeplot's; CHARTDIR
# (created if missing) gets NAME.png and NAME.svg for each chart:
#   ratings     rating-dist.tsv      rating histogram
#   activity    activity.tsv         ratings per user, log scale
#   popularity  popularity.tsv       long tail, Lorenz curve, Gini
#   heatmap     occupation-lift.tsv  occupation x genre lift
#   hours       hours.tsv            hour of day, mean with 95 % CI
#   weekdays    weekdays.tsv         day of week, mean with 95 % CI
#   months      months.tsv           monthly series
#   days        days.tsv             daily series
# TIMEDIR "-" (data without timestamps) skips the four time charts; a
# table with no rows (occupation-lift.tsv without occupations or genres)
# skips its chart.  One chart alone: gnuplot -e "in='TABLE'; out='IMAGE'" plots/NAME.gp (an
# IMAGE ending in .svg is SVG, anything else PNG).  Each image is written
# under a temporary name and renamed into place.  Exit 0, 1 when gnuplot
# fails (its message and the chart are named), 2 on a usage error.
set -u
if [ $# -ne 3 ]; then
	echo "usage: plots/render.sh SEGDIR TIMEDIR CHARTDIR" >&2
	exit 2
fi
seg=$1 time=$2 charts=$3
here=$(dirname "$0")
mkdir -p "$charts" || exit 1
for spec in ratings:$seg/rating-dist.tsv activity:$seg/activity.tsv \
	popularity:$seg/popularity.tsv heatmap:$seg/occupation-lift.tsv hours:$time/hours.tsv \
	weekdays:$time/weekdays.tsv months:$time/months.tsv days:$time/days.tsv; do
	name=${spec%%:*} table=${spec#*:}
	case $table in -/*) continue ;; esac
	[ "$(head -n 2 "$table" 2>/dev/null | wc -l)" -ge 2 ] || [ ! -f "$table" ] || continue
	for ext in png svg; do
		tmp=$charts/$name.tmp.$$.$ext
		# gnuplot strings are in single quotes: a quote in a path would end them
		case $table$tmp in *\'*)
			echo "plots/render.sh: a path holds a single quote: $table" >&2
			exit 1 ;;
		esac
		if ! gnuplot -e "in='$table'; out='$tmp'" "$here/$name.gp"; then
			rm -f "$tmp"
			echo "plots/render.sh: gnuplot failed on $here/$name.gp ($table)" >&2
			exit 1
		fi
		mv -f "$tmp" "$charts/$name.$ext" || exit 1
	done
done
