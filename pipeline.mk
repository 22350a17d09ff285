# pipeline.mk: the experiment, from raw MovieLens to the data tables.
# Parameters are overridable on the command line: make SEED=7
#
## pipeline: the full run (for now: fetch and import the data)

ML100K ?=
SEED ?= 42
DATA = data
OUT = out

.PHONY: pipeline data help
.SECONDARY:

pipeline: data

## data: MovieLens 100K into data/ml-100k (from $ML100K, else downloaded)
data: $(DATA)/ml-100k/ratings.tsv

$(DATA)/raw/ml-100k/u.data: scripts/fetch-ml100k.sh
	scripts/fetch-ml100k.sh "$(ML100K)" $(DATA)/raw/ml-100k

$(DATA)/ml-100k/ratings.tsv: $(DATA)/raw/ml-100k/u.data bin/reel-import
	bin/reel-import --ml100k $(DATA)/raw/ml-100k -o $(DATA)/ml-100k

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
