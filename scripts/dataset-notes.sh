#!/bin/sh
# dataset-notes.sh DATASET USERS GENRES TIMES FOLDS BPMF [CHECKSUM_FILE]: the
# report's section on what the data set has and what the pipeline left
# out because of it, as Markdown on stdout.  USERS, GENRES, TIMES, FOLDS
# are "yes" or the reason there are none; CHECKSUM_FILE is what
# fetch-movielens.sh (or fetch-ml100k.sh) checked.
set -eu
dataset=$1 users=$2 genres=$3 times=$4 folds=$5 bpmf=$6 sum=${7:-}
echo "## The data set and what it allows"
echo
echo "Data set **$dataset**."
[ -z "$sum" ] || [ ! -f "$sum" ] || echo "Checksum: $(cat "$sum")."
echo
if [ "$users" = yes ]; then
	echo "- Demographics: yes; users are segmented by gender, age, occupation and activity."
else
	echo "- Demographics: none ($users): no segments by gender, age or occupation, no occupation x genre heatmap; users are segmented by activity only."
fi
if [ "$genres" = yes ]; then
	echo "- Genres: yes; the genre baseline is trained and genre lifts are tested."
else
	echo "- Genres: none ($genres): no genre baseline, no genre lift."
fi
if [ "$times" = yes ]; then
	echo "- Timestamps: yes; time patterns by hour, weekday, month and day."
else
	echo "- Timestamps: none ($times): no time split, no time patterns and no insights drawn from them."
fi
if [ "$bpmf" = yes ]; then
	echo "- BPMF: yes; scored on the same folds as explicit ALS."
else
	echo "- BPMF: skipped ($bpmf): its Gibbs sampler takes about 20 minutes of two cores a fold at 20 million training ratings (BPMF=yes runs it)."
fi
if [ "$folds" = yes ]; then
	echo "- Official folds: yes; explicit ALS is scored on MovieLens 100K's u1..u5 and compared with published figures."
else
	echo "- Official folds: none ($folds): explicit ALS is trained on the main training split and its RMSE measured on the main test split; no published figures to compare with."
fi
