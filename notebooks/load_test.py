# Databricks notebook source
# MAGIC %md
# MAGIC # Genie load test (JMeter)
# MAGIC
# MAGIC Replays the conversations of `conversations_file` as `user_count` simulated users against your Genie space with
# MAGIC `bin/genie-loadtest --headless` (Apache JMeter), then shows its statistics per request (its `summary.csv`) and
# MAGIC the failed requests as DataFrames. The counterpart of the original tool's `notebooks/load_test.py`.
# MAGIC
# MAGIC 1. Upload the whole project (a Git folder / Repo, or Workspace files) and put a `.env` in its root.
# MAGIC 2. Export conversations first (`export_conversations` notebook) or put a `conversations.yaml` in the root.
# MAGIC 3. Set the widgets and **Run all** (also works as a job task: widgets become job parameters).
# MAGIC
# MAGIC The workspace and a token come from this notebook's context unless `.env`, the environment or the secret scope
# MAGIC named by `secret_scope` set `DATABRICKS_HOST` (the token is passed to the load test in its environment, never
# MAGIC printed). Needs Java 17+ and Maven on the driver: the *Java and Maven* cell installs them with `apt-get` when
# MAGIC they are missing and `install_tools` is `true`. The code shared with `export_conversations`, and the table of
# MAGIC every widget, is in `genie_notebook.py` in this folder.

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

# DBTITLE 1,Widgets (declared in genie_notebook.WIDGETS; empty means "the .env value, else the default")
NOTEBOOK = genie_notebook.Notebook(globals(), genie_notebook.LOAD_TEST)
WIDGETS = NOTEBOOK.widgets()

# COMMAND ----------

# DBTITLE 1,Settings: paths, .env, secrets, workspace auth
PROJECT = genie_notebook.Project(NOTEBOOK, "genie-loadtest", WIDGETS["secret_scope"])
CONVERSATIONS_FILE = PROJECT.path(WIDGETS["conversations_file"])
RESULTS_DIR, JMETER_RESULTS_DIR = genie_notebook.run_folder(PROJECT.path(WIDGETS["results_dir"]), PROJECT.local_root)
LOADTEST_ARGS = genie_notebook.build_loadtest_args(WIDGETS, CONVERSATIONS_FILE, JMETER_RESULTS_DIR)
print("Conversations: %s" % (CONVERSATIONS_FILE or "GENIE_CONVERSATIONS_FILE, else the launcher's default"))
print("Results:       %s" % RESULTS_DIR)

# COMMAND ----------

# MAGIC %md
# MAGIC ### Java and Maven
# MAGIC
# MAGIC The project needs Java 17+ and Maven (which downloads JMeter and the libraries from Maven Central on the first
# MAGIC run, so the driver needs outbound access to it). Databricks runtimes ship a JDK 17 under `/usr/lib/jvm` (used
# MAGIC even where Java 8 is the default) but no Maven. The next cell installs what is missing when `install_tools` is
# MAGIC `true`; by hand, in a `%sh` cell: `apt-get update && apt-get install -y openjdk-17-jdk-headless maven`. For
# MAGIC job clusters, an init script with that line does the same once per cluster start.

# COMMAND ----------

# DBTITLE 1,Java 17+ and Maven (installed with apt-get when missing)
PROJECT.ensure_java_and_maven(WIDGETS["install_tools"])

# COMMAND ----------

# DBTITLE 1,Run the load test
try:
    PROJECT.run_launcher(LOADTEST_ARGS)
finally:  # also after a failed run: its jmeter.log says why
    genie_notebook.copy_if_moved(JMETER_RESULTS_DIR, RESULTS_DIR)

# COMMAND ----------

# DBTITLE 1,Results as DataFrames (temp views genie_summary and genie_failed_samples for SQL)
SUMMARY = genie_notebook.read_summary_csv(os.path.join(JMETER_RESULTS_DIR, "summary.csv"))
FAILED = genie_notebook.failed_samples(os.path.join(JMETER_RESULTS_DIR, "results.jtl"))
NOTEBOOK.show("Statistics per request (bin/genie-loadtest's summary.csv):", genie_notebook.SUMMARY_COLUMNS, SUMMARY,
              "genie_summary")
NOTEBOOK.show("Failed requests: %d" % len(FAILED), genie_notebook.FAILED_SAMPLE_COLUMNS, FAILED,
              "genie_failed_samples")
print("Results (JTL):  %s" % os.path.join(RESULTS_DIR, "results.jtl"))
print("Summary (CSV):  %s" % os.path.join(RESULTS_DIR, "summary.csv"))
print("HTML dashboard: %s (download the dashboard folder and open index.html)"
      % os.path.join(RESULTS_DIR, "dashboard", "index.html"))

# COMMAND ----------

# DBTITLE 1,Detail rows to a Unity Catalog table (widget results_table; an earlier export of this run is replaced)
genie_notebook.export_run(NOTEBOOK, PROJECT, WIDGETS, JMETER_RESULTS_DIR)
