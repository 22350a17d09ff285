#!/usr/bin/env python3
"""Reference figures for reel-abtest, computed without GSL or reel's code.

    abtest.py paired A B          paired design on per-user files A and B
    abtest.py split F SALT A B    split design, share F in arm B, salt SALT
    abtest.py binom N P ALPHA     acceptance region of a Binomial(N, P) count

Prints a TSV table with the same column names as reel-abtest (only the
columns computed here), one row per metric column (all but user and
relevant), so tests/tools/abtest.sh can compare them by name.

How each figure is computed (standard library only):
- t tails: the Student t density integrated with Simpson's rule; the
  infinite tail is mapped onto a finite interval by x = 1/u, where the
  integrand C u^(df-1) (u^2 + 1/df)^(-(df+1)/2) is smooth, so 4000
  panels give ~1e-12.  t quantiles by Newton's method on that tail.
- normal tails: math.erfc; normal quantiles by Newton's method on erfc.
- chi-square with 1 df: P(X > x) = erfc(sqrt(x / 2)).
- Wilcoxon signed-rank: the exact null by enumerating all 2^n sign
  patterns of ranks 1..n (no ties, no zero differences in the test data).
- the arm of a user: FNV-1a 64 of the salt, XOR the user id, splitmix64's
  finaliser, the top 53 bits as a fraction, B when below F.
- Holm: sort, multiply the j-th smallest by (m - j), running maximum, cap 1.
- users per arm: ceil(2 (z_0.975 + z_0.8)^2 sd^2 / delta^2), paired with
  sd_d^2 / 2 in place of sd^2, split with sd^2 = (sd_a^2 + sd_b^2) / 2.
- binomial region: exact sums of math.comb terms.
"""
import itertools
import math
import sys

M64 = (1 << 64) - 1


def t_pdf(x, df):
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    return c * (1 + x * x / df) ** (-(df + 1) / 2)


def simpson(f, a, b, n=4000):
    if b <= a:
        return 0.0
    h = (b - a) / n
    s = f(a) + f(b)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * f(a + i * h)
    return s * h / 3


def t_sf(t, df):
    """P(T > |t|)."""
    t = abs(t)
    g = lambda u: 0.0 if u == 0 else t_pdf(1 / u, df) / (u * u)
    if t >= 1:
        return simpson(g, 0, 1 / t)
    return simpson(lambda x: t_pdf(x, df), t, 1) + simpson(g, 0, 1)


def newton(sf, pdf, q, x):
    """x with sf(x) = q for a decreasing tail sf of density pdf."""
    for _ in range(50):
        step = (sf(x) - q) / pdf(x)
        x += step
        if abs(step) < 1e-13 * max(1.0, abs(x)):
            break
    return x


def z_upper(q):  # z with P(Z > z) = q
    return newton(lambda z: 0.5 * math.erfc(z / math.sqrt(2)),
                  lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi), q, 0.0)


def t_upper(q, df):  # q < 1/2
    return newton(lambda t: t_sf(t, df), lambda t: t_pdf(t, df), q, z_upper(q))


def read(path):
    with open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        rows = {}
        for line in f:
            fields = line.rstrip("\n").split("\t")
            rows[int(fields[0])] = [float(x) for x in fields[1:]]
    cols = [c for c in head[1:] if c != "relevant"]
    return head, rows, cols


def col(head, rows, name, users):
    j = head.index(name) - 1
    return [rows[u][j] for u in users]


def mean_sd(x):
    n = len(x)
    m = sum(x) / n
    return m, math.sqrt(sum((v - m) ** 2 for v in x) / (n - 1))


def holm(p):
    order = sorted(range(len(p)), key=lambda i: p[i])
    adj, run = [0.0] * len(p), 0.0
    for j, i in enumerate(order):
        run = max(run, min(1.0, (len(p) - j) * p[i]))
        adj[i] = run
    return adj


def wilcoxon(d):
    nz = [v for v in d if v != 0]
    n = len(nz)
    order = sorted(range(n), key=lambda i: abs(nz[i]))
    rank = [0] * n
    for k, i in enumerate(order):
        rank[i] = k + 1
    w = sum(rank[i] for i in range(n) if nz[i] > 0)
    mean, dev = n * (n + 1) / 4, abs(w - n * (n + 1) / 4)
    hits = sum(1 for s in itertools.product((0, 1), repeat=n)
               if abs(sum(k + 1 for k in range(n) if s[k]) - mean) >= dev - 1e-9)
    return min(1.0, hits / 2 ** n)


