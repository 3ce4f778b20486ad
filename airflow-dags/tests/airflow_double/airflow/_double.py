"""TEST DOUBLE (see airflow/__init__.py): DAG and BaseOperator, recording what DAG files declare."""

_current_dag = []

# The arguments of the real DAG (Airflow 2.10) and BaseOperator that the double accepts.
DAG_ARGS = {
    "dag_id", "description", "schedule", "start_date", "end_date", "catchup", "max_active_runs",
    "max_active_tasks", "default_args", "params", "tags", "doc_md", "template_searchpath",
    "template_undefined", "user_defined_macros", "user_defined_filters", "dagrun_timeout",
    "is_paused_upon_creation", "render_template_as_native_obj",
}
BASE_OPERATOR_ARGS = {
    "task_id", "owner", "email", "email_on_failure", "email_on_retry", "retries", "retry_delay",
    "retry_exponential_backoff", "max_retry_delay", "start_date", "end_date", "depends_on_past",
    "wait_for_downstream", "wait_for_past_depends_before_skipping", "dag", "params",
    "default_args", "priority_weight", "weight_rule", "queue", "pool", "pool_slots",
    "sla", "execution_timeout", "on_failure_callback", "on_success_callback",
    "on_retry_callback", "trigger_rule", "max_active_tis_per_dag", "doc_md", "executor_config",
}
# Airflow's BaseOperator defaults for the arguments the tests compare.
BASE_OPERATOR_DEFAULTS = {
    "retries": 0,
    "depends_on_past": False,
    "wait_for_downstream": False,
    "pool": "default_pool",
    "trigger_rule": "all_success",
}


def _refuse_unknown(kind, given, known):
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise TypeError(f"{kind} got unexpected keyword arguments {unknown}")


class DAG:
    def __init__(self, dag_id=None, **kwargs):
        _refuse_unknown("DAG", kwargs, DAG_ARGS)
        self.dag_id = dag_id
        self.args = kwargs
        self.default_args = dict(kwargs.get("default_args") or {})
        self.params = dict(kwargs.get("params") or {})
        self.tasks = {}

    def __getattr__(self, name):
        if name in DAG_ARGS:
            return self.args.get(name)
        raise AttributeError(name)

    def __enter__(self):
        _current_dag.append(self)
        return self

    def __exit__(self, *exc):
        _current_dag.pop()
        return False


class BaseOperator:
    template_fields = ()
    operator_args = set()

    def __init__(self, **kwargs):
        _refuse_unknown(type(self).__name__, kwargs, BASE_OPERATOR_ARGS | self.operator_args)
        dag = kwargs.pop("dag", None) or (_current_dag[-1] if _current_dag else None)
        if dag is None:
            raise ValueError(f"task {kwargs.get('task_id')} is outside a DAG")
        self.dag = dag
        self.task_id = kwargs["task_id"]
        if self.task_id in dag.tasks:
            raise ValueError(f"duplicate task id {self.task_id} in {dag.dag_id}")
        merged = {**BASE_OPERATOR_DEFAULTS, **dag.default_args, **kwargs}
        self.kwargs = merged
        for name, value in merged.items():
            setattr(self, name, value)
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        dag.tasks[self.task_id] = self

    def _link(self, other):
        for task in other if isinstance(other, (list, tuple)) else [other]:
            self.downstream_task_ids.add(task.task_id)
            task.upstream_task_ids.add(self.task_id)
        return other

    def __rshift__(self, other):
        return self._link(other)

    def __lshift__(self, other):
        for task in other if isinstance(other, (list, tuple)) else [other]:
            task._link(self)
        return other

    def __rrshift__(self, other):
        for task in other:
            task._link(self)
        return self

    def __rlshift__(self, other):
        return self._link(other)
