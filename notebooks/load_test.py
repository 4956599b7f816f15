# Databricks notebook source
# MAGIC %md
# MAGIC # Genie load test (JMeter)
# MAGIC
# MAGIC Replays the conversations of `conversations_file` as `user_count` simulated users against your Genie space with
# MAGIC `bin/genie-loadtest --headless` (Apache JMeter), then shows the statistics per request and the failures as
# MAGIC DataFrames. The counterpart of the original tool's `notebooks/load_test.py`.
# MAGIC
# MAGIC 1. Upload the whole project (a Git folder / Repo, or Workspace files) and put a `.env` in its root.
# MAGIC 2. Export conversations first (`export_conversations` notebook) or put a `conversations.yaml` in the root.
# MAGIC 3. Set the widgets and **Run all** (also works as a job task: widgets become job parameters).
# MAGIC
# MAGIC The workspace and a token come from this notebook's context unless `.env` sets `DATABRICKS_HOST` (the token is
# MAGIC passed to the load test in its environment, never printed). Needs Java 17+ and Maven on the driver: the
# MAGIC *Java and Maven* cell installs them with `apt-get` when they are missing and `install_tools` is `true`.

# COMMAND ----------

# Widgets: the original notebook's four, then the load test's other options. Empty means "the .env / default value".
try:
    dbutils  # noqa: F821 - defined in every Databricks notebook
    ON_DATABRICKS = True
except NameError:  # run as a plain Python script (python3 notebooks/load_test.py): widgets from GENIE_WIDGET_<NAME>
    import os as _os

    ON_DATABRICKS = False

    class _LocalWidgets:
        """Stands in for dbutils.widgets outside Databricks: the default, or the GENIE_WIDGET_<NAME> variable."""

        def __init__(self):
            self._defaults = {}

        def text(self, name, default, label=None):
            self._defaults[name] = default

        def dropdown(self, name, default, choices, label=None):
            self._defaults[name] = default

        def get(self, name):
            return _os.environ.get("GENIE_WIDGET_" + name.upper(), self._defaults[name])

    class _LocalDbutils:
        widgets = _LocalWidgets()

    dbutils = _LocalDbutils()

dbutils.widgets.text("conversations_file", "../conversations.yaml", "Conversations file")
dbutils.widgets.text("user_count", "10", "Users")
dbutils.widgets.text("spawn_rate", "2", "Spawn rate (users/s)")
dbutils.widgets.text("run_time", "5m", "Run time (30s, 5m, 1h)")
dbutils.widgets.text("sample_size", "", "Sample size (empty: GENIE_SAMPLE_SIZE or all)")
dbutils.widgets.text("seed", "", "Seed (empty: GENIE_SAMPLE_SEED or new)")
dbutils.widgets.text("min_wait", "", "Min wait s (empty: GENIE_MIN_WAIT or 8)")
dbutils.widgets.text("max_wait", "", "Max wait s (empty: GENIE_MAX_WAIT or 30)")
dbutils.widgets.text("results_dir", "../results", "Results folder (one subfolder per run)")
dbutils.widgets.dropdown("target", "auto", ["auto", "simulator"], "Target (auto: workspace)")
dbutils.widgets.dropdown("install_tools", "true", ["true", "false"], "Install Java 17/Maven if missing")
dbutils.widgets.text("extra_args", "", "More bin/genie-loadtest options")

# COMMAND ----------

# DBTITLE 1,Helpers (pure Python; NotebooksTest runs them with python3)
# NOTEBOOK-HELPERS-BEGIN
import csv
import glob
import math
import os
import re
import shlex
import shutil
import subprocess
import sys

