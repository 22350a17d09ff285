# Reference figures of MovieLens 100K for tests/tools/segment.sh, timeplot.sh
# and insights.sh, computed from the raw files (u.data, u.user, u.item) without
# reel: plain Python, per-user cluster sums summed directly, Student's t tail
# from the regularised incomplete beta function (continued fraction), Holm's
# adjustment written out.  Usage: python3 tests/reference/analytics.py ML100K_DIR
import math, os, sys, time, collections

D = sys.argv[1]

def betacf(a, b, x):
    # Lentz's continued fraction for the incomplete beta (Numerical Recipes 6.4)
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny); h = d
    for m in range(1, 10000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
        d = 1 + aa * d; d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c; c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
        d = 1 + aa * d; d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c; c = c if abs(c) > tiny else tiny
        delta = d * c; h *= delta
        if abs(delta - 1) < 1e-15: break
    return h

def ibeta(a, b, x):
    if x <= 0: return 0.0
    if x >= 1: return 1.0
    lb = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x)
    if x < (a + 1) / (a + b + 2): return math.exp(lb) * betacf(a, b, x) / a
    return 1 - math.exp(lb) * betacf(b, a, 1 - x) / b

def t_two_sided(t, df):
    return ibeta(df / 2, 0.5, df / (df + t * t))

def t_quantile(q, df):
    # the t with two-sided tail 2q, by bisection on the tail
    lo, hi = 0.0, 1e3
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_two_sided(mid, df) > 2 * q: lo = mid
        else: hi = mid
    return (lo + hi) / 2

users = {}
for line in open(os.path.join(D, 'u.user'), encoding='latin-1'):
    u, age, g, occ, z = line.rstrip('\n').split('|'); users[u] = (int(age), g, occ)
genre_names = [l.split('|')[0] for l in open(os.path.join(D, 'u.genre')) if l.strip()]
items = {}
for line in open(os.path.join(D, 'u.item'), encoding='latin-1'):
    f = line.rstrip('\n').split('|')
    items[f[0]] = [genre_names[k] for k, flag in enumerate(f[5:]) if flag == '1']
R = [l.split('\t') for l in open(os.path.join(D, 'u.data'))]
N = len(R)
n_u = collections.Counter(r[0] for r in R)
n_i = collections.Counter(r[1] for r in R)
k_ug = collections.defaultdict(collections.Counter)
for r in R:
    for g in items[r[1]]: k_ug[r[0]][g] += 1
