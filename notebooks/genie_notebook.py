"""Code shared by the genie-jmeter notebooks (export_conversations, load_test, load_test_in_memory_semantic,
load_test_cached, analyze_results, compare_runs): a plain Python module, not a notebook.

The notebooks import it from their own folder, which works where they run: as Databricks workspace files or a Git
folder (Databricks runs a notebook with its folder as the working directory), and as plain scripts here
(`python3 notebooks/load_test.py`, widgets from GENIE_WIDGET_<NAME> variables). It needs nothing but the standard
library (matplotlib is used for charts where it can be imported, else charts are SVG drawn here): on Databricks it
gets dbutils, spark and display from the notebook.

Every widget is declared once, in WIDGETS. To read that table from another language:
    python3 notebooks/genie_notebook.py widgets
prints it as a JSON array, one object per widget with the fields of Widget.
"""
import collections
import csv
import datetime
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

Widget = collections.namedtuple("Widget", "name notebooks option env default choices description")
Widget.__doc__ = """One notebook widget.

name        the widget (and job parameter) name
notebooks   the notebooks that declare it
option      the launcher/exporter option its value becomes (None: used by the notebook itself)
env         the .env / environment variable the same setting has (None: none); such a widget left empty leaves
            the option out, so the launcher takes that variable, else its own default
default     the widget's default value (a string, as every widget value); a widget without env left empty
            takes it
choices     the values of a dropdown; None for a text widget
description one line, shown as the widget's label
"""

LOAD_TEST = "load_test"
IN_MEMORY_SEMANTIC = "load_test_in_memory_semantic"
CACHED = "load_test_cached"
EXPORT = "export_conversations"
ANALYZE = "analyze_results"
COMPARE = "compare_runs"
CACHE_NOTEBOOKS = (IN_MEMORY_SEMANTIC, CACHED)
LOAD_TESTS = (LOAD_TEST,) + CACHE_NOTEBOOKS
ALL_NOTEBOOKS = (EXPORT,) + LOAD_TESTS
TRUE_FALSE = ("true", "false")

WIDGETS = (
    # The original load-test notebook's four widgets and defaults, then the launcher's other options.
    Widget("conversations_file", LOAD_TESTS, "--conversations", "GENIE_CONVERSATIONS_FILE", "../conversations.yaml",
           None, "Conversations file, relative to this folder (empty: GENIE_CONVERSATIONS_FILE or the launcher's)"),
    Widget("user_count", LOAD_TESTS, "--users", None, "10", None, "Users"),
    Widget("spawn_rate", LOAD_TESTS, "--spawn-rate", None, "2", None, "Spawn rate (users/s)"),
    Widget("run_time", LOAD_TESTS, "--run-time", None, "5m", None, "Run time (30s, 5m, 1h)"),
    Widget("sample_size", LOAD_TESTS, "--sample-size", "GENIE_SAMPLE_SIZE", "", None,
           "Sample size (empty: GENIE_SAMPLE_SIZE or all)"),
    Widget("seed", LOAD_TESTS, "--seed", "GENIE_SAMPLE_SEED", "", None, "Seed (empty: GENIE_SAMPLE_SEED or new)"),
    Widget("min_wait", LOAD_TESTS, "--min-wait", "GENIE_MIN_WAIT", "", None,
           "Min wait s (empty: GENIE_MIN_WAIT or 8)"),
    Widget("max_wait", LOAD_TESTS, "--max-wait", "GENIE_MAX_WAIT", "", None,
           "Max wait s (empty: GENIE_MAX_WAIT or 30)"),
    Widget("results_dir", LOAD_TESTS, "--results-dir", None, "../results", None,
           "Results folder, relative to this folder (one subfolder per run)"),
    Widget("target", LOAD_TESTS, "--target", "GENIE_TARGET", "auto", ("auto", "workspace", "simulator"),
           "Target (auto: GENIE_TARGET, else the workspace if configured, else the simulator)"),
    Widget("extra_args", LOAD_TESTS, None, None, "", None, "More options of the launcher (bin/genie-loadtest...)"),
    Widget("enrich", LOAD_TESTS, "--enrich", None, "false", TRUE_FALSE,
           "Add each statement's SQL warehouse times from system.query.history (a workspace needs GENIE_WAREHOUSE_ID)"),
    Widget("results_table", LOAD_TESTS, None, None, "", None,
           "Unity Catalog table to append this run's detailed_metrics.csv to, catalog.schema.table (empty: "
           "MLFLOW_UC_CATALOG.MLFLOW_UC_SCHEMA.genie_detailed_metrics if both are set, else no export)"),
    # The export notebook's.
    Widget("space_id", (EXPORT,), "--space-id", "GENIE_SPACE_ID", "", None, "Genie space id (empty: GENIE_SPACE_ID)"),
    Widget("include_all", (EXPORT,), "--include-all", None, "true", TRUE_FALSE,
           "All users' conversations (needs CAN MANAGE)"),
    Widget("max_conversations", (EXPORT,), "--max-conversations", None, "", None, "Max conversations (empty: all)"),
    Widget("from_time", (EXPORT,), "--from", None, "", None, "From (7d, 2026-01-15, ...; empty: no limit)"),
    Widget("to_time", (EXPORT,), "--to", None, "", None, "To (empty: no limit)"),
    Widget("output", (EXPORT,), "--output", None, "../conversations.yaml", None,
           "Output file (relative to this folder)"),
    # The cache notebooks': the cache settings (empty: the setting from .env, else its default). The Lakebase one has
    # no in-memory semantic cache (capacity), but a database for it (lakebase_instance, pg_url).
    Widget("warehouse_id", CACHE_NOTEBOOKS, "--warehouse-id", "GENIE_WAREHOUSE_ID", "", None,
           "SQL warehouse that re-runs cached SQL (empty: GENIE_WAREHOUSE_ID; the simulator needs none)"),
    Widget("lru_capacity", CACHE_NOTEBOOKS, "--lru-capacity", "GENIE_LRU_CAPACITY", "", None,
           "Exact-match cache entries (empty: GENIE_LRU_CAPACITY or 100)"),
    Widget("capacity", (IN_MEMORY_SEMANTIC,), "--capacity", "GENIE_CACHE_CAPACITY", "", None,
           "Semantic cache entries (empty: GENIE_CACHE_CAPACITY or 1000)"),
    Widget("cache_ttl", CACHE_NOTEBOOKS, "--cache-ttl", "GENIE_CACHE_TTL", "", None,
           "Cache entry lifetime s (empty: GENIE_CACHE_TTL or 86400)"),
    Widget("similarity_threshold", CACHE_NOTEBOOKS, "--similarity-threshold", "GENIE_SIMILARITY_THRESHOLD",
           "", None, "Least question similarity for a semantic hit (empty: GENIE_SIMILARITY_THRESHOLD or 0.85)"),
    Widget("context_window_size", CACHE_NOTEBOOKS, "--context-window-size", "GENIE_CONTEXT_WINDOW_SIZE", "",
           None, "Previous messages forming the context (empty: GENIE_CONTEXT_WINDOW_SIZE or 3)"),
    Widget("context_similarity_threshold", CACHE_NOTEBOOKS, "--context-similarity-threshold",
           "GENIE_CONTEXT_SIMILARITY_THRESHOLD", "", None,
           "Least context similarity for a semantic hit (empty: GENIE_CONTEXT_SIMILARITY_THRESHOLD or 0.80)"),
    Widget("embedding_model", CACHE_NOTEBOOKS, "--embedding-model", "GENIE_EMBEDDING_MODEL", "", None,
           "Embedding serving endpoint (empty: GENIE_EMBEDDING_MODEL or databricks-gte-large-en)"),
    Widget("cache_scope", CACHE_NOTEBOOKS, "--cache-scope", "GENIE_CACHE_SCOPE", "", None,
           "Cache scope: shared or per-user (empty: GENIE_CACHE_SCOPE or shared)"),
    Widget("lakebase_instance", (CACHED,), "--lakebase-instance", "GENIE_LAKEBASE_INSTANCE", "", None,
           "Lakebase instance holding the semantic cache (empty: GENIE_LAKEBASE_INSTANCE)"),
    Widget("pg_url", (CACHED,), "--pg-url", "GENIE_PG_URL", "", None,
           "Or any PostgreSQL with pgvector: its JDBC URL, no password in it (empty: GENIE_PG_URL)"),
    # Every notebook.
    Widget("secret_scope", ALL_NOTEBOOKS, None, None, "", None,
           "Secret scope whose keys (e.g. DATABRICKS_TOKEN) become environment variables (empty: none)"),
    Widget("install_tools", ALL_NOTEBOOKS + (COMPARE,), None, None, "true", TRUE_FALSE,
           "Install Java 17/Maven if missing"),
    # The analysis notebooks': they read result files; compare_runs may run bin/genie-compare (so install_tools).
    Widget("run_dir", (ANALYZE,), None, None, "../results", None,
           "A run's results folder, relative to this folder (a folder of runs: the newest)"),
    Widget("run_dirs", (COMPARE,), None, None, "../results", None,
           "A capacity folder (capacity.csv), or results folders separated by commas (bin/genie-compare)"),
)

