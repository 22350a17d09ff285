/*
 * Regression tests of the faults found by the hardening work (issue 8:
 * fuzzing, sanitizers, malformed inputs): each check names what was wrong.
 * docs/TESTING.md lists the findings.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "model.h"
#include "t.h"

static char dir[] = "/tmp/reel-hardening.XXXXXX";
static char path[256];

static const char *at(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* A 2 x 3 explicit model with k = 2, values all finite. */
static struct model *small_model(void)
{
	uint32_t users[2] = {1, 2}, items[3] = {10, 20, 30};
	struct model *mo = model_new(BIN_ALS_EXPLICIT, 2, 3, 2, users, items, 1);
	for (int i = 0; i < 4; i++)
		mo->X[i] = 0.5f * (float)i;
	for (int i = 0; i < 6; i++)
		mo->Y[i] = -0.25f * (float)i;
	mo->mean = 3.5;
	return mo;
}

/* model_read() once took NaN and infinite factors, biases and means: every
 * score touching them was NaN, and top-K lists came out in no defined
 * order.  Now each is "corrupt model". */
static void test_model_finite(void)
{
	struct model *mo = small_model();
	CHECK(model_write(mo, at("ok.bin")) == 0, "write a finite model");
	struct model *back = model_read(at("ok.bin"), 0);
	CHECK(back != NULL, "a finite model reads back");
	model_free(back);

	struct {
		const char *name;
		float *where;
		float value;
	} cases[] = {
		{"x-nan.bin", &mo->X[3], NAN},
		{"y-inf.bin", &mo->Y[0], INFINITY},
		{"ub-nan.bin", &mo->user_bias[1], NAN},
		{"ib-inf.bin", &mo->item_bias[2], -INFINITY},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		float saved = *cases[c].where;
		*cases[c].where = cases[c].value;
		model_write(mo, at(cases[c].name));
		*cases[c].where = saved;
		back = model_read(at(cases[c].name), 0);
		CHECK(back == NULL, "model_read refuses %s", cases[c].name);
		model_free(back);
	}
	mo->mean = NAN;
	model_write(mo, at("mean-nan.bin"));
	back = model_read(at("mean-nan.bin"), 0);
	CHECK(back == NULL, "model_read refuses a NaN mean");
	model_free(back);
	model_free(mo);
}

int main(void)
{
	err_init("test_hardening");
	if (!mkdtemp(dir))
		return 1;
	/* messages from the error cases are expected: keep them off the log */
	if (!freopen("/dev/null", "w", stderr))
		return 1;
	test_model_finite();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return t_done();
}