# Mounts that do not support everything Maven and JMeter do to files (appending, many small writes): the project is
# built and JMeter writes its results on local disk, then the results are copied there.
FUSE_PREFIXES = ("/Workspace/", "/dbfs/", "/Volumes/")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def parse_dotenv(text):
    """KEY=value lines of a .env file: '#' comments, optional 'export ', quotes stripped. ${...} is left as is (the
    launcher expands it when it reads the same file)."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].strip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key.strip()] = value
    return values


def notebook_dir(context_notebook_path, cwd):
    """The folder of this notebook: from the notebook context (/Users/me/genie-jmeter/notebooks/load_test, shown
    under /Workspace on the driver), else the working directory (which Databricks sets to it as well)."""
    if context_notebook_path:
        path = context_notebook_path
        if not path.startswith("/Workspace/"):
            path = "/Workspace" + path
        return os.path.dirname(path)
    return cwd


def resolve_path(base_dir, path):
    """A widget path: absolute as is, else relative to the notebook's folder (as in the original notebooks)."""
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(base_dir, path))


def is_fuse_path(path):
    return any(path.startswith(prefix) for prefix in FUSE_PREFIXES)


def workspace_auth_env(env, context_host, context_token):
    """Environment variables to add so the launcher reaches this workspace as the notebook's user: host and token
    from the notebook context, unless the environment / .env already chose a workspace or credentials."""
    if env.get("DATABRICKS_CONFIG_PROFILE") or env.get("DATABRICKS_CLIENT_ID"):
        return {}
    host = env.get("DATABRICKS_HOST")
    if host and env.get("DATABRICKS_TOKEN"):
        return {}
    if not context_host or not context_token:
        return {}
    if host and host.rstrip("/") != context_host.rstrip("/"):
        return {}  # another workspace: its credentials must come from .env, the notebook's token is not valid there
    return {"DATABRICKS_HOST": context_host, "DATABRICKS_TOKEN": context_token}


