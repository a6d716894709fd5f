"""Batch: the pipeline over an archive on a Dask cluster, with the answers `brief` and `stories` give on one machine."""