print('ratings', N, 'users', len(users), 'items', len(items))
counts = sorted(n_i.get(i, 0) for i in items)
n = len(counts)
gini = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(counts)) / (n * sum(counts))
top = -(-n // 10)
print('gini %.15f top_items %d top_share %.15f' % (gini, top, sum(sorted(counts, reverse=True)[:top]) / N))
act = collections.Counter('cold-start' if n_u[u] < 20 else 'light' if n_u[u] < 50 else
                          'active' if n_u[u] < 200 else 'power' for u in users)
print('activity', dict(act))
print('ratings by value', sorted(collections.Counter(r[2] for r in R).items()))

def agebin(a):
    for lo, lab in [(56, '56+'), (50, '50-55'), (45, '45-49'), (35, '35-44'), (25, '25-34'), (18, '18-24')]:
        if a >= lo: return lab
    return '1-17'
def actbin(u): return 'cold-start' if n_u[u] < 20 else 'light' if n_u[u] < 50 else 'active' if n_u[u] < 200 else 'power'
segs = [('gender', s, lambda u, s=s: users[u][1] == s) for s in 'FM']
segs += [('age', s, lambda u, s=s: agebin(users[u][0]) == s) for s in ['1-17', '18-24', '25-34', '35-44', '45-49', '50-55', '56+']]
segs += [('occupation', s, lambda u, s=s: users[u][2] == s) for s in sorted({v[2] for v in users.values()})]
segs += [('activity', s, lambda u, s=s: actbin(u) == s) for s in ['cold-start', 'light', 'active', 'power']]
all_k = collections.Counter(g for r in R for g in items[r[1]])
rows = []
for dim, seg, inseg in segs:
    S = [u for u in users if inseg(u) and n_u[u] > 0]
    O = [u for u in users if not inseg(u) and n_u[u] > 0]
    for g in sorted(genre_names):
        nS = sum(n_u[u] for u in S); nO = sum(n_u[u] for u in O)
        kS = sum(k_ug[u][g] for u in S); kO = sum(k_ug[u][g] for u in O)
        lift = (kS / nS) / (all_k[g] / N) if nS and all_k[g] else float('nan')
        p = t = diff = lo = hi = float('nan')
        if len(S) >= 2 and len(O) >= 2:
            rS, rO = kS / nS, kO / nO
            e = [(k_ug[u][g] - rS * n_u[u]) / nS for u in S] + [-(k_ug[u][g] - rO * n_u[u]) / nO for u in O]
            G = len(e); V = G / (G - 1) * sum(x * x for x in e)
            if V > 0:
                diff = rS - rO
                t = diff / math.sqrt(V); p = t_two_sided(t, G - 1)
                half = t_quantile(0.025, G - 1) * math.sqrt(V)
                lo, hi = diff - half, diff + half
        rows.append([dim, seg, g, len(S), nS, kS, lift, t, p, diff, lo, hi])
# the family: tests that can qualify (segments of 20 raters or more, not the placeholder genre)
family = sorted((r[8], i) for i, r in enumerate(rows) if not math.isnan(r[8]) and r[3] >= 20 and r[2] != 'unknown')
excluded = sum(1 for r in rows if not math.isnan(r[8])) - len(family)
m = len(family); run = 0
holm = [float('nan')] * len(rows)
for j, (p, i) in enumerate(family):
    run = max(run, min(1, (m - j) * p)); holm[i] = run
print('tests', m, 'excluded', excluded)
prefers = [r + [holm[i]] for i, r in enumerate(rows) if r[6] >= 1.1 and r[9] >= 0.01 and holm[i] < 0.01 and r[3] >= 20]
print('preferences', len(prefers), ' '.join('%s/%s/%s' % tuple(r[:3]) for r in prefers))
for i, r in enumerate(rows):
    if (r[1], r[2]) in [('engineer', 'Sci-Fi'), ('student', 'Comedy'), ('F', 'Romance'), ('power', 'Fantasy')]:
        print('%s %s %s users %d ratings %d genre_ratings %d lift %.15f t %.12f p %.12g diff %.12f lo %.12f hi %.12f p_holm %.12g' % tuple(r + [holm[i]]))

for zone in ['UTC', 'America/New_York']:
    os.environ['TZ'] = zone; time.tzset()
    hours = collections.Counter(); sums = collections.defaultdict(lambda: [0, 0, 0, 0])
    for u, i, v, ts in R:
        tm = time.localtime(int(ts)); hours[tm.tm_hour] += 1
        s = sums[u]
        if tm.tm_wday >= 5: s[0] += int(v); s[1] += 1
        else: s[2] += int(v); s[3] += 1
    peak = max(range(24), key=lambda h: (hours[h], -h))
    Y1 = sum(s[0] for s in sums.values()); N1 = sum(s[1] for s in sums.values())
    Y0 = sum(s[2] for s in sums.values()); N0 = sum(s[3] for s in sums.values())
    r1, r0 = Y1 / N1, Y0 / N0
    e = [(s[0] - r1 * s[1]) / N1 - (s[2] - r0 * s[3]) / N0 for s in sums.values()]
    G = len(e); V = G / (G - 1) * sum(x * x for x in e); t = (r1 - r0) / math.sqrt(V)
    print('%s peak %d (%d) hour20 %d weekend %d mean %.15f weekday %d mean %.15f diff %.15f t %.12f p %.12g'
          % (zone, peak, hours[peak], hours[20], N1, r1, N0, r0, r1 - r0, t, t_two_sided(t, G - 1)))
    # within-user: each user's own weekend mean minus own weekday mean
    d = [s[0] / s[1] - s[2] / s[3] for s in sums.values() if s[1] and s[3]]
    print('%s users rating on both %d, mean of their own weekend - weekday means %.4f' % (zone, len(d), sum(d) / len(d)))

# Each user's local time from the zip code: the prefix table scripts/zip3-zones.tsv (read here
# as plain data), UTC for users without a usable zip; Python's zoneinfo, not the C library.
from zoneinfo import ZoneInfo
import datetime
table = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'share', 'zip3-zones.tsv')
prefix = {}
for line in open(table):
    if line.startswith('#') or line.startswith('first\t'): continue
    a, b, st, zone = line.rstrip('\n').split('\t')
    for q in range(int(a), int(b) + 1): prefix[q] = zone
