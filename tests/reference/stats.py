# Reference values for tests/unit/test_stats.c, computed without GSL.
import math, itertools
def t_pdf(x, df): return math.exp(math.lgamma((df+1)/2) - math.lgamma(df/2)) / math.sqrt(df*math.pi) * (1 + x*x/df) ** (-(df+1)/2)
def t_sf(t, df, upper=200.0, n=400000):
    # integral from |t| to upper of the density (Simpson), plus the tail beyond upper (negligible for these df)
    a, b = abs(t), upper; h = (b - a) / n
    s = t_pdf(a, df) + t_pdf(b, df)
    for i in range(1, n): s += (4 if i % 2 else 2) * t_pdf(a + i*h, df)
    return s * h / 3
# Welch
m1, s1, n1, m2, s2, n2 = 5.0, 2.0, 10, 3.0, 3.0, 12
va, vb = s1*s1/n1, s2*s2/n2
t = (m1-m2)/math.sqrt(va+vb); df = (va+vb)**2/(va*va/(n1-1)+vb*vb/(n2-1))
print("welch t %.12f df %.12f p %.10f" % (t, df, 2*t_sf(t, df)))
# paired t on d
d = [0.5, -0.2, 1.1, 0.3, 0.8, -0.4, 0.9, 0.25]
n = len(d); m = sum(d)/n; sd = math.sqrt(sum((x-m)**2 for x in d)/(n-1)); t = m/(sd/math.sqrt(n))
print("paired t %.12f p %.10f" % (t, 2*t_sf(t, n-1)))
# Wilcoxon exact by enumeration (no ties, no zeros)
ranks = sorted(range(n), key=lambda i: abs(d[i])); r = [0]*n
for k, i in enumerate(ranks): r[i] = k+1
W = sum(r[i] for i in range(n) if d[i] > 0); mean = n*(n+1)/4; dev = abs(W-mean)
cnt = 0
for signs in itertools.product([0,1], repeat=n):
    w = sum(k+1 for k in range(n) if signs[k])
    if abs(w-mean) >= dev - 1e-9: cnt += 1
print("wilcoxon W %g p %.10f" % (W, cnt / 2**n))
# two proportions
k1,n1,k2,n2 = 45,100,30,90
p1,p2,pool = k1/n1,k2/n2,(k1+k2)/(n1+n2); z=(p1-p2)/math.sqrt(pool*(1-pool)*(1/n1+1/n2))
print("z %.12f p %.12f" % (z, math.erfc(abs(z)/math.sqrt(2))))
# chi-square gof 1 df: p = erfc(sqrt(x/2))
o=[520,480]; e=[500,500]; x=sum((a-b)**2/b for a,b in zip(o,e))
print("chisq %.12f p %.12f" % (x, math.erfc(math.sqrt(x/2))))
# exact two-sided binomial test (the minimum-likelihood rule of R's binom.test), exact integers
def binom_test(k, n, p):
    pdf = [math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, sum(x for x in pdf if x <= pdf[k] * (1 + 1e-7)))
for k, n, p in [(3, 10, 0.5), (0, 10, 0.15), (121, 943, 0.15), (0, 943, 0.15)]:
    print("binomial %d of %d against %g: p %.12g" % (k, n, p, binom_test(k, n, p)))