# The cache settings' widgets: options only the cache notebooks have, passed to their launcher when set. Taken from
# the table, so a widget cannot be declared and then left out.
CACHE_WIDGETS = tuple(w.name for w in WIDGETS if w.option and set(w.notebooks) <= set(CACHE_NOTEBOOKS))

# The Lakebase notebook's login, as in the original: the service principal's id and secret from these keys of this
# secret scope, each falling back to its variable in the environment / .env; passed to the launcher in its
# environment as that variable, never on its command line, never printed.
LAKEBASE_SECRET_SCOPE = "genie-loadtest"
LAKEBASE_SECRETS = (("lakebase-client-id", "GENIE_LAKEBASE_CLIENT_ID"),
                    ("lakebase-client-secret", "GENIE_LAKEBASE_CLIENT_SECRET"))

# Mounts that do not support everything Maven and JMeter do to files (appending, many small writes): the project is
# built, and the launchers write, on local disk there; results are copied afterwards.
FUSE_PREFIXES = ("/Workspace/", "/dbfs/", "/Volumes/")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# The launcher's summary.csv (io.geniejmeter.cli.JtlSummary) and the failed samples of its JTL, with Spark types.
SUMMARY_COLUMNS = (("Type", "string"), ("Name", "string"), ("Requests", "bigint"), ("Failures", "bigint"),
                   ("Median ms", "bigint"), ("95% ms", "bigint"), ("Requests/s", "double"))
FAILED_SAMPLE_COLUMNS = (("Time", "string"), ("Label", "string"), ("Response code", "string"),
                         ("Message", "string"), ("Elapsed ms", "bigint"))


# The in-memory semantic cache notebook: the launcher's request types (its summary.csv's Type column) and the figures
# of the test_complete line it prints at the end (the original tool's line, plus cache_errors and failed_reruns).
REQUEST_TYPES = ("GENIE_LRU_HIT", "GENIE_SEMANTIC_HIT", "GENIE_LIVE")
HIT_RATE_COLUMNS = (("Request type", "string"), ("Requests", "bigint"), ("Share %", "double"))
TEST_COMPLETE_COLUMNS = (("total_requests", "bigint"), ("lru_hits", "bigint"), ("lru_hit_rate", "double"),
                         ("semantic_hits", "bigint"), ("semantic_hit_rate", "double"), ("misses", "bigint"),
                         ("miss_rate", "double"), ("cache_errors", "bigint"), ("failed_reruns", "bigint"))


def widgets_of(notebook):
    return [w for w in WIDGETS if notebook in w.notebooks]


# ---------------------------------------------------------------------------------------------------------------------
# The notebook's surroundings: dbutils, spark and display on Databricks; stand-ins for a plain python3 run.

