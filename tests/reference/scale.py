#!/usr/bin/python3
# Reference values for tests/unit/test_scale.c: the power-law fit
# y = a x^b by ordinary least squares on natural logarithms, computed with
# numpy and the textbook formulas (no GSL):
#   b = Sxy / Sxx, log a = mean(ly) - b mean(lx), s^2 = SSE / (n - 2),
#   se(b) = sqrt(s^2 / Sxx), 95 % interval b +- t(0.975, n - 2) se(b),
#   mean prediction at x0: se = sqrt(s^2 (1/n + (lx0 - mean lx)^2 / Sxx)).
# t(0.975, 3) = 3.182446305284263 (tables; also Newton on the t tail of
# tests/reference/abtest.py).
import numpy as np
x = np.array([1.0, 2, 4, 8, 16]); y = np.array([2.0, 4.3, 7.9, 17.2, 31.0])
lx, ly = np.log(x), np.log(y); n = len(x)
sxx = ((lx - lx.mean()) ** 2).sum(); sxy = ((lx - lx.mean()) * (ly - ly.mean())).sum()
b = sxy / sxx; la = ly.mean() - b * lx.mean()
sse = ((ly - la - b * lx) ** 2).sum(); s2 = sse / (n - 2); se = np.sqrt(s2 / sxx)
t = 3.182446305284263
r2 = 1 - sse / ((ly - ly.mean()) ** 2).sum()
print("a %.15g b %.15g se %.15g lo %.15g hi %.15g r2 %.15g" % (np.exp(la), b, se, b - t * se, b + t * se, r2))
x0 = 100.0; m = la + b * np.log(x0); sm = np.sqrt(s2 * (1 / n + (np.log(x0) - lx.mean()) ** 2 / sxx))
print("at 100: %.15g lo %.15g hi %.15g" % (np.exp(m), np.exp(m - t * sm), np.exp(m + t * sm)))
# the linear fit y = c0 + c1 x of the same points
sxx = ((x - x.mean()) ** 2).sum(); c1 = ((x - x.mean()) * (y - y.mean())).sum() / sxx
c0 = y.mean() - c1 * x.mean(); sse = ((y - c0 - c1 * x) ** 2).sum()
print("linear c0 %.15g c1 %.15g se %.15g" % (c0, c1, np.sqrt(sse / (n - 2) / sxx)))
