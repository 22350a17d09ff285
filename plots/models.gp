# plots/models.gp: every model's Recall@K and NDCG@K side by side, each
# with its 95 % interval over the test users.  in: scripts/model-ci.sh's
# table (model, users, recall, recall_lo, recall_hi, ndcg, ndcg_lo, ndcg_hi)
H = 420
load ARG0[1:strlen(ARG0) - strlen("models.gp")] . "common.gp"
stats in using 3 nooutput
n = STATS_records
set multiplot layout 1, 2 title "The models on the same test users (bars: mean; whiskers: 95 % interval)"
set xrange [-0.6:n - 0.4]
set yrange [0:*]
set xtics rotate by -30 scale 0
set boxwidth 0.6
set title "Recall@10"
plot in using 0:"recall":xtic(1) with boxes lc rgb BAR, \
     in using 0:"recall":"recall_lo":"recall_hi" with yerrorbars lc rgb "black" pt -1
set title "NDCG@10"
plot in using 0:"ndcg":xtic(1) with boxes lc rgb ACCENT, \
     in using 0:"ndcg":"ndcg_lo":"ndcg_hi" with yerrorbars lc rgb "black" pt -1
unset multiplot
