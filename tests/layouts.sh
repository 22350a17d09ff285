# tests/layouts.sh: MovieLens's official layouts made from reel-synth's
# tables, with the real files' quirks (sourced by the tests).
#
#   ml_layout NAME SYNTHDIR DEST
#
# NAME ml-1m: ratings.dat, users.dat, movies.dat in Latin-1 ("::");
# ml-10m: ratings.dat with half stars, movies.dat, tags.dat, no users;
# ml-20m, ml-25m, ml-latest, ml-latest-small: CSV with a header, titles
# quoted where they hold a comma or a quote, UTF-8, half stars.  Every
# tenth item gets a title with a comma and a quote (and, in Latin-1 or
# UTF-8, an e acute); every 50th has no genres, "(no genres listed)"
# from 10M on.  Half stars: a synthetic 4 becomes 4.5 for odd users.
ml_layout() {
	name=$1 syn=$2 dest=$3
	mkdir -p "$dest"
	case $name in
	ml-1m | ml-10m)
		enc=$([ "$name" = ml-1m ] && printf '\351' || printf '\303\251')
		tail -n +2 "$syn/items.tsv" | awk -F'\t' -v e="$enc" -v n="$name" '{
			t = $2; if ($1 % 10 == 0) t = "Caf" e ", \"Le\" " t
			g = $4; if ($1 % 50 == 0) g = n == "ml-1m" ? "Drama" : "(no genres listed)"
			print $1 "::" t "::" g }' >"$dest/movies.dat"
		awk -F'\t' -v n="$name" '{ r = $3; if (n != "ml-1m" && r == 4 && $1 % 2) r = "4.5"
			print $1 "::" $2 "::" r "::" $4 }' "$syn/ratings.tsv" >"$dest/ratings.dat"
		if [ "$name" = ml-1m ]; then
			tail -n +2 "$syn/users.tsv" | awk -F'\t' '{ a = $2 < 18 ? 1 : $2 < 25 ? 18 : $2 < 35 ? 25 : $2 < 45 ? 35 : $2 < 50 ? 45 : $2 < 56 ? 50 : 56
				print $1 "::" $3 "::" a "::" $1 % 21 "::" $5 }' >"$dest/users.dat"
		else
			printf '1::1::good::838985046\n' >"$dest/tags.dat"
		fi
		;;
	*)
		{
			echo movieId,title,genres
			tail -n +2 "$syn/items.tsv" | awk -F'\t' '{
				t = $2; if ($1 % 10 == 0) t = "\"Caf\303\251, \"\"Le\"\" " t "\""
				g = $4; if ($1 % 50 == 0) g = "(no genres listed)"
				print $1 "," t "," g }'
		} >"$dest/movies.csv"
		{
			echo userId,movieId,rating,timestamp
			awk -F'\t' '{ r = $3 ".0"; if ($3 == 4 && $1 % 2) r = "4.5"; print $1 "," $2 "," r "," $4 }' "$syn/ratings.tsv"
		} >"$dest/ratings.csv"
		;;
	esac
}
