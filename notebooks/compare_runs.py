# Databricks notebook source
# MAGIC %md
# MAGIC # Genie load test: compare runs, or a capacity search
# MAGIC
# MAGIC Shows several runs side by side against their load: latency percentiles, throughput, error and throttling
# MAGIC rates and Genie's mean phase times per step (docs/capacity.md). `run_dirs` is either the folder of a
# MAGIC `bin/genie-capacity` search (it holds `capacity.csv`, which is read as it is), or results folders separated by
# MAGIC commas (relative to this folder), which `bin/genie-compare` compares into a new `compare-<time>` folder beside
# MAGIC the first (its `capacity.csv`, and `capacity.html` with the answer in one sentence). Only then are Java 17+ and
# MAGIC Maven needed (the *Java and Maven* cell installs them when `install_tools` is `true`, as in `load_test`).
# MAGIC
# MAGIC The table is a DataFrame (temp view `genie_capacity`); the charts are shown and saved in the capacity folder:
# MAGIC PNG files drawn with matplotlib where it is installed (Databricks runtimes have it), else SVG files. The code
# MAGIC and the table of every widget are in `genie_notebook.py` in this folder.

# COMMAND ----------

# DBTITLE 1,Shared code: genie_notebook.py, next to this notebook
import importlib
import os
import sys

# First on the path (Databricks runs a notebook in its folder), and reloaded so that edits count on a running cluster.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd())
import genie_notebook  # noqa: E402
importlib.reload(genie_notebook)

# COMMAND ----------

# DBTITLE 1,Widgets (declared in genie_notebook.WIDGETS)
NOTEBOOK = genie_notebook.Notebook(globals(), genie_notebook.COMPARE)
WIDGETS = NOTEBOOK.widgets()

# COMMAND ----------

# DBTITLE 1,The runs: a capacity folder, or results folders to compare
FOLDER = NOTEBOOK.folder(NOTEBOOK.context()[0])
RUN_DIRS = [genie_notebook.resolve_path(FOLDER, d) for d in genie_notebook.split_dirs(WIDGETS["run_dirs"])]
CAPACITY_DIR, COMPARE_ARGS = genie_notebook.compare_plan(RUN_DIRS)
print("Runs:     %s" % ", ".join(RUN_DIRS))
print("Capacity: %s (%s)" % (CAPACITY_DIR, "read as it is" if COMPARE_ARGS is None else "bin/genie-compare writes it"))

# COMMAND ----------

# DBTITLE 1,Java 17+ and Maven, then bin/genie-compare (only for results folders without capacity.csv)
if COMPARE_ARGS is not None:
    PROJECT = genie_notebook.Project(NOTEBOOK, "genie-compare", "")
    PROJECT.ensure_java_and_maven(WIDGETS["install_tools"])
    PROJECT.run_launcher(COMPARE_ARGS)
else:
    print("%s holds %s: nothing to run." % (CAPACITY_DIR, genie_notebook.CAPACITY_FILE))

# COMMAND ----------

# DBTITLE 1,One row per run or step (temp view genie_capacity)
CAPACITY_COLUMNS, CAPACITY = genie_notebook.read_capacity_csv(os.path.join(CAPACITY_DIR,
                                                                           genie_notebook.CAPACITY_FILE))
NOTEBOOK.show("Runs against their load (%s):" % genie_notebook.CAPACITY_FILE, CAPACITY_COLUMNS, CAPACITY,
              "genie_capacity")
print("Page with the answer: %s" % os.path.join(CAPACITY_DIR, "capacity.html"))

# COMMAND ----------

# DBTITLE 1,Charts against load: latency percentiles, throughput, errors, Genie's phases
LOADS = ["%s %s" % (r["load"], r["unit"]) for r in CAPACITY]
genie_notebook.chart(NOTEBOOK, CAPACITY_DIR, "compare_latency", "Latency percentiles (answered questions)", "load",
                     "s", LOADS, {p: [r[p] for r in CAPACITY] for p in ("p50_s", "p95_s", "p99_s")})
genie_notebook.chart(NOTEBOOK, CAPACITY_DIR, "compare_throughput", "Questions answered per minute", "load",
                     "per minute", LOADS, {"throughput_per_min": [r["throughput_per_min"] for r in CAPACITY]})
genie_notebook.chart(NOTEBOOK, CAPACITY_DIR, "compare_errors", "Error and throttling rates", "load", "rate", LOADS,
                     {p: [r[p] for r in CAPACITY] for p in ("error_rate", "throttle_rate")})
PHASE_MEANS = [name for name, _ in CAPACITY_COLUMNS if name.startswith("mean_")]
genie_notebook.chart(NOTEBOOK, CAPACITY_DIR, "compare_phases", "Mean time in Genie's phases", "load", "s", LOADS,
                     {p[len("mean_"):]: [r[p] for r in CAPACITY] for p in PHASE_MEANS}, bars=True)
