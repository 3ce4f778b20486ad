"""TEST DOUBLE (see airflow/__init__.py) of airflow.sensors.filesystem.FileSensor."""

from airflow._double import BaseOperator


class FileSensor(BaseOperator):
    template_fields = ("filepath",)
    operator_args = {"filepath", "fs_conn_id", "recursive", "deferrable", "start_from_trigger",
                     "poke_interval", "timeout", "soft_fail", "mode", "exponential_backoff",
                     "max_wait", "silent_fail", "never_fail"}
