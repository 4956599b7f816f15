"""Runs a Databricks source-format notebook here, every cell in order, as Databricks would: with stand-ins for dbutils
(widgets, secrets, notebook context), spark (createDataFrame, temp views) and display. Used by NotebooksTest.

    python3 run_notebook.py NOTEBOOK.py SETUP.json

SETUP.json: {"widgets": {name: value, ...} (as job parameters), "secrets": {scope: {key: value}},
"context": {"notebookPath": ..., "apiUrl": ..., "apiToken": ...} (null: not defined), "tables": {name: {"columns":
[[name, type]...], "rows": [{column: value}...]}} (tables that exist before the run), "report": path}.
The report (JSON) says which cells ran, which widgets were declared, the temp views and the displayed frames.
The stand-ins are as strict as the real objects where the notebooks could go wrong: a widget read before it is
declared, a dropdown default outside its choices, an unknown secret, a value of the wrong type for its column, a
magic command other than %md all raise. A failing cell stops the run with exit status 1, as "Run all" stops.
"""
import json
import os
import re
import sys
import traceback

CELL_SEPARATOR = "\n# COMMAND ----------\n"


class WidgetsStandIn:
    def __init__(self, values):
        self.values = dict(values)
        self.declared = {}

    def _declare(self, kind, name, default, label, choices=None):
        for what, value in (("name", name), ("defaultValue", default)):
            if not isinstance(value, str):
                raise TypeError("dbutils.widgets.%s: %s must be a string, not %r" % (kind, what, value))
        if label is not None and not isinstance(label, str):
            raise TypeError("dbutils.widgets.%s: label must be a string, not %r" % (kind, label))
        if choices is not None:
            if not all(isinstance(c, str) for c in choices):
                raise TypeError("dbutils.widgets.%s: choices must be strings: %r" % (kind, choices))
            if default not in choices:
                raise ValueError("dbutils.widgets.%s %s: default value %r is not one of the choices %r"
                                 % (kind, name, default, choices))
            if name in self.values and self.values[name] not in choices:
                raise ValueError("widget %s: value %r is not one of the choices %r"
                                 % (name, self.values[name], choices))
        self.declared[name] = {"name": name, "kind": kind, "default": default, "label": label,
                               "choices": list(choices) if choices is not None else None}

    def text(self, name, defaultValue, label=None):
        self._declare("text", name, defaultValue, label)

    def dropdown(self, name, defaultValue, choices, label=None):
        self._declare("dropdown", name, defaultValue, label, choices)

    def get(self, name):
        if name not in self.declared:
            raise ValueError("InputWidgetNotDefined: no input widget named %s is defined" % name)
        return self.values.get(name, self.declared[name]["default"])


class SecretMetadata:
    def __init__(self, key):
        self.key = key


class SecretsStandIn:
    def __init__(self, scopes):
        self.scopes = scopes
        self.read = []

    def _scope(self, scope):
        if scope not in self.scopes:
            raise ValueError("Secret scope %s does not exist" % scope)
        return self.scopes[scope]

    def list(self, scope):
        return [SecretMetadata(key) for key in sorted(self._scope(scope))]

    def get(self, scope, key):
        values = self._scope(scope)
        if key not in values:
            raise ValueError("Secret does not exist with scope: %s and key: %s" % (scope, key))
        self.read.append([scope, key])
        return values[key]


class ScalaOption:
    def __init__(self, value):
        self.value = value

    def isDefined(self):
        return self.value is not None

    def get(self):
        if self.value is None:
            raise ValueError("None.get")
        return self.value


class ContextStandIn:
    def __init__(self, context):
        self.context = context

    def notebookPath(self):
        return ScalaOption(self.context.get("notebookPath"))

    def apiUrl(self):
        return ScalaOption(self.context.get("apiUrl"))

    def apiToken(self):
        return ScalaOption(self.context.get("apiToken"))


class _Chain:
    """dbutils.notebook.entry_point.getDbutils().notebook().getContext(), the way notebooks reach the context."""

    def __init__(self, context):
        self._context = context

    def getDbutils(self):
        return self

    def notebook(self):
        return self

    def getContext(self):
        return self._context


class NotebookStandIn:
    def __init__(self, context):
        self.entry_point = _Chain(ContextStandIn(context))


class DbutilsStandIn:
    def __init__(self, setup):
        self.widgets = WidgetsStandIn(setup.get("widgets", {}))
        self.secrets = SecretsStandIn(setup.get("secrets", {}))
        self.notebook = NotebookStandIn(setup.get("context", {}))


# Spark: a DDL schema ("`a b` string, `c` bigint") and PySpark's type check of each value (verifySchema=True).
SPARK_TYPES = {"string": (str,), "bigint": (int,), "long": (int,), "int": (int,), "double": (float,),
               "boolean": (bool,)}
# The one statement the notebooks send through spark.sql: deleting a run's rows before its export, the run id a
# named parameter (args), never pasted into the text.
DELETE_RUN = re.compile(r"^DELETE FROM ([\w.`]+) WHERE run_id = :run_id$")
DDL_FIELD = re.compile(r"\s*`([^`]+)`\s+(\w+)\s*(?:,|$)")


class DataFrameStandIn:
    def __init__(self, columns, rows):
        self.columns = columns
        self.rows = rows
        self.view = None

    def createOrReplaceTempView(self, name):
        self.view = name
        SparkStandIn.views[name] = self

    @property
    def write(self):
        return WriterStandIn(self)


