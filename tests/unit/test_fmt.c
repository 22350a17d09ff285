/* Unit tests of lib/fmt: one rule per kind of number shown to a reader. */
#include <math.h>
#include <string.h>

#include "fmt.h"
#include "t.h"

#define IS(call, want)                                                                             \
	CHECK(strcmp((call), (want)) == 0, "%s is '%s' (got '%s')", #call, want, (call))

int main(void)
{
	char b[FMT_SIZE];
	IS(fmt_p(b, 0), "< 1e-16");
	IS(fmt_p(b, 4.5e-38), "< 1e-16");
	IS(fmt_p(b, 1e-16), "1.0e-16");
	IS(fmt_p(b, 3.2e-05), "3.2e-05");
	IS(fmt_p(b, 0.00099949), "1.0e-03");
	IS(fmt_p(b, 0.00139), "0.0014");
	IS(fmt_p(b, 0.0617), "0.062");
	IS(fmt_p(b, 0.708), "0.71");
	IS(fmt_p(b, 1), "1");
	IS(fmt_p(b, NAN), "n/a");
	IS(fmt_us(b, 411.6), "412");
	IS(fmt_us(b, 12), "12");
	IS(fmt_pct(b, 0.1283), "12.8%");
	IS(fmt_pct(b, 0), "0.0%");
	IS(fmt_pct(b, 1), "100.0%");
	IS(fmt_share(b, 0.14936), "14.94%");
	IS(fmt_share(b, 0.014321), "1.432%");
	IS(fmt_share(b, 0.0014321), "0.1432%");
	IS(fmt_share(b, 0.5), "50.00%");
	IS(fmt_share(b, 0), "0.00%");
	/* MovieLens 100K, ages 56+ and Film-Noir: 2.725% / 1.733% = 1.572, the lift
	 * 1.5727 printed; with three digits 2.73% / 1.73% would give 1.578 */
	IS(fmt_share(b, 0.027254509018036072), "2.725%");
	IS(fmt_share(b, 0.01733), "1.733%");
	IS(fmt_points(b, 0.02213), "+2.21");
	IS(fmt_points(b, -0.003), "-0.30");
	IS(fmt_points(b, -0.00001), "+0.00");
	IS(fmt_metric(b, 0.013149), "0.0131");
	IS(fmt_metric(b, 0.01315001), "0.0132");
	IS(fmt_metric_diff(b, 0.00091), "+0.0009");
	IS(fmt_metric_diff(b, -0.0040), "-0.0040");
	IS(fmt_metric_diff(b, -0.00001), "+0.0000");
	IS(fmt_cell(b, "p_holm", "3.2e-05"), "3.2e-05");
	IS(fmt_cell(b, "p", "0"), "< 1e-16");
	IS(fmt_cell(b, "srm_p", "0.5012"), "0.5");
	IS(fmt_cell(b, "p_wilcoxon", "nan"), "n/a");
	IS(fmt_cell(b, "p50_us", "411.5"), "412");
	IS(fmt_cell(b, "recall@10", "0.0703125"), "0.0703");
	IS(fmt_cell(b, "users", "943"), "943");
	IS(fmt_cell(b, "verdict", "B wins"), "B wins");
	IS(fmt_cell(b, "ci_lo", "nan"), "n/a");
	CHECK(fmt_has_ratio("recall@10") && fmt_has_ratio("ndcg@5") &&
		      !fmt_has_ratio("novelty@10") && !fmt_has_ratio("coverage@10") &&
		      !fmt_has_ratio("users") && !fmt_has_ratio("hits@10"),
	      "relative changes for ratio-scale metrics only");
	CHECK(fmt_is_p_column("p") && fmt_is_p_column("welch_p") &&
		      !fmt_is_p_column("precision@10") && !fmt_is_p_column("peak"),
	      "p-value columns by name");
	return t_done();
}
