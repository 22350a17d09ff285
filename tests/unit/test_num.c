/* Unit tests of lib/num: strict parsing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string.h>

#include "num.h"
#include "t.h"

int main(void)
{
	uint32_t u;
	uint64_t u64;
	int64_t i64;
	double d;

	CHECK(num_parse_u32("0", &u) == 0 && u == 0, "u32 zero");
	CHECK(num_parse_u32("4294967295", &u) == 0 && u == 4294967295u, "u32 max");
	CHECK(num_parse_u32("4294967296", &u) < 0, "u32 rejects 2^32");
	CHECK(num_parse_u32("", &u) < 0, "u32 rejects empty");
	CHECK(num_parse_u32("-1", &u) < 0, "u32 rejects negative");
	CHECK(num_parse_u32(" 1", &u) < 0, "u32 rejects leading space");
	CHECK(num_parse_u32("1 ", &u) < 0, "u32 rejects trailing space");
	CHECK(num_parse_u32("12a", &u) < 0, "u32 rejects junk");
	CHECK(num_parse_u32("+1", &u) < 0, "u32 rejects plus sign");
	CHECK(num_parse_u64("18446744073709551615", UINT64_MAX, &u64) == 0 && u64 == UINT64_MAX,
	      "u64 max");
	CHECK(num_parse_u64("18446744073709551616", UINT64_MAX, &u64) < 0, "u64 overflow");
	CHECK(num_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &i64) == 0 &&
		      i64 == INT64_MIN,
	      "i64 min");
	CHECK(num_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &i64) < 0, "i64 overflow");
	CHECK(num_parse_i64("5", 0, 4, &i64) < 0, "i64 range");

	CHECK(num_parse_double("3.5", -1e9, 1e9, &d) == 0 && d == 3.5, "double plain");
	CHECK(num_parse_double("0.1", -1e9, 1e9, &d) == 0 && d == 0.1,
	      "double 0.1 exact as strtod");
	CHECK(num_parse_double("-2", -1e9, 1e9, &d) == 0 && d == -2, "double negative");
	CHECK(num_parse_double("1e3", -1e9, 1e9, &d) == 0 && d == 1000, "double exponent");
	CHECK(num_parse_double("123456789.123456789", -1e9, 1e9, &d) == 0 &&
		      d == 123456789.123456789,
	      "double long mantissa via strtod");
	CHECK(num_parse_double("nan", -1e9, 1e9, &d) < 0, "double rejects nan");
	CHECK(num_parse_double("inf", -1e300, 1e300, &d) < 0, "double rejects inf");
	CHECK(num_parse_double("1e999", -1e300, 1e300, &d) < 0, "double rejects overflow");
	CHECK(num_parse_double("", 0, 1, &d) < 0, "double rejects empty");
	CHECK(num_parse_double(".", 0, 1, &d) < 0, "double rejects lone dot");
	CHECK(num_parse_double("4x", 0, 10, &d) < 0, "double rejects junk");
	CHECK(num_parse_double("0x4", 0, 10, &d) < 0, "double rejects hex");
	CHECK(num_parse_double("0X1p1", 0, 10, &d) < 0, "double rejects hex with exponent");
	CHECK(num_parse_double("1E1", 0, 100, &d) == 0 && d == 10, "double accepts upper-case E");
	CHECK(num_parse_double(" 4", 0, 10, &d) < 0, "double rejects leading space");
	CHECK(num_parse_double("11", 0, 10, &d) < 0, "double range");
	/* the fast path must agree with strtod on every short decimal */
	int agree = 1;
	char buf[32];
	for (int i = 0; i < 100000 && agree; i++) {
		snprintf(buf, sizeof buf, "%d.%03d", i / 7, (i * 37) % 1000);
		agree = num_parse_double(buf, -1e9, 1e9, &d) == 0 && d == strtod(buf, NULL);
	}
	CHECK(agree, "fast decimal path agrees with strtod on 100000 values");
	CHECK(strcmp(num_format_double(buf, 0.3), "0.3") == 0, "shortest text of 0.3");
	CHECK(strcmp(num_format_double(buf, 1.0 / 3), "0.3333333333333333") == 0,
	      "1/3 needs 16 digits");
	CHECK(strcmp(num_format_double(buf, 50), "50") == 0, "shortest text of 50");
	CHECK(strcmp(num_format_float(buf, 3.7f), "3.7") == 0, "a float's shortest text: 3.7");
	CHECK(strcmp(num_format_float(buf, 4.5f), "4.5") == 0, "a float's shortest text: 4.5");
	CHECK(strcmp(num_format_float(buf, 50.0f), "50") == 0, "a float's shortest text: 50");
	double tiny;
	CHECK(num_parse_double_tiny("1e-320", &tiny) == 0 && tiny > 0 && tiny < 1e-300,
	      "an underflowing decimal is a tiny number");
	CHECK(num_parse_double_tiny("1e400", &tiny) < 0, "an overflow is not");
	CHECK(num_parse_double_tiny("0x1p-1080", &tiny) < 0, "nor hex");
	CHECK(num_parse_double_tiny("0.25", &tiny) == 0 && tiny == 0.25, "a plain decimal is");
	return t_done();
}
