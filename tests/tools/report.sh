# Tests of reel-report: exact HTML and Markdown for small templates (the
# Markdown rendered by md4c), escaping, PNG and SVG embedding, includes,
# values, confinement to the base directory, bad input, usage.
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
<h1 id="top-b">Top &amp; &lt;b&gt;</h1>
<p>Some <code>code</code> and <strong>bold</strong> text,
a second line with a literal <code>{{x}}</code> and <em>one</em> star.</p>
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
<p class="download"><a download="t.tsv" href="data:text/tab-separated-values;charset=utf-8;base64,bW9kZWwJcmVjYWxsCW4Jbm90ZQphbHMJMC4yNQk5NDMJPHNjcmlwdD5hbGVydCgieCIpPC9zY3JpcHQ+CnBvcAkwLjEJCWF8Ygo=">t.tsv</a> (TSV)</p>
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
	 grep -q '.figure img{display:block;max-width:100%;height:auto}' tiny.html &&
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

# SVG: an <img> with a data: URI of the file's own bytes, never inlined,
# so that nothing in it can run or load (issue 19, item 3).
cat >box.svg <<'EOF'
<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- drawn by hand -->
<svg width="40" height="20" viewBox="0 0 40 20" xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>
EOF
printf '@image box.svg Two & boxes\n' >svg.md
reel-report svg.md >svg.html
check "svg: an img with a data: URI" "grep '<img' svg.html | sed 's/base64,[^\"]*/base64,B64/'" \
	'<p class="figure"><img alt="Two &amp; boxes" src="data:image/svg+xml;base64,B64"></p>'
check "svg: the data: URI holds the file's bytes" \
	"sed -n 's/.*base64,\([^\"]*\)\".*/\1/p' svg.html | base64 -d | cmp - box.svg && echo same" same
# what the audit saw inlined as it was: script in a foreignObject,
# javascript: links, <set>, a namespaced script, an external image
cat >evil.svg <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"></iframe></foreignObject>
<a href="javascript:alert(2)"><rect width="5" height="5"/></a><a xlink:href="javascript:alert(3)"><circle r="2"/></a>
<set attributeName="href" to="javascript:alert(4)"/><s:script>alert(5)</s:script><script>alert(6)</script>
<image href="http://example.com/x.png" width="1" height="1"/><rect onload="alert(7)"/>
</svg>
EOF
printf '@image evil.svg\n' >evil.md
run "reel-report -o evil.html evil.md"
assert "svg: one with script, javascript: links and an external image is embedded, not inlined" \
	"[ $RC = 0 ] && [ \$(grep -c 'src=\"data:image/svg+xml;base64,' evil.html) = 1 ] &&
	 ! grep -Eqi '<svg|<script|<iframe|javascript:|http://example|onload' evil.html"
gnuplot -e "set terminal svg size 300,200; set output 'plot.svg'; plot sin(x)" 2>/dev/null
printf '@image plot.svg\n' >gp.md
assert "svg: a gnuplot chart is embedded" "reel-report gp.md | grep -q '<img alt=\"\" src=\"data:image/svg+xml;base64,'"

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
<h2 id="part">Part</h2>
<div class="table"><table>
<thead>
<tr><th>k</th><th class="num">v</th></tr>
</thead>
<tbody>
<tr><td>x</td><td class="num">1</td></tr>
</tbody>
</table></div>
<p class="download"><a download="kv.tsv" href="data:text/tab-separated-values;charset=utf-8;base64,awl2CngJMQo=">kv.tsv</a> (TSV)</p>
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
<p>value <em>missing: gone.tsv</em></p>
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
1 | reel-report: notimg.md:1: not a PNG or SVG image 'notes.txt' | reel-report --format md notimg.md
1 | reel-report: badref.md:1: expected {{FILE:KEY}} '{{m.tsv}}' | reel-report badref.md
1 | reel-report: nokey.md:1: no key 'nokey' in 'm.tsv' | reel-report nokey.md
1 | reel-report: unterm.md:1: unterminated '{{' '{{m.tsv:users' | reel-report unterm.md
1 | reel-report: dup.md:1: dup.tsv:2: duplicate key 'a' | reel-report dup.md
1 | reel-report: kv3.md:1: kv3.tsv:1: expected 2 fields, found 3 | reel-report kv3.md
1 | reel-report: ragged.md:1: ragged.tsv:3: expected 3 fields, found 2 | reel-report ragged.md
1 | reel-report: empty.md:1: empty table (no header line) 'empty.tsv' | reel-report empty.md
1 | reel-report: badutf.md:2: invalid UTF-8 | reel-report badutf.md
1 | reel-report: latin.md:1: latin.tsv:2: invalid UTF-8 in field 1 | reel-report latin.md
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

