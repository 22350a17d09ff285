# pipeline.mk: the experiment, from MovieLens 100K to the report.
#
# Read top to bottom: parameters, then one rule per step, each step one
# tool call with the tool a prerequisite of what it makes.  Every
# parameter can be overridden on the command line (make FACTORS=128); the
# seed is explicit, so a run is reproducible byte for byte (training times
# aside).  `make help` lists the targets.

# ---- parameters -----------------------------------------------------------
DATASET ?= ml-100k#    ml-100k, or synth (reel-synth's MovieLens-shaped data)
ML100K ?=#             a local MovieLens 100K (directory or zip); empty: download
SYNTH_RATINGS ?= 100000# size of DATASET=synth
SPLIT_MODE ?= user#    user, time, user-time or kfold (reel-split)
TEST_FRAC ?= 0.2
SEED ?= 42
FACTORS ?= 64
REG ?= 50
ALPHA ?= 2
ITERS ?= 15
K ?= 10#               the cut-off of the headline figures
KS ?= 5,10,20#         every cut-off evaluated
EASE_REG ?= 500
AB_METRICS ?= recall@10,ndcg@10,precision@10,map@10#  compared by the A/B tests
AA_TESTS ?= 200#       A/A tests of the calibration check
LOAD_REQUESTS ?= 3000# requests of the short load test
NEIGHBOURS ?= 100
RP3_ALPHA ?= 1#        RP3beta: exponent of the walk's probabilities
RP3_BETA ?= 0.5#       RP3beta: exponent of the popularity penalty
ZONE ?= UTC#           time zone of the time-of-day analysis (IANA name)

DATA ?= data
OUT ?= out
RAW = $(DATA)/raw/ml-100k
ML = $(DATA)/$(DATASET)
TRAIN = $(OUT)/split/train.tsv
TEST = $(OUT)/split/test.tsv
MODELS = als pop random genre itemknn ease rp3beta
FOLDS = 1 2 3 4 5
# every stage runs through stage.sh, which records its time for the manifest
# under a name relative to OUT (data stages under data/)
RUN = scripts/stage.sh $(OUT)/stages $(patsubst $(OUT)/%,%,$(patsubst $(DATA)/%,data/%,$@))

.PHONY: pipeline data models evaluate explicit analytics ab load report sweep scale recs similar clean-run help
.SECONDARY:

## pipeline: the full run (the default goal of make), ending in the report
pipeline: $(OUT)/report/index.html

## data: the data set: MovieLens 100K fetched (or copied from $ML100K) and imported, or synthetic
data: $(ML)/ratings.tsv

$(RAW)/u.data: scripts/fetch-ml100k.sh
	scripts/fetch-ml100k.sh "$(ML100K)" $(RAW)

$(DATA)/ml-100k/ratings.tsv $(DATA)/ml-100k/items.tsv $(DATA)/ml-100k/users.tsv &: \
		$(RAW)/u.data bin/reel-import
	@mkdir -p $(@D)
	$(RUN) bin/reel-import --ml100k $(RAW) -o $(DATA)/ml-100k

$(DATA)/synth/ratings.tsv $(DATA)/synth/items.tsv $(DATA)/synth/users.tsv &: bin/reel-synth
	@mkdir -p $(@D)
	$(RUN) bin/reel-synth --ratings $(SYNTH_RATINGS) --seed $(SEED) -o $(DATA)/synth

# ---- split ----------------------------------------------------------------
$(TRAIN) $(TEST) &: $(ML)/ratings.tsv bin/reel-split
	@mkdir -p $(@D)
	$(RUN) bin/reel-split --quiet --mode $(SPLIT_MODE) --test-frac $(TEST_FRAC) --seed $(SEED) \
		$< $(TRAIN) $(TEST)

# ---- models ---------------------------------------------------------------
## models: implicit ALS and every baseline, trained on the split
models: $(MODELS:%=$(OUT)/models/%.bin)

$(OUT)/models/als.bin: $(TRAIN) bin/reel-train-als
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-als --quiet --factors $(FACTORS) --reg $(REG) --alpha $(ALPHA) \
		--iters $(ITERS) --seed $(SEED) -o $@ $<

