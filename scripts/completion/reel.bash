# Bash completion for reel: "reel COMMAND" completes the commands that
# `reel help` lists, and "reel COMMAND -" or "reel-COMMAND -" the options
# that the command's own --help names (so it never goes stale); anything
# else completes file names.  Installed by `make install` under
# $(PREFIX)/share/bash-completion/completions.
_reel_options() {
	"$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*\|^ *-[a-zA-Z]\b' | tr -d ' ' | sort -u
}

_reel() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[0]##*/}
	if [ "$cmd" = reel ]; then
		if [ "$COMP_CWORD" -eq 1 ]; then
			COMPREPLY=($(compgen -W "help $(reel help 2>/dev/null | awk '/^  [a-z]/ { print $1 }')" -- "$cur"))
			return
		fi
		cmd=reel-${COMP_WORDS[1]}
	fi
	case $cur in
	-*) COMPREPLY=($(compgen -W "$(_reel_options "$cmd")" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -o filenames -F _reel reel reel-abtest reel-compare reel-explain reel-foldin reel-import \
	reel-insights reel-inspect reel-loadtest reel-metrics reel-report reel-scalesim reel-score \
	reel-segment reel-similar reel-split reel-synth reel-timeplot reel-titles reel-topk \
	reel-train-als reel-train-baseline reel-train-bpmf