zips = {}
for line in open(os.path.join(D, 'u.user'), encoding='latin-1'):
    u, age, g, occ, z = line.rstrip('\n').split('|'); zips[u] = z
def zone_of(u):
    z = zips[u]
    return prefix.get(int(z[:3]), 'UTC') if len(z) == 5 and z.isdigit() else 'UTC'
zinfo = {z: ZoneInfo(z) for z in set(zone_of(u) for u in zips)}
hours = collections.Counter(); sums = collections.defaultdict(lambda: [0, 0, 0, 0])
for u, i, v, ts in R:
    tm = datetime.datetime.fromtimestamp(int(ts), zinfo[zone_of(u)])
    hours[tm.hour] += 1
    s = sums[u]
    if tm.weekday() >= 5: s[0] += int(v); s[1] += 1
    else: s[2] += int(v); s[3] += 1
peak = max(range(24), key=lambda h: (hours[h], -h))
Y1 = sum(s[0] for s in sums.values()); N1 = sum(s[1] for s in sums.values())
Y0 = sum(s[2] for s in sums.values()); N0 = sum(s[3] for s in sums.values())
r1, r0 = Y1 / N1, Y0 / N0
e = [(s[0] - r1 * s[1]) / N1 - (s[2] - r0 * s[3]) / N0 for s in sums.values()]
G = len(e); V = G / (G - 1) * sum(x * x for x in e); t = (r1 - r0) / math.sqrt(V)
print('local: zip users %d, fallback %d' % (sum(1 for u in zips if zone_of(u) != 'UTC'), sum(1 for u in zips if zone_of(u) == 'UTC')))
print('local peak %d (%d) hour20 %d weekend %d mean %.15f weekday %d mean %.15f diff %.15f t %.12f p %.12g'
      % (peak, hours[peak], hours[20], N1, r1, N0, r0, r1 - r0, t, t_two_sided(t, G - 1)))
for label, zoned in [('UTC', False), ('local', True)]:
    if zoned: ss = sums
    else:
        ss = collections.defaultdict(lambda: [0, 0, 0, 0])
        for u, i, v, ts in R:
            s = ss[u]; wd = datetime.datetime.utcfromtimestamp(int(ts)).weekday()
            if wd >= 5: s[0] += int(v); s[1] += 1
            else: s[2] += int(v); s[3] += 1
    d = [s[0] / s[1] - s[2] / s[3] for s in ss.values() if s[1] and s[3]]
    n = len(d); m = sum(d) / n; sd = math.sqrt(sum((x - m) ** 2 for x in d) / (n - 1))
    tw = m / (sd / math.sqrt(n)); half = t_quantile(0.025, n - 1) * sd / math.sqrt(n)
    print('%s within users %d mean %.12f ci %.12f %.12f t %.12f p %.12g' % (label, n, m, m - half, m + half, tw, t_two_sided(tw, n - 1)))
