"""Helpers of the DAG tests: the DAG files imported against the Airflow test double, this
folder's README tables, and Airflow-like rendering of templates with Jinja2."""

import datetime
import importlib.util
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULE = HERE.parent
ROOT = MODULE.parent
DAGS = MODULE / "dags"
README = MODULE / "README.md"
JOB_JAR = ROOT / "batch-jobs" / "target" / "batch-jobs-0.1.0-SNAPSHOT-job.jar"
MAIN_CLASS = "io.segmentflow.batch.cli.BatchCli"

# The test double, never the real Airflow, even if one were installed.
sys.path.insert(0, str(HERE / "airflow_double"))
sys.path.insert(0, str(DAGS))
import airflow  # noqa: E402

assert "TEST DOUBLE" in (airflow.__doc__ or ""), f"imported a real Airflow from {airflow.__file__}"


def load_dags():
    """Every DAG the files of dags/ declare, by id (each file imported as Airflow would)."""
    dags = {}
    for file in sorted(DAGS.glob("*.py")):
        spec = importlib.util.spec_from_file_location("dagfile_" + file.stem, file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for value in vars(module).values():
            if isinstance(value, airflow.DAG):
                if value.dag_id in dags and dags[value.dag_id] is not value:
                    raise AssertionError(f"DAG {value.dag_id} declared twice")
                dags[value.dag_id] = value
    return dags


def readme_tables():
    """The README's tables, each a list of rows (dicts by header), keyed by their first header."""
    tables = {}
    lines = README.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            header = cells(lines[i])
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(dict(zip(header, cells(lines[i]))))
                i += 1
            tables[header[0] + "/" + header[1]] = rows
        else:
            i += 1
    return tables


def cells(line):
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.strip().replace("\\|", "|") for p in parts]


def code(cell):
    """The text of a cell's first `code span`, or the cell."""
    match = re.search(r"`([^`]*)`", cell)
    return match.group(1) if match else cell


VARIABLE = re.compile(r"\{\{ var\.value\.(\w+) \}\}")
VARIABLE_WITH_DEFAULT = re.compile(r"\{\{ var\.value\.get\('(\w+)', '([^']*)'\) \}\}")


def variables_used(template):
    """(name, default or None) of every Variable a template reads."""
    return [(m.group(1), None) for m in VARIABLE.finditer(template)] + [
        (m.group(1), m.group(2)) for m in VARIABLE_WITH_DEFAULT.finditer(template)
    ]


def as_documented(template, short_names):
    """A template with each Variable written as the README writes it (LAKEHOUSE, ...)."""
    template = VARIABLE.sub(lambda m: short_names[m.group(1)], template)
    return VARIABLE_WITH_DEFAULT.sub(lambda m: short_names[m.group(1)], template)


class _Values:
    def __init__(self, values):
        self._values = values

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._values:
            raise KeyError(f"Variable {name} does not exist")
        return self._values[name]

    def get(self, name, default=None):
        return self._values.get(name, default)


class _Var:
    def __init__(self, values):
        self.value = _Values(values)


class _Params(dict):
    def __getattr__(self, name):
        return self[name]


def _ds_add(ds, days):
    # airflow.macros.ds_add
    if not ds:
        return ds
    return (datetime.datetime.strptime(ds, "%Y-%m-%d") + datetime.timedelta(days=days)).strftime(
        "%Y-%m-%d"
    )


class _Macros:
    ds_add = staticmethod(_ds_add)


def render(task, field_value, logical_date, variables, params=None):
    """Renders a template field as Airflow would for a scheduled run of logical_date (a date):
    strings rendered, lists element by element; context and filters as Airflow documents them."""
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    # airflow.templates.FILTERS
    env.filters.update(
        ds=lambda v: v.strftime("%Y-%m-%d"),
        ds_nodash=lambda v: v.strftime("%Y%m%d"),
        ts=lambda v: v.isoformat(),
        ts_nodash=lambda v: v.strftime("%Y%m%dT%H%M%S"),
    )
    start = datetime.datetime.combine(logical_date, datetime.time(), datetime.timezone.utc)
    end = start + datetime.timedelta(days=1)  # @daily, and every DAG here runs daily or less
    context = {
        "ds": start.strftime("%Y-%m-%d"),
        "ds_nodash": start.strftime("%Y%m%d"),
        "ts": start.isoformat(),
        "logical_date": start,
        "data_interval_start": start,
        "data_interval_end": end,
        "var": _Var(variables),
        "params": _Params({**task.dag.params, **(params or {})}),
        "macros": _Macros,
    }

    def one(value):
        if isinstance(value, str):
            return env.from_string(value).render(**context)
        if isinstance(value, (list, tuple)):
            return [one(v) for v in value]
        if isinstance(value, dict):
            return {k: one(v) for k, v in value.items()}
        return value

    return one(field_value)


def topological(dag):
    """The DAG's tasks, each after its upstream tasks (ties by task id)."""
    done, order = set(), []
    remaining = dict(dag.tasks)
    while remaining:
        ready = sorted(t for t, task in remaining.items() if task.upstream_task_ids <= done)
        if not ready:
            raise AssertionError(f"cycle among {sorted(remaining)}")
        for task_id in ready:
            order.append(remaining.pop(task_id))
            done.add(task_id)
    return order
