/*
 * fmt: how a number is shown to a reader (sentences, Markdown tables, the
 * report), one function per rule, so that a quantity reads the same
 * wherever it is printed.  Data files keep the round-trip form of
 * num_format_double(); these are for text meant to be read.
 *
 * Every function writes into buf (at least FMT_SIZE bytes) and returns
 * buf; NaN shows as "n/a".  The rules:
 *   fmt_p       a p-value: "< 1e-16" below 1e-16 (beyond what a double's
 *               tail computations resolve), two significant digits in
 *               scientific form below 0.001 ("3.2e-05"), else two
 *               significant digits ("0.0014", "0.71", "1")
 *   fmt_us      a latency in microseconds, whole ("412")
 *   fmt_pct     a share as a percentage with one decimal ("12.8%")
 *   fmt_share   a share compared with another, as a percentage with four
 *               significant digits ("14.94%", "1.733%"), so that the ratio
 *               of two printed shares gives the printed two-decimal ratio
 *   fmt_points  a difference of two shares in percentage points, signed,
 *               with two decimals ("+2.21")
 *   fmt_metric  a ranking or rating metric (recall, NDCG, RMSE...): four
 *               decimals ("0.0132"); the same value always prints the same
 *   fmt_metric_diff  a difference of two metrics: the same, signed ("+0.0009")
 *   fmt_cell    a cell of a table for reading, by its column's name:
 *               fmt_p for p-value columns (p, p_*, *_p), fmt_us for *_us,
 *               whole numbers as they are, other numbers by fmt_metric;
 *               text that is not a number is returned as it is (text itself)
 */
#ifndef REEL_FMT_H
#define REEL_FMT_H

#define FMT_SIZE 48

char *fmt_p(char *buf, double p);
char *fmt_us(char *buf, double us);
char *fmt_pct(char *buf, double share);
char *fmt_share(char *buf, double share);
char *fmt_points(char *buf, double diff);
char *fmt_metric(char *buf, double v);
char *fmt_metric_diff(char *buf, double d);
/* 1 when a relative change (b / a - 1) of the metric means something: not
 * for novelty (bits, an interval scale), coverage (already a share of the
 * catalogue, whose ratios mislead) or counts (users, relevant, hits). */
int fmt_has_ratio(const char *metric);
/* 1 when a column of that name holds p-values. */
int fmt_is_p_column(const char *column);
const char *fmt_cell(char *buf, const char *column, const char *text);

#endif
