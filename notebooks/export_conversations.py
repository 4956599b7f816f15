# Databricks notebook source
# MAGIC %md
# MAGIC # Export Genie conversations
# MAGIC
# MAGIC Downloads the questions people asked a Genie space into `output` (default `../conversations.yaml`, the project
# MAGIC root), the input of the `load_test` notebook, with `bin/export-conversations`. The counterpart of the original
# MAGIC tool's `notebooks/export_conversations.py`.
# MAGIC
# MAGIC Set the widgets and **Run all** (also works as a job task). The space id defaults to `GENIE_SPACE_ID` from the
# MAGIC project's `.env`; the workspace and a token come from this notebook's context unless `.env`, the environment or
# MAGIC the secret scope named by `secret_scope` set `DATABRICKS_HOST`. `include_all` needs CAN MANAGE on the space.
# MAGIC Needs Java 17+ and Maven on the driver (installed with `apt-get` when missing and `install_tools` is `true`).
# MAGIC The code shared with `load_test`, and the table of every widget, is in `genie_notebook.py` in this folder.

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

# DBTITLE 1,Widgets (declared in genie_notebook.WIDGETS; empty optional widgets mean "no limit" or the .env value)
NOTEBOOK = genie_notebook.Notebook(globals(), genie_notebook.EXPORT)
WIDGETS = NOTEBOOK.widgets()

# COMMAND ----------

# DBTITLE 1,Settings: paths, .env, secrets, workspace auth
PROJECT = genie_notebook.Project(NOTEBOOK, "export-conversations", WIDGETS["secret_scope"])
OUTPUT_FILE = PROJECT.path(WIDGETS["output"])
# The exporter replaces its output atomically (temporary file + rename in the same folder); on a workspace mount it
# writes on local disk, and the finished file is copied.
EXPORT_FILE = PROJECT.local_path_for(OUTPUT_FILE, os.path.basename(OUTPUT_FILE))
EXPORT_ARGS = genie_notebook.build_export_args(WIDGETS, EXPORT_FILE)

# COMMAND ----------

# MAGIC %md
# MAGIC ### Java and Maven
# MAGIC
# MAGIC The project needs Java 17+ and Maven (which downloads the libraries from Maven Central on the first run, so the
# MAGIC driver needs outbound access to it). Databricks runtimes ship a JDK 17 under `/usr/lib/jvm` (used even where
# MAGIC Java 8 is the default) but no Maven. The next cell installs what is missing when `install_tools` is `true`; by
# MAGIC hand, in a `%sh` cell: `apt-get update && apt-get install -y openjdk-17-jdk-headless maven`.

# COMMAND ----------

# DBTITLE 1,Java 17+ and Maven (installed with apt-get when missing)
PROJECT.ensure_java_and_maven(WIDGETS["install_tools"])

# COMMAND ----------

# DBTITLE 1,Export
os.makedirs(os.path.dirname(EXPORT_FILE), exist_ok=True)  # the exporter writes into an existing folder only
PROJECT.run_launcher(EXPORT_ARGS)
genie_notebook.copy_if_moved(EXPORT_FILE, OUTPUT_FILE)
print("Next: run the load_test notebook with conversations_file = %s" % WIDGETS["output"])