class LocalWidgets:
    """dbutils.widgets outside Databricks: the default, or the GENIE_WIDGET_<NAME> environment variable."""

    def __init__(self):
        self._defaults = {}

    def text(self, name, defaultValue, label=None):
        self._defaults[name] = defaultValue

    def dropdown(self, name, defaultValue, choices, label=None):
        self._defaults[name] = defaultValue

    def get(self, name):
        return os.environ.get("GENIE_WIDGET_" + name.upper(), self._defaults[name])


class LocalDbutils:
    """What a plain python3 run has of dbutils: widgets only (no notebook context, no secrets)."""

    def __init__(self):
        self.widgets = LocalWidgets()


class Notebook:
    """The notebook this module serves: reads its widgets, context and secrets, and shows tables.

    namespace is the notebook's globals(): dbutils, spark and display there mean Databricks (or a test's
    stand-ins); without dbutils it is a plain python3 run.
    """

    def __init__(self, namespace, name):
        self.name = name
        self.on_databricks = "dbutils" in namespace
        self.dbutils = namespace["dbutils"] if self.on_databricks else LocalDbutils()
        self.spark = namespace.get("spark")
        self.display = namespace.get("display")
        self.display_html = namespace.get("displayHTML")
        self.script_file = namespace.get("__file__")

    def widgets(self):
        """Declares this notebook's widgets (as WIDGETS says) and returns their values by name: an empty one stays
        empty where it stands for a .env variable (the launcher then reads that), else it takes its default."""
        mine = widgets_of(self.name)
        for w in mine:
            if w.choices:
                self.dbutils.widgets.dropdown(w.name, w.default, list(w.choices), w.description)
            else:
                self.dbutils.widgets.text(w.name, w.default, w.description)
        values = {w.name: self.dbutils.widgets.get(w.name) for w in mine}
        return {w.name: w.default if w.env is None and not values[w.name].strip() else values[w.name] for w in mine}

    def context(self):
        """(notebook path, workspace URL, API token) of the notebook context; Nones outside Databricks. The token is a
        secret: only ever put into a subprocess environment."""
        if not self.on_databricks:
            return None, None, None
        context = self.dbutils.notebook.entry_point.getDbutils().notebook().getContext()
        return _option(context.notebookPath()), _option(context.apiUrl()), _option(context.apiToken())

    def folder(self, context_notebook_path):
        """The folder of this notebook (see notebook_dir)."""
        if self.script_file:
            return os.path.dirname(os.path.abspath(self.script_file))
        return notebook_dir(context_notebook_path, os.getcwd())

    def secrets(self, scope):
        """The keys of a secret scope that are environment variable names, with their values ({} for no scope)."""
        scope = (scope or "").strip()
        if not scope:
            return {}
        if not self.on_databricks:
            raise ValueError("Widget secret_scope: secret scopes exist on Databricks only; outside it, set the "
                             "variables in the environment")
        keys = [s.key for s in self.dbutils.secrets.list(scope)]
        return {key: self.dbutils.secrets.get(scope=scope, key=key) for key in keys if ENV_NAME.match(key)}

    def optional_secrets(self, scope, keys):
        """The values of those of `keys` that secret scope `scope` has ({} outside Databricks, or when the scope does
        not exist or this user may not read it): for settings that have a fallback."""
        if not self.on_databricks:
            return {}
        try:
            present = {s.key for s in self.dbutils.secrets.list(scope)}
        except Exception as e:  # dbutils raises a JVM error, whose type Python cannot name, for a missing scope
            print("Secret scope %s not readable (%s): using the environment / .env" % (scope, str(e).split("\n")[0]))
            return {}
        return {key: self.dbutils.secrets.get(scope=scope, key=key) for key in keys if key in present}

    def show(self, title, columns, rows, view):
        """A table: on Databricks a DataFrame, shown and kept as temp view `view` for SQL; elsewhere plain text."""
        print(title)
        if self.on_databricks:
            schema = ", ".join("`%s` %s" % column for column in columns)
            frame = self.spark.createDataFrame([tuple(r[name] for name, _ in columns) for r in rows], schema)
            frame.createOrReplaceTempView(view)
            self.display(frame)
            return
        print("  " + " | ".join(name for name, _ in columns))
        for r in rows or [{name: "" for name, _ in columns}]:
            print("  " + " | ".join(str(r[name]) for name, _ in columns))


def _option(scala_option):
    return scala_option.get() if scala_option.isDefined() else None


def notebook_dir(context_notebook_path, cwd):
    """The folder of a notebook: from the notebook context (/Users/me/genie-jmeter/notebooks/load_test, shown
    under /Workspace on the driver), else the working directory (which Databricks sets to it as well)."""
    if context_notebook_path:
        path = context_notebook_path
        if not path.startswith("/Workspace/"):
            path = "/Workspace" + path
        return os.path.dirname(path)
    return cwd


# ---------------------------------------------------------------------------------------------------------------------
# The project: its .env, the workspace to reach, Java and Maven, the bin/ launchers.

