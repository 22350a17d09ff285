# Tests of reel-report: exact HTML and Markdown for small templates,
# escaping, PNG and SVG embedding, includes, values, bad input, usage.
. "$(dirname "$0")/../lib.sh"

printf 'model\trecall\tn\tnote\nals\t0.25\t943\t<script>alert("x")</script>\npop\t0.1\t\ta|b\n' >t.tsv
printf 'users\t943\nrecall\t0.2345678\nname\t<b>me</b>\n' >m.tsv
cat >tiny.md <<'EOF'
# Top & <b>
Some `code` and **bold** text,
a second line with a literal `{{x}}` and *one* star.

- item {{m.tsv:users}}
- **b** `c` by {{m.tsv:name}}

@table t.tsv Models & <i>baselines</i>
@@home
EOF

check "html: the body of a tiny template" "reel-report tiny.md | sed -n '/^<main>/,\$p'" \
'<main>
<h1>Top &amp; &lt;b&gt;</h1>
<p>Some <code>code</code> and <strong>bold</strong> text,
a second line with a literal <code>{{x}}</code> and *one* star.</p>
<ul>
<li>item 943</li>
<li><strong>b</strong> <code>c</code> by &lt;b&gt;me&lt;/b&gt;</li>
</ul>
<div class="table"><table>
<caption>Models &amp; &lt;i&gt;baselines&lt;/i&gt;</caption>
<thead>
<tr><th>model</th><th class="num">recall</th><th class="num">n</th><th>note</th></tr>
</thead>
<tbody>
<tr><td>als</td><td class="num">0.25</td><td class="num">943</td><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td></tr>
<tr><td>pop</td><td class="num">0.1</td><td class="num">--</td><td>a|b</td></tr>
</tbody>
</table></div>
<p>@home</p>
</main>
</body>
</html>'
check "html: the head, titled by the first heading" "reel-report tiny.md | sed -n '1,7p'" \
'<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Top &amp; &lt;b&gt;</title>
<style>'
check "html: --title, escaped" "reel-report --title 'Run \"7\" <b>' tiny.md | grep '<title>'" \
	'<title>Run &quot;7&quot; &lt;b&gt;</title>'
check "html: the title drops inline markup" "printf '## A \`b\` **c** {{m.tsv:users}}\n' >h.md; reel-report h.md | grep '<title>'" \
	'<title>A b c 943</title>'
check "html: no heading, the template's name is the title" "echo text >plain.md; reel-report plain.md | grep '<title>'" \
	'<title>plain.md</title>'
run "reel-report -o tiny.html tiny.md"
assert "html: -o writes the page" "[ $RC = 0 ] && [ -s tiny.html ] && [ -z \"\$(ls | grep tmp)\" ]"
assert "html: no script and no script tag from data" "! grep -qi '<script' tiny.html"
assert "html: CSS for 800 px, scrolling tables, images and print" \
	"grep -q 'main{max-width:50rem' tiny.html && grep -q '.table{overflow-x:auto' tiny.html &&
	 grep -q '.figure img,.figure svg{display:block;max-width:100%;height:auto}' tiny.html &&
	 grep -q '@media print{' tiny.html"

# PNG: embedded as a data: URI, with its size; the bytes are the file's.
printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\001\000\000\000\001\010\004\000\000\000\265\034\014\002\000\000\000\013\111\104\101\124\170\332\143\144\140\000\000\000\006\000\002\060\201\320\057\000\000\000\000\111\105\116\104\256\102\140\202' >dot.png
printf '@image dot.png A <dot> & "more"\n' >png.md
check "png: a data: URI with width, height and escaped alt" "reel-report png.md | grep '<img'" \
	'<p class="figure"><img width="1" height="1" alt="A &lt;dot&gt; &amp; &quot;more&quot;" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="></p>'
