# plots/rmse.gp: explicit ALS's RMSE on each of the five folds and their
# mean, beside the published figures on MovieLens 100K's folds (lines).
# in: out/explicit/rmse.tsv (fold, rmse, mae)
H = 380
load ARG0[1:strlen(ARG0) - strlen("rmse.gp")] . "common.gp"
set title "Explicit ALS: RMSE per fold (lower is better); dashed: published figures on ML-100K's folds"
set yrange [0.8:1.0]
set boxwidth 0.6
set xtics scale 0
set key top right
plot in using 0:"rmse":xtic(1) with boxes lc rgb BAR, \
     in using 0:"rmse":(sprintf("%.4f", column("rmse"))) with labels offset 0, 0.8 font ",10", \
     0.907 with lines dt 2 lc rgb ACCENT title "MyMediaLite SVD++ 0.907", \
     0.919 with lines dt 2 lc rgb "#228833" title "Surprise SVD++ 0.919"