class Project:
    """The genie-jmeter project around a notebook (the notebook's parent folder) and how to run one of its bin/
    launchers: settings from .env, the environment and a secret scope; the workspace from the notebook context when
    nothing else chose one."""

    def __init__(self, notebook, launcher, secret_scope):
        notebook_path, context_host, context_token = notebook.context()
        self.notebook_dir = notebook.folder(notebook_path)
        self.dir = os.path.dirname(self.notebook_dir)
        self.launcher = launcher
        if not os.path.isfile(os.path.join(self.dir, "bin", launcher)):
            raise FileNotFoundError("bin/%s not found in %s: upload the whole genie-jmeter project (pom.xml, src, "
                                    "bin, testplans, notebooks) and run this notebook from its notebooks/ folder."
                                    % (launcher, self.dir))
        self.local_root = "/local_disk0/tmp" if os.path.isdir("/local_disk0") else tempfile.gettempdir()
        self.dotenv = self._read_dotenv()
        secrets = notebook.secrets(secret_scope)
        if secrets:
            print("From secret scope %s: %s (values not shown)" % (secret_scope.strip(), ", ".join(sorted(secrets))))
        # What the launcher will see (secrets and the environment win over .env, as in the launcher). Only for
        # decisions here: the launcher reads .env itself (its working directory is the project), with ${...}
        # expansion that this module lacks.
        self.settings = dict(self.dotenv, **dict(os.environ, **secrets))
        auth = workspace_auth_env(self.settings, context_host, context_token)
        self.run_env = dict(os.environ, **dict(secrets, **auth))
        if auth:
            print("Workspace: %s with this notebook's token (from the notebook context, not shown)"
                  % auth["DATABRICKS_HOST"])
        elif self.settings.get("DATABRICKS_HOST") or self.settings.get("DATABRICKS_CONFIG_PROFILE"):
            chosen = self.settings.get("DATABRICKS_HOST") or "profile " + self.settings["DATABRICKS_CONFIG_PROFILE"]
            print("Workspace: %s (from the environment / .env / secret scope)" % chosen)
        else:
            print("No workspace configured: bin/%s uses the embedded Genie simulator." % launcher)

    def use_lakebase_credentials(self, notebook):
        """Puts the Lakebase service principal's credentials into the launcher's environment: from the secret scope
        LAKEBASE_SECRET_SCOPE where it has them, else the environment's / .env's (the launcher reads those itself).
        Says where each came from, never its value."""
        found = notebook.optional_secrets(LAKEBASE_SECRET_SCOPE, [key for key, _ in LAKEBASE_SECRETS])
        env, sources = lakebase_credentials(found, self.settings)
        self.run_env.update(env)
        self.settings.update(env)
        for variable, source in sources.items():
            print("%s: %s (value not shown)" % (variable, source))

    def _read_dotenv(self):
        """The .env the launcher will read: GENIE_ENV_FILE (relative to the project) or the project's .env."""
        named = os.environ.get("GENIE_ENV_FILE", "").strip()
        path = os.path.normpath(os.path.join(self.dir, named or ".env"))
        if not os.path.isfile(path):
            if named:
                raise FileNotFoundError("GENIE_ENV_FILE names %s, which does not exist" % path)
            print("No .env in %s: settings come from the environment and the notebook context." % self.dir)
            return {}
        with open(path, encoding="utf-8") as f:
            values = parse_dotenv(f.read())
        print("Settings from %s: %s" % (path, ", ".join(sorted(values)) or "(none)"))
        return values

    def path(self, widget_value):
        """A path widget's value as an absolute path (relative ones start at the notebook's folder); None if empty."""
        return resolve_path(self.notebook_dir, widget_value.strip()) if widget_value.strip() else None

    def local_path_for(self, path, name):
        """`path` itself, or, on a workspace mount, a fresh local folder + name to write first and copy later."""
        if not is_fuse_path(path):
            return path
        return os.path.join(tempfile.mkdtemp(dir=self.local_root), name)

    def ensure_java_and_maven(self, install_tools):
        """Finds a Java 17+ and Maven, installing them with apt-get when missing and install_tools is 'true'; the
        launcher then runs with that JAVA_HOME."""
        java_home = find_java_home(java_home_candidates(self.settings, shutil.which("java")), _java_version)
        if (java_home is None or shutil.which("mvn") is None) and install_tools == "true" and shutil.which("apt-get"):
            packages = ([] if java_home else ["openjdk-17-jdk-headless"]) + ([] if shutil.which("mvn") else ["maven"])
            sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
            apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            run_streaming(sudo + ["apt-get", "update", "-q"], None, apt_env)
            run_streaming(sudo + ["apt-get", "install", "-y", "-q"] + packages, None, apt_env)
            java_home = find_java_home(java_home_candidates(self.settings, shutil.which("java")), _java_version)
        if java_home is None or shutil.which("mvn") is None:
            raise RuntimeError("Java 17+ (%s) and Maven (%s) are needed: install them (apt-get install -y "
                               "openjdk-17-jdk-headless maven), or set install_tools to true."
                               % (java_home or "missing", shutil.which("mvn") or "missing"))
        self.run_env["JAVA_HOME"] = java_home
        self.run_env["PATH"] = os.path.join(java_home, "bin") + os.pathsep + self.run_env.get("PATH", "")
        print("Java: %s\nMaven: %s" % (java_home, shutil.which("mvn")))

    def run_launcher(self, args):
        """Runs bin/<launcher> with these options and returns its output lines. Its working directory is the
        project, so it reads the same .env as this notebook; on a workspace mount it runs from a copy on local disk."""
        run_dir = local_project_copy(self.dir, self.local_root) if is_fuse_path(self.dir) else self.dir
        return run_streaming(["bash", os.path.join(run_dir, "bin", self.launcher)] + args, self.dir, self.run_env)


def lakebase_credentials(secrets_found, settings):
    """(what to add to the launcher's environment, where each credential comes from) for the Lakebase login, given the
    keys found in LAKEBASE_SECRET_SCOPE and the settings of the environment / .env: the secret scope wins."""
    env, sources = {}, {}
    for key, variable in LAKEBASE_SECRETS:
        if secrets_found.get(key):
            env[variable] = secrets_found[key]
            sources[variable] = "secret scope %s, key %s" % (LAKEBASE_SECRET_SCOPE, key)
        elif settings.get(variable):
            sources[variable] = "the environment / .env"
        else:
            sources[variable] = "not set (a Lakebase instance needs it, a PostgreSQL URL does not)"
    return env, sources


def _java_version(java):
    try:
        return subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except OSError:
        return None


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


def resolve_path(base_dir, path):
    """A widget path: absolute as is, else relative to the notebook's folder (as in the original notebooks)."""
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(base_dir, path))


def is_fuse_path(path):
    return any(path.startswith(prefix) for prefix in FUSE_PREFIXES)


def workspace_auth_env(env, context_host, context_token):
    """Environment variables to add so the launcher reaches this workspace as the notebook's user: host and token
    from the notebook context, unless the environment / .env / secrets already chose a workspace or credentials."""
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