gnuplot -e "set terminal png size 120,90; set output 'plot.png'; plot x" 2>/dev/null
printf '# Plot\n@image plot.png\n' >plot.md
check "png: a gnuplot chart decodes back to the same bytes" \
	"reel-report plot.md | sed -n 's/.*width=\"\\([0-9]*\\)\" height=\"\\([0-9]*\\)\".*base64,\\([^\"]*\\)\".*/\\1 \\2 \\3/p' >b64; cut -d' ' -f1,2 b64; cut -d' ' -f3 b64 | base64 -d | cmp - plot.png && echo same" \
	'120 90
same'

# SVG: inline, prolog and doctype gone, ids of each image made unique.
cat >box.svg <<'EOF'
<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- drawn by hand -->
<svg width="40" height="20" viewBox="0 0 40 20" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<defs><rect id="r" width="10" height="10"/><clipPath id='c'><rect width="40" height="20"/></clipPath></defs>
<use xlink:href="#r" clip-path="url(#c)"/><text x="1" y="19">valid="yes" data-id="x"</text>
</svg>
EOF
printf '@image box.svg Two & boxes\n@image box.svg\n' >svg.md
check "svg: inlined with ids prefixed per image" "reel-report svg.md | sed -n '/^<main>/,/^<\\/main>/p'" \
'<main>
<div class="figure" role="img" aria-label="Two &amp; boxes">
<svg width="40" height="20" viewBox="0 0 40 20" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<defs><rect id="svg1-r" width="10" height="10"/><clipPath id='"'"'svg1-c'"'"'><rect width="40" height="20"/></clipPath></defs>
<use xlink:href="#svg1-r" clip-path="url(#svg1-c)"/><text x="1" y="19">valid="yes" data-id="x"</text>
</svg>
</div>
<div class="figure" role="img">
<svg width="40" height="20" viewBox="0 0 40 20" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<defs><rect id="svg2-r" width="10" height="10"/><clipPath id='"'"'svg2-c'"'"'><rect width="40" height="20"/></clipPath></defs>
<use xlink:href="#svg2-r" clip-path="url(#svg2-c)"/><text x="1" y="19">valid="yes" data-id="x"</text>
</svg>
</div>
</main>'
gnuplot -e "set terminal svg size 300,200; set output 'plot.svg'; plot sin(x)" 2>/dev/null
printf '@image plot.svg\n' >gp.md
assert "svg: a gnuplot chart is inlined from its <svg tag" \
	"reel-report gp.md | sed -n '/<div class=\"figure\"/{n;p;}' | grep -q '^<svg' &&
	 ! reel-report gp.md | grep -q '<?xml'"

# @pre, @include (paths start at the including file), --base, stdin.
printf 'a <b> & c\n```\n' >code.txt
mkdir -p sub
printf 'k\tv\nx\t1\n' >sub/kv.tsv
printf '## Part\n\n@table kv.tsv\n' >sub/part.md
printf '@pre code.txt\n@include sub/part.md\n' >inc.md
check "@pre escaped, @include with paths from the included file" "reel-report inc.md | sed -n '/^<main>/,/^<\\/main>/p'" \
'<main>
<pre>
a &lt;b&gt; &amp; c
```</pre>
<h2>Part</h2>
<div class="table"><table>
<thead>
<tr><th>k</th><th class="num">v</th></tr>
</thead>
<tbody>
<tr><td>x</td><td class="num">1</td></tr>
</tbody>
</table></div>
</main>'
printf '@table kv.tsv\n' >base.md
check "--base: every relative path starts there" "reel-report --format md --base sub base.md" \
'| k | v |
| --- | ---: |
| x | 1 |'
check "a template on stdin" "printf '# Hi {{m.tsv:users}}\n' | reel-report --format md -" '# Hi 943'

# Markdown: the same content for a mail; tables as Markdown tables.
cat >md.md <<'EOF'
# Title
Text with `code {{x}}` and **{{m.tsv:recall}}**.
Second line.

- a
- b
@table t.tsv Models
@image dot.png A dot
@pre code.txt
EOF
check "md: the whole output" "reel-report --format md md.md" \
'# Title

Text with `code {{x}}` and **0.2345678**.
Second line.

- a
- b

**Models**

| model | recall | n | note |
| --- | ---: | ---: | --- |
| als | 0.25 | 943 | \<script>alert("x")\</script> |
| pop | 0.1 | -- | a\|b |

![A dot](dot.png)

````
a <b> & c
```
````'
check "--digits: numbers with a fraction rounded, integers kept" \
	"reel-report --format md --digits 2 md.md | grep -e '^Text' -e '^| [ap]'" \
