"""The extractor's version, apart from the extractor: a run reads it at discovery (files extracted by another
version are extracted again) without loading the rules, jieba or the readers."""

#: Bumped whenever extraction output can change; stored with every run.
EXTRACTOR_VERSION = "0.2.0"
