# Databricks notebook source
# MAGIC %md
# MAGIC # Export Genie conversations
# MAGIC
# MAGIC Downloads the questions people asked a Genie space into `output` (default `../conversations.yaml`, the project
# MAGIC root), the input of the `load_test` notebook, with `bin/export-conversations`. The counterpart of the original
# MAGIC tool's `notebooks/export_conversations.py`.
# MAGIC
# MAGIC Set the widgets and **Run all** (also works as a job task). The space id defaults to `GENIE_SPACE_ID` from the
# MAGIC project's `.env`; the workspace and a token come from this notebook's context unless `.env` sets
# MAGIC `DATABRICKS_HOST`. `include_all` needs CAN MANAGE on the space. Needs Java 17+ and Maven on the driver (installed
# MAGIC with `apt-get` when missing and `install_tools` is `true`).

# COMMAND ----------

# Widgets. Empty optional widgets mean "no limit".
try:
    dbutils  # noqa: F821 - defined in every Databricks notebook
    ON_DATABRICKS = True
except NameError:  # run as a plain Python script (python3 notebooks/export_conversations.py): GENIE_WIDGET_<NAME>
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

# COMMAND ----------

# DBTITLE 1,Helpers (pure Python; NotebooksTest runs them with python3)
# NOTEBOOK-HELPERS-BEGIN
import glob
import os
import re
import shlex
import shutil
import subprocess
import tempfile

# Mounts that do not support everything Maven does to files (many small writes, appending): the project is built on
# local disk there, and the export is written locally, then copied.
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


def build_export_args(widgets, output_file):
    """The bin/export-conversations options for these widget values; an empty space id is left to GENIE_SPACE_ID."""
    args = ["--output", output_file]
    space_id = (widgets.get("space_id") or "").strip()
    if space_id:
        args += ["--space-id", space_id]
    if (widgets.get("include_all") or "").strip().lower() == "true":
        args.append("--include-all")
    limit = (widgets.get("max_conversations") or "").strip()
    if limit:
        if not limit.isdigit() or int(limit) <= 0:
            raise ValueError("Widget max_conversations: '%s' is not a whole number greater than 0 (leave it empty "
                             "for all conversations)" % limit)
        args += ["--max-conversations", limit]
    for widget, option in (("from_time", "--from"), ("to_time", "--to")):
        value = (widgets.get(widget) or "").strip()
        if value:
            args += [option, value]
    return args


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

# DBTITLE 1,Settings: paths, .env, workspace auth, widgets
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
if not os.path.isfile(os.path.join(PROJECT_DIR, "bin", "export-conversations")):
    raise FileNotFoundError("bin/export-conversations not found in %s: upload the whole genie-jmeter project (pom.xml, "
                            "src, bin, testplans, notebooks) and run this notebook from its notebooks/ folder."
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
    print("No workspace configured: the export reads the embedded Genie simulator (see the README).")

dbutils.widgets.text("space_id", SETTINGS.get("GENIE_SPACE_ID", ""), "Genie space id (default GENIE_SPACE_ID)")
dbutils.widgets.dropdown("include_all", "true", ["true", "false"], "All users' conversations (CAN MANAGE)")
dbutils.widgets.text("max_conversations", "", "Max conversations (empty: all)")
dbutils.widgets.text("from_time", "", "From (7d, 2026-01-15, ...; empty: no limit)")
dbutils.widgets.text("to_time", "", "To (empty: no limit)")
dbutils.widgets.text("output", "../conversations.yaml", "Output file")
dbutils.widgets.dropdown("install_tools", "true", ["true", "false"], "Install Java 17/Maven if missing")

WIDGETS = {name: dbutils.widgets.get(name) for name in
           ("space_id", "include_all", "max_conversations", "from_time", "to_time", "output", "install_tools")}
OUTPUT_FILE = resolve_path(NOTEBOOK_DIR, WIDGETS["output"])
LOCAL_ROOT = "/local_disk0/tmp" if os.path.isdir("/local_disk0") else tempfile.gettempdir()
# The exporter replaces its output atomically (temporary file + rename in the same folder); on a workspace mount it
# writes on local disk, and the finished file is copied.
EXPORT_FILE = os.path.join(tempfile.mkdtemp(dir=LOCAL_ROOT), os.path.basename(OUTPUT_FILE)) \
    if is_fuse_path(OUTPUT_FILE) else OUTPUT_FILE
EXPORT_ARGS = build_export_args(WIDGETS, EXPORT_FILE)

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

# DBTITLE 1,Export
RUN_PROJECT_DIR = local_project_copy(PROJECT_DIR, LOCAL_ROOT) if is_fuse_path(PROJECT_DIR) else PROJECT_DIR
os.makedirs(os.path.dirname(EXPORT_FILE), exist_ok=True)  # the exporter writes into an existing folder only
# The working directory is the project in the workspace, so the exporter reads the same .env as this notebook.
run_streaming(["bash", os.path.join(RUN_PROJECT_DIR, "bin", "export-conversations")] + EXPORT_ARGS, PROJECT_DIR,
              RUN_ENV)
if EXPORT_FILE != OUTPUT_FILE:
    os.makedirs(os.path.dirname(OUTPUT_FILE), exist_ok=True)
    shutil.copyfile(EXPORT_FILE, OUTPUT_FILE)
    print("Copied to %s" % OUTPUT_FILE)
print("Next: run the load_test notebook with conversations_file = %s" % WIDGETS["output"])
