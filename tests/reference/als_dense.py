# Independent dense reference of implicit ALS (Hu, Koren, Volinsky 2008), used to
# cross-check reel-train-als (docs/ALS.md).  Needs numpy (Debian: python3-numpy); not run
# by make check.  Usage: als_dense.py TRAIN TEST REG ALPHA FACTORS ITERS [SEED [INIT_SCALE]]
# (INIT_SCALE: standard deviation of the initial factors, by default reel's 0.1 sqrt(REG / items))
import sys, numpy as np
tr, te, reg, alpha, k, iters = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
T = np.loadtxt(tr, dtype=np.int64)
users = np.unique(T[:,0]); items = np.unique(T[:,1])
ui = {u:i for i,u in enumerate(users)}; ii = {v:i for i,v in enumerate(items)}
m, n = len(users), len(items)
seed = int(sys.argv[7]) if len(sys.argv) > 7 else 0
scale = float(sys.argv[8]) if len(sys.argv) > 8 else 0.1 * np.sqrt(reg / n)
R = np.zeros((m, n)); 
for u,i,r,_ in T: R[ui[u], ii[i]] = r
P = (R > 0).astype(float); C = 1 + alpha * R
rng = np.random.default_rng(seed)
X = rng.normal(0, scale, (m, k)); Y = rng.normal(0, scale, (n, k))
def half(F, Cm, Pm):
    G = F.T @ F + reg * np.eye(k)
    out = np.empty((Cm.shape[0], k))
    for u in range(Cm.shape[0]):
        obs = np.nonzero(Pm[u])[0]
        Fo = F[obs]; c = Cm[u, obs]
        A = G + (Fo.T * (c - 1)) @ Fo
        b = (Fo.T * c).sum(axis=1)
        out[u] = np.linalg.solve(A, b)
    return out
for it in range(iters):
    X = half(Y, C, P); Y = half(X, C.T, P.T)
    S = X @ Y.T
    loss = (C * (P - S)**2).sum() + reg * ((X**2).sum() + (Y**2).sum())
    print("iter", it + 1, "loss %.6e" % loss, flush=True)
E = np.loadtxt(te, dtype=np.int64)
test = {}
for u,i,r,_ in E: test.setdefault(u, set()).add(i)
S = X @ Y.T; S[P > 0] = -np.inf
rec = 0.0
for u, its in test.items():
    if u not in ui: continue
    top = np.argsort(-S[ui[u]], kind="stable")[:10]
    hits = sum(1 for j in top if items[j] in its)
    rec += hits / len(its)
print("recall@10 %.4f" % (rec / len(test)))
