/*
 * chart: charts drawn by gnuplot from reel's scripts in plots/, for the
 * tools that draw their own (reel-loadtest, reel-scalesim); the pipeline's
 * charts run gnuplot from pipeline.mk.
 *
 * A script is looked for in $REEL_PLOTS, else in ../plots beside the
 * running executable (the source tree), else in ../share/reel/plots (where
 * make install puts them).  gnuplot runs with /dev/null for input and
 * output (its errors reach stderr) and at most 300 s.
 */
#ifndef REEL_CHART_H
#define REEL_CHART_H

/* Run gnuplot on plots/SCRIPT with the given "-e" assignments (e.g.
 * "data='h.tsv'; out='lat'").  Returns 0, or -1 after a message (no
 * gnuplot, no script, gnuplot failed or ran too long). */
int chart_gnuplot(const char *script, const char *assignments);

#endif