def needed(delta, var):
    z = z_upper(0.025) + z_upper(0.2)
    return math.ceil(2 * z * z * var / (delta * delta))


def arm(salt, user, split):
    h = 0xcbf29ce484222325
    for byte in salt.encode():
        h = ((h ^ byte) * 0x100000001b3) & M64
    x = h ^ user
    x ^= x >> 30
    x = (x * 0xbf58476d1ce4e5b9) & M64
    x ^= x >> 27
    x = (x * 0x94d049bb133111eb) & M64
    x ^= x >> 31
    return (x >> 11) * 2.0 ** -53 < split


def fmt(v):
    return repr(float(v)) if isinstance(v, float) else str(v)


def paired(pa, pb):
    ha, ra, cols = read(pa)
    hb, rb, _ = read(pb)
    users = sorted(ra)
    out, ps = [], []
    for c in cols:
        a, b = col(ha, ra, c, users), col(hb, rb, c, users)
        d = [y - x for x, y in zip(a, b)]
        n = len(d)
        m, sd = mean_sd(d)
        t = m / (sd / math.sqrt(n))
        half = t_upper(0.025, n - 1) * sd / math.sqrt(n)
        p = 2 * t_sf(t, n - 1)
        ps.append(p)
        ma = sum(a) / n
        out.append([c, n, n, m, m - half, m + half, t, p, wilcoxon(d), needed(0.05 * abs(ma), sd * sd / 2)])
    print("metric\tn_a\tn_b\tdiff\tci_lo\tci_hi\tt\tp\tp_wilcoxon\tn_mde\tp_holm")
    for row, adj in zip(out, holm(ps)):
        print("\t".join(fmt(v) for v in row + [adj]))


def split(f, salt, pa, pb):
    ha, ra, cols = read(pa)
    hb, rb, _ = read(pb)
    users = sorted(set(ra) | set(rb))
    in_b = [u for u in users if arm(salt, u, f) and u in rb]
    in_a = [u for u in users if not arm(salt, u, f) and u in ra]
    na, nb = len(in_a), len(in_b)
    total = na + nb
    x = sum((o - e) ** 2 / e for o, e in ((na, total * (1 - f)), (nb, total * f)))
    srm = math.erfc(math.sqrt(x / 2))
    out, ps = [], []
    for c in cols:
        ma, sa = mean_sd(col(ha, ra, c, in_a))
        mb, sb = mean_sd(col(hb, rb, c, in_b))
        va, vb = sa * sa / na, sb * sb / nb
        t = (mb - ma) / math.sqrt(va + vb)
        df = (va + vb) ** 2 / (va * va / (na - 1) + vb * vb / (nb - 1))
        half = t_upper(0.025, df) * math.sqrt(va + vb)
        p = 2 * t_sf(t, df)
        ps.append(p)
        out.append([c, na, nb, ma, mb, mb - ma, mb - ma - half, mb - ma + half, t, df, p, srm,
                    needed(0.05 * abs(ma), (sa * sa + sb * sb) / 2)])
    print("metric\tn_a\tn_b\tmean_a\tmean_b\tdiff\tci_lo\tci_hi\tt\tdf\tp\tsrm_p\tn_mde\tp_holm")
    for row, adj in zip(out, holm(ps)):
        print("\t".join(fmt(v) for v in row + [adj]))


def binom(n, p, alpha):
    cdf, acc = [], 0.0
    for k in range(n + 1):
        acc += math.comb(n, k) * p ** k * (1 - p) ** (n - k)
        cdf.append(acc)
    lo = next(k for k in range(n + 1) if cdf[k] > alpha / 2)
    hi = next(k for k in range(n + 1) if cdf[k] >= 1 - alpha / 2)
    print("lo\thi")
    print("%d\t%d" % (lo, hi))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "paired":
        paired(sys.argv[2], sys.argv[3])
    elif cmd == "split":
        split(float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        binom(int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]))