class WriterStandIn:
    """DataFrame.write as Delta tables take it: append to a table (created on first use); columns the table lacks are
    an error unless mergeSchema is true, when they are added (older rows get null)."""

    def __init__(self, frame):
        self.frame = frame
        self.how = "error"
        self.options = {}

    def mode(self, how):
        self.how = how
        return self

    def option(self, key, value):
        self.options[key] = value
        return self

    def saveAsTable(self, name):
        if self.how != "append":
            raise ValueError("this stand-in only appends (mode %r)" % self.how)
        table = SparkStandIn.tables.setdefault(name, {"columns": [], "rows": []})
        new = [c for c in self.frame.columns if c[0] not in [n for n, _ in table["columns"]]]
        if new and table["columns"] and str(self.options.get("mergeSchema")).lower() != "true":
            raise ValueError("AnalysisException: A schema mismatch detected when writing to the Delta table %s: "
                             "new columns %s (set mergeSchema)" % (name, new))
        for column in new:
            table["columns"].append(list(column))
            for row in table["rows"]:
                row[column[0]] = None
        for values in self.frame.rows:
            row = {n: None for n, _ in table["columns"]}
            row.update(zip([n for n, _ in self.frame.columns], values))
            table["rows"].append(row)


class CatalogStandIn:
    def tableExists(self, name):
        return name in SparkStandIn.tables


class SparkStandIn:
    views = {}
    tables = {}
    catalog = CatalogStandIn()

    def sql(self, text, args=None):
        match = DELETE_RUN.match(text.strip())
        if not match or not isinstance(args, dict) or set(args) != {"run_id"}:
            raise ValueError("this stand-in runs only DELETE FROM <table> WHERE run_id = :run_id with args "
                             "{'run_id': ...}; got %r %r" % (text, args))
        if match.group(1) not in SparkStandIn.tables:
            raise ValueError("[TABLE_OR_VIEW_NOT_FOUND] %s" % match.group(1))
        table = SparkStandIn.tables[match.group(1)]
        table["rows"] = [r for r in table["rows"] if r.get("run_id") != args["run_id"]]

    def createDataFrame(self, data, schema=None):
        if not isinstance(schema, str):
            raise TypeError("this stand-in takes a DDL schema string; got %r" % (schema,))
        fields = [(m.group(1), m.group(2).lower()) for m in DDL_FIELD.finditer(schema)]
        if not fields or "".join(m.group(0) for m in DDL_FIELD.finditer(schema)).strip() != schema.strip():
            raise ValueError("cannot parse the DDL schema %r" % schema)
        rows = []
        for row in data:
            if len(row) != len(fields):
                raise ValueError("Length of object (%d) does not match with length of fields (%d)"
                                 % (len(row), len(fields)))
            for (name, type_), value in zip(fields, row):
                allowed = SPARK_TYPES.get(type_)
                if allowed is None:
                    raise ValueError("unknown type %s in the schema" % type_)
                wrong_bool = isinstance(value, bool) != (type_ == "boolean")
                if value is not None and (wrong_bool or not isinstance(value, allowed)):
                    raise TypeError("field %s: %s can not accept object %r in type %s"
                                    % (name, type_, value, type(value)))
            rows.append(list(row))
        return DataFrameStandIn(fields, rows)


DISPLAYED = []


def display(frame):
    if not isinstance(frame, DataFrameStandIn):
        raise TypeError("display() got %r; the notebooks display Spark DataFrames" % (frame,))
    DISPLAYED.append({"view": frame.view, "columns": [name for name, _ in frame.columns], "rows": frame.rows})


def cells(text):
    if not text.startswith("# Databricks notebook source\n"):
        raise ValueError("not a Databricks source-format notebook (no '# Databricks notebook source' line)")
    return text[len("# Databricks notebook source\n"):].split(CELL_SEPARATOR)


def main(notebook, setup_file):
    with open(setup_file, encoding="utf-8") as f:
        setup = json.load(f)
    with open(notebook, encoding="utf-8") as f:
        text = f.read()
    dbutils = DbutilsStandIn(setup)
    SparkStandIn.tables.update(setup.get("tables", {}))
    namespace = {"__name__": "__main__", "dbutils": dbutils, "spark": SparkStandIn(), "display": display}
    os.chdir(os.path.dirname(os.path.abspath(notebook)))  # Databricks runs a notebook in its folder
    report = {"code_cells": 0, "markdown_cells": 0}
    for number, cell in enumerate(cells(text), start=1):
        lines = [line for line in cell.strip("\n").split("\n") if line.strip()]
        if lines and all(line.startswith("# MAGIC") for line in lines):
            if not lines[0].startswith("# MAGIC %md"):
                raise ValueError("cell %d: %s is not supported here" % (number, lines[0]))
            report["markdown_cells"] += 1
            continue
        print("--- cell %d" % number, flush=True)
        try:
            exec(compile(cell, "%s, cell %d" % (os.path.basename(notebook), number), "exec"), namespace)
        except BaseException:
            traceback.print_exc()
            print("NOTEBOOK FAILED in cell %d" % number, flush=True)
            sys.exit(1)
        report["code_cells"] += 1
        sys.stdout.flush()
    report["widgets"] = list(dbutils.widgets.declared.values())
    report["secrets_read"] = dbutils.secrets.read
    report["views"] = {name: {"columns": [list(c) for c in frame.columns], "rows": frame.rows}
                       for name, frame in SparkStandIn.views.items()}
    report["displayed"] = DISPLAYED
    report["tables"] = SparkStandIn.tables
    with open(setup["report"], "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    print("NOTEBOOK COMPLETED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
