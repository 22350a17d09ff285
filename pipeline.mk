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
SYNTH_USERS ?=#        its users and items (empty: reel-synth's defaults for the size)
SYNTH_ITEMS ?=
SYNTH_HALF ?=#         non-empty: half-star ratings 0.5..5 (reel-synth --half-stars), as ML-10M on
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
EASE_MAX_ITEMS ?= 10000# EASE on the most popular items only: its dense inverse takes 8 n^2 bytes
AB_METRICS ?= recall@10,ndcg@10,precision@10,map@10#  compared by the A/B tests
AA_TESTS ?= 200#       A/A tests of the calibration check
LEARN_USERS ?= 10000#  validation users of the learning curves at most (every s-th by id beyond):
#                      each iteration's figure is a top-K of every one of them
LOAD_REQUESTS ?= 3000# requests of the short load test
NEIGHBOURS ?= 100
RP3_ALPHA ?= 1#        RP3beta: exponent of the walk's probabilities
RP3_BETA ?= 0.5#       RP3beta: exponent of the popularity penalty
ZONE ?= UTC#           time zone of users without a usable ZIP code (IANA name)
ZIP_ZONES ?= scripts/zip3-zones.tsv# ZIP prefix -> time zone: each user's own clock

MPI_NP ?=#              ranks for training and top-K under MPI (docs/SCALE.md); empty: none
MPIRUN ?= mpirun#       the launcher, e.g. MPIRUN='mpirun --hostfile hosts' or srun
DATA ?= data
OUT ?= out
RAW = $(DATA)/raw/ml-100k
ML = $(DATA)/$(DATASET)
# the ratings parsed once, into binary files every later stage maps
RATINGS_BIN = $(ML)/ratings.bin
TRAIN = $(OUT)/split/train.bin
TEST = $(OUT)/split/test.bin
MODELS = als pop random $(if $(filter yes,$(HAVE_GENRES)),genre) itemknn ease rp3beta
FOLDS = 1 2 3 4 5
# every stage runs through stage.sh, which records its time for the manifest
# under a name relative to OUT (data stages under data/)
MPI_LAUNCH = $(if $(MPI_NP),$(MPIRUN) -np $(MPI_NP))
RUN = scripts/stage.sh $(OUT)/stages $(patsubst $(OUT)/%,%,$(patsubst $(DATA)/%,data/%,$@))

.PHONY: pipeline data models evaluate explicit analytics ab load report sweep scale recs similar clean-run help
.SECONDARY:

## pipeline: the full run (the default goal of make), ending in the report
pipeline: $(OUT)/report/index.html

## data: the data set (DATASET): a MovieLens release fetched (or copied from $ML100K, $ML1M, ...) and imported, a team's TSV (RATINGS=), or synthetic
data: $(ML)/ratings.tsv

# A local source (a zip, or a directory's ratings file) is followed by a
# SHA-256 stamp (scripts/stamp.sh, as for DATASET=tsv below), so a new copy
# at the same path is fetched and imported again, and an identical one not.
src_file = $(if $(wildcard $(1)/.),$(1)/$(2),$(1))
src_stamp = $(if $(1),$(if $(shell scripts/stamp.sh '$(call src_file,$(1),$(2))' $(DATA)/raw/$(DATASET).sha256 || echo fail),\
	$(error $(1): cannot be read),$(DATA)/raw/$(DATASET).sha256))

$(RAW)/u.data: scripts/fetch-ml100k.sh $(if $(filter ml-100k,$(DATASET)),$(call src_stamp,$(ML100K),u.data))
	scripts/fetch-ml100k.sh "$(ML100K)" $(RAW)

$(DATA)/ml-100k/ratings.tsv $(DATA)/ml-100k/items.tsv $(DATA)/ml-100k/users.tsv &: \
		$(RAW)/u.data bin/reel-import
	@mkdir -p $(@D)
	$(RUN) bin/reel-import --ml100k $(RAW) -o $(DATA)/ml-100k

