#!/bin/sh
# sweep-sample.sh BUDGET SEED FACTORS REG:NU... -- ALPHAS -- ALPHA0S: the
# ALS settings of make sweep's random search, one name a line,
# als-F-R-A-A0-NU (factors, reg, alpha, alpha0, reg-nu).  The candidates
# are every combination of the lists (reg and reg-nu come in pairs, since
# a penalty lambda (n + alpha0 n_other)^nu needs a lambda of its own
# scale for each nu); BUDGET of them are kept, those whose CRC (cksum) of
# "SEED name" is smallest: a uniform-looking draw that depends only on
# SEED and the lists, the same on every machine (awk's rand() is not).
# BUDGET 0 or above the number of candidates keeps them all.
budget=$1 seed=$2
shift 2
factors= regnu= alphas= alpha0s= part=0
for w in "$@"; do
	if [ "$w" = -- ]; then part=$((part + 1)); continue; fi
	case $part in
	0) case $w in *:*) regnu="$regnu $w" ;; *) factors="$factors $w" ;; esac ;;
	1) alphas="$alphas $w" ;;
	*) alpha0s="$alpha0s $w" ;;
	esac
done
for f in $factors; do
	for rn in $regnu; do
		for a in $alphas; do
			for a0 in $alpha0s; do
				name="als-$f-${rn%%:*}-$a-$a0-${rn#*:}"
				printf '%s %s\n' "$(printf '%s %s' "$seed" "$name" | cksum | cut -d' ' -f1)" "$name"
			done
		done
	done
done | sort -n -k1,1 -k2,2 | awk -v b="$budget" 'b == 0 || NR <= b { print $2 }' | sort
