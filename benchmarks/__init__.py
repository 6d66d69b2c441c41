"""Benchmarks: synthetic corpora (:mod:`benchmarks.corpus`) and the harness that times them (:mod:`benchmarks.run`)."""
