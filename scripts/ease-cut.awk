# ease-cut.awk: from reel-inspect's listing of an EASE model, the items it
# was trained on (its item_ids section's length) and the training split's
# items (the items_total parameter; the same when it kept every item).
BEGIN { FS = "\t" }
$1 == "param" { p[$2] = $3 }
$1 == "section" && $2 == "item_ids" { split($4, d, " "); n = d[1] }
END { print "items_kept\t" n; print "items_total\t" (p["items_total"] ? p["items_total"] : n) }