def java_major(version_output):
    """The major version in `java -version` output: 'openjdk version "17.0.15"' -> 17, '"1.8.0_382"' -> 8."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_output or "")
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def java_home_candidates(env, which_java):
    """Where a JDK may be: JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm (Databricks runtimes ship
    a JDK 17 there even where Java 8 is the default)."""
    homes = []
    if env.get("JAVA_HOME"):
        homes.append(env["JAVA_HOME"])
    if which_java:
        homes.append(os.path.dirname(os.path.dirname(os.path.realpath(which_java))))
    homes.extend(sorted(glob.glob("/usr/lib/jvm/*"), reverse=True))
    seen = []
    for home in homes:
        if home not in seen:
            seen.append(home)
    return seen


def find_java_home(candidates, probe):
    """The first candidate whose bin/java is 17 or newer; probe(java_path) returns its `-version` text or None."""
    for home in candidates:
        java = os.path.join(home, "bin", "java")
        if os.path.isfile(java):
            major = java_major(probe(java))
            if major is not None and major >= 17:
                return home
    return None


def positive_number(name, value, integer):
    """A widget value that must be a positive number; the error names the widget."""
    try:
        number = int(value) if integer else float(value)
    except (TypeError, ValueError):
        raise ValueError("Widget %s: '%s' is not a %s" % (name, value, "whole number" if integer else "number"))
    if number <= 0:
        raise ValueError("Widget %s: must be greater than 0 (got %s)" % (name, value))
    return value.strip()


def build_loadtest_args(widgets, conversations_file, results_dir):
    """The bin/genie-loadtest options for these widget values (empty optional widgets are left out, so .env or the
    launcher's default applies)."""
    args = ["--headless",
            "--users", positive_number("user_count", widgets["user_count"], True),
            "--spawn-rate", positive_number("spawn_rate", widgets["spawn_rate"], False),
            "--run-time", widgets["run_time"].strip(),
            "--conversations", conversations_file,
            "--results-dir", results_dir,
            # failed requests are shown in the tables below; only a test that could not run fails the cell
            "--exit-code-on-error", "0"]
    for widget, option in (("sample_size", "--sample-size"), ("seed", "--seed"),
                           ("min_wait", "--min-wait"), ("max_wait", "--max-wait")):
        value = (widgets.get(widget) or "").strip()
        if value:
            args += [option, value]
    if widgets.get("target") == "simulator":
        args.append("--simulator")
    args += shlex.split(widgets.get("extra_args") or "")
    return args


def percentile(sorted_values, p):
    """Nearest rank, as bin/genie-loadtest's summary: the smallest value with at least p% at or below it."""
    if not sorted_values:
        return 0
    rank = int(math.ceil(p / 100.0 * len(sorted_values)))  # the same double arithmetic as the launcher
    return sorted_values[max(0, min(len(sorted_values) - 1, rank - 1))]


def summarize_jtl(jtl_path):
    """Per-label statistics and failures of a CSV JTL, the same figures as the launcher's summary.csv:
    returns (rows, failures); rows end with the 'Aggregated' row."""
    with open(jtl_path, newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))
    if not records:
        return [], []
    header = records[0]
    col = {name: header.index(name) for name in
           ("timeStamp", "elapsed", "label", "responseCode", "responseMessage", "success")}
    needed = max(col["timeStamp"], col["elapsed"], col["label"], col["success"])
    times, failed, failure_groups = {}, {}, {}
    first, last = None, None
    for r in records[1:]:
        if len(r) <= needed:
            continue  # a line cut off by a crash
        elapsed, stamp, label = int(r[col["elapsed"]]), int(r[col["timeStamp"]]), r[col["label"]]
        first = stamp if first is None else min(first, stamp)
        last = stamp + elapsed if last is None else max(last, stamp + elapsed)
        times.setdefault(label, []).append(elapsed)
        if r[col["success"]].strip().lower() != "true":
            failed[label] = failed.get(label, 0) + 1
            key = (label, r[col["responseCode"]])
            if key in failure_groups:
                failure_groups[key]["Count"] += 1
            else:
                failure_groups[key] = {"Label": label, "Response code": key[1],
                                       "Message": r[col["responseMessage"]], "Count": 1}
    everything = [ms for values in times.values() for ms in values]
    seconds = max(1, last - first) / 1000.0 if everything else 0

    def row(type_, name, values, failures):
        ordered = sorted(values)
        return {"Type": type_, "Name": name, "Requests": len(ordered), "Failures": failures,
                "Median ms": percentile(ordered, 50), "95% ms": percentile(ordered, 95),
                "Requests/s": round(len(ordered) / seconds, 3) if seconds else 0.0}

    rows = []
    for label in sorted(times):
        space = label.find(" ")  # "GENIE message_1_of_2": request type, then name
        type_, name = (label[:space], label[space + 1:]) if space > 0 else ("", label)
        rows.append(row(type_, name, times[label], failed.get(label, 0)))
    rows.append(row("", "Aggregated", everything, sum(failed.values())))
    failures = [failure_groups[k] for k in sorted(failure_groups)]
    failures.sort(key=lambda f: -f["Count"])
    return rows, failures