# The synthetic data's options, in a stamp rewritten as this file is read
# when they change, so that other sizes or half stars make the data anew.
SYNTH_ARGS = --ratings $(SYNTH_RATINGS) $(if $(SYNTH_USERS),--users $(SYNTH_USERS)) \
	$(if $(SYNTH_ITEMS),--items $(SYNTH_ITEMS)) $(if $(SYNTH_HALF),--half-stars) --seed $(SEED)
ifeq ($(DATASET),synth)
$(shell mkdir -p $(DATA)/synth && { echo '$(strip $(SYNTH_ARGS))' | cmp -s - $(DATA)/synth/.options || \
	echo '$(strip $(SYNTH_ARGS))' >$(DATA)/synth/.options; })
endif
$(DATA)/synth/ratings.tsv $(DATA)/synth/items.tsv $(DATA)/synth/users.tsv &: bin/reel-synth \
		$(DATA)/synth/.options
	@mkdir -p $(@D)
	$(RUN) bin/reel-synth $(SYNTH_ARGS) -o $(DATA)/synth

# ---- what the data set has ----------------------------------------------------
# Each is yes or the reason why not; every stage below adapts to them, and
# the report's data section (scripts/dataset-notes.sh) says what was left out.
ML_RELEASES = ml-1m ml-10m ml-20m ml-25m ml-latest ml-latest-small
HAVE_USERS = $(if $(filter ml-100k ml-1m synth,$(DATASET)),yes,$(if $(filter tsv,$(DATASET)),$(if $(USERS),yes,no USERS file given),$(DATASET) has no users file))
HAVE_GENRES = yes
HAVE_TIMES = yes
HAVE_FOLDS = $(if $(filter ml-100k,$(DATASET)),yes,only MovieLens 100K has official folds)
CHECKSUM = $(wildcard $(DATA)/raw/$(DATASET)/CHECKSUM)
# BPMF's default sampler (350 Gibbs sweeps) costs 26 to 60 s of this
# machine's two cores per million training ratings (docs/BPMF.md), so it
# runs where the data set has at most BPMF_MAX_RATINGS ratings, judged
# before any data is made: by the release, SYNTH_RATINGS or RATINGS' lines.
# BPMF=yes or BPMF=no on the command line decides instead.
BPMF_MAX_RATINGS ?= 2000000
ML_SIZE_ml-10m = 10000000
ML_SIZE_ml-20m = 20000000
ML_SIZE_ml-25m = 25000000
ML_SIZE_ml-latest = 30000000
ifndef BPMF
BPMF_SIZE := $(if $(filter ml-100k ml-1m ml-latest-small,$(DATASET)),0,$(if $(filter synth,$(DATASET)),$(SYNTH_RATINGS),$(if $(filter tsv,$(DATASET)),$(if $(RATINGS),$(shell gzip -dcf '$(RATINGS)' 2>/dev/null | wc -l),0),$(ML_SIZE_$(DATASET)))))
BPMF := $(if $(shell [ '$(BPMF_SIZE)' -le '$(BPMF_MAX_RATINGS)' ] 2>/dev/null && echo y),yes,$(if $(ML_SIZE_$(DATASET)),about )$(BPMF_SIZE) ratings is over BPMF_MAX_RATINGS=$(BPMF_MAX_RATINGS))
endif
BPMF_RMSE = $(if $(filter yes,$(BPMF)),$(OUT)/explicit/bpmf/rmse.tsv)

# MovieLens 1M, 10M, 20M, 25M, latest, latest-small: fetched (or copied or
# unpacked from $ML1M etc.), checked, imported
ifneq ($(filter $(DATASET),$(ML_RELEASES)),)
ML_SRC = $(or $(if $(filter ml-1m,$(DATASET)),$(ML1M)),$(if $(filter ml-10m,$(DATASET)),$(ML10M)),\
	$(if $(filter ml-20m,$(DATASET)),$(ML20M)),$(if $(filter ml-25m,$(DATASET)),$(ML25M)),\
	$(if $(filter ml-latest,$(DATASET)),$(ML_LATEST)),$(if $(filter ml-latest-small,$(DATASET)),$(ML_LATEST_SMALL)))