# Markdown pipe tables (reel-insights writes its claims check as one), by md4c
printf '| a | b |\n|---|---:|\n| **x** | 1.5 |\n| y \\| z | 2 |\n' >pipe.md
check "a pipe table becomes an HTML table in a box, the ':' column right-aligned" \
	"reel-report pipe.md | sed -n '/^<main>/,/^<\\/main>/p' | tr -d '\\n'; echo" \
	'<main><div class="table"><table><thead><tr><th>a</th><th class="num">b</th></tr></thead><tbody><tr><td><strong>x</strong></td><td class="num">1.5</td></tr><tr><td>y | z</td><td class="num">2</td></tr></tbody></table></div></main>'
check "a pipe table passes through to Markdown" "reel-report --format md pipe.md" \
	"| a | b |
|---|---:|
| **x** | 1.5 |
| y \\| z | 2 |"
printf '# Contents\n@toc\n## One & two\ntext\n## One & two\n### Sub\n' >toc.md
check "@toc: the second-level headings, linked by their ids" "reel-report toc.md | sed -n '/^<main>/,/^<\\/main>/p'" \
'<main>
<h1 id="contents">Contents</h1>
<nav class="toc" aria-label="Contents">
<ul>
<li><a href="#one-two">One &amp; two</a></li>
<li><a href="#one-two-2">One &amp; two</a></li>
</ul>
</nav>
<h2 id="one-two">One &amp; two</h2>
<p>text</p>
<h2 id="one-two-2">One &amp; two</h2>
<h3 id="sub">Sub</h3>
</main>'
printf '<b>raw</b> <script>x</script>\n\n<div onclick="y">\n' >raw.md
check "raw HTML in a template is text" "reel-report raw.md | sed -n '/^<main>/,/^<\\/main>/p'" \
'<main>
<p>&lt;b&gt;raw&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;</p>
<p>&lt;div onclick=&quot;y&quot;&gt;</p>
</main>'
printf 'k\t[a](javascript:alert(1)) *em*\n' >mdv.tsv
printf 'v {{mdv.tsv:k}}\n' >mdv.md
check "a value is text, not Markdown" "reel-report mdv.md | grep '^<p>'" \
	'<p>v [a](javascript:alert(1)) *em*</p>'
printf '[ok](https://example.org/a) [rel](sub/kv.tsv) [frag](#x)\n' >links.md
check "http, https, relative and fragment links are kept" "reel-report links.md | grep '^<p>'" \
	'<p><a href="https://example.org/a">ok</a> <a href="sub/kv.tsv">rel</a> <a href="#x">frag</a></p>'

# @table FILE [COLUMNS]: the columns named, the whole table one click away;
# @NAME? FILE: nothing at all when FILE is missing
printf 'model\tr\tn\nals\t0.5\t3\n' >w.tsv
printf '@table w.tsv [n,model] Key columns\n@image? nope.png\n@table? nope.tsv\n' >cols.md
check "@table with columns: those shown, the whole in <details>" \
	"reel-report cols.md | sed -n '/^<main>/,/^<\\/main>/p' | grep -v '^<p class=\"download\"'" \
