"""TEST DOUBLE (see airflow/__init__.py)."""

from airflow._double import BaseOperator  # noqa: F401
