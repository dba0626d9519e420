"""marsad on Apache Spark: whole archives, the same answers as on a laptop.

    marsad spark INPUT... OUTPUT [--format jsonl|parquet|text|warc] [--master local[2]] [--partitions N]

or, on a cluster, ``spark-submit .../marsad/spark/job.py INPUT... OUTPUT`` (see
:mod:`marsad.spark.job` and the README section "Whole archives on Spark").

Modules: :mod:`~marsad.spark.sources` (JSONL, Parquet, text/HTML, WARC to records),
:mod:`~marsad.spark.worker` (the pipeline per partition, built once per executor
worker), :mod:`~marsad.spark.crossarticle` (near-duplicates and event merging with
the store's criteria), :mod:`~marsad.spark.job` (the job and its spark-submit entry
point). Importing this package does not import pyspark.
"""
