"""TEST DOUBLE (see airflow/__init__.py) of apache-airflow-providers-apache-spark's
SparkSubmitOperator: its constructor arguments and template fields, nothing it does."""

from airflow._double import BaseOperator


class SparkSubmitOperator(BaseOperator):
    template_fields = (
        "application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
        "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
        "env_vars", "properties_file",
    )
    operator_args = {
        "application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path",
        "jars", "java_class", "packages", "exclude_packages", "repositories",
        "total_executor_cores", "executor_cores", "executor_memory", "driver_memory", "keytab",
        "principal", "proxy_user", "name", "num_executors", "status_poll_interval",
        "application_args", "env_vars", "verbose", "spark_binary", "properties_file",
        "yarn_queue", "deploy_mode", "use_krb5ccache",
    }