def read_summary_csv(path):
    """The launcher's summary.csv (Type,Name,Requests,Failures,Median ms,95% ms,Requests/s) with typed numbers."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for key in ("Requests", "Failures", "Median ms", "95% ms"):
            r[key] = int(r[key])
        r["Requests/s"] = float(r["Requests/s"])
    return rows


def run_streaming(command, cwd, env):
    """Runs a command, printing its output as it comes; raises when it exits non-zero (fails the cell and the job)."""
    print("$ " + " ".join(shlex.quote(part) for part in command), flush=True)
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    for line in process.stdout:
        text = ANSI_ESCAPE.sub("", line)  # Maven's quiet mode emits bare colour resets
        if text.strip() or not line.strip():
            print(text, end="", flush=True)
    code = process.wait()
    if code != 0:
        name = os.path.basename(command[1] if command[0] == "bash" else command[0])
        raise RuntimeError("%s exited with status %d (see its output above)" % (name, code))


def local_project_copy(project_dir, local_root):
    """A copy of the project on local disk (sources only: target/, results and .env stay), refreshed on every run:
    Maven and JMeter then work off the workspace file system. Modification times are kept, so the launcher's
    'build when sources changed' check still works and a cluster builds once."""
    destination = os.path.join(local_root, "genie-jmeter")
    shutil.copytree(project_dir, destination, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("target", "results", ".git", "*.jtl", ".env"))
    return destination
# NOTEBOOK-HELPERS-END

# COMMAND ----------

# DBTITLE 1,Settings: paths, .env, workspace auth
import datetime
import tempfile

def _option(scala_option):
    return scala_option.get() if scala_option.isDefined() else None


if ON_DATABRICKS:
    _context = dbutils.notebook.entry_point.getDbutils().notebook().getContext()  # noqa: F821
    _notebook_path = _option(_context.notebookPath())
    _context_host = _option(_context.apiUrl())
    _context_token = _option(_context.apiToken())  # secret: only ever put into the subprocess environment
    _here = os.getcwd()
else:
    _notebook_path, _context_host, _context_token = None, None, None
    _here = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()

NOTEBOOK_DIR = notebook_dir(_notebook_path, _here)
PROJECT_DIR = os.path.dirname(NOTEBOOK_DIR)
if not os.path.isfile(os.path.join(PROJECT_DIR, "bin", "genie-loadtest")):
    raise FileNotFoundError("bin/genie-loadtest not found in %s: upload the whole genie-jmeter project (pom.xml, src, "
                            "bin, testplans, notebooks) and run this notebook from its notebooks/ folder."
                            % PROJECT_DIR)

DOTENV_PATH = os.path.join(PROJECT_DIR, ".env")
DOTENV = {}
if os.path.isfile(DOTENV_PATH):
    with open(DOTENV_PATH, encoding="utf-8") as f:
        DOTENV = parse_dotenv(f.read())
    print("Settings from %s: %s" % (DOTENV_PATH, ", ".join(sorted(DOTENV)) or "(none)"))
else:
    print("No .env in %s: settings come from the environment and the notebook context." % PROJECT_DIR)

# What the launcher will see (the environment wins over .env, as in the launcher). Only for decisions here: the
# launcher reads .env itself (its working directory is the project), with ${...} expansion this notebook lacks.
SETTINGS = dict(DOTENV, **os.environ)
_auth = workspace_auth_env(SETTINGS, _context_host, _context_token)
RUN_ENV = dict(os.environ, **_auth)
if _auth:
    print("Workspace: %s with this notebook's token (from the notebook context, not shown)" % _auth["DATABRICKS_HOST"])
elif SETTINGS.get("DATABRICKS_HOST") or SETTINGS.get("DATABRICKS_CONFIG_PROFILE"):
    print("Workspace: %s (from the environment / .env)"
          % (SETTINGS.get("DATABRICKS_HOST") or "profile " + SETTINGS["DATABRICKS_CONFIG_PROFILE"]))
else:
    print("No workspace configured: the load test targets the embedded Genie simulator.")

WIDGETS = {name: dbutils.widgets.get(name) for name in
           ("conversations_file", "user_count", "spawn_rate", "run_time", "sample_size", "seed", "min_wait",
            "max_wait", "results_dir", "target", "install_tools", "extra_args")}
CONVERSATIONS_FILE = resolve_path(NOTEBOOK_DIR, WIDGETS["conversations_file"])
STAMP = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
RESULTS_DIR = os.path.join(resolve_path(NOTEBOOK_DIR, WIDGETS["results_dir"]), STAMP)
LOCAL_ROOT = "/local_disk0/tmp" if os.path.isdir("/local_disk0") else tempfile.gettempdir()
# JMeter appends to its JTL and writes the dashboard file by file: on a workspace mount it writes locally first.
JMETER_RESULTS_DIR = os.path.join(LOCAL_ROOT, "genie-jmeter-results", STAMP) if is_fuse_path(RESULTS_DIR) \
    else RESULTS_DIR
LOADTEST_ARGS = build_loadtest_args(WIDGETS, CONVERSATIONS_FILE, JMETER_RESULTS_DIR)
print("Conversations: %s\nResults:       %s" % (CONVERSATIONS_FILE, RESULTS_DIR))

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
def _probe(java):
    try:
        return subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except OSError:
        return None


JAVA_HOME = find_java_home(java_home_candidates(SETTINGS, shutil.which("java")), _probe)
if (JAVA_HOME is None or shutil.which("mvn") is None) and WIDGETS["install_tools"] == "true" \
        and shutil.which("apt-get"):
    packages = ([] if JAVA_HOME else ["openjdk-17-jdk-headless"]) + ([] if shutil.which("mvn") else ["maven"])
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run_streaming(sudo + ["apt-get", "update", "-q"], None, apt_env)
    run_streaming(sudo + ["apt-get", "install", "-y", "-q"] + packages, None, apt_env)
    JAVA_HOME = find_java_home(java_home_candidates(SETTINGS, shutil.which("java")), _probe)
if JAVA_HOME is None or shutil.which("mvn") is None:
    raise RuntimeError("Java 17+ (%s) and Maven (%s) are needed: install them (apt-get install -y "
                       "openjdk-17-jdk-headless maven), or set install_tools to true."
                       % (JAVA_HOME or "missing", shutil.which("mvn") or "missing"))
RUN_ENV["JAVA_HOME"] = JAVA_HOME
RUN_ENV["PATH"] = os.path.join(JAVA_HOME, "bin") + os.pathsep + RUN_ENV.get("PATH", "")
print("Java: %s\nMaven: %s" % (JAVA_HOME, shutil.which("mvn")))

# COMMAND ----------

# DBTITLE 1,Run the load test
RUN_PROJECT_DIR = local_project_copy(PROJECT_DIR, LOCAL_ROOT) if is_fuse_path(PROJECT_DIR) else PROJECT_DIR
# The working directory is the project in the workspace, so the launcher reads the same .env as this notebook.
try:
    run_streaming(["bash", os.path.join(RUN_PROJECT_DIR, "bin", "genie-loadtest")] + LOADTEST_ARGS, PROJECT_DIR,
                  RUN_ENV)
finally:  # also after a failed run: its jmeter.log says why
    if JMETER_RESULTS_DIR != RESULTS_DIR and os.path.isdir(JMETER_RESULTS_DIR):
        shutil.copytree(JMETER_RESULTS_DIR, RESULTS_DIR, dirs_exist_ok=True)
        print("Results copied to %s" % RESULTS_DIR)

# COMMAND ----------

# DBTITLE 1,Results as DataFrames
JTL = os.path.join(JMETER_RESULTS_DIR, "results.jtl")
SUMMARY_CSV = os.path.join(JMETER_RESULTS_DIR, "summary.csv")
summary_rows, failure_rows = summarize_jtl(JTL)
if os.path.isfile(SUMMARY_CSV):
    summary_rows = read_summary_csv(SUMMARY_CSV)  # the launcher's own table, same figures


def show(title, rows, view):
    """display() a DataFrame (also as temp view `view` for SQL) on Databricks; a plain table elsewhere."""
    print(title)
    if not rows:
        print("  (none)")
        return
    try:
        import pandas as pd

        frame = pd.DataFrame(rows)
        if ON_DATABRICKS:
            spark.createDataFrame(frame).createOrReplaceTempView(view)  # noqa: F821
            display(frame)  # noqa: F821
            return
        print(frame.to_string(index=False))
    except ImportError:
        for r in rows:
            print("  " + " | ".join(str(v) for v in r.values()))


show("Statistics per request (temp view genie_summary):", summary_rows, "genie_summary")
show("Failures by request and response code (temp view genie_failures):", failure_rows, "genie_failures")
print("Results (JTL):  %s" % os.path.join(RESULTS_DIR, "results.jtl"))
print("Summary (CSV):  %s" % os.path.join(RESULTS_DIR, "summary.csv"))
print("HTML dashboard: %s (download the dashboard folder and open index.html)"
      % os.path.join(RESULTS_DIR, "dashboard", "index.html"))