ML_RAW = $(DATA)/raw/$(DATASET)
ML_RAWFILE = $(ML_RAW)/$(if $(filter ml-1m ml-10m,$(DATASET)),ratings.dat,ratings.csv)
ML_IMPORT = $(if $(filter ml-1m,$(DATASET)),--ml1m,$(if $(filter ml-10m,$(DATASET)),--ml10m,--ml-latest))

$(ML_RAWFILE): scripts/fetch-movielens.sh $(call src_stamp,$(ML_SRC),$(notdir $(ML_RAWFILE)))
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
HAVE_TIMES := $(shell scripts/probe-tsv.sh times '$(RATINGS)')
HAVE_GENRES := $(if $(ITEMS),$(shell scripts/probe-tsv.sh genres '$(ITEMS)'),no ITEMS file given)

$(ML)/ratings.tsv: $(ML)/RATINGS.sha256
	$(RUN) cp '$(RATINGS)' $@.tmp && mv $@.tmp $@

ifneq ($(ITEMS),)
$(ML)/items.tsv: $(ML)/ITEMS.sha256
	$(RUN) cp '$(ITEMS)' $@.tmp && mv $@.tmp $@
else
# no items file: the items of the ratings, known by their ids, no genres
$(ML)/items.tsv: $(ML)/ratings.tsv scripts/bare-items.sh
	$(RUN) sh -c 'scripts/bare-items.sh $< >$@.tmp' && mv $@.tmp $@
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
	$(RUN) $(MPI_LAUNCH) bin/reel-train-als --quiet --factors $(FACTORS) --reg $(REG) \
		--alpha $(ALPHA) --iters $(ITERS) --seed $(SEED) -o $@ $<

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
	$(RUN) bin/reel-train-baseline --kind ease --reg $(EASE_REG) --max-items $(EASE_MAX_ITEMS) -o $@ $<

# the items EASE was trained on, for the report
$(OUT)/models/ease-cut.tsv: $(OUT)/models/ease.bin bin/reel-inspect scripts/ease-cut.awk
	$(RUN) sh -c 'bin/reel-inspect $< | awk -f scripts/ease-cut.awk >$@.tmp' && mv $@.tmp $@

# ---- recommendations and their evaluation -----------------------------------
KMAX = $(lastword $(subst $(comma), ,$(KS)))
comma = ,
HEADLINE = $(subst $(space),$(comma),$(foreach m,recall ndcg precision map mrr hit coverage novelty,$(m)@$(K)))
space = $(empty) $(empty)

$(OUT)/recs/%.tsv: $(OUT)/models/%.bin $(TRAIN) bin/reel-topk
	@mkdir -p $(@D)
	$(RUN) $(MPI_LAUNCH) bin/reel-topk -m $< -k $(KMAX) --exclude $(TRAIN) -o $@

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

# ---- explicit ALS and BPMF on five folds ------------------------------------
# MovieLens 100K's official folds (u1..u5.base/test), or for another data
# set five folds of reel-split --mode kfold.  BPMF (reel-train-bpmf, its
# defaults) is scored on the same folds beside explicit ALS.
## explicit: RMSE of explicit ALS and of BPMF on five folds, beside published figures
explicit: $(OUT)/explicit/rmse.tsv $(BPMF_RMSE)

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

$(OUT)/explicit/rmse.tsv: $(FOLDS:%=$(OUT)/explicit/u%.rmse) scripts/fold-rmse.awk
	$(RUN) awk -f scripts/fold-rmse.awk $(filter %.rmse,$^) >$@.tmp && mv $@.tmp $@

$(OUT)/explicit/bpmf/u%.bin: $$(FOLD_DEPS) bin/reel-train-bpmf
	@mkdir -p $(@D)
	$(RUN) bin/reel-train-bpmf --quiet --seed $(SEED) -o $@ $(FOLD_TRAIN)

$(OUT)/explicit/bpmf/u%.scored: $(OUT)/explicit/bpmf/u%.bin bin/reel-score
	$(RUN) bin/reel-score -m $< -o $@ $(FOLD_TEST)

