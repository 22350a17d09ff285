# pipeline.mk: the experiment, from MovieLens 100K to the report.
#
# Read top to bottom: parameters, then one rule per step, each step one
# tool call with the tool a prerequisite of what it makes.  Every
# parameter can be overridden on the command line (make FACTORS=128); the
# seed is explicit, so a run is reproducible byte for byte (training times
# aside).  `make help` lists the targets.

# ---- parameters -----------------------------------------------------------
DATASET ?= ml-100k#    ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, ml-latest, ml-latest-small,
#                      tsv (a team's own RATINGS [ITEMS] [USERS]) or synth (reel-synth's)
ML100K ?=#             a local MovieLens 100K (directory or zip); empty: download
ML1M ?=#               likewise for DATASET=ml-1m, ml-10m, ...
ML10M ?=
ML20M ?=
ML25M ?=
ML_LATEST ?=
ML_LATEST_SMALL ?=
RATINGS ?=#            DATASET=tsv: ratings in reel's TSV (docs/FORMATS.md), plain or .gz
ITEMS ?=#              DATASET=tsv, optional: items.tsv
USERS ?=#              DATASET=tsv, optional: users.tsv
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
ZONE ?= UTC#           time zone of users without a usable ZIP code (IANA name)
ZIP_ZONES ?= share/zip3-zones.tsv# ZIP prefix -> time zone: each user's own clock

DATA ?= data
OUT ?= out
RAW = $(DATA)/raw/ml-100k
ML = $(DATA)/$(DATASET)
# the ratings parsed once, into binary files every later stage maps
RATINGS_BIN = $(ML)/ratings.bin
TRAIN = $(OUT)/split/train.bin
TEST = $(OUT)/split/test.bin
MODELS = als pop random $(if $(filter yes,$(HAVE_GENRES)),genre) itemknn ease
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

# ---- what the data set has ----------------------------------------------------
# Each is yes or the reason why not; every stage below adapts to them, and
# the report's data section (scripts/dataset-notes.sh) says what was left out.
ML_RELEASES = ml-1m ml-10m ml-20m ml-25m ml-latest ml-latest-small
HAVE_USERS = $(if $(filter ml-100k ml-1m synth,$(DATASET)),yes,$(if $(filter tsv,$(DATASET)),$(if $(USERS),yes,no USERS file given),$(DATASET) has no users file))
HAVE_GENRES = yes
HAVE_TIMES = yes
HAVE_FOLDS = $(if $(filter ml-100k,$(DATASET)),yes,only MovieLens 100K has official folds)
CHECKSUM = $(if $(filter ml-100k,$(DATASET)),,$(wildcard $(DATA)/raw/$(DATASET)/CHECKSUM))

# MovieLens 1M, 10M, 20M, 25M, latest, latest-small: fetched (or copied or
# unpacked from $ML1M etc.), checked, imported
ifneq ($(filter $(DATASET),$(ML_RELEASES)),)
ML_SRC = $(or $(if $(filter ml-1m,$(DATASET)),$(ML1M)),$(if $(filter ml-10m,$(DATASET)),$(ML10M)),\
	$(if $(filter ml-20m,$(DATASET)),$(ML20M)),$(if $(filter ml-25m,$(DATASET)),$(ML25M)),\
	$(if $(filter ml-latest,$(DATASET)),$(ML_LATEST)),$(if $(filter ml-latest-small,$(DATASET)),$(ML_LATEST_SMALL)))
ML_RAW = $(DATA)/raw/$(DATASET)
ML_RAWFILE = $(ML_RAW)/$(if $(filter ml-1m ml-10m,$(DATASET)),ratings.dat,ratings.csv)
ML_IMPORT = $(if $(filter ml-1m,$(DATASET)),--ml1m,$(if $(filter ml-10m,$(DATASET)),--ml10m,--ml-latest))

$(ML_RAWFILE): scripts/fetch-movielens.sh
	$(RUN) scripts/fetch-movielens.sh $(DATASET) "$(ML_SRC)" $(ML_RAW)