def run_streaming(command, cwd, env):
    """Runs a command, printing its output as it comes, and returns the lines printed; raises when it exits non-zero
    (fails the cell and the job)."""
    print("$ " + " ".join(shlex.quote(part) for part in command), flush=True)
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    printed = []
    for line in process.stdout:
        text = ANSI_ESCAPE.sub("", line)  # Maven's quiet mode emits bare colour resets
        if text.strip() or not line.strip():
            print(text, end="", flush=True)
            printed.append(text.rstrip("\n"))
    code = process.wait()
    if code != 0:
        name = os.path.basename(command[1] if command[0] == "bash" else command[0])
        raise RuntimeError("%s exited with status %d (see its output above)" % (name, code))
    return printed


def local_project_copy(project_dir, local_root):
    """A copy of the project on local disk (sources only: target/, results and .env stay), refreshed on every run:
    Maven and JMeter then work off the workspace file system. Modification times are kept, so the launcher's
    'build when sources changed' check still works and a cluster builds once."""
    destination = os.path.join(local_root, "genie-jmeter")
    shutil.copytree(project_dir, destination, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("target", "results", ".git", "*.jtl", ".env", "__pycache__"))
    return destination


def copy_if_moved(written, wanted):
    """Copies what a launcher wrote on local disk (a file or a folder) to where the user asked for it."""
    if written == wanted or not os.path.exists(written):
        return
    if os.path.isdir(written):
        shutil.copytree(written, wanted, dirs_exist_ok=True)
    else:
        os.makedirs(os.path.dirname(wanted), exist_ok=True)
        shutil.copyfile(written, wanted)
    print("Copied to %s" % wanted)


# ---------------------------------------------------------------------------------------------------------------------
# Options of the launchers, and what they write.

def option_of(name):
    return next(w.option for w in WIDGETS if w.name == name)


def positive_number(name, value, integer):
    """A widget value that must be a positive number; the error names the widget."""
    try:
        number = int(value) if integer else float(value)
    except (TypeError, ValueError):
        raise ValueError("Widget %s: '%s' is not a %s" % (name, value, "whole number" if integer else "number"))
    if number <= 0:
        raise ValueError("Widget %s: must be greater than 0 (got %s)" % (name, value))
    return value.strip()


def _optional(widgets, names):
    """The options of the widgets among `names` that have a value; empty ones are left to .env or the default."""
    args = []
    for name in names:
        value = (widgets.get(name) or "").strip()
        if value:
            args += [option_of(name), value]
    return args


def build_loadtest_args(widgets, conversations_file, results_dir):
    """The bin/genie-loadtest options for these widget values (the cache launchers take the same, plus the cache
    widgets' options where those have a value); no conversations file (None) leaves it to GENIE_CONVERSATIONS_FILE or
    the launcher's default."""
    args = ["--headless",
            option_of("user_count"), positive_number("user_count", widgets["user_count"], True),
            option_of("spawn_rate"), positive_number("spawn_rate", widgets["spawn_rate"], False),
            option_of("run_time"), widgets["run_time"].strip()]
    if conversations_file:
        args += [option_of("conversations_file"), conversations_file]
    args += [option_of("results_dir"), results_dir,
             # failed requests are shown in the tables; only a test that could not run fails the cell
             "--exit-code-on-error", "0"]
    args += _optional(widgets, ("sample_size", "seed", "min_wait", "max_wait") + CACHE_WIDGETS)
    if (widgets.get("enrich") or "").strip().lower() == "true":
        args.append(option_of("enrich"))
    target = (widgets.get("target") or "auto").strip()
    if target != "auto":  # auto leaves the choice to GENIE_TARGET (.env, environment), else the launcher's auto
        args += [option_of("target"), target]
    return args + shlex.split(widgets.get("extra_args") or "")


def build_export_args(widgets, output_file):
    """The bin/export-conversations options for these widget values; an empty space id is left to GENIE_SPACE_ID."""
    limit = (widgets.get("max_conversations") or "").strip()
    if limit and (not limit.isdigit() or int(limit) <= 0):
        raise ValueError("Widget max_conversations: '%s' is not a whole number greater than 0 (leave it empty "
                         "for all conversations)" % limit)
    args = [option_of("output"), output_file] + _optional(widgets, ("space_id",))
    if (widgets.get("include_all") or "").strip().lower() == "true":
        args.append(option_of("include_all"))
    return args + _optional(widgets, ("max_conversations", "from_time", "to_time"))


