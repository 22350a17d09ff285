# valid-users.awk -v n=N VALID VALID: the ratings of VALID (read twice) of
# every s-th user in order of first appearance, s the smallest step that
# keeps at most about N users (1 when VALID has N users or fewer, so a
# small data set keeps them all).
BEGIN { FS = "\t" }
NR == FNR { if (!($1 in seen)) { seen[$1] = 1; users++ } next }
FNR == 1 { step = users > n ? int((users + n - 1) / n) : 1; split("", seen) }
!($1 in seen) { seen[$1] = at++ }
seen[$1] % step == 0
