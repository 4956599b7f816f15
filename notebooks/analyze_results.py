# Databricks notebook source
# MAGIC %md
# MAGIC # Genie load test: analyze one run
# MAGIC
# MAGIC Reads the result files of one run of `bin/genie-loadtest` (or of the `load_test` notebooks): `results.jtl` and
# MAGIC `detailed_metrics.csv` (docs/results.md), and shows as DataFrames (each also a temp view for SQL) and charts:
# MAGIC the response-time distribution per request, the run over time, statistics per prompt and per position in the
# MAGIC conversation, Genie's phases (where a message spent its time) and the failures by kind (response code).
# MAGIC
# MAGIC Set `run_dir` to a run's results folder (relative to this folder), or to a folder of runs (such as the load-test
# MAGIC notebooks' `../results`) to take the newest, and **Run all**. The charts are saved in the run's folder too:
# MAGIC PNG files drawn with matplotlib where it is installed (Databricks runtimes have it), else SVG files. Needs no
# MAGIC Java; the code and the table of every widget are in `genie_notebook.py` in this folder.

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
NOTEBOOK = genie_notebook.Notebook(globals(), genie_notebook.ANALYZE)
WIDGETS = NOTEBOOK.widgets()

# COMMAND ----------

# DBTITLE 1,The run's result files
RUN_DIR = genie_notebook.find_run_folder(
    genie_notebook.resolve_path(NOTEBOOK.folder(NOTEBOOK.context()[0]), WIDGETS["run_dir"].strip()))
JTL = genie_notebook.read_csv_rows(os.path.join(RUN_DIR, genie_notebook.JTL_FILE))
DETAIL_PATH = os.path.join(RUN_DIR, genie_notebook.DETAIL_FILE)
DETAIL = genie_notebook.read_csv_rows(DETAIL_PATH) if os.path.isfile(DETAIL_PATH) else []
print("Run: %s (%d samples in %s, %d rows in %s)"
      % (RUN_DIR, len(JTL), genie_notebook.JTL_FILE, len(DETAIL), genie_notebook.DETAIL_FILE))

# COMMAND ----------

# DBTITLE 1,Response times per request (temp view genie_latency)
LATENCY = genie_notebook.latency_table(JTL)
NOTEBOOK.show("Response times, ms (every sample; All: the whole run):", genie_notebook.LATENCY_COLUMNS, LATENCY,
              "genie_latency")
genie_notebook.chart(NOTEBOOK, RUN_DIR, "latency", "Response time percentiles per request", "request", "ms",
                     [r["Label"] for r in LATENCY],
                     {p: [r[p] for r in LATENCY] for p in ("Median ms", "95% ms", "99% ms")}, bars=True)

# COMMAND ----------

# DBTITLE 1,The run over time (temp view genie_over_time)
OVER_TIME = genie_notebook.over_time(JTL)
NOTEBOOK.show("Over time, by when the question was sent:", genie_notebook.OVER_TIME_COLUMNS, OVER_TIME,
              "genie_over_time")
genie_notebook.chart(NOTEBOOK, RUN_DIR, "over_time", "Response time over the run", "seconds from the start", "ms",
                     [r["From s"] for r in OVER_TIME],
                     {p: [r[p] for r in OVER_TIME] for p in ("Median ms", "95% ms")})

# COMMAND ----------

# DBTITLE 1,Per prompt and per position in the conversation (temp views genie_per_prompt, genie_per_position)
PER_PROMPT = genie_notebook.grouped_by(DETAIL, "prompt", "Prompt")
PER_POSITION = genie_notebook.grouped_by(DETAIL, "message_index", "Position", int)
NOTEBOOK.show("Per prompt (detailed_metrics.csv):", genie_notebook.PER_PROMPT_COLUMNS, PER_PROMPT, "genie_per_prompt")
NOTEBOOK.show("Per position in the conversation (0: the first question):", genie_notebook.PER_POSITION_COLUMNS,
              PER_POSITION, "genie_per_position")
genie_notebook.chart(NOTEBOOK, RUN_DIR, "per_position", "Response time per position in the conversation",
                     "position", "ms", [r["Position"] for r in PER_POSITION],
                     {p: [r[p] for r in PER_POSITION] for p in ("Median ms", "95% ms")}, bars=True)

# COMMAND ----------

# DBTITLE 1,Genie's phases (temp view genie_phases)
PHASES = genie_notebook.phase_table(JTL)
NOTEBOOK.show("Genie's phases (the JTL's genie_<phase>_ms; samples with a Genie message):",
              genie_notebook.PHASE_COLUMNS, PHASES, "genie_phases")
genie_notebook.chart(NOTEBOOK, RUN_DIR, "phases", "Mean time in each of Genie's phases", "phase", "ms",
                     [r["Phase"] for r in PHASES], {"Mean ms": [r["Mean ms"] for r in PHASES]}, bars=True)

# COMMAND ----------

# DBTITLE 1,Failures by kind (temp view genie_failures)
FAILURES = genie_notebook.failures_by_kind(JTL)
NOTEBOOK.show("Failures by response code: %d of %d samples" % (sum(r["Failures"] for r in FAILURES), len(JTL)),
              genie_notebook.FAILURE_COLUMNS, FAILURES, "genie_failures")
if FAILURES:
    genie_notebook.chart(NOTEBOOK, RUN_DIR, "failures", "Failures by response code", "response code", "failures",
                         [r["Response code"] for r in FAILURES], {"Failures": [r["Failures"] for r in FAILURES]},
                         bars=True)