def run_folder(results_root, local_root):
    """(where the results of a run go, where JMeter writes them): a new time-stamped folder under results_root;
    JMeter appends to its JTL and writes the dashboard file by file, so on a workspace mount it writes locally."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = os.path.join(results_root, stamp)
    return results, os.path.join(local_root, "genie-jmeter-results", stamp) if is_fuse_path(results) else results


# ---------------------------------------------------------------------------------------------------------------------
# Export of a run's detailed_metrics.csv to a Unity Catalog table (the original's genie_detailed_metrics).

DETAIL_FILE = "detailed_metrics.csv"
ORIGINAL_TABLE_NAME = "genie_detailed_metrics"
_NAME_PART = r"(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`)"
TABLE_NAME = re.compile(r"^%s(?:\.%s){0,2}$" % (_NAME_PART, _NAME_PART))
WHOLE_NUMBER = re.compile(r"^-?[0-9]+$")


def results_table(widget_value, settings):
    """The table to export to: the widget's, else the original's MLFLOW_UC_CATALOG.MLFLOW_UC_SCHEMA.
    genie_detailed_metrics when both variables are set (environment / .env), else None (no export). Raises for a
    name that is not a one- to three-part table name (it goes into SQL text, where no parameter can stand)."""
    table = (widget_value or "").strip()
    if not table and settings.get("MLFLOW_UC_CATALOG") and settings.get("MLFLOW_UC_SCHEMA"):
        table = "%s.%s.%s" % (settings["MLFLOW_UC_CATALOG"].strip(), settings["MLFLOW_UC_SCHEMA"].strip(),
                              ORIGINAL_TABLE_NAME)
    if table and not TABLE_NAME.match(table):
        raise ValueError("Widget results_table: '%s' is not a table name: use catalog.schema.table (letters, "
                         "digits, underscores, or `back-quoted` parts)" % table)
    return table or None


def read_detail_csv(path, run_id):
    """(columns as (name, Spark type) pairs, rows as tuples) of a detailed_metrics.csv: success as boolean, columns
    whose every value is a whole number as bigint (ids excepted), the rest as string (empty fields are null). A file
    without run_id gets `run_id`."""
    with open(path, newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
        header = list(records[0].keys()) if records else []
    if not header:
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f), [])
    if "run_id" not in header:
        header = ["run_id"] + header
        for r in records:
            r["run_id"] = run_id
    types = {}
    for name in header:
        values = [r[name] for r in records if r.get(name) not in (None, "")]
        if name == "success":
            types[name] = "boolean"
        elif values and not name.endswith("_id") and all(WHOLE_NUMBER.match(v) for v in values):
            types[name] = "bigint"
        else:
            types[name] = "string"

    def typed(name, value):
        if value in (None, ""):
            return None
        if types[name] == "boolean":
            return value.strip().lower() == "true"
        return int(value) if types[name] == "bigint" else value
    return [(name, types[name]) for name in header], [tuple(typed(name, r.get(name)) for name in header)
                                                      for r in records]


def export_detail(spark, table, run_folder):
    """Appends the run's detailed_metrics.csv to the table (created on first use), after deleting the rows of the
    same run_id: running it again for a run replaces that run's rows instead of adding them twice. New columns (e.g.
    the sql_* ones of an enrichment done later) are added to the table. Returns (run ids, rows written)."""
    path = os.path.join(run_folder, DETAIL_FILE)
    if not os.path.isfile(path):
        raise FileNotFoundError("No %s in %s: the run wrote no per-request detail" % (DETAIL_FILE, run_folder))
    folder_name = os.path.basename(os.path.normpath(run_folder))
    columns, rows = read_detail_csv(path, folder_name)
    run_index = [name for name, _ in columns].index("run_id")
    run_ids = sorted({str(r[run_index]) for r in rows if r[run_index] is not None}) or [folder_name]
    if spark.catalog.tableExists(table):
        for run_id in run_ids:
            spark.sql("DELETE FROM %s WHERE run_id = :run_id" % table, args={"run_id": run_id})
    frame = spark.createDataFrame(rows, ", ".join("`%s` %s" % column for column in columns))
    frame.write.mode("append").option("mergeSchema", "true").saveAsTable(table)
    return run_ids, len(rows)


def export_run(notebook, project, widgets, run_folder):
    """The notebooks' export step: the run's detail rows to the results table, if one is set (see results_table)."""
    table = results_table(widgets.get("results_table"), project.settings)
    if table is None:
        print("No results_table (nor MLFLOW_UC_CATALOG and MLFLOW_UC_SCHEMA): the run is not exported to a table.")
        return None
    if notebook.spark is None:
        print("No Spark here: %s of %s is not exported to %s." % (DETAIL_FILE, run_folder, table))
        return None
    run_ids, count = export_detail(notebook.spark, table, run_folder)
    print("Exported %d rows of run %s to %s (earlier rows of that run replaced)." % (count, ", ".join(run_ids), table))
    return table


def read_summary_csv(path):
    """The launcher's summary.csv (Type,Name,Requests,Failures,Median ms,95% ms,Requests/s) with typed numbers."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for key in ("Requests", "Failures", "Median ms", "95% ms"):
            r[key] = int(r[key])
        r["Requests/s"] = float(r["Requests/s"])
    return rows


def hit_rates(summary_rows):
    """Requests per request type (LRU hit, semantic hit, live) from summary.csv's rows, each with its share of all
    requests in percent (one decimal); a type the run did not see has 0 requests."""
    per_type = {t: sum(r["Requests"] for r in summary_rows if r["Type"] == t) for t in REQUEST_TYPES}
    total = sum(per_type.values())
    return [{"Request type": t, "Requests": n, "Share %": round(n * 100.0 / total, 1) if total else 0.0}
            for t, n in per_type.items()]


def test_complete_figures(output_lines):
    """The figures of the last test_complete line a cache launcher printed (rates in percent); raises when there is
    none, as then the cache's counters are unknown."""
    lines = [line.strip() for line in output_lines if line.strip().startswith("test_complete ")]
    if not lines:
        raise RuntimeError("The launcher printed no test_complete line: the cache's counters are unknown (see its "
                           "output and jmeter.log above)")
    fields = dict(part.split("=", 1) for part in lines[-1].split()[1:] if "=" in part)
    figures = {}
    for name, spark_type in TEST_COMPLETE_COLUMNS:
        if name not in fields:
            raise RuntimeError("No %s in the launcher's line: %s" % (name, lines[-1]))
        figures[name] = float(fields[name].rstrip("%")) if spark_type == "double" else int(fields[name])
    return figures


def failed_samples(jtl_path):
    """Every failed sample of a CSV JTL (the launcher's output groups them by response code; SQL can, too)."""
    with open(jtl_path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("success") is not None and r["success"].lower() != "true"]
    return [{"Time": datetime.datetime.fromtimestamp(int(r["timeStamp"]) / 1000.0, datetime.timezone.utc)
             .strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
             "Label": r["label"], "Response code": r["responseCode"], "Message": r["responseMessage"],
             "Elapsed ms": int(r["elapsed"])} for r in rows]



# ---------------------------------------------------------------------------------------------------------------------
# analyze_results and compare_runs: statistics of result files (docs/results.md, docs/capacity.md) and their charts.

JTL_FILE = "results.jtl"
CAPACITY_FILE = "capacity.csv"
# Genie's phases as the JTL names them (docs/results.md, "Genie's phases"), in the order a message goes through them.
PHASES = ("submitted", "fetching_metadata", "filtering_context", "asking_ai", "pending_warehouse", "executing_query",
          "unobserved", "result_fetch")
