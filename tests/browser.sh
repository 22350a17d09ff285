# tests/browser.sh: headless Chromium for the report tests (sourced after
# tests/lib.sh).  have_browser says whether it is installed; browse runs it
# once with a fresh profile and no network; inspect_report PAGE loads PAGE
# (a file in $T) in a wrapper page of the test's own, the only JavaScript,
# and prints what the browser made of it: images loaded, SVGs drawn,
# duplicate ids, table boxes, scripts, whether the page fits 800 px.
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
