#!/bin/sh
# scale-projection.sh GFLOPS_PER_CORE [CORES_PER_NODE] [GBIT_S] [LAT]: the time
# per iteration of distributed implicit ALS (k = 64, CG, 3 steps) projected
# from a measured per-core rate, with docs/SCALE.md's model: compute =
# als_flops / (nodes x cores x rate); communication = the bytes a rank
# receives (fixed rows, bounded by min(rows, ratings/nodes) each side) over
# the link, plus the two Gram relays (docs/ALS.md): the running sum in
# pieces of 512 floats through P - 1 hops, pipelined (each hop LAT seconds,
# default 10 us, the piece's bytes and the rank's blocks' additions at the
# per-core rate), then a broadcast of log2 P hops; not overlapped.  Prints
# a table.
g=${1:?usage: scale-projection.sh GFLOPS_PER_CORE [CORES_PER_NODE] [GBIT_S] [LAT]}
c=${2:-16}
bw=${3:-10}
lat=${4:-0.00001}
awk -v g="$g" -v c="$c" -v bw="$bw" -v lat="$lat" 'BEGIN {
	k = 64; s = 3
	name[1] = "Netflix"; m[1] = 480189; n[1] = 17770; r[1] = 100480507
	name[2] = "ML-25M x40 (1B)"; m[2] = 162541 * 40; n[2] = 59047 * 40; r[2] = 1e9
	name[3] = "ML-25M x400 (10B)"; m[3] = 162541 * 400; n[3] = 59047 * 400; r[3] = 1e10
	printf "| data | nodes | compute s | rows received per rank | Gram relays s | communication s | total s |\n"
	printf "|---|---|---|---|---|---|---|\n"
	for (d = 1; d <= 3; d++) {
		rows = m[d] + n[d]
		fl = (4 * s + 2) * k * r[d] * 2 + rows * ((s + 1) * 2 * k * k + (10 * s - 6) * k + k * (k + 1))
		for (i = 1; i <= 3; i++) {
			P = (i == 1) ? 8 : (i == 2) ? 64 : 512
			per = r[d] / P
			recv = (per < n[d] ? per : n[d]) + (per < m[d] ? per : m[d])
			recv = recv * (P - 1) / P
			tri = k * (k + 1) / 2; pieces = int((tri + 511) / 512)
			gram = 0
			for (side = 0; side < 2; side++) {
				blocks = int(((side ? n[d] : m[d]) + 255) / 256)
				hop = lat + 512 * 4 / (bw * 1e9 / 8) + blocks / P * 512 / (g * 1e9)
				gram += (P - 1 + pieces - 1) * hop + log(P) / log(2) * (lat + tri * 4 / (bw * 1e9 / 8))
			}
			tc = fl / (P * c * g * 1e9)
			tn = recv * 4 * k / (bw * 1e9 / 8) + gram
			printf "| %s | %d | %.3f | %.2fM | %.4f | %.3f | %.3f |\n", name[d], P, tc, recv / 1e6, gram, tn, tc + tn
		}
	}
}'