$(OUT)/explicit/bpmf/u%.rmse: $(OUT)/explicit/bpmf/u%.scored bin/reel-metrics
	$(RUN) bin/reel-metrics --rmse $< -o $@

$(OUT)/explicit/bpmf/rmse.tsv: $(FOLDS:%=$(OUT)/explicit/bpmf/u%.rmse) scripts/fold-rmse.awk
	$(RUN) awk -f scripts/fold-rmse.awk $(filter %.rmse,$^) >$@.tmp && mv $@.tmp $@

# the mean figures as key<TAB>value lines, for the report's sentences
$(OUT)/explicit/summary.tsv: $(OUT)/explicit/rmse.tsv scripts/rmse-summary.awk
	$(RUN) awk -f scripts/rmse-summary.awk $< >$@.tmp && mv $@.tmp $@

# this run's RMSE beside the published figures of docs/published-rmse.tsv,
# each with its protocol and source.  Surprise's benchmark is its own
# random 5-fold split of all 100,000 ratings (examples/benchmark.py: KFold,
# random_state 0), not the official u1..u5, so the figures are of the same
# scale, not of the same folds.  A figure whose protocol cannot be stated
# is left out of that file.
$(OUT)/explicit/published.tsv: $(OUT)/explicit/rmse.tsv $(BPMF_RMSE) docs/published-rmse.tsv scripts/published.awk
	$(RUN) awk -v protocol='$(if $(filter ml-100k,$(DATASET)),mean of the official u1..u5 folds,mean of 5 folds of reel-split --mode kfold)' \
		-f scripts/published.awk $(filter-out %.awk,$^) >$@.tmp && mv $@.tmp $@

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
$(OUT)/ab/verdicts.tsv: $(filter-out $(OUT)/ab/pop-vs-pop.tsv,$(MODELS:%=$(OUT)/ab/%-vs-pop.tsv)) \
		scripts/verdicts.awk
	$(RUN) awk -f scripts/verdicts.awk $(filter %-vs-pop.tsv,$^) >$@.tmp && mv $@.tmp $@

# the best baseline by recall@K, read from the comparison table
$(OUT)/ab/best.tsv: $(OUT)/compare.tsv scripts/best-baseline.awk
	@mkdir -p $(@D)
	awk -v k=recall@$(K) -f scripts/best-baseline.awk $< >$@.tmp && mv $@.tmp $@

$(OUT)/ab/als-vs-best.tsv: $(OUT)/ab/best.tsv $(MODELS:%=$(OUT)/metrics/%.users.tsv) bin/reel-abtest
	@mkdir -p $(@D)
	best=$$(cut -f2 $<); \
	$(RUN) bin/reel-abtest --metrics $(AB_METRICS) --seed $(SEED) -o $@ \
		$(OUT)/metrics/$$best.users.tsv $(OUT)/metrics/als.users.tsv

# the headline: the leader by recall@K among every model against the runner-up,
# paired, whatever the models (ties in recall go to the name first in order)
$(OUT)/ab/headline.tsv $(OUT)/ab/leader-vs-runner-up.tsv &: $(OUT)/compare.tsv \
		$(MODELS:%=$(OUT)/metrics/%.users.tsv) bin/reel-abtest scripts/leaders.sh
	@mkdir -p $(@D)
	set -- $$(scripts/leaders.sh $< recall@$(K)); \
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
# what the data set has and what was skipped, and how the figures moved
# since the previous run (out/history.tsv)
$(OUT)/dataset.md: $(ML)/ratings.tsv scripts/dataset-notes.sh
	@mkdir -p $(@D)
	$(RUN) sh -c 'scripts/dataset-notes.sh "$(DATASET)" "$(HAVE_USERS)" "$(HAVE_GENRES)" "$(HAVE_TIMES)" \
		"$(HAVE_FOLDS)" "$(BPMF)" $(CHECKSUM) >$@.tmp' && mv $@.tmp $@

$(OUT)/history/since.md: $(OUT)/compare.tsv $(OUT)/explicit/summary.tsv $(OUT)/segments/catalog.tsv \
		scripts/history.sh
	$(RUN) scripts/history.sh $(OUT) $$(sha256sum <$(ML)/ratings.tsv | cut -d' ' -f1)