LATENCY_COLUMNS = (("Label", "string"), ("Requests", "bigint"), ("Failures", "bigint"), ("Mean ms", "bigint"),
                   ("Median ms", "bigint"), ("90% ms", "bigint"), ("95% ms", "bigint"), ("99% ms", "bigint"),
                   ("Max ms", "bigint"))
OVER_TIME_COLUMNS = (("From s", "bigint"), ("Requests", "bigint"), ("Failures", "bigint"), ("Median ms", "bigint"),
                     ("95% ms", "bigint"), ("Users", "bigint"))
PER_PROMPT_COLUMNS = (("Prompt", "string"), ("Requests", "bigint"), ("Failures", "bigint"), ("Median ms", "bigint"),
                      ("95% ms", "bigint"), ("Max ms", "bigint"))
PER_POSITION_COLUMNS = (("Position", "bigint"),) + PER_PROMPT_COLUMNS[1:]
PHASE_COLUMNS = (("Phase", "string"), ("Samples", "bigint"), ("Mean ms", "double"), ("Median ms", "bigint"),
                 ("95% ms", "bigint"), ("Share %", "double"))
FAILURE_COLUMNS = (("Response code", "string"), ("Failures", "bigint"), ("Share %", "double"),
                   ("Example message", "string"))


def percentile(values, q):
    """The nearest-rank percentile (as JMeter's dashboard and the launcher's summary take it); 0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def read_csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def is_success(row):
    return str(row.get("success", "")).strip().lower() == "true"


def find_run_folder(path):
    """The results folder to analyze: `path` when it holds results.jtl, else its newest subfolder that does (a
    results_dir of load_test holds one folder per run)."""
    if os.path.isfile(os.path.join(path, JTL_FILE)):
        return path
    runs = sorted(glob.glob(os.path.join(path, "*", JTL_FILE)), key=os.path.getmtime)
    if not runs:
        raise FileNotFoundError("No %s in %s nor in a folder below it: point run_dir at a run's results folder"
                                % (JTL_FILE, path))
    return os.path.dirname(runs[-1])


def _elapsed_stats(rows, key_columns):
    times = [int(r["elapsed"]) for r in rows]
    return dict(key_columns, **{"Requests": len(rows), "Failures": sum(1 for r in rows if not is_success(r)),
                                "Median ms": percentile(times, 50), "95% ms": percentile(times, 95),
                                "Max ms": max(times) if times else 0})


def latency_table(jtl_rows):
    """Response times (the JTL's elapsed, every sample) per label, then all together as "All"."""
    labels = sorted({r["label"] for r in jtl_rows})
    table = []
    for label, rows in [(l, [r for r in jtl_rows if r["label"] == l]) for l in labels] + [("All", jtl_rows)]:
        times = [int(r["elapsed"]) for r in rows]
        row = _elapsed_stats(rows, {"Label": label})
        row.update({"Mean ms": int(round(sum(times) / len(times))) if times else 0,
                    "90% ms": percentile(times, 90), "99% ms": percentile(times, 99)})
        table.append(row)
    return table


def over_time(jtl_rows, buckets=30):
    """The run cut into about `buckets` equal periods (whole seconds, at least 1) by the time a question was sent:
    requests, failures, median and 95th percentile, and the most users active (allThreads)."""
    if not jtl_rows:
        return []
    start = min(int(r["timeStamp"]) for r in jtl_rows)
    end = max(int(r["timeStamp"]) for r in jtl_rows)
    width = max(1, -(-(end - start + 1) // (buckets * 1000)))
    periods = collections.OrderedDict()
    for r in sorted(jtl_rows, key=lambda r: int(r["timeStamp"])):
        periods.setdefault((int(r["timeStamp"]) - start) // 1000 // width * width, []).append(r)
    table = []
    for offset, rows in periods.items():
        row = _elapsed_stats(rows, {"From s": offset})
        del row["Max ms"]
        row["Users"] = max(int(r.get("allThreads") or 0) for r in rows)
        table.append(row)
    return table


def grouped_by(detail_rows, column, name, convert=str):
    """Response times of detailed_metrics.csv's rows grouped by one of its columns (prompt, message_index)."""
    groups = collections.OrderedDict()
    for r in detail_rows:
        groups.setdefault(convert(r[column]), []).append(
            {"elapsed": r["duration_ms"], "success": str(r["success"]).strip().lower() == "true" and "true"})
    return [_elapsed_stats(rows, {name: key}) for key, rows in sorted(groups.items())]


def phase_table(jtl_rows):
    """Genie's phases from the JTL's genie_<phase>_ms columns, over the samples that have them (a message Genie
    answered or failed; empty for cache hits and failures before Genie made a message): samples, mean, median, 95th
    percentile, and each phase's share of the phases' summed mean."""
    table = []
    for phase in PHASES:
        values = [int(r["genie_%s_ms" % phase]) for r in jtl_rows if (r.get("genie_%s_ms" % phase) or "").strip()]
        table.append({"Phase": phase.upper(), "Samples": len(values),
                      "Mean ms": round(sum(values) / float(len(values)), 1) if values else 0.0,
                      "Median ms": percentile(values, 50), "95% ms": percentile(values, 95)})
    total = sum(r["Mean ms"] for r in table)
    for r in table:
        r["Share %"] = round(r["Mean ms"] * 100.0 / total, 1) if total else 0.0
    return table


def failures_by_kind(jtl_rows):
    """Failed samples per response code (429, SQL_EXECUTION_EXCEPTION, TIMEOUT, ...), most frequent first, each with
    its share of the failures and its first message."""
    failed = [r for r in jtl_rows if not is_success(r)]
    codes = collections.Counter(r["responseCode"] for r in failed)
    return [{"Response code": code, "Failures": n, "Share %": round(n * 100.0 / len(failed), 1),
             "Example message": next(r["responseMessage"] for r in failed if r["responseCode"] == code)}
            for code, n in sorted(codes.items(), key=lambda item: (-item[1], item[0]))]


def read_capacity_csv(path):
    """(columns as (name, Spark type), rows as dicts) of a capacity.csv (docs/capacity.md): load, unit, then numbers
    (whole numbers bigint, others double), meets_objective boolean, results_dir string."""
    rows = read_csv_rows(path)
    header = list(rows[0].keys()) if rows else []
    types = {}
    for name in header:
        values = [r[name] for r in rows if r[name] not in (None, "")]
        if name == "meets_objective":
            types[name] = "boolean"
        elif values and all(WHOLE_NUMBER.match(v) for v in values) and name != "load":
            types[name] = "bigint"
        elif values and all(_is_number(v) for v in values):
            types[name] = "double"
        else:
            types[name] = "string"
    typed = []
    for r in rows:
        typed.append({name: None if r[name] in (None, "") else
                      r[name].strip().lower() == "true" if types[name] == "boolean" else
                      int(r[name]) if types[name] == "bigint" else
                      float(r[name]) if types[name] == "double" else r[name] for name in header})
    return [(name, types[name]) for name in header], typed


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def split_dirs(widget_value):
    return [part.strip() for part in re.split(r"[,\n]", widget_value or "") if part.strip()]


def compare_plan(folders):
    """(folder holding capacity.csv, bin/genie-compare's options or None): one folder with a capacity.csv (a
    bin/genie-capacity search, or an earlier comparison) is read as it is; any other folders are compared by
    bin/genie-compare into a new compare-<yyyyMMdd-HHmmss> folder beside the first."""
    if not folders:
        raise ValueError("Widget run_dirs: name a capacity folder or results folders, separated by commas")
    for folder in folders:
        if not os.path.isdir(folder):
            raise FileNotFoundError("Widget run_dirs: %s is not a folder" % folder)
    if len(folders) == 1 and os.path.isfile(os.path.join(folders[0], CAPACITY_FILE)):
        return folders[0], None
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = os.path.join(os.path.dirname(os.path.normpath(folders[0])), "compare-" + stamp)
    return out, list(folders) + ["--results-dir", out]


# Charts: matplotlib where it is importable (Databricks runtimes have it): a PNG, shown inline. Elsewhere an SVG
# drawn here (standard library only), shown with displayHTML where the notebook has it.
SVG_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd")


def chart(notebook, folder, name, title, x_label, y_label, x, series, bars=False):
    """Draws series ({name: values at x}) against x, saves it as <folder>/<name>.png (matplotlib) or .svg, shows it
    in the notebook where it can, and returns the file's path."""
    try:
        import matplotlib
        if not notebook.on_databricks:
            matplotlib.use("Agg")  # no screen: files only
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None
    if plt is not None:
        figure, axes = plt.subplots(figsize=(8, 3.5))
        for i, (label, values) in enumerate(series.items()):
            if bars:
                width = 0.8 / len(series)
                axes.bar([j + i * width for j in range(len(x))], values, width, label=label)
                axes.set_xticks([j + 0.4 - width / 2 for j in range(len(x))])
                axes.set_xticklabels([str(v) for v in x], rotation=30, ha="right")
            else:
                axes.plot(x, values, marker="o", label=label)
        axes.set_title(title)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        axes.legend()
        figure.tight_layout()
        path = os.path.join(folder, name + ".png")
        figure.savefig(path, dpi=100)
        if notebook.on_databricks:
            plt.show()
        plt.close(figure)
    else:
        path = os.path.join(folder, name + ".svg")
        svg = svg_chart(title, x_label, y_label, x, series, bars)
        with open(path, "w", encoding="utf-8") as f:
            f.write(svg)
        if notebook.display_html is not None:
            notebook.display_html(svg)
    print("Chart: %s" % path)
    return path


def svg_chart(title, x_label, y_label, x, series, bars=False, width=720, height=320):
    """A self-contained SVG line (or grouped bar) chart of series against x, x taken as categories."""
    left, right, top, bottom = 60, 150, 30, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([v for values in series.values() for v in values if v is not None] + [0]) or 1
    n = max(1, len(x))
    step = plot_w / float(n)

    def y_of(v):
        return top + plot_h - plot_h * float(v) / top_value

    def esc(text):
        return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
             'font-size="11">' % (width, height),
             '<text x="%d" y="18" font-size="14">%s</text>' % (left, esc(title)),
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>' % (left, top + plot_h, left + plot_w,
                                                                      top + plot_h),
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>' % (left, top, left, top + plot_h),
             '<text x="%d" y="%d">%s</text>' % (left + plot_w / 2, height - 8, esc(x_label)),
             '<text x="12" y="%d" transform="rotate(-90 12 %d)">%s</text>' % (top + plot_h / 2, top + plot_h / 2,
                                                                              esc(y_label))]
    for k in range(5):
        value = top_value * k / 4.0
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 4, y_of(value) + 4,
                                                                            "%.4g" % value))
    for j, label in enumerate(x):
        if n <= 12 or j % (n // 12 + 1) == 0:
            parts.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                         % (left + step * (j + 0.5), top + plot_h + 14, esc(str(label)[:14])))
    for i, (name, values) in enumerate(series.items()):
        colour = SVG_COLOURS[i % len(SVG_COLOURS)]
        if bars:
            bar = step * 0.8 / len(series)
            for j, v in enumerate(values):
                parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>'
                             % (left + step * (j + 0.1) + i * bar, y_of(v or 0), bar,
                                top + plot_h - y_of(v or 0), colour))
        else:
            points = " ".join("%.1f,%.1f" % (left + step * (j + 0.5), y_of(v)) for j, v in enumerate(values)
                              if v is not None)
            parts.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>' % (points, colour))
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>' % (left + plot_w + 10, top + i * 16,
                                                                                colour))
        parts.append('<text x="%d" y="%d">%s</text>' % (left + plot_w + 24, top + 9 + i * 16, esc(name)))
    parts.append("</svg>\n")
    return "\n".join(parts)


if __name__ == "__main__":
    if sys.argv[1:] == ["widgets"]:
        print(json.dumps([w._asdict() for w in WIDGETS], indent=1))
    else:
        sys.exit("usage: python3 %s widgets   (prints the notebooks' widgets as JSON)" % sys.argv[0])