$(ML)/ratings.tsv $(ML)/items.tsv $(if $(filter yes,$(HAVE_USERS)),$(ML)/users.tsv) &: $(ML_RAWFILE) \
		bin/reel-import
	@mkdir -p $(@D)
	$(RUN) bin/reel-import $(ML_IMPORT) $(ML_RAW) -o $(ML)
endif

# A team's own data.  Make compares times, but a nightly export may
# rewrite RATINGS with the same bytes, or bring new bytes with an old time:
# a stamp holding each file's SHA-256, rewritten (as the Makefile is read)
# only when the checksum changes, stands between the file and the run.
ifeq ($(DATASET),tsv)
ifeq ($(RATINGS),)
$(error DATASET=tsv needs RATINGS=FILE (reel's ratings TSV, plain or .gz))
endif
$(foreach f,RATINGS ITEMS USERS,$(if $($(f)),$(if $(shell scripts/stamp.sh '$($(f))' $(ML)/$(f).sha256 || echo fail),\
	$(error $(f)=$($(f)): cannot be read))))
HAVE_TIMES := $(shell gzip -dcf '$(RATINGS)' | awk -F'\t' '{ print NF == 4 ? "yes" : "RATINGS has 3 fields, no timestamps"; exit }')
HAVE_GENRES := $(if $(ITEMS),$(shell gzip -dcf '$(ITEMS)' | awk -F'\t' 'NR > 1 && $$4 != "" { g = 1; exit } END { print g ? "yes" : "ITEMS lists no genres" }'),no ITEMS file given)

$(ML)/ratings.tsv: $(ML)/RATINGS.sha256
	$(RUN) cp '$(RATINGS)' $@.tmp && mv $@.tmp $@

ifneq ($(ITEMS),)
$(ML)/items.tsv: $(ML)/ITEMS.sha256
	$(RUN) cp '$(ITEMS)' $@.tmp && mv $@.tmp $@
else
# no items file: the items of the ratings, known by their ids, no genres
$(ML)/items.tsv: $(ML)/ratings.tsv
	$(RUN) sh -c 'gzip -dcf $< | awk -F"\t" "!s[\$$2]++ { print \$$2 }" | sort -n | \
		awk "BEGIN { print \"item\ttitle\tyear\tgenres\" } { print \$$1 \"\titem \" \$$1 \"\t\t\" }" >$@.tmp' && mv $@.tmp $@
endif

ifneq ($(USERS),)
$(ML)/users.tsv: $(ML)/USERS.sha256
	$(RUN) cp '$(USERS)' $@.tmp && mv $@.tmp $@
endif
endif
SEGMENT_USERS = $(if $(filter yes,$(HAVE_USERS)),--users $(ML)/users.tsv)
SEGMENT_DEPS = $(if $(filter yes,$(HAVE_USERS)),$(ML)/users.tsv) $(ML)/items.tsv

$(RATINGS_BIN): $(ML)/ratings.tsv bin/reel-pack
	$(RUN) bin/reel-pack -o $@ $<

# ---- split ----------------------------------------------------------------
$(TRAIN) $(TEST) &: $(RATINGS_BIN) bin/reel-split
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

ifeq ($(HAVE_FOLDS),yes)
FOLD_TRAIN = $(RAW)/u$*.base
FOLD_TEST = $(RAW)/u$*.test
FOLD_DEPS = $(RAW)/u.data
else
# no official folds: the main split, as one "fold" named main
FOLDS = main
FOLD_TRAIN = $(TRAIN)
FOLD_TEST = $(TEST)
FOLD_DEPS = $(TRAIN) $(TEST)
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
	$(RUN) awk -F'\t' 'FNR == 1 { fold++; n = split(FILENAME, p, "/"); name[fold] = p[n]; sub(/\.rmse$$/, "", name[fold]); sub(/^umain$$/, "main", name[fold]) } \
		$$1 == "rmse" { r[fold] = $$2; s += $$2 } \
		$$1 == "mae" { m[fold] = $$2; t += $$2 } \
		END { print "fold\trmse\tmae"; for (f = 1; f <= fold; f++) printf "%s\t%s\t%s\n", name[f], r[f], m[f]; \
		      printf "mean\t%.6f\t%.6f\n", s / fold, t / fold }' $^ >$@.tmp && mv $@.tmp $@

## clean-run: remove the run's outputs (out/), keeping the data and the build
clean-run:
	rm -rf $(OUT)

# ---- analytics: segments, genre preferences, time patterns, insights ---------
## analytics: segments, time patterns, the insight sentences and the claims check, charts
analytics: $(if $(TIMED),$(OUT)/insights/insights.md) $(OUT)/charts/ratings.png

SEGMENT_TABLES = activity.tsv catalog.tsv genres.tsv occupation-lift.tsv popularity.tsv \
	rating-dist.tsv segments.tsv
TIME_TABLES = days.tsv hours.tsv months.tsv summary.tsv weekdays.tsv

$(SEGMENT_TABLES:%=$(OUT)/segments/%) &: $(RATINGS_BIN) $(SEGMENT_DEPS) bin/reel-segment
	$(RUN) bin/reel-segment $(SEGMENT_USERS) --items $(ML)/items.tsv -o $(OUT)/segments $<

# the same on the training split, for the cold-start figures of a split
$(SEGMENT_TABLES:%=$(OUT)/segments-train/%) &: $(TRAIN) $(SEGMENT_DEPS) bin/reel-segment
	$(RUN) bin/reel-segment $(SEGMENT_USERS) --items $(ML)/items.tsv -o $(OUT)/segments-train $<

# in each user's local time (the zone of their ZIP code, where the data has
# users), and in UTC beside it
TIME_USERS = $(if $(filter yes,$(HAVE_USERS)),--users $(ML)/users.tsv --zip-zones $(ZIP_ZONES))
$(TIME_TABLES:%=$(OUT)/time/%) &: $(RATINGS_BIN) $(if $(filter yes,$(HAVE_USERS)),$(ML)/users.tsv) \
		$(ZIP_ZONES) bin/reel-timeplot
	$(RUN) bin/reel-timeplot --tz $(ZONE) $(TIME_USERS) -o $(OUT)/time $<

$(TIME_TABLES:%=$(OUT)/time-utc/%) &: $(RATINGS_BIN) bin/reel-timeplot
	$(RUN) bin/reel-timeplot -o $(OUT)/time-utc $<

$(OUT)/insights/insights.md $(OUT)/insights/insights.tsv &: $(SEGMENT_TABLES:%=$(OUT)/segments/%) \
		$(SEGMENT_TABLES:%=$(OUT)/segments-train/%) $(TIME_TABLES:%=$(OUT)/time/%) \
		$(TIME_TABLES:%=$(OUT)/time-utc/%) bin/reel-insights
	$(RUN) bin/reel-insights --train $(OUT)/segments-train --utc $(OUT)/time-utc \
		-o $(OUT)/insights $(OUT)/segments $(OUT)/time

# the charts the data allows: the heatmap needs occupations and genres, the
# last four timestamps (render.sh draws a chart only when its table has rows)
TIMED = $(filter yes,$(HAVE_TIMES))
CHARTS = ratings activity popularity \
	$(if $(filter yes,$(HAVE_USERS)),$(if $(filter yes,$(HAVE_GENRES)),heatmap)) \
	$(if $(TIMED),hours weekdays months days)
$(foreach c,$(CHARTS),$(OUT)/charts/$(c).png $(OUT)/charts/$(c).svg) &: \
		$(SEGMENT_TABLES:%=$(OUT)/segments/%) $(if $(TIMED),$(TIME_TABLES:%=$(OUT)/time/%)) \
		plots/render.sh $(CHARTS:%=plots/%.gp) plots/common.gp
	$(RUN) plots/render.sh $(OUT)/segments $(if $(TIMED),$(OUT)/time,-) $(OUT)/charts

# ---- A/B tests --------------------------------------------------------------
## ab: paired and split A/B tests of ALS against popularity and the best baseline, and an A/A check
ab: $(OUT)/ab/verdicts.tsv $(OUT)/ab/als-vs-best.tsv $(OUT)/ab/split-als-vs-pop.tsv $(OUT)/ab/aa.tsv \
	$(OUT)/ab/headline.tsv

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

# the headline: the leader by recall@K among every model against the runner-up,
# paired, whatever the models (ties in recall go to the name first in order)
$(OUT)/ab/headline.tsv $(OUT)/ab/leader-vs-runner-up.tsv &: $(OUT)/compare.tsv \
		$(MODELS:%=$(OUT)/metrics/%.users.tsv) bin/reel-abtest
	@mkdir -p $(@D)
	set -- $$(awk -F'\t' -v k=recall@$(K) 'NR == 1 { for (i = 1; i <= NF; i++) c[$$i] = i; next } \
		{ print $$c[k], $$1 }' $< | sort -k1,1gr -k2,2 | head -n 2 | cut -d' ' -f2); \
	[ $$# = 2 ] || { echo "the headline needs two models" >&2; exit 1; }; \
	$(RUN) bin/reel-abtest --metrics recall@$(K),ndcg@$(K) --seed $(SEED) --names $$2,$$1 \
		--headline $(OUT)/ab/headline.tsv -o $(OUT)/ab/leader-vs-runner-up.tsv \
		$(OUT)/metrics/$$2.users.tsv $(OUT)/metrics/$$1.users.tsv

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

# a published RMSE on MovieLens 100K beside this run's, each with its protocol:
# Surprise's benchmark is its own random 5-fold split of all 100,000 ratings
# (examples/benchmark.py: KFold, random_state 0), not the official u1..u5, so
# the figures are of the same scale, not of the same folds.  A figure whose
# protocol cannot be stated is left out.
$(OUT)/explicit/published.tsv: $(OUT)/explicit/rmse.tsv
	$(RUN) awk -F'\t' '$$1 == "mean" { m = $$2 } END { print "system\tRMSE\tprotocol\tsource"; \
		printf "reel explicit ALS (this run)\t%.4f\t%s\tout/explicit/rmse.tsv\n", m, \
			"$(if $(filter ml-100k,$(DATASET)),mean of the official u1..u5 folds,mean of 5 folds of reel-split --mode kfold)"; \
		print "Surprise SVD++\t0.919\tmean of Surprise'\''s own random 5-fold split of u.data (not u1..u5)\tSurprise README, benchmarks (examples/benchmark.py)" }' \
		$< >$@.tmp && mv $@.tmp $@

# what the data set has and what was skipped, and how the figures moved
# since the previous run (out/history.tsv)
$(OUT)/dataset.md: $(ML)/ratings.tsv scripts/dataset-notes.sh
	$(RUN) sh -c 'scripts/dataset-notes.sh "$(DATASET)" "$(HAVE_USERS)" "$(HAVE_GENRES)" "$(HAVE_TIMES)" \
		"$(HAVE_FOLDS)" $(CHECKSUM) >$@.tmp' && mv $@.tmp $@

$(OUT)/history/since.md: $(OUT)/compare.tsv $(OUT)/explicit/summary.tsv $(OUT)/segments/catalog.tsv \
		scripts/history.sh
	$(RUN) scripts/history.sh $(OUT) $$(sha256sum <$(ML)/ratings.tsv | cut -d' ' -f1)

REPORT_INPUTS = $(OUT)/compare.tsv $(OUT)/explicit/rmse.tsv \
	$(if $(filter yes,$(HAVE_FOLDS)),$(OUT)/explicit/published.tsv) $(OUT)/dataset.md $(OUT)/history/since.md \
	$(OUT)/explicit/summary.tsv \
	$(if $(TIMED),$(OUT)/insights/insights.md) $(OUT)/charts/ratings.png $(OUT)/ab/verdicts.tsv $(OUT)/ab/als-vs-pop.tsv \
	$(OUT)/ab/als-vs-best.tsv $(OUT)/ab/split-als-vs-pop.tsv $(OUT)/ab/aa.tsv $(OUT)/ab/headline.tsv \
	$(OUT)/load/latency.tsv plots/report.md

$(OUT)/manifest.tsv: $(filter-out plots/report.md,$(REPORT_INPUTS)) scripts/manifest.sh
	scripts/manifest.sh $(OUT) $(ML)/ratings.tsv $(wildcard $(RAW)/u.data) $(wildcard $(ML_RAWFILE)) -- DATASET=$(DATASET) \
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
SWEEP_FACTORS ?= 32 64 128
SWEEP_REGS ?= 10 30 50 100
SWEEP_ALPHAS ?= 1 2 5 10
SWEEP_EASE ?= 100 200 500 1000 2000
SWEEP_ALS = $(foreach f,$(SWEEP_FACTORS),$(foreach a,$(SWEEP_ALPHAS),$(foreach r,$(SWEEP_REGS),als-$(f)-$(r)-$(a))))
SWEEP_MODELS = $(SWEEP_ALS) $(SWEEP_EASE:%=ease-%)
word_of = $(word $(1),$(subst -, ,$(2)))

## sweep: a grid over ALS's factors, reg and alpha and EASE's lambda: table, chart, best setting
sweep: $(OUT)/sweep/sweep.tsv $(OUT)/sweep/sweep.png

# als-F-R-A: F factors, reg R, alpha A
$(OUT)/sweep/als-%.bin: $(TRAIN) bin/reel-train-als
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-als --quiet --factors $(call word_of,1,$*) --reg $(call word_of,2,$*) \
		--alpha $(call word_of,3,$*) --iters $(ITERS) --seed $(SEED) -o $@ $<

$(OUT)/sweep/ease-%.bin: $(TRAIN) bin/reel-train-baseline
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-baseline --kind ease --reg $* -o $@ $<

$(OUT)/sweep/%.recs: $(OUT)/sweep/%.bin $(TRAIN) bin/reel-topk
	$(RUN) bin/reel-topk -m $< -k $(K) --exclude $(TRAIN) -o $@

$(OUT)/sweep/%.metrics: $(OUT)/sweep/%.recs $(TEST) bin/reel-metrics
	$(RUN) bin/reel-metrics -k $(K) -o $@ $< $(TEST)

# one row per setting; the best by recall@K (then ndcg@K) is marked
$(OUT)/sweep/sweep.tsv: $(SWEEP_MODELS:%=$(OUT)/sweep/%.metrics)
	$(RUN) awk -F'\t' -v k=$(K) 'FNR == 1 { n = split(FILENAME, p, "/"); name = p[n]; sub(/\.metrics$$/, "", name) } \
		$$1 == "recall@" k { rec[name] = $$2 } $$1 == "ndcg@" k { ndcg[name] = $$2; order[++m] = name } \
		END { print "model\tfactors\treg\talpha\trecall@" k "\tndcg@" k "\tbest"; \
		      for (i = 1; i <= m; i++) { s = order[i]; if (rec[s] > rec[b] || (rec[s] == rec[b] && ndcg[s] > ndcg[b]) || b == "") b = s } \
		      for (i = 1; i <= m; i++) { s = order[i]; split(s, w, "-"); \
		        if (w[1] == "als") printf "als\t%s\t%s\t%s", w[2], w[3], w[4]; else printf "ease\t--\t%s\t--", w[2]; \
		        printf "\t%s\t%s\t%s\n", rec[s], ndcg[s], s == b ? "best" : "" } }' $^ >$@.tmp && mv $@.tmp $@

$(OUT)/sweep/sweep.png $(OUT)/sweep/sweep.svg &: $(OUT)/sweep/sweep.tsv plots/sweep.gp
	$(RUN) gnuplot -e "in='$<'; out='$(OUT)/sweep/sweep'; k='$(K)'" plots/sweep.gp