# the report's own charts, each beside its text: the models with their
# intervals, a forest plot of the A/B differences, RMSE per fold
$(OUT)/charts/models.tsv: $(MODELS:%=$(OUT)/metrics/%.users.tsv) scripts/model-ci.sh
	@mkdir -p $(@D)
	$(RUN) scripts/model-ci.sh $(K) $(foreach m,$(MODELS),$(m)=$(OUT)/metrics/$(m).users.tsv) >$@.tmp && mv $@.tmp $@

$(OUT)/charts/models.png $(OUT)/charts/models.svg &: $(OUT)/charts/models.tsv plots/models.gp plots/draw.sh
	$(RUN) plots/draw.sh models $< $(OUT)/charts/models

$(OUT)/charts/forest.png $(OUT)/charts/forest.svg &: $(OUT)/ab/verdicts.tsv plots/forest.gp plots/draw.sh
	@mkdir -p $(@D)
	$(RUN) plots/draw.sh forest $< $(OUT)/charts/forest

$(OUT)/charts/rmse.png $(OUT)/charts/rmse.svg &: $(OUT)/explicit/rmse.tsv plots/rmse.gp plots/draw.sh
	@mkdir -p $(@D)
	$(RUN) plots/draw.sh rmse $< $(OUT)/charts/rmse

# learning curves: ALS with the run's parameters on 90 % of TRAIN, Recall@10
# and NDCG@10 on the other 10 % after each iteration (never the test split)
$(OUT)/learning/inner.tsv $(OUT)/learning/valid.tsv &: $(TRAIN) bin/reel-split
	@mkdir -p $(@D)
	$(RUN) bin/reel-split --quiet --test-frac 0.1 --seed $(SEED) $< $(OUT)/learning/inner.tsv \
		$(OUT)/learning/valid.tsv

# the validation users, every s-th in ascending id (s = 1 up to LEARN_USERS
# users, so a small data set keeps them all): at 162,000 users the fifteen
# evaluations of all of them cost four times the training
$(OUT)/learning/valid-users.tsv: $(OUT)/learning/valid.tsv scripts/valid-users.awk
	$(RUN) awk -v n=$(LEARN_USERS) -f scripts/valid-users.awk $< $< >$@.tmp && mv $@.tmp $@

$(OUT)/learning/curve.tsv: $(OUT)/learning/inner.tsv $(OUT)/learning/valid-users.tsv bin/reel-train-als \
		scripts/learning-curve.awk
	$(RUN) bin/reel-train-als --factors $(FACTORS) --reg $(REG) --alpha $(ALPHA) --iters $(ITERS) \
		--seed $(SEED) --valid $(OUT)/learning/valid-users.tsv -o $(OUT)/learning/als.bin $< 2>$@.log && \
	awk -f scripts/learning-curve.awk $@.log >$@.tmp && rm $@.log && mv $@.tmp $@

$(OUT)/charts/learning.png $(OUT)/charts/learning.svg &: $(OUT)/learning/curve.tsv plots/learning.gp plots/draw.sh
	@mkdir -p $(@D)
	$(RUN) plots/draw.sh learning $< $(OUT)/charts/learning

REPORT_CHARTS = $(OUT)/charts/models.png $(OUT)/charts/forest.png $(OUT)/charts/rmse.png \
	$(OUT)/charts/learning.png
# the studies' charts, when `make sweep` or `make scale` made them: then a
# newer one renders the report again
REPORT_STUDIES = $(wildcard $(OUT)/sweep/heatmap.png $(OUT)/sweep/sweep.png $(OUT)/scale/scale.png)

REPORT_INPUTS = $(OUT)/compare.tsv $(OUT)/explicit/rmse.tsv $(BPMF_RMSE) \
	$(if $(filter yes,$(HAVE_FOLDS)),$(OUT)/explicit/published.tsv) $(OUT)/dataset.md $(OUT)/history/since.md \
	$(OUT)/explicit/summary.tsv $(REPORT_CHARTS) \
	$(if $(TIMED),$(OUT)/insights/insights.md) $(OUT)/charts/ratings.png $(OUT)/ab/verdicts.tsv $(OUT)/ab/als-vs-pop.tsv \
	$(OUT)/ab/als-vs-best.tsv $(OUT)/ab/split-als-vs-pop.tsv $(OUT)/ab/aa.tsv $(OUT)/ab/headline.tsv \
	$(OUT)/load/latency.tsv $(OUT)/models/ease-cut.tsv plots/report.md plots/summary.md

