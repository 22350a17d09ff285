# tests/browser.sh: headless Chromium for the report tests (sourced after
# tests/lib.sh).  have_browser says whether it is installed; browse runs it
# once with a fresh profile and no network; inspect_report PAGE loads PAGE
# (a file in $T) in a wrapper page of the test's own, the only JavaScript,
# and prints what the browser made of it: images loaded, SVGs drawn,
# duplicate ids, table boxes, scripts, whether the page fits 800 px;
# inspect_layout (below) checks a page at a given viewport size.
CHROMIUM=${CHROMIUM:-chromium}

have_browser() { command -v "$CHROMIUM" >/dev/null 2>&1; }

browse() {
	HOME=$T timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" 2>>chromium.log
}

inspect_report() {
	cat >wrapper.html <<EOF_WRAPPER
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>reel report browser test</title></head>
<body data-result="not loaded">
<iframe id="report" src="$1" width="800" height="5000"></iframe>
<script>
document.getElementById('report').addEventListener('load', function () {
	var d = this.contentDocument, i;
	var img = d.querySelectorAll('img'), loaded = 0, sizes = [];
	for (i = 0; i < img.length; i++) {
		if (img[i].complete && img[i].naturalWidth > 0)
			loaded++;
		sizes.push(img[i].naturalWidth + 'x' + img[i].naturalHeight);
	}
	var svg = d.querySelectorAll('svg'), drawn = 0;
	for (i = 0; i < svg.length; i++)
		if (svg[i].getBoundingClientRect().width > 0 && svg[i].getBBox().width > 0)
			drawn++;
	var ids = d.querySelectorAll('[id]'), seen = {}, dup = 0;
	for (i = 0; i < ids.length; i++) {
		dup += seen[ids[i].id] ? 1 : 0;
		seen[ids[i].id] = 1;
	}
	var boxes = d.querySelectorAll('.table'), scrolling = 0;
	for (i = 0; i < boxes.length; i++)
		scrolling += boxes[i].scrollWidth > boxes[i].clientWidth ? 1 : 0;
	var page = d.documentElement;
	document.body.setAttribute('data-result',
		'img ' + loaded + ' of ' + img.length + ' loaded (' + sizes.join(' ') + '); ' +
		'svg ' + drawn + ' of ' + svg.length + ' drawn; duplicate ids ' + dup + '; ' +
		'tables ' + boxes.length + ', ' + scrolling + ' scrolling in its box; ' +
		'scripts ' + d.scripts.length + '; page fits 800 px: ' +
		(page.scrollWidth <= page.clientWidth ? 'yes' : 'no'));
});
</script>
</body>
</html>
EOF_WRAPPER
	browse --allow-file-access-from-files --virtual-time-budget=10000 --dump-dom \
		"file://$T/wrapper.html" >dom.html || return 1
	sed -n 's/.*data-result="\([^"]*\)".*/\1/p' dom.html
}

# inspect_layout PAGE W H: PAGE in a W x H viewport; prints how many
# elements reach past its right edge (but for those inside a box that
# scrolls sideways on its own), whether the page scrolls sideways, and
# whether the page's first list (the headline) ends within the first H
# pixels, so that it is seen without scrolling.
inspect_layout() {
	cat >layout.html <<EOF_LAYOUT
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>reel report layout test</title></head>
<body data-result="not loaded" style="margin:0">
<iframe id="report" src="$1" width="$2" height="$3" style="border:0"></iframe>
<script>
document.getElementById('report').addEventListener('load', function () {
	var d = this.contentDocument, w = d.documentElement.clientWidth, all = d.body.querySelectorAll('*');
	var wide = 0, names = [];
	for (var i = 0; i < all.length; i++) {
		var boxed = false;
		for (var p = all[i].parentElement; p && p !== d.body; p = p.parentElement) {
			var o = getComputedStyle(p).overflowX;
			if (o === 'auto' || o === 'scroll' || o === 'hidden') { boxed = true; break; }
		}
		if (!boxed && all[i].getBoundingClientRect().right > w + 0.5) {
			wide++;
			names.push(all[i].tagName.toLowerCase() + (all[i].className ? '.' + all[i].className : ''));
		}
	}
	var list = d.querySelector('ul');
	var bottom = list ? list.getBoundingClientRect().bottom : 0;
	document.body.setAttribute('data-result', 'wider than $2 px: ' + wide +
		(wide ? ' (' + names.slice(0, 5).join(' ') + ')' : '') + '; page scrolls sideways: ' +
		(d.documentElement.scrollWidth > w ? 'yes' : 'no') + '; headline within ' + $3 + ' px: ' +
		(list && bottom <= $3 ? 'yes' : 'no (' + Math.round(bottom) + ')'));
});
</script>
</body>
</html>
EOF_LAYOUT
	browse --allow-file-access-from-files --virtual-time-budget=10000 --dump-dom \
		"file://$T/layout.html" >layout-dom.html || return 1
	sed -n 's/.*data-result="\([^"]*\)".*/\1/p' layout-dom.html
}