'Text with `code {{x}}` and **0.23**.
| als | 0.25 | 943 | \<script>alert("x")\</script> |
| pop | 0.10 | -- | a\|b |'

# --missing-ok: a visible note instead of an error.
printf '@table nope.tsv\nvalue {{gone.tsv:k}}\n' >miss.md
check "--missing-ok: notes in HTML" "reel-report --missing-ok miss.md | sed -n '/^<main>/,/^<\\/main>/p'" \
'<main>
<p class="missing">missing: nope.tsv</p>
<p>value <span class="missing">missing: gone.tsv</span></p>
</main>'
check "--missing-ok: notes in Markdown" "reel-report --missing-ok --format md miss.md" \
'*missing: nope.tsv*

value *missing: gone.tsv*'

printf '@include b.md\n' >a.md
printf '@include a.md\n' >b.md
printf 'x\n\n@include self.md\n' >self.md
# e0.md includes e1.md, which includes e2.md, ... up to eN.md
chain() {
	i=0
	while [ $i -lt "$1" ]; do printf '@include e%d.md\n' $((i + 1)) >e$i.md; i=$((i + 1)); done
	echo end >e$i.md
}
chain 16
check "16 nested includes are fine" "reel-report --format md e0.md" "end"
chain 17
printf '@tabel t.tsv\n' >unknown.md
printf 'text\n@table\n' >nofile.md
printf '@include sub/part.md and more\n' >extra.md
printf '@pre sub\n' >dir.md
printf 'just text\n' >notes.txt
printf '@image notes.txt\n' >notimg.md
printf '<svg width="1" height="1"><script>alert(1)</script></svg>\n' >script.svg
printf '<svg onload = "alert(1)" width="1" height="1"></svg>\n' >onload.svg
printf '@image script.svg\n' >script.md
printf '@image onload.svg\n' >onload.md
printf 'a {{m.tsv}}\n' >badref.md
printf 'a {{m.tsv:nokey}}\n' >nokey.md
printf 'a {{m.tsv:users\n' >unterm.md
printf 'a\t1\na\t2\n' >dup.tsv
printf '{{dup.tsv:a}}\n' >dup.md
printf 'a\t1\t2\n' >kv3.tsv
printf '{{kv3.tsv:a}}\n' >kv3.md
printf 'a\tb\tc\n1\t2\t3\n4\t5\n' >ragged.tsv
printf '@table ragged.tsv\n' >ragged.md
: >empty.tsv
printf '@table empty.tsv\n' >empty.md
printf '# ok\n\377\n' >badutf.md
printf 'a\nb\303\n' >latin.tsv
printf '@table latin.tsv\n' >latin.md
printf 'text\nvalue {{gone.tsv:k}}\n' >miss2.md
echo old >kept.html
table <<'EOF'
1 | reel-report: miss.md:1: cannot read 'nope.tsv': No such file or directory | reel-report miss.md
0 |  | rm -f o.html; reel-report -o o.html miss.md 2>/dev/null; [ $? = 1 ] && [ ! -e o.html ] && [ -z "$(ls | grep tmp)" ]
0 |  | reel-report -o kept.html miss.md 2>/dev/null; [ $? = 1 ] && [ "$(cat kept.html)" = old ]
1 | reel-report: nope.md: No such file or directory | reel-report nope.md
1 | reel-report: unknown.md:1: unknown directive '@tabel' | reel-report unknown.md
1 | reel-report: nofile.md:2: missing FILE after '@table' | reel-report nofile.md
1 | reel-report: extra.md:1: extra text after @include FILE 'and more' | reel-report extra.md
1 | reel-report: b.md:1: include cycle 'a.md' | reel-report a.md
1 | reel-report: self.md:3: include cycle 'self.md' | reel-report self.md
1 | reel-report: e16.md:1: more than 16 nested includes 'e17.md' | reel-report e0.md
1 | reel-report: dir.md:1: cannot read 'sub': Is a directory | reel-report dir.md
1 | reel-report: notimg.md:1: not a PNG or SVG image 'notes.txt' | reel-report notimg.md
1 | reel-report: script.md:1: script in SVG image 'script.svg' | reel-report script.md
1 | reel-report: onload.md:1: script in SVG image 'onload.svg' | reel-report onload.md
1 | reel-report: notimg.md:1: not a PNG or SVG image 'notes.txt' | reel-report --format md notimg.md
1 | reel-report: badref.md:1: expected {{FILE:KEY}} '{{m.tsv}}' | reel-report badref.md
1 | reel-report: nokey.md:1: no key 'nokey' in 'm.tsv' | reel-report nokey.md
1 | reel-report: unterm.md:1: unterminated '{{' '{{m.tsv:users' | reel-report unterm.md
1 | reel-report: dup.tsv:2: duplicate key 'a' | reel-report dup.md
1 | reel-report: kv3.tsv:1: expected 2 fields, found 3 | reel-report kv3.md
1 | reel-report: ragged.tsv:3: expected 3 fields, found 2 | reel-report ragged.md
1 | reel-report: empty.md:1: empty table (no header line) 'empty.tsv' | reel-report empty.md
1 | reel-report: badutf.md:2: invalid UTF-8 | reel-report badutf.md
1 | reel-report: latin.tsv:2: invalid UTF-8 in field 1 | reel-report latin.md
1 | reel-report: miss2.md:2: cannot read 'gone.tsv': No such file or directory | reel-report miss2.md
2 | reel-report: expected one TEMPLATE, got 0 operands\nTry 'reel-report --help' for more information. | reel-report
2 | reel-report: expected one TEMPLATE, got 2 operands\nTry 'reel-report --help' for more information. | reel-report tiny.md md.md
2 | reel-report: --format: expected html or md, got 'pdf'\nTry 'reel-report --help' for more information. | reel-report --format pdf tiny.md
2 | reel-report: --digits: expected an integer from 0 to 17, got 'x'\nTry 'reel-report --help' for more information. | reel-report --digits x tiny.md
2 | * | reel-report --bogus tiny.md
0 | * | reel-report --help | grep -q '^usage: reel-report'
0 |  | reel-report --version | grep -q '^reel-report (reel) '
EOF
synopsis_matches report

# Markdown pipe tables (reel-insights writes its claims check as one)
printf '| a | b |\n|---|---:|\n| **x** | 1.5 |\n| y \\| z | 2 |\n' >pipe.md
check "a pipe table becomes an HTML table, the ':' column right-aligned" \
	"reel-report pipe.md | grep '<tr>'" \
	"<tr><th>a</th><th>b</th></tr>
<tr><td><strong>x</strong></td><td class=\"num\">1.5</td></tr>
<tr><td>y | z</td><td class=\"num\">2</td></tr>"
check "a pipe table passes through to Markdown" "reel-report --format md pipe.md" \
	"| a | b |
|---|---:|
| **x** | 1.5 |
| y \\| z | 2 |"
printf '| a |\ntext\n' >nosep.md
table <<'EOF'
1 | reel-report: nosep.md:2: expected a separator line after a table's header, found 'text' | reel-report nosep.md
EOF