'<main>
<div class="table"><table>
<caption>Key columns</caption>
<thead>
<tr><th class="num">n</th><th>model</th></tr>
</thead>
<tbody>
<tr><td class="num">3</td><td>als</td></tr>
</tbody>
</table></div>
<details><summary>All 3 columns</summary>
<div class="table"><table>
<thead>
<tr><th>model</th><th class="num">r</th><th class="num">n</th></tr>
</thead>
<tbody>
<tr><td>als</td><td class="num">0.5</td><td class="num">3</td></tr>
</tbody>
</table></div>
</details>
</main>'
check "@table with columns in Markdown: only those" "reel-report --format md cols.md" \
'**Key columns**

| n | model |
| ---: | --- |
| 3 | als |'
printf '@table w.tsv [model,x]\n' >nocol.md
table <<'EOF'
1 | reel-report: nocol.md:1: no column 'x' in 'w.tsv' | reel-report nocol.md
EOF

# Confinement (issue 19, item 2): no directive or value reads outside the
# base directory, symbolic links resolved, unless --root names a wider one.
mkdir -p jail outside
printf 'secret\t42\n' >outside/s.tsv
ln -s ../outside/s.tsv jail/link.tsv
ln -s ../outside jail/dirlink
printf 'x\t1\n' >jail/ok.tsv
printf 'ok {{ok.tsv:x}}\n' >jail/ok.md
printf 'text\n{{/etc/passwd:root}}\n' >jail/abs.md
printf '@pre ../outside/s.tsv\n' >jail/dots.md
printf '@table link.tsv\n' >jail/link.md
printf 'a {{dirlink/s.tsv:secret}}\n' >jail/dirlink.md
printf '@include ../outside/t.md\n' >jail/inc.md
printf '@image /etc/passwd\n' >jail/img.md
printf '@table ../nope/x.tsv\n' >jail/gone.md
check "confinement: a file inside the template's directory is read" "reel-report --format md jail/ok.md" "ok 1"
check "--root: a wider root allows the link's target" "reel-report --format md --root . jail/dirlink.md" "a 42"
table <<'EOF'
1 | reel-report: jail/abs.md:2: path outside the base directory '/etc/passwd' | rm -f o.html; reel-report -o o.html jail/abs.md; rc=$?; [ ! -e o.html ] && [ -z "$(ls | grep tmp)" ] && exit $rc
1 | reel-report: jail/dots.md:1: path outside the base directory '../outside/s.tsv' | reel-report jail/dots.md
1 | reel-report: jail/link.md:1: path outside the base directory 'link.tsv' | reel-report jail/link.md
1 | reel-report: jail/dirlink.md:1: path outside the base directory 'dirlink/s.tsv' | reel-report jail/dirlink.md
1 | reel-report: jail/inc.md:1: path outside the base directory '../outside/t.md' | reel-report jail/inc.md
1 | reel-report: jail/img.md:1: path outside the base directory '/etc/passwd' | reel-report jail/img.md
1 | reel-report: jail/gone.md:1: path outside the base directory '../nope/x.tsv' | reel-report --missing-ok jail/gone.md
1 | reel-report: jail/ok.md:1: path outside the base directory 'ok.tsv' | reel-report --root outside jail/ok.md
1 | reel-report: nodir: No such file or directory | reel-report --root nodir jail/ok.md
EOF

# Markdown that would load or run something is an error at its line
printf 'x\n\n![img](http://example.com/x.png)\n' >mdimg.md
printf 'x\n[a](javascript:alert(1))\n' >jslink.md
printf 'x\n\n[a][r]\n\n[r]: JavaScript:alert(1)\n' >jsref.md
printf 'x\n<data:text/html,hi>\n' >datalink.md
printf '@toc x\n' >tocx.md
table <<'EOF'
1 | reel-report: mdimg.md:3: a Markdown image (use @image FILE) | rm -f o.html; reel-report -o o.html mdimg.md; rc=$?; [ ! -e o.html ] && exit $rc
1 | reel-report: jslink.md:2: unsafe link 'javascript:alert(1)' | reel-report jslink.md
1 | reel-report: jsref.md:5: unsafe link 'JavaScript:alert(1)' | reel-report jsref.md
1 | reel-report: datalink.md:2: unsafe link 'data:text/html,hi' | reel-report datalink.md
1 | reel-report: tocx.md:1: extra text after @toc 'x' | reel-report tocx.md
EOF
