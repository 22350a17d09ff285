# md2man.awk: the Markdown of docs/ (a section of TOOLS.md, or FORMATS.md)
# as man(7) body text: "## T" and "### T" become .SS, "- " items .IP, pipe
# tables and code blocks no-fill blocks, `code` and **bold** bold.  What
# groff would take for a request (a leading '.' or '\'') is escaped.
function esc(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	return s
}
function inl(s,   out, i) {
	s = esc(s)
	while (match(s, /\*\*[^*]+\*\*/))
		s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 2, RLENGTH - 4) "\\fR" substr(s, RSTART + RLENGTH)
	while (match(s, /`[^`]+`/))
		s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 1, RLENGTH - 2) "\\fR" substr(s, RSTART + RLENGTH)
	while (match(s, /\[[^]]+\]\([^)]+\)/)) {
		t = substr(s, RSTART + 1, RLENGTH - 2); sub(/\]\(.*/, "", t)
		s = substr(s, 1, RSTART - 1) t substr(s, RSTART + RLENGTH)
	}
	if (s ~ /^[.']/)
		s = "\\&" s
	return s
}
/^```/ { if (code) { print ".fi"; code = 0 } else { print ".PP"; print ".nf"; code = 1 }; next }
code { print (/^[.']/ ? "\\&" : "") esc($0); next }
/^\|/ {
	if (!table) { print ".PP"; print ".nf"; table = 1 }
	if ($0 ~ /^\|[-:| ]+\|$/) next
	line = $0; gsub(/\\\|/, "\001", line); gsub(/^\| *| *\|$/, "", line); gsub(/ *\| */, "  |  ", line)
	gsub(/\001/, "|", line); print inl(line); next
}
table { print ".fi"; print ".PP"; table = 0 }
/^#+ / { sub(/^#+ /, ""); print ".SS \"" inl($0) "\""; para = 0; next }
/^[-*] / { sub(/^[-*] /, ""); print ".IP \\(bu 2"; print inl($0); para = 1; next }
/^[0-9]+\. / { n = $1; sub(/^[0-9]+\. /, ""); print ".IP " n " 4"; print inl($0); para = 1; next }
/^[ \t]*$/ { if (para) print ".PP"; para = 0; next }
{ sub(/^[ \t]+/, ""); print inl($0); para = 1 }
END { if (code || table) print ".fi" }
