# plots/learning.gp: learning curves of implicit ALS: Recall@10 and
# NDCG@10 on a validation split of the training set after each
# iteration.  in: out/learning/curve.tsv (iter, recall@10, ndcg@10)
H = 380
load ARG0[1:strlen(ARG0) - strlen("learning.gp")] . "common.gp"
set title "Implicit ALS per iteration, on a validation split of the training set (not the test set)"
set xlabel "iteration"
set ylabel "figure at 10"
set key bottom right
set xtics 1
plot in using "iter":"recall@10" with linespoints pt 7 lc rgb BAR lw 2 title "Recall@10", \
     in using "iter":"ndcg@10" with linespoints pt 5 lc rgb ACCENT lw 2 title "NDCG@10"