$(OUT)/models/pop.bin: $(TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind pop -o $@ $<

$(OUT)/models/random.bin: $(TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind random --seed $(SEED) -o $@ $<

$(OUT)/models/genre.bin: $(TRAIN) $(ML)/items.tsv bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind genre --items $(ML)/items.tsv -o $@ $<

$(OUT)/models/itemknn.bin: $(TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind itemknn --neighbours $(NEIGHBOURS) -o $@ $<

$(OUT)/models/rp3beta.bin: $(TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind rp3beta --alpha $(RP3_ALPHA) --beta $(RP3_BETA) \
		--neighbours $(NEIGHBOURS) -o $@ $<

$(OUT)/models/ease.bin: $(TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind ease --reg $(EASE_REG) -o $@ $<

# ---- recommendations and their evaluation -----------------------------------
KMAX = $(lastword $(subst $(comma), ,$(KS)))
comma = ,
HEADLINE = $(subst $(space),$(comma),$(foreach m,recall ndcg precision map mrr hit coverage novelty,$(m)@$(K)))
space = $(empty) $(empty)

$(OUT)/recs/%.tsv: $(OUT)/models/%.bin $(TRAIN) bin/reel-topk
	@mkdir -p $(@D)
	$(RUN) bin/reel-topk -m $< -k $(KMAX) --exclude $(TRAIN) -o $@

$(OUT)/metrics/%.tsv $(OUT)/metrics/%.users.tsv &: $(OUT)/recs/%.tsv $(TEST) $(TRAIN) bin/reel-metrics
	@mkdir -p $(@D)
	$(RUN) bin/reel-metrics -k $(KS) --train $(TRAIN) --per-user $(OUT)/metrics/$*.users.tsv \
		-o $(OUT)/metrics/$*.tsv $< $(TEST)

## evaluate: every model's metrics and the comparison table
evaluate: $(OUT)/compare.tsv

$(OUT)/compare.tsv $(OUT)/compare.md &: $(MODELS:%=$(OUT)/metrics/%.tsv) bin/reel-compare
	$(RUN) bin/reel-compare --baseline pop --metrics $(HEADLINE) --markdown $(OUT)/compare.md \
		-o $(OUT)/compare.tsv \
		$(foreach m,$(MODELS),$(m) $(OUT)/metrics/$(m).tsv $(OUT)/stages/models_$(m).bin)

# ---- explicit ALS on five folds ---------------------------------------------
# MovieLens 100K's official folds (u1..u5.base/test), or for another data
# set five folds of reel-split --mode kfold.
## explicit: RMSE of explicit ALS on five folds, beside published figures
explicit: $(OUT)/explicit/rmse.tsv

ifeq ($(DATASET),ml-100k)
FOLD_TRAIN = $(RAW)/u$*.base
FOLD_TEST = $(RAW)/u$*.test
FOLD_DEPS = $(RAW)/u.data
else
FOLD_TRAIN = $(OUT)/folds/u$*.base
FOLD_TEST = $(OUT)/folds/u$*.test
FOLD_DEPS = $(OUT)/folds/u$*.base

$(OUT)/folds/u%.base $(OUT)/folds/u%.test &: $(ML)/ratings.tsv bin/reel-split
	@mkdir -p $(@D)
	$(RUN) bin/reel-split --quiet --mode kfold --folds 5 --fold $$(($* - 1)) --seed $(SEED) \
		$< $(OUT)/folds/u$*.base $(OUT)/folds/u$*.test
endif

.SECONDEXPANSION:
$(OUT)/explicit/u%.bin: $$(FOLD_DEPS) bin/reel-train-als
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-als --quiet --explicit --seed $(SEED) -o $@ $(FOLD_TRAIN)

$(OUT)/explicit/u%.scored: $(OUT)/explicit/u%.bin bin/reel-score
	$(RUN) bin/reel-score -m $< -o $@ $(FOLD_TEST)

$(OUT)/explicit/u%.rmse: $(OUT)/explicit/u%.scored bin/reel-metrics
	$(RUN) bin/reel-metrics --rmse $< -o $@

$(OUT)/explicit/rmse.tsv: $(FOLDS:%=$(OUT)/explicit/u%.rmse)
	$(RUN) awk -F'\t' 'FNR == 1 { fold++ } $$1 == "rmse" { r[fold] = $$2; s += $$2 } \
		$$1 == "mae" { m[fold] = $$2; t += $$2 } \
		END { print "fold\trmse\tmae"; for (f = 1; f <= fold; f++) printf "u%d\t%s\t%s\n", f, r[f], m[f]; \
		      printf "mean\t%.6f\t%.6f\n", s / fold, t / fold }' $^ >$@.tmp && mv $@.tmp $@

## clean-run: remove the run's outputs (out/), keeping the data and the build
clean-run:
	rm -rf $(OUT)

# ---- analytics: segments, genre preferences, time patterns, insights ---------
## analytics: segments, time patterns, the insight sentences and the claims check, charts
analytics: $(OUT)/insights/insights.md $(OUT)/charts/ratings.png

SEGMENT_TABLES = activity.tsv catalog.tsv genres.tsv occupation-lift.tsv popularity.tsv \
	rating-dist.tsv segments.tsv
TIME_TABLES = days.tsv hours.tsv months.tsv summary.tsv weekdays.tsv

$(SEGMENT_TABLES:%=$(OUT)/segments/%) &: $(ML)/ratings.tsv $(ML)/users.tsv $(ML)/items.tsv \
		bin/reel-segment
	$(RUN) bin/reel-segment --users $(ML)/users.tsv --items $(ML)/items.tsv -o $(OUT)/segments $<

# the same on the training split, for the cold-start figures of a split
$(SEGMENT_TABLES:%=$(OUT)/segments-train/%) &: $(TRAIN) $(ML)/users.tsv $(ML)/items.tsv \
		bin/reel-segment
	$(RUN) bin/reel-segment --users $(ML)/users.tsv --items $(ML)/items.tsv \
		-o $(OUT)/segments-train $<

$(TIME_TABLES:%=$(OUT)/time/%) &: $(ML)/ratings.tsv bin/reel-timeplot
	$(RUN) bin/reel-timeplot --tz $(ZONE) -o $(OUT)/time $<

$(OUT)/insights/insights.md $(OUT)/insights/insights.tsv &: $(SEGMENT_TABLES:%=$(OUT)/segments/%) \
		$(SEGMENT_TABLES:%=$(OUT)/segments-train/%) $(TIME_TABLES:%=$(OUT)/time/%) bin/reel-insights
	$(RUN) bin/reel-insights --train $(OUT)/segments-train -o $(OUT)/insights $(OUT)/segments \
		$(OUT)/time

CHARTS = ratings activity popularity heatmap hours weekdays months days
$(foreach c,$(CHARTS),$(OUT)/charts/$(c).png $(OUT)/charts/$(c).svg) &: \
		$(SEGMENT_TABLES:%=$(OUT)/segments/%) $(TIME_TABLES:%=$(OUT)/time/%) \
		plots/render.sh $(CHARTS:%=plots/%.gp) plots/common.gp
	$(RUN) plots/render.sh $(OUT)/segments $(OUT)/time $(OUT)/charts

# ---- A/B tests --------------------------------------------------------------
## ab: paired and split A/B tests of ALS against popularity and the best baseline, and an A/A check
ab: $(OUT)/ab/verdicts.tsv $(OUT)/ab/als-vs-best.tsv $(OUT)/ab/split-als-vs-pop.tsv $(OUT)/ab/aa.tsv

# every model against popularity, paired
$(OUT)/ab/%-vs-pop.tsv: $(OUT)/metrics/pop.users.tsv $(OUT)/metrics/%.users.tsv bin/reel-abtest
	@mkdir -p $(@D)
	$(RUN) bin/reel-abtest --metrics $(AB_METRICS) --seed $(SEED) -o $@ $(wordlist 1,2,$^)

# their verdicts side by side: one row per model and metric
$(OUT)/ab/verdicts.tsv: $(filter-out $(OUT)/ab/pop-vs-pop.tsv,$(MODELS:%=$(OUT)/ab/%-vs-pop.tsv))
	$(RUN) awk -F'\t' 'BEGIN { print "model\tmetric\tpop\tmodel_value\tdifference\tci_lo\tci_hi\tp_holm\tverdict" } \
		FNR == 1 { for (i = 1; i <= NF; i++) c[$$i] = i; n = split(FILENAME, p, "/"); m = p[n]; \
		sub(/-vs-pop\.tsv$$/, "", m); next } \
		{ v = $$c["verdict"]; v = v == "B wins" ? "better than pop" : v == "A wins" ? "worse than pop" : v; \
		  printf "%s\t%s\t%s\t%s\t%+.4f\t%.4f\t%.4f\t%.3g\t%s\n", m, $$1, $$c["mean_a"], $$c["mean_b"], \
		  $$c["diff"], $$c["ci_lo"], $$c["ci_hi"], $$c["p_holm"], v }' $^ >$@.tmp && mv $@.tmp $@

# the best baseline by recall@K, read from the comparison table
$(OUT)/ab/als-vs-best.tsv: $(OUT)/compare.tsv $(MODELS:%=$(OUT)/metrics/%.users.tsv) bin/reel-abtest
	@mkdir -p $(@D)
	best=$$(awk -F'\t' -v k=recall@$(K) 'NR == 1 { for (i = 1; i <= NF; i++) c[$$i] = i; next } \
		$$1 != "als" && (b == "" || $$c[k] > v) { b = $$1; v = $$c[k] } END { print b }' $<); \
	printf 'baseline\t%s\n' "$$best" >$(OUT)/ab/best.tsv.tmp && mv $(OUT)/ab/best.tsv.tmp $(OUT)/ab/best.tsv; \
	$(RUN) bin/reel-abtest --metrics $(AB_METRICS) --seed $(SEED) -o $@ \
		$(OUT)/metrics/$$best.users.tsv $(OUT)/metrics/als.users.tsv

$(OUT)/ab/split-als-vs-pop.tsv: $(OUT)/metrics/pop.users.tsv $(OUT)/metrics/als.users.tsv bin/reel-abtest
	@mkdir -p $(@D)
	$(RUN) bin/reel-abtest --split 0.5 --salt $(SEED) --metrics $(AB_METRICS) -o $@ $(wordlist 1,2,$^)

$(OUT)/ab/aa.tsv: $(OUT)/metrics/als.users.tsv bin/reel-abtest
	@mkdir -p $(@D)
	$(RUN) bin/reel-abtest --aa $(AA_TESTS) --metrics $(AB_METRICS) -o $@ $<

# ---- a short load test of the server -------------------------------------------
## load: latency and throughput of reel-topk --serve on the ALS model
load: $(OUT)/load/latency.tsv

$(OUT)/load/latency.tsv $(OUT)/load/histogram.tsv $(OUT)/load/latency.png &: $(OUT)/models/als.bin \
		$(TRAIN) bin/reel-loadtest bin/reel-topk plots/latency.gp
	@mkdir -p $(@D)
	$(RUN) bin/reel-loadtest --ratings $(TRAIN) --requests $(LOAD_REQUESTS) --warmup 1000 \
		--bad-share 0.01 --seed $(SEED) --histogram $(OUT)/load/histogram.tsv \
		--chart $(OUT)/load/latency -o $(OUT)/load/latency.tsv -- \
		bin/reel-topk -m $< -k $(K) --exclude $(TRAIN) --serve

# ---- the report ---------------------------------------------------------------
# the mean figures as key<TAB>value lines, for the report's sentences
$(OUT)/explicit/summary.tsv: $(OUT)/explicit/rmse.tsv
	$(RUN) awk -F'\t' '$$1 == "mean" { printf "rmse\t%s\nmae\t%s\n", $$2, $$3 }' $< >$@.tmp && mv $@.tmp $@

# published RMSE on MovieLens 100K's five folds, beside this run's
$(OUT)/explicit/published.tsv: $(OUT)/explicit/rmse.tsv
	$(RUN) awk -F'\t' '$$1 == "mean" { m = $$2 } END { print "system\tRMSE (5 folds)\tsource"; \
		printf "reel explicit ALS (this run)\t%.4f\tout/explicit/rmse.tsv\n", m; \
		print "MyMediaLite SVD++\t0.907\tMyMediaLite documentation"; \
		print "Surprise SVD++\t0.919\tSurprise documentation (benchmarks)" }' $< >$@.tmp && mv $@.tmp $@

REPORT_INPUTS = $(OUT)/compare.tsv $(OUT)/explicit/rmse.tsv $(OUT)/explicit/published.tsv \
	$(OUT)/explicit/summary.tsv \
	$(OUT)/insights/insights.md $(OUT)/charts/ratings.png $(OUT)/ab/verdicts.tsv $(OUT)/ab/als-vs-pop.tsv \
	$(OUT)/ab/als-vs-best.tsv $(OUT)/ab/split-als-vs-pop.tsv $(OUT)/ab/aa.tsv \
	$(OUT)/load/latency.tsv plots/report.md

$(OUT)/manifest.tsv: $(filter-out plots/report.md,$(REPORT_INPUTS)) scripts/manifest.sh
	scripts/manifest.sh $(OUT) $(ML)/ratings.tsv $(wildcard $(RAW)/u.data) -- DATASET=$(DATASET) \
		SPLIT_MODE=$(SPLIT_MODE) TEST_FRAC=$(TEST_FRAC) SEED=$(SEED) FACTORS=$(FACTORS) REG=$(REG) \
		ALPHA=$(ALPHA) ITERS=$(ITERS) K=$(K) KS=$(KS) EASE_REG=$(EASE_REG) \
		NEIGHBOURS=$(NEIGHBOURS) ZONE=$(ZONE) >$@.tmp && mv $@.tmp $@

## report: out/report/index.html and summary.md, replaced atomically
report: $(OUT)/report/index.html

$(OUT)/report/index.html: $(REPORT_INPUTS) $(OUT)/manifest.tsv bin/reel-report \
		scripts/publish-report.sh
	$(RUN) scripts/publish-report.sh $(OUT) plots/report.md $(OUT)/manifest.tsv

# ---- the scalability study (minutes: not part of the default run) ----------
## scale: measured cost of training and top-K from 100K to 10M ratings, fitted and projected
scale: $(OUT)/scale/fit.tsv

$(OUT)/scale/fit.tsv: bin/reel-scalesim bin/reel-synth bin/reel-train-als bin/reel-topk
	$(RUN) bin/reel-scalesim --seed $(SEED) --factors $(FACTORS) --iters $(ITERS) -o $(OUT)/scale

# ---- conveniences ----------------------------------------------------------------
## recs USER=ID: a user's top-K from the ALS model, with titles
recs: $(OUT)/models/als.bin $(TRAIN) $(ML)/items.tsv bin/reel-topk bin/reel-titles
	@case "$(USER)" in ''|*[!0-9]*) echo "usage: make recs USER=ID (a numeric user id)" >&2; exit 2 ;; esac
	@echo $(USER) | bin/reel-topk -m $< -k $(K) --exclude $(TRAIN) --users - | \
		bin/reel-titles --items $(ML)/items.tsv

## similar ITEM=ID: an item's most similar items by the ALS model's factors, with titles
similar: $(OUT)/models/als.bin $(ML)/items.tsv bin/reel-similar bin/reel-titles
	@case "$(ITEM)" in ''|*[!0-9]*) echo "usage: make similar ITEM=ID (a numeric item id)" >&2; exit 2 ;; esac
	@echo $(ITEM) | bin/reel-similar -m $< -k $(K) | bin/reel-titles --items $(ML)/items.tsv --column 2

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

# ---- sweep: ALS and EASE across their hyper-parameters ----------------------
# Nested evaluation: every setting is trained on a validation split cut
# from the training split (the same mode and fraction, seed SWEEP_SEED)
# and ranked on it; the best of each model is then trained on the whole
# training split and scored once on the test split.  ALS settings are a
# random draw of SWEEP_BUDGET from the grid (0: all of it), reg and reg-nu
# in pairs REG:NU (scripts/sweep-sample.sh).
SWEEP_SEED ?= 7
SWEEP_BUDGET ?= 40
SWEEP_FACTORS ?= 32 64 128
SWEEP_REG_NU ?= 10:0 30:0 50:0 100:0 0.6:0.5 1.2:0.5 2.4:0.5 0.015:1 0.03:1 0.06:1
SWEEP_ALPHAS ?= 1 2 5 10
SWEEP_ALPHA0S ?= 0.3 1 3
SWEEP_EASE ?= 100 200 500 1000 2000
SWEEP_ALS := $(shell scripts/sweep-sample.sh $(SWEEP_BUDGET) $(SWEEP_SEED) $(SWEEP_FACTORS) \
	$(SWEEP_REG_NU) -- $(SWEEP_ALPHAS) -- $(SWEEP_ALPHA0S))
SWEEP_MODELS = $(SWEEP_ALS) $(SWEEP_EASE:%=ease-%)
SWEEP_TRAIN = $(OUT)/sweep/split/train.tsv
SWEEP_VALID = $(OUT)/sweep/split/valid.tsv
word_of = $(word $(1),$(subst -, ,$(2)))

## sweep: ALS and EASE settings ranked on a validation split, the best of each scored once on the test split
sweep: $(OUT)/sweep/sweep.tsv $(OUT)/sweep/sweep.png $(OUT)/sweep/final.tsv

$(SWEEP_TRAIN) $(SWEEP_VALID) &: $(TRAIN) bin/reel-split
	@mkdir -p $(@D)
	$(RUN) bin/reel-split --quiet --mode $(SPLIT_MODE) --test-frac $(TEST_FRAC) \
		--seed $(SWEEP_SEED) $< $(SWEEP_TRAIN) $(SWEEP_VALID)

# als-F-R-A-A0-NU: F factors, reg R, alpha A, alpha0 A0, reg-nu NU
$(OUT)/sweep/valid/als-%.bin: $(SWEEP_TRAIN) bin/reel-train-als
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-als --quiet --factors $(call word_of,1,$*) --reg $(call word_of,2,$*) \
		--alpha $(call word_of,3,$*) --alpha0 $(call word_of,4,$*) \
		--reg-nu $(call word_of,5,$*) --iters $(ITERS) --seed $(SEED) -o $@ $<

$(OUT)/sweep/valid/ease-%.bin: $(SWEEP_TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind ease --reg $* -o $@ $<

$(OUT)/sweep/valid/%.recs: $(OUT)/sweep/valid/%.bin $(SWEEP_TRAIN) bin/reel-topk
	$(RUN) bin/reel-topk -m $< -k $(K) --exclude $(SWEEP_TRAIN) -o $@

$(OUT)/sweep/valid/%.metrics: $(OUT)/sweep/valid/%.recs $(SWEEP_VALID) bin/reel-metrics
	$(RUN) bin/reel-metrics -k $(K) -o $@ $< $(SWEEP_VALID)

# one row per setting, validation figures; the best of each model marked
$(OUT)/sweep/sweep.tsv: $(SWEEP_MODELS:%=$(OUT)/sweep/valid/%.metrics) scripts/sweep-table.sh
	scripts/sweep-table.sh $(K) $(filter %.metrics,$^) >$@.tmp && mv $@.tmp $@

$(OUT)/sweep/best-%.args: $(OUT)/sweep/sweep.tsv scripts/sweep-best.sh
	scripts/sweep-best.sh $* $< >$@.tmp && mv $@.tmp $@

# the chosen settings, trained on the whole training split
$(OUT)/sweep/test/als.bin: $(OUT)/sweep/best-als.args $(TRAIN) bin/reel-train-als
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-als --quiet $$(cat $<) --iters $(ITERS) --seed $(SEED) -o $@ $(TRAIN)

$(OUT)/sweep/test/ease.bin: $(OUT)/sweep/best-ease.args $(TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind ease $$(cat $<) -o $@ $(TRAIN)

$(OUT)/sweep/test/%.recs: $(OUT)/sweep/test/%.bin $(TRAIN) bin/reel-topk
	$(RUN) bin/reel-topk -m $< -k $(KMAX) --exclude $(TRAIN) -o $@

$(OUT)/sweep/test/%.metrics: $(OUT)/sweep/test/%.recs $(TEST) $(TRAIN) bin/reel-metrics
	$(RUN) bin/reel-metrics -k $(KS) --train $(TRAIN) -o $@ $< $(TEST)

# the test split's verdict on the two chosen settings, once
$(OUT)/sweep/final.tsv: $(OUT)/sweep/test/als.metrics $(OUT)/sweep/test/ease.metrics bin/reel-compare
	$(RUN) bin/reel-compare --baseline ease --metrics $(HEADLINE) -o $@ \
		als $(OUT)/sweep/test/als.metrics $(OUT)/stages/sweep_test_als.bin \
		ease $(OUT)/sweep/test/ease.metrics $(OUT)/stages/sweep_test_ease.bin

$(OUT)/sweep/sweep.png $(OUT)/sweep/sweep.svg &: $(OUT)/sweep/sweep.tsv plots/sweep.gp
	$(RUN) gnuplot -e "in='$<'; out='$(OUT)/sweep/sweep'; k='$(K)'" plots/sweep.gp