$(OUT)/manifest.tsv: $(filter-out plots/%.md,$(REPORT_INPUTS)) scripts/manifest.sh
	scripts/manifest.sh $(OUT) $(ML)/ratings.tsv $(wildcard $(RAW)/u.data) $(wildcard $(ML_RAWFILE)) -- DATASET=$(DATASET) \
		SPLIT_MODE=$(SPLIT_MODE) TEST_FRAC=$(TEST_FRAC) SEED=$(SEED) FACTORS=$(FACTORS) REG=$(REG) \
		ALPHA=$(ALPHA) ITERS=$(ITERS) K=$(K) KS=$(KS) EASE_REG=$(EASE_REG) \
		NEIGHBOURS=$(NEIGHBOURS) ZONE=$(ZONE) EASE_MAX_ITEMS=$(EASE_MAX_ITEMS) \
		LEARN_USERS=$(LEARN_USERS) BPMF_MAX_RATINGS=$(BPMF_MAX_RATINGS) >$@.tmp && mv $@.tmp $@

# the headline: the winner, its lift over popularity, RMSE, p99, date, checksum
$(OUT)/headline.tsv: $(OUT)/manifest.tsv scripts/headline-tsv.sh
	$(RUN) scripts/headline-tsv.sh $(OUT) $(K) >$@.tmp && mv $@.tmp $@

## report: out/report/index.html and summary.md (the mail: headline and verdicts), replaced atomically
report: $(OUT)/report/index.html

$(OUT)/report/index.html: $(REPORT_INPUTS) $(REPORT_STUDIES) $(OUT)/manifest.tsv $(OUT)/headline.tsv bin/reel-report \
		scripts/publish-report.sh
	$(if $(BPMF_RMSE),,rm -rf $(OUT)/explicit/bpmf) # no table of an earlier run's
	$(RUN) scripts/publish-report.sh $(OUT) plots/report.md plots/summary.md $(OUT)/manifest.tsv

# ---- the scalability study (minutes: not part of the default run) ----------
## scale: measured cost of training and top-K from 100K to 10M ratings, fitted and projected
scale: $(OUT)/scale/fit.tsv

$(OUT)/scale/fit.tsv: bin/reel-scalesim bin/reel-synth bin/reel-train-als bin/reel-topk
	$(RUN) bin/reel-scalesim --seed $(SEED) --factors $(FACTORS) --iters $(ITERS) -o $(OUT)/scale

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
SWEEP_TRAIN = $(OUT)/sweep/split/train.bin
SWEEP_VALID = $(OUT)/sweep/split/valid.bin
word_of = $(word $(1),$(subst -, ,$(2)))

## sweep: ALS and EASE settings ranked on a validation split, the best of each scored once on the test split
sweep: $(OUT)/sweep/sweep.tsv $(OUT)/sweep/sweep.png $(OUT)/sweep/heatmap.png $(OUT)/sweep/final.tsv

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

# the ALS settings as heatmaps of Recall@K, one per number of factors
$(OUT)/sweep/grid.tsv: $(OUT)/sweep/sweep.tsv scripts/sweep-grid.sh
	$(RUN) scripts/sweep-grid.sh $< $(K) >$@.tmp && mv $@.tmp $@

$(OUT)/sweep/heatmap.png $(OUT)/sweep/heatmap.svg &: $(OUT)/sweep/grid.tsv plots/sweep-heatmap.gp plots/draw.sh
	$(RUN) plots/draw.sh sweep-heatmap $< $(OUT)/sweep/heatmap

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

## clean-run: remove the run's outputs (out/), keeping the data and the build
clean-run:
	rm -rf $(OUT)

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
